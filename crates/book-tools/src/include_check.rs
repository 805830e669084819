//! The code-include part of `book-tools check`: every `{{#include}}` of the book
//! shows what its author meant, and every anchor is shown somewhere.
//!
//! mdBook builds a broken include without a word (see [`crate::code_anchors`]), so
//! this is where such mistakes surface, each as `file:line: what is wrong: what to
//! do`. It looks at:
//! - every include of every chapter: its file must exist, its anchor must exist and
//!   hold text; line numbers (`file:10:20`) are refused, because they silently point
//!   elsewhere once the file changes; a whole file must not carry markers, which the
//!   reader would see;
//! - the markers of every file a chapter includes from, and of every other file in
//!   the workspace with a marker comment: each `ANCHOR` closed by its `ANCHOR_END`
//!   in the same file, and each anchor included by some chapter.

use crate::code_anchors::{excerpt, has_comment_marker, MarkerProblem, Markers};
use crate::includes::{Include, Part};
use crate::paths::lexically_joined;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// One thing to fix, at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The file, relative to the book's root (the folder holding `book.toml`).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// A chapter as written, before any preprocessor ran.
#[derive(Debug, Clone, Copy)]
pub struct Chapter<'a> {
    /// Relative to the book's source folder, as in `SUMMARY.md`.
    pub path: &'a Path,
    pub content: &'a str,
}

/// A file included from or carrying markers, read once.
struct Source {
    text: String,
    markers: Markers,
}

/// Where a file's anchors are included from, per anchor name.
type Uses = BTreeMap<PathBuf, BTreeMap<String, Vec<String>>>;

/// Everything wrong with the code includes of the book at `root`, sorted by place.
///
/// `source_dir` is the chapters' folder and `skip` a folder not to search for
/// markers (the book's build folder); `chapters` are the chapters of `SUMMARY.md`.
pub fn findings(
    root: &Path,
    source_dir: &Path,
    skip: &Path,
    chapters: &[Chapter<'_>],
) -> Vec<Finding> {
    let source_dir = source_dir.strip_prefix(root).unwrap_or(source_dir);
    let mut sources: BTreeMap<PathBuf, Option<Source>> = BTreeMap::new();
    let mut uses = Uses::new();
    let mut found = Vec::new();
    for chapter in chapters {
        let chapter_file = source_dir.join(chapter.path);
        let chapter_dir = chapter_file.parent().unwrap_or(Path::new("")).to_owned();
        for include in crate::includes::find(chapter.content) {
            let file = lexically_joined(&chapter_dir, &include.path);
            let source = sources
                .entry(file.clone())
                .or_insert_with(|| read(&root.join(&file)).ok());
            let problem = match source {
                None => Some(missing_file(&include, &file, &chapter_dir)),
                Some(source) => {
                    if let Part::Anchor(name) = &include.part {
                        uses.entry(file.clone())
                            .or_default()
                            .entry(name.clone())
                            .or_default()
                            .push(format!("{}:{}", chapter_file.display(), include.line));
                    }
                    include_problem(&include, &file, source)
                }
            };
            found.extend(problem.map(|message| Finding {
                file: chapter_file.clone(),
                line: include.line,
                message,
            }));
        }
    }
    for file in files_with_marker_comments(root, skip) {
        sources
            .entry(file.clone())
            .or_insert_with(|| read(&root.join(&file)).ok());
    }
    for (file, source) in &sources {
        if let Some(source) = source {
            found.extend(marker_findings(file, source, uses.get(file)));
        }
    }
    found.sort();
    found
}

fn read(path: &Path) -> std::io::Result<Source> {
    let text = std::fs::read_to_string(path)?;
    let markers = Markers::of(&text);
    Ok(Source { text, markers })
}

fn missing_file(include: &Include, file: &Path, chapter_dir: &Path) -> String {
    format!(
        "{}: there is no readable file {} (the path is relative to the chapter's folder, {}): \
         fix the path",
        include.written,
        file.display(),
        chapter_dir.display()
    )
}

/// What is wrong with one include of an existing file.
fn include_problem(include: &Include, file: &Path, source: &Source) -> Option<String> {
    let names = || {
        source
            .markers
            .anchors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &include.part {
        Part::Whole if source.markers.anchors.is_empty() => None,
        Part::Whole => Some(format!(
            "{} shows the whole of {}, and the reader sees its ANCHOR marker lines: include \
             one of its anchors ({}) instead",
            include.written,
            file.display(),
            names()
        )),
        Part::Lines(lines) => {
            let same = same_lines_anchor(source, lines)
                .map(|name| {
                    format!(
                        " (its anchor `{name}` holds exactly these lines: write `{}:{name}`)",
                        include.path
                    )
                })
                .unwrap_or_default();
            Some(format!(
                "{} picks lines {lines} by number, which show other lines as soon as {} \
                 changes: mark the excerpt with `ANCHOR: <name>` and `ANCHOR_END: <name>` \
                 comment lines and include `{}:<name>`{same}",
                include.written,
                file.display(),
                include.path
            ))
        }
        Part::Anchor(name) => match source.markers.get(name) {
            None if source.markers.anchors.is_empty() => Some(format!(
                "{}: {} has no anchors, so mdBook shows nothing: mark the excerpt with \
                 `ANCHOR: {name}` and `ANCHOR_END: {name}` comment lines",
                include.written,
                file.display()
            )),
            None => Some(format!(
                "{}: {} has no anchor `{name}`, so mdBook shows nothing: use one of its \
                 anchors ({}) or add this one",
                include.written,
                file.display(),
                names()
            )),
            Some(anchor) => match anchor.end {
                // An unclosed anchor is reported at its marker, naming this include.
                None => None,
                Some(end) if excerpt(&source.text, name).trim().is_empty() => Some(format!(
                    "{}: anchor `{name}` ({}:{}-{end}) holds no text, so mdBook shows an empty \
                     block: put the code between its markers",
                    include.written,
                    file.display(),
                    anchor.start
                )),
                Some(_) => None,
            },
        },
    }
}

/// The anchor whose excerpt is exactly the lines `lines` selects, if one is.
fn same_lines_anchor<'a>(source: &'a Source, lines: &str) -> Option<&'a str> {
    let picked = picked_lines(&source.text, lines)?;
    source
        .markers
        .anchors
        .iter()
        .find(|anchor| {
            anchor.end.is_some() && excerpt(&source.text, &anchor.name).trim() == picked.trim()
        })
        .map(|anchor| anchor.name.as_str())
}

/// The lines `file:<lines>` shows, as mdBook picks them: `a:b` is lines a to b, `a:`
/// from a to the end, `:b` up to b, and a lone `a` that line only.
fn picked_lines(text: &str, lines: &str) -> Option<String> {
    let mut fields = lines.splitn(2, ':');
    let first = fields.next()?;
    let start = match first {
        "" => 0,
        n => n.parse::<usize>().ok()?.saturating_sub(1),
    };
    let end = match fields.next() {
        None => Some(start + 1),
        Some(end) => end.parse::<usize>().ok(),
    };
    let picked = text.lines().skip(start);
    let picked: Vec<&str> = match end {
        Some(end) => picked.take(end.saturating_sub(start)).collect(),
        None => picked.collect(),
    };
    Some(picked.join("\n"))
}

/// The marker problems and unused anchors of one file.
fn marker_findings(
    file: &Path,
    source: &Source,
    uses: Option<&BTreeMap<String, Vec<String>>>,
) -> Vec<Finding> {
    let included_by = |name: &str| {
        uses.and_then(|uses| uses.get(name))
            .map(|places| format!(" (included by {})", places.join(", ")))
            .unwrap_or_default()
    };
    let mut found: Vec<Finding> = source
        .markers
        .problems
        .iter()
        .map(|problem| {
            let by = match problem {
                MarkerProblem::Unclosed { name, .. } => included_by(name),
                _ => String::new(),
            };
            Finding {
                file: file.to_owned(),
                line: problem.line(),
                message: format!("{problem}{by}"),
            }
        })
        .collect();
    let used: BTreeSet<&str> = uses
        .map(|uses| uses.keys().map(String::as_str).collect())
        .unwrap_or_default();
    for anchor in &source.markers.anchors {
        if !used.contains(anchor.name.as_str()) {
            found.push(Finding {
                file: file.to_owned(),
                line: anchor.start,
                message: format!(
                    "unused anchor `{}`: no chapter includes it; include it where a chapter \
                     explains this code, or delete its marker lines",
                    anchor.name
                ),
            });
        }
    }
    found
}

/// The files under `root` (as `.gitignore` files allow, hidden ones and `skip` left
/// out) with a marker written as a comment, relative to `root`, sorted.
fn files_with_marker_comments(root: &Path, skip: &Path) -> Vec<PathBuf> {
    let walk = ignore::WalkBuilder::new(root)
        .require_git(false)
        .filter_entry({
            let skip = skip.to_owned();
            move |entry| entry.path() != skip
        })
        .build();
    let mut files: Vec<PathBuf> = walk
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .filter(|entry| {
            std::fs::read_to_string(entry.path()).is_ok_and(|text| has_comment_marker(&text))
        })
        .filter_map(|entry| Some(entry.path().strip_prefix(root).ok()?.to_owned()))
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::picked_lines;

    #[test]
    fn line_ranges_pick_what_mdbook_picks() {
        let text = "one\ntwo\nthree\nfour";
        assert_eq!(picked_lines(text, "2:3").as_deref(), Some("two\nthree"));
        assert_eq!(picked_lines(text, "3:").as_deref(), Some("three\nfour"));
        assert_eq!(picked_lines(text, ":2").as_deref(), Some("one\ntwo"));
        assert_eq!(picked_lines(text, "2").as_deref(), Some("two"));
        assert_eq!(picked_lines(text, "x:2"), None);
    }
}
