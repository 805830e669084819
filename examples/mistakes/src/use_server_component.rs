//! Mistake 2: `'use server'` on a component.
//!
//! People reach for `'use server'` to say "this is a server component". Every
//! component under `app/` already is one; the directive means something else: each
//! export of the file becomes a **Server Action**. Next.js 16.4.6 builds such a file
//! without a word (the component is async, so it passes the "only async functions"
//! rule), renders it in the page as usual, **and** lists it in the action manifest.
//! Anyone with its id can then `POST` props of their choice and get the rendered
//! element back as flight.

use crate::now_iso;
use axum::extract::Request;
use axum::response::Response;
use axum::routing::{get_service, MethodRouter};
use axum::Router;
use mini_next::server_actions::{page_with_actions, result_answer, Registry, Returned};
use mini_next::server_components::{element, result_rows, text, AppPage, Node, PageProps};
use serde_json::Value;
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
    Registry::new().register(GREETING_FILE, "Greeting", &[0], 0, |_, _| async {
        Ok(Returned::Undefined)
    })
}

// ANCHOR: greeting
/// `Greeting({ name })`: renders `<p>Hello, {name}. Rendered at {time}.</p>`.
pub fn greeting(name: &str) -> Node {
    element("p")
        .child(text("Hello, "))
        .child(text(name))
        .child(text(". Rendered at "))
        .child(text(now_iso()))
        .child(text("."))
        .into()
}

/// A `POST` naming `Greeting`: the "action" runs the component with the props the
/// caller sent and returns what it rendered, as flight. No page, no check, no login.
fn call_greeting(body: &[u8]) -> Option<Response> {
    let args: Value = serde_json::from_slice(body).ok()?;
    let name = args.get(0)?.get("name")?.as_str()?;
    let (rows, element) = result_rows(&greeting(name));
    Some(result_answer("", None, rows, &element))
}
// ANCHOR_END: greeting

/// GET renders the page; a POST naming `Greeting` is answered above; any other POST
/// goes to mini-next's action handling (unknown ids, refusals).
fn page_route() -> MethodRouter {
    let page = AppPage::new("/mistakes/use-server-component", welcome_page);
    let page = page_with_actions(registry(), page).into_route();
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
fn welcome_page(_props: &PageProps) -> Node {
    element("main")
        .child(element("h1").child(text("Welcome")))
        .child(greeting("visitor"))
        .into()
}
