//! `book-tools check`: what a reader would trip over, found before they do.
//!
//! It runs every preprocessor (so a missing transcript or include is an error), then
//! looks at the expanded chapters for directives left unexpanded and for links to
//! files that do not exist or to `#ids` their page does not have (see
//! [`crate::heading_ids`]), at every quiz in `book-data/quizzes/` (see
//! [`crate::quiz`]), and at the chapters as written for sentences copied from the
//! sources in `book-data/sources.txt` (see [`crate::originality`]), for missing
//! workshop minutes (see [`crate::frontmatter`]), for code includes that show
//! the wrong text or nothing (see [`crate::include_check`]) and for claims about
//! older Next.js versions without a recording from them (see
//! [`crate::version_claims`]).

use anyhow::Result;
use mdbook::book::BookItem;
use mdbook::renderer::{RenderContext, Renderer};
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    pub chapters: usize,
    pub panels: usize,
    pub problems: Vec<String>,
    /// Sources of `book-data/sources.txt` read for the originality check.
    pub sources_read: Vec<String>,
    /// Sources listed but not available here (not installed, or a URL).
    pub sources_skipped: Vec<String>,
}

/// How strict `check` is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Under CI a `required:` source that is missing is a problem, not a skip: a
    /// check that quietly reads nothing would pass every copied sentence.
    pub in_ci: bool,
}

impl Options {
    /// `in_ci` when the `CI` environment variable is set, as CI services do.
    pub fn from_env() -> Self {
        Self {
            in_ci: std::env::var_os("CI").is_some(),
        }
    }
}

/// A renderer that renders nothing: `preprocess_book` needs one to know which
/// renderer the preprocessors prepare for.
struct Html;

impl Renderer for Html {
    fn name(&self) -> &str {
        "html"
    }
    fn render(&self, _ctx: &RenderContext) -> mdbook::errors::Result<()> {
        Ok(())
    }
}

/// Checks the book at `root`, as strict as the environment says (see [`Options::from_env`]).
pub fn check(root: &Path) -> Result<Report> {
    check_with(root, Options::from_env())
}

/// Checks the book at `root`.
pub fn check_with(root: &Path, options: Options) -> Result<Report> {
    let book = crate::load_book(root)?;
    let source_dir = book.source_dir();
    let mut report = Report::default();
    let sources =
        crate::originality::load_sources(root, &root.join(crate::originality::SOURCES_FILE))?;
    if options.in_ci {
        for missing in &sources.required_missing {
            report.problems.push(format!(
                "{}: the originality check needs {missing}, which is not here (CI is set, so this \
                 fails instead of skipping): install it first (the Next.js docs arrive with \
                 `npm ci` in reference/nextjs)",
                crate::originality::SOURCES_FILE
            ));
        }
    }
    for item in book.iter() {
        if let BookItem::Chapter(chapter) = item {
            let name = chapter
                .source_path
                .as_ref()
                .map(|p| format!("book/{}", p.display()));
            for (words, source) in crate::originality::copied_runs(&sources, &chapter.content) {
                report.problems.push(format!(
                    "{}: \"{words}\" repeats {} words in a row from {source}: say it in your own words",
                    name.clone().unwrap_or_else(|| chapter.name.clone()),
                    crate::originality::RUN
                ));
            }
            for claim in crate::version_claims::unbacked(&chapter.content) {
                let name = name.clone().unwrap_or_else(|| chapter.name.clone());
                report.problems.push(format!("{name}: {claim}"));
            }
            // The workshop schedule adds up every chapter's minutes (drafts have no file).
            if chapter.path.is_some() {
                if let Err(e) = crate::frontmatter::split(&chapter.content).minutes {
                    let name = name.unwrap_or_else(|| chapter.name.clone());
                    report.problems.push(format!("{name}: {e}"));
                }
            }
        }
    }
    report.sources_read = sources.read;
    report.sources_skipped = sources.skipped;
    report.problems.extend(include_problems(root, &book));
    report.problems.extend(quiz_problems(root));
    let (expanded, _) = match book.preprocess_book(&Html) {
        Ok(done) => done,
        Err(e) => {
            report.problems.push(format!("{e:#}"));
            return Ok(report);
        }
    };
    let chapters: Vec<(&Path, &str)> = expanded
        .iter()
        .filter_map(|item| match item {
            BookItem::Chapter(chapter) => {
                Some((chapter.path.as_deref()?, chapter.content.as_str()))
            }
            _ => None,
        })
        .collect();
    let page_ids: HashMap<PathBuf, BTreeSet<String>> = chapters
        .iter()
        .map(|(path, content)| (path.to_path_buf(), crate::heading_ids::ids_of(content)))
        .collect();
    for (path, content) in chapters {
        report.chapters += 1;
        let name = format!("book/{}", path.display());
        if content.trim().is_empty() {
            report
                .problems
                .push(format!("{name}: the chapter is empty"));
        }
        report.panels += content.matches("data-traffic-panel=").count();
        for event in Parser::new(content) {
            match event {
                // A failed include is reported above, with its line and the fix.
                Event::Text(text)
                    if text.contains("{{#") && crate::includes::find(&text).is_empty() =>
                {
                    report
                        .problems
                        .push(format!("{name}: directive left unexpanded: {text}"));
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    if let Some(problem) = broken_link(&source_dir, path, &dest_url, &page_ids) {
                        report.problems.push(format!("{name}: {problem}"));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(report)
}

/// What is wrong with the code includes of the chapters as written (see
/// [`crate::include_check`]).
fn include_problems(root: &Path, book: &mdbook::MDBook) -> Vec<String> {
    let chapters: Vec<crate::include_check::Chapter<'_>> = book
        .iter()
        .filter_map(|item| match item {
            BookItem::Chapter(chapter) => Some(crate::include_check::Chapter {
                path: chapter.path.as_deref()?,
                content: &chapter.content,
            }),
            _ => None,
        })
        .collect();
    let build_dir = root.join(&book.config.build.build_dir);
    crate::include_check::findings(root, &book.source_dir(), &build_dir, &chapters)
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// What is wrong with a relative link from the chapter at `chapter` (a path inside
/// the book's source folder): a file that is not there, or a `#fragment` that the
/// linked chapter's page does not have.
fn broken_link(
    source_dir: &Path,
    chapter: &Path,
    dest: &str,
    page_ids: &HashMap<PathBuf, BTreeSet<String>>,
) -> Option<String> {
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with('/') {
        return None;
    }
    let (file, fragment) = match dest.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (dest, None),
    };
    let target = if file.is_empty() {
        chapter.to_path_buf()
    } else {
        let target =
            crate::paths::lexically_joined(chapter.parent().unwrap_or(Path::new("")), file);
        if !source_dir.join(&target).exists() {
            return Some(format!("link to {dest} points to a missing file"));
        }
        target
    };
    // Only chapters have known ids; a fragment into any other file is not ours to judge.
    let (Some(fragment), Some(ids)) = (fragment, page_ids.get(&target)) else {
        return None;
    };
    if ids.contains(fragment) {
        return None;
    }
    let close: Vec<&str> = ids
        .iter()
        .filter(|id| id.contains(fragment) || fragment.contains(id.as_str()))
        .map(String::as_str)
        .take(3)
        .collect();
    let hint = if close.is_empty() {
        String::new()
    } else {
        format!(" (did you mean #{}?)", close.join(", #"))
    };
    Some(format!(
        "link to {dest}: book/{} has no heading or element with id \"{fragment}\"{hint}",
        target.display()
    ))
}

/// Every quiz file that does not parse or validate, used by a chapter or not: a
/// quiz nobody uses yet should not hide a broken answer until someone does.
fn quiz_problems(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join(crate::quiz::QUIZ_DIR)) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|file| {
            // Loading (not only parsing) also reads the recordings that "predict the
            // wire" questions show, so a question pointing at no recording is found.
            // Every error names the quiz file.
            let stem = file.file_stem()?.to_string_lossy();
            crate::quiz::load_quiz(root, &stem)
                .err()
                .map(|e| format!("{e:#}"))
        })
        .collect()
}
