//! A Server Action call read for the learner: which action (name and file), what the
//! first byte of its id says, each argument as JavaScript sees it, the bound values,
//! and in the answer the result and the meaning of the `x-action-*` headers.
//!
//! A call arrives two ways. With JavaScript, the browser POSTs the arguments encoded
//! by React's `encodeReply` and names the action in a `Next-Action` header. Without
//! JavaScript, a `<form>` posts its fields and the action hides in field names:
//! `$ACTION_ID_<id>` for a plain action, or `$ACTION_REF_<n>` with the fields
//! `$ACTION_<n>:…` holding a reply whose root is the action with its bound values.

use flight::capture;
use flight::reply::{self, ReplyBody};
use flight::value::{FormEntry, Node, Reply, ValueId};
use serde::Serialize;

use super::glossary::{self, ActionEntry};
use super::rows::RowsView;

/// The decoded call and, when there is one, its answer.
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub id: String,
    /// `fetch` (JavaScript, `Next-Action` header) or `form` (a form post without it).
    pub how: &'static str,
    /// Where the action is defined, if one of the examples defines it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionEntry>,
    /// What the first byte of the id says (`first byte 40: …`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_info: Option<String>,
    pub arguments: Vec<ValueView>,
    pub bound: Vec<ValueView>,
    /// Why the arguments could not be decoded, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decode_error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<ResultView>,
    /// The `x-action-*` and `x-nextjs-action-*` headers of the answer, explained.
    pub answer_headers: Vec<AnswerHeader>,
}

/// One value as the action's code sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    /// `argument 1`, `bound 1`.
    pub label: String,
    /// JavaScript's `typeof`.
    pub type_of: &'static str,
    /// As `console.log` would show it.
    pub shown: String,
    /// What `String(x)` gives, i.e. what a page would render.
    pub string: String,
}

/// The value the call returned: the row row 0's `a` points to.
#[derive(Debug, Clone, Serialize)]
pub struct ResultView {
    pub row: String,
    pub meaning: String,
    pub excerpt: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerHeader {
    pub name: String,
    pub value: String,
    pub text: String,
}

/// Reads the call in `exchange`, if it is one; `rows` are its answer's rows.
pub fn action(exchange: &capture::Exchange, rows: Option<&RowsView>) -> Option<ActionView> {
    let content_type = exchange.request_header("content-type").unwrap_or("");
    let mut view = match exchange.request_header("next-action") {
        Some(id) => fetch_call(id, content_type, &exchange.request_body),
        None if exchange.method.eq_ignore_ascii_case("POST") => {
            form_post(content_type, &exchange.request_body)?
        }
        None => return None,
    };
    view.action = glossary::action(&view.id).cloned();
    view.id_info = flight::action_id::read_action_id(&view.id).map(|info| info.explain());
    view.result = rows.and_then(result);
    view.answer_headers = exchange
        .response_headers
        .iter()
        .filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            name.starts_with("x-action-") || name.starts_with("x-nextjs-action")
        })
        .map(|(name, value)| AnswerHeader {
            name: name.clone(),
            value: value.clone(),
            text: glossary::header(name)
                .map(|h| h.text.clone())
                .unwrap_or_else(|| "A header of Next.js's action protocol.".to_owned()),
        })
        .collect();
    Some(view)
}

fn empty(id: &str, how: &'static str) -> ActionView {
    ActionView {
        id: id.to_owned(),
        how,
        action: None,
        id_info: None,
        arguments: Vec::new(),
        bound: Vec::new(),
        decode_error: None,
        result: None,
        answer_headers: Vec::new(),
    }
}

/// A call made with JavaScript: the body is the argument list.
fn fetch_call(id: &str, content_type: &str, body: &[u8]) -> ActionView {
    let mut view = empty(id, "fetch");
    if content_type
        .to_ascii_lowercase()
        .starts_with("application/x-www-form-urlencoded")
    {
        view.decode_error = Some(
            "a URL-encoded body is not something React's encodeReply sends; Next.js refuses it"
                .to_owned(),
        );
        return view;
    }
    match reply::decode_http(content_type, body) {
        Ok(decoded) => {
            view.arguments = decoded
                .arguments()
                .into_iter()
                .enumerate()
                .map(|(i, id)| value_view(&decoded, id, format!("argument {}", i + 1)))
                .collect();
            view.bound = bound_of_references(&decoded);
        }
        Err(e) => view.decode_error = Some(e.to_string()),
    }
    view
}

/// Bound values of any Server Action passed as an argument (`$h`).
fn bound_of_references(decoded: &Reply) -> Vec<ValueView> {
    (0..decoded.nodes.len())
        .filter_map(|i| match decoded.node(ValueId(i)) {
            Node::ServerReference {
                bound: Some(bound), ..
            } => Some(*bound),
            _ => None,
        })
        .flat_map(|bound| bound_items(decoded, bound))
        .collect()
}

/// The bound values: an array, often behind promises (the array itself, and in a
/// form's metadata each sealed item too), which the server awaits before the call.
fn bound_items(decoded: &Reply, bound: ValueId) -> Vec<ValueView> {
    let settled = |id: ValueId| match decoded.node(id) {
        Node::Promise(inner) => *inner,
        _ => id,
    };
    let bound = settled(bound);
    match decoded.node(bound) {
        Node::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, &item)| value_view(decoded, settled(item), format!("bound {}", i + 1)))
            .collect(),
        _ => vec![value_view(decoded, bound, "bound".to_owned())],
    }
}

/// A form posted without JavaScript. `None` when no field names an action.
fn form_post(content_type: &str, body: &[u8]) -> Option<ActionView> {
    let parts = flight::multipart::parse(body, content_type).ok()?;
    let fields = reply::form_fields(parts);
    let form_data: Vec<(String, FormEntry)> = fields
        .iter()
        .filter(|(name, _)| !name.starts_with("$ACTION_"))
        .cloned()
        .collect();
    let arguments = |view: &mut ActionView| {
        let reply = Reply {
            nodes: vec![Node::FormData(form_data.clone())],
            root: ValueId(0),
            ..Reply::default()
        };
        view.arguments = vec![value_view(&reply, ValueId(0), "argument 1".to_owned())];
    };
    if let Some(id) = fields
        .iter()
        .find_map(|(name, _)| name.strip_prefix("$ACTION_ID_"))
    {
        let mut view = empty(id, "form");
        arguments(&mut view);
        return Some(view);
    }
    let reference = fields
        .iter()
        .find_map(|(name, _)| name.strip_prefix("$ACTION_REF_"))?;
    let prefix = format!("$ACTION_{reference}:");
    let inner: Vec<(String, FormEntry)> = fields
        .iter()
        .filter_map(|(name, entry)| Some((name.strip_prefix(&prefix)?.to_owned(), entry.clone())))
        .collect();
    let decoded = reply::decode(&ReplyBody::Form(inner));
    // Field `0` is the action's metadata, `{"id": …, "bound": "$@1"}` (Next.js's
    // `decodeBoundActionMetaData`), where `bound` is a promise of the sealed values.
    let (id, bound) = match &decoded {
        Ok(reply) => match reply.root() {
            Node::ServerReference { id, bound } => (id.clone(), *bound),
            Node::Object(fields) => {
                let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
                let id = match field("id").map(|v| reply.node(v)) {
                    Some(Node::String(id)) => id.clone(),
                    _ => String::new(),
                };
                (id, field("bound"))
            }
            _ => (String::new(), None),
        },
        Err(_) => (String::new(), None),
    };
    let mut view = empty(&id, "form");
    arguments(&mut view);
    match (decoded, bound) {
        (Ok(reply), Some(bound)) => {
            view.bound = bound_items(&reply, bound);
            for value in &mut view.bound {
                value.label.push_str(" (sealed: encrypted with the build's key, opened by the server before the call)");
            }
        }
        (Err(e), _) => view.decode_error = Some(e.to_string()),
        _ => {}
    }
    // The bound values come first, then the form data.
    for argument in &mut view.arguments {
        argument.label = format!("argument {}", view.bound.len() + 1);
    }
    Some(view)
}

fn value_view(reply: &Reply, id: ValueId, label: String) -> ValueView {
    ValueView {
        label,
        type_of: reply.type_of(id),
        shown: reply.debug(id),
        string: reply.js_string(id),
    }
}

/// Row 0 of an action's answer is `{"a": "$@1", …}`: the result is the row `a` names.
fn result(rows: &RowsView) -> Option<ResultView> {
    let root = rows
        .rows
        .iter()
        .find(|row| row.view.id.as_deref() == Some("0"))?;
    let target = root
        .view
        .references
        .iter()
        .find(|r| r.text.starts_with("$@"))?
        .target?;
    let row = rows
        .rows
        .iter()
        .find(|row| row.view.id.as_deref() == Some(format!("{target:x}").as_str()))?;
    Some(ResultView {
        row: format!("{target:x}"),
        meaning: row.view.meaning.clone(),
        excerpt: row.excerpt.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(headers: &[(&str, &str)], body: &str) -> capture::Exchange {
        capture::Exchange {
            method: "POST".into(),
            request_headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            request_body: body.as_bytes().to_vec(),
            ..capture::Exchange::default()
        }
    }

    #[test]
    fn a_javascript_call_names_its_action_and_decodes_its_arguments() {
        let exchange = call(
            &[
                ("content-type", "text/plain;charset=UTF-8"),
                ("next-action", "400cffe003d9f8e1338e139ae5983be593ffc1af8b"),
            ],
            r#"["world",1,"$undefined"]"#,
        );
        let view = action(&exchange, None).unwrap();
        assert_eq!(view.action.unwrap().name, "greet");
        assert!(view.id_info.unwrap().starts_with("first byte 40"));
        let types: Vec<_> = view.arguments.iter().map(|a| a.type_of).collect();
        assert_eq!(types, ["string", "number", "undefined"]);
        assert_eq!(view.arguments[0].string, "world");
    }

    #[test]
    fn a_form_post_finds_the_action_in_its_field_names() {
        let body = "--b\r\nContent-Disposition: form-data; name=\"$ACTION_ID_40fb502ec5f7ed86816baf09034ab7f9934f8498ea\"\r\n\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAlice\r\n--b--\r\n";
        let exchange = call(&[("content-type", "multipart/form-data; boundary=b")], body);
        let view = action(&exchange, None).unwrap();
        assert_eq!(view.how, "form");
        assert_eq!(view.action.unwrap().name, "addEntry");
        assert_eq!(view.arguments[0].string, "[object FormData]");
        assert!(
            view.arguments[0].shown.contains("Alice"),
            "{:?}",
            view.arguments[0]
        );
    }

    #[test]
    fn a_form_with_a_bound_action_names_it_and_shows_the_sealed_values() {
        let field = |name: &str, value: &str| {
            format!("--b\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
        };
        let body = [
            field("$ACTION_REF_3", ""),
            field("$ACTION_3:1", "[\"$@2\"]"),
            field(
                "$ACTION_3:0",
                "{\"id\":\"6050c354d78d9452a691b43aee9c654d54a385a103\",\"bound\":\"$@1\"}",
            ),
            field("$ACTION_3:2", "\"c2VhbGVk\""),
            field("note", "hello"),
        ]
        .concat()
            + "--b--\r\n";
        let exchange = call(
            &[("content-type", "multipart/form-data; boundary=b")],
            &body,
        );
        let view = action(&exchange, None).unwrap();
        assert_eq!(view.id, "6050c354d78d9452a691b43aee9c654d54a385a103");
        assert!(view.action.unwrap().name.starts_with("addNote"));
        assert_eq!(view.bound.len(), 1);
        assert_eq!(view.bound[0].string, "c2VhbGVk");
        assert!(view.bound[0].label.contains("sealed"));
        assert_eq!(view.arguments[0].label, "argument 2");
        assert!(view.arguments[0].shown.contains("hello"));
    }

    #[test]
    fn broken_arguments_are_reported_not_guessed() {
        let exchange = call(&[("next-action", "abc")], "[\"$Q5\"");
        let view = action(&exchange, None).unwrap();
        assert!(view.decode_error.is_some());
        assert!(view.action.is_none());
        let get = capture::Exchange {
            method: "GET".into(),
            ..capture::Exchange::default()
        };
        assert!(action(&get, None).is_none());
    }
}
