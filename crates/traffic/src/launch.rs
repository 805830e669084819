//! Starting an example server and learning its address.
//!
//! The contract every example keeps: started with `PORT=0` it binds a free port on
//! 127.0.0.1 and prints `listening on http://127.0.0.1:<port>` as its first stdout line.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// What an example prints first when it is ready.
pub const LISTENING_PREFIX: &str = "listening on ";

/// How long an example may take from exec to its first line.
pub const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A started example: the child process and the base URL it printed.
#[derive(Debug)]
pub struct Started {
    pub child: Child,
    pub url: String,
}

/// Why an example did not come up.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("cannot start {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("{program} exited before printing `listening on http://...` (status {status})")]
    Exited { program: String, status: String },
    #[error("{program} printed {line:?} first; examples must print `listening on http://127.0.0.1:<port>` first")]
    BadFirstLine { program: String, line: String },
    #[error("{program} printed nothing within {0:?}", START_TIMEOUT)]
    Timeout { program: String },
}

/// Starts `program` with `PORT=0` and the given environment, and waits for its address.
///
/// The rest of its stdout and all of its stderr are passed to `on_line` (for logs).
pub async fn start(
    program: &Path,
    envs: &[(&str, &str)],
    configure: impl FnOnce(&mut Command),
    on_line: impl Fn(String) + Send + Sync + 'static,
) -> Result<Started, LaunchError> {
    let name = program.display().to_string();
    let mut command = Command::new(program);
    command
        .env("PORT", "0")
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    configure(&mut command);
    let mut child = command.spawn().map_err(|source| LaunchError::Spawn {
        program: name.clone(),
        source,
    })?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let on_line = std::sync::Arc::new(on_line);
    let mut lines = BufReader::new(stdout).lines();

    let first = tokio::time::timeout(START_TIMEOUT, lines.next_line()).await;
    let first = match first {
        Err(_) => {
            let _ = child.kill().await;
            return Err(LaunchError::Timeout { program: name });
        }
        Ok(Ok(Some(line))) => line,
        Ok(_) => {
            let status = match child.wait().await {
                Ok(s) => s.to_string(),
                Err(e) => e.to_string(),
            };
            return Err(LaunchError::Exited {
                program: name,
                status,
            });
        }
    };
    let Some(url) = first.strip_prefix(LISTENING_PREFIX) else {
        let _ = child.kill().await;
        return Err(LaunchError::BadFirstLine {
            program: name,
            line: first,
        });
    };
    let url = url.trim().to_owned();

    let out_sink = on_line.clone();
    tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            out_sink(line);
        }
    });
    tokio::spawn(async move {
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            on_line(line);
        }
    });
    Ok(Started { child, url })
}

/// The cargo to call: the one that is running us, if any (`cargo run`, `cargo test`).
pub fn cargo_program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Builds the given example packages with cargo, in the workspace at `root`.
///
/// On failure the error is cargo's own message (the compiler errors), trimmed to the
/// part a reader needs: from the first `error` line on.
pub async fn cargo_build(root: &Path, packages: &[String]) -> Result<(), String> {
    let mut command = Command::new(cargo_program());
    command
        .current_dir(root)
        .args(["build", "--color", "never", "--quiet"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for package in packages {
        command.args(["-p", package]);
    }
    let output = command
        .output()
        .await
        .map_err(|e| format!("cannot run `{}`: {e}", cargo_program()))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let from_first_error = stderr
        .find("error")
        .map(|i| &stderr[i..])
        .unwrap_or(&stderr);
    Err(from_first_error.trim().to_owned())
}

/// Where cargo puts the debug binary `name` of the workspace at `root`.
pub fn debug_binary(root: &Path, name: &str) -> std::path::PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        })
        .unwrap_or_else(|| root.join("target"));
    target
        .join("debug")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}
