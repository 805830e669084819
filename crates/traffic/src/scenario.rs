//! Scenarios: the requests a chapter shows, one JSON file each.
//!
//! They live beside the example that answers them, in `examples/<id>/scenarios/`
//! (see [`crate::examples`]). The file name (without `.json`) is the scenario's name;
//! the recorder plays each one and writes the exchange to `transcripts/<name>.json`
//! next to it.

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
