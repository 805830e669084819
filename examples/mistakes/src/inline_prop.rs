//! Claim 8b: "a client component can only use an action imported from a separate
//! `'use server'` file". Not so: `app/mistakes/inline-prop/page.tsx` defines `like`
//! inline in a Server Component and passes it to `LikeButton` as a prop. On the
//! wire the prop is a server reference, `"$h5"`, pointing at a row
//! `{"id":"00a6…","bound":null}`; the button calls that id like any other action.

use axum::Router;
use mini_next::flight;
use mini_next::server_actions::{
    action_rows, page_with_actions, ActionContext, ActionPage, ActionResult, Arg, Registry,
    RenderedPage, REFERENCE_HASH_SALT,
};
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};

const PAGE_FILE: &str = "app/mistakes/inline-prop/page.tsx";
/// The name Next.js's compiler gives the first inline action of a file.
const LIKE: &str = "$$RSC_SERVER_ACTION_0";

pub fn routes() -> Router {
    let registry = registry();
    let page = InlinePropPage {
        like_id: registry.id(LIKE).to_owned(),
    };
    Router::new().route("/mistakes/inline-prop", page_with_actions(registry, page))
}

/// The id of `like` (`00…`: it reads no argument and closes over nothing).
pub fn like_id() -> String {
    registry().id(LIKE).to_owned()
}

// ANCHOR: like
/// `let likes = 0` at the top of `page.tsx`.
static LIKES: AtomicU64 = AtomicU64::new(0);

fn registry() -> Registry {
    Registry::new(REFERENCE_HASH_SALT).register(PAGE_FILE, LIKE, &[], 0, like)
}

/// `async function like() { 'use server'; likes += 1; return likes; }`
fn like(_args: &[Arg], _context: &mut ActionContext) -> ActionResult {
    Ok(Some(json!(LIKES.fetch_add(1, Ordering::SeqCst) + 1)))
}
// ANCHOR_END: like

struct InlinePropPage {
    like_id: String,
}

// ANCHOR: page
impl ActionPage for InlinePropPage {
    /// `<main><h1>Likes</h1><LikeButton likeAction={like} /></main>`: the client
    /// component gets the action as `"$h5"`, a reference to row 5, `{id, bound}`.
    fn render(&self) -> RenderedPage {
        let mut rows = vec![
            flight::symbol_row(2, "react.fragment"),
            flight::client_reference_row(3, 4008, &[], "default"),
        ];
        rows.extend(action_rows(5, &self.like_id, None));
        let button = flight::element(
            "$L3",
            None,
            json!({ "likeAction": flight::server_reference(5) }),
        );
        let main = flight::element(
            "main",
            None,
            json!({ "children": [
                flight::element("h1", None, json!({ "children": "Likes" })),
                button,
            ]}),
        );
        rows.push(flight::model_row(4, &main));
        let root = flight::element("$2", Some("c"), json!({ "children": flight::reference(4) }));
        RenderedPage {
            body_html: "<main><h1>Likes</h1><button>Like </button></main>".to_owned(),
            client_chunks: Vec::new(),
            rows,
            tree: json!({ "t": { "s": "", "h": 16, "d": { "r": root, "p": false, "v": null } } }),
        }
    }
    // ANCHOR_END: page
}
