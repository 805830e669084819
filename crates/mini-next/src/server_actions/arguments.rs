//! How an action's arguments travel: the fields of a no-JavaScript form post, and
//! React's reply encoding of a JS call's argument list (text or multipart), which
//! the `flight` crate decodes.

use super::registry::Action;
use super::values::Args;
use crate::server_reference::open_bound;
use flight::multipart::MultipartError;
use flight::reply::{self, ReplyBody, ReplyError};
use flight::value::{FormEntry, Node, Reply, ValueId};

/// The fields of a `multipart/form-data` body, text or file, in order.
pub(super) fn form_fields(
    content_type: &str,
    body: &[u8],
) -> Result<Vec<(String, FormEntry)>, MultipartError> {
    let parts = flight::multipart::parse(body, content_type)?;
    Ok(reply::form_fields(parts))
}

/// An action found in the fields of a no-JS form post.
#[derive(Debug)]
pub(super) struct PostedAction {
    pub(super) id: String,
    /// What it is called with: the values bound to it (a sealed closure, `.bind()`
    /// values, a `useActionState` state), then the form's own fields.
    pub(super) args: Args,
    /// How many values were bound.
    pub(super) bound_count: usize,
    /// `$ACTION_KEY`: the form is a `useActionState` hook's, and the page is to be
    /// rendered again with the result as that hook's state.
    pub(super) state_key: Option<String>,
}

/// Reads the action out of a no-JS form post, as React's `decodeAction` does:
/// `$ACTION_ID_<id>` names it directly; `$ACTION_REF_<n>` says that the fields
/// `$ACTION_<n>:<row>` hold `{"id","bound":"$@1"}` in React's reply encoding, row 0
/// first, the bound list and its values in rows of their own. `None` when no field
/// names an action or the reference does not decode.
pub(super) fn find_form_action(fields: &[(String, FormEntry)]) -> Option<PostedAction> {
    let form: Vec<(String, FormEntry)> = fields
        .iter()
        .filter(|(name, _)| !name.starts_with("$ACTION_"))
        .cloned()
        .collect();
    let state_key = fields.iter().find_map(|(name, entry)| match entry {
        FormEntry::Text(key) if name == "$ACTION_KEY" => Some(key.clone()),
        _ => None,
    });
    for (name, _) in fields {
        if let Some(id) = name.strip_prefix("$ACTION_ID_") {
            let args = Args::of_form(Reply::default(), Vec::new(), form);
            let (id, bound_count) = (id.to_owned(), 0);
            return Some(PostedAction {
                id,
                args,
                bound_count,
                state_key,
            });
        }
        if let Some(n) = name.strip_prefix("$ACTION_REF_") {
            let prefix = format!("$ACTION_{n}:");
            let rows: Vec<(String, FormEntry)> = fields
                .iter()
                .filter_map(|(name, entry)| {
                    let row = name.strip_prefix(&prefix)?;
                    Some((row.to_owned(), entry.clone()))
                })
                .collect();
            let reply = reply::decode(&ReplyBody::Form(rows)).ok()?;
            let (id, bound) = bound_reference(&reply)?;
            let bound_count = bound.len();
            let args = Args::of_form(reply, bound, form);
            return Some(PostedAction {
                id,
                args,
                bound_count,
                state_key,
            });
        }
    }
    None
}

/// The action id and the bound values of a decoded `{"id","bound"}` reference.
fn bound_reference(reply: &Reply) -> Option<(String, Vec<ValueId>)> {
    let Node::Object(fields) = reply.root() else {
        return None;
    };
    let field = |wanted: &str| fields.iter().find(|(k, _)| k == wanted).map(|(_, v)| *v);
    let Node::String(id) = reply.node(field("id")?) else {
        return None;
    };
    let mut list = field("bound")?;
    if let Node::Promise(value) = reply.node(list) {
        list = *value;
    }
    let bound = match reply.node(list) {
        Node::Array(items) => items.clone(),
        Node::Null => Vec::new(),
        _ => return None,
    };
    Some((id.clone(), bound))
}

/// The argument list a JS call sends, decoded as React's `decodeReply` does.
pub(super) fn decode_call(content_type: &str, body: &[u8]) -> Result<Args, ReplyError> {
    Ok(Args::of_reply(reply::decode_http(content_type, body)?))
}

/// For an action with bound values, a JS call sends the sealed value as argument 0;
/// it is replaced by the values it holds. `None` when it does not open.
pub(super) fn unseal_leading_bound(action: &Action, args: Args) -> Option<Args> {
    if action.bound_count == 0 {
        return Some(args);
    }
    // The client sends the sealed value as a promise of a string (`"$@1"`), which
    // the server awaits before opening it.
    let sealed = args.awaited_string(0)?;
    let bound = open_bound(&action.id, &sealed)?;
    Some(args.with_closure(&bound))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server_reference::seal_bound;
    use serde_json::{json, Value};

    fn text(name: &str, value: &str) -> (String, FormEntry) {
        (name.to_owned(), FormEntry::Text(value.to_owned()))
    }

    #[test]
    fn a_form_argument_arrives_as_form_data() {
        let body = "--B\r\nContent-Disposition: form-data; name=\"_1_name\"\r\n\r\nErin\r\n\
                    --B\r\nContent-Disposition: form-data; name=\"0\"\r\n\r\n[\"$K1\",\"$$x\"]\r\n--B--\r\n";
        let content_type = "multipart/form-data; boundary=B";
        let fields = form_fields(content_type, body.as_bytes()).unwrap();
        assert_eq!(fields[0], text("_1_name", "Erin"));
        let args = decode_call(content_type, body.as_bytes()).unwrap();
        assert_eq!(args.form(0).unwrap().get("name"), Some("Erin"));
        assert_eq!(args.text(1), "$x");
        let plain = decode_call("text/plain;charset=UTF-8", br#"["world"]"#).unwrap();
        assert_eq!(plain.text(0), "world");
    }

    #[test]
    fn form_actions_are_found_in_the_fields() {
        let sealed = seal_bound("60ab", &[json!("t")]);
        let fields = vec![
            text("$ACTION_REF_3", ""),
            text("$ACTION_3:1", r#"["$@2"]"#),
            text("$ACTION_3:0", r#"{"id":"60ab","bound":"$@1"}"#),
            text("$ACTION_3:2", &Value::String(sealed.clone()).to_string()),
            text("note", "hi"),
        ];
        let posted = find_form_action(&fields).unwrap();
        assert_eq!(posted.id, "60ab");
        assert_eq!(posted.args.awaited_string(0), Some(sealed));
        assert_eq!(posted.args.form(1).unwrap().get("note"), Some("hi"));
        assert_eq!(posted.args.form(1).unwrap().entries().len(), 1);
        assert!(find_form_action(&[text("name", "x")]).is_none());
    }

    #[test]
    fn bind_values_and_the_state_key_come_from_the_fields_as_posted() {
        let fields = vec![
            text("$ACTION_REF_1", ""),
            text("$ACTION_1:0", r#"{"id":"60cd","bound":"$@1"}"#),
            text("$ACTION_1:1", r#"[{"error":null},"post-8"]"#),
            text("$ACTION_KEY", "k123"),
            text("name", ""),
        ];
        let posted = find_form_action(&fields).unwrap();
        assert_eq!(posted.id, "60cd");
        assert_eq!(posted.bound_count, 2);
        assert_eq!(posted.args.json(0), Some(json!({ "error": null })));
        assert_eq!(posted.args.text(1), "post-8");
        assert_eq!(posted.args.form(2).unwrap().get("name"), Some(""));
        assert_eq!(posted.state_key.as_deref(), Some("k123"));
    }
}
