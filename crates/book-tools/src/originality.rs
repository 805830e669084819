//! The originality check: no sentence of the book may repeat eight or more words in a
//! row from a source its authors read.
//!
//! `book-data/sources.txt` lists those sources, one per line: a file or a folder (relative
//! to the repository root; every `.md`, `.mdx` and `.txt` file inside a folder is
//! read) or a URL, kept for the record. What is not on this machine cannot be
//! checked and is reported as skipped: the Next.js documentation, for one, arrives
//! with `npm ci` in `reference/nextjs`. A source written `required: <path>` is one
//! the check must not do without where it matters: it is listed in
//! [`Sources::required_missing`] too, and `book-tools check` fails on it under CI,
//! so a forgotten `npm ci` cannot turn the guard off silently. Code (inline and
//! blocks) is not checked: quoting a header name or an API is not copying prose.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// How many words in a row count as copying.
pub const RUN: usize = 8;

/// The sources that could be read, as 8-word runs.
#[derive(Debug, Default)]
pub struct Sources {
    /// Hash of a run of [`RUN`] normalized words -> the source it came from.
    runs: HashMap<u64, String>,
    pub read: Vec<String>,
    pub skipped: Vec<String>,
    /// Sources marked `required:` that are not on this machine.
    pub required_missing: Vec<String>,
}

/// The prefix that marks a source the check must have under CI.
pub const REQUIRED: &str = "required:";

/// The list of sources, relative to the book's root (beside the chapters, not among
/// them, so the site does not publish it).
pub const SOURCES_FILE: &str = "book-data/sources.txt";

/// Reads every source listed in `list_file` that exists under `root`.
pub fn load_sources(root: &Path, list_file: &Path) -> std::io::Result<Sources> {
    let mut sources = Sources::default();
    let list = match std::fs::read_to_string(list_file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(sources),
        Err(e) => return Err(e),
    };
    for line in list.lines() {
        let entry = line.split('#').next().unwrap_or("").trim();
        if entry.is_empty() {
            continue;
        }
        let (entry, required) = match entry.strip_prefix(REQUIRED) {
            Some(rest) => (rest.trim(), true),
            None => (entry, false),
        };
        if entry.contains("://") {
            sources
                .skipped
                .push(format!("{entry} (a URL: not checked offline)"));
            continue;
        }
        let path = root.join(entry);
        if !path.exists() {
            sources
                .skipped
                .push(format!("{entry} (not on this machine)"));
            if required {
                sources.required_missing.push(entry.to_owned());
            }
            continue;
        }
        for file in text_files(&path) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let name = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .display()
                .to_string();
            let words = words(&text);
            for window in words.windows(RUN) {
                sources
                    .runs
                    .entry(run_hash(window))
                    .or_insert_with(|| name.clone());
            }
        }
        sources.read.push(entry.to_owned());
    }
    Ok(sources)
}

fn text_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut files = Vec::new();
    let mut stack = vec![path.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|e| e == "md" || e == "mdx" || e == "txt")
            {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Lowercased words, punctuation dropped, so formatting cannot hide a copy.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn run_hash(words: &[String]) -> u64 {
    let mut hasher = DefaultHasher::new();
    words.hash(&mut hasher);
    hasher.finish()
}

/// The prose of a chapter (no code), one string per paragraph-like block.
fn prose_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = vec![String::new()];
    let mut in_code_block = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if !in_code_block => blocks.last_mut().expect("one").push_str(&text),
            Event::SoftBreak | Event::HardBreak => blocks.last_mut().expect("one").push(' '),
            // Inline code is not prose: it splits the run instead of joining words.
            Event::Code(_) => blocks.last_mut().expect("one").push_str(" | "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote,
            ) => blocks.push(String::new()),
            _ => {}
        }
    }
    blocks.retain(|b| !b.trim().is_empty());
    blocks
}

/// Every run of [`RUN`]+ words in `markdown` that also stands in a source.
pub fn copied_runs(sources: &Sources, markdown: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut reported = HashSet::new();
    for block in prose_blocks(markdown) {
        for piece in block.split(" | ") {
            let words = words(piece);
            for window in words.windows(RUN) {
                if let Some(source) = sources.runs.get(&run_hash(window)) {
                    let text = window.join(" ");
                    if reported.insert(text.clone()) {
                        found.push((text, source.clone()));
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources_of(text: &str) -> Sources {
        let mut sources = Sources::default();
        for window in words(text).windows(RUN) {
            sources.runs.insert(run_hash(window), "source.md".into());
        }
        sources
    }

    #[test]
    fn finds_eight_copied_words_whatever_the_case_and_punctuation() {
        let sources = sources_of(
            "Server Actions are asynchronous functions that are executed on the server.",
        );
        let copied = copied_runs(
            &sources,
            "In short, server actions are *asynchronous* functions that are executed, really.",
        );
        assert_eq!(copied.len(), 1);
        assert_eq!(
            copied[0].0,
            "server actions are asynchronous functions that are executed"
        );
    }

    #[test]
    fn a_required_source_that_is_missing_is_named_apart() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("here.md"), "some words").unwrap();
        let list = root.path().join("sources.txt");
        std::fs::write(
            &list,
            "# a comment\nrequired: docs/   # must be here in CI\nrequired: here.md\nnotes.md\n",
        )
        .unwrap();
        let sources = load_sources(root.path(), &list).unwrap();
        assert_eq!(sources.required_missing, ["docs/"]);
        assert_eq!(sources.read, ["here.md"]);
        assert_eq!(sources.skipped.len(), 2, "{:?}", sources.skipped);
    }

    #[test]
    fn seven_words_or_code_are_not_copying() {
        let sources = sources_of("the quick brown fox jumps over the lazy dog");
        assert!(copied_runs(&sources, "the quick brown fox jumps over the cat").is_empty());
        let code = "```\nthe quick brown fox jumps over the lazy dog\n```\n";
        assert!(copied_runs(&sources, code).is_empty());
        assert!(copied_runs(&sources, "`the quick brown fox` jumps over the lazy dog").is_empty());
    }
}
