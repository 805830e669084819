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
use std::path::Path;

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
        request: traffic::render::request_text(exchange, SHOWN_REQUEST_BODY),
        response: traffic::render::response_text(exchange, SHOWN_RESPONSE_BODY),
    })
}
