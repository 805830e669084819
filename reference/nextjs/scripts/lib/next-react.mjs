// Loads modules from the reference app's `next` package the way `next start` runs them:
// production builds, and `react`, `react-dom` and `scheduler` resolved to the copies Next
// ships in `next/dist/compiled/` (Next's bundler aliases them the same way), not to the
// app's own top-level packages. Import it before anything that requires React.
//
// Used by the other scripts in this folder; not meant to be run on its own.
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

process.env.NODE_ENV = 'production';

/** The reference app folder (`reference/nextjs`), whose `node_modules` must be installed. */
export const appDir = fileURLToPath(new URL('../../', import.meta.url));

const ALIASED = ['react', 'react-dom', 'scheduler'];
/** The conditions Node is resolving with (`--conditions react-server` adds one). */
const CONDITIONS = new Set(['node', 'require', 'default']);
for (const [i, arg] of process.execArgv.entries()) {
  const value = arg.startsWith('--conditions=') || arg.startsWith('-C=') ? arg.split('=')[1] : null;
  if (value) CONDITIONS.add(value);
  else if (arg === '--conditions' || arg === '-C') CONDITIONS.add(process.execArgv[i + 1]);
}
const requireFromApp = createRequire(appDir);

const COMPILED = 'next/dist/compiled/';
const exportsCache = new Map();
function exportsOf(folder) {
  if (!exportsCache.has(folder)) {
    const manifest = readFileSync(join(appDir, 'node_modules', folder, 'package.json'), 'utf8');
    exportsCache.set(folder, JSON.parse(manifest).exports ?? {});
  }
  return exportsCache.get(folder);
}

/**
 * `react/jsx-runtime` -> `next/dist/compiled/react/jsx-runtime.js`, or its `.react-server.js`
 * twin under that condition, following the compiled package's `exports` map like Node would.
 * Next's compiled packages require each other as `next/dist/compiled/react`, a plain path
 * that Node resolves without conditions; Next's bundler applies them, so we do too.
 */
function compiledPath(request) {
  const bare = request.startsWith(COMPILED) ? request.slice(COMPILED.length) : request;
  const name = ALIASED.find((n) => bare === n || bare.startsWith(`${n}/`));
  if (!name) return request;
  const folder = `${COMPILED}${name}`;
  const rest = bare.slice(name.length);
  let target = exportsOf(folder)[`.${rest}`];
  while (target && typeof target === 'object') {
    const key = Object.keys(target).find((condition) => CONDITIONS.has(condition));
    target = key ? target[key] : undefined;
  }
  return target ? `${folder}/${target.slice(2)}` : `${folder}${rest}`;
}

/** Extra aliases a script adds, like a bundler's `resolve.alias`. */
const aliases = new Map();

/** From now on, `require(request)` anywhere loads `target` (a path like `next/dist/...`). */
export function aliasModule(request, target) {
  aliases.set(request, target);
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, aliases.get(request) ?? compiledPath(request), ...rest);
};

/**
 * Requires `next/<path>` (e.g. `dist/compiled/react-server-dom-webpack/client.node.js`)
 * with a message that says what to do when the app's dependencies are missing.
 */
export function requireNext(path) {
  try {
    return requireFromApp(`next/${path}`);
  } catch (error) {
    if (error.code === 'MODULE_NOT_FOUND' && error.message.includes(`'next/${path}'`)) {
      throw new Error(`cannot load next/${path}: run \`npm ci\` in ${appDir} first`);
    }
    throw error;
  }
}
