//! What the playground tells open pages, as server-sent events.

use crate::summary::ExchangeSummary;
use serde::Serialize;
use tokio::sync::broadcast;

/// The state of one example, as `/__playground/examples` lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExampleStatus {
    pub id: String,
    /// `building`, `ready`, `failed`, `crashed` or `stopped`.
    pub state: ExampleState,
    pub pid: Option<u32>,
    /// Where the example listens (direct, not through the proxy), once ready.
    pub url: Option<String>,
    /// The compiler's error when failed, the exit status when crashed.
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ExampleState {
    Building,
    Ready,
    Failed,
    Crashed,
    Stopped,
}

/// Whether the last book build worked.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BookStatus {
    /// `ok` or `failed`.
    pub state: &'static str,
    pub message: Option<String>,
}

/// One event on `/__playground/events`; the variant names the SSE `event:` field.
#[derive(Debug, Clone)]
pub enum Event {
    /// A new exchange, summarised: pages fetch the whole one when they show it.
    Exchange(Box<ExchangeSummary>),
    Example(ExampleStatus),
    Book(BookStatus),
}

impl Event {
    pub fn name(&self) -> &'static str {
        match self {
            Event::Exchange(_) => "exchange",
            Event::Example(_) => "example",
            Event::Book(_) => "book",
        }
    }

    pub fn data(&self) -> String {
        let value = match self {
            Event::Exchange(e) => serde_json::to_string(e),
            Event::Example(s) => serde_json::to_string(s),
            Event::Book(b) => serde_json::to_string(b),
        };
        value.expect("events always serialize")
    }
}

/// Fan-out to every open page; slow pages miss events rather than slow us down.
pub type Events = broadcast::Sender<Event>;

pub fn channel() -> Events {
    broadcast::channel(256).0
}
