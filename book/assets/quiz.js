// Quizzes for "Next.js on the Wire".
//
// Each `.quiz` in a chapter holds its questions as JSON (in a `<script class="quiz-data">`,
// written by `book-tools` from `book-data/quizzes/<name>.toml`) plus a `<noscript>` list for
// readers without JavaScript. This file turns the JSON into a form: radio buttons per
// question, "Check" to see what was right and why, "Try again" to start over.
//
// The reader's choices are kept in localStorage, so a reload (or a later visit) shows
// them again. Nothing is sent anywhere: the quiz works from a file:// page.
//
// The prompts, choices and explanations are HTML that book-tools rendered from the
// book's own Markdown, so they are inserted as HTML; nothing else is.
(function () {
  'use strict';

  const STORAGE_PREFIX = 'nextjs-on-the-wire:quiz:';
  let quizCount = 0; // gives every quiz unique ids for its inputs

  // Builds an element (same helper as traffic.js). `html` sets trusted markup.
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
      if (child) node.append(child);
    }
    return node;
  }

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
    return { answers, checked: Boolean(saved && saved.checked) };
  }

  function save(quiz) {
    try {
      localStorage.setItem(STORAGE_PREFIX + quiz.data.name,
        JSON.stringify({ answers: quiz.answers, checked: quiz.checked }));
    } catch (e) { /* storage full or refused: keep going without it */ }
  }

  function forget(quiz) {
    try { localStorage.removeItem(STORAGE_PREFIX + quiz.data.name); } catch (e) { /* ignore */ }
  }

  const letter = (i) => String.fromCharCode(65 + i); // 0 -> "A"

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
      el('div', { class: 'quiz-choices' }, inputs.map((x) => x.label)),
      feedback,
    ]);
    return { fieldset, inputs, feedback };
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
      view.feedback.replaceChildren(verdict, el('div', { class: 'quiz-explanation', html: q.explanation }));
    });
    quiz.score.textContent = `${right} of ${quiz.data.questions.length} right.`;
    quiz.checkButton.hidden = true;
    quiz.retryButton.hidden = false;
  }

  // Back to a blank quiz, and forget the saved answers.
  function reset(quiz) {
    quiz.answers = quiz.answers.map(() => null);
    quiz.checked = false;
    forget(quiz);
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
    const quiz = { data, number: quizCount, answers: saved.answers, checked: saved.checked,
      score: el('p', { class: 'quiz-score', role: 'status' }),
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
    const rich = el('div', { class: 'quiz-rich' }, [
      ...quiz.views.map((v) => v.fieldset),
      el('div', { class: 'quiz-actions' }, [quiz.checkButton, quiz.retryButton, quiz.score]),
    ]);
    // mdBook's document-wide shortcuts (ArrowLeft/ArrowRight change chapter, `?` opens
    // its help) must not fire while the reader moves between radios with the arrows.
    rich.addEventListener('keydown', (event) => event.stopPropagation());
    root.append(rich);
    // Restore what the reader chose last time, and the results if they had checked.
    quiz.views.forEach((view, qi) => {
      const chosen = quiz.answers[qi];
      if (chosen !== null && view.inputs[chosen]) view.inputs[chosen].input.checked = true;
      else quiz.answers[qi] = null; // an index the quiz no longer has
    });
    if (quiz.checked) showResults(quiz);
  }

  function start() {
    document.querySelectorAll('.quiz').forEach(renderQuiz);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
