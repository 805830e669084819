//! `check --share <playground>`: after the checks, send their results to the class's
//! playground, where the instructor's projector counts passed and failed per check.
//!
//! Only what the projector shows is sent: the exercise's package name, and each
//! check's description with passed or not. No name, no code, no request.

use crate::{Exercise, Outcome};
use serde_json::{json, Value};
use std::time::Duration;

/// How long to wait for the playground: it answers a share at once, so a wait this
/// long means the address is wrong or the network is down.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Why the results did not reach the class.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error(
        "{0:?} is not a playground address: give the one the instructor shared, such as http://192.168.1.20:3000"
    )]
    NotAnAddress(String),
    #[error(
        "cannot reach the playground at {url} ({source}): is it running, and is this the address the instructor shared?"
    )]
    Unreachable {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("the playground at {url} did not take the results ({status}): {message}")]
    Refused {
        url: String,
        status: u16,
        message: String,
    },
}

/// What `/__playground/share` expects for one run of the checks.
pub fn share_body(exercise: &Exercise, outcomes: &[Outcome]) -> Value {
    let checks: Vec<Value> = outcomes
        .iter()
        .map(|o| json!({ "name": o.check.what, "passed": o.result.is_ok() }))
        .collect();
    json!({ "kind": "check", "exercise": exercise.package, "checks": checks })
}

/// Posts `body` to `<playground>/__playground/share`.
pub async fn share(playground: &str, body: &Value) -> Result<(), ShareError> {
    let base = playground.trim_end_matches('/');
    if !(base.starts_with("http://") || base.starts_with("https://")) || base.contains('?') {
        return Err(ShareError::NotAnAddress(playground.to_owned()));
    }
    let url = format!("{base}/__playground/share");
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(TIMEOUT)
        .build()
        .expect("a plain HTTP client always builds");
    let answer = client
        .post(&url)
        .json(body)
        .send()
        .await
        .map_err(|source| ShareError::Unreachable {
            url: base.to_owned(),
            source,
        })?;
    let status = answer.status();
    if status.is_success() {
        return Ok(());
    }
    // The playground explains itself as {"error": "..."}; anything else is not one.
    let message = match answer.json::<Value>().await {
        Ok(error) => error["error"]
            .as_str()
            .unwrap_or("no reason given")
            .to_owned(),
        Err(_) => "that address answers, but not as a playground".to_owned(),
    };
    Err(ShareError::Refused {
        url: base.to_owned(),
        status: status.as_u16(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_address_must_be_a_url() {
        for wrong in ["192.168.1.20:3000", "localhost", "http://x/?token=1"] {
            let error = share(wrong, &json!({})).await.unwrap_err();
            assert!(
                matches!(error, ShareError::NotAnAddress(_)),
                "{wrong}: {error}"
            );
        }
    }

    #[tokio::test]
    async fn an_unreachable_playground_says_so() {
        // A port nothing listens on: bind one, then free it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let error = share(&format!("http://127.0.0.1:{port}"), &json!({}))
            .await
            .unwrap_err();
        assert!(matches!(error, ShareError::Unreachable { .. }), "{error}");
        assert!(error.to_string().contains("is it running"), "{error}");
    }
}
