//! Faults never hang the playground, and each one says why (issue 12, section 2): a
//! stopped example, a slow client, a `send` that lies about its length, an odd request
//! target, and Ctrl-C in the middle of traffic.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const SHORT_TIMEOUT: Duration = Duration::from_secs(1);

/// A playground with api-routes ready and a 1 s upstream timeout; returns it and the
/// example's pid.
async fn with_short_upstream_timeout() -> (playground_server::Playground, u64) {
    let playground = start_with(&["api-routes"], |o| o.upstream_timeout = SHORT_TIMEOUT).await;
    let ready = wait_ready(&playground, "api-routes", None).await;
    let pid = ready["pid"].as_u64().unwrap();
    (playground, pid)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_example_times_out_through_the_proxy_with_504() {
    let (playground, pid) = with_short_upstream_timeout().await;
    let base = playground.url();
    signal(pid, "-STOP");
    let started = Instant::now();
    let answer = client()
        .get(format!("{base}/x/api-routes/api/hello"))
        .timeout(Duration::from_secs(20))
        .send()
        .await;
    signal(pid, "-CONT");
    let answer = answer.expect("the proxy answers instead of hanging");
    assert_eq!(answer.status(), 504);
    assert!(started.elapsed() < Duration::from_secs(10));
    let body: Value = answer.json().await.unwrap();
    let message = body["error"].as_str().unwrap();
    assert!(message.contains("--upstream-timeout"), "{message}");

    let (_, list) = get_json(&format!("{base}/__playground/exchanges")).await;
    assert_eq!(list[0]["path"], "/api/hello");
    assert_eq!(list[0]["status"], Value::Null);
    assert!(
        list[0]["error"]
            .as_str()
            .unwrap()
            .contains("did not answer within"),
        "{list}"
    );
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_example_times_out_through_send_with_504() {
    let (playground, pid) = with_short_upstream_timeout().await;
    let base = playground.url();
    signal(pid, "-STOP");
    let answer = client()
        .post(format!("{base}/__playground/send"))
        .json(&json!({"example": "api-routes", "method": "GET", "path": "/api/hello"}))
        .timeout(Duration::from_secs(20))
        .send()
        .await;
    signal(pid, "-CONT");
    let answer = answer.expect("send answers instead of hanging");
    assert_eq!(answer.status(), 504);
    let exchange: Value = answer.json().await.unwrap();
    assert!(
        exchange["error"]
            .as_str()
            .unwrap()
            .contains("--upstream-timeout"),
        "{exchange}"
    );
    let id = exchange["id"].as_u64().unwrap();
    let (status, recorded) = get_json(&format!("{base}/__playground/exchanges/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(recorded["request"]["path"], "/api/hello");
    assert!(recorded["response"].is_null());
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_client_is_dropped_after_the_header_read_timeout() {
    let playground = start_with(&[], |o| o.header_read_timeout = SHORT_TIMEOUT).await;
    let base = playground.url();
    // An event stream outlives the header timeout: only reading a request head is timed.
    let mut events = client()
        .get(format!("{base}/__playground/events"))
        .send()
        .await
        .unwrap();
    let started = Instant::now();
    let answer = raw_exchange(
        playground.addr,
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
        Duration::from_secs(15),
    )
    .await;
    let held = started.elapsed();
    assert!(
        held < Duration::from_secs(5),
        "a half-sent request head held the connection for {held:?}"
    );
    assert!(!answer.contains("200 OK"), "{answer}");
    playground
        .state
        .book
        .rebuild()
        .await
        .expect("the book rebuilds");
    let got = tokio::time::timeout(Duration::from_secs(10), events.chunk())
        .await
        .expect("the event stream is still open")
        .unwrap();
    assert!(got.is_some(), "the event stream was closed");
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn send_with_a_content_length_that_disagrees_with_its_body_gets_400() {
    let playground = start(&["api-routes"]).await;
    let base = playground.url();
    for declared in ["1000", "1", "two"] {
        let answer = client()
            .post(format!("{base}/__playground/send"))
            .json(&json!({
                "example": "api-routes", "method": "POST", "path": "/api/hello",
                "headers": [["Content-Length", declared]], "body": "{}"
            }))
            .timeout(Duration::from_secs(20))
            .send()
            .await
            .expect("send answers at once");
        assert_eq!(answer.status(), 400, "content-length {declared}");
        let body: Value = answer.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().contains("content-length"),
            "{body}"
        );
    }
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_authority_form_request_target_gets_400() {
    let playground = start(&[]).await;
    let answer = raw_exchange(
        playground.addr,
        b"GET 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        Duration::from_secs(10),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("starting with '/'"), "{answer}");
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_under_load_exits_within_two_seconds_leaving_no_child() {
    use tokio::io::AsyncBufReadExt as _;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_playground-server"))
        .args([
            "--port",
            "0",
            "--no-watch",
            "--example",
            "api-routes",
            "--root",
        ])
        .arg(repo_root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(300), lines.next_line())
        .await
        .expect("the playground starts")
        .unwrap()
        .unwrap();
    let base = first
        .strip_prefix("playground on ")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_owned();
    let example_pid = loop {
        let (_, list) = get_json(&format!("{base}/__playground/examples")).await;
        if list[0]["state"] == "ready" {
            break list[0]["pid"].as_u64().unwrap();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // Load: open event streams and closed loops of proxied requests.
    let http = client();
    let mut load = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let events = http.get(format!("{base}/__playground/events")).send();
        load.spawn(async move {
            let mut events = events.await.unwrap();
            while let Ok(Some(_)) = events.chunk().await {}
        });
    }
    for _ in 0..16 {
        let (http, url) = (http.clone(), format!("{base}/x/api-routes/api/hello"));
        load.spawn(async move { while http.get(&url).send().await.is_ok() {} });
    }
    tokio::time::sleep(Duration::from_secs(1)).await;

    signal(child.id().unwrap() as u64, "-INT");
    let stopping = Instant::now();
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("the playground exits")
        .unwrap();
    let took = stopping.elapsed();
    load.abort_all();
    assert!(status.success(), "{status}");
    assert!(took < Duration::from_secs(2), "Ctrl-C took {took:?}");
    assert!(
        !process_alive(example_pid),
        "example {example_pid} outlived the playground"
    );
}
