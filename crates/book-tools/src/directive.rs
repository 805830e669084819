//! `{{#name argument}}` directives in chapters, shared by our preprocessors.
//!
//! A directive inside inline code or a code block is only text, so a chapter can
//! show the syntax itself. Each directive found is replaced by what its preprocessor
//! renders; an error names the chapter file and the line as the author wrote them
//! (earlier preprocessors such as admonish change the text, so lines are looked up
//! in the file on disk).

use anyhow::{bail, Context, Result};
use mdbook::book::{Book, BookItem, Chapter};
use mdbook::preprocess::PreprocessorContext;
use std::ops::Range;
use std::path::Path;

const CLOSE: &str = "}}";

/// One directive found in a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    /// Byte range of the whole directive in the chapter text.
    pub range: Range<usize>,
    /// What follows the name, trimmed: `api-routes/get-hello` in `{{#traffic api-routes/get-hello}}`.
    pub argument: String,
    /// 1-based line in the text searched.
    pub line: usize,
}

/// Finds every `{{#<name> ...}}` in `text` that is not inside code.
pub fn find(text: &str, name: &str) -> Result<Vec<Directive>> {
    let open = format!("{{{{#{name} ");
    let code = code_ranges(text);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find(&open) {
        let start = from + offset;
        let line = text[..start].matches('\n').count() + 1;
        let Some(len) = text[start..].find(CLOSE) else {
            bail!("line {line}: `{open}` is never closed with `}}}}`");
        };
        let end = start + len + CLOSE.len();
        from = end;
        if code.iter().any(|r| r.contains(&start)) {
            continue;
        }
        found.push(Directive {
            range: start..end,
            argument: text[start + open.len()..start + len].trim().to_owned(),
            line,
        });
    }
    Ok(found)
}

/// Replaces every `{{#<name> argument}}` in the book with `render(argument)`.
pub fn expand_book(
    ctx: &PreprocessorContext,
    mut book: Book,
    name: &str,
    render: impl Fn(&str) -> Result<String>,
) -> mdbook::errors::Result<Book> {
    let mut failure = None;
    book.for_each_mut(|item| {
        if failure.is_some() {
            return;
        }
        if let BookItem::Chapter(chapter) = item {
            if let Err(e) = expand_chapter(&ctx.root, &ctx.config.book.src, chapter, name, &render)
            {
                failure = Some(e);
            }
        }
    });
    match failure {
        Some(e) => Err(mdbook::errors::Error::msg(format!("{e:#}"))),
        None => Ok(book),
    }
}

fn expand_chapter(
    root: &Path,
    src: &Path,
    chapter: &mut Chapter,
    name: &str,
    render: &impl Fn(&str) -> Result<String>,
) -> Result<()> {
    let where_ = chapter
        .source_path
        .as_ref()
        .map(|p| src.join(p).display().to_string())
        .unwrap_or_else(|| chapter.name.clone());
    let directives = find(&chapter.content, name).with_context(|| where_.clone())?;
    if directives.is_empty() {
        return Ok(());
    }
    let original = chapter
        .source_path
        .as_ref()
        .and_then(|p| std::fs::read_to_string(root.join(src).join(p)).ok());
    let mut out = String::with_capacity(chapter.content.len());
    let mut last = 0;
    for (n, d) in directives.iter().enumerate() {
        out.push_str(&chapter.content[last..d.range.start]);
        let written = &chapter.content[d.range.clone()];
        // The nth directive written exactly like this one is the nth in the file too.
        let nth = directives[..n]
            .iter()
            .filter(|e| &chapter.content[e.range.clone()] == written)
            .count();
        let line = original
            .as_deref()
            .and_then(|text| line_of_occurrence(text, written, nth))
            .unwrap_or(d.line);
        let html = render(&d.argument).with_context(|| format!("{where_}:{line}: {written}"))?;
        out.push_str(&html);
        last = d.range.end;
    }
    out.push_str(&chapter.content[last..]);
    chapter.content = out;
    Ok(())
}

/// Byte ranges of inline code and code blocks, where directives are only text.
pub(crate) fn code_ranges(text: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(text)
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, range)| range)
        .collect()
}

/// The 1-based line of the `n`th (0-based) occurrence of `needle` in `text`.
fn line_of_occurrence(text: &str, needle: &str, n: usize) -> Option<usize> {
    let (offset, _) = text.match_indices(needle).nth(n)?;
    Some(text[..offset].matches('\n').count() + 1)
}

/// JSON that cannot close its `<script>` element early: `<`, `>` and `&` appear only
/// inside strings, where their `\u` escapes mean the same.
pub(crate) fn script_safe_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_directives_with_lines_and_skips_code() {
        let text = "intro\n{{#traffic api-routes/get-hello}}\n`{{#traffic a/b}}`\n{{#traffic x/y }}\n\n```\n{{#traffic c/d}}\n```\n{{#quiz q}}";
        let found = find(text, "traffic").unwrap();
        let got: Vec<(&str, usize)> = found
            .iter()
            .map(|d| (d.argument.as_str(), d.line))
            .collect();
        assert_eq!(got, [("api-routes/get-hello", 2), ("x/y", 4)]);
        assert_eq!(find(text, "quiz").unwrap()[0].argument, "q");
    }

    #[test]
    fn an_unclosed_directive_is_an_error() {
        let err = find("a\n{{#traffic a/b", "traffic")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("never closed"),
            "{err}"
        );
    }

    #[test]
    fn script_json_cannot_end_the_script() {
        let safe = script_safe_json(r#"{"html":"</script><b>&"}"#);
        assert!(!safe.contains("</"));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["html"], "</script><b>&");
    }
}
