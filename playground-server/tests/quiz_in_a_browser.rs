//! A quiz in a real browser, from the static book (file://, no server): answer a
//! question, check it, reload, and find the answer still there (from localStorage).
//! It needs Chromium, so it is `#[ignore]`d: run it with `cargo test -- --include-ignored`.

mod common;

use common::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn a_quiz_checks_answers_and_remembers_them_after_a_reload() {
    let built = temp_dir("quiz-book-");
    let out = built.path().to_owned();
    book_tools::build_book(&repo_root(), &out, &book_tools::BuildOptions::default()).unwrap();
    let page_url = format!("file://{}", out.join("route-handlers/index.html").display());
    let quiz = "document.querySelector('.quiz[data-quiz=\"route-handlers\"]')";
    // The score counts every question of the quiz file, however many it has.
    let toml = std::fs::read_to_string(repo_root().join("book-data/quizzes/route-handlers.toml"));
    let questions = toml.unwrap().matches("[[question]]").count();
    in_browser(move |page| {
        page.goto(&page_url).unwrap();
        page.wait_for(
            &format!("{quiz}.querySelector('.quiz-rich')"),
            Duration::from_secs(10),
        )
        .unwrap();
        // A fresh profile has nothing saved: every radio starts empty.
        let checked = page
            .eval(&format!("{quiz}.querySelectorAll('input:checked').length"))
            .unwrap();
        assert_eq!(checked, 0);
        // Question 1: choice B (index 1) is right. Click its label, as a reader would.
        page.click(".quiz[data-quiz=\"route-handlers\"] label[for$=\"-0-1\"]")
            .unwrap();
        page.click(".quiz[data-quiz=\"route-handlers\"] .quiz-check")
            .unwrap();
        let verdict = page
            .eval(&format!(
                "{quiz}.querySelector('.quiz-question .quiz-feedback').innerText"
            ))
            .unwrap();
        let verdict = verdict.as_str().unwrap();
        assert!(verdict.contains("Correct"), "{verdict}");
        assert!(verdict.contains("204"), "no explanation: {verdict}");
        let score = page
            .eval(&format!("{quiz}.querySelector('.quiz-score').textContent"))
            .unwrap();
        assert_eq!(score, format!("1 of {questions} right."));
        // A static page has no class to share with: the button stays hidden.
        let share_hidden = page
            .eval(&format!("{quiz}.querySelector('.quiz-share').hidden"))
            .unwrap();
        assert_eq!(share_hidden, true);

        // Reload: the choice and the results come back from localStorage.
        page.goto(&page_url).unwrap();
        page.wait_for(
            &format!("{quiz}.querySelector('.quiz-rich')"),
            Duration::from_secs(10),
        )
        .unwrap();
        let restored = page
            .eval(&format!(
                "{quiz}.querySelector('input:checked')?.id.endsWith('-0-1')"
            ))
            .unwrap();
        assert_eq!(restored, true, "the answer was not restored");
        let verdict = page
            .eval(&format!(
                "{quiz}.querySelector('.quiz-question .quiz-feedback').innerText"
            ))
            .unwrap();
        assert!(verdict.as_str().unwrap().contains("Correct"), "{verdict}");

        // "Try again" clears the quiz and what was saved.
        page.click(".quiz[data-quiz=\"route-handlers\"] .quiz-retry")
            .unwrap();
        let saved = page
            .eval("localStorage.getItem('nextjs-on-the-wire:quiz:route-handlers')")
            .unwrap();
        assert!(saved.is_null(), "{saved}");
        let checked = page
            .eval(&format!("{quiz}.querySelectorAll('input:checked').length"))
            .unwrap();
        assert_eq!(checked, 0);
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
}
