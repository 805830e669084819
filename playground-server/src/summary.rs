//! One line per exchange: what the history list and the event stream carry.
//!
//! A recorded body can be 256 KB; sending every body to every open page on every
//! exchange, or all 500 of them in one list, costs hundreds of megabytes for nothing
//! (the panels open one exchange at a time). Lists and events carry this summary; the
//! whole exchange is at `/__playground/exchanges/<id>`.

use crate::history::Recorded;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExchangeSummary {
    pub id: u64,
    pub example: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    pub started_unix_ms: u64,
    pub method: String,
    /// Path and query as sent.
    pub path: String,
    /// `None` when no response arrived (see `error`).
    pub status: Option<u16>,
    pub reason: Option<String>,
    pub head_ms: Option<f64>,
    pub total_ms: Option<f64>,
    /// Bytes of the request body.
    pub request_size: u64,
    /// Bytes of the response body, all of them (not only the recorded part).
    pub response_size: Option<u64>,
    /// How many pieces the response body arrived in.
    pub chunks: usize,
    /// The response's `content-type`, empty without one.
    pub content_type: String,
    /// Set for a server action call (a `Next-Action` header) ...
    pub next_action: bool,
    /// ... and for a page's RSC fetch (`RSC: 1`), so a list can label them.
    pub rsc: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The browser session that caused it, in classroom mode. Never sent to pages: the
    /// id is the browser's key to its history (each page only sees its own anyway).
    #[serde(skip)]
    pub session: Option<String>,
}

impl From<&Recorded> for ExchangeSummary {
    fn from(recorded: &Recorded) -> ExchangeSummary {
        let exchange = &recorded.exchange;
        let response = exchange.response.as_ref();
        ExchangeSummary {
            id: exchange.id,
            example: exchange.example.clone(),
            scenario: exchange.scenario.clone(),
            started_unix_ms: exchange.started_unix_ms,
            method: exchange.request.method.clone(),
            path: exchange.request.path.clone(),
            status: response.map(|r| r.status),
            reason: response.map(|r| r.reason.clone()),
            head_ms: response.map(|r| r.head_ms),
            total_ms: response.map(|r| r.total_ms),
            request_size: exchange.request.body.size,
            response_size: response.map(|r| r.body.size),
            chunks: exchange.chunks.len(),
            content_type: response
                .and_then(|r| r.header("content-type"))
                .unwrap_or("")
                .to_owned(),
            next_action: exchange.request.header("next-action").is_some(),
            rsc: exchange.request.header("rsc") == Some("1"),
            error: exchange.error.clone(),
            session: recorded.session.clone(),
        }
    }
}
