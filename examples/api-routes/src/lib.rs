//! API Routes, modelled in Rust.
//!
//! Each function below mirrors one file of `reference/nextjs/pages/api/`. A Next.js
//! API route is a single function that receives every HTTP method and decides for
//! itself what to answer; `mini_next::pages_api` provides the `req`/`res` helpers
//! that Next.js gives such a function.
//!
//! Run it alone with `cargo run -p example-api-routes` (it prints its address), or
//! let the playground run it: `cargo run -p playground-server`.

use axum::Router;
use mini_next::pages_api::{api_route, ApiRequest, ApiResponse};
use serde_json::{json, Value};

/// The routes, at the paths the files have under `pages/`.
pub fn app() -> Router {
    Router::new()
        .route("/api/hello", api_route(hello))
        .route("/api/post/{pid}", api_route(post_by_id))
        .route("/api/redirect", api_route(redirect))
        .route("/api/permanent", api_route(permanent))
        .route("/api/greeting", api_route(greeting))
        .route("/api/size", api_route(size))
        .fallback(mini_next::not_found::page)
}

// ANCHOR: hello
/// `pages/api/hello.ts`: GET and POST, and 405 with `Allow` for anything else.
pub fn hello(req: &ApiRequest, res: &mut ApiResponse) {
    match req.method.as_str() {
        "GET" => res.status(200).json(json!({
            "message": "Hello from the Pages Router",
            "query": req.query,
            "cookies": req.cookies,
        })),
        "POST" => res.status(201).json(json!({
            "received": req.body,
            "typeofBody": type_of(&req.body),
            "contentType": req.header("content-type"),
        })),
        other => {
            res.set_header("Allow", ["GET", "POST"]);
            res.status(405).end(&format!("Method {other} Not Allowed"));
        }
    }
}
// ANCHOR_END: hello

// ANCHOR: post_by_id
/// `pages/api/post/[pid].ts`: the dynamic segment arrives inside `req.query`.
pub fn post_by_id(req: &ApiRequest, res: &mut ApiResponse) {
    res.status(200).json(json!({ "query": req.query }));
}
// ANCHOR_END: post_by_id

// ANCHOR: redirect
/// `pages/api/redirect.ts`: `res.redirect('/api/hello')`, a 307.
pub fn redirect(_req: &ApiRequest, res: &mut ApiResponse) {
    res.redirect("/api/hello");
}
// ANCHOR_END: redirect

// ANCHOR: permanent
/// `pages/api/permanent.ts`: `res.redirect(308, '/api/hello')`, a permanent one.
pub fn permanent(_req: &ApiRequest, res: &mut ApiResponse) {
    res.redirect_with(308, "/api/hello");
}
// ANCHOR_END: permanent

// ANCHOR: size
/// `pages/api/size.ts`: how much of the body reached the handler (`req.body.length`,
/// in UTF-16 code units as JavaScript counts; the same as bytes for ASCII).
pub fn size(req: &ApiRequest, res: &mut ApiResponse) {
    let length = match &req.body {
        Value::String(text) => json!(text.encode_utf16().count()),
        Value::Array(items) => json!(items.len()),
        _ => Value::Null,
    };
    res.status(200).json(json!({
        "typeofBody": type_of(&req.body),
        "length": length,
    }));
}
// ANCHOR_END: size

// ANCHOR: greeting
/// `pages/api/greeting.ts`: `res.send(text)` sends a string with a length and an
/// ETag but no content type, so the handler sets one (except for `?untyped`). At
/// 1,329 bytes, a typed answer is over the 1 kB that `next start` compresses.
pub fn greeting(req: &ApiRequest, res: &mut ApiResponse) {
    if req.query.get("untyped").is_none() {
        res.set_header("Content-Type", "text/html; charset=utf-8");
    }
    let line = "<li>Every line of this list repeats, so gzip has an easy job.</li>";
    res.send(&format!("<ul>{}</ul>", line.repeat(20)));
}
// ANCHOR_END: greeting

/// JavaScript's `typeof` for a parsed body, so the answer matches Next.js.
fn type_of(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        // `typeof null` is "object" in JavaScript.
        Value::Null | Value::Array(_) | Value::Object(_) => "object",
    }
}
