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
//! The page function runs once per request and returns one tree of
//! `mini_next::server_components` nodes; mini-next writes it as HTML (the `<main>`
//! byte for byte what Next.js sends, forms with their hidden inputs) and as the
//! page's flight rows, which go out inlined in that HTML (`self.__next_f.push(…)`)
//! or alone after `revalidatePath`.
//!
//! Simplified: mini-next's page model (see `mini_next::server_components`): fewer
//! router rows than Next.js, our own row ids and chunk names.
//!
//! [`echo`] adds `/echo`, an action that returns what it received, to show how
//! each JavaScript value travels to the server and back; [`likes`] adds `/likes`
//! (`.bind()` values in plain text, and which actions bring a new tree back);
//! [`signup`] adds `/signup` (`useActionState`: an error shown without a redirect).
//!
//! Run it alone with `cargo run -p example-server-actions` (it prints its address;
//! open `/guestbook`), or let the playground run it.

pub mod echo;
pub mod likes;
pub mod signup;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use mini_next::server_actions::{
    page_with_actions, ActionContext, ActionResult, Args, Registry, Returned, Thrown,
};
use mini_next::server_components::{
    client, element, list, text, AppPage, ClientReference, Node, Page, PageProps,
};
use mini_next::server_reference::ServerReference;
use serde_json::{json, Map, Value};
use std::sync::{LazyLock, Mutex};
use std::time::SystemTime;

/// Where the client script is served (under the base path).
pub const CLIENT_SCRIPT: &str = "/_next/static/chunks/guestbook-client.js";

/// The routes, at the paths the folders have under `app/`.
pub fn app() -> Router {
    let registry = registry();
    let page = GuestbookPage::new(&registry);
    let greet_id = registry.id("greet").to_owned();
    let thanks = AppPage::new("/guestbook/thanks", thanks_page).prerendered();
    let guestbook =
        page_with_actions(registry, AppPage::new("/guestbook", page)).redirects_to(thanks.clone());
    Router::new()
        .route("/guestbook", guestbook.into_route())
        .route("/guestbook/thanks", thanks.into_route())
        .route(
            CLIENT_SCRIPT,
            get(move || async move { client_script(&greet_id) }),
        )
        .merge(echo::routes())
        .merge(likes::routes())
        .merge(signup::routes())
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
    Registry::new()
        .register(ACTIONS_FILE, "getEntries", &[], 0, get_entries)
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
async fn get_entries(_args: Args, _context: ActionContext) -> ActionResult {
    Ok(json!(entries()).into())
}

/// `addEntry(formData)`: appends `formData.get('name')`, then `revalidatePath`, so
/// a JS caller gets the page's new tree in the same answer.
async fn add_entry(args: Args, context: ActionContext) -> ActionResult {
    push_entry(&args);
    context.revalidate_path("/guestbook");
    Ok(Returned::Undefined)
}

/// `addAndRedirect(formData)`: appends, then `redirect('/guestbook/thanks')`, which
/// throws: a form post gets a 303, a JS call gets `x-action-redirect`.
async fn add_and_redirect(args: Args, _context: ActionContext) -> ActionResult {
    push_entry(&args);
    Err(Thrown::Redirect("/guestbook/thanks".to_owned()))
}

/// `greet(name)`: counts the calls and returns `{ greeting, count }`.
async fn greet(args: Args, _context: ActionContext) -> ActionResult {
    // `${name}`: JavaScript's String(name), "undefined" when it is missing.
    let name = args.text(0);
    let mut calls = GREET_CALLS
        .lock()
        .expect("no action panics holding the counter");
    *calls += 1;
    Ok(json!({ "greeting": format!("Hello, {name}!"), "count": *calls }).into())
}

/// The inline `addNote(formData)` of `page.tsx`: it only logs, using the render time
/// it closed over (argument 0, the bound value).
async fn add_note(args: Args, _context: ActionContext) -> ActionResult {
    let rendered_at = args.text(0);
    let form = args.form(1);
    let note = form
        .as_ref()
        .and_then(|form| form.get("note"))
        .unwrap_or("");
    println!("note {note} from render at {rendered_at}");
    Ok(Returned::Undefined)
}
// ANCHOR_END: actions

/// `entries.push(String(formData.get('name') ?? ''))`.
fn push_entry(args: &Args) {
    let form = args.form(0);
    let name = form
        .as_ref()
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

/// The page and the actions its forms name.
struct GuestbookPage {
    add_entry: ServerReference,
    add_and_redirect: ServerReference,
    add_note: ServerReference,
}

impl GuestbookPage {
    fn new(registry: &Registry) -> GuestbookPage {
        GuestbookPage {
            add_entry: registry.reference("addEntry"),
            add_and_redirect: registry.reference("addAndRedirect"),
            add_note: registry.reference(ADD_NOTE),
        }
    }
}

// ANCHOR: page
impl Page for GuestbookPage {
    /// `GuestbookPage()`, run once per request: the list, three forms whose `action`
    /// is a Server Action, and the greet button (a client component: its script does
    /// the work). mini-next writes this one tree as HTML (forms with hidden inputs)
    /// and as flight rows (forms with `"$h…"` references), so the render time that
    /// `addNote` closes over is the same in both.
    fn render(&self, _props: &PageProps) -> Node {
        let rendered_at = json!(mini_next::js::to_iso_string(SystemTime::now()));
        let add_note = self.add_note.clone().closing_over(vec![rendered_at]);
        let form = |action: &ServerReference, input: &'static str, label: &str| -> Node {
            element("form")
                .action(action.clone())
                .child(element("input").attr("name", input))
                .child(element("button").attr("type", "submit").child(text(label)))
                .into()
        };
        let items = entries()
            .into_iter()
            .enumerate()
            .map(|(i, entry)| element("li").key(&i.to_string()).child(text(entry)).into());
        element("main")
            .child(element("h1").child(text("Guestbook")))
            .child(element("ul").child(list(items)))
            .child(form(&self.add_entry, "name", "Add"))
            .child(form(&self.add_and_redirect, "name", "Add and redirect"))
            .child(form(&add_note, "note", "Add note"))
            .child(client(&GREET_BUTTON, json!({})))
            .into()
    }
}
// ANCHOR_END: page

/// `greet-button.tsx` (`'use client'`): a button that calls `greet` and shows the
/// answer. Its browser code is the hand-written `guestbook-client.js`.
static GREET_BUTTON: ClientReference = ClientReference {
    module_id: 17618,
    chunks: &["guestbook-client.js"],
    export: "default",
    render_html: greet_button_html,
};

/// The button's first HTML, rendered on the server: nothing greeted yet.
fn greet_button_html(_props: &Map<String, Value>) -> Node {
    element("div")
        .child(element("button").child(text("Greet")))
        .child(element("output"))
        .into()
}

/// `app/guestbook/thanks/page.tsx`: a static page, prerendered at build time in
/// Next.js.
fn thanks_page(_props: &PageProps) -> Node {
    element("h1").child(text("Thanks for signing!")).into()
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
