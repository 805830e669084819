//! Mistake 3: a Server Component calling its own API route over HTTP.
//!
//! `app/mistakes/hits/page.tsx` fetches `http://<host>/mistakes/hits/api`, a route
//! handler of the same app, while it renders. The page runs **on the server**
//! already, so this is the server sending an HTTP request to itself: one more
//! request, one more trip through routing, and (here) one more hit counted. The fix,
//! `hits/direct/page.tsx`, calls the function the route handler calls.

use crate::own_url;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use mini_next::app_route::{Route, RouteContext, RouteError, RouteRequest, RouteResponse};
use mini_next::server_components::{element, number, text, AppPage, Node, PageProps};
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};

pub fn routes() -> Router {
    Router::new()
        .route("/mistakes/hits/api", Route::new().get(hits_route).into())
        .route("/mistakes/hits", get(hits_page))
        .route("/mistakes/hits/direct", get(hits_direct_page))
}

// ANCHOR: counter
/// `counter.ts`: one count for the whole process (Next.js keeps it on `globalThis`
/// so the route handler's bundle and the pages' bundles share it).
static HITS: AtomicU64 = AtomicU64::new(0);

/// `countHit()`: what the API route does on every request.
pub fn count_hit() -> u64 {
    HITS.fetch_add(1, Ordering::SeqCst) + 1
}

/// `readHits()`: looks, without counting.
pub fn read_hits() -> u64 {
    HITS.load(Ordering::SeqCst)
}

/// `GET /mistakes/hits/api`: `{ hits }`, counting this request.
fn hits_route(
    _request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    Ok(RouteResponse::json(&json!({ "hits": count_hit() })))
}
// ANCHOR_END: counter

// ANCHOR: page
/// The mistake: the page asks its own server for the count, over HTTP, with the
/// `Host` its own request came with. The answer it renders already includes the
/// hit its own fetch added.
async fn hits_page(request: Request) -> Response {
    let props = PageProps::of(&request);
    let Some(url) = own_url(&props.headers, &props.base_path, "/mistakes/hits/api") else {
        return (
            axum::http::StatusCode::BAD_REQUEST,
            "this demo calls its own server, so the Host header must name 127.0.0.1, localhost or [::1]",
        )
            .into_response();
    };
    let hits = match fetch_hits(&url).await {
        Ok(hits) => hits,
        // Next.js would answer 500 with its error page; the model says why.
        Err(error) => {
            let message = format!("fetching {url} failed: {error}");
            return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, message).into_response();
        }
    };
    render_hits(&props, "/mistakes/hits", hits).await
}

/// `await fetch(url, { cache: 'no-store' })` then `.json()`: a real HTTP request
/// from this server to itself.
async fn fetch_hits(url: &str) -> Result<u64, reqwest::Error> {
    let answer: serde_json::Value = reqwest::get(url).await?.json().await?;
    Ok(answer["hits"].as_u64().unwrap_or(0))
}

/// The fix: call the function. Nothing leaves the process, nothing is counted.
async fn hits_direct_page(request: Request) -> Response {
    render_hits(
        &PageProps::of(&request),
        "/mistakes/hits/direct",
        read_hits(),
    )
    .await
}
// ANCHOR_END: page

/// `<main><p>Hits: {hits}</p></main>`, rendered as the page at `path` renders.
async fn render_hits(props: &PageProps, path: &'static str, hits: u64) -> Response {
    let page = move |_: &PageProps| -> Node {
        let p = element("p").child(text("Hits: ")).child(number(hits));
        element("main").child(p).into()
    };
    AppPage::new(path, page)
        .render(props)
        .html_response(None)
        .await
}
