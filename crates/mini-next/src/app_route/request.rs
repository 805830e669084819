//! The `request` argument of a handler, and the `{ params }` and `cookies()` around it.

use super::cookies::Cookies;
use super::response::RouteError;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method};
use serde_json::{Map, Value};

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

    /// `request.url`: the path and query, made absolute with [`server_origin`].
    pub fn absolute_url(&self) -> String {
        format!("{}{}", server_origin(&self.headers), self.url)
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

/// The origin Next.js puts in front of `request.url` (and of a proxy rewrite's
/// `x-middleware-rewrite`): `http://localhost:<port>`, with the port the server
/// listens on, whatever `Host` the client sent (recorded on Next.js 16.4.6). The
/// model reads the port from `Host`, which a direct client sets to it.
pub fn server_origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match host.rsplit_once(':') {
        Some((_, port)) if port.parse::<u16>().is_ok() => format!("http://localhost:{port}"),
        _ => "http://localhost".to_owned(),
    }
}

/// What a handler gets besides the request: `{ params }` and `cookies()`.
#[derive(Debug, Default)]
pub struct RouteContext {
    /// The dynamic segments, `[id]` → `("id", "42")`, percent-decoded.
    pub params: Vec<(String, String)>,
    pub(super) cookies: Cookies,
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
