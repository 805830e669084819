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
// Chromium at /usr/bin/chromium (or CHROMIUM=/path). Only 127.0.0.1 is contacted.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const port = process.env.NEXT_PORT ?? '3102';
const base = `http://127.0.0.1:${port}`;
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const out = join(here, 'transcripts/next-16.4.6/mistakes/browser/parallel-queue.json');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a process in its own group, so that stopping it stops its children too. */
function start(command, args, options = {}) {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return { child, stop };
}

async function waitForServer() {
  for (let i = 0; i < 60; i++) {
    try {
      const response = await fetch(`${base}/mistakes/parallel`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`next start did not answer on ${base} within 15 s`);
}

/** The browser's DevTools WebSocket address, read from Chromium's stderr. */
function devtoolsUrl(child) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools address:\n${text}`)), 15000);
    child.stderr.on('data', (data) => {
      text += data;
      const match = text.match(/DevTools listening on (ws:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

/** A minimal DevTools protocol client: send(method, params, sessionId) and events. */
async function connect(url) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`cannot connect to ${url}`));
  });
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  socket.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.id && pending.has(data.id)) {
      const { resolve, reject } = pending.get(data.id);
      pending.delete(data.id);
      if (data.error) reject(new Error(`${data.error.message} (${data.error.code})`));
      else resolve(data.result);
    } else if (data.method) {
      for (const listener of listeners) listener(data);
    }
  };
  return {
    send(method, params = {}, sessionId) {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params, sessionId }));
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    on(listener) {
      listeners.push(listener);
    },
    close() {
      socket.close();
    },
  };
}

async function record() {
  const next = start(join(here, 'node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', port], {
    cwd: here,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  const profile = mkdtempSync(join(tmpdir(), 'mistakes-chromium-'));
  const chromium = start(chromiumPath, [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    `--user-data-dir=${profile}`,
    '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0',
    'about:blank',
  ]);
  try {
    await waitForServer();
    const cdp = await connect(await devtoolsUrl(chromium.child));
    const { product } = await cdp.send('Browser.getVersion');
    const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
    const send = (method, params) => cdp.send(method, params, sessionId);

    // Every action POST: when it was sent, when its answer began and ended.
    const calls = new Map();
    cdp.on(({ method, params }) => {
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

    const evaluate = async (expression) =>
      (await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })).result.value;
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
    cdp.close();

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
  } finally {
    chromium.stop();
    next.stop();
    await sleep(300);
    rmSync(profile, { recursive: true, force: true });
  }
}

record().catch((error) => {
  console.error(`record-mistakes-browser: ${error.message}`);
  process.exitCode = 1;
});
