//! `mdbook build` with the mdBook CLI, for readers who have it instead of our tools.
//!
//! book.toml points every preprocessor table at `cargo run -p book-tools --
//! mdbook-preprocessor`. Here the command is swapped (through mdBook's `MDBOOK_*`
//! environment overrides) for the binary cargo already built for this test, so the
//! test does not start a second cargo inside the first; the book.toml commands are
//! checked separately. Without an `mdbook` on the PATH the test is skipped, unless
//! `CI` is set: CI installs it (see .ci/run), and a skipped test there never runs.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The command every `[preprocessor.*]` table of book.toml must run.
const PREPROCESSOR_COMMAND: &str = "cargo run --quiet -p book-tools -- mdbook-preprocessor";
const TABLES: [&str; 4] = ["admonish", "frontmatter", "traffic", "quiz"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn mdbook() -> Option<PathBuf> {
    let name = std::env::var_os("MDBOOK").unwrap_or_else(|| "mdbook".into());
    let found = Command::new(&name)
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if found {
        return Some(name.into());
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but there is no `mdbook` on the PATH: install it with \
         `cargo install mdbook --version 0.4.52 --locked --no-default-features`"
    );
    eprintln!("skipped: no `mdbook` on the PATH (set MDBOOK or install mdBook 0.4.52)");
    None
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
fn the_mdbook_cli_builds_the_same_book() {
    let Some(mdbook) = mdbook() else { return };
    let root = repo_root();
    let dest = std::env::temp_dir().join(format!("mdbook-cli-{}", std::process::id()));
    let ours = format!("{} mdbook-preprocessor", env!("CARGO_BIN_EXE_book-tools"));
    let mut command = Command::new(mdbook);
    command
        .current_dir(&root)
        .arg("build")
        .arg("--dest-dir")
        .arg(&dest);
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
    for entry in walk(&dest) {
        let copy = entry.ends_with("print.html") || entry == dest.join("index.html");
        if entry.extension().is_some_and(|x| x == "html") && !copy {
            shown += std::fs::read_to_string(&entry)
                .unwrap()
                .matches("data-traffic-panel=")
                .count();
        }
    }
    assert_eq!(shown, report.panels);
    let _ = std::fs::remove_dir_all(&dest);
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
