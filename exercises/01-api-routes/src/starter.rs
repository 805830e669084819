//! Exercise 1, the file you edit: `pages/api/notes.ts`, an API route.
//!
//! The route keeps a list of notes. `GET /api/notes` lists them and `POST
//! /api/notes` with `{"text": "…"}` adds one. Like every API route, the handler
//! receives **every** method: Next.js refuses nothing for you. Find the
//! `EXERCISE` comment below.
//!
//! Try it: `cargo run -p exercise-01-api-routes`, then in another terminal
//! `curl -i -X DELETE http://127.0.0.1:4001/api/notes`.
//! Check it: `cargo run -p exercise-01-api-routes -- check`.

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

// ANCHOR: handler
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
        // EXERCISE: this branch is meant for GET, but it catches every method that is
        // not POST: PUT, DELETE, OPTIONS… all get the list with a 200. Answer the list
        // to GET only, and refuse every other method with 405 Method Not Allowed and
        // an `Allow` header that names the two methods this route supports.
        _ => res.status(200).json(json!({ "notes": *notes })),
    }
}
// ANCHOR_END: handler
