//! Editing the book while the playground runs: open pages are told to reload, and a
//! broken edit keeps the last good book online while the error is reported.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

/// A private copy of book-tools' fixture book (one chapter, one panel), removed when
/// dropped.
fn fixture_copy() -> tempfile::TempDir {
    let from = common::repo_root().join("crates/book-tools/tests/fixture");
    let to = common::temp_dir("live-book-");
    copy_dir(&from, to.path());
    to
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

async fn page(url: &str) -> (u16, String) {
    let response = common::client().get(url).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn edits_reload_open_pages_and_a_broken_book_keeps_the_last_good_one() {
    let fixture = fixture_copy();
    let root = fixture.path().to_owned();
    let mut options = playground_server::Options::new(root.clone());
    options.port = 0;
    options.examples = Some(vec![]);
    let playground = playground_server::start(options).await.unwrap();
    let chapter_url = format!("{}/chapter.html", playground.url());
    let (status, html) = page(&chapter_url).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("__livereload"),
        "the page has no live-reload script"
    );

    // An open page's live-reload socket.
    let ws_url = format!("ws://{}/__livereload", playground.addr);
    let socket = tokio::task::spawn_blocking(move || {
        let (mut socket, _) = tungstenite::connect(ws_url).expect("live-reload socket");
        if let tungstenite::stream::MaybeTlsStream::Plain(tcp) = socket.get_mut() {
            tcp.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        }
        socket.read().expect("a message before the timeout")
    });
    tokio::time::sleep(Duration::from_millis(300)).await;

    // A good edit: rebuilt, swapped in, and the page told to reload.
    let chapter = root.join("src/chapter.md");
    let original = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(
        &chapter,
        format!("{original}\nA sentence added while serving.\n"),
    )
    .unwrap();
    let message = socket.await.unwrap();
    assert_eq!(message.into_text().unwrap().as_str(), "reload");
    let (_, html) = page(&chapter_url).await;
    assert!(html.contains("A sentence added while serving."));

    // A broken edit: the error is reported, the last good book stays up.
    std::fs::write(
        &chapter,
        format!("{original}\n{{{{#traffic demo/never-recorded}}}}\n"),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    while playground.state.book.status().state != "failed" {
        assert!(
            Instant::now() < deadline,
            "the broken build was never reported"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let message = playground.state.book.status().message.unwrap();
    assert!(
        message.contains("src/chapter.md") && message.contains("never-recorded"),
        "{message}"
    );
    let (status, html) = page(&chapter_url).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("A sentence added while serving."),
        "{}",
        &html[html.find("<main>").unwrap_or(0)..][..600.min(html.len())]
    );

    playground.shutdown().await;
}
