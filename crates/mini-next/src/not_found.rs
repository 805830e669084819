//! What Next.js answers for a path no file handles: the App Router's 404 page.
//!
//! Even under `/api/`, Next.js 16 does not answer with JSON: it serves the 404 page
//! it prerendered at build time, as HTML with the RSC payload inlined, and with the
//! headers of a cached prerendered page (`x-nextjs-cache: HIT`, `x-nextjs-prerender`
//! sent twice, `x-nextjs-stale-time`): that is [`page`].
//!
//! The same page can also be *rendered during a request*: a Server Action call that
//! Next.js will not run (an urlencoded body with `Next-Action`) gets it with the
//! headers of a dynamic page, streamed, and oddly without its first three tags
//! (`<!DOCTYPE html><html><head>`): that is [`rendered`]. Both send the one page
//! defined here.
//!
//! Simplified: our page is a short HTML page of our own, not the 7 kB React page
//! Next.js builds, so its length and ETag differ. Its inlined flight rows are the
//! rows of our model of that page (row 1 the content, row 0 the root), without the
//! router-internal rows (layout router, metadata and viewport boundaries) Next.js
//! adds.

use crate::flight;
use crate::server_components::{inline_flight_rows, BUILD_ID, CACHE_CONTROL};
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::convert::Infallible;
use std::sync::LazyLock;

/// The title, which the `<head>` and the flight rows both carry.
const TITLE: &str = "404: This page could not be found.";

/// The opening that a page rendered during a request leaves out (see [`rendered`]).
const DOCUMENT_START: &str = "<!DOCTYPE html><html lang=\"en\"><head>";

/// The whole document, built once: the head, the content, the inlined rows.
static PAGE: LazyLock<String> = LazyLock::new(|| {
    format!(
        concat!(
            "{start}<meta charSet=\"utf-8\"/><meta name=\"robots\" content=\"noindex\"/>",
            "<title>{title}</title></head>",
            "<body><h1>404</h1><h2>This page could not be found.</h2>{rows}</body></html>"
        ),
        start = DOCUMENT_START,
        title = TITLE,
        rows = inline_flight_rows(&flight_rows()),
    )
});

/// The page as flight rows: row 1 is the content (title, `<h1>`, `<h2>`), row 0
/// the root, whose tree renders row 1 in the root segment.
fn flight_rows() -> String {
    let content = json!([
        flight::element("title", None, json!({ "children": TITLE })),
        flight::element("h1", None, json!({ "children": "404" })),
        flight::element(
            "h2",
            None,
            json!({ "children": "This page could not be found." })
        ),
    ]);
    let root = json!({
        "P": null, "q": "", "i": false, "b": BUILD_ID,
        "t": { "t": { "s": "", "d": { "r": flight::reference(1) } } },
    });
    flight::model_row(1, &content) + &flight::model_row(0, &root)
}

/// `Vary` of both answers: the App Router's headers, then `next start`'s `Accept-Encoding`.
fn vary() -> String {
    format!("{}, Accept-Encoding", crate::app_route::VARY)
}

/// An axum fallback: `Router::new().fallback(mini_next::not_found::page)`. The
/// prerendered page, from the build's cache: a known length and an ETag.
pub async fn page() -> Response {
    let mut response = (StatusCode::NOT_FOUND, PAGE.as_str()).into_response();
    let headers = response.headers_mut();
    headers.clear();
    let etag = crate::etag::etag(&PAGE);
    append_all(
        headers,
        &[
            ("cache-control", CACHE_CONTROL),
            ("vary", &vary()),
            ("x-nextjs-cache", "HIT"),
            ("x-nextjs-prerender", "1"),
            ("x-nextjs-prerender", "1"),
            ("x-nextjs-stale-time", "300"),
            ("x-powered-by", "Next.js"),
            ("etag", &etag),
            ("content-type", "text/html; charset=utf-8"),
        ],
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(PAGE.len()));
    response
}

/// The same page rendered during a request, as an action that Next.js refuses to
/// run gets it: 404 with a dynamic page's headers and no prerender ones, streamed
/// (chunked, so no ETag), starting after `<!DOCTYPE html><html lang="en"><head>`
/// as Next.js's does.
pub fn rendered() -> Response {
    let body = PAGE
        .strip_prefix(DOCUMENT_START)
        .expect("the page starts with its document opening")
        .to_owned();
    // A stream of unknown length, so hyper frames it as chunked, as Node does.
    let chunks = futures_util::stream::iter([Ok::<_, Infallible>(body)]);
    let mut response = Response::new(Body::from_stream(chunks));
    *response.status_mut() = StatusCode::NOT_FOUND;
    append_all(
        response.headers_mut(),
        &[
            ("vary", &vary()),
            ("x-powered-by", "Next.js"),
            ("cache-control", CACHE_CONTROL),
            ("content-type", "text/html; charset=utf-8"),
        ],
    );
    response
}

/// Appends the headers in order (repeats kept, as `x-nextjs-prerender` needs).
fn append_all(headers: &mut HeaderMap, pairs: &[(&'static str, &str)]) {
    for (name, value) in pairs {
        headers.append(*name, HeaderValue::from_str(value).expect("a valid header"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_inlines_its_own_rows() {
        assert!(PAGE.starts_with(DOCUMENT_START));
        assert!(PAGE.contains("<script>(self.__next_f=self.__next_f||[]).push([0])</script>"));
        assert!(PAGE.contains(r#"1:[[\"$\",\"title\",null"#));
        assert!(PAGE.ends_with("</script></body></html>"));
    }

    #[test]
    fn the_rendered_page_is_chunked_and_leaves_out_the_document_opening() {
        let response = rendered();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(response.headers().get("content-length").is_none());
        assert!(response.headers().get("etag").is_none());
        assert_eq!(
            response.headers()["cache-control"],
            "private, no-cache, no-store, max-age=0, must-revalidate"
        );
    }
}
