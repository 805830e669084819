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
//! Like Next.js's, the page is the route `/_not-found`, rendered like any page
//! ([`crate::server_components`]) and stored once, so its inlined flight rows are
//! a payload Next.js's client router accepts.
//!
//! Simplified: our page is a short page of our own (a heading and a line in
//! `<body>`), not the 7 kB styled React page Next.js builds, so its length and ETag
//! differ.

use crate::app_router::{DYNAMIC_CACHE_CONTROL as CACHE_CONTROL, VARY_WITH_ENCODING};
use crate::server_components::{element, text, AppPage, Node, PageProps};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;

/// The title, which the `<head>` carries.
const TITLE: &str = "404: This page could not be found.";

/// The opening that a page rendered during a request leaves out (see [`rendered`]).
const DOCUMENT_START: &str = "<!DOCTYPE html><html lang=\"en\"><head>";

/// `/_not-found`, the route Next.js builds for the 404 page: a heading and a line.
fn not_found_page(_props: &PageProps) -> Node {
    element("body")
        .child(element("h1").child(text("404")))
        .child(element("h2").child(text("This page could not be found.")))
        .into()
}

/// Its metadata: kept out of search engines, and a title.
fn not_found_metadata() -> Vec<Node> {
    vec![
        element("meta")
            .attr("name", "robots")
            .attr("content", "noindex")
            .into(),
        element("title").child(text(TITLE)).into(),
    ]
}

/// The root layout of the 404 page: `<html lang="en">` around the page's `<body>`.
fn html_around(body: Node) -> Node {
    element("html").attr("lang", "en").child(body).into()
}

/// The whole document, rendered once, as the build stores it.
static PAGE: LazyLock<String> = LazyLock::new(|| {
    let props = PageProps {
        path: "/_not-found".to_owned(),
        ..PageProps::default()
    };
    AppPage::new("/_not-found", not_found_page)
        .layout(html_around)
        .metadata(not_found_metadata)
        .prerendered()
        .render(&props)
        .html_now()
        .expect("the 404 page waits for nothing")
});

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
            ("vary", VARY_WITH_ENCODING),
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
    let mut response = Response::new(crate::node::chunked(body));
    *response.status_mut() = StatusCode::NOT_FOUND;
    append_all(
        response.headers_mut(),
        &[
            ("vary", VARY_WITH_ENCODING),
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
        assert!(PAGE.contains(r#"<meta name="robots" content="noindex"/><title>404: This page"#));
        assert!(PAGE.contains("<body><h1>404</h1><h2>This page could not be found.</h2>"));
        assert!(PAGE.contains("<script>(self.__next_f=self.__next_f||[]).push([0])</script>"));
        assert!(PAGE.contains(r#"0:{\"P\":null,\"c\":[\"\",\"_not-found\"]"#));
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
