//! Claim 8b: "a client component can only use an action imported from a separate
//! `'use server'` file". Not so: `app/mistakes/inline-prop/page.tsx` defines `like`
//! inline in a Server Component and passes it to `LikeButton` as a prop. On the
//! wire the prop is a server reference, `"$h…"`, pointing at a row
//! `{"id":"00a6…","bound":null}`; the button calls that id like any other action.

use axum::Router;
use mini_next::server_actions::{page_with_actions, ActionContext, ActionResult, Args, Registry};
use mini_next::server_components::{
    client, element, text, AppPage, ClientReference, Node, Page, PageProps,
};
use mini_next::server_reference::ServerReference;
use serde_json::{json, Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};

const PAGE_FILE: &str = "app/mistakes/inline-prop/page.tsx";
/// The name Next.js's compiler gives the first inline action of a file.
const LIKE: &str = "$$RSC_SERVER_ACTION_0";

pub fn routes() -> Router {
    let registry = registry();
    let page = InlinePropPage {
        like: registry.reference(LIKE),
    };
    let page = AppPage::new("/mistakes/inline-prop", page);
    Router::new().route(
        "/mistakes/inline-prop",
        page_with_actions(registry, page).into_route(),
    )
}

/// The id of `like` (`00…`: it reads no argument and closes over nothing).
pub fn like_id() -> String {
    registry().id(LIKE).to_owned()
}

// ANCHOR: like
/// `let likes = 0` at the top of `page.tsx`.
static LIKES: AtomicU64 = AtomicU64::new(0);

fn registry() -> Registry {
    Registry::new().register(PAGE_FILE, LIKE, &[], 0, like)
}

/// `async function like() { 'use server'; likes += 1; return likes; }`
async fn like(_args: Args, _context: ActionContext) -> ActionResult {
    Ok(json!(LIKES.fetch_add(1, Ordering::SeqCst) + 1).into())
}
// ANCHOR_END: like

struct InlinePropPage {
    like: ServerReference,
}

// ANCHOR: page
impl Page for InlinePropPage {
    /// `<main><h1>Likes</h1><LikeButton likeAction={like} /></main>`: the client
    /// component gets the action as a prop, `"$h…"`, a reference to an `{id, bound}`
    /// row.
    fn render(&self, _props: &PageProps) -> Node {
        let button = client(&LIKE_BUTTON, json!({})).action_prop("likeAction", self.like.clone());
        element("main")
            .child(element("h1").child(text("Likes")))
            .child(button)
            .into()
    }
}
// ANCHOR_END: page

/// `like-button.tsx` (`'use client'`): calls `likeAction()` on click.
static LIKE_BUTTON: ClientReference = ClientReference {
    module_id: 4008,
    chunks: &[],
    export: "default",
    render_html: like_button_html,
};

/// The button's first HTML: no count yet.
fn like_button_html(_props: &Map<String, Value>) -> Node {
    element("button").child(text("Like ")).into()
}
