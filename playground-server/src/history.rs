//! Recent exchanges, kept in a bounded buffer: the oldest go first.
//!
//! Bounded twice: by count, and by the bytes their recorded bodies hold, so a burst of
//! large responses (each body is kept up to 256 KB) cannot grow the playground past a
//! known size.
//!
//! In classroom mode sixty browsers share it, so "the oldest go first" would let one
//! busy student push everyone else's exchanges out (500 exchanges last 25 s at 20
//! requests a minute each). There each session keeps up to `capacity` of its own,
//! and when the whole is over its count or its bytes, the session holding the most
//! gives up its oldest exchange. Outside classroom mode there is one session, and that
//! is the same as oldest first.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use traffic::Exchange;

use crate::classroom::session::Viewer;
use crate::summary::ExchangeSummary;

/// How many exchanges the playground remembers (per session in classroom mode).
pub const DEFAULT_CAPACITY: usize = 500;

/// How many bytes of recorded bodies the playground keeps, at most.
pub const DEFAULT_BYTE_BUDGET: usize = 32 * 1024 * 1024;

/// How many exchanges a classroom playground keeps in all: without bodies an exchange
/// is a few kilobytes, so this stays near 10 MB besides the bodies' budget.
pub const CLASSROOM_TOTAL: usize = 5_000;

/// The most summaries one `/__playground/exchanges` page holds.
pub const MAX_PAGE: usize = 500;

#[derive(Debug)]
pub struct History {
    limits: Limits,
    next_id: AtomicU64,
    kept: Mutex<Kept>,
}

/// How much a history keeps.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Exchanges of one session.
    pub per_session: usize,
    /// Exchanges in all.
    pub total: usize,
    /// Bytes of recorded bodies in all (the newest exchange stays, however large).
    pub byte_budget: usize,
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
    /// What each session holds (sessions holding nothing are not listed).
    usage: HashMap<Option<String>, Usage>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Usage {
    count: usize,
    bytes: usize,
}

impl History {
    pub fn new(capacity: usize) -> History {
        History::with_byte_budget(capacity, DEFAULT_BYTE_BUDGET)
    }

    /// Keeps at most `capacity` exchanges and about `byte_budget` bytes of bodies
    /// (always the newest exchange, however large).
    pub fn with_byte_budget(capacity: usize, byte_budget: usize) -> History {
        History::with_limits(Limits {
            per_session: capacity,
            total: capacity,
            byte_budget,
        })
    }

    /// For classroom mode: `per_session` exchanges of each session, at most
    /// [`CLASSROOM_TOTAL`] in all.
    pub fn for_classroom(per_session: usize) -> History {
        History::with_limits(Limits {
            per_session,
            total: CLASSROOM_TOTAL.max(per_session),
            byte_budget: DEFAULT_BYTE_BUDGET,
        })
    }

    pub fn with_limits(limits: Limits) -> History {
        History {
            limits: Limits {
                per_session: limits.per_session.max(1),
                total: limits.total.max(1),
                byte_budget: limits.byte_budget,
            },
            next_id: AtomicU64::new(1),
            kept: Mutex::new(Kept::default()),
        }
    }

    /// A fresh id for an exchange about to be recorded.
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Remembers `recorded`, forgetting older exchanges when full (see the module's doc).
    pub fn push(&self, recorded: Recorded) {
        let mut kept = self.kept.lock().expect("history lock");
        kept.add(recorded);
        while let Some(index) = kept.to_forget(&self.limits) {
            kept.remove(index);
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

impl Kept {
    fn add(&mut self, recorded: Recorded) {
        let bytes = recorded_bytes(&recorded.exchange);
        let usage = self.usage.entry(recorded.session.clone()).or_default();
        usage.count += 1;
        usage.bytes += bytes;
        self.bytes += bytes;
        self.exchanges.push_back(recorded);
    }

    fn remove(&mut self, index: usize) {
        let Some(gone) = self.exchanges.remove(index) else {
            return;
        };
        let bytes = recorded_bytes(&gone.exchange);
        self.bytes -= bytes;
        if let Some(usage) = self.usage.get_mut(&gone.session) {
            usage.count -= 1;
            usage.bytes -= bytes;
            if usage.count == 0 {
                self.usage.remove(&gone.session);
            }
        }
    }

    /// The position of the next exchange to forget after a push, if any: the oldest of
    /// the newest exchange's session when that session is over its share, else the
    /// oldest of the session holding the most when the whole is over a limit. Never
    /// the newest exchange itself.
    fn to_forget(&self, limits: &Limits) -> Option<usize> {
        let newest = self.exchanges.back()?;
        let oldest_of =
            |session: &Option<String>| self.exchanges.iter().position(|r| &r.session == session);
        if self.usage.get(&newest.session).map_or(0, |u| u.count) > limits.per_session {
            return oldest_of(&newest.session);
        }
        let over_count = self.exchanges.len() > limits.total;
        let over_bytes = self.bytes > limits.byte_budget && self.exchanges.len() > 1;
        if !over_count && !over_bytes {
            return None;
        }
        let weight = |u: &Usage| if over_bytes { u.bytes } else { u.count };
        let heaviest = self.usage.values().map(weight).max()?;
        let index = self
            .exchanges
            .iter()
            .position(|r| self.usage.get(&r.session).map(weight) == Some(heaviest))?;
        Some(if index == self.exchanges.len() - 1 {
            0
        } else {
            index
        })
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
    fn in_a_classroom_a_busy_session_pushes_out_its_own_exchanges_first() {
        let history = History::with_limits(Limits {
            per_session: 3,
            total: 5,
            byte_budget: usize::MAX,
        });
        let a = Viewer::Session(Some("a".into()));
        let b = Viewer::Session(Some("b".into()));
        history.push(recorded(1, Some("a")));
        history.push(recorded(2, Some("a")));
        for id in 3..=10 {
            history.push(recorded(id, Some("b")));
        }
        // b keeps its newest 3; a's older exchanges stay.
        assert_eq!(ids(&history, &b, None, 10), [10, 9, 8]);
        assert_eq!(ids(&history, &a, None, 10), [2, 1]);
        // Over the total, the session holding the most gives one up.
        history.push(recorded(11, Some("c")));
        assert_eq!(ids(&history, &b, None, 10), [10, 9]);
        assert_eq!(ids(&history, &a, None, 10), [2, 1]);
    }

    #[test]
    fn over_the_byte_budget_the_session_with_the_largest_bodies_pays() {
        let history = History::with_limits(Limits {
            per_session: 100,
            total: 100,
            byte_budget: 5_000,
        });
        let with_body = |id, session, size| {
            let mut r = recorded(id, Some(session));
            r.exchange.request.body = Body::capture(&vec![b'x'; size], size);
            r
        };
        history.push(with_body(1, "small", 100));
        history.push(with_body(2, "big", 2_000));
        history.push(with_body(3, "big", 2_000));
        history.push(with_body(4, "big", 2_000));
        let everyone = ids(&history, &Viewer::Everyone, None, 10);
        assert_eq!(everyone, [4, 3, 1]);
        // The newest stays even when its session is the heaviest and alone over budget.
        history.push(with_body(5, "huge", 9_000));
        assert_eq!(ids(&history, &Viewer::Everyone, None, 10), [5]);
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
