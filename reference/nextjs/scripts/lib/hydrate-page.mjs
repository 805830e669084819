// Checks one HTML transcript the way a browser starts the App Router on it: runs the page's
// inline `self.__next_f` scripts, feeds the flight data they carry to React's Flight client
// (the copy next@16.4.6 ships, as its Turbopack build loads it), and gives the decoded
// payload to Next's own `createInitialRouterState`, with the arguments Next's
// `client/app-index.js` gives it on hydration. Client components are never loaded: the
// module and chunk loaders are stubs.
//
//   node scripts/lib/hydrate-page.mjs <transcript.json>
//
// Prints one JSON line, {"status": "ok" | "rejected" | "skip", "reason"?}, and exits 0.
// router-accepts.mjs runs it once per transcript, so no router state leaks between pages.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { aliasModule, requireNext } from './next-react.mjs';

// Next's client code imports the Flight client as `react-server-dom-webpack/client`; its
// Turbopack build (the default for `next build`, and how the reference app is built)
// swaps in the Turbopack flavour for the browser.
aliasModule(
  'react-server-dom-webpack/client',
  'next/dist/compiled/react-server-dom-turbopack/client.browser.js',
);

/** How long the payload's row 0 may take to decode before we call the page broken. */
const DECODE_TIMEOUT_MS = 5000;

class Skip extends Error {}

/** The response body as the browser would see it: decoded text, or `Skip` when there is none. */
function htmlOf(exchange) {
  const response = exchange?.response;
  if (!response) throw new Error('not a transcript: no "response" (expected an exchange JSON file)');
  const header = (name) => response.headers.find(([n]) => n.toLowerCase() === name)?.[1] ?? '';
  if (!header('content-type').includes('text/html')) throw new Skip('not an HTML response');
  const { body } = response;
  if (body?.truncated) throw new Error('the recorded body is truncated: re-record it whole');
  if (body?.text === undefined && body?.base64 === undefined) throw new Skip('no body recorded');
  let bytes = body.text !== undefined ? Buffer.from(body.text, 'utf8') : Buffer.from(body.base64, 'base64');
  const encoding = header('content-encoding').trim().toLowerCase();
  if (encoding === 'gzip') bytes = zlib.gunzipSync(bytes);
  else if (encoding === 'br') bytes = zlib.brotliDecompressSync(bytes);
  else if (encoding === 'deflate') bytes = zlib.inflateSync(bytes);
  else if (encoding !== '' && encoding !== 'identity') throw new Error(`unknown content-encoding ${encoding}`);
  return bytes.toString('utf8');
}

/** Runs the page's inline scripts that touch `self.__next_f`, in order, and returns that array. */
function nextServerData(html) {
  const self = {};
  const context = vm.createContext({ self });
  let found = false;
  for (const [, source] of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (!source.includes('__next_f')) continue;
    found = true;
    vm.runInContext(source, context, { timeout: 1000 });
  }
  if (!found) throw new Skip('no inline flight data (not an App Router page)');
  return Array.from(self.__next_f ?? []);
}

/**
 * The flight bytes, following app-index.js's `nextServerDataCallback`: `[0]` starts the
 * buffer, `[1, text]` and `[3, base64]` add to it, `[2, formState]` is put aside.
 */
function flightChunks(segments) {
  const encoder = new TextEncoder();
  let buffer;
  for (const segment of segments) {
    if (segment[0] === 0) buffer = [];
    else if (segment[0] === 1 || segment[0] === 3) {
      if (!buffer) throw new Error('Unexpected server data: missing bootstrap script.');
      buffer.push(segment[0] === 1 ? encoder.encode(segment[1]) : Buffer.from(segment[1], 'base64'));
    }
  }
  if (!buffer) throw new Error('the page pushes to self.__next_f but never starts it with [0]');
  return buffer;
}

/** A module for any id: every export is a function that must not be called. */
function stubModule(id) {
  const stub = () => {
    throw new Error(`client module ${id} is a stub`);
  };
  return new Proxy(
    {},
    {
      get: (_, name) => (name === '__esModule' ? true : name === 'then' ? undefined : stub),
      getOwnPropertyDescriptor: (_, name) => ({ value: stub, configurable: true, enumerable: true, writable: true }),
      has: () => true,
    },
  );
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function check(path) {
  const exchange = JSON.parse(readFileSync(path, 'utf8'));
  const chunks = flightChunks(nextServerData(htmlOf(exchange)));

  globalThis.__turbopack_require__ = stubModule;
  globalThis.__turbopack_load_by_url__ = () => Promise.resolve();
  const { createFromReadableStream } = requireNext('dist/compiled/react-server-dom-turbopack/client.browser.js');
  const { createInitialRouterState } = requireNext('dist/client/components/router-reducer/create-initial-router-state.js');
  const { setNavigationBuildId } = requireNext('dist/client/navigation-build-id.js');
  const { getDeploymentId } = requireNext('dist/shared/lib/deployment-id.js');

  const readable = new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close(); // what app-index.js does on DOMContentLoaded
    },
  });
  const initialRSCPayload = await withTimeout(
    createFromReadableStream(readable, {
      callServer: () => Promise.reject(new Error('no server calls while hydrating')),
      findSourceMapURL: () => null,
      startTime: 0,
    }),
    DECODE_TIMEOUT_MS,
    'decoding row 0',
  );
  setNavigationBuildId(initialRSCPayload.b ? initialRSCPayload.b : getDeploymentId());
  const host = exchange.request?.headers?.find(([n]) => n.toLowerCase() === 'host')?.[1] ?? '127.0.0.1';
  createInitialRouterState({
    navigatedAt: Date.now(),
    initialRSCPayload,
    initialFlightStreamForCache: null,
    location: new URL(exchange.request?.path ?? '/', `http://${host}`),
  });
}

const oneLine = (error) => String(error?.message ?? error).split('\n')[0];

const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

let result;
try {
  await check(process.argv[2]);
  // Let work the router started settle; an error it could not handle is a rejection too.
  await new Promise((resolve) => setTimeout(resolve, 50));
  result = unhandled.length ? { status: 'rejected', reason: oneLine(unhandled[0]) } : { status: 'ok' };
} catch (error) {
  result = error instanceof Skip ? { status: 'skip', reason: error.message } : { status: 'rejected', reason: oneLine(error) };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
