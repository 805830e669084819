//! Mistake 4: expecting `request.body` to be the parsed body in a route handler.
//!
//! In a route handler, `request` is a Web `Request`. Its `body` property is a
//! `ReadableStream` of bytes; nothing has read or parsed it. `Response.json()` turns
//! the stream into `{}`, because `JSON.stringify` only writes an object's own
//! enumerable properties and a stream has none. `await request.json()` reads and
//! parses it. In a Pages Router API route the same words, `req.body`, **are** the
//! parsed body: Next.js read it before calling the handler.

use axum::Router;
use mini_next::app_route::{Route, RouteContext, RouteError, RouteRequest, RouteResponse};
use mini_next::pages_api::{api_route, ApiRequest, ApiResponse};
use serde::{Serialize, Serializer};
use serde_json::json;

pub fn routes() -> Router {
    Router::new()
        .route("/mistakes/echo", Route::new().post(echo_stream).into())
        .route(
            "/mistakes/echo/fixed",
            Route::new().post(echo_parsed).into(),
        )
        .route("/api/mistakes/echo", api_route(pages_echo))
}

// ANCHOR: stream
/// What `request.body` is: a stream over the bytes, not the data in them.
#[derive(Debug)]
pub struct ReadableStream<'a> {
    /// The bytes it would give to whoever reads it.
    #[allow(dead_code)]
    unread: &'a [u8],
}

/// `JSON.stringify(stream)`: a stream has no own enumerable properties, so it
/// is written as an empty object.
impl Serialize for ReadableStream<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_map(Some(0))?.end()
    }
}

use serde::ser::SerializeMap as _;

/// The mistake: `Response.json({ received: request.body, typeofBody: typeof request.body })`.
fn echo_stream(
    request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let body = ReadableStream {
        unread: &request.body,
    };
    Ok(RouteResponse::json(
        &json!({ "received": body, "typeofBody": "object" }),
    ))
}

/// The fix: `await request.json()`. (A body that is not JSON makes it throw: 500.)
fn echo_parsed(
    request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let body = request.json()?;
    Ok(RouteResponse::json(
        &json!({ "received": body, "typeofBody": "object" }),
    ))
}
// ANCHOR_END: stream

// ANCHOR: pages
/// The Pages Router: `req.body` was parsed by content type before the handler ran.
fn pages_echo(req: &ApiRequest, res: &mut ApiResponse) {
    let type_of = if req.body.is_string() {
        "string"
    } else {
        "object"
    };
    res.status(200)
        .json(json!({ "received": req.body, "typeofBody": type_of }));
}
// ANCHOR_END: pages
