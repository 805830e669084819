//! Claims about older versions of Next.js must come with a recording from them.
//!
//! The book teaches Next.js 16, whose traffic every panel shows. When a sentence says
//! what Next.js 14 or 15 did, the reader should be able to see it too: the section
//! (a `#`/`##` heading and everything down to the next one, subsections included)
//! must hold a `{{#traffic-diff}}` panel with a recording from that major version
//! (a label `next-14.*`). Text in code is not prose and is skipped, as are the
//! directives themselves.
//!
//! It looks at the chapters as written, before any preprocessor runs, so the line
//! numbers are the author's.

use crate::directive;
use crate::traffic_diff;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// `Next.js 14`, `Next 15`, `next@14`: a major version older than the one the book
/// teaches (10 to 15).
static OLDER_VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bnext(?:\.js)?(?:\s+|@)(1[0-5])\b").expect("valid regex"));

/// One sentence naming an older version with no recording of it in its section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbacked {
    /// 1-based line in the chapter as written.
    pub line: usize,
    /// The major version named, e.g. `14`.
    pub major: String,
}

impl std::fmt::Display for Unbacked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}: names Next.js {major}, but its section has no {{{{#traffic-diff}}}} panel \
             recorded from next-{major}.*: add one (reference/nextjs/README.md, \"Older \
             versions\") or say it without the version",
            self.line,
            major = self.major
        )
    }
}

/// Every mention of an older version in `chapter` (Markdown as written) whose
/// section has no panel recorded from that version.
pub fn unbacked(chapter: &str) -> Vec<Unbacked> {
    let code = code_ranges(chapter);
    let mut found = Vec::new();
    for section in sections(chapter) {
        let text = &chapter[section.clone()];
        let recorded = recorded_majors(text);
        for mention in OLDER_VERSION.captures_iter(text) {
            let (whole, major) = (mention.get(0).expect("a match"), &mention[1]);
            let at = section.start + whole.start();
            let in_code = code.iter().any(|r| r.contains(&at));
            if in_code || recorded.iter().any(|m| m == major) {
                continue;
            }
            found.push(Unbacked {
                line: chapter[..at].matches('\n').count() + 1,
                major: major.to_owned(),
            });
        }
    }
    found
}

/// Inline code and code blocks, except the fenced `admonish` blocks: those are
/// boxes of prose (notes, warnings), and what they say counts.
fn code_ranges(chapter: &str) -> Vec<Range<usize>> {
    Parser::new(chapter)
        .into_offset_iter()
        .filter(|(event, _)| match event {
            Event::Code(_) => true,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                !info.starts_with("admonish")
            }
            Event::Start(Tag::CodeBlock(_)) => true,
            _ => false,
        })
        .map(|(_, range)| range)
        .collect()
}

/// The byte ranges of the chapter's sections: split at every `#` and `##` heading.
fn sections(chapter: &str) -> Vec<Range<usize>> {
    let mut starts: Vec<usize> = Parser::new(chapter)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Heading { level, .. }) if level <= HeadingLevel::H2 => {
                Some(range.start)
            }
            _ => None,
        })
        .collect();
    starts.insert(0, 0);
    starts.dedup();
    let mut ends: Vec<usize> = starts[1..].to_vec();
    ends.push(chapter.len());
    starts.into_iter().zip(ends).map(|(s, e)| s..e).collect()
}

/// The major versions (`14`) of the recordings the `{{#traffic-diff}}` panels in
/// `text` show. A directive that does not parse is the preprocessor's to report.
fn recorded_majors(text: &str) -> Vec<String> {
    let Ok(panels) = directive::find(text, "traffic-diff") else {
        return Vec::new();
    };
    panels
        .iter()
        .filter_map(|panel| traffic_diff::parse(&panel.argument).ok())
        .flat_map(|diff| [diff.left, diff.right])
        .filter_map(|label| label.strip_prefix("next-")?.split('.').next())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_named_with_its_recording_in_the_section_passes() {
        let chapter = "# T\n\n## Caching\n\nNext.js 14 stored it; Next 15 runs it.\n\n\
                       ### Detail\n\n{{#traffic-diff a/b next-14.2.35 next-15.5.29}}\n";
        assert_eq!(unbacked(chapter), []);
    }

    #[test]
    fn a_version_named_without_its_recording_is_reported_with_its_line() {
        let chapter = "# T\n\n{{#traffic-diff a/b next-15.5.29 next-16.4.6}}\n\n\
                       ## Other\n\nSince Next.js 15 it runs.\n\nOn next@14 it did not.\n";
        let found = unbacked(chapter);
        let got: Vec<(usize, &str)> = found.iter().map(|u| (u.line, u.major.as_str())).collect();
        assert_eq!(got, [(7, "15"), (9, "14")]);
        assert!(found[0].to_string().contains("next-15.*"), "{}", found[0]);
    }

    #[test]
    fn code_other_versions_and_other_words_are_not_claims() {
        let chapter = "# T\n\n`Next.js 14` in code.\n\n```\nNext 15\n```\n\n\
                       Next.js 16 and next@16.4.6; Next.js 140 servers; context 14.\n";
        assert_eq!(unbacked(chapter), []);
    }

    #[test]
    fn a_note_box_is_prose() {
        let chapter = "# T\n\n```admonish note title=\"Why?\"\nUntil Next.js 14 it was.\n```\n";
        let got: Vec<usize> = unbacked(chapter).iter().map(|u| u.line).collect();
        assert_eq!(got, [4]);
    }
}
