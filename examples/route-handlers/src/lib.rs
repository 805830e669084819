//! Route Handlers, modelled in Rust.
//!
//! Each function below mirrors one exported function of a `route.ts` under
//! `reference/nextjs/app/api/`. Unlike an API route, a route handler exists per
//! method: `mini_next::app_route::Route` collects them and answers HEAD, OPTIONS and
//! 405 for the methods a file does not export, as Next.js does.
//!
//! Run it alone with `cargo run -p example-route-handlers` (it prints its address), or
//! let the playground run it: `cargo run -p playground-server`.

use axum::Router;
use mini_next::app_route::{
    sleep, CookieOptions, ReadableStream, Route, RouteContext, RouteError, RouteRequest,
    RouteResponse,
};
use serde_json::{json, Map, Value};
use std::sync::{LazyLock, Mutex};

/// The routes, at the paths the folders have under `app/`.
pub fn app() -> Router {
    Router::new()
        .route(
            "/api/items",
            Route::new().get(list_items).post(add_item).into(),
        )
        .route("/api/items/{id}", Route::new().get(item_by_id).into())
        .route("/api/boom", Route::new().get(boom).into())
        .route(
            "/api/time",
            Route::new().get(rendered_at).force_static().into(),
        )
        .route("/api/now", Route::new().get(rendered_at).into())
        .route(
            "/api/session",
            Route::new().post(sign_in).delete(sign_out).into(),
        )
        .route("/api/stream", Route::new().get(stream_lines).into())
        .route("/api/events", Route::new().get(tick_events).into())
        .route(
            "/api/cors",
            Route::new().options(cors_preflight).get(cors_get).into(),
        )
        .route("/api/nocors", Route::new().get(nocors_get).into())
        .route("/api/upload", Route::new().post(upload).into())
        .fallback(mini_next::not_found::page)
}

/// `const items = [{ id: 1, name: 'first' }]` at the top of `route.ts`: module state,
/// shared by every request until the server process stops.
static ITEMS: LazyLock<Mutex<Vec<Value>>> =
    LazyLock::new(|| Mutex::new(vec![json!({"id": 1, "name": "first"})]));

// ANCHOR: list_items
/// `GET` in `app/api/items/route.ts`: reads the `visits` cookie and sets it to one
/// more; `cookies().set` becomes a `Set-Cookie` header on the answer.
pub fn list_items(
    _request: &RouteRequest,
    context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    // `Number(jar.get('visits')?.value ?? '0')`
    let visits_seen = context.cookies().get("visits").map_or(Some(0), number);
    // `String(visitsSeen + 1)`: NaN stays NaN.
    let next = visits_seen.map_or("NaN".to_owned(), |n| (n + 1).to_string());
    context.cookies().set("visits", &next);
    let items = ITEMS.lock().expect("no handler panics holding the list");
    Ok(RouteResponse::json(&json!({
        "items": *items,
        "visitsSeen": visits_seen,
    })))
}
// ANCHOR_END: list_items

// ANCHOR: add_item
/// `POST` in `app/api/items/route.ts`: nothing parsed the body before this runs.
pub fn add_item(
    request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    // `await request.json()`: a body that is not JSON throws, so Next.js answers 500.
    let body = request.json()?;
    let mut items = ITEMS.lock().expect("no handler panics holding the list");
    // `{ id: items.length + 1, ...body }`: the body's fields come after `id`, and an
    // `id` in the body replaces it. (JavaScript would also spread an array's or a
    // string's indices; here only an object adds fields.)
    let mut item = Map::new();
    item.insert("id".to_owned(), json!(items.len() + 1));
    if let Value::Object(fields) = body {
        item.extend(fields);
    }
    let item = Value::Object(item);
    items.push(item.clone());
    Ok(RouteResponse::json(&item).with_status(201))
}
// ANCHOR_END: add_item

// ANCHOR: item_by_id
/// `GET` in `app/api/items/[id]/route.ts`: the segment comes from `params`, the
/// query from `searchParams`, where a repeated key keeps its last value.
pub fn item_by_id(
    request: &RouteRequest,
    context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    Ok(RouteResponse::json(&json!({
        "id": context.param("id"),
        "search": request.search_params_object(),
    })))
}
// ANCHOR_END: item_by_id

// ANCHOR: boom
/// `GET` in `app/api/boom/route.ts`: `throw new Error('boom')`. The client gets an
/// empty 500; the message only reaches the server log.
pub fn boom(
    _request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    Err(RouteError::new("boom"))
}
// ANCHOR_END: boom

// ANCHOR: rendered_at
/// `GET` in `app/api/time/route.ts`, which also says
/// `export const dynamic = 'force-static'` (here: `.force_static()` on the route).
/// It runs once, at build time; every request gets that one stored answer.
/// `app/api/now/route.ts` is the same function without the export: a `GET` handler
/// with Next 16's default, run for every request.
pub fn rendered_at(
    _request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    // `Date.now()`: milliseconds since 1970, a different number on every run.
    let now = mini_next::js::date_now();
    Ok(RouteResponse::json(&json!({ "renderedAt": now })))
}
// ANCHOR_END: rendered_at

// ANCHOR: session
/// `POST` in `app/api/session/route.ts`: every option of `cookies().set` becomes an
/// attribute of the `Set-Cookie` line.
pub fn sign_in(
    _request: &RouteRequest,
    context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let options = CookieOptions {
        max_age: Some(3600),
        http_only: true,
        same_site: Some("lax"),
    };
    context.cookies().set_with("session", "abc123", options);
    Ok(RouteResponse::json(&json!({ "signedIn": true })))
}

/// `DELETE` in the same file: `cookies().delete('session')`, then an empty 204.
pub fn sign_out(
    _request: &RouteRequest,
    context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    context.cookies().delete("session");
    Ok(RouteResponse::empty(204))
}
// ANCHOR_END: session

// ANCHOR: stream_lines
/// `GET` in `app/api/stream/route.ts`: a `ReadableStream` whose `start` enqueues one
/// line, waits 300 ms, enqueues the next. The handler returns at once; each line
/// leaves as its own chunk when it is enqueued.
pub fn stream_lines(
    _request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let stream = ReadableStream::new(|controller| async move {
        for (i, word) in ["one", "two", "three"].into_iter().enumerate() {
            if i > 0 {
                sleep(300).await;
            }
            controller.enqueue(format!("{word}\n"));
        }
        controller.close();
    });
    Ok(RouteResponse::stream(stream).with_header("content-type", "text/plain; charset=utf-8"))
}
// ANCHOR_END: stream_lines

// ANCHOR: tick_events
/// `GET` in `app/api/events/route.ts`: server-sent events are the same stream with
/// `content-type: text/event-stream`, each event a `data:` line and a blank line.
pub fn tick_events(
    _request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let stream = ReadableStream::new(|controller| async move {
        for n in 1..=3 {
            if n > 1 {
                sleep(300).await;
            }
            controller.enqueue(format!("data: tick {n}\n\n"));
        }
        controller.close();
    });
    Ok(RouteResponse::stream(stream)
        .with_header("content-type", "text/event-stream")
        .with_header("cache-control", "no-cache"))
}
// ANCHOR_END: tick_events

// ANCHOR: cors
/// `OPTIONS` in `app/api/cors/route.ts`: exporting it replaces the automatic
/// answer, so a browser's preflight gets these headers (and no `Allow`).
pub fn cors_preflight(
    _request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    Ok(RouteResponse::empty(204)
        .with_header("access-control-allow-origin", "*")
        .with_header("access-control-allow-methods", "GET, POST, OPTIONS")
        .with_header("access-control-allow-headers", "Content-Type")
        .with_header("access-control-max-age", "86400"))
}

/// `GET` in the same file: the real answer must allow the origin too.
pub fn cors_get(
    _request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    Ok(RouteResponse::json(&json!({ "ok": true })).with_header("access-control-allow-origin", "*"))
}
// ANCHOR_END: cors

/// `GET` in `app/api/nocors/route.ts`, its only export: a preflight gets Next.js's
/// automatic OPTIONS, which lists `Allow` and says nothing about CORS.
pub fn nocors_get(
    _request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    Ok(RouteResponse::json(&json!({ "ok": true })))
}

// ANCHOR: upload
/// `POST` in `app/api/upload/route.ts`: `await request.json()` reads the whole body,
/// however large (route handlers have no 1 MB limit), and answers
/// `{ bytes: JSON.stringify(data).length }`.
pub fn upload(
    request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let data = request.json()?;
    // A JavaScript string's `length` counts UTF-16 code units, not bytes.
    let length = data.to_string().encode_utf16().count();
    Ok(RouteResponse::json(&json!({ "bytes": length })))
}
// ANCHOR_END: upload

/// JavaScript's `Number(text)` for the whole numbers a counter holds: blank text is
/// 0, and text that is not a whole number is NaN (`None`, sent as JSON `null`).
fn number(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    text.parse().ok()
}
