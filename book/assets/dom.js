// The few DOM helpers every widget of "Next.js on the Wire" shares: the traffic
// panels (traffic.js), their decoded views (wire-views.js) and the quizzes
// (quiz.js). Loaded before them (book.toml's additional-js), it defines
// `window.wireDom`.
(function () {
  'use strict';

  // Builds an element. String children become text nodes, so recorded data is never
  // parsed as HTML; only `html` (markup book-tools rendered from the book's own
  // Markdown) sets markup. `null`, `undefined` and `false` children are skipped, so
  // `condition && el(…)` reads naturally.
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else if (name === 'html') node.innerHTML = value;
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  // mdBook listens for keys on the whole document: ArrowLeft/ArrowRight load the
  // previous or next chapter, `?` opens its help, `s` and `/` open search. Inside our
  // widgets those keys belong to us (tabs, radios, scrolling a body, typing a path
  // with a query string), so no key pressed inside one may reach the document. The
  // browser's own handling of the key (typing, scrolling) still happens.
  function keepKeysInside(node) {
    node.addEventListener('keydown', (event) => event.stopPropagation());
    return node;
  }

  // Milliseconds with one decimal when small, so 3.2 ms and 805 ms both read well.
  function fmtMs(ms) {
    return (ms < 10 ? ms.toFixed(1) : String(Math.round(ms))) + ' ms';
  }

  window.wireDom = { el, keepKeysInside, fmtMs };
})();
