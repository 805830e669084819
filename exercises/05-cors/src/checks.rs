//! The wire checks of exercise 5: what a browser on the allowed origin needs to see
//! before and after its cross-origin `POST`, and what every other origin must not.

use crate::ALLOWED_ORIGIN;
use wire_check::{Check, CheckResult, Reply, Wire};

/// A site the API must not open up to.
const OTHER_ORIGIN: &str = "http://evil.example";

/// Every check, in the order they run.
pub fn all() -> Vec<Check> {
    vec![
        Check::keeps(
            "GET and POST /api/quotes without an Origin still work (200 and 201)",
            "curl and same-origin pages send no Origin: leave the JSON answers as they were.",
            same_origin_still_works,
        ),
        Check::goal(
            "the preflight from http://localhost:5173 answers 204 with Access-Control-Allow-Origin for it",
            "Export an OPTIONS handler with `.options(preflight)`: it replaces Next.js's \
             automatic OPTIONS, which has no CORS headers. Book: Route Handlers, “CORS: \
             answering the preflight yourself”.",
            preflight_allows_the_origin,
        ),
        Check::goal(
            "the preflight allows POST and the Content-Type header",
            "Add `access-control-allow-methods` (with POST) and `access-control-allow-headers` \
             (with Content-Type) to the preflight's answer.",
            preflight_allows_post_with_json,
        ),
        Check::goal(
            "GET and POST from http://localhost:5173 carry Access-Control-Allow-Origin too",
            "The preflight only lets the request go out; the browser shows the page the \
             answer only if the answer itself allows the origin. Add the header in \
             `list_quotes` and `add_quote`.",
            answers_allow_the_origin,
        ),
        Check::keeps(
            "another origin gets no Access-Control-Allow-Origin, neither `*` nor its own name",
            "Allow exactly `ALLOWED_ORIGIN`: compare the request's Origin with it, and send \
             no CORS header otherwise. Echoing any Origin back opens the API to every site.",
            other_origins_stay_out,
        ),
    ]
}

/// A preflight as a browser sends it before a JSON `POST` from `origin`.
async fn preflight(wire: &Wire, origin: &str) -> Result<Reply, wire_check::Failure> {
    let headers = [
        ("origin", origin),
        ("access-control-request-method", "POST"),
        ("access-control-request-headers", "content-type"),
    ];
    wire.send("OPTIONS", "/api/quotes", &headers, Vec::new())
        .await
}

/// `POST /api/quotes` with a JSON body, from `origin`.
async fn post_quote(wire: &Wire, origin: &str) -> Result<Reply, wire_check::Failure> {
    let headers = [("origin", origin), ("content-type", "application/json")];
    wire.send("POST", "/api/quotes", &headers, r#"{"text":"Ship it."}"#)
        .await
}

fn expect_allowed(reply: &Reply) -> CheckResult {
    match reply.header("access-control-allow-origin") {
        Some(ALLOWED_ORIGIN) => Ok(()),
        Some(other) => Err(reply.fail(format!(
            "expected Access-Control-Allow-Origin: {ALLOWED_ORIGIN}, got {other}"
        ))),
        None => Err(reply.fail(format!(
            "expected Access-Control-Allow-Origin: {ALLOWED_ORIGIN}; without it the \
             browser keeps this answer from the page"
        ))),
    }
}

/// Whether a comma-separated header value lists `item`, ignoring case and spaces.
fn lists(value: Option<&str>, item: &str) -> bool {
    value.is_some_and(|value| {
        value
            .split(',')
            .any(|listed| listed.trim().eq_ignore_ascii_case(item))
    })
}

async fn same_origin_still_works(wire: Wire) -> CheckResult {
    let listed = wire.get("/api/quotes").await?;
    listed.expect_status(200)?;
    if !listed.json()?["quotes"].is_array() {
        return Err(listed.fail("expected {\"quotes\": [...]}"));
    }
    let added = wire
        .post_json("/api/quotes", &serde_json::json!({ "text": "Hello" }))
        .await?;
    added.expect_status(201)
}

async fn preflight_allows_the_origin(wire: Wire) -> CheckResult {
    let reply = preflight(&wire, ALLOWED_ORIGIN).await?;
    reply.expect_status(204)?;
    expect_allowed(&reply)
}

async fn preflight_allows_post_with_json(wire: Wire) -> CheckResult {
    let reply = preflight(&wire, ALLOWED_ORIGIN).await?;
    reply.expect_status(204)?;
    if !lists(reply.header("access-control-allow-methods"), "POST") {
        return Err(reply.fail("expected Access-Control-Allow-Methods listing POST"));
    }
    if !lists(reply.header("access-control-allow-headers"), "Content-Type") {
        return Err(reply.fail("expected Access-Control-Allow-Headers listing Content-Type"));
    }
    Ok(())
}

async fn answers_allow_the_origin(wire: Wire) -> CheckResult {
    let listed = wire
        .send(
            "GET",
            "/api/quotes",
            &[("origin", ALLOWED_ORIGIN)],
            Vec::new(),
        )
        .await?;
    listed.expect_status(200)?;
    expect_allowed(&listed)?;
    let added = post_quote(&wire, ALLOWED_ORIGIN).await?;
    added.expect_status(201)?;
    expect_allowed(&added)
}

async fn other_origins_stay_out(wire: Wire) -> CheckResult {
    for reply in [
        preflight(&wire, OTHER_ORIGIN).await?,
        post_quote(&wire, OTHER_ORIGIN).await?,
    ] {
        if let Some(allowed) = reply.header("access-control-allow-origin") {
            return Err(reply.fail(format!(
                "{OTHER_ORIGIN} must not be allowed, but the answer says \
                 Access-Control-Allow-Origin: {allowed}"
            )));
        }
    }
    Ok(())
}
