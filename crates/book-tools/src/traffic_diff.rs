//! The `{{#traffic-diff <example>/<scenario> <label> <label>}}` directive: one scenario
//! as two versions of Next.js answered it, side by side.
//!
//! When the book says that something changed between Next.js versions, the change is
//! shown, not told: the same request recorded from both versions (transcripts under
//! `reference/nextjs/transcripts/<label>/`, e.g. `next-14.2.35` and `next-15.5.29`)
//! in one panel, a tab per version and the diff of the two. The panel is the one
//! `{{#traffic}}` draws, so the page needs no server; it is marked `versions`, so the
//! page leaves out what only fits our example (the live editor, "accepted"
//! differences). Readers without JavaScript get the two status lines and every
//! difference as text.

use crate::traffic_directive::{panel_div, panel_json, parse_target, version_label, PanelData};
use anyhow::{bail, ensure, Context, Result};
use std::path::Path;
use traffic::decoded::diff::{DiffItem, DiffView};
use traffic::{examples, Exchange};

/// One `{{#traffic-diff}}`: a scenario and the two recordings to compare, older first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionDiff<'a> {
    pub example: &'a str,
    pub scenario: &'a str,
    pub left: &'a str,
    pub right: &'a str,
}

/// `route-handlers/default-get next-14.2.35 next-15.5.29` -> its parts. Labels are
/// folder names, so only letters, digits, `.` and `-` (no way out of the folder).
pub fn parse(argument: &str) -> Result<VersionDiff<'_>> {
    let usage = "write `{{#traffic-diff <example>/<scenario> <label> <label>}}`, the labels \
                 being folders under reference/nextjs/transcripts/ such as next-15.5.29";
    let words: Vec<&str> = argument.split_whitespace().collect();
    let [target, left, right] = words[..] else {
        bail!("{usage}; got {argument:?}");
    };
    let (example, scenario) = parse_target(target).with_context(|| usage.to_owned())?;
    for label in [left, right] {
        let plain = label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        ensure!(
            plain && !label.starts_with('.'),
            "{label:?} is not a transcript folder name; {usage}"
        );
    }
    ensure!(
        left != right,
        "both sides are {left}: name two different recordings"
    );
    Ok(VersionDiff {
        example,
        scenario,
        left,
        right,
    })
}

/// The panel for one `{{#traffic-diff}}` argument, or an error saying what to record.
pub fn panel_html(root: &Path, argument: &str, origin: &str) -> Result<String> {
    let wanted = parse(argument)?;
    let found = examples::find(root, wanted.example)?;
    found.scenario(wanted.scenario)?; // a scenario the example no longer has is an error
    let read = |label: &str| -> Result<Exchange> {
        let file = found.reference_transcript_file(label, wanted.scenario);
        let text = std::fs::read_to_string(&file).with_context(|| {
            format!(
                "no transcript of {}/{} from {label} at {}; record it with that version's script \
                 (reference/nextjs/README.md, \"Older versions\")",
                wanted.example,
                wanted.scenario,
                file.strip_prefix(root).unwrap_or(&file).display()
            )
        })?;
        serde_json::from_str(&text)
            .with_context(|| format!("{} is not a valid transcript", file.display()))
    };
    let (left, right) = (read(wanted.left)?, read(wanted.right)?);
    let (left_label, right_label) = (version_label(wanted.left), version_label(wanted.right));
    // The scenario's title describes what Next.js 16 does; the request and the two
    // versions describe this panel.
    let title = format!(
        "{} {}: {left_label} and {right_label}",
        left.request.method, left.request.path
    );
    let data = PanelData {
        example: wanted.example.to_owned(),
        scenario: wanted.scenario.to_owned(),
        title,
        ours: left.clone(),
        next: Some(right.clone()),
    };
    // Differences between versions are the point here, never "accepted" ones.
    let (mut json, diff) = panel_json(
        &data,
        (&left_label, &left),
        Some((&right_label, &right)),
        origin,
        &[],
    );
    let mut diff = diff.context("a panel of two recordings always has their diff")?;
    diff.items.extend(short_body_difference(&left, &right));
    json["versions"] = serde_json::Value::Bool(true);
    json["diff"] = serde_json::to_value(&diff)?;
    json["diff"]["versions"] = serde_json::Value::Bool(true);
    let summary = no_script_summary(&diff, (&left_label, &left), (&right_label, &right));
    Ok(panel_div(wanted.example, wanted.scenario, &json, &summary))
}

/// Bodies up to this many bytes are compared as text, not only by shape.
pub const SHORT_BODY: u64 = 300;

/// The two bodies, when both are short text and differ. The usual diff compares a
/// body's shape (JSON keys and types), which is right for our example against
/// Next.js; between two versions of Next.js running the same code, a changed value
/// (`"paramsIsPromise": false` becoming `true`) is the news.
fn short_body_difference(left: &Exchange, right: &Exchange) -> Option<DiffItem> {
    let text = |exchange: &Exchange| {
        let body = &exchange.response.as_ref()?.body;
        (body.size <= SHORT_BODY)
            .then(|| body.text.clone())
            .flatten()
    };
    let (left, right) = (text(left)?, text(right)?);
    (left != right).then(|| DiffItem {
        aspect: "body text".to_owned(),
        left,
        right,
        accepted: None,
    })
}

/// Both answers and what differs, in one paragraph.
fn no_script_summary(diff: &DiffView, left: (&str, &Exchange), right: (&str, &Exchange)) -> String {
    let status = |exchange: &Exchange| match &exchange.response {
        Some(r) => format!("{} {}", r.status, r.reason),
        None => "no answer".to_owned(),
    };
    let request = &left.1.request;
    let mut text = format!(
        "Recorded: {} {} answered {} under {} and {} under {}.",
        request.method,
        request.path,
        status(left.1),
        left.0,
        status(right.1),
        right.0
    );
    if diff.items.is_empty() {
        text.push_str(" The two answers agree on what the book compares.");
    }
    for item in &diff.items {
        let shown = |value: &str| {
            if value.is_empty() {
                "(none)".to_owned()
            } else {
                value.to_owned()
            }
        };
        text.push_str(&format!(
            " {}: {} vs {}.",
            item.aspect,
            shown(&item.left),
            shown(&item.right)
        ));
    }
    text.push_str(" Turn on JavaScript to see both recordings whole.");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_argument_names_a_scenario_and_two_labels() {
        assert_eq!(
            parse(" route-handlers/default-get  next-14.2.35 next-15.5.29 ").unwrap(),
            VersionDiff {
                example: "route-handlers",
                scenario: "default-get",
                left: "next-14.2.35",
                right: "next-15.5.29",
            }
        );
        for bad in [
            "route-handlers/default-get next-14.2.35",
            "route-handlers next-14.2.35 next-15.5.29",
            "a/b next-14 next-15 next-16",
            "a/b ../../etc next-15",
            "a/b next-15 next-15",
        ] {
            let err = format!("{:#}", parse(bad).unwrap_err());
            assert!(
                err.contains("traffic-diff") || err.contains("two different"),
                "{bad}: {err}"
            );
        }
    }

    fn answer(body: &str) -> Exchange {
        serde_json::from_value(serde_json::json!({
            "id": 0, "example": "x", "started_unix_ms": 0,
            "request": {"method": "GET", "path": "/", "headers": [], "body": {"size": 0}},
            "response": {"status": 200, "reason": "OK", "version": "HTTP/1.1", "headers": [],
                "body": {"size": body.len(), "text": body}, "head_ms": 1.0, "total_ms": 1.0},
            "chunks": []
        }))
        .unwrap()
    }

    #[test]
    fn short_bodies_that_differ_are_compared_as_text() {
        let item = short_body_difference(&answer(r#"{"a":false}"#), &answer(r#"{"a":true}"#))
            .expect("a difference");
        assert_eq!(
            (item.left.as_str(), item.right.as_str()),
            (r#"{"a":false}"#, r#"{"a":true}"#)
        );
        assert!(short_body_difference(&answer("same"), &answer("same")).is_none());
        let long = "x".repeat(SHORT_BODY as usize + 1);
        assert!(short_body_difference(&answer(&long), &answer("short")).is_none());
    }
}
