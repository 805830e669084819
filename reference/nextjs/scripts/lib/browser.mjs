// What the browser recordings share: `next start` and headless Chromium in their own
// process groups, and a minimal DevTools protocol client to drive the page and watch
// its network. Only 127.0.0.1 is contacted.
//
// Needs Node 20.10+ run with --experimental-websocket (WebSocket is built in from
// Node 22) and Chromium at /usr/bin/chromium (or CHROMIUM=/path).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The reference app folder (`reference/nextjs`), whose app must be built. */
const appDir = fileURLToPath(new URL('../../', import.meta.url));

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

async function waitForServer(url) {
  for (let i = 0; i < 60; i++) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`next start did not answer ${url} within 15 s (is the app built? bash reference/nextjs/build.sh)`);
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

/**
 * Starts the built reference app on 127.0.0.1:`port` and Chromium with a fresh
 * profile, opens one tab, and calls `use({ base, product, send, on, evaluate })`:
 * `send` talks to the tab, `on` hears every protocol event, `evaluate` runs an
 * expression in the page and returns its value. Stops both afterwards.
 */
export async function withNextAndChromium({ port, readyPath }, use) {
  const base = `http://127.0.0.1:${port}`;
  const next = start(join(appDir, 'node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', port], {
    cwd: appDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  const profile = mkdtempSync(join(tmpdir(), 'reference-chromium-'));
  const chromium = start(process.env.CHROMIUM ?? '/usr/bin/chromium', [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0',
    'about:blank',
  ]);
  try {
    await waitForServer(`${base}${readyPath}`);
    const cdp = await connect(await devtoolsUrl(chromium.child));
    const { product } = await cdp.send('Browser.getVersion');
    const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
    const send = (method, params) => cdp.send(method, params, sessionId);
    const evaluate = async (expression) =>
      (await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })).result.value;
    try {
      return await use({ base, product, send, on: (l) => cdp.on(l), evaluate });
    } finally {
      cdp.close();
    }
  } finally {
    chromium.stop();
    next.stop();
    await sleep(300);
    rmSync(profile, { recursive: true, force: true });
  }
}
