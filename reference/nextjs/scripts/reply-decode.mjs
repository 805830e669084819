// The server half of reply-fixtures.mjs: decodes Server Action request bodies with React's
// own `decodeReply` (the copy next@16.4.6 ships) and describes in JSON what the action
// would receive. React's server build only loads under the `react-server` condition, so
// this runs as its own process; reply-fixtures.mjs starts it for you.
//
//   node --conditions react-server scripts/reply-decode.mjs < request.json
//
// stdin:  {"actions": {"<action id>": "<export name>"}, "bodies": [{"text": "..."} |
//          {"fields": [[name, {"text": "..."} | {"file": {"name", "type", "base64"}}], ...]}]}
// stdout: one description per body, as a JSON array (the format is in the README).
import { requireNext } from './lib/next-react.mjs';

const SERVER_REFERENCE = Symbol.for('react.server.reference');

/**
 * A server manifest with one stub module per action, as Next builds it from the app's
 * `'use server'` files. React looks an id up here and then requires the module through
 * `__next_require__`, which we point at the stubs: decoding never runs an action.
 */
function stubManifest(actions, registerServerReference) {
  const manifest = {};
  const modules = new Map();
  for (const [id, name] of Object.entries(actions)) {
    const action = registerServerReference(async function () {}, id, null);
    modules.set(`stub:${id}`, { [name]: action });
    manifest[id] = { id: `stub:${id}`, chunks: [], name };
  }
  globalThis.__next_require__ = (moduleId) => modules.get(moduleId);
  return manifest;
}

/** The body as `fetch` gave it to Next: a string, or FormData rebuilt from the fields. */
function bodyOf(recorded) {
  if ('text' in recorded) return recorded.text;
  const form = new FormData();
  for (const [name, part] of recorded.fields) {
    if ('text' in part) form.append(name, part.text);
    else {
      const { name: fileName, type, base64 } = part.file;
      form.append(name, new File([Buffer.from(base64, 'base64')], fileName, { type }));
    }
  }
  return form;
}

const child = (path, key) => (path === '' ? String(key) : `${path}.${key}`);
const base64 = (bytes) => Buffer.from(bytes).toString('base64');

function describeNumber(n) {
  if (Number.isNaN(n)) return { number: 'NaN' };
  if (n === Infinity) return { number: 'Infinity' };
  if (n === -Infinity) return { number: '-Infinity' };
  if (Object.is(n, -0)) return { number: '-0' };
  return n;
}

/**
 * Describes a decoded value. `seen` maps every object met so far to the path of its first
 * occurrence, so a shared or cyclic object is described once and then as `{"same": path}`.
 */
async function describe(value, path, seen) {
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return describeNumber(value);
    case 'undefined':
      return { undefined: true };
    case 'bigint':
      return { bigint: value.toString() };
    case 'symbol':
      throw new Error(`cannot describe a symbol at ${path || 'the root'}`);
  }
  if (value === null) return null;
  if (seen.has(value)) return { same: seen.get(value) };
  seen.set(value, path);
  // Sequential on purpose: "first occurrence" means first in a depth-first, in-order walk.
  const list = async (items, key = (i) => child(path, i)) => {
    const out = [];
    for (const [i, item] of items.entries()) out.push(await describe(item, key(i), seen));
    return out;
  };
  const pairs = async (entries) => {
    const out = [];
    for (const [i, [k, v]] of entries.entries()) {
      const at = child(path, i);
      out.push([await describe(k, child(at, 0), seen), await describe(v, child(at, 1), seen)]);
    }
    return out;
  };

  if (typeof value === 'function') {
    if (value.$$typeof !== SERVER_REFERENCE) throw new Error(`a plain function at ${path}`);
    const bound = value.$$bound ? await list(value.$$bound, (i) => child(child(path, 'bound'), i)) : null;
    return { serverReference: { id: value.$$id, bound } };
  }
  if (typeof value.then === 'function') return { promise: await describe(await value, child(path, 'promise'), seen) };
  if (Array.isArray(value)) return { array: await list(value) };
  if (value instanceof Date) return { date: Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString() };
  if (value instanceof Map) return { map: await pairs([...value]) };
  if (value instanceof Set) return { set: await list([...value]) };
  if (value instanceof FormData) return { formData: await pairs([...value]) };
  if (value instanceof Blob) {
    const blob = { type: value.type, size: value.size, base64: base64(await value.arrayBuffer()) };
    return { blob: value instanceof File ? { ...blob, name: value.name } : blob };
  }
  if (value instanceof ArrayBuffer) return { typedArray: { type: 'ArrayBuffer', base64: base64(value) } };
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { typedArray: { type: value.constructor.name, base64: base64(bytes) } };
  }
  if (typeof value[Symbol.iterator] === 'function' && value[Symbol.iterator]() === value) {
    return { iterator: await list([...value]) };
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const object = {};
    for (const [k, v] of Object.entries(value)) object[k] = await describe(v, child(path, k), seen);
    return { object };
  }
  throw new Error(`cannot describe a ${value.constructor?.name ?? 'null-prototype'} object at ${path}`);
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const { actions, bodies } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const server = requireNext('dist/compiled/react-server-dom-webpack/server.node.js');
  const manifest = stubManifest(actions, server.registerServerReference);
  const described = [];
  for (const recorded of bodies) {
    const options = { temporaryReferences: server.createTemporaryReferenceSet() };
    const decoded = await server.decodeReply(bodyOf(recorded), manifest, options);
    described.push(await describe(decoded, '', new Map()));
  }
  process.stdout.write(JSON.stringify(described));
}

main().catch((error) => {
  console.error(`reply-decode: ${error.message}`);
  process.exit(1);
});
