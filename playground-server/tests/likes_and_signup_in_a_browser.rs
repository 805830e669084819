//! `/likes` and `/signup` of the server-actions example in a real browser, through
//! the playground's proxy: the bound like works from its form and from JavaScript, and
//! the signup form shows its error without JavaScript, then redirects. They need
//! Chromium, so they are `#[ignore]`d: run them with `cargo test -- --include-ignored`.

mod common;

use common::*;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_bound_like_works_with_and_without_javascript_and_signup_shows_its_error() {
    let playground = start(&["server-actions"]).await;
    wait_ready(&playground, "server-actions", None).await;
    let likes = format!("{}/x/server-actions/likes", playground.url());
    let signup = format!("{}/x/server-actions/signup", playground.url());
    in_browser(move |page| {
        // With JavaScript: the button sends the bound value and shows the result.
        page.goto(&likes).unwrap();
        page.click("#like-js").unwrap();
        page.wait_for(
            "document.querySelector('#last')?.textContent.startsWith('post-7: ')",
            WAIT,
        )
        .unwrap();
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());

        // Without JavaScript: the form posts its fields and the page comes back.
        page.set_javascript(false).unwrap();
        page.goto(&likes).unwrap();
        let count = "document.querySelector('#count').textContent";
        let before = page.eval(count).unwrap();
        page.click("#like-form").unwrap();
        page.wait_for(&format!("{count} !== {before}"), WAIT)
            .unwrap();

        // An empty name: the error is in the page the post answers with.
        page.goto(&signup).unwrap();
        page.click("main form button").unwrap();
        page.wait_for(
            "document.querySelector('#error')?.textContent === 'name is required'",
            WAIT,
        )
        .unwrap();
        // A name: redirect('/likes'), a 303 the browser follows.
        page.eval(
            "(() => { document.querySelector('input[name=name]').value = 'Ada';\
               document.querySelector('main form button').click(); return true; })()",
        )
        .unwrap();
        page.wait_for("location.pathname.endsWith('/likes')", WAIT)
            .unwrap();
    })
    .await;
    playground.shutdown().await;
}
