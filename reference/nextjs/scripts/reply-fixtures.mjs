// Records what React's `encodeReply` sends for a Server Action call, and what React's
// `decodeReply` makes of it, using the copies next@16.4.6 ships. The Rust reply decoder
// (crates/flight) is tested against the result: crates/flight/tests/fixtures/replies.json.
//
//   cd reference/nextjs && npm ci && node scripts/reply-fixtures.mjs [output.json]
//
// Each case is the JavaScript source of an argument array. It is encoded here with the
// Flight client, as Next's client does before `fetch`, then decoded by reply-decode.mjs in
// a second Node process (React's server build needs the `react-server` condition). Multipart
// bodies are recorded as their fields, not raw bytes, so the random boundary never reaches
// the file and running the script twice writes the same bytes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appDir, requireNext } from './lib/next-react.mjs';

/** React's Flight client, loaded in main() so that a missing `npm ci` is a one-line error. */
let client;

const OUTPUT = join(appDir, '../../crates/flight/tests/fixtures/replies.json');
const DECODER = fileURLToPath(new URL('./reply-decode.mjs', import.meta.url));

/** The guestbook's `addEntry` (app/guestbook/actions.ts), its id as the recorded build has it. */
const ADD_ENTRY = '40fb502ec5f7ed86816baf09034ab7f9934f8498ea';
/** The server manifest the decoder is given: action id to export name. */
const ACTIONS = { [ADD_ENTRY]: 'addEntry' };

const SERVER_REFERENCE_NOTE =
  'decodeReply resolved the reference through a stub server manifest that maps the id to a ' +
  'no-op function; id and bound are what React put on the function it returned ($$id, $$bound)';

/** `[name, JavaScript source of the argument array, optional note]`, in the order written. */
const CASES = [
  ['guestbook greet', `['world']`, "the client call in app/guestbook/greet-button.tsx: greet('world')"],
  [
    'guestbook form',
    `(() => {
  const form = new FormData();
  form.append('$ACTION_ID_${ADD_ENTRY}', '');
  form.append('name', 'Erin');
  return [form];
})()`,
    'what <form action={addEntry}> hands the action when JavaScript submits it',
  ],
  ['guestbook form without the action id', `(() => { const form = new FormData(); form.append('name', 'Erin'); return [form]; })()`],
  ['strings', `['', 'plain', 'ünïcödé ✓', 'line\\nbreak', 'quote " and \\\\ backslash']`],
  ['strings starting with $', `['$', '$dollar', '$$two', '$K1', '$undefined', '@at']`, 'a leading $ is doubled'],
  ['several arguments', `['world', 2, { ok: true }]`],
  ['numbers', `[0, 1, -1, 1.5, 2 ** 53, 1e-7, Number.MAX_VALUE]`],
  ['minus zero', `[-0]`],
  ['non-finite numbers', `[NaN, Infinity, -Infinity]`],
  ['undefined and null', `[undefined, null, { missing: undefined }]`],
  ['booleans', `[true, false]`],
  ['bigints', `[123n, -9007199254740993n]`],
  ['valid date', `[new Date('2026-11-30T04:00:00.000Z')]`],
  ['date-like strings stay strings', `['2026-11-30T04:00:00.000Z', { when: new Date(0) }]`],
  ['invalid date', `[new Date(NaN)]`, 'Date#toJSON gives null for an invalid date, so null is what travels'],
  ['nested objects and arrays', `[{ user: { name: 'Ada', tags: ['a', 'b'] }, list: [[1, [2]], {}], empty: [] }]`],
  ['shared object', `(() => { const shared = { n: 1 }; return [shared, { again: shared }, [shared]]; })()`],
  ['cyclic object', `(() => { const node = { name: 'loop' }; node.self = node; return [node]; })()`],
  ['cyclic array', `(() => { const list = ['a']; list.push(list); return [list]; })()`],
  [
    'object shared through a map',
    `(() => { const shared = { n: 1 }; return [new Map([['k', shared]]), shared]; })()`,
    'the path of a map value is <map path>.<entry index>.1',
  ],
  ['map', `[new Map([['a', 1], [{ key: true }, [2]]])]`],
  ['set', `[new Set(['x', 1, null])]`],
  [
    'form data with text fields',
    `(() => {
  const form = new FormData();
  form.append('name', 'Erin');
  form.append('tag', 'a');
  form.append('tag', 'b');
  return [form];
})()`,
  ],
  [
    'form data with a file',
    `(() => {
  const form = new FormData();
  form.append('title', 'notes');
  form.append('upload', new File(['hello'], 'hello.txt', { type: 'text/plain' }));
  return [form];
})()`,
  ],
  ['blob', `[new Blob(['hello'], { type: 'text/plain' })]`, 'a Blob travels as a multipart file named "blob"'],
  ['file', `[new File(['{}'], 'data.json', { type: 'application/json' })]`],
  ['empty blob', `[new Blob([])]`],
  ['uint8array', `[new Uint8Array([0, 1, 254, 255])]`],
  ['uint8array view into a larger buffer', `[new Uint8Array([1, 2, 3, 4]).subarray(1, 3)]`],
  [
    'other typed arrays',
    `[new Int8Array([-1, 2]), new Uint8ClampedArray([0, 255]), new Int16Array([-2, 3]), new Uint16Array([65535]),
 new Int32Array([-4]), new Uint32Array([4294967295]), new Float32Array([1.5]), new Float64Array([-0.25]),
 new BigInt64Array([-5n]), new BigUint64Array([6n])]`,
    'typed array bytes are in the sender\'s byte order (little-endian here)',
  ],
  ['arraybuffer and dataview', `[new Uint8Array([7, 8]).buffer, new DataView(new Uint8Array([9, 10, 11]).buffer, 1)]`],
  ['resolved promise', `[Promise.resolve('done'), Promise.resolve({ ok: 1 })]`],
  ['server reference', `[createServerReference('${ADD_ENTRY}')]`, SERVER_REFERENCE_NOTE],
  ['bound server reference', `[createServerReference('${ADD_ENTRY}').bind(null, 'post-7')]`, SERVER_REFERENCE_NOTE],
  ['array iterator', `[['a', 'b'].values()]`, 'an iterator that is its own iterable travels as $i'],
  ['generator', `[(function* () { yield 1; yield 'two'; })()]`],
];

/** Evaluates a case's source with `createServerReference` in scope, as a client component has it. */
function argumentsOf(source) {
  return new Function('createServerReference', `return (${source});`)(client.createServerReference);
}

/** What `fetch` would send: a string body, or the multipart fields in order. */
async function recordBody(encoded) {
  if (typeof encoded === 'string') return { content_type: 'text/plain;charset=UTF-8', body: { text: encoded } };
  const fields = [];
  for (const [name, value] of encoded.entries()) {
    if (typeof value === 'string') fields.push([name, { text: value }]);
    else {
      const base64 = Buffer.from(await value.arrayBuffer()).toString('base64');
      fields.push([name, { file: { name: value.name, type: value.type, base64 } }]);
    }
  }
  return { content_type: 'multipart/form-data', body: { fields } };
}

/** Runs reply-decode.mjs on every body at once and returns its descriptions. */
function decodeAll(bodies) {
  const run = spawnSync(process.execPath, ['--conditions', 'react-server', DECODER], {
    input: JSON.stringify({ actions: ACTIONS, bodies }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`the decoder failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

async function main() {
  const output = process.argv[2] ?? OUTPUT;
  client = requireNext('dist/compiled/react-server-dom-webpack/client.node.js');
  const cases = [];
  for (const [name, args, note] of CASES) {
    // As Next's client calls it (server-action-reducer), temporary references included.
    const encoded = await client.encodeReply(argumentsOf(args), {
      temporaryReferences: client.createTemporaryReferenceSet(),
    });
    cases.push({ name, args, ...(await recordBody(encoded)), ...(note ? { note } : {}) });
  }
  const decoded = decodeAll(cases.map((c) => c.body));
  cases.forEach((c, i) => (c.decoded = decoded[i]));
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(cases, null, 2)}\n`);
  console.log(`wrote ${cases.length} cases to ${relative(process.cwd(), output)}`);
}

main().catch((error) => {
  console.error(`reply-fixtures: ${error.message}`);
  process.exit(1);
});
