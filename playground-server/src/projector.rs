//! The instructor's projector page: the class's traffic, anonymised, and the class's
//! shared answers, live.
//!
//! - `GET /__playground/projector?token=…`: the page (403 without the token, 404 when
//!   the playground has none, that is, without `--classroom`).
//! - `GET /__playground/projector/events?token=…`: its event stream: `answers` (every
//!   board, after each change) and `exchange` ([`ProjectedExchange`], never a header,
//!   a cookie or a body).
//! - `POST /__playground/projector/reset?token=…` with `{"id": "<board>"}` (or `{}`
//!   for all): clears the counts of a question or check.
//! - `GET /__playground/assets/<file>`: the page's script and style, from `book/assets/`.

use crate::anonymise::ProjectedExchange;
use crate::api::error;
use crate::classroom::session::Viewer;
use crate::events::Event;
use crate::summary::ExchangeSummary;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use futures_util::stream::{self, StreamExt as _};
use serde::Deserialize;
use serde_json::json;
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

/// How many earlier exchanges a freshly opened projector shows.
const RECENT: usize = 50;

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    pub token: Option<String>,
}

/// The answer to send instead of the projector's: 404 without a projector, 403
/// without the right token; `None` when the token is right.
fn refusal(state: &AppState, query: &TokenQuery) -> Option<Response> {
    let Some(token) = &state.instructor_token else {
        return Some(error(
            StatusCode::NOT_FOUND,
            "no projector: start the playground with --classroom (it prints the projector's link)",
        ));
    };
    match &query.token {
        Some(given) if token.matches(given) => None,
        _ => Some(error(
            StatusCode::FORBIDDEN,
            "the projector needs the instructor's token: open the link the playground printed \
             when it started (…/__playground/projector?token=…)",
        )),
    }
}

pub async fn page(State(state): State<AppState>, Query(query): Query<TokenQuery>) -> Response {
    if let Some(refused) = refusal(&state, &query) {
        return refused;
    }
    (
        // The token is in this page's URL: keep it out of Referer headers and caches.
        [
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Html(PAGE),
    )
        .into_response()
}

/// The page's markup; `projector.js` fills it in. No inline script or style.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Projector · Next.js on the Wire</title>
<link rel="stylesheet" href="/__playground/assets/projector.css">
<script src="/__playground/assets/dom.js" defer></script>
<script src="/__playground/assets/projector.js" defer></script>
</head>
<body>
<header class="projector-header">
<h1>The class, live</h1>
<p id="projector-status" role="status">Connecting…</p>
<button type="button" id="projector-theme" class="projector-button">Dark</button>
</header>
<main class="projector-main">
<section aria-labelledby="answers-title" class="projector-answers">
<h2 id="answers-title">Shared answers</h2>
<div id="projector-boards"><p class="projector-empty">No shared answers yet. Students share theirs with the button under a checked quiz, or with <code>check --share</code>.</p></div>
</section>
<section aria-labelledby="traffic-title" class="projector-traffic">
<h2 id="traffic-title">Traffic</h2>
<form id="projector-filters" class="projector-filters">
<label>Example <select id="filter-example"><option value="">all</option></select></label>
<label>Method <select id="filter-method"><option value="">all</option></select></label>
<label>Status <select id="filter-status"><option value="">all</option><option value="2">2xx</option><option value="3">3xx</option><option value="4">4xx</option><option value="5">5xx</option><option value="failed">no answer</option></select></label>
</form>
<table class="projector-table">
<thead><tr><th scope="col">Who</th><th scope="col">Example</th><th scope="col">Request</th><th scope="col">Status</th><th scope="col">Time</th><th scope="col">Size</th></tr></thead>
<tbody id="projector-rows"></tbody>
</table>
</section>
</main>
</body>
</html>
"#;

/// The page's assets, compiled in so the projector works before the book is built.
pub async fn asset(Path(file): Path<String>) -> Response {
    let (body, content_type) = match file.as_str() {
        "projector.js" => (
            include_str!("../../book/assets/projector.js"),
            "text/javascript; charset=utf-8",
        ),
        "projector.css" => (
            include_str!("../../book/assets/projector.css"),
            "text/css; charset=utf-8",
        ),
        "dom.js" => (
            include_str!("../../book/assets/dom.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => {
            return error(
                StatusCode::NOT_FOUND,
                format!("no asset {file:?}: there are projector.js, projector.css and dom.js"),
            )
        }
    };
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Who sent an exchange: the browser session it was recorded under (`--classroom`);
/// outside classroom mode, or from a client without one, [`crate::anonymise::NO_SESSION`].
fn session_of(summary: &ExchangeSummary) -> Option<&str> {
    summary.session.as_deref()
}

fn project(state: &AppState, summary: &ExchangeSummary) -> ProjectedExchange {
    ProjectedExchange::new(summary, state.students.name(session_of(summary)))
}

fn exchange_event(projected: &ProjectedExchange) -> SseEvent {
    let data = serde_json::to_string(projected).expect("a projected exchange serializes");
    SseEvent::default().event("exchange").data(data)
}

fn answers_event(state: &AppState) -> SseEvent {
    let data = serde_json::to_string(&state.answers.snapshot()).expect("boards serialize");
    SseEvent::default().event("answers").data(data)
}

/// The board first, then the last [`RECENT`] exchanges (oldest first), then every
/// change as it happens.
pub async fn events(State(state): State<AppState>, Query(query): Query<TokenQuery>) -> Response {
    if let Some(refused) = refusal(&state, &query) {
        return refused;
    }
    let receiver = state.events.subscribe();
    let changes = state.answers.changes();
    let mut first = vec![answers_event(&state)];
    let mut recent = state.history.summaries(&Viewer::Everyone, None, RECENT);
    recent.reverse();
    first.extend(recent.iter().map(|s| exchange_event(&project(&state, s))));
    let live = stream::unfold(
        (receiver, changes, state),
        |(mut receiver, mut changes, state)| async move {
            loop {
                tokio::select! {
                    got = receiver.recv() => match got {
                        Ok(Event::Exchange(summary)) => {
                            let event = exchange_event(&project(&state, &summary));
                            return Some((event, (receiver, changes, state)));
                        }
                        Ok(_) | Err(RecvError::Lagged(_)) => continue,
                        Err(RecvError::Closed) => return None,
                    },
                    changed = changes.changed() => {
                        changed.ok()?;
                        let event = answers_event(&state);
                        return Some((event, (receiver, changes, state)));
                    }
                }
            }
        },
    );
    let all = stream::iter(first).chain(live).map(Ok::<_, Infallible>);
    Sse::new(all)
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    /// A board's id; without it, every board.
    pub id: Option<String>,
}

pub async fn reset(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
    body: Result<Json<ResetRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if let Some(refused) = refusal(&state, &query) {
        return refused;
    }
    let Ok(Json(wanted)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "send JSON {\"id\": \"<board id>\"} to reset one question or check, {} for all",
        );
    };
    if state.answers.reset(wanted.id.as_deref()) {
        Json(json!({ "reset": wanted.id.as_deref().unwrap_or("all") })).into_response()
    } else {
        error(
            StatusCode::NOT_FOUND,
            format!(
                "no board {:?} (already reset?)",
                wanted.id.unwrap_or_default()
            ),
        )
    }
}
