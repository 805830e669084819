//! How an action's arguments travel: the fields of a no-JavaScript form post, and
//! React's reply encoding of a JS call's argument list (text or multipart).

use super::registry::{Action, Arg, FormData};
use crate::server_reference::open_bound;
use flight::write as rows;
use serde_json::Value;

/// An action found in the fields of a no-JS form post.
#[derive(Debug, PartialEq)]
pub(super) struct PostedAction {
    pub(super) id: String,
    /// The sealed bound values, for `$ACTION_REF_` forms.
    pub(super) sealed: Option<String>,
    /// The form's own fields, without the `$ACTION_` ones.
    pub(super) form: FormData,
}

/// Reads the action out of a no-JS form post, as React's `decodeAction` does:
/// `$ACTION_ID_<id>` names it directly; `$ACTION_REF_<n>` points at `$ACTION_<n>:0`,
/// `{"id","bound":"$@1"}`, whose bound list (`:1`) points at the sealed value (`:2`).
pub(super) fn find_form_action(fields: &[(String, String)]) -> Option<PostedAction> {
    let form = FormData {
        fields: fields
            .iter()
            .filter(|(name, _)| !name.starts_with("$ACTION_"))
            .cloned()
            .collect(),
    };
    for (name, _) in fields {
        if let Some(id) = name.strip_prefix("$ACTION_ID_") {
            let (id, sealed) = (id.to_owned(), None);
            return Some(PostedAction { id, sealed, form });
        }
        if let Some(n) = name.strip_prefix("$ACTION_REF_") {
            let field = |row: u32| {
                let name = format!("$ACTION_{n}:{row:x}");
                let text = fields.iter().find(|(f, _)| *f == name)?.1.as_str();
                serde_json::from_str::<Value>(text).ok()
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
pub(super) fn row_of(reference: &str) -> Option<u32> {
    u32::from_str_radix(reference.strip_prefix("$@")?, 16).ok()
}

/// Decodes the argument list a JS call sends (React's `encodeReply` format): a JSON
/// array as text, or multipart whose field `0` is that array. In the array, `"$K<n>"`
/// is the `FormData` made of the fields named `_<n>_…`, `"$@<n>"` the JSON of field
/// `n`, and a string starting with `$$` a literal `$`.
pub(super) fn decode_reply(content_type: &str, body: &[u8]) -> Option<Vec<Arg>> {
    let fields = if content_type.starts_with("multipart/form-data") {
        parse_multipart(content_type, body)?
    } else {
        vec![("0".to_owned(), String::from_utf8_lossy(body).into_owned())]
    };
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let root: Value = serde_json::from_str(field("0")?).ok()?;
    let mut args = Vec::new();
    for item in root.as_array()? {
        let arg = match item.as_str() {
            Some(s) if s.starts_with("$K") => {
                let prefix = format!("_{}_", &s[2..]);
                Arg::Form(FormData {
                    fields: fields
                        .iter()
                        .filter_map(|(n, v)| Some((n.strip_prefix(&prefix)?.to_owned(), v.clone())))
                        .collect(),
                })
            }
            Some(s) if s.starts_with("$@") => {
                let row = row_of(s)?.to_string();
                Arg::Value(unescape_strings(serde_json::from_str(field(&row)?).ok()?))
            }
            _ => Arg::Value(unescape_strings(item.clone())),
        };
        args.push(arg);
    }
    Some(args)
}

/// For an action with bound values, a JS call sends the sealed value as argument 0;
/// it is replaced by the values it holds. `None` when it does not open.
pub(super) fn unseal_leading_bound(action: &Action, mut args: Vec<Arg>) -> Option<Vec<Arg>> {
    if action.bound_count == 0 {
        return Some(args);
    }
    let Arg::Value(Value::String(sealed)) = args.first()? else {
        return None;
    };
    let bound = open_bound(&action.id, sealed)?;
    args.splice(0..1, bound.into_iter().map(Arg::Value));
    Some(args)
}

/// `$$x` → `$x` in every string of a decoded value.
pub(super) fn unescape_strings(value: Value) -> Value {
    match value {
        Value::String(s) if s.starts_with("$$") => Value::String(s[1..].to_owned()),
        Value::Array(items) => Value::Array(items.into_iter().map(unescape_strings).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, unescape_strings(v)))
                .collect(),
        ),
        other => other,
    }
}

/// `$x` → `$$x` in every string, so a result is not read as references.
pub(super) fn escape_strings(value: &Value) -> Value {
    match value {
        Value::String(s) => rows::text(s),
        Value::Array(items) => Value::Array(items.iter().map(escape_strings).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), escape_strings(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The text fields of a `multipart/form-data` body, in order. Each part is
/// `--<boundary>\r\n`, headers, a blank line, the value, `\r\n`; the last boundary
/// ends with `--`. File parts are read as text too (a simplification).
pub fn parse_multipart(content_type: &str, body: &[u8]) -> Option<Vec<(String, String)>> {
    let boundary = content_type
        .split(';')
        .find_map(|param| param.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let body = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut fields = Vec::new();
    for part in body.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        let (head, value) = part.split_once("\r\n\r\n")?;
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        let name = head
            .split("\r\n")
            .filter(|line| {
                line.to_ascii_lowercase()
                    .starts_with("content-disposition:")
            })
            .find_map(|line| line.split("name=\"").nth(1)?.split('"').next())?;
        fields.push((name.to_owned(), value.to_owned()));
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server_reference::seal_bound;
    use serde_json::json;

    #[test]
    fn multipart_fields_and_reply_arguments() {
        let body = "--B\r\nContent-Disposition: form-data; name=\"_1_name\"\r\n\r\nErin\r\n\
                    --B\r\nContent-Disposition: form-data; name=\"0\"\r\n\r\n[\"$K1\",\"$$x\"]\r\n--B--\r\n";
        let content_type = "multipart/form-data; boundary=B";
        let fields = parse_multipart(content_type, body.as_bytes()).unwrap();
        assert_eq!(fields[0], ("_1_name".to_owned(), "Erin".to_owned()));
        let args = decode_reply(content_type, body.as_bytes()).unwrap();
        assert_eq!(args[0].form().unwrap().get("name"), Some("Erin"));
        assert_eq!(args[1], Arg::Value(json!("$x")));
        let plain = decode_reply("text/plain;charset=UTF-8", br#"["world"]"#).unwrap();
        assert_eq!(plain, vec![Arg::Value(json!("world"))]);
    }

    #[test]
    fn form_actions_are_found_in_the_fields() {
        let sealed = seal_bound("60ab", &[json!("t")]);
        let fields: Vec<(String, String)> = [
            ("$ACTION_REF_3", ""),
            ("$ACTION_3:1", r#"["$@2"]"#),
            ("$ACTION_3:0", r#"{"id":"60ab","bound":"$@1"}"#),
            ("$ACTION_3:2", &Value::String(sealed.clone()).to_string()),
            ("note", "hi"),
        ]
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
        let posted = find_form_action(&fields).unwrap();
        assert_eq!(posted.id, "60ab");
        assert_eq!(posted.sealed, Some(sealed));
        assert_eq!(
            posted.form.fields,
            vec![("note".to_owned(), "hi".to_owned())]
        );
        assert_eq!(find_form_action(&[("name".into(), "x".into())]), None);
    }
}
