//! `mdbook build` with the mdBook CLI, for readers who have it instead of our tools.
//!
//! book.toml points every preprocessor table at `cargo run -p book-tools --
//! mdbook-preprocessor`. Here the command is swapped (through mdBook's `MDBOOK_*`
//! environment overrides) for the binary cargo already built for this test, so the
//! test does not start a second cargo inside the first; the book.toml commands are
//! checked separately. The test needs the mdBook CLI, so it is `#[ignore]`d: plain
//! `cargo test` reports it as ignored, and `cargo test -- --include-ignored` (what
//! .ci/run does) runs it and fails with an install hint when `mdbook` is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The command every `[preprocessor.*]` table of book.toml must run.
const PREPROCESSOR_COMMAND: &str = "cargo run --quiet -p book-tools -- mdbook-preprocessor";
const TABLES: [&str; 4] = ["admonish", "frontmatter", "traffic", "quiz"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The mdBook CLI (`$MDBOOK`, else `mdbook` on the PATH), or a failure saying how to get it.
fn mdbook() -> PathBuf {
    let name = std::env::var_os("MDBOOK").unwrap_or_else(|| "mdbook".into());
    let found = Command::new(&name)
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    assert!(
        found,
        "this test needs the mdBook CLI and there is no `mdbook` on the PATH (or at $MDBOOK): \
         install it with `cargo install mdbook --version 0.4.52 --locked --no-default-features`, \
         or run plain `cargo test`, which reports this test as ignored"
    );
    name.into()
}

#[test]
fn every_preprocessor_table_runs_book_tools() {
    let text = std::fs::read_to_string(repo_root().join("book.toml")).unwrap();
    let config: toml::Table = toml::from_str(&text).unwrap();
    for table in TABLES {
        let command = config["preprocessor"][table]["command"].as_str();
        assert_eq!(
            command,
            Some(PREPROCESSOR_COMMAND),
            "[preprocessor.{table}]"
        );
    }
}

#[test]
#[ignore = "needs the mdbook CLI"]
fn the_mdbook_cli_builds_the_same_book() {
    let mdbook = mdbook();
    let root = repo_root();
    let out = tempfile::Builder::new()
        .prefix("mdbook-cli-")
        .tempdir()
        .unwrap();
    let dest = out.path();
    let ours = format!("{} mdbook-preprocessor", env!("CARGO_BIN_EXE_book-tools"));
    let mut command = Command::new(mdbook);
    command
        .current_dir(&root)
        .arg("build")
        .arg("--dest-dir")
        .arg(dest);
    for table in TABLES {
        command.env(
            format!("MDBOOK_PREPROCESSOR__{}__COMMAND", table.to_uppercase()),
            &ours,
        );
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "mdbook build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let page = |name: &str| std::fs::read_to_string(dest.join(name)).unwrap();
    let chapter = page("server-actions/index.html");
    assert!(chapter.contains("data-traffic-panel=\"server-actions/"));
    assert!(chapter.contains("class=\"admonition admonish-"));
    assert!(
        !chapter.contains("minutes:"),
        "front matter left in the page"
    );
    assert!(page("route-handlers/index.html").contains("class=\"quiz\""));
    assert!(page("workshop/schedule.html").contains("<table"));
    // The in-process build finds as many panels as the CLI build shows. (mdBook also
    // copies the first chapter to index.html, and print.html holds every chapter.)
    let report = book_tools::check::check(&root).unwrap();
    let mut shown = 0;
    for entry in walk(dest) {
        let copy = entry.ends_with("print.html") || entry == dest.join("index.html");
        if entry.extension().is_some_and(|x| x == "html") && !copy {
            shown += std::fs::read_to_string(&entry)
                .unwrap()
                .matches("data-traffic-panel=")
                .count();
        }
    }
    assert_eq!(shown, report.panels);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
