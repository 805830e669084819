//! The `Response` a handler returns, what Next.js adds around it, and `throw`.

use super::cookies::Cookies;
use super::stream::ReadableStream;
use crate::app_router::{VARY, VARY_WITH_ENCODING};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use futures_util::StreamExt as _;
use serde_json::Value;

/// The `Response` a handler returns.
#[derive(Debug)]
pub struct RouteResponse {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: ResponseBody,
}

/// What a `Response` holds: text known when the handler returns, or a stream that
/// keeps producing chunks after it returned.
#[derive(Debug)]
enum ResponseBody {
    Whole(Bytes),
    Streamed(ReadableStream),
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
            body: ResponseBody::Whole(Bytes::new()),
        }
    }

    /// `new Response(stream)`: status 200 and **no** content type (the Fetch
    /// standard sets one only for a string or JSON body), so a handler names it:
    /// `.with_header("content-type", "text/event-stream")`. Each chunk is written
    /// to the client as it is enqueued.
    pub fn stream(stream: ReadableStream) -> RouteResponse {
        RouteResponse {
            body: ResponseBody::Streamed(stream),
            ..RouteResponse::empty(200)
        }
    }

    /// The `{ status }` of the second argument: `Response.json(item, { status: 201 })`.
    pub fn with_status(mut self, status: u16) -> RouteResponse {
        self.status = StatusCode::from_u16(status).expect("a status from 100 to 999");
        self
    }

    /// The `{ headers }` of the second argument; replaces an earlier value. A Fetch
    /// `Headers` object lists its names sorted, and Next.js sends them in that
    /// order, whatever order the code gave: so does this.
    pub fn with_header(mut self, name: &str, value: &str) -> RouteResponse {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("a valid header name");
        let value = HeaderValue::from_str(value).expect("a valid header value");
        self.headers.retain(|(n, _)| *n != name);
        let at = self
            .headers
            .partition_point(|(n, _)| n.as_str() < name.as_str());
        self.headers.insert(at, (name, value));
        self
    }

    fn with_body(mut self, body: String) -> RouteResponse {
        self.body = ResponseBody::Whole(Bytes::from(body));
        self
    }

    /// A copy of an answer whose body is whole (what `force-static` stores and
    /// serves again); `None` for a streamed body, which can be read only once.
    pub(super) fn replay(&self) -> Option<RouteResponse> {
        match &self.body {
            ResponseBody::Whole(bytes) => Some(RouteResponse {
                status: self.status,
                headers: self.headers.clone(),
                body: ResponseBody::Whole(bytes.clone()),
            }),
            ResponseBody::Streamed(_) => None,
        }
    }

    /// A header Next.js itself puts before the handler's headers.
    pub(super) fn with_leading_header(mut self, name: &str, value: &str) -> RouteResponse {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("a valid header name");
        let value = HeaderValue::from_str(value).expect("a valid header value");
        self.headers.insert(0, (name, value));
        self
    }

    /// Another line of a header, after the earlier ones (`Allow: GET`, `Allow: HEAD`).
    pub(super) fn with_appended_header(mut self, name: &str, value: &str) -> RouteResponse {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("a valid header name");
        let value = HeaderValue::from_str(value).expect("a valid header value");
        self.headers.push((name, value));
        self
    }

    /// A body Next.js writes itself, with no content type.
    pub(super) fn with_raw_body(self, body: &str) -> RouteResponse {
        self.with_body(body.to_owned())
    }

    /// Adds what Next.js adds around the handler's answer, in the order it sends
    /// them: `Vary` first, the handler's headers, then the cookies set.
    pub(super) fn into_response(self, cookies: &Cookies) -> Response {
        let content_type = self
            .headers
            .iter()
            .find(|(n, _)| *n == header::CONTENT_TYPE)
            .and_then(|(_, v)| v.to_str().ok());
        let vary = if content_type.is_some_and(compressible) {
            VARY_WITH_ENCODING
        } else {
            VARY
        };
        // Next.js pipes a `Response` body into Node as a stream, so either kind
        // goes out chunked; a streamed one chunk by chunk, as they are enqueued.
        let body = match self.body {
            ResponseBody::Whole(bytes) => crate::node::chunked(bytes),
            ResponseBody::Streamed(stream) => {
                Body::from_stream(stream.into_chunks().map(Ok::<_, std::convert::Infallible>))
            }
        };
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(header::VARY, HeaderValue::from_static(vary));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_body_is_plain_text_with_the_fetch_charset() {
        let response = RouteResponse::text("hi").into_response(&Cookies::default());
        assert_eq!(
            response.headers()["content-type"],
            "text/plain;charset=UTF-8"
        );
    }
}
