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
    /// Text sent before and after the (repeated) body, so that a large body can
    /// still be one JSON value: `"body": "x", "repeat_body": 2097152,
    /// "wrap_body": ["{\"text\":\"", "\"}"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrap_body: Option<(String, String)>,
}

/// Why a scenario could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("cannot read scenario {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("scenario {path} is not valid: {source} (expected {{\"title\", \"method\", \"path\", \"headers\"?, \"body\"?, \"repeat_body\"?, \"wrap_body\"?}})")]
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
        let repeated = body.repeat(self.repeat_body.unwrap_or(1));
        match &self.wrap_body {
            Some((before, after)) => format!("{before}{repeated}{after}").into_bytes(),
            None => repeated.into_bytes(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_repeated_body_is_one_json_value() {
        let scenario: Scenario = serde_json::from_str(
            r#"{"title": "t", "method": "POST", "path": "/", "body": "ab",
                "repeat_body": 3, "wrap_body": ["{\"text\":\"", "\"}"]}"#,
        )
        .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&scenario.body_bytes()).unwrap();
        assert_eq!(body, serde_json::json!({"text": "ababab"}));
    }
}
