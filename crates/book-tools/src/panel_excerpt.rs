//! Big bodies are excerpted in the panels, so a chapter stays light.
//!
//! Two size-limit scenarios send a megabyte; their recordings keep 64 KiB, once for our
//! example and once for Next.js. Embedding that would make one chapter a megabyte of
//! HTML for text no reader scrolls through. A body over [`EXCERPT_ABOVE`] bytes keeps
//! its first [`EXCERPT_BYTES`] in the panel, marked `"excerpt": true`, so the page says
//! that it shows an excerpt (the committed transcript has the whole recording). Every
//! other body, streamed pages included (real Next.js's are under 8 KiB), is embedded
//! whole.

use serde_json::Value;
use traffic::exchange::Body;
use traffic::Exchange;

/// Bodies above this many bytes are excerpted.
pub const EXCERPT_ABOVE: usize = 16 * 1024;

/// How many bytes of an excerpted body the panel keeps.
pub const EXCERPT_BYTES: usize = 4 * 1024;

/// The exchange as a panel embeds it: bodies over [`EXCERPT_ABOVE`] cut, each cut body
/// marked with `"excerpt": true`.
pub fn excerpted(exchange: &Exchange) -> (Exchange, Excerpts) {
    let mut cut = exchange.clone();
    let excerpts = Excerpts {
        request: cut_body(&mut cut.request.body),
        response: cut.response.as_mut().is_some_and(|r| cut_body(&mut r.body)),
    };
    (cut, excerpts)
}

/// Which bodies of an exchange were cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Excerpts {
    pub request: bool,
    pub response: bool,
}

impl Excerpts {
    pub fn any(self) -> bool {
        self.request || self.response
    }

    /// Marks the cut bodies in the exchange's JSON, for the page to say so.
    pub fn mark(self, json: &mut Value) {
        if self.request {
            json["request"]["body"]["excerpt"] = true.into();
        }
        if self.response {
            json["response"]["body"]["excerpt"] = true.into();
        }
    }
}

/// Keeps the first [`EXCERPT_BYTES`] of a text body (on a character boundary) or of a
/// base64 body (on a whole group of 3 bytes) over [`EXCERPT_ABOVE`]; `size` still says
/// what was sent.
fn cut_body(body: &mut Body) -> bool {
    if let Some(text) = &mut body.text {
        if text.len() > EXCERPT_ABOVE {
            let mut end = EXCERPT_BYTES;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            return true;
        }
    }
    if let Some(base64) = &mut body.base64 {
        if base64.len() > EXCERPT_ABOVE / 3 * 4 {
            base64.truncate(EXCERPT_BYTES / 3 * 4);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use traffic::exchange::RecordedRequest;

    fn posting(body: Body) -> Exchange {
        Exchange {
            id: 0,
            example: "api-routes".into(),
            scenario: None,
            started_unix_ms: 0,
            request: RecordedRequest {
                method: "POST".into(),
                path: "/api/echo".into(),
                headers: vec![],
                body,
            },
            response: None,
            chunks: vec![],
            error: None,
        }
    }

    #[test]
    fn big_text_bodies_keep_their_first_bytes_on_a_character_boundary() {
        // "é" is two bytes: one of them straddles the limit.
        let text = format!(
            "{}é{}",
            "a".repeat(EXCERPT_BYTES - 1),
            "b".repeat(EXCERPT_ABOVE)
        );
        let (cut, excerpts) = excerpted(&posting(Body::capture(text.as_bytes(), 1 << 20)));
        assert_eq!(
            excerpts,
            Excerpts {
                request: true,
                response: false
            }
        );
        let kept = cut.request.body.text.unwrap();
        assert_eq!(kept, "a".repeat(EXCERPT_BYTES - 1));
        assert_eq!(cut.request.body.size, text.len() as u64);

        let mut json = serde_json::json!({ "request": { "body": {} } });
        excerpts.mark(&mut json);
        assert_eq!(json["request"]["body"]["excerpt"], true);
        assert!(json.get("response").is_none());
    }

    #[test]
    fn bodies_up_to_the_limit_are_embedded_whole() {
        for body in ["{\"name\":\"Ada\"}".to_owned(), "p".repeat(EXCERPT_ABOVE)] {
            let exchange = posting(Body::capture(body.as_bytes(), 1 << 20));
            let (cut, excerpts) = excerpted(&exchange);
            assert!(!excerpts.any());
            assert_eq!(cut, exchange);
        }
    }

    #[test]
    fn big_binary_bodies_keep_whole_bytes() {
        let bytes: Vec<u8> = (0..EXCERPT_ABOVE * 2)
            .map(|i| (i % 251) as u8 | 0x80)
            .collect();
        let (cut, excerpts) = excerpted(&posting(Body::capture(&bytes, 1 << 20)));
        assert!(excerpts.request);
        let kept = cut.request.body.base64.unwrap();
        assert_eq!(kept.len() % 4, 0);
        assert!(kept.len() <= EXCERPT_BYTES / 3 * 4 && !kept.ends_with('='));
    }
}
