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
//!   is a GET) and `OPTIONS`, sorted and comma-joined on one line; any other method
//!   gets `405` with an empty body and **no** `Allow` header.
//! - [`RouteRequest`] is the `Request`: method, URL, headers, `search_params` and the
//!   raw body, read with [`RouteRequest::json`] or [`RouteRequest::text`]. There is no
//!   body size limit and no body parsing before the handler runs.
//! - [`RouteContext`] gives the dynamic segments (`params`) and `cookies()` from
//!   `next/headers`: reading the `Cookie` header, and `set` which becomes
//!   `Set-Cookie: name=value; Path=/`.
//! - [`RouteResponse`] is the `Response`: `Response.json(value)` sends
//!   `content-type: application/json` **without** a charset, unlike the Pages Router.
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
//! Simplified: handlers are synchronous and return a whole body (a real `Response`
//! may stream); the body is read before the handler runs, not when it calls
//! `request.json()` (gzip, as Next.js applies it, comes from [`crate::compress`] in
//! `serve`); header names are all lowercase
//! (Node keeps the case the code used: `Vary` on success, `vary` on errors); methods
//! outside Next.js's seven (`TRACE`, made-up ones) get 405 here, while Next.js
//! answers them with its HTML error page or Node refuses them with 400;
//! `cookies().set` takes no options (`maxAge`, `httpOnly`, …).

use axum::body::{Body, Bytes};
use axum::extract::{RawPathParams, Request};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::{any, MethodRouter};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Value};
use std::convert::Infallible;

/// The `Vary` value Next.js puts on every App Router answer.
pub const VARY: &str =
    "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";

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

/// The `request` a handler receives (Web `Request`, or `NextRequest`).
#[derive(Debug, Clone)]
pub struct RouteRequest {
    pub method: Method,
    /// The path and query as received (`request.url` is the same, made absolute).
    pub url: String,
    pub headers: HeaderMap,
    /// `request.nextUrl.searchParams`: every `key=value` pair, in order, repeats kept.
    pub search_params: Vec<(String, String)>,
    /// The raw body; nothing has parsed it.
    pub body: Bytes,
}

impl RouteRequest {
    /// The first value of a request header, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `await request.json()`: fails (throws) on an empty or invalid body, whatever
    /// the `Content-Type` says.
    pub fn json(&self) -> Result<Value, RouteError> {
        Ok(serde_json::from_slice(&self.body)?)
    }

    /// `await request.text()`: never fails; invalid UTF-8 becomes U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// `Object.fromEntries(searchParams)`: an object of strings where, unlike the
    /// Pages Router's `req.query`, a repeated key keeps only its **last** value.
    pub fn search_params_object(&self) -> Map<String, Value> {
        let mut object = Map::new();
        for (key, value) in &self.search_params {
            object.insert(key.clone(), Value::String(value.clone()));
        }
        object
    }
}

/// What a handler gets besides the request: `{ params }` and `cookies()`.
#[derive(Debug, Default)]
pub struct RouteContext {
    /// The dynamic segments, `[id]` → `("id", "42")`, percent-decoded.
    pub params: Vec<(String, String)>,
    cookies: Cookies,
}

impl RouteContext {
    /// One dynamic segment by name (`(await params).id`).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `await cookies()` from `next/headers`.
    pub fn cookies(&mut self) -> &mut Cookies {
        &mut self.cookies
    }
}

/// The cookie jar of one request: what the browser sent, and what to send back.
#[derive(Debug, Default)]
pub struct Cookies {
    sent: Vec<(String, String)>,
    to_set: Vec<(String, String)>,
}

impl Cookies {
    /// Reads the `Cookie` header the way Next.js's `RequestCookies` does, which is
    /// not how the Pages Router's `req.cookies` does: the **last** pair of a name
    /// wins, quotes are kept, a bare `name` means `"true"`, and a pair whose value is
    /// not valid percent-encoding is skipped.
    pub fn from_header(header: &str) -> Cookies {
        let mut jar = Cookies::default();
        for pair in header.split(';').map(|p| p.trim_start_matches(' ')) {
            if pair.is_empty() {
                continue;
            }
            let (name, value) = pair.split_once('=').unwrap_or((pair, "true"));
            if let Some(value) = decode_uri_component(value) {
                jar.sent.retain(|(n, _)| n != name);
                jar.sent.push((name.to_owned(), value));
            }
        }
        jar
    }

    /// `cookies().get(name)?.value`: a value set during this request wins.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.to_set
            .iter()
            .chain(&self.sent)
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `cookies().set(name, value)`: one `Set-Cookie: name=value; Path=/` on the
    /// answer; setting a name twice sends only the last value.
    pub fn set(&mut self, name: &str, value: &str) {
        self.to_set.retain(|(n, _)| n != name);
        self.to_set.push((name.to_owned(), value.to_owned()));
    }

    /// The `Set-Cookie` lines, value encoded like `encodeURIComponent`.
    fn set_cookie_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.to_set.iter().map(|(name, value)| {
            format!(
                "{name}={}; Path=/",
                utf8_percent_encode(value, URI_COMPONENT)
            )
        })
    }
}

/// What `encodeURIComponent` leaves alone: letters, digits and `-_.!~*'()`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// `decodeURIComponent`, which throws (here: `None`) on a `%` not followed by two hex
/// digits or on bytes that are not UTF-8.
fn decode_uri_component(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    let decoded = percent_decode_str(text).decode_utf8().ok()?;
    Some(decoded.into_owned())
}

/// The `Response` a handler returns.
#[derive(Debug)]
pub struct RouteResponse {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

impl RouteResponse {
    /// `Response.json(value)`: status 200, `content-type: application/json` (no
    /// charset: the Fetch standard's `Response.json` does not add one).
    pub fn json(value: &Value) -> RouteResponse {
        RouteResponse::empty(200)
            .with_header("content-type", "application/json")
            .with_body(value.to_string())
    }

    /// `new Response("text")`: a string body gets the Fetch standard's
    /// `content-type: text/plain;charset=UTF-8` (no space after `;`).
    pub fn text(text: &str) -> RouteResponse {
        RouteResponse::empty(200)
            .with_header("content-type", "text/plain;charset=UTF-8")
            .with_body(text.to_owned())
    }

    /// `new Response(null, { status })`: no body and no content type.
    pub fn empty(status: u16) -> RouteResponse {
        RouteResponse {
            status: StatusCode::from_u16(status).expect("a status from 100 to 999"),
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    /// The `{ status }` of the second argument: `Response.json(item, { status: 201 })`.
    pub fn with_status(mut self, status: u16) -> RouteResponse {
        self.status = StatusCode::from_u16(status).expect("a status from 100 to 999");
        self
    }

    /// The `{ headers }` of the second argument; replaces an earlier value.
    pub fn with_header(mut self, name: &str, value: &str) -> RouteResponse {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("a valid header name");
        let value = HeaderValue::from_str(value).expect("a valid header value");
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value));
        self
    }

    fn with_body(mut self, body: String) -> RouteResponse {
        self.body = Bytes::from(body);
        self
    }

    /// Adds what Next.js adds around the handler's answer, in the order it sends
    /// them: `Vary` first, the handler's headers, then the cookies set.
    fn into_response(self, cookies: &Cookies) -> Response {
        let content_type = self
            .headers
            .iter()
            .find(|(n, _)| *n == header::CONTENT_TYPE)
            .and_then(|(_, v)| v.to_str().ok());
        let vary = if content_type.is_some_and(compressible) {
            format!("{VARY}, Accept-Encoding")
        } else {
            VARY.to_owned()
        };
        // A stream of unknown length: hyper frames it with `Transfer-Encoding:
        // chunked`, as Node does when Next.js pipes a `Response` body into it.
        let chunks = futures_util::stream::iter([Ok::<_, Infallible>(self.body)]);
        let mut response = Response::new(Body::from_stream(chunks));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(header::VARY, HeaderValue::from_str(&vary).expect("ASCII"));
        for (name, value) in self.headers {
            headers.append(name, value);
        }
        for line in cookies.set_cookie_lines() {
            headers.append(
                header::SET_COOKIE,
                HeaderValue::from_str(&line).expect("an encoded cookie"),
            );
        }
        response
    }
}

/// Whether `next start`'s compression layer would consider this type (and so add
/// `Vary: Accept-Encoding`): text and the JSON, XML and JavaScript types.
fn compressible(content_type: &str) -> bool {
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    media_type.starts_with("text/")
        || ["json", "xml", "javascript"]
            .iter()
            .any(|suffix| media_type.ends_with(suffix))
}

/// An error thrown by a handler (or by `request.json()`): Next.js logs it and
/// answers 500 with an empty body; the message never reaches the client.
#[derive(Debug)]
pub struct RouteError {
    /// What the log shows: `Error: boom`, `SyntaxError: …`.
    text: String,
}

impl RouteError {
    /// `throw new Error(message)`.
    pub fn new(message: &str) -> RouteError {
        RouteError {
            text: format!("Error: {message}"),
        }
    }
}

impl std::fmt::Display for RouteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<serde_json::Error> for RouteError {
    /// `request.json()` throws a `SyntaxError` on a body that is not JSON.
    fn from(error: serde_json::Error) -> RouteError {
        RouteError {
            text: format!("SyntaxError: {error}"),
        }
    }
}

/// One exported method: `export async function GET(request, { params })`.
pub type Handler = fn(&RouteRequest, &mut RouteContext) -> Result<RouteResponse, RouteError>;

/// The exports of one `route.ts`: at most one handler per method.
#[derive(Debug, Clone, Default)]
pub struct Route {
    handlers: Vec<(Method, Handler)>,
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
    /// Every method reaches [`Route`], which answers HEAD, OPTIONS and 405 itself.
    fn from(route: Route) -> MethodRouter<S> {
        any(move |params: RawPathParams, request: Request| route.clone().answer(params, request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use http_body_util::BodyExt as _;
    use serde_json::json;
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

    fn app() -> Router {
        Router::new()
            .route("/t/{id}", Route::new().get(hello).post(echo).into())
            .route("/boom", Route::new().put(throws).into())
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
        assert_eq!(headers["vary"], format!("{VARY}, Accept-Encoding"));
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
        assert_eq!(headers["vary"], VARY);
        assert!(body.is_empty());
        // Without a GET there is no HEAD either.
        let (status, headers, _) = call("OPTIONS", "/boom", Body::empty()).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(headers["allow"], "OPTIONS, PUT");
        let (status, _, _) = call("HEAD", "/boom", Body::empty()).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    }

    #[tokio::test]
    async fn other_methods_get_an_empty_405_without_allow() {
        for method in ["PUT", "DELETE", "PATCH", "TRACE"] {
            let (status, headers, body) = call(method, "/t/1", Body::empty()).await;
            assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
            assert!(headers.get("allow").is_none(), "{method}");
            assert!(headers.get("content-type").is_none(), "{method}");
            assert_eq!(headers["vary"], VARY);
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

    #[test]
    fn cookies_are_read_like_request_cookies() {
        let jar = Cookies::from_header("a=1; b=\"q\"; flag; a=2;c=%zz; d=caf%C3%A9");
        assert_eq!(jar.get("a"), Some("2"));
        assert_eq!(jar.get("b"), Some("\"q\""));
        assert_eq!(jar.get("flag"), Some("true"));
        assert_eq!(jar.get("c"), None);
        assert_eq!(jar.get("d"), Some("café"));
    }

    #[test]
    fn a_string_body_is_plain_text_with_the_fetch_charset() {
        let response = RouteResponse::text("hi").into_response(&Cookies::default());
        assert_eq!(
            response.headers()["content-type"],
            "text/plain;charset=UTF-8"
        );
    }
}
