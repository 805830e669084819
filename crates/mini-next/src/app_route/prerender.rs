//! `export const dynamic = 'force-static'`: a GET handler that runs once, at build
//! time, instead of once per request.
//!
//! `next build` calls the handler, stores its answer, and `next start` serves the
//! stored answer to every GET and HEAD, whatever their query, cookies or headers, with
//! `x-nextjs-cache: HIT` and `cache-control: s-maxage=31536000` (shared caches may keep
//! it for a year; no revalidation was configured). The stored answer has no ETag, so
//! `If-None-Match` still gets a full 200. Every other method, OPTIONS included, gets
//! `405` with `Allow: GET` and `Allow: HEAD` as two header lines and the text
//! `Method Not Allowed`: the route now exists only as a file to serve.
//!
//! Simplified: "build time" is the moment the route is turned into an axum router,
//! i.e. when the example starts; the handler sees a GET with no query, headers or
//! body, and cookies it sets are dropped.

use super::request::{RouteContext, RouteRequest};
use super::response::RouteResponse;
use super::{Cookies, Handler};
use axum::body::Bytes;
use axum::http::{HeaderMap, Method};
use axum::response::Response;

/// The stored answer of one force-static route.
#[derive(Debug)]
pub(super) struct Prerendered {
    answer: RouteResponse,
}

impl Prerendered {
    /// Runs `get` once, as `next build` does. A throw fails the build, so here it
    /// stops the program with the handler's error.
    pub(super) fn build(get: Handler) -> Prerendered {
        let request = RouteRequest {
            method: Method::GET,
            url: "/".to_owned(),
            headers: HeaderMap::new(),
            search_params: Vec::new(),
            body: Bytes::new(),
        };
        let answer = get(&request, &mut RouteContext::default())
            .unwrap_or_else(|error| panic!("prerendering a force-static GET failed: {error}"));
        assert!(
            answer.replay().is_some(),
            "a force-static GET must return a whole body (not RouteResponse::stream): \
             its answer is stored once and served many times"
        );
        Prerendered { answer }
    }

    /// The answer to one request.
    pub(super) fn answer(&self, method: &Method) -> Response {
        let response = if *method == Method::GET || *method == Method::HEAD {
            self.answer
                .replay()
                .expect("checked by build")
                .with_leading_header("cache-control", "s-maxage=31536000")
                .with_leading_header("x-nextjs-cache", "HIT")
        } else {
            RouteResponse::empty(405)
                .with_appended_header("allow", "GET")
                .with_appended_header("allow", "HEAD")
                .with_raw_body("Method Not Allowed")
        };
        response.into_response(&Cookies::default())
    }
}
