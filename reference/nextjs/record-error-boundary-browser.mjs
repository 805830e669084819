// Records what a browser shows for a page that throws while rendering, with an
// error.tsx beside it: the server answers 500 with a bare error document, and React
// in the browser draws error.tsx from the flight payload.
//
// Opens /broken in headless Chromium, waits until the page's scripts have run, and
// keeps the status the browser got and the text of <body>. The result goes to
// transcripts/next-16.4.6/server-components/browser/error-boundary.json, which
// examples/server-components/tests/against_next.rs checks against the recorded HTML.
//
// Re-record (the app must be built; NEXT_PORT defaults to 3102):
//   node --experimental-websocket reference/nextjs/record-error-boundary-browser.mjs
// Needs Node 20.10+ and Chromium (see scripts/lib/browser.mjs). Only 127.0.0.1 is contacted.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep, withNextAndChromium } from './scripts/lib/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const port = process.env.NEXT_PORT ?? '3102';
const out = join(here, 'transcripts/next-16.4.6/server-components/browser/error-boundary.json');

async function record() {
  await withNextAndChromium({ port, readyPath: '/slow' }, async ({ base, product, send, on, evaluate }) => {
    let status = null;
    on(({ method, params }) => {
      if (method === 'Network.responseReceived' && params.type === 'Document') status = params.response.status;
    });
    await send('Network.enable');
    await send('Page.enable');
    await send('Page.navigate', { url: `${base}/broken` });
    let shown = '';
    for (let i = 0; i < 100 && !shown; i++) {
      await sleep(100);
      shown = await evaluate(`document.getElementById('error')?.textContent ?? ''`);
    }
    if (!shown) throw new Error('the page never showed error.tsx');
    const recording = {
      about:
        'What Chromium showed for /broken (a page that throws, with error.tsx beside it) once its scripts ran. ' +
        'Re-record with reference/nextjs/record-error-boundary-browser.mjs.',
      next: '16.4.6',
      browser: product,
      page: '/broken',
      documentStatus: status,
      errorBoundaryText: shown,
      bodyText: await evaluate(`document.body.innerText`),
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(recording, null, 2) + '\n');
    console.log(`wrote ${out}`);
    console.log(JSON.stringify(recording));
  });
}

record().catch((error) => {
  console.error(`record-error-boundary-browser: ${error.message}`);
  process.exitCode = 1;
});
