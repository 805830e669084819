// The speaker-notes window (opened by speaker-notes.js): shows the notes of the book
// page the instructor has in front, and follows as they navigate. Book pages write
// their notes to localStorage; this window reads them now and on every `storage`
// event. It is not an mdBook page, so none of mdBook's keyboard shortcuts run here.
(function () {
  'use strict';

  // Shared with speaker-notes.js.
  const NOTES_KEY = 'nextjs-on-the-wire:speaker-notes';
  const WINDOW_OPEN_KEY = 'nextjs-on-the-wire:speaker-notes-window';
  const DARK_THEMES = ['coal', 'navy', 'ayu'];

  const title = document.getElementById('notes-title');
  const body = document.getElementById('notes-body');

  function read(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  function show(raw) {
    let message = null;
    try { message = JSON.parse(raw); } catch (e) { /* nothing published yet */ }
    if (!message || typeof message.title !== 'string') return;
    title.textContent = message.title;
    document.title = `Notes: ${message.title}`;
    if (typeof message.notes === 'string') {
      // The book's own HTML, copied from its page on this same site.
      body.innerHTML = message.notes;
    } else {
      const empty = document.createElement('p');
      empty.className = 'notes-empty';
      empty.textContent = 'This page has no speaker notes.';
      body.replaceChildren(empty);
    }
  }

  // The book's theme (mdBook keeps it in localStorage), or the system's preference.
  function applyTheme() {
    const theme = read('mdbook-theme');
    const dark = theme ? DARK_THEMES.includes(theme.replace(/"/g, '')) : matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.classList.toggle('notes-dark', dark);
  }

  try {
    localStorage.setItem(WINDOW_OPEN_KEY, 'open');
  } catch (e) {
    body.textContent = 'This browser keeps no local storage here (private mode?), so the notes cannot follow the book.';
  }
  window.addEventListener('pagehide', () => {
    try { localStorage.removeItem(WINDOW_OPEN_KEY); } catch (e) { /* nothing to undo */ }
  });
  window.addEventListener('storage', (event) => {
    if (event.key === NOTES_KEY) show(event.newValue);
    if (event.key === 'mdbook-theme') applyTheme();
  });
  applyTheme();
  show(read(NOTES_KEY));
})();
