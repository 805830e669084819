//! Common mistakes with the four server features of Next.js, each reproduced in Rust
//! so that it sends what real Next.js sends (`reference/nextjs/app/mistakes/`).
//!
//! One module per mistake, in the order of the chapter:
//!
//! 1. [`fetching_with_actions`]: reading data with a Server Action (a `POST`), and
//!    the two fixes: a cacheable `GET` route handler, a Server Component.
//! 2. [`use_server_component`]: `'use server'` on a component file, which makes the
//!    component a public action.
//! 3. [`own_api`]: a Server Component calling its own API route over HTTP.
//! 4. [`request_body`]: `request.body` in a route handler is a stream, not data.
//! 5. [`params`]: `params` is a Promise in Next.js 16.
//! 6. [`parallel`]: two action calls at once, as the server sees them.
//! 7. [`hidden_button`]: hiding a button does not protect its action.
//! 8. [`inline_prop`]: a Server Component handing an inline action to a client one.
//!
//! Shared here: the URL a page uses to call its own server, and the clock.
//!
//! Run it alone with `cargo run -p example-mistakes` (it prints its address), or let
//! the playground run it.

pub mod fetching_with_actions;
pub mod hidden_button;
pub mod inline_prop;
pub mod own_api;
pub mod parallel;
pub mod params;
pub mod request_body;
pub mod use_server_component;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// Every route of the chapter, at the paths the files have in the reference app.
pub fn app() -> Router {
    Router::new()
        .merge(fetching_with_actions::routes())
        .merge(use_server_component::routes())
        .merge(own_api::routes())
        .merge(request_body::routes())
        .merge(params::routes())
        .merge(parallel::routes())
        .merge(hidden_button::routes())
        .merge(inline_prop::routes())
}

/// The absolute URL of `path` on this same server, built the way the reference app
/// builds it: from the `Host` header the request came with (plus the base path).
///
/// `None` when there is no `Host`, or when it does not name this machine's loopback
/// interface. The reference app trusts any `Host`, which lets a client point the
/// server's own `fetch` at another machine (server-side request forgery): one more
/// reason to call the function instead. The model refuses rather than copy that.
pub fn own_url(headers: &HeaderMap, base_path: &str, path: &str) -> Option<String> {
    let host = headers.get("host")?.to_str().ok()?;
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    if !["127.0.0.1", "localhost", "[::1]"].contains(&name) {
        return None;
    }
    Some(format!("http://{host}{base_path}{path}"))
}

/// `new Date().toISOString()`, e.g. `2026-11-24T10:02:14.703Z`.
pub fn now_iso() -> String {
    mini_next::js::to_iso_string(std::time::SystemTime::now())
}

/// `Date.now()`: milliseconds since 1970.
pub fn now_ms() -> u64 {
    mini_next::js::date_now()
}

/// Arguments the model cannot read: a clear 400 (Next.js would fail inside the
/// action instead; the model does not imitate that).
pub fn bad_arguments() -> Response {
    (
        StatusCode::BAD_REQUEST,
        "The body must be the JSON array of the action's arguments, e.g. [{\"name\":\"Ada\"}].",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::own_url;
    use axum::http::{HeaderMap, HeaderValue};

    fn with_host(host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_str(host).unwrap());
        headers
    }

    #[test]
    fn own_url_calls_only_this_machine() {
        let url = own_url(&with_host("127.0.0.1:3000"), "/x/mistakes", "/api");
        assert_eq!(url.as_deref(), Some("http://127.0.0.1:3000/x/mistakes/api"));
        assert!(own_url(&with_host("localhost"), "", "/api").is_some());
        assert!(own_url(&with_host("[::1]:8080"), "", "/api").is_some());
        for forged in [
            "10.0.0.1:80",
            "example.com",
            "127.0.0.1.evil.test:3000",
            "127.0.0.1@evil",
        ] {
            assert_eq!(own_url(&with_host(forged), "", "/api"), None, "{forged}");
        }
        assert_eq!(own_url(&HeaderMap::new(), "", "/api"), None);
    }
}
