//! Comparing a transcript of our example with one recorded from real Next.js, on what
//! a learner looks at: the status line, the content type, the headers that carry
//! meaning, the shape of the body, and whether late chunks are late.
//!
//! Exact bytes are not compared: dates, ports, build ids and hashed file names differ
//! between any two servers, and they are not what the book teaches.

use crate::exchange::{Exchange, RecordedResponse};
use serde_json::Value;

/// Headers whose values a learner reads; compared exactly (all values, in order).
pub const HEADERS_THAT_MATTER: &[&str] = &[
    "allow",
    "cache-control",
    "etag",
    "location",
    "refresh",
    "set-cookie",
    "vary",
    // What the proxy chapter's proxy.ts adds to every /api/* answer.
    "x-from-proxy",
];

/// Header name prefixes compared the same way (`x-action-redirect`, `x-nextjs-cache`,
/// `access-control-allow-origin`...).
/// `x-middleware-rewrite` is what a proxy's rewrite leaves on the answer.
pub const HEADER_PREFIXES_THAT_MATTER: &[&str] =
    &["access-control-", "x-action-", "x-middleware-", "x-nextjs-"];

/// A chunk counts as late when it arrives this long after the first one.
pub const LATE_MS: f64 = 400.0;

/// One way in which the two transcripts differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// `status`, `reason`, `content-type`, `header:<name>`, `framing`, `body` or `timing`.
    pub aspect: String,
    pub ours: String,
    pub next: String,
}

/// Every difference between `ours` and `next` that a learner would notice.
pub fn compare(ours: &Exchange, next: &Exchange) -> Vec<Difference> {
    let mut found = Vec::new();
    let mut differ = |aspect: &str, a: String, b: String| {
        if a != b {
            found.push(Difference {
                aspect: aspect.to_owned(),
                ours: a,
                next: b,
            });
        }
    };
    let (Some(a), Some(b)) = (&ours.response, &next.response) else {
        differ(
            "response",
            ours.error.clone().unwrap_or_else(|| "a response".into()),
            next.error.clone().unwrap_or_else(|| "a response".into()),
        );
        return found;
    };
    differ("status", a.status.to_string(), b.status.to_string());
    differ("reason", a.reason.clone(), b.reason.clone());
    differ(
        "content-type",
        all_values(a, "content-type"),
        all_values(b, "content-type"),
    );
    for name in header_names_that_matter(a, b) {
        differ(
            &format!("header:{name}"),
            all_values(a, &name),
            all_values(b, &name),
        );
    }
    differ("framing", framing(a), framing(b));
    differ("body", body_shape(a), body_shape(b));
    differ("timing", timing_shape(ours), timing_shape(next));
    found
}

fn header_names_that_matter(a: &RecordedResponse, b: &RecordedResponse) -> Vec<String> {
    let mut names: Vec<String> = a
        .headers
        .iter()
        .chain(&b.headers)
        .map(|(n, _)| n.to_ascii_lowercase())
        .filter(|n| {
            HEADERS_THAT_MATTER.contains(&n.as_str())
                || HEADER_PREFIXES_THAT_MATTER.iter().any(|p| n.starts_with(p))
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// All values of a header, in order, joined with ` | ` (empty when absent).
fn all_values(r: &RecordedResponse, name: &str) -> String {
    r.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| without_port(&without_clock_time(v)))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A cookie's `Expires=<now + Max-Age>` depends on when it was recorded, so its date
/// becomes `<recording time + Max-Age>`; the fixed date of a deleted cookie stays.
fn without_clock_time(value: &str) -> String {
    const DELETED: &str = "Thu, 01 Jan 1970 00:00:00 GMT";
    value
        .split("; ")
        .map(|attribute| match attribute.split_once('=') {
            Some((name, date)) if name.eq_ignore_ascii_case("expires") && date != DELETED => {
                format!("{name}=<recording time + Max-Age>")
            }
            _ => attribute.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A URL's port depends on where the server ran (`http://localhost:3102/...` from
/// real Next.js, any free port from ours), so it becomes `<port>`.
fn without_port(value: &str) -> String {
    let Some((scheme, rest)) = value.split_once("://") else {
        return value.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{scheme}://{host}:<port>{path}")
        }
        _ => value.to_owned(),
    }
}

/// How the body is delimited: a declared length, chunked, or nothing.
fn framing(r: &RecordedResponse) -> String {
    if all_values(r, "content-length").is_empty() {
        if all_values(r, "transfer-encoding").contains("chunked") {
            "chunked".into()
        } else if r.body.size == 0 {
            "no body".into()
        } else {
            "until close".into()
        }
    } else {
        "content-length".into()
    }
}

/// The body reduced to what the book talks about.
pub fn body_shape(r: &RecordedResponse) -> String {
    let content_type = all_values(r, "content-type");
    let Some(text) = &r.body.text else {
        return match r.body.size {
            0 => "empty".into(),
            n if r.body.base64.is_some() => format!("binary ({})", gzip_or_not(r, n)),
            _ => "empty".into(),
        };
    };
    if content_type.contains("json") {
        return match serde_json::from_str::<Value>(text) {
            Ok(v) => format!("json {}", json_shape(&v)),
            Err(_) => "invalid json".into(),
        };
    }
    if content_type.contains("text/x-component") {
        // Rows stream in whatever order they are ready; the kinds present matter.
        let mut kinds = flight_row_kinds(text);
        kinds.sort_unstable();
        return format!("flight rows {}", kinds.join(" "));
    }
    if content_type.contains("text/html") {
        return format!("html {}", html_markers(text).join(" "));
    }
    format!("text {text:?}")
}

fn gzip_or_not(r: &RecordedResponse, n: u64) -> String {
    let bytes = r.body.bytes();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        "gzip".into()
    } else {
        format!("{n} bytes")
    }
}

/// The structure of a JSON value: keys in order and the type of every leaf.
pub fn json_shape(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(_) => "bool".into(),
        Value::Number(_) => "number".into(),
        Value::String(_) => "string".into(),
        Value::Array(items) => {
            let shapes: Vec<String> = items.iter().map(json_shape).collect();
            format!("[{}]", shapes.join(","))
        }
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}:{}", json_shape(v)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
    }
}

/// The kinds of flight rows, in order of first appearance: `model`, `client-ref`,
/// `symbol`, `error`, `text`… Rows are read by the `flight` crate, as React reads
/// them (a `T` row is length-prefixed, not a line).
pub fn flight_row_kinds(text: &str) -> Vec<&'static str> {
    use flight::read::RowKind;
    let mut kinds = Vec::new();
    for row in flight::read::read(text.as_bytes()).rows {
        let kind = match row.kind {
            RowKind::ClientReference => "client-ref",
            RowKind::Error => "error",
            RowKind::Stream
            | RowKind::ByteStream
            | RowKind::AsyncIterable
            | RowKind::AsyncIterator
            | RowKind::StreamEnd => "stream",
            RowKind::Text => "text",
            RowKind::Binary => "binary",
            RowKind::Hint => "hint",
            RowKind::Unknown => "unknown",
            RowKind::Model if row.payload.starts_with("\"$S") => "symbol",
            _ => "model",
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds
}

/// Which of the streaming-HTML landmarks a page contains, in a fixed order.
pub fn html_markers(text: &str) -> Vec<&'static str> {
    [
        ("doctype", "<!DOCTYPE html>"),
        ("suspense-fallback", "<!--$?-->"),
        ("template-hole", "<template id=\"B:"),
        ("rsc-inline", "self.__next_f.push"),
        ("late-segment", "<div hidden id=\"S:"),
        ("swap-script", "$RC("),
        ("form-action-id", "$ACTION_ID_"),
        ("end", "</html>"),
    ]
    .into_iter()
    .filter(|(_, marker)| text.contains(marker))
    .map(|(name, _)| name)
    .collect()
}

/// `late` when some chunk came [`LATE_MS`] after the first, else `prompt`.
fn timing_shape(ex: &Exchange) -> String {
    let first = ex.chunks.first().map(|c| c.t_ms).unwrap_or(0.0);
    let late = ex.chunks.iter().any(|c| c.t_ms - first >= LATE_MS);
    if late { "late chunks" } else { "prompt" }.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_expiry_dates_are_compared_without_the_clock() {
        let a = "s=1; Path=/; Expires=Tue, 24 Nov 2026 13:21:45 GMT; Max-Age=3600; HttpOnly";
        let b = "s=1; Path=/; Expires=Wed, 25 Nov 2026 09:00:00 GMT; Max-Age=3600; HttpOnly";
        assert_eq!(without_clock_time(a), without_clock_time(b));
        let deleted = "s=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
        assert_eq!(without_clock_time(deleted), deleted);
        assert_ne!(
            without_clock_time(a).replace("3600", "60"),
            without_clock_time(b)
        );
    }

    /// A preflight answer with these headers.
    fn preflight_answer(headers: &[(&str, &str)]) -> Exchange {
        serde_json::from_value(serde_json::json!({
            "id": 0, "example": "t", "started_unix_ms": 0,
            "request": {"method": "OPTIONS", "path": "/api/cors"},
            "response": {"status": 204, "reason": "No Content", "version": "HTTP/1.1",
                         "headers": headers, "head_ms": 1.0, "total_ms": 1.0},
        }))
        .unwrap()
    }

    #[test]
    fn cors_headers_are_compared_and_the_date_is_not() {
        let next = preflight_answer(&[
            ("access-control-allow-origin", "*"),
            ("date", "Mon, 30 Nov 2026 04:59:26 GMT"),
        ]);
        let same = preflight_answer(&[
            ("access-control-allow-origin", "*"),
            ("date", "Tue, 01 Dec 2026 10:00:00 GMT"),
        ]);
        assert_eq!(compare(&same, &next), []);
        let without = preflight_answer(&[("date", "Mon, 30 Nov 2026 04:59:26 GMT")]);
        let found = compare(&without, &next);
        assert_eq!(
            found,
            [Difference {
                aspect: "header:access-control-allow-origin".into(),
                ours: String::new(),
                next: "*".into(),
            }]
        );
    }

    #[test]
    fn a_url_s_port_is_not_compared_and_its_path_is() {
        assert_eq!(
            without_port("http://localhost:3102/api/echo?from=x"),
            without_port("http://localhost:41234/api/echo?from=x")
        );
        assert_ne!(
            without_port("http://localhost:3102/api/echo?from=x"),
            without_port("http://localhost:3102/api/echo?from=y")
        );
        assert_eq!(without_port("/new/x"), "/new/x");
        assert_eq!(without_port("1"), "1");
    }

    #[test]
    fn json_shape_keeps_key_order_and_types_not_values() {
        let v: Value = serde_json::from_str(r#"{"b":1,"a":["x",null]}"#).unwrap();
        assert_eq!(json_shape(&v), "{b:number,a:[string,null]}");
    }

    #[test]
    fn flight_rows_are_classified() {
        let rows = "1:\"$Sreact.suspense\"\n2:I[1,[],\"default\"]\n0:{\"a\":\"$@1\"}\n3:E{\"digest\":\"1\"}\n";
        assert_eq!(
            flight_row_kinds(rows),
            ["symbol", "client-ref", "model", "error"]
        );
    }
}
