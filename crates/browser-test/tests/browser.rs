//! Drives a real Chromium against a one-page HTTP server running in a thread.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use browser_test::Browser;

const PAGE: &str = r#"<!doctype html>
<html><head><title>Wire test</title></head>
<body>
  <button id="inc" onclick="increment()">+1</button>
  <span id="count">0</span>
  <input id="field">
  <script>
    window.keys = [];
    document.addEventListener('keydown', (e) => window.keys.push(e.key));
    function increment() {
      const count = document.getElementById('count');
      count.textContent = String(Number(count.textContent) + 1);
      console.error('boom');
    }
  </script>
</body></html>"#;

/// Answers every request on 127.0.0.1 with `PAGE`; returns the base URL.
fn serve_page() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            // Read until the blank line that ends the request headers (GETs have no body).
            let mut request = Vec::new();
            let mut buf = [0; 1024];
            while !request.ends_with(b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            // `/missing` is the one path that is not found.
            let status = if request.starts_with(b"GET /missing ") {
                "404 Not Found"
            } else {
                "200 OK"
            };
            let response = format!(
                "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
                PAGE.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    url
}

#[test]
#[ignore = "needs chromium"]
fn drives_a_page_end_to_end() -> anyhow::Result<()> {
    let started = Instant::now();
    let mut browser = Browser::launch()?;
    let launched = started.elapsed();
    let user_data_dir = browser.user_data_dir().to_path_buf();
    assert!(user_data_dir.is_dir());
    let url = serve_page();
    let shots = tempfile::tempdir()?;
    let screenshot = shots.path().join("page.png");
    {
        let mut page = browser.new_page()?;
        page.goto(&url)?;
        assert_eq!(page.eval("document.title")?, "Wire test");
        eprintln!(
            "launch {launched:?}, launch+goto+eval {:?}",
            started.elapsed()
        );

        assert_eq!(page.eval("Promise.resolve(6 * 7)")?, 42);
        assert!(page.errors().is_empty(), "{:?}", page.errors());
        page.click("#inc")?;
        page.wait_for(
            "document.getElementById('count').textContent === '1'",
            Duration::from_secs(5),
        )?;
        assert!(
            page.errors().iter().any(|e| e == "boom"),
            "{:?}",
            page.errors()
        );

        // Failures carry enough text to debug from a CI log.
        let thrown = page
            .eval("throw new Error('nope')")
            .unwrap_err()
            .to_string();
        assert!(thrown.contains("Error: nope"), "{thrown}");
        assert!(
            !page.errors().iter().any(|e| e.contains("nope")),
            "eval errors are not events"
        );
        let missing = page.click("#missing").unwrap_err().to_string();
        assert!(missing.contains("no element matches #missing"), "{missing}");
        let waited = page
            .wait_for("window.never", Duration::from_millis(200))
            .unwrap_err()
            .to_string();
        assert!(waited.contains("window.never"), "{waited}");

        // An uncaught exception from a timer is an event, not an eval result.
        page.eval("setTimeout(() => { throw new Error('late') }, 0)")?;
        page.wait_for(
            "new Promise(r => setTimeout(() => r(true), 50))",
            Duration::from_secs(5),
        )?;
        assert!(
            page.errors().iter().any(|e| e.contains("Error: late")),
            "{:?}",
            page.errors()
        );

        // Typing goes through the page's key handlers, then into the field.
        page.focus("#field")?;
        page.type_text("a?b")?;
        page.press("ArrowLeft")?;
        page.type_text("c")?;
        assert_eq!(page.eval("document.getElementById('field').value")?, "a?cb");
        assert_eq!(page.eval("window.keys.join(' ')")?, "a ? b ArrowLeft c");

        // A request answered 404 is a failed request, and the browser logs it as an error.
        assert!(
            page.failed_requests().is_empty(),
            "{:?}",
            page.failed_requests()
        );
        page.eval("fetch('/missing').then(r => r.status)")?;
        page.wait_for(
            "new Promise(r => setTimeout(() => r(true), 50))",
            Duration::from_secs(5),
        )?;
        let failed = page.failed_requests();
        assert!(
            failed.len() == 1 && failed[0].starts_with("404 ") && failed[0].ends_with("/missing"),
            "{failed:?}"
        );
        assert!(
            page.errors()
                .iter()
                .any(|e| e.contains("404") && e.contains("/missing")),
            "{:?}",
            page.errors()
        );

        // A phone-sized viewport gives phone-sized screenshots.
        page.set_viewport(390, 844)?;
        assert_eq!(page.eval("window.innerWidth")?, 390);

        page.screenshot(&screenshot)?;
        let png = std::fs::read(&screenshot)?;
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
        assert!(
            png.len() > 1000,
            "suspiciously small PNG: {} bytes",
            png.len()
        );
    }

    // Navigating to a closed port fails fast instead of waiting for a load event.
    let closed = TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let mut page = browser.new_page()?;
    let refused = page
        .goto(&format!("http://{closed}/"))
        .unwrap_err()
        .to_string();
    assert!(refused.contains("ERR_CONNECTION_REFUSED"), "{refused}");
    drop(page);

    let closing = Instant::now();
    drop(browser);
    eprintln!("drop {:?}", closing.elapsed());
    assert!(
        !user_data_dir.exists(),
        "{} was left behind",
        user_data_dir.display()
    );
    Ok(())
}
