//! Server Components, modelled in Rust.
//!
//! The functions below mirror `reference/nextjs/app/layout.tsx`,
//! `app/dashboard/page.tsx` and `app/dashboard/counter.tsx`. The page is an async
//! server component: it waits for its data, renders a list, a client `Counter`,
//! and a `Suspense` boundary around a slow child. `mini_next::server_components`
//! turns that tree into streamed HTML, or into a flight payload for `RSC: 1`.
//!
//! Run it alone with `cargo run -p example-server-components` and open
//! `/dashboard`: "Loading…" shows first, the slow panel replaces it ~800 ms later,
//! and the button counts (with a tiny script in place of React).

use axum::http::header;
use axum::routing::get;
use axum::Router;
use mini_next::server_components::{
    async_component, children_slot, client, element, list, not_found, redirect, suspense, text,
    throw_error, AppPage, ClientReference, Node, PageProps,
};
use serde_json::{json, Map, Value};
use std::time::{Duration, SystemTime};

/// The routes. A `basePath` (the playground's `/x/server-components`) is added by
/// `mini_next::serve` around them; pages read it from the request, so the URLs
/// inside the HTML carry it too. The page sits in mini-next's model of the
/// reference app's `app/layout.tsx` (`<html lang="en"><body>…</body></html>`).
pub fn app() -> Router {
    let dashboard = AppPage::new("/dashboard", dashboard_page);
    let slow = AppPage::new("/slow", slow_page).loading(slow_loading);
    Router::new()
        .route("/dashboard", dashboard.into_route())
        .route("/slow", slow.into_route())
        .route(
            "/missing",
            AppPage::new("/missing", missing_page).into_route(),
        )
        .route("/moved", AppPage::new("/moved", moved_page).into_route())
        .route(
            "/article",
            AppPage::new("/article", article_page).into_route(),
        )
        .route(
            "/broken",
            AppPage::new("/broken", broken_page)
                .error_boundary(&BROKEN_ERROR)
                .into_route(),
        )
        .route(
            "/boundary",
            AppPage::new("/boundary", boundary_page).into_route(),
        )
        .route(
            &format!("/_next/static/chunks/{}", COUNTER_CHUNK),
            get(counter_script),
        )
}

// ANCHOR: page
/// `export default async function DashboardPage()`: the server waits for the
/// items before the shell can go out, but not for `SlowPanel`, which is inside
/// a Suspense boundary.
pub fn dashboard_page(_props: &PageProps) -> Node {
    async_component(async {
        let items = get_items().await;
        element("main")
            .child(element("h1").child(text("Dashboard")))
            .child(
                element("ul").children(
                    items
                        .iter()
                        .map(|item| element("li").key(item).child(text(*item)).into()),
                ),
            )
            .child(client(&COUNTER, json!({ "start": 3 })))
            .child(suspense(element("p").child(text("Loading…")), slow_panel()))
            .into()
    })
}

/// `getItems()`: pretends to query a database.
async fn get_items() -> Vec<&'static str> {
    tokio::time::sleep(Duration::from_millis(50)).await;
    vec!["alpha", "beta", "gamma"]
}

/// `async function SlowPanel()`: its HTML arrives later in the same response.
fn slow_panel() -> Node {
    async_component(async {
        tokio::time::sleep(Duration::from_millis(800)).await;
        element("p")
            .child(text("Slow panel ready at "))
            .child(text(mini_next::js::to_iso_string(SystemTime::now())))
            .into()
    })
}
// ANCHOR_END: page

// ANCHOR: slow
/// `app/slow/page.tsx`: the whole page waits 800 ms for its data. Without a Suspense
/// boundary of its own, nothing of it could be sent before that...
fn slow_page(_props: &PageProps) -> Node {
    async_component(async {
        tokio::time::sleep(Duration::from_millis(800)).await;
        let items = ["alpha", "beta", "gamma"].map(|i| element("li").key(i).child(text(i)).into());
        element("main")
            .child(element("h1").child(text("Slow page")))
            .child(element("ul").attr("id", "list").child(list(items)))
            .into()
    })
}

/// ...but `app/slow/loading.tsx` beside it is that boundary's fallback: the shell and
/// "Loading…" leave at once, the page follows in the same response.
fn slow_loading() -> Node {
    element("p")
        .attr("id", "loading")
        .child(text("Loading…"))
        .into()
}
// ANCHOR_END: slow

// ANCHOR: navigation
/// `app/missing/page.tsx`: `notFound()` while rendering. Nothing was sent yet, so
/// the answer is a 404.
fn missing_page(_props: &PageProps) -> Node {
    async_component(async { not_found() })
}

/// `app/moved/page.tsx`: `redirect('/slow')` while rendering: a 307 to `/slow`.
fn moved_page(_props: &PageProps) -> Node {
    async_component(async { redirect("/slow") })
}
// ANCHOR_END: navigation

// ANCHOR: article
/// The sentence `app/article/page.tsx` repeats 16 times: 1,232 characters in all.
const ARTICLE_SENTENCE: &str =
    "A long string travels in a row of its own, announced by its length in bytes. ";

/// `app/article/page.tsx`: one string of 1,024 characters or more. The flight
/// writer sends it as a text row (`T`) of its own, which the page's row points at.
fn article_page(_props: &PageProps) -> Node {
    async_component(async {
        element("main")
            .child(element("h1").child(text("Article")))
            .child(
                element("p")
                    .attr("id", "body")
                    .child(text(ARTICLE_SENTENCE.repeat(16))),
            )
            .into()
    })
}
// ANCHOR_END: article

// ANCHOR: broken
/// `app/broken/page.tsx`: the data source fails while the page renders. The
/// message stays on the server; the answer is a 500 whose page row is an error row.
fn broken_page(_props: &PageProps) -> Node {
    async_component(async { throw_error("the inventory service is down") })
}

/// `app/broken/error.tsx` (`'use client'`): what the browser shows in the page's
/// place. The server only names it, as the `error` prop of the segment's
/// `LayoutRouter`; React in the browser renders it from the payload.
pub static BROKEN_ERROR: ClientReference = ClientReference {
    module_id: 1003,
    chunks: &["app-broken-error.js"],
    export: "default",
    render_html: broken_error_html,
};

/// `<div id="error">…</div>` (the server never needs it: see `BROKEN_ERROR`).
fn broken_error_html(_props: &Map<String, Value>) -> Node {
    element("div")
        .attr("id", "error")
        .child(element("p").child(text("Could not load this page.")))
        .into()
}
// ANCHOR_END: broken

// ANCHOR: boundary
/// `app/boundary/page.tsx`: a server component (`Stock`) passed to a client
/// component (`Panel`) as its children.
fn boundary_page(_props: &PageProps) -> Node {
    async_component(async {
        element("main")
            .child(element("h1").child(text("Boundary")))
            .child(client(&PANEL, json!({ "title": "Stock" })).children(async_component(stock())))
            .into()
    })
}

/// `async function Stock()`: runs on the server only; the client gets its `<ul>`.
async fn stock() -> Node {
    let items = ["bolts: 40", "nuts: 12"].map(|i| element("li").key(i).child(text(i)).into());
    element("ul").child(list(items)).into()
}

/// `app/boundary/panel.tsx` (`'use client'`): a section that opens and closes
/// around whatever the server gave it as `children`.
pub static PANEL: ClientReference = ClientReference {
    module_id: 1004,
    chunks: &["app-boundary-panel.js"],
    export: "default",
    render_html: panel_html,
};

/// `<section><button>{title}</button>{open && children}</section>`, open at first.
fn panel_html(props: &Map<String, Value>) -> Node {
    let title = props.get("title").and_then(Value::as_str).unwrap_or("");
    element("section")
        .child(element("button").child(text(title)))
        .child(children_slot())
        .into()
}
// ANCHOR_END: boundary

// ANCHOR: counter
/// `app/dashboard/counter.tsx` (`'use client'`): the server sends only this
/// reference in the flight payload, and renders it once for the first HTML.
pub static COUNTER: ClientReference = ClientReference {
    module_id: 1001,
    chunks: &[COUNTER_CHUNK],
    export: "default",
    render_html: counter_html,
};

/// `<button>Count: {count}</button>` with `count` starting at `start`.
fn counter_html(props: &Map<String, Value>) -> Node {
    let start = props.get("start").cloned().unwrap_or(json!(0));
    element("button")
        .child(text("Count: "))
        .child(text(start.to_string()))
        .into()
}
// ANCHOR_END: counter

/// The counter's compiled code, as a chunk file name.
const COUNTER_CHUNK: &str = "app-dashboard-counter.js";

/// The counter's browser code. Not React: it finds the server-rendered button,
/// reads the count from its text, and counts on click, which is what hydration
/// gives the real `Counter`.
const COUNTER_JS: &str = r#"// Stand-in for the compiled counter.tsx: makes the server-rendered button count.
function hydrateCounters() {
  document.querySelectorAll("main > button").forEach(function (button) {
    var count = parseInt(button.textContent.replace("Count: ", ""), 10);
    button.addEventListener("click", function () {
      count += 1;
      button.textContent = "Count: " + count;
    });
  });
}
// An async script in <head> may run before the body is parsed.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", hydrateCounters);
} else {
  hydrateCounters();
}
"#;

async fn counter_script() -> ([(header::HeaderName, &'static str); 1], &'static str) {
    (
        [(
            header::CONTENT_TYPE,
            "application/javascript; charset=UTF-8",
        )],
        COUNTER_JS,
    )
}
