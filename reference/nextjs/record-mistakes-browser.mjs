// Records how Next.js's own client sends two Server Action calls made at once.
//
// Opens /mistakes/parallel in headless Chromium, clicks "Run two steps" (which calls
// `Promise.all([slowStep('a'), slowStep('b')])`), and notes from the DevTools
// protocol when each action POST left the browser and when its answer ended. The
// result goes to transcripts/next-16.4.6/mistakes/browser/parallel-queue.json, which
// the chapter "Common mistakes" includes and examples/mistakes/tests checks.
//
// Re-record (the app must be built; NEXT_PORT defaults to 3102):
//   flock /tmp/reference-next.lock bash -c 'bash reference/nextjs/build.sh && \
//     node --experimental-websocket reference/nextjs/record-mistakes-browser.mjs'
// Needs Node 20.10+ (WebSocket behind the flag; built in from Node 22) and
// Chromium at /usr/bin/chromium (or CHROMIUM=/path). Only 127.0.0.1 is contacted
// (scripts/lib/browser.mjs starts both).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep, withNextAndChromium } from './scripts/lib/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const port = process.env.NEXT_PORT ?? '3102';
const out = join(here, 'transcripts/next-16.4.6/mistakes/browser/parallel-queue.json');

async function record() {
  await withNextAndChromium({ port, readyPath: '/mistakes/parallel' }, async ({ base, product, send, on, evaluate }) => {
    // Every action POST: when it was sent, when its answer began and ended.
    const calls = new Map();
    on(({ method, params }) => {
      if (method === 'Network.requestWillBeSent') {
        const headers = Object.fromEntries(
          Object.entries(params.request.headers).map(([k, v]) => [k.toLowerCase(), v]),
        );
        if (params.request.method === 'POST' && headers['next-action']) {
          calls.set(params.requestId, {
            body: params.request.postData ?? null,
            nextAction: headers['next-action'],
            sent: params.timestamp,
          });
        }
      } else if (method === 'Network.responseReceived' && calls.has(params.requestId)) {
        calls.get(params.requestId).answerStarted = params.timestamp;
      } else if (method === 'Network.loadingFinished' && calls.has(params.requestId)) {
        calls.get(params.requestId).answerFinished = params.timestamp;
      }
    });
    await send('Network.enable');
    await send('Page.enable');
    await send('Page.navigate', { url: `${base}/mistakes/parallel` });

    // Wait for hydration: React attaches its props to the button's DOM node.
    for (let i = 0; i < 80; i++) {
      const hydrated = await evaluate(
        `(() => { const b = document.querySelector('main button'); return !!b && Object.keys(b).some((k) => k.startsWith('__reactProps')); })()`,
      );
      if (hydrated) break;
      await sleep(100);
    }
    await evaluate(`document.querySelector('main button').click()`);
    let log = '';
    for (let i = 0; i < 100 && !log; i++) {
      await sleep(100);
      log = await evaluate(`document.getElementById('log').textContent`);
    }
    if (!log) throw new Error('the page never showed the two results');
    await sleep(200);

    const list = [...calls.values()].sort((a, b) => a.sent - b.sent);
    if (list.length !== 2) throw new Error(`expected 2 action POSTs, saw ${list.length}`);
    const t0 = list[0].sent;
    const ms = (t) => (t === undefined ? null : Math.round((t - t0) * 1000));
    const results = JSON.parse(log);
    const serverT0 = Math.min(...results.map((r) => r.started));
    const recording = {
      about:
        'Two slowStep calls made with Promise.all by Next.js\'s own client, as Chromium saw them. ' +
        'Browser times are ms after the first POST was sent; server times are ms after the first action started. ' +
        'Re-record with reference/nextjs/record-mistakes-browser.mjs.',
      next: '16.4.6',
      browser: product,
      page: '/mistakes/parallel',
      posts: list.map((call) => ({
        body: call.body,
        nextAction: call.nextAction,
        sentMs: ms(call.sent),
        answerStartedMs: ms(call.answerStarted),
        answerFinishedMs: ms(call.answerFinished),
      })),
      serverSteps: results.map((r) => ({
        label: r.label,
        startedMs: r.started - serverT0,
        finishedMs: r.finished - serverT0,
      })),
      secondSentAfterFirstAnswered: list[1].sent >= list[0].answerFinished,
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(recording, null, 2) + '\n');
    console.log(`wrote ${out}`);
    console.log(JSON.stringify(recording.posts), JSON.stringify(recording.serverSteps));
  });
}

record().catch((error) => {
  console.error(`record-mistakes-browser: ${error.message}`);
  process.exitCode = 1;
});
