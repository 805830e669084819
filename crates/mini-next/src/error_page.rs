//! The Pages Router's 500 page, which `next start` answers when a request fails
//! outside any page that could render an error: a method no route handler can
//! export (`TRACE`), a refused or failed no-JavaScript form post.
//!
//! A route handler file may export seven methods (see
//! [`crate::app_route::HTTP_METHODS`]). A request with another method that Node's
//! HTTP parser still accepts, such as `TRACE`, finds no handler *and* no automatic
//! answer: Next.js throws, and renders the error page of the Pages Router's
//! `_error`, prerendered at build time: HTML with a known length, an ETag,
//! `X-Powered-By: Next.js`. (A made-up method such as `FOO` never gets this far:
//! Node refuses it with `400 Bad Request` and closes the connection.)
//!
//! Simplified: our page is a short HTML page of our own with the same landmarks
//! (`__next`, the `next-error-h1` heading), not Next.js's 2.4 kB React page, so its
//! length and ETag differ; hyper accepts any method name, so a made-up method
//! reaches this page here instead of a 400.

use crate::app_router::VARY_WITH_ENCODING;
use axum::body::Body;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;

/// The whole page.
const PAGE: &str = concat!(
    r#"<!DOCTYPE html><html><head><meta charSet="utf-8"/>"#,
    r#"<title>500: Internal Server Error</title></head><body><div id="__next">"#,
    r#"<div><h1 class="next-error-h1">500</h1><div><h2>Internal Server Error.</h2>"#,
    r#"</div></div></div></body></html>"#,
);

/// `500 Internal Server Error` with the page, headers in Next.js's order, and the
/// `Cache-Control` of what failed (a dynamic request's, or an action's answer's).
pub fn internal_server_error(cache_control: &str) -> Response {
    let mut response = Response::new(Body::from(PAGE));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    let headers = response.headers_mut();
    let etag = crate::etag::etag(PAGE);
    for (name, value) in [
        (header::VARY, VARY_WITH_ENCODING),
        (header::CACHE_CONTROL, cache_control),
        (HeaderName::from_static("x-powered-by"), "Next.js"),
        (header::ETAG, etag.as_str()),
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
    ] {
        headers.append(name, HeaderValue::from_str(value).expect("ASCII"));
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(PAGE.len()));
    response
}
