//! Reading a Flight payload (a `text/x-component` body) into rows, as React's Flight
//! client does (`processBinaryChunk` in `ReactFlightClient.js`, React 19.3).
//!
//! A row starts with its id in hexadecimal and a colon. What follows decides how long
//! the row is:
//!
//! - a *length-prefixed* tag (`T` text, `A O o U S s L l G g M m V` typed arrays, `b`
//!   a byte-stream chunk) is followed by the length in hex, a comma, and exactly that
//!   many **bytes** (UTF-8 bytes for `T`, not characters). There is no newline after it,
//!   which is why a text row can hold newlines.
//! - any other upper-case letter (or `r`, `x`, `#`) is a one-letter tag; the row runs to
//!   the next newline. `I` a client reference, `H` a hint (its second letter says which),
//!   `E` an error, `D` `J` `W` `N` development debug info, `R r X x C` streams, `P` a
//!   postponed row (React 19.0).
//! - anything else is a plain *model* row: JSON up to the next newline.
//!
//! Rows that break these rules are kept as [`RowKind::Unknown`] with their raw text,
//! so a reader sees them instead of losing them. [`read`] never fails and never panics.

use base64::Engine as _;
use serde::Serialize;
use serde_json::Value;

use crate::refs::{self, Context, Reference};

/// What a row is, by its tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// Plain JSON: an element tree, a value, Next.js's page data.
    Model,
    /// `I`: a client component (module id, chunks, export name).
    ClientReference,
    /// `H`: a resource hint (preload, preconnect…), the next letter says which.
    Hint,
    /// `T`: a long string, length-prefixed.
    Text,
    /// `A O o U S s L l G g M m V b`: bytes of an ArrayBuffer, typed array or byte stream.
    Binary,
    /// `E`: an error (a digest; in development also the message and stack).
    Error,
    /// `D`: debug info about another row (development).
    DebugInfo,
    /// `N`: the server's time origin (development).
    Timing,
    /// `J`: I/O debug info (development).
    IoInfo,
    /// `W`: a `console.*` call replayed from the server (development).
    Console,
    /// `R`: the start of a ReadableStream; later rows with the same id are its items.
    Stream,
    /// `r`: the start of a byte ReadableStream.
    ByteStream,
    /// `X`: the start of an async iterable.
    AsyncIterable,
    /// `x`: the start of an async iterator.
    AsyncIterator,
    /// `C`: the end of a stream or iterable (with its final value, if any).
    StreamEnd,
    /// `P`: a postponed row (partial prerendering in React 19.0).
    Postpone,
    /// An empty model row: React "halts" the row; it will never be filled.
    Halt,
    /// Not something React 19.3 sends: kept with its raw text.
    Unknown,
}

/// One row of a payload.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The row id; `None` only for unknown rows whose id could not be read.
    pub id: Option<u64>,
    /// The tag as sent (`"I"`, `"HL"`, `"T"`…), `None` for model rows.
    pub tag: Option<String>,
    pub kind: RowKind,
    /// Where the row starts in the payload, in bytes, and how many bytes it takes
    /// (id, tag and newline included), so a caller can tell which chunk brought it.
    pub offset: usize,
    pub len: usize,
    /// The row's content after the tag: text as sent (invalid UTF-8 replaced), or
    /// base64 for binary rows.
    pub payload: String,
    /// The parsed JSON, for rows that carry JSON.
    #[serde(skip)]
    pub json: Option<Value>,
    /// Why a row is [`RowKind::Unknown`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// A payload read into rows, in the order they were sent.
#[derive(Debug, Clone, Default)]
pub struct Payload {
    pub rows: Vec<Row>,
    /// The index of the first row with each id, so lookups stay fast on big payloads.
    first_row: std::collections::HashMap<u64, usize>,
}

/// Tags followed by a hex length and a comma (`ReactFlightClient.js`, row state 2).
fn is_length_prefixed(tag: u8) -> bool {
    b"TAOobUSsLlGgMmV".contains(&tag)
}

/// Tags that take one letter and run to the newline (row state 3).
fn is_line_tag(tag: u8) -> bool {
    tag.is_ascii_uppercase() || matches!(tag, b'#' | b'r' | b'x')
}

/// Reads every row of `payload`.
pub fn read(payload: &[u8]) -> Payload {
    let mut rows = Vec::new();
    let mut at = 0;
    while at < payload.len() {
        let (row, next) = read_row(payload, at);
        rows.push(row);
        at = next.max(at + 1);
    }
    let mut first_row = std::collections::HashMap::new();
    for (index, row) in rows.iter().enumerate() {
        if let Some(id) = row.id {
            first_row.entry(id).or_insert(index);
        }
    }
    Payload { rows, first_row }
}

/// Reads the row starting at `start`; returns it and where the next row starts.
fn read_row(payload: &[u8], start: usize) -> (Row, usize) {
    let line_end = |from: usize| {
        payload[from..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(payload.len(), |i| from + i + 1)
    };
    let unknown = |end: usize, problem: String| {
        let mut row = Row::new(None, None, RowKind::Unknown, start, end - start);
        row.payload = lossy(trim_newline(&payload[start..end]));
        row.problem = Some(problem);
        (row, end)
    };
    let Some(colon) = payload[start..]
        .iter()
        .position(|&b| b == b':' || b == b'\n')
    else {
        return unknown(payload.len(), "no `:` after the row id (truncated?)".into());
    };
    let colon = start + colon;
    let id_text = String::from_utf8_lossy(&payload[start..colon]);
    let Some(id) = (payload[colon] == b':')
        .then(|| refs::parse_hex_id(&id_text))
        .flatten()
    else {
        let end = line_end(start);
        return unknown(end, format!("`{id_text}` is not a hexadecimal row id"));
    };
    let body = colon + 1;
    let tag = payload.get(body).copied();
    match tag {
        Some(tag) if is_length_prefixed(tag) => read_length_prefixed(payload, start, id, tag),
        Some(tag) if is_line_tag(tag) => {
            let end = line_end(body);
            let content = &payload[body + 1..end];
            let mut row = line_row(id, tag, content, start, end - start);
            if !payload[..end].ends_with(b"\n") {
                row.kind = RowKind::Unknown;
                row.problem = Some("the row has no final newline (truncated?)".into());
            }
            (row, end)
        }
        _ => {
            let end = line_end(body);
            let content = &payload[body..end];
            let mut row = model_row(id, content, start, end - start);
            if !payload[..end].ends_with(b"\n") {
                row.kind = RowKind::Unknown;
                row.problem = Some("the row has no final newline (truncated?)".into());
            }
            (row, end)
        }
    }
}

/// `T`, typed-array and `b` rows: `<id>:<tag><hex length>,<bytes>`.
fn read_length_prefixed(payload: &[u8], start: usize, id: u64, tag: u8) -> (Row, usize) {
    let after_tag = start
        + payload[start..]
            .iter()
            .position(|&b| b == b':')
            .unwrap_or(0)
        + 2;
    let comma = payload[after_tag.min(payload.len())..]
        .iter()
        .take(17)
        .position(|&b| b == b',')
        .map(|i| after_tag + i);
    let length = comma.and_then(|c| {
        let hex = std::str::from_utf8(&payload[after_tag..c]).ok()?;
        refs::parse_hex_id(hex).and_then(|n| usize::try_from(n).ok())
    });
    let (Some(comma), Some(length)) = (comma, length) else {
        let end = payload[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(payload.len(), |i| start + i + 1);
        let mut row = Row::new(
            Some(id),
            Some((tag as char).to_string()),
            RowKind::Unknown,
            start,
            end - start,
        );
        row.payload = lossy(trim_newline(&payload[start..end]));
        row.problem = Some(format!(
            "a `{}` row needs a hex length and a comma",
            tag as char
        ));
        return (row, end);
    };
    let data_start = comma + 1;
    let available = payload.len() - data_start;
    let end = data_start + length.min(available);
    let data = &payload[data_start..end];
    let kind = if tag == b'T' {
        RowKind::Text
    } else {
        RowKind::Binary
    };
    let mut row = Row::new(
        Some(id),
        Some((tag as char).to_string()),
        kind,
        start,
        end - start,
    );
    row.payload = if tag == b'T' {
        lossy(data)
    } else {
        base64::engine::general_purpose::STANDARD.encode(data)
    };
    if length > available {
        row.kind = RowKind::Unknown;
        row.problem = Some(format!(
            "the row announces {length} bytes but only {available} follow (truncated?)"
        ));
    }
    (row, end)
}

/// A row with a one-letter tag that runs to the newline.
fn line_row(id: u64, tag: u8, content: &[u8], offset: usize, len: usize) -> Row {
    let text = lossy(trim_newline(content));
    let (kind, json_text) = match tag {
        b'I' => (RowKind::ClientReference, Some(text.as_str())),
        b'H' => (RowKind::Hint, text.get(1..)),
        b'E' => (RowKind::Error, Some(text.as_str())),
        b'D' => (RowKind::DebugInfo, Some(text.as_str())),
        b'N' => (RowKind::Timing, Some(text.as_str())),
        b'J' => (RowKind::IoInfo, Some(text.as_str())),
        b'W' => (RowKind::Console, Some(text.as_str())),
        b'P' => (
            RowKind::Postpone,
            Some(text.as_str()).filter(|t| !t.is_empty()),
        ),
        b'R' => (RowKind::Stream, None),
        b'r' => (RowKind::ByteStream, None),
        b'X' => (RowKind::AsyncIterable, None),
        b'x' => (RowKind::AsyncIterator, None),
        b'C' => (
            RowKind::StreamEnd,
            Some(text.as_str()).filter(|t| !t.is_empty()),
        ),
        _ => (RowKind::Unknown, None),
    };
    let tag_text = match (tag, text.chars().next()) {
        (b'H', Some(code)) => format!("H{code}"),
        _ => (tag as char).to_string(),
    };
    let mut row = Row::new(Some(id), Some(tag_text), kind, offset, len);
    if kind == RowKind::Unknown {
        row.problem = Some(format!("React 19.3 sends no `{}` rows", tag as char));
    } else if let Some(json) = json_text {
        match serde_json::from_str(json) {
            Ok(value) => row.json = Some(value),
            Err(e) => {
                row.kind = RowKind::Unknown;
                row.problem = Some(format!("not valid JSON: {e}"));
            }
        }
    }
    if kind == RowKind::Hint && text.is_empty() {
        row.kind = RowKind::Unknown;
        row.problem = Some("a hint row needs a hint code".into());
    }
    row.payload = text;
    row
}

/// A row without a tag: JSON, or empty for a halted row.
fn model_row(id: u64, content: &[u8], offset: usize, len: usize) -> Row {
    let text = lossy(trim_newline(content));
    let mut row = Row::new(Some(id), None, RowKind::Model, offset, len);
    if text.is_empty() {
        row.kind = RowKind::Halt;
    } else {
        match serde_json::from_str(&text) {
            Ok(value) => row.json = Some(value),
            Err(e) => {
                row.kind = RowKind::Unknown;
                row.problem = Some(format!("not valid JSON: {e}"));
            }
        }
    }
    row.payload = text;
    row
}

impl Row {
    fn new(id: Option<u64>, tag: Option<String>, kind: RowKind, offset: usize, len: usize) -> Self {
        Row {
            id,
            tag,
            kind,
            offset,
            len,
            payload: String::new(),
            json: None,
            problem: None,
        }
    }

    /// The references this row makes to other rows and special values. In error rows
    /// only `cause` and `errors` are read as models, as React does.
    pub fn references(&self) -> Vec<Reference> {
        let Some(json) = &self.json else {
            return Vec::new();
        };
        match self.kind {
            RowKind::Error => ["cause", "errors"]
                .iter()
                .filter_map(|k| json.get(k))
                .flat_map(|v| refs::collect(v, Context::Answer))
                .collect(),
            RowKind::Timing => Vec::new(),
            _ => refs::collect(json, Context::Answer),
        }
    }
}

impl Payload {
    /// The first row with this id (streams reuse an id for their items).
    pub fn row(&self, id: u64) -> Option<&Row> {
        self.first_row.get(&id).map(|&index| &self.rows[index])
    }

    /// References to rows that were never sent, with the index of the row making them.
    pub fn dangling(&self) -> Vec<(usize, Reference)> {
        let sent = &self.first_row;
        let mut out = Vec::new();
        for (index, row) in self.rows.iter().enumerate() {
            // Development builds point debug rows (`D`) at rows that this stream
            // does not carry: in the `next dev` recordings, `1:D"$2"` and no row 2.
            // A client without React's debug tools never resolves them.
            if row.kind == RowKind::DebugInfo {
                continue;
            }
            for reference in row.references() {
                let debug_only = reference.kind == refs::RefKind::Omitted;
                if let Some(target) = reference.target {
                    if !sent.contains_key(&target) && !debug_only {
                        out.push((index, reference));
                    }
                }
            }
        }
        out
    }

    /// Rows React 19.3 would not understand.
    pub fn unknown_rows(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.kind == RowKind::Unknown)
    }
}

fn trim_newline(bytes: &[u8]) -> &[u8] {
    bytes.strip_suffix(b"\n").unwrap_or(bytes)
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(payload: &str) -> Vec<(Option<u64>, RowKind)> {
        read(payload.as_bytes())
            .rows
            .iter()
            .map(|r| (r.id, r.kind))
            .collect()
    }

    #[test]
    fn rows_of_each_kind_are_recognised() {
        let payload = "0:[\"$\",\"main\",null,{}]\n2:I[1,[\"$3\"],\"default\"]\n3:\"/a.js\"\n4:HL[\"/a.css\",\"style\"]\n5:E{\"digest\":\"1\"}\n7:X\n7:1\n7:C\n8:\n";
        assert_eq!(
            kinds(payload),
            [
                (Some(0), RowKind::Model),
                (Some(2), RowKind::ClientReference),
                (Some(3), RowKind::Model),
                (Some(4), RowKind::Hint),
                (Some(5), RowKind::Error),
                (Some(7), RowKind::AsyncIterable),
                (Some(7), RowKind::Model),
                (Some(7), RowKind::StreamEnd),
                (Some(8), RowKind::Halt),
            ]
        );
        assert_eq!(read(payload.as_bytes()).rows[3].tag.as_deref(), Some("HL"));
    }

    #[test]
    fn text_rows_count_utf8_bytes_and_need_no_newline() {
        // "é" is two bytes: the length is 6, not 5.
        let payload = "1:T6,héllo2:\"$1\"\n";
        let read = read(payload.as_bytes());
        assert_eq!(read.rows[0].kind, RowKind::Text);
        assert_eq!(read.rows[0].payload, "héllo");
        assert_eq!((read.rows[0].offset, read.rows[0].len), (0, 11));
        assert_eq!(read.rows[1].id, Some(2));
        assert_eq!(read.rows[1].offset, 11);
        assert!(read.dangling().is_empty());
    }

    #[test]
    fn binary_rows_keep_their_bytes() {
        let mut payload = b"3:o3,".to_vec();
        payload.extend([0, 255, 10]);
        payload.extend(b"0:\"$3\"\n");
        let read = read(&payload);
        assert_eq!(read.rows[0].kind, RowKind::Binary);
        assert_eq!(read.rows[0].payload, "AP8K");
        assert_eq!(read.rows[1].kind, RowKind::Model);
    }

    #[test]
    fn broken_rows_are_kept_as_unknown_with_a_reason() {
        let read = read(b"zz:1\n1:{bad\n2:T10,abc");
        assert!(read.rows.iter().all(|r| r.kind == RowKind::Unknown));
        assert_eq!(read.rows[0].payload, "zz:1");
        assert!(read.rows[2]
            .problem
            .as_deref()
            .unwrap()
            .contains("truncated"));
        assert_eq!(kinds("1:Q{}\n"), [(Some(1), RowKind::Unknown)]);
        assert_eq!(kinds("1:2"), [(Some(1), RowKind::Unknown)]);
    }

    #[test]
    fn a_debug_row_may_point_at_a_row_this_stream_does_not_carry() {
        let read = read(b"1:D\"$2\"\n1:{\"ok\":true}\n");
        assert!(read.dangling().is_empty());
    }

    #[test]
    fn dangling_references_are_reported() {
        let read = read(b"0:[\"$L1\",\"$@2\"]\n1:null\n");
        let dangling = read.dangling();
        assert_eq!(dangling.len(), 1);
        assert_eq!(dangling[0].1.text, "$@2");
    }
}
