//! The answers Next.js sends when an action is refused, fails or redirects.

use super::*;
use crate::app_route::VARY;
use crate::etag::etag;
use crate::flight;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::json;
use std::convert::Infallible;

// ANCHOR_END: parse_multipart

/// The digest of an error, like the `string-hash` package Next.js uses: djb2 with
/// xor, over the characters from last to first.
pub fn digest(message: &str) -> String {
    let units: Vec<u16> = message.encode_utf16().collect();
    let hash = units.iter().rev().fold(5381u32, |hash, &unit| {
        hash.wrapping_mul(33) ^ u32::from(unit)
    });
    hash.to_string()
}

/// A refusal: the flight error row for a JS call, the Pages Router 500 page for a form.
pub(super) fn refused(fetch: bool, digest: &str, cache_control: &str) -> Response {
    if fetch {
        flight_error(digest, cache_control)
    } else {
        pages_error_page(cache_control)
    }
}

/// 500 with `0:{"a":"$@1",…}` and `1:E{"digest":…}`: the promise the client awaits
/// rejects, with no message.
pub(super) fn flight_error(digest: &str, cache_control: &str) -> Response {
    let head = json!({ "a": "$@1", "q": "", "i": false, "b": REFERENCE_BUILD_ID });
    let body = flight::model_row(0, &head) + &flight::error_row(1, digest);
    flight_response(StatusCode::INTERNAL_SERVER_ERROR, cache_control, &[], body)
}

pub(super) fn flight_response(
    status: StatusCode,
    cache_control: &str,
    extra: &[(&str, String)],
    body: String,
) -> Response {
    let mut response = streamed(status, body);
    let headers = response.headers_mut();
    set(headers, "vary", &format!("{VARY}, Accept-Encoding"));
    set(headers, "cache-control", cache_control);
    for (name, value) in extra {
        set(headers, name, value);
    }
    set(headers, "content-type", "text/x-component");
    response
}

/// 400/409 `text/plain` with `x-nextjs-action-not-found: 1`, a known length and an ETag.
pub(super) fn unrecognized_action(status: StatusCode) -> Response {
    let text = if status == StatusCode::BAD_REQUEST {
        "Invalid Server Action request."
    } else {
        "Server Action unavailable."
    };
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    set(headers, "vary", &format!("{VARY}, Accept-Encoding"));
    set(headers, "cache-control", ACTION_ANSWER);
    set(headers, "x-nextjs-action-not-found", "1");
    set(headers, "content-type", "text/plain");
    set(headers, "etag", &etag(text));
    response
}

/// `303 See Other` to `location`, empty chunked body: the browser GETs the target.
pub(super) fn see_other(location: &str) -> Response {
    let mut response = streamed(StatusCode::SEE_OTHER, String::new());
    let headers = response.headers_mut();
    set(headers, "vary", VARY);
    set(headers, "cache-control", ACTION_ANSWER);
    set(headers, "location", location);
    response
}

/// The Pages Router's default `500: Internal Server Error` page (the reference app has
/// a `pages/` folder, so its error page answers failed form posts), with a length and
/// an ETag as a static page has.
pub(super) fn pages_error_page(cache_control: &str) -> Response {
    let html = concat!(
        r#"<!DOCTYPE html><html><head><meta charSet="utf-8"/>"#,
        r#"<title>500: Internal Server Error</title></head><body><div id="__next">"#,
        r#"<div><h1 class="next-error-h1">500</h1><div><h2>Internal Server Error.</h2>"#,
        r#"</div></div></div></body></html>"#,
    );
    let mut response = Response::new(Body::from(html));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    let headers = response.headers_mut();
    set(headers, "vary", &format!("{VARY}, Accept-Encoding"));
    set(headers, "cache-control", cache_control);
    set(headers, "x-powered-by", "Next.js");
    set(headers, "etag", &etag(html));
    set(headers, "content-type", "text/html; charset=utf-8");
    response
}

/// A body sent as a stream of unknown length, so hyper frames it as chunked the way
/// Node does for a rendered page or flight stream.
pub(super) fn streamed(status: StatusCode, body: String) -> Response {
    let chunks = futures_util::stream::iter([Ok::<_, Infallible>(body)]);
    let mut response = Response::new(Body::from_stream(chunks));
    *response.status_mut() = status;
    response
}

pub(super) fn set(headers: &mut HeaderMap, name: &str, value: &str) {
    let name = header::HeaderName::from_bytes(name.as_bytes()).expect("a valid header name");
    let value = HeaderValue::from_str(value).expect("a valid header value");
    headers.insert(name, value);
}

pub(super) fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
