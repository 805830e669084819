//! Mistake 1: reading data with a Server Action.
//!
//! `app/mistakes/products/`: a client component calls `getProducts()`, an action,
//! from `useEffect`. It works, but every call is a `POST` with `Next-Action`, whose
//! answer says `no-store`: nothing between the browser and the server may keep it.
//! The fixes read the same data with a `GET`: a route handler (`products/api`)
//! that Next.js renders once and serves with `s-maxage`, or a Server Component
//! (`products/server`) whose list arrives inside the page's own payload.

use axum::Router;
use mini_next::app_route::{Route, RouteContext, RouteError, RouteRequest, RouteResponse};
use mini_next::server_actions::{page_with_actions, ActionContext, ActionResult, Args, Registry};
use mini_next::server_components::{
    client, element, list, text, AppPage, ClientReference, Node, PageProps,
};
use serde_json::{json, Map, Value};

/// Where the action is defined, as Next.js hashes it into the id.
const ACTIONS_FILE: &str = "app/mistakes/products/actions.ts";

// ANCHOR: data
/// `readProducts()` of `data.ts`: the catalogue, plain server-side data.
pub fn read_products() -> Value {
    json!([
        { "id": 1, "name": "Kettle", "price": 30 },
        { "id": 2, "name": "Teapot", "price": 25 },
        { "id": 3, "name": "Mug", "price": 8 },
    ])
}
// ANCHOR_END: data

pub fn routes() -> Router {
    let page = AppPage::new("/mistakes/products", products_page);
    let server_page = AppPage::new("/mistakes/products/server", products_server_page);
    Router::new()
        .route(
            "/mistakes/products",
            page_with_actions(registry(), page).into_route(),
        )
        .route(
            "/mistakes/products/api",
            Route::new().get(products_route).force_static().into(),
        )
        .route("/mistakes/products/server", server_page.into_route())
}

// ANCHOR: action
/// The mistake: `getProducts()` is a Server Action. It reads, changes nothing, and
/// still travels as a `POST` whose answer may not be cached.
pub fn registry() -> Registry {
    Registry::new().register(ACTIONS_FILE, "getProducts", &[], 0, get_products)
}

async fn get_products(_args: Args, _context: ActionContext) -> ActionResult {
    Ok(read_products().into())
}
// ANCHOR_END: action

// ANCHOR: route_handler
/// Fix 1, for a client that must fetch: `GET /mistakes/products/api`. With
/// `dynamic = 'force-static'` (`.force_static()` on the route) Next.js runs it once,
/// at build time, and serves the stored answer, marked as a cache hit and cacheable
/// by a CDN for a year.
fn products_route(
    _request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    Ok(RouteResponse::json(&read_products()))
}
// ANCHOR_END: route_handler

// ANCHOR: server_component
/// Fix 2, for a page: a Server Component reads the data while rendering, so the
/// list is part of the page's HTML and RSC payload. No action, no second request.
fn products_server_page(_props: &PageProps) -> Node {
    let products = read_products();
    let items = products.as_array().into_iter().flatten().map(|product| {
        let name = product["name"].as_str().unwrap_or_default();
        element("li")
            .key(&product["id"].to_string())
            .child(text(name))
            .into()
    });
    element("main")
        .child(element("h1").child(text("Products")))
        .child(element("ul").child(list(items)))
        .into()
}
// ANCHOR_END: server_component

/// `/mistakes/products`: the page whose client component (`ProductList`) calls the
/// action after hydration. On the server the list is still empty.
fn products_page(_props: &PageProps) -> Node {
    element("main")
        .child(element("h1").child(text("Products")))
        .child(client(&PRODUCT_LIST, json!({})))
        .into()
}

/// `product-list.tsx` (`'use client'`): fetches the list with the action once it runs
/// in the browser. Its code is not part of the model.
static PRODUCT_LIST: ClientReference = ClientReference {
    module_id: 4001,
    chunks: &[],
    export: "default",
    render_html: empty_list,
};

/// The list before the action has answered: empty.
fn empty_list(_props: &Map<String, Value>) -> Node {
    element("ul").into()
}
