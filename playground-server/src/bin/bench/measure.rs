//! `just bench`: added latency and throughput of the proxy against the examples
//! directly, `/send`, book assets, the book build, an example's rebuild-to-ready, and
//! memory after a burst of large responses. One run, so the figures compare.

use crate::child::{self, Playground};
use crate::figures::{added, ms, Samples};
use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long each throughput run lasts.
const THROUGHPUT_RUN: Duration = Duration::from_secs(3);
/// Connections in the throughput runs.
const CONNECTIONS: usize = 32;
/// Requests before each latency measurement counts.
const WARM_UP: usize = 20;

/// A client that keeps one connection (requests are sequential) and follows nothing.
pub fn one_connection() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a plain client builds")
}

/// Runs every measurement and returns the report's body (Markdown).
pub async fn all(root: &Path, requests: usize) -> Result<String> {
    let mut out = String::new();
    let (build, rebuild) = book_builds(root).await?;
    let mut playground = Playground::start(root, false).await?;
    let http = one_connection();
    let examples = child::wait_ready(&http, &playground.url).await?;
    let direct = |id: &str| -> Result<String> {
        let (_, url) = examples
            .iter()
            .find(|(e, _)| e == id)
            .with_context(|| format!("example {id} is not running"))?;
        Ok(format!("{url}/x/{id}"))
    };
    let base = playground.url.clone();
    let rss_started = playground.rss_mb();

    writeln!(
        out,
        "### Latency at one connection ({requests} requests each, after {WARM_UP} to warm up)\n"
    )?;
    writeln!(
        out,
        "| answer | direct p50 | proxied p50 | added p50 | direct p99 | proxied p99 |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for (what, id, path) in [
        ("length-framed `GET /api/hello`", "api-routes", "/api/hello"),
        ("chunked `GET /api/items`", "route-handlers", "/api/items"),
        (
            "redirect `GET /api/redirect`",
            "api-routes",
            "/api/redirect",
        ),
    ] {
        let direct_url = format!("{}{path}", direct(id)?);
        let proxied_url = format!("{base}/x/{id}{path}");
        let (d, p) = interleaved(&direct_url, &proxied_url, requests).await?;
        writeln!(
            out,
            "| {what} | {} | {} | {} | {} | {} |",
            ms(d.p50()),
            ms(p.p50()),
            added(d.p50(), p.p50()),
            ms(d.p99()),
            ms(p.p99())
        )?;
    }
    writeln!(out)?;
    writeln!(out, "| served by the playground itself | p50 | p99 |")?;
    writeln!(out, "|---|---|---|")?;
    for (what, path) in [
        ("book asset `/css/general.css`", "/css/general.css"),
        ("book asset `/assets/traffic.js`", "/assets/traffic.js"),
        (
            "chapter page `/api-routes/index.html`",
            "/api-routes/index.html",
        ),
    ] {
        let samples = latency(&one_connection(), &format!("{base}{path}"), requests).await?;
        writeln!(
            out,
            "| {what} | {} | {} |",
            ms(samples.p50()),
            ms(samples.p99())
        )?;
    }
    let send = send_latency(&base, requests).await?;
    writeln!(
        out,
        "| `/send` of `GET /api/hello` (a whole exchange as JSON) | {} | {} |",
        ms(send.p50()),
        ms(send.p99())
    )?;

    writeln!(
        out,
        "\n### Throughput at {CONNECTIONS} connections ({} s each)\n",
        THROUGHPUT_RUN.as_secs()
    )?;
    let direct_rps = throughput(&format!("{}/api/hello", direct("api-routes")?)).await?;
    let proxied_rps = throughput(&format!("{base}/x/api-routes/api/hello")).await?;
    writeln!(out, "| `GET /api/hello` | requests/s |")?;
    writeln!(out, "|---|---|")?;
    writeln!(out, "| direct | {direct_rps:.0} |")?;
    writeln!(out, "| proxied | {proxied_rps:.0} |")?;
    writeln!(
        out,
        "| proxied / direct | {:.2} |",
        proxied_rps / direct_rps.max(1.0)
    )?;

    writeln!(out, "\n### Builds\n")?;
    writeln!(out, "| what | time |")?;
    writeln!(out, "|---|---|")?;
    writeln!(
        out,
        "| book build (first in this process) | {} |",
        ms(build)
    )?;
    writeln!(out, "| book rebuild | {} |", ms(rebuild))?;
    let ready = rebuild_to_ready(&mut playground, "api-routes").await?;
    writeln!(out, "| `api-routes` rebuild to ready (nothing changed: cargo checks, the child restarts) | {} |", ms(ready))?;

    writeln!(out, "\n### Memory (resident, playground process)\n")?;
    let (after_burst, after_lists) = memory_burst(&base, &playground).await?;
    writeln!(out, "| moment | RSS |")?;
    writeln!(out, "|---|---|")?;
    writeln!(out, "| examples ready | {} |", mb(rss_started))?;
    writeln!(
        out,
        "| after 300 responses of about 900 KB through the proxy | {} |",
        mb(after_burst)
    )?;
    writeln!(
        out,
        "| after 10 parallel `GET /__playground/exchanges?limit=500` | {} |",
        mb(after_lists)
    )?;
    playground.stop().await?;
    Ok(out)
}

fn mb(value: Option<f64>) -> String {
    value.map_or("n/a (not Linux)".to_owned(), |v| format!("{v:.0} MB"))
}

/// Direct and proxied, alternating in rounds so that machine noise hits both alike.
async fn interleaved(direct: &str, proxied: &str, requests: usize) -> Result<(Samples, Samples)> {
    let (a, b) = (one_connection(), one_connection());
    let (mut d, mut p) = (Samples::default(), Samples::default());
    let rounds = 5;
    for _ in 0..rounds {
        d.extend(latency(&a, direct, requests / rounds).await?);
        p.extend(latency(&b, proxied, requests / rounds).await?);
    }
    Ok((d, p))
}

/// `requests` sequential GETs of `url` on `http`'s one connection, each read whole.
pub async fn latency(http: &reqwest::Client, url: &str, requests: usize) -> Result<Samples> {
    let mut samples = Samples::default();
    for i in 0..requests + WARM_UP {
        let started = Instant::now();
        let answer = http.get(url).send().await?;
        let status = answer.status();
        answer.bytes().await?;
        if status.is_server_error() || status.is_client_error() {
            bail!("{url} answered {status}");
        }
        if i >= WARM_UP {
            samples.push(started.elapsed());
        }
    }
    Ok(samples)
}

async fn send_latency(base: &str, requests: usize) -> Result<Samples> {
    let http = one_connection();
    let payload =
        serde_json::json!({"example": "api-routes", "method": "GET", "path": "/api/hello"});
    let mut samples = Samples::default();
    for i in 0..requests + WARM_UP {
        let started = Instant::now();
        let answer = http
            .post(format!("{base}/__playground/send"))
            .json(&payload)
            .send()
            .await?;
        let status = answer.status();
        answer.bytes().await?;
        if !status.is_success() {
            bail!("/send answered {status}");
        }
        if i >= WARM_UP {
            samples.push(started.elapsed());
        }
    }
    Ok(samples)
}

/// Requests per second with [`CONNECTIONS`] closed loops for [`THROUGHPUT_RUN`].
async fn throughput(url: &str) -> Result<f64> {
    let http = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(CONNECTIONS)
        .timeout(Duration::from_secs(30))
        .build()?;
    let until = Instant::now() + THROUGHPUT_RUN;
    let mut loops = tokio::task::JoinSet::new();
    for _ in 0..CONNECTIONS {
        let (http, url) = (http.clone(), url.to_owned());
        loops.spawn(async move {
            let mut done = 0u64;
            while Instant::now() < until {
                let answer = http.get(&url).send().await?;
                answer.bytes().await?;
                done += 1;
            }
            anyhow::Ok(done)
        });
    }
    let mut total = 0;
    while let Some(done) = loops.join_next().await {
        total += done??;
    }
    Ok(total as f64 / THROUGHPUT_RUN.as_secs_f64())
}

/// Two book builds into a temporary folder: the first, then a rebuild.
async fn book_builds(root: &Path) -> Result<(Duration, Duration)> {
    let root = root.to_owned();
    tokio::task::spawn_blocking(move || {
        let out = root.join("target/bench-book");
        let options = book_tools::BuildOptions::default();
        let started = Instant::now();
        book_tools::build_book(&root, &out, &options)?;
        let first = started.elapsed();
        let started = Instant::now();
        book_tools::build_book(&root, &out, &options)?;
        let second = started.elapsed();
        let _ = std::fs::remove_dir_all(&out);
        Ok((first, second))
    })
    .await?
}

async fn rebuild_to_ready(playground: &mut Playground, id: &str) -> Result<Duration> {
    let http = one_connection();
    let status = |http: reqwest::Client, base: String| async move {
        let example = child::examples(&http, &base)
            .await?
            .into_iter()
            .find(|e| e["id"] == id)
            .context("the example is listed")?;
        anyhow::Ok((example["state"].clone(), example["pid"].clone()))
    };
    let (_, old_pid) = status(http.clone(), playground.url.clone()).await?;
    let started = Instant::now();
    playground.rebuild(id).await?;
    loop {
        let (state, pid) = status(http.clone(), playground.url.clone()).await?;
        if state == "ready" && pid != old_pid {
            return Ok(started.elapsed());
        }
        if started.elapsed() > Duration::from_secs(600) {
            bail!("{id} was not ready again within 10 minutes");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// RSS after 300 large echoes through the proxy, then after 10 parallel list calls.
async fn memory_burst(base: &str, playground: &Playground) -> Result<(Option<f64>, Option<f64>)> {
    let http = reqwest::Client::builder().no_proxy().build()?;
    let body = serde_json::json!({ "payload": "z".repeat(900_000) }).to_string();
    let url = format!("{base}/x/api-routes/api/hello");
    let mut burst = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (http, url, body) = (http.clone(), url.clone(), body.clone());
        burst.spawn(async move {
            for _ in 0..300 / 8 + 1 {
                let answer = http
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await?;
                answer.bytes().await?;
            }
            anyhow::Ok(())
        });
    }
    while let Some(done) = burst.join_next().await {
        done??;
    }
    let after_burst = playground.rss_mb();
    let mut lists = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (http, url) = (
            http.clone(),
            format!("{base}/__playground/exchanges?limit=500"),
        );
        lists.spawn(async move { anyhow::Ok(http.get(url).send().await?.bytes().await?.len()) });
    }
    while let Some(done) = lists.join_next().await {
        done??;
    }
    Ok((after_burst, playground.rss_mb()))
}
