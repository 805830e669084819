//! The `/moderation` page and its list of entries. The exercise is not here: it is
//! in the action, in `starter.rs`.

use crate::session::current_user;
use mini_next::app_route::Cookies;
use mini_next::server_actions::Args;
use mini_next::server_components::{element, list, text, Node, Page, PageProps};
use mini_next::server_reference::ServerReference;
use std::sync::{Arc, Mutex};

/// Where the actions live, as Next.js hashes it into their ids.
pub const ACTIONS_FILE: &str = "app/moderation/actions.ts";

/// The guestbook entries, shared by the page and the action.
#[derive(Debug, Clone)]
pub struct Entries(Arc<Mutex<Vec<(u64, String)>>>);

impl Entries {
    /// Three entries; the third one is spam for a moderator to delete.
    pub fn seeded() -> Entries {
        let entries = [
            (1, "Lovely workshop!"),
            (2, "See you next year"),
            (3, "BUY CHEAP WATCHES"),
        ];
        let entries = entries.map(|(id, text)| (id, text.to_owned())).to_vec();
        Entries(Arc::new(Mutex::new(entries)))
    }

    /// The entries, in order.
    pub fn list(&self) -> Vec<(u64, String)> {
        self.0
            .lock()
            .expect("no one panics holding the list")
            .clone()
    }

    /// Removes the entry with this id, if there is one.
    pub fn remove(&self, id: u64) {
        let mut entries = self.0.lock().expect("no one panics holding the list");
        entries.retain(|(entry_id, _)| *entry_id != id);
    }
}

/// `formData.get('id')` as a number, from the action's first argument.
pub fn id_field(args: &Args) -> Option<u64> {
    args.form(0)?.get("id")?.trim().parse().ok()
}

/// `app/moderation/page.tsx`: the entries and, for a moderator only, a Delete form
/// beside each that calls `deleteEntry` with the entry's id in a hidden field.
/// Hiding the forms from everyone else is only a courtesy: it does not protect
/// the action, whose id is the same for every caller.
#[derive(Debug)]
pub struct ModerationPage {
    pub entries: Entries,
    pub delete_entry: ServerReference,
}

impl Page for ModerationPage {
    fn render(&self, props: &PageProps) -> Node {
        let cookies = props
            .headers
            .get("cookie")
            .and_then(|v| v.to_str().ok())
            .map(Cookies::from_header)
            .unwrap_or_default();
        let user = current_user(&cookies);
        let moderator = user.as_ref().is_some_and(|user| user.is_moderator);
        let signed_in = match user {
            Some(user) if user.is_moderator => format!("Signed in as {} (moderator)", user.name),
            Some(user) => format!("Signed in as {}", user.name),
            None => "Not signed in".to_owned(),
        };
        let items = self.entries.list().into_iter().map(|(id, entry)| {
            let item = element("li").key(&id.to_string()).child(text(entry));
            if !moderator {
                return item.into();
            }
            let form = element("form")
                .action(self.delete_entry.clone())
                .child(
                    element("input")
                        .attr("type", "hidden")
                        .attr("name", "id")
                        .attr("value", id.to_string()),
                )
                .child(
                    element("button")
                        .attr("type", "submit")
                        .child(text("Delete")),
                );
            item.child(form).into()
        });
        element("main")
            .child(element("h1").child(text("Moderation")))
            .child(element("p").child(text(signed_in)))
            .child(element("ul").child(list(items)))
            .into()
    }
}
