//! Builds a small fixture book in-process and checks what the reader gets.

use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture")
}

/// A private copy of the fixture, so tests can break it without touching others.
fn copy_of_fixture(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("book-tools-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture(), &dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn admonitions_render_and_panels_carry_their_transcript() {
    let root = copy_of_fixture("ok");
    let out = root.join("out");
    book_tools::build_book(&root, &out, &book_tools::BuildOptions::default()).unwrap();
    let html = std::fs::read_to_string(out.join("chapter.html")).unwrap();

    assert!(
        html.contains("class=\"admonition admonish-note\""),
        "admonish did not run"
    );
    assert_eq!(html.matches("data-traffic-panel=\"demo/hello\"").count(), 2);
    // The transcript travels inside the page, and cannot close its <script> early.
    let start = html.find("class=\"traffic-data\">").unwrap() + "class=\"traffic-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(data["ours"]["request"]["path"], "/hello");
    assert_eq!(
        data["ours"]["response"]["body"]["text"],
        "<p>hi</p></script><b>tricky</b>\n"
    );
    assert_eq!(data["title"], "GET /hello");
    assert!(data["next"].is_null());
    // The no-JavaScript fallback shows the exchange as text.
    assert!(html.contains("<pre class=\"traffic-static\">GET /hello HTTP/1.1"));
    // A directive inside inline code is left as text.
    assert!(html.contains("{{#traffic demo/not-recorded}}"));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_missing_transcript_fails_the_build_naming_chapter_and_line() {
    let root = copy_of_fixture("missing");
    std::fs::remove_file(root.join("examples/demo/transcripts/hello.json")).unwrap();
    let error = book_tools::build_book(
        &root,
        &root.join("out"),
        &book_tools::BuildOptions::default(),
    )
    .unwrap_err();
    let message = format!("{error:#}");
    assert!(message.contains("src/chapter.md:6"), "{message}");
    assert!(
        message.contains("no transcript for demo/hello"),
        "{message}"
    );
    assert!(
        message.contains("cargo run -p traffic --bin record -- demo --only hello"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn the_real_book_passes_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let report = book_tools::check::check(&root).unwrap();
    assert!(
        report.problems.is_empty(),
        "book check found problems:\n{}",
        report.problems.join("\n")
    );
    assert!(report.chapters >= 5, "only {} chapters", report.chapters);
    assert!(report.panels >= 4, "only {} panels", report.panels);
}
