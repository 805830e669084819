//! `/echo`: a Server Action that returns its argument unchanged
//! (`reference/nextjs/app/echo/`). It shows both halves of React's wire format for
//! values: how `decodeReply` reads what the browser's `encodeReply` sent (a `Date`, a
//! `BigInt`, `undefined`, a `Map`, one object used twice…), and how the Flight server
//! writes the same values back in the answer, types kept.

use axum::Router;
use mini_next::server_actions::{page_with_actions, ActionContext, ActionResult, Args, Registry};
use mini_next::server_components::{
    client, element, text, AppPage, ClientReference, Node, PageProps,
};
use serde_json::{json, Map, Value};

const ACTIONS_FILE: &str = "app/echo/actions.ts";

/// The route of the echo page, whose POSTs run the action.
pub fn routes() -> Router {
    let page = AppPage::new("/echo", echo_page);
    Router::new().route("/echo", page_with_actions(registry(), page).into_route())
}

// ANCHOR: echo
/// `export async function echo(value: unknown) { return value; }`
pub fn registry() -> Registry {
    Registry::new().register(ACTIONS_FILE, "echo", &[0], 0, echo)
}

async fn echo(args: Args, _context: ActionContext) -> ActionResult {
    Ok(args.returning(|out| out.arg(0)))
}
// ANCHOR_END: echo

/// `<main><h1>Echo</h1><EchoButton /></main>`.
fn echo_page(_props: &PageProps) -> Node {
    element("main")
        .child(element("h1").child(text("Echo")))
        .child(client(&ECHO_BUTTON, json!({})))
        .into()
}

/// `echo-button.tsx` (`'use client'`); the model ships no code for it.
static ECHO_BUTTON: ClientReference = ClientReference {
    module_id: 4010,
    chunks: &[],
    export: "default",
    render_html: echo_button_html,
};

fn echo_button_html(_props: &Map<String, Value>) -> Node {
    element("div")
        .child(element("button").child(text("Echo")))
        .child(element("output"))
        .into()
}
