// Wire views for "Next.js on the Wire": the payload read for the learner.
//
// traffic.js draws each exchange (request, response, chunk timeline) and calls
// `wireViews.decorate(container, context)` for every tab it draws. This file adds,
// under that exchange, a row of views (toggle buttons, each showing one view): Rows (the Flight rows as a table whose
// references move focus to the row they point to), Action (a Server Action call
// decoded), Headers (each header explained, linked to the appendix), Raw (the bytes
// as they crossed the wire) and Diff (two exchanges side by side, accepted
// differences with their reason). Under the playground it also keeps a History of
// the exchanges the playground saw, newest first, each opening in the same viewer.
//
// Nothing here decodes anything: Rust did (`traffic::decoded`), at build time for
// recordings and at `/__playground/exchanges/<id>.decoded` for live exchanges. This file
// only renders, with plain DOM calls and no request outside the page's origin.
(function () {
  'use strict';

  const { el, keepKeysInside, fmtMs } = window.wireDom;

  // A row that arrives this long after the first one is "late" (a Suspense boundary
  // resolving); the same threshold as traffic::conformance::LATE_MS.
  const LATE_MS = 400;
  // The raw view shows at most this many characters of a body or chunk.
  const RAW_CHARS = 4000;
  // How many History entries are drawn at once.
  const HISTORY_SHOWN = 200;

  let uid = 0;

  // The page's way back to the book's root: mdBook declares `const path_to_root` on
  // every page (a global binding, not a property of window).
  function rootPath() {
    // eslint-disable-next-line no-undef
    return typeof path_to_root === 'string' ? path_to_root : '';
  }

  // `client_reference` -> `client reference`.
  function kindWords(kind) {
    return String(kind || '').replace(/_/g, ' ');
  }

  // ---------------------------------------------------------------- switching views

  // A row of toggle buttons, one per view, each showing its view below: a group named
  // after the view ("Rows", "Diff"…). Not ARIA tabs: the panel around us already is a
  // set of tabs, and tabs inside tabs confuse tools that look for "the" visible tab
  // panel. `views` is [{name, build}]; a view is built the first time it is shown.
  function viewSwitch(views, label) {
    const id = `wire-${++uid}-`;
    const panels = views.map((view, i) => el('div', { role: 'group', id: id + i, class: 'wire-view',
      'aria-label': view.name, 'data-view': view.name, hidden: true }));
    const buttons = views.map((view, i) => el('button', { type: 'button', class: 'wire-tab',
      'aria-controls': id + i, 'data-view': view.name, text: view.name }));
    const select = (index) => {
      buttons.forEach((button, i) => button.setAttribute('aria-pressed', String(i === index)));
      panels.forEach((panel, i) => { panel.hidden = i !== index; });
      if (!panels[index].dataset.built) {
        panels[index].dataset.built = '1';
        panels[index].append(views[index].build());
      }
    };
    buttons.forEach((button, i) => button.addEventListener('click', () => select(i)));
    select(0);
    return keepKeysInside(el('div', { class: 'wire-views' }, [
      el('div', { role: 'group', class: 'wire-tablist', 'aria-label': label }, buttons), ...panels]));
  }

  // ---------------------------------------------------------------- Rows

  // The rows table. Each row is focusable; a reference is a link that moves focus
  // to the row it points to, so a reader can follow `$L5` to row 5 and back.
  function rowsView(rows) {
    const prefix = `wire-${++uid}-row-`;
    const byId = new Map(rows.rows.map((row) => [row.id, row]));
    const first = rows.rows.reduce((min, row) => (row.t_ms !== undefined ? Math.min(min, row.t_ms) : min), Infinity);
    const goTo = (target) => (event) => {
      const row = document.getElementById(prefix + target);
      if (!row) return;
      event.preventDefault();
      row.focus();
      row.scrollIntoView({ block: 'nearest' });
    };
    const refLink = (ref) => {
      const target = ref.target !== undefined && ref.target !== null ? ref.target.toString(16) : null;
      if (target === null) return el('code', { text: ref.text });
      if (!byId.has(target)) return el('span', {}, [el('code', { text: ref.text }), ' (row never sent)']);
      const link = el('a', { href: '#' + prefix + target, class: 'wire-ref', text: ref.text,
        'aria-label': `${ref.text}: go to row ${target}` });
      link.addEventListener('click', goTo(target));
      return link;
    };
    const late = [];
    const body = rows.rows.map((row) => {
      const isLate = row.t_ms !== undefined && row.t_ms - first >= LATE_MS;
      const fills = (row.referenced_by || []).map((from) => {
        const source = byId.get(from);
        const ref = source && source.references.find((r) => r.target !== null && r.target !== undefined
          && r.target.toString(16) === row.id && /^\$[L@]/.test(r.text));
        return ref ? { from, text: ref.text } : null;
      }).filter(Boolean);
      if (isLate) late.push({ row, fills });
      const refs = el('td', {}, []);
      row.references.forEach((ref, i) => { if (i) refs.append(' '); refs.append(refLink(ref)); });
      const filled = el('td', {}, []);
      fills.forEach((fill, i) => {
        if (i) filled.append(', ');
        const link = el('a', { href: '#' + prefix + fill.from, class: 'wire-ref', text: `${fill.text} in row ${fill.from}` });
        link.addEventListener('click', goTo(fill.from));
        filled.append(link);
      });
      return el('tr', { id: row.id !== undefined ? prefix + row.id : null, tabindex: '-1',
        class: isLate ? 'wire-late' : null, 'data-flight-row': row.id, 'data-kind': row.kind }, [
        el('th', { scope: 'row' }, [el('code', { text: row.id === undefined ? '?' : row.id })]),
        el('td', { text: kindWords(row.kind) }),
        el('td', { class: 'wire-time', text: row.t_ms === undefined ? '–'
          : fmtMs(row.t_ms) + (isLate ? ' (late)' : '') }),
        el('td', {}, [el('span', { text: row.meaning }),
          row.excerpt ? el('code', { class: 'wire-excerpt', text: row.excerpt }) : null]),
        refs,
        filled,
      ]);
    });
    const where = rows.source === 'inline_scripts'
      ? "read from the page's self.__next_f.push scripts" : 'read from the text/x-component body';
    const story = late.length === 0 ? `${rows.rows.length} rows, ${where}; all arrived at once.`
      : `${rows.rows.length} rows, ${where}. The shell arrived at ${fmtMs(first)}; ` + late.map(({ row, fills }) =>
        `row ${row.id} came ${fmtMs(row.t_ms - first)} later` + (fills.length
          ? ` and fills placeholder ${fills.map((f) => `${f.text} of row ${f.from}`).join(', ')}` : '')).join('; ') + '.';
    const head = el('tr', {}, ['Row', 'Kind', 'Arrived', 'Meaning', 'References', 'Fills']
      .map((name) => el('th', { scope: 'col', text: name })));
    return el('div', { class: 'wire-rows' }, [
      el('p', { class: 'wire-note', text: story }),
      el('div', { class: 'wire-scroll', role: 'group', 'aria-label': 'Flight rows', tabindex: '0' }, [
        el('table', { class: 'wire-table' }, [el('thead', {}, [head]), el('tbody', {}, body)])]),
    ]);
  }

  // The chunk timeline drawn by traffic.js gets, on each chunk, the rows it carried.
  function markTimeline(container, rows) {
    const items = container.querySelectorAll('.traffic-timeline > li');
    items.forEach((item, i) => {
      const ids = (rows.chunk_rows || [])[i] || [];
      if (ids.length === 0 || item.querySelector('.wire-chunk-rows')) return;
      const shown = ids.length > 8 ? ids.slice(0, 8).join(', ') + ` … (${ids.length})` : ids.join(', ');
      item.append(el('span', { class: 'wire-chunk-rows', text: `rows ${shown}` }));
    });
  }

  // ---------------------------------------------------------------- Action

  function valueTable(values, caption) {
    if (values.length === 0) return null;
    const head = el('tr', {}, ['Value', 'typeof', 'As the action sees it', 'String(x)']
      .map((name) => el('th', { scope: 'col', text: name })));
    return el('table', { class: 'wire-table' }, [el('caption', { text: caption }), el('thead', {}, [head]),
      el('tbody', {}, values.map((v) => el('tr', {}, [el('th', { scope: 'row', text: v.label }),
        el('td', {}, [el('code', { text: v.type_of })]), el('td', {}, [el('code', { text: v.shown })]),
        el('td', {}, [el('code', { text: v.string })])])))]);
  }

  function actionView(action) {
    const known = action.action;
    const item = (term, ...details) => [el('dt', { text: term }), el('dd', {}, details)];
    const list = el('dl', { class: 'wire-facts' }, [
      ...item('Action', known ? el('span', {}, [el('code', { text: known.name }), ` in ${known.file} (example ${known.example})`])
        : 'not one of the book\'s examples (Next.js would answer "Server action not found")'),
      ...item('Id', el('code', { class: 'wire-break', text: action.id || '(none)' })),
      ...item('First byte', action.id_info || 'not two hex digits: not an id Next.js makes'),
      ...item('Called', action.how === 'fetch'
        ? 'with JavaScript: a POST with the Next-Action header, arguments encoded by React'
        : 'by a form without JavaScript: the action is named in the form\'s field names'),
    ]);
    const parts = [list];
    if (action.decode_error) parts.push(el('p', { class: 'wire-warning', text: 'Arguments not decoded: ' + action.decode_error }));
    parts.push(valueTable(action.bound, 'Bound values (they come first)'));
    parts.push(valueTable(action.arguments, 'Arguments'));
    if (action.result) {
      parts.push(el('p', {}, [el('strong', { text: 'Result: ' }), `row ${action.result.row}, ${action.result.meaning} `,
        el('code', { class: 'wire-break', text: action.result.excerpt })]));
    }
    if (action.answer_headers.length) {
      parts.push(el('ul', { class: 'wire-list' }, action.answer_headers.map((h) => el('li', {}, [
        el('code', { text: `${h.name}: ${h.value}` }), ' — ' + h.text]))));
    }
    // A group, not a landmark: a chapter has many of these.
    return el('div', { class: 'wire-action', role: 'group', 'data-action-id': action.id, 'aria-label': 'Server Action call' }, parts);
  }

  // ---------------------------------------------------------------- Headers

  function appendixLink(hint) {
    return el('a', { href: `${rootPath()}appendix/headers.html#${hint.anchor}`, text: 'In the appendix' });
  }

  // Every header name in traffic.js's tables that the book explains becomes
  // focusable and shows its explanation on focus and hover.
  function explainHeaderCells(container, hints) {
    const byName = new Map(hints.map((h) => [h.name, h]));
    container.querySelectorAll('table.traffic-headers th[scope=row]').forEach((th) => {
      const hint = byName.get(th.textContent.trim().toLowerCase());
      if (!hint || th.dataset.header) return;
      const tipId = `wire-${++uid}-tip`;
      const name = th.textContent;
      th.dataset.header = hint.name;
      th.classList.add('wire-explained');
      th.replaceChildren(
        el('span', { class: 'wire-hname', tabindex: '0', 'aria-describedby': tipId, text: name }),
        el('span', { class: 'wire-tip', role: 'tooltip', id: tipId }, [hint.text + ' ', appendixLink(hint)]));
    });
  }

  function headersView(ex, hints) {
    const byName = new Map(hints.map((h) => [h.name, h]));
    const section = (title, headers) => el('div', {}, [el('p', { class: 'wire-label', text: title }),
      el('dl', { class: 'wire-facts' }, (headers || []).flatMap(([name, value]) => {
        const hint = byName.get(name.toLowerCase());
        return [el('dt', { 'data-header': hint ? hint.name : null }, [el('code', { text: `${name}: ${value}` })]),
          el('dd', {}, hint ? [hint.text + ' ', appendixLink(hint)] : ['Not one the book explains.'])];
      }))]);
    return el('div', {}, [section('Request headers', ex.request.headers),
      ex.response ? section('Response headers', ex.response.headers) : null]);
  }

  // ---------------------------------------------------------------- Raw

  function bodyText(body) {
    if (!body || body.size === 0) return '';
    if (body.text !== undefined) return body.text;
    const raw = atob(body.base64 || '');
    return Array.from(raw.slice(0, 512), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ')
      + (raw.length > 512 ? ' …' : '') + '  (binary, shown as hex)';
  }

  function cut(text) {
    return text.length > RAW_CHARS ? text.slice(0, RAW_CHARS) + `… (${text.length - RAW_CHARS} more characters)` : text;
  }

  // The messages as they crossed the wire: the start line, header lines, an empty
  // line, the body; a chunked body with each chunk's size line (hex) before it.
  function rawView(ex) {
    const req = ex.request;
    const lines = [`${req.method} ${req.path} HTTP/1.1`, ...(req.headers || []).map(([n, v]) => `${n}: ${v}`), ''];
    const reqBody = bodyText(req.body);
    const out = [lines.join('\n') + '\n' + cut(reqBody)];
    const res = ex.response;
    if (res) {
      const head = [`${res.version} ${res.status} ${res.reason}`, ...res.headers.map(([n, v]) => `${n}: ${v}`), ''];
      let text = head.join('\n') + '\n';
      const chunked = res.headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && /chunked/i.test(v));
      if (chunked && res.body.text !== undefined) {
        const bytes = new TextEncoder().encode(res.body.text);
        let offset = 0;
        for (const chunk of ex.chunks || []) {
          const piece = new TextDecoder().decode(bytes.slice(offset, offset + chunk.size));
          offset += chunk.size;
          text += `${chunk.size.toString(16)}        ← chunk size in hex: ${chunk.size} bytes, at ${fmtMs(chunk.t_ms)}\n${cut(piece)}\n`;
        }
        text += '0        ← the last chunk: the body ends here\n';
      } else {
        text += cut(bodyText(res.body));
      }
      out.push(text);
    }
    if (res && res.body.truncated) out.push('(the recording kept only the start of this body)');
    return el('pre', { class: 'wire-raw', text: out.join('\n') });
  }

  // ---------------------------------------------------------------- Diff

  // `diff.versions`: two Next.js versions compared (`{{#traffic-diff}}`), where every
  // difference is the point, so there is no "Accepted?" column.
  function diffTable(diff) {
    if (!diff.items.length) {
      return el('p', { class: 'wire-note', text: `${diff.left} and ${diff.right} agree on status, headers that carry meaning, framing, body shape, timing and rows.` });
    }
    const columns = ['What', diff.left, diff.right].concat(diff.versions ? [] : ['Accepted?']);
    const head = el('tr', {}, columns.map((name) => el('th', { scope: 'col', text: name })));
    const rows = diff.items.map((item) => el('tr', { class: item.accepted || diff.versions ? 'wire-accepted' : 'wire-differs', 'data-aspect': item.aspect }, [
      el('th', { scope: 'row' }, [el('code', { text: item.aspect })]),
      el('td', {}, [el('code', { class: 'wire-break', text: item.left || '(none)' })]),
      el('td', {}, [el('code', { class: 'wire-break', text: item.right || '(none)' })]),
      diff.versions ? null
        : el('td', { text: item.accepted ? 'Yes: ' + item.accepted : 'No: a difference the model does not explain' }),
    ]));
    const accepted = diff.items.filter((i) => i.accepted).length;
    const count = diff.versions ? `${diff.items.length} differences between the two versions.`
      : `${diff.items.length} differences, ${accepted} accepted with a reason.`;
    return el('div', {}, [
      el('p', { class: 'wire-note', text: count }),
      el('div', { class: 'wire-scroll', role: 'group', 'aria-label': `${diff.left} vs ${diff.right}`, tabindex: '0' }, [
        el('table', { class: 'wire-table wire-diff' }, [el('thead', {}, [head]), el('tbody', {}, rows)])])]);
  }

  // A live exchange is compared with the recording of the same scenario, by the playground.
  function liveDiff(ex, data) {
    const holder = el('div', { 'aria-live': 'polite' }, [el('p', { class: 'wire-note', text: 'Comparing with the recording…' })]);
    const url = `/__playground/exchanges/${encodeURIComponent(ex.id)}.diff?example=${encodeURIComponent(data.example)}`
      + `&scenario=${encodeURIComponent(data.scenario)}`;
    getJson(url).then((diff) => holder.replaceChildren(diffTable(diff)))
      .catch((e) => holder.replaceChildren(el('p', { class: 'wire-warning', text: 'No diff: ' + e.message })));
    return holder;
  }

  // ---------------------------------------------------------------- one exchange

  // GETs JSON from the playground; an {"error"} answer becomes the rejection's message.
  function getJson(url) {
    return fetch(url, { cache: 'no-store' }).then((r) => r.json().catch(() => ({})).then((json) => {
      if (!r.ok) throw new Error(json.error || `the playground answered ${r.status}`);
      return json;
    }));
  }

  // `hints`: the header explanations (a recorded panel carries them once for both
  // of its recordings; a live exchange's come with its decoded view).
  // `versions`: a panel of two Next.js versions, where the Diff is the point: it
  // comes first and open.
  function addViews(container, ex, decoded, hints, diffBuild, versions) {
    const views = [];
    if (diffBuild && versions) views.push({ name: 'Diff', build: diffBuild });
    if (decoded.rows) {
      views.push({ name: 'Rows', build: () => rowsView(decoded.rows) });
      markTimeline(container, decoded.rows);
    } else if (decoded.rows_error) {
      views.push({ name: 'Rows', build: () => el('p', { class: 'wire-warning', text: 'The rows could not be read: ' + decoded.rows_error }) });
    }
    if (decoded.action) views.push({ name: 'Action', build: () => actionView(decoded.action) });
    views.push({ name: 'Headers', build: () => headersView(ex, hints) });
    views.push({ name: 'Raw', build: () => rawView(ex) });
    if (diffBuild && !versions) views.push({ name: 'Diff', build: diffBuild });
    explainHeaderCells(container, hints);
    // Open where there is a payload to read (Flight rows, an action call); folded on
    // plain answers, whose headers and body the exchange above already shows.
    const names = views.map((v) => v.name).join(', ');
    container.append(el('details', { class: 'wire-views-holder', open: Boolean(decoded.rows || decoded.action || versions) }, [
      el('summary', { text: `Read it for me: ${names}` }), viewSwitch(views, 'Ways to read this exchange')]));
  }

  // Called by traffic.js for every tab it draws. `context`: { tab: {label, exchange,
  // decoded?, side?}, data: the panel data, live: under the playground? }.
  function decorate(container, context) {
    const { tab, data } = context;
    if (context.live) ensureHistory();
    const ex = tab.exchange;
    const isLive = tab.label === 'Live';
    const recorded = data.decoded || {};
    const decoded = isLive ? null : (ex === data.ours ? recorded.ours : recorded.next);
    const diffBuild = isLive ? () => liveDiff(ex, data) : (data.diff ? () => diffTable(data.diff) : null);
    if (decoded) return addViews(container, ex, decoded, data.headers || [], diffBuild, Boolean(data.versions));
    // A live answer still arriving has no record yet: its views come with the last line.
    if (!isLive || ex.id === undefined || ex.streaming) return undefined;
    // A live exchange: the playground decodes it.
    getJson(`/__playground/exchanges/${encodeURIComponent(ex.id)}.decoded`)
      .then((decodedLive) => addViews(container, ex, decodedLive, decodedLive.headers || [], diffBuild))
      .catch((e) => container.append(el('p', { class: 'wire-warning', text: 'No decoded view: ' + e.message })));
    return undefined;
  }

  // ---------------------------------------------------------------- History

  let history = null;

  // The list and the event stream give either whole exchanges or one-line summaries
  // of them (id, example, method, path, status, total_ms); the History needs the latter.
  function summaryOf(item) {
    if (!item.request) return item;
    const res = item.response;
    const find = (name) => ((item.request.headers || []).find((h) => h[0].toLowerCase() === name) || [])[1];
    return { id: item.id, example: item.example, method: item.request.method, path: item.request.path,
      status: res ? res.status : null, total_ms: res ? res.total_ms : null,
      next_action: Boolean(find('next-action')), rsc: find('rsc') === '1' };
  }

  // One History region per page, above the chapter: what this playground saw,
  // filterable, each entry opening in the viewer below the list.
  function ensureHistory() {
    if (history || !document.querySelector('main')) return;
    const filters = {
      example: el('select', { 'aria-label': 'Example' }, [el('option', { value: '', text: 'every example' })]),
      method: el('select', { 'aria-label': 'Method' }, ['', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']
        .map((m) => el('option', { value: m, text: m || 'every method' }))),
      status: el('select', { 'aria-label': 'Status' }, ['', '2', '3', '4', '5']
        .map((s) => el('option', { value: s, text: s ? s + 'xx' : 'every status' }))),
      text: el('input', { type: 'search', 'aria-label': 'Text in the path', placeholder: 'text in the path' }),
    };
    const list = el('ol', { class: 'wire-history-list', 'aria-label': 'Exchanges, newest first' });
    const announce = el('p', { class: 'wire-note', 'aria-live': 'polite' });
    const viewer = el('div', { class: 'wire-history-viewer' });
    const region = keepKeysInside(el('details', { class: 'wire-history', open: true }, [
      el('summary', { text: 'History' }),
      el('section', { role: 'region', 'aria-label': 'History' }, [
        el('p', { class: 'wire-note', text: 'What the playground saw: Send from any panel, and pages opened through /x/<example>/ (navigations, RSC fetches, form posts) as they happen.' }),
        el('div', { class: 'wire-filters' }, Object.values(filters)), announce, list, viewer]),
    ]));
    document.querySelector('main').prepend(region);
    history = { items: [], filters, list, announce, viewer, examples: new Set() };
    Object.values(filters).forEach((f) => f.addEventListener('input', drawHistory));
    getJson(`/__playground/exchanges?limit=${HISTORY_SHOWN}`)
      .then((items) => { items.map(summaryOf).reverse().forEach(addSummary); drawHistory(); })
      .catch((e) => { announce.textContent = 'Could not read the history: ' + e.message; });
    if (window.EventSource) {
      new EventSource('/__playground/events').addEventListener('exchange', (event) => {
        let item;
        try { item = JSON.parse(event.data); } catch (e) { return; }
        const summary = summaryOf(item);
        addSummary(summary);
        drawHistory();
        history.announce.textContent = `New: ${summary.method} ${summary.path} → ${summary.status || 'no answer'}`;
      });
    }
  }

  function addSummary(summary) {
    if (history.items.some((s) => s.id === summary.id)) return;
    history.items.unshift(summary);
    if (!history.examples.has(summary.example)) {
      history.examples.add(summary.example);
      history.filters.example.append(el('option', { value: summary.example, text: summary.example }));
    }
  }

  function drawHistory() {
    const f = history.filters;
    const text = f.text.value.trim().toLowerCase();
    const shown = history.items.filter((s) => (!f.example.value || s.example === f.example.value)
      && (!f.method.value || s.method === f.method.value)
      && (!f.status.value || String(s.status || '').startsWith(f.status.value))
      && (!text || s.path.toLowerCase().includes(text))).slice(0, HISTORY_SHOWN);
    history.list.replaceChildren(...shown.map((s) => {
      const what = s.next_action ? ' (action call)' : s.rsc ? ' (RSC fetch)' : '';
      const button = el('button', { type: 'button', class: 'wire-history-item', 'data-exchange-id': String(s.id) }, [
        el('code', { text: `${s.method} ${s.path}` }),
        ` → ${s.status || 'no answer'}${what} · ${s.example}${s.total_ms !== null && s.total_ms !== undefined ? ' · ' + fmtMs(s.total_ms) : ''}`]);
      button.addEventListener('click', () => openExchange(s.id));
      return el('li', {}, [button]);
    }));
  }

  // Opens one exchange of the History in the same viewer the panels use.
  function openExchange(id) {
    const viewer = history.viewer;
    viewer.replaceChildren(el('p', { class: 'wire-note', text: 'Loading…' }));
    const url = `/__playground/exchanges/${encodeURIComponent(id)}`;
    Promise.all([getJson(url), getJson(url + '.decoded')])
      .then(([ex, decoded]) => {
        const panels = window.trafficPanels;
        const view = panels && panels.exchangeView ? panels.exchangeView(ex, ex.example, null) : el('div');
        const box = el('div', { class: 'traffic-rich wire-history-exchange', tabindex: '-1',
          'aria-label': `Exchange ${id}` }, [view]);
        viewer.replaceChildren(box);
        addViews(view, ex, decoded, decoded.headers || [], null);
        box.focus();
      })
      .catch((e) => viewer.replaceChildren(el('p', { class: 'wire-warning', text: 'Could not open it: ' + e.message })));
  }

  window.wireViews = { decorate };
  // traffic.js may have drawn its panels before this file loaded: draw them again.
  if (window.trafficPanels && document.querySelector('.traffic-rich')) window.trafficPanels.renderAll();
})();
