//! Finding the Flight rows inside an HTML page.
//!
//! A page rendered by Next.js carries the same rows an `RSC: 1` request would get, so
//! the browser can hydrate without asking again. They travel in inline scripts that
//! push onto a global array, `self.__next_f`:
//!
//! ```html
//! <script>(self.__next_f=self.__next_f||[]).push([0])</script>
//! <script>self.__next_f.push([1,"0:{\"b\":\"…\"}\n"])</script>
//! ```
//!
//! The argument is a JSON array (Next writes it with `JSON.stringify`, then escapes
//! `<` as `\u003c` so the text cannot close the script): `[0]` starts the stream,
//! `[1, text]` carries payload text, `[2, formState]` the form state of a no-JS action
//! post, `[3, base64]` payload bytes that are not valid UTF-8 text. Gluing the `[1]`
//! and `[3]` parts in order gives the payload [`crate::read::read`] reads.

use base64::Engine as _;
use serde::Serialize;
use serde_json::Value;
use thiserror::Error;

/// One `self.__next_f.push(…)` call found in the page.
#[derive(Debug, Clone, Serialize)]
pub struct Push {
    /// Where the pushed array starts in the HTML, and its length, in bytes.
    pub html_offset: usize,
    pub html_len: usize,
    /// The first element: 0 bootstrap, 1 text, 2 form state, 3 base64 bytes.
    pub kind: u64,
    /// The bytes this push added to the payload (empty for 0 and 2).
    pub payload_offset: usize,
    pub payload_len: usize,
}

/// The Flight data of a page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct InlineFlight {
    /// The concatenated payload, ready for [`crate::read::read`].
    #[serde(skip)]
    pub payload: Vec<u8>,
    pub pushes: Vec<Push>,
    /// The value of a `[2, …]` push, if the page had one.
    pub form_state: Option<Value>,
}

/// A push whose argument could not be read.
#[derive(Debug, Error)]
pub enum InlineError {
    #[error("the `__next_f.push(` at byte {offset} is not followed by a JSON array: {reason}. Is the HTML cut short?")]
    NotJson { offset: usize, reason: String },
    #[error("the push at byte {offset} is `{found}`; expected [0], [1,\"text\"], [2,state] or [3,\"base64\"]")]
    UnexpectedShape { offset: usize, found: String },
}

const MARKERS: [&str; 2] = [
    "self.__next_f.push(",
    "(self.__next_f=self.__next_f||[]).push(",
];

/// Finds every push in `html`, in order, and glues their payload together.
pub fn extract(html: &str) -> Result<InlineFlight, InlineError> {
    let mut found = InlineFlight::default();
    let mut markers = Markers::new(html);
    let mut at = 0;
    while let Some((start, marker)) = markers.next_after(at) {
        let array_start = start + marker.len();
        let mut values =
            serde_json::Deserializer::from_str(&html[array_start..]).into_iter::<Value>();
        let value = match values.next() {
            Some(Ok(value)) => value,
            Some(Err(e)) => {
                return Err(InlineError::NotJson {
                    offset: array_start,
                    reason: e.to_string(),
                })
            }
            None => {
                return Err(InlineError::NotJson {
                    offset: array_start,
                    reason: "nothing follows".into(),
                })
            }
        };
        let html_len = values.byte_offset();
        add_push(&mut found, value, array_start, html_len)?;
        at = array_start + html_len.max(1);
    }
    Ok(found)
}

/// The next place each marker occurs, searched again only once passed, so a page
/// with thousands of pushes is read in one pass.
struct Markers<'a> {
    html: &'a str,
    next: [Option<usize>; MARKERS.len()],
}

impl<'a> Markers<'a> {
    fn new(html: &'a str) -> Self {
        Markers {
            html,
            next: MARKERS.map(|m| html.find(m)),
        }
    }

    fn next_after(&mut self, at: usize) -> Option<(usize, &'static str)> {
        for (next, marker) in self.next.iter_mut().zip(MARKERS) {
            if next.is_some_and(|n| n < at) {
                *next = self
                    .html
                    .get(at..)
                    .and_then(|rest| rest.find(marker))
                    .map(|i| at + i);
            }
        }
        self.next
            .iter()
            .zip(MARKERS)
            .filter_map(|(next, marker)| next.map(|n| (n, marker)))
            .min_by_key(|(n, m)| (*n, std::cmp::Reverse(m.len())))
    }
}

fn add_push(
    found: &mut InlineFlight,
    value: Value,
    html_offset: usize,
    html_len: usize,
) -> Result<(), InlineError> {
    let unexpected = |value: &Value| InlineError::UnexpectedShape {
        offset: html_offset,
        found: value.to_string().chars().take(60).collect(),
    };
    let items = value.as_array().ok_or_else(|| unexpected(&value))?;
    let kind = items
        .first()
        .and_then(Value::as_u64)
        .ok_or_else(|| unexpected(&value))?;
    let payload_offset = found.payload.len();
    match (kind, items.get(1)) {
        (0, _) => {}
        (1, Some(Value::String(text))) => found.payload.extend_from_slice(text.as_bytes()),
        (2, Some(state)) => found.form_state = Some(state.clone()),
        (3, Some(Value::String(b64))) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map_err(|_| unexpected(&value))?;
            found.payload.extend_from_slice(&bytes);
        }
        _ => return Err(unexpected(&value)),
    }
    found.pushes.push(Push {
        html_offset,
        html_len,
        kind,
        payload_offset,
        payload_len: found.payload.len() - payload_offset,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushes_are_found_unescaped_and_glued_in_order() {
        let html = concat!(
            "<script>(self.__next_f=self.__next_f||[]).push([0])</script>",
            "<p>x</p><script>self.__next_f.push([1,\"0:\\\"\\u003cb\\u003e\\\"\\n1:T3,\"])</script>",
            "<script>self.__next_f.push([3,\"YWJj\"])</script>",
        );
        let found = extract(html).unwrap();
        assert_eq!(found.payload, b"0:\"<b>\"\n1:T3,abc");
        assert_eq!(
            found.pushes.iter().map(|p| p.kind).collect::<Vec<_>>(),
            [0, 1, 3]
        );
        let second = &found.pushes[1];
        assert_eq!(&html[second.html_offset..second.html_offset + 1], "[");
        assert_eq!(&html[second.html_offset + second.html_len - 1..][..2], "])");
        assert_eq!((second.payload_offset, second.payload_len), (0, 13));
    }

    #[test]
    fn form_state_is_kept() {
        let found = extract("<script>self.__next_f.push([2,[\"x\",1]])</script>").unwrap();
        assert_eq!(found.form_state, Some(serde_json::json!(["x", 1])));
        assert!(found.payload.is_empty());
    }

    #[test]
    fn broken_pushes_are_errors() {
        assert!(matches!(
            extract("self.__next_f.push([1,\"abc"),
            Err(InlineError::NotJson { .. })
        ));
        assert!(matches!(
            extract("self.__next_f.push([7])"),
            Err(InlineError::UnexpectedShape { .. })
        ));
        assert!(extract("<html>no flight</html>").unwrap().pushes.is_empty());
    }
}
