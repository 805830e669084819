//! How an action's arguments travel: the fields of a no-JavaScript form post, and
//! React's reply encoding of a JS call's argument list (text or multipart), which
//! the `flight` crate decodes.

use super::registry::Action;
use super::values::Args;
use crate::server_reference::open_bound;
use flight::multipart::MultipartError;
use flight::reply::{self, ReplyError};
use flight::value::FormEntry;
use serde_json::Value;

/// The fields of a `multipart/form-data` body, text or file, in order.
pub(super) fn form_fields(
    content_type: &str,
    body: &[u8],
) -> Result<Vec<(String, FormEntry)>, MultipartError> {
    let parts = flight::multipart::parse(body, content_type)?;
    Ok(reply::form_fields(parts))
}

/// An action found in the fields of a no-JS form post.
#[derive(Debug, PartialEq)]
pub(super) struct PostedAction {
    pub(super) id: String,
    /// The sealed bound values, for `$ACTION_REF_` forms.
    pub(super) sealed: Option<String>,
    /// The form's own fields, without the `$ACTION_` ones.
    pub(super) form: Vec<(String, FormEntry)>,
}

/// Reads the action out of a no-JS form post, as React's `decodeAction` does:
/// `$ACTION_ID_<id>` names it directly; `$ACTION_REF_<n>` points at `$ACTION_<n>:0`,
/// `{"id","bound":"$@1"}`, whose bound list (`:1`) points at the sealed value (`:2`).
pub(super) fn find_form_action(fields: &[(String, FormEntry)]) -> Option<PostedAction> {
    let form: Vec<(String, FormEntry)> = fields
        .iter()
        .filter(|(name, _)| !name.starts_with("$ACTION_"))
        .cloned()
        .collect();
    let text = |wanted: &str| {
        fields.iter().find_map(|(name, entry)| match entry {
            FormEntry::Text(text) if name == wanted => Some(text.as_str()),
            _ => None,
        })
    };
    for (name, _) in fields {
        if let Some(id) = name.strip_prefix("$ACTION_ID_") {
            let (id, sealed) = (id.to_owned(), None);
            return Some(PostedAction { id, sealed, form });
        }
        if let Some(n) = name.strip_prefix("$ACTION_REF_") {
            let field = |row: u32| -> Option<Value> {
                serde_json::from_str(text(&format!("$ACTION_{n}:{row:x}"))?).ok()
            };
            let reference = field(0)?;
            let id = reference["id"].as_str()?.to_owned();
            let sealed = match reference["bound"].as_str() {
                Some(promise) => {
                    let list = field(row_of(promise)?)?;
                    let first = list.get(0)?.as_str()?;
                    Some(field(row_of(first)?)?.as_str()?.to_owned())
                }
                None => None,
            };
            return Some(PostedAction { id, sealed, form });
        }
    }
    None
}

/// The row a `"$@<hex>"` reference points at.
fn row_of(reference: &str) -> Option<u32> {
    u32::from_str_radix(reference.strip_prefix("$@")?, 16).ok()
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
    use serde_json::json;

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
        assert_eq!(posted.sealed, Some(sealed));
        assert_eq!(posted.form, vec![text("note", "hi")]);
        assert_eq!(find_form_action(&[text("name", "x")]), None);
    }
}
