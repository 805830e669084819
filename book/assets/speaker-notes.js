// Speaker notes in a window of their own, for teaching with a projector: the book is
// mirrored on the wall, the notes stay on the laptop's screen.
//
// Pages with notes (`<details class="speaker-notes">`, see the instructor guide) get a
// "Pop out speaker notes" button inside them. It opens assets/speaker-notes-window.html,
// which shows the notes of whichever book page the instructor is on and follows along
// as they move through the book. The pages tell the window through localStorage: each
// page writes its notes under one key when it is shown, and the window hears the
// `storage` event. That needs no server and no reference between the windows, so it
// also works on the static site and from file:// pages, and it survives the page
// navigating away, which a `window.opener` link would not.
(function () {
  'use strict';

  const { el, keepKeysInside } = window.wireDom;

  // Shared with speaker-notes-window.js.
  const NOTES_KEY = 'nextjs-on-the-wire:speaker-notes';
  const WINDOW_OPEN_KEY = 'nextjs-on-the-wire:speaker-notes-window';
  const WINDOW_NAME = 'nextjs-on-the-wire-speaker-notes';

  // mdBook defines path_to_root on every page ("../" in a sub-folder).
  const root = typeof path_to_root === 'string' ? path_to_root : '';

  const notes = [...document.querySelectorAll('details.speaker-notes')];

  // The notes as the window shows them: each block's content without its summary
  // and without our button. It is the book's own HTML, rendered from its Markdown.
  function notesHtml() {
    if (notes.length === 0) return null;
    return notes.map((details) => {
      const copy = details.cloneNode(true);
      copy.querySelectorAll('summary, .speaker-notes-popout').forEach((node) => node.remove());
      return copy.innerHTML;
    }).join('<hr>');
  }

  function windowIsOpen() {
    try { return localStorage.getItem(WINDOW_OPEN_KEY) === 'open'; } catch (e) { return false; }
  }

  // Tell the window which page is in front now (also a page without notes, so the
  // window does not keep showing the previous chapter's).
  function publish() {
    if (!windowIsOpen() || document.visibilityState === 'hidden') return;
    const title = (document.querySelector('main h1') || document).textContent || document.title;
    const message = { title: title.trim(), url: location.href, notes: notesHtml(), at: Date.now() };
    try { localStorage.setItem(NOTES_KEY, JSON.stringify(message)); } catch (e) { /* no storage: no window */ }
  }

  function popOut() {
    try { localStorage.setItem(WINDOW_OPEN_KEY, 'open'); } catch (e) { /* the window says it cannot follow */ }
    publish();
    const opened = window.open(`${root}assets/speaker-notes-window.html`, WINDOW_NAME, 'popup,width=560,height=720');
    if (opened) opened.focus();
  }

  for (const details of notes) {
    const button = el('button', { type: 'button', class: 'speaker-notes-popout', text: 'Pop out speaker notes',
      title: 'Open the notes in a small window that follows this book as you move through it' });
    button.addEventListener('click', popOut);
    // mdBook's arrow-key chapter shortcuts must not fire while the button has the focus.
    const summary = details.querySelector('summary');
    if (summary) summary.after(keepKeysInside(button));
    else details.prepend(keepKeysInside(button));
  }

  publish();
  document.addEventListener('visibilitychange', publish);
  window.addEventListener('focus', publish);
})();
