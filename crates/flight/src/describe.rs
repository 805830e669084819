//! A decoded value described as JSON, in the format of the fixtures recorded from
//! real React (`tests/fixtures/replies.json`), so our decoder and React's
//! `decodeReply` can be compared value for value:
//!
//! | JavaScript value | description |
//! |---|---|
//! | `null`, `true`, `"text"`, `1.5` | themselves |
//! | `-0`, `NaN`, `Infinity` | `{"number": "-0"}`, … |
//! | `undefined`, `12n`, a Date | `{"undefined": true}`, `{"bigint": "12"}`, `{"date": "<ISO>"}` |
//! | arrays, objects, Maps, Sets, iterators | `{"array": […]}`, `{"object": {…}}`, `{"map": [[k, v]]}`, `{"set": […]}`, `{"iterator": […]}` |
//! | FormData, Blob/File, typed arrays | `{"formData": [[name, value]]}`, `{"blob": {type, size, base64, name?}}`, `{"typedArray": {type, base64}}` |
//! | promises, Server Actions | `{"promise": value}`, `{"serverReference": {id, bound}}` |
//! | an object met a second time | `{"same": "0.a"}`: the dotted path where it was first seen |

use std::collections::HashMap;

use base64::Engine as _;
use serde_json::{json, Map as JsonMap, Value as Json};

use crate::js::iso_string;
use crate::value::{typed_array_name, Blob, FormEntry, Node, Reply, ValueId};

impl Reply {
    /// The value described as JSON, in the format of the `replies.json` fixtures that
    /// real React produced (see `tests/fixtures`): `{"map": [[k, v]]}`,
    /// `{"number": "-0"}`, …, and `{"same": "0.a"}` for an object met a second time,
    /// named by the dotted path where it was first seen.
    pub fn describe(&self, id: ValueId) -> Json {
        let mut seen = HashMap::new();
        self.describe_inner(id, String::new(), &mut seen, 0)
    }

    fn describe_inner(
        &self,
        id: ValueId,
        path: String,
        seen: &mut HashMap<ValueId, String>,
        depth: usize,
    ) -> Json {
        let node = self.node(id);
        let is_object = node.is_object();
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
        let list = |items: &[ValueId], seen: &mut HashMap<ValueId, String>| -> Vec<Json> {
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
