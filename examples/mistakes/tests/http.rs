//! What the chapter "Common mistakes" claims, checked against the model. Requests
//! go through `oneshot` where a single request shows it; the two demonstrations in
//! which the server calls itself (mistakes 3 and 6) run on a real port.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use example_mistakes::{app, hidden_button, inline_prop, parallel, use_server_component};
use mini_next::testing::call;
use serde_json::{json, Value};

async fn send(request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let answer = call(app(), request).await;
    let text = answer.text();
    (answer.status, answer.headers, text)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).map_or("", |v| v.to_str().unwrap())
}

/// A call as Next's client sends it: `Next-Action` and the JSON argument list.
fn action_call(path: &str, id: &str, args: &str) -> Request<Body> {
    Request::post(path)
        .header("next-action", id)
        .header("accept", "text/x-component")
        .header("content-type", "text/plain;charset=UTF-8")
        .body(Body::from(args.to_owned()))
        .unwrap()
}

/// Row 1 of an action's answer: the value the action returned.
fn row_1(flight: &str) -> Value {
    let row = flight.lines().find_map(|l| l.strip_prefix("1:")).unwrap();
    serde_json::from_str(row).unwrap()
}

#[test]
fn action_ids_equal_the_reference_build() {
    // From reference/nextjs/.next/server/server-reference-manifest.json.
    assert_eq!(
        use_server_component::greeting_id(),
        "40cddc2268ddf4316baf8553ab933146dbaea1b34c"
    );
    assert_eq!(
        parallel::slow_step_id(),
        "4024d3f2eafd310a794559c55285f12737bd7260af"
    );
    assert_eq!(
        inline_prop::like_id(),
        "00a6f23b04839b123a0f13409ef602701037a1947b"
    );
    let registry = hidden_button::registry();
    assert_eq!(
        registry.id("deleteProduct"),
        "407a780382f7497b3349d35954ef760ba700b60247"
    );
    assert_eq!(
        registry.id("deleteProductSafely"),
        "407a72fb6305450bb0054088e65710a405b4c1e62a"
    );
    assert_eq!(
        example_mistakes::fetching_with_actions::registry().id("getProducts"),
        "00f3fed04c88d311a2c9b9d0495fef733d546bd728"
    );
}

#[tokio::test]
async fn reading_with_an_action_is_an_uncacheable_post_and_the_fixes_are_gets() {
    let call = action_call(
        "/mistakes/products",
        "00f3fed04c88d311a2c9b9d0495fef733d546bd728",
        "[]",
    );
    let (status, head, body) = send(call).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header(&head, "cache-control"),
        "no-cache, no-store, max-age=0, must-revalidate"
    );
    assert_eq!(row_1(&body)[0]["name"], "Kettle");

    let get = Request::get("/mistakes/products/api")
        .body(Body::empty())
        .unwrap();
    let (status, head, body) = send(get).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&head, "cache-control"), "s-maxage=31536000");
    assert_eq!(header(&head, "x-nextjs-cache"), "HIT");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()[2]["name"],
        "Mug"
    );

    let rsc = Request::get("/mistakes/products/server?_rsc")
        .header("rsc", "1")
        .body(Body::empty())
        .unwrap();
    let (status, head, body) = send(rsc).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&head, "content-type"), "text/x-component");
    assert!(body.contains("Kettle") && body.contains("Teapot"));
}

#[tokio::test]
async fn a_use_server_component_renders_for_any_caller() {
    let call = action_call(
        "/mistakes/use-server-component",
        &use_server_component::greeting_id(),
        r#"[{"name":"Mallory"}]"#,
    );
    let (status, _, body) = send(call).await;
    assert_eq!(status, StatusCode::OK);
    let element = row_1(&body);
    assert_eq!(element[0], "$");
    assert_eq!(element[1], "p");
    assert_eq!(element[3]["children"][1], "Mallory");

    let bad = action_call(
        "/mistakes/use-server-component",
        &use_server_component::greeting_id(),
        "not json",
    );
    let (status, _, body) = send(bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("JSON array"));
}

#[tokio::test]
async fn request_body_is_a_stream_in_route_handlers_and_parsed_in_pages_api() {
    let post = |path: &str| {
        Request::post(path)
            .header("content-type", "application/json")
            .body(Body::from(r#"{"name":"Ada","qty":2}"#))
            .unwrap()
    };
    let parsed = json!({ "name": "Ada", "qty": 2 });
    let (_, _, body) = send(post("/mistakes/echo")).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["received"],
        json!({})
    );
    let (_, _, body) = send(post("/mistakes/echo/fixed")).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["received"],
        parsed
    );
    let (_, _, body) = send(post("/api/mistakes/echo")).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["received"],
        parsed
    );
}

#[tokio::test]
async fn unawaited_params_lose_the_id() {
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
    let (_, _, body) = send(get("/mistakes/params/7")).await;
    assert_eq!(body, r#"{"typeofParams":"object","paramsIsPromise":true}"#);
    let (_, _, body) = send(get("/mistakes/params/7/fixed")).await;
    assert_eq!(body, r#"{"id":"7","typeofParams":"object"}"#);
}

#[tokio::test]
async fn a_hidden_button_protects_nothing_a_check_in_the_action_does() {
    let page = Request::get("/mistakes/admin").body(Body::empty()).unwrap();
    let (_, _, html) = send(page).await;
    assert!(html.contains("Kettle") && !html.contains("<button>Delete</button>"));
    let page = Request::get("/mistakes/admin")
        .header(
            "cookie",
            format!("session={}", hidden_button::ADMIN_SESSION),
        )
        .body(Body::empty())
        .unwrap();
    let (_, _, html) = send(page).await;
    assert!(html.contains("<button>Delete</button>"));

    let registry = hidden_button::registry();
    let unchecked = action_call("/mistakes/admin", registry.id("deleteProduct"), r#"["2"]"#);
    let (status, _, body) = send(unchecked).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(row_1(&body)["deleted"], "2");

    let safe_id = registry.id("deleteProductSafely");
    let refused = action_call("/mistakes/admin/fixed", safe_id, r#"["1"]"#);
    let (_, _, body) = send(refused).await;
    assert_eq!(row_1(&body)["error"], "Only admins may delete products.");

    let mut admin = action_call("/mistakes/admin/fixed", safe_id, r#"["1"]"#);
    admin.headers_mut().insert(
        "cookie",
        format!("session={}", hidden_button::ADMIN_SESSION)
            .parse()
            .unwrap(),
    );
    let (_, _, body) = send(admin).await;
    assert_eq!(row_1(&body), json!({ "deleted": "1", "remaining": ["3"] }));
}

#[tokio::test]
async fn an_inline_action_travels_to_a_client_component_as_a_reference() {
    let page = Request::get("/mistakes/inline-prop")
        .body(Body::empty())
        .unwrap();
    let (_, _, html) = send(page).await;
    assert!(html.contains(r#"\"likeAction\":\"$h"#));
    assert!(html.contains(&format!(
        r#"{{\"id\":\"{}\",\"bound\":null}}"#,
        inline_prop::like_id()
    )));
    let call = action_call("/mistakes/inline-prop", &inline_prop::like_id(), "[]");
    let (status, _, body) = send(call).await;
    assert_eq!(status, StatusCode::OK);
    assert!(row_1(&body).as_u64().unwrap() >= 1);
}

/// Starts the whole app on a free loopback port, for the pages that call their
/// own server over HTTP.
async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
    format!("http://{address}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_page_that_fetches_its_own_api_costs_a_request_and_the_direct_call_does_not() {
    let base = serve().await;
    let get = |path: &str| reqwest::get(format!("{base}{path}"));
    let hits = |v: Value| v["hits"].as_u64().unwrap();
    let before = hits(
        get("/mistakes/hits/api")
            .await
            .unwrap()
            .json()
            .await
            .unwrap(),
    );
    let page = get("/mistakes/hits").await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("Hits: <!-- -->{}", before + 1)));
    let after = hits(
        get("/mistakes/hits/api")
            .await
            .unwrap()
            .json()
            .await
            .unwrap(),
    );
    assert_eq!(
        after,
        before + 2,
        "the page's render made one request of its own"
    );
    let direct = get("/mistakes/hits/direct")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(direct.contains(&format!("Hits: <!-- -->{after}")));
    let last = hits(
        get("/mistakes/hits/api")
            .await
            .unwrap()
            .json()
            .await
            .unwrap(),
    );
    assert_eq!(last, after + 1, "the direct page counted nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_server_runs_two_action_posts_at_once() {
    let id = parallel::slow_step_id();
    // Two tasks, as two connections to a server are: each request runs on its own.
    let a = tokio::spawn(send(action_call("/mistakes/parallel", &id, r#"["a"]"#)));
    let b = tokio::spawn(send(action_call("/mistakes/parallel", &id, r#"["b"]"#)));
    let (a, b) = (row_1(&a.await.unwrap().2), row_1(&b.await.unwrap().2));
    let t = |v: &Value, f: &str| v[f].as_u64().unwrap();
    // Orderings, not milliseconds: each started before the other finished.
    assert!(t(&a, "started") < t(&b, "finished") && t(&b, "started") < t(&a, "finished"));

    let base = serve().await;
    let race: Value = reqwest::get(format!("{base}/mistakes/parallel/race"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(race["overlapped"], true);
}

#[test]
fn next_client_sends_the_second_call_after_the_first_answer() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../reference/nextjs/transcripts/next-16.4.6/mistakes/browser/parallel-queue.json"
    );
    let recording: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let posts = recording["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 2);
    assert!(posts[1]["sentMs"].as_u64() >= posts[0]["answerFinishedMs"].as_u64());
    let steps = recording["serverSteps"].as_array().unwrap();
    assert!(steps[1]["startedMs"].as_u64() >= steps[0]["finishedMs"].as_u64());
}

#[tokio::test]
async fn the_own_api_page_never_fetches_from_a_forged_host() {
    for path in ["/mistakes/hits", "/mistakes/parallel/race"] {
        let request = Request::get(path)
            .header("host", "10.0.0.7")
            .body(Body::empty())
            .unwrap();
        let (status, _, _) = send(request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
    }
}

/// The panels name an action from `book-data/actions.json`; it must list every action
/// this example registers, under the name the registry gives it.
#[test]
fn the_book_names_every_action_of_this_example() {
    mini_next::testing::assert_actions_listed(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../book-data/actions.json"),
        &[
            example_mistakes::fetching_with_actions::registry(),
            example_mistakes::hidden_button::registry(),
        ],
    );
}
