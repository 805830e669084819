//! The ids a link can point at: `chapter.md#some-heading` only works if the page
//! for `chapter.md` has an element with `id="some-heading"`.
//!
//! mdBook gives every heading an id made from its text (`## Body limits` becomes
//! `body-limits`, a second one `body-limits-1`), unless the heading sets one itself
//! with `{#id}`. Raw HTML in a chapter (an admonish box, a `<span id>`) adds its own
//! ids. We render each expanded chapter with mdBook's own Markdown renderer and
//! collect both, using mdBook's id functions so the two cannot disagree.

use regex::Regex;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

/// A heading in rendered chapter HTML, as mdBook's HTML renderer matches it.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<h\d(?: id="([^"]+)")?(?: class="[^"]+")?>(.*?)</h\d>"#).expect("valid regex")
});

/// Any `id="…"` attribute.
static ID_ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\sid="([^"]+)""#).expect("valid regex"));

/// Every id the page of a chapter with this (expanded) Markdown will have.
pub fn ids_of(markdown: &str) -> BTreeSet<String> {
    let html = mdbook::utils::render_markdown(markdown, false);
    let mut ids: BTreeSet<String> = ID_ATTRIBUTE
        .captures_iter(&html)
        .map(|caps| caps[1].to_owned())
        .collect();
    // Ids are numbered per page in heading order, so every heading counts.
    let mut seen = HashMap::new();
    for caps in HEADING.captures_iter(&html) {
        if caps.get(1).is_none() {
            ids.insert(mdbook::utils::unique_id_from_content(&caps[2], &mut seen));
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::ids_of;

    #[test]
    fn headings_get_mdbooks_ids_and_repeats_are_numbered() {
        let ids = ids_of("# Body limits\n\n## `req.body` & friends\n\n## Body limits\n");
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(ids, ["body-limits", "body-limits-1", "reqbody--friends"]);
    }

    #[test]
    fn explicit_heading_ids_and_html_ids_count() {
        let ids = ids_of("## Methods {#verbs}\n\n<div id=\"panel-1\"></div>\n");
        assert!(ids.contains("verbs"), "{ids:?}");
        assert!(ids.contains("panel-1"), "{ids:?}");
        assert!(!ids.contains("methods"), "{ids:?}");
    }
}
