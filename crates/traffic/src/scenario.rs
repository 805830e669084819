//! Scenarios: the requests a chapter shows, one JSON file each.
//!
//! They live beside the example that answers them, in `examples/<id>/scenarios/`.
//! The file name (without `.json`) is the scenario's name; the recorder plays each one
//! and writes the exchange to `transcripts/<name>.json` next to it.

use crate::exchange::Header;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One request to play. Example file:
///
/// ```json
/// { "title": "GET with a query", "method": "GET", "path": "/api/hello?name=Ada",
///   "headers": [["cookie", "theme=dark"]] }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short caption for the panel.
    pub title: String,
    pub method: String,
    /// Path and query, starting with `/`.
    pub path: String,
    #[serde(default)]
    pub headers: Vec<Header>,
    /// The request body as text (`None` for no body).
    #[serde(default)]
    pub body: Option<String>,
    /// Sends `body` this many times over, for bodies too large to write out
    /// (the 1 MB limits): `"body": "x", "repeat_body": 1048577`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_body: Option<usize>,
}

/// Why a scenario could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("cannot read scenario {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("scenario {path} is not valid: {source} (expected {{\"title\", \"method\", \"path\", \"headers\"?, \"body\"?, \"repeat_body\"?}})")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("scenario {path}: path must start with '/' (got {got:?})")]
    BadPath { path: PathBuf, got: String },
}

impl Scenario {
    /// The bytes to send as the body.
    pub fn body_bytes(&self) -> Vec<u8> {
        let body = self.body.clone().unwrap_or_default();
        body.repeat(self.repeat_body.unwrap_or(1)).into_bytes()
    }

    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
            path: path.to_owned(),
            source,
        })?;
        let scenario: Scenario =
            serde_json::from_str(&text).map_err(|source| ScenarioError::Parse {
                path: path.to_owned(),
                source,
            })?;
        if !scenario.path.starts_with('/') || scenario.path.starts_with("//") {
            return Err(ScenarioError::BadPath {
                path: path.to_owned(),
                got: scenario.path,
            });
        }
        Ok(scenario)
    }
}

/// Where an example's files live, relative to the repository root.
#[derive(Debug, Clone)]
pub struct ExampleDirs {
    pub id: String,
    pub root: PathBuf,
}

impl ExampleDirs {
    pub fn new(repo_root: &Path, id: &str) -> ExampleDirs {
        ExampleDirs {
            id: id.to_owned(),
            root: repo_root.join("examples").join(id),
        }
    }

    pub fn scenarios_dir(&self) -> PathBuf {
        self.root.join("scenarios")
    }

    pub fn transcripts_dir(&self) -> PathBuf {
        self.root.join("transcripts")
    }

    pub fn scenario_file(&self, name: &str) -> PathBuf {
        self.scenarios_dir().join(format!("{name}.json"))
    }

    pub fn transcript_file(&self, name: &str) -> PathBuf {
        self.transcripts_dir().join(format!("{name}.json"))
    }

    /// Every scenario name, sorted, from the `.json` files in `scenarios/`.
    pub fn scenario_names(&self) -> std::io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(self.scenarios_dir())? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "json") {
                if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                    names.push(stem.to_owned());
                }
            }
        }
        names.sort();
        Ok(names)
    }
}

/// The repository root: the nearest folder at or above `from` holding `book.toml` and
/// an `examples/` folder.
pub fn find_repo_root(from: &Path) -> Option<PathBuf> {
    from.ancestors()
        .find(|dir| dir.join("book.toml").is_file() && dir.join("examples").is_dir())
        .map(Path::to_path_buf)
}

/// Where the real Next.js transcripts for `example/scenario` live, if recorded.
pub fn next_transcript_file(repo_root: &Path, label: &str, example: &str, name: &str) -> PathBuf {
    repo_root
        .join("reference/nextjs/transcripts")
        .join(label)
        .join(example)
        .join(format!("{name}.json"))
}

/// The Next.js version our real transcripts come from (the folder name under
/// `reference/nextjs/transcripts/`).
pub const NEXT_LABEL: &str = "next-16.4.6";
