//! Who may talk to the playground: checks every request before any route sees it.
//!
//! The playground runs code and shows every recorded exchange, so it must not answer
//! other sites:
//!
//! - **DNS rebinding.** A page on `evil.example` can make its own name resolve to
//!   127.0.0.1; the browser then treats the playground as that page's origin. Such a
//!   request still carries `Host: evil.example`, so only names the playground serves
//!   are accepted: IP addresses (a rebinding attack needs a DNS name), `localhost`
//!   (and `*.localhost`, which browsers resolve to loopback themselves) and any name
//!   given with `--allow-host`. Others get 421.
//! - **Cross-site requests.** A page elsewhere can still make the browser POST to
//!   127.0.0.1 (a form, a `no-cors` fetch) or open a WebSocket to it. Browsers mark
//!   those with an `Origin` header, so a state-changing request or a WebSocket
//!   handshake whose `Origin` is not this playground gets 403. Tools such as curl send
//!   no `Origin` and are let through: they are the reader at their own terminal.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::net::IpAddr;
use std::sync::Arc;

/// The host names the playground answers to, besides IP addresses and `localhost`.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts {
    extra: Arc<Vec<String>>,
}

impl AllowedHosts {
    /// Also accept these names (lowercase, without port), e.g. a machine's LAN name.
    pub fn new(extra: &[String]) -> AllowedHosts {
        AllowedHosts {
            extra: Arc::new(extra.iter().map(|h| h.to_ascii_lowercase()).collect()),
        }
    }

    /// Whether a `Host` header value (`name[:port]`) names this playground.
    pub fn allows(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        let name = name.trim_end_matches('.');
        is_ip_literal(name)
            || name == "localhost"
            || name.ends_with(".localhost")
            || self.extra.iter().any(|allowed| allowed == name)
    }
}

/// The middleware: 421 for a foreign `Host`, 403 for a foreign `Origin` on a request
/// that changes something or opens a WebSocket.
pub async fn check(State(allowed): State<AllowedHosts>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    if let Some(host) = headers.get(header::HOST) {
        let host = host.to_str().unwrap_or("");
        if !allowed.allows(host) {
            return crate::api::error(
                StatusCode::MISDIRECTED_REQUEST,
                format!(
                    "this playground does not answer to the name {host:?} (a page using another \
                     name could be a DNS-rebinding attack): open it as http://127.0.0.1 or \
                     http://localhost, or start it with --allow-host {} if that name is yours",
                    host_name(host)
                ),
            );
        }
    }
    if changes_something(request.method(), headers) {
        if let Some(origin) = foreign_origin(headers) {
            return crate::api::error(
                StatusCode::FORBIDDEN,
                format!(
                    "a page on {origin} may not send requests to this playground: open the \
                     playground's own page, or use a tool such as curl"
                ),
            );
        }
    }
    next.run(request).await
}

/// Methods other than GET, HEAD and OPTIONS, and WebSocket handshakes (a GET that
/// opens a channel the page can then use).
fn changes_something(method: &Method, headers: &HeaderMap) -> bool {
    let websocket = headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    websocket || !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The request's `Origin` when it is not the playground the request was sent to
/// (`null`, from sandboxed frames and `file:` pages, is foreign too).
pub fn foreign_origin(headers: &HeaderMap) -> Option<String> {
    let origin = headers.get(header::ORIGIN)?;
    let origin = String::from_utf8_lossy(origin.as_bytes()).into_owned();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    if !host.is_empty() && origin_host.eq_ignore_ascii_case(host) {
        None
    } else {
        Some(origin)
    }
}

/// `name` from `name:port`, `[v6]` from `[v6]:port`.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

fn is_ip_literal(name: &str) -> bool {
    name.parse::<IpAddr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_addresses_and_localhost_only() {
        let allowed = AllowedHosts::new(&["Laptop.local".to_owned()]);
        for ok in [
            "127.0.0.1:3000",
            "127.0.0.1",
            "[::1]:3000",
            "localhost:3000",
            "LOCALHOST.",
            "app.localhost:3000",
            "192.168.1.20:3000",
            "laptop.local:3000",
        ] {
            assert!(allowed.allows(ok), "{ok} should be allowed");
        }
        for refused in [
            "evil.example:3000",
            "127.0.0.1.evil.example:3000",
            "localhost.evil.example",
            "",
            "2130706433.example",
        ] {
            assert!(!allowed.allows(refused), "{refused} should be refused");
        }
    }

    #[test]
    fn an_origin_is_foreign_unless_it_is_the_host() {
        let headers = |origin: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
            h.insert(header::ORIGIN, origin.parse().unwrap());
            h
        };
        assert_eq!(foreign_origin(&headers("http://127.0.0.1:3000")), None);
        for foreign in [
            "http://127.0.0.1:8999",
            "http://evil.example",
            "null",
            "http://127.0.0.1:3000.evil.example",
        ] {
            assert_eq!(
                foreign_origin(&headers(foreign)).as_deref(),
                Some(foreign),
                "{foreign}"
            );
        }
    }
}
