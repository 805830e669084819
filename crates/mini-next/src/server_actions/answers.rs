//! The answers to an action call: the flight envelope, refusals, errors and
//! redirects, as Next.js sends them.

use crate::app_router::{ACTION_CACHE_CONTROL, VARY, VARY_WITH_ENCODING};
use crate::build::BUILD_ID;
use crate::etag::etag;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use flight::write as rows;
use serde_json::{json, Map, Value};

/// Row 0 of every answer to a JS call: `"a"` is a promise that row 1 resolves with
/// the action's result; `"t"`, when the action revalidated the page, is the page's
/// new segment tree, whose rows come in the same answer; `"b"` the build id.
pub fn envelope(tree: Option<Value>) -> Value {
    let mut head = Map::new();
    head.insert("a".into(), rows::promise(1));
    head.insert("q".into(), json!(""));
    head.insert("i".into(), json!(false));
    if let Some(tree) = tree {
        head.insert("t".into(), json!({ "t": tree }));
    }
    head.insert("b".into(), json!(BUILD_ID));
    Value::Object(head)
}

/// `200` with a result: the page's rows after `revalidatePath` (`page_rows`), row 0
/// (the envelope, with the page's tree if there is one), the rows the result refers
/// to (`result_rows`: a `Map`'s entries, a `FormData`'s fields…), then row 1, the
/// result's model. That is the order Next.js 16.4.6 sends them in.
pub fn result_answer(
    page_rows: impl Into<Vec<u8>>,
    tree: Option<Value>,
    result_rows: impl Into<Vec<u8>>,
    result: &Value,
) -> Response {
    let revalidated = tree
        .as_ref()
        .map(|_| ("x-action-revalidated", "1".to_owned()));
    let extra: Vec<_> = revalidated.into_iter().collect();
    result_answer_with(page_rows, tree, result_rows, result, &extra)
}

/// [`result_answer`] with the headers the action's effects call for
/// (`x-action-revalidated`, `set-cookie`).
pub(super) fn result_answer_with(
    page_rows: impl Into<Vec<u8>>,
    tree: Option<Value>,
    result_rows: impl Into<Vec<u8>>,
    result: &Value,
    extra: &[(&str, String)],
) -> Response {
    let mut body: Vec<u8> = page_rows.into();
    body.extend(rows::model_row(0, &envelope(tree)).into_bytes());
    body.extend(result_rows.into());
    body.extend(rows::model_row(1, result).into_bytes());
    flight_answer(StatusCode::OK, ACTION_CACHE_CONTROL, extra, body)
}

/// A refusal: the flight error row for a JS call, the Pages Router 500 page for a form.
pub fn refused(fetch: bool, digest: &str, cache_control: &str) -> Response {
    if fetch {
        flight_error(digest, cache_control)
    } else {
        crate::error_page::internal_server_error(cache_control)
    }
}

/// 500 with `0:{"a":"$@1",…}` and `1:E{"digest":…}`: the promise the client awaits
/// rejects, with no message.
pub fn flight_error(digest: &str, cache_control: &str) -> Response {
    let body = rows::model_row(0, &envelope(None)) + &rows::error_row(1, digest);
    flight_answer(StatusCode::INTERNAL_SERVER_ERROR, cache_control, &[], body)
}

/// A flight answer: the App Router's `Vary`, then `cache_control`, the `extra`
/// headers (`x-action-revalidated`…) and `text/x-component`, the body chunked.
pub fn flight_answer(
    status: StatusCode,
    cache_control: &str,
    extra: &[(&str, String)],
    body: impl Into<Vec<u8>>,
) -> Response {
    let mut response = Response::new(crate::node::chunked(body.into()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    set(headers, "vary", VARY_WITH_ENCODING);
    set(headers, "cache-control", cache_control);
    for (name, value) in extra {
        append(headers, name, value);
    }
    set(headers, "content-type", "text/x-component");
    response
}

/// 400/409 `text/plain` with `x-nextjs-action-not-found: 1`, a known length and an ETag.
pub fn unrecognized_action(status: StatusCode) -> Response {
    let text = if status == StatusCode::BAD_REQUEST {
        "Invalid Server Action request."
    } else {
        "Server Action unavailable."
    };
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    set(headers, "vary", VARY_WITH_ENCODING);
    set(headers, "cache-control", ACTION_CACHE_CONTROL);
    set(headers, "x-nextjs-action-not-found", "1");
    set(headers, "content-type", "text/plain");
    set(headers, "etag", &etag(text));
    response
}

/// `303 See Other` to `location`, empty chunked body: the browser GETs the target.
pub fn see_other(location: &str) -> Response {
    let mut response = Response::new(crate::node::chunked(""));
    *response.status_mut() = StatusCode::SEE_OTHER;
    let headers = response.headers_mut();
    set(headers, "vary", VARY);
    set(headers, "cache-control", ACTION_CACHE_CONTROL);
    set(headers, "location", location);
    response
}

pub fn set(headers: &mut HeaderMap, name: &str, value: &str) {
    let (name, value) = header_pair(name, value);
    headers.insert(name, value);
}

/// Adds a header line, keeping earlier ones of the same name (`set-cookie`).
pub fn append(headers: &mut HeaderMap, name: &str, value: &str) {
    let (name, value) = header_pair(name, value);
    headers.append(name, value);
}

fn header_pair(name: &str, value: &str) -> (header::HeaderName, HeaderValue) {
    let name = header::HeaderName::from_bytes(name.as_bytes()).expect("a valid header name");
    let value = HeaderValue::from_str(value).expect("a valid header value");
    (name, value)
}

pub fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_match_next() {
        assert_eq!(etag("Server Action unavailable."), "\"12kossu5bdaq\"");
        assert_eq!(etag("Invalid Server Action request."), "\"rzimw0714xu\"");
    }

    #[test]
    fn the_envelope_points_at_row_1_and_carries_the_tree_when_revalidated() {
        assert_eq!(
            envelope(None).to_string(),
            r#"{"a":"$@1","q":"","i":false,"b":"RDyLhQjjpiIHxLzC-bPPV"}"#
        );
        let with_tree = envelope(Some(json!({ "s": "" })));
        assert_eq!(with_tree["t"], json!({ "t": { "s": "" } }));
    }
}
