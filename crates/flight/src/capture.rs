//! Recorded exchanges, as this project's transcripts and as HAR files, read into one
//! neutral shape so the rows of their bodies can be shown with their arrival times.
//!
//! A transcript (`examples/*/transcripts/*.json`, `reference/nextjs/transcripts/…`)
//! stores each body once (`text` or `base64`) and the response's `chunks` as
//! consecutive byte ranges of it, each with the time it arrived (`t_ms`). A HAR file
//! (what browsers export) has bodies but no chunk times.

use base64::Engine as _;
use serde_json::Value;
use std::io::Write as _;
use thiserror::Error;

/// One request and its answer.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    /// The scenario or URL, to tell exchanges apart.
    pub name: String,
    pub method: String,
    pub path: String,
    pub request_headers: Vec<(String, String)>,
    pub request_body: Vec<u8>,
    /// The recorder kept only the start of the request body (`"truncated": true`).
    pub request_truncated: bool,
    pub status: Option<u64>,
    pub response_headers: Vec<(String, String)>,
    /// The response body, decompressed if it was sent gzip-encoded.
    pub response_body: Vec<u8>,
    /// The pieces the body arrived in, as ranges of the (decompressed) body. Empty
    /// when unknown, as in HAR files.
    pub chunks: Vec<Chunk>,
}

/// One piece of a response body as it arrived.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chunk {
    /// Milliseconds after the request was sent.
    pub t_ms: f64,
    /// Where it starts in the body, in bytes, and its size.
    pub offset: usize,
    pub size: usize,
}

/// Input that is not a transcript or a HAR file.
#[derive(Debug, Error)]
pub enum CaptureError {
    #[error("not JSON ({0}); expected a transcript (.json), a HAR file (.har), or use `-` for a raw payload on stdin")]
    NotJson(serde_json::Error),
    #[error("JSON, but neither a transcript (an object with `request` and `response`) nor a HAR file (`log.entries`)")]
    NotACapture,
    #[error("{what} is not valid base64; was the file edited by hand?")]
    BadBase64 { what: String },
    #[error("the response body says `content-encoding: gzip` but does not decompress: {0}")]
    BadGzip(std::io::Error),
}

/// Reads a transcript or a HAR file.
pub fn load(text: &str) -> Result<Vec<Exchange>, CaptureError> {
    let value: Value = serde_json::from_str(text).map_err(CaptureError::NotJson)?;
    if value.get("request").is_some() && value.get("response").is_some() {
        return Ok(vec![transcript(&value)?]);
    }
    if let Some(entries) = value.pointer("/log/entries").and_then(Value::as_array) {
        return entries.iter().map(har_entry).collect();
    }
    Err(CaptureError::NotACapture)
}

impl Exchange {
    /// A bare response body with its content type, for raw input.
    pub fn raw(content_type: &str, body: &[u8]) -> Exchange {
        Exchange {
            response_headers: vec![("content-type".into(), content_type.into())],
            response_body: body.to_vec(),
            ..Exchange::default()
        }
    }

    /// A header of the request, by case-insensitive name.
    pub fn request_header(&self, name: &str) -> Option<&str> {
        find(&self.request_headers, name)
    }

    /// A header of the response, by case-insensitive name.
    pub fn response_header(&self, name: &str) -> Option<&str> {
        find(&self.response_headers, name)
    }

    /// The chunk that brought the byte at `offset` of the response body.
    pub fn chunk_at(&self, offset: usize) -> Option<(usize, &Chunk)> {
        // Chunks are consecutive byte ranges: the last one starting at or before `offset`.
        let index = self
            .chunks
            .partition_point(|c| c.offset <= offset)
            .checked_sub(1)?;
        let chunk = &self.chunks[index];
        (offset < chunk.offset + chunk.size).then_some((index, chunk))
    }
}

fn find<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn transcript(value: &Value) -> Result<Exchange, CaptureError> {
    let request = &value["request"];
    let response = &value["response"];
    let mut exchange = Exchange {
        name: value
            .get("scenario")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        method: request["method"].as_str().unwrap_or("").to_owned(),
        path: request["path"].as_str().unwrap_or("").to_owned(),
        request_headers: pairs(&request["headers"]),
        request_body: body(&request["body"], "the request body")?,
        request_truncated: request["body"]["truncated"].as_bool().unwrap_or(false),
        status: response["status"].as_u64(),
        response_headers: pairs(&response["headers"]),
        response_body: body(&response["body"], "the response body")?,
        chunks: Vec::new(),
    };
    let mut offset = 0;
    for chunk in value
        .get("chunks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let size = chunk["size"].as_u64().unwrap_or(0) as usize;
        exchange.chunks.push(Chunk {
            t_ms: chunk["t_ms"].as_f64().unwrap_or(0.0),
            offset,
            size,
        });
        offset += size;
    }
    gunzip_if_needed(&mut exchange)?;
    Ok(exchange)
}

fn har_entry(entry: &Value) -> Result<Exchange, CaptureError> {
    let request = &entry["request"];
    let response = &entry["response"];
    let har_pairs = |headers: &Value| -> Vec<(String, String)> {
        headers
            .as_array()
            .into_iter()
            .flatten()
            .map(|h| (text(&h["name"]), text(&h["value"])))
            .collect()
    };
    let content = &response["content"];
    let response_body = match (content["text"].as_str(), content["encoding"].as_str()) {
        (Some(t), Some("base64")) => decode_base64(t, "a HAR response body")?,
        (Some(t), _) => t.as_bytes().to_vec(),
        (None, _) => Vec::new(),
    };
    let url = text(&request["url"]);
    Ok(Exchange {
        name: url.clone(),
        method: text(&request["method"]),
        path: url,
        request_headers: har_pairs(&request["headers"]),
        request_body: request["postData"]["text"]
            .as_str()
            .unwrap_or("")
            .as_bytes()
            .to_vec(),
        request_truncated: false,
        status: response["status"].as_u64(),
        response_headers: har_pairs(&response["headers"]),
        response_body,
        chunks: Vec::new(),
    })
}

/// Browsers store bodies decompressed in HAR; transcripts keep the bytes that were
/// sent. A gzip body is decompressed chunk by chunk, so each chunk is mapped to the
/// decompressed bytes it made available and arrival times still apply.
fn gunzip_if_needed(exchange: &mut Exchange) -> Result<(), CaptureError> {
    if exchange.response_header("content-encoding") != Some("gzip") {
        return Ok(());
    }
    let compressed = std::mem::take(&mut exchange.response_body);
    let mut decoder = flate2::write::GzDecoder::new(Limited(Vec::new()));
    let mut chunks = Vec::with_capacity(exchange.chunks.len());
    let mut fed = 0;
    for chunk in &exchange.chunks {
        let end = (chunk.offset + chunk.size).min(compressed.len());
        decoder
            .write_all(&compressed[fed.min(end)..end])
            .map_err(CaptureError::BadGzip)?;
        decoder.flush().map_err(CaptureError::BadGzip)?;
        fed = end;
        let offset = chunks.last().map_or(0, |c: &Chunk| c.offset + c.size);
        chunks.push(Chunk {
            t_ms: chunk.t_ms,
            offset,
            size: decoder.get_ref().0.len() - offset,
        });
    }
    decoder
        .write_all(&compressed[fed..])
        .map_err(CaptureError::BadGzip)?;
    exchange.response_body = decoder.finish().map_err(CaptureError::BadGzip)?.0;
    exchange.chunks = chunks;
    Ok(())
}

/// The most a gzip body may decompress to: a few bytes must not become gigabytes.
pub const MAX_DECOMPRESSED: usize = 64 << 20;

/// A buffer that refuses to grow past [`MAX_DECOMPRESSED`].
struct Limited(Vec<u8>);

impl std::io::Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_DECOMPRESSED {
            return Err(std::io::Error::other(format!(
                "it decompresses to more than {} MB",
                MAX_DECOMPRESSED >> 20
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn pairs(headers: &Value) -> Vec<(String, String)> {
    headers
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|pair| {
            Some((
                pair.get(0)?.as_str()?.to_owned(),
                pair.get(1)?.as_str()?.to_owned(),
            ))
        })
        .collect()
}

fn body(body: &Value, what: &str) -> Result<Vec<u8>, CaptureError> {
    if let Some(t) = body.get("text").and_then(Value::as_str) {
        return Ok(t.as_bytes().to_vec());
    }
    match body.get("base64").and_then(Value::as_str) {
        Some(b) => decode_base64(b, what),
        None => Ok(Vec::new()),
    }
}

fn decode_base64(text: &str, what: &str) -> Result<Vec<u8>, CaptureError> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| CaptureError::BadBase64 {
            what: what.to_owned(),
        })
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or("").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcripts_give_chunks_as_byte_ranges() {
        let t = r#"{"request":{"method":"GET","path":"/","headers":[["RSC","1"]],"body":{"size":0}},
            "response":{"status":200,"headers":[],"body":{"size":5,"text":"0:1\n1"}},
            "chunks":[{"t_ms":1.5,"size":4},{"t_ms":800,"size":1}]}"#;
        let x = &load(t).unwrap()[0];
        assert_eq!(x.request_header("rsc"), Some("1"));
        assert_eq!(x.chunk_at(4).map(|(i, c)| (i, c.t_ms)), Some((1, 800.0)));
        assert_eq!(x.chunk_at(5), None);
    }

    #[test]
    fn gzip_bodies_are_decompressed_and_chunks_mapped_to_plain_bytes() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"0:1\n").unwrap();
        gz.flush().unwrap();
        let first = gz.get_ref().len();
        gz.write_all(b"1:2\n").unwrap();
        let body = gz.finish().unwrap();
        let transcript = serde_json::json!({
            "request": {"method": "GET", "path": "/", "headers": [], "body": {"size": 0}},
            "response": {"status": 200, "headers": [["content-encoding", "gzip"]],
                "body": {"size": body.len(), "base64": base64::engine::general_purpose::STANDARD.encode(&body)}},
            "chunks": [{"t_ms": 1.0, "size": first}, {"t_ms": 800.0, "size": body.len() - first}],
        });
        let x = &load(&transcript.to_string()).unwrap()[0];
        assert_eq!(x.response_body, b"0:1\n1:2\n");
        assert_eq!(x.chunk_at(0).map(|(_, c)| c.t_ms), Some(1.0));
        assert_eq!(x.chunk_at(4).map(|(_, c)| c.t_ms), Some(800.0));
    }

    #[test]
    fn gzip_bombs_are_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..=(MAX_DECOMPRESSED >> 20) {
            gz.write_all(&zeros).unwrap();
        }
        let body = base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap());
        let transcript = format!(
            r#"{{"request":{{}},"response":{{"headers":[["content-encoding","gzip"]],"body":{{"base64":"{body}"}}}}}}"#
        );
        let error = load(&transcript).unwrap_err().to_string();
        assert!(error.contains("decompresses to more than"), "{error}");
    }

    #[test]
    fn har_entries_are_read() {
        let har = r#"{"log":{"entries":[{"request":{"method":"POST","url":"http://x/a","headers":[{"name":"Next-Action","value":"ab"}],"postData":{"text":"[1]"}},
            "response":{"status":200,"headers":[],"content":{"text":"MDoxCg==","encoding":"base64"}}}]}}"#;
        let x = &load(har).unwrap()[0];
        assert_eq!(
            (x.request_header("next-action"), x.response_body.as_slice()),
            (Some("ab"), &b"0:1\n"[..])
        );
    }

    #[test]
    fn other_input_is_refused_with_what_was_expected() {
        assert!(matches!(load("nope"), Err(CaptureError::NotJson(_))));
        assert!(matches!(load("{\"a\":1}"), Err(CaptureError::NotACapture)));
    }
}
