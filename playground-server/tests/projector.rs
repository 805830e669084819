//! The instructor's side of a classroom (issue 12, section 4): the projector page and
//! its event stream need the token, show the class's traffic without anything personal,
//! and count the answers students share.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const TOKEN: &str = "projector-test-token-1234";

async fn start_classroom(examples: &[&str]) -> playground_server::Playground {
    start_with(examples, |o| o.instructor_token = Some(TOKEN.to_owned())).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_projector_needs_the_token() {
    let playground = start_classroom(&[]).await;
    let base = playground.url();
    for path in ["projector", "projector/events"] {
        for refused in [
            "",
            "?token=",
            "?token=projector-test-token-1235",
            "?token=PROJECTOR-TEST-TOKEN-1234",
        ] {
            let answer = client()
                .get(format!("{base}/__playground/{path}{refused}"))
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), 403, "{path}{refused}");
            let body: Value = answer.json().await.unwrap();
            assert!(body["error"].as_str().unwrap().contains("token"), "{body}");
        }
    }
    let page = client()
        .get(format!("{base}/__playground/projector?token={TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    let html = page.text().await.unwrap();
    assert!(html.contains("/__playground/assets/projector.js"), "{html}");
    assert!(!html.contains("<script>"), "no inline script: {html}");
    for asset in ["projector.js", "projector.css", "dom.js"] {
        let answer = client()
            .get(format!("{base}/__playground/assets/{asset}"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200, "{asset}");
    }
    let reset = post_json(
        format!("{base}/__playground/projector/reset?token=wrong-token-value"),
        &json!({}),
    )
    .await;
    assert_eq!(reset.status(), 403);
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_token_there_is_no_projector_and_no_sharing() {
    let playground = start(&[]).await;
    let base = playground.url();
    let (status, body) = get_json(&format!("{base}/__playground/projector?token={TOKEN}")).await;
    assert_eq!(status, 404);
    assert!(
        body["error"].as_str().unwrap().contains("--classroom"),
        "{body}"
    );
    let (_, info) = get_json(&format!("{base}/__playground/info")).await;
    assert_eq!(info, json!({"sharing": false}));
    let share = post_json(
        format!("{base}/__playground/share"),
        &quiz_share(1, 0, true),
    )
    .await;
    assert_eq!(share.status(), 404);
    let body: Value = share.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("sharing with the class is off"),
        "{body}"
    );
    playground.shutdown().await;
}

/// The projector's event stream, opened with the token.
async fn projector_events(base: &str) -> reqwest::Response {
    let events = client()
        .get(format!(
            "{base}/__playground/projector/events?token={TOKEN}"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    events
}

/// POSTs JSON to a playground endpoint, as the playground's own page would.
async fn post_json(url: String, body: &Value) -> reqwest::Response {
    client().post(url).json(body).send().await.unwrap()
}

fn quiz_share(question: usize, chosen: usize, correct: bool) -> Value {
    json!({"kind": "quiz", "chapter": "route-handlers",
        "answers": [{"question": question, "chosen": [chosen], "correct": correct}]})
}

#[tokio::test(flavor = "multi_thread")]
async fn shares_are_validated() {
    let playground = start_classroom(&[]).await;
    let base = playground.url();
    let (_, info) = get_json(&format!("{base}/__playground/info")).await;
    assert_eq!(info, json!({"sharing": true}));
    let post = |body: String, content_type: &'static str, origin: Option<String>| {
        let mut request = client()
            .post(format!("{base}/__playground/share"))
            .header("content-type", content_type)
            .body(body);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    let cases = [
        (
            "{not json".to_owned(),
            "application/json",
            None,
            400,
            "expected",
        ),
        (
            json!({"kind": "poll"}).to_string(),
            "application/json",
            None,
            400,
            "unknown variant",
        ),
        (
            json!({"kind": "quiz", "chapter": "no-such-quiz",
                "answers": [{"question": 1, "chosen": [0], "correct": true}]})
            .to_string(),
            "application/json",
            None,
            400,
            "no quiz",
        ),
        (
            json!({"kind": "check", "exercise": "exercise-99-nothing",
                "checks": [{"name": "x", "passed": true}]})
            .to_string(),
            "application/json",
            None,
            400,
            "no exercise",
        ),
        (" ".repeat(20_000), "application/json", None, 413, "at most"),
        (
            quiz_share(1, 0, true).to_string(),
            "text/plain",
            None,
            415,
            "JSON",
        ),
        (
            quiz_share(1, 0, true).to_string(),
            "application/json",
            Some("http://evil.example".to_owned()),
            403,
            "may not send",
        ),
    ];
    for (body, content_type, origin, status, why) in cases {
        let answer = post(body.clone(), content_type, origin).await.unwrap();
        assert_eq!(answer.status(), status, "{}", &body[..body.len().min(80)]);
        let error: Value = answer.json().await.unwrap();
        assert!(error["error"].as_str().unwrap().contains(why), "{error}");
    }
    assert!(
        playground.state.answers.snapshot().is_empty(),
        "a refused share was counted"
    );
    // The playground's own page may share.
    let own = post(
        quiz_share(1, 0, true).to_string(),
        "application/json",
        Some(base.clone()),
    )
    .await
    .unwrap();
    assert_eq!(own.status(), 200);
    playground.shutdown().await;
}

/// Reads server-sent events until `done` says the text so far is enough.
async fn read_events(response: &mut reqwest::Response, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut seen = String::new();
    while !done(&seen) {
        let left = deadline.saturating_duration_since(Instant::now());
        let chunk = tokio::time::timeout(left, response.chunk())
            .await
            .unwrap_or_else(|_| panic!("the events never came; seen so far:\n{seen}"))
            .unwrap()
            .expect("the stream stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    seen
}

/// The `data:` of every event named `name`, as JSON.
fn events_named(seen: &str, name: &str) -> Vec<Value> {
    seen.split("\n\n")
        .filter_map(|event| event.strip_prefix(&format!("event: {name}\ndata: ")))
        .map(|data| serde_json::from_str(data).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn shared_answers_are_counted_live_and_reset_by_the_instructor() {
    let playground = start_classroom(&[]).await;
    let base = playground.url();
    let mut events = projector_events(&base).await;
    let first = read_events(&mut events, |s| s.contains("event: answers")).await;
    assert_eq!(events_named(&first, "answers"), [json!([])]);

    for (chosen, correct) in [(1, true), (1, true), (2, false)] {
        let answer = post_json(
            format!("{base}/__playground/share"),
            &quiz_share(2, chosen, correct),
        )
        .await;
        assert_eq!(answer.status(), 200);
    }
    let check = json!({"kind": "check", "exercise": "exercise-01-api-routes",
        "checks": [{"name": "PUT answers 405", "passed": false}]});
    post_json(format!("{base}/__playground/share"), &check).await;
    // Each change sends the whole board; wait for the one with all four shares.
    let last_board = |seen: &str| events_named(seen, "answers").last().cloned();
    let complete = |seen: &str| {
        last_board(seen).is_some_and(|b| b.as_array().unwrap().len() == 2 && b[1]["answers"] == 3)
    };
    let seen = read_events(&mut events, complete).await;
    let board = last_board(&seen).unwrap();
    assert_eq!(
        board[0]["id"],
        "check/exercise-01-api-routes/PUT answers 405"
    );
    assert_eq!(
        (board[0]["passed"].clone(), board[0]["failed"].clone()),
        (json!(0), json!(1))
    );
    assert_eq!(board[1]["id"], "quiz/route-handlers/02");
    assert_eq!(board[1]["right"], 2);
    assert_eq!(board[1]["chosen"], json!({"1": 2, "2": 1}));
    assert_eq!(board[1]["right_options"], json!([1]));
    assert!(!seen.contains("student"), "the counts name nobody: {seen}");

    let reset = post_json(
        format!("{base}/__playground/projector/reset?token={TOKEN}"),
        &json!({"id": "quiz/route-handlers/02"}),
    )
    .await;
    assert_eq!(reset.status(), 200);
    let seen = read_events(&mut events, |s| {
        last_board(s).is_some_and(|b| b.as_array().unwrap().len() == 1)
    })
    .await;
    assert_eq!(last_board(&seen).unwrap()[0]["kind"], "check");
    let again = post_json(
        format!("{base}/__playground/projector/reset?token={TOKEN}"),
        &json!({"id": "quiz/route-handlers/02"}),
    )
    .await;
    assert_eq!(again.status(), 404);
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_projector_stream_carries_no_cookies_bodies_or_personal_queries() {
    let playground = start_classroom(&["api-routes"]).await;
    wait_ready(&playground, "api-routes", None).await;
    let base = playground.url();
    let mut events = projector_events(&base).await;
    read_events(&mut events, |s| s.contains("event: answers")).await;
    let answer = client()
        .post(format!(
            "{base}/x/api-routes/api/hello?name=AdaSecretName&page=2"
        ))
        .header("cookie", "session=hunter2-cookie-value")
        .json(&json!({ "note": "body-secret-text" }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 201);
    let seen = read_events(&mut events, |s| s.contains("event: exchange")).await;
    for secret in ["hunter2", "body-secret", "AdaSecret"] {
        assert!(
            !seen.contains(secret),
            "{secret} reached the projector:\n{seen}"
        );
    }
    let exchange = &events_named(&seen, "exchange")[0];
    // The recorded exchange (which only the sender's own panels read) holds all three.
    let id = exchange["id"].as_u64().unwrap();
    let (_, whole) = get_json(&format!("{base}/__playground/exchanges/{id}")).await;
    let whole = whole.to_string();
    for secret in ["hunter2-cookie-value", "body-secret-text", "AdaSecretName"] {
        assert!(whole.contains(secret), "{secret} was not recorded: {whole}");
    }
    assert_eq!(exchange["path"], "/api/hello?name=…&page=2");
    assert_eq!(exchange["method"], "POST");
    assert_eq!(exchange["example"], "api-routes");
    assert_eq!(exchange["student"], "no session");
    assert!(exchange["status"].as_u64().is_some(), "{exchange}");
    playground.shutdown().await;
}
