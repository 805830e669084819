//! Exercise 4, solved: `app/moderation/actions.ts` checks who calls `deleteEntry`.
//!
//! The page lists guestbook entries, each with a Delete button: a form whose action
//! is `deleteEntry`. The page is meant for moderators, but the action is a public
//! `POST` endpoint, so the action itself checks the caller before it deletes.
//! Serve it with `cargo run -p exercise-04-server-actions -- serve --solution`.

use crate::page::{id_field, Entries, ModerationPage, ACTIONS_FILE};
use crate::session::current_user;
use axum::Router;
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

// ANCHOR: solution
/// `export async function deleteEntry(formData: FormData)`.
pub async fn delete_entry(entries: Entries, args: Args, context: ActionContext) -> ActionResult {
    // Every call, every time: the page that shows the button is no protection.
    let Some(user) = current_user(context.cookies()) else {
        return Err(Thrown::Error("Sign in to delete entries".to_owned()));
    };
    if !user.is_moderator {
        return Err(Thrown::Error(format!(
            "{} may not delete entries",
            user.name
        )));
    }
    if let Some(id) = id_field(&args) {
        entries.remove(id);
    }
    context.revalidate_path("/moderation");
    Ok(Returned::Undefined)
}
// ANCHOR_END: solution
