//! `proxy.ts`: code that runs in front of every route, before routing. Next.js 16
//! renamed the feature; up to Next.js 15 the file was `middleware.ts` and the
//! function `middleware`.
//!
//! The file exports a function that receives the request and returns what to do with
//! it, and a `config.matcher` saying which paths it runs for ([`Matcher`]). The
//! request reaches it first, whichever of the four features would answer: API
//! Routes, Route Handlers, pages (Server Components) and Server Action posts, and
//! paths no route answers. [`Outcome`] lists what it can decide, as `next start`
//! sends each one (measured on Next.js 16.4.6, `reference/nextjs-proxy`):
//!
//! - `NextResponse.next()`: the route answers as if there were no proxy.
//! - `NextResponse.next()` with `res.headers.set(...)`: the route's answer, plus those
//!   headers (also on a 404 of a path that matches but has no route).
//! - `NextResponse.redirect(url)`: `307` with `location` (relative when it stays on
//!   the same origin) and the location as a chunked text body; nothing else, not even
//!   `Vary`. The route never runs.
//! - `NextResponse.rewrite(url)`: the route of the new URL answers, while the browser
//!   keeps the old one. The handler sees the new URL. The answer gains
//!   `x-middleware-rewrite` with the absolute new URL, and the new URL passes through
//!   the proxy again (the recorded answer to `/rewrite/x` carries the header the proxy
//!   adds to `/api/*`).
//! - `NextResponse.json(body, { status })`: that answer, `content-type:
//!   application/json` and `Vary: Accept-Encoding` from the compression layer, with no
//!   router `Vary`: no page rendered it. The route never runs, for a browser's visit
//!   and for a router request (`RSC: 1`) alike.
//!
//! The proxy is not an authorization boundary: it runs on a matcher's idea of the
//! path, and a request it does not see (another path to the same data, a Server
//! Action posted to another page) reaches the route unchecked. The route, page or
//! action checks again.
//!
//! Simplified: the proxy is a plain function of the request, which cannot `await`
//! (no `fetch` from it); it cannot change the request headers the route sees
//! (`NextResponse.next({ request: { headers } })`) or set cookies; a rewrite goes
//! through the proxy once more, as recorded, and a second rewrite from that pass goes
//! to its route without a third pass (what Next.js does then was not recorded);
//! rewrites and redirects stay on this server.

mod matcher;

pub use matcher::{Matcher, MatcherError};

use crate::app_route::server_origin;
use crate::app_router::DYNAMIC_CACHE_CONTROL;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt as _;

/// What the proxy function decides for one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `NextResponse.next()`.
    Next,
    /// `NextResponse.next()` and then `res.headers.set(name, value)` for each pair.
    NextWithHeaders(Vec<(&'static str, String)>),
    /// `NextResponse.redirect(url)` to a path (and query) of this app.
    Redirect(String),
    /// `NextResponse.rewrite(url)` to a path (and query) of this app.
    Rewrite(String),
    /// `NextResponse.json(body, { status })`.
    Json(StatusCode, Value),
}

/// The router's request headers (Next.js: `FLIGHT_HEADERS`), which Next.js takes off
/// the request the proxy sees and puts back for the route.
const ROUTER_HEADERS: [&str; 5] = [
    "rsc",
    "next-router-state-tree",
    "next-router-prefetch",
    "next-hmr-refresh",
    "next-router-segment-prefetch",
];

/// What the proxy function reads: `request.nextUrl` and the request's headers.
///
/// Next.js hides the router from the proxy: the `_rsc` query parameter and the
/// router's headers are gone (logged from a proxy on Next.js 16.4.6), so a proxy
/// cannot tell a client-side navigation or a prefetch from a first visit.
#[derive(Debug, Clone)]
pub struct ProxyRequest {
    /// `request.nextUrl.pathname`, without the base path.
    pub pathname: String,
    /// `request.nextUrl.search` without the `?` (`""` when there is none) and
    /// without `_rsc`.
    pub query: String,
    /// `request.headers`, without the router's.
    pub headers: HeaderMap,
}

impl ProxyRequest {
    fn of(request: &Request) -> ProxyRequest {
        let query = request.uri().query().unwrap_or("");
        let mut headers = request.headers().clone();
        for name in ROUTER_HEADERS {
            headers.remove(name);
        }
        ProxyRequest {
            pathname: request.uri().path().to_owned(),
            query: crate::server_components::pairs_without_rsc(query).join("&"),
            headers,
        }
    }

    /// `request.cookies.get(name)?.value`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.headers.get(header::COOKIE)?.to_str().ok()?;
        match crate::cookies::parse(header).remove(name)? {
            Value::String(value) => Some(value),
            _ => None,
        }
    }

    /// `request.nextUrl.search` with its `?`, or `""`.
    pub fn search(&self) -> String {
        if self.query.is_empty() {
            String::new()
        } else {
            format!("?{}", self.query)
        }
    }
}

/// A `proxy.ts`: its matcher and its function.
#[derive(Clone)]
pub struct Proxy {
    matcher: Matcher,
    decide: Arc<dyn Fn(&ProxyRequest) -> Outcome + Send + Sync>,
}

impl Proxy {
    /// `export const config = { matcher }` and `export function proxy(request)`.
    pub fn new(
        matcher: &[&str],
        decide: impl Fn(&ProxyRequest) -> Outcome + Send + Sync + 'static,
    ) -> Result<Proxy, MatcherError> {
        Ok(Proxy {
            matcher: Matcher::new(matcher)?,
            decide: Arc::new(decide),
        })
    }

    /// The app with the proxy in front of all its routes, before routing (so a
    /// rewrite reaches another route, and a path without one still meets the proxy).
    pub fn around(self, app: Router) -> Router {
        let proxy = Arc::new(self);
        Router::new().fallback(move |request: Request| {
            let (proxy, app) = (proxy.clone(), app.clone());
            async move { proxy.handle(app, request, Pass::First).await }
        })
    }

    async fn handle(&self, app: Router, request: Request, pass: Pass) -> Response {
        if !self.matcher.matches(request.uri().path()) {
            return route(app, request).await;
        }
        let base_path = crate::base_path_of(&request);
        match (self.decide)(&ProxyRequest::of(&request)) {
            Outcome::Next => route(app, request).await,
            Outcome::NextWithHeaders(headers) => {
                let mut response = route(app, request).await;
                for (name, value) in headers {
                    append(response.headers_mut(), name, &value);
                }
                response
            }
            Outcome::Redirect(target) => redirect(&format!("{base_path}{target}")),
            Outcome::Rewrite(target) => {
                let seen_as = format!("{}{base_path}{target}", server_origin(request.headers()));
                let Some(request) = rewritten(request, &target) else {
                    eprintln!("proxy: cannot rewrite to {target:?}: give a path such as /api/echo");
                    return crate::error_page::internal_server_error(DYNAMIC_CACHE_CONTROL);
                };
                let mut response = match pass {
                    Pass::First => Box::pin(self.handle(app, request, Pass::AfterRewrite)).await,
                    Pass::AfterRewrite => route(app, request).await,
                };
                append(response.headers_mut(), "x-middleware-rewrite", &seen_as);
                response
            }
            Outcome::Json(status, body) => json(status, &body),
        }
    }
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proxy")
            .field("matcher", &self.matcher)
            .finish()
    }
}

/// Whether the proxy already rewrote this request once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    First,
    AfterRewrite,
}

/// Lets the app's router answer.
async fn route(app: Router, request: Request) -> Response {
    match app.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The same request for another path and query of the app (`None` when `target`
/// is not one).
fn rewritten(mut request: Request, target: &str) -> Option<Request> {
    let uri = target
        .parse::<Uri>()
        .ok()
        .filter(|_| target.starts_with('/'))?;
    *request.uri_mut() = uri;
    Some(request)
}

/// `NextResponse.redirect`: 307, `location`, and the location as the body.
fn redirect(location: &str) -> Response {
    let mut response = Response::new(crate::node::chunked(location.to_owned()));
    *response.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    append(response.headers_mut(), "location", location);
    response
}

/// `NextResponse.json`: the body, its type, and the compression layer's `Vary`.
fn json(status: StatusCode, body: &Value) -> Response {
    let mut response = Response::new(crate::node::chunked(body.to_string()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    append(headers, "content-type", "application/json");
    append(headers, "vary", "Accept-Encoding");
    response
}

fn append(headers: &mut HeaderMap, name: &'static str, value: &str) {
    match HeaderValue::from_str(value) {
        Ok(value) => {
            headers.append(name, value);
        }
        Err(_) => eprintln!("proxy: header {name} cannot carry {value:?}; left out"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use http_body_util::BodyExt as _;

    async fn call(app: Router, uri: &str) -> (StatusCode, HeaderMap, String) {
        let request = Request::get(uri).body(Body::empty()).unwrap();
        let response = route(app, request).await;
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (
            parts.status,
            parts.headers,
            String::from_utf8_lossy(&bytes).into(),
        )
    }

    /// An app whose routes say which path answered, behind a proxy that rewrites
    /// `/a` to `/b` and `/b` to `/c`, and redirects `/r`.
    fn app() -> Router {
        let routes = Router::new()
            .route("/b", get(|| async { "b" }))
            .route("/c", get(|| async { "c" }));
        let proxy = Proxy::new(&["/a", "/b", "/r"], |request| {
            match request.pathname.as_str() {
                "/a" => Outcome::Rewrite("/b".into()),
                "/b" => Outcome::Rewrite("/c".into()),
                _ => Outcome::Redirect(format!("/b{}", request.search())),
            }
        })
        .unwrap();
        proxy.around(routes)
    }

    #[tokio::test]
    async fn a_rewrite_passes_the_proxy_once_more_and_then_goes_to_its_route() {
        let (status, headers, body) = call(app(), "/a").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "c"));
        let rewrites: Vec<_> = headers.get_all("x-middleware-rewrite").iter().collect();
        assert_eq!(rewrites, ["http://localhost/c", "http://localhost/b"]);
    }

    #[tokio::test]
    async fn a_redirect_is_answered_by_the_proxy_under_the_base_path() {
        let app = crate::with_base_path(app(), "/x/demo");
        let (status, headers, body) = call(app, "/x/demo/r?q=1&_rsc=z").await;
        assert_eq!(status, StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(headers["location"], "/x/demo/b?q=1");
        assert_eq!(body, "/x/demo/b?q=1");
    }

    #[tokio::test]
    async fn a_path_outside_the_matcher_goes_straight_to_its_route() {
        let (status, headers, body) = call(app(), "/c").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "c"));
        assert!(headers.get("x-middleware-rewrite").is_none());
    }

    #[tokio::test]
    async fn the_proxy_does_not_see_the_router_s_headers_or_rsc_parameter() {
        let proxy = Proxy::new(&["/b"], |request| {
            let seen: Vec<&str> = request.headers.keys().map(|n| n.as_str()).collect();
            Outcome::Json(StatusCode::OK, serde_json::json!([seen, request.query]))
        })
        .unwrap();
        let request = Request::get("/b?_rsc=abc&q=1")
            .header("rsc", "1")
            .header("next-router-prefetch", "1")
            .header("accept", "*/*")
            .body(Body::empty())
            .unwrap();
        let response = route(proxy.around(Router::new()), request).await;
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let seen: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(seen, serde_json::json!([["accept"], "q=1"]));
    }

    #[tokio::test]
    async fn a_rewrite_to_something_that_is_not_a_path_is_a_500() {
        let proxy = Proxy::new(&["/a"], |_| Outcome::Rewrite("no path".into())).unwrap();
        let (status, _, _) = call(proxy.around(Router::new()), "/a").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    }
}
