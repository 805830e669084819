//! Mistake 7: hiding a button and calling the action protected.
//!
//! `app/mistakes/admin/page.tsx` renders a Delete button only for an admin
//! session. But the action behind the button is an endpoint of the whole app: a
//! `POST` to the page with its id runs it, whoever sends it, with or without the
//! button on screen. The fix checks the caller **inside** the action
//! (`deleteProductSafely`), on every call.

use axum::Router;
use mini_next::app_route::Cookies;
use mini_next::server_actions::{page_with_actions, ActionContext, ActionResult, Args, Registry};
use mini_next::server_components::{
    client, element, list, text, AppPage, ClientReference, Node, PageProps, FALSE,
};
use serde_json::{json, Map, Value};
use std::sync::{LazyLock, Mutex};

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
    let page = AppPage::new("/mistakes/admin", admin_page);
    let fixed = AppPage::new("/mistakes/admin/fixed", fixed_admin_page);
    Router::new()
        .route(
            "/mistakes/admin",
            page_with_actions(registry(), page).into_route(),
        )
        .route(
            "/mistakes/admin/fixed",
            page_with_actions(registry(), fixed).into_route(),
        )
}

/// Both actions, as the build lists them (both pages import `delete-button.tsx`).
pub fn registry() -> Registry {
    Registry::new()
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
async fn delete_product(args: Args, _context: ActionContext) -> ActionResult {
    Ok(remove(&product_id(&args)).into())
}

/// The fix: ask who is calling, on every call, and refuse everyone else.
async fn delete_product_safely(args: Args, context: ActionContext) -> ActionResult {
    // `(await cookies()).get('session')?.value`
    if !is_admin(context.cookies().get("session")) {
        return Ok(json!({ "error": "Only admins may delete products." }).into());
    }
    Ok(remove(&product_id(&args)).into())
}
// ANCHOR_END: actions

fn product_id(args: &Args) -> String {
    args.text(0)
}

/// `removeProduct(id)`, then `{ deleted, remaining }`.
fn remove(id: &str) -> Value {
    let mut products = PRODUCTS.lock().expect("no action panics holding the list");
    products.retain(|(product, _)| *product != id);
    let remaining: Vec<&str> = products.iter().map(|(product, _)| *product).collect();
    json!({ "deleted": id, "remaining": remaining })
}

// ANCHOR: page
/// `AdminPage()`: the Delete button is rendered for an admin only.
fn admin_page(props: &PageProps) -> Node {
    products_page(props, &DELETE_BUTTON)
}

/// `fixed/page.tsx`: the same page, whose button calls `deleteProductSafely`.
fn fixed_admin_page(props: &PageProps) -> Node {
    products_page(props, &SAFE_DELETE_BUTTON)
}

/// The list, `{p.name} {admin && <DeleteButton id={p.id} />}` per product.
fn products_page(props: &PageProps, button: &'static ClientReference) -> Node {
    let admin = is_admin(session(props).as_deref());
    let products = PRODUCTS
        .lock()
        .expect("no action panics holding the list")
        .clone();
    let items = products.into_iter().map(|(id, name)| {
        let delete = if admin {
            client(button, json!({ "id": id })).into()
        } else {
            FALSE
        };
        element("li")
            .key(id)
            .child(text(name))
            .child(text(" "))
            .child(delete)
            .into()
    });
    element("main")
        .child(element("h1").child(text("Products")))
        .child(element("ul").child(list(items)))
        .into()
}
// ANCHOR_END: page

/// `(await cookies()).get('session')?.value` in the page.
fn session(props: &PageProps) -> Option<String> {
    let header = props.headers.get("cookie")?.to_str().ok()?;
    Cookies::from_header(header)
        .get("session")
        .map(str::to_owned)
}

/// `DeleteButton` of `delete-button.tsx` (`'use client'`): calls `deleteProduct(id)`.
static DELETE_BUTTON: ClientReference = ClientReference {
    module_id: 4007,
    chunks: &[],
    export: "DeleteButton",
    render_html: delete_button_html,
};

/// `SafeDeleteButton`: calls `deleteProductSafely(id)`.
static SAFE_DELETE_BUTTON: ClientReference = ClientReference {
    module_id: 4007,
    chunks: &[],
    export: "SafeDeleteButton",
    render_html: delete_button_html,
};

/// Both buttons' first HTML.
fn delete_button_html(_props: &Map<String, Value>) -> Node {
    element("button").child(text("Delete")).into()
}
