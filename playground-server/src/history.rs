//! Recent exchanges, kept in a bounded ring buffer: the oldest go first.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use traffic::Exchange;

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
