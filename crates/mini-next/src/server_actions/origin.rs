//! The Origin check that stops other sites from calling an action.

use super::answers::header_text;
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
// ANCHOR_END: origin_check

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn origin_is_compared_by_host_and_port() {
        assert!(origin_is_allowed(&headers(&[("host", "a:1")])));
        assert!(origin_is_allowed(&headers(&[
            ("host", "a:1"),
            ("origin", "http://a:1")
        ])));
        assert!(origin_is_allowed(&headers(&[
            ("host", "a"),
            ("origin", "https://a:443")
        ])));
        assert!(!origin_is_allowed(&headers(&[
            ("host", "a:1"),
            ("origin", "null")
        ])));
    }

    #[test]
    fn a_forwarded_host_takes_the_place_of_host() {
        let forwarded = [
            ("host", "a:1"),
            ("x-forwarded-host", "b, c"),
            ("origin", "https://b"),
        ];
        assert!(origin_is_allowed(&headers(&forwarded)));
        assert!(!origin_is_allowed(&headers(&[
            ("x-forwarded-host", "b"),
            ("host", "a:1"),
            ("origin", "http://a:1")
        ])));
    }
}
