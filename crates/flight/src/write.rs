//! The React Server Components ("flight") wire format, as Next.js 16 sends it.
//!
//! A flight payload is a list of rows, one per line: `<id in hex>:<payload>\n`.
//! Rows may arrive in any order and later rows fill in references left by earlier
//! ones, which is what lets a server stream a tree whose slow parts come late.
//! The payloads this module writes:
//!
//! | payload | meaning |
//! |---|---|
//! | JSON value | a model: an element tree, a plain value, an action's result |
//! | `"$Sreact.suspense"` | a symbol (React's built-in component types) |
//! | `I[module,[chunks],"export"]` | a client reference: "load this component in the browser" |
//! | `E{"digest":"..."}` | an error, with only a digest: the message stays on the server |
//! | `T<byte length in hex>,<text>` | a long string, outside any JSON: no escaping, no newline after it |
//!
//! Inside a model, strings starting with `$` are references: `"$L8"` a lazy
//! element that row 8 will bring, `"$@1"` a promise that row 1 resolves, `"$1"` the
//! value of row 1, `"$undefined"` undefined. A literal string that starts with `$` is
//! escaped as `$$`.
//!
//! Simplified: only the row kinds our examples need; no binary rows, no
//! async-iterable (`X`/`C`) rows, no deduplication of repeated objects.

use serde_json::{json, Value};

/// One row, ready to send: `<hex id>:<payload>\n`.
pub fn row(id: u32, payload: &str) -> String {
    format!("{id:x}:{payload}\n")
}

/// A model row: `<id>:<json>`.
pub fn model_row(id: u32, value: &Value) -> String {
    row(id, &value.to_string())
}

/// A client reference row: `<id>:I[module,[chunks],"export"]`.
pub fn client_reference_row(id: u32, module: u32, chunks: &[&str], export: &str) -> String {
    row(id, &format!("I{}", json!([module, chunks, export])))
}

/// A symbol row for one of React's built-ins, e.g. `react.suspense`.
pub fn symbol_row(id: u32, symbol: &str) -> String {
    model_row(id, &Value::String(format!("$S{symbol}")))
}

/// An error row: only a digest reaches the browser, never the message.
pub fn error_row(id: u32, digest: &str) -> String {
    row(id, &format!("E{}", json!({ "digest": digest })))
}

/// React sends a string this long (in UTF-16 code units, JavaScript's `length`) as a
/// text row of its own instead of inside a JSON row: no double escaping, and the
/// reader gets its length up front (`serializeLargeTextString` in React 19).
pub const LARGE_TEXT_MIN_LENGTH: usize = 1024;

/// Whether React would send `s` as a text row.
pub fn is_large_text(s: &str) -> bool {
    s.encode_utf16().count() >= LARGE_TEXT_MIN_LENGTH
}

/// A text row: `<id>:T<byte length in hex>,<text>`, and nothing after the text, not
/// even a newline: the reader counts bytes instead of looking for the end of a line.
/// A model refers to it as `"$<id>"` ([`reference`]).
pub fn text_row(id: u32, text: &str) -> String {
    format!("{id:x}:T{:x},{text}", text.len())
}

/// An element: `["$", type, key, props]`. `type` is a tag name (`"h1"`) or a
/// reference (`"$L3"` for a client component, `"$a"` for the row holding Suspense).
pub fn element(kind: &str, key: Option<&str>, props: Value) -> Value {
    json!(["$", kind, key, props])
}

/// `"$L<id>"`: an element (or component) that row `id` supplies, possibly later.
pub fn lazy(id: u32) -> Value {
    Value::String(lazy_text(id))
}

/// [`lazy`] as text, for a place that takes a string (an element's type).
pub fn lazy_text(id: u32) -> String {
    format!("$L{id:x}")
}

/// `"$@<id>"`: a promise that row `id` resolves.
pub fn promise(id: u32) -> Value {
    Value::String(format!("$@{id:x}"))
}

/// `"$<id>"`: the value of row `id`.
pub fn reference(id: u32) -> Value {
    Value::String(reference_text(id))
}

/// [`reference`] as text, for a place that takes a string (an element's type).
pub fn reference_text(id: u32) -> String {
    format!("${id:x}")
}

/// A plain string as a model value: a leading `$` is doubled so it is not read as a reference.
pub fn text(s: &str) -> Value {
    if s.starts_with('$') {
        Value::String(format!("${s}"))
    } else {
        Value::String(s.to_owned())
    }
}

/// `"$Q<id>"`: a `Map` whose entries (`[[key, value], …]`) are row `id`.
pub fn map_reference(id: u32) -> Value {
    Value::String(format!("$Q{id:x}"))
}

/// `"$h<id>"`: a server reference (a Server Action) whose `{id, bound}` row `id` holds.
/// A `<form action={addEntry}>` travels as `"action":"$h13"`.
pub fn server_reference(id: u32) -> Value {
    Value::String(format!("$h{id:x}"))
}

/// `"$undefined"`: JavaScript's `undefined`, which JSON cannot spell.
pub fn undefined() -> Value {
    Value::String("$undefined".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_use_hex_ids_and_end_with_a_newline() {
        assert_eq!(symbol_row(10, "react.suspense"), "a:\"$Sreact.suspense\"\n");
        assert_eq!(
            client_reference_row(0x13, 47550, &["$2", "$12"], "default"),
            "13:I[47550,[\"$2\",\"$12\"],\"default\"]\n"
        );
        assert_eq!(error_row(1, "123"), "1:E{\"digest\":\"123\"}\n");
    }

    #[test]
    fn long_text_gets_a_row_with_its_byte_length_and_no_newline() {
        assert_eq!(text_row(0x12, "héllo"), "12:T6,héllo");
        assert!(!is_large_text(&"x".repeat(1023)));
        assert!(is_large_text(&"x".repeat(1024)));
        // JavaScript counts UTF-16 code units: 512 emoji are 1,024 of them.
        assert!(is_large_text(&"😀".repeat(512)));
    }

    #[test]
    fn elements_and_references() {
        let h1 = element("h1", None, json!({ "children": "Dashboard" }));
        assert_eq!(
            model_row(8, &h1),
            "8:[\"$\",\"h1\",null,{\"children\":\"Dashboard\"}]\n"
        );
        assert_eq!(lazy(20), json!("$L14"));
        assert_eq!(promise(11), json!("$@b"));
        assert_eq!(text("$5 off"), json!("$$5 off"));
    }
}
