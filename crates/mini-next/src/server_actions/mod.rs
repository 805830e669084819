//! Server Actions: `'use server'` functions that the browser calls with a `POST`.
//!
//! A file starting with `'use server'` (or a function whose body starts with it)
//! turns every exported async function into an endpoint. There is no URL per
//! action: every call is a `POST` **to the page the form is on**, and the action is
//! named by an id. This module models what `next start` (Next.js 16) does with such a
//! POST, as recorded in `reference/nextjs/WIRE-NOTES.md`:
//!
//! - **Ids.** [`Registry`] registers actions by file and export name and gives each
//!   the id Next.js would: 42 lowercase hex characters. The first byte is an *info
//!   byte* ([`info_byte`]): bit 7 is the kind (0 = Server Action), bits 6..1 say which
//!   of the first six arguments the function uses, bit 0 says it has rest arguments
//!   (`00` = uses none, `40` = uses argument 0, `60` = arguments 0 and 1). The other 20
//!   bytes are `SHA-1(hash salt + file + ":" + export)`. Next.js takes the salt from the
//!   build's `encryptionKey`; we pass the reference build's key
//!   ([`REFERENCE_HASH_SALT`]), so our ids are **equal** to the real ones and the
//!   transcripts line up. (Derivation checked against
//!   `.next/server/server-reference-manifest.json`.)
//! - **The no-JavaScript form post** (React calls it an "MPA action"): the page's
//!   `<form>` carries hidden inputs ([`form_hidden_inputs`]) and the browser posts
//!   `multipart/form-data`. `$ACTION_ID_<id>` names an action without bound values;
//!   `$ACTION_REF_<n>` plus `$ACTION_<n>:0` (`{"id","bound":"$@1"}`), `:1` (`["$@2"]`)
//!   and `:2` (the sealed closure value) name one with bound values. The action runs,
//!   then the same page is rendered to HTML in the same response (200); `redirect()`
//!   becomes `303 See Other` with `Location`.
//! - **The page's two shapes.** Like every App Router page, the page's HTML carries
//!   its own flight rows inlined (`self.__next_f.push(…)`, written by
//!   [`crate::server_components::html_document`]), and the answer to a JS call after
//!   `revalidatePath` carries the same rows alone. Both come from one
//!   [`ActionPage::render`], as both come from one React render in Next.js.
//! - **The JavaScript call**: `POST` with `Next-Action: <id>` and `Accept:
//!   text/x-component`. The arguments are React's "reply" encoding of the argument
//!   array: plain JSON as `text/plain;charset=UTF-8` (`["world"]`), or multipart when
//!   a `FormData` is among them (its fields prefixed `_1_`, field `0` = `["$K1"]`). The
//!   answer is flight: `0:{"a":"$@1","q":"","i":false,"b":<build id>}` and `1:<result>`.
//!   After `revalidatePath` it carries `x-action-revalidated: 1` and row 0 gains `"t"`,
//!   the re-rendered page tree. `redirect()` answers **200** with
//!   `x-action-redirect: <path>;push` and the redirect target's own flight payload
//!   and cache headers.
//! - **What an action sees.** Its arguments ([`Arg`]) and an [`ActionContext`]: the
//!   caller's cookies (`cookies()` from `next/headers`, read-only here) and
//!   `revalidatePath`. Whoever sends the `POST` chooses both, so an action checks its
//!   input and its caller like any endpoint.
//! - **Refusals**, as Next.js sends them: an id that is not 42 characters → `400
//!   Invalid Server Action request.`; an unknown id → `409 Server Action
//!   unavailable.` (both `text/plain` with `x-nextjs-action-not-found: 1`); an
//!   `Origin` whose host:port differs from `X-Forwarded-Host` (or `Host` when there
//!   is none), including `Origin: null` → 500 with a flight error row for a JS call,
//!   the Pages Router's 500 HTML page for a form post (a missing `Origin` is let
//!   through: a hand-made request carries no victim's cookies); a body over 1 MB → 500
//!   and an error row (not 413); urlencoded with `Next-Action` → the 404 page
//!   ([`crate::not_found::rendered`]), and
//!   without it the page as for a GET; multipart with no action field → 400. An action
//!   that throws → 500 and `E{"digest":"…"}`: the message stays on the server.
//! - **Bound values.** An inline action that closes over a render-time value needs
//!   that value back when it runs, so it travels to the browser and back. Real Next.js
//!   **encrypts** it (AES-GCM with the build's `encryptionKey`, a fresh IV each render,
//!   the action id inside the plaintext); a changed byte fails decryption and the post
//!   gets a 500. Here [`seal_bound`] only base64-encodes `{"actionId","bound"}` so a
//!   reader can see what travels: **not a secret, not tamper-proof**. A value that does
//!   not decode, or names another action, gets the same 500 as real tampering.
//!
//! Simplified: the page's tree (inlined in its HTML, and re-rendered in a revalidated
//! answer) is a small tree of our own: the page's elements, client reference and
//! action rows, but none of the router's internals that Next.js adds around them
//! (layout segments with their `LayoutRouter` client references, `X`/`C`
//! async-iterable rows, metadata and viewport boundaries, the not-found UI); for a
//! JS `redirect()` the target's payload comes from
//! [`ActionPage::redirect_target`] instead of an internal HTTP request to ourselves;
//! error digests are a string hash of the message (Next.js hashes message and stack),
//! except the two refusals whose digests are copied from the reference build;
//! header names are lowercase; no gzip; no `serverActions.allowedOrigins` or
//! `bodySizeLimit` options; file fields in multipart bodies are read as text.
//! With a base path, the `303`'s `Location` includes it here (so a browser under the
//! playground's prefix lands on the right page); `x-action-redirect` does not, as in
//! Next.js, because the client router adds it.
//!
//! Reading order: `ids.rs` (naming), `registry.rs` (actions and their arguments),
//! `wire.rs` (how arguments and bound values travel), `origin.rs` (who may call),
//! `answers.rs` (refusals, errors, redirects), then this file: the request flow that
//! tells the three kinds of POST apart and answers each.

mod answers;
mod ids;
mod origin;
mod registry;
mod wire;

use answers::*;
pub use ids::*;
use origin::*;
pub use registry::*;
pub use wire::*;

use crate::app_route::VARY;
use crate::flight;
use crate::server_components::html_document;
use axum::body::to_bytes;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, MethodRouter};
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// The default `serverActions.bodySizeLimit`: 1 MB.
pub const BODY_SIZE_LIMIT: usize = 1024 * 1024;

/// The digest Next.js 16.4.6 sent for a refused `Origin` (copied from the reference build).
pub const CSRF_DIGEST: &str = "2731700299";

/// The digest Next.js 16.4.6 sent for a body over the limit (copied from the reference build).
pub const BODY_TOO_LARGE_DIGEST: &str = "1816077229";

/// The page that hosts the actions. One render gives both of its shapes: HTML (a
/// GET, a no-JS post) with its flight rows inlined, and the flight rows alone
/// (after `revalidatePath`), as one React render feeds both in Next.js.
pub trait ActionPage: Send + Sync + 'static {
    /// Runs the page once (reading the current data).
    fn render(&self) -> RenderedPage;

    /// Runs the page for a URL whose query string (without `?`) is `query`: the
    /// page's `searchParams`. A page that reads none keeps this default. Used for the
    /// HTML shapes (a GET, a no-JS post); a JS call's re-render uses [`Self::render`].
    fn render_with_query(&self, query: &str) -> RenderedPage {
        let _ = query;
        self.render()
    }

    /// The flight answer for a JS `redirect()` to `path`: what Next.js gets by
    /// fetching `path` with `RSC: 1` from itself. `None` sends only the header, which
    /// is all a page whose actions never redirect a JavaScript call needs: it keeps
    /// this default.
    fn redirect_target(&self, path: &str) -> Option<TargetPayload> {
        let _ = path;
        None
    }
}

/// One render of a page with actions, in both shapes.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// The HTML inside `<body>`: forms with their hidden inputs (see
    /// [`form_hidden_inputs`]).
    pub body_html: String,
    /// The client chunks the page loads (file names under `/_next/static/chunks/`).
    pub client_chunks: Vec<&'static str>,
    /// The page's flight rows, with ids from 2 up: rows 0 and 1 are the envelope
    /// and the result of an action's answer. Forms' `action` props point at
    /// [`action_rows`].
    pub rows: Vec<String>,
    /// The route tree, which becomes `"t"` in row 0.
    pub tree: Value,
}

impl RenderedPage {
    /// The HTML document: `body_html` in the layout, then the rows inlined with a
    /// row 0 of their own (the page's URL segments as `"c"`, the tree as `"t"`).
    fn document(&self, base_path: &str, path: &str) -> String {
        let segments: Vec<&str> = path.split('/').collect();
        let root = json!({
            "P": null, "c": segments, "q": "", "i": false, "t": self.tree,
            "S": false, "b": REFERENCE_BUILD_ID,
        });
        let rows = self.rows.concat() + &flight::model_row(0, &root);
        html_document(base_path, &self.client_chunks, &self.body_html, &rows)
    }
}

/// A redirect target's flight answer: its own headers (after `content-type`) and body.
#[derive(Debug, Clone)]
pub struct TargetPayload {
    /// `cache-control` of the target (`s-maxage=31536000` for a static page).
    pub cache_control: String,
    /// Headers that follow `content-type`, e.g. `x-nextjs-cache: HIT`.
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// `GET` and `POST` for a page with actions.
pub fn page_with_actions<P: ActionPage>(registry: Registry, page: P) -> MethodRouter {
    let state = Arc::new(PageState { registry, page });
    let for_get = state.clone();
    get(move |request: Request| {
        let state = for_get.clone();
        async move { state.page_html(&request_paths(&request), DYNAMIC_GET) }
    })
    .post(move |request: Request| {
        let state = state.clone();
        async move { state.answer_post(request).await }
    })
}

struct PageState<P> {
    registry: Registry,
    page: P,
}

/// `Cache-Control` of a dynamic page's GET, and of refused actions.
const DYNAMIC_GET: &str = crate::server_components::CACHE_CONTROL;
/// `Cache-Control` of an action's answer: no `private`, unlike the GET.
const ACTION_ANSWER: &str = "no-cache, no-store, max-age=0, must-revalidate";

/// How Next.js sorts a POST to a page before looking at the body.
#[derive(Debug, PartialEq)]
enum PostKind {
    /// Not multipart, not urlencoded, no `Next-Action`: just render the page.
    NotAnAction,
    /// `application/x-www-form-urlencoded`: actions never accept it.
    UrlEncoded { fetch: bool },
    /// `Next-Action` header: a call from the client's JavaScript.
    Fetch { id: String },
    /// Multipart without the header: a form posted by the browser itself.
    Form,
}

fn classify(headers: &HeaderMap) -> PostKind {
    let content_type = header_text(headers, "content-type").unwrap_or("");
    let action = header_text(headers, "next-action");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return PostKind::UrlEncoded {
            fetch: action.is_some(),
        };
    }
    match action {
        Some(id) => PostKind::Fetch { id: id.to_owned() },
        None if content_type.starts_with("multipart/form-data") => PostKind::Form,
        None => PostKind::NotAnAction,
    }
}

impl<P: ActionPage> PageState<P> {
    async fn answer_post(&self, request: Request) -> Response {
        let paths = request_paths(&request);
        let headers = request.headers().clone();
        let kind = classify(&headers);
        match kind {
            PostKind::NotAnAction | PostKind::UrlEncoded { fetch: false } => {
                return self.page_html(&paths, DYNAMIC_GET)
            }
            PostKind::UrlEncoded { fetch: true } => return crate::not_found::rendered(),
            PostKind::Fetch { .. } | PostKind::Form => {}
        }
        let fetch = matches!(kind, PostKind::Fetch { .. });
        if !origin_is_allowed(&headers) {
            return refused(fetch, CSRF_DIGEST, DYNAMIC_GET);
        }
        if let PostKind::Fetch { id } = &kind {
            if let Err(status) = self.check_id(id) {
                return unrecognized_action(status);
            }
        }
        let Ok(body) = to_bytes(request.into_body(), BODY_SIZE_LIMIT).await else {
            return refused(fetch, BODY_TOO_LARGE_DIGEST, ACTION_ANSWER);
        };
        match kind {
            PostKind::Fetch { id } => self.run_fetch(&id, &headers, &body),
            _ => self.run_form(&headers, &body, &paths),
        }
    }

    /// 400 for an id of the wrong length, 409 for one the build does not have.
    fn check_id(&self, id: &str) -> Result<(), StatusCode> {
        if !might_be_action_id(id) {
            Err(StatusCode::BAD_REQUEST)
        } else if self.registry.find(id).is_none() {
            Err(StatusCode::CONFLICT)
        } else {
            Ok(())
        }
    }

    // ANCHOR: run_fetch
    /// A call from JavaScript: decode the reply-encoded arguments, run, answer flight.
    fn run_fetch(&self, id: &str, headers: &HeaderMap, body: &[u8]) -> Response {
        let action = self.registry.find(id).expect("check_id found it");
        let content_type = header_text(headers, "content-type").unwrap_or("");
        let Some(args) = decode_reply(content_type, body) else {
            return flight_error(&digest("Invalid Server Actions request."), ACTION_ANSWER);
        };
        let Some(args) = unseal_leading_bound(action, args) else {
            return flight_error(&digest("Cipher job failed"), ACTION_ANSWER);
        };
        let mut context = ActionContext::for_request(headers);
        match (action.run)(&args, &mut context) {
            Ok(value) => self.flight_result(value, context.revalidated),
            Err(Thrown::Redirect(path)) => self.flight_redirect(&path),
            Err(Thrown::Error(message)) => flight_error(&digest(&message), ACTION_ANSWER),
        }
    }
    // ANCHOR_END: run_fetch

    // ANCHOR: run_form
    /// A form posted without JavaScript: find the action in the fields, run it, then
    /// answer with the page's HTML (or a 303 for `redirect()`).
    fn run_form(&self, headers: &HeaderMap, body: &[u8], paths: &RequestPaths) -> Response {
        let content_type = header_text(headers, "content-type").unwrap_or("");
        let fields = parse_multipart(content_type, body).unwrap_or_default();
        let Some(posted) = find_form_action(&fields) else {
            return unrecognized_action(StatusCode::BAD_REQUEST);
        };
        if let Err(status) = self.check_id(&posted.id) {
            return unrecognized_action(status);
        }
        let action = self.registry.find(&posted.id).expect("check_id found it");
        let mut args = Vec::new();
        if let Some(sealed) = &posted.sealed {
            let Some(bound) = open_bound(&action.id, sealed) else {
                return pages_error_page(ACTION_ANSWER);
            };
            args.extend(bound.into_iter().map(Arg::Value));
        }
        args.push(Arg::Form(posted.form));
        let mut context = ActionContext::for_request(headers);
        match (action.run)(&args, &mut context) {
            Ok(_) => self.page_html(paths, ACTION_ANSWER),
            Err(Thrown::Redirect(path)) => see_other(&format!("{}{path}", paths.base)),
            Err(Thrown::Error(_)) => pages_error_page(ACTION_ANSWER),
        }
    }
    // ANCHOR_END: run_form

    /// The page as HTML, with the `Cache-Control` of a GET or of an action's answer.
    fn page_html(&self, paths: &RequestPaths, cache_control: &str) -> Response {
        let html = self
            .page
            .render_with_query(&paths.query)
            .document(&paths.base, &paths.page);
        let mut response = streamed(StatusCode::OK, html);
        let headers = response.headers_mut();
        set(headers, "vary", &format!("{VARY}, Accept-Encoding"));
        if cache_control == DYNAMIC_GET {
            set(headers, "x-powered-by", "Next.js");
            set(headers, "cache-control", cache_control);
        } else {
            set(headers, "cache-control", cache_control);
            set(headers, "x-powered-by", "Next.js");
        }
        set(headers, "content-type", "text/html; charset=utf-8");
        response
    }

    // ANCHOR: flight_result
    /// `0:{"a":"$@1",…}` + `1:<value>`; after `revalidatePath`, the page tree first
    /// and `"t"` in row 0.
    fn flight_result(&self, value: Option<Value>, revalidated: bool) -> Response {
        let mut body = String::new();
        let mut head = Map::new();
        head.insert("a".into(), flight::promise(1));
        head.insert("q".into(), json!(""));
        head.insert("i".into(), json!(false));
        if revalidated {
            let page = self.page.render();
            body.extend(page.rows);
            head.insert("t".into(), page.tree);
        }
        head.insert("b".into(), json!(REFERENCE_BUILD_ID));
        body.push_str(&flight::model_row(0, &Value::Object(head)));
        let result = value.map_or_else(flight::undefined, |v| escape_strings(&v));
        body.push_str(&flight::model_row(1, &result));
        let mut extra = Vec::new();
        if revalidated {
            extra.push(("x-action-revalidated", "1".to_owned()));
        }
        flight_response(StatusCode::OK, ACTION_ANSWER, &extra, body)
    }
    // ANCHOR_END: flight_result

    /// A JS `redirect()`: 200, `x-action-redirect: <path>;push`, and the target's own
    /// flight answer and cache headers.
    fn flight_redirect(&self, path: &str) -> Response {
        let location = format!("{path};push");
        let Some(target) = self.page.redirect_target(path) else {
            let extra = [("x-action-redirect", location)];
            return flight_response(StatusCode::OK, ACTION_ANSWER, &extra, String::new());
        };
        let mut response = streamed(StatusCode::OK, target.body);
        let headers = response.headers_mut();
        set(headers, "vary", &format!("{VARY}, Accept-Encoding"));
        set(headers, "cache-control", &target.cache_control);
        set(headers, "x-action-redirect", &location);
        set(headers, "content-type", "text/x-component");
        for (name, value) in &target.headers {
            set(headers, name, value);
        }
        response
    }
}

/// Where a request landed: `/x/server-actions/guestbook` is the page `/guestbook`
/// under the base path `/x/server-actions`.
struct RequestPaths {
    /// The part of the original URI that nesting stripped (`""` at the root).
    base: String,
    /// The page's own path, as the router saw it.
    page: String,
    /// The query string without `?` (`""` when there is none).
    query: String,
}

fn request_paths(request: &Request) -> RequestPaths {
    RequestPaths {
        base: crate::base_path_of(request),
        page: request.uri().path().to_owned(),
        query: request.uri().query().unwrap_or("").to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::etag::etag;
    use axum::body::Body;
    use axum::http::HeaderValue;

    #[test]
    fn ids_equal_the_reference_build() {
        let id = |file, export, used: &[usize]| action_id(REFERENCE_HASH_SALT, file, export, used);
        let actions = "app/guestbook/actions.ts";
        assert_eq!(
            id(actions, "getEntries", &[]),
            "00d6e870b152b9205d29f9bf2c5fb46a30259ca4d0"
        );
        assert_eq!(
            id(actions, "addEntry", &[0]),
            "40fb502ec5f7ed86816baf09034ab7f9934f8498ea"
        );
        assert_eq!(
            id(actions, "greet", &[0]),
            "400cffe003d9f8e1338e139ae5983be593ffc1af8b"
        );
        assert_eq!(
            id("app/guestbook/page.tsx", "$$RSC_SERVER_ACTION_0", &[0, 1]),
            "6050c354d78d9452a691b43aee9c654d54a385a103"
        );
    }

    #[test]
    fn info_byte_marks_used_arguments() {
        assert_eq!(info_byte(&[], false), 0x00);
        assert_eq!(info_byte(&[0], false), 0x40);
        assert_eq!(info_byte(&[0, 1], false), 0x60);
        assert_eq!(info_byte(&[5], true), 0x03);
    }

    #[test]
    fn etags_and_digests_match_next() {
        assert_eq!(etag("Server Action unavailable."), "\"12kossu5bdaq\"");
        assert_eq!(etag("Invalid Server Action request."), "\"rzimw0714xu\"");
        assert_eq!(digest(""), "5381");
    }

    #[test]
    fn sealed_values_open_only_for_their_action() {
        let sealed = seal_bound("60ab", &[json!("2026")]);
        assert_eq!(open_bound("60ab", &sealed), Some(vec![json!("2026")]));
        assert_eq!(open_bound("60cd", &sealed), None);
        assert_eq!(open_bound("60ab", "not base64!"), None);
    }

    #[test]
    fn origin_is_compared_by_host_and_port() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, HeaderValue::from_static(value));
            }
            map
        };
        assert!(origin_is_allowed(&headers(&[("host", "a:1")])));
        assert!(origin_is_allowed(&headers(&[
            ("host", "a:1"),
            ("origin", "http://a:1")
        ])));
        assert!(origin_is_allowed(&headers(&[
            ("host", "a"),
            ("origin", "https://a:443")
        ])));
        assert!(!origin_is_allowed(&headers(&[
            ("host", "a:1"),
            ("origin", "null")
        ])));
        let forwarded = [
            ("host", "a:1"),
            ("x-forwarded-host", "b, c"),
            ("origin", "https://b"),
        ];
        assert!(origin_is_allowed(&headers(&forwarded)));
        assert!(!origin_is_allowed(&headers(&[
            ("x-forwarded-host", "b"),
            ("host", "a:1"),
            ("origin", "http://a:1")
        ])));
    }

    #[test]
    fn multipart_fields_and_reply_arguments() {
        let body = "--B\r\nContent-Disposition: form-data; name=\"_1_name\"\r\n\r\nErin\r\n\
                    --B\r\nContent-Disposition: form-data; name=\"0\"\r\n\r\n[\"$K1\",\"$$x\"]\r\n--B--\r\n";
        let content_type = "multipart/form-data; boundary=B";
        let fields = parse_multipart(content_type, body.as_bytes()).unwrap();
        assert_eq!(fields[0], ("_1_name".to_owned(), "Erin".to_owned()));
        let args = decode_reply(content_type, body.as_bytes()).unwrap();
        assert_eq!(args[0].form().unwrap().get("name"), Some("Erin"));
        assert_eq!(args[1], Arg::Value(json!("$x")));
        let plain = decode_reply("text/plain;charset=UTF-8", br#"["world"]"#).unwrap();
        assert_eq!(plain, vec![Arg::Value(json!("world"))]);
    }

    #[test]
    fn form_actions_are_found_in_the_fields() {
        let sealed = seal_bound("60ab", &[json!("t")]);
        let fields: Vec<(String, String)> = [
            ("$ACTION_REF_3", ""),
            ("$ACTION_3:1", r#"["$@2"]"#),
            ("$ACTION_3:0", r#"{"id":"60ab","bound":"$@1"}"#),
            ("$ACTION_3:2", &Value::String(sealed.clone()).to_string()),
            ("note", "hi"),
        ]
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
        let posted = find_form_action(&fields).unwrap();
        assert_eq!(posted.id, "60ab");
        assert_eq!(posted.sealed, Some(sealed));
        assert_eq!(
            posted.form.fields,
            vec![("note".to_owned(), "hi".to_owned())]
        );
        assert_eq!(find_form_action(&[("name".into(), "x".into())]), None);
    }

    /// A page with one action that throws, to see what reaches the client.
    struct BoomPage;

    impl ActionPage for BoomPage {
        fn render(&self) -> RenderedPage {
            RenderedPage {
                body_html: "<main>boom</main>".to_owned(),
                client_chunks: Vec::new(),
                rows: Vec::new(),
                tree: Value::Null,
            }
        }
    }

    async fn send_to_boom(request: Request) -> (StatusCode, HeaderMap, String) {
        use http_body_util::BodyExt as _;
        use tower::ServiceExt as _;
        let registry = Registry::new("salt").register("a.ts", "boom", &[], 0, |_, _| {
            Err(Thrown::Error("the secret message".to_owned()))
        });
        let id = registry.id("boom").to_owned();
        let router = axum::Router::new().route("/", page_with_actions(registry, BoomPage));
        let (mut parts, body) = request.into_parts();
        if parts.headers.contains_key("next-action") {
            parts
                .headers
                .insert("next-action", HeaderValue::from_str(&id).unwrap());
        }
        let body = if parts.headers.contains_key("next-action") {
            body
        } else {
            let form = format!("--B\r\nContent-Disposition: form-data; name=\"$ACTION_ID_{id}\"\r\n\r\n\r\n--B--\r\n");
            Body::from(form)
        };
        let response = router
            .oneshot(Request::from_parts(parts, body))
            .await
            .unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    /// A page that shows its query string, to see that a GET passes it on.
    struct QueryPage;

    impl ActionPage for QueryPage {
        fn render(&self) -> RenderedPage {
            self.render_with_query("")
        }
        fn render_with_query(&self, query: &str) -> RenderedPage {
            RenderedPage {
                body_html: format!("<main>query={query}</main>"),
                client_chunks: Vec::new(),
                rows: Vec::new(),
                tree: Value::Null,
            }
        }
    }

    #[tokio::test]
    async fn a_get_renders_with_its_query() {
        use http_body_util::BodyExt as _;
        use tower::ServiceExt as _;
        let router =
            axum::Router::new().route("/", page_with_actions(Registry::new("salt"), QueryPage));
        let request = Request::get("/?error=bad%20input")
            .body(Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let html = String::from_utf8_lossy(&bytes);
        assert!(
            html.contains("<main>query=error=bad%20input</main>"),
            "{html}"
        );
    }

    #[tokio::test]
    async fn a_thrown_error_sends_only_a_digest() {
        let js = Request::post("/")
            .header("next-action", "set below")
            .header("content-type", "text/plain;charset=UTF-8")
            .body(Body::from("[]"))
            .unwrap();
        let (status, headers, body) = send_to_boom(js).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(headers["content-type"], "text/x-component");
        let digest = digest("the secret message");
        assert!(body.ends_with(&format!("1:E{{\"digest\":\"{digest}\"}}\n")));
        assert!(!body.contains("secret"));

        let form = Request::post("/")
            .header("content-type", "multipart/form-data; boundary=B")
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = send_to_boom(form).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(headers["content-type"], "text/html; charset=utf-8");
        assert!(!body.contains("secret"));
    }

    #[tokio::test]
    async fn an_action_reads_the_callers_cookies() {
        use http_body_util::BodyExt as _;
        use tower::ServiceExt as _;
        let registry = Registry::new("salt").register("a.ts", "whoAmI", &[], 0, |_, context| {
            Ok(Some(serde_json::json!(context.cookie("session"))))
        });
        let id = registry.id("whoAmI").to_owned();
        let router = axum::Router::new().route("/", page_with_actions(registry, BoomPage));
        for (cookie, expected) in [(Some("a=1; session=abc"), "\"abc\""), (None, "null")] {
            let mut request = Request::post("/")
                .header("next-action", &id)
                .header("content-type", "text/plain;charset=UTF-8");
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            let response = router
                .clone()
                .oneshot(request.body(Body::from("[]")).unwrap())
                .await
                .unwrap();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            let body = String::from_utf8_lossy(&bytes);
            assert!(body.ends_with(&format!("1:{expected}\n")), "{body}");
        }
    }
}
