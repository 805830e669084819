//! A panel's HAR file without a second copy of the exchange.
//!
//! The HAR of a recorded exchange is computed here (by `traffic::har`), never in the
//! page. But most of a HAR entry repeats the exchange the panel already carries: the
//! headers (as `{name, value}` objects) and the bodies. Embedding both would double
//! every chapter. So the parts that repeat the exchange are replaced by references,
//! and `traffic.js` (`resolveHar`) puts the exchange's own values back on download:
//!
//! - `{"$headers": "request"}` (or `"response"`): that message's headers, each
//!   `[name, value]` pair as `{"name": name, "value": value}`;
//! - `{"$body": "request"}` (or `"response"`): that body's `text`, else its `base64`.
//!
//! A part is replaced only when the reference gives back exactly the same value, so
//! resolving never changes the file (the tests check it against `traffic::har`).

use serde_json::{json, Value};
use traffic::Exchange;

/// The HAR of `exchange` (one entry) with its repeated parts replaced by references.
pub fn har_with_references(exchange: &Exchange, origin: &str) -> Value {
    let mut har = traffic::har::to_har(std::slice::from_ref(exchange), origin);
    let exchange = serde_json::to_value(exchange).expect("an exchange is always JSON");
    let entry = "/log/entries/0";
    for message in ["request", "response"] {
        let headers = format!("{entry}/{message}/headers");
        refer(
            &mut har,
            &headers,
            &exchange,
            json!({ "$headers": message }),
        );
    }
    let request_body = format!("{entry}/request/postData/text");
    refer(
        &mut har,
        &request_body,
        &exchange,
        json!({ "$body": "request" }),
    );
    let response_body = format!("{entry}/response/content/text");
    refer(
        &mut har,
        &response_body,
        &exchange,
        json!({ "$body": "response" }),
    );
    har
}

/// Puts `reference` at `pointer` in `har` if that part exists and the reference
/// resolves to exactly what it holds.
fn refer(har: &mut Value, pointer: &str, exchange: &Value, reference: Value) {
    let Some(slot) = har.pointer_mut(pointer) else {
        return;
    };
    if resolve(&reference, exchange).as_ref() == Some(slot) {
        *slot = reference;
    }
}

/// What a reference stands for in `exchange` (the exchange as JSON), as `traffic.js`
/// resolves it; `None` for anything that is not a reference.
pub fn resolve(reference: &Value, exchange: &Value) -> Option<Value> {
    if let Some(message) = reference["$headers"].as_str() {
        let pairs = exchange[message]["headers"].as_array()?;
        let objects = pairs
            .iter()
            .map(|pair| json!({ "name": pair[0], "value": pair[1] }))
            .collect();
        return Some(Value::Array(objects));
    }
    if let Some(message) = reference["$body"].as_str() {
        let body = &exchange[message]["body"];
        return Some(match (&body["text"], &body["base64"]) {
            (Value::String(text), _) => json!(text),
            (_, Value::String(base64)) => json!(base64),
            _ => json!(""),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use traffic::exchange::{Body, RecordedRequest, RecordedResponse};

    /// Every reference in `har` replaced by its value, as the page does it.
    fn resolve_all(har: &Value, exchange: &Value) -> Value {
        if let Some(value) = resolve(har, exchange) {
            return value;
        }
        match har {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), resolve_all(v, exchange)))
                    .collect(),
            ),
            Value::Array(items) => items.iter().map(|v| resolve_all(v, exchange)).collect(),
            other => other.clone(),
        }
    }

    fn exchange(request_body: &[u8], response_body: &[u8]) -> Exchange {
        Exchange {
            id: 0,
            example: "api-routes".into(),
            scenario: Some("post-json".into()),
            started_unix_ms: 1_700_000_000_000,
            request: RecordedRequest {
                method: "POST".into(),
                path: "/api/hello?name=Ada".into(),
                headers: vec![("content-type".into(), "application/json".into())],
                body: Body::capture(request_body, 1 << 20),
            },
            response: Some(RecordedResponse {
                status: 200,
                reason: "OK".into(),
                version: "HTTP/1.1".into(),
                headers: vec![
                    ("allow".into(), "GET".into()),
                    ("allow".into(), "POST".into()),
                ],
                body: Body::capture(response_body, 1 << 20),
                head_ms: 1.5,
                total_ms: 2.0,
            }),
            chunks: vec![],
            error: None,
        }
    }

    #[test]
    fn resolving_the_references_gives_back_the_whole_har() {
        let binary = [0x1f, 0x8b, 0x08, 0xff, 0xfe];
        for ex in [
            exchange(b"{\"name\":\"Ada\"}", b"{\"ok\":true}"),
            exchange(&binary, &binary),
            exchange(b"", b""),
        ] {
            let full = traffic::har::to_har(std::slice::from_ref(&ex), "http://127.0.0.1:3000");
            let small = har_with_references(&ex, "http://127.0.0.1:3000");
            let json = serde_json::to_value(&ex).unwrap();
            assert_eq!(resolve_all(&small, &json), full);
        }
    }

    #[test]
    fn headers_and_bodies_are_carried_once() {
        let ex = exchange(b"{\"name\":\"Ada\"}", b"{\"ok\":true}");
        let small = har_with_references(&ex, "http://127.0.0.1:3000");
        let entry = &small["log"]["entries"][0];
        assert_eq!(
            entry["request"]["headers"],
            json!({ "$headers": "request" })
        );
        assert_eq!(
            entry["response"]["headers"],
            json!({ "$headers": "response" })
        );
        assert_eq!(
            entry["request"]["postData"]["text"],
            json!({ "$body": "request" })
        );
        assert_eq!(
            entry["response"]["content"]["text"],
            json!({ "$body": "response" })
        );
        // A binary request body is "" in HAR, not its base64: that stays as it is.
        let binary = exchange(&[0xff, 0xfe], b"");
        let small = har_with_references(&binary, "http://127.0.0.1:3000");
        assert_eq!(
            small["log"]["entries"][0]["request"]["postData"]["text"],
            ""
        );
    }

    #[test]
    fn an_exchange_without_a_response_keeps_its_empty_response_as_is() {
        let mut ex = exchange(b"", b"");
        ex.response = None;
        ex.error = Some("connection refused".into());
        let full = traffic::har::to_har(std::slice::from_ref(&ex), "http://h");
        let small = har_with_references(&ex, "http://h");
        let response = &small["log"]["entries"][0]["response"];
        assert_eq!(response, &full["log"]["entries"][0]["response"]);
        let json = serde_json::to_value(&ex).unwrap();
        assert_eq!(resolve_all(&small, &json), full);
    }
}
