// Does Next's own client router accept our pages? For each transcript given, if its response
// is an App Router HTML page, decodes the page's inline flight data with React's Flight client
// and starts Next's router on it (`createInitialRouterState`, as `app-index.js` does when the
// page hydrates). See lib/hydrate-page.mjs for the details; each page is checked in a fresh
// Node process, like a fresh browser tab.
//
//   cd reference/nextjs && npm ci
//   node scripts/router-accepts.mjs <transcript.json>...
//
// Prints one line per transcript: `ok <path>`, `REJECTED <path>: <error>`, or `skip <path>:
// <why>` for responses that are not App Router pages (no HTML, no body, no inline flight
// data). Exits 1 if any page is rejected, 2 on bad usage or without `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const CHECKER = fileURLToPath(new URL('./lib/hydrate-page.mjs', import.meta.url));
/** Generous: loading Next's router takes a fraction of a second; a hung check is a failure. */
const TIMEOUT_MS = 30_000;

function checkOne(path) {
  const run = spawnSync(process.execPath, [CHECKER, path], { encoding: 'utf8', timeout: TIMEOUT_MS });
  if (run.error) return { status: 'rejected', reason: `the check could not run: ${run.error.message}` };
  const last = run.stdout.trim().split('\n').at(-1);
  try {
    return JSON.parse(last);
  } catch {
    const why = run.stderr.trim().split('\n').slice(0, 5).join(' | ') || `exit ${run.status}`;
    return { status: 'rejected', reason: `the check crashed: ${why}` };
  }
}

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: node scripts/router-accepts.mjs <transcript.json>...');
  process.exit(2);
}
if (!existsSync(join(appDir, 'node_modules/next'))) {
  console.error(`Next.js is not installed: run \`npm ci\` in ${appDir} first`);
  process.exit(2);
}
let rejected = 0;
for (const path of paths) {
  const { status, reason } = checkOne(path);
  if (status === 'ok') console.log(`ok ${path}`);
  else if (status === 'skip') console.log(`skip ${path}: ${reason}`);
  else {
    rejected += 1;
    console.log(`REJECTED ${path}: ${reason}`);
  }
}
if (rejected > 0) {
  console.error(`${rejected} of ${paths.length} transcripts rejected by Next's router`);
  process.exit(1);
}
