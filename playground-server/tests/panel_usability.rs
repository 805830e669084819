//! The panels as a reader uses them, in a real browser (Debian's headless Chromium):
//! keys typed in a panel stay in it (mdBook's chapter and help shortcuts never fire),
//! Send keeps the focus and says what came back, and the static site makes no failing
//! request. They need Chromium, so they are `#[ignore]`d: run them with
//! `cargo test -- --include-ignored`.

mod common;

use common::*;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// Serves `dir` over HTTP on 127.0.0.1 as any static host would (no playground API
/// behind it); returns the base URL. The server lives as long as the runtime.
async fn serve_static(dir: std::path::PathBuf) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(dir));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// JSON as JavaScript sees it: every number a double, so Rust's `0.0` equals JS's `0`.
fn numbers_as_f64(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => n.as_f64().map(Value::from).unwrap_or(Value::Number(n)),
        Value::Array(items) => items.into_iter().map(numbers_as_f64).collect(),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_as_f64(v)))
                .collect(),
        ),
        other => other,
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_static_site_makes_no_failing_request_and_logs_no_error() {
    let built = temp_dir("static-site-");
    let out = built.path().to_owned();
    book_tools::build_book(&repo_root(), &out, &book_tools::BuildOptions::default()).unwrap();
    let base = serve_static(out).await;
    // What the first panel's "Download HAR" must save: traffic's HAR of the recording.
    let transcript = repo_root().join("examples/api-routes/transcripts/get-hello.json");
    let exchange: traffic::Exchange =
        serde_json::from_str(&std::fs::read_to_string(transcript).unwrap()).unwrap();
    let expected_har = traffic::har::to_har(
        std::slice::from_ref(&exchange),
        &traffic::replay::default_playground_origin(),
    );
    in_browser(move |page| {
        for chapter in ["api-routes/index.html", "index.html", "server-components/index.html"] {
            page.goto(&format!("{base}/{chapter}")).unwrap();
            page.wait_for(
                "[...document.querySelectorAll('.traffic-panel')].every(p => p.querySelector('.traffic-rich'))",
                WAIT,
            )
            .unwrap();
            // Give late requests (a probe, an event stream) time to show up.
            page.wait_for("new Promise(r => setTimeout(() => r(true), 300))", WAIT)
                .unwrap();
            assert!(page.failed_requests().is_empty(), "{chapter}: {:?}", page.failed_requests());
            assert!(page.errors().is_empty(), "{chapter}: {:?}", page.errors());
            // No playground here: no editor, no live badge.
            assert_eq!(page.eval("document.querySelectorAll('.traffic-send').length").unwrap(), 0);
        }
        // The HAR file, rebuilt in the page from the panel's one copy of the exchange,
        // is exactly the one traffic computes.
        page.goto(&format!("{base}/api-routes/index.html")).unwrap();
        page.eval(
            "URL.createObjectURL = (blob) => { blob.text().then((t) => { window.saved = t; }); \
             return 'javascript:void(0)'; }; \
             [...document.querySelector('.traffic-panel').querySelectorAll('.traffic-button')] \
             .find(b => b.textContent === 'Download HAR').click(); true",
        )
        .unwrap();
        page.wait_for("window.saved", WAIT).unwrap();
        let saved = page.eval("JSON.parse(window.saved)").unwrap();
        assert_eq!(numbers_as_f64(saved), numbers_as_f64(expected_har));
        // A megabyte body is shown as an excerpt, and the panel says so.
        let excerpt = page
            .eval(
                "document.querySelector('[data-traffic-panel=\"api-routes/post-too-large\"]').innerText",
            )
            .unwrap();
        assert!(excerpt.as_str().unwrap().contains("Excerpt: the first 4.0 KiB of"), "{excerpt}");
        page.goto(&format!("{base}/server-components/index.html")).unwrap();
        // The chapter's TSX blocks are highlighted (as TypeScript, which highlight.js knows).
        let tsx = page
            .eval(
                "[...document.querySelectorAll('code.language-typescript')]\
                 .filter(c => c.textContent.includes('</')).map(c => c.querySelectorAll('span').length)",
            )
            .unwrap();
        let tsx: Vec<u64> = serde_json::from_value(tsx).unwrap();
        assert!(!tsx.is_empty() && tsx.iter().all(|&spans| spans > 0), "{tsx:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn keys_typed_in_a_panel_stay_in_it_and_send_keeps_the_focus() {
    let playground = start(&["api-routes"]).await;
    wait_ready(&playground, "api-routes", None).await;
    let origin = playground.url();
    let page_url = format!("{origin}/api-routes/index.html");
    let history_url = format!("{origin}/__playground/exchanges");
    in_browser(move |page| {
        page.goto(&page_url).unwrap();
        page.wait_for("document.querySelector('.traffic-send')", WAIT)
            .unwrap();
        let panel = "document.querySelector('.traffic-panel')";
        let selected_tab = format!("{panel}.querySelector('[role=tab][aria-selected=true]').textContent");
        let on_this_page = "location.pathname.endsWith('/api-routes/index.html')";

        // Arrow keys on a tab move between the tabs, and never to another chapter.
        page.focus(".traffic-panel [role=tab]").unwrap();
        page.press("ArrowRight").unwrap();
        assert_ne!(page.eval(&selected_tab).unwrap(), "Our example");
        assert_eq!(
            page.eval("document.activeElement.getAttribute('aria-selected')").unwrap(),
            "true"
        );
        page.press("ArrowLeft").unwrap();
        assert_eq!(page.eval(&selected_tab).unwrap(), "Our example");
        assert_eq!(page.eval(on_this_page).unwrap(), true);

        // Arrows in a response body scroll it; the page stays.
        page.focus(".traffic-panel [role=tabpanel]:not([hidden]) pre.traffic-body").unwrap();
        page.press("ArrowRight").unwrap();
        assert_eq!(page.eval(on_this_page).unwrap(), true);

        // Arrows between quiz choices stay in the quiz.
        page.focus(".quiz input[type=radio]").unwrap();
        page.press("ArrowRight").unwrap();
        assert_eq!(page.eval(on_this_page).unwrap(), true);

        // Typing a query string, with a correction made with ArrowLeft, in the Path
        // field: `?` is a character, not mdBook's help.
        let path = ".traffic-editor [name=path]";
        page.eval(&format!("document.querySelector('{path}').value = ''; true"))
            .unwrap();
        page.focus(path).unwrap();
        page.type_text("/api/hello?name=Aa").unwrap();
        page.press("ArrowLeft").unwrap();
        page.type_text("d").unwrap();
        assert_eq!(
            page.eval(&format!("document.querySelector('{path}').value")).unwrap(),
            "/api/hello?name=Ada"
        );
        assert_eq!(
            page.eval("getComputedStyle(document.getElementById('mdbook-help-container')).display")
                .unwrap(),
            "none",
            "mdBook's help opened"
        );
        // Keys in the headers box stay there too.
        page.focus(".traffic-editor [name=headers]").unwrap();
        page.press("ArrowLeft").unwrap();
        page.press("ArrowRight").unwrap();
        assert_eq!(page.eval(on_this_page).unwrap(), true);

        // Send with the keyboard: focus on Send, Enter.
        page.focus(".traffic-send").unwrap();
        page.press("Enter").unwrap();
        page.wait_for(&format!("{selected_tab} === 'Live'"), WAIT)
            .unwrap();
        assert_eq!(page.eval(on_this_page).unwrap(), true);
        // The request went out as typed.
        let sent = page
            .eval(&format!(
                "fetch('{history_url}').then(r => r.json()).then(list => list[0].path)"
            ))
            .unwrap();
        assert_eq!(sent, "/api/hello?name=Ada");
        // Focus is still on Send, the status beside it says what came back, and the
        // answer is on screen.
        assert_eq!(
            page.eval("document.activeElement.classList.contains('traffic-send')").unwrap(),
            true
        );
        let status = page
            .eval(&format!("{panel}.querySelector('.traffic-send-status').textContent"))
            .unwrap();
        assert!(status.as_str().unwrap().starts_with("200 OK in "), "{status}");
        let answer_on_screen = format!(
            "(() => {{ const r = {panel}.querySelector('[role=tabpanel]:not([hidden])').getBoundingClientRect(); \
             return r.top < innerHeight && r.bottom > 0; }})()"
        );
        assert_eq!(page.eval(&answer_on_screen).unwrap(), true);

        // A send error shows next to the button, on screen, and focus stays.
        page.eval(
            "document.querySelector('.traffic-editor [name=headers]').value = 'no colon here'; true",
        )
        .unwrap();
        page.press("Enter").unwrap();
        let error = format!("{panel}.querySelector('.traffic-editor .traffic-error')");
        page.wait_for(&format!("!{error}.hidden"), WAIT).unwrap();
        let text = page.eval(&format!("{error}.textContent")).unwrap();
        assert!(text.as_str().unwrap().contains("name: value"), "{text}");
        let error_on_screen = format!(
            "(() => {{ const r = {error}.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight + 1; }})()"
        );
        assert_eq!(page.eval(&error_on_screen).unwrap(), true);
        assert_eq!(
            page.eval("document.activeElement.classList.contains('traffic-send')").unwrap(),
            true
        );
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn a_streamed_page_shows_in_the_live_tab_as_it_arrives() {
    let playground = start(&["server-components"]).await;
    wait_ready(&playground, "server-components", None).await;
    let page_url = format!("{}/server-components/index.html", playground.url());
    in_browser(move |page| {
        page.goto(&page_url).unwrap();
        let panel = "document.querySelector('[data-traffic-panel=\"server-components/page\"]')";
        page.wait_for(&format!("{panel}.querySelector('.traffic-send')"), WAIT)
            .unwrap();
        // Note what the Live tab shows each time it changes, and when.
        page.eval(&format!(
            "window.seen = []; const started = performance.now();\
             new MutationObserver(() => {{\
               const live = [...{panel}.querySelectorAll('[role=tab]')].find(t => t.textContent === 'Live');\
               if (!live) return;\
               const text = document.getElementById(live.getAttribute('aria-controls')).innerText;\
               window.seen.push({{ ms: performance.now() - started, late: text.includes('Slow panel ready at') }});\
             }}).observe({panel}, {{ childList: true, subtree: true }});\
             {panel}.querySelector('.traffic-send').click(); true"
        ))
        .unwrap();
        page.wait_for(
            &format!("{panel}.querySelector('.traffic-send-status').textContent.startsWith('200 OK')"),
            WAIT,
        )
        .unwrap();
        let seen = page.eval("window.seen").unwrap();
        let seen = seen.as_array().unwrap();
        let first = &seen[0];
        let late = seen.iter().find(|s| s["late"] == true).expect("the late row arrived");
        // The shell showed before the Suspense content, which the page sends ~800 ms later.
        assert_eq!(first["late"], false, "{seen:?}");
        let gap = late["ms"].as_f64().unwrap() - first["ms"].as_f64().unwrap();
        assert!(gap > 400.0, "the shell showed only {gap} ms before the rest: {seen:?}");
        // The finished exchange can be exported like any other.
        let buttons = page
            .eval(&format!("[...{panel}.querySelectorAll('[role=tabpanel]:not([hidden]) .traffic-button')].map(b => b.textContent).join('|')"))
            .unwrap();
        assert_eq!(buttons, "Copy as curl|Download HAR");
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_rebuild_banner_leaves_the_menu_bar_alone_and_can_be_dismissed() {
    use playground_server::events::{BookStatus, Event};
    let playground = start(&[]).await;
    let page_url = format!("{}/api-routes/index.html", playground.url());
    let events = playground.state.events.clone();
    let fail = move |message: &str| {
        let _ = events.send(Event::Book(BookStatus {
            state: "failed",
            message: Some(message.to_owned()),
        }));
    };
    in_browser(move |page| {
        page.goto(&page_url).unwrap();
        let banner = "document.querySelector('.traffic-book-banner')";
        // Events may race the page's subscription: send until the banner shows.
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            fail("book/contributing.md:3: no transcript for api-routes/nope");
            if page.eval(&format!("!!{banner}")).unwrap() == true {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "no banner");
            std::thread::sleep(Duration::from_millis(100));
        }
        let text = page.eval(&format!("{banner}.innerText")).unwrap();
        let text = text.as_str().unwrap();
        assert!(text.contains("last good build") && text.contains("book/contributing.md:3"), "{text}");
        // mdBook's menu bar stays visible and usable above it.
        let apart = page
            .eval(&format!(
                "{banner}.getBoundingClientRect().top >= document.getElementById('menu-bar').getBoundingClientRect().bottom"
            ))
            .unwrap();
        assert_eq!(apart, true);
        // Dismissed, the same error stays away; a new one shows again.
        page.eval(&format!("{banner}.querySelector('button').click(); true"))
            .unwrap();
        assert_eq!(page.eval(&format!("!!{banner}")).unwrap(), false);
        fail("book/contributing.md:3: no transcript for api-routes/nope");
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(page.eval(&format!("!!{banner}")).unwrap(), false);
        fail("book/contributing.md:4: another error");
        page.wait_for(&format!("{banner}?.innerText.includes('contributing.md:4')"), WAIT)
            .unwrap();
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
    playground.shutdown().await;
}
