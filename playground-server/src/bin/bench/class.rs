//! `just load`: a class of simulated browsers sharing one playground.
//!
//! Each browser loads a chapter (the page and every stylesheet and script it links),
//! holds the event stream open like the page does, and sends 20 requests a minute,
//! alternating the panel's Send and a request through the proxy, until the time is up.

use crate::child::{self, Playground};
use crate::figures::{ms, Samples};
use anyhow::Result;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The chapter every browser opens.
const CHAPTER: &str = "/api-routes/index.html";
/// 20 requests a minute.
const REQUEST_GAP: Duration = Duration::from_secs(3);

#[derive(Default)]
struct Tally {
    page: Samples,
    assets: Samples,
    send: Samples,
    proxy: Samples,
    errors: Vec<String>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.page.extend(other.page);
        self.assets.extend(other.assets);
        self.send.extend(other.send);
        self.proxy.extend(other.proxy);
        self.errors.extend(other.errors);
    }
}

/// Runs the class and returns the report's body (Markdown).
pub async fn simulate(
    root: &Path,
    browsers: usize,
    seconds: u64,
    classroom: bool,
) -> Result<String> {
    let playground = Playground::start(root, classroom).await?;
    let http = crate::measure::one_connection();
    child::wait_ready(&http, &playground.url).await?;
    let base = playground.url.clone();
    let assets = chapter_assets(&http, &base).await?;
    let rss_before = playground.rss_mb();
    let events_seen = Arc::new(AtomicU64::new(0));
    let streams_open = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(seconds);

    let mut class = tokio::task::JoinSet::new();
    for n in 0..browsers {
        let browser = Browser {
            base: base.clone(),
            assets: assets.clone(),
            events_seen: events_seen.clone(),
            streams_open: streams_open.clone(),
            // Spread the class's requests over the gap instead of all at once.
            offset: REQUEST_GAP.mul_f64(n as f64 / browsers.max(1) as f64),
        };
        class.spawn(browser.run(until));
    }
    let mut rss_max = rss_before.unwrap_or(0.0);
    let mut tally = Tally::default();
    let mut sampler = tokio::time::interval(Duration::from_millis(500));
    loop {
        tokio::select! {
            _ = sampler.tick() => {
                rss_max = rss_max.max(playground.rss_mb().unwrap_or(0.0));
            }
            done = class.join_next() => match done {
                Some(Ok(browser)) => tally.merge(browser),
                Some(Err(e)) => tally.errors.push(format!("a browser task failed: {e}")),
                None => break,
            },
        }
    }
    let rss_after = playground.rss_mb();
    playground.stop().await?;

    let mut out = String::new();
    let mode = match classroom {
        true => "Classroom mode (`--classroom` on loopback): each browser has its own session, history and event stream, and the per-student rate limit (10 requests/s, burst 40) applies. ",
        false => "One shared playground (no `--classroom`). ",
    };
    writeln!(out, "{mode}{browsers} browsers for {seconds} s, each: `{CHAPTER}` and its {} stylesheets and scripts, the event stream held open, one request every {} s (alternately `/send` and the proxy).\n", assets.len(), REQUEST_GAP.as_secs())?;
    writeln!(out, "| figure | value |")?;
    writeln!(out, "|---|---|")?;
    writeln!(out, "| errors | {} |", tally.errors.len())?;
    writeln!(
        out,
        "| event streams open at the end | {} of {browsers} |",
        streams_open.load(Ordering::Relaxed)
    )?;
    writeln!(
        out,
        "| events received | {} |",
        events_seen.load(Ordering::Relaxed)
    )?;
    for (what, samples) in [
        ("chapter page", &tally.page),
        ("assets", &tally.assets),
        ("`/send`", &tally.send),
        ("proxy `GET /api/hello`", &tally.proxy),
    ] {
        writeln!(
            out,
            "| {what}: {} requests, p50 / p99 | {} / {} |",
            samples.len(),
            ms(samples.p50()),
            ms(samples.p99())
        )?;
    }
    let mb = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{v:.0} MB"));
    writeln!(
        out,
        "| playground RSS before / max / after | {} / {rss_max:.0} MB / {} |",
        mb(rss_before),
        mb(rss_after)
    )?;
    if !tally.errors.is_empty() {
        writeln!(out, "\nFirst errors:\n")?;
        for e in tally.errors.iter().take(10) {
            writeln!(out, "- {e}")?;
        }
    }
    Ok(out)
}

/// The stylesheets and scripts the chapter links (same origin only).
async fn chapter_assets(http: &reqwest::Client, base: &str) -> Result<Vec<String>> {
    let page_url = reqwest::Url::parse(&format!("{base}{CHAPTER}"))?;
    let html = http.get(page_url.clone()).send().await?.text().await?;
    let mut assets = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for piece in html.split(attribute).skip(1) {
            let Some(link) = piece.split('"').next() else {
                continue;
            };
            let path = link.split(['?', '#']).next().unwrap_or("");
            if !(path.ends_with(".css") || path.ends_with(".js")) {
                continue;
            }
            let Ok(url) = page_url.join(link) else {
                continue;
            };
            if url.origin() == page_url.origin() && !assets.contains(&url.to_string()) {
                assets.push(url.to_string());
            }
        }
    }
    Ok(assets)
}

struct Browser {
    base: String,
    assets: Vec<String>,
    events_seen: Arc<AtomicU64>,
    streams_open: Arc<AtomicU64>,
    offset: Duration,
}

impl Browser {
    async fn run(self, until: Instant) -> Tally {
        let mut tally = Tally::default();
        // A browser's navigation asks for HTML; in classroom mode that is the request
        // that gets the session cookie.
        let first_visit = client(Some((reqwest::header::ACCEPT, "text/html")));
        let page = format!("{}{CHAPTER}", self.base);
        let answer = timed(&first_visit, &page, &mut tally.page, &mut tally.errors).await;
        // In classroom mode the page sets the browser's session cookie; a browser
        // sends it with everything that follows.
        let cookie = answer.and_then(session_cookie);
        let http = client(cookie.as_deref().map(|c| (reqwest::header::COOKIE, c)));
        for asset in &self.assets {
            timed(&http, asset, &mut tally.assets, &mut tally.errors).await;
        }
        let stream = self.hold_event_stream(&http, until);
        let requests = async {
            tokio::time::sleep(self.offset).await;
            let mut through_send = true;
            while Instant::now() + REQUEST_GAP / 2 < until {
                if through_send {
                    self.send(&http, &mut tally).await;
                } else {
                    let url = format!("{}/x/api-routes/api/hello", self.base);
                    timed(&http, &url, &mut tally.proxy, &mut tally.errors).await;
                }
                through_send = !through_send;
                tokio::time::sleep(REQUEST_GAP).await;
            }
        };
        let (stream_error, ()) = tokio::join!(stream, requests);
        tally.errors.extend(stream_error);
        tally
    }

    /// Reads the event stream until `until`; an error if it could not be opened or
    /// closed early.
    async fn hold_event_stream(&self, http: &reqwest::Client, until: Instant) -> Option<String> {
        let mut stream = match http
            .get(format!("{}/__playground/events", self.base))
            .send()
            .await
        {
            Ok(s) if s.status().is_success() => s,
            Ok(s) => return Some(format!("event stream answered {}", s.status())),
            Err(e) => return Some(format!("event stream: {e}")),
        };
        self.streams_open.fetch_add(1, Ordering::Relaxed);
        let result = loop {
            let left = until.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, stream.chunk()).await {
                Err(_) => break None,
                Ok(Ok(Some(chunk))) => {
                    let events = chunk.windows(7).filter(|w| w == b"event: ").count();
                    self.events_seen.fetch_add(events as u64, Ordering::Relaxed);
                }
                Ok(Ok(None)) => break Some("the event stream ended early".to_owned()),
                Ok(Err(e)) => break Some(format!("the event stream broke: {e}")),
            }
        };
        if result.is_some() {
            self.streams_open.fetch_sub(1, Ordering::Relaxed);
        }
        result
    }

    async fn send(&self, http: &reqwest::Client, tally: &mut Tally) {
        let payload =
            serde_json::json!({"example": "api-routes", "method": "GET", "path": "/api/hello"});
        let started = Instant::now();
        match http
            .post(format!("{}/__playground/send", self.base))
            .json(&payload)
            .timeout(Duration::from_secs(30))
            .send()
            .await
        {
            Ok(answer) if answer.status().is_success() => match answer.bytes().await {
                Ok(_) => tally.send.push(started.elapsed()),
                Err(e) => tally.errors.push(format!("/send body: {e}")),
            },
            Ok(answer) => tally
                .errors
                .push(format!("/send answered {}", answer.status())),
            Err(e) => tally.errors.push(format!("/send: {e}")),
        }
    }
}

/// A browser's HTTP client, sending `header` (its session cookie, say) with every
/// request when there is one.
fn client(header: Option<(reqwest::header::HeaderName, &str)>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some((name, value)) = header {
        if let Ok(value) = reqwest::header::HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    }
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(6)
        .default_headers(headers)
        .build()
        .expect("a plain client builds")
}

/// `name=value` of the playground's session cookie, if the answer set one.
fn session_cookie(headers: reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(playground_server::classroom::session::COOKIE_PREFIX))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// GETs `url`, reading it whole; its time goes to `samples`, a failure to `errors`.
/// Returns the answer's headers when it succeeded.
async fn timed(
    http: &reqwest::Client,
    url: &str,
    samples: &mut Samples,
    errors: &mut Vec<String>,
) -> Option<reqwest::header::HeaderMap> {
    let started = Instant::now();
    match http.get(url).timeout(Duration::from_secs(30)).send().await {
        Ok(answer) if answer.status().is_success() => {
            let headers = answer.headers().clone();
            match answer.bytes().await {
                Ok(_) => {
                    samples.push(started.elapsed());
                    return Some(headers);
                }
                Err(e) => errors.push(format!("{url}: body: {e}")),
            }
        }
        Ok(answer) => errors.push(format!("{url} answered {}", answer.status())),
        Err(e) => errors.push(format!("{url}: {e}")),
    }
    None
}
