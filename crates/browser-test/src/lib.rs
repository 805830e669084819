//! A tiny, synchronous Chrome DevTools Protocol (CDP) client for end-to-end tests.
//!
//! CDP is JSON over one WebSocket: we send `{"id", "method", "params"}` and Chromium answers
//! with `{"id", "result"}` (or `"error"`), interleaved with events `{"method", "params"}` that
//! have no id. Everything here is blocking and single-threaded on purpose, so a failing test
//! reads top to bottom: every wait has a deadline and says what it was waiting for.
//!
//! Tests that use it are marked `#[ignore = "needs chromium"]`: plain `cargo test` reports
//! them as ignored, and `cargo test -- --include-ignored` runs them, failing with an
//! install hint when there is no browser.
//!
//! ```no_run
//! let mut browser = browser_test::Browser::launch()?;
//! let mut page = browser.new_page()?;
//! page.goto("http://127.0.0.1:3000/")?;
//! assert_eq!(page.eval("document.title")?, "Home");
//! # anyhow::Ok(())
//! ```

use std::collections::{HashMap, VecDeque};
use std::ffi::OsString;
use std::io::{BufRead, BufReader, ErrorKind};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine as _;
use serde_json::{json, Value};
use tempfile::TempDir;
use tungstenite::{Message, WebSocket};

/// How long any single step (launch, a command, a page load) may take before we give up.
/// Generous because CI machines are slow, finite because a hung test is worse than a red one.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Quiet and deterministic: no sandbox (containers lack the kernel features), no GPU, and no
/// background traffic to Google. Port 0 lets Chromium pick a free port and print it.
const FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--remote-debugging-port=0",
];

/// A headless Debian Chromium driven over the DevTools protocol.
///
/// Dropping it closes Chromium, waits for the process and deletes its profile directory.
pub struct Browser {
    ws: WebSocket<TcpStream>,
    next_id: u64,
    /// Events read while waiting for some response; pages pick theirs up later.
    events: VecDeque<Value>,
    // Declared last so it is dropped after the socket: the process dies, then the dir goes.
    process: Process,
}

/// The Chromium child process and its throwaway profile. A separate type so its `Drop`
/// also cleans up when `launch` fails halfway, before a `Browser` exists.
struct Process {
    child: Child,
    user_data_dir: TempDir,
    /// The last lines Chromium wrote to stderr, to explain a failed launch.
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
}

impl Browser {
    /// Starts Chromium, or fails saying how to install it: a browser test that ran without
    /// a browser would be a test that never runs (such tests are `#[ignore]`d instead, so a
    /// plain `cargo test` says honestly that they did not run).
    pub fn launch() -> Result<Browser> {
        let Some(exe) = find_browser(std::env::var_os("CHROMIUM"), std::env::var_os("PATH")) else {
            bail!(
                "this test needs Chromium, and there is no chromium, chromium-browser or \
                 google-chrome on PATH: install it (`apt-get install chromium`) or set CHROMIUM \
                 to a Chrome binary; or run plain `cargo test`, which reports browser tests as ignored"
            );
        };
        let (process, url) = Process::spawn(&exe)?;
        // Only ever talk to the loopback interface, whatever host the URL names.
        // The URL looks like ws://127.0.0.1:PORT/devtools/browser/<uuid>.
        let port: u16 = (url.rsplit(':').next())
            .and_then(|rest| rest.split('/').next()?.parse().ok())
            .with_context(|| format!("no port in DevTools URL {url}"))?;
        let stream = TcpStream::connect(("127.0.0.1", port))
            .with_context(|| format!("connecting to DevTools on 127.0.0.1:{port}"))?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(TIMEOUT))?;
        stream.set_write_timeout(Some(TIMEOUT))?;
        let (ws, _response) = tungstenite::client::client(url.as_str(), stream)
            .map_err(|e| anyhow!("WebSocket handshake with {url} failed: {e}"))?;
        Ok(Browser {
            ws,
            next_id: 0,
            events: VecDeque::new(),
            process,
        })
    }

    /// Opens a new tab (page) on about:blank. The page borrows the browser mutably because
    /// they share one socket; this keeps the client single-threaded and simple.
    pub fn new_page(&mut self) -> Result<Page<'_>> {
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}))?;
        let target_id = target["targetId"]
            .as_str()
            .context("no targetId")?
            .to_string();
        // `flatten` multiplexes the page's messages over our socket, tagged with `sessionId`.
        let attach = json!({"targetId": target_id, "flatten": true});
        let attached = self.call(None, "Target.attachToTarget", attach)?;
        let session_id = attached["sessionId"]
            .as_str()
            .context("no sessionId")?
            .to_string();
        let mut page = Page {
            browser: self,
            target_id,
            session_id,
            errors: Vec::new(),
            requests: HashMap::new(),
            failed_requests: Vec::new(),
            loaded: false,
        };
        // Domains only send events (load, console, exceptions, browser log messages such as
        // "Failed to load resource", network answers) once enabled.
        page.call("Page.enable", json!({}))?;
        page.call("Runtime.enable", json!({}))?;
        page.call("Log.enable", json!({}))?;
        page.call("Network.enable", json!({}))?;
        Ok(page)
    }

    /// The profile directory Chromium was started with; it is deleted on drop.
    pub fn user_data_dir(&self) -> &Path {
        self.process.user_data_dir.path()
    }

    /// Sends one command and blocks until its response, queueing events that arrive meanwhile.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut command = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            command["sessionId"] = session.into();
        }
        self.ws
            .send(Message::text(command.to_string()))
            .with_context(|| format!("sending {method}"))?;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let mut message = self.read_message(deadline, &format!("the response to {method}"))?;
            if message["id"] == id {
                if let Some(error) = message.get("error") {
                    bail!("{method} failed: {}", error["message"]);
                }
                return Ok(message["result"].take());
            }
            self.queue_if_event(message);
        }
    }

    /// Reads one message, or fails once `deadline` passes. The socket's read timeout is set to
    /// the time left, so we block in the kernel rather than spin.
    fn read_message(&mut self, deadline: Instant, what: &str) -> Result<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                bail!("timed out after {TIMEOUT:?} waiting for {what}");
            }
            self.ws.get_mut().set_read_timeout(Some(left))?;
            match self.ws.read() {
                Ok(Message::Text(text)) => return Ok(serde_json::from_str(text.as_str())?),
                Ok(_) => {} // Pings are answered by tungstenite itself; CDP sends only text.
                // A timed-out read leaves tungstenite's buffered state intact; just loop.
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(e) => bail!("DevTools connection lost while waiting for {what}: {e}"),
            }
        }
    }

    /// Keeps events (they carry a `method`); drops stray responses to commands we gave up on.
    fn queue_if_event(&mut self, message: Value) {
        if message.get("method").is_some() {
            self.events.push_back(message);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ask politely first: a clean shutdown lets Chromium's helper processes exit and stop
        // writing into the profile dir before `Process::drop` deletes it.
        let close = json!({"id": 0, "method": "Browser.close"}).to_string();
        if self.ws.send(Message::text(close)).is_ok() {
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline && matches!(self.process.child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

impl Process {
    /// Starts Chromium and returns it with the browser's DevTools WebSocket URL.
    fn spawn(exe: &Path) -> Result<(Process, String)> {
        let dir = tempfile::Builder::new()
            .prefix("browser-test-")
            .tempdir()
            .context("creating a profile directory for Chromium in the temp dir")?;
        let spawned = Command::new(exe)
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", dir.path().display()))
            .args(["--window-size=1280,900", "about:blank"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => return Err(e).with_context(|| format!("starting {}", exe.display())),
        };
        let stderr = child.stderr.take().context("stderr is piped")?;
        let process = Process {
            child,
            user_data_dir: dir,
            stderr_tail: Arc::default(),
        };
        // Chromium announces its port on stderr. This thread reports that line, then keeps
        // draining stderr for the browser's whole life: a full pipe would block Chromium.
        let (tx, rx) = mpsc::channel();
        let tail = Arc::clone(&process.stderr_tail);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = tx.send(url.trim().to_string());
                }
                let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
                tail.push_back(line);
                if tail.len() > 20 {
                    tail.pop_front();
                }
            }
        });
        match rx.recv_timeout(TIMEOUT) {
            Ok(url) => Ok((process, url)),
            // `process` is dropped on these paths, which kills Chromium and removes the dir.
            Err(mpsc::RecvTimeoutError::Timeout) => bail!(
                "{} did not print \"DevTools listening on ws://...\" within {TIMEOUT:?}; last stderr lines:\n{}",
                exe.display(),
                process.stderr_tail()
            ),
            Err(mpsc::RecvTimeoutError::Disconnected) => bail!(
                "{} exited before printing its DevTools URL; last stderr lines:\n{}",
                exe.display(),
                process.stderr_tail()
            ),
        }
    }

    fn stderr_tail(&self) -> String {
        let tail = self.stderr_tail.lock().unwrap_or_else(|e| e.into_inner());
        tail.iter().cloned().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // `kill` fails harmlessly if Chromium already exited; `wait` reaps it (no zombie).
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Helper processes may still be flushing files for a moment after the main one dies,
        // so removal is retried here; the `TempDir` then finds nothing left to remove.
        for _ in 0..50 {
            match std::fs::remove_dir_all(self.user_data_dir.path()) {
                Err(e) if e.kind() != ErrorKind::NotFound => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                _ => break,
            }
        }
    }
}

/// `$CHROMIUM` if set (trusted as given, so a typo fails loudly at spawn), else the first of
/// the usual names found on `PATH`. Arguments are passed in so tests need not touch the env.
fn find_browser(chromium: Option<OsString>, path: Option<OsString>) -> Option<PathBuf> {
    if let Some(exe) = chromium {
        return Some(exe.into());
    }
    let dirs: Vec<PathBuf> = std::env::split_paths(&path?).collect();
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// One tab. Borrows the [`Browser`] because both use its single socket.
pub struct Page<'b> {
    browser: &'b mut Browser,
    target_id: String,
    session_id: String,
    errors: Vec<String>,
    /// URL of every request seen, by DevTools request id, to name the failed ones.
    requests: HashMap<String, String>,
    failed_requests: Vec<String>,
    /// Set by `Page.loadEventFired`; `goto` clears it before navigating.
    loaded: bool,
}

impl Page<'_> {
    /// Navigates and waits for the load event (all subresources done), up to 20 s. A
    /// same-document navigation (only the `#hash` changes) fires no load event and times out.
    pub fn goto(&mut self, url: &str) -> Result<()> {
        self.absorb_events();
        self.loaded = false;
        let navigated = self.call("Page.navigate", json!({"url": url}))?;
        // Network failures (e.g. connection refused) come back here, not as an error response.
        if let Some(error) = navigated["errorText"].as_str() {
            bail!("navigating to {url} failed: {error}");
        }
        let deadline = Instant::now() + TIMEOUT;
        while !self.loaded {
            let message = self
                .browser
                .read_message(deadline, &format!("the load event of {url}"))?;
            self.browser.queue_if_event(message);
            self.absorb_events();
        }
        Ok(())
    }

    /// Evaluates `js` in the page and returns its value as JSON. Promises are awaited, so
    /// `fetch(...).then(r => r.status)` works; a thrown exception becomes `Err` with its text.
    /// Values JSON cannot hold (`undefined`, DOM nodes, functions) come back as `null`.
    pub fn eval(&mut self, js: &str) -> Result<Value> {
        let params = json!({"expression": js, "awaitPromise": true, "returnByValue": true});
        let mut response = self.call("Runtime.evaluate", params)?;
        if let Some(details) = response.get("exceptionDetails") {
            bail!("`{js}` threw: {}", exception_text(details));
        }
        Ok(response["result"]["value"].take())
    }

    /// Polls `js_condition` every 50 ms until it is truthy. Errors while polling (say, the
    /// page is mid-navigation) are retried and only reported if the deadline passes.
    pub fn wait_for(&mut self, js_condition: &str, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        // Newlines so a trailing `// comment` in the condition cannot swallow the `)`.
        let expression = format!("!!(\n{js_condition}\n)");
        loop {
            let last_error = match self.eval(&expression) {
                Ok(Value::Bool(true)) => return Ok(()),
                Ok(_) => String::new(),
                Err(e) => format!(" (last error: {e:#})"),
            };
            if Instant::now() >= deadline {
                bail!("timed out after {timeout:?} waiting for `{js_condition}`{last_error}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Clicks the first element matching `css_selector` with `el.click()`: a synthetic click
    /// that runs handlers without caring whether the element is visible or covered.
    pub fn click(&mut self, css_selector: &str) -> Result<()> {
        let selector = Value::from(css_selector); // JSON string syntax is valid JS.
        self.eval(&format!(
            "(() => {{ const el = document.querySelector({selector}); \
             if (!el) throw new Error('no element matches ' + {selector}); el.click(); }})()"
        ))
        .map(drop)
    }

    /// Turns the page's own JavaScript off (or back on), to check what works without it.
    /// `eval` keeps working: DevTools evaluation is not page script.
    pub fn set_javascript(&mut self, enabled: bool) -> Result<()> {
        self.call(
            "Emulation.setScriptExecutionDisabled",
            json!({ "value": !enabled }),
        )
        .map(drop)
    }

    /// Saves a PNG of the viewport (1280x900) to `path`.
    pub fn screenshot(&mut self, path: &Path) -> Result<()> {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}))?;
        let data = shot["data"].as_str().context("screenshot has no data")?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(data)
            .context("the screenshot is not valid base64")?;
        std::fs::write(path, png).with_context(|| format!("writing {}", path.display()))
    }

    /// Uncaught exceptions, `console.error` messages and the browser's own error log
    /// entries (such as "Failed to load resource") seen so far. Events are collected
    /// whenever the page talks to Chromium, so call this after an `eval` or `wait_for`.
    pub fn errors(&self) -> Vec<String> {
        self.errors.clone()
    }

    /// Requests that failed (no answer) or were answered with a status of 400 or more,
    /// as `"<status or error> <url>"`. Collected like [`Page::errors`].
    pub fn failed_requests(&self) -> Vec<String> {
        self.failed_requests.clone()
    }

    /// Focuses the first element matching `css_selector`, as a click or Tab would.
    pub fn focus(&mut self, css_selector: &str) -> Result<()> {
        let selector = Value::from(css_selector);
        self.eval(&format!(
            "(() => {{ const el = document.querySelector({selector}); \
             if (!el) throw new Error('no element matches ' + {selector}); el.focus(); }})()"
        ))
        .map(drop)
    }

    /// Types `text` into the focused element as real key presses: every character goes
    /// through the page's `keydown` handlers (mdBook's shortcuts included) before the
    /// browser inserts it, exactly as when a person types.
    pub fn type_text(&mut self, text: &str) -> Result<()> {
        for c in text.chars() {
            let key = c.to_string();
            let down = json!({"type": "keyDown", "key": key, "text": key, "unmodifiedText": key});
            self.call("Input.dispatchKeyEvent", down)?;
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": "keyUp", "key": key}),
            )?;
        }
        Ok(())
    }

    /// Presses one named key (`ArrowLeft`, `ArrowRight`, `ArrowUp`, `ArrowDown`, `Home`,
    /// `End`, `Enter`, `Tab`, `Escape`, `Backspace`) on the focused element.
    pub fn press(&mut self, key: &str) -> Result<()> {
        let code = match key {
            "Backspace" => 8,
            "Tab" => 9,
            "Enter" => 13,
            "Escape" => 27,
            "End" => 35,
            "Home" => 36,
            "ArrowLeft" => 37,
            "ArrowUp" => 38,
            "ArrowRight" => 39,
            "ArrowDown" => 40,
            other => bail!("press() does not know the key {other:?}; use type_text for characters"),
        };
        let mut down = json!({"type": "rawKeyDown", "key": key, "code": key,
            "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code});
        if key == "Enter" {
            down["type"] = "keyDown".into();
            down["text"] = "\r".into();
        }
        self.call("Input.dispatchKeyEvent", down)?;
        let up = json!({"type": "keyUp", "key": key, "code": key,
            "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code});
        self.call("Input.dispatchKeyEvent", up).map(drop)
    }

    /// Lays the page out as on a screen `width` x `height` CSS pixels (a phone is 390
    /// wide); screenshots then have that size.
    pub fn set_viewport(&mut self, width: u32, height: u32) -> Result<()> {
        // Not "mobile": that would also emulate a 980 px layout viewport for pages without
        // a viewport <meta>; the width alone is what media queries and layout see.
        let metrics = json!({"width": width, "height": height, "deviceScaleFactor": 1,
            "mobile": false});
        self.call("Emulation.setDeviceMetricsOverride", metrics)
            .map(drop)
    }

    fn call(&mut self, method: &str, params: Value) -> Result<Value> {
        let result = self.browser.call(Some(&self.session_id), method, params);
        self.absorb_events();
        result
    }

    /// Moves this page's interesting events out of the browser's queue.
    fn absorb_events(&mut self) {
        while let Some(event) = self.browser.events.pop_front() {
            if event["sessionId"] != self.session_id.as_str() {
                continue; // Browser-level events, or a page closed earlier.
            }
            let params = &event["params"];
            match event["method"].as_str() {
                Some("Page.loadEventFired") => self.loaded = true,
                Some("Log.entryAdded") if params["entry"]["level"] == "error" => {
                    let entry = &params["entry"];
                    let url = entry["url"].as_str().unwrap_or_default();
                    if is_browser_own(url) {
                        continue;
                    }
                    let text = entry["text"].as_str().unwrap_or_default();
                    self.errors
                        .push(format!("{text} {url}").trim_end().to_string());
                }
                Some("Network.requestWillBeSent") => {
                    let id = params["requestId"].as_str().unwrap_or_default();
                    let url = params["request"]["url"].as_str().unwrap_or_default();
                    self.requests.insert(id.to_string(), url.to_string());
                }
                Some("Network.responseReceived") => {
                    let status = params["response"]["status"].as_u64().unwrap_or(0);
                    let url = params["response"]["url"].as_str().unwrap_or_default();
                    if status >= 400 && !is_browser_own(url) {
                        self.failed_requests.push(format!("{status} {url}"));
                    }
                }
                Some("Network.loadingFailed") => {
                    let id = params["requestId"].as_str().unwrap_or_default();
                    let url = self.requests.get(id).cloned().unwrap_or_default();
                    let error = params["errorText"].as_str().unwrap_or("failed");
                    self.failed_requests.push(format!("{error} {url}"));
                }
                Some("Runtime.exceptionThrown") => self
                    .errors
                    .push(exception_text(&params["exceptionDetails"])),
                Some("Runtime.consoleAPICalled") if params["type"] == "error" => {
                    let args = params["args"]
                        .as_array()
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    let texts: Vec<String> = args.iter().map(remote_object_text).collect();
                    self.errors.push(texts.join(" "));
                }
                _ => {}
            }
        }
    }
}

impl Drop for Page<'_> {
    fn drop(&mut self) {
        // Best effort: a tab left open would keep running scripts until the browser closes.
        let close = json!({"targetId": self.target_id});
        let _ = self.browser.call(None, "Target.closeTarget", close);
    }
}

/// The browser asks every site for `/favicon.ico` by itself; the page did not, so its
/// 404 is neither the page's error nor the page's failed request.
fn is_browser_own(url: &str) -> bool {
    url.ends_with("/favicon.ico")
}

/// The message of an exception: `Error: boom\n    at ...` for errors, the value otherwise.
fn exception_text(details: &Value) -> String {
    match details.get("exception") {
        Some(exception) => remote_object_text(exception),
        None => details["text"]
            .as_str()
            .unwrap_or("unknown exception")
            .to_string(),
    }
}

/// CDP describes JS values as "remote objects": primitives carry `value`, others a `description`.
fn remote_object_text(object: &Value) -> String {
    match (&object["value"], object["description"].as_str()) {
        (Value::String(s), _) => s.clone(),
        (_, Some(description)) => description.to_string(),
        (Value::Null, None) => object["type"].as_str().unwrap_or("?").to_string(),
        (value, None) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_browser_prefers_env_then_path() {
        let env = Some(OsString::from("/opt/my-chrome"));
        assert_eq!(
            find_browser(env, None),
            Some(PathBuf::from("/opt/my-chrome"))
        );
        assert_eq!(find_browser(None, None), None);
        assert_eq!(
            find_browser(None, Some(OsString::from("/nonexistent-dir"))),
            None
        );
    }
}
