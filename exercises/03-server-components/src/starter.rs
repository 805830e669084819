//! Exercise 3, the file you edit: `app/report/page.tsx`, a server component page.
//!
//! The page waits 50 ms for a summary, then renders a heading, the summary and the
//! yearly totals. The totals take 1.5 s to compute, and nothing of the page reaches
//! the browser before they are done. Find the `EXERCISE` comment below.
//!
//! Try it: `cargo run -p exercise-03-server-components`, then open
//! <http://127.0.0.1:4003/report>, or watch the bytes arrive with
//! `curl -N http://127.0.0.1:4003/report`.
//! Check it: `cargo run -p exercise-03-server-components -- check`.

use axum::Router;
use mini_next::server_components::{async_component, element, text, AppPage, Node, PageProps};
use std::time::Duration;

/// How long the yearly totals take: long enough to see, and to measure.
pub const SLOW: Duration = Duration::from_millis(1500);

/// The app: `app/report/page.tsx` inside the root layout (`<html><body>`).
pub fn app() -> Router {
    let report = AppPage::new("/report", report_page);
    Router::new()
        .route("/report", report.into_route())
        .fallback(mini_next::not_found::page)
}

// ANCHOR: page
/// `export default async function ReportPage()`.
pub fn report_page(_props: &PageProps) -> Node {
    async_component(async {
        let summary = get_summary().await;
        element("main")
            .child(element("h1").child(text("Sales report")))
            .child(element("p").child(text(summary)))
            // EXERCISE: the server cannot send the page before `yearly_totals` is
            // done, because nothing says what to show in its place. Wrap it in a
            // Suspense boundary (`suspense(fallback, children)`, also from
            // `mini_next::server_components`) with a fallback such as
            // `<p>Loading totals…</p>`, so that the rest of the page goes out at
            // once and the totals follow later in the same response.
            .child(yearly_totals())
            .into()
    })
}
// ANCHOR_END: page

/// `getSummary()`: a quick query.
async fn get_summary() -> &'static str {
    tokio::time::sleep(Duration::from_millis(50)).await;
    "312 orders this week."
}

/// `async function YearlyTotals()`: a slow query, then a paragraph.
fn yearly_totals() -> Node {
    async_component(async {
        tokio::time::sleep(SLOW).await;
        element("p")
            .child(text("Yearly totals: 14,208 orders in 2026."))
            .into()
    })
}
