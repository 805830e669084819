//! Exercise 4, the file you edit: `app/moderation/actions.ts`, the server action
//! behind the `/moderation` page.
//!
//! The page lists guestbook entries and shows moderators a Delete button beside
//! each: a form whose action is `deleteEntry`. Hiding the buttons from everyone
//! else protects nothing: the action is a public `POST` endpoint with the same id for
//! every caller, and it deletes for anyone. Find the `EXERCISE` comment below.
//!
//! Try it: `cargo run -p exercise-04-server-actions`, then delete entry 1 without
//! signing in:
//! `curl -i -F '$ACTION_ID_4060b7170a77dab3bbd326f875aee7de769c337b12=' -F id=1 http://127.0.0.1:4004/moderation`.
//! Check it: `cargo run -p exercise-04-server-actions -- check`.

use crate::page::{id_field, Entries, ModerationPage, ACTIONS_FILE};
#[allow(unused_imports)] // and this
use crate::session::current_user;
use axum::Router;
#[allow(unused_imports)] // you will need these
use mini_next::server_actions::{
    page_with_actions, ActionContext, ActionResult, Args, Registry, Returned, Thrown,
};
use mini_next::server_components::AppPage;

/// The app: the page and its one action.
pub fn app() -> Router {
    let entries = Entries::seeded();
    let for_action = entries.clone();
    let registry = Registry::new().register(
        ACTIONS_FILE,
        "deleteEntry",
        &[0],
        0,
        move |args, context| delete_entry(for_action.clone(), args, context),
    );
    let page = ModerationPage {
        entries,
        delete_entry: registry.reference("deleteEntry"),
    };
    let page = AppPage::new("/moderation", page);
    Router::new()
        .route(
            "/moderation",
            page_with_actions(registry, page).into_route(),
        )
        .fallback(mini_next::not_found::page)
}

// ANCHOR: action
/// `export async function deleteEntry(formData: FormData)`.
pub async fn delete_entry(entries: Entries, args: Args, context: ActionContext) -> ActionResult {
    // EXERCISE: anyone who can send a POST can run this action: its id is the same
    // for every caller, and the Origin check lets a request without `Origin`
    // through. Only moderators may delete. Before deleting, ask
    // `current_user(context.cookies())` who is calling, and refuse when nobody is signed in or the user is not a
    // moderator: throw (`return Err(Thrown::Error(…))`).
    if let Some(id) = id_field(&args) {
        entries.remove(id);
    }
    context.revalidate_path("/moderation");
    Ok(Returned::Undefined)
}
// ANCHOR_END: action
