//! The page in a real browser (Debian's headless Chromium): the static book shows
//! recorded traffic with no dead buttons, and copies a curl command and saves a HAR file
//! that the book tools computed; under the playground, Send works and the live answer
//! exports come from the playground API.
//! They need Chromium, so they are `#[ignore]`d: run them with `cargo test -- --include-ignored`.

mod common;

use common::*;
use std::time::Duration;

const PANEL_COUNT_JS: &str = "document.querySelectorAll('.traffic-panel').length";

/// Catches what the page copies and what it saves, instead of the clipboard and a
/// download: `window.copied` and `window.saved` (the saved file's text).
const CATCH_EXPORTS_JS: &str = "window.copied = null; window.saved = null;\
    Object.defineProperty(navigator, 'clipboard', { configurable: true,\
      value: { writeText: async (text) => { window.copied = text; } } });\
    URL.createObjectURL = (blob) => { blob.text().then((text) => { window.saved = text; });\
      return 'javascript:void(0)'; };\
    true";

/// Clicks the button labelled `label` in the visible tab of the first panel.
fn click_in_first_panel(label: &str) -> String {
    format!(
        "[...[...document.querySelector('.traffic-panel').querySelectorAll('[role=tabpanel]')]\
         .find(p => !p.hidden).querySelectorAll('.traffic-button')]\
         .find(b => b.textContent === '{label}').click(); true"
    )
}

/// What the page copied, through the clipboard or (when it refused) the fallback box.
const COPIED_JS: &str =
    "window.copied ?? document.querySelector('.traffic-copy-area')?.value ?? null";

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

        // The curl command and the HAR file were computed by the book tools and point at
        // the playground's default address.
        page.eval(CATCH_EXPORTS_JS).unwrap();
        page.eval(&click_in_first_panel("Copy as curl")).unwrap();
        page.wait_for(COPIED_JS, Duration::from_secs(5)).unwrap();
        let curl = page.eval(COPIED_JS).unwrap();
        let curl = curl.as_str().unwrap();
        assert!(curl.starts_with("curl -i"), "{curl}");
        assert!(curl.contains("'http://127.0.0.1:3000/x/api-routes/api/hello"), "{curl}");
        page.eval(&click_in_first_panel("Download HAR")).unwrap();
        page.wait_for("window.saved", Duration::from_secs(5)).unwrap();
        let url = page
            .eval("JSON.parse(window.saved).log.entries[0].request.url")
            .unwrap();
        assert!(
            url.as_str().unwrap().starts_with("http://127.0.0.1:3000/x/api-routes/api/hello"),
            "{url}"
        );
        // Real Next.js's recording replays against the reference app.
        page.eval(
            "[...document.querySelector('.traffic-panel').querySelectorAll('[role=tab]')][1].click();\
             window.copied = null; true",
        )
        .unwrap();
        page.eval(&click_in_first_panel("Copy as curl")).unwrap();
        page.wait_for("window.copied", Duration::from_secs(5)).unwrap();
        let next = page.eval("window.copied").unwrap();
        assert!(
            next.as_str().unwrap().contains("'http://127.0.0.1:3100/api/hello"),
            "{next}"
        );
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn under_the_playground_send_shows_the_live_exchange() {
    let playground = start(&["api-routes"]).await;
    wait_ready(&playground, "api-routes", None).await;
    let origin = playground.url();
    let page_url = format!("{origin}/api-routes/index.html");
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
        // The live exchange's curl and HAR come from the playground's API, and point at
        // this playground (not at a fixed address).
        page.eval(CATCH_EXPORTS_JS).unwrap();
        page.eval(&click_in_first_panel("Copy as curl")).unwrap();
        page.wait_for("window.copied", Duration::from_secs(5)).unwrap();
        let curl = page.eval("window.copied").unwrap();
        assert!(
            curl.as_str().unwrap().contains(&format!("'{origin}/x/api-routes/api/hello?name=FromTheBrowser'")),
            "{curl}"
        );
        let har_url = page
            .eval(
                "fetch([...document.querySelector('.traffic-panel').querySelectorAll('[role=tabpanel]')]\
                 .find(p => !p.hidden).querySelector('a.traffic-button').href)\
                 .then(r => r.json()).then(har => har.log.entries[0].request.url)",
            )
            .unwrap();
        assert_eq!(
            har_url.as_str().unwrap(),
            format!("{origin}/x/api-routes/api/hello?name=FromTheBrowser")
        );
        // The recorded tab's curl, built with the book, points at this playground too.
        page.eval(
            "document.querySelector('.traffic-panel [role=tab]').click(); window.copied = null; true",
        )
        .unwrap();
        page.eval(&click_in_first_panel("Copy as curl")).unwrap();
        page.wait_for("window.copied", Duration::from_secs(5)).unwrap();
        let recorded = page.eval("window.copied").unwrap();
        assert!(
            recorded.as_str().unwrap().contains(&format!("'{origin}/x/api-routes/")),
            "{recorded}"
        );
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
