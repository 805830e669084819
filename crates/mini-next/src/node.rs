//! What Node's HTTP server does under `next start`, which the model repeats.

use axum::body::{Body, Bytes};
use std::convert::Infallible;

/// A body of unknown length. Next.js pipes rendered pages, flight payloads, Web
/// `Response` bodies and `res.end()` text into Node's response as a stream without
/// a `Content-Length`, so Node frames it with `Transfer-Encoding: chunked`. hyper
/// does the same for a body built from a stream, which is what this returns: one
/// chunk holding `body` (none for an empty body), then the final `0` chunk.
pub fn chunked(body: impl Into<Bytes>) -> Body {
    let body: Bytes = body.into();
    let chunks = (!body.is_empty()).then_some(Ok::<_, Infallible>(body));
    Body::from_stream(futures_util::stream::iter(chunks))
}

/// The most bytes of a refused body that [`read_body`] reads and throws away.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// How long [`read_body`] keeps reading a refused body.
const DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(5);

/// A request body over the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// The request body, whole, or [`TooLarge`] past `limit` bytes. A refused body is
/// still read to its end (within bounds) and thrown away, as Node's HTTP server does
/// after an answer: a server that closes with unread bytes makes the kernel reset the
/// connection, and the client may lose the answer (a `413`) it was about to read.
pub async fn read_body(body: Body, limit: usize) -> Result<Bytes, TooLarge> {
    use http_body_util::BodyExt as _;
    let mut body = body;
    let mut kept = Vec::new();
    let mut read = 0usize;
    let drain_until = tokio::time::Instant::now() + DRAIN_TIME;
    loop {
        let next = tokio::time::timeout_at(drain_until, body.frame()).await;
        let Ok(Some(Ok(frame))) = next else { break };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        read += data.len();
        if read <= limit {
            kept.extend_from_slice(&data);
        } else if read > limit + DRAIN_LIMIT {
            break;
        }
    }
    if read > limit {
        Err(TooLarge)
    } else {
        Ok(Bytes::from(kept))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt as _;

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused_after_being_read() {
        assert_eq!(read_body(Body::from("12345"), 5).await.unwrap(), "12345");
        assert_eq!(read_body(Body::from("123456"), 5).await, Err(TooLarge));
    }

    #[tokio::test]
    async fn a_chunked_body_has_no_known_length() {
        use hyper::body::Body as _;
        let body = chunked("hello");
        assert_eq!(body.size_hint().exact(), None);
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(bytes, "hello");
    }
}
