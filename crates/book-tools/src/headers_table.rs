//! `{{#headers table}}`: the appendix's table of header explanations.
//!
//! The rows come from `book-data/headers.toml` (read by `traffic::decoded::glossary`),
//! the same file the traffic panels show when a reader focuses a header. Each row has
//! the id `header-<name>` that the panels link to. The traffic preprocessor expands
//! the directive, so a plain `mdbook build` draws it too.

use flight::html::escape_html;
use traffic::decoded::glossary;

/// The table as one HTML block on one line (a blank line would end the block).
pub fn headers_table() -> String {
    let rows: String = glossary::headers()
        .iter()
        .map(|note| {
            let more = note
                .more
                .as_ref()
                .map(|id| format!("<a href=\"#{id}\">more</a>"))
                .unwrap_or_default();
            format!(
                "<tr id=\"{}\"><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{more}</td></tr>",
                note.anchor(),
                escape_html(&note.name),
                code_spans(&escape_html(&note.text)),
            )
        })
        .collect();
    format!(
        "\n\n<table class=\"header-glossary\"><thead><tr><th scope=\"col\">Header</th>\
         <th scope=\"col\">What it says</th><th scope=\"col\">Details</th></tr></thead>\
         <tbody>{rows}</tbody></table>\n\n"
    )
}

/// `` `text` `` becomes `<code>text</code>`: the data file is written like Markdown,
/// but an HTML block is not rendered as Markdown.
fn code_spans(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{part}</code>"));
        } else {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_a_row_and_an_anchor_per_header() {
        let table = headers_table();
        assert_eq!(table.matches("<tr id=").count(), glossary::headers().len());
        assert!(table.contains("<tr id=\"header-cache-control\">"));
        assert!(
            !table.trim().contains("\n\n"),
            "a blank line would end the HTML block"
        );
        assert_eq!(code_spans("a `b` c"), "a <code>b</code> c");
    }
}
