//! `book-tools`: build and check the book without the mdBook CLI.
//!
//!     cargo run -p book-tools -- build            # static site in target/book
//!     cargo run -p book-tools -- check            # transcripts, directives, links, includes
//!     cargo run -p book-tools -- schedule         # the workshop timetable

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(about = "Build and check the Next.js on the Wire book (no mdBook CLI needed)")]
struct Args {
    /// The repository root, where book.toml is (default: found from the current directory).
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the static book (panels show the recorded transcripts; no server needed).
    Build {
        /// Where to write the site (default: target/book under the root).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Run every preprocessor and report missing transcripts, unexpanded directives, broken
    /// links and code includes that would show the wrong code or none.
    Check,
    /// Print the workshop timetable: each part's chapters with their minutes, and breaks.
    Schedule,
    /// Speak mdBook's preprocessor protocol, for `mdbook build` with the CLI (see book.toml).
    MdbookPreprocessor {
        #[command(subcommand)]
        supports: Option<Supports>,
    },
}

#[derive(Subcommand, Debug)]
enum Supports {
    /// mdBook asks whether a renderer is supported: all are.
    Supports { renderer: String },
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    if let Command::MdbookPreprocessor { supports } = &args.command {
        return match supports {
            Some(Supports::Supports { .. }) => Ok(()),
            None => run_as_mdbook_preprocessor(),
        };
    }
    let root = match args.root {
        Some(root) => root,
        None => find_root()?,
    };
    match args.command {
        Command::Build { out } => {
            let out = out.unwrap_or_else(|| root.join("target/book"));
            let started = std::time::Instant::now();
            book_tools::build_book(&root, &out, &book_tools::BuildOptions::default())?;
            eprintln!(
                "built the book into {} in {} ms; open {}",
                out.display(),
                started.elapsed().as_millis(),
                out.join("index.html").display()
            );
            Ok(())
        }
        Command::Check => {
            let report = book_tools::check::check(&root)?;
            for problem in &report.problems {
                eprintln!("problem: {problem}");
            }
            for skipped in &report.sources_skipped {
                eprintln!("originality: skipped {skipped}");
            }
            eprintln!(
                "checked {} chapters, {} traffic panels and originality against {} sources: {} problems",
                report.chapters,
                report.panels,
                report.sources_read.len(),
                report.problems.len()
            );
            if report.problems.is_empty() {
                Ok(())
            } else {
                std::process::exit(1)
            }
        }
        Command::Schedule => {
            let book = book_tools::load_book(&root)?;
            let schedule = book_tools::schedule::Schedule::of(&book.book);
            print!("{}", schedule.to_text());
            for session in schedule.missing() {
                eprintln!(
                    "warning: book/{} has no minutes (counted as 0); `book-tools check` says why",
                    session.path.display()
                );
            }
            Ok(())
        }
        Command::MdbookPreprocessor { .. } => unreachable!("handled above"),
    }
}

/// mdBook sends `[context, book]` as JSON on stdin and reads the book back on stdout.
///
/// One command serves every `[preprocessor.*]` table in book.toml (admonish's too, so
/// a reader needs no `mdbook-admonish` binary), so it runs them all, in the order
/// `load_book` does. mdBook calls it once per table; the first call does all the work
/// and the later ones find nothing left to expand.
fn run_as_mdbook_preprocessor() -> Result<()> {
    use mdbook::preprocess::CmdPreprocessor;
    let (ctx, mut book) = CmdPreprocessor::parse_input(std::io::stdin())
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .context("reading mdBook's input")?;
    for preprocessor in book_tools::preprocessors() {
        book = preprocessor
            .run(&ctx, book)
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
    }
    serde_json::to_writer(std::io::stdout(), &book)?;
    Ok(())
}

fn find_root() -> Result<PathBuf> {
    traffic::examples::find_repo_root(&std::env::current_dir()?)
        .context("no book.toml here or above: run inside the repository, or pass --root")
}
