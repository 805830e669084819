//! What the book knows about names on the wire: one line per header
//! (`book-data/headers.toml`) and the name and file of every Server Action id
//! (`book-data/actions.json`).
//!
//! Both files are compiled in, so the book's preprocessors, the playground and the
//! tests all read the same copy and no caller has to find the repository at run time.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The headers file, as committed.
pub const HEADERS_TOML: &str = include_str!("../../../../book-data/headers.toml");
/// The action registry, as committed.
pub const ACTIONS_JSON: &str = include_str!("../../../../book-data/actions.json");

/// Where the headers appendix lives, relative to the book's root.
pub const APPENDIX_PAGE: &str = "appendix/headers.html";

/// One header the book teaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderNote {
    /// As a reader writes it: `Cache-Control`, `x-action-redirect`.
    pub name: String,
    /// The one-line explanation.
    pub text: String,
    /// The appendix section that tells more, if any (an `#id` on the headers page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more: Option<String>,
}

impl HeaderNote {
    /// The id of this header's row in the appendix table: `header-cache-control`.
    pub fn anchor(&self) -> String {
        format!("header-{}", self.name.to_ascii_lowercase())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadersFile {
    header: Vec<HeaderNote>,
}

/// Where a Server Action is defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionEntry {
    pub example: String,
    pub file: String,
    pub name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionsFile {
    #[allow(dead_code)] // documentation for people reading the file
    about: String,
    actions: BTreeMap<String, ActionEntry>,
}

static HEADERS: LazyLock<Vec<HeaderNote>> = LazyLock::new(|| {
    toml::from_str::<HeadersFile>(HEADERS_TOML)
        .map(|file| file.header)
        // A broken file is caught by `the_data_files_read` below; at run time the
        // panels then simply explain nothing rather than take the playground down.
        .unwrap_or_default()
});

static ACTIONS: LazyLock<BTreeMap<String, ActionEntry>> = LazyLock::new(|| {
    serde_json::from_str::<ActionsFile>(ACTIONS_JSON)
        .map(|file| file.actions)
        .unwrap_or_default()
});

/// Every header the book explains, in the file's order.
pub fn headers() -> &'static [HeaderNote] {
    &HEADERS
}

/// The explanation of header `name` (any case), if the book has one.
pub fn header(name: &str) -> Option<&'static HeaderNote> {
    HEADERS.iter().find(|h| h.name.eq_ignore_ascii_case(name))
}

/// The action with this id, if one of the examples defines it.
pub fn action(id: &str) -> Option<&'static ActionEntry> {
    ACTIONS.get(&id.to_ascii_lowercase())
}

/// Every known action id.
pub fn action_ids() -> impl Iterator<Item = &'static str> {
    ACTIONS.keys().map(String::as_str)
}

/// Checks both files, naming what is wrong; the tests and `book-tools check` call it.
pub fn check() -> Result<(), String> {
    let file: HeadersFile = toml::from_str(HEADERS_TOML)
        .map_err(|e| format!("book-data/headers.toml: {e}; each entry needs `name` and `text`"))?;
    let mut seen = std::collections::HashSet::new();
    for note in &file.header {
        if !seen.insert(note.name.to_ascii_lowercase()) {
            return Err(format!(
                "book-data/headers.toml lists {} twice: keep one entry",
                note.name
            ));
        }
    }
    serde_json::from_str::<ActionsFile>(ACTIONS_JSON).map_err(|e| {
        format!("book-data/actions.json: {e}; expected {{\"about\", \"actions\": {{id: {{example, file, name}}}}}}")
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_files_read() {
        check().unwrap();
        assert!(headers().len() >= 20);
        assert_eq!(header("cache-control").unwrap().name, "Cache-Control");
        assert_eq!(
            header("X-Action-Redirect").unwrap().anchor(),
            "header-x-action-redirect"
        );
        assert_eq!(
            action("400CFFE003D9F8E1338E139AE5983BE593FFC1AF8B").map(|a| a.name.as_str()),
            Some("greet")
        );
    }

    #[test]
    fn every_header_the_issue_names_is_explained() {
        for name in [
            "Allow",
            "Vary",
            "Cache-Control",
            "ETag",
            "Set-Cookie",
            "Location",
            "Refresh",
            "Content-Type",
            "Transfer-Encoding",
            "Next-Action",
            "RSC",
            "Next-Router-State-Tree",
            "Next-Router-Prefetch",
            "x-action-revalidated",
            "x-action-redirect",
            "x-nextjs-cache",
            "Access-Control-Allow-Origin",
        ] {
            assert!(header(name).is_some(), "{name} has no line in headers.toml");
        }
    }
}
