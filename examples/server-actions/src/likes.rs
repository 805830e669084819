//! `/likes` (`reference/nextjs/app/likes/`): two lessons on one page.
//!
//! 1. **`.bind()` is not a secret.** The page passes `like.bind(null, 'post-7')` to
//!    a client component. `'post-7'` goes to the browser in plain text (the flight row
//!    `["post-7"]` and the form field `$ACTION_0:1`) and comes back as the call's
//!    first argument, where the caller may have changed it: `like('post-8')` runs
//!    as sent. Only values an inline action *closes over* are encrypted.
//! 2. **Which answers carry a new tree.** Four actions, one form each, call
//!    `refresh()`, `updateTag('likes')`, `revalidateTag('likes', 'max')` and
//!    `cookies().set(…)`. Called from JavaScript, three answers carry the page's
//!    re-rendered tree besides the result; `revalidateTag` with a profile only the
//!    result (see `mini_next::server_actions::Revalidation`).

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use mini_next::server_actions::{
    page_with_actions, ActionContext, ActionResult, Args, Registry, Returned,
};
use mini_next::server_components::{
    client, element, list, number, text, AppPage, ClientReference, Node, Page, PageProps,
};
use mini_next::server_reference::ServerReference;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

const ACTIONS_FILE: &str = "app/likes/actions.ts";

/// The four actions of `ActionButtons`, in the order of its forms.
const CACHE_ACTIONS: [&str; 4] = [
    "viaRefresh",
    "viaUpdateTag",
    "viaRevalidateTag",
    "viaCookie",
];

/// `/likes` as a page, also what `signup`'s `redirect('/likes')` renders into its
/// answer to a JS call.
pub fn page() -> AppPage {
    AppPage::new("/likes", LikesPage::new(&registry()))
}

/// Where the Like (JS) button's script is served (under the base path).
pub const CLIENT_SCRIPT: &str = "/_next/static/chunks/likes-client.js";

/// The route of the page, whose POSTs run its actions, and its script.
pub fn routes() -> Router {
    let registry = registry();
    let page = LikesPage::new(&registry);
    let like_id = registry.id("like").to_owned();
    let page = page_with_actions(registry, AppPage::new("/likes", page));
    Router::new().route("/likes", page.into_route()).route(
        CLIENT_SCRIPT,
        get(move || async move { client_script(&like_id) }),
    )
}

/// `likes-client.js`, with the id of `like` written in: what the browser runs for
/// the Like (JS) button.
fn client_script(like_id: &str) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/javascript; charset=UTF-8",
        )],
        include_str!("likes-client.js").replace("__LIKE_ID__", like_id),
    )
}

// ANCHOR: actions
/// Every export of `actions.ts`, with the arguments each one reads.
pub fn registry() -> Registry {
    Registry::new()
        .register(ACTIONS_FILE, "getLikes", &[0], 0, get_likes)
        .register(ACTIONS_FILE, "like", &[0], 0, like)
        .register(ACTIONS_FILE, "viaRefresh", &[], 0, via_refresh)
        .register(ACTIONS_FILE, "viaUpdateTag", &[], 0, via_update_tag)
        .register(ACTIONS_FILE, "viaRevalidateTag", &[], 0, via_revalidate_tag)
        .register(ACTIONS_FILE, "viaCookie", &[], 0, via_cookie)
}

/// `globalThis.__likes`: likes per post, for as long as the server runs.
static LIKES: LazyLock<Mutex<HashMap<String, u64>>> = LazyLock::new(Mutex::default);

fn likes_of(post_id: &str) -> u64 {
    let likes = LIKES.lock().expect("no action panics holding the likes");
    likes.get(post_id).copied().unwrap_or(0)
}

/// `getLikes(postId)`.
async fn get_likes(args: Args, _context: ActionContext) -> ActionResult {
    Ok(json!(likes_of(&args.text(0))).into())
}

/// `like(postId)`: counts a like for whatever post id arrives. The page bound
/// `'post-7'`, but the id comes back from the browser, so `'post-8'` counts as well.
async fn like(args: Args, _context: ActionContext) -> ActionResult {
    let post_id = args.text(0);
    let mut likes = LIKES.lock().expect("no action panics holding the likes");
    let count = likes.entry(post_id.clone()).or_insert(0);
    *count += 1;
    Ok(json!({ "postId": post_id, "likes": *count }).into())
}

/// `refresh(); return 'refreshed'`.
async fn via_refresh(_args: Args, context: ActionContext) -> ActionResult {
    context.refresh();
    Ok(Returned::from(json!("refreshed")))
}

/// `updateTag('likes'); return 'updated'`.
async fn via_update_tag(_args: Args, context: ActionContext) -> ActionResult {
    context.update_tag("likes");
    Ok(Returned::from(json!("updated")))
}

/// `revalidateTag('likes', 'max'); return 'revalidated'`.
async fn via_revalidate_tag(_args: Args, context: ActionContext) -> ActionResult {
    context.revalidate_tag("likes", "max");
    Ok(Returned::from(json!("revalidated")))
}

/// `(await cookies()).set('liked', 'yes'); return 'cookie set'`.
async fn via_cookie(_args: Args, context: ActionContext) -> ActionResult {
    context.set_cookie("liked", "yes");
    Ok(Returned::from(json!("cookie set")))
}
// ANCHOR_END: actions

/// The page and the actions it hands out.
struct LikesPage {
    like: ServerReference,
    cache_actions: Vec<(&'static str, ServerReference)>,
}

impl LikesPage {
    fn new(registry: &Registry) -> LikesPage {
        LikesPage {
            like: registry.reference("like"),
            cache_actions: CACHE_ACTIONS
                .iter()
                .map(|name| (*name, registry.reference(name)))
                .collect(),
        }
    }
}

// ANCHOR: page
impl Page for LikesPage {
    /// `<h1>`, the count of `post-7`, `<LikeButton action={like.bind(null,
    /// 'post-7')} />` and `<ActionButtons />`.
    fn render(&self, _props: &PageProps) -> Node {
        let like = self.like.clone().bind(vec![json!("post-7")]);
        let like_button = client(&LIKE_BUTTON, json!({}))
            .action_prop("action", like.clone())
            .rendered_as(like_button_html(&like));
        let buttons = client(&ACTION_BUTTONS, json!({}))
            .rendered_as(action_buttons_html(&self.cache_actions));
        element("main")
            .child(element("h1").child(text("Likes")))
            .child(
                element("p")
                    .attr("id", "count")
                    .child(text("post-7 has "))
                    .child(number(likes_of("post-7")))
                    .child(text(" likes")),
            )
            .child(like_button)
            .child(buttons)
            .into()
    }
}
// ANCHOR_END: page

/// `LikeButton.tsx` (`'use client'`): a form posting the bound action, and a button
/// calling it from JavaScript (`likes-client.js`).
static LIKE_BUTTON: ClientReference = ClientReference {
    module_id: 6252,
    chunks: &["likes-client.js"],
    export: "default",
    render_html: no_html,
};

/// `ActionButtons.tsx` (`'use client'`): one form per cache action, the button text
/// being its name.
static ACTION_BUTTONS: ClientReference = ClientReference {
    module_id: 12713,
    chunks: &[],
    export: "default",
    render_html: no_html,
};

/// Both components are rendered with their actions ([`ClientElement::rendered_as`]).
///
/// [`ClientElement::rendered_as`]: mini_next::server_components::ClientElement::rendered_as
fn no_html(_props: &Map<String, Value>) -> Node {
    list([])
}

/// The first HTML of `LikeButton`: the form names the bound action (its hidden
/// fields carry `post-7`), then the JS button.
fn like_button_html(like: &ServerReference) -> Node {
    let form = element("form").action(like.clone()).child(
        element("button")
            .attr("type", "submit")
            .attr("id", "like-form")
            .child(text("Like")),
    );
    element("div")
        .child(form)
        .child(
            element("button")
                .attr("id", "like-js")
                .child(text("Like (JS)")),
        )
        .into()
}

/// The first HTML of `ActionButtons`.
fn action_buttons_html(actions: &[(&'static str, ServerReference)]) -> Node {
    let forms = actions.iter().map(|(name, action)| {
        element("form")
            .action(action.clone())
            .child(element("button").attr("type", "submit").child(text(*name)))
            .into()
    });
    element("div").children(forms).into()
}
