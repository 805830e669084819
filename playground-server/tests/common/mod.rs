//! Starting a real playground on 127.0.0.1:0 for the integration tests.

#![allow(dead_code)]

use playground_server::{Options, Playground};
use serde_json::Value;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A playground running only `examples`, on a free port, not watching files.
pub async fn start(examples: &[&str]) -> Playground {
    start_with(examples, |_| {}).await
}

/// Like [`start`], with `adjust` changing the options first (timeouts, hosts).
pub async fn start_with(examples: &[&str], adjust: impl FnOnce(&mut Options)) -> Playground {
    let mut options = Options::new(repo_root());
    options.port = 0;
    options.watch = false;
    options.examples = Some(examples.iter().map(|s| s.to_string()).collect());
    adjust(&mut options);
    playground_server::start(options)
        .await
        .expect("the playground starts")
}

/// Sends raw bytes on a fresh connection and returns everything the server answers
/// before it closes the connection or `wait` passes (for requests no HTTP client
/// library would send).
pub async fn raw_exchange(addr: std::net::SocketAddr, request: &[u8], wait: Duration) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(wait, socket.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// Sends a signal (`-STOP`, `-CONT`, `-KILL`...) to a process.
pub fn signal(pid: u64, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill {signal} {pid} failed");
}

pub fn client() -> reqwest::Client {
    traffic::client::loopback_client()
}

pub async fn get_json(url: &str) -> (u16, Value) {
    let response = client().get(url).send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON answer"))
}

/// Waits until `/__playground/examples` says `id` is ready (building may compile).
pub async fn wait_ready(playground: &Playground, id: &str, not_pid: Option<u64>) -> Value {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let (_, list) = get_json(&format!("{}/__playground/examples", playground.url())).await;
        let status = list
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} is not listed: {list}"));
        let fresh = not_pid.is_none_or(|old| status["pid"].as_u64() != Some(old));
        if status["state"] == "ready" && fresh {
            return status;
        }
        assert_ne!(
            status["state"], "failed",
            "{id} failed: {}",
            status["message"]
        );
        assert!(
            Instant::now() < deadline,
            "{id} never became ready: {status}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A temporary folder for a built book, removed when dropped (also when a test fails).
pub fn temp_dir(prefix: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(prefix).tempdir().unwrap()
}

/// The book built as the static site, into a temporary folder named `prefix…`.
pub fn built_book(prefix: &str) -> tempfile::TempDir {
    let built = temp_dir(prefix);
    book_tools::build_book(
        &repo_root(),
        built.path(),
        &book_tools::BuildOptions::default(),
    )
    .unwrap();
    built
}

/// Whether a process with this pid still exists (and is not a zombie).
pub fn process_alive(pid: u64) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat.contains(") Z "),
        Err(_) => false,
    }
}

/// Runs `check` in a fresh headless Chromium tab, on a blocking thread (the driver is
/// synchronous). Without a browser it fails saying how to install one; tests that call
/// it are `#[ignore = "needs chromium"]`.
pub async fn in_browser(check: impl FnOnce(&mut browser_test::Page<'_>) + Send + 'static) {
    tokio::task::spawn_blocking(move || {
        let mut browser = browser_test::Browser::launch().unwrap_or_else(|e| panic!("{e:#}"));
        let mut page = browser.new_page().unwrap();
        check(&mut page);
    })
    .await
    .unwrap();
}
