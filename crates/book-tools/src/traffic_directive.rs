//! The `{{#traffic <example>/<scenario>}}` directive (and, through the same
//! preprocessor, `{{#traffic-diff}}`: see [`crate::traffic_diff`]).
//!
//! Each directive becomes a panel: a `<div data-traffic-panel>` that carries, as JSON
//! inside the page, the exchange recorded from our example and, when recorded, the
//! one from real Next.js, each with its curl command and HAR file (computed here, by
//! `traffic::curl` and `traffic::har`, so the page only shows them). The static book
//! therefore shows real traffic with no server; `book/assets/traffic.js` draws it and,
//! under the playground, makes it live.
//!
//! Each recording also carries its decoded view (`traffic::decoded`: Flight rows,
//! the action call, header explanations) and, when both were recorded, the diff of
//! ours against Next.js with the accepted differences marked, so the page only
//! renders. The same preprocessor expands `{{#headers table}}` into the table of
//! header explanations from `book-data/headers.toml`, the file the panels read too.
//!
//! Each exchange is in the page once: big bodies are excerpted ([`crate::panel_excerpt`]),
//! the HAR refers to the exchange instead of repeating it ([`crate::har_references`]),
//! and readers without JavaScript get a one-line summary instead of a text copy.
//!
//! A directive whose transcript is missing fails the build and names the chapter,
//! the line and the command that records it. Directives inside inline code or code
//! blocks are left alone, so a chapter can show the syntax itself (write it as
//! `` `\{{#traffic a/b}}` ``: mdBook removes the backslash before we run).

use crate::directive::{self, script_safe_json};
use crate::har_references::har_with_references;
use crate::panel_excerpt::{excerpted, EXCERPT_ABOVE, EXCERPT_BYTES};
use anyhow::{bail, Context, Result};
use mdbook::book::Book;
use mdbook::preprocess::{Preprocessor, PreprocessorContext};
use serde_json::json;
use std::path::Path;
use traffic::decoded;
use traffic::decoded::diff::{Accepted, DiffView};
use traffic::examples::{self, NEXT_LABEL};
use traffic::Exchange;

/// The setting that tells the panels which playground their curl commands and HAR files
/// point at; without it, the playground's default address.
pub const ORIGIN_SETTING: &str = "preprocessor.traffic.playground-origin";

/// The mdBook preprocessor for `{{#traffic}}`.
#[derive(Debug, Default, Clone, Copy)]
pub struct TrafficPreprocessor;

impl Preprocessor for TrafficPreprocessor {
    fn name(&self) -> &str {
        "traffic"
    }

    fn run(&self, ctx: &PreprocessorContext, book: Book) -> mdbook::errors::Result<Book> {
        let origin = match ctx.config.get(ORIGIN_SETTING).and_then(|v| v.as_str()) {
            Some(origin) => origin.to_owned(),
            None => traffic::replay::default_playground_origin(),
        };
        let accepted = decoded::diff::load_accepted(&ctx.root).map_err(anyhow::Error::msg)?;
        let book = directive::expand_book(ctx, book, "traffic", |argument| {
            let (example, scenario) = parse_target(argument)?;
            panel_html(&ctx.root, example, scenario, &origin, &accepted)
        })?;
        let book = directive::expand_book(ctx, book, "traffic-diff", |argument| {
            crate::traffic_diff::panel_html(&ctx.root, argument, &origin)
        })?;
        directive::expand_book(ctx, book, "headers", |argument| match argument {
            "table" => Ok(crate::headers_table::headers_table()),
            other => bail!("write `{{{{#headers table}}}}`, got {other:?}"),
        })
    }
}

/// `api-routes/get-hello` -> (`api-routes`, `get-hello`).
pub fn parse_target(argument: &str) -> Result<(&str, &str)> {
    match argument.split_once('/') {
        Some((example, scenario)) if !example.is_empty() && !scenario.is_empty() => {
            Ok((example, scenario))
        }
        _ => bail!("write `{{{{#traffic <example>/<scenario>}}}}`, got {argument:?}"),
    }
}

/// Reads the transcripts for one scenario.
pub fn load_panel(root: &Path, example: &str, scenario: &str) -> Result<PanelData> {
    let found = examples::find(root, example)?;
    let title = found.scenario(scenario)?.title;
    let ours_file = found.transcript_file(scenario);
    let ours = read_exchange(&ours_file).with_context(|| {
        format!(
            "no transcript for {example}/{scenario} at examples/{example}/transcripts/{scenario}.json; \
             record it with `cargo run -p traffic --bin record -- {example} --only {scenario}`"
        )
    })?;
    let next_file = found.next_transcript_file(scenario);
    let next = if next_file.is_file() {
        Some(read_exchange(&next_file)?)
    } else {
        None
    };
    Ok(PanelData {
        example: example.to_owned(),
        scenario: scenario.to_owned(),
        title,
        ours,
        next,
    })
}

/// Everything a panel shows.
#[derive(Debug, Clone)]
pub struct PanelData {
    pub example: String,
    pub scenario: String,
    pub title: String,
    pub ours: Exchange,
    pub next: Option<Exchange>,
}

fn read_exchange(path: &Path) -> Result<Exchange> {
    let text = std::fs::read_to_string(path)?;
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not a valid transcript", path.display()))
}

/// The panel's HTML: one line, no blank lines (a blank line would end the HTML block).
fn panel_html(
    root: &Path,
    example: &str,
    scenario: &str,
    origin: &str,
    accepted: &[Accepted],
) -> Result<String> {
    let data = load_panel(root, example, scenario)?;
    let next_label = version_label(NEXT_LABEL);
    let (json, _) = panel_json(
        &data,
        ("Our example", &data.ours),
        data.next.as_ref().map(|next| (next_label.as_str(), next)),
        origin,
        accepted,
    );
    let summary = no_script_summary(&data.ours, example, scenario);
    Ok(panel_div(example, scenario, &json, &summary))
}

/// `next-16.4.6` -> `Next.js 16.4.6`: a transcript folder's label as the reader reads
/// it. A suffix names how that server ran: `-dev` (`next dev`), `-cache-components`.
pub(crate) fn version_label(label: &str) -> String {
    let Some(version) = label.strip_prefix("next-") else {
        return label.to_owned();
    };
    if let Some(version) = version.strip_suffix("-dev") {
        return format!("Next.js {version} (next dev)");
    }
    if let Some(version) = version.strip_suffix("-cache-components") {
        return format!("Next.js {version} (Cache Components)");
    }
    format!("Next.js {version}")
}

/// What the page's scripts draw for one panel: the `left` recording (the first tab;
/// the `ours` key) and, when there is one, the `right` one (the `next` key), each with
/// its decoded view and exports, and the diff of the two (returned beside it too).
/// `data` names the scenario.
pub(crate) fn panel_json(
    data: &PanelData,
    (left_label, left): (&str, &Exchange),
    right: Option<(&str, &Exchange)>,
    origin: &str,
    accepted: &[Accepted],
) -> (serde_json::Value, Option<DiffView>) {
    let mut left_decoded = decoded::decode(left);
    let mut right_decoded = right.map(|(_, exchange)| decoded::decode(exchange));
    // Each header's explanation once per panel, not once per recording.
    let mut headers = std::mem::take(&mut left_decoded.headers);
    for hint in right_decoded
        .iter_mut()
        .flat_map(|d| std::mem::take(&mut d.headers))
    {
        if headers.iter().all(|h| h.name != hint.name) {
            headers.push(hint);
        }
    }
    let diff = right
        .zip(right_decoded.as_ref())
        .map(|((right_label, right), right_decoded)| {
            decoded::diff::diff(
                (left_label, left, left_decoded.rows.as_ref()),
                (right_label, right, right_decoded.rows.as_ref()),
                &format!("{}/{}", data.example, data.scenario),
                accepted,
            )
        });
    let json = json!({
        "example": data.example,
        "scenario": data.scenario,
        "title": data.title,
        "ours": panel_exchange(left),
        "oursLabel": left_label,
        "next": right.map(|(_, exchange)| panel_exchange(exchange)),
        "nextLabel": right.map(|(label, _)| label),
        "decoded": { "ours": left_decoded, "next": right_decoded },
        "headers": headers,
        "diff": diff,
        "exports": {
            "ours": exports(left, origin),
            "next": right.map(|(_, exchange)| exports(exchange, origin)),
        },
    });
    (json, diff)
}

/// The panel element around its data, with `summary` for readers without JavaScript.
pub(crate) fn panel_div(
    example: &str,
    scenario: &str,
    json: &serde_json::Value,
    summary: &str,
) -> String {
    format!(
        "\n\n<div class=\"traffic-panel\" data-traffic-panel=\"{example}/{scenario}\" data-example=\"{example}\">\
         <script type=\"application/json\" class=\"traffic-data\">{}</script>\
         <noscript><p class=\"traffic-static\">{}</p></noscript></div>\n\n",
        script_safe_json(&json.to_string()),
        flight::html::escape_html(summary),
    )
}

/// An exchange as the panel carries it: bodies excerpted, each cut body marked.
fn panel_exchange(exchange: &Exchange) -> serde_json::Value {
    let (cut, excerpts) = excerpted(exchange);
    let mut json = serde_json::to_value(&cut).expect("an exchange is always JSON");
    excerpts.mark(&mut json);
    json
}

/// What a reader without JavaScript sees: the request and status lines, and where
/// the whole recording is (the page carries it once, as the panel's JSON).
fn no_script_summary(exchange: &Exchange, example: &str, scenario: &str) -> String {
    let request = format!("{} {}", exchange.request.method, exchange.request.path);
    let answer = match &exchange.response {
        Some(response) => format!("{} {}", response.status, response.reason),
        None => "no answer".to_owned(),
    };
    format!(
        "Recorded: {request} answered {answer}. Turn on JavaScript to see the headers, the body \
         and the timeline, or read examples/{example}/transcripts/{scenario}.json in the repository."
    )
}

/// What the panel's buttons hand over for one exchange: its curl command (from the
/// whole recording) and HAR file (of the excerpt the panel shows, referring to it).
fn exports(exchange: &Exchange, origin: &str) -> serde_json::Value {
    let (cut, excerpts) = excerpted(exchange);
    let mut har = har_with_references(&cut, origin);
    if excerpts.any() {
        har["log"]["entries"][0]["comment"] = json!(format!(
            "Bodies over {EXCERPT_ABOVE} bytes are cut to their first {EXCERPT_BYTES} bytes in the book; \
             the transcript in the repository has the whole recording."
        ));
    }
    json!({
        "curl": traffic::curl::to_curl(exchange, origin),
        "har": har,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_name_an_example_and_a_scenario() {
        assert_eq!(
            parse_target("api-routes/get-hello").unwrap(),
            ("api-routes", "get-hello")
        );
        for bad in ["nope", "/x", "x/"] {
            let err = parse_target(bad).unwrap_err().to_string();
            assert!(err.contains("<example>/<scenario>"), "{err}");
        }
    }

    #[test]
    fn labels_read_as_versions_and_say_how_the_server_ran() {
        assert_eq!(version_label("next-14.2.35"), "Next.js 14.2.35");
        assert_eq!(
            version_label("next-16.4.6-dev"),
            "Next.js 16.4.6 (next dev)"
        );
        assert_eq!(
            version_label("next-16.4.6-cache-components"),
            "Next.js 16.4.6 (Cache Components)"
        );
        assert_eq!(version_label("ours"), "ours");
    }
}
