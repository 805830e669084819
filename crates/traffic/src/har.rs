//! HAR 1.2 export, so an exchange opens in browser devtools or any HTTP tool.
//!
//! Only the fields HAR requires plus the bodies; timings are split into `wait`
//! (until the response head) and `receive` (the body), which is what we measure.

use crate::exchange::{Exchange, Header};
use crate::replay;
use serde_json::{json, Value};

/// A HAR log holding `exchanges`, oldest first. URLs point where [`replay::base_url`]
/// says, for a playground at `origin` (like `http://127.0.0.1:3000`). The only
/// implementation: the book's panels carry its output, and the playground serves it at
/// `/__playground/exchanges/<id>.har`.
pub fn to_har(exchanges: &[Exchange], origin: &str) -> Value {
    json!({
        "log": {
            "version": "1.2",
            "creator": { "name": "nextjs-on-the-wire", "version": env!("CARGO_PKG_VERSION") },
            "entries": exchanges.iter().map(|e| entry(e, origin)).collect::<Vec<_>>(),
        }
    })
}

fn entry(ex: &Exchange, origin: &str) -> Value {
    let request = &ex.request;
    let (query, _) = split_query(&request.path);
    let mut req = json!({
        "method": request.method,
        "url": format!("{}{}", replay::base_url(ex, origin), request.path),
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": headers(&request.headers),
        "queryString": query,
        "headersSize": -1,
        "bodySize": request.body.size,
    });
    if request.body.size > 0 {
        req["postData"] = json!({
            "mimeType": request.header("content-type").unwrap_or(""),
            "text": request.body.text.clone().unwrap_or_default(),
        });
    }
    let (res, wait, receive) = match &ex.response {
        Some(r) => {
            let mut content = json!({
                "size": r.body.size,
                "mimeType": r.header("content-type").unwrap_or(""),
            });
            if let Some(text) = &r.body.text {
                content["text"] = json!(text);
            } else if let Some(b64) = &r.body.base64 {
                content["text"] = json!(b64);
                content["encoding"] = json!("base64");
            }
            let res = json!({
                "status": r.status,
                "statusText": r.reason,
                "httpVersion": r.version,
                "cookies": [],
                "headers": headers(&r.headers),
                "content": content,
                "redirectURL": r.header("location").unwrap_or(""),
                "headersSize": -1,
                "bodySize": r.body.size,
            });
            (res, r.head_ms, (r.total_ms - r.head_ms).max(0.0))
        }
        None => (
            json!({
                "status": 0, "statusText": "", "httpVersion": "", "cookies": [], "headers": [],
                "content": { "size": 0, "mimeType": "" }, "redirectURL": "",
                "headersSize": -1, "bodySize": -1,
                "_error": ex.error,
            }),
            0.0,
            0.0,
        ),
    };
    json!({
        "startedDateTime": iso8601(ex.started_unix_ms),
        "time": wait + receive,
        "request": req,
        "response": res,
        "cache": {},
        "timings": { "send": 0, "wait": wait, "receive": receive },
    })
}

fn headers(list: &[Header]) -> Vec<Value> {
    list.iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect()
}

/// Query pairs of `path`, undecoded, as HAR lists them.
fn split_query(path: &str) -> (Vec<Value>, &str) {
    let Some((before, query)) = path.split_once('?') else {
        return (Vec::new(), path);
    };
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            json!({ "name": name, "value": value })
        })
        .collect();
    (pairs, before)
}

/// `2026-11-24T09:55:15.123Z` for a Unix time in milliseconds: JavaScript's
/// `toISOString`, which the `flight` crate writes for dates on the wire too.
pub fn iso8601(unix_ms: u64) -> String {
    flight::js::iso_string(unix_ms as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::*;

    #[test]
    fn iso8601_matches_known_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(iso8601(1_795_513_615_000), "2026-11-24T09:46:55.000Z");
    }

    #[test]
    fn har_has_the_required_fields() {
        let ex = Exchange {
            id: 3,
            example: "api-routes".into(),
            scenario: None,
            started_unix_ms: 0,
            request: RecordedRequest {
                method: "POST".into(),
                path: "/api/hello?a=1&b".into(),
                headers: vec![("content-type".into(), "application/json".into())],
                body: Body::capture(b"{}", 10),
            },
            response: Some(RecordedResponse {
                status: 201,
                reason: "Created".into(),
                version: "HTTP/1.1".into(),
                headers: vec![("content-type".into(), "application/json".into())],
                body: Body::capture(b"{\"ok\":true}", 100),
                head_ms: 2.0,
                total_ms: 5.0,
            }),
            chunks: vec![],
            error: None,
        };
        let har = to_har(&[ex], "http://127.0.0.1:3000");
        let entry = &har["log"]["entries"][0];
        assert_eq!(har["log"]["version"], "1.2");
        assert_eq!(
            entry["request"]["url"],
            "http://127.0.0.1:3000/x/api-routes/api/hello?a=1&b"
        );
        assert_eq!(entry["request"]["queryString"][1]["name"], "b");
        assert_eq!(entry["request"]["postData"]["text"], "{}");
        assert_eq!(entry["response"]["status"], 201);
        assert_eq!(entry["response"]["content"]["text"], "{\"ok\":true}");
        assert_eq!(entry["timings"]["receive"], 3.0);
    }
}
