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

use crate::app_route::VARY;
use crate::etag::etag;
use crate::flight;
use crate::server_components::html_document;
use axum::body::{to_bytes, Body};
use axum::extract::{OriginalUri, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, MethodRouter};
use base64::Engine as _;
use serde_json::{json, Map, Value};
use sha1::{Digest as _, Sha1};
use std::convert::Infallible;
use std::sync::Arc;

/// The reference build's `encryptionKey` (from `server-reference-manifest.json`),
/// which Next.js also uses as the salt of action ids. Copied so our ids equal theirs.
pub const REFERENCE_HASH_SALT: &str = "gTrPU+NNee3nHZJ92XVFhEoQP07O8DRassGAtrz+RIg=";

/// The reference build's id (`.next/BUILD_ID`), sent as `"b"` in row 0. Copied so
/// transcripts line up; a real build id changes with every build.
pub const REFERENCE_BUILD_ID: &str = "RDyLhQjjpiIHxLzC-bPPV";

/// An action id is 21 bytes written as hex.
pub const ID_LENGTH: usize = 42;

/// The default `serverActions.bodySizeLimit`: 1 MB.
pub const BODY_SIZE_LIMIT: usize = 1024 * 1024;

/// The digest Next.js 16.4.6 sent for a refused `Origin` (copied from the reference build).
pub const CSRF_DIGEST: &str = "2731700299";

/// The digest Next.js 16.4.6 sent for a body over the limit (copied from the reference build).
pub const BODY_TOO_LARGE_DIGEST: &str = "1816077229";

// ANCHOR: action_id
/// The info byte that starts an action id: bit 7 = kind (0, a Server Action), bits
/// 6..1 = which of the first six arguments are used (argument 0 is bit 6), bit 0 =
/// rest arguments. The client reads it to skip sending arguments the server ignores.
pub fn info_byte(used_args: &[usize], has_rest_args: bool) -> u8 {
    let mut byte = u8::from(has_rest_args);
    for &arg in used_args.iter().filter(|&&arg| arg < 6) {
        byte |= 1 << (6 - arg);
    }
    byte
}

/// The id Next.js gives the export `export` of `file` (a path from the project root):
/// the info byte, then `SHA-1(salt + file + ":" + export)`, as 42 hex characters.
pub fn action_id(hash_salt: &str, file: &str, export: &str, used_args: &[usize]) -> String {
    let hash = Sha1::digest(format!("{hash_salt}{file}:{export}").as_bytes());
    let mut id = format!("{:02x}", info_byte(used_args, false));
    for byte in hash {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}
// ANCHOR_END: action_id

/// Next.js's first check on an id: only the length. `abc` fails it (400); 42 zeros
/// pass it and then are not found (409).
pub fn might_be_action_id(id: &str) -> bool {
    id.len() == ID_LENGTH
}

/// A `FormData`: fields in the order they arrived, repeats kept.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormData {
    pub fields: Vec<(String, String)>,
}

impl FormData {
    /// `formData.get(name)`: the first value of that name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One argument of an action, decoded from the request.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A plain value (`greet('world')` gets `Value("world")`).
    Value(Value),
    /// A `FormData` (what a `<form action={…}>` passes).
    Form(FormData),
}

impl Arg {
    /// The argument as a `FormData`, if it is one.
    pub fn form(&self) -> Option<&FormData> {
        match self {
            Arg::Form(form) => Some(form),
            Arg::Value(_) => None,
        }
    }

    /// The argument as text: `String(arg)` for the simple cases.
    pub fn text(&self) -> String {
        match self {
            Arg::Value(Value::String(s)) => s.clone(),
            Arg::Value(other) => other.to_string(),
            Arg::Form(_) => "[object FormData]".to_owned(),
        }
    }
}

/// What an action can throw: `redirect()` is a throw too, which Next.js catches.
#[derive(Debug, Clone, PartialEq)]
pub enum Thrown {
    /// `redirect(path)` from `next/navigation`.
    Redirect(String),
    /// Any other error: logged on the server, only a digest reaches the client.
    Error(String),
}

/// What an action gets besides its arguments: the calls from `next/cache`.
#[derive(Debug, Default)]
pub struct ActionContext {
    revalidated: bool,
}

impl ActionContext {
    /// `revalidatePath(path)`: the answer to a JS call will carry the page's new tree.
    /// (The model re-renders the current page whatever the path.)
    pub fn revalidate_path(&mut self, _path: &str) {
        self.revalidated = true;
    }
}

/// An action's return: `Ok(None)` is `undefined`, `Ok(Some(v))` a value.
pub type ActionResult = Result<Option<Value>, Thrown>;

type ActionFn = dyn Fn(&[Arg], &mut ActionContext) -> ActionResult + Send + Sync;

/// One registered action.
pub struct Action {
    pub id: String,
    /// The export name (or `$$RSC_SERVER_ACTION_<n>` for an inline action).
    pub name: String,
    /// How many leading arguments are bound (closed-over) values.
    pub bound_count: usize,
    run: Arc<ActionFn>,
}

impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Action")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("bound_count", &self.bound_count)
            .finish()
    }
}

/// The build's action manifest: every action, by id.
#[derive(Debug)]
pub struct Registry {
    hash_salt: String,
    actions: Vec<Action>,
}

impl Registry {
    /// An empty registry whose ids are salted with `hash_salt`.
    pub fn new(hash_salt: &str) -> Registry {
        Registry {
            hash_salt: hash_salt.to_owned(),
            actions: Vec::new(),
        }
    }

    /// Registers `export` of `file`. `used_args` are the argument positions the
    /// function reads (they go into the info byte); the first `bound_count` of them
    /// are closed-over values that travel sealed (see [`seal_bound`]).
    pub fn register<F>(
        mut self,
        file: &str,
        export: &str,
        used_args: &[usize],
        bound_count: usize,
        run: F,
    ) -> Registry
    where
        F: Fn(&[Arg], &mut ActionContext) -> ActionResult + Send + Sync + 'static,
    {
        self.actions.push(Action {
            id: action_id(&self.hash_salt, file, export, used_args),
            name: export.to_owned(),
            bound_count,
            run: Arc::new(run),
        });
        self
    }

    /// The id of the action exported as `name`. Panics on a name never registered
    /// (a typo in the example, not a request error).
    pub fn id(&self, name: &str) -> &str {
        &self
            .actions
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no action named {name:?} was registered"))
            .id
    }

    /// The action with this id, if the build has it.
    pub fn find(&self, id: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.id == id)
    }
}

// ANCHOR: seal_bound
/// Seals the closed-over values of an inline action for their trip to the browser.
/// Real Next.js encrypts `id + values` with the build key; the model only writes
/// `base64({"actionId":…,"bound":[…]})`, readable by anyone (see the module doc).
pub fn seal_bound(action_id: &str, bound: &[Value]) -> String {
    let plain = json!({ "actionId": action_id, "bound": bound }).to_string();
    base64::engine::general_purpose::STANDARD.encode(plain)
}

/// Opens a sealed value. `None` when it does not decode or was sealed for another
/// action: Next.js refuses both (its decryption fails), and so do we.
pub fn open_bound(action_id: &str, sealed: &str) -> Option<Vec<Value>> {
    let plain = base64::engine::general_purpose::STANDARD
        .decode(sealed)
        .ok()?;
    let value: Value = serde_json::from_slice(&plain).ok()?;
    if value["actionId"] != action_id {
        return None;
    }
    value["bound"].as_array().cloned()
}
// ANCHOR_END: seal_bound

/// The hidden inputs React puts at the start of a `<form action={fn}>`, so that the
/// form still works before (or without) JavaScript. Without bound values it is one
/// `$ACTION_ID_<id>`; with them, `$ACTION_REF_<n>` and the `{id, bound}` reference in
/// reply encoding, spread over fields `$ACTION_<n>:0`, `:1`, `:2`.
pub fn form_hidden_inputs(id: &str, bound: Option<(u32, &[Value])>) -> String {
    let Some((n, values)) = bound else {
        return format!(r#"<input type="hidden" name="$ACTION_ID_{id}"/>"#);
    };
    let sealed = Value::String(seal_bound(id, values)).to_string();
    let reference = json!({ "id": id, "bound": "$@1" }).to_string();
    format!(
        concat!(
            r#"<input type="hidden" name="$ACTION_REF_{n}"/>"#,
            r#"<input type="hidden" name="$ACTION_{n}:1" value="{list}"/>"#,
            r#"<input type="hidden" name="$ACTION_{n}:0" value="{reference}"/>"#,
            r#"<input type="hidden" name="$ACTION_{n}:2" value="{sealed}"/>"#,
        ),
        n = n,
        list = escape_attribute(r#"["$@2"]"#),
        reference = escape_attribute(&reference),
        sealed = escape_attribute(&sealed),
    )
}

/// Escapes text for a double-quoted HTML attribute, as React does (`"` → `&quot;`).
pub fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#x27;")
}

/// The flight rows of one form's action: `{"id","bound":null}` without bound values,
/// or `{"id","bound":"$@<n+1>"}`, `["$@<n+2>"]` and the sealed string. The form's
/// `action` prop then is [`flight::server_reference`]`(n)`.
pub fn action_rows(n: u32, id: &str, bound: Option<&[Value]>) -> Vec<String> {
    match bound {
        None => vec![flight::model_row(n, &json!({ "id": id, "bound": null }))],
        Some(values) => vec![
            flight::model_row(n, &json!({ "id": id, "bound": flight::promise(n + 1) })),
            flight::model_row(n + 1, &json!([flight::promise(n + 2)])),
            flight::model_row(n + 2, &Value::String(seal_bound(id, values))),
        ],
    }
}

/// The page that hosts the actions. One render gives both of its shapes: HTML (a
/// GET, a no-JS post) with its flight rows inlined, and the flight rows alone
/// (after `revalidatePath`), as one React render feeds both in Next.js.
pub trait ActionPage: Send + Sync + 'static {
    /// Runs the page once (reading the current data).
    fn render(&self) -> RenderedPage;

    /// The flight answer for a JS `redirect()` to `path`: what Next.js gets by
    /// fetching `path` with `RSC: 1` from itself. `None` sends only the header.
    fn redirect_target(&self, path: &str) -> Option<TargetPayload>;
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
const DYNAMIC_GET: &str = "private, no-cache, no-store, max-age=0, must-revalidate";
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
        let mut context = ActionContext::default();
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
        let mut context = ActionContext::default();
        match (action.run)(&args, &mut context) {
            Ok(_) => self.page_html(paths, ACTION_ANSWER),
            Err(Thrown::Redirect(path)) => see_other(&format!("{}{path}", paths.base)),
            Err(Thrown::Error(_)) => pages_error_page(ACTION_ANSWER),
        }
    }
    // ANCHOR_END: run_form

    /// The page as HTML, with the `Cache-Control` of a GET or of an action's answer.
    fn page_html(&self, paths: &RequestPaths, cache_control: &str) -> Response {
        let html = self.page.render().document(&paths.base, &paths.page);
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
}

fn request_paths(request: &Request) -> RequestPaths {
    let page = request.uri().path();
    let original = request
        .extensions()
        .get::<OriginalUri>()
        .map_or(page, |uri| uri.0.path());
    RequestPaths {
        base: original.strip_suffix(page).unwrap_or("").to_owned(),
        page: page.to_owned(),
    }
}

// ANCHOR: origin_check
/// The CSRF check: the host:port of `Origin` must equal `X-Forwarded-Host` (its first
/// entry), or `Host` when there is none. The scheme is ignored, `Origin: null` never
/// matches, and a request without `Origin` passes.
fn origin_is_allowed(headers: &HeaderMap) -> bool {
    let Some(origin) = header_text(headers, "origin") else {
        return true;
    };
    let origin_host = if origin == "null" {
        "null".to_owned()
    } else {
        host_of_url(origin)
    };
    Some(origin_host.as_str()) == request_host(headers)
}

/// `X-Forwarded-Host` (first of a list) if present, else `Host`.
fn request_host(headers: &HeaderMap) -> Option<&str> {
    match header_text(headers, "x-forwarded-host") {
        Some(forwarded) => forwarded.split(',').next().map(str::trim),
        None => header_text(headers, "host"),
    }
}

/// `new URL(origin).host`: host and port, with the scheme's default port left out.
fn host_of_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let default_port = match scheme {
        "http" => Some(":80"),
        "https" => Some(":443"),
        _ => None,
    };
    match default_port {
        Some(port) => authority.strip_suffix(port).unwrap_or(authority),
        None => authority,
    }
    .to_ascii_lowercase()
}
// ANCHOR_END: origin_check

/// An action found in the fields of a no-JS form post.
#[derive(Debug, PartialEq)]
struct PostedAction {
    id: String,
    /// The sealed bound values, for `$ACTION_REF_` forms.
    sealed: Option<String>,
    /// The form's own fields, without the `$ACTION_` ones.
    form: FormData,
}

// ANCHOR: find_form_action
/// Reads the action out of a no-JS form post, as React's `decodeAction` does:
/// `$ACTION_ID_<id>` names it directly; `$ACTION_REF_<n>` points at `$ACTION_<n>:0`,
/// `{"id","bound":"$@1"}`, whose bound list (`:1`) points at the sealed value (`:2`).
fn find_form_action(fields: &[(String, String)]) -> Option<PostedAction> {
    let form = FormData {
        fields: fields
            .iter()
            .filter(|(name, _)| !name.starts_with("$ACTION_"))
            .cloned()
            .collect(),
    };
    for (name, _) in fields {
        if let Some(id) = name.strip_prefix("$ACTION_ID_") {
            let (id, sealed) = (id.to_owned(), None);
            return Some(PostedAction { id, sealed, form });
        }
        if let Some(n) = name.strip_prefix("$ACTION_REF_") {
            let field = |row: u32| {
                let name = format!("$ACTION_{n}:{row:x}");
                let text = fields.iter().find(|(f, _)| *f == name)?.1.as_str();
                serde_json::from_str::<Value>(text).ok()
            };
            let reference = field(0)?;
            let id = reference["id"].as_str()?.to_owned();
            let sealed = match reference["bound"].as_str() {
                Some(promise) => {
                    let list = field(row_of(promise)?)?;
                    let first = list.get(0)?.as_str()?;
                    Some(field(row_of(first)?)?.as_str()?.to_owned())
                }
                None => None,
            };
            return Some(PostedAction { id, sealed, form });
        }
    }
    None
}
// ANCHOR_END: find_form_action

/// The row a `"$@<hex>"` reference points at.
fn row_of(reference: &str) -> Option<u32> {
    u32::from_str_radix(reference.strip_prefix("$@")?, 16).ok()
}

// ANCHOR: decode_reply
/// Decodes the argument list a JS call sends (React's `encodeReply` format): a JSON
/// array as text, or multipart whose field `0` is that array. In the array, `"$K<n>"`
/// is the `FormData` made of the fields named `_<n>_…`, `"$@<n>"` the JSON of field
/// `n`, and a string starting with `$$` a literal `$`.
fn decode_reply(content_type: &str, body: &[u8]) -> Option<Vec<Arg>> {
    let fields = if content_type.starts_with("multipart/form-data") {
        parse_multipart(content_type, body)?
    } else {
        vec![("0".to_owned(), String::from_utf8_lossy(body).into_owned())]
    };
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let root: Value = serde_json::from_str(field("0")?).ok()?;
    let mut args = Vec::new();
    for item in root.as_array()? {
        let arg = match item.as_str() {
            Some(s) if s.starts_with("$K") => {
                let prefix = format!("_{}_", &s[2..]);
                Arg::Form(FormData {
                    fields: fields
                        .iter()
                        .filter_map(|(n, v)| Some((n.strip_prefix(&prefix)?.to_owned(), v.clone())))
                        .collect(),
                })
            }
            Some(s) if s.starts_with("$@") => {
                let row = row_of(s)?.to_string();
                Arg::Value(unescape_strings(serde_json::from_str(field(&row)?).ok()?))
            }
            _ => Arg::Value(unescape_strings(item.clone())),
        };
        args.push(arg);
    }
    Some(args)
}
// ANCHOR_END: decode_reply

/// For an action with bound values, a JS call sends the sealed value as argument 0;
/// it is replaced by the values it holds. `None` when it does not open.
fn unseal_leading_bound(action: &Action, mut args: Vec<Arg>) -> Option<Vec<Arg>> {
    if action.bound_count == 0 {
        return Some(args);
    }
    let Arg::Value(Value::String(sealed)) = args.first()? else {
        return None;
    };
    let bound = open_bound(&action.id, sealed)?;
    args.splice(0..1, bound.into_iter().map(Arg::Value));
    Some(args)
}

/// `$$x` → `$x` in every string of a decoded value.
fn unescape_strings(value: Value) -> Value {
    match value {
        Value::String(s) if s.starts_with("$$") => Value::String(s[1..].to_owned()),
        Value::Array(items) => Value::Array(items.into_iter().map(unescape_strings).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, unescape_strings(v)))
                .collect(),
        ),
        other => other,
    }
}

/// `$x` → `$$x` in every string, so a result is not read as references.
fn escape_strings(value: &Value) -> Value {
    match value {
        Value::String(s) => flight::text(s),
        Value::Array(items) => Value::Array(items.iter().map(escape_strings).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), escape_strings(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

// ANCHOR: parse_multipart
/// The text fields of a `multipart/form-data` body, in order. Each part is
/// `--<boundary>\r\n`, headers, a blank line, the value, `\r\n`; the last boundary
/// ends with `--`. File parts are read as text too (a simplification).
pub fn parse_multipart(content_type: &str, body: &[u8]) -> Option<Vec<(String, String)>> {
    let boundary = content_type
        .split(';')
        .find_map(|param| param.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let body = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut fields = Vec::new();
    for part in body.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        let (head, value) = part.split_once("\r\n\r\n")?;
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        let name = head
            .split("\r\n")
            .filter(|line| {
                line.to_ascii_lowercase()
                    .starts_with("content-disposition:")
            })
            .find_map(|line| line.split("name=\"").nth(1)?.split('"').next())?;
        fields.push((name.to_owned(), value.to_owned()));
    }
    Some(fields)
}
// ANCHOR_END: parse_multipart

/// The digest of an error, like the `string-hash` package Next.js uses: djb2 with
/// xor, over the characters from last to first.
pub fn digest(message: &str) -> String {
    let units: Vec<u16> = message.encode_utf16().collect();
    let hash = units.iter().rev().fold(5381u32, |hash, &unit| {
        hash.wrapping_mul(33) ^ u32::from(unit)
    });
    hash.to_string()
}

/// A refusal: the flight error row for a JS call, the Pages Router 500 page for a form.
fn refused(fetch: bool, digest: &str, cache_control: &str) -> Response {
    if fetch {
        flight_error(digest, cache_control)
    } else {
        pages_error_page(cache_control)
    }
}

/// 500 with `0:{"a":"$@1",…}` and `1:E{"digest":…}`: the promise the client awaits
/// rejects, with no message.
fn flight_error(digest: &str, cache_control: &str) -> Response {
    let head = json!({ "a": "$@1", "q": "", "i": false, "b": REFERENCE_BUILD_ID });
    let body = flight::model_row(0, &head) + &flight::error_row(1, digest);
    flight_response(StatusCode::INTERNAL_SERVER_ERROR, cache_control, &[], body)
}

fn flight_response(
    status: StatusCode,
    cache_control: &str,
    extra: &[(&str, String)],
    body: String,
) -> Response {
    let mut response = streamed(status, body);
    let headers = response.headers_mut();
    set(headers, "vary", &format!("{VARY}, Accept-Encoding"));
    set(headers, "cache-control", cache_control);
    for (name, value) in extra {
        set(headers, name, value);
    }
    set(headers, "content-type", "text/x-component");
    response
}

/// 400/409 `text/plain` with `x-nextjs-action-not-found: 1`, a known length and an ETag.
fn unrecognized_action(status: StatusCode) -> Response {
    let text = if status == StatusCode::BAD_REQUEST {
        "Invalid Server Action request."
    } else {
        "Server Action unavailable."
    };
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    set(headers, "vary", &format!("{VARY}, Accept-Encoding"));
    set(headers, "cache-control", ACTION_ANSWER);
    set(headers, "x-nextjs-action-not-found", "1");
    set(headers, "content-type", "text/plain");
    set(headers, "etag", &etag(text));
    response
}

/// `303 See Other` to `location`, empty chunked body: the browser GETs the target.
fn see_other(location: &str) -> Response {
    let mut response = streamed(StatusCode::SEE_OTHER, String::new());
    let headers = response.headers_mut();
    set(headers, "vary", VARY);
    set(headers, "cache-control", ACTION_ANSWER);
    set(headers, "location", location);
    response
}

/// The Pages Router's default `500: Internal Server Error` page (the reference app has
/// a `pages/` folder, so its error page answers failed form posts), with a length and
/// an ETag as a static page has.
fn pages_error_page(cache_control: &str) -> Response {
    let html = concat!(
        r#"<!DOCTYPE html><html><head><meta charSet="utf-8"/>"#,
        r#"<title>500: Internal Server Error</title></head><body><div id="__next">"#,
        r#"<div><h1 class="next-error-h1">500</h1><div><h2>Internal Server Error.</h2>"#,
        r#"</div></div></div></body></html>"#,
    );
    let mut response = Response::new(Body::from(html));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    let headers = response.headers_mut();
    set(headers, "vary", &format!("{VARY}, Accept-Encoding"));
    set(headers, "cache-control", cache_control);
    set(headers, "x-powered-by", "Next.js");
    set(headers, "etag", &etag(html));
    set(headers, "content-type", "text/html; charset=utf-8");
    response
}

/// A body sent as a stream of unknown length, so hyper frames it as chunked the way
/// Node does for a rendered page or flight stream.
fn streamed(status: StatusCode, body: String) -> Response {
    let chunks = futures_util::stream::iter([Ok::<_, Infallible>(body)]);
    let mut response = Response::new(Body::from_stream(chunks));
    *response.status_mut() = status;
    response
}

fn set(headers: &mut HeaderMap, name: &str, value: &str) {
    let name = header::HeaderName::from_bytes(name.as_bytes()).expect("a valid header name");
    let value = HeaderValue::from_str(value).expect("a valid header value");
    headers.insert(name, value);
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        fn redirect_target(&self, _path: &str) -> Option<TargetPayload> {
            None
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
}
