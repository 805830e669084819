//! Mistake 5: reading `params.id` without awaiting `params`.
//!
//! Since Next.js 15 the second argument of a route handler (and a page's props)
//! carries `params` as a **Promise**. Next.js 16 no longer adds the old properties
//! to it, so `params.id` is `undefined`, and `Response.json` leaves a key whose value
//! is `undefined` out of the JSON altogether. TypeScript catches this when the type
//! says `Promise<…>`; the reference app's mistake is a `.js` file, which nothing checks.
//! All three versions are recorded: `reference/nextjs/transcripts/next-*/mistakes/`.

use axum::Router;
use mini_next::app_route::{Route, RouteContext, RouteError, RouteRequest, RouteResponse};
use serde_json::{Map, Value};

pub fn routes() -> Router {
    Router::new()
        .route("/mistakes/params/{id}", Route::new().get(unawaited).into())
        .route(
            "/mistakes/params/{id}/fixed",
            Route::new().get(awaited).into(),
        )
}

// ANCHOR: params
/// The mistake: `{ id: params.id, typeofParams: typeof params, paramsIsPromise:
/// params instanceof Promise }`. A Promise has no `id` property, so the model gives
/// `None` (JavaScript's `undefined`).
fn unawaited(
    _request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let id_of_a_promise: Option<Value> = None;
    Ok(RouteResponse::json(&object(vec![
        ("id", id_of_a_promise),
        ("typeofParams", Some(Value::from("object"))),
        ("paramsIsPromise", Some(Value::Bool(true))),
    ])))
}

/// The fix: `const { id } = await params`.
fn awaited(
    _request: &RouteRequest,
    context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    Ok(RouteResponse::json(&object(vec![
        ("id", context.param("id").map(Value::from)),
        ("typeofParams", Some(Value::from("object"))),
    ])))
}

/// An object literal as `JSON.stringify` writes it: a key whose value is
/// `undefined` (`None`) is left out.
fn object(fields: Vec<(&str, Option<Value>)>) -> Value {
    let mut map = Map::new();
    for (key, value) in fields {
        if let Some(value) = value {
            map.insert(key.to_owned(), value);
        }
    }
    Value::Object(map)
}
// ANCHOR_END: params
