//! Scenarios whose point is a detail of the flight payload, sent to the model and
//! compared with what real Next.js 16.4.6 answered to the same bytes: the requests
//! Next.js's own client router sends (recorded from Chromium by
//! `reference/nextjs/record-router-browser.mjs`), and a long string's text row.

use mini_next::testing::{call, get};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn scenario(name: &str) -> Value {
    read_json(repo().join(format!("examples/server-components/scenarios/{name}.json")))
}

/// What real Next.js answered to the scenario, as recorded.
fn next_transcript(name: &str) -> Value {
    read_json(repo().join(format!(
        "reference/nextjs/transcripts/next-16.4.6/server-components/{name}.json"
    )))
}

/// The scenario's request, sent to the model.
async fn ours(name: &str) -> mini_next::testing::Answer {
    let scenario = scenario(name);
    let headers = scenario.get("headers").cloned().unwrap_or_default();
    let headers: Vec<(String, String)> = serde_json::from_value(headers).unwrap_or_default();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    call(
        example_server_components::app(),
        get(scenario["path"].as_str().unwrap(), &headers),
    )
    .await
}

/// The root segment of a navigation payload: row 0's `t.t`.
fn root_segment(body: &str) -> Value {
    let row = body
        .lines()
        .find_map(|line| line.strip_prefix("0:"))
        .unwrap_or_else(|| panic!("no row 0 in {body}"));
    let root: Value = serde_json::from_str(row).expect("row 0 is JSON");
    root["t"]["t"].clone()
}

#[test]
fn the_router_scenarios_are_what_chromium_sent() {
    let recorded = read_json(repo().join(
        "reference/nextjs/transcripts/next-16.4.6/server-components/browser/router-requests.json",
    ));
    let names = [
        "router-prefetch-tree",
        "router-prefetch-head",
        "router-navigate-prefetched",
        "router-navigate",
    ];
    let requests = recorded["requests"].as_array().expect("a list of requests");
    assert_eq!(requests.len(), names.len(), "re-recorded? {requests:#?}");
    for (name, sent) in names.iter().zip(requests) {
        let scenario = scenario(name);
        assert_eq!(scenario["method"], sent["method"], "{name}");
        assert_eq!(scenario["path"], sent["path"], "{name}");
        assert_eq!(scenario["headers"], sent["headers"], "{name}");
    }
}

#[tokio::test]
async fn a_navigation_leaves_out_the_layouts_the_client_router_shows() {
    let left_out = serde_json::json!({ "r": null, "p": true, "v": null });
    for name in ["router-navigate", "router-navigate-prefetched"] {
        let answer = ours(name).await;
        assert_eq!(answer.status, 200, "{name}");
        let next = next_transcript(name);
        let next_body = next["response"]["body"]["text"].as_str().unwrap();
        for (server, body) in [("ours", answer.text()), ("next", next_body.to_owned())] {
            let root = root_segment(&body);
            assert_eq!(root["s"], "", "{server} {name}");
            assert_eq!(
                root["d"], left_out,
                "{server} {name}: the root layout is not sent"
            );
            assert!(
                !body.contains("\"html\""),
                "{server} {name}: no <html> element"
            );
        }
    }
}

#[tokio::test]
async fn without_a_state_tree_the_root_layout_is_sent() {
    let answer = ours("rsc").await;
    let next = next_transcript("rsc");
    let next_body = next["response"]["body"]["text"].as_str().unwrap();
    for (server, body) in [("ours", answer.text()), ("next", next_body.to_owned())] {
        let root = root_segment(&body);
        assert_eq!(root["d"]["p"], false, "{server}");
        assert!(
            body.contains("\"html\""),
            "{server}: the root layout's <html>"
        );
    }
}

#[tokio::test]
async fn a_state_tree_that_is_not_json_fails_the_request() {
    let answer = ours("router-bad-state-tree").await;
    assert_eq!(answer.status, 500);
    assert_eq!(answer.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(
        next_transcript("router-bad-state-tree")["response"]["status"],
        500
    );
}

#[tokio::test]
async fn a_long_string_travels_as_a_text_row_with_no_newline_after_it() {
    let answer = ours("article-rsc").await;
    let next = next_transcript("article-rsc");
    let next_body = next["response"]["body"]["text"].as_str().unwrap();
    for (server, body) in [("ours", answer.text()), ("next", next_body.to_owned())] {
        // `<id>:T4d0,`: 1,232 bytes of text, then the next row at once.
        let header = body
            .find(":T4d0,")
            .unwrap_or_else(|| panic!("{server}: no T row"));
        let id = &body[body[..header].rfind('\n').map_or(0, |i| i + 1)..header];
        let text_start = header + ":T4d0,".len();
        let after = &body[text_start + 0x4d0..];
        assert!(
            after.starts_with(|c: char| c.is_ascii_hexdigit()),
            "{server}: a row follows the text directly: {after:.40}"
        );
        assert!(
            body.contains(&format!("\"children\":\"${id}\"")),
            "{server}: the paragraph points at row {id}"
        );
    }
}

/// The ids of rows whose payload starts with `prefix` (`E` for error rows).
fn rows_starting<'a>(body: &'a str, prefix: &str) -> Vec<&'a str> {
    body.lines()
        .filter_map(|line| line.split_once(':'))
        .filter(|(_, payload)| payload.starts_with(prefix))
        .map(|(id, _)| id)
        .collect()
}

#[tokio::test]
async fn a_page_that_throws_sends_a_digest_and_names_its_error_boundary() {
    let html = ours("broken").await;
    let next_html = next_transcript("broken");
    assert_eq!(html.status, 500);
    assert_eq!(next_html["response"]["status"], 500);
    for (server, body) in [
        ("ours", html.text()),
        (
            "next",
            next_html["response"]["body"]["text"]
                .as_str()
                .unwrap()
                .to_owned(),
        ),
    ] {
        assert!(
            body.contains("<html id=\"__next_error__\">"),
            "{server}: the bare error document"
        );
        assert!(
            body.contains("<meta name=\"robots\" content=\"noindex\"/>"),
            "{server}"
        );
        assert!(
            !body.contains("inventory service"),
            "{server}: the message stays on the server"
        );
    }
    let rsc = ours("broken-rsc").await;
    assert_eq!(rsc.status, 200);
    let next = next_transcript("broken-rsc");
    let next_body = next["response"]["body"]["text"].as_str().unwrap();
    for (server, body) in [("ours", rsc.text()), ("next", next_body.to_owned())] {
        let errors = rows_starting(&body, "E{\"digest\":\"");
        assert_eq!(errors.len(), 1, "{server}: one error row in {body}");
        assert!(
            !body.contains("inventory service"),
            "{server}: only a digest"
        );
        // The page's segment names error.tsx: `"error":"$<row of its I row>"`.
        let error_prop = body
            .find("\"error\":\"$")
            .unwrap_or_else(|| panic!("{server}: no error prop"));
        let reference = &body[error_prop + "\"error\":\"$".len()..];
        let id = &reference[..reference.find('"').unwrap()];
        assert!(
            rows_starting(&body, "I[").contains(&id),
            "{server}: row {id} is a client reference"
        );
    }
}

#[tokio::test]
async fn a_server_component_passed_as_children_arrives_rendered() {
    let answer = ours("boundary-rsc").await;
    let next = next_transcript("boundary-rsc");
    let next_body = next["response"]["body"]["text"].as_str().unwrap();
    for (server, body) in [("ours", answer.text()), ("next", next_body.to_owned())] {
        let start = body
            .find("{\"title\":\"Stock\",\"children\":\"$L")
            .unwrap_or_else(|| panic!("{server}: the panel's props in {body}"));
        let reference = &body[start + "{\"title\":\"Stock\",\"children\":\"$L".len()..];
        let id = &reference[..reference.find('"').unwrap()];
        let row = body
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{id}:")))
            .unwrap_or_else(|| panic!("{server}: no row {id}"));
        assert!(
            row.starts_with("[\"$\",\"ul\""),
            "{server}: row {id} is the <ul>: {row}"
        );
        assert!(row.contains("bolts: 40"), "{server}");
    }
}

/// What Chromium showed for `/broken` (`record-error-boundary-browser.mjs`): the 500
/// document, then `error.tsx` drawn by React with the digest of the recorded error row.
#[test]
fn the_browser_draws_error_tsx_with_the_digest_of_the_error_row() {
    let shown = read_json(repo().join(
        "reference/nextjs/transcripts/next-16.4.6/server-components/browser/error-boundary.json",
    ));
    assert_eq!(shown["documentStatus"], 500);
    let html = next_transcript("broken");
    let body = html["response"]["body"]["text"].as_str().unwrap();
    let start = body
        .find("E{\\\"digest\\\":\\\"")
        .expect("an error row in the HTML")
        + 15;
    let digest = &body[start..start + body[start..].find('\\').unwrap()];
    let text = shown["errorBoundaryText"].as_str().unwrap();
    assert_eq!(
        text,
        format!("Could not load this page (error {digest}).Try again")
    );
}

/// `/dashboard` from `next start` of the same page with Cache Components on
/// (`reference/nextjs-cache-components`): the shell was rendered by `next build`, and
/// the answer says so in its headers.
#[test]
fn with_cache_components_the_shell_is_prerendered_and_the_rest_postponed() {
    let with = read_json(repo().join(
        "reference/nextjs/transcripts/next-16.4.6-cache-components/server-components/page.json",
    ));
    let without = next_transcript("page");
    let header = |transcript: &Value, name: &str| -> Option<String> {
        transcript["response"]["headers"]
            .as_array()?
            .iter()
            .find(|pair| pair[0] == name)
            .map(|pair| pair[1].as_str().unwrap_or_default().to_owned())
    };
    assert_eq!(header(&with, "x-nextjs-postponed").as_deref(), Some("1"));
    assert_eq!(header(&with, "x-nextjs-prerender").as_deref(), Some("1"));
    assert_eq!(header(&without, "x-nextjs-postponed"), None);
    assert_eq!(header(&without, "x-nextjs-prerender"), None);
    let body = with["response"]["body"]["text"].as_str().unwrap();
    assert!(
        body.contains("<p>Loading items…</p>"),
        "the list waits in its own boundary"
    );
}
