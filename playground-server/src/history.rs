//! Recent exchanges, kept in a bounded ring buffer: the oldest go first.
//!
//! Bounded twice: by count, and by the bytes their recorded bodies hold, so a burst of
//! large responses (each body is kept up to 256 KB) cannot grow the playground past a
//! known size.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use traffic::Exchange;

use crate::summary::ExchangeSummary;

/// How many exchanges the playground remembers.
pub const DEFAULT_CAPACITY: usize = 500;

/// How many bytes of recorded bodies the playground keeps, at most.
pub const DEFAULT_BYTE_BUDGET: usize = 32 * 1024 * 1024;

/// The most summaries one `/__playground/exchanges` page holds.
pub const MAX_PAGE: usize = 500;

#[derive(Debug)]
pub struct History {
    capacity: usize,
    byte_budget: usize,
    next_id: AtomicU64,
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    exchanges: VecDeque<Exchange>,
    /// The sum of [`recorded_bytes`] over `exchanges`.
    bytes: usize,
}

impl History {
    pub fn new(capacity: usize) -> History {
        History::with_byte_budget(capacity, DEFAULT_BYTE_BUDGET)
    }

    /// Keeps at most `capacity` exchanges and about `byte_budget` bytes of bodies
    /// (always the newest exchange, however large).
    pub fn with_byte_budget(capacity: usize, byte_budget: usize) -> History {
        History {
            capacity: capacity.max(1),
            byte_budget,
            next_id: AtomicU64::new(1),
            kept: Mutex::new(Kept::default()),
        }
    }

    /// A fresh id for an exchange about to be recorded.
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Remembers `exchange`, forgetting the oldest one when full.
    pub fn push(&self, exchange: Exchange) {
        let mut kept = self.kept.lock().expect("history lock");
        kept.bytes += recorded_bytes(&exchange);
        kept.exchanges.push_back(exchange);
        while kept.exchanges.len() > self.capacity
            || (kept.bytes > self.byte_budget && kept.exchanges.len() > 1)
        {
            if let Some(oldest) = kept.exchanges.pop_front() {
                kept.bytes -= recorded_bytes(&oldest);
            }
        }
    }

    /// Summaries, newest first: at most `limit` (capped at [`MAX_PAGE`]) of those
    /// older than `before` (an id), or the newest ones without it.
    pub fn summaries(&self, before: Option<u64>, limit: usize) -> Vec<ExchangeSummary> {
        let kept = self.kept.lock().expect("history lock");
        kept.exchanges
            .iter()
            .rev()
            .filter(|e| before.is_none_or(|before| e.id < before))
            .take(limit.min(MAX_PAGE))
            .map(ExchangeSummary::from)
            .collect()
    }

    pub fn get(&self, id: u64) -> Option<Exchange> {
        let kept = self.kept.lock().expect("history lock");
        kept.exchanges.iter().find(|e| e.id == id).cloned()
    }
}

/// About how many bytes an exchange holds: its recorded bodies, which dwarf the rest.
fn recorded_bytes(exchange: &Exchange) -> usize {
    let body = |b: &traffic::Body| {
        b.text.as_ref().map_or(0, String::len) + b.base64.as_ref().map_or(0, String::len)
    };
    body(&exchange.request.body) + exchange.response.as_ref().map_or(0, |r| body(&r.body))
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
        let ids: Vec<u64> = history.summaries(None, 10).iter().map(|e| e.id).collect();
        assert_eq!(ids, [3, 2]);
        assert!(history.get(1).is_none());
    }

    #[test]
    fn pages_go_from_newest_to_oldest() {
        let history = History::new(10);
        for id in 1..=5 {
            history.push(exchange(id));
        }
        let ids = |before, limit| -> Vec<u64> {
            history
                .summaries(before, limit)
                .iter()
                .map(|e| e.id)
                .collect()
        };
        assert_eq!(ids(None, 2), [5, 4]);
        assert_eq!(ids(Some(4), 2), [3, 2]);
        assert_eq!(ids(Some(2), 2), [1]);
        assert!(ids(Some(1), 2).is_empty());
    }

    #[test]
    fn large_bodies_push_old_exchanges_out() {
        let history = History::with_byte_budget(100, 2_500);
        for id in 1..=5 {
            let mut big = exchange(id);
            big.request.body = Body::capture(&[b'x'; 1000], 1000);
            history.push(big);
        }
        let ids: Vec<u64> = history.summaries(None, 10).iter().map(|e| e.id).collect();
        assert_eq!(ids, [5, 4]);
        // The newest stays even when it alone is over the budget.
        let mut huge = exchange(6);
        huge.request.body = Body::capture(&[b'x'; 9000], 9000);
        history.push(huge);
        let ids: Vec<u64> = history.summaries(None, 10).iter().map(|e| e.id).collect();
        assert_eq!(ids, [6]);
    }
}
