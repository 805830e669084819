//! `/x/<example>/...`: a reverse proxy to an example that records every exchange.
//!
//! The response streams through untouched, chunk by chunk, as the example sends it; a
//! copy of each chunk (up to the recording cap) and its arrival time go into the
//! exchange, which is stored and announced when the body ends (or the reader leaves).

use crate::classroom::session::{strip_session_cookies, Viewer};
use crate::{api::error, AppState};
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum::response::Response;
use futures_util::StreamExt as _;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use traffic::client::{header_pairs, response_head, DEFAULT_BODY_CAP, REQUEST_BODY_CAP};
use traffic::{Body as RecordedBody, BodyRecorder, Chunk, Exchange, RecordedRequest};

/// Request bodies larger than this are refused with 413 before reaching an example.
/// Generous, so an example's own 1 MB limit is what a reader sees.
pub const PROXY_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// How many chunks of one response get their own entry in the recording; a stream of
/// tiny chunks (a log tail, a ticker) would otherwise grow the exchange without bound.
pub const MAX_RECORDED_CHUNKS: usize = 2_000;

/// Headers that describe one connection, not the message: never forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

pub async fn proxy_root(
    state: State<AppState>,
    viewer: Viewer,
    Path(example): Path<String>,
    request: Request,
) -> Response {
    forward(state, viewer, example, request).await
}

pub async fn proxy_path(
    state: State<AppState>,
    viewer: Viewer,
    Path((example, _rest)): Path<(String, String)>,
    request: Request,
) -> Response {
    forward(state, viewer, example, request).await
}

async fn forward(
    State(state): State<AppState>,
    viewer: Viewer,
    id: String,
    request: Request,
) -> Response {
    let Some(example) = state.supervisor.get(&id) else {
        return error(StatusCode::NOT_FOUND, format!("there is no example {id:?}"));
    };
    // The example serves under its base path, so the full incoming path is forwarded.
    let (Some(_), Some(upstream)) = (example.ready_url(), example.status().url) else {
        return crate::api::not_ready(example);
    };
    let (parts, body) = request.into_parts();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let body = match axum::body::to_bytes(body, PROXY_BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "request bodies through the playground are limited to {PROXY_BODY_LIMIT} bytes"
                ),
            )
        }
    };
    let forwarded = forwarded_headers(&parts.headers);
    let session = viewer.session().map(str::to_owned);
    let mut exchange = Exchange {
        id: state.history.next_id(),
        example: id.clone(),
        scenario: None,
        started_unix_ms: traffic::exchange::now_unix_ms(),
        request: RecordedRequest {
            method: parts.method.to_string(),
            path: path_and_query
                .strip_prefix(&traffic::replay::base_path(&id))
                .unwrap_or(path_and_query)
                .to_owned(),
            headers: header_pairs(&forwarded),
            body: RecordedBody::capture(&body, REQUEST_BODY_CAP),
        },
        response: None,
        chunks: Vec::new(),
        error: None,
    };
    let url = format!("{upstream}{path_and_query}");
    let mut outgoing = state.http.request(parts.method.clone(), &url).body(body);
    for (name, value) in forwarded.iter() {
        if name != "host" {
            outgoing = outgoing.header(name, value);
        }
    }
    // Like any reverse proxy in front of Next.js: tell the example which host the
    // browser asked for, so checks such as the server-action Origin check compare the
    // browser's Origin with that host rather than with the example's own port.
    if let Some(host) = parts.headers.get(axum::http::header::HOST) {
        if !parts.headers.contains_key("x-forwarded-host") {
            outgoing = outgoing.header("x-forwarded-host", host);
        }
        if !parts.headers.contains_key("x-forwarded-proto") {
            outgoing = outgoing.header("x-forwarded-proto", "http");
        }
    }
    let started = Instant::now();
    let upstream_response =
        match tokio::time::timeout(state.upstream_timeout, outgoing.send()).await {
            Ok(Ok(r)) => r,
            Err(_) => {
                exchange.error = Some(crate::timeouts::timed_out(&id, state.upstream_timeout));
                state.record(exchange, session.as_deref());
                return crate::timeouts::gateway_timeout(&id, state.upstream_timeout);
            }
            Ok(Err(e)) => {
                exchange.error = Some(format!("the example did not answer: {e}"));
                state.record(exchange, session.as_deref());
                return error(
                    StatusCode::BAD_GATEWAY,
                    format!("example {id} did not answer"),
                );
            }
        };
    let head_ms = started.elapsed().as_secs_f64() * 1000.0;
    exchange.response = Some(response_head(&upstream_response, head_ms));
    let mut response = Response::builder().status(upstream_response.status());
    for (name, value) in end_to_end(upstream_response.headers()).iter() {
        response = response.header(name, value);
    }
    if let Some(reason) = upstream_response
        .extensions()
        .get::<hyper::ext::ReasonPhrase>()
    {
        response = response.extension(reason.clone());
    }
    let recording = Arc::new(Mutex::new(Recording {
        exchange: Some(exchange),
        session,
        body: BodyRecorder::new(DEFAULT_BODY_CAP),
        state: state.clone(),
        started,
        folded_chunks: 0,
    }));
    let body =
        crate::timeouts::stall_limited(upstream_response.bytes_stream(), state.upstream_timeout);
    let stream = body.map(move |piece| {
        let mut recording = recording.lock().expect("recording lock");
        match &piece {
            Ok(bytes) => recording.chunk(bytes),
            Err(e) => recording.fail(format!("the body broke off: {e}")),
        }
        piece
    });
    response
        .body(Body::from_stream(stream))
        .unwrap_or_else(|e| error(StatusCode::BAD_GATEWAY, e.to_string()))
}

/// What goes to the example (and into the recording): the request's headers without
/// the hop-by-hop ones and without the playground's own session cookie.
fn forwarded_headers(headers: &HeaderMap) -> HeaderMap {
    let mut forwarded = end_to_end(headers);
    strip_session_cookies(&mut forwarded);
    forwarded
}

/// Headers without the hop-by-hop ones.
fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let mut out = headers.clone();
    for name in HOP_BY_HOP {
        out.remove(HeaderName::from_static(name));
    }
    out
}

/// An exchange being recorded while its body streams; stored when dropped, which is
/// when the body ended or the reader went away.
struct Recording {
    exchange: Option<Exchange>,
    /// The browser session that sent the request (classroom mode).
    session: Option<String>,
    body: BodyRecorder,
    state: AppState,
    started: Instant,
    /// Chunks past [`MAX_RECORDED_CHUNKS`], counted into the last entry.
    folded_chunks: u64,
}

impl Recording {
    fn chunk(&mut self, bytes: &[u8]) {
        let t_ms = (self.started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0;
        if let Some(exchange) = &mut self.exchange {
            let size = bytes.len() as u64;
            if !list_chunk(&mut exchange.chunks, Chunk { t_ms, size }) {
                self.folded_chunks += 1;
            }
            self.body.push(bytes);
            if let Some(response) = &mut exchange.response {
                response.total_ms = t_ms;
            }
        }
    }

    fn fail(&mut self, message: String) {
        if let Some(exchange) = &mut self.exchange {
            exchange.error = Some(message);
        }
    }
}

/// Adds `chunk` to the list, or, past [`MAX_RECORDED_CHUNKS`], folds it into the last
/// entry (which then stands for the rest, so sizes still add up to the body's size).
/// Returns whether it got an entry of its own.
fn list_chunk(chunks: &mut Vec<Chunk>, chunk: Chunk) -> bool {
    if chunks.len() < MAX_RECORDED_CHUNKS {
        chunks.push(chunk);
        return true;
    }
    if let Some(last) = chunks.last_mut() {
        last.size += chunk.size;
        last.t_ms = chunk.t_ms;
    }
    false
}

impl Drop for Recording {
    fn drop(&mut self) {
        if let Some(mut exchange) = self.exchange.take() {
            let body = std::mem::replace(&mut self.body, BodyRecorder::new(0));
            if self.folded_chunks > 0 && exchange.error.is_none() {
                exchange.error = Some(format!(
                    "recording cut: only the first {MAX_RECORDED_CHUNKS} chunks are listed; the \
                     last entry also counts the {} that came after it (the reader got them all)",
                    self.folded_chunks
                ));
            }
            if let Some(response) = &mut exchange.response {
                response.body = body.finish();
                if exchange.chunks.is_empty() {
                    response.total_ms = response.head_ms;
                }
            }
            self.state.record(exchange, self.session.as_deref());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_stream_keeps_a_bounded_chunk_list_whose_sizes_add_up() {
        let mut chunks = Vec::new();
        let extra = 5;
        let mut folded = 0;
        for n in 0..MAX_RECORDED_CHUNKS + extra {
            let chunk = Chunk {
                t_ms: n as f64,
                size: 2,
            };
            if !list_chunk(&mut chunks, chunk) {
                folded += 1;
            }
        }
        assert_eq!(chunks.len(), MAX_RECORDED_CHUNKS);
        assert_eq!(folded, extra);
        let total: u64 = chunks.iter().map(|c| c.size).sum();
        assert_eq!(total, 2 * (MAX_RECORDED_CHUNKS + extra) as u64);
        let last = chunks.last().unwrap();
        assert_eq!(last.t_ms, (MAX_RECORDED_CHUNKS + extra - 1) as f64);
        assert_eq!(last.size, 2 * (extra as u64 + 1));
    }
}
