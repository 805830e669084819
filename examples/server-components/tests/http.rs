//! What `/dashboard` answers: in-process with `oneshot` for headers and body
//! markers, and once on a real socket to see the late chunk arrive late.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt as _;
use mini_next::server_components::{CACHE_CONTROL, VARY};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tower::ServiceExt as _;

async fn call(request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = example_server_components::app_with_base_path("")
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

fn get(uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn html_streams_the_shell_then_the_suspense_content() {
    let (status, headers, body) = call(get("/dashboard", &[])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["vary"], VARY);
    assert_eq!(headers["x-powered-by"], "Next.js");
    assert_eq!(headers["cache-control"], CACHE_CONTROL);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(body.starts_with("<!DOCTYPE html><html lang=\"en\"><head>"));
    assert!(body.contains("<li>alpha</li><li>beta</li><li>gamma</li>"));
    assert!(body.contains("<button>Count: <!-- -->3</button>"));
    assert!(body.contains("<!--$?--><template id=\"B:0\"></template><p>Loading…</p><!--/$-->"));
    assert!(body.contains("<script>(self.__next_f=self.__next_f||[]).push([0])</script>"));
    assert!(body.contains("<div hidden id=\"S:0\"><p>Slow panel ready at <!-- -->"));
    assert!(body.contains("$RC(\"B:0\",\"S:0\")</script>"));
    assert!(body.ends_with("</body></html>"));
    // The late row and HTML come after the shell's rows, in that order.
    let page_row = body.find("\\\"$L6\\\"").unwrap();
    let late_row = body.find("self.__next_f.push([1,\"6:").unwrap();
    let hidden = body.find("<div hidden id=\"S:0\">").unwrap();
    assert!(page_row < late_row && late_row < hidden);
}

#[tokio::test]
async fn rsc_without_the_right_param_is_redirected() {
    for uri in ["/dashboard", "/dashboard?_rsc=wrong"] {
        let (status, headers, body) = call(get(uri, &[("rsc", "1")])).await;
        assert_eq!(status, StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(headers["location"], "/dashboard?_rsc");
        assert!(headers.get("vary").is_none());
        assert_eq!(body, "");
    }
    let prefetch = get("/dashboard", &[("rsc", "1"), ("next-router-prefetch", "1")]);
    let (_, headers, _) = call(prefetch).await;
    assert_eq!(headers["location"], "/dashboard?_rsc=HEAvJdHAQJrUAe2K");
}

#[tokio::test]
async fn rsc_sends_flight_rows() {
    let (status, headers, body) = call(get("/dashboard?_rsc", &[("rsc", "1")])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/x-component");
    assert_eq!(headers["vary"], VARY);
    assert_eq!(headers["cache-control"], CACHE_CONTROL);
    assert!(headers.get("x-powered-by").is_none());
    let rows: Vec<&str> = body.lines().collect();
    assert!(rows.iter().any(|r| r.starts_with("0:{\"q\":\"\"")));
    assert!(rows.contains(&"5:I[1001,[\"$4\"],\"default\"]"));
    assert!(rows.contains(&"7:\"$Sreact.suspense\""));
    let page = rows.iter().find(|r| r.starts_with("3:")).unwrap();
    assert!(page.contains("[\"$\",\"$L5\",null,{\"start\":3}]"));
    assert!(page.contains("\"children\":\"$L6\""));
    assert!(rows.last().unwrap().starts_with("6:[\"$\",\"p\",null,"));
}

#[tokio::test]
async fn prefetch_sends_only_the_segment_tree() {
    let request = get(
        "/dashboard?_rsc=HEAvJdHAQJrUAe2K",
        &[("rsc", "1"), ("next-router-prefetch", "1")],
    );
    let (status, headers, body) = call(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/x-component");
    assert_eq!(
        body,
        "1:[[\"children\",{\"s\":\"__PAGE__\"}]]\n\
         2:[[\"children\",{\"s\":\"dashboard\",\"c\":\"$Q1\"}]]\n\
         0:{\"q\":\"\",\"i\":false,\"S\":false,\"r\":\"$undefined\",\"b\":\"mini-next-build\",\"t\":{\"t\":{\"s\":\"\",\"c\":\"$Q2\"}}}\n"
    );
}

#[tokio::test]
async fn base_path_reaches_script_urls_and_redirects() {
    let app = mini_next::with_base_path(
        example_server_components::app_with_base_path("/x/sc"),
        "/x/sc",
    );
    let response = app
        .clone()
        .oneshot(get("/x/sc/dashboard", &[]))
        .await
        .unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let body = String::from_utf8(body.to_vec()).unwrap();
    assert!(body.contains("<script src=\"/x/sc/_next/static/chunks/app-dashboard-counter.js\""));
    let redirect = app
        .clone()
        .oneshot(get("/x/sc/dashboard", &[("rsc", "1")]))
        .await
        .unwrap();
    assert_eq!(redirect.headers()["location"], "/x/sc/dashboard?_rsc");
    let script = app
        .oneshot(get(
            "/x/sc/_next/static/chunks/app-dashboard-counter.js",
            &[],
        ))
        .await
        .unwrap();
    assert_eq!(script.status(), StatusCode::OK);
}

#[tokio::test]
async fn head_has_the_headers_and_no_body() {
    let request = Request::head("/dashboard").body(Body::empty()).unwrap();
    let (status, headers, _) = call(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
}

/// On a real socket: the shell arrives after the page's 50 ms of data, the
/// Suspense content ~800 ms later, in the same response.
#[tokio::test]
async fn the_late_chunk_really_arrives_late() {
    use axum::serve::ListenerExt as _;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Like Node's HTTP server: no Nagle delay on small writes.
    let listener = listener.tap_io(|tcp| tcp.set_nodelay(true).unwrap());
    let app = example_server_components::app_with_base_path("");
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    socket
        .write_all(b"GET /dashboard HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut received = String::new();
    let mut shell_at = None;
    let mut late_at = None;
    let mut buffer = [0u8; 16 * 1024];
    loop {
        let n = socket.read(&mut buffer).await.unwrap();
        if n == 0 {
            break;
        }
        received.push_str(&String::from_utf8_lossy(&buffer[..n]));
        if shell_at.is_none() && received.contains("<template id=\"B:0\">") {
            shell_at = Some(started.elapsed());
        }
        if late_at.is_none() && received.contains("<div hidden id=\"S:0\">") {
            late_at = Some(started.elapsed());
        }
    }
    let (shell_at, late_at) = (shell_at.unwrap(), late_at.unwrap());
    assert!(
        shell_at >= Duration::from_millis(45),
        "shell at {shell_at:?}"
    );
    assert!(
        late_at - shell_at >= Duration::from_millis(700),
        "shell at {shell_at:?}, late content at {late_at:?}"
    );
    assert!(received.starts_with("HTTP/1.1 200 OK\r\n"));
    assert!(received.contains("transfer-encoding: chunked\r\n"));
    assert!(received.ends_with("</body></html>\r\n0\r\n\r\n"));
}
