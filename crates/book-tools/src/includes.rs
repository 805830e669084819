//! The `{{#include file}}` directives of a chapter, found and parsed as mdBook 0.4.52
//! finds and parses them (`mdbook::preprocess::links`, which keeps them private).
//!
//! Unlike our own directives these are expanded everywhere, in code too; only a
//! backslash in front (`\{{#include …}}`) leaves one as text.

use regex::Regex;
use std::sync::LazyLock;

/// mdBook's pattern: an escaped directive, or a directive with its kind and argument.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\\\{\{\#.*\}\}|\{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}").expect("valid regex")
});

/// One include directive of a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// The directive as written, e.g. `{{#include ../../examples/x/src/lib.rs:page}}`.
    pub written: String,
    /// 1-based line in the chapter.
    pub line: usize,
    /// The file, relative to the chapter's folder.
    pub path: String,
    /// Which part of the file it shows.
    pub part: Part,
}

/// Which part of a file an include shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The whole file, markers and all.
    Whole,
    /// Lines picked by number (`file:10:20`, `file:10:`, `file::20`, `file:10`), as
    /// written after the path.
    Lines(String),
    /// The excerpt between `ANCHOR: name` and `ANCHOR_END: name`.
    Anchor(String),
}

/// Every `{{#include}}` and `{{#rustdoc_include}}` of `chapter`, in order.
pub fn find(chapter: &str) -> Vec<Include> {
    LINK.captures_iter(chapter)
        .filter_map(|caps| {
            let kind = caps.get(1)?.as_str();
            if kind != "include" && kind != "rustdoc_include" {
                return None;
            }
            let whole = caps.get(0)?;
            // mdBook reads the first word as the target; the rest are options.
            let target = caps.get(2)?.as_str().split_whitespace().next()?;
            let (path, part) = split_target(target);
            Some(Include {
                written: whole.as_str().to_owned(),
                line: chapter[..whole.start()].matches('\n').count() + 1,
                path: path.to_owned(),
                part,
            })
        })
        .collect()
}

/// `file:rest` into the file and the part `rest` selects, following mdBook's
/// `parse_range_or_anchor`: a first field that is a number or empty means lines.
fn split_target(target: &str) -> (&str, Part) {
    let Some((path, rest)) = target.split_once(':') else {
        return (target, Part::Whole);
    };
    let first = rest.split(':').next().unwrap_or("");
    let part = if first.parse::<usize>().is_ok() {
        Part::Lines(rest.to_owned())
    } else if first.is_empty() {
        // `file:` and `file::` still mean the whole file to mdBook; anything after
        // them is an end line.
        if rest.trim_matches(':').is_empty() {
            Part::Whole
        } else {
            Part::Lines(rest.to_owned())
        }
    } else {
        Part::Anchor(first.to_owned())
    };
    (path, part)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(chapter: &str) -> Vec<(usize, String, Part)> {
        find(chapter)
            .into_iter()
            .map(|i| (i.line, i.path, i.part))
            .collect()
    }

    #[test]
    fn reads_paths_anchors_and_line_ranges_like_mdbook() {
        let chapter = "# T\n{{#include a.rs}}\n```rust\n{{#include ../b.rs:page}}\n```\n\
                       {{#include c.ts:10:20}} {{#include c.ts:10:}} {{#include c.ts::20}}\n\
                       {{#rustdoc_include d.rs:5}}\n{{ #include  e.rs:x:y  extra }}\n";
        let lines = |s: &str| Part::Lines(s.to_owned());
        assert_eq!(
            parts(chapter),
            [
                (2, "a.rs".to_owned(), Part::Whole),
                (4, "../b.rs".to_owned(), Part::Anchor("page".into())),
                (6, "c.ts".to_owned(), lines("10:20")),
                (6, "c.ts".to_owned(), lines("10:")),
                (6, "c.ts".to_owned(), lines(":20")),
                (7, "d.rs".to_owned(), lines("5")),
                (8, "e.rs".to_owned(), Part::Anchor("x".into())),
            ]
        );
    }

    #[test]
    fn escaped_and_other_directives_are_not_includes() {
        let chapter =
            "\\{{#include a.rs:x}}\n{{#traffic a/b}}\n{{#playground p.rs}}\n{{#title T}}\n";
        assert_eq!(parts(chapter), []);
        assert_eq!(parts("{{#include f.rs:}}")[0].2, Part::Whole);
    }
}
