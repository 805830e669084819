//! What the tests of the examples and exercises share: one way to call an app in
//! process, one way to serve it on a real socket, and one `multipart/form-data`
//! builder. Compiled only with the `testing` feature, which the examples turn on
//! for their tests (`[dev-dependencies] mini-next = { features = ["testing"] }`).

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt as _;
use std::net::SocketAddr;
use tower::ServiceExt as _;

/// An answer, whole: status, headers and the body as text (lossy for binary).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// A header's value as text; panics when it is absent, naming it.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("no {name} header in {:?}", self.headers))
            .to_str()
            .expect("a text header")
    }
}

/// Sends `request` to `app` in process (axum's `oneshot`) and reads the whole answer.
pub async fn call(app: Router, request: Request<Body>) -> Answer {
    let response = app.oneshot(request).await.expect("a router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("the body can be read")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        bytes,
    }
}

/// A request with headers and a body.
pub fn request(
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: impl Into<Body>,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.into()).expect("a valid request")
}

/// `GET uri` with headers.
pub fn get(uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    request("GET", uri, headers, Body::empty())
}

/// The boundary of [`multipart`] bodies.
pub const BOUNDARY: &str = "----mini-next-test-boundary";

/// A `multipart/form-data` body of text fields, as a browser posts a form: the
/// content type (with its boundary) and the bytes.
pub fn multipart(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    (
        format!("multipart/form-data; boundary={BOUNDARY}"),
        body.into_bytes(),
    )
}

/// Serves `app` on a fresh port of 127.0.0.1, with `TCP_NODELAY` as
/// [`crate::serve`] sets it, until the test's runtime ends. Returns the address.
pub async fn serve_on_loopback(app: Router) -> SocketAddr {
    use axum::serve::ListenerExt as _;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port on 127.0.0.1");
    let addr = listener.local_addr().expect("a bound address");
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// Checks that the book's map of action ids (`book-data/actions.json`, which the
/// panels use to name an action) lists every action of `registries` under the name
/// the registry gives it. `path` is that file.
pub fn assert_actions_listed(path: &str, registries: &[crate::server_actions::Registry]) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let listed: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    for action in registries.iter().flat_map(|r| r.actions()) {
        let entry = &listed["actions"][&action.id];
        let name = entry["name"]
            .as_str()
            .unwrap_or_else(|| panic!("{} ({}) is missing from {path}", action.id, action.name));
        assert!(
            name == action.name || name.contains(&format!("compiled as {}", action.name)),
            "{}: {path} says {name:?}, the registry {:?}",
            action.id,
            action.name
        );
    }
}
