//! `lib/quotes.ts`: the list both the starter and the solution serve, kept until the
//! server stops. Not part of the exercise.

use serde_json::{json, Value};
use std::sync::{LazyLock, Mutex, MutexGuard};

static QUOTES: LazyLock<Mutex<Vec<Value>>> =
    LazyLock::new(|| Mutex::new(vec![json!("Make it work, then make it right.")]));

fn quotes() -> MutexGuard<'static, Vec<Value>> {
    QUOTES.lock().expect("no handler panics holding the list")
}

/// `{ quotes }`, the body of `GET /api/quotes`.
pub fn listed() -> Value {
    json!({ "quotes": *quotes() })
}

/// Adds `text` and returns `{ text }`, the body of `POST /api/quotes`.
pub fn add(text: Value) -> Value {
    quotes().push(text.clone());
    json!({ "text": text })
}
