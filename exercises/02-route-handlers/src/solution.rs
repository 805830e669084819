//! Exercise 2, solved: `app/api/items/[id]/route.ts` exports `DELETE` too.
//!
//! `GET /api/items` lists the items, `POST /api/items` with `{"name": "…"}` adds
//! one, and `GET /api/items/<id>` returns one. The `[id]` file exports only `GET`,
//! and the solution adds `DELETE`: Next.js then lists it in the automatic `OPTIONS`
//! answer. Serve it with `cargo run -p exercise-02-route-handlers -- serve --solution`.

use axum::Router;
use mini_next::app_route::{Route, RouteContext, RouteError, RouteRequest, RouteResponse};
use serde_json::{json, Value};
use std::sync::{LazyLock, Mutex, MutexGuard};

// ANCHOR: solution_app
/// The app: one `Route` per `route.ts`, with the methods that file exports.
pub fn app() -> Router {
    Router::new()
        .route(
            "/api/items",
            Route::new().get(list_items).post(add_item).into(),
        )
        // Two exports now: OPTIONS and 405 follow from this list.
        .route(
            "/api/items/{id}",
            Route::new().get(item_by_id).delete(delete_item).into(),
        )
        .fallback(mini_next::not_found::page)
}
// ANCHOR_END: solution_app

/// `lib/items.ts`: the list both route files import, kept until the server stops.
struct Items {
    next_id: u64,
    list: Vec<Value>,
}

static ITEMS: LazyLock<Mutex<Items>> = LazyLock::new(|| {
    Mutex::new(Items {
        next_id: 2,
        list: vec![json!({ "id": 1, "name": "first" })],
    })
});

fn items() -> MutexGuard<'static, Items> {
    ITEMS.lock().expect("no handler panics holding the list")
}

/// Where the item named by the `[id]` segment sits in the list, if it exists.
fn position(items: &Items, context: &RouteContext) -> Option<usize> {
    let id: u64 = context.param("id")?.parse().ok()?;
    items.list.iter().position(|item| item["id"] == id)
}

/// `Response.json({ error: 'No such item' }, { status: 404 })`.
fn not_found() -> RouteResponse {
    RouteResponse::json(&json!({ "error": "No such item" })).with_status(404)
}

/// `GET` in `app/api/items/route.ts`.
pub fn list_items(_: &RouteRequest, _: &mut RouteContext) -> Result<RouteResponse, RouteError> {
    Ok(RouteResponse::json(&json!({ "items": items().list })))
}

/// `POST` in `app/api/items/route.ts`: `{ name }` in, the new item out, 201.
pub fn add_item(request: &RouteRequest, _: &mut RouteContext) -> Result<RouteResponse, RouteError> {
    let body = request.json()?;
    let mut items = items();
    let item = json!({ "id": items.next_id, "name": body["name"] });
    items.next_id += 1;
    items.list.push(item.clone());
    Ok(RouteResponse::json(&item).with_status(201))
}

// ANCHOR: delete_item
/// `DELETE` in `app/api/items/[id]/route.ts`: remove the item and answer
/// `new Response(null, { status: 204 })`, or 404 when there is nothing to remove.
pub fn delete_item(
    _request: &RouteRequest,
    context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let mut items = items();
    match position(&items, context) {
        Some(index) => {
            items.list.remove(index);
            Ok(RouteResponse::empty(204))
        }
        None => Ok(not_found()),
    }
}
// ANCHOR_END: delete_item

/// `GET` in `app/api/items/[id]/route.ts`: one item, or 404.
pub fn item_by_id(
    _request: &RouteRequest,
    context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let items = items();
    match position(&items, context) {
        Some(index) => Ok(RouteResponse::json(&items.list[index])),
        None => Ok(not_found()),
    }
}
