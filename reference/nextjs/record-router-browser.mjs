// Records the requests Next.js's own client router sends for a prefetch and a client
// navigation, as Chromium saw them.
//
// Opens /slow in headless Chromium, waits for the App Router, calls
// `router.prefetch('/dashboard')`, then `router.push('/dashboard')` and from there
// `router.push('/slow')` (a page it never prefetched), and keeps every
// `?_rsc` request: its URL, the router headers it carried and its status. The result
// goes to transcripts/next-16.4.6/server-components/browser/router-requests.json; the
// `router-*` scenarios of examples/server-components replay exactly these requests
// against both servers, and examples/server-components/tests checks they match.
//
// Re-record (the app must be built; NEXT_PORT defaults to 3102):
//   flock /tmp/reference-next.lock bash -c 'bash reference/nextjs/build.sh && \
//     node --experimental-websocket reference/nextjs/record-router-browser.mjs'
// Needs Node 20.10+ and Chromium (see scripts/lib/browser.mjs). Only 127.0.0.1 is contacted.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep, withNextAndChromium } from './scripts/lib/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const port = process.env.NEXT_PORT ?? '3102';
const out = join(here, 'transcripts/next-16.4.6/server-components/browser/router-requests.json');

/** The request headers that steer the server; the rest is the browser's own. */
const ROUTER_HEADERS = ['rsc', 'next-router-prefetch', 'next-router-segment-prefetch', 'next-router-state-tree', 'next-url'];

async function until(evaluate, expression, what) {
  for (let i = 0; i < 100; i++) {
    if (await evaluate(expression)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function record() {
  await withNextAndChromium({ port, readyPath: '/slow' }, async ({ base, product, send, on, evaluate }) => {
    const requests = new Map();
    let step = 'load';
    on(({ method, params }) => {
      if (method === 'Network.requestWillBeSent' && params.request.url.includes('_rsc')) {
        const url = new URL(params.request.url);
        const headers = Object.fromEntries(
          Object.entries(params.request.headers).map(([k, v]) => [k.toLowerCase(), v]),
        );
        requests.set(params.requestId, {
          step,
          method: params.request.method,
          path: url.pathname + url.search,
          headers: ROUTER_HEADERS.filter((name) => name in headers).map((name) => [name, headers[name]]),
        });
      } else if (method === 'Network.responseReceived' && requests.has(params.requestId)) {
        const request = requests.get(params.requestId);
        request.status = params.response.status;
        request.contentType = params.response.headers['content-type'] ?? params.response.headers['Content-Type'];
      }
    });
    await send('Network.enable');
    await send('Page.enable');
    await send('Page.navigate', { url: `${base}/slow` });
    await until(evaluate, `!!(window.next && window.next.router) && document.readyState === 'complete'`, 'the App Router');
    await sleep(1500); // the slow part streams in 800 ms; let the page settle

    step = 'prefetch';
    await evaluate(`window.next.router.prefetch('/dashboard')`);
    await sleep(1500);

    step = 'navigate';
    await evaluate(`window.next.router.push('/dashboard')`);
    await until(evaluate, `location.pathname === '/dashboard' && !!document.querySelector('main h1')`, 'the navigation');
    await sleep(1500);

    // Back to /slow, which was never prefetched: the state tree now describes /dashboard.
    step = 'navigate-unprefetched';
    await evaluate(`window.next.router.push('/slow')`);
    await until(evaluate, `location.pathname === '/slow' && !!document.querySelector('main h1')`, 'the second navigation');
    await sleep(1500);

    const recording = {
      about:
        'The ?_rsc requests Next.js\'s client router sent on /slow for router.prefetch(\'/dashboard\') and ' +
        'router.push(\'/dashboard\'), then router.push(\'/slow\') from there, as Chromium saw them; only the router headers are kept. ' +
        'Re-record with reference/nextjs/record-router-browser.mjs.',
      next: '16.4.6',
      browser: product,
      page: '/slow',
      requests: [...requests.values()],
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(recording, null, 2) + '\n');
    console.log(`wrote ${out}`);
    for (const r of recording.requests) console.log(r.step, r.method, r.path, r.status, JSON.stringify(r.headers));
  });
}

record().catch((error) => {
  console.error(`record-router-browser: ${error.message}`);
  process.exitCode = 1;
});
