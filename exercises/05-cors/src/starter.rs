//! Exercise 5, the file you edit: `app/api/quotes/route.ts`, a route handler that a
//! front end on another origin (`http://localhost:5173`, a dev server) must call.
//!
//! `GET /api/quotes` lists the quotes and `POST /api/quotes` with `{"text": "…"}`
//! adds one. The front end's `fetch(…, { method: 'POST', headers: { 'Content-Type':
//! 'application/json' } })` makes the browser ask first, with an `OPTIONS`
//! preflight. The file exports no `OPTIONS`, so Next.js answers it with its automatic
//! 204, which says nothing about CORS, and the browser refuses to send the `POST`.
//! Find the `EXERCISE` comment below.
//!
//! Try it: `cargo run -p exercise-05-cors`, then in another terminal
//! `curl -i -X OPTIONS -H 'Origin: http://localhost:5173' http://127.0.0.1:4005/api/quotes`.
//! Check it: `cargo run -p exercise-05-cors -- check`.

use crate::quotes;
use axum::Router;
use mini_next::app_route::{Route, RouteContext, RouteError, RouteRequest, RouteResponse};

// ANCHOR: app
/// The app: one `Route` for `app/api/quotes/route.ts`, with the methods it exports.
pub fn app() -> Router {
    Router::new()
        // EXERCISE: let the front end on `crate::ALLOWED_ORIGIN` call this API from
        // the browser, and no other site. Export an `OPTIONS` handler that answers the
        // preflight 204 with `Access-Control-Allow-Origin` (that one origin, only when
        // the request's `Origin` is it), `-Allow-Methods` and `-Allow-Headers`. The
        // browser also wants `Access-Control-Allow-Origin` on the real answers, so add
        // it to `list_quotes` and `add_quote` too.
        .route(
            "/api/quotes",
            Route::new().get(list_quotes).post(add_quote).into(),
        )
        .fallback(mini_next::not_found::page)
}
// ANCHOR_END: app

/// `GET`: `Response.json({ quotes })`.
pub fn list_quotes(_: &RouteRequest, _: &mut RouteContext) -> Result<RouteResponse, RouteError> {
    Ok(RouteResponse::json(&quotes::listed()))
}

/// `POST`: `{ text }` in, the new quote out, 201.
pub fn add_quote(
    request: &RouteRequest,
    _: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let added = quotes::add(request.json()?["text"].clone());
    Ok(RouteResponse::json(&added).with_status(201))
}
