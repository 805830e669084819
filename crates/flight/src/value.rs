//! JavaScript values as a Server Action receives them, in an arena.
//!
//! Replies can share one object in several places and even contain cycles
//! (`node.self = node`), so values live in [`Reply::nodes`] and refer to each other
//! by [`ValueId`]: a shared object is one node referenced twice, a cycle is a node
//! that (indirectly) contains its own id. Every walk here keeps track of what it is
//! visiting, so cycles never loop forever.
//!
//! [`Reply::js_string`] and [`Reply::type_of`] answer "what would JavaScript see":
//! `String(x)` and `typeof x`.

use base64::Engine as _;
use serde_json::{json, Map as JsonMap, Value as Json};

use crate::refs;

/// The index of a value in [`Reply::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueId(pub usize);

/// One JavaScript value. Containers hold the ids of their items.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// Decimal digits with an optional `-`, normalised (`-0` is `0`).
    BigInt(String),
    /// Milliseconds since 1970 UTC; `None` for an Invalid Date.
    Date(Option<f64>),
    Array(Vec<ValueId>),
    /// Own enumerable properties in insertion order.
    Object(Vec<(String, ValueId)>),
    Map(Vec<(ValueId, ValueId)>),
    Set(Vec<ValueId>),
    FormData(Vec<(String, FormEntry)>),
    Blob(Blob),
    /// An `ArrayBuffer`, typed array or `DataView`: its tag letter and bytes.
    TypedArray {
        tag: u8,
        bytes: Vec<u8>,
    },
    /// A promise already resolved to the value.
    Promise(ValueId),
    /// A Server Action passed as an argument: its id and bound arguments (an array).
    ServerReference {
        id: String,
        bound: Option<ValueId>,
    },
    /// An iterator over these items (`$i`).
    Iterator(Vec<ValueId>),
    /// A `ReadableStream` or async iterable with the items sent, and the iterator's
    /// final return value if any.
    Stream {
        tag: u8,
        items: Vec<ValueId>,
        final_value: Option<ValueId>,
    },
    /// An opaque value the client kept (`$T`): the server can only pass it back.
    TemporaryReference,
}

/// A `Blob` or `File`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    /// The file name; a `Blob` sent in form data arrives as a `File` named `blob`.
    pub name: Option<String>,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A `FormData` entry: text or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormEntry {
    Text(String),
    File(Blob),
}

/// Decoded arguments: all values, and the root (the argument array).
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub nodes: Vec<Node>,
    pub root: ValueId,
}

/// `typedArray.constructor.name` for a tag letter (`o` → `Uint8Array`).
pub fn typed_array_name(tag: u8) -> &'static str {
    refs::typed_array_name(tag).unwrap_or("ArrayBuffer")
}

/// Bytes per element for a tag letter; `new Int16Array(buffer)` needs an even length.
pub fn element_size(tag: u8) -> usize {
    match tag {
        b'S' | b's' => 2,
        b'L' | b'l' | b'G' => 4,
        b'g' | b'M' | b'm' => 8,
        _ => 1,
    }
}

impl Reply {
    pub fn node(&self, id: ValueId) -> &Node {
        &self.nodes[id.0]
    }

    /// The root value: for a Server Action call, the array of arguments.
    pub fn root(&self) -> &Node {
        self.node(self.root)
    }

    /// The arguments, if the root is an array (it is for every `encodeReply` call).
    pub fn arguments(&self) -> Vec<ValueId> {
        match self.root() {
            Node::Array(items) => items.clone(),
            _ => vec![self.root],
        }
    }

    /// JavaScript's `typeof`.
    pub fn type_of(&self, id: ValueId) -> &'static str {
        match self.node(id) {
            Node::Undefined => "undefined",
            Node::Bool(_) => "boolean",
            Node::Number(_) => "number",
            Node::String(_) => "string",
            Node::BigInt(_) => "bigint",
            Node::ServerReference { .. } => "function",
            _ => "object",
        }
    }

    /// JavaScript's `String(x)`.
    ///
    /// Dates: `String(date)` depends on the server's time zone; this gives the UTC
    /// form, `Mon Nov 30 2026 04:00:00 GMT+0000 (Coordinated Universal Time)`, what a
    /// server running with `TZ=UTC` prints. A Server Action is a bound function on the
    /// server, so it prints as `function () { [native code] }`. Arrays join their
    /// items with `,` (`null` and `undefined` as empty), and an array met again inside
    /// itself is empty, as `Array.prototype.join` does.
    pub fn js_string(&self, id: ValueId) -> String {
        let mut visiting = Vec::new();
        self.js_string_inner(id, &mut visiting)
    }

    fn js_string_inner(&self, id: ValueId, visiting: &mut Vec<ValueId>) -> String {
        match self.node(id) {
            Node::Undefined => "undefined".into(),
            Node::Null => "null".into(),
            Node::Bool(b) => b.to_string(),
            Node::Number(n) => js_number(*n),
            Node::String(s) => s.clone(),
            Node::BigInt(digits) => digits.clone(),
            Node::Date(Some(ms)) => date_to_string(*ms),
            Node::Date(None) => "Invalid Date".into(),
            Node::Array(items) => {
                if visiting.contains(&id) || visiting.len() > 256 {
                    return String::new();
                }
                visiting.push(id);
                let parts: Vec<String> = items
                    .iter()
                    .map(|&item| match self.node(item) {
                        Node::Undefined | Node::Null => String::new(),
                        _ => self.js_string_inner(item, visiting),
                    })
                    .collect();
                visiting.pop();
                parts.join(",")
            }
            Node::Object(_) | Node::TemporaryReference => "[object Object]".into(),
            Node::Map(_) => "[object Map]".into(),
            Node::Set(_) => "[object Set]".into(),
            Node::FormData(_) => "[object FormData]".into(),
            Node::Blob(b) if b.name.is_some() => "[object File]".into(),
            Node::Blob(_) => "[object Blob]".into(),
            Node::TypedArray { tag: b'A', .. } => "[object ArrayBuffer]".into(),
            Node::TypedArray { tag: b'V', .. } => "[object DataView]".into(),
            Node::TypedArray { tag, bytes } => typed_elements(*tag, bytes).join(","),
            Node::Promise(_) => "[object Promise]".into(),
            Node::ServerReference { .. } => "function () { [native code] }".into(),
            Node::Iterator(_) => "[object Array Iterator]".into(),
            Node::Stream {
                tag: b'R' | b'r', ..
            } => "[object ReadableStream]".into(),
            Node::Stream { .. } => "[object Object]".into(),
        }
    }

    /// A short JavaScript-like rendering for people, as `console.log` would show it,
    /// e.g. `["Ada", Map(1) {"k" => {n: 1}}]`; shared objects met again inside
    /// themselves show as `[Circular]`.
    pub fn debug(&self, id: ValueId) -> String {
        let mut visiting = Vec::new();
        let mut out = String::new();
        self.debug_inner(id, &mut visiting, &mut out);
        out
    }

    fn debug_inner(&self, id: ValueId, visiting: &mut Vec<ValueId>, out: &mut String) {
        const MAX_OUTPUT: usize = 4096;
        if out.len() > MAX_OUTPUT {
            out.push('…');
            return;
        }
        if visiting.contains(&id) {
            out.push_str("[Circular]");
            return;
        }
        if visiting.len() > 64 {
            out.push_str("[…]");
            return;
        }
        visiting.push(id);
        let list = |ids: &mut dyn Iterator<Item = ValueId>,
                    out: &mut String,
                    visiting: &mut Vec<ValueId>| {
            for (i, item) in ids.enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                self.debug_inner(item, visiting, out);
            }
        };
        match self.node(id) {
            Node::String(s) => out.push_str(&format!("{s:?}")),
            Node::BigInt(d) => out.push_str(&format!("{d}n")),
            Node::Date(Some(ms)) => out.push_str(&format!("Date({})", iso_string(*ms))),
            Node::Array(items) => {
                out.push('[');
                list(&mut items.iter().copied(), out, visiting);
                out.push(']');
            }
            Node::Object(props) => {
                out.push('{');
                for (i, (key, value)) in props.iter().enumerate() {
                    out.push_str(if i > 0 { ", " } else { "" });
                    out.push_str(&format!("{key}: "));
                    self.debug_inner(*value, visiting, out);
                }
                out.push('}');
            }
            Node::Map(entries) => {
                out.push_str(&format!("Map({}) {{", entries.len()));
                for (i, (k, v)) in entries.iter().enumerate() {
                    out.push_str(if i > 0 { ", " } else { "" });
                    self.debug_inner(*k, visiting, out);
                    out.push_str(" => ");
                    self.debug_inner(*v, visiting, out);
                }
                out.push('}');
            }
            Node::Set(items) => {
                out.push_str(&format!("Set({}) {{", items.len()));
                list(&mut items.iter().copied(), out, visiting);
                out.push('}');
            }
            Node::FormData(entries) => {
                out.push_str("FormData {");
                for (i, (name, entry)) in entries.iter().enumerate() {
                    out.push_str(if i > 0 { ", " } else { "" });
                    match entry {
                        FormEntry::Text(t) => out.push_str(&format!("{name:?} => {t:?}")),
                        FormEntry::File(b) => {
                            out.push_str(&format!("{name:?} => {}", blob_debug(b)))
                        }
                    }
                }
                out.push('}');
            }
            Node::Blob(b) => out.push_str(&blob_debug(b)),
            Node::TypedArray { tag, bytes } => out.push_str(&format!(
                "{}({}) [{}]",
                typed_array_name(*tag),
                bytes.len() / element_size(*tag),
                if matches!(tag, b'A' | b'V') {
                    format!("{} bytes", bytes.len())
                } else {
                    typed_elements(*tag, bytes).join(", ")
                }
            )),
            Node::Promise(v) => {
                out.push_str("Promise {");
                self.debug_inner(*v, visiting, out);
                out.push('}');
            }
            Node::ServerReference { id, bound } => {
                out.push_str(&format!("[Server Action {id}"));
                if let Some(bound) = bound {
                    out.push_str(" bound to ");
                    self.debug_inner(*bound, visiting, out);
                }
                out.push(']');
            }
            Node::Iterator(items) => {
                out.push_str("Iterator [");
                list(&mut items.iter().copied(), out, visiting);
                out.push(']');
            }
            Node::Stream { tag, items, .. } => {
                let name = if matches!(tag, b'R' | b'r') {
                    "ReadableStream"
                } else {
                    "AsyncIterable"
                };
                out.push_str(&format!("{name} ["));
                list(&mut items.iter().copied(), out, visiting);
                out.push(']');
            }
            Node::TemporaryReference => out.push_str("[temporary reference]"),
            _ => out.push_str(&self.js_string(id)),
        }
        visiting.pop();
    }

    /// The value described as JSON, in the format of the `replies.json` fixtures that
    /// real React produced (see `tests/fixtures`): `{"map": [[k, v]]}`,
    /// `{"number": "-0"}`, …, and `{"same": "0.a"}` for an object met a second time,
    /// named by the dotted path where it was first seen.
    pub fn describe(&self, id: ValueId) -> Json {
        let mut seen = std::collections::HashMap::new();
        self.describe_inner(id, String::new(), &mut seen, 0)
    }

    fn describe_inner(
        &self,
        id: ValueId,
        path: String,
        seen: &mut std::collections::HashMap<ValueId, String>,
        depth: usize,
    ) -> Json {
        let node = self.node(id);
        let is_object = !matches!(
            node,
            Node::Undefined
                | Node::Null
                | Node::Bool(_)
                | Node::Number(_)
                | Node::String(_)
                | Node::BigInt(_)
        );
        if is_object {
            if let Some(first) = seen.get(&id) {
                return json!({ "same": first });
            }
            seen.insert(id, path.clone());
        }
        if depth > 200 {
            return json!({ "tooDeep": true });
        }
        let child = |key: &dyn std::fmt::Display| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        let list = |items: &[ValueId],
                    seen: &mut std::collections::HashMap<ValueId, String>|
         -> Vec<Json> {
            items
                .iter()
                .enumerate()
                .map(|(i, &item)| self.describe_inner(item, child(&i), seen, depth + 1))
                .collect()
        };
        match node {
            Node::Undefined => json!({ "undefined": true }),
            Node::Null => Json::Null,
            Node::Bool(b) => json!(b),
            Node::Number(n) if n.is_nan() => json!({ "number": "NaN" }),
            Node::Number(n) if n.is_infinite() => {
                json!({ "number": if *n > 0.0 { "Infinity" } else { "-Infinity" } })
            }
            Node::Number(n) if *n == 0.0 && n.is_sign_negative() => json!({ "number": "-0" }),
            Node::Number(n) if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0 => {
                json!(*n as i64)
            }
            Node::Number(n) => json!(n),
            Node::String(s) => json!(s),
            Node::BigInt(d) => json!({ "bigint": d }),
            Node::Date(ms) => {
                json!({ "date": ms.map_or_else(|| "Invalid Date".to_owned(), iso_string) })
            }
            Node::Array(items) => json!({ "array": list(items, seen) }),
            Node::Object(props) => {
                let mut map = JsonMap::new();
                for (key, value) in props {
                    let described = self.describe_inner(*value, child(key), seen, depth + 1);
                    map.insert(key.clone(), described);
                }
                json!({ "object": map })
            }
            Node::Map(entries) => {
                let entries: Vec<Json> = entries
                    .iter()
                    .enumerate()
                    .map(|(i, (k, v))| {
                        let at = child(&i);
                        let k = self.describe_inner(*k, format!("{at}.0"), seen, depth + 1);
                        let v = self.describe_inner(*v, format!("{at}.1"), seen, depth + 1);
                        json!([k, v])
                    })
                    .collect();
                json!({ "map": entries })
            }
            Node::Set(items) => json!({ "set": list(items, seen) }),
            Node::Iterator(items) => json!({ "iterator": list(items, seen) }),
            Node::FormData(entries) => {
                let entries: Vec<Json> = entries
                    .iter()
                    .map(|(name, entry)| match entry {
                        FormEntry::Text(t) => json!([name, t]),
                        FormEntry::File(b) => json!([name, describe_blob(b)]),
                    })
                    .collect();
                json!({ "formData": entries })
            }
            Node::Blob(b) => describe_blob(b),
            Node::TypedArray { tag, bytes } => json!({ "typedArray": {
                "type": typed_array_name(*tag),
                "base64": base64::engine::general_purpose::STANDARD.encode(bytes),
            }}),
            Node::Promise(v) => {
                json!({ "promise": self.describe_inner(*v, path.clone(), seen, depth + 1) })
            }
            Node::ServerReference { id, bound } => {
                let bound = bound.map_or(Json::Null, |b| {
                    match self.describe_inner(b, child(&"bound"), seen, depth + 1) {
                        Json::Object(mut o) if o.contains_key("array") => {
                            o.remove("array").unwrap_or(Json::Null)
                        }
                        other => other,
                    }
                });
                json!({ "serverReference": { "id": id, "bound": bound } })
            }
            Node::Stream { tag, items, .. } => {
                json!({ "stream": { "type": (*tag as char).to_string(), "items": list(items, seen) } })
            }
            Node::TemporaryReference => json!({ "temporaryReference": true }),
        }
    }
}

fn describe_blob(blob: &Blob) -> Json {
    let mut described = json!({
        "type": blob.content_type,
        "size": blob.bytes.len(),
        "base64": base64::engine::general_purpose::STANDARD.encode(&blob.bytes),
    });
    if let Some(name) = &blob.name {
        described["name"] = json!(name);
    }
    json!({ "blob": described })
}

fn blob_debug(blob: &Blob) -> String {
    let kind = if blob.name.is_some() { "File" } else { "Blob" };
    let name = blob
        .name
        .as_deref()
        .map(|n| format!("{n:?}, "))
        .unwrap_or_default();
    format!(
        "{kind} {{{name}{} bytes, type {:?}}}",
        blob.bytes.len(),
        blob.content_type
    )
}

/// The elements of a typed array as JavaScript prints them (little-endian, as every
/// platform Node runs on).
fn typed_elements(tag: u8, bytes: &[u8]) -> Vec<String> {
    let size = element_size(tag);
    bytes
        .chunks_exact(size)
        .map(|c| match tag {
            b'O' => (c[0] as i8).to_string(),
            b'S' => i16::from_le_bytes([c[0], c[1]]).to_string(),
            b's' => u16::from_le_bytes([c[0], c[1]]).to_string(),
            b'L' => i32::from_le_bytes([c[0], c[1], c[2], c[3]]).to_string(),
            b'l' => u32::from_le_bytes([c[0], c[1], c[2], c[3]]).to_string(),
            b'G' => js_number(f32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f64),
            b'g' => js_number(f64::from_le_bytes(c.try_into().unwrap_or([0; 8]))),
            b'M' => i64::from_le_bytes(c.try_into().unwrap_or([0; 8])).to_string(),
            b'm' => u64::from_le_bytes(c.try_into().unwrap_or([0; 8])).to_string(),
            _ => c[0].to_string(),
        })
        .collect()
}

/// JavaScript's `Number.prototype.toString()`: the shortest digits that read back
/// to the same number, in plain notation from 1e-7 to 1e21 and exponent notation
/// (`1e+21`, `1.5e-7`) outside it.
pub fn js_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return "0".into();
    }
    let sign = if n < 0.0 { "-" } else { "" };
    // Rust's `{:e}` gives the shortest round-trip digits: "1.5e-7".
    let exp_form = format!("{:e}", n.abs());
    let (mantissa, exponent) = exp_form.split_once('e').unwrap_or((&exp_form, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let k = digits.len() as i32;
    let n_pos = exponent + 1; // the position of the decimal point, as in the ECMAScript spec
    let body = if k <= n_pos && n_pos <= 21 {
        format!("{digits}{}", "0".repeat((n_pos - k) as usize))
    } else if 0 < n_pos && n_pos <= 21 {
        format!(
            "{}.{}",
            &digits[..n_pos as usize],
            &digits[n_pos as usize..]
        )
    } else if -6 < n_pos && n_pos <= 0 {
        format!("0.{}{digits}", "0".repeat((-n_pos) as usize))
    } else {
        let e = n_pos - 1;
        let e = if e >= 0 {
            format!("+{e}")
        } else {
            e.to_string()
        };
        if k == 1 {
            format!("{digits}e{e}")
        } else {
            format!("{}.{}e{e}", &digits[..1], &digits[1..])
        }
    };
    format!("{sign}{body}")
}

const MS_PER_DAY: i64 = 86_400_000;
/// The largest time a JavaScript Date can hold, in ms either side of 1970.
const MAX_TIME: f64 = 8.64e15;

/// Parses the date format `Date.prototype.toISOString` writes (the only one React
/// sends): `2026-11-30T04:00:00.000Z`, or with a six-digit signed year
/// (`+275760-09-13T00:00:00.000Z`). Milliseconds and seconds may be left out, as
/// `Date.parse` allows. Anything else is an Invalid Date (`None`); `Date.parse` also
/// accepts other, implementation-defined formats, which this does not model.
pub fn parse_iso_date(text: &str) -> Option<f64> {
    let (year, rest) = match text.as_bytes().first()? {
        b'+' | b'-' => {
            let year: i64 = text.get(1..7)?.parse().ok()?;
            let year = if text.starts_with('-') { -year } else { year };
            if text.starts_with("-000000") {
                return None;
            }
            (year, text.get(7..)?)
        }
        _ => (text.get(..4)?.parse().ok()?, text.get(4..)?),
    };
    let rest = rest.strip_suffix('Z')?;
    let number = |s: Option<&str>| -> Option<i64> {
        let s = s?;
        (s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty()).then(|| s.parse().ok())?
    };
    let (date, time) = rest.split_once('T')?;
    let month = number(date.strip_prefix('-')?.get(..2))?;
    let day = number(date.get(4..).filter(|_| date.get(3..4) == Some("-")))?;
    let (hms, millis) = match time.split_once('.') {
        Some((hms, ms)) if ms.len() == 3 => (hms, number(Some(ms))?),
        Some(_) => return None,
        None => (time, 0),
    };
    let mut clock = hms.split(':');
    let hour = number(clock.next())?;
    let minute = number(clock.next())?;
    let second = clock.next().map_or(Some(0), |s| number(Some(s)))?;
    if clock.next().is_some()
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
    {
        return None;
    }
    if hour > 24
        || minute > 59
        || second > 59
        || (hour == 24 && (minute, second, millis) != (0, 0, 0))
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let ms = days * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    let ms = ms as f64;
    (ms.abs() <= MAX_TIME).then_some(ms)
}

/// `Date.prototype.toISOString`.
pub fn iso_string(ms: f64) -> String {
    let (year, month, day, hour, minute, second, millis) = civil(ms);
    let year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else {
        format!("{}{:06}", if year < 0 { '-' } else { '+' }, year.abs())
    };
    format!("{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z")
}

/// `Date.prototype.toString` in UTC: `Mon Nov 30 2026 04:00:00 GMT+0000 (Coordinated Universal Time)`.
pub fn date_to_string(ms: f64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month, day, hour, minute, second, _) = civil(ms);
    let weekday = DAYS[(ms as i64).div_euclid(MS_PER_DAY).rem_euclid(7) as usize];
    let year = if year < 0 {
        format!("-{:06}", -year)
    } else {
        format!("{year:04}")
    };
    format!(
        "{weekday} {} {day:02} {year} {hour:02}:{minute:02}:{second:02} GMT+0000 (Coordinated Universal Time)",
        MONTHS[(month - 1) as usize]
    )
}

fn civil(ms: f64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let ms = ms as i64;
    let days = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    (
        year,
        month,
        day,
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    )
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (1.5, "1.5"),
            (-42.0, "-42"),
            (1e21, "1e+21"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
        ];
        for (n, expected) in cases {
            assert_eq!(js_number(n), expected, "{n:?}");
        }
    }

    #[test]
    fn dates_read_and_print_in_utc() {
        let ms = parse_iso_date("2026-11-30T04:00:00.000Z").unwrap();
        assert_eq!(ms, 1_796_011_200_000.0);
        assert_eq!(iso_string(ms), "2026-11-30T04:00:00.000Z");
        assert_eq!(
            date_to_string(ms),
            "Mon Nov 30 2026 04:00:00 GMT+0000 (Coordinated Universal Time)"
        );
        assert_eq!(
            date_to_string(0.0),
            "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)"
        );
        assert_eq!(parse_iso_date("+275760-09-13T00:00:00.000Z"), Some(8.64e15));
        assert_eq!(parse_iso_date("+275760-09-13T00:00:00.001Z"), None);
        assert_eq!(iso_string(-1.0), "1969-12-31T23:59:59.999Z");
        for bad in [
            "",
            "2026-02-30T00:00:00.000Z",
            "2026-11-30",
            "nope",
            "2026-11-30T25:00:00Z",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn strings_and_types_of_containers() {
        // [1, "two", null, true, [undefined, 3]] and a cyclic array.
        let nodes = vec![
            Node::Array(vec![
                ValueId(1),
                ValueId(2),
                ValueId(3),
                ValueId(4),
                ValueId(5),
            ]),
            Node::Number(1.0),
            Node::String("two".into()),
            Node::Null,
            Node::Bool(true),
            Node::Array(vec![ValueId(6), ValueId(7), ValueId(5)]),
            Node::Undefined,
            Node::Number(3.0),
        ];
        let reply = Reply {
            nodes,
            root: ValueId(0),
        };
        assert_eq!(reply.js_string(ValueId(0)), "1,two,,true,,3,");
        assert_eq!(reply.type_of(ValueId(0)), "object");
        assert_eq!(reply.type_of(ValueId(6)), "undefined");
        assert_eq!(reply.debug(ValueId(5)), "[undefined, 3, [Circular]]");
        assert_eq!(
            reply.describe(ValueId(5))["array"][2],
            json!({ "same": "" })
        );
    }
}
