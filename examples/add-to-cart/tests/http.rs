//! What the four ways of adding to a cart answer, checked in-process with `oneshot`.
//! Each test checks a claim of the chapter `book/comparisons/four-ways.md`.
//!
//! The carts are process-wide state (like module-level variables in Next.js) and
//! tests run in parallel, so every test that adds to a cart holds [`SERIAL`] and
//! compares counts before and after.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use mini_next::testing::multipart;
use serde_json::{json, Value};

/// The ids in the reference build's `server-reference-manifest.json`.
const GET_CART: &str = "00b9ed3fd02b220d457c02cbdc8347b7a94eb50b7e";
const ADD_TO_CART: &str = "400e8747a551fa99a14375b82e6b13a59c665e88b1";
const ADD_FROM_CLIENT: &str = "600c76deb85db420911da2cbc5d7158bceaa79eee0";

const VARY: &str =
    "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";
const HOST: &str = "shop.example";
const ORIGIN: &str = "http://shop.example";
const BAD_QUANTITY: &str = "quantity must be a whole number from 1 to 99";

/// Held by every test that changes a cart, so counts can be compared exactly.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn call(request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let answer = mini_next::testing::call(example_add_to_cart::app(), request).await;
    let text = answer.text();
    (answer.status, answer.headers, text)
}

fn post_json(path: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

/// The count of a cart, read with GET from an endpoint that answers JSON.
async fn count(path: &str) -> u64 {
    let (_, _, body) = call(get(path)).await;
    serde_json::from_str::<Value>(&body).unwrap()["count"]
        .as_u64()
        .unwrap()
}

/// The form of `/cart` posted by a browser without JavaScript.
fn form_post(origin: &str, product_id: &str, quantity: &str) -> Request<Body> {
    let (content_type, body) = multipart(&[
        (format!("$ACTION_ID_{ADD_TO_CART}").as_str(), ""),
        ("productId", product_id),
        ("quantity", quantity),
    ]);
    Request::post("/cart")
        .header("host", HOST)
        .header("origin", origin)
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap()
}

/// `addToCartFromClient(...args)` as the client runtime sends it.
fn client_call(args: &str) -> Request<Body> {
    Request::post("/cart/client")
        .header("host", HOST)
        .header("origin", ORIGIN)
        .header("accept", "text/x-component")
        .header("content-type", "text/plain;charset=UTF-8")
        .header("next-action", ADD_FROM_CLIENT)
        .body(Body::from(args.to_owned()))
        .unwrap()
}

/// Row 1 of a flight answer: the action's result.
fn result_row(body: &str) -> Value {
    let row = body.lines().find_map(|l| l.strip_prefix("1:")).unwrap();
    serde_json::from_str(row).unwrap()
}

#[test]
fn action_ids_equal_the_reference_build() {
    let registry = example_add_to_cart::registry();
    assert_eq!(registry.id("getCart"), GET_CART);
    assert_eq!(registry.id("addToCart"), ADD_TO_CART);
    assert_eq!(registry.id("addToCartFromClient"), ADD_FROM_CLIENT);
}

#[tokio::test]
async fn api_route_adds_with_201_json_an_etag_and_a_length() {
    let _serial = SERIAL.lock().await;
    let before = count("/api/pages-cart").await;
    let (status, headers, body) = call(post_json(
        "/api/pages-cart",
        r#"{"productId":"tea","quantity":2}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(headers["content-type"], "application/json; charset=utf-8");
    assert!(headers.contains_key("etag"));
    assert_eq!(headers["content-length"], body.len().to_string());
    assert_eq!(headers["vary"], "Accept-Encoding");
    assert!(headers.get("cache-control").is_none());
    let cart: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(cart["count"], before + 2);
}

#[tokio::test]
async fn api_route_refuses_bad_input_with_400_and_other_methods_with_405() {
    for body in [
        r#"{"productId":"tea","quantity":0}"#,
        r#"{"productId":"tea","quantity":"lots"}"#,
        r#"{"productId":"tea"}"#,
    ] {
        let (status, _, answer) = call(post_json("/api/pages-cart", body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer, json!({ "error": BAD_QUANTITY }).to_string());
    }
    // Not JSON: the body parser gives the text; it has no productId.
    let text = Request::post("/api/pages-cart")
        .header("content-type", "text/plain")
        .body(Body::from("tea x2"))
        .unwrap();
    let (status, _, answer) = call(text).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer, r#"{"error":"unknown productId"}"#);
    // Broken JSON never reaches the handler: Next.js's own 400.
    let (status, headers, answer) = call(post_json("/api/pages-cart", "{nope")).await;
    assert_eq!(
        (status, answer.as_str()),
        (StatusCode::BAD_REQUEST, "Invalid JSON")
    );
    assert!(headers.get("content-type").is_none());

    let delete = Request::delete("/api/pages-cart")
        .body(Body::empty())
        .unwrap();
    let (status, headers, answer) = call(delete).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let allow: Vec<_> = headers.get_all("allow").iter().collect();
    assert_eq!(allow, ["GET", "POST"]);
    assert_eq!(answer, r#"{"error":"Method DELETE Not Allowed"}"#);
}

#[tokio::test]
async fn route_handler_adds_with_201_json_without_charset_chunked() {
    let _serial = SERIAL.lock().await;
    let before = count("/api/cart").await;
    let (status, headers, body) = call(post_json(
        "/api/cart",
        r#"{"productId":"mug","quantity":1}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["vary"], format!("{VARY}, Accept-Encoding"));
    assert!(headers.get("content-length").is_none(), "chunked");
    assert!(headers.get("etag").is_none());
    assert!(headers.get("cache-control").is_none());
    let cart: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(cart["count"], before + 1);
}

#[tokio::test]
async fn route_handler_refuses_bad_input_and_gets_options_for_free() {
    let (status, _, body) = call(post_json(
        "/api/cart",
        r#"{"productId":"mug","quantity":1.5}"#,
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({ "error": BAD_QUANTITY }).to_string());
    let (status, _, body) = call(post_json("/api/cart", "productId=mug&quantity=1")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, r#"{"error":"body must be JSON"}"#);

    let options = Request::options("/api/cart").body(Body::empty()).unwrap();
    let (status, headers, _) = call(options).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers["allow"], "GET, HEAD, OPTIONS, POST");
    let put = Request::put("/api/cart").body(Body::empty()).unwrap();
    assert_eq!(call(put).await.0, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_two_endpoints_keep_separate_carts() {
    let _serial = SERIAL.lock().await;
    let route_before = count("/api/cart").await;
    let pages_before = count("/api/pages-cart").await;
    call(post_json(
        "/api/pages-cart",
        r#"{"productId":"mug","quantity":5}"#,
    ))
    .await;
    assert_eq!(count("/api/pages-cart").await, pages_before + 5);
    assert_eq!(count("/api/cart").await, route_before);
}

#[tokio::test]
async fn the_form_page_names_its_action_and_ships_no_script() {
    let (status, headers, html) = call(get("/cart")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["cache-control"],
        "private, no-cache, no-store, max-age=0, must-revalidate"
    );
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(html.contains(&format!(
        r#"<form action="" encType="multipart/form-data" method="POST"><input type="hidden" name="$ACTION_ID_{ADD_TO_CART}"/><select name="productId">"#
    )));
    assert!(!html.contains("cart-client.js"));
    assert!(!html.contains("role=\"alert\""));
}

#[tokio::test]
async fn a_form_post_adds_and_renders_the_page_again() {
    let _serial = SERIAL.lock().await;
    let before = count_from_client_page().await;
    let (status, headers, html) = call(form_post(ORIGIN, "tea", "2")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(
        headers["cache-control"],
        "no-cache, no-store, max-age=0, must-revalidate"
    );
    assert!(html.contains("× tea</li>"));
    // `/cart/client` sees the same cart: the actions share one module.
    assert_eq!(count_from_client_page().await, before + 2);
}

/// The `initialCount` the client page renders (`<output>N in cart. </output>`).
async fn count_from_client_page() -> u64 {
    let (_, _, html) = call(get("/cart/client")).await;
    let start = html.find("<output>").unwrap() + "<output>".len();
    let end = start + html[start..].find(' ').unwrap();
    html[start..end].parse().unwrap()
}

#[tokio::test]
async fn bad_form_input_redirects_with_303_and_the_page_shows_it() {
    let (status, headers, body) = call(form_post(ORIGIN, "tea", "lots")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers["location"].to_str().unwrap();
    assert_eq!(
        location,
        "/cart?error=quantity%20must%20be%20a%20whole%20number%20from%201%20to%2099"
    );
    assert!(body.is_empty());
    let (status, _, html) = call(get(location)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!(r#"<p role="alert">{BAD_QUANTITY}</p>"#)));
    // The text is escaped, never markup.
    let (_, _, html) = call(get("/cart?error=%3Cb%3Ehi")).await;
    assert!(html.contains(r#"<p role="alert">&lt;b&gt;hi</p>"#));
}

#[tokio::test]
async fn a_form_post_from_another_origin_is_refused() {
    let (status, _, html) = call(form_post("http://evil.example", "tea", "1")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!html.contains("× tea</li>"));
}

#[tokio::test]
async fn the_client_page_sends_a_client_reference_with_props() {
    let (status, _, html) = call(get("/cart/client")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<button>Add Green tea</button><button>Add Mug</button>"));
    assert!(html.contains("cart-client.js"));
    // The client component is a lazy reference to its `I` row, with its props.
    let import = html.find(r#":I[14045,"#).unwrap();
    let id = &html[html[..import].rfind("\\n").unwrap() + 2..import];
    let element = format!(r#"[\"$\",\"$L{id}\",null,{{\"initialCount\":"#);
    assert!(html.contains(&element), "{element} in {html}");
    let (status, headers, script) = call(get(example_add_to_cart::CLIENT_SCRIPT)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/javascript"));
    assert!(script.contains(ADD_FROM_CLIENT));
    assert!(script.contains(r#"const PRODUCT_IDS = ["tea","mug"];"#));
}

#[tokio::test]
async fn a_client_call_answers_flight_with_the_result_in_row_1() {
    let _serial = SERIAL.lock().await;
    let before = count_from_client_page().await;
    let (status, headers, body) = call(client_call(r#"["mug",1]"#)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/x-component");
    assert_eq!(
        headers["cache-control"],
        "no-cache, no-store, max-age=0, must-revalidate"
    );
    assert!(headers.get("x-action-revalidated").is_none());
    assert!(body.starts_with(r#"0:{"a":"$@1","q":"","i":false,"b":"#));
    let result = result_row(&body);
    assert_eq!(result["ok"], true);
    assert_eq!(result["cart"]["count"], before + 1);
}

#[tokio::test]
async fn bad_client_input_is_a_200_whose_result_says_why() {
    for args in [r#"["mug",0]"#, r#"["mug"]"#, r#"["cake",1]"#] {
        let (status, _, body) = call(client_call(args)).await;
        assert_eq!(status, StatusCode::OK, "{args}");
        let result = result_row(&body);
        assert_eq!(result["ok"], false, "{args}");
        assert!(result["error"].is_string());
    }
}

/// The panels name an action from `book-data/actions.json`; it must list every action
/// this example registers, under the name the registry gives it.
#[test]
fn the_book_names_every_action_of_this_example() {
    mini_next::testing::assert_actions_listed(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../book-data/actions.json"),
        &[example_add_to_cart::registry()],
    );
}
