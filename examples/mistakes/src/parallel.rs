//! Mistake 6: expecting two action calls to run side by side.
//!
//! `two-steps.tsx` calls `Promise.all([slowStep('a'), slowStep('b')])`. Next.js's
//! client does not send them together: its router runs actions one at a time, so
//! the second `POST` leaves only when the first answer is in (see the browser
//! recording the chapter describes). The **server** has no such rule: two action
//! `POST`s that arrive together run together. `GET /mistakes/parallel/race` shows
//! that half: a test harness, not app code, that sends two calls at once from the
//! server itself and reports what each action measured.

use crate::own_url;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use mini_next::app_router::VARY_WITH_ENCODING;
use mini_next::base_path_of;
use mini_next::server_actions::{page_with_actions, ActionContext, ActionResult, Args, Registry};
use mini_next::server_components::{
    client, element, text, AppPage, ClientReference, Node, PageProps,
};
use serde_json::{json, Map, Value};
use std::time::Duration;

const ACTIONS_FILE: &str = "app/mistakes/parallel/actions.ts";

/// How long one step takes.
pub const STEP: Duration = Duration::from_millis(300);

pub fn routes() -> Router {
    Router::new()
        .route(
            "/mistakes/parallel",
            page_with_actions(
                registry(),
                AppPage::new("/mistakes/parallel", two_steps_page),
            )
            .into_route(),
        )
        .route("/mistakes/parallel/race", get(race))
}

/// The id of `slowStep` (`40…`: it reads argument 0).
pub fn slow_step_id() -> String {
    registry().id("slowStep").to_owned()
}

fn registry() -> Registry {
    Registry::new().register(ACTIONS_FILE, "slowStep", &[0], 0, slow_step)
}

// ANCHOR: slow_step
/// `slowStep(label)`: note the time, `await` 300 ms, return both times (server
/// clock). The wait yields like `await sleep(300)` does in Node, so two calls that
/// arrive together wait at the same time.
async fn slow_step(args: Args, _context: ActionContext) -> ActionResult {
    let started = crate::now_ms();
    tokio::time::sleep(STEP).await;
    let finished = crate::now_ms();
    // `{ label, started, finished }`: `label` goes back as it came, type and all.
    Ok(args.returning(|out| {
        let label = out.arg(0);
        let started = out.json(&json!(started));
        let finished = out.json(&json!(finished));
        out.object(vec![
            ("label", label),
            ("started", started),
            ("finished", finished),
        ])
    }))
}
// ANCHOR_END: slow_step

// ANCHOR: race
/// The harness: two `slowStep` calls sent at the same moment, as raw HTTP, to this
/// same server. `overlapped` is true when each started before the other finished.
async fn race(request: Request) -> Response {
    let base_path = base_path_of(&request);
    let Some(url) = own_url(request.headers(), &base_path, "/mistakes/parallel") else {
        return (
            StatusCode::BAD_REQUEST,
            "this demo calls its own server, so the Host header must name 127.0.0.1, localhost or [::1]",
        )
            .into_response();
    };
    let id = slow_step_id();
    let (a, b) = tokio::join!(
        call_slow_step(&url, &id, "a"),
        call_slow_step(&url, &id, "b")
    );
    match (a, b) {
        (Ok(a), Ok(b)) => {
            let time = |step: &Value, field: &str| step[field].as_u64().unwrap_or(0);
            let overlapped = time(&b, "started") < time(&a, "finished")
                && time(&a, "started") < time(&b, "finished");
            let body = json!({ "a": a, "b": b, "overlapped": overlapped }).to_string();
            let headers = [
                ("vary", VARY_WITH_ENCODING),
                ("content-type", "application/json"),
            ];
            (headers, mini_next::node::chunked(body)).into_response()
        }
        (Err(error), _) | (_, Err(error)) => {
            let message = format!("calling slowStep at {url} failed: {error}");
            (StatusCode::INTERNAL_SERVER_ERROR, message).into_response()
        }
    }
}

/// One action call, as Next's client would send it, and row 1 of the answer.
async fn call_slow_step(url: &str, id: &str, label: &str) -> Result<Value, String> {
    let answer = reqwest::Client::new()
        .post(url)
        .header("next-action", id)
        .header("accept", "text/x-component")
        .header("content-type", "text/plain;charset=UTF-8")
        .body(json!([label]).to_string())
        .send()
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    let row = answer
        .lines()
        .find_map(|line| line.strip_prefix("1:"))
        .ok_or_else(|| format!("no row 1 in the answer: {answer:?}"))?;
    serde_json::from_str(row).map_err(|e| e.to_string())
}
// ANCHOR_END: race

/// `/mistakes/parallel`: a button and an empty log (the client does the rest).
/// `/mistakes/parallel`: `<h1>Two steps</h1><TwoSteps />`.
fn two_steps_page(_props: &PageProps) -> Node {
    element("main")
        .child(element("h1").child(text("Two steps")))
        .child(client(&TWO_STEPS, json!({})))
        .into()
}

/// `two-steps.tsx` (`'use client'`): a button that starts both steps and a log.
static TWO_STEPS: ClientReference = ClientReference {
    module_id: 4006,
    chunks: &[],
    export: "default",
    render_html: two_steps_html,
};

/// Its first HTML: the button and an empty log.
fn two_steps_html(_props: &Map<String, Value>) -> Node {
    element("div")
        .child(element("button").child(text("Run two steps")))
        .child(element("pre").attr("id", "log"))
        .into()
}
