//! "Predict the wire" questions: a quiz question that shows a recorded request and
//! asks what came back.
//!
//! A question with `panel = "<example>/<scenario>"` is one. The prompt is shown with
//! the request as it was sent, and checking the answer reveals the response as it was
//! recorded: from real Next.js when that recording exists (the point of the book is
//! what Next.js sends), otherwise from our example. The text comes from the same
//! transcripts as the chapter's panels, so a question can never claim a status or a
//! header the recording does not have without the author seeing it next to the
//! recording.

use crate::traffic_directive::{load_panel, parse_target};
use anyhow::Result;
use std::fmt::Write as _;
use std::path::Path;
use traffic::Exchange;

/// How much of a request body the prompt shows: enough to recognise it.
const SHOWN_REQUEST_BODY: usize = 600;
/// How much of the response the answer shows; the chapter's panel has the rest.
const SHOWN_RESPONSE_BODY: usize = 1_200;

/// What a "predict the wire" question shows: the request before, the response after.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    /// `example/scenario`, as in `{{#traffic}}`.
    pub panel: String,
    /// Who answered: "Next.js 16.4.6" or "our example".
    pub source: String,
    pub request: String,
    pub response: String,
}

/// Reads the recording a question points at (`api-routes/put-not-allowed`).
pub fn recording(root: &Path, panel: &str) -> Result<Recording> {
    let (example, scenario) = parse_target(panel)?;
    let data = load_panel(root, example, scenario)?;
    let (source, exchange) = match &data.next {
        Some(next) => (
            traffic::examples::NEXT_LABEL.replace("next-", "Next.js "),
            next,
        ),
        None => ("our example".to_owned(), &data.ours),
    };
    Ok(Recording {
        panel: panel.to_owned(),
        source,
        request: request_text(exchange),
        response: traffic::render::response_text(exchange, SHOWN_RESPONSE_BODY),
    })
}

/// The request line, its headers and the start of its body, as HTTP/1.1 text.
fn request_text(exchange: &Exchange) -> String {
    let request = &exchange.request;
    let mut out = format!("{} {} HTTP/1.1\n", request.method, request.path);
    for (name, value) in &request.headers {
        let _ = writeln!(out, "{name}: {value}");
    }
    if request.body.size > 0 {
        out.push('\n');
        match &request.body.text {
            Some(text) if text.len() > SHOWN_REQUEST_BODY => {
                let cut = (0..=SHOWN_REQUEST_BODY)
                    .rev()
                    .find(|i| text.is_char_boundary(*i))
                    .unwrap_or(0);
                let _ = writeln!(
                    out,
                    "{}\n... {} more bytes",
                    &text[..cut],
                    request.body.size - cut as u64
                );
            }
            Some(text) => out.push_str(text),
            None => {
                let _ = write!(out, "({} bytes of binary data)", request.body.size);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(body: &str) -> Exchange {
        serde_json::from_value(serde_json::json!({
            "id": 0, "example": "demo", "scenario": "s", "started_unix_ms": 0,
            "request": {
                "method": "POST", "path": "/api/x",
                "headers": [["content-type", "application/json"]],
                "body": {"size": body.len(), "text": body}
            },
            "response": null, "chunks": []
        }))
        .unwrap()
    }

    #[test]
    fn the_request_shows_its_line_headers_and_body() {
        let text = request_text(&exchange("{\"a\":1}"));
        assert_eq!(
            text,
            "POST /api/x HTTP/1.1\ncontent-type: application/json\n\n{\"a\":1}"
        );
    }

    #[test]
    fn a_long_body_is_cut_and_says_how_much_is_left() {
        let text = request_text(&exchange(&"é".repeat(400)));
        assert!(text.ends_with("... 200 more bytes\n"), "{text}");
    }
}
