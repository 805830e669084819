//! axe-core on every chapter of the built book, in mdBook's light, coal, navy and ayu themes:
//! our widgets (traffic panels, quizzes, speaker notes) and our Markdown have no
//! violation. mdBook's own template is left out where it is mdBook's (the sidebar
//! toggle's ARIA, its menu bar outside landmarks, its theme colours outside our
//! widgets). The instructor's projector page and the speaker-notes window, which are
//! ours alone, are checked against every rule. Needs Chromium and axe-core (`npm ci` in
//! crates/browser-test/axe), so it is `#[ignore]`d: run it with
//! `cargo test -- --include-ignored`.

mod common;

use common::*;
use serde_json::Value;
use std::time::Duration;

const NEEDS: &str = "needs chromium and crates/browser-test/axe/node_modules (npm ci)";
const THEMES: [&str; 4] = ["light", "coal", "navy", "ayu"];
/// What our own code puts on a page; axe findings inside these are always ours.
const OURS: &str = ".traffic-panel, .quiz, .speaker-notes";
/// Rules whose findings outside [`OURS`] come from mdBook's template and themes:
/// `<label id="sidebar-toggle" aria-expanded aria-label>`, the menu bar outside any
/// landmark, and the theme palettes (link and code colours).
const MDBOOK_RULES: [&str; 5] = [
    "aria-allowed-attr",
    "aria-prohibited-attr",
    "region",
    "color-contrast",
    "link-in-text-block",
];

/// Every chapter page of a built book (not the print page, the 404 page or `assets/`).
fn chapters(out: &std::path::Path) -> Vec<String> {
    let mut pages = Vec::new();
    let mut dirs = vec![out.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                // `assets/` holds our helper pages (the speaker-notes window), not chapters.
                if !path.ends_with("assets") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "html") {
                let relative = path
                    .strip_prefix(out)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                if !["print.html", "404.html", "toc.html"].contains(&relative.as_str()) {
                    pages.push(relative);
                }
            }
        }
    }
    pages.sort();
    pages
}

/// Runs axe on the loaded page; returns one line per violation node that is ours.
fn our_violations(page: &mut browser_test::Page<'_>) -> Vec<String> {
    let ours = Value::from(OURS);
    let mdbook = serde_json::to_string(&MDBOOK_RULES).unwrap();
    let found = page
        .eval(&format!(
            "axe.run(document, {{ resultTypes: ['violations'] }}).then(r => r.violations.flatMap(v => \
               v.nodes.filter(n => {{ \
                 const el = document.querySelector(n.target[0]); \
                 return (el && el.closest({ours})) || !{mdbook}.includes(v.id); \
               }}).map(n => v.id + ': ' + n.target.join(' ') + ' ' + n.failureSummary.replace(/\\s+/g, ' '))))"
        ))
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// axe-core's script, or a failure saying how to install it.
fn axe_script() -> String {
    let axe_file = repo_root().join("crates/browser-test/axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&axe_file).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `npm ci` in crates/browser-test/axe (this test {NEEDS})",
            axe_file.display()
        )
    })
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and crates/browser-test/axe/node_modules (npm ci)"]
async fn the_live_panel_has_no_axe_violations_of_ours() {
    let axe = axe_script();
    let playground = start(&["api-routes"]).await;
    wait_ready(&playground, "api-routes", None).await;
    let page_url = format!("{}/api-routes/index.html", playground.url());
    in_browser(move |page| {
        let mut problems = Vec::new();
        for theme in THEMES {
            page.goto(&page_url).unwrap();
            page.eval(&format!(
                "localStorage.setItem('mdbook-theme', '{theme}'); true"
            ))
            .unwrap();
            page.goto(&page_url).unwrap();
            // The editor, the state badge, a live answer and a send error on screen.
            page.wait_for(
                "document.querySelector('.traffic-state-ready')",
                Duration::from_secs(10),
            )
            .unwrap();
            page.click(".traffic-send").unwrap();
            page.wait_for(
                "document.querySelector('.traffic-send-status').textContent.startsWith('200')",
                Duration::from_secs(10),
            )
            .unwrap();
            page.eval(
                "const second = document.querySelectorAll('.traffic-editor')[1];\
                 second.querySelector('[name=headers]').value = 'oops';\
                 second.querySelector('.traffic-send').click(); true",
            )
            .unwrap();
            page.eval(&format!("{axe}; true")).unwrap();
            for problem in our_violations(page) {
                problems.push(format!("{theme} live api-routes: {problem}"));
            }
        }
        assert!(
            problems.is_empty(),
            "{} axe violations:\n{}",
            problems.len(),
            problems.join("\n")
        );
    })
    .await;
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and crates/browser-test/axe/node_modules (npm ci)"]
async fn the_chapters_have_no_axe_violations_of_ours() {
    let axe = axe_script();
    let built = temp_dir("axe-book-");
    let out = built.path().to_owned();
    book_tools::build_book(&repo_root(), &out, &book_tools::BuildOptions::default()).unwrap();
    let pages = chapters(&out);
    assert!(pages.len() > 10, "only {} chapters: {pages:?}", pages.len());
    let base = format!("file://{}", out.display());
    in_browser(move |page| {
        let mut problems = Vec::new();
        for theme in THEMES {
            // mdBook reads the theme from localStorage as each page loads.
            page.goto(&format!("{base}/{}", pages[0])).unwrap();
            page.eval(&format!("localStorage.setItem('mdbook-theme', '{theme}'); true"))
                .unwrap();
            for chapter in &pages {
                page.goto(&format!("{base}/{chapter}")).unwrap();
                page.wait_for(
                    &format!("document.documentElement.classList.contains('{theme}')"),
                    Duration::from_secs(5),
                )
                .unwrap();
                page.wait_for(
                    "[...document.querySelectorAll('.traffic-panel')].every(p => p.querySelector('.traffic-rich'))",
                    Duration::from_secs(10),
                )
                .unwrap();
                page.eval(&format!("{axe}; true")).unwrap();
                for problem in our_violations(page) {
                    problems.push(format!("{theme} {chapter}: {problem}"));
                }
            }
        }
        assert!(problems.is_empty(), "{} axe violations:\n{}", problems.len(), problems.join("\n"));
    })
    .await;
}

/// Every axe violation on the page: for pages that are ours alone, with no mdBook template.
fn all_violations(page: &mut browser_test::Page<'_>) -> Vec<String> {
    let found = page
        .eval(
            "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.flatMap(v => \
               v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' ' + n.failureSummary.replace(/\\s+/g, ' '))))",
        )
        .unwrap();
    serde_json::from_value(found).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and crates/browser-test/axe/node_modules (npm ci)"]
async fn the_projector_and_the_notes_window_have_no_axe_violations() {
    let axe = axe_script();
    let token = "axe-projector-token-0001";
    let playground = start_with(&["api-routes"], |o| {
        o.instructor_token = Some(token.to_owned())
    })
    .await;
    wait_ready(&playground, "api-routes", None).await;
    let origin = playground.url();
    // Something on both halves of the projector: a shared answer and an exchange.
    let shared = client()
        .post(format!("{origin}/__playground/share"))
        .json(
            &serde_json::json!({"kind": "quiz", "chapter": "route-handlers",
            "answers": [{"question": 1, "chosen": [1], "correct": true}]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(shared.status(), 200);
    client()
        .get(format!("{origin}/x/api-routes/api/hello"))
        .send()
        .await
        .unwrap();
    in_browser(move |page| {
        let mut problems = Vec::new();
        page.goto(&format!("{origin}/__playground/projector?token={token}"))
            .unwrap();
        page.wait_for(
            "document.querySelector('.projector-board') && document.querySelector('#projector-rows tr')",
            Duration::from_secs(10),
        )
        .unwrap();
        page.eval(&format!("{axe}; true")).unwrap();
        for theme in ["light", "dark"] {
            if theme == "dark" {
                page.click("#projector-theme").unwrap();
            }
            let dark = page
                .eval("document.documentElement.classList.contains('projector-dark')")
                .unwrap();
            assert_eq!(dark, theme == "dark");
            for problem in all_violations(page) {
                problems.push(format!("projector ({theme}): {problem}"));
            }
        }
        for theme in ["light", "coal"] {
            page.goto(&format!("{origin}/assets/speaker-notes-window.html"))
                .unwrap();
            page.eval(&format!("localStorage.setItem('mdbook-theme', '{theme}'); true"))
                .unwrap();
            page.goto(&format!("{origin}/assets/speaker-notes-window.html"))
                .unwrap();
            page.eval(&format!(
                "const frame = document.createElement('iframe'); frame.src = '{origin}/api-routes/index.html'; \
                 document.body.append(frame); true"
            ))
            .unwrap();
            page.wait_for(
                "document.getElementById('notes-body').innerText.includes('Ask:')",
                Duration::from_secs(10),
            )
            .unwrap();
            page.eval("document.querySelector('iframe').remove(); true")
                .unwrap();
            let dark = page
                .eval("document.documentElement.classList.contains('notes-dark')")
                .unwrap();
            assert_eq!(dark, theme == "coal");
            page.eval(&format!("{axe}; true")).unwrap();
            for problem in all_violations(page) {
                problems.push(format!("notes window ({theme}): {problem}"));
            }
        }
        assert!(problems.is_empty(), "{} axe violations:\n{}", problems.len(), problems.join("\n"));
    })
    .await;
    playground.shutdown().await;
}
