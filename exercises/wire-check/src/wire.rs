//! Real HTTP on a real socket: start an app on `127.0.0.1`, send it requests, and read
//! the answers as they crossed the wire (status, every header line, the body and when
//! each piece of it arrived).
//!
//! The requests go through the same client the book's recorder uses
//! ([`traffic::client`]): it never follows redirects and never decompresses, so a check
//! sees exactly what the server sent.

use axum::Router;
use serde_json::Value;
use std::future::Future;
use std::time::Duration;
use traffic::client::{loopback_client, RequestSpec};
use traffic::Exchange;

/// How long one request may take before the check gives up. Generous: a loaded
/// 2-core machine can be slow, and the slowest page in the exercises takes 1.5 s.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// An app listening on `127.0.0.1:<port>`, served the way `next start` serves
/// (gzip for clients that ask, small writes sent at once). Dropping it stops it.
#[derive(Debug)]
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Binds `127.0.0.1:port` (`0` picks a free port) and serves `app` on a task of
    /// the current runtime.
    pub async fn start(app: Router, port: u16) -> std::io::Result<Server> {
        Self::start_until(app, port, std::future::pending()).await
    }

    /// Like [`Server::start`], but stops when `stop` completes.
    pub async fn start_until(
        app: Router,
        port: u16,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<Server> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let base = format!("http://{}", listener.local_addr()?);
        let app = app.layer(axum::middleware::from_fn(mini_next::compress::gzip));
        // As in `mini_next::serve`: without TCP_NODELAY the kernel may hold a streamed
        // chunk back for ~40 ms, which would blur the timing the checks look at.
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let task = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app)
                .with_graceful_shutdown(stop)
                .await
            {
                eprintln!("the server stopped: {error}");
            }
        });
        Ok(Server { base, task })
    }

    /// Waits until the server stops (after `stop`, for [`Server::start_until`]).
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }

    /// A client for this server.
    pub fn wire(&self) -> Wire {
        Wire {
            base: self.base.clone(),
            client: loopback_client(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Sends requests to one server. Cheap to clone: every check gets its own.
#[derive(Debug, Clone)]
pub struct Wire {
    base: String,
    client: reqwest::Client,
}

impl Wire {
    /// `GET path`.
    pub async fn get(&self, path: &str) -> Result<Reply, Failure> {
        self.send("GET", path, &[], Vec::new()).await
    }

    /// Any request. `headers` are sent as given, after `host`.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
    ) -> Result<Reply, Failure> {
        let spec = RequestSpec {
            method: method.to_owned(),
            path: path.to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.into(),
        };
        let sending = traffic::client::send(
            &self.client,
            &self.base,
            &spec,
            traffic::client::DEFAULT_BODY_CAP,
        );
        let exchange = match tokio::time::timeout(REQUEST_TIMEOUT, sending).await {
            Ok(exchange) => exchange,
            Err(_) => {
                return Err(Failure::new(format!(
                    "{method} {path} got no complete answer within {} s",
                    REQUEST_TIMEOUT.as_secs()
                )))
            }
        };
        if let Some(error) = &exchange.error {
            let message = format!("{method} {path} failed: {error}");
            return Err(Failure::new(message).with_exchange(exchange));
        }
        Ok(Reply { exchange })
    }

    /// `POST path` with a JSON body and `content-type: application/json`.
    pub async fn post_json(&self, path: &str, body: &Value) -> Result<Reply, Failure> {
        let headers = [("content-type", "application/json")];
        self.send("POST", path, &headers, body.to_string()).await
    }

    /// `POST path` with `fields` as `multipart/form-data`, the way a browser posts a
    /// `<form>` (or `curl -F name=value`), plus `headers`.
    pub async fn post_multipart(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        fields: &[(&str, &str)],
    ) -> Result<Reply, Failure> {
        let (content_type, body) = multipart(fields);
        let mut all = vec![("content-type", content_type.as_str())];
        all.extend_from_slice(headers);
        self.send("POST", path, &all, body).await
    }
}

/// A `multipart/form-data` body of text fields: the content type (with its
/// boundary) and the bytes. The one builder the workspace's tests share.
pub use mini_next::testing::multipart;

/// One answer, as it arrived.
#[derive(Debug, Clone)]
pub struct Reply {
    pub exchange: Exchange,
}

impl Reply {
    fn response(&self) -> &traffic::RecordedResponse {
        self.exchange
            .response
            .as_ref()
            .expect("a Reply is only made from an exchange with a response")
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.response().status
    }

    /// `405 Method Not Allowed`.
    pub fn status_line(&self) -> String {
        let response = self.response();
        format!("{} {}", response.status, response.reason)
    }

    /// Fails unless the status is `want`.
    pub fn expect_status(&self, want: u16) -> Result<(), Failure> {
        if self.status() == want {
            return Ok(());
        }
        let wanted = reqwest::StatusCode::from_u16(want)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        Err(self.fail(format!(
            "expected {want} {wanted}, got {}",
            self.status_line()
        )))
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.response().header(name)
    }

    /// Every line of header `name`, in order.
    pub fn header_lines(&self, name: &str) -> Vec<&str> {
        self.response()
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body as text (empty if it was not UTF-8).
    pub fn text(&self) -> &str {
        self.response().body.text.as_deref().unwrap_or("")
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> Result<Value, Failure> {
        serde_json::from_str(self.text())
            .map_err(|e| self.fail(format!("expected a JSON body ({e})")))
    }

    /// When the body's bytes up to the end of the first `needle` had arrived, in
    /// milliseconds since the request was sent; `None` if `needle` is not in the body.
    pub fn arrival_ms(&self, needle: &str) -> Option<f64> {
        let end = self.text().find(needle)? + needle.len();
        let mut received = 0u64;
        for chunk in &self.exchange.chunks {
            received += chunk.size;
            if received >= end as u64 {
                return Some(chunk.t_ms);
            }
        }
        None
    }

    /// A failure about this answer: the report shows the exchange under the message.
    pub fn fail(&self, message: impl Into<String>) -> Failure {
        Failure::new(message).with_exchange(self.exchange.clone())
    }
}

/// Why a check failed: a sentence, and the exchange that shows it, if there is one.
#[derive(Debug, Clone)]
pub struct Failure {
    pub message: String,
    pub exchange: Option<Box<Exchange>>,
    /// A command that repeats the request by hand, with `{base}` for the address;
    /// without one, the report derives a curl command from the exchange.
    pub try_it: Option<String>,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            exchange: None,
            try_it: None,
        }
    }

    pub fn with_exchange(mut self, exchange: Exchange) -> Failure {
        self.exchange = Some(Box::new(exchange));
        self
    }

    /// Suggests `command` (with `{base}` for the address) to repeat the request.
    pub fn with_try_it(mut self, command: impl Into<String>) -> Failure {
        self.try_it = Some(command.into());
        self
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The text fields of a body made by [`multipart`], in order (for showing it).
pub fn multipart_fields(body: &str) -> Vec<(String, String)> {
    let content_type = format!(
        "multipart/form-data; boundary={}",
        mini_next::testing::BOUNDARY
    );
    let parts = flight::multipart::parse(body.as_bytes(), &content_type).unwrap_or_default();
    let text = |part: flight::multipart::Part| String::from_utf8_lossy(&part.data).into_owned();
    parts
        .into_iter()
        .map(|part| (part.name.clone(), text(part)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use traffic::{Chunk, RecordedRequest, RecordedResponse};

    fn reply(body: &str, chunks: &[(f64, u64)]) -> Reply {
        let response = RecordedResponse {
            status: 200,
            reason: "OK".into(),
            version: "HTTP/1.1".into(),
            headers: vec![
                ("allow".into(), "GET".into()),
                ("Allow".into(), "POST".into()),
            ],
            body: traffic::Body::capture(body.as_bytes(), 1 << 20),
            head_ms: 1.0,
            total_ms: 2.0,
        };
        Reply {
            exchange: Exchange {
                id: 0,
                example: String::new(),
                scenario: None,
                started_unix_ms: 0,
                request: RecordedRequest {
                    method: "GET".into(),
                    path: "/".into(),
                    headers: Vec::new(),
                    body: Default::default(),
                },
                response: Some(response),
                chunks: chunks
                    .iter()
                    .map(|&(t_ms, size)| Chunk { t_ms, size })
                    .collect(),
                error: None,
            },
        }
    }

    #[test]
    fn arrival_is_the_chunk_that_completes_the_needle() {
        let reply = reply("<h1>A</h1>...<p>late</p>", &[(10.0, 12), (900.0, 12)]);
        assert_eq!(reply.arrival_ms("<h1>A</h1>"), Some(10.0));
        // Split across the two chunks: it is complete only with the second.
        assert_eq!(reply.arrival_ms("..<p>"), Some(900.0));
        assert_eq!(reply.arrival_ms("missing"), None);
    }

    #[test]
    fn repeated_header_lines_are_all_kept() {
        let reply = reply("", &[]);
        assert_eq!(reply.header_lines("ALLOW"), ["GET", "POST"]);
        assert_eq!(reply.header("allow"), Some("GET"));
    }

    #[test]
    fn multipart_bodies_read_back_as_their_fields() {
        let (content_type, body) = multipart(&[("$ACTION_ID_ab", ""), ("id", "3")]);
        assert!(content_type.starts_with("multipart/form-data; boundary="));
        let fields = multipart_fields(std::str::from_utf8(&body).unwrap());
        let expected = [("$ACTION_ID_ab", ""), ("id", "3")].map(|(n, v)| (n.into(), v.into()));
        assert_eq!(fields, expected);
    }
}
