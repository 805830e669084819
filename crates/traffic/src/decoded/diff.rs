//! Two exchanges side by side: what differs, and for ours vs real Next.js which of the
//! differences the project accepts, with the reason
//! (`reference/nextjs/accepted-differences.json`).
//!
//! The comparison is [`crate::conformance::compare`], the same one the conformance
//! test runs, plus the Flight rows by kind; the page only marks what this computed.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use super::rows::RowsView;
use crate::conformance;
use crate::Exchange;

/// Where the accepted differences are listed, from the repository root.
pub const ACCEPTED_FILE: &str = "reference/nextjs/accepted-differences.json";

/// One accepted difference, as listed in [`ACCEPTED_FILE`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    /// `<example>/<scenario>`.
    pub scenario: String,
    pub aspect: String,
    pub reason: String,
}

/// Reads [`ACCEPTED_FILE`] under `root`; a repository without the reference app has
/// no such file and accepts nothing.
pub fn load_accepted(root: &Path) -> Result<Vec<Accepted>, String> {
    let path = root.join(ACCEPTED_FILE);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{ACCEPTED_FILE} is not a list of {{scenario, aspect, reason}}: {e}"))
}

/// The differences between two exchanges.
#[derive(Debug, Clone, Serialize)]
pub struct DiffView {
    /// What the two sides are: `Our example`, `Next.js 16.4.6`, `Live`, `Recorded`.
    pub left: String,
    pub right: String,
    pub items: Vec<DiffItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffItem {
    /// `status`, `content-type`, `header:<name>`, `framing`, `body`, `timing`, `rows`.
    pub aspect: String,
    pub left: String,
    pub right: String,
    /// Why the project accepts this difference, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
}

/// Compares `left` with `right`. `scenario` (`<example>/<scenario>`) picks the
/// accepted differences that apply; pass an empty list when none can.
pub fn diff(
    (left_label, left, left_rows): (&str, &Exchange, Option<&RowsView>),
    (right_label, right, right_rows): (&str, &Exchange, Option<&RowsView>),
    scenario: &str,
    accepted: &[Accepted],
) -> DiffView {
    let mut items: Vec<DiffItem> = conformance::compare(left, right)
        .into_iter()
        .map(|d| DiffItem {
            accepted: accepted
                .iter()
                .find(|a| a.scenario == scenario && a.aspect == d.aspect)
                .map(|a| a.reason.clone()),
            aspect: d.aspect,
            left: d.ours,
            right: d.next,
        })
        .collect();
    let (kinds_left, kinds_right) = (row_kinds(left_rows), row_kinds(right_rows));
    if kinds_left != kinds_right {
        // The rows are the body read closer: a body difference accepted for this
        // scenario covers them too, unless the list names `rows` itself.
        let reason = |aspect: &str| {
            accepted
                .iter()
                .find(|a| a.scenario == scenario && a.aspect == aspect)
                .map(|a| a.reason.clone())
        };
        items.push(DiffItem {
            aspect: "rows".to_owned(),
            left: kinds_left,
            right: kinds_right,
            accepted: reason("rows")
                .or_else(|| reason("body").map(|r| format!("(as for the body) {r}"))),
        });
    }
    DiffView {
        left: left_label.to_owned(),
        right: right_label.to_owned(),
        items,
    }
}

/// `12 rows: 5 model, 4 client_reference, …`, or `no rows`.
fn row_kinds(rows: Option<&RowsView>) -> String {
    let Some(rows) = rows else {
        return "no rows".to_owned();
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for row in &rows.rows {
        let kind = serde_json::to_value(row.view.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        *counts.entry(kind).or_default() += 1;
    }
    let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    format!("{} rows: {}", rows.rows.len(), parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Body, RecordedRequest, RecordedResponse};

    fn answer(status: u16, etag: &str) -> Exchange {
        Exchange {
            id: 0,
            example: "x".into(),
            scenario: None,
            started_unix_ms: 0,
            request: RecordedRequest {
                method: "GET".into(),
                path: "/".into(),
                headers: vec![],
                body: Body::default(),
            },
            response: Some(RecordedResponse {
                status,
                reason: "OK".into(),
                version: "HTTP/1.1".into(),
                headers: vec![("etag".into(), etag.into())],
                body: Body::default(),
                head_ms: 1.0,
                total_ms: 1.0,
            }),
            chunks: vec![],
            error: None,
        }
    }

    #[test]
    fn accepted_differences_carry_their_reason_and_others_do_not() {
        let accepted = vec![Accepted {
            scenario: "a/b".into(),
            aspect: "header:etag".into(),
            reason: "bodies differ".into(),
        }];
        let view = diff(
            ("ours", &answer(200, "\"1\""), None),
            ("next", &answer(201, "\"2\""), None),
            "a/b",
            &accepted,
        );
        let aspects: Vec<_> = view
            .items
            .iter()
            .map(|i| (i.aspect.as_str(), i.accepted.as_deref()))
            .collect();
        assert_eq!(
            aspects,
            [("status", None), ("header:etag", Some("bodies differ"))]
        );
        let same = diff(
            ("ours", &answer(200, "1"), None),
            ("next", &answer(200, "1"), None),
            "a/b",
            &accepted,
        );
        assert!(same.items.is_empty());
    }

    #[test]
    fn the_committed_list_reads() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        assert!(!load_accepted(&root).unwrap().is_empty());
        assert!(load_accepted(Path::new("/nonexistent")).unwrap().is_empty());
        let broken = tempfile::tempdir().unwrap();
        let file = broken.path().join(ACCEPTED_FILE);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "[{\"scenario\": 1}]").unwrap();
        let error = load_accepted(broken.path()).unwrap_err();
        assert!(error.contains("{scenario, aspect, reason}"), "{error}");
    }
}
