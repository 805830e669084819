//! Screenshots of every widget, at desktop and phone width, in a light and a dark
//! theme, written to `target/screenshots/` for a person to look at (the checks here
//! only make sure each widget was there to be photographed and fits a phone without
//! scrolling sideways). Needs Chromium, so it is `#[ignore]`d: run it with
//! `cargo test -- --include-ignored`.

mod common;

use common::*;
use playground_server::events::{BookStatus, Event};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
const SIZES: [(&str, u32, u32); 2] = [("1280", 1280, 900), ("390", 390, 844)];
const THEMES: [&str; 2] = ["light", "coal"];

/// Scrolls `selector` to the top of the window (below mdBook's menu bar) and saves
/// `<name>-<theme>-<width>.png`.
fn shoot(page: &mut browser_test::Page<'_>, selector: &str, name: &str, theme: &str, width: &str) {
    let target = serde_json::Value::from(selector);
    page.wait_for(&format!("document.querySelector({target})"), WAIT)
        .unwrap_or_else(|e| panic!("{name}: {e:#}"));
    page.eval(&format!(
        "(() => {{ const el = document.querySelector({target}); el.scrollIntoView({{ block: 'start' }}); \
           scrollBy(0, -60); }})()"
    ))
    .unwrap();
    let dir = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    page.screenshot(&dir.join(format!("{name}-{theme}-{width}.png")))
        .unwrap();
    // Nothing may make a phone scroll sideways.
    let wide = page
        .eval("document.documentElement.scrollWidth > innerWidth + 1")
        .unwrap();
    assert_eq!(wide, false, "{name} ({theme}, {width} px) scrolls sideways");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn screenshots_of_every_widget_at_two_widths_in_two_themes() {
    let playground = start(&["api-routes", "server-components"]).await;
    wait_ready(&playground, "api-routes", None).await;
    wait_ready(&playground, "server-components", None).await;
    let origin = playground.url();
    let events = playground.state.events.clone();
    in_browser(move |page| {
        for theme in THEMES {
            for (width, w, h) in SIZES {
                page.set_viewport(w, h).unwrap();
                page.goto(&format!("{origin}/api-routes/index.html"))
                    .unwrap();
                page.eval(&format!(
                    "localStorage.setItem('mdbook-theme', '{theme}'); true"
                ))
                .unwrap();
                page.goto(&format!("{origin}/api-routes/index.html"))
                    .unwrap();
                page.wait_for("document.querySelector('.traffic-send')", WAIT)
                    .unwrap();
                shoot(page, ".traffic-panel", "panel", theme, width);
                shoot(page, ".traffic-editor", "editor", theme, width);
                // Sent: the answer in the Live tab, the status beside Send.
                page.click(".traffic-send").unwrap();
                page.wait_for(
                    "document.querySelector('.traffic-send-status').textContent.startsWith('200')",
                    WAIT,
                )
                .unwrap();
                shoot(page, ".traffic-panel", "live-sent", theme, width);
                page.eval(
                    "document.querySelector('.traffic-editor [name=headers]').value = 'oops'; \
                     document.querySelector('.traffic-send').click(); true",
                )
                .unwrap();
                shoot(
                    page,
                    ".traffic-editor .traffic-error:not([hidden])",
                    "send-error",
                    theme,
                    width,
                );
                shoot(page, ".quiz", "quiz", theme, width);
                page.eval(
                    "document.querySelectorAll('.quiz input[type=radio]')[1].click(); \
                     document.querySelector('.quiz-check').click(); true",
                )
                .unwrap();
                shoot(page, ".quiz-feedback p", "quiz-checked", theme, width);
                page.eval("document.querySelector('.quiz-retry').click(); true")
                    .unwrap();
                // The rebuild banner, as the event stream brings it.
                let _ = events.send(Event::Book(BookStatus {
                    state: "failed",
                    message: Some(
                        "book/contributing.md:12: no transcript for api-routes/no-such-scenario"
                            .to_owned(),
                    ),
                }));
                shoot(page, ".traffic-book-banner", "banner", theme, width);
                let _ = events.send(Event::Book(BookStatus {
                    state: "ok",
                    message: None,
                }));
                page.wait_for("!document.querySelector('.traffic-book-banner')", WAIT)
                    .unwrap();

                page.goto(&format!("{origin}/server-components/index.html"))
                    .unwrap();
                page.wait_for("document.querySelector('.traffic-chunk')", WAIT)
                    .unwrap();
                page.click(".traffic-chunk").unwrap();
                shoot(page, ".traffic-chunks", "chunks", theme, width);
                shoot(page, "code.language-typescript", "tsx-code", theme, width);
                shoot(page, ".speaker-notes", "speaker-notes", theme, width);
            }
        }
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
    playground.shutdown().await;
}
