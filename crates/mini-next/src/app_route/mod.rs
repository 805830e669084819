//! Route Handlers: the `app/**/route.ts` feature of the App Router.
//!
//! In Next.js a file `app/api/items/route.ts` exports one function **per HTTP method**
//! (`export async function GET(request) {…}`) working on the Web `Request` and
//! `Response` types. Next.js parses nothing in advance and fills in the methods the
//! file did not export. This module models that, as `next start` sends it:
//!
//! - [`Route`] collects one [`Handler`] per method and becomes an axum
//!   `MethodRouter`. HEAD runs the GET handler (same headers, the body is dropped);
//!   OPTIONS answers `204` with `Allow`: the exported methods plus `HEAD` (when there
//!   is a GET) and `OPTIONS`, sorted and comma-joined on one line, and no CORS
//!   header. An exported `OPTIONS` ([`Route::options`]) replaces that answer
//!   entirely; it is how a route answers a CORS preflight. Any other of the
//!   seven methods a file may export gets `405` with an empty body and **no** `Allow`
//!   header. A method outside those seven (`TRACE`) gets Next.js's HTML 500 page
//!   ([`crate::error_page`]).
//! - [`Route::force_static`] is `export const dynamic = 'force-static'`: the GET
//!   handler runs once and its stored answer is served (module `prerender`).
//! - [`RouteRequest`] is the `Request`: method, URL, headers, `search_params` and the
//!   raw body, read with [`RouteRequest::json`] or [`RouteRequest::text`]. There is no
//!   body size limit and no body parsing before the handler runs.
//! - [`RouteContext`] gives the dynamic segments (`params`) and `cookies()` from
//!   `next/headers` ([`Cookies`]): reading the `Cookie` header, `set` (with
//!   [`CookieOptions`]) and `delete`, which become `Set-Cookie` lines.
//! - [`RouteResponse`] is the `Response`: `Response.json(value)` sends
//!   `content-type: application/json` **without** a charset, unlike the Pages Router.
//!   The handler's headers go out sorted by name, as a Fetch `Headers` lists them.
//!   [`RouteResponse::stream`] is `new Response(readableStream)`: the handler
//!   returns at once and a task of its own ([`ReadableStream`], module `stream`)
//!   keeps enqueuing chunks, each sent as it comes (streamed text, server-sent
//!   events).
//! - A handler returning [`RouteError`] is the model of `throw`: the error is logged on
//!   the server and the client gets `500` with an empty body.
//!
//! On every answer Next.js adds `Vary: rsc, next-router-state-tree,
//! next-router-prefetch, next-router-segment-prefetch` (the same URL can also serve a
//! React Server Components payload, so caches must key on those request headers), and
//! `next start`'s compression layer appends `Accept-Encoding` when the body's type is
//! compressible. Bodies go out with `Transfer-Encoding: chunked`, never
//! `Content-Length`: a Web `Response` body is a stream, piped to Node without a known
//! length. No `Cache-Control` is sent: GET handlers are dynamic by default since
//! Next.js 15.
//!
//! Reading order: this file (the route and its automatic answers), then `request`,
//! `cookies`, `response`, `stream` and `prerender`.
//!
//! Simplified: a handler is a plain function that returns its `Response` at once;
//! what a JavaScript handler would `await` before returning (a database, a fetch)
//! is not modelled, only what it streams after returning; the request body is read
//! before the handler runs, not when it calls
//! `request.json()` (gzip, as Next.js applies it, comes from [`crate::compress`] in
//! `serve`); header names are all lowercase
//! (Node keeps the case the code used: `Vary` on success, `vary` on errors); a
//! made-up method (`FOO`) gets the 500 page here, while Node refuses it with 400;
//! `cookies().set` knows only the `maxAge`, `httpOnly` and `sameSite` options.

mod cookies;
mod prerender;
mod request;
mod response;
mod stream;

pub use cookies::{CookieOptions, Cookies};
pub use request::{server_origin, RouteContext, RouteRequest};
pub use response::{RouteError, RouteResponse};
pub use stream::{sleep, Controller, ReadableStream};

use crate::app_router::DYNAMIC_CACHE_CONTROL;
use axum::extract::{RawPathParams, Request};
use axum::http::{header, Method};
use axum::response::Response;
use axum::routing::{any, MethodRouter};

/// The methods a `route.ts` may export (Next.js: `HTTP_METHODS`).
pub const HTTP_METHODS: [Method; 7] = [
    Method::GET,
    Method::HEAD,
    Method::OPTIONS,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
];

/// One exported method: `export async function GET(request, { params })`.
pub type Handler = fn(&RouteRequest, &mut RouteContext) -> Result<RouteResponse, RouteError>;

/// The exports of one `route.ts`: at most one handler per method.
#[derive(Debug, Clone, Default)]
pub struct Route {
    handlers: Vec<(Method, Handler)>,
    /// `export const dynamic = 'force-static'` (see [`Route::force_static`]).
    force_static: bool,
}

impl Route {
    pub fn new() -> Route {
        Route::default()
    }

    /// `export function <METHOD>`; `method` must be one of [`HTTP_METHODS`].
    pub fn on(mut self, method: Method, handler: Handler) -> Route {
        assert!(
            HTTP_METHODS.contains(&method),
            "{method} cannot be exported"
        );
        self.handlers.retain(|(m, _)| *m != method);
        self.handlers.push((method, handler));
        self
    }

    pub fn get(self, handler: Handler) -> Route {
        self.on(Method::GET, handler)
    }
    pub fn post(self, handler: Handler) -> Route {
        self.on(Method::POST, handler)
    }
    pub fn put(self, handler: Handler) -> Route {
        self.on(Method::PUT, handler)
    }
    pub fn patch(self, handler: Handler) -> Route {
        self.on(Method::PATCH, handler)
    }
    pub fn delete(self, handler: Handler) -> Route {
        self.on(Method::DELETE, handler)
    }
    /// An exported `OPTIONS` replaces the automatic one entirely: no `Allow` is
    /// added, the handler's own headers (CORS ones, typically) are what goes out.
    pub fn options(self, handler: Handler) -> Route {
        self.on(Method::OPTIONS, handler)
    }

    /// `export const dynamic = 'force-static'`: the GET handler runs once, when the
    /// router is built, and its stored answer serves every GET and HEAD; any other
    /// method gets 405 (see the `prerender` module).
    pub fn force_static(mut self) -> Route {
        assert!(
            self.handler(&Method::GET).is_some(),
            "force-static needs a GET handler to prerender"
        );
        self.force_static = true;
        self
    }

    /// The exported handler for `method`; HEAD falls back to GET.
    fn handler(&self, method: &Method) -> Option<Handler> {
        let exported = |m: &Method| self.handlers.iter().find(|(e, _)| e == m).map(|(_, h)| *h);
        match exported(method) {
            Some(handler) => Some(handler),
            None if *method == Method::HEAD => exported(&Method::GET),
            None => None,
        }
    }

    /// The automatic OPTIONS answer's `Allow`: exported methods, `OPTIONS`, and
    /// `HEAD` if GET is there, sorted: `GET, HEAD, OPTIONS, POST`.
    pub fn allow(&self) -> String {
        let mut allow: Vec<&str> = self.handlers.iter().map(|(m, _)| m.as_str()).collect();
        allow.push("OPTIONS");
        if self.handler(&Method::HEAD).is_some() {
            allow.push("HEAD");
        }
        allow.sort_unstable();
        allow.dedup();
        allow.join(", ")
    }

    /// Runs the request through the exported or automatic handler for its method.
    async fn answer(self, params: RawPathParams, request: Request) -> Response {
        let (parts, body) = request.into_parts();
        let mut context = RouteContext {
            params: params
                .iter()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect(),
            cookies: parts
                .headers
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(Cookies::from_header)
                .unwrap_or_default(),
        };
        let request = RouteRequest {
            method: parts.method.clone(),
            url: parts.uri.to_string(),
            search_params: form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
                .into_owned()
                .collect(),
            headers: parts.headers,
            // No size limit: a route handler reads as much as the client sends.
            body: axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default(),
        };
        if !HTTP_METHODS.contains(&request.method) {
            // TRACE and the like: no export, no automatic answer, Next.js's 500 page.
            return crate::error_page::internal_server_error(DYNAMIC_CACHE_CONTROL);
        }
        let result = match self.handler(&request.method) {
            Some(handler) => handler(&request, &mut context),
            None if request.method == Method::OPTIONS => {
                Ok(RouteResponse::empty(204).with_header("allow", &self.allow()))
            }
            None => Ok(RouteResponse::empty(405)),
        };
        match result {
            Ok(response) => response.into_response(&context.cookies),
            Err(error) => {
                // Like `next start`: the error goes to the server log only, and
                // cookies set before the throw are not sent.
                eprintln!("⨯ {error}");
                RouteResponse::empty(500).into_response(&Cookies::default())
            }
        }
    }
}

impl<S: Clone + Send + Sync + 'static> From<Route> for MethodRouter<S> {
    /// Every method reaches [`Route`], which answers HEAD, OPTIONS and 405 itself. A
    /// force-static route is prerendered here, once, and answers from what it stored.
    fn from(route: Route) -> MethodRouter<S> {
        if route.force_static {
            let get = route
                .handler(&Method::GET)
                .expect("checked by force_static");
            let prerendered = std::sync::Arc::new(prerender::Prerendered::build(get));
            return any(move |request: Request| {
                let answer = prerendered.answer(request.method());
                async move { answer }
            });
        }
        any(move |params: RawPathParams, request: Request| route.clone().answer(params, request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{HeaderMap, StatusCode};
    use axum::Router;
    use http_body_util::BodyExt as _;
    use serde_json::json;
    use serde_json::Value;
    use tower::ServiceExt as _;

    fn hello(req: &RouteRequest, ctx: &mut RouteContext) -> Result<RouteResponse, RouteError> {
        ctx.cookies().set("seen", "a b;c");
        Ok(RouteResponse::json(&json!({
            "id": ctx.param("id"),
            "search": req.search_params_object(),
        })))
    }

    fn echo(req: &RouteRequest, _: &mut RouteContext) -> Result<RouteResponse, RouteError> {
        Ok(RouteResponse::json(&req.json()?).with_status(201))
    }

    fn throws(_: &RouteRequest, ctx: &mut RouteContext) -> Result<RouteResponse, RouteError> {
        ctx.cookies().set("lost", "1");
        Err(RouteError::new("boom"))
    }

    fn built_at(_: &RouteRequest, _: &mut RouteContext) -> Result<RouteResponse, RouteError> {
        static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(RouteResponse::json(&serde_json::json!({ "call": call })))
    }

    fn streamed(_: &RouteRequest, _: &mut RouteContext) -> Result<RouteResponse, RouteError> {
        let stream = ReadableStream::new(|controller| async move {
            controller.enqueue("a");
            sleep(10).await;
            controller.enqueue("b");
        });
        Ok(RouteResponse::stream(stream))
    }

    fn preflight(_: &RouteRequest, _: &mut RouteContext) -> Result<RouteResponse, RouteError> {
        Ok(RouteResponse::empty(204)
            .with_header("x-b", "2")
            .with_header("access-control-allow-origin", "*")
            .with_header("x-a", "1"))
    }

    fn app() -> Router {
        Router::new()
            .route("/t/{id}", Route::new().get(hello).post(echo).into())
            .route("/s", Route::new().get(streamed).options(preflight).into())
            .route("/boom", Route::new().put(throws).into())
            .route("/static", Route::new().get(built_at).force_static().into())
    }

    async fn call(method: &str, uri: &str, body: Body) -> (StatusCode, HeaderMap, Vec<u8>) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .body(body)
            .unwrap();
        let response = app().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes().to_vec();
        (parts.status, parts.headers, body)
    }

    #[tokio::test]
    async fn get_sends_json_without_charset_vary_and_the_cookie() {
        let (status, headers, body) = call("GET", "/t/a%20b?x=1&x=2&y", Body::empty()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "application/json");
        assert_eq!(headers["vary"], "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding");
        assert_eq!(headers["set-cookie"], "seen=a%20b%3Bc; Path=/");
        assert!(headers.get("content-length").is_none());
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body, json!({"id": "a b", "search": {"x": "2", "y": ""}}));
    }

    #[tokio::test]
    async fn head_runs_get_and_options_lists_sorted_methods() {
        let (get_status, get_headers, _) = call("GET", "/t/1", Body::empty()).await;
        let (status, headers, _) = call("HEAD", "/t/1", Body::empty()).await;
        assert_eq!((status, headers), (get_status, get_headers));

        let (status, headers, body) = call("OPTIONS", "/t/1", Body::empty()).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(headers["allow"], "GET, HEAD, OPTIONS, POST");
        assert_eq!(
            headers["vary"],
            "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch"
        );
        assert!(body.is_empty());
        // Without a GET there is no HEAD either.
        let (status, headers, _) = call("OPTIONS", "/boom", Body::empty()).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(headers["allow"], "OPTIONS, PUT");
        let (status, _, _) = call("HEAD", "/boom", Body::empty()).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    }

    #[tokio::test]
    async fn a_force_static_get_runs_once_and_everything_else_is_405() {
        let (status, headers, first) = call("GET", "/static?fresh=1", Body::empty()).await;
        assert_eq!(status, StatusCode::OK);
        let names: Vec<&str> = headers.keys().map(|n| n.as_str()).collect();
        assert_eq!(
            names,
            ["vary", "x-nextjs-cache", "cache-control", "content-type"]
        );
        assert_eq!(headers["x-nextjs-cache"], "HIT");
        assert_eq!(headers["cache-control"], "s-maxage=31536000");
        assert!(headers.get("etag").is_none());
        // One build (one router), one run: later requests get the stored answer.
        let built = app();
        let mut bodies = Vec::new();
        for uri in ["/static", "/static?other=2"] {
            let request = Request::get(uri).body(Body::empty()).unwrap();
            let response = built.clone().oneshot(request).await.unwrap();
            bodies.push(response.into_body().collect().await.unwrap().to_bytes());
        }
        assert_eq!(bodies[0], bodies[1]);
        assert_eq!(first.len(), bodies[0].len());

        for method in ["POST", "OPTIONS", "DELETE", "TRACE"] {
            let (status, headers, body) = call(method, "/static", Body::empty()).await;
            assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
            let allow: Vec<_> = headers.get_all("allow").iter().collect();
            assert_eq!(allow, ["GET", "HEAD"], "{method}");
            assert!(headers.get("content-type").is_none());
            assert_eq!(body, b"Method Not Allowed");
        }
    }

    #[tokio::test]
    async fn a_streamed_body_has_no_content_type_of_its_own_and_no_length() {
        let (status, headers, body) = call("GET", "/s", Body::empty()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers.get("content-type").is_none());
        assert!(headers.get("content-length").is_none());
        assert_eq!(body, b"ab");
    }

    #[tokio::test]
    async fn an_exported_options_replaces_the_automatic_one_and_headers_go_out_sorted() {
        let (status, headers, _) = call("OPTIONS", "/s", Body::empty()).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(headers.get("allow").is_none());
        let names: Vec<&str> = headers.keys().map(|n| n.as_str()).collect();
        assert_eq!(names, ["vary", "access-control-allow-origin", "x-a", "x-b"]);
    }

    #[test]
    #[should_panic(expected = "force-static GET must return a whole body")]
    fn a_force_static_route_refuses_a_streamed_body_at_build() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let _inside = runtime.enter();
        let _: MethodRouter = Route::new().get(streamed).force_static().into();
    }

    #[tokio::test]
    async fn a_method_no_route_file_can_export_gets_the_html_500_page() {
        let (status, headers, body) = call("TRACE", "/t/1", Body::empty()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(headers["content-type"], "text/html; charset=utf-8");
        assert_eq!(headers["x-powered-by"], "Next.js");
        assert_eq!(headers["content-length"], body.len().to_string().as_str());
        assert!(String::from_utf8(body)
            .unwrap()
            .contains(r#"<h1 class="next-error-h1">500</h1>"#));
    }

    #[tokio::test]
    async fn other_methods_get_an_empty_405_without_allow() {
        for method in ["PUT", "DELETE", "PATCH"] {
            let (status, headers, body) = call(method, "/t/1", Body::empty()).await;
            assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
            assert!(headers.get("allow").is_none(), "{method}");
            assert!(headers.get("content-type").is_none(), "{method}");
            assert_eq!(
                headers["vary"],
                "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch"
            );
            assert!(body.is_empty());
        }
    }

    #[tokio::test]
    async fn a_throw_is_an_empty_500_without_its_cookies() {
        let (status, headers, body) = call("PUT", "/boom", Body::empty()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.is_empty());
        assert!(headers.get("set-cookie").is_none());
        assert!(headers.get("content-type").is_none());
        // `request.json()` on a broken body throws too.
        let (status, _, body) = call("POST", "/t/1", Body::from("{nope")).await;
        assert_eq!((status, body.len()), (StatusCode::INTERNAL_SERVER_ERROR, 0));
    }

    #[tokio::test]
    async fn bodies_have_no_size_limit() {
        let big = format!("\"{}\"", "x".repeat(2 * 1024 * 1024));
        let (status, _, body) = call("POST", "/t/1", Body::from(big.clone())).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(body, big.as_bytes());
    }
}
