//! The page in a real browser (Debian's headless Chromium): the static book shows
//! recorded traffic with no dead buttons; under the playground, Send works.
//! They need Chromium, so they are `#[ignore]`d: run them with `cargo test -- --include-ignored`.

mod common;

use common::*;
use std::time::Duration;

const PANEL_COUNT_JS: &str = "document.querySelectorAll('.traffic-panel').length";

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn static_book_shows_transcripts_without_a_server() {
    let built = temp_dir("static-book-");
    let out = built.path().to_owned();
    book_tools::build_book(&repo_root(), &out, &book_tools::BuildOptions::default()).unwrap();
    // What the tools read in-process is not published: quiz answers, the sources list.
    for unpublished in ["quizzes", "sources.txt", "book-data"] {
        assert!(
            !out.join(unpublished).exists(),
            "the site contains {unpublished}"
        );
    }
    let page_url = format!("file://{}", out.join("api-routes/index.html").display());
    in_browser(move |page| {
        page.goto(&page_url).unwrap();
        let panels = page.eval(PANEL_COUNT_JS).unwrap().as_u64().unwrap();
        assert!(panels >= 5, "only {panels} panels");
        page.wait_for(
            &format!("document.querySelectorAll('.traffic-rich').length === {PANEL_COUNT_JS}"),
            Duration::from_secs(10),
        )
        .unwrap();
        // The rich view replaced the text fallback and shows the recorded answer.
        let hidden = page
            .eval("[...document.querySelectorAll('.traffic-static')].every(p => p.hidden)")
            .unwrap();
        assert_eq!(hidden, true);
        let first = page.eval("document.querySelector('.traffic-rich').innerText").unwrap();
        let first = first.as_str().unwrap();
        assert!(first.contains("200") && first.contains("Hello from the Pages Router"), "{first}");
        // No server: no Send button, but the offline buttons are there.
        assert_eq!(page.eval("document.querySelectorAll('.traffic-send').length").unwrap(), 0);
        let buttons = page
            .eval("[...document.querySelectorAll('.traffic-rich button')].map(b => b.textContent).join('|')")
            .unwrap();
        assert!(buttons.as_str().unwrap().contains("Copy as curl"), "{buttons}");
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn under_the_playground_send_shows_the_live_exchange() {
    let playground = start(&["api-routes"]).await;
    wait_ready(&playground, "api-routes", None).await;
    let page_url = format!("{}/api-routes/index.html", playground.url());
    let screenshot = repo_root().join("target/screenshots/live-panel.png");
    in_browser(move |page| {
        page.goto(&page_url).unwrap();
        page.wait_for(
            &format!("document.querySelectorAll('.traffic-send').length === {PANEL_COUNT_JS}"),
            Duration::from_secs(10),
        )
        .unwrap();
        // Edit the first panel's path and send it.
        page.eval(
            "const form = document.querySelector('.traffic-editor');\
             form.querySelector('[name=path]').value = '/api/hello?name=FromTheBrowser';\
             form.querySelector('.traffic-send').click(); true",
        )
        .unwrap();
        page.wait_for(
            "[...document.querySelectorAll('.traffic-panel')][0].querySelector('[role=tab][aria-selected=true]')?.textContent === 'Live'",
            Duration::from_secs(10),
        )
        .unwrap();
        let live = page
            .eval("[...document.querySelector('.traffic-panel').querySelectorAll('[role=tabpanel]')].find(p => !p.hidden).innerText")
            .unwrap();
        let live = live.as_str().unwrap();
        assert!(live.contains("FromTheBrowser") && live.contains("200"), "{live}");
        // The example's state badge arrived over the event stream.
        page.wait_for(
            "document.querySelector('.traffic-panel').innerText.includes('ready')",
            Duration::from_secs(10),
        )
        .unwrap();
        page.eval("document.querySelector('.traffic-panel').scrollIntoView(); true")
            .unwrap();
        std::fs::create_dir_all(screenshot.parent().unwrap()).unwrap();
        page.screenshot(&screenshot).unwrap();
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
    playground.shutdown().await;
}
