// Traffic panels for "Next.js on the Wire".
//
// Each `.traffic-panel` in a chapter holds one recorded HTTP exchange as JSON (in a
// `<script class="traffic-data">`) plus a one-line `<noscript>` summary for readers
// without JavaScript. This file draws the exchange: headers as tables, pretty JSON,
// the chunk timeline, "Copy as curl" and "Download HAR".
// When the book is served by the local playground server, every panel also gets an
// editor that re-sends the request to the running example and shows the answer live.
//
// Plain browser JavaScript on purpose: no build step, nothing to install, easy to read.
(function () {
  'use strict';

  const { el, keepKeysInside, fmtMs } = window.wireDom;

  // Headers the server computes itself: sending our own copy could only disagree.
  const SERVER_SET = ['content-length', 'host'];
  const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  // How many bytes of a binary body we show as hex before stopping.
  const HEX_PREVIEW_BYTES = 256;

  let live = false;         // true when the local playground served this page
  let panelCount = 0;       // gives every panel unique ids for its tabs
  let states = [];          // one entry per rendered panel (see renderPanel)
  const exampleStates = {}; // last `example` event per example, so re-renders keep badges

  // ---------------------------------------------------------------- small helpers

  // Case-insensitive header lookup; HTTP header names ignore case.
  function header(headers, name) {
    const found = (headers || []).find((h) => h[0].toLowerCase() === name);
    return found ? found[1] : '';
  }

  function fmtBytes(n) {
    return n < 1024 ? n + ' B' : (n / 1024).toFixed(1) + ' KiB';
  }

  // The bytes we recorded for a body: text is UTF-8 encoded back, base64 decoded.
  function bodyBytes(body) {
    if (body && body.text !== undefined) return new TextEncoder().encode(body.text);
    if (body && body.base64 !== undefined) {
      const raw = atob(body.base64);
      return Uint8Array.from(raw, (c) => c.charCodeAt(0));
    }
    return new Uint8Array(0);
  }

  // Hex dump of the first bytes, 16 per line: binary bodies (gzip, images) stay readable.
  function hexPreview(bytes) {
    const lines = [];
    const shown = Math.min(bytes.length, HEX_PREVIEW_BYTES);
    for (let i = 0; i < shown; i += 16) {
      const row = Array.from(bytes.slice(i, Math.min(i + 16, shown)));
      lines.push(row.map((b) => b.toString(16).padStart(2, '0')).join(' '));
    }
    if (bytes.length > shown) lines.push(`… ${bytes.length - shown} more bytes`);
    return lines.join('\n');
  }

  // JSON bodies are usually minified; indent them so the reader can follow the structure.
  function prettyText(text, headers) {
    if (!/json/i.test(header(headers, 'content-type'))) return text;
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch (e) {
      return text; // not valid JSON after all (or cut off): show it as it came
    }
  }

  // ---------------------------------------------------------------- one exchange

  function headersTable(headers) {
    if (!headers || headers.length === 0) return el('p', { class: 'traffic-empty', text: '(no headers)' });
    const rows = headers.map((h) => el('tr', {}, [el('th', { scope: 'row', text: h[0] }), el('td', { text: h[1] })]));
    return el('table', { class: 'traffic-headers' }, [el('tbody', {}, rows)]);
  }

  // A body as text (pretty when JSON) or as hex when it is not UTF-8, with a note
  // when the recording was capped, so the reader knows the view is partial.
  function bodyView(body, headers) {
    if (!body || body.size === 0) return el('p', { class: 'traffic-empty', text: '(no body)' });
    const parts = [];
    if (body.text !== undefined) {
      parts.push(el('pre', { class: 'traffic-body', tabindex: '0', text: prettyText(body.text, headers) }));
    } else {
      const encoding = header(headers, 'content-encoding');
      const what = `${fmtBytes(body.size)} of binary data${encoding ? ` (content-encoding: ${encoding})` : ''}`;
      parts.push(el('p', { class: 'traffic-note', text: what + ', shown as hex:' }));
      parts.push(el('pre', { class: 'traffic-body', tabindex: '0', text: hexPreview(bodyBytes(body)) }));
    }
    if (body.excerpt) { // cut by the book (book-tools' panel_excerpt), to keep the page light
      parts.push(el('p', { class: 'traffic-note',
        text: `Excerpt: the first ${fmtBytes(bodyBytes(body).length)} of ${fmtBytes(body.size)} sent. ` +
          'The transcript in the repository has the whole recording.' }));
    } else if (body.truncated) {
      const kept = bodyBytes(body).length;
      parts.push(el('p', { class: 'traffic-note',
        text: `Recording capped: ${fmtBytes(kept)} kept of ${fmtBytes(body.size)} sent.` }));
    }
    return el('div', {}, parts);
  }

  function requestView(req) {
    // A group, not a landmark: a page with twenty panels would list forty
    // identical "Request"/"Response" landmarks.
    return el('div', { class: 'traffic-request', role: 'group', 'aria-label': 'Request' }, [
      el('div', { class: 'traffic-line' }, [
        el('span', { class: 'traffic-label', text: 'Request' }),
        el('span', { class: 'traffic-method', text: req.method }),
        el('code', { class: 'traffic-path', text: req.path }),
      ]),
      headersTable(req.headers),
      bodyView(req.body, req.headers),
    ]);
  }

  function responseView(ex) {
    const res = ex.response;
    // 404 -> "traffic-status-4xx", so the CSS can color the status by class.
    const statusClass = `traffic-status traffic-status-${Math.floor(res.status / 100)}xx`;
    return el('div', { class: 'traffic-response', role: 'group', 'aria-label': 'Response' }, [
      el('div', { class: 'traffic-line' }, [
        el('span', { class: 'traffic-label', text: 'Response' }),
        el('span', { class: statusClass, text: `${res.status} ${res.reason}` }),
        el('span', { class: 'traffic-version', text: res.version }),
        el('span', { class: 'traffic-timing', text: `head ${fmtMs(res.head_ms)} · total ${fmtMs(res.total_ms)}` }),
      ]),
      headersTable(res.headers),
      bodyView(res.body, res.headers),
      chunkView(ex),
    ]);
  }

  // The chunk timeline: one row per chunk, a bar placed at its arrival time whose
  // height follows its size. Clicking a row shows the bytes that chunk carried.
  function chunkView(ex) {
    const chunks = ex.chunks || [];
    if (chunks.length === 0) return null;
    if (chunks.length === 1) {
      return el('p', { class: 'traffic-note', text: `Body arrived in 1 chunk at ${fmtMs(chunks[0].t_ms)}.` });
    }
    const end = Math.max(ex.response.total_ms, chunks[chunks.length - 1].t_ms) || 1;
    const biggest = Math.max(...chunks.map((c) => c.size)) || 1;
    const detail = el('div', { class: 'traffic-chunk-detail', 'aria-live': 'polite' });
    const list = el('ol', { class: 'traffic-timeline' });
    let offset = 0;
    chunks.forEach((chunk, i) => {
      const start = offset;
      offset += chunk.size;
      const bar = el('span', { class: 'traffic-chunk-bar' });
      bar.style.left = Math.min(98, (chunk.t_ms / end) * 100) + '%';
      bar.style.height = Math.max(30, Math.round((chunk.size / biggest) * 100)) + '%';
      const button = el('button', { type: 'button', class: 'traffic-chunk', 'aria-pressed': 'false' }, [
        el('span', { class: 'traffic-chunk-time', text: fmtMs(chunk.t_ms) }),
        el('span', { class: 'traffic-chunk-track', 'aria-hidden': 'true' }, [bar]),
        el('span', { class: 'traffic-chunk-size', text: fmtBytes(chunk.size) }),
      ]);
      button.addEventListener('click', () => {
        list.querySelectorAll('.traffic-chunk').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
        showChunk(detail, ex.response.body, i, start, chunk);
      });
      list.append(el('li', {}, [button]));
    });
    const axis = el('div', { class: 'traffic-axis', 'aria-hidden': 'true' }, [
      el('div', { class: 'traffic-axis-labels' }, [el('span', { text: '0 ms' }), el('span', { text: fmtMs(end) })]),
    ]);
    const summary = `Body arrived in ${chunks.length} chunks over ${fmtMs(end)}. Select a chunk to see its bytes.`;
    const intro = el('p', { class: 'traffic-note', text: summary });
    return el('div', { class: 'traffic-chunks' }, [intro, list, axis, detail]);
  }

  // Chunks are byte ranges of the body, so slice the bytes (not the JS string, whose
  // indices count UTF-16 units) and decode that slice on its own.
  function showChunk(detail, body, index, start, chunk) {
    const bytes = bodyBytes(body);
    const title = `Chunk ${index + 1}: bytes ${start}–${start + chunk.size}, arrived at ${fmtMs(chunk.t_ms)}`;
    let content;
    if (start >= bytes.length) {
      content = body.excerpt
        ? `(not in this excerpt: the book shows the first ${bytes.length} bytes)`
        : `(not recorded: the recording stopped after ${bytes.length} bytes)`;
    } else {
      const slice = bytes.slice(start, Math.min(start + chunk.size, bytes.length));
      content = body.text !== undefined ? new TextDecoder().decode(slice) : hexPreview(slice);
    }
    detail.replaceChildren(el('p', { class: 'traffic-label', text: title }),
      el('pre', { class: 'traffic-body', tabindex: '0', text: content }));
  }

  // Everything about one exchange, plus the buttons that export it.
  function exchangeView(ex, example, exported) {
    return el('div', { class: 'traffic-exchange' }, [
      ex.error ? el('p', { class: 'traffic-error' }, [el('strong', { text: 'Error: ' }), ex.error]) : null,
      requestView(ex.request),
      ex.response ? responseView(ex) : el('p', { class: 'traffic-empty', text: '(no response)' }),
      exported ? actionsView(ex, ex.example || example, exported) : null,
    ]);
  }

  // ---------------------------------------------------------------- curl and HAR

  // The curl command and HAR file of an exchange are computed in Rust (`traffic::curl`,
  // `traffic::har`), never here: a recorded exchange carries them in the panel data,
  // and the playground serves a live one's at /__playground/exchanges/<id>.curl|.har.
  // Either way they point at the playground serving the page, or at the reference
  // Next.js app for its recordings.
  function recordedExports(exported, exchange) {
    return { curl: () => Promise.resolve(exported.curl),
      har: exported.har ? () => resolveHar(exported.har, exchange) : null };
  }

  // The recorded HAR comes without a second copy of the exchange (book-tools'
  // har_references): {"$headers": "request"} stands for that message's headers as
  // {name, value} objects, {"$body": "response"} for that body's text (or base64).
  function resolveHar(har, ex) {
    return JSON.parse(JSON.stringify(har), (key, value) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      if (typeof value.$headers === 'string') {
        return (ex[value.$headers].headers || []).map(([name, v]) => ({ name, value: v }));
      }
      if (typeof value.$body === 'string') {
        const body = ex[value.$body].body || {};
        return body.text ?? body.base64 ?? '';
      }
      return value;
    });
  }

  function liveExports(ex) {
    const url = `/__playground/exchanges/${encodeURIComponent(ex.id)}`;
    const curl = async () => {
      const response = await fetch(url + '.curl', { cache: 'no-store' });
      if (!response.ok) throw new Error(`the playground answered ${response.status}.`);
      return (await response.text()).trimEnd();
    };
    return { curl, harUrl: url + '.har' };
  }

  // Clipboard API when allowed (it needs https or localhost); otherwise put the text
  // in a selected textarea, try the old copy command, and let the reader copy by hand.
  function copyText(text, note, holder) {
    const fallback = () => {
      const area = el('textarea', { class: 'traffic-copy-area', readonly: true, rows: '5', 'aria-label': 'Command' });
      area.value = text;
      holder.replaceChildren(area);
      area.select();
      let copied = false;
      try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
      note.textContent = copied ? 'Copied.' : 'Press Ctrl+C (⌘C) to copy.';
    };
    if (!navigator.clipboard || !window.isSecureContext) return fallback();
    navigator.clipboard.writeText(text).then(() => {
      holder.replaceChildren();
      note.textContent = 'Copied.';
    }, fallback);
  }

  // A file download without a server: the recorded HAR is handed over as a Blob.
  function download(filename, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = el('a', { href: url, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // "Copy as curl" and "Download HAR" for one exchange; `exported` is what
  // recordedExports or liveExports returned for it.
  function actionsView(ex, example, exported) {
    const note = el('span', { class: 'traffic-note', role: 'status' });
    const holder = el('div', { class: 'traffic-copy-holder' });
    const curl = el('button', { type: 'button', class: 'traffic-button', text: 'Copy as curl' });
    curl.addEventListener('click', () => {
      exported.curl().then((text) => copyText(text, note, holder),
        (e) => { note.textContent = 'Could not get the curl command: ' + e.message; });
    });
    const buttons = [curl];
    const name = `${example}-${ex.scenario || 'exchange-' + ex.id}.har`;
    if (exported.harUrl) { // the playground serves the file itself
      buttons.push(el('a', { class: 'traffic-button', href: exported.harUrl, download: name, text: 'Download HAR' }));
    } else if (exported.har && window.Blob && window.URL && URL.createObjectURL) { // else the button would do nothing
      const har = el('button', { type: 'button', class: 'traffic-button', text: 'Download HAR' });
      har.addEventListener('click', () => {
        download(name, JSON.stringify(exported.har(), null, 2));
        note.textContent = `Saved ${name}.`;
      });
      buttons.push(har);
    }
    const row = el('div', { class: 'traffic-buttons' }, [...buttons, note]);
    return el('div', { class: 'traffic-actions' }, [row, holder]);
  }

  // ---------------------------------------------------------------- tabs

  // The exchanges a panel can show: ours, Next.js's when recorded, the live one when
  // sent. A `versions` panel (`{{#traffic-diff}}`) holds two Next.js versions instead,
  // older first, under their own labels.
  function panelTabs(state) {
    const exports = state.data.exports || {};
    const recorded = (exported, ex) => (exported ? recordedExports(exported, ex) : null);
    const tabs = [{ label: state.data.oursLabel || 'Our example', exchange: state.data.ours,
      exported: recorded(exports.ours, state.data.ours) }];
    if (state.data.next) {
      tabs.push({ label: state.data.nextLabel || 'Next.js', exchange: state.data.next,
        exported: recorded(exports.next, state.data.next) });
    }
    if (state.live) {
      // While an answer still streams in it has no id yet: nothing to export.
      const exported = state.live.streaming ? null : liveExports(state.live);
      tabs.push({ label: 'Live', exchange: state.live, exported });
    }
    return tabs;
  }

  // Tabs follow the WAI-ARIA pattern: arrow keys move between tabs, only the selected
  // tab is in the Tab order, each tab labels its tabpanel. Rebuilt only when the set of
  // tabs changes (a live answer arrived); switching tabs just shows another panel.
  function renderViews(state) {
    const tabs = panelTabs(state);
    const prefix = `traffic-${state.number}-`;
    const panels = tabs.map((tab, i) => el('div', { class: 'traffic-tabpanel', id: prefix + 'panel-' + i },
      [exchangeView(tab.exchange, state.data.example, tab.exported)]));
    decorateTabs(state, tabs, panels);
    if (tabs.length === 1) return state.views.replaceChildren(panels[0]);
    const buttons = tabs.map((tab, i) => {
      panels[i].setAttribute('role', 'tabpanel');
      panels[i].setAttribute('aria-labelledby', prefix + 'tab-' + i);
      const button = el('button', { type: 'button', role: 'tab', class: 'traffic-tab', id: prefix + 'tab-' + i,
        'aria-controls': prefix + 'panel-' + i, text: tab.label });
      button.addEventListener('click', () => selectTab(state, i, false));
      button.addEventListener('keydown', (event) => onTabKey(state, tabs.length, i, event));
      return button;
    });
    const list = el('div', { class: 'traffic-tablist', role: 'tablist', 'aria-label': 'Exchanges' }, buttons);
    state.views.replaceChildren(list, ...panels);
    selectTab(state, Math.min(state.selected, tabs.length - 1), false);
  }

  // wire-views.js adds the decoded views (Rows, Action, Headers, Raw, Diff) under
  // each exchange; without it the panel still shows the exchange.
  function decorateTabs(state, tabs, panels) {
    if (!window.wireViews) return;
    tabs.forEach((tab, i) => window.wireViews.decorate(panels[i].firstChild, { tab, data: state.data, live }));
  }

  // Marks tab `index` selected and shows its panel; `focus` when chosen by keyboard.
  function selectTab(state, index, focus) {
    state.selected = index;
    state.views.querySelectorAll('[role=tab]').forEach((tab, i) => {
      tab.setAttribute('aria-selected', String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
      if (i === index && focus) tab.focus();
    });
    state.views.querySelectorAll('[role=tabpanel]').forEach((panel, i) => { panel.hidden = i !== index; });
  }

  function onTabKey(state, count, index, event) {
    const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: count - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    selectTab(state, (moves[event.key] + count) % count, true);
  }

  // ---------------------------------------------------------------- live editor

  // Turns the headers textarea back into pairs. A line without a colon is a mistake
  // we report rather than guess about; host and content-length are the server's job.
  function parseHeaders(text) {
    const headers = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      const colon = line.indexOf(':');
      if (colon < 1) throw new Error(`header line ${i + 1} needs the form "name: value".`);
      const name = line.slice(0, colon).trim();
      if (!SERVER_SET.includes(name.toLowerCase())) headers.push([name, line.slice(colon + 1).trim()]);
    });
    return headers;
  }

  function field(label, control) {
    return el('label', { class: 'traffic-field' }, [el('span', { text: label }), control]);
  }

  // The request editor, prefilled from our recorded request. It lives outside the
  // tabs, so the reader's edits survive a send.
  function editorView(state) {
    const req = state.data.ours.request;
    const methods = METHODS.includes(req.method) ? METHODS : [...METHODS, req.method];
    const method = el('select', { name: 'method' },
      methods.map((m) => el('option', { value: m, selected: m === req.method, text: m })));
    const path = el('input', { name: 'path', type: 'text', spellcheck: 'false' });
    path.value = req.path;
    const headers = el('textarea', { name: 'headers', rows: '4', spellcheck: 'false' });
    headers.value = (req.headers || []).filter(([name]) => !SERVER_SET.includes(name.toLowerCase()))
      .map(([name, value]) => `${name}: ${value}`).join('\n');
    const body = el('textarea', { name: 'body', rows: '3', spellcheck: 'false' });
    body.value = (req.body && req.body.text) || '';
    const send = el('button', { type: 'submit', class: 'traffic-button traffic-send', text: 'Send' });
    // Says what happened to the last send, next to the button: screen readers hear it.
    const status = el('span', { class: 'traffic-note traffic-send-status', role: 'status' });
    const form = el('form', { class: 'traffic-editor' }, [
      el('p', { class: 'traffic-label', text: 'Edit the request and send it to the running example' }),
      el('div', { class: 'traffic-editor-line' }, [field('Method', method), field('Path', path)]),
      field('Headers (one "name: value" per line)', headers),
      field('Body', body),
      el('div', { class: 'traffic-buttons' }, [send, status]),
      state.sendError,
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const fields = { method: method.value, path: path.value, headers: headers.value, body: body.value };
      sendRequest(state, fields, send, status);
    });
    return form;
  }

  // POSTs the edited request to the playground; the exchange it answers becomes the
  // Live tab, an {"error"} answer (or no answer) is shown next to the Send button.
  // The button is never disabled: a disabled button loses the keyboard focus, and
  // the reader would have to find their way back. A second Enter meanwhile is ignored.
  async function sendRequest(state, fields, button, status) {
    if (state.sending) return;
    state.sendError.hidden = true;
    status.textContent = ''; // the last answer's summary no longer applies
    let payload;
    try {
      payload = { example: state.data.example, method: fields.method, path: fields.path,
        headers: parseHeaders(fields.headers), body: fields.body };
    } catch (e) {
      return showSendError(state, e.message);
    }
    state.sending = true;
    button.setAttribute('aria-disabled', 'true');
    status.textContent = 'Sending…';
    try {
      const response = await fetch('/__playground/send', { method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
        body: JSON.stringify(payload) });
      if (!response.ok || !response.body) {
        const refusal = await response.json().catch(() => ({}));
        throw new Error(refusal.error || `the playground answered ${response.status}.`);
      }
      const answer = await readStreamed(response.body, (partial) => {
        const first = !state.live || !state.live.streaming;
        showLive(state, partial);
        status.textContent = 'Receiving…';
        // The answer is drawn above the editor: bring it into view (focus stays on Send).
        if (first) state.views.scrollIntoView({ block: 'start' });
      });
      showLive(state, answer);
      status.textContent = answerSummary(answer);
    } catch (e) {
      status.textContent = '';
      showSendError(state, e.message);
    } finally {
      state.sending = false;
      button.removeAttribute('aria-disabled');
    }
  }

  // The Live tab shows `ex`, selected (rebuilt for each piece of a streamed answer).
  function showLive(state, ex) {
    state.live = ex;
    state.selected = panelTabs(state).length - 1;
    renderViews(state);
  }

  // Reads the playground's answer, one JSON object per line (playground-server's
  // `api::streamed`): the head, then each body chunk as it arrives, each passed to
  // `progress` as a partial exchange; the last line is the recorded exchange, returned.
  async function readStreamed(stream, progress) {
    const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    let partial = null;
    const pieces = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the playground stopped answering before the exchange ended.');
      buffered += value;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (line.exchange) return line.exchange;
        if (line.head) partial = Object.assign(line.head, { streaming: true, chunks: [] });
        if (line.chunk && partial) {
          pieces.push(bodyBytes({ base64: line.chunk.base64 }));
          partial.chunks.push({ t_ms: line.chunk.t_ms, size: line.chunk.size });
          partial.response.total_ms = line.chunk.t_ms;
          partial.response.body = bodySoFar(pieces);
        }
        if (partial) progress(partial);
      }
    }
  }

  // The body received so far, as a recorded body: text when it decodes as UTF-8 (a
  // character split between two chunks waits for the next one), else base64.
  function bodySoFar(pieces) {
    const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const piece of pieces) { bytes.set(piece, at); at += piece.length; }
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (let cut = 0; cut <= Math.min(3, bytes.length); cut += 1) {
      try {
        return { size: bytes.length, text: strict.decode(bytes.subarray(0, bytes.length - cut)) };
      } catch (e) { /* maybe a character split at the end: try without its bytes */ }
    }
    let binary = '';
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return { size: bytes.length, base64: btoa(binary) };
  }

  // One line for the status next to Send, e.g. "200 OK in 3.2 ms, shown in the Live tab above."
  function answerSummary(ex) {
    if (!ex.response) return `No answer: ${ex.error || 'the example did not respond'}.`;
    const res = ex.response;
    return `${res.status} ${res.reason} in ${fmtMs(res.total_ms)}, shown in the Live tab above.`;
  }

  function showSendError(state, message) {
    state.sendError.textContent = 'Could not send: ' + message;
    state.sendError.hidden = false;
    state.sendError.scrollIntoView({ block: 'nearest' });
  }

  // ---------------------------------------------------------------- playground events

  // Whether the example behind this panel is building, ready, failed...; when the
  // build failed or the server crashed, its output goes in a <details> below.
  function renderBadge(state) {
    const info = exampleStates[state.data.example];
    if (!info || state.data.versions) return; // two recordings of Next.js: no example runs them
    state.badge.replaceChildren(el('span', { class: 'traffic-note', text: state.data.example }),
      el('span', { class: `traffic-state traffic-state-${info.state}`, text: info.state }));
    const showMessage = info.message && (info.state === 'failed' || info.state === 'crashed');
    state.stateMessage.replaceChildren();
    if (!showMessage) return;
    state.stateMessage.append(el('details', {}, [
      el('summary', { text: info.state === 'failed' ? 'Compiler output' : 'Server output' }),
      el('pre', { class: 'traffic-body', tabindex: '0', text: info.message })]));
  }

  // The error the reader closed: the same error is not shown again, a new one is.
  let dismissedBookError = null;

  // The book itself failed to rebuild: say so, and why, at the bottom of the window
  // (the top is mdBook's menu bar, which must stay usable) until it is fixed or
  // closed. The page stays readable: it is the last build that worked.
  function showBookState(info) {
    const old = document.querySelector('.traffic-book-banner');
    if (old) old.remove();
    if (info.state !== 'failed' || info.message === dismissedBookError) return;
    const close = el('button', { type: 'button', class: 'traffic-button', text: 'Dismiss' });
    const banner = el('div', { class: 'traffic-book-banner', role: 'alert' }, [
      el('div', { class: 'traffic-book-banner-head' }, [
        el('p', {}, [el('strong', { text: 'The book failed to rebuild.' }),
          ' This page is the last good build. Fix the error below and save: the page reloads by itself.']),
        close]),
      el('pre', { tabindex: '0', 'aria-label': 'Build error', text: info.message || '' })]);
    close.addEventListener('click', () => {
      dismissedBookError = info.message;
      banner.remove();
    });
    document.body.append(keepKeysInside(banner));
  }

  // Parses an event's JSON; a malformed event is dropped rather than breaking the page.
  function eventData(event) {
    try { return JSON.parse(event.data); } catch (e) { return null; }
  }

  // Server-sent events from the playground. EventSource reconnects by itself when
  // the playground restarts, so there is nothing to do on error.
  function listenToPlayground() {
    if (!window.EventSource) return;
    const events = new EventSource('/__playground/events');
    events.addEventListener('example', (event) => {
      const info = eventData(event);
      if (!info) return;
      exampleStates[info.id] = info;
      states.filter((state) => state.data.example === info.id).forEach(renderBadge);
    });
    events.addEventListener('book', (event) => {
      const info = eventData(event);
      if (info) showBookState(info);
    });
    // `exchange` events (traffic the playground saw) are not shown yet.
  }

  // ---------------------------------------------------------------- panels

  // Builds the rich view of one panel. Returns null (leaving the static text alone)
  // when the data cannot be read, so a bad panel never blanks the page.
  function renderPanel(root) {
    let data;
    try { data = JSON.parse(root.querySelector('script.traffic-data').textContent); } catch (e) { return null; }
    const old = root.querySelector('.traffic-rich');
    if (old) old.remove();
    panelCount += 1;
    const state = { data, number: panelCount, selected: 0, live: null,
      views: el('div', { class: 'traffic-views' }),
      badge: el('div', { class: 'traffic-badge' }),
      stateMessage: el('div', { class: 'traffic-state-message' }),
      sendError: el('p', { class: 'traffic-error', role: 'alert', hidden: true }) };
    const title = el('span', { class: 'traffic-title', text: data.title || data.scenario });
    root.append(keepKeysInside(el('div', { class: 'traffic-rich' }, [
      el('div', { class: 'traffic-titlebar' }, [title, state.badge]),
      state.stateMessage,
      state.views,
      live && !data.versions ? editorView(state) : null,
    ])));
    renderViews(state);
    renderBadge(state);
    const fallback = root.querySelector('.traffic-static');
    if (fallback) fallback.hidden = true;
    return state;
  }

  // Renders (or re-renders) every panel on the page.
  function renderAll() {
    states = Array.from(document.querySelectorAll('.traffic-panel')).map(renderPanel).filter(Boolean);
  }

  // The playground marks every page it serves with this <meta> (playground-server's
  // `page_marker`). Looking for it costs no request: a static site never asks for a
  // playground URL it does not have, so it logs no failed request.
  const PLAYGROUND_MARKER = 'meta[name="nextjs-on-the-wire-playground"]';

  function start() {
    live = Boolean(document.querySelector(PLAYGROUND_MARKER));
    renderAll();
    if (live) listenToPlayground();
  }

  window.trafficPanels = { renderAll, exchangeView };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
