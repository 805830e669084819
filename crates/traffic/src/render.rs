//! Plain-text rendering of an exchange, the way it looks on the wire.
//!
//! Used where there is no JavaScript: the static fallback inside each book panel and
//! the recorder's console output.

use crate::exchange::{Body, Exchange, Header};
use std::fmt::Write as _;

/// How much of a body the text view shows before it says "... N more bytes".
const SHOWN_BODY_BYTES: usize = 2_000;

/// The request, a blank line, then the response, each as HTTP/1.1 message text.
pub fn to_http_text(ex: &Exchange) -> String {
    let mut out = request_text(ex, SHOWN_BODY_BYTES);
    out.push('\n');
    out.push_str(&response_text(ex, SHOWN_BODY_BYTES));
    out
}

/// The request alone: the request line, the headers and the body (cut after
/// `shown_body_bytes`).
pub fn request_text(ex: &Exchange, shown_body_bytes: usize) -> String {
    let mut out = String::new();
    let req = &ex.request;
    let _ = writeln!(out, "{} {} HTTP/1.1", req.method, req.path);
    write_headers(&mut out, &req.headers);
    write_body(&mut out, &req.body, shown_body_bytes);
    out
}

/// The response alone: the status line, the headers, the body (cut after
/// `shown_body_bytes`) and, for a body that came in pieces, when each piece arrived.
/// A failed exchange says why instead.
pub fn response_text(ex: &Exchange, shown_body_bytes: usize) -> String {
    let mut out = String::new();
    match &ex.response {
        Some(res) => {
            let _ = writeln!(out, "{} {} {}", res.version, res.status, res.reason);
            write_headers(&mut out, &res.headers);
            write_body(&mut out, &res.body, shown_body_bytes);
            if ex.chunks.len() > 1 {
                let times: Vec<String> = ex
                    .chunks
                    .iter()
                    .map(|c| format!("{} B at {:.0} ms", c.size, c.t_ms))
                    .collect();
                let _ = writeln!(
                    out,
                    "\n(body arrived in {} chunks: {})",
                    ex.chunks.len(),
                    times.join(", ")
                );
            }
        }
        None => {
            let _ = writeln!(out, "(no response)");
        }
    }
    if let Some(error) = &ex.error {
        let _ = writeln!(out, "error: {error}");
    }
    out
}

fn write_headers(out: &mut String, headers: &[Header]) {
    for (name, value) in headers {
        let _ = writeln!(out, "{name}: {value}");
    }
}

fn write_body(out: &mut String, body: &Body, shown_body_bytes: usize) {
    if body.size == 0 {
        return;
    }
    out.push('\n');
    match &body.text {
        Some(text) if text.len() > shown_body_bytes => {
            let cut = (0..=shown_body_bytes)
                .rev()
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(0);
            let _ = writeln!(
                out,
                "{}\n... {} more bytes",
                &text[..cut],
                body.size - cut as u64
            );
        }
        Some(text) => {
            out.push_str(text);
            out.push('\n');
        }
        None => {
            let _ = writeln!(out, "({} bytes of binary data)", body.size);
        }
    }
    if body.truncated {
        let _ = writeln!(out, "(recording cut off after the cap)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(body: &str) -> Exchange {
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
        let text = request_text(&posting("{\"a\":1}"), 100);
        assert_eq!(
            text,
            "POST /api/x HTTP/1.1\ncontent-type: application/json\n\n{\"a\":1}\n"
        );
    }

    #[test]
    fn a_long_body_is_cut_and_says_how_much_is_left() {
        let text = request_text(&posting(&"é".repeat(400)), 600);
        assert!(text.ends_with("... 200 more bytes\n"), "{text}");
    }
}
