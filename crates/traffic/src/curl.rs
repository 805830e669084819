//! Renders a recorded request as a curl command a reader can paste into a shell.
//!
//! The only implementation: the book's panels carry its output, and the playground
//! serves it at `/__playground/exchanges/<id>.curl`.

use crate::exchange::Exchange;
use crate::replay;

/// Headers curl sets by itself; repeating them would only add noise.
const LEFT_TO_CURL: &[&str] = &["host", "content-length", "connection", "user-agent"];

/// A `curl -i` command that replays `exchange.request` where [`replay::base_url`] says,
/// for a playground at `playground_origin` (for example `http://127.0.0.1:3000`).
pub fn to_curl(exchange: &Exchange, playground_origin: &str) -> String {
    to_curl_at(exchange, &replay::base_url(exchange, playground_origin))
}

/// A `curl -i` command that sends `exchange.request` to `base` itself, for a server
/// that is not behind the playground (an exercise's own port, say).
pub fn to_curl_at(exchange: &Exchange, base: &str) -> String {
    let request = &exchange.request;
    let mut parts = vec!["curl -i".to_string()];
    if request.method != "GET" || request.body.size > 0 {
        parts.push(format!("-X {}", request.method));
    }
    if request.method == "HEAD" {
        parts[0] = "curl -I".to_string();
        parts.pop();
    }
    parts.push(shell_quote(&format!(
        "{}{}",
        base.trim_end_matches('/'),
        request.path
    )));
    for (name, value) in &request.headers {
        if !LEFT_TO_CURL.contains(&name.to_ascii_lowercase().as_str()) {
            parts.push(format!("-H {}", shell_quote(&format!("{name}: {value}"))));
        }
    }
    // A body the recording cut short cannot be typed in: sending the part we kept
    // would be another request (a size-limit test would suddenly pass). Like binary
    // bodies, it is read from a file the reader provides.
    if request.body.truncated {
        parts.push("--data-binary @body.bin".to_string());
    } else if let Some(text) = &request.body.text {
        parts.push(format!("--data-raw {}", shell_quote(text)));
    } else if request.body.base64.is_some() {
        parts.push("--data-binary @body.bin".to_string());
    }
    parts.join(" \\\n  ")
}

/// POSIX single quoting: `'` becomes `'\''`.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::*;

    fn request(method: &str, body: &[u8]) -> Exchange {
        Exchange {
            id: 0,
            example: "api-routes".into(),
            scenario: None,
            started_unix_ms: 0,
            request: RecordedRequest {
                method: method.into(),
                path: "/api/hello?name=O'Brien".into(),
                headers: vec![
                    ("host".into(), "x".into()),
                    ("content-type".into(), "application/json".into()),
                ],
                body: Body::capture(body, 100),
            },
            response: None,
            chunks: vec![],
            error: None,
        }
    }

    #[test]
    fn quotes_and_skips_headers_curl_sets() {
        let curl = to_curl(&request("POST", b"{\"it's\":1}"), "http://127.0.0.1:3000");
        assert_eq!(
            curl,
            "curl -i \\\n  -X POST \\\n  'http://127.0.0.1:3000/x/api-routes/api/hello?name=O'\\''Brien' \\\n  -H 'content-type: application/json' \\\n  --data-raw '{\"it'\\''s\":1}'"
        );
    }

    #[test]
    fn a_body_cut_short_by_the_recording_is_read_from_a_file() {
        let mut ex = request("POST", &[b'x'; 200]);
        assert!(ex.request.body.truncated);
        let curl = to_curl(&ex, "http://h");
        assert!(curl.ends_with("--data-binary @body.bin"), "{curl}");
        assert!(!curl.contains("xxx"), "{curl}");
        ex.request.body = Body::capture(b"short", 100);
        assert!(to_curl(&ex, "http://h").ends_with("--data-raw 'short'"));
    }

    #[test]
    fn a_server_of_its_own_is_called_at_its_own_address() {
        let curl = to_curl_at(&request("GET", b""), "http://127.0.0.1:4005");
        assert!(
            curl.contains("'http://127.0.0.1:4005/api/hello?name=O'"),
            "{curl}"
        );
    }

    #[test]
    fn head_uses_dash_capital_i() {
        let curl = to_curl(&request("HEAD", b""), "http://h");
        assert!(
            curl.starts_with("curl -I \\\n  'http://h/x/api-routes/api/hello"),
            "{curl}"
        );
    }
}
