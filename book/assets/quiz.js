// Quizzes for "Next.js on the Wire".
//
// Each `.quiz` in a chapter holds its questions as JSON (in a `<script class="quiz-data">`,
// written by `book-tools` from `book-data/quizzes/<name>.toml`) plus a `<noscript>` list for
// readers without JavaScript. This file turns the JSON into a form: radio buttons per
// question, "Check" to see what was right and why, "Try again" to start over.
//
// The reader's choices are kept in localStorage, so a reload (or a later visit) shows
// them again. Nothing is sent anywhere unless the reader asks: in a classroom (a
// playground started with --classroom, which says so at /__playground/info) a checked
// quiz offers "Share my answer with the class", which posts the chosen letters and
// whether they were right, no name, for the instructor's projector to count. On the
// static site and in a learner's own playground the button never appears.
//
// The prompts, choices and explanations are HTML that book-tools rendered from the
// book's own Markdown, so they are inserted as HTML; nothing else is. A "predict the
// wire" question also carries a recorded request and response as plain text: the
// request is shown under the prompt, the response once the reader checks.
//
// A `.quiz-review` (the review page) lists every quiz of the book with the answers
// saved here, and a reset per chapter.
(function () {
  'use strict';

  const { el, keepKeysInside } = window.wireDom;

  const STORAGE_PREFIX = 'nextjs-on-the-wire:quiz:';
  const SHARE_LABEL = 'Share my answer with the class';
  let quizCount = 0; // gives every quiz unique ids for its inputs

  // What we remember for one quiz: the chosen index per question (or null), and
  // whether the reader pressed Check. Private browsing may refuse storage: then the
  // quiz simply forgets, it never breaks.
  function loadSaved(name, count) {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORAGE_PREFIX + name)); } catch (e) { /* forget */ }
    const answers = Array.from({ length: count }, (_, i) => {
      const a = saved && Array.isArray(saved.answers) ? saved.answers[i] : null;
      return Number.isInteger(a) ? a : null;
    });
    return { answers, checked: Boolean(saved && saved.checked), shared: Boolean(saved && saved.shared) };
  }

  function save(quiz) {
    try {
      localStorage.setItem(STORAGE_PREFIX + quiz.data.name,
        JSON.stringify({ answers: quiz.answers, checked: quiz.checked, shared: quiz.shared }));
    } catch (e) { /* storage full or refused: keep going without it */ }
  }

  function forget(quiz) {
    try { localStorage.removeItem(STORAGE_PREFIX + quiz.data.name); } catch (e) { /* ignore */ }
  }

  const letter = (i) => String.fromCharCode(65 + i); // 0 -> "A"

  // Whether this page may share answers with the class: only a page the playground
  // served (its <meta> marker, see traffic.js) asks, and only once per page.
  let sharingAnswer = null;
  function sharingIsOn() {
    if (!document.querySelector('meta[name="nextjs-on-the-wire-playground"]')) return Promise.resolve(false);
    if (!sharingAnswer) {
      sharingAnswer = fetch('/__playground/info')
        .then((response) => (response.ok ? response.json() : { sharing: false }))
        .then((info) => info.sharing === true)
        .catch(() => false);
    }
    return sharingAnswer;
  }

  // The answered questions as the projector counts them: numbers from 1, letters as indexes.
  function sharedAnswers(quiz) {
    return quiz.data.questions.flatMap((q, qi) => {
      const chosen = quiz.answers[qi];
      return chosen === null ? [] : [{ question: qi + 1, chosen: [chosen], correct: chosen === q.answer }];
    });
  }

  async function share(quiz) {
    const answers = sharedAnswers(quiz);
    if (answers.length === 0) {
      quiz.shareStatus.textContent = 'Answer a question first: there is nothing to share yet.';
      return;
    }
    quiz.shareButton.disabled = true;
    try {
      const response = await fetch('/__playground/share', { method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'quiz', chapter: quiz.data.name, answers }) });
      if (!response.ok) {
        const why = await response.json().catch(() => ({}));
        throw new Error(why.error || `the playground answered ${response.status}`);
      }
      quiz.shared = true;
      save(quiz);
      showShared(quiz);
    } catch (e) {
      quiz.shareButton.disabled = false;
      quiz.shareStatus.textContent = `Not shared: ${e.message}`;
    }
  }

  function showShared(quiz) {
    quiz.shareButton.disabled = true;
    quiz.shareButton.textContent = 'Shared with the class';
    quiz.shareStatus.textContent = 'Your answers are on the projector, without your name.';
  }

  // After Check: the share button, in a classroom only.
  async function offerSharing(quiz) {
    if (!(await sharingIsOn()) || !quiz.checked) return;
    quiz.shareButton.hidden = false;
    if (quiz.shared) showShared(quiz);
  }

  // One question: a fieldset whose legend is the prompt, one labelled radio per
  // choice (so arrow keys move between them), and a feedback area read out when it
  // changes.
  function questionView(quiz, q, qi) {
    const inputs = q.choices.map((choice, ci) => {
      const id = `quiz-${quiz.number}-${qi}-${ci}`;
      const input = el('input', { type: 'radio', id, name: `quiz-${quiz.number}-${qi}`, value: String(ci) });
      input.addEventListener('change', () => {
        quiz.answers[qi] = ci;
        save(quiz);
      });
      const label = el('label', { class: 'quiz-choice', for: id }, [
        input,
        el('span', { class: 'quiz-letter', text: letter(ci) + '.' }),
        el('span', { class: 'quiz-choice-text', html: choice }),
      ]);
      return { input, label };
    });
    const feedback = el('div', { class: 'quiz-feedback', 'aria-live': 'polite' });
    const fieldset = el('fieldset', { class: 'quiz-question' }, [
      el('legend', { class: 'quiz-prompt' }, [
        el('span', { class: 'quiz-number', text: `${qi + 1}. ` }),
        el('span', { html: q.prompt }),
      ]),
      q.predict ? recordedText('quiz-request', `The request (${q.predict.panel}):`, q.predict.request) : null,
      el('div', { class: 'quiz-choices' }, inputs.map((x) => x.label)),
      feedback,
    ]);
    return { fieldset, inputs, feedback };
  }

  // Recorded HTTP text with a caption; plain text, never HTML.
  // A recorded request or answer. Long header lines scroll sideways, so the box takes
  // the focus, as a panel's body does, for keyboard users to scroll it.
  function recordedText(cls, caption, text) {
    return el('div', { class: cls }, [
      el('p', { class: 'quiz-recorded-caption', text: caption }),
      el('pre', { tabindex: '0', role: 'group', 'aria-label': caption, text }),
    ]);
  }

  // Shows, for every question, whether the chosen answer is right and why.
  function showResults(quiz) {
    let right = 0;
    quiz.data.questions.forEach((q, qi) => {
      const view = quiz.views[qi];
      const chosen = quiz.answers[qi];
      view.inputs.forEach(({ input, label }, ci) => {
        input.disabled = true;
        label.classList.toggle('quiz-correct', ci === q.answer);
        label.classList.toggle('quiz-wrong', ci === chosen && ci !== q.answer);
        // Said in words too, not only by the colour of the bar.
        const text = label.querySelector('.quiz-choice-text');
        if (ci === q.answer) text.append(el('span', { class: 'quiz-mark', text: '✓ right answer' }));
        else if (ci === chosen) text.append(el('span', { class: 'quiz-mark', text: '✗ your choice' }));
      });
      let verdict;
      if (chosen === null) {
        verdict = el('p', { class: 'quiz-verdict quiz-verdict-skipped',
          text: `Not answered. The answer is ${letter(q.answer)}.` });
      } else if (chosen === q.answer) {
        right += 1;
        verdict = el('p', { class: 'quiz-verdict quiz-verdict-right', text: '✓ Correct.' });
      } else {
        verdict = el('p', { class: 'quiz-verdict quiz-verdict-wrong',
          text: `✗ Not quite: the answer is ${letter(q.answer)}.` });
      }
      view.feedback.replaceChildren(verdict, el('div', { class: 'quiz-explanation', html: q.explanation }),
        q.predict ? recordedText('quiz-response', `What came back, recorded from ${q.predict.source}:`, q.predict.response) : '');
    });
    quiz.score.textContent = `${right} of ${quiz.data.questions.length} right.`;
    quiz.checkButton.hidden = true;
    quiz.retryButton.hidden = false;
    offerSharing(quiz);
  }

  // Back to a blank quiz, and forget the saved answers.
  function reset(quiz) {
    quiz.answers = quiz.answers.map(() => null);
    quiz.checked = false;
    quiz.shared = false;
    forget(quiz);
    quiz.shareButton.hidden = true;
    quiz.shareButton.disabled = false;
    quiz.shareButton.textContent = SHARE_LABEL;
    quiz.shareStatus.textContent = '';
    for (const view of quiz.views) {
      for (const { input, label } of view.inputs) {
        input.checked = false;
        input.disabled = false;
        label.classList.remove('quiz-correct', 'quiz-wrong');
        label.querySelectorAll('.quiz-mark').forEach((mark) => mark.remove());
      }
      view.feedback.replaceChildren();
    }
    quiz.score.textContent = '';
    quiz.checkButton.hidden = false;
    quiz.retryButton.hidden = true;
    quiz.views[0].inputs[0].input.focus();
  }

  function renderQuiz(root) {
    let data;
    try { data = JSON.parse(root.querySelector('script.quiz-data').textContent); } catch (e) { return; }
    if (root.querySelector('.quiz-rich')) return; // already drawn
    quizCount += 1;
    const saved = loadSaved(data.name, data.questions.length);
    const quiz = { data, number: quizCount, answers: saved.answers, checked: saved.checked, shared: saved.shared,
      score: el('p', { class: 'quiz-score', role: 'status' }),
      shareButton: el('button', { type: 'button', class: 'quiz-button quiz-share', text: SHARE_LABEL, hidden: true }),
      shareStatus: el('p', { class: 'quiz-share-status', role: 'status' }),
      checkButton: el('button', { type: 'button', class: 'quiz-button quiz-check', text: 'Check' }),
      retryButton: el('button', { type: 'button', class: 'quiz-button quiz-retry', text: 'Try again', hidden: true }) };
    quiz.views = data.questions.map((q, qi) => questionView(quiz, q, qi));
    quiz.checkButton.addEventListener('click', () => {
      quiz.checked = true;
      save(quiz);
      showResults(quiz);
      quiz.retryButton.focus();
    });
    quiz.retryButton.addEventListener('click', () => reset(quiz));
    quiz.shareButton.addEventListener('click', () => share(quiz));
    const rich = el('div', { class: 'quiz-rich' }, [
      ...quiz.views.map((v) => v.fieldset),
      el('div', { class: 'quiz-actions' }, [quiz.checkButton, quiz.retryButton, quiz.shareButton, quiz.score]),
      quiz.shareStatus,
    ]);
    // mdBook's document-wide shortcuts (ArrowLeft/ArrowRight change chapter, `?` opens
    // its help) must not fire while the reader moves between radios with the arrows.
    root.append(keepKeysInside(rich));
    // Restore what the reader chose last time, and the results if they had checked.
    quiz.views.forEach((view, qi) => {
      const chosen = quiz.answers[qi];
      if (chosen !== null && view.inputs[chosen]) view.inputs[chosen].input.checked = true;
      else quiz.answers[qi] = null; // an index the quiz no longer has
    });
    if (quiz.checked) showResults(quiz);
  }

  // The review page: every quiz, the reader's saved answers, a reset per chapter.
  function renderReview(root) {
    let data;
    try { data = JSON.parse(root.querySelector('script.quiz-review-data').textContent); } catch (e) { return; }
    if (root.querySelector('.quiz-review-rich')) return;
    const list = el('div', { class: 'quiz-review-rich' });
    const summary = el('p', { class: 'quiz-review-summary', role: 'status' });
    function draw() {
      let answered = 0, right = 0, total = 0;
      list.replaceChildren(...data.quizzes.map((quiz) => {
        const saved = loadSaved(quiz.name, quiz.questions.length);
        total += quiz.questions.length;
        const items = quiz.questions.map((q, qi) => {
          const chosen = saved.answers[qi];
          let verdict;
          if (chosen === null || !q.choices[chosen]) {
            verdict = el('span', { class: 'quiz-review-none', text: 'not answered' });
          } else {
            answered += 1;
            const ok = chosen === q.answer;
            if (ok) right += 1;
            const mark = !saved.checked ? ' (not checked yet)' : ok ? ' ✓ right' : ` ✗ the answer is ${letter(q.answer)}`;
            verdict = el('span', { class: saved.checked ? (ok ? 'quiz-review-right' : 'quiz-review-wrong') : 'quiz-review-open' }, [
              el('span', { text: `${letter(chosen)}. ` }),
              el('span', { html: q.choices[chosen] }),
              el('span', { text: mark }),
            ]);
          }
          return el('li', {}, [el('span', { html: q.prompt }), el('br'), el('span', { text: 'Your answer: ' }), verdict]);
        });
        const resetButton = el('button', { type: 'button', class: 'quiz-button quiz-review-reset',
          text: 'Reset', 'aria-label': `Reset the answers of ${quiz.chapter}` });
        resetButton.addEventListener('click', () => {
          try { localStorage.removeItem(STORAGE_PREFIX + quiz.name); } catch (e) { /* ignore */ }
          draw();
          summary.textContent += ` The answers of ${quiz.chapter} were reset.`;
        });
        return el('section', { class: 'quiz-review-quiz' }, [
          el('h2', {}, [el('a', { href: quiz.href, text: quiz.chapter })]),
          el('ol', {}, items),
          resetButton,
        ]);
      }));
      summary.textContent = `${answered} of ${total} questions answered, ${right} of them right.`;
    }
    draw();
    root.append(summary, list);
  }

  function start() {
    document.querySelectorAll('.quiz').forEach(renderQuiz);
    document.querySelectorAll('.quiz-review').forEach(renderReview);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
