//! Exercise 5, solved: `app/api/quotes/route.ts` exports `OPTIONS` too, and every
//! answer names the one origin allowed to read it.
//!
//! Serve it with `cargo run -p exercise-05-cors -- serve --solution`.

use crate::{quotes, ALLOWED_ORIGIN};
use axum::Router;
use mini_next::app_route::{Route, RouteContext, RouteError, RouteRequest, RouteResponse};

// ANCHOR: solution_app
/// The app: `OPTIONS` is exported now, so it replaces Next.js's automatic answer.
pub fn app() -> Router {
    Router::new()
        .route(
            "/api/quotes",
            Route::new()
                .get(list_quotes)
                .post(add_quote)
                .options(preflight)
                .into(),
        )
        .fallback(mini_next::not_found::page)
}
// ANCHOR_END: solution_app

// ANCHOR: cors
/// `Access-Control-Allow-Origin` for the allowed origin only. Any other origin gets
/// no CORS header at all, and its browser keeps the answer from the page.
fn allow_origin(request: &RouteRequest, response: RouteResponse) -> RouteResponse {
    if request.header("origin") == Some(ALLOWED_ORIGIN) {
        response.with_header("access-control-allow-origin", ALLOWED_ORIGIN)
    } else {
        response
    }
}

/// `OPTIONS`: the preflight. The browser asks whether a `POST` with a
/// `Content-Type` header may follow; for the allowed origin, the answer is yes.
pub fn preflight(
    request: &RouteRequest,
    _: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let answer = RouteResponse::empty(204);
    if request.header("origin") != Some(ALLOWED_ORIGIN) {
        return Ok(answer);
    }
    Ok(allow_origin(request, answer)
        .with_header("access-control-allow-methods", "GET, POST, OPTIONS")
        .with_header("access-control-allow-headers", "Content-Type")
        .with_header("access-control-max-age", "600"))
}
// ANCHOR_END: cors

// ANCHOR: handlers
/// `GET`: the quotes, readable by the allowed origin.
pub fn list_quotes(
    request: &RouteRequest,
    _: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    Ok(allow_origin(
        request,
        RouteResponse::json(&quotes::listed()),
    ))
}

/// `POST`: the new quote, 201, readable by the allowed origin.
pub fn add_quote(
    request: &RouteRequest,
    _: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let added = quotes::add(request.json()?["text"].clone());
    Ok(allow_origin(
        request,
        RouteResponse::json(&added).with_status(201),
    ))
}
// ANCHOR_END: handlers
