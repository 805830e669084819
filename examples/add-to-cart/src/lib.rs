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
//! Simplified: the pages' flight rows are their own elements in a one-segment tree
//! (Next.js adds layout segments, router components and metadata rows); `/cart`
//! ships no JavaScript, so its form always posts the no-JS way.
//!
//! Run it alone with `cargo run -p example-add-to-cart` (it prints its address; open
//! `/cart` or `/cart/client`), or let the playground run it.

pub mod shop;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use mini_next::app_route::{Route, RouteContext, RouteError, RouteRequest, RouteResponse};
use mini_next::flight;
use mini_next::pages_api::{api_route, ApiRequest, ApiResponse};
use mini_next::server_actions::{
    action_rows, form_hidden_inputs, page_with_actions, ActionContext, ActionPage, ActionResult,
    Arg, Registry, RenderedPage, Thrown, REFERENCE_HASH_SALT,
};
use mini_next::server_components::escape_html;
use serde_json::{json, Value};
use shop::{lock, parse_line, Cart, CartLine, PRODUCTS};
use std::sync::Mutex;

/// Where the client script of `/cart/client` is served (under the base path).
pub const CLIENT_SCRIPT: &str = "/_next/static/chunks/cart-client.js";

/// The same script, as a chunk file name (for the page's `<head>`).
const CLIENT_CHUNK: &str = "cart-client.js";

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
        .route("/cart", page_with_actions(registry(), CartPage::new()))
        .route(
            "/cart/client",
            page_with_actions(registry(), ClientCartPage),
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
    Registry::new(REFERENCE_HASH_SALT)
        .register(ACTIONS_FILE, "getCart", &[], 0, |_, _| {
            Ok(Some(lock(&ACTIONS_CART).to_json()))
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
fn add_to_cart(args: &[Arg], context: &mut ActionContext) -> ActionResult {
    let form = args.first().and_then(Arg::form);
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
            Ok(None)
        }
    }
}

/// Way 4, `addToCartFromClient(productId, quantity)`: plain arguments in, a plain
/// object out. Bad input is a normal result (`{ ok: false, error }`), not a throw.
fn add_from_client(args: &[Arg], _context: &mut ActionContext) -> ActionResult {
    let arg = |i: usize| match args.get(i) {
        Some(Arg::Value(value)) => value.clone(),
        _ => Value::Null,
    };
    Ok(Some(match parse_line(&arg(0), &arg(1)) {
        Err(error) => json!({ "ok": false, "error": error }),
        Ok(line) => json!({ "ok": true, "cart": lock(&ACTIONS_CART).add(line).to_json() }),
    }))
}
// ANCHOR_END: actions

/// `/cart`: the page and the id its form names.
pub struct CartPage {
    add_to_cart: String,
}

impl CartPage {
    fn new() -> CartPage {
        CartPage {
            add_to_cart: registry().id("addToCart").to_owned(),
        }
    }
}

// ANCHOR: cart_page
impl ActionPage for CartPage {
    fn render(&self) -> RenderedPage {
        self.render_with_query("")
    }

    /// `CartPage({ searchParams })`: the alert (when `?error=` is there), the lines,
    /// and a form whose hidden input names `addToCart`, so it works without
    /// JavaScript. HTML and flight rows come from this one run.
    fn render_with_query(&self, query: &str) -> RenderedPage {
        let error = mini_next::query::parse(query)
            .get("error")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let lines = lock(&ACTIONS_CART).lines.clone();
        let (rows, tree) = self.flight_tree(error.as_deref(), &lines);
        RenderedPage {
            body_html: self.main_html(error.as_deref(), &lines),
            client_chunks: Vec::new(),
            rows,
            tree,
        }
    }
}
// ANCHOR_END: cart_page

impl CartPage {
    /// The `<main>` as React writes it.
    fn main_html(&self, error: Option<&str>, lines: &[CartLine]) -> String {
        let alert = error
            .map(|e| format!(r#"<p role="alert">{}</p>"#, escape_html(e)))
            .unwrap_or_default();
        let items: String = lines
            .iter()
            .map(|line| format!("<li>{}</li>", escape_html(&line_text(line))))
            .collect();
        let options: String = PRODUCTS
            .iter()
            .map(|(id, name)| format!(r#"<option value="{id}">{name}</option>"#))
            .collect();
        let hidden = form_hidden_inputs(&self.add_to_cart, None);
        format!(
            concat!(
                r#"<main><h1>Cart</h1>{alert}<ul>{items}</ul>"#,
                r#"<form action="" encType="multipart/form-data" method="POST">{hidden}"#,
                r#"<select name="productId">{options}</select>"#,
                r#"<input type="number" min="1" max="99" name="quantity" value="1"/>"#,
                r#"<button type="submit">Add to cart</button></form></main>"#
            ),
            alert = alert,
            items = items,
            hidden = hidden,
            options = options,
        )
    }

    /// The same page as flight rows: the form's `action` is `"$h3"`, a reference to
    /// the `{id, bound}` row of `addToCart`.
    fn flight_tree(&self, error: Option<&str>, lines: &[CartLine]) -> (Vec<String>, Value) {
        let mut rows = vec![flight::symbol_row(2, "react.fragment")];
        rows.extend(action_rows(3, &self.add_to_cart, None));
        let alert = error.map_or_else(flight::undefined, |e| {
            flight::element(
                "p",
                None,
                json!({ "role": "alert", "children": flight::text(e) }),
            )
        });
        let items: Vec<Value> = lines
            .iter()
            .map(|line| {
                let text = flight::text(&line_text(line));
                flight::element("li", Some(&line.product_id), json!({ "children": text }))
            })
            .collect();
        let options: Vec<Value> = PRODUCTS
            .iter()
            .map(|(id, name)| {
                flight::element("option", Some(id), json!({ "value": id, "children": name }))
            })
            .collect();
        let form = flight::element(
            "form",
            None,
            json!({ "action": flight::server_reference(3), "children": [
                flight::element("select", None, json!({ "name": "productId", "children": options })),
                flight::element("input", None, json!({
                    "name": "quantity", "type": "number", "min": 1, "max": 99, "defaultValue": 1,
                })),
                flight::element("button", None, json!({ "type": "submit", "children": "Add to cart" })),
            ]}),
        );
        let main = flight::element(
            "main",
            None,
            json!({ "children": [
                flight::element("h1", None, json!({ "children": "Cart" })),
                alert,
                flight::element("ul", None, json!({ "children": items })),
                form,
            ]}),
        );
        rows.push(flight::model_row(8, &main));
        (rows, one_segment_tree(8))
    }
}

/// `${line.quantity} × ${line.productId}`: the text of one `<li>`.
fn line_text(line: &CartLine) -> String {
    format!("{} × {}", line.quantity, line.product_id)
}

/// `/cart/client`: a server component that renders the client component
/// `AddButtons` with the current count as its prop.
pub struct ClientCartPage;

// ANCHOR: client_page
impl ActionPage for ClientCartPage {
    /// `ClientCartPage()`: the heading, then `<AddButtons initialCount={…}/>`. The
    /// server renders the buttons' first HTML; the flight rows carry only a client
    /// reference (`"$L9"`) and its props, the browser code does the rest.
    fn render(&self) -> RenderedPage {
        let count = lock(&ACTIONS_CART).count;
        let buttons: String = PRODUCTS
            .iter()
            .map(|(_, name)| format!("<button>Add {name}</button>"))
            .collect();
        let body_html = format!(
            concat!(
                "<main><h1>Cart (client)</h1>",
                "<div>{buttons}<output>{count} in cart. </output></div></main>"
            ),
            buttons = buttons,
            count = count,
        );
        let main = flight::element(
            "main",
            None,
            json!({ "children": [
                flight::element("h1", None, json!({ "children": "Cart (client)" })),
                flight::element("$L9", None, json!({ "initialCount": count })),
            ]}),
        );
        let rows = vec![
            flight::symbol_row(2, "react.fragment"),
            flight::client_reference_row(9, 14045, &[CLIENT_SCRIPT], "default"),
            flight::model_row(8, &main),
        ];
        RenderedPage {
            body_html,
            client_chunks: vec![CLIENT_CHUNK],
            rows,
            tree: one_segment_tree(8),
        }
    }
}
// ANCHOR_END: client_page

/// The route tree of row 0: the root segment, a fragment (row 2) around the page
/// (row `page`).
fn one_segment_tree(page: u32) -> Value {
    let root = flight::element(
        "$2",
        Some("c"),
        json!({ "children": flight::reference(page) }),
    );
    json!({ "t": { "s": "", "h": 16, "d": { "r": root, "p": false, "v": null } } })
}

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
