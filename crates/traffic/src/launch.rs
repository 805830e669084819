//! Starting an example server and learning its address.
//!
//! The contract every example keeps: started with `PORT=0` it binds a free port on
//! 127.0.0.1 and prints `listening on http://127.0.0.1:<port>` as its first stdout line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
    #[error("cargo built no binary named {name} (it built: {built}); is the package's binary named like the package?")]
    NoBinary { name: String, built: String },
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

/// Builds the given packages with cargo, in the workspace at `root`, and answers with
/// the binaries cargo built.
///
/// The paths come from cargo itself (`--message-format=json`), not from a guess at
/// `target/debug/<name>`, which `build.target-dir`, `--target` or a profile would break.
/// On failure the error is the compiler's own message, as a reader would see it.
pub async fn cargo_build(root: &Path, packages: &[String]) -> Result<Binaries, String> {
    let mut command = Command::new(cargo_program());
    command
        .current_dir(root)
        .args([
            "build",
            "--color",
            "never",
            "--quiet",
            "--message-format=json",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for package in packages {
        command.args(["-p", package]);
    }
    let output = command
        .output()
        .await
        .map_err(|e| format!("cannot run `{}`: {e}", cargo_program()))?;
    let messages = String::from_utf8_lossy(&output.stdout);
    if output.status.success() {
        return Ok(Binaries::from_messages(&messages));
    }
    let mut report = compiler_errors(&messages);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let from_first_error = stderr
        .find("error")
        .map(|i| &stderr[i..])
        .unwrap_or(&stderr);
    report.push_str(from_first_error.trim());
    Err(report.trim().to_owned())
}

/// The executables one `cargo build` produced, by binary name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Binaries(BTreeMap<String, PathBuf>);

impl Binaries {
    /// Reads cargo's JSON messages: each `compiler-artifact` with an `executable` is a
    /// binary (reported whether it was rebuilt or already fresh).
    pub fn from_messages(messages: &str) -> Binaries {
        let mut found = BTreeMap::new();
        for message in messages.lines().filter_map(parse_message) {
            if message["reason"] != "compiler-artifact" {
                continue;
            }
            let name = message["target"]["name"].as_str();
            let executable = message["executable"].as_str();
            if let (Some(name), Some(executable)) = (name, executable) {
                found.insert(name.to_owned(), PathBuf::from(executable));
            }
        }
        Binaries(found)
    }

    /// The binary named `name` (an example's binary is named like its package).
    pub fn get(&self, name: &str) -> Result<&Path, LaunchError> {
        self.0
            .get(name)
            .map(PathBuf::as_path)
            .ok_or_else(|| LaunchError::NoBinary {
                name: name.to_owned(),
                built: self.0.keys().cloned().collect::<Vec<_>>().join(", "),
            })
    }
}

fn parse_message(line: &str) -> Option<serde_json::Value> {
    serde_json::from_str(line).ok()
}

/// The rendered text of every error the compiler reported, in order.
fn compiler_errors(messages: &str) -> String {
    let mut report = String::new();
    for message in messages.lines().filter_map(parse_message) {
        let diagnostic = &message["message"];
        if message["reason"] == "compiler-message" && diagnostic["level"] == "error" {
            if let Some(rendered) = diagnostic["rendered"].as_str() {
                report.push_str(rendered);
                report.push('\n');
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    // Shaped like cargo's messages, cut to the fields that matter.
    const BUILT: &str = r#"{"reason":"compiler-artifact","target":{"kind":["lib"],"name":"mini_next"},"executable":null}
{"reason":"compiler-artifact","target":{"kind":["bin"],"name":"example-api-routes"},"executable":"/t/custom/debug/example-api-routes","fresh":true}
{"reason":"build-finished","success":true}"#;

    #[test]
    fn binaries_are_where_cargo_says() {
        let binaries = Binaries::from_messages(BUILT);
        assert_eq!(
            binaries.get("example-api-routes").unwrap(),
            Path::new("/t/custom/debug/example-api-routes")
        );
    }

    #[test]
    fn a_missing_binary_names_what_was_built() {
        let message = Binaries::from_messages(BUILT)
            .get("example-nope")
            .unwrap_err()
            .to_string();
        assert!(message.contains("example-nope"), "{message}");
        assert!(message.contains("built: example-api-routes"), "{message}");
    }

    #[test]
    fn compiler_errors_keep_the_rendered_text_only() {
        let messages = r#"{"reason":"compiler-message","message":{"level":"warning","rendered":"warning: unused"}}
not json at all
{"reason":"compiler-message","message":{"level":"error","rendered":"error[E0425]: cannot find value `x`"}}"#;
        assert_eq!(
            compiler_errors(messages),
            "error[E0425]: cannot find value `x`\n"
        );
    }
}
