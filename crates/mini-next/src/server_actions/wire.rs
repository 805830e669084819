//! Encodings on the wire: bound values, hidden form fields, action rows and the
//! arguments a call carries (React's reply encoding, multipart form data).

use super::*;
use crate::flight;
use crate::server_components::escape_html;
use base64::Engine as _;
use serde_json::{json, Value};

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
/// `$ACTION_ID_<id>`; with them, `$ACTION_REF_<n>` and the `{id, bound}` reference in
/// reply encoding, spread over fields `$ACTION_<n>:0`, `:1`, `:2`.
pub fn form_hidden_inputs(id: &str, bound: Option<(u32, &[Value])>) -> String {
    let Some((n, values)) = bound else {
        return format!(r#"<input type="hidden" name="$ACTION_ID_{id}"/>"#);
    };
    let sealed = Value::String(seal_bound(id, values)).to_string();
    let reference = json!({ "id": id, "bound": "$@1" }).to_string();
    format!(
        concat!(
            r#"<input type="hidden" name="$ACTION_REF_{n}"/>"#,
            r#"<input type="hidden" name="$ACTION_{n}:1" value="{list}"/>"#,
            r#"<input type="hidden" name="$ACTION_{n}:0" value="{reference}"/>"#,
            r#"<input type="hidden" name="$ACTION_{n}:2" value="{sealed}"/>"#,
        ),
        n = n,
        list = escape_html(r#"["$@2"]"#),
        reference = escape_html(&reference),
        sealed = escape_html(&sealed),
    )
}

/// The flight rows of one form's action: `{"id","bound":null}` without bound values,
/// or `{"id","bound":"$@<n+1>"}`, `["$@<n+2>"]` and the sealed string. The form's
/// `action` prop then is [`flight::server_reference`]`(n)`.
pub fn action_rows(n: u32, id: &str, bound: Option<&[Value]>) -> Vec<String> {
    match bound {
        None => vec![flight::model_row(n, &json!({ "id": id, "bound": null }))],
        Some(values) => vec![
            flight::model_row(n, &json!({ "id": id, "bound": flight::promise(n + 1) })),
            flight::model_row(n + 1, &json!([flight::promise(n + 2)])),
            flight::model_row(n + 2, &Value::String(seal_bound(id, values))),
        ],
    }
}

// ANCHOR_END: origin_check

/// An action found in the fields of a no-JS form post.
#[derive(Debug, PartialEq)]
pub(super) struct PostedAction {
    pub(super) id: String,
    /// The sealed bound values, for `$ACTION_REF_` forms.
    pub(super) sealed: Option<String>,
    /// The form's own fields, without the `$ACTION_` ones.
    pub(super) form: FormData,
}

// ANCHOR: find_form_action
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
// ANCHOR_END: find_form_action

/// The row a `"$@<hex>"` reference points at.
pub(super) fn row_of(reference: &str) -> Option<u32> {
    u32::from_str_radix(reference.strip_prefix("$@")?, 16).ok()
}

// ANCHOR: decode_reply
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
// ANCHOR_END: decode_reply

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
        Value::String(s) => flight::text(s),
        Value::Array(items) => Value::Array(items.iter().map(escape_strings).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), escape_strings(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

// ANCHOR: parse_multipart
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
