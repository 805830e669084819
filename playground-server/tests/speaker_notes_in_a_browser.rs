//! Speaker notes popped out into their own window, from the static book (file://, no
//! server): the button opens the notes window, and the window follows the book page
//! as it navigates. Screenshots go to `target/screenshots/`. Needs Chromium, so it is
//! `#[ignore]`d: run it with `cargo test -- --include-ignored`.

mod common;

use common::*;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// Opens `url` in a frame of the notes window: a book page in the same browser, as
/// the instructor's own window would be.
fn open_book_page(page: &mut browser_test::Page<'_>, url: &str) {
    let url = serde_json::Value::from(url);
    page.eval(&format!(
        "(() => {{ document.getElementById('book')?.remove(); \
         const frame = document.createElement('iframe'); frame.id = 'book'; \
         frame.src = {url}; document.body.append(frame); }})()"
    ))
    .unwrap();
}

fn shoot(page: &mut browser_test::Page<'_>, name: &str) {
    let dir = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    page.screenshot(&dir.join(format!("{name}.png"))).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn popped_out_notes_follow_the_book_page() {
    let built = temp_dir("notes-book-");
    let out = built.path().to_owned();
    book_tools::build_book(&repo_root(), &out, &book_tools::BuildOptions::default()).unwrap();
    let chapter = |path: &str| format!("file://{}", out.join(path).display());
    let (api_routes, route_handlers, introduction) = (
        chapter("api-routes/index.html"),
        chapter("route-handlers/index.html"),
        chapter("introduction.html"),
    );
    let notes_window = chapter("assets/speaker-notes-window.html");
    in_browser(move |page| {
        // The button, from the keyboard; window.open is recorded instead of opening a
        // window the driver cannot see. ArrowRight on it must not turn mdBook's page.
        page.goto(&api_routes).unwrap();
        page.wait_for("document.querySelector('.speaker-notes-popout')", WAIT)
            .unwrap();
        page.eval("window.open = (...args) => { window.openedWith = args; return null; }; true")
            .unwrap();
        page.eval("document.querySelector('details.speaker-notes').open = true")
            .unwrap();
        page.eval(
            "document.querySelector('details.speaker-notes').scrollIntoView(); scrollBy(0, -80)",
        )
        .unwrap();
        shoot(page, "speaker-notes-popout-button");
        page.focus(".speaker-notes-popout").unwrap();
        page.press("ArrowRight").unwrap();
        page.press("Enter").unwrap();
        let opened = page.eval("window.openedWith").unwrap();
        assert!(
            opened[0]
                .as_str()
                .unwrap()
                .ends_with("../assets/speaker-notes-window.html"),
            "{opened}"
        );
        assert_eq!(
            page.eval("location.href").unwrap(),
            api_routes.as_str(),
            "ArrowRight left the page"
        );
        let without_notes = page
            .eval("document.querySelectorAll('.speaker-notes-popout').length")
            .unwrap();
        assert_eq!(without_notes, 1);

        // The notes window, with the book in a frame standing in for the instructor's
        // window (same browser, same storage): it shows the page in front.
        page.goto(&notes_window).unwrap();
        open_book_page(page, &api_routes);
        page.wait_for(
            "document.getElementById('notes-title').textContent.includes('API Routes')",
            WAIT,
        )
        .unwrap();
        let notes = page
            .eval("document.getElementById('notes-body').innerText")
            .unwrap();
        let notes = notes.as_str().unwrap();
        assert!(notes.contains("Ask:") && notes.contains("Demo:"), "{notes}");
        assert!(!notes.contains("Pop out"), "the button was copied: {notes}");
        page.eval("document.getElementById('book').remove(); true")
            .unwrap();
        shoot(page, "speaker-notes-window");

        // The instructor moves on: the window follows, also to a page without notes.
        for (url, title) in [
            (&route_handlers, "Route Handlers"),
            (&introduction, "Introduction"),
        ] {
            open_book_page(page, url);
            page.wait_for(
                &format!("document.getElementById('notes-title').textContent.includes('{title}')"),
                WAIT,
            )
            .unwrap();
        }
        let last = page
            .eval("document.getElementById('notes-body').innerText")
            .unwrap();
        assert!(
            last.as_str().unwrap().contains("no speaker notes"),
            "{last}"
        );
        assert!(page.errors().is_empty(), "errors: {:?}", page.errors());
    })
    .await;
}
