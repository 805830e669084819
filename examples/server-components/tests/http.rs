//! What `/dashboard` answers: in-process with `oneshot` for headers and body
//! markers, and once on a real socket to see the late chunk arrive late.

use mini_next::testing::{call, get, request, serve_on_loopback};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const VARY: &str = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding";
const DYNAMIC: &str = "private, no-cache, no-store, max-age=0, must-revalidate";

fn app() -> axum::Router {
    example_server_components::app()
}

/// The row whose payload starts with `prefix`, and its id.
fn row_starting<'a>(rows: &[&'a str], prefix: &str) -> (&'a str, &'a str) {
    rows.iter()
        .find_map(|row| {
            let (id, payload) = row.split_once(':')?;
            payload.starts_with(prefix).then_some((id, payload))
        })
        .unwrap_or_else(|| panic!("no row starting with {prefix:?} in {rows:#?}"))
}

#[tokio::test]
async fn html_streams_the_shell_then_the_suspense_content() {
    let answer = call(app(), get("/dashboard", &[])).await;
    let body = answer.text();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("vary"), VARY);
    assert_eq!(answer.header("x-powered-by"), "Next.js");
    assert_eq!(answer.header("cache-control"), DYNAMIC);
    assert_eq!(answer.header("content-type"), "text/html; charset=utf-8");
    assert!(body.starts_with("<!DOCTYPE html><html lang=\"en\"><head>"));
    assert!(body.contains("<li>alpha</li><li>beta</li><li>gamma</li>"));
    assert!(body.contains("<button>Count: <!-- -->3</button>"));
    assert!(body.contains("<!--$?--><template id=\"B:0\"></template><p>Loading…</p><!--/$-->"));
    assert!(body.contains("<script>(self.__next_f=self.__next_f||[]).push([0])</script>"));
    assert!(body.contains("<div hidden id=\"S:0\"><p>Slow panel ready at <!-- -->"));
    assert!(body.contains("$RC(\"B:0\",\"S:0\")</script>"));
    assert!(body.ends_with("</body></html>"));
    // The late row and HTML come after the shell's rows, in that order.
    let shell_rows = body.find("self.__next_f.push([1,\"").unwrap();
    let late_row = body.rfind("self.__next_f.push([1,\"").unwrap();
    let hidden = body.find("<div hidden id=\"S:0\">").unwrap();
    assert!(shell_rows < late_row && late_row < hidden);
    assert!(body[late_row..hidden].contains("Slow panel ready at "));
}

#[tokio::test]
async fn rsc_without_the_right_param_is_redirected() {
    for uri in ["/dashboard", "/dashboard?_rsc=wrong"] {
        let answer = call(app(), get(uri, &[("rsc", "1")])).await;
        assert_eq!(answer.status, 307);
        assert_eq!(answer.header("location"), "/dashboard?_rsc");
        assert!(answer.headers.get("vary").is_none());
        assert_eq!(answer.text(), "");
    }
    let prefetch = get("/dashboard", &[("rsc", "1"), ("next-router-prefetch", "1")]);
    let answer = call(app(), prefetch).await;
    assert_eq!(
        answer.header("location"),
        "/dashboard?_rsc=HEAvJdHAQJrUAe2K"
    );
}

#[tokio::test]
async fn rsc_sends_flight_rows() {
    let answer = call(app(), get("/dashboard?_rsc", &[("rsc", "1")])).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), "text/x-component");
    assert_eq!(answer.header("vary"), VARY);
    assert_eq!(answer.header("cache-control"), DYNAMIC);
    assert!(answer.headers.get("x-powered-by").is_none());
    let body = answer.text();
    let rows: Vec<&str> = body.lines().collect();
    let (_, root) = row_starting(&rows, "{\"q\":\"\"");
    assert!(root.contains("\"b\":\"RDyLhQjjpiIHxLzC-bPPV\""));
    // The counter is a client reference, the page's element points at it.
    let (counter, _) = row_starting(&rows, "I[1001,");
    let (suspense, _) = row_starting(&rows, "\"$Sreact.suspense\"");
    let (_, page) = row_starting(&rows, "[\"$\",\"main\"");
    assert!(page.contains(&format!("[\"$\",\"$L{counter}\",null,{{\"start\":3}}]")));
    assert!(page.contains(&format!("[\"$\",\"${suspense}\",null,{{\"fallback\"")));
    // The slow panel comes last, in the row the boundary's children point at.
    let (slow, _) = row_starting(&rows, "[\"$\",\"p\",null,{\"children\":[\"Slow");
    assert!(page.contains(&format!("\"children\":\"$L{slow}\"")));
    assert!(rows.last().unwrap().starts_with(&format!("{slow}:")));
}

#[tokio::test]
async fn prefetch_sends_only_the_segment_tree() {
    let request = get(
        "/dashboard?_rsc=HEAvJdHAQJrUAe2K",
        &[("rsc", "1"), ("next-router-prefetch", "1")],
    );
    let answer = call(app(), request).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), "text/x-component");
    let body = answer.text();
    // The route's shape, down to the page, but none of the page's elements.
    assert!(body.contains("{\"s\":\"__PAGE__\""));
    assert!(body.contains("{\"s\":\"dashboard\""));
    assert!(body.lines().last().unwrap().starts_with("0:{\"q\":\"\""));
    assert!(!body.contains("Dashboard"), "{body}");
}

#[tokio::test]
async fn base_path_reaches_script_urls_and_redirects() {
    let app = mini_next::with_base_path(app(), "/x/sc");
    let page = call(app.clone(), get("/x/sc/dashboard", &[])).await.text();
    assert!(page.contains("<script src=\"/x/sc/_next/static/chunks/app-dashboard-counter.js\""));
    let redirect = call(app.clone(), get("/x/sc/dashboard", &[("rsc", "1")])).await;
    assert_eq!(redirect.header("location"), "/x/sc/dashboard?_rsc");
    let script = get("/x/sc/_next/static/chunks/app-dashboard-counter.js", &[]);
    assert_eq!(call(app, script).await.status, 200);
}

#[tokio::test]
async fn head_has_the_headers_and_no_body() {
    let answer = call(app(), request("HEAD", "/dashboard", &[], "")).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(answer.text(), "");
}

/// On a real socket: the shell arrives after the page's 50 ms of data, the
/// Suspense content ~800 ms later, in the same response.
#[tokio::test]
async fn the_late_chunk_really_arrives_late() {
    let addr = serve_on_loopback(app()).await;

    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    socket
        .write_all(b"GET /dashboard HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut received = String::new();
    let mut shell_at = None;
    let mut late_at = None;
    let mut buffer = [0u8; 16 * 1024];
    loop {
        let n = socket.read(&mut buffer).await.unwrap();
        if n == 0 {
            break;
        }
        received.push_str(&String::from_utf8_lossy(&buffer[..n]));
        if shell_at.is_none() && received.contains("<template id=\"B:0\">") {
            shell_at = Some(started.elapsed());
        }
        if late_at.is_none() && received.contains("<div hidden id=\"S:0\">") {
            late_at = Some(started.elapsed());
        }
    }
    let (shell_at, late_at) = (shell_at.unwrap(), late_at.unwrap());
    assert!(
        shell_at >= Duration::from_millis(45),
        "shell at {shell_at:?}"
    );
    assert!(
        late_at - shell_at >= Duration::from_millis(700),
        "shell at {shell_at:?}, late content at {late_at:?}"
    );
    assert!(received.starts_with("HTTP/1.1 200 OK\r\n"));
    assert!(received.contains("transfer-encoding: chunked\r\n"));
    assert!(received.ends_with("</body></html>\r\n0\r\n\r\n"));
}

#[tokio::test]
async fn a_page_with_loading_sends_the_fallback_in_the_shell() {
    let answer = call(app(), get("/slow", &[])).await;
    assert_eq!(answer.status, 200);
    let body = answer.text();
    let fallback =
        body.find(r#"<!--$?--><template id="B:0"></template><p id="loading">Loading…</p>"#);
    let page = body.find(r#"<div hidden id="S:0"><main><h1>Slow page</h1>"#);
    assert!(fallback.unwrap() < page.unwrap(), "{body}");
    assert!(
        body.contains(r#"\"LoadingBoundaryProvider\""#),
        "the segment holds its loading"
    );
}

#[tokio::test]
async fn not_found_while_rendering_is_a_404_with_an_error_row() {
    let answer = call(app(), get("/missing", &[])).await;
    assert_eq!(answer.status, 404);
    let body = answer.text();
    assert!(body.starts_with(r#"<!DOCTYPE html><html id="__next_error__"><head>"#));
    assert!(body.contains(r#"<meta name="robots" content="noindex"/>"#));
    assert!(body.contains(r#"E{\"digest\":\"NEXT_HTTP_ERROR_FALLBACK;404\"}"#));
    // In a navigation the status stays 200: the router reads the row.
    let rsc = call(app(), get("/missing?_rsc", &[("rsc", "1")])).await;
    assert_eq!(rsc.status, 200);
    assert!(rsc
        .text()
        .contains(r#"E{"digest":"NEXT_HTTP_ERROR_FALLBACK;404"}"#));
}

#[tokio::test]
async fn redirect_while_rendering_is_a_307_to_the_target() {
    let answer = call(app(), get("/moved", &[])).await;
    assert_eq!(answer.status, 307);
    assert_eq!(answer.header("location"), "/slow");
    assert!(answer
        .text()
        .contains(r#"NEXT_REDIRECT;replace;/slow;307;"#));
    let rsc = call(app(), get("/moved?_rsc", &[("rsc", "1")])).await;
    assert_eq!(rsc.status, 200);
    assert!(rsc
        .text()
        .contains(r#"E{"digest":"NEXT_REDIRECT;replace;/slow;307;"}"#));
}
