//! Mistake 2: `'use server'` on a component.
//!
//! People reach for `'use server'` to say "this is a server component". Every
//! component under `app/` already is one; the directive means something else: each
//! export of the file becomes a **Server Action**. Next.js 16.4.6 builds such a file
//! without a word (the component is async, so it passes the "only async functions"
//! rule), renders it in the page as usual, **and** lists it in the action manifest.
//! Anyone with its id can then `POST` props of their choice and get the rendered
//! element back as flight.

use crate::{action_answer, now_iso};
use axum::extract::Request;
use axum::response::Response;
use axum::routing::{get_service, MethodRouter};
use axum::Router;
use mini_next::flight;
use mini_next::server_actions::{
    page_with_actions, ActionPage, Registry, RenderedPage, REFERENCE_HASH_SALT,
};
use mini_next::server_components::escape_html;
use serde_json::{json, Value};
use tower::ServiceExt as _;

/// The file with `'use server'` at the top, as Next.js hashes it into the id.
const GREETING_FILE: &str = "app/mistakes/use-server-component/greeting.tsx";

pub fn routes() -> Router {
    Router::new().route("/mistakes/use-server-component", page_route())
}

/// The id Next.js gives `Greeting`: `40…`, because the function reads argument 0
/// (its props).
pub fn greeting_id() -> String {
    registry().id("Greeting").to_owned()
}

/// The manifest: `Greeting` is in it like any action. (The model answers its calls
/// itself, below, because an action's result here is an element, which the
/// registry's JSON results cannot carry.)
fn registry() -> Registry {
    Registry::new(REFERENCE_HASH_SALT).register(GREETING_FILE, "Greeting", &[0], 0, |_, _| Ok(None))
}

// ANCHOR: greeting
/// `Greeting({ name })`: renders `<p>Hello, {name}. Rendered at {time}.</p>`, as a
/// flight element: `["$","p",null,{"children":[…]}]`.
pub fn greeting(name: &str) -> Value {
    let children = json!([
        "Hello, ",
        flight::text(name),
        ". Rendered at ",
        now_iso(),
        "."
    ]);
    flight::element("p", None, json!({ "children": children }))
}

/// A `POST` naming `Greeting`: the "action" runs the component with the props the
/// caller sent and returns what it rendered. No page, no check, no login.
fn call_greeting(body: &[u8]) -> Option<Response> {
    let args: Value = serde_json::from_slice(body).ok()?;
    let name = args.get(0)?.get("name")?.as_str()?;
    Some(action_answer(&greeting(name)))
}
// ANCHOR_END: greeting

/// GET renders the page; a POST naming `Greeting` is answered above; any other POST
/// goes to mini-next's action handling (unknown ids, refusals).
fn page_route() -> MethodRouter {
    let page = page_with_actions(registry(), WelcomePage);
    let actions = page.clone();
    let greeting_id = greeting_id();
    get_service(page).post(move |request: Request| {
        let (actions, greeting_id) = (actions.clone(), greeting_id.clone());
        async move {
            let names_greeting = request
                .headers()
                .get("next-action")
                .is_some_and(|id| id == greeting_id.as_str());
            if !names_greeting {
                return actions
                    .oneshot(request)
                    .await
                    .unwrap_or_else(|e| match e {});
            }
            let body = axum::body::to_bytes(request.into_body(), 1024 * 1024)
                .await
                .unwrap_or_default();
            match call_greeting(&body) {
                Some(answer) => answer,
                None => crate::bad_arguments(),
            }
        }
    })
}

/// `/mistakes/use-server-component`: `<h1>Welcome</h1><Greeting name="visitor" />`.
struct WelcomePage;

impl ActionPage for WelcomePage {
    fn render(&self) -> RenderedPage {
        let paragraph = greeting("visitor");
        let children = paragraph[3]["children"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let inner: Vec<String> = children
            .iter()
            .map(|c| escape_html(c.as_str().unwrap_or_default()))
            .collect();
        let main = flight::element(
            "main",
            None,
            json!({ "children": [
                flight::element("h1", None, json!({ "children": "Welcome" })),
                paragraph,
            ]}),
        );
        let root = flight::element("$2", Some("c"), json!({ "children": flight::reference(3) }));
        RenderedPage {
            body_html: format!(
                "<main><h1>Welcome</h1><p>{}</p></main>",
                inner.join("<!-- -->")
            ),
            client_chunks: Vec::new(),
            rows: vec![
                flight::symbol_row(2, "react.fragment"),
                flight::model_row(3, &main),
            ],
            tree: json!({ "t": { "s": "", "h": 16, "d": { "r": root, "p": false, "v": null } } }),
        }
    }
}
