//! What the guestbook answers, checked in-process with `oneshot`.
//!
//! The entries and the greet counter are process-wide state (like the module-level
//! variables in `actions.ts`) and tests run in parallel, so each test adds names of
//! its own and never relies on counts.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use mini_next::testing::{multipart, BOUNDARY};

const ADD_ENTRY: &str = "40fb502ec5f7ed86816baf09034ab7f9934f8498ea";
const ADD_AND_REDIRECT: &str = "403bccb62480562af74c014e290a8ceb6f720f156d";
const GREET: &str = "400cffe003d9f8e1338e139ae5983be593ffc1af8b";
const ADD_NOTE: &str = "6050c354d78d9452a691b43aee9c654d54a385a103";
const VARY: &str =
    "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";
const HOST: &str = "guestbook.example";
const ORIGIN: &str = "http://guestbook.example";
const ACTION_CACHE: &str = "no-cache, no-store, max-age=0, must-revalidate";
const GET_CACHE: &str = "private, no-cache, no-store, max-age=0, must-revalidate";

async fn call_app(app: Router, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let answer = mini_next::testing::call(app, request).await;
    let text = answer.text();
    (answer.status, answer.headers, text)
}

async fn call(request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    call_app(example_server_actions::app(), request).await
}

/// A form posted by a browser without JavaScript.
fn form_post(fields: &[(&str, &str)]) -> Request<Body> {
    Request::post("/guestbook")
        .header("host", HOST)
        .header("origin", ORIGIN)
        .header("accept", "text/html")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(multipart(fields).1))
        .unwrap()
}

/// A call from the client's JavaScript, with `extra` headers added or replacing ours.
fn js_call(
    action: &str,
    content_type: &str,
    body: impl Into<Body>,
    extra: &[(&str, &str)],
) -> Request<Body> {
    let mut builder = Request::post("/guestbook")
        .header("accept", "text/x-component")
        .header("content-type", content_type)
        .header("next-action", action);
    let mut headers = vec![("host", HOST), ("origin", ORIGIN)];
    for (name, value) in extra {
        headers.retain(|(n, _)| n != name);
        headers.push((name, value));
    }
    for (name, value) in headers.into_iter().filter(|(_, v)| !v.is_empty()) {
        builder = builder.header(name, value);
    }
    builder.body(body.into()).unwrap()
}

fn js_greet(extra: &[(&str, &str)]) -> Request<Body> {
    js_call(GREET, "text/plain;charset=UTF-8", r#"["world"]"#, extra)
}

fn js_form(action: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    js_call(action, &content_type, multipart(fields).1, &[])
}

async fn page_html() -> String {
    call(Request::get("/guestbook").body(Body::empty()).unwrap())
        .await
        .2
}

/// The sealed bound value of the inline action's form, as the page rendered it
/// (the JSON string, quotes included, with the HTML escaping undone).
fn sealed_value(html: &str) -> String {
    let start = html.find(r#"name="$ACTION_3:2" value=""#).unwrap() + 26;
    let end = start + html[start..].find('"').unwrap();
    html[start..end].replace("&quot;", "\"")
}

const ROW_0: &str = r#"0:{"a":"$@1","q":"","i":false,"b":"RDyLhQjjpiIHxLzC-bPPV"}"#;

#[tokio::test]
async fn the_page_names_each_action_in_a_hidden_input() {
    let (status, headers, html) =
        call(Request::get("/guestbook").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], GET_CACHE);
    assert_eq!(headers["x-powered-by"], "Next.js");
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["vary"], format!("{VARY}, Accept-Encoding"));
    assert!(headers.get("content-length").is_none(), "chunked");
    let forms: Vec<_> = html.match_indices("<form ").map(|(i, _)| i).collect();
    assert_eq!(forms.len(), 3);
    assert!(html[forms[0]..].starts_with(&format!(
        r#"<form action="" encType="multipart/form-data" method="POST"><input type="hidden" name="$ACTION_ID_{ADD_ENTRY}"/><input name="name"/>"#
    )));
    assert!(html[forms[1]..].contains(&format!("$ACTION_ID_{ADD_AND_REDIRECT}")));
    assert!(html[forms[2]..].contains(r#"<input type="hidden" name="$ACTION_REF_3"/><input type="hidden" name="$ACTION_3:1" value="[&quot;$@2&quot;]"/>"#));
    assert!(html[forms[2]..].contains(&format!(
        "{{&quot;id&quot;:&quot;{ADD_NOTE}&quot;,&quot;bound&quot;:&quot;$@1&quot;}}"
    )));
    assert!(html.contains("<div><button>Greet</button><output></output></div></main>"));
    assert!(html.contains(r#"<script src="/_next/static/chunks/guestbook-client.js" async="">"#));
}

#[tokio::test]
async fn a_form_post_runs_the_action_and_renders_the_page() {
    let (status, headers, html) = call(form_post(&[
        (&format!("$ACTION_ID_{ADD_ENTRY}"), ""),
        ("name", "Form-Alice"),
    ]))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["cache-control"], ACTION_CACHE,
        "no `private` after an action"
    );
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(headers
        .keys()
        .all(|name| !name.as_str().starts_with("x-action")));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<li>Form-Alice</li>"));
}

#[tokio::test]
async fn a_form_post_that_redirects_is_a_303() {
    let (status, headers, body) = call(form_post(&[
        (&format!("$ACTION_ID_{ADD_AND_REDIRECT}"), ""),
        ("name", "Form-Bob"),
    ]))
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], "/guestbook/thanks");
    assert_eq!(headers["vary"], VARY, "no Accept-Encoding on an empty body");
    assert_eq!(headers["cache-control"], ACTION_CACHE);
    assert!(body.is_empty());
    assert!(page_html().await.contains("<li>Form-Bob</li>"));
}

#[tokio::test]
async fn the_inline_action_gets_its_bound_value_back_from_the_form() {
    let sealed = sealed_value(&page_html().await);
    let reference = format!(r#"{{"id":"{ADD_NOTE}","bound":"$@1"}}"#);
    let fields = |sealed: &str| {
        multipart(&[
            ("$ACTION_REF_3", ""),
            ("$ACTION_3:1", r#"["$@2"]"#),
            ("$ACTION_3:0", &reference),
            ("$ACTION_3:2", sealed),
            ("note", "hello-note"),
        ])
    };
    let post = |(_, body): (String, Vec<u8>)| {
        Request::post("/guestbook")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(body))
            .unwrap()
    };
    let (status, headers, html) = call(post(fields(&sealed))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(html.contains("<main>"));

    // A changed value does not open: Next.js's decryption fails the same way.
    let tampered = sealed.replacen("ey", "xx", 1);
    let (status, headers, html) = call(post(fields(&tampered))).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(headers.get("etag").is_some());
    assert!(html.contains("500: Internal Server Error"));
}

#[tokio::test]
async fn a_js_call_answers_a_flight_payload() {
    let (status, headers, body) = call(js_greet(&[])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/x-component");
    assert_eq!(headers["cache-control"], ACTION_CACHE);
    assert_eq!(headers["vary"], format!("{VARY}, Accept-Encoding"));
    assert!(headers.get("x-action-revalidated").is_none());
    let (row_0, row_1) = body.split_once('\n').unwrap();
    assert_eq!(row_0, ROW_0);
    assert!(row_1.starts_with(r#"1:{"greeting":"Hello, world!","count":"#));
    assert!(row_1.ends_with("}\n"));
}

#[tokio::test]
async fn a_js_form_submit_revalidates_and_sends_the_new_tree() {
    let fields = [
        (format!("_1_$ACTION_ID_{ADD_ENTRY}"), ""),
        ("_1_name".to_owned(), "Js-Erin"),
        ("0".to_owned(), r#"["$K1"]"#),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    let (status, headers, body) = call(js_form(ADD_ENTRY, &fields)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-action-revalidated"], "1");
    assert_eq!(headers["content-type"], "text/x-component");
    assert!(body.contains(r#"["$","li","#) && body.contains(r#"{"children":"Js-Erin"}"#));
    assert!(body.contains(&format!(r#"{{"id":"{ADD_ENTRY}","bound":null}}"#)));
    assert!(body.contains(r#""action":"$h"#));
    let row_0 = body.lines().find(|l| l.starts_with("0:")).unwrap();
    assert!(row_0.starts_with(r#"0:{"a":"$@1","q":"","i":false,"t":"#));
    assert!(body.ends_with("1:\"$undefined\"\n"));
}

#[tokio::test]
async fn a_js_redirect_is_a_200_with_the_targets_payload() {
    let fields = [("_1_name", "Js-Frank"), ("0", r#"["$K1"]"#)];
    let (status, headers, body) = call(js_form(ADD_AND_REDIRECT, &fields)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-action-redirect"], "/guestbook/thanks;push");
    assert_eq!(headers["cache-control"], "s-maxage=31536000");
    assert_eq!(headers["x-nextjs-cache"], "HIT");
    assert_eq!(headers["x-nextjs-prerender"], "1, 1");
    assert!(body.contains("Thanks for signing!"));
    let row_0 = body.lines().find(|l| l.starts_with("0:")).unwrap();
    assert!(
        row_0.contains(r#""S":true"#),
        "a prerendered target: {row_0}"
    );
    assert!(page_html().await.contains("<li>Js-Frank</li>"));
}

#[tokio::test]
async fn a_js_call_of_the_inline_action_sends_the_sealed_value_as_argument_0() {
    let sealed = sealed_value(&page_html().await);
    let fields = [
        ("1", sealed.as_str()),
        ("_2_note", "js-note"),
        ("0", r#"["$@1","$K2"]"#),
    ];
    let (status, headers, body) = call(js_form(ADD_NOTE, &fields)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get("x-action-revalidated").is_none());
    assert_eq!(body, format!("{ROW_0}\n1:\"$undefined\"\n"));
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_refused_in_plain_text() {
    let zeros = "0".repeat(42);
    let (status, headers, body) =
        call(js_call(&zeros, "text/plain;charset=UTF-8", "[]", &[])).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body, "Server Action unavailable.");
    assert_eq!(headers["x-nextjs-action-not-found"], "1");
    assert_eq!(headers["content-type"], "text/plain");
    assert_eq!(headers["etag"], "\"12kossu5bdaq\"");
    assert_eq!(headers["content-length"], "26");

    let (status, headers, body) = call(js_call("abc", "text/plain;charset=UTF-8", "[]", &[])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, "Invalid Server Action request.");
    assert_eq!(headers["etag"], "\"rzimw0714xu\"");

    // The same refusal for a form naming an unknown action.
    let (status, _, _) = call(form_post(&[(&format!("$ACTION_ID_{zeros}"), "")])).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_foreign_origin_gets_a_500_with_an_error_row() {
    for origin in [
        "http://evil.example",
        "null",
        "http://guestbook.example:9999",
    ] {
        let (status, headers, body) = call(js_greet(&[("origin", origin)])).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{origin}");
        assert_eq!(headers["content-type"], "text/x-component");
        assert_eq!(
            headers["cache-control"], GET_CACHE,
            "a refusal keeps `private`"
        );
        assert_eq!(body, format!("{ROW_0}\n1:E{{\"digest\":\"2731700299\"}}\n"));
    }
    // The scheme does not count, and no Origin at all is let through.
    let (status, _, _) = call(js_greet(&[("origin", "https://guestbook.example")])).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = call(js_greet(&[("origin", "")])).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn x_forwarded_host_is_what_origin_must_match() {
    let (status, _, _) = call(js_greet(&[("x-forwarded-host", "shop.example")])).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let matching = [
        ("x-forwarded-host", "shop.example"),
        ("origin", "https://shop.example"),
    ];
    let (status, _, _) = call(js_greet(&matching)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_form_from_a_foreign_origin_gets_the_html_error_page() {
    let mut request = form_post(&[
        (&format!("$ACTION_ID_{ADD_ENTRY}"), ""),
        ("name", "Form-Eve"),
    ]);
    request
        .headers_mut()
        .insert("origin", "http://evil.example".parse().unwrap());
    let (status, headers, html) = call(request).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(html.contains("500: Internal Server Error"));
    assert!(!page_html().await.contains("Form-Eve"));
}

#[tokio::test]
async fn a_body_over_one_megabyte_is_a_500_not_a_413() {
    let body = format!(r#"["{}"]"#, "w".repeat(1024 * 1024));
    let (status, headers, answer) =
        call(js_call(GREET, "text/plain;charset=UTF-8", body, &[])).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(headers["cache-control"], ACTION_CACHE);
    assert_eq!(
        answer,
        format!("{ROW_0}\n1:E{{\"digest\":\"1816077229\"}}\n")
    );
}

#[tokio::test]
async fn urlencoded_bodies_never_run_an_action() {
    let urlencoded = "application/x-www-form-urlencoded";
    let (status, headers, html) = call(js_call(ADD_ENTRY, urlencoded, "name=Url-Ivan", &[])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(html.contains("404: This page could not be found."));

    let form = Request::post("/guestbook")
        .header("content-type", urlencoded)
        .body(Body::from(format!("$ACTION_ID_{ADD_ENTRY}=&name=Url-Judy")))
        .unwrap();
    let (status, _, html) = call(form).await;
    assert_eq!(status, StatusCode::OK, "the page, as for a GET");
    assert!(html.contains("<h1>Guestbook</h1>"));
    let page = page_html().await;
    assert!(!page.contains("Url-Ivan") && !page.contains("Url-Judy"));
}

#[tokio::test]
async fn multipart_without_an_action_field_is_a_400() {
    let (status, headers, body) = call(form_post(&[("name", "Mallory")])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(headers["x-nextjs-action-not-found"], "1");
    assert_eq!(body, "Invalid Server Action request.");
}

#[tokio::test]
async fn the_base_path_prefixes_the_script_and_the_303_location() {
    let app = || mini_next::with_base_path(example_server_actions::app(), "/x/server-actions");
    let get = Request::get("/x/server-actions/guestbook")
        .body(Body::empty())
        .unwrap();
    let (_, _, html) = call_app(app(), get).await;
    assert!(
        html.contains(r#"<script src="/x/server-actions/_next/static/chunks/guestbook-client.js""#)
    );
    assert!(
        html.contains(r#"<form action="" "#),
        "forms post to the current URL"
    );

    let mut post = form_post(&[
        (&format!("$ACTION_ID_{ADD_AND_REDIRECT}"), ""),
        ("name", "Base-Bob"),
    ]);
    *post.uri_mut() = "/x/server-actions/guestbook".parse().unwrap();
    let (status, headers, _) = call_app(app(), post).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], "/x/server-actions/guestbook/thanks");

    let script = Request::get("/x/server-actions/_next/static/chunks/guestbook-client.js")
        .body(Body::empty())
        .unwrap();
    let (status, _, js) = call_app(app(), script).await;
    assert_eq!(status, StatusCode::OK);
    assert!(js.contains(&format!("const GREET_ID = \"{GREET}\"")));
}

#[tokio::test]
async fn the_thanks_page_is_html() {
    let (status, _, html) = call(
        Request::get("/guestbook/thanks")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Thanks for signing!</h1>"));
}

#[tokio::test]
async fn the_page_inlines_its_flight_rows_from_the_same_render() {
    let html = page_html().await;
    let main_end = html.find("</main>").unwrap();
    let rows = &html[main_end..];
    assert!(rows.starts_with(
        "</main><script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([1,\""
    ));
    assert!(rows.contains(r#"\"action\":\"$h"#));
    assert!(rows.contains(r#"0:{\"P\":null,\"c\":[\"\",\"guestbook\"]"#));
    // The sealed render time is the same in the hidden input and in a row.
    let sealed = sealed_value(&html);
    let in_rows = sealed.replace('"', "\\\"");
    assert!(rows.contains(&format!(":{in_rows}\\n")), "{rows}");
    assert!(html.ends_with("</script></body></html>"));
}

const ECHO: &str = "40c3f923a700b3b809d29cf82375624b3c6ec5aaf7";

/// A call of `echo(value)` on `/echo`.
fn echo_call(content_type: &str, body: impl Into<Body>) -> Request<Body> {
    let mut request = js_call(ECHO, content_type, body, &[]);
    *request.uri_mut() = "/echo".parse().unwrap();
    request
}

#[tokio::test]
async fn an_object_the_client_sent_goes_back_as_a_temporary_reference() {
    let value = r#"[{"when":"$D2026-11-30T04:00:00.000Z","big":"$n12345678901234567890"}]"#;
    let (status, _, body) = call(echo_call("text/plain;charset=UTF-8", value)).await;
    assert_eq!(status, StatusCode::OK);
    // Recorded from Next.js 16.4.6: the browser is handed back its own object.
    assert_eq!(body, format!("{ROW_0}\n1:\"$T0:0\"\n"));
}

#[tokio::test]
async fn a_map_goes_back_written_out_with_its_types() {
    let (content_type, body) = multipart(&[
        (
            "1",
            r#"[["when","$D2026-11-30T04:00:00.000Z"],["big","$n7"]]"#,
        ),
        ("0", r#"["$Q1"]"#),
    ]);
    let (status, _, answer) = call(echo_call(&content_type, body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        answer,
        format!(
            "{ROW_0}\n2:[[\"when\",\"$D2026-11-30T04:00:00.000Z\"],[\"big\",\"$n7\"]]\n1:\"$Q2\"\n"
        )
    );
}

#[tokio::test]
async fn a_reply_that_does_not_decode_is_an_error_row_not_a_guess() {
    // `$Q1` names row 1, which this body does not have.
    let (status, _, body) = call(echo_call("text/plain;charset=UTF-8", r#"["$Q1"]"#)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.contains("1:E{\"digest\":"), "{body}");
}

/// The panels name an action from `book-data/actions.json`; it must list every action
/// this example registers, under the name the registry gives it.
#[test]
fn the_book_names_every_action_of_this_example() {
    mini_next::testing::assert_actions_listed(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../book-data/actions.json"),
        &[
            example_server_actions::registry(),
            example_server_actions::echo::registry(),
            example_server_actions::likes::registry(),
            example_server_actions::signup::registry(),
        ],
    );
}
