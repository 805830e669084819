//! The panel's wire views in a real browser: the Rows table of the streamed page with
//! its client reference and late row, reference links that move focus, the decoded
//! Server Action call, header explanations on focus, the diff of ours against real
//! Next.js with an accepted difference, and under the playground a History that
//! shows a page visited through the proxy; a panel of two Next.js releases opens on
//! their diff. Screenshots of the rows and the diff, in a
//! light and a dark theme, go to `target/screenshots/`.
//! They need Chromium, so they are `#[ignore]`d: run them with `cargo test -- --include-ignored`.

mod common;

use common::*;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// The first tab panel of the panel for `scenario` (our example's recording).
fn ours(scenario: &str) -> String {
    format!("document.querySelector('[data-traffic-panel=\"{scenario}\"] .traffic-tabpanel')")
}

/// Clicks the wire view named `view` in our example's tab of `scenario`'s panel.
fn show_view(scenario: &str, view: &str) -> String {
    format!(
        "{}.querySelector('.wire-tab[data-view=\"{view}\"]').click(); true",
        ours(scenario)
    )
}

/// Brings the element matching `selector` to the top of the window, in theme `theme`.
fn themed_view_of(selector: &str, theme: &str) -> String {
    format!(
        "document.documentElement.classList.remove('light', 'coal', 'navy', 'ayu', 'rust');\
         document.documentElement.classList.add('{theme}');\
         document.querySelector('{selector}').scrollIntoView({{block: 'start'}});\
         window.scrollBy(0, -70); true"
    )
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn the_static_book_reads_rows_actions_headers_and_diffs() {
    let built = built_book("wire-views-");
    let out = built.path().to_owned();
    let shots = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let components = format!(
        "file://{}",
        out.join("server-components/index.html").display()
    );
    let actions = format!("file://{}", out.join("server-actions/index.html").display());
    in_browser(move |page| {
        page.goto(&components).unwrap();
        let panel = ours("server-components/rsc");
        page.wait_for(&format!("{panel}?.querySelector('.wire-tab')"), WAIT)
            .unwrap();

        // Rows: the first view, shown without a click, with a client reference row and a
        // late row that says which placeholder it fills.
        let shown = page
            .eval(&format!(
                "{panel}.querySelectorAll('.wire-view:not([hidden]) [data-flight-row]').length"
            ))
            .unwrap();
        assert!(
            shown.as_u64().unwrap() >= 3,
            "the Rows view is not shown: {shown}"
        );
        let rows = format!("{panel}.querySelectorAll('[data-flight-row]')");
        assert!(
            page.eval(&format!("{rows}.length"))
                .unwrap()
                .as_u64()
                .unwrap()
                >= 3
        );
        let kinds = page
            .eval(&format!("[...{rows}].map(r => r.dataset.kind).join(' ')"))
            .unwrap();
        assert!(
            kinds.as_str().unwrap().contains("client_reference"),
            "{kinds}"
        );
        let late = page
            .eval(&format!(
                "{panel}.querySelector('tr.wire-late[data-flight-row]')?.innerText"
            ))
            .unwrap();
        let late = late.as_str().expect("a late row");
        assert!(late.contains("(late)") && late.contains("in row"), "{late}");
        let story = page
            .eval(&format!(
                "{panel}.querySelector('.wire-rows .wire-note').textContent"
            ))
            .unwrap();
        assert!(
            story.as_str().unwrap().contains("fills placeholder"),
            "{story}"
        );

        // The timeline says which rows each chunk carried.
        let marks = page
            .eval(&format!(
                "{panel}.querySelectorAll('.wire-chunk-rows').length"
            ))
            .unwrap();
        assert!(marks.as_u64().unwrap() >= 2, "{marks}");

        // A reference link moves focus to the row it points to.
        let target = page
            .eval(&format!(
                "const link = {panel}.querySelector('a.wire-ref[href*=\"-row-\"]');\
                 link.click(); link.getAttribute('href').split('-row-')[1]"
            ))
            .unwrap();
        let focused = page
            .eval("document.activeElement.dataset.flightRow")
            .unwrap();
        assert_eq!(focused, target);

        for theme in ["light", "navy"] {
            let selector = "[data-traffic-panel=\"server-components/rsc\"] .wire-views-holder";
            page.eval(&themed_view_of(selector, theme)).unwrap();
            page.screenshot(&shots.join(format!("wire-rows-{theme}.png")))
                .unwrap();
        }

        // Diff: ours against Next.js; the rows of this scenario are an accepted difference.
        page.eval(&show_view("server-components/rsc", "Diff"))
            .unwrap();
        let accepted = page
            .eval(&format!(
                "{panel}.querySelector('tr.wire-accepted')?.innerText"
            ))
            .unwrap();
        let accepted = accepted.as_str().expect("an accepted difference");
        assert!(
            accepted.contains("Yes: ") && accepted.contains("X/C"),
            "{accepted}"
        );
        // The conformance test passes, so every difference here has its reason.
        let unexplained = page
            .eval(&format!(
                "{panel}.querySelectorAll('tr.wire-differs').length"
            ))
            .unwrap();
        assert_eq!(unexplained, 0);
        for theme in ["light", "coal"] {
            let selector = "[data-traffic-panel=\"server-components/rsc\"] .wire-views-holder";
            page.eval(&themed_view_of(selector, theme)).unwrap();
            page.screenshot(&shots.join(format!("wire-diff-{theme}.png")))
                .unwrap();
        }

        // A header's explanation appears when its name gets the focus.
        let tip = page
            .eval(&format!(
                "const name = {panel}.querySelector('[data-header=\"vary\"] .wire-hname');\
                 name.focus();\
                 const tip = document.getElementById(name.getAttribute('aria-describedby'));\
                 getComputedStyle(tip).display !== 'none' ? tip.innerText : null"
            ))
            .unwrap();
        let tip = tip.as_str().expect("the explanation shows on focus");
        assert!(tip.contains("cache") && tip.contains("appendix"), "{tip}");
        let link = page
            .eval(&format!(
                "{panel}.querySelector('[data-header=\"vary\"] .wire-tip a').getAttribute('href')"
            ))
            .unwrap();
        assert_eq!(link, "../appendix/headers.html#header-vary");
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());

        // Action: the guestbook's greet call, decoded.
        page.goto(&actions).unwrap();
        let panel = ours("server-actions/05-js-greet");
        page.wait_for(&format!("{panel}?.querySelector('.wire-tab')"), WAIT)
            .unwrap();
        page.eval(&show_view("server-actions/05-js-greet", "Action"))
            .unwrap();
        let block = page
            .eval(&format!(
                "{panel}.querySelector('[data-action-id]').innerText"
            ))
            .unwrap();
        let block = block.as_str().unwrap();
        for expected in [
            "greet",
            "app/guestbook/actions.ts",
            "first byte 40",
            "world",
            "Hello, world!",
        ] {
            assert!(
                block.contains(expected),
                "{expected:?} missing from {block}"
            );
        }
        let id = page
            .eval(&format!(
                "{panel}.querySelector('[data-action-id]').dataset.actionId"
            ))
            .unwrap();
        assert_eq!(id, "400cffe003d9f8e1338e139ae5983be593ffc1af8b");
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn a_version_panel_shows_two_releases_and_opens_on_their_diff() {
    let built = built_book("wire-versions-");
    let out = built.path().to_owned();
    let mistakes = format!("file://{}", out.join("mistakes/index.html").display());
    in_browser(move |page| {
        page.goto(&mistakes).unwrap();
        // The {{#traffic-diff mistakes/14-params-unawaited next-14.2.35 next-15.5.29}} panel.
        let panel = "[...document.querySelectorAll('.traffic-panel')].find(p => \
                     [...p.querySelectorAll('[role=tab]')].map(t => t.textContent).join() \
                     === 'Next.js 14.2.35,Next.js 15.5.29')";
        page.wait_for(&format!("{panel}?.querySelector('.wire-tab')"), WAIT)
            .unwrap();
        let title = page
            .eval(&format!(
                "{panel}.querySelector('.traffic-title').textContent"
            ))
            .unwrap();
        assert_eq!(
            title,
            "GET /mistakes/params/7: Next.js 14.2.35 and Next.js 15.5.29"
        );
        // The older release's tab opens on the Diff, with no "Accepted?" column: between
        // two releases every difference is the point.
        let first = format!("{panel}.querySelector('.traffic-tabpanel')");
        let shown = page
            .eval(&format!(
                "const holder = {first}.querySelector('.wire-views-holder');\
                 [holder.open, holder.querySelector('.wire-view:not([hidden])').dataset.view]"
            ))
            .unwrap();
        assert_eq!(shown, serde_json::json!([true, "Diff"]));
        let columns = page
            .eval(&format!(
                "[...{first}.querySelectorAll('.wire-diff thead th')].map(th => th.textContent)"
            ))
            .unwrap();
        assert_eq!(
            columns,
            serde_json::json!(["What", "Next.js 14.2.35", "Next.js 15.5.29"])
        );
        let body = page
            .eval(&format!(
                "{first}.querySelector('tr[data-aspect=\"body text\"]').innerText"
            ))
            .unwrap();
        let body = body.as_str().expect("the bodies differ");
        assert!(
            body.contains("\"paramsIsPromise\":false") && body.contains("\"paramsIsPromise\":true"),
            "{body}"
        );
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn a_page_visited_through_the_proxy_appears_in_the_history() {
    let playground = start(&["server-components"]).await;
    wait_ready(&playground, "server-components", None).await;
    let page_url = format!("{}/server-components/index.html", playground.url());
    in_browser(move |page| {
        page.goto(&page_url).unwrap();
        page.wait_for(
            "document.querySelector('section[aria-label=History]')",
            WAIT,
        )
        .unwrap();
        // The reader opens the example's page in a frame, as they would in a new tab.
        page.eval(
            "const frame = document.createElement('iframe');\
             frame.src = '/x/server-components/dashboard'; document.body.append(frame); true",
        )
        .unwrap();
        let entry = "[...document.querySelectorAll('.wire-history-item')]\
                     .find(b => b.textContent.includes('/dashboard'))";
        page.wait_for(entry, WAIT).unwrap();
        let announced = page
            .eval("document.querySelector('.wire-history [aria-live]').textContent")
            .unwrap();
        assert!(
            announced.as_str().unwrap().starts_with("New: GET"),
            "{announced}"
        );
        // The entry opens in the same viewer, with the decoded rows of the page.
        page.eval(&format!("{entry}.click(); true")).unwrap();
        page.wait_for(
            "document.querySelector('.wire-history-viewer .wire-tab[data-view=Rows]')",
            WAIT,
        )
        .unwrap();
        // Filters narrow the list.
        let left = page
            .eval(
                "const f = document.querySelector('.wire-filters select[aria-label=Method]');\
                 f.value = 'POST'; f.dispatchEvent(new Event('input'));\
                 document.querySelectorAll('.wire-history-item').length",
            )
            .unwrap();
        assert_eq!(left, 0);

        // Send from a panel: the live answer is compared with the recording, by the playground.
        let live = "[...document.querySelector('[data-traffic-panel=\"server-components/rsc\"]')\
                    .querySelectorAll('.traffic-tabpanel')].pop()";
        page.eval(
            "document.querySelector('[data-traffic-panel=\"server-components/rsc\"] form.traffic-editor')\
             .requestSubmit(); true",
        )
        .unwrap();
        let tabs = "document.querySelectorAll('[data-traffic-panel=\"server-components/rsc\"] [role=tab].traffic-tab')";
        page.wait_for(&format!("[...{tabs}].some(t => t.textContent === 'Live')"), WAIT)
            .unwrap();
        page.wait_for(&format!("{live}.querySelector('.wire-tab[data-view=Diff]')"), WAIT)
            .unwrap();
        page.eval(&format!("{live}.querySelector('.wire-tab[data-view=Diff]').click(); true"))
            .unwrap();
        let compared = format!("{live}.querySelector('.wire-view:not([hidden])').textContent");
        page.wait_for(&format!("{compared}.match(/agree|differences/)"), WAIT)
            .unwrap();
        let said = page.eval(&compared).unwrap();
        assert!(said.as_str().unwrap().contains("Recorded"), "{said}");
        assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
    })
    .await;
    playground.shutdown().await;
}
