//! A Server Action as a page holds it: the action's id, and the values it carries
//! along. A `<form action={addEntry}>` or a client component's `likeAction` prop is
//! one of these. The page's two renderings each write it their own way, from here:
//!
//! - in HTML, a form with an action gets hidden inputs ([`hidden_inputs`]), so that
//!   it posts the right action even before (or without) JavaScript;
//! - in flight, the prop becomes `"$h<row>"`, a server reference to a row holding
//!   `{"id": …, "bound": …}` ([`ServerReference::rows`]).
//!
//! **`.bind()` arguments.** `like.bind(null, 'post-7')` fixes leading arguments in
//! advance ([`ServerReference::bind`]). They travel as **plain JSON**: the flight row
//! `["post-7"]`, the form field `$ACTION_0:1`, the first argument of a call. Nothing
//! seals them, so whoever holds the page can read and change them; an action checks
//! them like any other argument.
//!
//! **Closed-over values.** An inline action that closes over a render-time value needs
//! that value back when it runs, so the value travels to the browser and back with
//! the reference. Real Next.js **encrypts** it (AES-GCM with the build's
//! `encryptionKey`, a fresh IV per render, the action id inside the plaintext); a
//! changed byte fails decryption and the post gets a 500. The model only
//! base64-encodes `{"actionId","bound"}` ([`seal_bound`]) so a reader can see what
//! travels: **not a secret, not tamper-proof**. A value that does not decode, or that
//! names another action, gets the same 500 as real tampering.

use base64::Engine as _;
use flight::html::escape_html;
use flight::write as rows;
use serde_json::{json, Value};

/// A reference to a Server Action, as a rendered page holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerReference {
    /// The action's id (see [`crate::server_actions::action_id`]).
    pub id: String,
    /// The closed-over values of an inline action, sealed for the trip; empty for
    /// an action that closes over nothing.
    pub closure: Vec<Value>,
    /// Arguments fixed with `.bind(null, …)`, sent as they are (plain JSON).
    pub bound: Vec<Value>,
    /// Set when this is the form action `useActionState` returns (see
    /// [`crate::action_state`]): the state is bound in the browser's code, and the
    /// form names the hook with `$ACTION_KEY`.
    pub action_state: Option<ActionStateForm>,
}

/// What a `useActionState` form writes besides its action.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionStateForm {
    /// `$ACTION_KEY`: which hook of the page the posted state belongs to.
    pub key: String,
    /// After a no-JS post to a `useActionState` form, React marks each such form with
    /// `<!--F!-->` when the posted state is its own, `<!--F-->` when not; `None`
    /// when nothing was posted (no marker).
    pub matched: Option<bool>,
}

impl ServerReference {
    /// A reference to the action with this id.
    pub fn new(id: &str) -> ServerReference {
        ServerReference {
            id: id.to_owned(),
            closure: Vec::new(),
            bound: Vec::new(),
            action_state: None,
        }
    }

    /// `action.bind(null, ...values)`: the same action with its first arguments fixed.
    /// (The model binds either closed-over values or `.bind()` values, not both.)
    pub fn bind(mut self, values: Vec<Value>) -> ServerReference {
        self.bound = values;
        self
    }

    /// React's server renderer cannot write this form at once when the bound list
    /// is not ready yet (the sealed closure, a bind made in the browser's code): it
    /// suspends the form and renders it again, which uses up one form number.
    pub fn waits_while_rendering(&self) -> bool {
        !self.closure.is_empty() || self.action_state.is_some()
    }

    /// The same action, closing over `values` (an inline `'use server'` function
    /// that reads variables of the component around it).
    pub fn closing_over(mut self, values: Vec<Value>) -> ServerReference {
        self.closure = values;
        self
    }

    /// The flight rows of this reference, starting at row `first`: `{"id","bound":null}`
    /// alone, or with a closure `{"id","bound":"$@<first+1>"}`, the bound list
    /// `["$@<first+2>"]` and the sealed string. The prop itself is `"$h<first>"`.
    pub fn rows(&self, first: u32) -> Vec<String> {
        if !self.bound.is_empty() {
            return vec![
                rows::model_row(
                    first,
                    &json!({ "id": self.id, "bound": rows::promise(first + 1) }),
                ),
                rows::model_row(first + 1, &Value::Array(self.bound.clone())),
            ];
        }
        if self.closure.is_empty() {
            return vec![rows::model_row(
                first,
                &json!({ "id": self.id, "bound": null }),
            )];
        }
        let sealed = seal_bound(&self.id, &self.closure);
        vec![
            rows::model_row(
                first,
                &json!({ "id": self.id, "bound": rows::promise(first + 1) }),
            ),
            rows::model_row(first + 1, &json!([rows::promise(first + 2)])),
            rows::model_row(first + 2, &Value::String(sealed)),
        ]
    }

    /// How many rows [`Self::rows`] writes.
    pub fn row_count(&self) -> u32 {
        if !self.bound.is_empty() {
            2
        } else if self.closure.is_empty() {
            1
        } else {
            3
        }
    }
}

// ANCHOR: seal_bound
/// Seals the closed-over values of an inline action for their trip to the browser.
/// Real Next.js encrypts `id + values` with the build key; the model only writes
/// `base64({"actionId":…,"bound":[…]})`, readable by anyone (see the module doc).
pub fn seal_bound(action_id: &str, bound: &[Value]) -> String {
    let plain = json!({ "actionId": action_id, "bound": bound }).to_string();
    base64::engine::general_purpose::STANDARD.encode(plain)
}

/// Opens a sealed value. `None` when it does not decode or was sealed for another
/// action: Next.js refuses both (its decryption fails), and so do we.
pub fn open_bound(action_id: &str, sealed: &str) -> Option<Vec<Value>> {
    let plain = base64::engine::general_purpose::STANDARD
        .decode(sealed)
        .ok()?;
    let value: Value = serde_json::from_slice(&plain).ok()?;
    if value["actionId"] != action_id {
        return None;
    }
    value["bound"].as_array().cloned()
}
// ANCHOR_END: seal_bound

/// The hidden inputs React puts at the start of a `<form action={fn}>`, so that the
/// form still works before (or without) JavaScript. Without bound values it is one
/// `$ACTION_ID_<id>`; with them, `$ACTION_REF_<form>` and the `{id, bound}` reference
/// in React's reply encoding, spread over fields `$ACTION_<form>:0`, `:1`, `:2` (in
/// the order React's encoder writes them). `form` is the number React gives the form
/// while rendering the page. `.bind()` values are the list in `:1`, in plain text;
/// a `useActionState` form adds `$ACTION_KEY`.
pub fn hidden_inputs(reference: &ServerReference, form: u32) -> String {
    if !reference.bound.is_empty() {
        return bound_inputs(reference, form);
    }
    if reference.closure.is_empty() {
        return format!(
            r#"<input type="hidden" name="$ACTION_ID_{}"/>"#,
            reference.id
        );
    }
    let sealed = Value::String(seal_bound(&reference.id, &reference.closure)).to_string();
    let field = json!({ "id": reference.id, "bound": "$@1" }).to_string();
    format!(
        concat!(
            r#"<input type="hidden" name="$ACTION_REF_{n}"/>"#,
            r#"<input type="hidden" name="$ACTION_{n}:1" value="{list}"/>"#,
            r#"<input type="hidden" name="$ACTION_{n}:0" value="{field}"/>"#,
            r#"<input type="hidden" name="$ACTION_{n}:2" value="{sealed}"/>"#,
        ),
        n = form,
        list = escape_html(r#"["$@2"]"#),
        field = escape_html(&field),
        sealed = escape_html(&sealed),
    )
}

/// The fields of a form whose action has `.bind()` values. The encoder writes the
/// list first when it is ready at once (bound on the server), after the reference
/// when it had to wait for it (bound in the browser's code, as `useActionState` does).
fn bound_inputs(reference: &ServerReference, form: u32) -> String {
    let hidden = |name: String, value: Option<String>| match value {
        Some(value) => format!(
            r#"<input type="hidden" name="{name}" value="{}"/>"#,
            escape_html(&value)
        ),
        None => format!(r#"<input type="hidden" name="{name}"/>"#),
    };
    let list = hidden(
        format!("$ACTION_{form}:1"),
        Some(Value::Array(reference.bound.clone()).to_string()),
    );
    let field = json!({ "id": reference.id, "bound": "$@1" }).to_string();
    let field = hidden(format!("$ACTION_{form}:0"), Some(field));
    let mut out = hidden(format!("$ACTION_REF_{form}"), None);
    match &reference.action_state {
        None => out.extend([list, field]),
        Some(state) => {
            let key = hidden("$ACTION_KEY".to_owned(), Some(state.key.clone()));
            out.extend([field, list, key]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_for_their_action() {
        let sealed = seal_bound("a1", &[json!("2026-01-01T00:00:00.000Z")]);
        assert_eq!(
            open_bound("a1", &sealed),
            Some(vec![json!("2026-01-01T00:00:00.000Z")])
        );
        assert_eq!(open_bound("b2", &sealed), None);
        assert_eq!(open_bound("a1", "not base64!"), None);
    }

    #[test]
    fn a_reference_without_a_closure_is_one_row_and_one_input() {
        let reference = ServerReference::new("40ab");
        assert_eq!(reference.rows(3), ["3:{\"id\":\"40ab\",\"bound\":null}\n"]);
        assert_eq!(
            hidden_inputs(&reference, 0),
            r#"<input type="hidden" name="$ACTION_ID_40ab"/>"#
        );
    }

    #[test]
    fn a_closure_travels_as_three_rows_and_four_inputs() {
        let reference = ServerReference::new("60cd").closing_over(vec![json!(1)]);
        let rows = reference.rows(5);
        assert_eq!(rows.len() as u32, reference.row_count());
        assert_eq!(rows[0], "5:{\"id\":\"60cd\",\"bound\":\"$@6\"}\n");
        assert_eq!(rows[1], "6:[\"$@7\"]\n");
        let inputs = hidden_inputs(&reference, 3);
        assert!(inputs.starts_with(r#"<input type="hidden" name="$ACTION_REF_3"/>"#));
        assert!(inputs.contains(r#"name="$ACTION_3:0" value="{&quot;id&quot;:&quot;60cd&quot;"#));
    }

    #[test]
    fn bind_values_travel_in_plain_text() {
        let reference = ServerReference::new("40ef").bind(vec![json!("post-7")]);
        assert_eq!(
            reference.rows(4),
            [
                "4:{\"id\":\"40ef\",\"bound\":\"$@5\"}\n",
                "5:[\"post-7\"]\n"
            ]
        );
        assert_eq!(reference.row_count(), 2);
        assert_eq!(
            hidden_inputs(&reference, 0),
            concat!(
                r#"<input type="hidden" name="$ACTION_REF_0"/>"#,
                r#"<input type="hidden" name="$ACTION_0:1" value="[&quot;post-7&quot;]"/>"#,
                r#"<input type="hidden" name="$ACTION_0:0" value="{&quot;id&quot;:&quot;40ef&quot;,&quot;bound&quot;:&quot;$@1&quot;}"/>"#,
            )
        );
        assert!(!reference.waits_while_rendering());
    }
}
