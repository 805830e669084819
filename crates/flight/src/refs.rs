//! References: the strings starting with `$` inside Flight JSON.
//!
//! JSON has no way to say "the object in row 7", "undefined" or "a Map", so React
//! spells them as strings with a `$` prefix and a letter saying what follows:
//!
//! | string | meaning | points to a row? |
//! |---|---|---|
//! | `"$"` | the marker of an element `["$", type, key, props]` (not a reference) | no |
//! | `"$$text"` | the plain string `"$text"`: a leading `$` is doubled | no |
//! | `"$L7"` | a lazy element or component that row 7 brings, maybe later | yes |
//! | `"$@7"` | a promise that row 7 resolves | yes |
//! | `"$7"`, `"$7:a:0"` | the value of row 7, or the part of it at path `a` → `0` | yes |
//! | `"$Sreact.suspense"` | the symbol `Symbol.for("react.suspense")` | no |
//! | `"$h7"` | a server reference (a Server Action) whose `{id, bound}` is row 7 | yes |
//! | `"$Q7"` / `"$W7"` / `"$K7"` / `"$i7"` | a `Map` / `Set` / `FormData` / iterator built from row 7 | yes |
//! | `"$B7"` | a `Blob` (row 7 in answers, multipart field 7 in replies) | yes |
//! | `"$A7"`, `"$o7"`, … | an `ArrayBuffer` or typed array (replies only: a file field) | yes |
//! | `"$R7"` `"$r7"` `"$X7"` `"$x7"` | a stream / byte stream / async iterable / iterator (replies) | yes |
//! | `"$D2026-…Z"` | a `Date` | no |
//! | `"$n123"` | a `BigInt` | no |
//! | `"$undefined"` `"$NaN"` `"$Infinity"` `"$-Infinity"` `"$-0"` | values JSON cannot spell | no |
//! | `"$T"` / `"$T7"` | a temporary reference: an opaque value the client kept | no |
//! | `"$Z7"` | an error whose details are row 7 (development builds) | yes |
//! | `"$P7"` | an object built by a constructor, row 7 (development debug info) | yes |
//! | `"$E…"` | a function's source text (development debug info) | no |
//! | `"$Y"`, `"$Y7"`, `"$Y@7"` | a value React left out of a console log (development) | sometimes |
//!
//! Anything else is [`RefKind::Unknown`]: for example `"$F…"`, the server reference
//! of React 19.0, which React 19.3 would misread as the hex id `F…`.
//!
//! Answers (Flight responses, read by `ReactFlightClient.js`) and replies (action
//! arguments, read by `decodeReply` in `ReactFlightReplyServer.js`) share most of the
//! table; [`Context`] says which one a string comes from. Ids are hexadecimal.

use serde::Serialize;
use serde_json::Value;

/// Which reader a `$` string is meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A Flight answer (`text/x-component`), read by React's Flight client.
    Answer,
    /// A reply (Server Action arguments), read by React's `decodeReply`.
    Reply,
}

/// What a `$` string stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    Escaped,
    Lazy,
    Promise,
    Value,
    Symbol,
    ServerReference,
    Map,
    Set,
    FormData,
    Iterator,
    Blob,
    TypedArray,
    Stream,
    ByteStream,
    AsyncIterable,
    AsyncIterator,
    Date,
    BigInt,
    Undefined,
    NaN,
    Infinity,
    NegativeInfinity,
    NegativeZero,
    Temporary,
    Error,
    Constructed,
    Function,
    Omitted,
    /// A `$` string no React 19.3 reader understands.
    Unknown,
}

/// One `$` string found in a row, classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// The string as it appears in the JSON, e.g. `$L4` or `$7:a:0`.
    pub text: String,
    pub kind: RefKind,
    /// The row (or multipart field) it points to, for the kinds that point somewhere.
    pub target: Option<u64>,
    /// For path references (`$7:a:0`): the keys to follow inside the target's value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
}

impl Reference {
    /// A short plain-English name of the kind, for tables.
    pub fn describe(&self) -> String {
        let to = |what: &str| match self.target {
            Some(t) => format!("{what} → row {t:x}"),
            None => what.to_owned(),
        };
        match self.kind {
            RefKind::Escaped => "a string starting with $".into(),
            RefKind::Lazy => to("lazy"),
            RefKind::Promise => to("promise"),
            RefKind::Value if !self.path.is_empty() => {
                format!("{} at {}", to("value"), self.path.join("."))
            }
            RefKind::Value => to("value"),
            RefKind::Symbol => format!("symbol {}", &self.text[2..]),
            RefKind::ServerReference => to("server action"),
            RefKind::Map => to("Map"),
            RefKind::Set => to("Set"),
            RefKind::FormData => to("FormData"),
            RefKind::Iterator => to("iterator"),
            RefKind::Blob => to("Blob"),
            RefKind::TypedArray => {
                to(typed_array_name(self.text.as_bytes()[1]).unwrap_or("binary"))
            }
            RefKind::Stream => to("ReadableStream"),
            RefKind::ByteStream => to("byte ReadableStream"),
            RefKind::AsyncIterable => to("async iterable"),
            RefKind::AsyncIterator => to("async iterator"),
            RefKind::Date => format!("Date {}", &self.text[2..]),
            RefKind::BigInt => format!("BigInt {}", &self.text[2..]),
            RefKind::Undefined => "undefined".into(),
            RefKind::NaN => "NaN".into(),
            RefKind::Infinity => "Infinity".into(),
            RefKind::NegativeInfinity => "-Infinity".into(),
            RefKind::NegativeZero => "-0".into(),
            RefKind::Temporary => "temporary reference".into(),
            RefKind::Error => to("error"),
            RefKind::Constructed => to("constructed object (debug)"),
            RefKind::Function => "function source (debug)".into(),
            RefKind::Omitted => to("omitted from a log (debug)"),
            RefKind::Unknown => "unknown reference".into(),
        }
    }
}

/// The JavaScript type a typed-array tag letter stands for, in replies and binary rows.
pub fn typed_array_name(tag: u8) -> Option<&'static str> {
    Some(match tag {
        b'A' => "ArrayBuffer",
        b'O' => "Int8Array",
        b'o' => "Uint8Array",
        b'U' => "Uint8ClampedArray",
        b'S' => "Int16Array",
        b's' => "Uint16Array",
        b'L' => "Int32Array",
        b'l' => "Uint32Array",
        b'G' => "Float32Array",
        b'g' => "Float64Array",
        b'M' => "BigInt64Array",
        b'm' => "BigUint64Array",
        b'V' => "DataView",
        _ => return None,
    })
}

/// Reads a hexadecimal row id; `None` unless every character is a hex digit.
pub fn parse_hex_id(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 12 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(text, 16).ok()
}

/// Classifies one JSON string. `None` for strings that are plain text (no leading `$`)
/// and for the element marker `"$"`.
pub fn classify(text: &str, context: Context) -> Option<Reference> {
    let rest = text.strip_prefix('$')?;
    let letter = rest.chars().next()?;
    let after = &rest[letter.len_utf8()..];
    let simple = |kind: RefKind| Some(Reference::new(text, kind, None));
    let pointing = |kind: RefKind| {
        let target = parse_hex_id(after);
        let kind = if target.is_some() {
            kind
        } else {
            RefKind::Unknown
        };
        Some(Reference::new(text, kind, target))
    };
    let exact = |expected: &str, kind: RefKind| {
        simple(if text == expected {
            kind
        } else {
            RefKind::Unknown
        })
    };
    let answer = context == Context::Answer;
    match letter {
        '$' => simple(RefKind::Escaped),
        '@' => pointing(RefKind::Promise),
        'h' => outlined(text, after, RefKind::ServerReference),
        'Q' => outlined(text, after, RefKind::Map),
        'W' => outlined(text, after, RefKind::Set),
        'i' => outlined(text, after, RefKind::Iterator),
        'K' if answer => outlined(text, after, RefKind::FormData),
        'K' => pointing(RefKind::FormData),
        'B' if answer => outlined(text, after, RefKind::Blob),
        'B' => pointing(RefKind::Blob),
        'T' => simple(RefKind::Temporary),
        'D' => simple(RefKind::Date),
        'n' if is_bigint(after) => simple(RefKind::BigInt),
        'n' => simple(RefKind::Unknown),
        'u' => exact("$undefined", RefKind::Undefined),
        'N' => exact("$NaN", RefKind::NaN),
        'I' => exact("$Infinity", RefKind::Infinity),
        '-' if text == "$-0" => simple(RefKind::NegativeZero),
        '-' => exact("$-Infinity", RefKind::NegativeInfinity),
        'L' if answer => pointing(RefKind::Lazy),
        'S' if answer => simple(RefKind::Symbol),
        'Z' if answer => outlined(text, after, RefKind::Error),
        'P' if answer => outlined(text, after, RefKind::Constructed),
        'E' if answer => simple(RefKind::Function),
        'Y' if answer => {
            let id = after.strip_prefix('@').unwrap_or(after);
            if id.is_empty() {
                simple(RefKind::Omitted)
            } else {
                Some(Reference::new(text, RefKind::Omitted, parse_hex_id(id)))
            }
        }
        'R' if !answer => pointing(RefKind::Stream),
        'r' if !answer => pointing(RefKind::ByteStream),
        'X' if !answer => pointing(RefKind::AsyncIterable),
        'x' if !answer => pointing(RefKind::AsyncIterator),
        c if !answer && typed_array_name(c as u8).is_some() && c.is_ascii() => {
            pointing(RefKind::TypedArray)
        }
        c if c.is_ascii_digit() || ('a'..='f').contains(&c) => outlined(text, rest, RefKind::Value),
        _ => simple(RefKind::Unknown),
    }
}

/// `<hex id>` optionally followed by `:key:key…`, the form React's `getOutlinedModel` reads.
fn outlined(text: &str, reference: &str, kind: RefKind) -> Option<Reference> {
    let mut parts = reference.split(':');
    let target = parts.next().and_then(parse_hex_id);
    let path: Vec<String> = parts.map(str::to_owned).collect();
    let kind = if target.is_some() && path.iter().all(|p| !p.is_empty()) {
        kind
    } else {
        RefKind::Unknown
    };
    let mut reference = Reference::new(text, kind, target);
    reference.path = path;
    Some(reference)
}

fn is_bigint(digits: &str) -> bool {
    let digits = digits.strip_prefix('-').unwrap_or(digits);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

impl Reference {
    fn new(text: &str, kind: RefKind, target: Option<u64>) -> Self {
        Reference {
            text: text.to_owned(),
            kind,
            target,
            path: Vec::new(),
        }
    }
}

/// Every reference inside a JSON value, in document order. Walks with an explicit
/// stack, so deep values cannot overflow the call stack.
pub fn collect(value: &Value, context: Context) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(s) => found.extend(classify(s, context)),
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => stack.extend(map.values().rev()),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> (RefKind, Option<u64>) {
        let r = classify(text, Context::Answer).unwrap();
        (r.kind, r.target)
    }

    #[test]
    fn answer_references_are_classified_with_their_rows() {
        assert_eq!(kind("$L1a"), (RefKind::Lazy, Some(0x1a)));
        assert_eq!(kind("$@c"), (RefKind::Promise, Some(12)));
        assert_eq!(kind("$7"), (RefKind::Value, Some(7)));
        assert_eq!(kind("$h13"), (RefKind::ServerReference, Some(0x13)));
        assert_eq!(kind("$Q8"), (RefKind::Map, Some(8)));
        assert_eq!(kind("$Sreact.suspense"), (RefKind::Symbol, None));
        assert_eq!(kind("$undefined"), (RefKind::Undefined, None));
        assert_eq!(kind("$-0"), (RefKind::NegativeZero, None));
        assert_eq!(kind("$-Infinity"), (RefKind::NegativeInfinity, None));
        assert_eq!(kind("$n-12"), (RefKind::BigInt, None));
        assert_eq!(kind("$$5 off"), (RefKind::Escaped, None));
        assert_eq!(kind("$Ly"), (RefKind::Unknown, None));
        assert_eq!(kind("$undefinedx"), (RefKind::Unknown, None));
        assert!(classify("$", Context::Answer).is_none());
        assert!(classify("plain", Context::Answer).is_none());
    }

    #[test]
    fn path_references_keep_their_keys() {
        let r = classify("$0:0:p", Context::Reply).unwrap();
        assert_eq!((r.kind, r.target), (RefKind::Value, Some(0)));
        assert_eq!(r.path, ["0", "p"]);
        assert_eq!(
            classify("$0::p", Context::Reply).unwrap().kind,
            RefKind::Unknown
        );
    }

    #[test]
    fn typed_arrays_and_streams_belong_to_replies() {
        let r = classify("$o2", Context::Reply).unwrap();
        assert_eq!((r.kind, r.target), (RefKind::TypedArray, Some(2)));
        assert_eq!(
            classify("$R3", Context::Reply).unwrap().kind,
            RefKind::Stream
        );
        // In a reply `$L` is an Int32Array, not a lazy element.
        assert_eq!(
            classify("$L3", Context::Reply).unwrap().kind,
            RefKind::TypedArray
        );
        assert_eq!(
            classify("$Z1", Context::Reply).unwrap().kind,
            RefKind::Unknown
        );
    }

    #[test]
    fn collect_walks_objects_and_arrays_in_order() {
        let v: Value =
            serde_json::from_str(r#"["$","$L4",null,{"a":"$@1","b":["$2","x"]}]"#).unwrap();
        let texts: Vec<_> = collect(&v, Context::Answer)
            .into_iter()
            .map(|r| r.text)
            .collect();
        assert_eq!(texts, ["$L4", "$@1", "$2"]);
    }
}
