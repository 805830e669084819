//! The named excerpts of a source file: the lines between an `ANCHOR: <name>` marker
//! and its `ANCHOR_END: <name>`, which a chapter shows with `{{#include file:<name>}}`.
//!
//! mdBook 0.4.52 never complains about markers. An include whose anchor is missing
//! shows nothing, and one whose `ANCHOR_END` is missing shows the rest of the file.
//! So we read the markers exactly as mdBook does (its own patterns, anywhere on a
//! line) and say which ones it would get wrong. The text an include shows is taken
//! with mdBook's own function, so the two cannot disagree.

use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// mdBook's pattern for a start marker (`mdbook::utils::string`, 0.4.52).
static START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ANCHOR:\s*(?P<name>[\w_-]+)").expect("valid regex"));

/// mdBook's pattern for an end marker.
static END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ANCHOR_END:\s*(?P<name>[\w_-]+)").expect("valid regex"));

/// A marker that starts a comment line, the way authors write them (`// ANCHOR: x`,
/// `# ANCHOR: x`, `{/* ANCHOR: x */}`, `<!-- ANCHOR: x -->`). Prose that only talks
/// about markers (this crate's docs, the contributing guide) does not look like this.
static COMMENT_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*(?://+!?|#+|/\*+|\{/\*+|<!--|--)\s*ANCHOR(?:_END)?:\s*[\w-]+")
        .expect("valid regex")
});

/// One named excerpt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub name: String,
    /// 1-based line of its `ANCHOR:` marker.
    pub start: usize,
    /// 1-based line of its `ANCHOR_END:` marker; `None` when it is never closed.
    pub end: Option<usize>,
}

/// A marker mdBook would read differently from what its author meant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkerProblem {
    #[error(
        "`ANCHOR: {name}` is never closed, so an include of it shows the rest of the file: \
         add a line `ANCHOR_END: {name}` (in a comment) where the excerpt ends"
    )]
    Unclosed { name: String, line: usize },
    #[error(
        "`ANCHOR_END: {name}` has no `ANCHOR: {name}` above it: add the start marker where \
         the excerpt begins, or delete this line"
    )]
    StrayEnd { name: String, line: usize },
    #[error(
        "`ANCHOR: {name}` starts again (first on line {first}), and mdBook only ever shows \
         the first excerpt: give this one another name"
    )]
    Repeated {
        name: String,
        line: usize,
        first: usize,
    },
}

impl MarkerProblem {
    /// The 1-based line the problem is at.
    pub fn line(&self) -> usize {
        match self {
            MarkerProblem::Unclosed { line, .. }
            | MarkerProblem::StrayEnd { line, .. }
            | MarkerProblem::Repeated { line, .. } => *line,
        }
    }
}

/// Every anchor of a file, and what is wrong with its markers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markers {
    /// In the order they start; a name appears once (the excerpt mdBook shows).
    pub anchors: Vec<Anchor>,
    pub problems: Vec<MarkerProblem>,
}

impl Markers {
    /// Reads the markers of `text` as mdBook does: on each line, the first start and
    /// the first end marker count, wherever they stand.
    pub fn of(text: &str) -> Markers {
        let mut markers = Markers::default();
        // Name -> index into `anchors` of an excerpt still open.
        let mut open: BTreeMap<String, usize> = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            // Inside an excerpt mdBook looks for the end first, so an end and a start on
            // one line close before they open.
            if let Some(name) = END.captures(line).map(|caps| caps["name"].to_owned()) {
                match open.remove(&name) {
                    Some(at) => markers.anchors[at].end = Some(number),
                    None => markers
                        .problems
                        .push(MarkerProblem::StrayEnd { name, line: number }),
                }
            }
            if let Some(name) = START.captures(line).map(|caps| caps["name"].to_owned()) {
                match markers.anchors.iter().find(|anchor| anchor.name == name) {
                    Some(first) => markers.problems.push(MarkerProblem::Repeated {
                        name,
                        line: number,
                        first: first.start,
                    }),
                    None => {
                        open.insert(name.clone(), markers.anchors.len());
                        markers.anchors.push(Anchor {
                            name,
                            start: number,
                            end: None,
                        });
                    }
                }
            }
        }
        for (name, at) in open {
            markers.problems.push(MarkerProblem::Unclosed {
                name,
                line: markers.anchors[at].start,
            });
        }
        markers.problems.sort_by_key(MarkerProblem::line);
        markers
    }

    /// The anchor called `name`, if the file has one.
    pub fn get(&self, name: &str) -> Option<&Anchor> {
        self.anchors.iter().find(|anchor| anchor.name == name)
    }
}

/// What `{{#include file:name}}` shows of `text`, as mdBook computes it.
pub fn excerpt(text: &str, name: &str) -> String {
    mdbook::utils::take_anchored_lines(text, name)
}

/// Whether `text` has a marker line written as a comment, the sign of a file that
/// is meant to be included from.
pub fn has_comment_marker(text: &str) -> bool {
    COMMENT_MARKER.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_and_lines(markers: &Markers) -> Vec<(&str, usize, Option<usize>)> {
        markers
            .anchors
            .iter()
            .map(|a| (a.name.as_str(), a.start, a.end))
            .collect()
    }

    #[test]
    fn closed_and_nested_anchors_are_fine() {
        let text = "a\n// ANCHOR: outer\nb\n  # ANCHOR: inner\nc\n  # ANCHOR_END: inner\n// ANCHOR_END: outer\n";
        let markers = Markers::of(text);
        assert_eq!(markers.problems, []);
        assert_eq!(
            names_and_lines(&markers),
            [("outer", 2, Some(7)), ("inner", 4, Some(6))]
        );
        // The excerpt leaves out every marker line, nested ones included.
        assert_eq!(excerpt(text, "outer"), "b\nc");
        assert_eq!(excerpt(text, "inner"), "c");
    }

    #[test]
    fn unclosed_stray_and_repeated_markers_are_problems() {
        let text = "// ANCHOR_END: early\n// ANCHOR: a\nx\n// ANCHOR_END: a\n// ANCHOR: a\ny\n// ANCHOR_END: a\n// ANCHOR: open\nz\n";
        let markers = Markers::of(text);
        assert_eq!(
            markers.problems,
            [
                MarkerProblem::StrayEnd {
                    name: "early".into(),
                    line: 1
                },
                MarkerProblem::Repeated {
                    name: "a".into(),
                    line: 5,
                    first: 2
                },
                // The second `a` never opened, so its end has nothing to close.
                MarkerProblem::StrayEnd {
                    name: "a".into(),
                    line: 7
                },
                MarkerProblem::Unclosed {
                    name: "open".into(),
                    line: 8
                },
            ]
        );
        // What mdBook would do with them: the first `a`, and the rest of the file.
        assert_eq!(excerpt(text, "a"), "x");
        assert_eq!(excerpt(text, "open"), "z");
        let message = markers.problems[3].to_string();
        assert!(message.contains("ANCHOR_END: open"), "{message}");
    }

    #[test]
    fn only_comment_lines_mark_a_file_as_included_from() {
        assert!(has_comment_marker("fn a() {}\n    // ANCHOR: a\n"));
        assert!(has_comment_marker("{/* ANCHOR_END: jsx */}\n"));
        assert!(has_comment_marker("<!-- ANCHOR: html -->\n"));
        assert!(!has_comment_marker(
            "Mark code with `// ANCHOR: name` lines.\n"
        ));
        assert!(!has_comment_marker("let s = \"// ANCHOR: x\";\n"));
    }
}
