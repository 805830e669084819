//! The example pages in a real browser, through the playground's proxy (so under the
//! `/x/<example>` base path, as Next.js serves an app with `basePath`): the dashboard
//! streams and its counter counts; the guestbook's forms work with and without
//! JavaScript, and the greet button shows what the action returned. They need Chromium,
//! so they are `#[ignore]`d: run them with `cargo test -- --include-ignored`.

mod common;

use common::*;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_dashboard_streams_and_its_counter_counts() {
    let playground = start(&["server-components"]).await;
    wait_ready(&playground, "server-components", None).await;
    let url = format!("{}/x/server-components/dashboard", playground.url());
    in_browser(move |page| {
        page.goto(&url).unwrap();
        let text = "document.body.innerText";
        page.wait_for(&format!("{text}.includes('Dashboard')"), WAIT)
            .unwrap();
        // The late Suspense content replaced its fallback in place.
        page.wait_for(&format!("{text}.includes('Slow panel ready at')"), WAIT)
            .unwrap();
        assert_eq!(
            page.eval(&format!("{text}.includes('Loading')")).unwrap(),
            false
        );
        // The client component's button counts from its `start` prop, 3.
        let button = "document.querySelector('main > button')";
        page.wait_for(&format!("{button}.textContent === 'Count: 3'"), WAIT)
            .unwrap();
        page.click("main > button").unwrap();
        page.click("main > button").unwrap();
        page.wait_for(&format!("{button}.textContent === 'Count: 5'"), WAIT)
            .unwrap();
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_guestbook_works_with_and_without_javascript() {
    let playground = start(&["server-actions"]).await;
    wait_ready(&playground, "server-actions", None).await;
    let url = format!("{}/x/server-actions/guestbook", playground.url());
    in_browser(move |page| {
        let list = "[...document.querySelectorAll('main li')].map(li => li.textContent)";

        // With JavaScript: the greet button calls the action and shows its result.
        page.goto(&url).unwrap();
        page.click("main div > button").unwrap();
        page.wait_for(
            "document.querySelector('main output').textContent.includes('Hello, world!')",
            WAIT,
        )
        .unwrap();
        // The first form (addEntry) posts with fetch and the list updates in place.
        add_name(page, 0, "Ada with JS");
        page.wait_for(&format!("{list}.includes('Ada with JS')"), WAIT)
            .unwrap();
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());

        // Without JavaScript: the same form is a plain multipart post, answered with the page.
        page.set_javascript(false).unwrap();
        page.goto(&url).unwrap();
        add_name(page, 0, "Grace without JS");
        page.wait_for(&format!("{list}.includes('Grace without JS')"), WAIT)
            .unwrap();
        // The redirecting form (addAndRedirect) ends on the thanks page, via a 303.
        add_name(page, 1, "Linus without JS");
        page.wait_for("location.pathname.endsWith('/guestbook/thanks')", WAIT)
            .unwrap();
        page.goto(&url).unwrap();
        page.wait_for(&format!("{list}.includes('Linus without JS')"), WAIT)
            .unwrap();
    })
    .await;
    playground.shutdown().await;
}

/// Types `name` into the `n`th form's text input and submits it with its button.
fn add_name(page: &mut browser_test::Page<'_>, n: usize, name: &str) {
    let name = serde_json::Value::from(name);
    page.eval(&format!(
        "(() => {{ const form = document.querySelectorAll('main form')[{n}];\
           form.querySelector('input:not([type=hidden])').value = {name};\
           form.querySelector('button').click(); return true; }})()"
    ))
    .unwrap();
}
