//! Gzip, the way `next start` compresses.
//!
//! Next.js runs the `compression` middleware in front of every answer. It gzips when
//! the client sends `Accept-Encoding: gzip`, the content type is compressible (text,
//! JSON, JavaScript, the RSC payload...) and the body is at least 1 KiB, or of unknown
//! length: every streamed answer (pages, route handlers, the RSC payload) is
//! compressed whatever its size. A compressed answer loses its `Content-Length` and
//! goes chunked.
//!
//! Streaming survives compression because each piece the page writes is flushed
//! through the compressor at once (a "sync flush"): the Suspense content still
//! arrives late, just gzipped. We do the same, piece by piece.

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use flate2::write::GzEncoder;
use flate2::Compression;
use futures_util::StreamExt as _;
use std::io::Write as _;

/// Bodies of a known length below this stay as they are.
pub const THRESHOLD: u64 = 1024;

/// Middleware: `.layer(axum::middleware::from_fn(mini_next::compress::gzip))`.
pub async fn gzip(request: Request, next: Next) -> Response {
    let accepts_gzip = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|e| e.split(';').next().map(str::trim) == Some("gzip"))
        });
    let is_head = request.method() == Method::HEAD;
    let response = next.run(request).await;
    if !accepts_gzip || is_head || !worth_compressing(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    Response::from_parts(parts, gzip_body(body))
}

/// A compressible content type with a body that is large enough, or streamed.
fn worth_compressing(response: &Response) -> bool {
    let status = response.status();
    if status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED {
        return false;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let large_enough = match response.body().size_hint().exact() {
        Some(size) => size >= THRESHOLD,
        None => true,
    };
    compressible(content_type) && large_enough
}

/// Whether a media type is worth compressing (a short form of the `compressible`
/// package's rule): text of any kind, JSON, JavaScript, XML.
pub fn compressible(content_type: &str) -> bool {
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    media.starts_with("text/")
        || media.ends_with("json")
        || media.ends_with("+xml")
        || media.ends_with("/xml")
        || media.ends_with("javascript")
}

/// Compresses `body` piece by piece, flushing after each so no piece waits.
fn gzip_body(body: Body) -> Body {
    let encoder = GzEncoder::new(Vec::new(), Compression::default());
    let pieces = futures_util::stream::unfold(
        (body.into_data_stream(), Some(encoder)),
        |(mut input, encoder)| async move {
            let mut encoder = encoder?;
            let out = match input.next().await {
                Some(Ok(piece)) => encoder
                    .write_all(&piece)
                    .and_then(|()| encoder.flush())
                    .map(|()| Bytes::from(std::mem::take(encoder.get_mut()))),
                Some(Err(e)) => return Some((Err(std::io::Error::other(e)), (input, None))),
                None => return Some((encoder.finish().map(Bytes::from), (input, None))),
            };
            Some((out, (input, Some(encoder))))
        },
    );
    Body::from_stream(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use axum::Router;
    use http_body_util::BodyExt as _;
    use std::io::Read as _;
    use tower::ServiceExt as _;

    #[test]
    fn compressible_types() {
        assert!(compressible("text/html; charset=utf-8"));
        assert!(compressible("text/x-component"));
        assert!(compressible("application/json"));
        assert!(!compressible(""));
        assert!(!compressible("image/png"));
    }

    async fn get_gzip(app: Router, path: &str) -> Response {
        let app = app.layer(axum::middleware::from_fn(gzip));
        let request = Request::get(path)
            .header("accept-encoding", "gzip, br")
            .body(Body::empty())
            .unwrap();
        app.oneshot(request).await.unwrap()
    }

    #[tokio::test]
    async fn large_text_is_gzipped_and_small_text_is_not() {
        let big = "hello ".repeat(500);
        let expected = big.clone();
        let app = Router::new()
            .route("/big", get(move || async move { big.clone() }))
            .route("/small", get(|| async { "hi" }));
        let response = get_gzip(app.clone(), "/big").await;
        assert_eq!(response.headers()["content-encoding"], "gzip");
        assert!(response.headers().get("content-length").is_none());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, expected);
        let small = get_gzip(app, "/small").await;
        assert!(small.headers().get("content-encoding").is_none());
    }
}
