//! Mistake 7: hiding a button and calling the action protected.
//!
//! `app/mistakes/admin/page.tsx` renders a Delete button only for an admin
//! session. But the action behind the button is an endpoint of the whole app: a
//! `POST` to the page with its id runs it, whoever sends it, with or without the
//! button on screen. The fix checks the caller **inside** the action
//! (`deleteProductSafely`), on every call.

use crate::dynamic_page;
use axum::extract::Request;
use axum::response::Response;
use axum::routing::{get, MethodRouter};
use axum::Router;
use mini_next::app_route::Cookies;
use mini_next::base_path_of;
use mini_next::flight;
use mini_next::server_actions::{
    page_with_actions, ActionContext, ActionPage, ActionResult, Arg, Registry, RenderedPage,
    REFERENCE_HASH_SALT,
};
use serde_json::{json, Value};
use std::sync::{LazyLock, Mutex};
use tower::ServiceExt as _;

const ACTIONS_FILE: &str = "app/mistakes/admin/actions.ts";

// ANCHOR: store
/// The one admin session (`store.ts`). A real app looks sessions up in a database;
/// what matters is that the server decides who is an admin.
pub const ADMIN_SESSION: &str = "admin-7f3a";

/// `products` of `store.ts`: module state, shared by every request.
static PRODUCTS: LazyLock<Mutex<Vec<(&str, &str)>>> =
    LazyLock::new(|| Mutex::new(vec![("1", "Kettle"), ("2", "Teapot"), ("3", "Mug")]));

fn is_admin(session: Option<&str>) -> bool {
    session == Some(ADMIN_SESSION)
}
// ANCHOR_END: store

pub fn routes() -> Router {
    Router::new()
        .route("/mistakes/admin", admin_route(false))
        .route("/mistakes/admin/fixed", admin_route(true))
}

/// Both actions, as the build lists them (both pages import `delete-button.tsx`).
pub fn registry() -> Registry {
    Registry::new(REFERENCE_HASH_SALT)
        .register(ACTIONS_FILE, "deleteProduct", &[0], 0, delete_product)
        .register(
            ACTIONS_FILE,
            "deleteProductSafely",
            &[0],
            0,
            delete_product_safely,
        )
}

// ANCHOR: actions
/// The mistake: no check inside. Only the page's markup kept the button away.
fn delete_product(args: &[Arg], _context: &mut ActionContext) -> ActionResult {
    Ok(Some(remove(&product_id(args))))
}

/// The fix: ask who is calling, on every call, and refuse everyone else.
fn delete_product_safely(args: &[Arg], context: &mut ActionContext) -> ActionResult {
    // `(await cookies()).get('session')?.value`
    if !is_admin(context.cookie("session")) {
        return Ok(Some(json!({ "error": "Only admins may delete products." })));
    }
    Ok(Some(remove(&product_id(args))))
}
// ANCHOR_END: actions

fn product_id(args: &[Arg]) -> String {
    args.first().map(Arg::text).unwrap_or_default()
}

/// `removeProduct(id)`, then `{ deleted, remaining }`.
fn remove(id: &str) -> Value {
    let mut products = PRODUCTS.lock().expect("no action panics holding the list");
    products.retain(|(product, _)| *product != id);
    let remaining: Vec<&str> = products.iter().map(|(product, _)| *product).collect();
    json!({ "deleted": id, "remaining": remaining })
}

/// GET: the list, with buttons for an admin. POST: the actions.
fn admin_route(fixed: bool) -> MethodRouter {
    let actions = page_with_actions(registry(), NoPage);
    get(move |request: Request| admin_page(request, fixed)).post(move |request: Request| {
        let actions = actions.clone();
        async move {
            actions
                .oneshot(request)
                .await
                .unwrap_or_else(|e| match e {})
        }
    })
}

// ANCHOR: page
/// `AdminPage()`: the Delete button is rendered for an admin only.
async fn admin_page(request: Request, fixed: bool) -> Response {
    let admin = is_admin(cookie(&request, "session").as_deref());
    let products = PRODUCTS
        .lock()
        .expect("no action panics holding the list")
        .clone();
    let button = if fixed { "$L4" } else { "$L3" };
    let mut html = String::from("<main><h1>Products</h1><ul>");
    let mut items = Vec::new();
    for (id, name) in &products {
        let shown = admin.then(|| flight::element(button, None, json!({ "id": id })));
        html.push_str(&format!(
            "<li>{name}<!-- --> {}</li>",
            if admin { "<button>Delete</button>" } else { "" }
        ));
        let children = json!([name, " ", shown.unwrap_or(json!(false))]);
        items.push(flight::element(
            "li",
            Some(id),
            json!({ "children": children }),
        ));
    }
    html.push_str("</ul></main>");
    let main = flight::element(
        "main",
        None,
        json!({ "children": [
            flight::element("h1", None, json!({ "children": "Products" })),
            flight::element("ul", None, json!({ "children": items })),
        ]}),
    );
    let segments: &[&str] = if fixed {
        &["", "mistakes", "admin", "fixed"]
    } else {
        &["", "mistakes", "admin"]
    };
    dynamic_page(&base_path_of(&request), segments, &html, &main)
}
// ANCHOR_END: page

/// `(await cookies()).get(name)?.value` in the page: one cookie of the request.
fn cookie(request: &Request, name: &str) -> Option<String> {
    let header = request.headers().get("cookie")?.to_str().ok()?;
    Cookies::from_header(header).get(name).map(str::to_owned)
}

/// The POST side needs an `ActionPage`; the GET above renders the page itself
/// (it depends on the cookie, which `ActionPage::render` does not see).
struct NoPage;

impl ActionPage for NoPage {
    fn render(&self) -> RenderedPage {
        RenderedPage {
            body_html: "<main><h1>Products</h1></main>".to_owned(),
            client_chunks: Vec::new(),
            rows: Vec::new(),
            tree: Value::Null,
        }
    }
}
