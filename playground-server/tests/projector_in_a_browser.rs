//! The classroom's instructor side in a real browser: a student shares a checked quiz,
//! the projector page shows the count and the anonymised traffic, filters it from the
//! keyboard and resets a question; a learner's own playground offers no sharing.
//! Screenshots go to `target/screenshots/`. Needs Chromium, so it is `#[ignore]`d:
//! run it with `cargo test -- --include-ignored`.

mod common;

use common::*;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);
const TOKEN: &str = "projector-browser-token-42";

fn screenshot(page: &mut browser_test::Page<'_>, name: &str) {
    let dir = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    page.screenshot(&dir.join(format!("{name}.png"))).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn a_shared_answer_and_the_class_traffic_show_on_the_projector() {
    let playground = start_with(&["api-routes"], |o| {
        o.instructor_token = Some(TOKEN.to_owned())
    })
    .await;
    wait_ready(&playground, "api-routes", None).await;
    let origin = playground.url();
    let answers = playground.state.answers.clone();
    in_browser(move |page| {
        // A student checks question 1 of the Route Handlers quiz and shares it.
        let quiz = answer_first_question(page, &origin);
        page.wait_for(
            &format!("!document.querySelector('{quiz} .quiz-share').hidden"),
            WAIT,
        )
        .unwrap();
        // From the keyboard, as any button.
        page.focus(&format!("{quiz} .quiz-share")).unwrap();
        page.press("Enter").unwrap();
        page.wait_for(
            &format!("document.querySelector('{quiz} .quiz-share-status').textContent.includes('projector')"),
            WAIT,
        )
        .unwrap();
        let disabled = page
            .eval(&format!("document.querySelector('{quiz} .quiz-share').disabled"))
            .unwrap();
        assert_eq!(disabled, true, "a shared quiz cannot be shared twice");
        page.eval(&format!(
            "document.querySelector('{quiz} .quiz-actions').scrollIntoView({{ block: 'center' }})"
        ))
        .unwrap();
        screenshot(page, "quiz-shared-light-1280");
        // The student's traffic: one request with a name in its query.
        page.eval("fetch('/x/api-routes/api/hello?name=AdaInTheRoom').then((r) => r.status)")
            .unwrap();
        assert!(page.errors().is_empty(), "student page errors: {:?}", page.errors());

        // The instructor's projector.
        page.set_viewport(1280, 900).unwrap();
        page.goto(&format!("{origin}/__playground/projector?token={TOKEN}"))
            .unwrap();
        page.wait_for("document.querySelector('.projector-board .projector-bar-row')", WAIT)
            .unwrap();
        page.wait_for("document.querySelectorAll('#projector-rows tr').length >= 1", WAIT)
            .unwrap();
        let board = page
            .eval("document.querySelector('.projector-board').innerText")
            .unwrap();
        let board = board.as_str().unwrap();
        assert!(board.contains("route-handlers, question 1"), "{board}");
        assert!(board.contains("1 shared, 1 right"), "{board}");
        assert!(board.contains("B ✓ right"), "{board}");
        let rows = page
            .eval("document.querySelector('#projector-rows').innerText")
            .unwrap();
        let rows = rows.as_str().unwrap();
        assert!(rows.contains("GET /api/hello?name=…"), "{rows}");
        assert!(!rows.contains("AdaInTheRoom"), "a name reached the projector: {rows}");
        assert!(rows.contains("no session"), "{rows}");
        screenshot(page, "projector-light-1280");
        page.click("#projector-theme").unwrap();
        let dark = page
            .eval("document.documentElement.classList.contains('projector-dark')")
            .unwrap();
        assert_eq!(dark, true);
        screenshot(page, "projector-dark-1280");

        // Filter by status class from the keyboard: 4xx hides the 200, "all" shows it.
        page.focus("#filter-status").unwrap();
        for _ in 0..3 {
            page.press("ArrowDown").unwrap();
        }
        let chosen = page.eval("document.querySelector('#filter-status').value").unwrap();
        assert_eq!(chosen, "4");
        let shown = page.eval("document.querySelectorAll('#projector-rows tr').length").unwrap();
        assert_eq!(shown, 0);
        page.press("Home").unwrap();
        let shown = page.eval("document.querySelectorAll('#projector-rows tr').length").unwrap();
        assert!(shown.as_u64().unwrap() >= 1, "{shown}");

        // Reset the question: the board empties, here and on the server.
        page.focus(".projector-board button").unwrap();
        page.press("Enter").unwrap();
        page.wait_for("!document.querySelector('.projector-board')", WAIT)
            .unwrap();
        assert!(answers.snapshot().is_empty());
        assert!(page.errors().is_empty(), "projector errors: {:?}", page.errors());
    })
    .await;
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn a_learners_own_playground_offers_no_sharing() {
    let playground = start(&[]).await;
    let origin = playground.url();
    in_browser(move |page| {
        let quiz = answer_first_question(page, &origin);
        // The page asked whether sharing is on, and heard no.
        page.wait_for(
            "performance.getEntriesByType('resource').some((e) => e.name.endsWith('/__playground/info'))",
            WAIT,
        )
        .unwrap();
        let answer = page
            .eval("fetch('/__playground/info').then((r) => r.json()).then((i) => i.sharing)")
            .unwrap();
        assert_eq!(answer, false);
        let hidden = page
            .eval(&format!("document.querySelector('{quiz} .quiz-share').hidden"))
            .unwrap();
        assert_eq!(hidden, true, "a share button without a class to share with");
        assert!(page.errors().is_empty(), "errors: {:?}", page.errors());
    })
    .await;
    playground.shutdown().await;
}

/// Opens the Route Handlers chapter, picks the second option of its quiz's first
/// question and presses Check; returns the quiz's selector.
fn answer_first_question(page: &mut browser_test::Page<'_>, origin: &str) -> &'static str {
    page.goto(&format!("{origin}/route-handlers/index.html"))
        .unwrap();
    let quiz = ".quiz[data-quiz=\"route-handlers\"]";
    page.wait_for(
        &format!("document.querySelector('{quiz} .quiz-rich')"),
        WAIT,
    )
    .unwrap();
    page.click(&format!("{quiz} label[for$=\"-0-1\"]")).unwrap();
    page.click(&format!("{quiz} .quiz-check")).unwrap();
    quiz
}
