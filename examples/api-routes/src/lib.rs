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
