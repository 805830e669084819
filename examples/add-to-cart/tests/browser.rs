//! The two pages in a real browser, over a real socket and under a base path (as the
//! playground's proxy serves them): the `/cart` form works with JavaScript turned
//! off, including the error after a redirect, and the `/cart/client` buttons call
//! the action and show its result. Needs Chromium, so it is `#[ignore]`d: run it
//! with `cargo test -- --include-ignored`.

use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
const BASE: &str = "/x/add-to-cart";

/// Serves the example on a free loopback port under [`BASE`]; returns its origin.
async fn serve() -> String {
    let app = mini_next::with_base_path(example_add_to_cart::app(), BASE);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn both_pages_work_in_a_browser() {
    let origin = serve().await;
    tokio::task::spawn_blocking(move || {
        let mut browser = browser_test::Browser::launch().unwrap_or_else(|e| panic!("{e:#}"));
        let mut page = browser.new_page().unwrap();
        let list = "[...document.querySelectorAll('main li')].map(li => li.textContent)";

        // Way 3 without JavaScript: the form posts itself and the page comes back.
        page.set_javascript(false).unwrap();
        page.goto(&format!("{origin}{BASE}/cart")).unwrap();
        submit_quantity(&mut page, "3");
        page.wait_for(&format!("{list}.includes('3 × tea')"), WAIT)
            .unwrap();
        // Bad input (sent with `form.submit()`, which skips the browser's own
        // `min`/`max` check): a 303 to `?error=…`, and the page shows the message.
        submit_quantity(&mut page, "0");
        page.wait_for("location.search.startsWith('?error=')", WAIT)
            .unwrap();
        page.wait_for(
            "document.querySelector('[role=alert]')?.textContent.startsWith('quantity must be')",
            WAIT,
        )
        .unwrap();
        assert!(page
            .eval("location.pathname")
            .unwrap()
            .as_str()
            .unwrap()
            .starts_with(BASE));

        // Way 4 with JavaScript: a click calls the action; the count comes back in row 1.
        page.set_javascript(true).unwrap();
        page.goto(&format!("{origin}{BASE}/cart/client")).unwrap();
        let output = "document.querySelector('main output').textContent";
        page.wait_for(&format!("{output} === '3 in cart. '"), WAIT)
            .unwrap();
        page.click("main > div > button").unwrap();
        page.wait_for(&format!("{output} === '4 in cart. Added tea.'"), WAIT)
            .unwrap();
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await
    .unwrap();
}

/// Types `quantity` into the `/cart` form and submits it as the browser would.
fn submit_quantity(page: &mut browser_test::Page<'_>, quantity: &str) {
    let quantity = serde_json::Value::from(quantity);
    page.eval(&format!(
        "(() => {{ const form = document.querySelector('main form');\
           form.querySelector('[name=quantity]').value = {quantity};\
           form.submit(); return true; }})()"
    ))
    .unwrap();
}
