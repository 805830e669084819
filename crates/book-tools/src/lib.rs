//! book-tools: builds the book in-process, with no mdBook CLI and no external command.
//!
//! [`load_book`] gives an `MDBook` with mdbook-admonish and our own preprocessors
//! registered in this process. `book.toml` also declares them as commands (so a plain
//! `mdbook build` works for people who have the CLI, with nothing else installed:
//! every table runs `book-tools mdbook-preprocessor`, admonish included); those tables
//! are taken out before mdBook sees them, so nothing runs twice, and put back
//! afterwards for the preprocessors that read their settings from there.

use anyhow::{Context, Result};
use mdbook::preprocess::Preprocessor;
use mdbook::MDBook;
use std::path::Path;

pub mod check;
pub mod code_anchors;
pub mod code_languages;
pub mod directive;
pub mod frontmatter;
pub mod frontmatter_preprocessor;
pub mod har_references;
pub mod headers_table;
pub mod heading_ids;
pub mod include_check;
pub mod includes;
pub mod originality;
pub mod panel_excerpt;
mod paths;
pub mod quiz;
pub mod quiz_predict;
pub mod quiz_review;
pub mod schedule;
pub mod traffic_diff;
pub mod traffic_directive;
pub mod version_claims;

pub use code_languages::CodeLanguagesPreprocessor;
pub use frontmatter_preprocessor::FrontMatterPreprocessor;
pub use quiz::QuizPreprocessor;
pub use traffic_directive::TrafficPreprocessor;

/// The preprocessor tables of `book.toml` that we run in-process instead.
const IN_PROCESS: &[&str] = &["admonish", "traffic", "quiz", "frontmatter"];

/// Every preprocessor the book needs, in the order they must run. Front matter goes
/// first, so that nothing else ever sees it. Then admonish, so panels inside an
/// admonition are still reached by ours. `load_book` registers these in-process, and
/// `book-tools mdbook-preprocessor` runs the same list for the mdBook CLI (the code
/// fence relabelling has no table of its own in book.toml: that first call runs it).
pub fn preprocessors() -> [Box<dyn Preprocessor>; 5] {
    [
        Box::new(FrontMatterPreprocessor),
        Box::new(CodeLanguagesPreprocessor),
        Box::new(mdbook_admonish::Admonish),
        Box::new(TrafficPreprocessor),
        Box::new(QuizPreprocessor),
    ]
}

/// A boxed preprocessor that `MDBook::with_preprocessor` (which wants a sized value)
/// accepts.
struct Registered(Box<dyn Preprocessor>);

impl Preprocessor for Registered {
    fn name(&self) -> &str {
        self.0.name()
    }
    fn run(
        &self,
        ctx: &mdbook::preprocess::PreprocessorContext,
        book: mdbook::book::Book,
    ) -> mdbook::errors::Result<mdbook::book::Book> {
        self.0.run(ctx, book)
    }
    fn supports_renderer(&self, renderer: &str) -> bool {
        self.0.supports_renderer(renderer)
    }
}

/// Loads the book at `root` (the folder holding `book.toml`), ready to build.
pub fn load_book(root: &Path) -> Result<MDBook> {
    let mut config = mdbook::Config::from_disk(root.join("book.toml"))
        .with_context(|| format!("reading {}", root.join("book.toml").display()))?;
    config.update_from_env();
    let mut taken = Vec::new();
    if let Some(tables) = config
        .get_mut("preprocessor")
        .and_then(|v| v.as_table_mut())
    {
        for name in IN_PROCESS {
            if let Some(table) = tables.remove(*name) {
                taken.push((*name, table));
            }
        }
    }
    let mut book = MDBook::load_with_config(root, config)
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .with_context(|| format!("loading the book at {}", root.display()))?;
    for (name, table) in taken {
        book.config
            .set(format!("preprocessor.{name}"), table)
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
    }
    for preprocessor in preprocessors() {
        book.with_preprocessor(Registered(preprocessor));
    }
    Ok(book)
}

/// The folder holding the chapters (`[book] src` of `book.toml`), relative to `root`.
pub fn source_dir(root: &Path) -> Result<std::path::PathBuf> {
    let config = mdbook::Config::from_disk(root.join("book.toml"))
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .with_context(|| format!("reading {}", root.join("book.toml").display()))?;
    Ok(config.book.src)
}

/// How a build should differ from the static one.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Adds mdBook's live-reload script, listening at `/<endpoint>` (the playground's).
    pub live_reload_endpoint: Option<String>,
    /// The playground serving this build (`http://host:port`), for the panels' curl
    /// commands and HAR files; `None` for the default address.
    pub playground_origin: Option<String>,
}

/// Builds the book at `root` into `out` (created if needed; mdBook empties it first).
pub fn build_book(root: &Path, out: &Path, options: &BuildOptions) -> Result<()> {
    let mut book = load_book(root)?;
    let out = std::path::absolute(out)?;
    book.config.build.build_dir = out;
    if let Some(endpoint) = &options.live_reload_endpoint {
        book.config
            .set("output.html.live-reload-endpoint", endpoint)
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
    }
    if let Some(origin) = &options.playground_origin {
        book.config
            .set(traffic_directive::ORIGIN_SETTING, origin)
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
    }
    book.build().map_err(|e| anyhow::anyhow!("{e:#}"))
}
