//! The exchange model: one HTTP request and the response it got, as seen on the wire.
//!
//! Everything that shows traffic speaks this one JSON shape: the transcripts committed
//! beside each example, the panels in the book, the playground's history and its
//! `send` endpoint. A response body is stored once, whole; `chunks` only says how it
//! arrived (when each piece came and how many bytes it held), so a streamed answer can
//! be drawn on a timeline without storing its bytes twice.

use serde::{Deserialize, Serialize};

/// A header as it crossed the wire: name and value, in order, repeats kept.
pub type Header = (String, String);

/// One request and its response (or the error that stopped it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// Unique within one playground run (0 in recorded transcripts).
    pub id: u64,
    /// The example that answered, e.g. `api-routes`, or `next-16.4.6` for real Next.js.
    pub example: String,
    /// The scenario this exchange replays, when it came from a scenario file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// When the request started, in milliseconds since the Unix epoch.
    pub started_unix_ms: u64,
    pub request: RecordedRequest,
    /// `None` when no response arrived; `error` then says why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<RecordedResponse>,
    /// How the response body arrived, in order; sizes add up to the body's size.
    #[serde(default)]
    pub chunks: Vec<Chunk>,
    /// What went wrong (connection refused, body cut off...), if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    /// Path and query as sent, e.g. `/api/hello?name=Ada`.
    pub path: String,
    #[serde(default)]
    pub headers: Vec<Header>,
    #[serde(default)]
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedResponse {
    pub status: u16,
    /// The reason phrase for the status (`OK`, `Method Not Allowed`...).
    pub reason: String,
    /// `HTTP/1.1` and the like.
    pub version: String,
    #[serde(default)]
    pub headers: Vec<Header>,
    #[serde(default)]
    pub body: Body,
    /// Milliseconds from sending the request to the response head arriving.
    pub head_ms: f64,
    /// Milliseconds from sending the request to the last body byte.
    pub total_ms: f64,
}

/// A body as recorded. UTF-8 bodies are kept as `text`; anything else (gzip, images)
/// as `base64`. Past the recording cap the rest is dropped and `truncated` is set, while
/// `size` still counts every byte that crossed the wire.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Body {
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base64: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

/// One piece of a response body as it arrived.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Chunk {
    /// Milliseconds since the request was sent.
    pub t_ms: f64,
    /// Bytes in this piece.
    pub size: u64,
}

impl Body {
    /// Records `bytes`, keeping at most `cap` of them. `size` counts them all.
    pub fn capture(bytes: &[u8], cap: usize) -> Body {
        let mut recorder = BodyRecorder::new(cap);
        recorder.push(bytes);
        recorder.finish()
    }

    /// The recorded bytes (all of them, unless `truncated`).
    pub fn bytes(&self) -> Vec<u8> {
        match (&self.text, &self.base64) {
            (Some(text), _) => text.as_bytes().to_vec(),
            (None, Some(b64)) => {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap_or_default()
            }
            (None, None) => Vec::new(),
        }
    }
}

/// A body being recorded as it streams in, one chunk at a time.
///
/// The kept bytes stay raw until [`BodyRecorder::finish`] decides once between text
/// and base64: deciding on every chunk would re-read everything kept so far, which is
/// quadratic on a long stream (and the playground's proxy records every stream).
#[derive(Debug)]
pub struct BodyRecorder {
    kept: Vec<u8>,
    size: u64,
    cap: usize,
    truncated: bool,
}

impl BodyRecorder {
    /// Keeps at most `cap` bytes; past that only the size is counted.
    pub fn new(cap: usize) -> BodyRecorder {
        BodyRecorder {
            kept: Vec::new(),
            size: 0,
            cap,
            truncated: false,
        }
    }

    /// Adds the bytes that just arrived.
    pub fn push(&mut self, bytes: &[u8]) {
        self.size += bytes.len() as u64;
        let room = self.cap.saturating_sub(self.kept.len());
        if bytes.len() > room {
            self.truncated = true;
        }
        self.kept.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    /// The recorded body: text while the kept bytes are valid UTF-8, base64 otherwise,
    /// so a gzip body never turns into mojibake.
    pub fn finish(self) -> Body {
        encode(self.kept, self.size, self.truncated)
    }
}

fn encode(bytes: Vec<u8>, size: u64, truncated: bool) -> Body {
    let mut body = Body {
        size,
        truncated,
        ..Body::default()
    };
    if bytes.is_empty() {
        return body;
    }
    match String::from_utf8(bytes) {
        Ok(text) => body.text = Some(text),
        Err(not_utf8) => {
            use base64::Engine as _;
            let bytes = not_utf8.into_bytes();
            // A cap can cut a multi-byte character in half; that tail is not "binary".
            if truncated {
                if let Err(e) = std::str::from_utf8(&bytes) {
                    if e.error_len().is_none() {
                        let valid = &bytes[..e.valid_up_to()];
                        body.text = Some(String::from_utf8_lossy(valid).into_owned());
                        return body;
                    }
                }
            }
            body.base64 = Some(base64::engine::general_purpose::STANDARD.encode(bytes));
        }
    }
    body
}

impl RecordedResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

impl RecordedRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

fn header_value<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Milliseconds since the Unix epoch, now.
pub fn now_unix_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_stays_text_and_binary_becomes_base64() {
        let body = Body::capture(b"{\"a\":1}", 100);
        assert_eq!(body.text.as_deref(), Some("{\"a\":1}"));
        let gz = Body::capture(&[0x1f, 0x8b, 0x08, 0x00], 100);
        assert_eq!(gz.text, None);
        assert_eq!(gz.bytes(), vec![0x1f, 0x8b, 0x08, 0x00]);
    }

    #[test]
    fn cap_truncates_but_counts_every_byte() {
        let mut recorder = BodyRecorder::new(8);
        recorder.push(b"hello ");
        recorder.push(b"world");
        let body = recorder.finish();
        assert_eq!(body.size, 11);
        assert!(body.truncated);
        assert_eq!(body.text.as_deref(), Some("hello wo"));
    }

    #[test]
    fn a_long_stream_of_small_chunks_is_recorded_whole() {
        // 200 000 chunks: re-encoding everything kept on each chunk (as this once did)
        // would copy about 200 GB here; recording it raw takes a moment.
        let mut recorder = BodyRecorder::new(usize::MAX);
        let mut expected = Vec::new();
        for i in 0..200_000u32 {
            let chunk = format!("{:09}\n", i * 7);
            recorder.push(chunk.as_bytes());
            expected.extend_from_slice(chunk.as_bytes());
        }
        let body = recorder.finish();
        assert_eq!(body.size, 2_000_000);
        assert!(!body.truncated);
        assert_eq!(body.bytes(), expected);
    }

    #[test]
    fn a_binary_chunk_anywhere_makes_the_whole_body_base64() {
        let mut recorder = BodyRecorder::new(100);
        recorder.push(b"text first, ");
        recorder.push(&[0xff, 0x00]);
        recorder.push(b" text again");
        let body = recorder.finish();
        assert_eq!(body.text, None);
        let mut expected = b"text first, ".to_vec();
        expected.extend_from_slice(&[0xff, 0x00]);
        expected.extend_from_slice(b" text again");
        assert_eq!(body.bytes(), expected);
    }

    #[test]
    fn cap_in_the_middle_of_a_character_keeps_text() {
        let body = Body::capture("aé".as_bytes(), 2);
        assert!(body.truncated);
        assert_eq!(body.text.as_deref(), Some("a"));
    }

    #[test]
    fn exchange_round_trips_through_json() {
        let ex = Exchange {
            id: 1,
            example: "api-routes".into(),
            scenario: Some("get-hello".into()),
            started_unix_ms: 5,
            request: RecordedRequest {
                method: "GET".into(),
                path: "/api/hello".into(),
                headers: vec![("accept".into(), "*/*".into())],
                body: Body::default(),
            },
            response: Some(RecordedResponse {
                status: 200,
                reason: "OK".into(),
                version: "HTTP/1.1".into(),
                headers: vec![],
                body: Body::capture(b"hi", 10),
                head_ms: 1.0,
                total_ms: 2.0,
            }),
            chunks: vec![Chunk { t_ms: 2.0, size: 2 }],
            error: None,
        };
        let json = serde_json::to_string(&ex).unwrap();
        assert_eq!(serde_json::from_str::<Exchange>(&json).unwrap(), ex);
    }
}
