//! The way back: a decoded value written as React's Flight server writes a value it
//! returns (`renderModelDestructive` in `ReactFlightServer.js`, React 19.3), so an
//! echoing Server Action can answer with what it received, types kept.
//!
//! What changes on the way out, compared with what the client sent in its reply:
//!
//! - numbers stay JSON numbers; `-0`, `NaN`, `±Infinity` become `"$-0"`, `"$NaN"`, …;
//!   `undefined` is `"$undefined"`, a BigInt `"$n…"`, a Date `"$D…"` (an invalid one
//!   `"$Dnull"`, since its `toJSON()` is `null`); strings starting with `$` get a second `$`.
//! - a `Map`, `Set`, `FormData` or iterator gets a row of its own holding an array
//!   (entries or items) and is referenced as `"$Q<id>"`, `"$W<id>"`, `"$K<id>"`, `"$i<id>"`.
//! - bytes travel as binary rows (`<id>:o<hex length>,<bytes>`, no newline) referenced
//!   as `"$<id>"`; a Blob is a row `[type, "$<bytes row>"]` referenced as `"$B<id>"`.
//! - a promise is a row holding its value, referenced as `"$@<id>"`; a Server Action a
//!   row `{"id": …, "bound": null | "$@<id>"}` referenced as `"$h<id>"`.
//! - a string of 1024 UTF-16 units or more goes in a text row (`<id>:T<hex bytes>,…`).
//! - an object met a second time (shared, or a cycle) is a path reference to where it
//!   was first written: `"$1:0:a"` is "row 1, then key `0`, then key `a`".
//!
//! Streams are written as a start row, one row per item and a `C` row; temporary
//! references as a bare `"$T"` (the reply's path to them is not kept).

use serde_json::{json, Map as JsonMap, Value as Json};
use thiserror::Error;

use crate::js::iso_string;
use crate::value::{Blob, FormEntry, Node, Reply, ValueId};
use crate::write;

/// A row ready to send, newline included where the format has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedRow {
    pub id: u32,
    pub bytes: Vec<u8>,
}

/// A value written as Flight: the JSON to put in the row that holds it, the extra
/// rows it needs (in the order React emits them: inner rows first), and the next
/// free row id.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    pub model: Json,
    pub rows: Vec<EncodedRow>,
    pub next_row_id: u32,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum EncodeError {
    #[error("the value nests deeper than {0} levels; React would refuse it too")]
    TooDeep(usize),
    #[error("row ids ran out: start numbering new rows lower than {0}")]
    OutOfRowIds(u32),
}

/// How deep a value may nest, rows included.
pub const MAX_DEPTH: usize = 160;

/// Writes `value` of `reply` as the model of row `row_id`; new rows are numbered from
/// `next_row_id`. The row id is needed because path references name the row an
/// object was first written in.
pub fn encode_model(
    reply: &Reply,
    value: ValueId,
    row_id: u32,
    next_row_id: u32,
) -> Result<Encoded, EncodeError> {
    let mut encoder = Encoder {
        reply,
        next: next_row_id,
        rows: Vec::new(),
        written: Default::default(),
        depth: 0,
        out_of_ids: false,
    };
    let mut path = Vec::new();
    let model = encoder.value(value, row_id, &mut path)?;
    if encoder.out_of_ids {
        return Err(EncodeError::OutOfRowIds(next_row_id));
    }
    Ok(Encoded {
        model,
        rows: encoder.rows,
        next_row_id: encoder.next,
    })
}

struct Encoder<'a> {
    reply: &'a Reply,
    next: u32,
    rows: Vec<EncodedRow>,
    /// How each object already written can be referenced again.
    written: std::collections::HashMap<ValueId, String>,
    depth: usize,
    /// Set when `u32` row ids ran out; the result is then refused.
    out_of_ids: bool,
}

impl Encoder<'_> {
    fn take_id(&mut self) -> u32 {
        let id = self.next;
        match self.next.checked_add(1) {
            Some(next) => self.next = next,
            None => self.out_of_ids = true,
        }
        id
    }

    /// Writes one value; `depth` counts nesting across rows, so a chain of rows
    /// (a promise of a Map of a promise…) is bounded too.
    fn value(
        &mut self,
        id: ValueId,
        row: u32,
        path: &mut Vec<String>,
    ) -> Result<Json, EncodeError> {
        if self.depth >= MAX_DEPTH {
            return Err(EncodeError::TooDeep(MAX_DEPTH));
        }
        self.depth += 1;
        let result = self.value_inner(id, row, path);
        self.depth -= 1;
        result
    }

    fn value_inner(
        &mut self,
        id: ValueId,
        row: u32,
        path: &mut Vec<String>,
    ) -> Result<Json, EncodeError> {
        let node = self.reply.node(id);
        let is_object = node.is_object();
        if let Some(path) = self.reply.temporary_references.get(&id) {
            // An object the client sent: it gets its own object back.
            return Ok(json!(format!("$T{path}")));
        }
        if is_object {
            if let Some(again) = self.written.get(&id) {
                return Ok(json!(again));
            }
            let here = if path.is_empty() {
                format!("${row:x}")
            } else {
                format!("${row:x}:{}", path.join(":"))
            };
            self.written.insert(id, here);
        }
        Ok(match node {
            Node::Undefined => json!("$undefined"),
            Node::Null => Json::Null,
            Node::Bool(b) => json!(b),
            Node::Number(n) => number(*n),
            Node::String(s) => self.string(s),
            Node::BigInt(digits) => json!(format!("$n{digits}")),
            Node::Date(Some(ms)) => json!(format!("$D{}", iso_string(*ms))),
            Node::Date(None) => json!("$Dnull"),
            Node::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, &item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    out.push(self.value(item, row, path)?);
                    path.pop();
                }
                Json::Array(out)
            }
            Node::Object(props) => {
                let mut out = JsonMap::new();
                for (key, value) in props {
                    path.push(key.clone());
                    out.insert(key.clone(), self.value(*value, row, path)?);
                    path.pop();
                }
                Json::Object(out)
            }
            Node::Map(entries) => {
                let pairs: Vec<Vec<ValueId>> = entries.iter().map(|(k, v)| vec![*k, *v]).collect();
                self.outlined("Q", &pairs)?
            }
            Node::Set(items) => self.outlined("W", &singles(items))?,
            Node::Iterator(items) => self.outlined("i", &singles(items))?,
            Node::FormData(entries) => self.form_data(entries),
            Node::Blob(blob) => self.blob(blob),
            Node::TypedArray { tag, bytes } => {
                let id = self.binary_row(*tag, bytes);
                json!(format!("${id:x}"))
            }
            Node::Promise(inner) => {
                let id = self.take_id();
                let model = self.nested(*inner, id)?;
                self.model_row(id, &model);
                json!(format!("$@{id:x}"))
            }
            Node::ServerReference { id: action, bound } => {
                // The `{id, bound}` row is written at once, the bound arguments (a
                // promise, `Promise.resolve(bound)`) a moment later.
                let id = self.take_id();
                let bound = match bound {
                    Some(args) => {
                        let promise = self.take_id();
                        Some((promise, self.nested(*args, promise)?))
                    }
                    None => None,
                };
                let bound_ref = bound
                    .as_ref()
                    .map_or(Json::Null, |(p, _)| json!(format!("$@{p:x}")));
                self.model_row(id, &json!({ "id": action, "bound": bound_ref }));
                if let Some((promise, model)) = bound {
                    self.model_row(promise, &model);
                }
                json!(format!("$h{id:x}"))
            }
            Node::Stream {
                tag,
                items,
                final_value,
            } => {
                let id = self.take_id();
                let start = match tag {
                    b'r' | b'R' => "R",
                    b'x' => "x",
                    _ => "X",
                };
                self.rows.push(EncodedRow {
                    id,
                    bytes: format!("{id:x}:{start}\n").into_bytes(),
                });
                for &item in items {
                    let model = self.nested(item, id)?;
                    self.model_row(id, &model);
                }
                let end = match final_value {
                    Some(v) => format!("{id:x}:C{}\n", self.nested(*v, id)?),
                    None => format!("{id:x}:C\n"),
                };
                self.rows.push(EncodedRow {
                    id,
                    bytes: end.into_bytes(),
                });
                json!(format!("${id:x}"))
            }
            Node::TemporaryReference => json!("$T"),
        })
    }

    /// A value written as the root of its own row.
    fn nested(&mut self, value: ValueId, row: u32) -> Result<Json, EncodeError> {
        self.value(value, row, &mut Vec::new())
    }

    /// `Array.from(x)` outlined into a row of its own, referenced as `$<letter><id>`.
    /// Map entries are lists of two (`[[key, value], …]`), Set and iterator items of one.
    fn outlined(&mut self, letter: &str, lists: &[Vec<ValueId>]) -> Result<Json, EncodeError> {
        let id = self.take_id();
        let mut out = Vec::with_capacity(lists.len());
        for (i, list) in lists.iter().enumerate() {
            let mut path = vec![i.to_string()];
            let encoded = match list.as_slice() {
                [single] => self.value(*single, id, &mut path)?,
                pair => {
                    let mut entry = Vec::with_capacity(pair.len());
                    for (j, &value) in pair.iter().enumerate() {
                        path.push(j.to_string());
                        entry.push(self.value(value, id, &mut path)?);
                        path.pop();
                    }
                    Json::Array(entry)
                }
            };
            out.push(encoded);
        }
        self.model_row(id, &Json::Array(out));
        Ok(json!(format!("${letter}{id:x}")))
    }

    /// `Array.from(formData.entries())` in a row of its own, referenced as `$K<id>`.
    fn form_data(&mut self, entries: &[(String, FormEntry)]) -> Json {
        let id = self.take_id();
        let mut out = Vec::with_capacity(entries.len());
        for (name, entry) in entries {
            let value = match entry {
                FormEntry::Text(text) => self.string(text),
                FormEntry::File(blob) => self.blob(blob),
            };
            out.push(json!([self.string(name), value]));
        }
        self.model_row(id, &Json::Array(out));
        json!(format!("$K{id:x}"))
    }

    /// A Blob: a row `[type, "$<bytes row>"]` (just `[type]` when empty).
    fn blob(&mut self, blob: &Blob) -> Json {
        let id = self.take_id();
        let mut model = vec![json!(blob.content_type)];
        if !blob.bytes.is_empty() {
            let bytes = self.binary_row(b'o', &blob.bytes);
            model.push(json!(format!("${bytes:x}")));
        }
        self.model_row(id, &Json::Array(model));
        json!(format!("$B{id:x}"))
    }

    fn binary_row(&mut self, tag: u8, bytes: &[u8]) -> u32 {
        let id = self.take_id();
        let mut row = format!("{id:x}:{}{:x},", tag as char, bytes.len()).into_bytes();
        row.extend_from_slice(bytes);
        self.rows.push(EncodedRow { id, bytes: row });
        id
    }

    fn model_row(&mut self, id: u32, model: &Json) {
        self.rows.push(EncodedRow {
            id,
            bytes: format!("{id:x}:{model}\n").into_bytes(),
        });
    }

    fn string(&mut self, text: &str) -> Json {
        if !write::is_large_text(text) {
            return write::text(text);
        }
        let id = self.take_id();
        let bytes = write::text_row(id, text).into_bytes();
        self.rows.push(EncodedRow { id, bytes });
        write::reference(id)
    }
}

fn singles(items: &[ValueId]) -> Vec<Vec<ValueId>> {
    items.iter().map(|&i| vec![i]).collect()
}

/// A number as `JSON.stringify` writes it, or the `$` form for the ones JSON lacks.
fn number(n: f64) -> Json {
    if n.is_nan() {
        json!("$NaN")
    } else if n.is_infinite() {
        json!(if n > 0.0 { "$Infinity" } else { "$-Infinity" })
    } else if n == 0.0 && n.is_sign_negative() {
        json!("$-0")
    } else if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{decode, ReplyBody};

    fn echo(fields: &[(&str, &str)]) -> (String, Vec<String>) {
        let fields = fields
            .iter()
            .map(|(n, t)| (n.to_string(), FormEntry::Text(t.to_string())))
            .collect();
        let mut reply = decode(&ReplyBody::Form(fields)).unwrap();
        // Written out in full, as a server without a temporary reference set does.
        reply.temporary_references.clear();
        let encoded = encode_model(&reply, reply.root, 1, 2).unwrap();
        let rows = encoded
            .rows
            .iter()
            .map(|r| String::from_utf8_lossy(&r.bytes).into_owned())
            .collect();
        (encoded.model.to_string(), rows)
    }

    #[test]
    fn running_out_of_row_ids_is_an_error() {
        let fields = vec![
            ("0".to_string(), FormEntry::Text(r#"["$Q1"]"#.into())),
            ("1".to_string(), FormEntry::Text("[]".into())),
        ];
        let mut reply = decode(&ReplyBody::Form(fields)).unwrap();
        reply.temporary_references.clear();
        assert!(encode_model(&reply, reply.root, 0, u32::MAX - 1).is_ok());
        let error = encode_model(&reply, reply.root, 0, u32::MAX).unwrap_err();
        assert_eq!(error, EncodeError::OutOfRowIds(u32::MAX));
    }

    #[test]
    fn objects_the_client_sent_go_back_as_temporary_references() {
        let fields = vec![(
            "0".to_string(),
            FormEntry::Text(r#"[{"first":{"n":1},"list":[1]},"text"]"#.into()),
        )];
        let reply = decode(&ReplyBody::Form(fields)).unwrap();
        let args = reply.arguments();
        let model = |id| encode_model(&reply, id, 1, 2).unwrap().model.to_string();
        // Next.js 16.4.6 answered an echo of such an object with `1:"$T0:0"`.
        assert_eq!(model(args[0]), r#""$T0:0""#);
        assert_eq!(model(args[1]), r#""text""#);
        assert_eq!(model(reply.root), r#""$T0""#);
    }

    #[test]
    fn plain_values_keep_their_types() {
        let (model, rows) = echo(&[(
            "0",
            r#"[1,"two",true,null,"$undefined","$-0","$NaN","$n7","$$x","$D1970-01-01T00:00:00.000Z"]"#,
        )]);
        assert_eq!(
            model,
            r#"[1,"two",true,null,"$undefined","$-0","$NaN","$n7","$$x","$D1970-01-01T00:00:00.000Z"]"#
        );
        assert!(rows.is_empty());
    }

    #[test]
    fn maps_sets_and_form_data_get_rows_of_their_own() {
        let (model, rows) = echo(&[
            ("0", r#"["$Q1","$W2","$K3"]"#),
            ("1", r#"[["a",1]]"#),
            ("2", "[2]"),
            ("_3_name", "Erin"),
        ]);
        assert_eq!(model, r#"["$Q2","$W3","$K4"]"#);
        assert_eq!(
            rows,
            ["2:[[\"a\",1]]\n", "3:[2]\n", "4:[[\"name\",\"Erin\"]]\n"]
        );
    }

    #[test]
    fn shared_and_cyclic_objects_become_path_references() {
        let (model, rows) = echo(&[("0", r#"[{"n":1,"self":"$0:0"},"$0:0"]"#)]);
        assert_eq!(model, r#"[{"n":1,"self":"$1:0"},"$1:0"]"#);
        assert!(rows.is_empty());
    }

    #[test]
    fn promises_and_server_references() {
        let (model, rows) = echo(&[
            ("0", r#"["$@1","$h2"]"#),
            ("1", "\"done\""),
            ("2", r#"{"id":"ab","bound":"$@3"}"#),
            ("3", "[5]"),
        ]);
        assert_eq!(model, r#"["$@2","$h3"]"#);
        assert_eq!(
            rows,
            [
                "2:\"done\"\n",
                "3:{\"id\":\"ab\",\"bound\":\"$@4\"}\n",
                "4:[5]\n"
            ]
        );
    }

    #[test]
    fn bytes_and_long_strings_use_length_prefixed_rows() {
        let long = "é".repeat(1024);
        let reply = Reply {
            nodes: vec![
                Node::Array(vec![ValueId(1), ValueId(2)]),
                Node::TypedArray {
                    tag: b'o',
                    bytes: vec![0, 10],
                },
                Node::String(long.clone()),
            ],
            root: ValueId(0),
            ..Reply::default()
        };
        let encoded = encode_model(&reply, reply.root, 1, 2).unwrap();
        assert_eq!(encoded.model.to_string(), r#"["$2","$3"]"#);
        assert_eq!(encoded.rows[0].bytes, b"2:o2,\x00\n");
        assert_eq!(
            encoded.rows[1].bytes,
            [b"3:T800,".as_slice(), long.as_bytes()].concat()
        );
        assert_eq!(encoded.next_row_id, 4);
    }
}
