//! The `code-languages` preprocessor: code fences in languages mdBook's bundled
//! highlight.js does not know are relabelled with one it knows.
//!
//! Chapters say what the code is (`tsx` for a component file), which is what an author
//! should write. mdBook 0.4 ships a highlight.js without `tsx` or `jsx`: such blocks
//! render as plain text and log a warning per block. Its `typescript` and `javascript`
//! grammars read JSX, so the fence is renamed before mdBook renders it.

use mdbook::book::{Book, BookItem};
use mdbook::preprocess::{Preprocessor, PreprocessorContext};

/// Fence language -> the bundled highlight.js language that reads it.
const RENAMES: &[(&str, &str)] = &[("tsx", "typescript"), ("jsx", "javascript")];

/// Relabels `tsx` and `jsx` code fences; see the module docs.
#[derive(Debug, Default, Clone, Copy)]
pub struct CodeLanguagesPreprocessor;

impl Preprocessor for CodeLanguagesPreprocessor {
    fn name(&self) -> &str {
        "code-languages"
    }

    fn run(&self, _ctx: &PreprocessorContext, mut book: Book) -> mdbook::errors::Result<Book> {
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item {
                chapter.content = relabel_fences(&chapter.content);
            }
        });
        Ok(book)
    }
}

/// Renames the language of every opening fence (``` or ~~~, any indent) found in
/// [`RENAMES`], keeping the rest of the info string (`tsx title="page.tsx"`).
pub fn relabel_fences(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    // The fence that opened the current code block; its closing line is left alone.
    let mut open: Option<String> = None;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let fence: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        let is_fence = fence.len() >= 3 && fence.chars().all(|c| c == fence.as_bytes()[0] as char);
        match &open {
            Some(opener) => {
                if is_fence
                    && fence.starts_with(opener.as_str())
                    && trimmed[fence.len()..].trim().is_empty()
                {
                    open = None;
                }
                out.push_str(line);
            }
            None if is_fence => {
                open = Some(fence.clone());
                out.push_str(&relabel_opening(line, &fence));
            }
            None => out.push_str(line),
        }
    }
    out
}

fn relabel_opening(line: &str, fence: &str) -> String {
    let indent = &line[..line.len() - line.trim_start().len()];
    let info = &line.trim_start()[fence.len()..];
    let language_end = info
        .find(|c: char| c.is_whitespace() || c == ',')
        .unwrap_or(info.len());
    let (language, rest) = info.split_at(language_end);
    match RENAMES.iter().find(|(from, _)| *from == language) {
        Some((_, to)) => format!("{indent}{fence}{to}{rest}"),
        None => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsx_and_jsx_fences_get_a_language_highlight_js_knows() {
        let text = "Intro\n\n```tsx\nexport default function Page() { return <p>hi</p>; }\n```\n\n\
                    ~~~jsx title=\"a.jsx\"\nx\n~~~\n";
        assert_eq!(
            relabel_fences(text),
            "Intro\n\n```typescript\nexport default function Page() { return <p>hi</p>; }\n```\n\n\
             ~~~javascript title=\"a.jsx\"\nx\n~~~\n"
        );
    }

    #[test]
    fn other_languages_code_and_closing_fences_are_left_alone() {
        let text = "```ts\nconst tsx = 1;\n```\n````md\n```tsx\ninside a longer fence\n```\n````\n`tsx` inline\n```tsxx\n```\n";
        assert_eq!(relabel_fences(text), text);
    }
}
