//! The `/moderation` page and its list of entries. The exercise is not here: it is
//! in the action, in `starter.rs`.

use crate::session::current_user;
use mini_next::flight;
use mini_next::server_actions::{
    action_id, action_rows, form_hidden_inputs, ActionPage, Arg, RenderedPage, REFERENCE_HASH_SALT,
};
use mini_next::server_components::escape_html;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// Where the actions live, as Next.js hashes it into their ids.
pub const ACTIONS_FILE: &str = "app/moderation/actions.ts";

/// The id Next.js gives `deleteEntry(formData)` (it uses argument 0: `40…`).
pub fn delete_entry_id() -> String {
    action_id(REFERENCE_HASH_SALT, ACTIONS_FILE, "deleteEntry", &[0])
}

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
pub fn id_field(args: &[Arg]) -> Option<u64> {
    args.first()?.form()?.get("id")?.trim().parse().ok()
}

/// `app/moderation/page.tsx`: the entries and, for a moderator only, a Delete form
/// beside each that calls `deleteEntry` with the entry's id in a hidden field.
/// Hiding the forms from everyone else is only a courtesy: it does not protect
/// the action, whose id is the same for every caller.
#[derive(Debug)]
pub struct ModerationPage {
    pub entries: Entries,
    pub delete_entry: String,
}

impl ActionPage for ModerationPage {
    fn render(&self) -> RenderedPage {
        let entries = self.entries.list();
        let user = current_user();
        let moderator = user.as_ref().is_some_and(|user| user.is_moderator);
        let signed_in = match user {
            Some(user) if user.is_moderator => format!("Signed in as {} (moderator)", user.name),
            Some(user) => format!("Signed in as {}", user.name),
            None => "Not signed in".to_owned(),
        };
        let items: String = entries
            .iter()
            .map(|(id, text)| {
                let form = if moderator {
                    format!(
                        r#"<form action="" encType="multipart/form-data" method="POST">{hidden}<input type="hidden" name="id" value="{id}"/><button type="submit">Delete</button></form>"#,
                        hidden = form_hidden_inputs(&self.delete_entry, None),
                    )
                } else {
                    String::new()
                };
                format!("<li>{}{form}</li>", escape_html(text))
            })
            .collect();
        let body_html = format!(
            "<main><h1>Moderation</h1><p>{}</p><ul>{items}</ul></main>",
            escape_html(&signed_in)
        );
        let (rows, tree) = self.flight_tree(&entries, &signed_in, moderator);
        RenderedPage {
            body_html,
            client_chunks: Vec::new(),
            rows,
            tree,
        }
    }
}

impl ModerationPage {
    /// The same page as flight rows: each form's `action` is a reference (`"$h3"`)
    /// to the row that names `deleteEntry`.
    fn flight_tree(
        &self,
        entries: &[(u64, String)],
        signed_in: &str,
        moderator: bool,
    ) -> (Vec<String>, Value) {
        let mut rows = vec![flight::symbol_row(2, "react.fragment")];
        if moderator {
            rows.extend(action_rows(3, &self.delete_entry, None));
        }
        let items: Vec<Value> = entries
            .iter()
            .map(|(id, text)| {
                if !moderator {
                    return flight::element(
                        "li",
                        Some(&id.to_string()),
                        json!({ "children": flight::text(text) }),
                    );
                }
                let form = flight::element(
                    "form",
                    None,
                    json!({ "action": flight::server_reference(3), "children": [
                        flight::element("input", None, json!({ "type": "hidden", "name": "id", "value": id.to_string() })),
                        flight::element("button", None, json!({ "type": "submit", "children": "Delete" })),
                    ]}),
                );
                flight::element(
                    "li",
                    Some(&id.to_string()),
                    json!({ "children": [flight::text(text), form] }),
                )
            })
            .collect();
        let main = flight::element(
            "main",
            None,
            json!({ "children": [
                flight::element("h1", None, json!({ "children": "Moderation" })),
                flight::element("p", None, json!({ "children": flight::text(signed_in) })),
                flight::element("ul", None, json!({ "children": items })),
            ]}),
        );
        rows.push(flight::model_row(4, &main));
        let root = flight::element("$2", Some("c"), json!({ "children": flight::reference(4) }));
        let tree = json!({ "t": { "s": "", "h": 16, "d": { "r": root, "p": false, "v": null } } });
        (rows, tree)
    }
}
