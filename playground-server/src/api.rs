//! `/__playground/...`: the JSON API the page's panels use.

use crate::classroom::session::Viewer;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::stream::{self, Stream, StreamExt as _};
use serde::Deserialize;
use serde_json::json;
use std::convert::Infallible;
use traffic::client::{Progress, RequestSpec, DEFAULT_BODY_CAP};

/// `send` requests larger than this answer 413.
pub const SEND_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// Every error of the API: a status and `{"error": "..."}`.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// 503 for an example that is not ready, saying what it is doing instead.
pub fn not_ready(example: &crate::supervisor::Example) -> Response {
    use crate::events::ExampleState::*;
    let doing = match example.status().state {
        Building => "is still building; try again in a moment",
        Ready => "is starting; try again in a moment",
        Failed => "does not compile: fix the error its panel shows and save",
        Crashed => "has crashed and is restarting; its panel shows why",
        Stopped => "has stopped with the playground",
    };
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("example {} {doing}", example.id),
    )
}

pub async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn examples(State(state): State<AppState>) -> Response {
    let list: Vec<_> = state
        .supervisor
        .examples()
        .iter()
        .map(|e| e.status())
        .collect();
    Json(list).into_response()
}

/// What the panel's editor sends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendRequest {
    pub example: String,
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    #[serde(default)]
    pub body: String,
}

/// Runs an (edited) request against one of our examples and answers with the exchange.
///
/// Asked with `Accept: application/x-ndjson`, it answers as the exchange happens
/// instead (see [`streamed`]), so the page can show a streamed answer while it streams.
/// (Pages on other sites are refused before this, by [`crate::host_check`].)
pub async fn send(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    request: Request,
) -> Response {
    let bytes: Bytes = match axum::body::to_bytes(request.into_body(), SEND_BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("a send request may be at most {SEND_BODY_LIMIT} bytes"),
            )
        }
    };
    let wanted: SendRequest = match serde_json::from_slice(&bytes) {
        Ok(w) => w,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("expected JSON {{\"example\", \"method\", \"path\", \"headers\": [[name, value]], \"body\"}}: {e}"),
            )
        }
    };
    if let Err(why) = check_path(&wanted.path)
        .and_then(|()| check_content_length(&wanted.headers, wanted.body.len()))
    {
        return error(StatusCode::BAD_REQUEST, why);
    }
    let Some(example) = state.supervisor.get(&wanted.example) else {
        return error(
            StatusCode::NOT_FOUND,
            format!("there is no example {:?}", wanted.example),
        );
    };
    let Some(base) = example.ready_url() else {
        return not_ready(example);
    };
    let spec = RequestSpec {
        method: wanted.method,
        path: wanted.path,
        headers: wanted.headers,
        body: wanted.body.into_bytes(),
    };
    let wants_stream = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(NDJSON));
    if wants_stream {
        let id = example.id.clone();
        return streamed(state.clone(), viewer, id, base, spec);
    }
    let started_unix_ms = traffic::exchange::now_unix_ms();
    let sent = traffic::client::send(&state.http, &base, &spec, DEFAULT_BODY_CAP);
    let (status, mut exchange) = match tokio::time::timeout(state.upstream_timeout, sent).await {
        Ok(exchange) => (StatusCode::OK, exchange),
        Err(_) => (
            StatusCode::GATEWAY_TIMEOUT,
            crate::timeouts::unanswered(
                &spec,
                &example.id,
                started_unix_ms,
                state.upstream_timeout,
            ),
        ),
    };
    exchange.id = state.history.next_id();
    exchange.example = example.id.clone();
    state.record(exchange.clone(), viewer.session());
    (status, Json(exchange)).into_response()
}

/// One JSON object per line.
const NDJSON: &str = "application/x-ndjson";

/// `send`, answered while it happens, one JSON object per line:
/// `{"head": exchange}` when the response head arrives (request as sent, no body yet),
/// `{"chunk": {"t_ms", "size", "base64"}}` for every body piece (its bytes up to the
/// recording cap), and last `{"exchange": exchange}`, the recorded whole, as `send`
/// answers it (`{"head"}` and `{"chunk"}` lines are missing when no answer came).
fn streamed(
    state: AppState,
    viewer: Viewer,
    example: String,
    base: String,
    spec: RequestSpec,
) -> Response {
    use base64::Engine as _;
    let (lines, receiver) = tokio::sync::mpsc::unbounded_channel::<String>();
    tokio::spawn(async move {
        let mut kept = 0usize;
        let observe = |progress: Progress<'_>| {
            let line = match progress {
                Progress::Head(so_far) => json!({ "head": so_far }),
                Progress::Chunk { chunk, bytes } => {
                    let shown = &bytes[..bytes.len().min(DEFAULT_BODY_CAP.saturating_sub(kept))];
                    kept += shown.len();
                    let base64 = base64::engine::general_purpose::STANDARD.encode(shown);
                    json!({ "chunk": { "t_ms": chunk.t_ms, "size": chunk.size, "base64": base64 } })
                }
            };
            // A page that went away stops reading; the exchange is still recorded.
            let _ = lines.send(format!("{line}\n"));
        };
        let started_unix_ms = traffic::exchange::now_unix_ms();
        let sent =
            traffic::client::send_observed(&state.http, &base, &spec, DEFAULT_BODY_CAP, observe);
        let mut exchange = match tokio::time::timeout(state.upstream_timeout, sent).await {
            Ok(exchange) => exchange,
            Err(_) => crate::timeouts::unanswered(
                &spec,
                &example,
                started_unix_ms,
                state.upstream_timeout,
            ),
        };
        exchange.id = state.history.next_id();
        exchange.example = example;
        state.record(exchange.clone(), viewer.session());
        let _ = lines.send(format!("{}\n", json!({ "exchange": exchange })));
    });
    let body = stream::unfold(receiver, |mut receiver| async move {
        let line = receiver.recv().await?;
        Some((Ok::<_, Infallible>(line), receiver))
    });
    (
        [(header::CONTENT_TYPE, NDJSON)],
        axum::body::Body::from_stream(body),
    )
        .into_response()
}

/// Only a path on the example itself: no absolute or scheme-relative URL, nothing
/// a URL parser could read as another host.
pub fn check_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err(format!(
            "path must start with '/', got {path:?}: only paths on the example are allowed"
        ));
    }
    if path.starts_with("//") || path.starts_with("/\\") || path.contains("://") {
        return Err(format!(
            "{path:?} looks like another host: only paths on the example are allowed"
        ));
    }
    if path.chars().any(|c| c.is_control() || c == ' ') {
        return Err(
            "path may not contain spaces or control characters: percent-encode them".to_owned(),
        );
    }
    Ok(())
}

/// A declared `content-length` must match the body: otherwise the example would wait
/// for bytes that never come (too long) or read the rest as a second request (too short).
pub fn check_content_length(headers: &[(String, String)], body_len: usize) -> Result<(), String> {
    for (name, value) in headers {
        if name.trim().eq_ignore_ascii_case("content-length")
            && value.trim() != body_len.to_string()
        {
            return Err(format!(
                "the content-length header says {value:?} but the body has {body_len} bytes: \
                 fix the header, or remove it and the playground sets it"
            ));
        }
    }
    Ok(())
}

/// Which page of `/__playground/exchanges` to list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Only exchanges older than this id (the last id of the previous page).
    pub before: Option<u64>,
    /// How many, newest first (default 50, at most 500).
    pub limit: Option<usize>,
}

/// Summaries, newest first, one page at a time; a whole exchange is at `exchanges/<id>`.
pub async fn exchanges(
    State(state): State<AppState>,
    viewer: Viewer,
    page: Result<axum::extract::Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let page = match page {
        Ok(axum::extract::Query(page)) => page,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("use ?limit=<count>&before=<id>: {e}"),
            )
        }
    };
    Json(
        state
            .history
            .summaries(&viewer, page.before, page.limit.unwrap_or(50)),
    )
    .into_response()
}

/// What `<id>.diff` compares a live exchange with: a recorded scenario of ours.
#[derive(Debug, Deserialize)]
pub struct DiffQuery {
    pub example: Option<String>,
    pub scenario: Option<String>,
}

/// `<id>` (the whole exchange), `<id>.decoded` (what the panel's views show:
/// `traffic::decoded`), `<id>.har`, `<id>.curl`, or
/// `<id>.diff?example=<e>&scenario=<s>` (live against the recording).
pub async fn exchange_file(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(file): Path<String>,
    axum::extract::Query(query): axum::extract::Query<DiffQuery>,
) -> Response {
    let (id, kind) = file.rsplit_once('.').unwrap_or((file.as_str(), ""));
    let Ok(id) = id.parse::<u64>() else {
        return error(
            StatusCode::NOT_FOUND,
            format!("{id:?} is not an exchange id"),
        );
    };
    let Some(exchange) = state.history.get(&viewer, id) else {
        return error(
            StatusCode::NOT_FOUND,
            format!("no exchange {id} (the history keeps only the latest)"),
        );
    };
    match kind {
        "" => Json(exchange).into_response(),
        "decoded" => Json(traffic::decoded::decode(&exchange)).into_response(),
        "diff" => match (&query.example, &query.scenario) {
            (Some(example), Some(scenario)) => live_diff(&state, &exchange, example, scenario),
            _ => error(
                StatusCode::BAD_REQUEST,
                "say which recording to compare with: <id>.diff?example=<example>&scenario=<scenario>",
            ),
        },
        "har" => (
            [(
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"exchange-{id}.har\""),
            )],
            Json(traffic::har::to_har(
                std::slice::from_ref(&exchange),
                &state.origin_for(&headers),
            )),
        )
            .into_response(),
        "curl" => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            traffic::curl::to_curl(&exchange, &state.origin_for(&headers)) + "\n",
        )
            .into_response(),
        other => error(
            StatusCode::NOT_FOUND,
            format!("unknown format {other:?}: use <id>, <id>.decoded, <id>.har, <id>.curl or <id>.diff"),
        ),
    }
}

/// A live exchange against the recorded transcript of the same scenario: what an
/// edit to the request or to the example changed.
fn live_diff(
    state: &AppState,
    live: &traffic::Exchange,
    example: &str,
    scenario: &str,
) -> Response {
    if scenario.is_empty()
        || !scenario
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return error(
            StatusCode::BAD_REQUEST,
            format!("{scenario:?} is not a scenario name: use letters, digits and '-'"),
        );
    }
    let recorded = traffic::examples::find(&state.root, example)
        .map_err(|e| e.to_string())
        .and_then(|found| {
            let path = found.transcript_file(scenario);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                format!(
                    "no recording of {example}/{scenario} ({e}); record it with \
                     `cargo run -p traffic --bin record -- {example} --only {scenario}`"
                )
            })?;
            serde_json::from_str::<traffic::Exchange>(&text)
                .map_err(|e| format!("{} is not a transcript: {e}", path.display()))
        });
    let recorded = match recorded {
        Ok(r) => r,
        Err(why) => return error(StatusCode::NOT_FOUND, why),
    };
    let live_rows = traffic::decoded::decode(live).rows;
    let recorded_rows = traffic::decoded::decode(&recorded).rows;
    Json(traffic::decoded::diff::diff(
        ("Live", live, live_rows.as_ref()),
        ("Recorded", &recorded, recorded_rows.as_ref()),
        "",
        &[],
    ))
    .into_response()
}

/// Server-sent events: first the current state of every example and of the book,
/// then every change and every new exchange as it happens (in classroom mode, only the
/// exchanges of the page's own session).
pub async fn events(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let mut current: Vec<crate::events::Event> = state
        .supervisor
        .examples()
        .iter()
        .map(|e| crate::events::Event::Example(e.status()))
        .collect();
    current.push(crate::events::Event::Book(state.book.status()));
    let receiver = state.events.subscribe();
    let live = stream::unfold(receiver, move |mut receiver| {
        let viewer = viewer.clone();
        async move {
            loop {
                match receiver.recv().await {
                    Ok(crate::events::Event::Exchange(e)) if !viewer.sees(e.session.as_deref()) => {
                        continue
                    }
                    Ok(event) => return Some((event, receiver)),
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                }
            }
        }
    });
    let all = stream::iter(current)
        .chain(live)
        .map(|event| Ok(SseEvent::default().event(event.name()).data(event.data())));
    Sse::new(all).keep_alive(KeepAlive::default())
}

pub async fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "no such playground endpoint: see /__playground/health, examples, send, exchanges, events, info, share, projector",
    )
}
