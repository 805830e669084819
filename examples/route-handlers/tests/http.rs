//! What the route handlers answer, checked in-process with `oneshot`.
//!
//! The item list is process-wide state (like the module-level array in `route.ts`)
//! and tests run in parallel, so no test relies on how many items others added.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

const VARY: &str =
    "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";

async fn call(request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let answer = mini_next::testing::call(example_route_handlers::app(), request).await;
    (answer.status, answer.headers, answer.bytes)
}

fn request(method: &str, uri: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .unwrap()
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("a JSON body")
}

#[tokio::test]
async fn get_counts_visits_in_a_cookie() {
    let (status, headers, body) = call(request("GET", "/api/items")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["set-cookie"], "visits=1; Path=/");
    let body = json_of(&body);
    assert_eq!(body["visitsSeen"], 0);
    assert_eq!(body["items"][0], json!({"id": 1, "name": "first"}));

    let with_cookie = Request::get("/api/items")
        .header("cookie", "visits=2")
        .body(Body::empty())
        .unwrap();
    let (_, headers, body) = call(with_cookie).await;
    assert_eq!(headers["set-cookie"], "visits=3; Path=/");
    assert_eq!(json_of(&body)["visitsSeen"], 2);
}

#[tokio::test]
async fn a_cookie_that_is_not_a_number_is_nan() {
    let req = Request::get("/api/items")
        .header("cookie", "visits=many")
        .body(Body::empty())
        .unwrap();
    let (_, headers, body) = call(req).await;
    assert_eq!(headers["set-cookie"], "visits=NaN; Path=/");
    assert_eq!(json_of(&body)["visitsSeen"], Value::Null);
}

#[tokio::test]
async fn json_goes_out_without_charset_and_with_vary() {
    let (_, headers, _) = call(request("GET", "/api/items")).await;
    assert_eq!(headers["content-type"], "application/json");
    // The compression layer adds Accept-Encoding because JSON is compressible.
    assert_eq!(headers["vary"], format!("{VARY}, Accept-Encoding"));
    assert!(headers.get("cache-control").is_none());
    // A streamed body: no Content-Length (hyper frames it as chunked).
    assert!(headers.get("content-length").is_none());
}

#[tokio::test]
async fn post_appends_the_item_and_answers_201() {
    let post = |body: &'static str| {
        Request::post("/api/items")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap()
    };
    let (status, headers, body) = call(post(r#"{"name":"pen","colour":"red"}"#)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(headers["content-type"], "application/json");
    assert!(headers.get("set-cookie").is_none());
    let item = json_of(&body);
    let id = item["id"].as_u64().expect("a numeric id");
    assert!(id >= 2, "the list starts with one item");
    // `{ id, ...body }`: id first, then the body's fields in their order.
    assert_eq!(
        String::from_utf8(body).unwrap(),
        format!(r#"{{"id":{id},"name":"pen","colour":"red"}}"#)
    );
    let (_, _, list) = call(request("GET", "/api/items")).await;
    assert!(json_of(&list)["items"].as_array().unwrap().contains(&item));

    // An `id` in the body replaces the computed one, keeping its place.
    let (_, _, body) = call(post(r#"{"name":"x","id":99}"#)).await;
    assert_eq!(body, br#"{"id":99,"name":"x"}"#);
}

#[tokio::test]
async fn invalid_or_missing_json_throws_and_answers_an_empty_500() {
    for body in ["{nope", ""] {
        let req = Request::post("/api/items")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap();
        let (status, headers, answer) = call(req).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body:?}");
        assert!(answer.is_empty());
        assert!(headers.get("content-type").is_none());
        assert_eq!(headers["vary"], VARY);
    }
}

#[tokio::test]
async fn head_is_get_without_the_body() {
    let (status, headers, body) = call(request("HEAD", "/api/items")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/json");
    // The GET handler ran, so its cookie is there too.
    assert_eq!(headers["set-cookie"], "visits=1; Path=/");
    assert!(body.is_empty());
}

#[tokio::test]
async fn options_lists_the_methods_sorted() {
    for (path, allow) in [
        ("/api/items", "GET, HEAD, OPTIONS, POST"),
        ("/api/items/42", "GET, HEAD, OPTIONS"),
        ("/api/boom", "GET, HEAD, OPTIONS"),
    ] {
        let (status, headers, body) = call(request("OPTIONS", path)).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(headers["allow"], allow, "{path}");
        assert_eq!(headers["vary"], VARY);
        assert!(body.is_empty());
    }
}

#[tokio::test]
async fn unexported_methods_get_405_with_no_allow_and_no_body() {
    for (method, path) in [
        ("PUT", "/api/items"),
        ("DELETE", "/api/items"),
        ("PATCH", "/api/items"),
        ("POST", "/api/items/42"),
    ] {
        let (status, headers, body) = call(request(method, path)).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(headers.get("allow").is_none(), "{method} {path}");
        assert_eq!(headers["vary"], VARY);
        assert!(body.is_empty());
    }
}

#[tokio::test]
async fn item_by_id_reads_params_and_the_last_of_repeated_keys() {
    let (status, _, body) = call(request("GET", "/api/items/42?x=1&x=2")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, br#"{"id":"42","search":{"x":"2"}}"#);

    let (_, _, body) = call(request("GET", "/api/items/a%20b?q=a+b&e")).await;
    assert_eq!(
        json_of(&body),
        json!({"id": "a b", "search": {"q": "a b", "e": ""}})
    );
}

#[tokio::test]
async fn a_throw_becomes_an_empty_500() {
    let (status, headers, body) = call(request("GET", "/api/boom")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.is_empty());
    assert!(headers.get("content-type").is_none());
    assert_eq!(headers["vary"], VARY);
}

#[tokio::test]
async fn a_force_static_get_is_served_from_its_build_and_ignores_if_none_match() {
    // One router is one build: both requests get the answer stored when it was made.
    let app = example_route_handlers::app();
    let mut bodies = Vec::new();
    for (uri, if_none_match) in [
        ("/api/time?fresh=please", None),
        ("/api/time", Some("\"x\"")),
    ] {
        let mut request = Request::get(uri);
        if let Some(tag) = if_none_match {
            request = request.header("if-none-match", tag);
        }
        let answer =
            mini_next::testing::call(app.clone(), request.body(Body::empty()).unwrap()).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_eq!(answer.headers["x-nextjs-cache"], "HIT");
        assert_eq!(answer.headers["cache-control"], "s-maxage=31536000");
        assert!(answer.headers.get("etag").is_none());
        bodies.push(answer.bytes);
    }
    assert_eq!(bodies[0], bodies[1]);
    assert!(json_of(&bodies[0])["renderedAt"].is_u64());
}

#[tokio::test]
async fn the_same_get_without_force_static_runs_for_every_request() {
    let app = example_route_handlers::app();
    let mut rendered = Vec::new();
    for _ in 0..2 {
        let answer = mini_next::testing::call(
            app.clone(),
            Request::get("/api/now").body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(answer.headers.get("x-nextjs-cache").is_none());
        assert!(answer.headers.get("cache-control").is_none());
        rendered.push(json_of(&answer.bytes)["renderedAt"].as_u64().unwrap());
        // Date.now() counts milliseconds: make sure the second run is in a later one.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert!(rendered[1] > rendered[0], "{rendered:?}");
}

#[tokio::test]
async fn a_force_static_route_refuses_every_other_method_with_two_allow_lines() {
    for method in ["POST", "OPTIONS", "DELETE"] {
        let (status, headers, body) = call(request(method, "/api/time")).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        let allow: Vec<_> = headers.get_all("allow").iter().collect();
        assert_eq!(allow, ["GET", "HEAD"], "{method}");
        assert_eq!(body, b"Method Not Allowed");
    }
}

#[tokio::test]
async fn cookie_options_become_attributes_and_delete_expires_the_cookie() {
    let (status, headers, _) = call(request("POST", "/api/session")).await;
    assert_eq!(status, StatusCode::OK);
    let line = headers["set-cookie"].to_str().unwrap();
    assert!(
        line.starts_with("session=abc123; Path=/; Expires="),
        "{line}"
    );
    assert!(
        line.ends_with("; Max-Age=3600; HttpOnly; SameSite=lax"),
        "{line}"
    );

    let (status, headers, body) = call(request("DELETE", "/api/session")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        headers["set-cookie"],
        "session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
    );
    assert!(body.is_empty());
}

#[tokio::test]
async fn trace_gets_the_html_500_page_not_a_405() {
    let (status, headers, body) = call(request("TRACE", "/api/items")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(headers.get("etag").is_some());
    assert!(String::from_utf8(body)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
}

/// Sends `GET path` on a real socket and notes when each of `pieces` first shows
/// up in what has arrived, counted from the moment the request was written. Returns
/// the whole answer (head and chunked body) and those moments.
async fn arrival_times(path: &str, pieces: &[&str]) -> (String, Vec<std::time::Duration>) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let addr = mini_next::testing::serve_on_loopback(example_route_handlers::app()).await;
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = std::time::Instant::now();
    let request = format!("GET {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n");
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut received = String::new();
    let mut seen_at = vec![None; pieces.len()];
    let mut buffer = [0u8; 4096];
    loop {
        let n = socket.read(&mut buffer).await.unwrap();
        if n == 0 {
            break;
        }
        received.push_str(&String::from_utf8_lossy(&buffer[..n]));
        for (piece, seen) in pieces.iter().zip(&mut seen_at) {
            if seen.is_none() && received.contains(piece) {
                *seen = Some(started.elapsed());
            }
        }
    }
    let seen_at = seen_at
        .into_iter()
        .zip(pieces)
        .map(|(at, piece)| at.unwrap_or_else(|| panic!("{piece:?} never came in {received:?}")))
        .collect();
    (received, seen_at)
}

/// Each gap between two pieces is the handler's 300 ms pause (with some slack for a
/// busy machine), so the pieces were sent one by one, not buffered to the end.
fn assert_300ms_apart(seen_at: &[std::time::Duration]) {
    assert!(
        seen_at[0].as_millis() < 250,
        "the first piece waits for nothing: {seen_at:?}"
    );
    for pair in seen_at.windows(2) {
        let gap = (pair[1] - pair[0]).as_millis();
        assert!(
            (250..1000).contains(&gap),
            "a gap of {gap} ms in {seen_at:?}"
        );
    }
}

#[tokio::test]
async fn a_readable_stream_sends_each_line_when_it_is_enqueued() {
    let (answer, seen_at) = arrival_times("/api/stream", &["one\n", "two\n", "three\n"]).await;
    let head = answer
        .split("\r\n\r\n")
        .next()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        head.contains("content-type: text/plain; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    assert_300ms_apart(&seen_at);
}

#[tokio::test]
async fn server_sent_events_arrive_one_by_one() {
    let ticks = ["data: tick 1\n\n", "data: tick 2\n\n", "data: tick 3\n\n"];
    let (answer, seen_at) = arrival_times("/api/events", &ticks).await;
    let head = answer
        .split("\r\n\r\n")
        .next()
        .unwrap()
        .to_ascii_lowercase();
    assert!(head.contains("content-type: text/event-stream"), "{head}");
    assert!(head.contains("cache-control: no-cache"), "{head}");
    assert_300ms_apart(&seen_at);
}

#[tokio::test]
async fn the_streamed_bodies_are_whole_in_process() {
    let (status, headers, body) = call(request("GET", "/api/stream")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["vary"], format!("{VARY}, Accept-Encoding"));
    assert_eq!(body, b"one\ntwo\nthree\n");
    let (_, _, body) = call(request("GET", "/api/events")).await;
    assert_eq!(body, b"data: tick 1\n\ndata: tick 2\n\ndata: tick 3\n\n");
}

fn preflight(path: &str) -> Request<Body> {
    Request::options(path)
        .header("origin", "http://other.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn an_exported_options_answers_the_preflight_with_cors_headers() {
    let (status, headers, body) = call(preflight("/api/cors")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let names: Vec<&str> = headers.keys().map(|n| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "vary",
            "access-control-allow-headers",
            "access-control-allow-methods",
            "access-control-allow-origin",
            "access-control-max-age",
        ],
        "sorted, as a Fetch Headers object lists them, and no automatic Allow"
    );
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(
        headers["access-control-allow-methods"],
        "GET, POST, OPTIONS"
    );
    assert_eq!(headers["access-control-allow-headers"], "Content-Type");
    assert_eq!(headers["access-control-max-age"], "86400");
    assert!(body.is_empty());

    let get = Request::get("/api/cors")
        .header("origin", "http://other.example")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = call(get).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(json_of(&body), json!({"ok": true}));
}

#[tokio::test]
async fn the_automatic_options_has_no_cors_headers() {
    let (status, headers, body) = call(preflight("/api/nocors")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers["allow"], "GET, HEAD, OPTIONS");
    assert!(
        headers
            .keys()
            .all(|n| !n.as_str().starts_with("access-control-")),
        "{headers:?}"
    );
    assert!(body.is_empty());
}

#[tokio::test]
async fn an_upload_of_2_mb_of_json_is_read_whole() {
    let text = "u".repeat(2 * 1024 * 1024);
    let body = json!({ "text": text }).to_string();
    let upload = Request::post("/api/upload")
        .header("content-type", "application/json")
        .body(Body::from(body.clone()))
        .unwrap();
    let (status, _, answer) = call(upload).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_of(&answer), json!({ "bytes": body.len() }));
}
