//! Recent exchanges, kept in a bounded ring buffer: the oldest go first.
//!
//! Bounded twice: by count, and by the bytes their recorded bodies hold, so a burst of
//! large responses (each body is kept up to 256 KB) cannot grow the playground past a
//! known size.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use traffic::Exchange;

use crate::classroom::session::Viewer;
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

/// One exchange as the history keeps it: with the session that caused it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The browser's session in classroom mode (see [`crate::classroom::session`]);
    /// `None` outside it, or for a client without a session.
    pub session: Option<String>,
    pub exchange: Exchange,
}

#[derive(Debug, Default)]
struct Kept {
    exchanges: VecDeque<Recorded>,
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

    /// Remembers `recorded`, forgetting the oldest exchange when full.
    pub fn push(&self, recorded: Recorded) {
        let mut kept = self.kept.lock().expect("history lock");
        kept.bytes += recorded_bytes(&recorded.exchange);
        kept.exchanges.push_back(recorded);
        while kept.exchanges.len() > self.capacity
            || (kept.bytes > self.byte_budget && kept.exchanges.len() > 1)
        {
            if let Some(oldest) = kept.exchanges.pop_front() {
                kept.bytes -= recorded_bytes(&oldest.exchange);
            }
        }
    }

    /// Summaries of what `viewer` may see, newest first: at most `limit` (capped at
    /// [`MAX_PAGE`]) of those older than `before` (an id), or the newest ones without it.
    pub fn summaries(
        &self,
        viewer: &Viewer,
        before: Option<u64>,
        limit: usize,
    ) -> Vec<ExchangeSummary> {
        let kept = self.kept.lock().expect("history lock");
        kept.exchanges
            .iter()
            .rev()
            .filter(|r| viewer.sees(r.session.as_deref()))
            .filter(|r| before.is_none_or(|before| r.exchange.id < before))
            .take(limit.min(MAX_PAGE))
            .map(ExchangeSummary::from)
            .collect()
    }

    /// Exchange `id`, if it is still kept and `viewer` may see it (another session's
    /// exchange is as absent as a forgotten one).
    pub fn get(&self, viewer: &Viewer, id: u64) -> Option<Exchange> {
        let kept = self.kept.lock().expect("history lock");
        kept.exchanges
            .iter()
            .find(|r| r.exchange.id == id && viewer.sees(r.session.as_deref()))
            .map(|r| r.exchange.clone())
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

    fn recorded(id: u64, session: Option<&str>) -> Recorded {
        Recorded {
            session: session.map(str::to_owned),
            exchange: exchange(id),
        }
    }

    fn ids(history: &History, viewer: &Viewer, before: Option<u64>, limit: usize) -> Vec<u64> {
        history
            .summaries(viewer, before, limit)
            .iter()
            .map(|e| e.id)
            .collect()
    }

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
            history.push(recorded(id, None));
        }
        assert_eq!(ids(&history, &Viewer::Everyone, None, 10), [3, 2]);
        assert!(history.get(&Viewer::Everyone, 1).is_none());
    }

    #[test]
    fn pages_go_from_newest_to_oldest() {
        let history = History::new(10);
        for id in 1..=5 {
            history.push(recorded(id, None));
        }
        let ids = |before, limit| ids(&history, &Viewer::Everyone, before, limit);
        assert_eq!(ids(None, 2), [5, 4]);
        assert_eq!(ids(Some(4), 2), [3, 2]);
        assert_eq!(ids(Some(2), 2), [1]);
        assert!(ids(Some(1), 2).is_empty());
    }

    #[test]
    fn large_bodies_push_old_exchanges_out() {
        let history = History::with_byte_budget(100, 2_500);
        for id in 1..=5 {
            let mut big = recorded(id, None);
            big.exchange.request.body = Body::capture(&[b'x'; 1000], 1000);
            history.push(big);
        }
        assert_eq!(ids(&history, &Viewer::Everyone, None, 10), [5, 4]);
        // The newest stays even when it alone is over the budget.
        let mut huge = recorded(6, None);
        huge.exchange.request.body = Body::capture(&[b'x'; 9000], 9000);
        history.push(huge);
        assert_eq!(ids(&history, &Viewer::Everyone, None, 10), [6]);
    }

    #[test]
    fn a_session_sees_and_pages_through_its_own_exchanges_only() {
        let history = History::new(10);
        for (id, session) in [(1, "a"), (2, "b"), (3, "a"), (4, "b"), (5, "a")] {
            history.push(recorded(id, Some(session)));
        }
        history.push(recorded(6, None));
        let a = Viewer::Session(Some("a".into()));
        let b = Viewer::Session(Some("b".into()));
        assert_eq!(ids(&history, &a, None, 2), [5, 3]);
        assert_eq!(ids(&history, &a, Some(3), 2), [1]);
        assert_eq!(ids(&history, &b, None, 10), [4, 2]);
        assert!(ids(&history, &Viewer::Session(None), None, 10).is_empty());
        assert_eq!(
            ids(&history, &Viewer::Everyone, None, 10),
            [6, 5, 4, 3, 2, 1]
        );
        assert!(history.get(&a, 5).is_some());
        assert!(history.get(&b, 5).is_none());
        assert!(history.get(&a, 6).is_none());
        let summary = &history.summaries(&b, None, 1)[0];
        assert_eq!(summary.session.as_deref(), Some("b"));
    }
}
