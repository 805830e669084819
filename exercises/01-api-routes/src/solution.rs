//! Exercise 1, solved: `pages/api/notes.ts` refusing what it does not handle.
//!
//! The route keeps a list of notes. `GET /api/notes` lists them and `POST
//! /api/notes` with `{"text": "…"}` adds one. Like every API route, the handler
//! receives **every** method, so the handler itself refuses the others with 405
//! and `Allow`. Serve it with `cargo run -p exercise-01-api-routes -- serve --solution`.

use axum::Router;
use mini_next::pages_api::{api_route, ApiRequest, ApiResponse};
use serde_json::json;
use std::sync::{LazyLock, Mutex};

/// The app: the one file under `pages/api/`.
pub fn app() -> Router {
    Router::new()
        .route("/api/notes", api_route(notes))
        .fallback(mini_next::not_found::page)
}

/// `const notes = ['Bring snacks']` at the top of `notes.ts`: module state, kept
/// until the server stops.
static NOTES: LazyLock<Mutex<Vec<String>>> =
    LazyLock::new(|| Mutex::new(vec!["Bring snacks".to_owned()]));

// ANCHOR: solution
/// `export default function handler(req, res)`: called for every method.
pub fn notes(req: &ApiRequest, res: &mut ApiResponse) {
    let mut notes = NOTES.lock().expect("no handler panics holding the list");
    match req.method.as_str() {
        "POST" => match req.body["text"].as_str() {
            Some(text) => {
                notes.push(text.to_owned());
                res.status(201).json(json!({ "text": text }));
            }
            None => res
                .status(400)
                .json(json!({ "error": "send {\"text\": \"…\"}" })),
        },
        "GET" => res.status(200).json(json!({ "notes": *notes })),
        // Like `hello.ts`: name the methods that work, then refuse. An array sends
        // one `Allow` line per method, as Node does.
        other => {
            res.set_header("Allow", ["GET", "POST"]);
            res.status(405).end(&format!("Method {other} Not Allowed"));
        }
    }
}
// ANCHOR_END: solution
