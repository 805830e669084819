//! Exercise 2, the file you edit: `app/api/items/route.ts` and
//! `app/api/items/[id]/route.ts`, two route handler files.
//!
//! `GET /api/items` lists the items, `POST /api/items` with `{"name": "…"}` adds
//! one, and `GET /api/items/<id>` returns one. The `[id]` file exports only `GET`,
//! so Next.js answers `OPTIONS` and `HEAD` for it and refuses everything else with
//! 405. Find the `EXERCISE` comment below.
//!
//! Try it: `cargo run -p exercise-02-route-handlers`, then in another terminal
//! `curl -i -X OPTIONS http://127.0.0.1:4002/api/items/1`.
//! Check it: `cargo run -p exercise-02-route-handlers -- check`.

use axum::Router;
use mini_next::app_route::{Route, RouteContext, RouteError, RouteRequest, RouteResponse};
use serde_json::{json, Value};
use std::sync::{LazyLock, Mutex, MutexGuard};

// ANCHOR: app
/// The app: one `Route` per `route.ts`, with the methods that file exports.
pub fn app() -> Router {
    Router::new()
        .route(
            "/api/items",
            Route::new().get(list_items).post(add_item).into(),
        )
        // EXERCISE: let clients delete an item. Write `delete_item`, the `DELETE`
        // export of `app/api/items/[id]/route.ts`: it removes the item and answers
        // 204 No Content with no body, or 404 (like `item_by_id`) when there is no
        // such item. Then export it here, next to GET.
        .route("/api/items/{id}", Route::new().get(item_by_id).into())
        .fallback(mini_next::not_found::page)
}
// ANCHOR_END: app

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

// ANCHOR: item_by_id
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
// ANCHOR_END: item_by_id
