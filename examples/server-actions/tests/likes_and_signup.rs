//! `/likes` and `/signup`, checked against what Next.js 16.4.6 sent for the same
//! scenarios (`reference/nextjs/transcripts/next-16.4.6/server-actions/`). Each test
//! plays a scenario file in process and compares the parts the book teaches.
//!
//! The like counts are process-wide (as `globalThis.__likes` is) and tests run in
//! parallel, so no test relies on a count.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use mini_next::testing::{call, Answer};
use serde_json::Value;

const SCENARIOS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
const NEXT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../reference/nextjs/transcripts/next-16.4.6/server-actions"
);

fn read_json(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Plays `scenarios/<name>.json` against the example.
async fn play(name: &str) -> Answer {
    let scenario = read_json(&format!("{SCENARIOS}/{name}.json"));
    let mut request = Request::builder()
        .method(scenario["method"].as_str().unwrap())
        .uri(scenario["path"].as_str().unwrap());
    for header in scenario["headers"].as_array().into_iter().flatten() {
        request = request.header(header[0].as_str().unwrap(), header[1].as_str().unwrap());
    }
    let body = scenario["body"].as_str().unwrap_or("").to_owned();
    call(
        example_server_actions::app(),
        request.body(Body::from(body)).unwrap(),
    )
    .await
}

/// What Next.js answered to the same scenario: (header lines, body text).
fn next(name: &str) -> (Vec<(String, String)>, String) {
    let exchange = read_json(&format!("{NEXT}/{name}.json"));
    let response = &exchange["response"];
    let headers = response["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h[0].as_str().unwrap().to_lowercase(),
                h[1].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let body = response["body"]["text"].as_str().unwrap_or("").to_owned();
    (headers, body)
}

fn next_header(name: &str, header: &str) -> Option<String> {
    next(name)
        .0
        .into_iter()
        .find(|(n, _)| n == header)
        .map(|(_, v)| v)
}

/// The text from `start` to `end` (inclusive) in `html`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    let to = from + html[from..].find(end).unwrap_or_else(|| panic!("no {end}")) + end.len();
    &html[from..to]
}

#[tokio::test]
async fn the_bound_value_is_in_the_forms_fields_as_next_writes_them() {
    let ours = play("23-likes-page").await;
    assert_eq!(ours.status, StatusCode::OK);
    let (_, next_html) = next("23-likes-page");
    // The forms (the count before them changes as tests like).
    let forms = |html: &str| between(html, "<div><form", "</main>").to_owned();
    assert_eq!(forms(&ours.text()), forms(&next_html));
    assert!(ours
        .text()
        .contains(r#"name="$ACTION_0:1" value="[&quot;post-7&quot;]""#));
}

#[tokio::test]
async fn the_bound_value_is_plain_text_in_the_flight_data() {
    let ours = play("24-likes-rsc").await.text();
    assert!(ours.contains(r#"{"id":"40f72b918f1032ded0c9a6e371ebff24eca99b4ccc","bound":"$@"#));
    assert!(ours.contains(":[\"post-7\"]\n"), "{ours}");
    assert!(next("24-likes-rsc").1.contains(":[\"post-7\"]\n"));
}

#[tokio::test]
async fn a_forged_bound_value_runs_as_sent() {
    let ours = play("27-js-like-forged").await.text();
    assert!(
        ours.contains("1:{\"postId\":\"post-8\",\"likes\":"),
        "{ours}"
    );
    assert!(next("27-js-like-forged")
        .1
        .contains("1:{\"postId\":\"post-8\",\"likes\":1}"));
}

#[tokio::test]
async fn a_no_js_like_posts_the_bound_value_back() {
    let ours = play("25-form-like").await;
    assert_eq!(ours.status, StatusCode::OK);
    assert!(ours.text().contains("<p id=\"count\">post-7 has <!-- -->"));
}

/// For each of the four cache actions: the same `x-action-revalidated` and
/// `set-cookie` as Next.js, and a tree (`"t"` in row 0) exactly when Next.js sent one.
#[tokio::test]
async fn the_same_three_of_four_answers_carry_a_new_tree() {
    let mut with_tree = Vec::new();
    for name in [
        "28-js-via-refresh",
        "29-js-via-update-tag",
        "30-js-via-revalidate-tag",
        "31-js-via-cookie",
    ] {
        let ours = play(name).await;
        for header in ["x-action-revalidated", "set-cookie"] {
            let mine = ours
                .headers
                .get(header)
                .map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(mine, next_header(name, header), "{name}: {header}");
        }
        let has_tree = |body: &str| {
            body.lines()
                .any(|l| l.starts_with("0:") && l.contains("\"t\":"))
        };
        assert_eq!(has_tree(&ours.text()), has_tree(&next(name).1), "{name}");
        if has_tree(&ours.text()) {
            with_tree.push(name);
        }
    }
    assert_eq!(with_tree.len(), 3, "{with_tree:?}");
}

#[tokio::test]
async fn signup_without_js_shows_the_error_in_the_page() {
    let ours = play("33-form-signup-empty").await;
    assert_eq!(ours.status, StatusCode::OK);
    let html = ours.text();
    let (_, next_html) = next("33-form-signup-empty");
    let main = |html: &str| between(html, "<main>", "</main>").to_owned();
    assert_eq!(main(&html), main(&next_html));
    assert!(html.contains("<p id=\"error\">name is required</p>"));
    let form_state = r#"self.__next_f.push([2,[{"error":"name is required"},"#;
    assert!(html.contains(form_state) && next_html.contains(form_state));
}

#[tokio::test]
async fn the_signup_page_carries_the_initial_state_and_the_key() {
    let ours = play("32-signup-page").await.text();
    let main = |html: &str| between(html, "<main>", "</main>").to_owned();
    assert_eq!(main(&ours), main(&next("32-signup-page").1));
    assert!(!ours.contains("push([2,"), "no form state before a post");
}

#[tokio::test]
async fn signup_with_a_name_redirects_and_a_js_call_gets_the_state() {
    let redirected = play("34-form-signup-name").await;
    assert_eq!(redirected.status, StatusCode::SEE_OTHER);
    assert_eq!(
        Some(redirected.header("location").to_owned()),
        next_header("34-form-signup-name", "location")
    );
    let js = play("35-js-signup").await.text();
    assert!(js.ends_with("1:{\"error\":\"name is required\"}\n"), "{js}");
    assert!(next("35-js-signup")
        .1
        .ends_with("1:{\"error\":\"name is required\"}\n"));
}

/// A JS call that signs up redirects inside the answer: the header names `/likes`,
/// and the body is already `/likes`' tree, from both servers.
#[tokio::test]
async fn a_js_signup_with_a_name_answers_with_the_likes_tree() {
    let answer = play("36-js-signup-name").await;
    assert_eq!(answer.status, StatusCode::OK);
    let redirect = next_header("36-js-signup-name", "x-action-redirect");
    assert_eq!(redirect.as_deref(), Some("/likes;push"));
    assert_eq!(
        Some(answer.header("x-action-redirect").to_owned()),
        redirect
    );
    let (_, next_body) = next("36-js-signup-name");
    for (server, body) in [("ours", answer.text()), ("next", next_body)] {
        assert!(
            body.contains("{\"s\":\"likes\""),
            "{server}: the likes segment in {body}"
        );
        assert!(
            body.contains("[\"post-7\"]"),
            "{server}: the page's bound like"
        );
    }
}
