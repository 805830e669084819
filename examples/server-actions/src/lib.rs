//! Server Actions, modelled in Rust: the `/guestbook` page of the reference app.
//!
//! Each action below mirrors one function of `reference/nextjs/app/guestbook/`:
//! `getEntries`, `addEntry`, `addAndRedirect` and `greet` from `actions.ts`, and the
//! inline `addNote` of `page.tsx`, which closes over the render time. They are
//! registered with `mini_next::server_actions::Registry`, which gives them the same
//! ids as the reference build, and the page answers both `GET` and the actions'
//! `POST`s. In a browser the page works without JavaScript (the forms post
//! multipart themselves) and with it: `guestbook-client.js`, served below, sends what
//! Next.js's client runtime sends (`Next-Action` fetches).
//!
//! The page renders once per request into both of its shapes
//! (`mini_next::server_actions::RenderedPage`): the `<main>` HTML, written by hand
//! and byte for byte what Next.js sends, and the page's flight rows, which go out
//! inlined in that HTML (`self.__next_f.push(…)`) or alone after `revalidatePath`.
//!
//! Simplified: the flight rows are the page's own (its elements, the `{id, bound}`
//! rows its forms point at, the `GreetButton` client reference) inside a one-segment
//! tree; Next.js adds the layout segments, its router's client components, the
//! `X`/`C` stream rows and the metadata around them. Row ids, module ids and chunk
//! names are our own. `/guestbook/thanks` is a fixed page, not a render.
//!
//! Run it alone with `cargo run -p example-server-actions` (it prints its address;
//! open `/guestbook`), or let the playground run it.

use axum::extract::Request;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use mini_next::flight;
use mini_next::server_actions::{
    action_rows, form_hidden_inputs, page_with_actions, ActionContext, ActionPage, ActionResult,
    Arg, Registry, RenderedPage, TargetPayload, Thrown, REFERENCE_BUILD_ID, REFERENCE_HASH_SALT,
};
use mini_next::server_components::{escape_html, html_document};
use serde_json::{json, Value};
use std::sync::{LazyLock, Mutex};
use std::time::SystemTime;

/// The hand-written client script, as a chunk file name (for the page's `<head>`).
const CLIENT_CHUNK: &str = "guestbook-client.js";

/// Where the client script is served (under the base path).
pub const CLIENT_SCRIPT: &str = "/_next/static/chunks/guestbook-client.js";

/// The routes, at the paths the folders have under `app/`.
pub fn app() -> Router {
    let registry = registry();
    let page = GuestbookPage::new(&registry);
    let greet_id = registry.id("greet").to_owned();
    Router::new()
        .route("/guestbook", page_with_actions(registry, page))
        .route("/guestbook/thanks", get(thanks_page))
        .route(
            CLIENT_SCRIPT,
            get(move || async move { client_script(&greet_id) }),
        )
}

/// `const entries: string[] = []` in `actions.ts`: module state, shared by every
/// request until the process stops.
static ENTRIES: LazyLock<Mutex<Vec<String>>> = LazyLock::new(|| Mutex::new(Vec::new()));

/// `let greetCalls = 0` in `actions.ts`.
static GREET_CALLS: Mutex<u64> = Mutex::new(0);

/// The file names as Next.js hashes them into ids (paths from the project root).
const ACTIONS_FILE: &str = "app/guestbook/actions.ts";
const PAGE_FILE: &str = "app/guestbook/page.tsx";
/// The name Next.js's compiler gives the first inline action of a file.
const ADD_NOTE: &str = "$$RSC_SERVER_ACTION_0";

// ANCHOR: registry
/// Every action of the page, with the arguments each one uses (they become the
/// first byte of the id: `00`, `40` or `60`).
pub fn registry() -> Registry {
    Registry::new(REFERENCE_HASH_SALT)
        .register(ACTIONS_FILE, "getEntries", &[], 0, |_, _| get_entries())
        .register(ACTIONS_FILE, "addEntry", &[0], 0, add_entry)
        .register(ACTIONS_FILE, "addAndRedirect", &[0], 0, add_and_redirect)
        .register(ACTIONS_FILE, "greet", &[0], 0, greet)
        // `addNote(formData)` closes over `renderedAt`: Next.js makes that value
        // argument 0 and `formData` argument 1, hence `60` and one bound value.
        .register(PAGE_FILE, ADD_NOTE, &[0, 1], 1, add_note)
}
// ANCHOR_END: registry

// ANCHOR: actions
/// `getEntries()`: the list (the page calls it while rendering).
fn get_entries() -> ActionResult {
    Ok(Some(json!(entries())))
}

/// `addEntry(formData)`: appends `formData.get('name')`, then `revalidatePath`, so
/// a JS caller gets the page's new tree in the same answer.
fn add_entry(args: &[Arg], context: &mut ActionContext) -> ActionResult {
    push_entry(args);
    context.revalidate_path("/guestbook");
    Ok(None)
}

/// `addAndRedirect(formData)`: appends, then `redirect('/guestbook/thanks')`, which
/// throws: a form post gets a 303, a JS call gets `x-action-redirect`.
fn add_and_redirect(args: &[Arg], _context: &mut ActionContext) -> ActionResult {
    push_entry(args);
    Err(Thrown::Redirect("/guestbook/thanks".to_owned()))
}

/// `greet(name)`: counts the calls and returns `{ greeting, count }`.
fn greet(args: &[Arg], _context: &mut ActionContext) -> ActionResult {
    let name = args.first().map_or("undefined".to_owned(), Arg::text);
    let mut calls = GREET_CALLS
        .lock()
        .expect("no action panics holding the counter");
    *calls += 1;
    Ok(Some(
        json!({ "greeting": format!("Hello, {name}!"), "count": *calls }),
    ))
}

/// The inline `addNote(formData)` of `page.tsx`: it only logs, using the render time
/// it closed over (argument 0, the bound value).
fn add_note(args: &[Arg], _context: &mut ActionContext) -> ActionResult {
    let rendered_at = args.first().map(Arg::text).unwrap_or_default();
    let note = args
        .get(1)
        .and_then(Arg::form)
        .and_then(|form| form.get("note"))
        .unwrap_or("");
    println!("note {note} from render at {rendered_at}");
    Ok(None)
}
// ANCHOR_END: actions

/// `entries.push(String(formData.get('name') ?? ''))`.
fn push_entry(args: &[Arg]) {
    let name = args
        .first()
        .and_then(Arg::form)
        .and_then(|form| form.get("name"))
        .unwrap_or("");
    ENTRIES
        .lock()
        .expect("no action panics holding the list")
        .push(name.to_owned());
}

fn entries() -> Vec<String> {
    ENTRIES
        .lock()
        .expect("no action panics holding the list")
        .clone()
}

/// The page and the ids its forms need.
struct GuestbookPage {
    add_entry: String,
    add_and_redirect: String,
    add_note: String,
}

impl GuestbookPage {
    fn new(registry: &Registry) -> GuestbookPage {
        GuestbookPage {
            add_entry: registry.id("addEntry").to_owned(),
            add_and_redirect: registry.id("addAndRedirect").to_owned(),
            add_note: registry.id(ADD_NOTE).to_owned(),
        }
    }
}

// ANCHOR: page
impl ActionPage for GuestbookPage {
    /// `GuestbookPage()`, run once: the list, three forms whose `action` is a Server
    /// Action, and the greet button (a client component: its script does the work).
    /// Both shapes come from this one run, so the render time that `addNote` closes
    /// over is the same in the HTML's hidden input and in the flight rows.
    fn render(&self) -> RenderedPage {
        let rendered_at = [json!(mini_next::js::to_iso_string(SystemTime::now()))];
        let entries = entries();
        let (rows, tree) = self.flight_tree(&entries, &rendered_at);
        RenderedPage {
            body_html: self.main_html(&entries, &rendered_at),
            client_chunks: vec![CLIENT_CHUNK],
            rows,
            tree,
        }
    }

    /// `/guestbook/thanks` is static: its flight answer comes from the prerender
    /// cache, with the cache headers Next.js copies into the action's answer.
    fn redirect_target(&self, path: &str) -> Option<TargetPayload> {
        (path == "/guestbook/thanks").then(|| TargetPayload {
            cache_control: "s-maxage=31536000".to_owned(),
            headers: vec![
                ("x-nextjs-cache", "HIT".to_owned()),
                ("x-nextjs-prerender", "1, 1".to_owned()),
                ("x-nextjs-stale-time", "300".to_owned()),
            ],
            body: thanks_flight(),
        })
    }
}

impl GuestbookPage {
    /// The page as HTML: each form posts to the page itself, and hidden inputs
    /// name its action (so it works without JavaScript).
    fn main_html(&self, entries: &[String], rendered_at: &[Value]) -> String {
        let items: String = entries
            .iter()
            .map(|entry| format!("<li>{}</li>", escape_html(entry)))
            .collect();
        let form = |hidden: String, input: &str, label: &str| {
            format!(
                r#"<form action="" encType="multipart/form-data" method="POST">{hidden}<input name="{input}"/><button type="submit">{label}</button></form>"#
            )
        };
        let forms = [
            form(form_hidden_inputs(&self.add_entry, None), "name", "Add"),
            form(
                form_hidden_inputs(&self.add_and_redirect, None),
                "name",
                "Add and redirect",
            ),
            form(
                form_hidden_inputs(&self.add_note, Some((3, rendered_at))),
                "note",
                "Add note",
            ),
        ]
        .concat();
        format!(
            "<main><h1>Guestbook</h1><ul>{items}</ul>{forms}<div><button>Greet</button><output></output></div></main>"
        )
    }

    /// The same page as flight rows: the forms' `action` props are server references
    /// (`"$h3"`) to `{id, bound}` rows, the greet button a client reference. Returns
    /// the rows and the route tree (`"t"` of row 0).
    fn flight_tree(&self, entries: &[String], rendered_at: &[Value]) -> (Vec<String>, Value) {
        let mut rows = vec![
            flight::symbol_row(2, "react.fragment"),
            flight::client_reference_row(9, 17618, &[CLIENT_SCRIPT], "default"),
        ];
        rows.extend(action_rows(3, &self.add_entry, None));
        rows.extend(action_rows(4, &self.add_and_redirect, None));
        rows.extend(action_rows(5, &self.add_note, Some(rendered_at)));
        let items: Vec<Value> = entries
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                flight::element(
                    "li",
                    Some(&i.to_string()),
                    json!({ "children": flight::text(entry) }),
                )
            })
            .collect();
        let form = |action: u32, input: &str, label: &str| {
            flight::element(
                "form",
                None,
                json!({ "action": flight::server_reference(action), "children": [
                    flight::element("input", None, json!({ "name": input })),
                    flight::element("button", None, json!({ "type": "submit", "children": label })),
                ]}),
            )
        };
        let main = flight::element(
            "main",
            None,
            json!({ "children": [
                flight::element("h1", None, json!({ "children": "Guestbook" })),
                flight::element("ul", None, json!({ "children": items })),
                form(3, "name", "Add"),
                form(4, "name", "Add and redirect"),
                form(5, "note", "Add note"),
                flight::element("$L9", None, json!({})),
            ]}),
        );
        rows.push(flight::model_row(8, &main));
        // The root segment: a fragment (row 2) around the page (row 8).
        let root = flight::element("$2", Some("c"), json!({ "children": flight::reference(8) }));
        let tree = json!({ "t": { "s": "", "h": 16, "d": { "r": root, "p": false, "v": null } } });
        (rows, tree)
    }
}
// ANCHOR_END: page

/// The flight payload of `/guestbook/thanks`: `<h1>Thanks for signing!</h1>` and a
/// row 0 that names the route (`"c"`) for the client router.
fn thanks_flight() -> String {
    let h1 = flight::element("h1", None, json!({ "children": "Thanks for signing!" }));
    let head = json!({
        "P": null, "c": ["", "guestbook", "thanks"], "q": "", "i": false,
        "t": { "t": { "s": "", "h": 528, "d": {
            "r": flight::element("$1", Some("c"), json!({ "children": flight::reference(2) })),
            "p": false, "v": null } } },
        // Fields the client router reads (metadata, errors, …): unused here.
        "m": "$undefined", "S": true, "r": "$undefined", "s": "$undefined",
        "a": "$undefined", "l": "$undefined", "p": "$undefined", "d": "$undefined",
        "b": REFERENCE_BUILD_ID,
    });
    flight::symbol_row(1, "react.fragment")
        + &flight::model_row(2, &h1)
        + &flight::model_row(0, &head)
}

/// `GET /guestbook/thanks`: a static page (prerendered at build time in Next.js),
/// with its flight rows inlined like every App Router page. It has no client
/// component, so it loads no chunk.
async fn thanks_page(request: Request) -> Response {
    let base_path = mini_next::base_path_of(&request);
    let html = html_document(
        &base_path,
        &[],
        "<h1>Thanks for signing!</h1>",
        &thanks_flight(),
    );
    (
        [
            ("x-nextjs-cache", "HIT"),
            ("x-nextjs-prerender", "1"),
            ("cache-control", "s-maxage=31536000"),
            ("content-type", "text/html; charset=utf-8"),
        ],
        html,
    )
        .into_response()
}

// ANCHOR: client_script
/// The page's JavaScript, written by hand: it sends what Next.js's client runtime
/// sends. Every call is a `POST` to the page itself with `Next-Action: <id>`; a form's
/// fields travel prefixed `_1_` with field `0` = `["$K1"]`, `greet('world')` as the
/// text `["world"]`.
fn client_script(greet_id: &str) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/javascript; charset=UTF-8",
        )],
        CLIENT_JS.replace("__GREET_ID__", greet_id),
    )
}

const CLIENT_JS: &str = include_str!("guestbook-client.js");
// ANCHOR_END: client_script
