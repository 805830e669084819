//! Marks every book page the playground serves, so the page knows it is live.
//!
//! The same built pages are published as a static site, where no playground answers.
//! The panels used to ask `/__playground/health` to find out, which on a static site
//! is a failing request and a console error on every page. Instead the playground adds
//! a `<meta>` to the HTML it serves; `traffic.js` looks for it and asks nothing.

use axum::body::{to_bytes, Body};
use axum::http::header;
use axum::response::Response;

/// The `<meta>` that `book/assets/traffic.js` looks for (`PLAYGROUND_MARKER` there).
pub const MARKER: &str = "<meta name=\"nextjs-on-the-wire-playground\" content=\"live\">";

/// Book pages are a few hundred KB; anything larger is passed on untouched.
const MAX_PAGE: usize = 16 * 1024 * 1024;

/// Adds [`MARKER`] to an HTML response; any other response passes through.
pub async fn mark_html(response: Response) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE).await else {
        // Too large (or a read error): the body is gone, so say so rather than send half.
        return Response::builder()
            .status(500)
            .body(Body::from("the page is too large to serve"))
            .expect("a static response");
    };
    let marked = match std::str::from_utf8(&bytes) {
        Ok(html) => insert_marker(html).into_bytes(),
        Err(_) => bytes.to_vec(),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(marked))
}

/// Puts the marker right after `<head>` (or first, for a fragment without one).
pub fn insert_marker(html: &str) -> String {
    let at = html.find("<head>").map(|i| i + "<head>".len()).unwrap_or(0);
    format!("{}{MARKER}{}", &html[..at], &html[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_goes_into_the_head() {
        let page = "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>";
        let marked = insert_marker(page);
        assert_eq!(marked.matches(MARKER).count(), 1);
        let head = &marked[marked.find("<head>").unwrap()..marked.find("</head>").unwrap()];
        assert!(head.contains(MARKER), "{marked}");
        assert!(marked.ends_with("<body></body></html>"));
        // A fragment without <head> still gets it.
        assert!(insert_marker("<p>hi</p>").starts_with(MARKER));
    }

    #[tokio::test]
    async fn only_html_responses_are_marked() {
        let html = Response::builder()
            .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
            .header(header::CONTENT_LENGTH, "24")
            .body(Body::from("<head></head><p>hi</p>"))
            .unwrap();
        let marked = mark_html(html).await;
        assert!(marked.headers().get(header::CONTENT_LENGTH).is_none());
        let text = to_bytes(marked.into_body(), 1024).await.unwrap();
        assert_eq!(text, format!("<head>{MARKER}</head><p>hi</p>").as_bytes());

        let css = Response::builder()
            .header(header::CONTENT_TYPE, "text/css")
            .body(Body::from("head{}"))
            .unwrap();
        let text = to_bytes(mark_html(css).await.into_body(), 1024)
            .await
            .unwrap();
        assert_eq!(text, "head{}".as_bytes());
    }
}
