//! One feature, "add to cart", built the four ways Next.js offers, modelled in Rust.
//!
//! Each way mirrors files of the reference app (`reference/nextjs/`):
//!
//! 1. an API Route, `pages/api/pages-cart.ts`: [`pages_cart`] at `/api/pages-cart`;
//! 2. a Route Handler, `app/api/cart/route.ts`: [`route_get`] and [`route_post`] at
//!    `/api/cart`;
//! 3. a server component page whose `<form>` calls the Server Action `addToCart`
//!    (`app/cart/page.tsx`, `app/cart/actions.ts`): [`CartPage`] at `/cart`;
//! 4. a client component that calls the Server Action `addToCartFromClient`
//!    (`app/cart/client/`): [`ClientCartPage`] at `/cart/client`, with the
//!    hand-written script `cart-client.js` doing what Next.js's client runtime does.
//!
//! All four share the rules in [`shop`] and nothing else. The API Route and the Route
//! Handler each keep a cart of their own. The two actions live in one module in
//! Next.js, so `/cart` and `/cart/client` share one cart; so do they here.
//!
//! Simplified: the pages are rendered by mini-next's page model (see
//! `mini_next::server_components`); `/cart` ships no JavaScript, so its form always
//! posts the no-JS way.
//!
//! Run it alone with `cargo run -p example-add-to-cart` (it prints its address; open
//! `/cart` or `/cart/client`), or let the playground run it.

pub mod shop;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use mini_next::app_route::{Route, RouteContext, RouteError, RouteRequest, RouteResponse};
use mini_next::pages_api::{api_route, ApiRequest, ApiResponse};
use mini_next::server_actions::{
    page_with_actions, ActionContext, ActionResult, Args, Registry, Returned, Thrown,
};
use mini_next::server_components::{
    client, element, list, text, AppPage, ClientReference, Node, Page, PageProps, UNDEFINED,
};
use mini_next::server_reference::ServerReference;
use serde_json::{json, Map, Value};
use shop::{lock, parse_line, Cart, CartLine, PRODUCTS};
use std::sync::Mutex;

/// Where the client script of `/cart/client` is served (under the base path).
pub const CLIENT_SCRIPT: &str = "/_next/static/chunks/cart-client.js";

/// The file Next.js hashes into the actions' ids (a path from the project root).
const ACTIONS_FILE: &str = "app/cart/actions.ts";

/// The routes, at the paths the files have under `pages/` and `app/`.
pub fn app() -> Router {
    let client_action = registry().id("addToCartFromClient").to_owned();
    Router::new()
        .route("/api/pages-cart", api_route(pages_cart))
        .route(
            "/api/cart",
            Route::new().get(route_get).post(route_post).into(),
        )
        .route(
            "/cart",
            page_with_actions(registry(), AppPage::new("/cart", CartPage::new())).into_route(),
        )
        .route(
            "/cart/client",
            page_with_actions(registry(), AppPage::new("/cart/client", client_cart_page))
                .into_route(),
        )
        .route(
            CLIENT_SCRIPT,
            get(move || async move { client_script(&client_action) }),
        )
}

/// `const cart = newCart()` in `pages/api/pages-cart.ts`.
static PAGES_CART: Mutex<Cart> = Mutex::new(Cart::new());
/// `const cart = newCart()` in `app/api/cart/route.ts`.
static ROUTE_CART: Mutex<Cart> = Mutex::new(Cart::new());
/// `const cart = newCart()` in `app/cart/actions.ts`, shared by both pages.
static ACTIONS_CART: Mutex<Cart> = Mutex::new(Cart::new());

// ANCHOR: api_route
/// Way 1, `pages/api/pages-cart.ts`: one handler for every method. Next.js has
/// already parsed the JSON body into `req.body`.
pub fn pages_cart(req: &ApiRequest, res: &mut ApiResponse) {
    match req.method.as_str() {
        "GET" => res.status(200).json(lock(&PAGES_CART).to_json()),
        "POST" => {
            let field = |name| req.body.get(name).unwrap_or(&Value::Null);
            match parse_line(field("productId"), field("quantity")) {
                Err(error) => res.status(400).json(json!({ "error": error })),
                Ok(line) => res.status(201).json(lock(&PAGES_CART).add(line).to_json()),
            }
        }
        method => {
            res.set_header("allow", ["GET", "POST"]);
            let error = format!("Method {method} Not Allowed");
            res.status(405).json(json!({ "error": error }));
        }
    }
}
// ANCHOR_END: api_route

// ANCHOR: route_handler
/// Way 2, `export async function GET()` of `app/api/cart/route.ts`.
pub fn route_get(_: &RouteRequest, _: &mut RouteContext) -> Result<RouteResponse, RouteError> {
    Ok(RouteResponse::json(&lock(&ROUTE_CART).to_json()))
}

/// `export async function POST(request)`: nothing is parsed in advance; a body that
/// is not JSON gets our own 400 instead of the 500 an uncaught throw would give.
pub fn route_post(req: &RouteRequest, _: &mut RouteContext) -> Result<RouteResponse, RouteError> {
    let Ok(body) = req.json() else {
        return Ok(RouteResponse::json(&json!({ "error": "body must be JSON" })).with_status(400));
    };
    let field = |name| body.get(name).unwrap_or(&Value::Null);
    Ok(match parse_line(field("productId"), field("quantity")) {
        Err(error) => RouteResponse::json(&json!({ "error": error })).with_status(400),
        Ok(line) => RouteResponse::json(&lock(&ROUTE_CART).add(line).to_json()).with_status(201),
    })
}
// ANCHOR_END: route_handler

// ANCHOR: registry
/// Ways 3 and 4: the exports of `app/cart/actions.ts`, with the arguments each uses
/// (`00`, `40` and `60` start their ids).
pub fn registry() -> Registry {
    Registry::new()
        .register(ACTIONS_FILE, "getCart", &[], 0, |_, _| async {
            Ok(lock(&ACTIONS_CART).to_json().into())
        })
        .register(ACTIONS_FILE, "addToCart", &[0], 0, add_to_cart)
        .register(
            ACTIONS_FILE,
            "addToCartFromClient",
            &[0, 1],
            0,
            add_from_client,
        )
}
// ANCHOR_END: registry

// ANCHOR: actions
/// Way 3, `addToCart(formData)`: the action of the `/cart` form. It cannot choose a
/// status code, so bad input becomes `redirect('/cart?error=…')`: a 303 for a form.
async fn add_to_cart(args: Args, context: ActionContext) -> ActionResult {
    let form = args.form(0);
    // `formData.get(name)`: text, or `null` when the field is missing.
    let field = |name| {
        form.and_then(|f| f.get(name))
            .map_or(Value::Null, |text| Value::String(text.to_owned()))
    };
    match parse_line(&field("productId"), &field("quantity")) {
        Err(error) => {
            let query = mini_next::js::encode_uri_component(error);
            Err(Thrown::Redirect(format!("/cart?error={query}")))
        }
        Ok(line) => {
            lock(&ACTIONS_CART).add(line);
            context.revalidate_path("/cart");
            Ok(Returned::Undefined)
        }
    }
}

/// Way 4, `addToCartFromClient(productId, quantity)`: plain arguments in, a plain
/// object out. Bad input is a normal result (`{ ok: false, error }`), not a throw.
async fn add_from_client(args: Args, _context: ActionContext) -> ActionResult {
    // Plain values arrive as they were sent: a number stays a number.
    let arg = |i: usize| args.json(i).unwrap_or(Value::Null);
    Ok(Returned::Json(match parse_line(&arg(0), &arg(1)) {
        Err(error) => json!({ "ok": false, "error": error }),
        Ok(line) => json!({ "ok": true, "cart": lock(&ACTIONS_CART).add(line).to_json() }),
    }))
}
// ANCHOR_END: actions

/// `/cart`: the page and the action its form names.
pub struct CartPage {
    add_to_cart: ServerReference,
}

impl CartPage {
    fn new() -> CartPage {
        CartPage {
            add_to_cart: registry().reference("addToCart"),
        }
    }
}

// ANCHOR: cart_page
impl Page for CartPage {
    /// `CartPage({ searchParams })`: the alert (when `?error=` is there), the lines,
    /// and a form whose `action` is `addToCart`, so it works without JavaScript
    /// (mini-next writes its hidden input in HTML, a `"$h…"` reference in flight).
    fn render(&self, props: &PageProps) -> Node {
        let alert = match props.search_params.get("error").and_then(Value::as_str) {
            Some(error) => element("p").attr("role", "alert").child(text(error)).into(),
            None => UNDEFINED,
        };
        let lines = lock(&ACTIONS_CART).lines.clone();
        let items = lines.iter().map(|line| {
            element("li")
                .key(&line.product_id)
                .child(text(line_text(line)))
                .into()
        });
        let options = PRODUCTS.iter().map(|(id, name)| {
            element("option")
                .key(id)
                .attr("value", *id)
                .child(text(*name))
                .into()
        });
        let form = element("form")
            .action(self.add_to_cart.clone())
            .child(
                element("select")
                    .attr("name", "productId")
                    .child(list(options)),
            )
            .child(
                element("input")
                    .attr("name", "quantity")
                    .attr("type", "number")
                    .attr("min", 1)
                    .attr("max", 99)
                    .attr("defaultValue", 1),
            )
            .child(
                element("button")
                    .attr("type", "submit")
                    .child(text("Add to cart")),
            );
        element("main")
            .child(element("h1").child(text("Cart")))
            .child(alert)
            .child(element("ul").child(list(items)))
            .child(form)
            .into()
    }
}
// ANCHOR_END: cart_page

/// `${line.quantity} × ${line.productId}`: the text of one `<li>`.
fn line_text(line: &CartLine) -> String {
    format!("{} × {}", line.quantity, line.product_id)
}

// ANCHOR: client_page
/// `/cart/client`, `ClientCartPage()`: the heading, then `<AddButtons
/// initialCount={…}/>`. The server renders the buttons' first HTML; the flight rows
/// carry only a client reference and its props, the browser code does the rest.
fn client_cart_page(_props: &PageProps) -> Node {
    let count = lock(&ACTIONS_CART).count;
    element("main")
        .child(element("h1").child(text("Cart (client)")))
        .child(client(&ADD_BUTTONS, json!({ "initialCount": count })))
        .into()
}

/// `app/cart/client/add-buttons.tsx` (`'use client'`), whose browser code is the
/// hand-written `cart-client.js`.
static ADD_BUTTONS: ClientReference = ClientReference {
    module_id: 14045,
    chunks: &["cart-client.js"],
    export: "default",
    render_html: add_buttons_html,
};

/// The buttons' first HTML: one per product and the count.
fn add_buttons_html(props: &Map<String, Value>) -> Node {
    let count = props.get("initialCount").cloned().unwrap_or(json!(0));
    let buttons = PRODUCTS
        .iter()
        .map(|(_, name)| element("button").child(text(format!("Add {name}"))).into());
    element("div")
        .child(list(buttons))
        .child(element("output").child(text(format!("{count} in cart. "))))
        .into()
}
// ANCHOR_END: client_page

// ANCHOR: client_script
/// The JavaScript of `/cart/client`, written by hand: a click sends what Next.js's
/// client runtime sends for `addToCartFromClient(productId, 1)`.
fn client_script(action_id: &str) -> impl IntoResponse {
    let product_ids: Vec<&str> = PRODUCTS.iter().map(|(id, _)| *id).collect();
    (
        [(
            header::CONTENT_TYPE,
            "application/javascript; charset=UTF-8",
        )],
        CLIENT_JS
            .replace("__ACTION_ID__", action_id)
            .replace("__PRODUCT_IDS__", &json!(product_ids).to_string()),
    )
}

const CLIENT_JS: &str = include_str!("cart-client.js");
// ANCHOR_END: client_script
