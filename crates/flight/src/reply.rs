//! `decodeReply`: the arguments of a Server Action call, decoded as React's server
//! does (`ReactFlightReplyServer.js`, React 19.3).
//!
//! The browser encodes the argument array with `encodeReply`. When every argument is
//! plain JSON plus a few `$` strings, the body is that JSON text
//! (`text/plain;charset=UTF-8`). As soon as something needs a part of its own (a
//! `Map`, `Set`, `FormData`, `Blob`, typed array, promise, Server Action, iterator or
//! stream) the body is `multipart/form-data`: field `0` holds the root, field `n`
//! (decimal) holds *row* `n`, which `$` strings point to in hex:
//!
//! | in the JSON | what the server gets | where the data is |
//! |---|---|---|
//! | `"$Q1"` / `"$W1"` / `"$i1"` | `Map` / `Set` / iterator | row 1: entries / items |
//! | `"$K1"` | `FormData` | fields named `_1_<name>` |
//! | `"$B1"` | `Blob` / `File` | file field `1` |
//! | `"$o1"`, `"$A1"`, … | `Uint8Array`, `ArrayBuffer`, … | file field `1` (raw bytes) |
//! | `"$@1"` | a resolved promise | row 1 |
//! | `"$h1"` | a Server Action, `{id, bound}` | row 1 (`bound` is a promise of an array) |
//! | `"$1"`, `"$0:0:p"` | the same object again (shared or cyclic) | row 1, or a path inside row 0 |
//! | `"$R1"` `"$r1"` `"$X1"` `"$x1"` | stream / byte stream / async iterable / iterator | fields `S1`, one per item, `C` at the end |
//! | `"$D…"`, `"$n…"`, `"$undefined"`, `"$NaN"`, `"$-0"`, … | Date, BigInt, special numbers | inline |
//! | `"$$…"` | a string that starts with `$` | inline |
//!
//! Decoding happens in two steps: every row is turned into nodes with a placeholder
//! for each reference, then the placeholders are resolved by following their paths.
//! That is how one object can appear twice and how a cycle is represented, without
//! recursion that could run away: path following has a depth bound and a cycle of
//! placeholders is an error. Each Map/Set/iterator row, typed array and `FormData`
//! prefix is consumed once, as in React, so a small body cannot expand into a huge
//! value.
//!
//! One deliberate difference: a `$@` promise of a row that was never sent reaches
//! the action as a rejected promise in React; here it is a [`ReplyError::MissingRow`],
//! which says more to a reader.

use std::collections::{HashMap, HashSet};

use serde_json::Value as Json;
use thiserror::Error;

use crate::js::parse_iso_date;
use crate::multipart::{self, MultipartError, Part};
use crate::refs::{self, Context, RefKind};
use crate::value::{element_size, Blob, FormEntry, Node, Reply, ValueId};

/// A reply as the server receives it.
#[derive(Debug, Clone)]
pub enum ReplyBody {
    /// A `text/plain` body: the root row's JSON.
    Text(String),
    /// A `multipart/form-data` body, as fields in order.
    Form(Vec<(String, FormEntry)>),
}

/// Why a reply could not be decoded. Each message names the row or reference.
#[derive(Debug, Error)]
pub enum ReplyError {
    #[error("the multipart body is broken: {0}")]
    Multipart(#[from] MultipartError),
    #[error("row {row} is not valid JSON ({reason}); each field of a reply holds one JSON value")]
    NotJson { row: u64, reason: String },
    #[error(
        "row {row:x} is referenced but the reply has no field `{row}`; was the body cut short?"
    )]
    MissingRow { row: u64 },
    #[error("`{0}` is not a reference React's decodeReply understands")]
    UnknownReference(String),
    #[error("`{text}` does not lead anywhere: {reason}")]
    InvalidReference { text: String, reason: String },
    #[error("`{text}` needs a file field `{field}` holding its bytes, and the reply has none")]
    MissingBlob { text: String, field: u64 },
    #[error("`{text}` has {len} bytes, not a multiple of {size} (the size of one element)")]
    BadTypedArray {
        text: String,
        len: usize,
        size: usize,
    },
    #[error(
        "`{0}` is used twice; React reads each Map, Set, iterator, stream and typed array once"
    )]
    AlreadyUsed(String),
    #[error("`{0}` is not a BigInt React accepts (decimal digits, at most 300)")]
    BadBigInt(String),
    #[error("`{0}` is part of a cycle of references that never reaches a value")]
    Circular(String),
    #[error("references nest deeper than {0} steps; refusing to follow further")]
    TooDeep(usize),
    #[error("the reply has more than {0} values; refusing to decode it")]
    TooManyValues(usize),
}

/// The most values one reply may decode to.
pub const MAX_VALUES: usize = 1_000_000;
/// The longest chain of references followed to reach a value.
pub const MAX_DEPTH: usize = 128;

/// Decodes a request body, choosing by its `Content-Type` as Next.js does: multipart
/// bodies are form data, anything else is the root row's text.
pub fn decode_http(content_type: &str, body: &[u8]) -> Result<Reply, ReplyError> {
    if content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        let parts = multipart::parse(body, content_type)?;
        decode(&ReplyBody::Form(form_fields(parts)))
    } else {
        decode(&ReplyBody::Text(String::from_utf8_lossy(body).into_owned()))
    }
}

/// Multipart parts as form entries: parts with a file name are files.
pub fn form_fields(parts: Vec<Part>) -> Vec<(String, FormEntry)> {
    parts
        .into_iter()
        .map(|part| {
            let entry = match part.filename {
                Some(name) => FormEntry::File(Blob {
                    name: Some(name),
                    content_type: part.content_type.unwrap_or_default(),
                    bytes: part.data,
                }),
                None => FormEntry::Text(String::from_utf8_lossy(&part.data).into_owned()),
            };
            (part.name, entry)
        })
        .collect()
}

/// Decodes a reply into its value (for a Server Action call, the argument array).
pub fn decode(body: &ReplyBody) -> Result<Reply, ReplyError> {
    let fields = match body {
        ReplyBody::Text(text) => vec![("0".to_owned(), FormEntry::Text(text.clone()))],
        ReplyBody::Form(fields) => fields.clone(),
    };
    let mut decoder = Decoder::new(&fields);
    let root = decoder.row_root(0)?;
    let mut next = 0;
    while next < decoder.pending_order.len() {
        let slot = decoder.pending_order[next];
        decoder.resolve(slot, 0)?;
        next += 1;
    }
    let root = decoder.follow(root, 0)?;
    Ok(decoder.compact(root))
}

/// JavaScript's SameValueZero as a hashable key: primitives by value (NaN equals
/// NaN, 0 equals -0), objects by identity.
#[derive(Debug, PartialEq, Eq, Hash)]
enum SameValueZero {
    Undefined,
    Null,
    Bool(bool),
    NaN,
    Number(u64),
    String(String),
    BigInt(String),
    Object(ValueId),
}

/// What a placeholder becomes once its target is found.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Wrap {
    Value,
    Promise,
    Map,
    Set,
    Iterator,
    ServerReference,
}

#[derive(Debug, Clone)]
struct Pending {
    text: String,
    row: u64,
    path: Vec<String>,
    wrap: Wrap,
}

struct Decoder<'a> {
    /// Text fields by name (the last one wins, as in React's backing store).
    strings: HashMap<&'a str, &'a str>,
    /// File fields by name.
    blobs: HashMap<&'a str, &'a Blob>,
    /// Fields named `_…`: the entries of FormData arguments, in order.
    form_entries: Vec<(&'a str, &'a FormEntry)>,
    form_pointer: usize,
    /// Stream items: fields named `S<id>`, in order.
    stream_items: HashMap<&'a str, Vec<&'a str>>,
    /// The arena under construction; `None` marks a placeholder.
    nodes: Vec<Option<Node>>,
    pending: HashMap<usize, Pending>,
    pending_order: Vec<usize>,
    resolved: HashMap<usize, ValueId>,
    in_progress: HashSet<usize>,
    rows: HashMap<u64, ValueId>,
    /// One placeholder per reference text (`$1` twice is one object), one blob per field.
    by_text: HashMap<String, ValueId>,
    /// Rows and fields already consumed by a Map, Set, iterator, stream or typed array.
    consumed: HashSet<ValueId>,
    used_fields: HashSet<u64>,
    /// Plain objects and arrays with their path (see `Reply::temporary_references`).
    temporary: HashMap<ValueId, String>,
}

impl<'a> Decoder<'a> {
    fn new(fields: &'a [(String, FormEntry)]) -> Self {
        let mut decoder = Decoder {
            strings: HashMap::new(),
            blobs: HashMap::new(),
            form_entries: Vec::new(),
            form_pointer: 0,
            stream_items: HashMap::new(),
            nodes: Vec::new(),
            pending: HashMap::new(),
            pending_order: Vec::new(),
            resolved: HashMap::new(),
            in_progress: HashSet::new(),
            rows: HashMap::new(),
            by_text: HashMap::new(),
            consumed: HashSet::new(),
            used_fields: HashSet::new(),
            temporary: HashMap::new(),
        };
        for (name, entry) in fields {
            match (name.as_bytes().first(), entry) {
                (Some(b'_'), _) => decoder.form_entries.push((name, entry)),
                (Some(b'S'), FormEntry::Text(text)) => {
                    decoder.stream_items.entry(name).or_default().push(text);
                }
                (_, FormEntry::Text(text)) => {
                    decoder.strings.insert(name, text);
                }
                (_, FormEntry::File(blob)) => {
                    decoder.blobs.insert(name, blob);
                }
            }
        }
        decoder
    }

    fn alloc(&mut self, node: Option<Node>) -> Result<ValueId, ReplyError> {
        if self.nodes.len() >= MAX_VALUES {
            return Err(ReplyError::TooManyValues(MAX_VALUES));
        }
        self.nodes.push(node);
        Ok(ValueId(self.nodes.len() - 1))
    }

    /// The value of row `row`, built on first use. Field names are decimal.
    fn row_root(&mut self, row: u64) -> Result<ValueId, ReplyError> {
        if let Some(&root) = self.rows.get(&row) {
            return Ok(root);
        }
        let text = *self
            .strings
            .get(row.to_string().as_str())
            .ok_or(ReplyError::MissingRow { row })?;
        let json: Json = serde_json::from_str(text).map_err(|e| ReplyError::NotJson {
            row,
            reason: e.to_string(),
        })?;
        let root = self.build(&json, Some(format!("{row:x}")))?;
        self.rows.insert(row, root);
        Ok(root)
    }

    /// JSON into nodes; references become placeholders. `path` is where the value
    /// sits in the reply (`1:0:name`), kept for plain objects and arrays as React's
    /// `reviveModel` registers them as temporary references. serde_json refuses JSON
    /// nested deeper than 128, which bounds this recursion.
    fn build(&mut self, json: &Json, path: Option<String>) -> Result<ValueId, ReplyError> {
        let child = |key: &str| path.as_ref().map(|p| format!("{p}:{key}"));
        let node = match json {
            Json::Null => Node::Null,
            Json::Bool(b) => Node::Bool(*b),
            Json::Number(n) => Node::Number(n.as_f64().unwrap_or(f64::NAN)),
            Json::String(s) => return self.string(s),
            Json::Array(items) => {
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.build(item, child(&i.to_string())))
                    .collect::<Result<_, _>>()?;
                Node::Array(items)
            }
            Json::Object(map) => {
                let mut props = Vec::with_capacity(map.len());
                for (key, value) in map {
                    let value = self.build(value, child(key))?;
                    // React deletes properties that revive to undefined, and `__proto__`.
                    if key != "__proto__" && self.nodes[value.0] != Some(Node::Undefined) {
                        props.push((key.clone(), value));
                    }
                }
                Node::Object(props)
            }
        };
        let id = self.alloc(Some(node))?;
        if let (Json::Array(_) | Json::Object(_), Some(path)) = (json, path) {
            self.temporary.insert(id, path);
        }
        Ok(id)
    }

    fn string(&mut self, text: &str) -> Result<ValueId, ReplyError> {
        if !text.starts_with('$') {
            return self.alloc(Some(Node::String(text.to_owned())));
        }
        if text.starts_with("$H") {
            // Reserved by React: revives to undefined.
            return self.alloc(Some(Node::Undefined));
        }
        if let Some(digits) = text.strip_prefix("$n") {
            let digits = bigint(digits).ok_or_else(|| ReplyError::BadBigInt(text.into()))?;
            return self.alloc(Some(Node::BigInt(digits)));
        }
        let reference = refs::classify(text, Context::Reply)
            .ok_or_else(|| ReplyError::UnknownReference(text.into()))?;
        let target = reference.target.unwrap_or(0);
        let node = match reference.kind {
            RefKind::Escaped => Node::String(text[1..].to_owned()),
            RefKind::Undefined => Node::Undefined,
            RefKind::NaN => Node::Number(f64::NAN),
            RefKind::Infinity => Node::Number(f64::INFINITY),
            RefKind::NegativeInfinity => Node::Number(f64::NEG_INFINITY),
            RefKind::NegativeZero => Node::Number(-0.0),
            RefKind::Date => Node::Date(parse_iso_date(&text[2..])),
            RefKind::Temporary => Node::TemporaryReference,
            RefKind::Value => return self.placeholder(text, reference.path, target, Wrap::Value),
            RefKind::Promise => return self.placeholder(text, Vec::new(), target, Wrap::Promise),
            RefKind::ServerReference => {
                return self.placeholder(text, reference.path, target, Wrap::ServerReference)
            }
            RefKind::Map => return self.placeholder(text, reference.path, target, Wrap::Map),
            RefKind::Set => return self.placeholder(text, reference.path, target, Wrap::Set),
            RefKind::Iterator => {
                return self.placeholder(text, reference.path, target, Wrap::Iterator)
            }
            RefKind::FormData => self.form_data(&text[2..]),
            RefKind::Blob => return self.blob(text, target),
            RefKind::TypedArray => self.typed_array(text, target)?,
            RefKind::Stream
            | RefKind::ByteStream
            | RefKind::AsyncIterable
            | RefKind::AsyncIterator => self.stream(text, target)?,
            _ => return Err(ReplyError::UnknownReference(text.into())),
        };
        self.alloc(Some(node))
    }

    fn placeholder(
        &mut self,
        text: &str,
        path: Vec<String>,
        row: u64,
        wrap: Wrap,
    ) -> Result<ValueId, ReplyError> {
        let shareable = matches!(wrap, Wrap::Value | Wrap::Promise | Wrap::ServerReference);
        if shareable {
            if let Some(&id) = self.by_text.get(text) {
                return Ok(id);
            }
        }
        let id = self.alloc(None)?;
        self.pending.insert(
            id.0,
            Pending {
                text: text.to_owned(),
                row,
                path,
                wrap,
            },
        );
        self.pending_order.push(id.0);
        if shareable {
            self.by_text.insert(text.to_owned(), id);
        }
        Ok(id)
    }

    /// `$K<id>`: the entries named `_<id>_…` from where the last FormData stopped, as
    /// React's `keyPointer` walks them (the id is used as written, in hex).
    fn form_data(&mut self, id_text: &str) -> Node {
        let prefix = format!("_{id_text}_");
        let mut entries = Vec::new();
        while let Some((name, entry)) = self.form_entries.get(self.form_pointer) {
            let Some(short) = name.strip_prefix(prefix.as_str()) else {
                break;
            };
            entries.push((short.to_owned(), (*entry).clone()));
            self.form_pointer += 1;
        }
        Node::FormData(entries)
    }

    fn blob(&mut self, text: &str, field: u64) -> Result<ValueId, ReplyError> {
        let key = format!("$B{field}");
        if let Some(&id) = self.by_text.get(&key) {
            return Ok(id);
        }
        let blob =
            *self
                .blobs
                .get(field.to_string().as_str())
                .ok_or_else(|| ReplyError::MissingBlob {
                    text: text.into(),
                    field,
                })?;
        let id = self.alloc(Some(Node::Blob(blob.clone())))?;
        self.by_text.insert(key, id);
        Ok(id)
    }

    fn typed_array(&mut self, text: &str, field: u64) -> Result<Node, ReplyError> {
        if !self.used_fields.insert(field) {
            return Err(ReplyError::AlreadyUsed(text.into()));
        }
        let tag = text.as_bytes()[1];
        let blob =
            self.blobs
                .get(field.to_string().as_str())
                .ok_or_else(|| ReplyError::MissingBlob {
                    text: text.into(),
                    field,
                })?;
        let size = element_size(tag);
        if blob.bytes.len() % size != 0 {
            return Err(ReplyError::BadTypedArray {
                text: text.into(),
                len: blob.bytes.len(),
                size,
            });
        }
        Ok(Node::TypedArray {
            tag,
            bytes: blob.bytes.clone(),
        })
    }

    /// `$R<id>` and friends: the items sent in fields `S<id>` (decimal), one JSON value
    /// each; `C` closes, and for iterators `C<json>` also gives the final value.
    fn stream(&mut self, text: &str, id: u64) -> Result<Node, ReplyError> {
        if !self.used_fields.insert(id) {
            return Err(ReplyError::AlreadyUsed(text.into()));
        }
        let tag = text.as_bytes()[1];
        let texts = self
            .stream_items
            .get(format!("S{id}").as_str())
            .cloned()
            .unwrap_or_default();
        let mut items = Vec::new();
        let mut final_value = None;
        for item in texts {
            if let Some(rest) = item.strip_prefix('C') {
                if !rest.is_empty() && matches!(tag, b'X' | b'x') {
                    let json = serde_json::from_str(rest).map_err(|e| ReplyError::NotJson {
                        row: id,
                        reason: e.to_string(),
                    })?;
                    final_value = Some(self.build(&json, None)?);
                }
                break;
            }
            let json = serde_json::from_str(item).map_err(|e| ReplyError::NotJson {
                row: id,
                reason: e.to_string(),
            })?;
            items.push(self.build(&json, None)?);
        }
        Ok(Node::Stream {
            tag,
            items,
            final_value,
        })
    }

    /// The real node behind `id`, resolving it first if it is a placeholder.
    fn follow(&mut self, id: ValueId, depth: usize) -> Result<ValueId, ReplyError> {
        match self.nodes[id.0] {
            Some(_) => Ok(id),
            None => self.resolve(id.0, depth),
        }
    }

    fn resolve(&mut self, slot: usize, depth: usize) -> Result<ValueId, ReplyError> {
        if let Some(&done) = self.resolved.get(&slot) {
            return Ok(done);
        }
        if depth > MAX_DEPTH {
            return Err(ReplyError::TooDeep(MAX_DEPTH));
        }
        let pending = self.pending[&slot].clone();
        if !self.in_progress.insert(slot) {
            return Err(ReplyError::Circular(pending.text));
        }
        let invalid = |reason: &str| ReplyError::InvalidReference {
            text: pending.text.clone(),
            reason: reason.into(),
        };
        let root = self.row_root(pending.row)?;
        let mut at = self.follow(root, depth + 1)?;
        for key in &pending.path {
            let child = match &self.nodes[at.0] {
                Some(Node::Object(props)) => props.iter().find(|(k, _)| k == key).map(|(_, v)| *v),
                Some(Node::Array(items)) => key
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i).copied()),
                _ => {
                    return Err(invalid(&format!(
                        "`{key}` is looked up in something that is not a plain object or array"
                    )))
                }
            };
            let child = child.ok_or_else(|| invalid(&format!("there is no `{key}`")))?;
            at = self.follow(child, depth + 1)?;
        }
        let value = match pending.wrap {
            Wrap::Value => at,
            Wrap::Promise => self.alloc(Some(Node::Promise(at)))?,
            Wrap::Map | Wrap::Set | Wrap::Iterator => {
                let Some(Node::Array(items)) = self.nodes[at.0].clone() else {
                    return Err(invalid("a Map, Set or iterator needs an array"));
                };
                if !self.consumed.insert(at) {
                    return Err(ReplyError::AlreadyUsed(pending.text));
                }
                let items = items
                    .iter()
                    .map(|&i| self.follow(i, depth + 1))
                    .collect::<Result<Vec<_>, _>>()?;
                let node = match pending.wrap {
                    Wrap::Map => Node::Map(self.map_entries(&items, depth, &invalid)?),
                    Wrap::Set => Node::Set(self.unique(items)),
                    _ => Node::Iterator(items),
                };
                self.alloc(Some(node))?
            }
            Wrap::ServerReference => {
                let Some(Node::Object(props)) = self.nodes[at.0].clone() else {
                    return Err(invalid("a server reference needs an object {id, bound}"));
                };
                let get = |key: &str| props.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
                let id = match get("id").map(|id| self.follow(id, depth + 1)).transpose()? {
                    Some(id) => match &self.nodes[id.0] {
                        Some(Node::String(s)) => s.clone(),
                        _ => return Err(invalid("its `id` is not a string")),
                    },
                    None => return Err(invalid("it has no `id`")),
                };
                let bound = match get("bound")
                    .map(|b| self.follow(b, depth + 1))
                    .transpose()?
                {
                    Some(b) => match self.nodes[b.0].clone() {
                        Some(Node::Promise(inner)) => Some(self.follow(inner, depth + 1)?),
                        _ => None,
                    },
                    None => None,
                };
                self.alloc(Some(Node::ServerReference { id, bound }))?
            }
        };
        self.in_progress.remove(&slot);
        self.resolved.insert(slot, value);
        Ok(value)
    }

    /// `new Map(entries)`: each entry an array `[key, value]`; a later equal key
    /// replaces the value but keeps the first position.
    fn map_entries(
        &mut self,
        items: &[ValueId],
        depth: usize,
        invalid: &dyn Fn(&str) -> ReplyError,
    ) -> Result<Vec<(ValueId, ValueId)>, ReplyError> {
        let mut entries: Vec<(ValueId, ValueId)> = Vec::new();
        let mut positions: HashMap<SameValueZero, usize> = HashMap::new();
        for &item in items {
            let Some(Node::Array(pair)) = self.nodes[item.0].clone() else {
                return Err(invalid("each Map entry must be an array [key, value]"));
            };
            let mut part = |i: usize| -> Result<ValueId, ReplyError> {
                match pair.get(i) {
                    Some(&id) => self.follow(id, depth + 1),
                    None => self.alloc(Some(Node::Undefined)),
                }
            };
            let (key, value) = (part(0)?, part(1)?);
            match positions.entry(self.same_value_zero(key)) {
                std::collections::hash_map::Entry::Occupied(at) => entries[*at.get()].1 = value,
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(entries.len());
                    entries.push((key, value));
                }
            }
        }
        Ok(entries)
    }

    /// `new Set(items)`: equal items kept once.
    fn unique(&self, items: Vec<ValueId>) -> Vec<ValueId> {
        let mut seen = HashSet::new();
        items
            .into_iter()
            .filter(|&item| seen.insert(self.same_value_zero(item)))
            .collect()
    }

    /// What makes two Map keys or Set items the same (JavaScript's SameValueZero).
    fn same_value_zero(&self, id: ValueId) -> SameValueZero {
        match &self.nodes[id.0] {
            Some(Node::Undefined) => SameValueZero::Undefined,
            Some(Node::Null) => SameValueZero::Null,
            Some(Node::Bool(b)) => SameValueZero::Bool(*b),
            Some(Node::Number(n)) if n.is_nan() => SameValueZero::NaN,
            // 0 and -0 are the same key.
            Some(Node::Number(n)) => SameValueZero::Number((n + 0.0).to_bits()),
            Some(Node::String(s)) => SameValueZero::String(s.clone()),
            Some(Node::BigInt(d)) => SameValueZero::BigInt(d.clone()),
            _ => SameValueZero::Object(id),
        }
    }

    /// The final arena: only nodes reachable from the root, placeholders replaced by
    /// what they resolved to.
    fn compact(&self, root: ValueId) -> Reply {
        let target = |id: ValueId| -> ValueId {
            let mut id = id;
            while self.nodes[id.0].is_none() {
                id = self.resolved[&id.0];
            }
            id
        };
        let mut new_id: HashMap<ValueId, ValueId> = HashMap::new();
        let mut order = vec![target(root)];
        new_id.insert(order[0], ValueId(0));
        let mut next = 0;
        while next < order.len() {
            let node = self.nodes[order[next].0]
                .as_ref()
                .expect("resolved nodes are filled");
            for child in node.children() {
                let child = target(child);
                if let std::collections::hash_map::Entry::Vacant(slot) = new_id.entry(child) {
                    slot.insert(ValueId(order.len()));
                    order.push(child);
                }
            }
            next += 1;
        }
        let remap = |id: ValueId| new_id[&target(id)];
        let nodes = order
            .iter()
            .map(|old| {
                Node::map_children(
                    self.nodes[old.0]
                        .as_ref()
                        .expect("resolved nodes are filled"),
                    &remap,
                )
            })
            .collect();
        let temporary_references = self
            .temporary
            .iter()
            .filter_map(|(old, path)| Some((*new_id.get(old)?, path.clone())))
            .collect();
        Reply {
            nodes,
            root: ValueId(0),
            temporary_references,
        }
    }
}

/// `BigInt(text)` for the decimal form React sends: an optional sign and digits
/// (empty means 0), at most 300 characters as React checks. Normalised.
fn bigint(text: &str) -> Option<String> {
    if text.len() > 300 {
        return None;
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = digits.trim_start_matches('0');
    Some(match (negative, digits.is_empty()) {
        (_, true) => "0".into(),
        (true, false) => format!("-{digits}"),
        (false, false) => digits.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(body: &str) -> Json {
        let reply = decode(&ReplyBody::Text(body.into())).unwrap();
        reply.describe(reply.root)
    }

    fn form(fields: &[(&str, &str)]) -> Reply {
        let fields = fields
            .iter()
            .map(|(n, t)| (n.to_string(), FormEntry::Text(t.to_string())))
            .collect();
        decode(&ReplyBody::Form(fields)).unwrap()
    }

    #[test]
    fn inline_encodings() {
        assert_eq!(
            text(
                r#"["$undefined","$-0","$NaN","$Infinity","$-Infinity","$n-0012","$D1970-01-01T00:00:00.000Z","$$x"]"#
            ),
            json!({"array": [{"undefined": true}, {"number": "-0"}, {"number": "NaN"}, {"number": "Infinity"},
                {"number": "-Infinity"}, {"bigint": "-12"}, {"date": "1970-01-01T00:00:00.000Z"}, "$x"]})
        );
        assert_eq!(
            text(r#"[{"a":"$undefined","b":1}]"#),
            json!({"array": [{"object": {"b": 1}}]})
        );
    }

    #[test]
    fn shared_and_cyclic_objects_are_one_node() {
        let reply = decode(&ReplyBody::Text(
            r#"[{"name":"loop","self":"$0:0"},"$0:0"]"#.into(),
        ))
        .unwrap();
        let Node::Array(args) = reply.root() else {
            panic!()
        };
        assert_eq!(args[0], args[1]);
        let Node::Object(props) = reply.node(args[0]) else {
            panic!()
        };
        assert_eq!(props[1].1, args[0]);
        assert_eq!(
            reply.js_string(reply.root),
            "[object Object],[object Object]"
        );
    }

    #[test]
    fn maps_sets_promises_and_server_references_use_rows() {
        let reply = form(&[
            ("0", r#"["$Q1","$W2","$@3","$h4","$1:0:1"]"#),
            ("1", r#"[["k",{"n":1}],["k",2]]"#),
            ("2", r#"[1,1,"1"]"#),
            ("3", r#""done""#),
            ("4", r#"{"id":"abc","bound":"$@5"}"#),
            ("5", r#"["x"]"#),
        ]);
        assert_eq!(
            reply.describe(reply.root),
            json!({"array": [
                {"map": [["k", 2]]},
                {"set": [1, "1"]},
                {"promise": "done"},
                {"serverReference": {"id": "abc", "bound": ["x"]}},
                {"object": {"n": 1}},
            ]})
        );
        assert_eq!(reply.type_of(reply.arguments()[3]), "function");
    }

    #[test]
    fn form_data_blobs_and_typed_arrays_use_fields() {
        let file = |bytes: &[u8]| {
            FormEntry::File(Blob {
                name: Some("blob".into()),
                content_type: String::new(),
                bytes: bytes.to_vec(),
            })
        };
        let fields = vec![
            ("_1_name".to_string(), FormEntry::Text("Erin".into())),
            ("2".to_string(), file(b"hi")),
            ("3".to_string(), file(&[1, 0, 255, 255])),
            (
                "0".to_string(),
                FormEntry::Text(r#"["$K1","$B2","$S3","$B2"]"#.into()),
            ),
        ];
        let reply = decode(&ReplyBody::Form(fields)).unwrap();
        let args = reply.arguments();
        assert_eq!(reply.js_string(args[0]), "[object FormData]");
        assert_eq!(reply.js_string(args[2]), "1,-1");
        assert_eq!(args[1], args[3], "one Blob referenced twice is one object");
    }

    #[test]
    fn broken_replies_are_errors_that_name_the_problem() {
        let err = |body: &str| {
            decode(&ReplyBody::Text(body.into()))
                .unwrap_err()
                .to_string()
        };
        assert!(err("[\"$1\"]").contains("no field `1`"));
        assert!(err("[\"$Zoo\"]").contains("not a reference"));
        assert!(err("\"$0\"").contains("cycle"));
        assert!(err("[{\"a\":1},\"$0:0:b\"]").contains("there is no `b`"));
        assert!(err("[\"$n12x\"]").contains("BigInt"));
        assert!(err("[1,").contains("not valid JSON"));
        let twice = decode(&ReplyBody::Form(vec![
            ("0".into(), FormEntry::Text(r#"["$Q1","$Q1"]"#.into())),
            ("1".into(), FormEntry::Text("[]".into())),
        ]));
        assert!(matches!(twice, Err(ReplyError::AlreadyUsed(_))));
    }
}
