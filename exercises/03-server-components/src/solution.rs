//! Exercise 3, solved: `app/report/page.tsx` with the slow part behind Suspense.
//!
//! The page waits 50 ms for a summary, then renders a heading, the summary and the
//! yearly totals. The totals take 1.5 s, and sit in a Suspense boundary: the page
//! goes out with a fallback in their place, and the totals follow in the same
//! response. Serve it with `cargo run -p exercise-03-server-components -- serve --solution`.

use axum::Router;
use mini_next::server_components::{
    async_component, element, suspense, text, AppPage, Node, PageProps,
};
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

// ANCHOR: solution
/// `export default async function ReportPage()`.
pub fn report_page(_props: &PageProps) -> Node {
    async_component(async {
        let summary = get_summary().await;
        element("main")
            .child(element("h1").child(text("Sales report")))
            .child(element("p").child(text(summary)))
            // `<Suspense fallback={<p>Loading totals…</p>}><YearlyTotals /></Suspense>`
            .child(suspense(
                element("p").child(text("Loading totals…")),
                yearly_totals(),
            ))
            .into()
    })
}
// ANCHOR_END: solution

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
