//! What an action receives and returns: JavaScript values, not strings.
//!
//! A JS call's arguments arrive in React's reply encoding and are decoded by the
//! `flight` crate into the values `decodeReply` would give the action in Next.js:
//! numbers stay numbers, a `FormData` stays a `FormData`, `undefined`, dates,
//! BigInts, Maps, Sets, files and promises are what they were in the browser, and
//! one object passed twice is one object. [`Args`] is that list, with the questions
//! an action asks of it: `String(x)` ([`Args::text`]), `typeof x`, a form's fields,
//! plain JSON. An action answers with a [`Returned`]: `undefined`, a JSON value, or
//! values it received, which go back with their types (an echo is exact).

use flight::value::{FormEntry, Node, Reply, ValueId};
use serde_json::Value;

/// The arguments of one call, in order.
#[derive(Debug, Clone)]
pub struct Args {
    reply: Reply,
    ids: Vec<ValueId>,
}

/// A `FormData` argument: its entries in the order they arrived, repeats kept.
#[derive(Debug, Clone, Copy)]
pub struct FormData<'a> {
    entries: &'a [(String, FormEntry)],
}

impl<'a> FormData<'a> {
    /// `formData.get(name)` for a text field: the first value of that name. A file
    /// field gives `None` here (JavaScript would give a `File`).
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, entry)| match entry {
                FormEntry::Text(text) => Some(text.as_str()),
                FormEntry::File(_) => None,
            })
    }

    /// Every entry: `for (const [name, value] of formData)`.
    pub fn entries(&self) -> &'a [(String, FormEntry)] {
        self.entries
    }
}

impl Args {
    /// The arguments `ids` of a decoded reply.
    pub(super) fn new(reply: Reply, ids: Vec<ValueId>) -> Args {
        Args { reply, ids }
    }

    /// A call's arguments: the values the decoded reply's root array holds.
    pub(super) fn of_reply(reply: Reply) -> Args {
        let ids = reply.arguments();
        Args::new(reply, ids)
    }

    /// The arguments of a no-JavaScript form post: the values bound to the form's
    /// action (`bound`, decoded into `reply` from its `$ACTION_<n>:` fields), then the
    /// form's own fields as one `FormData`.
    pub(super) fn of_form(
        mut reply: Reply,
        mut bound: Vec<ValueId>,
        form: Vec<(String, FormEntry)>,
    ) -> Args {
        bound.push(push(&mut reply, Node::FormData(form)));
        Args::new(reply, bound)
    }

    /// The same call with argument 0 (the sealed closure) replaced by the values it
    /// held.
    pub(super) fn with_closure(mut self, bound: &[Value]) -> Args {
        let values: Vec<ValueId> = bound
            .iter()
            .map(|v| push_json(&mut self.reply, v))
            .collect();
        self.ids.splice(0..1.min(self.ids.len()), values);
        self
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// `String(args[i])`: `"undefined"` for a missing argument, `"[object Object]"`
    /// for an object, `"1,two,,true"` for an array, as JavaScript prints them.
    pub fn text(&self, i: usize) -> String {
        match self.ids.get(i) {
            Some(&id) => self.reply.js_string(id),
            None => "undefined".to_owned(),
        }
    }

    /// `typeof args[i]`.
    pub fn type_of(&self, i: usize) -> &'static str {
        match self.ids.get(i) {
            Some(&id) => self.reply.type_of(id),
            None => "undefined",
        }
    }

    /// The argument as a string, after awaiting it if it is a promise; `None` for
    /// anything else.
    pub(super) fn awaited_string(&self, i: usize) -> Option<String> {
        let mut id = *self.ids.get(i)?;
        if let Node::Promise(value) = self.reply.node(id) {
            id = *value;
        }
        match self.reply.node(id) {
            Node::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// The argument as a `FormData`, if it is one.
    pub fn form(&self, i: usize) -> Option<FormData<'_>> {
        match self.reply.node(*self.ids.get(i)?) {
            Node::FormData(entries) => Some(FormData { entries }),
            _ => None,
        }
    }

    /// The argument as JSON, when it is a plain value JSON can hold (numbers,
    /// strings, booleans, `null`, arrays and objects of those); `None` otherwise
    /// (`undefined`, a `Date`, a `Map`…) or for a missing argument.
    pub fn json(&self, i: usize) -> Option<Value> {
        to_json(&self.reply, *self.ids.get(i)?, 0)
    }

    /// How the argument looks, as `console.log` would show it.
    pub fn debug(&self, i: usize) -> String {
        match self.ids.get(i) {
            Some(&id) => self.reply.debug(id),
            None => "undefined".to_owned(),
        }
    }

    /// A result made of these arguments and new values, types kept:
    /// `args.returning(|out| out.object(vec![("label", out.arg(0))]))`.
    pub fn returning(self, build: impl FnOnce(&mut Output) -> ValueId) -> Returned {
        let mut output = Output {
            reply: self.reply,
            args: self.ids,
        };
        let root = build(&mut output);
        Returned::Values {
            reply: output.reply,
            root,
        }
    }
}

/// What an action returns.
#[derive(Debug, Clone)]
pub enum Returned {
    /// Nothing: `return;` (row 1 is `"$undefined"`).
    Undefined,
    /// A plain value.
    Json(Value),
    /// Values built with [`Args::returning`], which keep the types they arrived with.
    Values { reply: Reply, root: ValueId },
}

impl Returned {
    /// The value as JSON, as React's form state holds it; `null` for what JSON
    /// cannot hold (`undefined`, a `Map`…).
    pub(super) fn to_json(&self) -> Value {
        match self {
            Returned::Undefined => Value::Null,
            Returned::Json(value) => value.clone(),
            Returned::Values { reply, root } => to_json(reply, *root, 0).unwrap_or(Value::Null),
        }
    }

    /// The returned value as a value arena, ready to be written as Flight the one way
    /// every result is (`flight::encode`): `undefined`, plain JSON and received values
    /// alike.
    pub(super) fn into_reply(self) -> (Reply, ValueId) {
        match self {
            Returned::Values { reply, root } => (reply, root),
            Returned::Undefined => {
                let mut reply = Reply::default();
                let root = push(&mut reply, Node::Undefined);
                (reply, root)
            }
            Returned::Json(value) => {
                let mut reply = Reply::default();
                let root = push_json(&mut reply, &value);
                (reply, root)
            }
        }
    }
}

impl From<Value> for Returned {
    fn from(value: Value) -> Returned {
        Returned::Json(value)
    }
}

/// A result under construction: received arguments and new values.
#[derive(Debug)]
pub struct Output {
    reply: Reply,
    args: Vec<ValueId>,
}

impl Output {
    /// Argument `i` as received (`undefined` when missing).
    pub fn arg(&mut self, i: usize) -> ValueId {
        match self.args.get(i) {
            Some(&id) => id,
            None => push(&mut self.reply, Node::Undefined),
        }
    }

    /// A new plain value.
    pub fn json(&mut self, value: &Value) -> ValueId {
        push_json(&mut self.reply, value)
    }

    /// `{ name: value, … }`.
    pub fn object(&mut self, fields: Vec<(&str, ValueId)>) -> ValueId {
        let props = fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        push(&mut self.reply, Node::Object(props))
    }

    /// `[a, b, …]`.
    pub fn array(&mut self, items: Vec<ValueId>) -> ValueId {
        push(&mut self.reply, Node::Array(items))
    }
}

fn push(reply: &mut Reply, node: Node) -> ValueId {
    reply.nodes.push(node);
    ValueId(reply.nodes.len() - 1)
}

/// A JSON value as nodes.
fn push_json(reply: &mut Reply, value: &Value) -> ValueId {
    let node = match value {
        Value::Null => Node::Null,
        Value::Bool(b) => Node::Bool(*b),
        Value::Number(n) => Node::Number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Node::String(s.clone()),
        Value::Array(items) => Node::Array(items.iter().map(|v| push_json(reply, v)).collect()),
        Value::Object(map) => Node::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), push_json(reply, v)))
                .collect(),
        ),
    };
    push(reply, node)
}

/// Plain values as JSON, with a depth bound (a cycle is not plain).
fn to_json(reply: &Reply, id: ValueId, depth: usize) -> Option<Value> {
    if depth > 64 {
        return None;
    }
    Some(match reply.node(id) {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(*b),
        Node::Number(n) => Value::Number(json_number(*n)?),
        Node::String(s) => Value::String(s.clone()),
        Node::Array(items) => Value::Array(
            items
                .iter()
                .map(|&item| to_json(reply, item, depth + 1))
                .collect::<Option<_>>()?,
        ),
        Node::Object(props) => Value::Object(
            props
                .iter()
                .map(|(k, v)| Some((k.clone(), to_json(reply, *v, depth + 1)?)))
                .collect::<Option<_>>()?,
        ),
        _ => return None,
    })
}

/// A JavaScript number as JSON writes it: `1`, not `1.0`; `None` for `NaN` and
/// the infinities, which JSON cannot hold.
fn json_number(n: f64) -> Option<serde_json::Number> {
    const SAFE: f64 = 9_007_199_254_740_991.0; // Number.MAX_SAFE_INTEGER
    if n.fract() == 0.0 && n.abs() <= SAFE {
        Some(serde_json::Number::from(n as i64))
    } else {
        serde_json::Number::from_f64(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(body: &str) -> Args {
        Args::of_reply(
            flight::reply::decode_http("text/plain;charset=UTF-8", body.as_bytes()).unwrap(),
        )
    }

    #[test]
    fn arguments_keep_their_javascript_types() {
        let args =
            call(r#"[1,"two","$undefined","$D2026-01-02T03:04:05.000Z",[1,"two",null,true]]"#);
        assert_eq!(args.len(), 5);
        assert_eq!((args.type_of(0), args.text(0)), ("number", "1".to_owned()));
        assert_eq!(args.type_of(2), "undefined");
        assert_eq!(args.type_of(3), "object");
        assert_eq!(args.text(4), "1,two,,true");
        assert_eq!(args.json(0), Some(json!(1)));
        assert_eq!(args.json(2), None, "undefined is not JSON");
        assert_eq!(args.text(9), "undefined", "a missing argument");
    }

    #[test]
    fn a_form_post_is_closure_values_then_a_form() {
        let form = vec![("note".to_owned(), FormEntry::Text("hi".to_owned()))];
        let reply = call(r#"["2026"]"#).reply;
        let bound = reply.arguments();
        let args = Args::of_form(reply, bound, form);
        assert_eq!(args.text(0), "2026");
        assert_eq!(args.form(1).unwrap().get("note"), Some("hi"));
        assert_eq!(args.text(1), "[object FormData]");
    }

    #[test]
    fn a_result_can_carry_an_argument_unchanged() {
        let args = call(r#"["$n12345678901234567890"]"#);
        let returned = args.returning(|out| {
            let label = out.arg(0);
            out.object(vec![("label", label)])
        });
        let Returned::Values { reply, root } = returned else {
            panic!("values expected");
        };
        assert_eq!(reply.debug(root), "{label: 12345678901234567890n}");
    }
}
