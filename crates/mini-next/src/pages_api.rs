//! API Routes: the `pages/api` feature of the Pages Router.
//!
//! In Next.js a file `pages/api/hello.ts` exports one default function
//! `handler(req, res)` that receives **every** HTTP method. Next.js parses the body
//! before calling it and gives `res` a few helpers on top of Node's response. This
//! module models exactly that:
//!
//! - [`api_route`] turns a `fn(&ApiRequest, &mut ApiResponse)` into a route that
//!   answers all methods. Nothing answers HEAD or OPTIONS for you, and nothing sends
//!   405: the handler decides.
//! - [`ApiRequest`] carries `query` (the query string merged with the dynamic
//!   segments of the path, segments winning), `cookies`, and `body` parsed by
//!   content type: JSON into a value, URL-encoded forms into an object, anything else
//!   as a string. Bodies over 1 MB are refused with 413 before the handler runs, and
//!   invalid JSON with 400, with the reason phrases Next.js uses.
//! - [`ApiResponse`] has `status`, `set_header` (a list sends one header line per
//!   value, as Node does), `json`, `send`, `end` and `redirect`.
//!
//! - `json` and `send` answer with `Content-Length`, a strong ETag computed the way
//!   Next.js computes it, and `Vary: Accept-Encoding`; a matching `If-None-Match`
//!   turns the answer into `304 Not Modified`. `end` and `redirect` are chunked.
//!
//! Simplified: handlers are synchronous and buffer their answer (Next.js also lets a
//! handler `res.write()` pieces); `bodyParser` cannot be configured per route.

use axum::body::{Body, Bytes};
use axum::extract::{RawPathParams, Request};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{any, MethodRouter};
use serde_json::{Map, Value};

/// The default `bodyParser.sizeLimit` of Next.js: `'1mb'`, which means 1 MiB.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The `req` a handler receives (Next.js: `NextApiRequest`).
#[derive(Debug, Clone)]
pub struct ApiRequest {
    /// `GET`, `POST`, ... exactly as sent.
    pub method: String,
    /// The path and query as received (`req.url`).
    pub url: String,
    pub headers: HeaderMap,
    /// Query string plus dynamic segments; a segment wins over a query key of the same name.
    pub query: Map<String, Value>,
    /// The `Cookie` header as an object.
    pub cookies: Map<String, Value>,
    /// The parsed body: an object or value for JSON, an object for URL-encoded
    /// forms, otherwise the raw text (an empty string when there is no body).
    pub body: Value,
}

impl ApiRequest {
    /// The first value of a request header, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The `res` a handler fills in (Next.js: `NextApiResponse`).
#[derive(Debug)]
pub struct ApiResponse {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
    /// `json`/`send` know their length (so Next adds `Content-Length` and an ETag);
    /// `end`/`redirect` stream the body, which Node sends chunked.
    sent_whole: bool,
}

/// One header value or several (`res.setHeader('Allow', ['GET', 'POST'])`).
#[derive(Debug, Clone)]
pub enum HeaderValues {
    One(String),
    Many(Vec<String>),
}

impl From<&str> for HeaderValues {
    fn from(v: &str) -> Self {
        HeaderValues::One(v.to_owned())
    }
}

impl From<String> for HeaderValues {
    fn from(v: String) -> Self {
        HeaderValues::One(v)
    }
}

impl<const N: usize> From<[&str; N]> for HeaderValues {
    fn from(v: [&str; N]) -> Self {
        HeaderValues::Many(v.iter().map(|s| s.to_string()).collect())
    }
}

impl Default for ApiResponse {
    fn default() -> Self {
        ApiResponse {
            status: StatusCode::OK,
            headers: Vec::new(),
            body: Bytes::new(),
            sent_whole: false,
        }
    }
}

impl ApiResponse {
    /// `res.status(code)`: sets the status; chain a sending method after it.
    pub fn status(&mut self, code: u16) -> &mut Self {
        self.status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        self
    }

    /// `res.setHeader(name, value)`: replaces earlier values of `name`. A list sends
    /// one header line per value, the way Node.js writes arrays.
    pub fn set_header(&mut self, name: &str, value: impl Into<HeaderValues>) -> &mut Self {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("a valid header name");
        self.headers.retain(|(n, _)| *n != name);
        let values = match value.into() {
            HeaderValues::One(v) => vec![v],
            HeaderValues::Many(vs) => vs,
        };
        for v in values {
            let v = HeaderValue::from_str(&v).expect("a valid header value");
            self.headers.push((name.clone(), v));
        }
        self
    }

    /// `res.json(value)`: JSON with `application/json; charset=utf-8`.
    pub fn json(&mut self, value: Value) {
        self.set_header("content-type", "application/json; charset=utf-8");
        self.send_whole(value.to_string());
    }

    /// `res.send(text)`: a string body with a length and an ETag, and **no** content
    /// type: Next.js adds one only for JSON-like values and Buffers, so the handler
    /// must set it. (Express's `res.send` would have said `text/html`.)
    pub fn send(&mut self, text: &str) {
        self.send_whole(text.to_owned());
    }

    /// What `res.json` and `res.send` share: a body of known length, its ETag, and
    /// the `Vary` the compression layer adds when the content type is compressible.
    fn send_whole(&mut self, text: String) {
        self.set_header("etag", crate::etag::etag(&text));
        self.set_header("content-length", text.len().to_string());
        let content_type = self
            .headers
            .iter()
            .find(|(n, _)| n.as_str() == "content-type")
            .and_then(|(_, v)| v.to_str().ok());
        if content_type.is_some_and(crate::compress::compressible) {
            self.set_header("vary", "Accept-Encoding");
        }
        self.body = Bytes::from(text);
        self.sent_whole = true;
    }

    /// `res.end(text)`: Node's plain end; no content type is added.
    pub fn end(&mut self, text: &str) {
        self.body = Bytes::from(text.to_owned());
    }

    /// `res.redirect(url)`: 307 Temporary Redirect with `Location`.
    pub fn redirect(&mut self, url: &str) {
        self.redirect_with(307, url);
    }

    /// `res.redirect(status, url)`. Like Next.js, the body is the bare URL.
    pub fn redirect_with(&mut self, status: u16, url: &str) {
        self.status(status);
        self.set_header("location", url);
        self.body = Bytes::from(url.to_owned());
    }

    /// The answer on the wire. A request whose `If-None-Match` names the ETag gets
    /// `304 Not Modified` with no body: the handler still ran, only the bytes are saved.
    fn into_response(mut self, if_none_match: Option<&HeaderValue>) -> Response {
        let etag = self
            .headers
            .iter()
            .find(|(n, _)| n == header::ETAG)
            .map(|(_, v)| v);
        let not_modified = self.sent_whole && etag.is_some() && etag == if_none_match;
        if not_modified {
            self.status = StatusCode::NOT_MODIFIED;
            self.headers.retain(|(n, _)| n != header::CONTENT_LENGTH);
            self.body = Bytes::new();
        }
        let body = if self.sent_whole || not_modified {
            Body::from(self.body)
        } else {
            streamed(self.body)
        };
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        response
    }
}

/// `res.end(text)`: a body of unknown length ([`crate::node::chunked`]); nothing at
/// all when there is no text.
fn streamed(bytes: Bytes) -> Body {
    if bytes.is_empty() {
        return Body::empty();
    }
    crate::node::chunked(bytes)
}

impl ApiResponse {}

/// A handler in the shape of `export default function handler(req, res)`.
pub type Handler = fn(&ApiRequest, &mut ApiResponse);

/// Routes every method to `handler`, after Next.js's body parsing.
pub fn api_route<S: Clone + Send + Sync + 'static>(handler: Handler) -> MethodRouter<S> {
    any(move |params: RawPathParams, request: Request| async move {
        match read_request(params, request).await {
            Ok(req) => {
                let mut res = ApiResponse::default();
                handler(&req, &mut res);
                res.into_response(req.headers.get(header::IF_NONE_MATCH))
            }
            Err(refusal) => refusal,
        }
    })
}

/// Builds the `ApiRequest`, or the error answer Next.js sends before the handler runs.
async fn read_request(params: RawPathParams, request: Request) -> Result<ApiRequest, Response> {
    let (parts, body) = request.into_parts();
    let mut query = crate::query::parse(parts.uri.query().unwrap_or(""));
    for (name, value) in params.iter() {
        // Dynamic segments overwrite query keys of the same name.
        query.insert(name.to_owned(), Value::String(value.to_owned()));
    }
    let cookies = parts
        .headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(crate::cookies::parse)
        .unwrap_or_default();
    let bytes = crate::node::read_body(body, BODY_LIMIT)
        .await
        .map_err(|_| error_answer(413, "Body exceeded 1mb limit"))?;
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let body = parse_body(content_type, &bytes).map_err(|message| error_answer(400, message))?;
    Ok(ApiRequest {
        method: parts.method.to_string(),
        url: parts.uri.to_string(),
        headers: parts.headers,
        query,
        cookies,
        body,
    })
}

/// Next.js's body parser: JSON, URL-encoded, or text, chosen by the media type.
/// The error is the message Next.js answers with (always a 400).
fn parse_body(content_type: &str, bytes: &[u8]) -> Result<Value, &'static str> {
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text = String::from_utf8_lossy(bytes);
    match media_type.as_str() {
        "application/json" | "application/ld+json" => {
            // An empty JSON body is a common client mistake; Next.js treats it as {}.
            if text.is_empty() {
                return Ok(Value::Object(Map::new()));
            }
            serde_json::from_str(&text).map_err(|_| "Invalid JSON")
        }
        "application/x-www-form-urlencoded" => Ok(Value::Object(crate::query::parse(&text))),
        _ => Ok(Value::String(text.into_owned())),
    }
}

/// Next.js's `sendError`: the message is both the reason phrase and the body.
fn error_answer(status: u16, message: &'static str) -> Response {
    // No content type, and chunked: Next.js ends the response with the bare message.
    let mut response = Response::new(streamed(Bytes::from_static(message.as_bytes())));
    *response.status_mut() = StatusCode::from_u16(status).expect("a known status");
    response
        .extensions_mut()
        .insert(hyper::ext::ReasonPhrase::from_static(message.as_bytes()));
    response
}
