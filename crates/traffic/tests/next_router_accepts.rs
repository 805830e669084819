//! Next's own client router starts on every App Router page we record.
//!
//! A page whose inline flight data React can decode may still be one the browser cannot
//! hydrate: Next's `createInitialRouterState` expects row 0 to carry the canonical URL
//! parts, a route tree ending in a `__PAGE__` segment, and more. This test hands every HTML
//! transcript in the listed folders to `reference/nextjs/scripts/router-accepts.mjs`, which
//! runs React's Flight client and that function from the reference app's `node_modules`,
//! and fails on any page they reject.
//!
//! It needs Node and `npm ci` in `reference/nextjs`, so it is ignored by default; `.ci/run`
//! runs it with `--include-ignored`, and so can you:
//! `cargo test -p traffic --test next_router_accepts -- --include-ignored`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Real Next.js pages: the router must accept every one, or the harness itself is wrong.
const NEXT_TRANSCRIPT_FOLDERS: &[&str] = &["reference/nextjs/transcripts/next-16.4.6"];

/// Our examples' pages, held to the same bar: row 0 must carry what Next's router
/// reads on hydration (`c`, a tree that ends in `__PAGE__`…).
const OUR_TRANSCRIPT_FOLDERS: &[&str] = &["examples"];

const NEEDS: &str = "needs node and reference/nextjs/node_modules (npm ci)";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `*.json` file below `dir`, sorted, so the output reads the same on every run.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Whether a file is a recorded exchange whose response is HTML (what a browser would render).
fn is_html_transcript(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let Ok(exchange) = serde_json::from_str::<Value>(&text) else {
        return false;
    };
    let headers = exchange["response"]["headers"].as_array();
    headers.into_iter().flatten().any(|header| {
        header[0]
            .as_str()
            .is_some_and(|name| name.eq_ignore_ascii_case("content-type"))
            && header[1]
                .as_str()
                .is_some_and(|value| value.contains("text/html"))
    })
}

/// Runs the script on every HTML transcript below `folders` and returns its output lines.
fn router_verdicts(root: &Path, folders: &[&str]) -> Vec<String> {
    let pages: Vec<PathBuf> = folders
        .iter()
        .flat_map(|folder| json_files(&root.join(folder)))
        .filter(|path| is_html_transcript(path))
        .map(|path| path.strip_prefix(root).unwrap_or(&path).to_path_buf())
        .collect();
    assert!(!pages.is_empty(), "no HTML transcripts under {folders:?}");
    let output = Command::new("node")
        .arg("reference/nextjs/scripts/router-accepts.mjs")
        .args(&pages)
        .current_dir(root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}): this test {NEEDS}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<String> = stdout.lines().map(str::to_owned).collect();
    assert_eq!(
        lines.len(),
        pages.len(),
        "router-accepts.mjs answered {} lines for {} pages; its stderr:\n{}",
        lines.len(),
        pages.len(),
        String::from_utf8_lossy(&output.stderr)
    );
    lines
}

#[test]
#[ignore = "needs node and reference/nextjs/node_modules (npm ci)"]
fn next_router_accepts_every_recorded_page() {
    let root = root();
    assert!(
        root.join("reference/nextjs/node_modules/next").is_dir(),
        "reference/nextjs/node_modules is missing: run `npm ci` in reference/nextjs (this test {NEEDS})"
    );
    let folders: Vec<&str> = NEXT_TRANSCRIPT_FOLDERS
        .iter()
        .chain(OUR_TRANSCRIPT_FOLDERS)
        .copied()
        .collect();
    let verdicts = router_verdicts(&root, &folders);
    println!("{}", verdicts.join("\n"));

    let rejected: Vec<&String> = verdicts
        .iter()
        .filter(|line| !line.starts_with("ok ") && !line.starts_with("skip "))
        .collect();
    assert!(
        rejected.is_empty(),
        "Next's router rejects {} of {} HTML pages:\n{}",
        rejected.len(),
        verdicts.len(),
        rejected
            .iter()
            .map(|line| line.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for folder in &folders {
        assert!(
            verdicts
                .iter()
                .any(|line| line.starts_with(&format!("ok {folder}/"))),
            "no page under {folder} was checked: every HTML transcript there was skipped"
        );
    }
}
