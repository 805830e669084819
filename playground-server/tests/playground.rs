//! The playground over a real socket: every endpoint, the recording proxy, the
//! refusals, the supervisor's restart and its clean shutdown.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
async fn endpoints_proxy_and_restart() {
    let playground = start(&["api-routes"]).await;
    let base = playground.url();
    let http = client();

    // health
    let (status, health) = get_json(&format!("{base}/__playground/health")).await;
    assert_eq!((status, health), (200, json!({"status": "ok"})));

    // examples: building, then ready with a pid and a url
    let ready = wait_ready(&playground, "api-routes", None).await;
    let pid = ready["pid"].as_u64().expect("a pid");
    assert!(ready["url"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));

    // events: the current state first, then each new exchange
    let mut events = http
        .get(format!("{base}/__playground/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let first = read_until(&mut events, "event: book").await;
    assert!(
        first.contains("event: example") && first.contains("\"state\":\"ready\""),
        "{first}"
    );

    // the proxy answers as the example does, and records the exchange
    let response = http
        .get(format!("{base}/x/api-routes/api/hello?name=Ada"))
        .header("cookie", "theme=dark")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["query"], json!({"name": "Ada"}));
    let announced = read_until(&mut events, "event: exchange").await;
    assert!(announced.contains("/api/hello?name=Ada"), "{announced}");

    // custom reason phrases pass through the proxy untouched
    let bad = http
        .post(format!("{base}/x/api-routes/api/hello"))
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);

    // exchanges: summaries, newest first; the whole exchange, as sent, by id
    let (_, list) = get_json(&format!("{base}/__playground/exchanges")).await;
    let list = list.as_array().unwrap();
    assert_eq!(list[0]["method"], "POST");
    assert_eq!(list[0]["reason"], "Invalid JSON");
    assert_eq!(list[1]["path"], "/api/hello?name=Ada");
    assert_eq!(list[1]["status"], 200);
    assert_eq!(list[1]["chunks"], 1);
    let id = list[1]["id"].as_u64().unwrap();
    let (status, get) = get_json(&format!("{base}/__playground/exchanges/{id}")).await;
    assert_eq!(status, 200, "{get}");
    assert_eq!(get["request"]["path"], "/api/hello?name=Ada");
    assert!(get["request"]["headers"].to_string().contains("theme=dark"));
    assert_eq!(get["response"]["status"], 200);
    assert_eq!(get["chunks"].as_array().unwrap().len(), 1);

    // HAR and curl of a recorded exchange
    let (status, har) = get_json(&format!("{base}/__playground/exchanges/{id}.har")).await;
    assert_eq!(status, 200);
    assert_eq!(har["log"]["entries"][0]["response"]["status"], 200);
    assert_eq!(
        har["log"]["entries"][0]["request"]["url"],
        format!("{base}/x/api-routes/api/hello?name=Ada")
    );
    let curl = http
        .get(format!("{base}/__playground/exchanges/{id}.curl"))
        .send()
        .await
        .unwrap();
    let curl = curl.text().await.unwrap();
    assert!(curl.starts_with("curl -i"), "{curl}");
    assert!(
        curl.contains(&format!("'{base}/x/api-routes/api/hello?name=Ada'")),
        "{curl}"
    );
    // one exchange, what the panel's views show of it, and its diff against the recording
    let (status, whole) = get_json(&format!("{base}/__playground/exchanges/{id}")).await;
    assert_eq!((status, whole["id"].as_u64()), (200, Some(id)));
    let (status, decoded) = get_json(&format!("{base}/__playground/exchanges/{id}.decoded")).await;
    assert_eq!(status, 200);
    assert!(
        decoded["headers"].to_string().contains("content-type"),
        "{decoded}"
    );
    let diff_url = format!("{base}/__playground/exchanges/{id}.diff");
    let (status, diff) =
        get_json(&format!("{diff_url}?example=api-routes&scenario=get-hello")).await;
    assert_eq!((status, diff["left"].as_str()), (200, Some("Live")));
    assert!(diff["items"].is_array());
    let (status, refused) =
        get_json(&format!("{diff_url}?example=api-routes&scenario=..%2Fx")).await;
    assert_eq!(status, 400, "{refused}");
    let (status, _) = get_json(&diff_url).await;
    assert_eq!(status, 400);

    let (status, missing) = get_json(&format!("{base}/__playground/exchanges/999999.har")).await;
    assert_eq!(status, 404);
    assert!(missing["error"].is_string());

    // send: an edited request, run server-side, answered with its exchange
    let (status, sent) = send(
        &base,
        json!({
            "example": "api-routes", "method": "POST", "path": "/api/hello",
            "headers": [["content-type", "application/json"]], "body": "{\"n\":1}"
        }),
    )
    .await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["response"]["status"], 201);
    assert_eq!(
        serde_json::from_str::<Value>(sent["response"]["body"]["text"].as_str().unwrap()).unwrap()
            ["received"],
        json!({"n": 1})
    );

    // send refuses anything but a path on a known example
    for (path, example, expected) in [
        ("http://example.com/", "api-routes", 400),
        ("//example.com/", "api-routes", 400),
        ("/\\example.com/", "api-routes", 400),
        ("api/hello", "api-routes", 400),
        ("/api/hello", "no-such-example", 404),
    ] {
        let (status, answer) = send(
            &base,
            json!({"example": example, "method": "GET", "path": path}),
        )
        .await;
        assert_eq!(status, expected, "{path} {example}: {answer}");
        assert!(
            answer["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{answer}"
        );
    }
    let (status, answer) = send(&base, json!({"example": "api-routes"})).await;
    assert_eq!(status, 400, "{answer}");
    let too_big = "x".repeat(playground_server::api::SEND_BODY_LIMIT + 1);
    let (status, answer) = send(
        &base,
        json!({"example": "api-routes", "method": "POST", "path": "/", "body": too_big}),
    )
    .await;
    assert_eq!(status, 413, "{answer}");
    let cross = http
        .post(format!("{base}/__playground/send"))
        .header("origin", "http://evil.example")
        .json(&json!({"example": "api-routes", "method": "GET", "path": "/api/hello"}))
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);

    // unknown examples and endpoints answer JSON errors
    let (status, _) = get_json(&format!("{base}/x/nope/api/hello")).await;
    assert_eq!(status, 404);
    let (status, _) = get_json(&format!("{base}/__playground/nope")).await;
    assert_eq!(status, 404);

    // the book is served at /
    let page = http.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Next.js on the Wire"));

    // a killed example is restarted, and the state change is announced
    kill(pid);
    let restarted = wait_ready(&playground, "api-routes", Some(pid)).await;
    assert_ne!(restarted["pid"].as_u64().unwrap(), pid);
    assert!(!process_alive(pid));
    let after = http
        .get(format!("{base}/x/api-routes/api/hello"))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 200);

    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_leaves_no_child_behind() {
    let playground = start(&["api-routes"]).await;
    let ready = wait_ready(&playground, "api-routes", None).await;
    let pid = ready["pid"].as_u64().unwrap();
    assert!(process_alive(pid));
    let state = playground.state.clone();
    playground.shutdown().await;
    assert!(!process_alive(pid), "example {pid} outlived the playground");
    let stopped = state.supervisor.get("api-routes").unwrap().status();
    assert_eq!(
        stopped.state,
        playground_server::events::ExampleState::Stopped
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_taken_port_gets_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut options = playground_server::Options::new(repo_root());
    options.port = taken.local_addr().unwrap().port();
    options.examples = Some(vec![]);
    options.watch = false;
    let error = playground_server::start(options)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("already in use") && error.contains("--port"),
        "{error}"
    );
}

async fn send(base: &str, body: Value) -> (u16, Value) {
    let response = client()
        .post(format!("{base}/__playground/send"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Reads the event stream until `marker` appears (10 s at most); returns what was read.
async fn read_until(events: &mut reqwest::Response, marker: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = String::new();
    while !seen.contains(marker) {
        let left = deadline.saturating_duration_since(Instant::now());
        let chunk = tokio::time::timeout(left, events.chunk())
            .await
            .unwrap_or_else(|_| panic!("no {marker:?} within 10 s; got:\n{seen}"))
            .unwrap()
            .expect("the stream stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    seen
}

fn kill(pid: u64) {
    let status = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}
