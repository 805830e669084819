//! The rows of a response, ready to show: what the `flight` CLI prints and what a
//! panel renders. Each row says which chunk of the body brought it and when.

use serde::Serialize;

use crate::capture::Exchange;
use crate::inline::{self, InlineError};
use crate::meaning;
use crate::read::{self, Payload, RowKind};
use crate::refs::Reference;

/// One row, explained.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// The row id in hex, as written on the wire (`None` if unreadable).
    pub id: Option<String>,
    pub kind: RowKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Byte offset and length of the row in the payload.
    pub offset: usize,
    pub len: usize,
    /// The index of the chunk that completed the row, and when it arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chunk: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t_ms: Option<f64>,
    pub meaning: String,
    pub references: Vec<Reference>,
    /// References of this row to rows that were never sent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dangling: Vec<String>,
    /// The rows (hex ids) whose references this row fills: for a late row, the
    /// placeholder it replaces (`$L15` in row 8 is filled by row 15).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub referenced_by: Vec<String>,
}

/// Where the rows came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A `text/x-component` body.
    Body,
    /// The `self.__next_f.push` scripts of an HTML page.
    InlineScripts,
}

/// Explains every row of a payload. `chunk_of` maps a payload offset to the chunk
/// (index, time) that brought it, if known.
pub fn explain(
    payload: &Payload,
    chunk_of: impl Fn(usize) -> Option<(usize, f64)>,
) -> Vec<RowView> {
    let meanings = meaning::meanings(payload);
    let mut dangling: std::collections::HashMap<usize, Vec<String>> =
        std::collections::HashMap::new();
    for (index, reference) in payload.dangling() {
        dangling.entry(index).or_default().push(reference.text);
    }
    let references: Vec<Vec<Reference>> = payload.rows.iter().map(|r| r.references()).collect();
    let mut referenced_by: std::collections::HashMap<u64, Vec<String>> =
        std::collections::HashMap::new();
    for (row, refs) in payload.rows.iter().zip(&references) {
        let Some(from) = row.id else { continue };
        for target in refs.iter().filter_map(|r| r.target) {
            let list = referenced_by.entry(target).or_default();
            let from = format!("{from:x}");
            if !list.contains(&from) && list.len() < 32 {
                list.push(from);
            }
        }
    }
    payload
        .rows
        .iter()
        .zip(meanings)
        .zip(references)
        .enumerate()
        .map(|(index, ((row, meaning), references))| {
            // A row is usable once its last byte arrived.
            let arrived = chunk_of(row.offset + row.len.saturating_sub(1));
            RowView {
                id: row.id.map(|id| format!("{id:x}")),
                kind: row.kind,
                tag: row.tag.clone(),
                offset: row.offset,
                len: row.len,
                chunk: arrived.map(|(i, _)| i),
                t_ms: arrived.map(|(_, t)| t),
                meaning,
                references,
                dangling: dangling.remove(&index).unwrap_or_default(),
                // Only the first row with an id is the one references resolve to.
                referenced_by: match row.id {
                    Some(id)
                        if payload
                            .row(id)
                            .is_some_and(|first| std::ptr::eq(first, row)) =>
                    {
                        referenced_by.remove(&id).unwrap_or_default()
                    }
                    _ => Vec::new(),
                },
            }
        })
        .collect()
}

/// The rows of an exchange's response: a Flight body, or the inline rows of an HTML
/// page. `Ok(None)` when the response carries no Flight data.
pub fn response_rows(exchange: &Exchange) -> Result<Option<(Source, Vec<RowView>)>, InlineError> {
    let content_type = exchange.response_header("content-type").unwrap_or("");
    if content_type.starts_with("text/x-component") {
        let payload = read::read(&exchange.response_body);
        let rows = explain(&payload, |offset| {
            exchange.chunk_at(offset).map(|(i, c)| (i, c.t_ms))
        });
        return Ok(Some((Source::Body, rows)));
    }
    if content_type.starts_with("text/html") {
        let html = String::from_utf8_lossy(&exchange.response_body);
        let found = inline::extract(&html)?;
        if found.pushes.is_empty() {
            return Ok(None);
        }
        let payload = read::read(&found.payload);
        // A payload offset maps to the push that carried it, and that push's place in the
        // HTML to the chunk that brought it.
        let chunk_of = |offset: usize| {
            let push = found.pushes.iter().find(|p| {
                offset >= p.payload_offset && offset < p.payload_offset + p.payload_len
            })?;
            exchange
                .chunk_at(push.html_offset)
                .map(|(i, c)| (i, c.t_ms))
        };
        return Ok(Some((Source::InlineScripts, explain(&payload, chunk_of))));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_rows_know_which_placeholder_they_fill_and_when_they_came() {
        let payload = read::read(b"0:[\"$\",\"main\",null,{\"children\":\"$L1\"}]\n1:\"late\"\n");
        // The first row arrived at 5 ms, the second at 800 ms.
        let first_len = payload.rows[0].len;
        let rows = explain(&payload, |offset| {
            Some(if offset < first_len {
                (0, 5.0)
            } else {
                (1, 800.0)
            })
        });
        assert_eq!(rows[0].t_ms, Some(5.0));
        assert_eq!((rows[1].chunk, rows[1].t_ms), (Some(1), Some(800.0)));
        assert_eq!(rows[1].referenced_by, ["0"]);
        assert!(rows[0].referenced_by.is_empty());
    }
}
