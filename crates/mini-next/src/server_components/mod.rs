//! Server Components: an App Router page (`app/**/page.tsx`), rendered the way
//! `next start` sends it.
//!
//! A page is a tree of [`Node`]s: server elements (`<h1>`, `<ul>`), text, client
//! component references (`'use client'` files: the server sends *where the code
//! is*, not the code), `<Suspense>` boundaries, and async components (an
//! `async function` component: a future that gives its subtree later). The same
//! tree goes out in one of two forms, chosen by the `RSC` request header:
//!
//! - **HTML** (a browser's first visit): the shell (everything not inside a pending
//!   Suspense boundary) once the page's own data is ready, with the pending
//!   boundary written as `<!--$?--><template id="B:0"></template>fallback<!--/$-->`.
//!   Then the flight rows, inlined as `<script>self.__next_f.push([1,"…"])</script>`
//!   after a bootstrap `push([0])`, so the browser's React can hydrate without a
//!   second request. When the boundary's content resolves, **the same response**
//!   carries a late flight row, `<div hidden id="S:0">content</div>` and
//!   `$RC("B:0","S:0")`, which swaps it in place of the fallback. `</body></html>`
//!   comes last, so every late chunk still lands inside `<body>`.
//! - **Flight** (`RSC: 1`, a client-side navigation): `text/x-component`, one row per
//!   line (see [`crate::flight`]). The root row goes out at once with `"$L…"` lazy
//!   references; the page's row follows when its data is ready, the Suspense
//!   child's row when it resolves.
//!
//! The router's rules around it, as measured on Next.js 16.4.6:
//!
//! - Every answer that renders carries `Vary: rsc, next-router-state-tree,
//!   next-router-prefetch, next-router-segment-prefetch, Accept-Encoding` and
//!   `Cache-Control: private, no-cache, no-store, max-age=0, must-revalidate` (the
//!   page is dynamic). `X-Powered-By: Next.js` is on HTML only.
//! - An `RSC: 1` request must carry a `_rsc` query parameter equal to a hash of the
//!   router headers (`expected_rsc_param`). It keeps a shared cache from answering
//!   a navigation with a payload made for other router state. Missing or wrong:
//!   `307` to the same URL with the right `_rsc` at the end, no body.
//! - `Next-Router-Prefetch: 1` on a dynamic page: only the segment tree, no rendering.
//! - HEAD: the headers once the shell is ready, no body.
//!
//! Simplified, plainly: there is no React here. The HTML and the flight rows are
//! written by the two small walkers below, which produce the same *kinds* of bytes
//! as React, not the same bytes. Next.js sends each route segment (layout, page) as
//! separate data that a client `LayoutRouter` stitches together; here the root row
//! holds the layout's element tree with the page as a lazy reference, and the
//! segment tree beside it. The router-internal rows (`LayoutRouter`, metadata and
//! viewport boundaries, `X`/`C` stream rows, the `h`/`P`/`m`/`G` fields of row 0)
//! are left out. The build id, module ids and chunk file names are made up; row ids
//! are given out in the order our walker meets things, so they differ from Next's.
//! The `$RC` swap script is a short original one (React's batches swaps per
//! animation frame). Gzip is not done here but in `serve` ([`crate::compress`]),
//! which, like Next.js, flushes after every chunk so the stream stays a stream.
//! `_rsc` accepts only the SHA-256 form, not the legacy 5-character djb2 form.
//!
//! Reading order: `tree.rs` (what a page is made of), `payload.rs` (the page as
//! flight rows), `html.rs` (the page as streamed HTML with those rows inlined),
//! `rsc_request.rs` (the `RSC: 1` request rules), then this file: which of the three
//! answers a request gets, and the streaming body that carries it.

mod html;
mod payload;
mod rsc_request;
mod tree;

pub use html::*;
pub use payload::*;
use rsc_request::*;
pub use tree::*;

use axum::body::{Body, Bytes};
use axum::extract::{OriginalUri, Request};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::routing::{get, MethodRouter};
use std::convert::Infallible;
use std::future::Future;
use tokio::sync::mpsc;

/// `Vary` on every rendered answer: the App Router's request headers, plus
/// `Accept-Encoding` added by `next start`'s compression layer.
pub const VARY: &str = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding";

/// `Cache-Control` of a dynamic page: never store it, anywhere.
pub const CACHE_CONTROL: &str = "private, no-cache, no-store, max-age=0, must-revalidate";

/// The build id in row 0 (`"b"`). Next.js makes a random one per `next build`;
/// the client reloads the page when it changes.
pub const BUILD_ID: &str = "mini-next-build";

// ANCHOR: page
/// One App Router page: the root layout wrapped around the page, at a route.
#[derive(Debug, Clone)]
pub struct AppPage {
    /// The route's segments below the root: `["dashboard"]` for `/dashboard`.
    pub segments: &'static [&'static str],
    /// `app/layout.tsx`: gets the page as `children`, returns `<html>`.
    pub layout: fn(Node) -> Node,
    /// `app/dashboard/page.tsx`: called once per request (the page is dynamic).
    pub page: fn() -> Node,
    /// Next.js's `basePath`: prefixed to every `/_next/…` URL the page sends.
    pub base_path: String,
}

impl AppPage {
    /// The handler for GET (and so HEAD) at the page's path.
    pub fn into_route(self) -> MethodRouter {
        get(move |request: Request| answer(self, request))
    }
}
// ANCHOR_END: page

/// Picks the kind of answer from the request's router headers.
async fn answer(page: AppPage, request: Request) -> Response {
    let headers = request.headers();
    if header_value(headers, "rsc") != Some("1") {
        return html_response(&page).await;
    }
    let url = match request.extensions().get::<OriginalUri>() {
        Some(OriginalUri(uri)) => uri.clone(),
        None => request.uri().clone(),
    };
    let expected = expected_rsc_param(headers);
    if rsc_param(url.query()) != Some(expected.as_str()) {
        return redirect_to_rsc_url(url.path(), url.query(), &expected);
    }
    if header_value(headers, "next-router-prefetch") == Some("1") {
        return prefetch_response(&page);
    }
    flight_response(&page)
}

/// A channel already closed: a body with no bytes, but no known length either, so
/// it goes out as `Transfer-Encoding: chunked` with only the final `0` chunk.
fn empty_channel() -> mpsc::Receiver<Bytes> {
    mpsc::channel(1).1
}

/// Headers common to every rendered answer, in the order Next.js sends them.
fn rendered_response(content_type: &'static str, html: bool, body: Body) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static(VARY));
    if html {
        headers.insert("x-powered-by", HeaderValue::from_static("Next.js"));
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// The body of a response as a stream fed by a channel: whatever a writer task
/// sends goes out as one HTTP chunk, at the moment it is sent.
fn stream_body(chunks: mpsc::Receiver<Bytes>) -> Body {
    let stream = futures_util::stream::unfold(chunks, |mut chunks| async move {
        let chunk = chunks.recv().await?;
        Some((Ok::<_, Infallible>(chunk), chunks))
    });
    Body::from_stream(stream)
}

/// A body that starts with `ready` and goes on with whatever `write`, run on its
/// own task, sends. The ready chunks are queued before the response is returned,
/// so they leave in the same write as the status line and headers.
fn spawn_writer<F>(ready: Vec<String>, write: impl FnOnce(mpsc::Sender<Bytes>) -> F) -> Body
where
    F: Future<Output = ()> + Send + 'static,
{
    let (sender, receiver) = mpsc::channel(ready.len() + 16);
    for chunk in ready {
        sender
            .try_send(chunk.into())
            .expect("the channel has room for them");
    }
    tokio::spawn(write(sender));
    stream_body(receiver)
}

/// The tree for one request: the layout around a fresh run of the page.
fn page_tree(page: &AppPage) -> Node {
    (page.layout)((page.page)())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, StatusCode};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn rsc_param_is_empty_without_router_headers() {
        assert_eq!(expected_rsc_param(&headers(&[("rsc", "1")])), "");
        assert_eq!(
            expected_rsc_param(&headers(&[("next-router-prefetch", "0")])),
            ""
        );
    }

    #[test]
    fn rsc_param_matches_the_values_next_computes() {
        let prefetch = headers(&[("next-router-prefetch", "1")]);
        assert_eq!(expected_rsc_param(&prefetch), "HEAvJdHAQJrUAe2K");
        let segment = headers(&[
            ("next-router-prefetch", "1"),
            ("next-router-segment-prefetch", "/_tree"),
            ("next-url", "/dashboard"),
        ]);
        assert_eq!(expected_rsc_param(&segment), "j79Vj4yH5aoiafxS");
    }

    #[test]
    fn redirect_keeps_other_params_and_moves_rsc_last() {
        let response = redirect_to_rsc_url("/dashboard", Some("x=1&_rsc=abc&y=2"), "");
        assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(response.headers()["location"], "/dashboard?x=1&y=2&_rsc");
    }

    #[test]
    fn adjacent_text_is_separated_and_void_elements_close_themselves() {
        let node: Node = element("p").child(text("Count: ")).child(text("3")).into();
        let mut html = HtmlWriter {
            next_boundary: 0,
            pending: Vec::new(),
        };
        let mut out = String::new();
        html.write(&node, &mut out);
        assert_eq!(out, "<p>Count: <!-- -->3</p>");
        let mut out = String::new();
        html.write(&element("meta").attr("charSet", "utf-8").into(), &mut out);
        assert_eq!(out, "<meta charSet=\"utf-8\"/>");
    }

    #[test]
    fn a_hand_written_page_gets_the_same_head_and_its_rows_inlined() {
        let html = html_document("/x", &["a.js"], "<main>hi</main>", "0:{}\n");
        assert_eq!(
            html,
            concat!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charSet=\"utf-8\"/>",
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>",
                "<script src=\"/x/_next/static/chunks/a.js\" async=\"\"></script></head>",
                "<body><main>hi</main>",
                "<script>(self.__next_f=self.__next_f||[]).push([0])</script>",
                "<script>self.__next_f.push([1,\"0:{}\\n\"])</script></body></html>"
            )
        );
    }

    #[test]
    fn flight_script_escapes_what_could_close_the_script() {
        assert_eq!(
            flight_script("1:\"</script>\"\n"),
            "<script>self.__next_f.push([1,\"1:\\\"\\u003c/script\\u003e\\\"\\n\"])</script>"
        );
    }
}
