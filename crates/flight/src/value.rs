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

use crate::js::{date_to_string, iso_string, js_number};
use crate::refs;

/// The index of a value in [`Reply::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reply {
    pub nodes: Vec<Node>,
    pub root: ValueId,
    /// The plain objects and arrays the client sent, each with its path in the reply
    /// (`0:0` is row 0, item 0). Next.js decodes a JS call with a *temporary reference
    /// set*: when an action returns one of these very objects, the answer says
    /// `"$T0:0"`, and the browser puts back the object it still holds instead of a
    /// copy. Empty for values that did not come from a JS call.
    pub temporary_references: std::collections::BTreeMap<ValueId, String>,
}

impl Node {
    /// Whether JavaScript would hold this value by reference (an object, array,
    /// Map, Date, function…), so that it can be met twice; primitives cannot.
    pub fn is_object(&self) -> bool {
        !matches!(
            self,
            Node::Undefined
                | Node::Null
                | Node::Bool(_)
                | Node::Number(_)
                | Node::String(_)
                | Node::BigInt(_)
        )
    }

    /// The ids this node holds (items, property values, entries, bound arguments…).
    pub fn children(&self) -> Vec<ValueId> {
        match self {
            Node::Array(items) | Node::Set(items) | Node::Iterator(items) => items.clone(),
            Node::Object(props) => props.iter().map(|(_, v)| *v).collect(),
            Node::Map(entries) => entries.iter().flat_map(|(k, v)| [*k, *v]).collect(),
            Node::Promise(v) => vec![*v],
            Node::ServerReference { bound, .. } => bound.iter().copied().collect(),
            Node::Stream {
                items, final_value, ..
            } => items.iter().chain(final_value).copied().collect(),
            _ => Vec::new(),
        }
    }

    /// The same node with every id it holds replaced by `remap(id)`: how an arena is
    /// renumbered.
    pub fn map_children(&self, remap: &dyn Fn(ValueId) -> ValueId) -> Node {
        let all = |items: &[ValueId]| items.iter().map(|&i| remap(i)).collect();
        match self {
            Node::Array(items) => Node::Array(all(items)),
            Node::Set(items) => Node::Set(all(items)),
            Node::Iterator(items) => Node::Iterator(all(items)),
            Node::Object(props) => {
                Node::Object(props.iter().map(|(k, v)| (k.clone(), remap(*v))).collect())
            }
            Node::Map(entries) => Node::Map(
                entries
                    .iter()
                    .map(|(k, v)| (remap(*k), remap(*v)))
                    .collect(),
            ),
            Node::Promise(v) => Node::Promise(remap(*v)),
            Node::ServerReference { id, bound } => Node::ServerReference {
                id: id.clone(),
                bound: bound.map(remap),
            },
            Node::Stream {
                tag,
                items,
                final_value,
            } => Node::Stream {
                tag: *tag,
                items: all(items),
                final_value: final_value.map(remap),
            },
            other => other.clone(),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
            ..Reply::default()
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
