//! A per-student rate limit on the proxy and `send`, in classroom mode.
//!
//! Sixty browsers share one laptop. A single runaway loop (a `while (true) fetch(...)`
//! in an exercise, a held-down Send) would otherwise take all of its CPU and push every
//! classmate's exchanges out of the history. Each student gets a token bucket: up to
//! `burst` requests at once, refilled at `per_second`; past it the playground answers
//! 429 with `Retry-After` itself, and the example never sees the request.
//!
//! Memory stays bounded: a bucket left alone long enough to be full again is the same
//! as no bucket, so those are forgotten when the table grows.

use super::session::Viewer;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How fast one student may send requests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests per second, sustained.
    pub per_second: f64,
    /// Requests at once after a pause (a page that loads a dozen assets, a quick retry).
    pub burst: f64,
}

impl Default for RateLimit {
    /// 10 per second with bursts of 40: far above what a person clicking does, far
    /// below what a loop does.
    fn default() -> RateLimit {
        RateLimit {
            per_second: 10.0,
            burst: 40.0,
        }
    }
}

/// How many buckets are kept before idle ones are forgotten.
pub const MAX_BUCKETS: usize = 4096;

#[derive(Debug)]
pub struct RateLimiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    /// `limit.per_second` and `limit.burst` must be positive (the flags check it);
    /// a burst below one still lets one request through at a time.
    pub fn new(limit: RateLimit) -> RateLimiter {
        RateLimiter {
            limit: RateLimit {
                per_second: limit.per_second.max(f64::MIN_POSITIVE),
                burst: limit.burst.max(1.0),
            },
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Takes a token from `key`'s bucket, or says how long until there is one.
    pub fn take(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().expect("rate limit lock");
        if !buckets.contains_key(key) && buckets.len() >= MAX_BUCKETS {
            self.forget_idle(&mut buckets, now);
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: self.limit.burst,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.limit.per_second).min(self.limit.burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let missing = 1.0 - bucket.tokens;
            Err(Duration::from_secs_f64(missing / self.limit.per_second))
        }
    }

    /// Drops the buckets that are full again; if every one is busy, the one left
    /// alone longest (someone flooding us with keys only resets their own buckets).
    fn forget_idle(&self, buckets: &mut HashMap<String, Bucket>, now: Instant) {
        let limit = self.limit;
        buckets.retain(|_, b| {
            let elapsed = now.saturating_duration_since(b.updated).as_secs_f64();
            b.tokens + elapsed * limit.per_second < limit.burst
        });
        if buckets.len() >= MAX_BUCKETS {
            let oldest = buckets
                .iter()
                .min_by_key(|(_, b)| b.updated)
                .map(|(key, _)| key.clone());
            if let Some(oldest) = oldest {
                buckets.remove(&oldest);
            }
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.buckets.lock().unwrap().len()
    }
}

/// The middleware on the proxy and `send`: in classroom mode, a request over its
/// student's limit gets 429 here and goes no further. Students are told apart by
/// session; clients without one (curl) by their address.
pub async fn limit(
    State(limiter): State<Option<Arc<RateLimiter>>>,
    viewer: Viewer,
    request: Request,
    next: Next,
) -> Response {
    let Some(limiter) = limiter else {
        return next.run(request).await;
    };
    let key = match viewer.session() {
        Some(session) => format!("session {session}"),
        None => match request.extensions().get::<ConnectInfo<SocketAddr>>() {
            Some(ConnectInfo(peer)) => format!("address {}", peer.ip()),
            None => "address unknown".to_owned(),
        },
    };
    match limiter.take(&key, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => too_many_requests(limiter.limit(), wait),
    }
}

/// 429, saying why and when to try again.
fn too_many_requests(limit: RateLimit, wait: Duration) -> Response {
    let seconds = retry_after_seconds(wait);
    let mut response = crate::api::error(
        StatusCode::TOO_MANY_REQUESTS,
        format!(
            "too many requests: in classroom mode each student may send {} requests a second \
             (bursts of {}), so that one runaway loop cannot slow down the whole class; this \
             request did not reach the example. Try again in {seconds} s (and look for a loop \
             that sends requests without pause).",
            limit.per_second, limit.burst
        ),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
    response
}

/// The `Retry-After` value for a wait: whole seconds, rounded up, at least one.
pub fn retry_after_seconds(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_second: f64, burst: f64) -> RateLimiter {
        RateLimiter::new(RateLimit { per_second, burst })
    }

    #[test]
    fn a_burst_passes_then_requests_wait_for_the_refill() {
        let limiter = limiter(2.0, 3.0);
        let start = Instant::now();
        for n in 0..3 {
            assert_eq!(limiter.take("a", start), Ok(()), "request {n}");
        }
        let wait = limiter.take("a", start).unwrap_err();
        assert_eq!(wait, Duration::from_millis(500));
        assert_eq!(retry_after_seconds(wait), 1);
        // Another student is not affected.
        assert_eq!(limiter.take("b", start), Ok(()));
        // Half a second later one token is back, and only one.
        let later = start + Duration::from_millis(500);
        assert_eq!(limiter.take("a", later), Ok(()));
        assert!(limiter.take("a", later).is_err());
        // A long pause refills up to the burst, not beyond.
        let much_later = later + Duration::from_secs(60);
        for _ in 0..3 {
            assert_eq!(limiter.take("a", much_later), Ok(()));
        }
        assert!(limiter.take("a", much_later).is_err());
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(2100)), 3);
        assert_eq!(retry_after_seconds(Duration::ZERO), 1);
    }

    #[test]
    fn the_table_stays_bounded() {
        let limiter = limiter(1.0, 5.0);
        let now = Instant::now();
        for n in 0..MAX_BUCKETS * 2 {
            limiter.take(&format!("visitor {n}"), now).unwrap();
            assert!(limiter.len() <= MAX_BUCKETS);
        }
    }

    #[test]
    fn full_buckets_are_forgotten_first_and_busy_ones_kept() {
        let limiter = limiter(1.0, 5.0);
        let start = Instant::now();
        for _ in 0..5 {
            limiter.take("busy", start).unwrap();
        }
        for n in 1..MAX_BUCKETS {
            limiter.take(&format!("visitor {n}"), start).unwrap();
        }
        // Two seconds on, every visitor's bucket is full again; "busy" holds 2 tokens.
        let later = start + Duration::from_secs(2);
        limiter.take("newcomer", later).unwrap();
        assert_eq!(limiter.len(), 2, "the full buckets were not forgotten");
        assert_eq!(limiter.take("busy", later), Ok(()));
        assert_eq!(limiter.take("busy", later), Ok(()));
        assert!(
            limiter.take("busy", later).is_err(),
            "a busy bucket was forgotten, which would reset its limit"
        );
    }
}
