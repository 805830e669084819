// Code blocks and tables wider than the page scroll sideways. A mouse or touch user
// can scroll them; a keyboard user can only if the box takes the focus. So every
// such box that overflows gets into the Tab order, with a name that says what it is
// (axe's "scrollable-region-focusable"). Boxes that fit stay out of the Tab order:
// a page of small code blocks should not cost a Tab press each.
//
// mdBook draws code as <pre><code class="hljs"> (the <code> scrolls) and wraps each
// Markdown table in <div class="table-wrapper">. Our panels make their own bodies
// focusable (traffic.js).
(function () {
  'use strict';

  const BOXES = [
    ['#content pre > code', 'Code (scrolls sideways)'],
    ['#content .table-wrapper', 'Table (scrolls sideways)'],
  ];

  function mark() {
    for (const [selector, name] of BOXES) {
      for (const box of document.querySelectorAll(selector)) {
        const overflows = box.scrollWidth > box.clientWidth + 1;
        if (overflows && !box.hasAttribute('tabindex')) {
          box.setAttribute('tabindex', '0');
          box.setAttribute('role', 'group');
          box.setAttribute('aria-label', name);
          box.dataset.scrollRegion = '';
        } else if (!overflows && box.dataset.scrollRegion !== undefined) {
          for (const attribute of ['tabindex', 'role', 'aria-label', 'data-scroll-region']) {
            box.removeAttribute(attribute);
          }
        }
      }
    }
  }

  // Again after a resize (a phone turned sideways), at most every 200 ms.
  let pending = null;
  window.addEventListener('resize', () => {
    clearTimeout(pending);
    pending = setTimeout(mark, 200);
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mark);
  else mark();
})();
