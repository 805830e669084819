//! How long the playground waits for an example, and what it says when that runs out.
//!
//! An example that hangs (an endless handler, a process stopped with SIGSTOP) must not
//! hang the reader's browser with it: past `--upstream-timeout` the proxy and `send`
//! answer 504 and record the exchange with the reason, so the panel shows what happened.
//! A body that stops flowing for that long is cut off the same way.

use axum::http::StatusCode;
use axum::response::Response;
use futures_util::StreamExt as _;
use std::time::Duration;

/// A response body that fails when no piece arrives for `timeout`: a stream that
/// stops flowing mid-way is cut off (and recorded as such) instead of hanging.
pub fn stall_limited<S>(
    body: S,
    timeout: Duration,
) -> impl futures_util::Stream<Item = Result<bytes::Bytes, String>>
where
    S: futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin,
{
    futures_util::stream::unfold(Some(body), move |body| async move {
        let mut body = body?;
        match tokio::time::timeout(timeout, body.next()).await {
            Ok(Some(Ok(bytes))) => Some((Ok(bytes), Some(body))),
            Ok(Some(Err(e))) => Some((Err(e.to_string()), None)),
            Ok(None) => None,
            Err(_) => Some((
                Err(format!(
                    "no more of the body came for {} s (--upstream-timeout)",
                    timeout.as_secs_f64()
                )),
                None,
            )),
        }
    })
}

/// What a timed-out exchange records and the 504 says.
pub fn timed_out(example: &str, timeout: Duration) -> String {
    format!(
        "example {example} did not answer within {} s: is it stuck in a long or endless \
         handler, or stopped? Restart it or raise --upstream-timeout",
        timeout.as_secs_f64()
    )
}

/// 504 with [`timed_out`]'s explanation.
pub fn gateway_timeout(example: &str, timeout: Duration) -> Response {
    crate::api::error(StatusCode::GATEWAY_TIMEOUT, timed_out(example, timeout))
}

/// The exchange `send` records when the example did not answer in time: the request
/// as asked for, no response, and why.
pub fn unanswered(
    spec: &traffic::client::RequestSpec,
    example: &str,
    started_unix_ms: u64,
    timeout: Duration,
) -> traffic::Exchange {
    traffic::Exchange {
        id: 0,
        example: example.to_owned(),
        scenario: None,
        started_unix_ms,
        request: traffic::RecordedRequest {
            method: spec.method.clone(),
            path: spec.path.clone(),
            headers: spec.headers.clone(),
            body: traffic::Body::capture(&spec.body, traffic::client::REQUEST_BODY_CAP),
        },
        response: None,
        chunks: Vec::new(),
        error: Some(timed_out(example, timeout)),
    }
}
