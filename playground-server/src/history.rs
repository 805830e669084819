//! Recent exchanges, kept in a bounded ring buffer: the oldest go first.

use serde::Serialize;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use traffic::Exchange;

/// What the History list shows of one exchange: enough to find it, never its bodies.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub id: u64,
    pub example: String,
    pub method: String,
    pub path: String,
    /// `None` when no response arrived.
    pub status: Option<u16>,
    pub content_type: String,
    /// Set for an action call (`Next-Action`) or a page's RSC fetch (`RSC: 1`).
    pub next_action: bool,
    pub rsc: bool,
    pub started_unix_ms: u64,
    pub total_ms: Option<f64>,
    pub size: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Summary {
    pub fn of(exchange: &Exchange) -> Summary {
        let response = exchange.response.as_ref();
        Summary {
            id: exchange.id,
            example: exchange.example.clone(),
            method: exchange.request.method.clone(),
            path: exchange.request.path.clone(),
            status: response.map(|r| r.status),
            content_type: response
                .and_then(|r| r.header("content-type"))
                .unwrap_or("")
                .to_owned(),
            next_action: exchange.request.header("next-action").is_some(),
            rsc: exchange.request.header("rsc") == Some("1"),
            started_unix_ms: exchange.started_unix_ms,
            total_ms: response.map(|r| r.total_ms),
            size: response.map_or(0, |r| r.body.size),
            error: exchange.error.clone(),
        }
    }
}

/// How many exchanges the playground remembers.
pub const DEFAULT_CAPACITY: usize = 500;

#[derive(Debug)]
pub struct History {
    capacity: usize,
    next_id: AtomicU64,
    exchanges: Mutex<VecDeque<Exchange>>,
}

impl History {
    pub fn new(capacity: usize) -> History {
        History {
            capacity: capacity.max(1),
            next_id: AtomicU64::new(1),
            exchanges: Mutex::new(VecDeque::new()),
        }
    }

    /// A fresh id for an exchange about to be recorded.
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Remembers `exchange`, forgetting the oldest one when full.
    pub fn push(&self, exchange: Exchange) {
        let mut list = self.exchanges.lock().expect("history lock");
        if list.len() == self.capacity {
            list.pop_front();
        }
        list.push_back(exchange);
    }

    /// Newest first.
    pub fn newest_first(&self) -> Vec<Exchange> {
        let list = self.exchanges.lock().expect("history lock");
        list.iter().rev().cloned().collect()
    }

    /// Summaries, newest first.
    pub fn summaries(&self) -> Vec<Summary> {
        let list = self.exchanges.lock().expect("history lock");
        list.iter().rev().map(Summary::of).collect()
    }

    pub fn get(&self, id: u64) -> Option<Exchange> {
        let list = self.exchanges.lock().expect("history lock");
        list.iter().find(|e| e.id == id).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use traffic::{Body, RecordedRequest};

    fn exchange(id: u64) -> Exchange {
        Exchange {
            id,
            example: "e".into(),
            scenario: None,
            started_unix_ms: 0,
            request: RecordedRequest {
                method: "GET".into(),
                path: "/".into(),
                headers: vec![],
                body: Body::default(),
            },
            response: None,
            chunks: vec![],
            error: None,
        }
    }

    #[test]
    fn keeps_only_the_newest() {
        let history = History::new(2);
        for id in 1..=3 {
            history.push(exchange(id));
        }
        let ids: Vec<u64> = history.newest_first().iter().map(|e| e.id).collect();
        assert_eq!(ids, [3, 2]);
        assert!(history.get(1).is_none());
    }
}
