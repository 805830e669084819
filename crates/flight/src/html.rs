//! Flight rows inside an HTML page, and text inside HTML.
//!
//! An App Router page carries its own flight payload, so the browser's React can
//! hydrate it without asking the server again. The rows ride in inline scripts:
//! first `(self.__next_f=self.__next_f||[]).push([0])` (the queue exists; rows
//! follow), then one `self.__next_f.push([1,"<rows>"])` per piece of the payload, as
//! the stream produces it.

/// Sets up `self.__next_f` before any row arrives (`0` = "rows follow").
pub const BOOTSTRAP_SCRIPT: &str = "<script>(self.__next_f=self.__next_f||[]).push([0])</script>";

/// Flight rows as a `<script>` that hands them to the browser's React. The rows
/// become a JSON string; `<`, `>`, `&` and the two JavaScript line separators are
/// escaped so that no text inside can end the script early.
pub fn rows_script(rows: &str) -> String {
    let string = script_safe(&serde_json::Value::String(rows.to_owned()));
    format!("<script>self.__next_f.push([1,{string}])</script>")
}

/// The bootstrap script of a page that answers a no-JS post to a `useActionState`
/// form: it also hands React the form state (`2` = form state), so the browser's
/// hook starts from the posted result.
pub fn bootstrap_with_form_state(form_state: &serde_json::Value) -> String {
    let bootstrap = BOOTSTRAP_SCRIPT.trim_end_matches("</script>");
    format!(
        "{bootstrap};self.__next_f.push([2,{}])</script>",
        script_safe(form_state)
    )
}

/// JSON that no text inside can end a `<script>` early with.
fn script_safe(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Text and attribute values as React's server renderer writes them: the five
/// characters it escapes, the same in both places (`&`, `<`, `>`, `"` and `'` as
/// `&#x27;`). Everything that writes HTML in this workspace uses this one function.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_cannot_be_closed_by_the_rows_it_carries() {
        assert_eq!(
            rows_script("1:\"</script>\"\n"),
            "<script>self.__next_f.push([1,\"1:\\\"\\u003c/script\\u003e\\\"\\n\"])</script>"
        );
    }

    #[test]
    fn react_escapes_five_characters() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s&lt;/a&gt;"
        );
    }
}
