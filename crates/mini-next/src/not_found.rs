//! What Next.js answers for a path no file handles: the App Router's 404 page.
//!
//! Even under `/api/`, Next.js 16 does not answer with JSON: it serves the 404 page
//! it prerendered at build time, as HTML with the RSC payload inlined, and with the
//! headers of a cached prerendered page (`x-nextjs-cache: HIT`, `x-nextjs-prerender`
//! sent twice, `x-nextjs-stale-time`).
//!
//! Simplified: our page is a short HTML page of our own with one inlined flight row,
//! not the 7 kB React page Next.js builds, so its length and ETag differ.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

const PAGE: &str = concat!(
    "<!DOCTYPE html><html lang=\"en\"><head><meta charSet=\"utf-8\"/>",
    "<meta name=\"robots\" content=\"noindex\"/><title>404: This page could not be found.</title></head>",
    "<body><h1>404</h1><h2>This page could not be found.</h2>",
    "<script>(self.__next_f=self.__next_f||[]).push([0])</script>",
    "<script>self.__next_f.push([1,\"0:{\\\"P\\\":null,\\\"b\\\":\\\"mini-next\\\"}\\n\"])</script>",
    "</body></html>"
);

/// An axum fallback: `Router::new().fallback(mini_next::not_found::page)`.
pub async fn page() -> Response {
    let mut response = (StatusCode::NOT_FOUND, PAGE).into_response();
    let headers = response.headers_mut();
    headers.clear();
    let etag = crate::etag::etag(PAGE);
    let vary = format!("{}, Accept-Encoding", crate::app_route::VARY);
    for (name, value) in [
        ("cache-control", crate::server_components::CACHE_CONTROL),
        ("vary", vary.as_str()),
        ("x-nextjs-cache", "HIT"),
        ("x-nextjs-prerender", "1"),
        ("x-nextjs-prerender", "1"),
        ("x-nextjs-stale-time", "300"),
        ("x-powered-by", "Next.js"),
        ("etag", etag.as_str()),
        ("content-type", "text/html; charset=utf-8"),
    ] {
        headers.append(name, HeaderValue::from_str(value).expect("a valid header"));
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(PAGE.len()));
    response
}
