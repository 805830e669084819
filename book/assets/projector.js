// The instructor's projector page (/__playground/projector?token=…): the class's
// traffic and shared answers, live, for a wall everyone reads.
//
// Everything arrives on one event stream, /__playground/projector/events: `answers`
// carries every question's and check's counts after each change, `exchange` one
// anonymised exchange (who is "student N", the request line with personal query
// values hidden, the status; never a header or a body: the server leaves them out).
// The filters are ordinary <select>s, so Tab and the arrow keys work on them.
(function () {
  'use strict';

  const { el } = window.wireDom;

  /// The rows kept on screen: a projector shows the latest, not the whole history.
  const MAX_ROWS = 200;
  const THEME_KEY = 'nextjs-on-the-wire:projector-theme';

  const token = new URLSearchParams(location.search).get('token') || '';
  const withToken = (path) => `${path}?token=${encodeURIComponent(token)}`;
  const $ = (id) => document.getElementById(id);
  const letter = (i) => String.fromCharCode(65 + i);

  const status = $('projector-status');
  const rows = $('projector-rows');
  const filters = { example: $('filter-example'), method: $('filter-method'), status: $('filter-status') };
  const exchanges = [];

  // ---- light and dark ----

  function applyTheme(theme) {
    const dark = theme === 'dark' || (theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
    document.documentElement.classList.toggle('projector-dark', dark);
    document.documentElement.classList.toggle('projector-light', !dark);
    $('projector-theme').textContent = dark ? 'Light' : 'Dark';
    $('projector-theme').setAttribute('aria-label', dark ? 'Switch to the light theme' : 'Switch to the dark theme');
  }
  let theme = null;
  try { theme = localStorage.getItem(THEME_KEY); } catch (e) { /* no storage: follow the system */ }
  applyTheme(theme);
  $('projector-theme').addEventListener('click', () => {
    theme = document.documentElement.classList.contains('projector-dark') ? 'light' : 'dark';
    try { localStorage.setItem(THEME_KEY, theme); } catch (e) { /* keep it for this visit */ }
    applyTheme(theme);
  });

  // ---- shared answers ----

  function bar(label, count, total, cls) {
    const width = total > 0 ? Math.round((100 * count) / total) : 0;
    return el('div', { class: `projector-bar-row ${cls || ''}` }, [
      el('span', { text: label }),
      el('div', { class: 'projector-bar-track', role: 'presentation' }, [
        el('div', { class: 'projector-bar', style: `width: ${width}%` }),
      ]),
      el('span', { class: 'projector-count', text: String(count) }),
    ]);
  }

  function quizBoard(board) {
    const options = Object.keys(board.chosen).map(Number);
    const highest = Math.max(3, ...options, ...board.right_options);
    const bars = [];
    for (let i = 0; i <= highest; i += 1) {
      const right = board.right_options.includes(i);
      bars.push(bar(`${letter(i)}${right ? ' ✓ right' : ''}`, board.chosen[i] || 0, board.answers,
        right ? 'projector-right' : ''));
    }
    return {
      title: `${board.chapter}, question ${board.question}`,
      summary: `${board.answers} shared, ${board.right} right`,
      bars,
    };
  }

  function checkBoard(board) {
    const total = board.passed + board.failed;
    return {
      title: `${board.exercise}: ${board.check}`,
      summary: `${total} runs shared`,
      bars: [bar('passed', board.passed, total, 'projector-right'), bar('failed', board.failed, total, 'projector-failed')],
    };
  }

  async function reset(board, title) {
    const response = await fetch(withToken('/__playground/projector/reset'), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: board.id }),
    });
    status.textContent = response.ok ? `Reset: ${title}.` : `Could not reset ${title} (${response.status}).`;
  }

  function drawBoards(boards) {
    const holder = $('projector-boards');
    if (boards.length === 0) {
      holder.replaceChildren(el('p', { class: 'projector-empty',
        text: 'No shared answers yet. Students share theirs with the button under a checked quiz, or with check --share.' }));
      return;
    }
    // Keep the keyboard where it was: a reset button redrawn under the focus.
    const focused = document.activeElement && document.activeElement.dataset.board;
    holder.replaceChildren(...boards.map((board) => {
      const view = board.kind === 'quiz' ? quizBoard(board) : checkBoard(board);
      const button = el('button', { type: 'button', class: 'projector-button', text: 'Reset',
        'aria-label': `Reset ${view.title}`, 'data-board': board.id });
      button.addEventListener('click', () => reset(board, view.title));
      return el('section', { class: 'projector-board' }, [
        el('div', { class: 'projector-board-head' }, [el('h3', { text: view.title }), button]),
        el('p', { class: 'projector-board-summary', text: view.summary }),
        ...view.bars,
      ]);
    }));
    if (focused) {
      const again = holder.querySelector(`[data-board="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  // ---- traffic ----

  const statusClass = (ex) => (ex.failed || ex.status === null ? 'failed' : String(ex.status)[0]);

  function shown(ex) {
    return (!filters.example.value || ex.example === filters.example.value)
      && (!filters.method.value || ex.method === filters.method.value)
      && (!filters.status.value || statusClass(ex) === filters.status.value);
  }

  function row(ex) {
    const cls = statusClass(ex);
    const kind = ex.next_action ? ' (action)' : ex.rsc ? ' (RSC)' : '';
    return el('tr', {}, [
      el('td', { text: ex.student }),
      el('td', { text: ex.example }),
      el('td', { class: 'projector-request projector-mono', text: `${ex.method} ${ex.path}${kind}` }),
      el('td', { class: `projector-status-${cls}`, text: cls === 'failed' ? 'no answer' : String(ex.status) }),
      el('td', { text: ex.total_ms === null ? '–' : window.wireDom.fmtMs(ex.total_ms) }),
      el('td', { text: ex.response_size === null ? '–' : `${ex.response_size} B` }),
    ]);
  }

  function drawRows() {
    rows.replaceChildren(...exchanges.filter(shown).map(row));
  }

  // A new value in a filter's list, kept sorted.
  function offer(select, value) {
    if ([...select.options].some((o) => o.value === value)) return;
    const options = [...select.options].slice(1).map((o) => o.value).concat(value).sort();
    select.replaceChildren(select.options[0], ...options.map((v) => el('option', { value: v, text: v })));
  }

  function addExchange(ex) {
    exchanges.unshift(ex);
    if (exchanges.length > MAX_ROWS) exchanges.pop();
    const selected = { example: filters.example.value, method: filters.method.value };
    offer(filters.example, ex.example);
    offer(filters.method, ex.method);
    filters.example.value = selected.example;
    filters.method.value = selected.method;
    if (shown(ex)) {
      rows.prepend(row(ex));
      while (rows.children.length > MAX_ROWS) rows.lastChild.remove();
    }
  }

  for (const select of Object.values(filters)) select.addEventListener('change', drawRows);
  $('projector-filters').addEventListener('submit', (event) => event.preventDefault());

  // ---- the stream ----

  const events = new EventSource(withToken('/__playground/projector/events'));
  events.addEventListener('open', () => { status.textContent = 'Live.'; });
  events.addEventListener('error', () => {
    status.textContent = 'Not connected: is the playground still running? Retrying…';
  });
  events.addEventListener('answers', (event) => drawBoards(JSON.parse(event.data)));
  events.addEventListener('exchange', (event) => addExchange(JSON.parse(event.data)));
})();
