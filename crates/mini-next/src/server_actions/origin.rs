//! The Origin check that stops other sites from calling an action.

use super::*;
use axum::http::HeaderMap;

// ANCHOR: origin_check
/// The CSRF check: the host:port of `Origin` must equal `X-Forwarded-Host` (its first
/// entry), or `Host` when there is none. The scheme is ignored, `Origin: null` never
/// matches, and a request without `Origin` passes.
pub(super) fn origin_is_allowed(headers: &HeaderMap) -> bool {
    let Some(origin) = header_text(headers, "origin") else {
        return true;
    };
    let origin_host = if origin == "null" {
        "null".to_owned()
    } else {
        host_of_url(origin)
    };
    Some(origin_host.as_str()) == request_host(headers)
}

/// `X-Forwarded-Host` (first of a list) if present, else `Host`.
pub(super) fn request_host(headers: &HeaderMap) -> Option<&str> {
    match header_text(headers, "x-forwarded-host") {
        Some(forwarded) => forwarded.split(',').next().map(str::trim),
        None => header_text(headers, "host"),
    }
}

/// `new URL(origin).host`: host and port, with the scheme's default port left out.
pub(super) fn host_of_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let default_port = match scheme {
        "http" => Some(":80"),
        "https" => Some(":443"),
        _ => None,
    };
    match default_port {
        Some(port) => authority.strip_suffix(port).unwrap_or(authority),
        None => authority,
    }
    .to_ascii_lowercase()
}
