//! The wire checks of exercise 3: what arrives first, and what arrives later, in
//! the one response to `GET /report`.
//!
//! Timing on a busy machine is loose, so the checks ask for little: the totals take
//! 1.5 s, and the heading must arrive at least 0.5 s before them.

use wire_check::{Check, CheckResult, Reply, Wire};

/// The heading: part of the shell.
const HEADING: &str = "<h1>Sales report</h1>";
/// Text of the slow part (the fallback must not contain it).
const TOTALS: &str = "Yearly totals:";
/// React's mark for a Suspense boundary whose content is still pending.
const PENDING_BOUNDARY: &str = "<!--$?-->";
/// How much earlier than the totals the heading must arrive.
const MIN_LEAD_MS: f64 = 500.0;

/// Every check, in the order they run.
pub fn all() -> Vec<Check> {
    vec![
        Check::keeps(
            "GET /report answers 200 with the whole page: heading, summary and totals",
            "The page must still render everything: keep the heading, the summary and \
             `yearly_totals()` in it.",
            page_renders,
        ),
        Check::goal(
            "the first part of the page holds a pending Suspense boundary (<!--$?-->) with its fallback",
            "Wrap `yearly_totals()` in `suspense(fallback, …)`: the shell then carries \
             the fallback in a marked hole. Book: Server Components, “The hole in the shell”.",
            shell_has_a_fallback,
        ),
        Check::goal(
            "the heading arrives at least 0.5 s before the totals, in the same response",
            "Without a boundary the server waits for every async component before it \
             sends the first byte. With one, the shell leaves at once and the totals \
             follow. Book: Server Components, “One response, two moments”.",
            heading_arrives_first,
        ),
    ]
}

/// `GET /report`, which must be a 200 with the whole page.
async fn report(wire: &Wire) -> Result<Reply, wire_check::Failure> {
    let reply = wire.get("/report").await?;
    reply.expect_status(200)?;
    Ok(reply)
}

async fn page_renders(wire: Wire) -> CheckResult {
    let reply = report(&wire).await?;
    let content_type = reply.header("content-type").unwrap_or("");
    if !content_type.starts_with("text/html") {
        return Err(reply.fail(format!("expected an HTML page, got {content_type:?}")));
    }
    for needle in [HEADING, "312 orders this week.", TOTALS, "</html>"] {
        if !reply.text().contains(needle) {
            return Err(reply.fail(format!("the page does not contain {needle:?}")));
        }
    }
    Ok(())
}

async fn shell_has_a_fallback(wire: Wire) -> CheckResult {
    let reply = report(&wire).await?;
    let body = reply.text();
    let (Some(boundary), Some(totals)) = (body.find(PENDING_BOUNDARY), body.find(TOTALS)) else {
        return Err(reply.fail(format!(
            "expected {PENDING_BOUNDARY} (a boundary still waiting, with its fallback) \
             and later {TOTALS:?}; the page has no pending boundary"
        )));
    };
    if boundary > totals {
        return Err(reply.fail(format!(
            "{PENDING_BOUNDARY} comes after the totals: the fallback should come first"
        )));
    }
    Ok(())
}

async fn heading_arrives_first(wire: Wire) -> CheckResult {
    let reply = report(&wire).await?;
    let (Some(heading_ms), Some(totals_ms)) = (reply.arrival_ms(HEADING), reply.arrival_ms(TOTALS))
    else {
        return Err(reply.fail(format!("the page lacks {HEADING:?} or {TOTALS:?}")));
    };
    if totals_ms - heading_ms < MIN_LEAD_MS {
        return Err(reply.fail(format!(
            "the heading arrived at {heading_ms:.0} ms and the totals at {totals_ms:.0} ms: \
             expected the heading at least {MIN_LEAD_MS:.0} ms earlier"
        )));
    }
    Ok(())
}
