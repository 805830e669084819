//! Sending a request and recording what comes back, chunk by chunk.
//!
//! Used by the recorder (scenarios -> transcripts) and by the playground's `send`
//! endpoint. The client never follows redirects, never decompresses and ignores
//! `*_PROXY` variables: the reader must see exactly what the server sent.

use crate::exchange::{
    Body, BodyRecorder, Chunk, Exchange, Header, RecordedRequest, RecordedResponse,
};
use crate::scenario::Scenario;
use futures_util::StreamExt as _;
use std::time::Instant;

/// Bodies larger than this are recorded only up to here (and marked truncated).
pub const DEFAULT_BODY_CAP: usize = 256 * 1024;

/// Request bodies are recorded only this far: past it they are filler (the
/// oversized-body scenarios), and every transcript lands inside a book page.
pub const REQUEST_BODY_CAP: usize = 64 * 1024;

/// A request to send: what a scenario file or the panel's editor describes.
#[derive(Debug, Clone, Default)]
pub struct RequestSpec {
    pub method: String,
    /// Path and query, starting with `/`.
    pub path: String,
    pub headers: Vec<Header>,
    pub body: Vec<u8>,
}

/// The HTTP client every recording uses: loopback only, so no TLS, no proxy, no redirects.
pub fn loopback_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a plain HTTP client always builds")
}

impl From<&Scenario> for RequestSpec {
    /// The request a scenario file describes, its body repeated as it asks.
    fn from(scenario: &Scenario) -> RequestSpec {
        RequestSpec {
            method: scenario.method.clone(),
            path: scenario.path.clone(),
            headers: scenario.headers.clone(),
            body: scenario.body_bytes(),
        }
    }
}

/// Sends `spec` to `base` (e.g. `http://127.0.0.1:4000`) and records the exchange.
///
/// Never fails: a refused connection or a broken body is recorded in `error`.
pub async fn send(
    client: &reqwest::Client,
    base: &str,
    spec: &RequestSpec,
    cap: usize,
) -> Exchange {
    send_observed(client, base, spec, cap, |_| {}).await
}

/// What [`send_observed`] reports while an exchange is still going on.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The response head arrived: the request as sent and the head, no body yet.
    Head(&'a Exchange),
    /// A piece of the body arrived, `chunk.t_ms` after the request was sent.
    Chunk { chunk: Chunk, bytes: &'a [u8] },
}

/// [`send`], telling `observe` about the head and every body piece as they arrive,
/// so a page can show a streamed answer while it streams.
pub async fn send_observed(
    client: &reqwest::Client,
    base: &str,
    spec: &RequestSpec,
    cap: usize,
    mut observe: impl FnMut(Progress<'_>),
) -> Exchange {
    let started_unix_ms = crate::exchange::now_unix_ms();
    let url = format!("{}{}", base.trim_end_matches('/'), spec.path);
    let mut exchange = Exchange {
        id: 0,
        example: String::new(),
        scenario: None,
        started_unix_ms,
        request: RecordedRequest {
            method: spec.method.clone(),
            path: spec.path.clone(),
            headers: spec.headers.clone(),
            body: Body::capture(&spec.body, cap.min(REQUEST_BODY_CAP)),
        },
        response: None,
        chunks: Vec::new(),
        error: None,
    };
    let method = match reqwest::Method::from_bytes(spec.method.as_bytes()) {
        Ok(m) => m,
        Err(_) => {
            exchange.error = Some(format!("{:?} is not a valid HTTP method", spec.method));
            return exchange;
        }
    };
    let mut builder = client.request(method, &url);
    for (name, value) in &spec.headers {
        builder = builder.header(name, value);
    }
    let request = match builder.body(spec.body.clone()).build() {
        Ok(r) => r,
        Err(e) => {
            exchange.error = Some(format!("cannot build the request: {e}"));
            return exchange;
        }
    };
    exchange.request.headers = headers_as_sent(&request, spec.body.len());

    let start = Instant::now();
    let response = match client.execute(request).await {
        Ok(r) => r,
        Err(e) => {
            exchange.error = Some(describe(&e));
            return exchange;
        }
    };
    let head_ms = ms_since(start);
    let mut recorded = response_head(&response, head_ms);
    let so_far = Exchange {
        response: Some(recorded.clone()),
        ..exchange.clone()
    };
    observe(Progress::Head(&so_far));
    let mut body = BodyRecorder::new(cap);
    let mut stream = response.bytes_stream();
    while let Some(piece) = stream.next().await {
        match piece {
            Ok(bytes) => {
                let chunk = Chunk {
                    t_ms: ms_since(start),
                    size: bytes.len() as u64,
                };
                exchange.chunks.push(chunk);
                body.push(&bytes);
                observe(Progress::Chunk {
                    chunk,
                    bytes: &bytes,
                });
            }
            Err(e) => {
                exchange.error = Some(format!("the response body broke off: {}", describe(&e)));
                break;
            }
        }
    }
    recorded.body = body.finish();
    recorded.total_ms = ms_since(start);
    exchange.response = Some(recorded);
    exchange
}

/// The status line and headers of `response`, with an empty body to fill.
pub fn response_head(response: &reqwest::Response, head_ms: f64) -> RecordedResponse {
    let status = response.status();
    // hyper keeps a reason phrase only when it differs from the standard one
    // (Next.js sends `400 Invalid JSON`, for instance).
    let reason = match response.extensions().get::<hyper::ext::ReasonPhrase>() {
        Some(custom) => String::from_utf8_lossy(custom.as_bytes()).into_owned(),
        None => status.canonical_reason().unwrap_or("").to_owned(),
    };
    RecordedResponse {
        status: status.as_u16(),
        reason,
        version: format!("{:?}", response.version()),
        headers: header_pairs(response.headers()),
        body: Body::default(),
        head_ms,
        total_ms: head_ms,
    }
}

/// Header pairs in wire order, repeated names kept, non-UTF-8 values shown lossily.
pub fn header_pairs(map: &reqwest::header::HeaderMap) -> Vec<Header> {
    map.iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// The headers reqwest will send, plus the two the connection layer adds later
/// (`host` and `content-length`), so the panel shows the request as it left.
fn headers_as_sent(request: &reqwest::Request, body_len: usize) -> Vec<Header> {
    let mut headers = Vec::new();
    if let Some(host) = request.url().host_str() {
        let host = match request.url().port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        headers.push(("host".to_owned(), host));
    }
    headers.extend(header_pairs(request.headers()));
    let sends_length =
        body_len > 0 || matches!(request.method().as_str(), "POST" | "PUT" | "PATCH");
    if sends_length && request.headers().get("content-length").is_none() {
        headers.push(("content-length".to_owned(), body_len.to_string()));
    }
    headers
}

fn ms_since(start: Instant) -> f64 {
    (start.elapsed().as_secs_f64() * 1000.0 * 10.0).round() / 10.0
}

/// One line a reader can act on, instead of reqwest's nested error chain.
fn describe(e: &reqwest::Error) -> String {
    if e.is_connect() {
        "could not connect: is the example running?".to_owned()
    } else if e.is_timeout() {
        "timed out waiting for the server".to_owned()
    } else {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        text
    }
}
