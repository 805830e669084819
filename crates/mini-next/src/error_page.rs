//! The 500 page Next.js answers when a request fails before any handler runs.
//!
//! A route handler file may export seven methods (see
//! [`crate::app_route::HTTP_METHODS`]). A request with another method that Node's
//! HTTP parser still accepts, such as `TRACE`, finds no handler *and* no automatic
//! answer: Next.js throws, and `next start` renders its error page from the Pages
//! Router's `_error`, prerendered at build time: HTML with a known length, an ETag,
//! `X-Powered-By: Next.js` and the `no-store` cache headers. (A made-up method such
//! as `FOO` never gets this far: Node refuses it with `400 Bad Request` and closes
//! the connection.)
//!
//! Simplified: our page is a short HTML page of our own, not Next.js's 2.4 kB React
//! page, so its length and ETag differ; hyper accepts any method name, so a made-up
//! method reaches this page here instead of a 400.

use crate::server_components::CACHE_CONTROL;
use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;

/// The whole page.
const PAGE: &str = concat!(
    "<!DOCTYPE html><html><head><meta charSet=\"utf-8\"/>",
    "<title>500: Internal Server Error</title></head>",
    "<body><h1>500</h1><h2>Internal Server Error.</h2></body></html>"
);

/// `500 Internal Server Error` with the page, headers in Next.js's order.
pub fn internal_server_error() -> Response {
    let mut response = Response::new(Body::from(PAGE));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    let headers = response.headers_mut();
    let vary = format!("{}, Accept-Encoding", crate::app_route::VARY);
    let etag = crate::etag::etag(PAGE);
    for (name, value) in [
        (header::VARY, vary.as_str()),
        (header::CACHE_CONTROL, CACHE_CONTROL),
        (header::HeaderName::from_static("x-powered-by"), "Next.js"),
        (header::ETAG, etag.as_str()),
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
    ] {
        headers.append(name, HeaderValue::from_str(value).expect("ASCII"));
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(PAGE.len()));
    response
}
