//! An exchange read for the learner, computed once in Rust and rendered by the page:
//! the book's preprocessor embeds it in each panel at build time, and the playground
//! serves it for live exchanges at `/__playground/exchanges/<id>.decoded`.
//!
//! - [`rows`]: the Flight rows of a `text/x-component` body or of an HTML page's
//!   inline scripts, with arrival times, meanings, references, and which chunk
//!   brought which rows.
//! - [`action`]: a Server Action call decoded: which action, its id's first byte,
//!   arguments and bound values, and the result and `x-action-*` headers.
//! - [`glossary`]: the one-line explanation of every header the book teaches, and
//!   the registry of action ids.
//! - [`diff`]: two exchanges compared, accepted differences marked with their reason.

pub mod action;
pub mod diff;
pub mod glossary;
pub mod rows;

use serde::Serialize;

use crate::Exchange;

/// Everything the panel shows about one exchange beyond its raw bytes.
#[derive(Debug, Clone, Serialize)]
pub struct Decoded {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<rows::RowsView>,
    /// Why the rows could not be read, when the answer should have had some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows_error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<action::ActionView>,
    /// The explanation of each header of this exchange the book teaches.
    pub headers: Vec<HeaderHint>,
}

/// One header's explanation, with where the appendix tells more.
#[derive(Debug, Clone, Serialize)]
pub struct HeaderHint {
    /// Lowercase, to match header names in any case.
    pub name: String,
    pub text: String,
    /// The id of its row in the headers appendix.
    pub anchor: String,
}

/// Reads `exchange` for the panel. Never fails: what cannot be read is said in
/// `rows_error` or the action's `decode_error`.
pub fn decode(exchange: &Exchange) -> Decoded {
    let (captured, rows_error) = match to_capture(exchange) {
        Ok(captured) => (Some(captured), None),
        Err(why) => (None, Some(why)),
    };
    let (rows, rows_error) = match captured.as_ref().map(rows::rows) {
        Some(Ok(rows)) => (rows, rows_error),
        Some(Err(why)) => (None, Some(why)),
        None => (None, rows_error),
    };
    let action = captured
        .as_ref()
        .and_then(|c| action::action(c, rows.as_ref()));
    Decoded {
        rows,
        rows_error,
        action,
        headers: header_hints(exchange),
    }
}

/// flight reads transcripts in their JSON form (decompressing gzip bodies on the way).
pub fn to_capture(exchange: &Exchange) -> Result<flight::capture::Exchange, String> {
    let json = serde_json::to_string(exchange).map_err(|e| e.to_string())?;
    let mut found = flight::capture::load(&json).map_err(|e| e.to_string())?;
    found
        .pop()
        .ok_or_else(|| "the exchange has no response to read".to_owned())
}

fn header_hints(exchange: &Exchange) -> Vec<HeaderHint> {
    let response = exchange.response.iter().flat_map(|r| &r.headers);
    let mut hints: Vec<HeaderHint> = Vec::new();
    for (name, _) in exchange.request.headers.iter().chain(response) {
        let Some(note) = glossary::header(name) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        if hints.iter().all(|h| h.name != lower) {
            hints.push(HeaderHint {
                name: lower,
                text: note.text.clone(),
                anchor: note.anchor(),
            });
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn transcript(path: &str) -> Exchange {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn the_streamed_page_shows_a_client_reference_and_a_late_row() {
        let decoded = decode(&transcript(
            "examples/server-components/transcripts/rsc.json",
        ));
        let rows = decoded.rows.unwrap();
        let kinds: Vec<_> = rows
            .rows
            .iter()
            .map(|r| serde_json::to_value(r.view.kind).unwrap())
            .collect();
        assert!(
            kinds.contains(&serde_json::json!("client_reference")),
            "{kinds:?}"
        );
        let first = rows.rows[0].view.t_ms.unwrap();
        let late = rows
            .rows
            .iter()
            .find(|r| r.view.t_ms.unwrap() - first > 400.0)
            .expect("a row that arrives late");
        assert!(!late.view.referenced_by.is_empty(), "{late:?}");
        assert!(decoded.headers.iter().any(|h| h.name == "vary"));
    }

    #[test]
    fn every_action_id_the_examples_send_is_registered() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut checked = 0;
        for example in crate::examples::all(&root).unwrap() {
            for entry in std::fs::read_dir(example.dir.join("transcripts"))
                .into_iter()
                .flatten()
            {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                let exchange: Exchange = serde_json::from_str(&text).unwrap();
                let Some(action) = decode(&exchange).action else {
                    continue;
                };
                // Ids Next.js refuses (400 malformed, 409 unknown) are meant to be unknown.
                let refused = matches!(
                    exchange.response.as_ref().map(|r| r.status),
                    Some(400 | 409)
                );
                if !refused && action.id.len() == 42 {
                    assert!(
                        action.action.is_some(),
                        "{}: {} is not in book-data/actions.json",
                        path.display(),
                        action.id
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 10, "only {checked} action calls found");
    }

    #[test]
    fn a_guestbook_call_decodes_with_its_result() {
        let decoded = decode(&transcript(
            "examples/server-actions/transcripts/05-js-greet.json",
        ));
        let action = decoded.action.unwrap();
        assert_eq!(action.action.unwrap().name, "greet");
        assert_eq!(action.arguments[0].string, "world");
        let result = action.result.unwrap();
        assert!(result.excerpt.contains("Hello, world!"), "{result:?}");
    }
}
