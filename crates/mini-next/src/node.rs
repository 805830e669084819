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

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt as _;

    #[tokio::test]
    async fn a_chunked_body_has_no_known_length() {
        use hyper::body::Body as _;
        let body = chunked("hello");
        assert_eq!(body.size_hint().exact(), None);
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(bytes, "hello");
    }
}
