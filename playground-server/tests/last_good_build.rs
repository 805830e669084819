//! An example whose new code does not compile keeps its last good build serving, with
//! its state saying so and the compiler's message (issue 12, section 2).
//!
//! Uses a tiny std-only example in a temporary workspace, so breaking its code cannot
//! disturb the real examples and its builds take a second.

mod common;

use common::*;
use std::path::Path;
use std::time::{Duration, Instant};

const SERVER: &str = r#"
use std::io::{BufRead as _, BufReader, Write as _};

fn main() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    println!("listening on http://{}", listener.local_addr().unwrap());
    for stream in listener.incoming().flatten() {
        let mut reader = BufReader::new(&stream);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let body = VERSION;
        let _ = (&stream).write_all(
            format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
                .as_bytes(),
        );
    }
}
"#;

fn write_version(root: &Path, version: &str) {
    std::fs::write(
        root.join("examples/tiny/src/main.rs"),
        format!("const VERSION: &str = {version};\n{SERVER}"),
    )
    .unwrap();
}

fn tiny_workspace() -> tempfile::TempDir {
    let dir = temp_dir("last-good-");
    let root = dir.path();
    std::fs::create_dir_all(root.join("examples/tiny/src")).unwrap();
    std::fs::create_dir_all(root.join("examples/tiny/scenarios")).unwrap();
    std::fs::create_dir_all(root.join("book")).unwrap();
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"tiny\"\n").unwrap();
    std::fs::write(root.join("book/SUMMARY.md"), "# Summary\n").unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"examples/tiny\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("examples/tiny/Cargo.toml"),
        "[package]\nname = \"example-tiny\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    write_version(root, "\"v1\"");
    dir
}

async fn wait_for_state(
    playground: &playground_server::Playground,
    state: &str,
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (_, list) = get_json(&format!("{}/__playground/examples", playground.url())).await;
        if list[0]["state"] == state {
            return list[0].clone();
        }
        assert!(Instant::now() < deadline, "never {state}: {list}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn body(url: &str) -> (u16, String) {
    let answer = client().get(url).send().await.unwrap();
    (answer.status().as_u16(), answer.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_edit_keeps_the_last_good_build_serving() {
    let workspace = tiny_workspace();
    let mut options = playground_server::Options::new(workspace.path().to_owned());
    options.port = 0;
    options.watch = false;
    let playground = playground_server::start(options).await.unwrap();
    let url = format!("{}/x/tiny/", playground.url());
    let first = wait_for_state(&playground, "ready").await;
    assert_eq!(body(&url).await, (200, "v1".to_owned()));

    write_version(workspace.path(), "42");
    let example = playground.state.supervisor.get("tiny").unwrap().clone();
    example.request_rebuild();
    let failed = wait_for_state(&playground, "failed").await;
    let message = failed["message"].as_str().unwrap();
    assert!(message.contains("still serving"), "{message}");
    assert!(message.contains("mismatched types"), "{message}");
    assert_eq!(failed["pid"], first["pid"]);
    assert_eq!(body(&url).await, (200, "v1".to_owned()));

    write_version(workspace.path(), "\"v2\"");
    example.request_rebuild();
    let deadline = Instant::now() + Duration::from_secs(120);
    while body(&url).await != (200, "v2".to_owned()) {
        assert!(Instant::now() < deadline, "v2 never served");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let ready = wait_for_state(&playground, "ready").await;
    assert_ne!(ready["pid"], first["pid"]);
    assert!(!process_alive(first["pid"].as_u64().unwrap()));
    playground.shutdown().await;
}
