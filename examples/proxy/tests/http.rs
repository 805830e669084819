//! What the proxy example answers, checked in process: each of the proxy's outcomes,
//! and the routes it lets through.

use mini_next::testing::{call, get, Answer};
use serde_json::{json, Value};

async fn visit(uri: &str, headers: &[(&str, &str)]) -> Answer {
    call(example_proxy::app(), get(uri, headers)).await
}

fn json_of(answer: &Answer) -> Value {
    serde_json::from_slice(&answer.bytes).expect("a JSON body")
}

#[tokio::test]
async fn an_old_path_is_redirected_with_its_query_and_no_route_runs() {
    let answer = visit("/old/x?a=1", &[]).await;
    assert_eq!(answer.status, 307);
    assert_eq!(answer.header("location"), "/new/x?a=1");
    assert_eq!(answer.text(), "/new/x?a=1");
    assert!(answer.headers.get("vary").is_none(), "{:?}", answer.headers);
}

#[tokio::test]
async fn a_prefetch_is_redirected_without_the_router_s_rsc_parameter() {
    let answer = visit(
        "/old/x?_rsc=abc",
        &[("rsc", "1"), ("next-router-prefetch", "1")],
    )
    .await;
    assert_eq!(answer.status, 307);
    assert_eq!(answer.header("location"), "/new/x");
}

#[tokio::test]
async fn a_rewrite_shows_the_handler_the_new_url_and_passes_the_proxy_again() {
    let answer = visit("/rewrite/x", &[("host", "127.0.0.1:4321")]).await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        json_of(&answer),
        json!({
            "url": "http://localhost:4321/api/echo?from=x",
            "pathname": "/api/echo",
            "search": "?from=x",
            "from": "x",
        })
    );
    assert_eq!(
        answer.header("x-middleware-rewrite"),
        "http://localhost:4321/api/echo?from=x"
    );
    assert_eq!(answer.header("x-from-proxy"), "1");
}

#[tokio::test]
async fn every_api_answer_gets_the_proxy_s_header_even_a_404() {
    let echo = visit("/api/echo", &[]).await;
    assert_eq!(echo.status, 200);
    assert_eq!(echo.header("x-from-proxy"), "1");
    assert_eq!(json_of(&echo)["from"], Value::Null);
    let missing = visit("/api/nothing", &[]).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("x-from-proxy"), "1");
}

#[tokio::test]
async fn admin_without_the_cookie_is_a_401_for_visits_and_navigations_alike() {
    for headers in [&[][..], &[("rsc", "1")], &[("cookie", "role=user")]] {
        let answer = visit("/admin", headers).await;
        assert_eq!(answer.status, 401, "{headers:?}");
        assert_eq!(answer.header("content-type"), "application/json");
        assert_eq!(answer.header("vary"), "Accept-Encoding");
        assert_eq!(json_of(&answer), json!({"error": "unauthorized"}));
    }
}

#[tokio::test]
async fn admin_with_the_cookie_is_the_prerendered_page() {
    let answer = visit("/admin", &[("cookie", "role=admin")]).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("x-nextjs-cache"), "HIT");
    assert_eq!(answer.header("cache-control"), "s-maxage=31536000");
    assert!(answer.text().contains(r#"<h1 id="admin">Admin area</h1>"#));
    assert!(answer.headers.get("x-from-proxy").is_none());
}

#[tokio::test]
async fn a_path_outside_the_matcher_never_meets_the_proxy() {
    let answer = visit("/new/abc", &[]).await;
    assert_eq!(answer.status, 200);
    assert!(answer.headers.get("x-from-proxy").is_none());
    let html = answer.text();
    assert!(
        html.contains(r#"<h1 id="new">new/"#) && html.contains("abc</h1>"),
        "{html}"
    );
    // The dynamic folder [x], named in the segment tree as the router keys it.
    assert!(
        html.contains(r#"{\"n\":\"x\",\"t\":\"d\",\"k\":\"abc\",\"s\":[]}"#),
        "{html}"
    );
}
