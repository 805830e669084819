//! The playground under measurement, in its own process.
//!
//! The parent starts this binary with `--serve`; the child starts a playground with
//! every example on a free port, prints its URL, and then obeys one line per command
//! on stdin: `rebuild <example>`. When stdin closes (the parent finished, or died),
//! it shuts down, so no process outlives a bench run.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::process::{Child, ChildStdin, Command};

/// The child side: serve until stdin closes (in classroom mode, on loopback).
pub async fn serve(root: std::path::PathBuf, classroom: bool) -> Result<()> {
    let mut options = playground_server::Options::new(root);
    options.port = 0;
    options.watch = false;
    if classroom {
        playground_server::classroom::prepare(&mut options, true)?;
    }
    let playground = playground_server::start(options).await?;
    println!("playground on {}", playground.url());
    let mut commands = BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = commands.next_line().await {
        if let Some(id) = line.strip_prefix("rebuild ") {
            if let Some(example) = playground.state.supervisor.get(id.trim()) {
                example.request_rebuild();
            }
        }
    }
    playground.shutdown().await;
    Ok(())
}

/// The parent side: a running playground child.
pub struct Playground {
    pub url: String,
    pub pid: u32,
    child: Child,
    commands: ChildStdin,
}

impl Playground {
    pub async fn start(root: &Path, classroom: bool) -> Result<Playground> {
        let mut command = Command::new(std::env::current_exe()?);
        command.arg("--serve");
        if classroom {
            command.args(["--load", "--classroom"]);
        }
        let mut child = command
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .context("cannot start the playground child")?;
        let pid = child.id().context("the child has no pid")?;
        let commands = child.stdin.take().context("stdin is piped")?;
        let mut lines = BufReader::new(child.stdout.take().context("stdout is piped")?).lines();
        let first = tokio::time::timeout(std::time::Duration::from_secs(600), lines.next_line())
            .await
            .context("the playground did not start within 10 minutes")??
            .context("the playground exited before it started")?;
        let Some(url) = first.strip_prefix("playground on ") else {
            bail!("unexpected first line from the playground: {first:?}");
        };
        Ok(Playground {
            url: url.to_owned(),
            pid,
            child,
            commands,
        })
    }

    pub async fn rebuild(&mut self, example: &str) -> Result<()> {
        self.commands
            .write_all(format!("rebuild {example}\n").as_bytes())
            .await?;
        Ok(())
    }

    pub fn rss_mb(&self) -> Option<f64> {
        crate::figures::rss_mb(self.pid)
    }

    /// Closes stdin and waits for the child to stop its examples and exit.
    pub async fn stop(self) -> Result<()> {
        let Playground {
            mut child,
            commands,
            ..
        } = self;
        drop(commands);
        match tokio::time::timeout(std::time::Duration::from_secs(10), child.wait()).await {
            Ok(status) => {
                status?;
            }
            Err(_) => child.kill().await?,
        }
        Ok(())
    }
}

/// The playground's `/__playground/examples` list: one object per example.
pub async fn examples(http: &reqwest::Client, base: &str) -> Result<Vec<serde_json::Value>> {
    let list: serde_json::Value = http
        .get(format!("{base}/__playground/examples"))
        .send()
        .await?
        .json()
        .await?;
    match list {
        serde_json::Value::Array(examples) => Ok(examples),
        other => bail!("the examples list is not a list: {other}"),
    }
}

/// Waits until every example is ready; returns `(id, direct url)` for each.
pub async fn wait_ready(http: &reqwest::Client, base: &str) -> Result<Vec<(String, String)>> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(900);
    loop {
        let examples = examples(http, base).await?;
        if examples.iter().all(|e| e["state"] == "ready") {
            return Ok(examples
                .iter()
                .map(|e| {
                    let id = e["id"].as_str().unwrap_or_default().to_owned();
                    let url = e["url"].as_str().unwrap_or_default().to_owned();
                    (id, url)
                })
                .collect());
        }
        if let Some(failed) = examples.iter().find(|e| e["state"] == "failed") {
            bail!(
                "example {} does not build: {}",
                failed["id"],
                failed["message"]
            );
        }
        if std::time::Instant::now() > deadline {
            bail!("the examples were not ready within 15 minutes: {examples:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
