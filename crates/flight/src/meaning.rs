//! One line of plain English per row: what a learner should read in it.
//!
//! The meaning of a row often depends on other rows (an element whose type is `"$a"`
//! is a Suspense boundary only because row `a` is `"$Sreact.suspense"`), so meanings
//! are computed for the whole [`Payload`] at once.

use serde_json::Value;

use crate::read::{Payload, Row, RowKind};
use crate::refs::{self, Context, RefKind};

/// The meaning of every row of `payload`, in the same order.
pub fn meanings(payload: &Payload) -> Vec<String> {
    let mut stream_ids = std::collections::HashSet::new();
    payload
        .rows
        .iter()
        .map(|row| {
            let is_item = row.id.is_some_and(|id| stream_ids.contains(&id));
            if matches!(
                row.kind,
                RowKind::Stream
                    | RowKind::ByteStream
                    | RowKind::AsyncIterable
                    | RowKind::AsyncIterator
            ) {
                stream_ids.extend(row.id);
            }
            match (is_item, row.kind) {
                (true, RowKind::Model | RowKind::Binary | RowKind::Text) => {
                    format!(
                        "next item of the stream started by row {:x}: {}",
                        row.id.unwrap_or(0),
                        meaning(payload, row)
                    )
                }
                _ => meaning(payload, row),
            }
        })
        .collect()
}

/// The meaning of one row, looking up other rows in `payload` where needed.
pub fn meaning(payload: &Payload, row: &Row) -> String {
    let json = row.json.as_ref();
    match row.kind {
        RowKind::Model => json.map_or_else(String::new, |v| describe_model(payload, v)),
        RowKind::ClientReference => json.map_or_else(String::new, |v| client_reference(payload, v)),
        RowKind::Hint => hint(row),
        RowKind::Text => format!("text, {} bytes: {}", row.payload.len(), quote(&row.payload)),
        RowKind::Binary => {
            let tag = row
                .tag
                .as_deref()
                .and_then(|t| t.bytes().next())
                .unwrap_or(b'b');
            let name = refs::typed_array_name(tag).unwrap_or("chunk of a byte stream");
            format!(
                "{name}, binary data ({} base64 characters)",
                row.payload.len()
            )
        }
        RowKind::Error => error(json),
        RowKind::DebugInfo => {
            "debug info (development build): who rendered the row with this id".into()
        }
        RowKind::Timing => "the server's time origin (development build)".into(),
        RowKind::IoInfo => "I/O timing info (development build)".into(),
        RowKind::Console => {
            let method = json
                .and_then(|v| v.get(0))
                .and_then(Value::as_str)
                .unwrap_or("log");
            format!("console.{method} replayed from the server (development build)")
        }
        RowKind::Stream => {
            "start of a ReadableStream: later rows with this id are its items".into()
        }
        RowKind::ByteStream => {
            "start of a byte ReadableStream: later rows with this id are its chunks".into()
        }
        RowKind::AsyncIterable => {
            "start of an async iterable: later rows with this id are its items".into()
        }
        RowKind::AsyncIterator => {
            "start of an async iterator: later rows with this id are its items".into()
        }
        RowKind::StreamEnd => match json {
            Some(v) => format!(
                "end of the stream with this id, final value {}",
                describe_model(payload, v)
            ),
            None => "end of the stream with this id".into(),
        },
        RowKind::Postpone => "postponed: rendered later (partial prerendering, React 19.0)".into(),
        RowKind::Halt => "halted: this row will never be filled".into(),
        RowKind::Unknown => format!(
            "unknown: {}",
            row.problem.as_deref().unwrap_or("not a React 19.3 row")
        ),
    }
}

fn describe_model(payload: &Payload, value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => describe_string(payload, s),
        Value::Array(items) if is_element(items) => element(payload, items),
        Value::Array(items)
            if !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.as_array().is_some_and(|a| is_element(a))) =>
        {
            format!(
                "{} elements: {}",
                items.len(),
                list(
                    items
                        .iter()
                        .filter_map(|i| i.as_array())
                        .map(|a| element_name(payload, &a[1]))
                )
            )
        }
        Value::Array(items) if items.len() == 1 => "array of 1 item".into(),
        Value::Array(items) => format!("array of {} items", items.len()),
        Value::Object(map)
            if map.contains_key("b") && (map.contains_key("f") || map.contains_key("t")) =>
        {
            let build = map.get("b").and_then(Value::as_str).unwrap_or("?");
            format!(
                "Next.js page data (row 0): build id {build}, keys {}",
                list(map.keys().cloned())
            )
        }
        Value::Object(map) if map.contains_key("id") && map.contains_key("bound") => {
            let id = map.get("id").and_then(Value::as_str).unwrap_or("?");
            let bound = match map.get("bound") {
                Some(Value::String(b)) => format!("bound arguments in {b}"),
                _ => "no bound arguments".into(),
            };
            format!("server action {id}, {bound}")
        }
        Value::Object(map) => format!("object with keys {}", list(map.keys().cloned())),
    }
}

fn describe_string(payload: &Payload, text: &str) -> String {
    let Some(reference) = refs::classify(text, Context::Answer) else {
        return format!("the string {}", quote(text));
    };
    match reference.kind {
        RefKind::Symbol => format!("React symbol {}", &text[2..]),
        RefKind::Escaped => format!("the string {}", quote(&text[1..])),
        RefKind::Undefined => "undefined".into(),
        _ => match reference.target.and_then(|t| payload.row(t)) {
            Some(_) => format!("{} ({})", reference.describe(), reference.text),
            None => reference.describe(),
        },
    }
}

fn is_element(items: &[Value]) -> bool {
    items.len() >= 4 && items[0] == "$"
}

/// `["$", type, key, props]`: an element, named after its type.
fn element(payload: &Payload, items: &[Value]) -> String {
    let name = element_name(payload, &items[1]);
    let children = match items[3].get("children") {
        Some(Value::Array(c)) => format!(" with {} children", c.len()),
        Some(Value::String(s)) if !s.starts_with('$') => format!(" with text {}", quote(s)),
        Some(Value::Null) | None => String::new(),
        Some(_) => " with one child".into(),
    };
    let key = match &items[2] {
        Value::String(k) => format!(" (key {})", quote(k)),
        _ => String::new(),
    };
    format!("element {name}{children}{key}")
}

fn element_name(payload: &Payload, kind: &Value) -> String {
    let Some(text) = kind.as_str() else {
        return "?".into();
    };
    let Some(reference) = refs::classify(text, Context::Answer) else {
        return format!("<{text}>");
    };
    let target = reference.target.and_then(|t| payload.row(t));
    match (reference.kind, target) {
        (_, Some(row)) if row.kind == RowKind::ClientReference => {
            let export = row
                .json
                .as_ref()
                .and_then(|j| j.get(2))
                .map(|e| resolve_string(payload, e));
            format!(
                "client component `{}` (row {})",
                export.unwrap_or_default(),
                &text[1..]
            )
        }
        (_, Some(row)) => match row.json.as_ref().and_then(Value::as_str) {
            Some(s) if s.starts_with("$S") => s[2..].to_owned(),
            _ => format!("from row {}", reference.text),
        },
        (RefKind::Symbol, _) => text[2..].to_owned(),
        _ => reference.text,
    }
}

/// `I[module id, [chunk, …], export]`; the chunks and export may be `$` references to
/// string rows (Next 16 shares repeated strings this way).
fn client_reference(payload: &Payload, value: &Value) -> String {
    let module = value
        .get(0)
        .map(|m| resolve_string(payload, m))
        .unwrap_or_default();
    let export = value
        .get(2)
        .map(|e| resolve_string(payload, e))
        .unwrap_or_default();
    let chunks: Vec<String> = value
        .get(1)
        .and_then(Value::as_array)
        .map(|c| c.iter().map(|c| resolve_string(payload, c)).collect())
        .unwrap_or_default();
    let chunks = if chunks.is_empty() {
        String::new()
    } else {
        format!(" (chunks {})", list(chunks))
    };
    format!("client component `{export}` from module {module}{chunks}")
}

/// A string, or the string a `$<id>` reference to a string row stands for.
fn resolve_string(payload: &Payload, value: &Value) -> String {
    match value {
        Value::String(s) => match refs::classify(s, Context::Answer) {
            Some(r) if r.kind == RefKind::Value => r
                .target
                .and_then(|t| payload.row(t))
                .and_then(|row| row.json.as_ref())
                .and_then(Value::as_str)
                .map_or_else(|| s.clone(), str::to_owned),
            _ => s.clone(),
        },
        other => other.to_string(),
    }
}

fn hint(row: &Row) -> String {
    let code = row.tag.as_deref().and_then(|t| t.chars().nth(1));
    let what = match code {
        Some('D') => "DNS prefetch",
        Some('C') => "preconnect",
        Some('L') => "preload",
        Some('m') => "module preload",
        Some('X') => "preinit a script",
        Some('S') => "preinit a stylesheet",
        Some('M') => "preinit a module script",
        _ => "resource hint",
    };
    let target = row.json.as_ref().map(|j| match j {
        Value::Array(a) => a.first().and_then(Value::as_str).unwrap_or("").to_owned(),
        Value::String(s) => s.clone(),
        _ => String::new(),
    });
    format!("hint: {what} {}", target.unwrap_or_default())
        .trim_end()
        .to_owned()
}

fn error(json: Option<&Value>) -> String {
    let digest = json.and_then(|j| j.get("digest")).and_then(Value::as_str);
    let message = json.and_then(|j| j.get("message")).and_then(Value::as_str);
    match (digest, message) {
        (Some(d), Some(m)) => format!("error, digest {d}: {}", quote(m)),
        (Some(d), None) => format!("error, digest {d} (the message stays on the server)"),
        (None, Some(m)) => format!("error: {}", quote(m)),
        (None, None) => "error".into(),
    }
}

fn quote(text: &str) -> String {
    const MAX: usize = 48;
    let short: String = text.chars().take(MAX).collect();
    let ellipsis = if text.chars().count() > MAX {
        "…"
    } else {
        ""
    };
    format!("{:?}", short + ellipsis)
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    if items.len() > 8 {
        format!("{}, … ({} in all)", items[..8].join(", "), items.len())
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read;

    fn all(payload: &str) -> Vec<String> {
        meanings(&read(payload.as_bytes()))
    }

    #[test]
    fn elements_are_named_after_their_type() {
        let m = all(
            "1:\"$Sreact.suspense\"\n2:I[17618,[\"$3\"],\"default\"]\n3:\"/c.js\"\n\
             0:[\"$\",\"main\",null,{\"children\":[1,2,3]}]\n4:[\"$\",\"$1\",null,{}]\n5:[\"$\",\"$L2\",null,{}]\n",
        );
        assert_eq!(m[0], "React symbol react.suspense");
        assert_eq!(
            m[1],
            "client component `default` from module 17618 (chunks /c.js)"
        );
        assert_eq!(m[3], "element <main> with 3 children");
        assert_eq!(m[4], "element react.suspense");
        assert_eq!(m[5], "element client component `default` (row L2)");
    }

    #[test]
    fn errors_hints_and_streams() {
        let m = all("1:E{\"digest\":\"123\"}\n2:HL[\"/a.css\",\"style\"]\n3:X\n3:\"a\"\n3:C\n");
        assert_eq!(m[0], "error, digest 123 (the message stays on the server)");
        assert_eq!(m[1], "hint: preload /a.css");
        assert!(m[3].starts_with("next item of the stream started by row 3"));
        assert_eq!(m[4], "end of the stream with this id");
    }
}
