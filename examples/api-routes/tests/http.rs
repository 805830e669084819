//! What the API routes answer, checked in-process with `oneshot`.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

async fn call(request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let answer = mini_next::testing::call(example_api_routes::app(), request).await;
    (answer.status, answer.headers, answer.bytes)
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("a JSON body")
}

#[tokio::test]
async fn get_echoes_query_and_cookies() {
    let request = Request::get("/api/hello?name=Ada&tag=a&tag=b")
        .header("cookie", "theme=dark")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = call(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/json; charset=utf-8");
    let body = json_of(&body);
    assert_eq!(body["query"], json!({"name": "Ada", "tag": ["a", "b"]}));
    assert_eq!(body["cookies"], json!({"theme": "dark"}));
}

#[tokio::test]
async fn post_parses_the_body_by_content_type() {
    for (content_type, body, expected, typeof_body) in [
        ("application/json", r#"{"n":1}"#, json!({"n": 1}), "object"),
        (
            "application/x-www-form-urlencoded",
            "a=1&a=2",
            json!({"a": ["1", "2"]}),
            "object",
        ),
        ("text/plain", "hi there", json!("hi there"), "string"),
        ("application/json", "", json!({}), "object"),
    ] {
        let request = Request::post("/api/hello")
            .header("content-type", content_type)
            .body(Body::from(body))
            .unwrap();
        let (status, _, answer) = call(request).await;
        assert_eq!(status, StatusCode::CREATED, "{content_type} {body:?}");
        let answer = json_of(&answer);
        assert_eq!(answer["received"], expected, "{content_type} {body:?}");
        assert_eq!(answer["typeofBody"], typeof_body);
        assert_eq!(answer["contentType"], content_type);
    }
}

#[tokio::test]
async fn invalid_json_is_refused_before_the_handler() {
    let request = Request::post("/api/hello")
        .header("content-type", "application/json")
        .body(Body::from("{nope"))
        .unwrap();
    let (status, headers, body) = call(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, b"Invalid JSON");
    assert!(headers.get("content-type").is_none());
}

#[tokio::test]
async fn bodies_over_one_megabyte_get_413() {
    let big = "x".repeat(1024 * 1024 + 1);
    let request = Request::post("/api/hello")
        .header("content-type", "text/plain")
        .body(Body::from(big))
        .unwrap();
    let (status, _, body) = call(request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body, b"Body exceeded 1mb limit");
}

#[tokio::test]
async fn other_methods_get_405_with_one_allow_line_per_method() {
    for method in ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"] {
        let request = Request::builder()
            .method(method)
            .uri("/api/hello")
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = call(request).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        let allow: Vec<_> = headers.get_all("allow").iter().collect();
        assert_eq!(allow, ["GET", "POST"], "{method}");
        // A HEAD answer never carries a body on the wire.
        let expected = if method == "HEAD" {
            String::new()
        } else {
            format!("Method {method} Not Allowed")
        };
        assert_eq!(String::from_utf8(body).unwrap(), expected);
    }
}

#[tokio::test]
async fn dynamic_segment_wins_over_the_query() {
    let request = Request::get("/api/post/abc?pid=zzz&x=1")
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = call(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_of(&body)["query"], json!({"pid": "abc", "x": "1"}));
}

#[tokio::test]
async fn redirect_is_a_307_to_hello() {
    let (status, headers, _) =
        call(Request::get("/api/redirect").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(headers["location"], "/api/hello");
}

#[tokio::test]
async fn json_answers_carry_next_s_etag_and_a_matching_if_none_match_gets_304() {
    let request = || Request::get("/api/hello?name=Ada&tag=a&tag=b").header("cookie", "theme=dark");
    let (status, headers, body) = call(request().body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    // The same ETag real Next.js sent for this very body.
    assert_eq!(headers["etag"], "\"13w8darp3c42z\"");
    assert_eq!(headers["content-length"], body.len().to_string());
    assert_eq!(headers["vary"], "Accept-Encoding");

    let again = request()
        .header("if-none-match", "\"13w8darp3c42z\"")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = call(again).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(headers["content-type"], "application/json; charset=utf-8");
    assert_eq!(headers["etag"], "\"13w8darp3c42z\"");
}

#[tokio::test]
async fn end_and_redirect_have_no_length_so_they_go_chunked() {
    let (_, headers, body) = call(Request::put("/api/hello").body(Body::empty()).unwrap()).await;
    assert!(headers.get("content-length").is_none());
    assert_eq!(body, b"Method PUT Not Allowed");
    let (_, headers, body) = call(Request::get("/api/redirect").body(Body::empty()).unwrap()).await;
    assert!(headers.get("content-length").is_none());
    assert_eq!(body, b"/api/hello");
}

#[tokio::test]
async fn a_body_of_exactly_one_mebibyte_is_accepted() {
    let body = "x".repeat(1024 * 1024);
    let request = Request::post("/api/size")
        .header("content-type", "text/plain")
        .body(Body::from(body))
        .unwrap();
    let (status, _, body) = call(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        json_of(&body),
        json!({"typeofBody": "string", "length": 1024 * 1024})
    );
}

#[tokio::test]
async fn redirect_with_a_status_first_is_permanent() {
    let (status, headers, body) =
        call(Request::get("/api/permanent").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(headers["location"], "/api/hello");
    assert_eq!(body, b"/api/hello");
}

#[tokio::test]
async fn send_adds_length_and_etag_but_no_content_type_or_vary() {
    let untyped = Request::get("/api/greeting?untyped")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = call(untyped).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-length"], body.len().to_string().as_str());
    assert!(headers.get("etag").is_some());
    assert!(headers.get("content-type").is_none());
    assert!(headers.get("vary").is_none());

    let typed = Request::get("/api/greeting").body(Body::empty()).unwrap();
    let (_, headers, _) = call(typed).await;
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["vary"], "Accept-Encoding");
}

/// On a real socket, a body far over the limit still gets its 413: the server reads
/// the rest of the body (as Node does) before it closes, so the client is not reset
/// before it can read the answer.
#[tokio::test]
async fn a_body_far_over_the_limit_gets_its_413_on_a_real_socket() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let addr = mini_next::testing::serve_on_loopback(example_api_routes::app()).await;
    let body = vec![b'x'; 4 * 1024 * 1024];
    for attempt in 0..3 {
        let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST /api/hello HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: text/plain\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        socket.write_all(&body).await.unwrap();
        let mut answer = Vec::new();
        socket.read_to_end(&mut answer).await.unwrap();
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with("HTTP/1.1 413"),
            "attempt {attempt}: {answer:.200}"
        );
    }
}
