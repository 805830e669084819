//! The router headers of an `RSC: 1` request and the `_rsc` cache-busting parameter
//! they must come with.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest as _, Sha256};

pub(super) fn header_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The `_rsc` value an `RSC: 1` request must carry: a hash of the router headers
/// it sends, so that two requests for the same URL with different router state
/// have different URLs, and no cache can answer one with the other's payload.
///
/// The input is `prefetch,segmentPrefetch,stateTree,nextUrl`, each header value as
/// sent or `"0"` when absent. With none of them sent (or only `prefetch: 0`) the
/// value is empty; otherwise it is the first 12 bytes of the input's SHA-256, in
/// base64url without padding (16 characters).
pub fn expected_rsc_param(headers: &HeaderMap) -> String {
    let value = |name| header_value(headers, name);
    let prefetch = value("next-router-prefetch");
    let others = [
        value("next-router-segment-prefetch"),
        value("next-router-state-tree"),
        value("next-url"),
    ];
    if prefetch.is_none_or(|p| p == "0") && others.iter().all(Option::is_none) {
        return String::new();
    }
    let input = [prefetch, others[0], others[1], others[2]]
        .map(|v| v.unwrap_or("0"))
        .join(",");
    let digest = Sha256::digest(input.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..12])
}

/// The `_rsc` value in a query string: `Some("")` for a bare `_rsc` or `_rsc=`.
pub(super) fn rsc_param(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .find(|(key, _)| *key == "_rsc")
        .map(|(_, value)| value)
}

/// The query string's pairs without `_rsc` (`a=1&_rsc=xyz` → `["a=1"]`): the
/// request as the page (or `proxy.ts`) sees it, the router's parameter aside.
pub(crate) fn pairs_without_rsc(query: &str) -> Vec<&str> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some("_rsc"))
        .collect()
}

/// `307` to the same path and query with `_rsc` replaced and moved to the end:
/// `/dashboard?x=1&_rsc=bad` → `/dashboard?x=1&_rsc=<expected>`. An empty expected
/// value is written as a bare key, `?_rsc`. No other headers, an empty chunked body.
pub(super) fn redirect_to_rsc_url(path: &str, query: Option<&str>, expected: &str) -> Response {
    let mut pairs = pairs_without_rsc(query.unwrap_or(""));
    let rsc = if expected.is_empty() {
        "_rsc".to_owned()
    } else {
        format!("_rsc={expected}")
    };
    pairs.push(&rsc);
    let location = format!("{path}?{}", pairs.join("&"));
    let mut response = Response::new(crate::node::chunked(""));
    *response.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(&location).expect("a path and query are a valid header"),
    );
    response
}
