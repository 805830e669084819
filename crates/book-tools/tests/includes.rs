//! `book-tools check` on code includes: each way an include or its markers can go
//! wrong fails the check at the right `file:line`, and a correct include passes.
//!
//! Each test copies the fixture book into a temporary folder, adds a source file and
//! a chapter that includes from it, and runs the check. Marker lines are written as
//! string items joined by [`lines`], so that this file itself never has a line that
//! starts with a marker comment (the check looks for those across the workspace).

mod support;

use std::path::{Path, PathBuf};
use support::fixture_copy;

fn lines(lines: &[&str]) -> String {
    lines.iter().map(|line| format!("{line}\n")).collect()
}

fn write(root: &Path, file: &str, text: &str) {
    let path: PathBuf = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A source file with one good anchor, `greet` (lines 2 to 6; its code is on 3 to 5).
fn greet_rs() -> String {
    lines(&[
        "use std::fmt;",
        "// ANCHOR: greet",
        "pub fn greet(name: &str) -> String {",
        "    format!(\"Hello, {name}!\")",
        "}",
        "// ANCHOR_END: greet",
    ])
}

/// Adds `src/code.md` (listed in SUMMARY.md) with `body` after its heading, so the
/// body starts on line 5, and returns the check's problems.
fn check_with_chapter(root: &Path, body: &str) -> Vec<String> {
    write(
        root,
        "src/code.md",
        &format!("---\nminutes: 5\n---\n# Code\n{body}"),
    );
    let summary = std::fs::read_to_string(root.join("src/SUMMARY.md")).unwrap();
    write(
        root,
        "src/SUMMARY.md",
        &format!("{summary}- [Code](code.md)\n"),
    );
    book_tools::check::check(root).unwrap().problems
}

fn assert_one(problems: &[String], starts: &str, says: &str) {
    let matching: Vec<&String> = problems
        .iter()
        .filter(|p| p.starts_with(starts) && p.contains(says))
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "want one problem at {starts} saying {says:?}, got:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_correct_include_passes() {
    let book = fixture_copy();
    write(book.path(), "code/greet.rs", &greet_rs());
    write(book.path(), "code/plain.ts", "export const a = 1;\n");
    let problems = check_with_chapter(
        book.path(),
        "```rust\n{{#include ../code/greet.rs:greet}}\n```\n\n\
         ```ts\n{{#include ../code/plain.ts}}\n```\n\n\
         Write `\\{{#include file.rs:name}}` to include an anchor.\n",
    );
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn an_unclosed_anchor_fails_at_its_marker_naming_the_include() {
    let book = fixture_copy();
    let text = greet_rs().replace("// ANCHOR_END: greet\n", "");
    write(book.path(), "code/greet.rs", &text);
    let problems = check_with_chapter(book.path(), "{{#include ../code/greet.rs:greet}}\n");
    assert_one(
        &problems,
        "code/greet.rs:2: ",
        "`ANCHOR: greet` is never closed",
    );
    assert_one(&problems, "code/greet.rs:2: ", "included by src/code.md:5");
    assert_eq!(problems.len(), 1, "{problems:?}");
}

#[test]
fn an_end_without_a_start_fails() {
    let book = fixture_copy();
    write(
        book.path(),
        "code/greet.rs",
        &format!("{}{}", greet_rs(), lines(&["// ANCHOR_END: farewell"])),
    );
    let problems = check_with_chapter(book.path(), "{{#include ../code/greet.rs:greet}}\n");
    assert_one(
        &problems,
        "code/greet.rs:7: ",
        "`ANCHOR_END: farewell` has no `ANCHOR: farewell` above it",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
}

#[test]
fn an_anchor_split_across_two_files_fails_in_both() {
    let book = fixture_copy();
    write(
        book.path(),
        "code/one.rs",
        &lines(&["// ANCHOR: split", "fn a() {}"]),
    );
    write(
        book.path(),
        "code/two.rs",
        &lines(&["fn b() {}", "// ANCHOR_END: split"]),
    );
    let problems = check_with_chapter(book.path(), "{{#include ../code/one.rs:split}}\n");
    assert_one(&problems, "code/one.rs:1: ", "never closed");
    assert_one(
        &problems,
        "code/two.rs:2: ",
        "has no `ANCHOR: split` above it",
    );
}

#[test]
fn an_unknown_anchor_or_file_fails_at_the_include() {
    let book = fixture_copy();
    write(book.path(), "code/greet.rs", &greet_rs());
    let problems = check_with_chapter(
        book.path(),
        "{{#include ../code/greet.rs:greeting}}\n{{#include ../code/gone.rs:greet}}\n\
         {{#rustdoc_include ../code/greet.rs:nope}}\n{{#include ../code/greet.rs:greet}}\n",
    );
    assert_one(
        &problems,
        "src/code.md:5: ",
        "code/greet.rs has no anchor `greeting`, so mdBook shows nothing: use one of its anchors (greet)",
    );
    assert_one(
        &problems,
        "src/code.md:6: ",
        "there is no readable file code/gone.rs",
    );
    assert_one(&problems, "src/code.md:7: ", "has no anchor `nope`");
    // The failed include is not reported a second time as an unexpanded directive.
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn an_empty_anchor_fails() {
    let book = fixture_copy();
    write(
        book.path(),
        "code/empty.rs",
        &lines(&["// ANCHOR: nothing", "", "// ANCHOR_END: nothing"]),
    );
    let problems = check_with_chapter(book.path(), "{{#include ../code/empty.rs:nothing}}\n");
    assert_one(
        &problems,
        "src/code.md:5: ",
        "anchor `nothing` (code/empty.rs:1-3) holds no text",
    );
}

#[test]
fn line_ranges_fail_and_name_an_anchor_holding_the_same_lines() {
    let book = fixture_copy();
    write(book.path(), "code/greet.rs", &greet_rs());
    let problems = check_with_chapter(
        book.path(),
        "{{#include ../code/greet.rs:3:5}}\n{{#include ../code/greet.rs:2:}}\n\
         {{#include ../code/greet.rs::4}}\n{{#include ../code/greet.rs:greet}}\n",
    );
    assert_one(&problems, "src/code.md:5: ", "picks lines 3:5 by number");
    assert_one(
        &problems,
        "src/code.md:5: ",
        "its anchor `greet` holds exactly these lines: write `../code/greet.rs:greet`",
    );
    assert_one(&problems, "src/code.md:6: ", "picks lines 2: by number");
    assert_one(&problems, "src/code.md:7: ", "picks lines :4 by number");
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn a_whole_file_with_markers_fails_because_the_reader_would_see_them() {
    let book = fixture_copy();
    write(book.path(), "code/greet.rs", &greet_rs());
    let problems = check_with_chapter(
        book.path(),
        "{{#include ../code/greet.rs}}\n{{#include ../code/greet.rs:greet}}\n",
    );
    assert_one(
        &problems,
        "src/code.md:5: ",
        "shows the whole of code/greet.rs, and the reader sees its ANCHOR marker lines",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
}

#[test]
fn anchors_nothing_includes_fail_wherever_they_are_in_the_workspace() {
    let book = fixture_copy();
    write(
        book.path(),
        "code/greet.rs",
        &format!(
            "{}{}",
            greet_rs(),
            lines(&["// ANCHOR: spare", "fn spare() {}", "// ANCHOR_END: spare"])
        ),
    );
    // A file no chapter includes from, in another language's comments.
    write(
        book.path(),
        "lib/other.ts",
        &lines(&[
            "{/* ANCHOR: lonely */}",
            "<p/>",
            "{/* ANCHOR_END: lonely */}",
        ]),
    );
    // Prose about markers is not a marker, and ignored files are not read.
    write(
        book.path(),
        "NOTES.md",
        "Mark code with `// ANCHOR: name` and `// ANCHOR_END: name`.\n",
    );
    write(book.path(), ".gitignore", "/ignored/\n");
    write(
        book.path(),
        "ignored/x.rs",
        &lines(&["// ANCHOR: hidden", "x"]),
    );
    let problems = check_with_chapter(book.path(), "{{#include ../code/greet.rs:greet}}\n");
    assert_one(&problems, "code/greet.rs:7: ", "unused anchor `spare`");
    assert_one(&problems, "lib/other.ts:1: ", "unused anchor `lonely`");
    assert_eq!(problems.len(), 2, "{problems:?}");
}
