//! The `{{#traffic <example>/<scenario>}}` directive.
//!
//! Each directive becomes a panel: a `<div data-traffic-panel>` that carries, as JSON
//! inside the page, the exchange recorded from our example and, when recorded, the
//! one from real Next.js. The static book therefore shows real traffic with no server;
//! `book/theme/traffic.js` draws it and, under the playground, makes it live.
//!
//! A directive whose transcript is missing fails the build and names the chapter,
//! the line and the command that records it. Directives inside inline code or code
//! blocks are left alone, so a chapter can show the syntax itself (write it as
//! `` `\{{#traffic a/b}}` ``: mdBook removes the backslash before we run).

use anyhow::{bail, Context, Result};
use mdbook::book::{Book, BookItem, Chapter};
use mdbook::preprocess::{Preprocessor, PreprocessorContext};
use serde_json::json;
use std::path::Path;
use traffic::scenario::{next_transcript_file, ExampleDirs, Scenario, NEXT_LABEL};
use traffic::Exchange;

const OPEN: &str = "{{#traffic ";
const CLOSE: &str = "}}";

/// The mdBook preprocessor for `{{#traffic}}`.
#[derive(Debug, Default, Clone, Copy)]
pub struct TrafficPreprocessor;

impl Preprocessor for TrafficPreprocessor {
    fn name(&self) -> &str {
        "traffic"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> mdbook::errors::Result<Book> {
        let mut failure = None;
        book.for_each_mut(|item| {
            if failure.is_some() {
                return;
            }
            if let BookItem::Chapter(chapter) = item {
                if let Err(e) = expand_chapter(&ctx.root, &ctx.config.book.src, chapter) {
                    failure = Some(e);
                }
            }
        });
        match failure {
            Some(e) => Err(mdbook::errors::Error::msg(format!("{e:#}"))),
            None => Ok(book),
        }
    }
}

/// One `{{#traffic}}` found in a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    /// Byte range of the whole directive in the chapter text.
    pub range: std::ops::Range<usize>,
    pub example: String,
    pub scenario: String,
    /// 1-based line, for error messages.
    pub line: usize,
}

/// Finds every directive in `text` that is not inside code.
pub fn find_directives(text: &str) -> Result<Vec<Directive>> {
    let code = code_ranges(text);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find(OPEN) {
        let start = from + offset;
        let line = text[..start].matches('\n').count() + 1;
        let Some(len) = text[start..].find(CLOSE) else {
            bail!("line {line}: `{OPEN}` is never closed with `}}}}`");
        };
        let end = start + len + CLOSE.len();
        from = end;
        if code.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let target = text[start + OPEN.len()..start + len].trim();
        let Some((example, scenario)) = target.split_once('/') else {
            bail!("line {line}: write `{{{{#traffic <example>/<scenario>}}}}`, got {target:?}");
        };
        found.push(Directive {
            range: start..end,
            example: example.to_owned(),
            scenario: scenario.to_owned(),
            line,
        });
    }
    Ok(found)
}

/// Byte ranges of inline code and code blocks, where directives are only text.
pub(crate) fn code_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut ranges = Vec::new();
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

fn expand_chapter(root: &Path, src: &Path, chapter: &mut Chapter) -> Result<()> {
    let where_ = chapter
        .source_path
        .as_ref()
        .map(|p| src.join(p).display().to_string())
        .unwrap_or_else(|| chapter.name.clone());
    let directives = find_directives(&chapter.content).with_context(|| where_.clone())?;
    if directives.is_empty() {
        return Ok(());
    }
    // Earlier preprocessors (admonish) change the text, so lines are looked up in
    // the file as the author wrote it.
    let original = chapter
        .source_path
        .as_ref()
        .and_then(|p| std::fs::read_to_string(root.join(src).join(p)).ok());
    let mut out = String::with_capacity(chapter.content.len());
    let mut last = 0;
    for (n, d) in directives.iter().enumerate() {
        out.push_str(&chapter.content[last..d.range.start]);
        let written = &chapter.content[d.range.clone()];
        let nth = occurrence(&directives[..n], d, &chapter.content);
        let line = original
            .as_deref()
            .and_then(|text| line_of_occurrence(text, written, nth))
            .unwrap_or(d.line);
        let panel = panel_html(root, &d.example, &d.scenario)
            .with_context(|| format!("{where_}:{line}: {written}"))?;
        out.push_str(&panel);
        last = d.range.end;
    }
    out.push_str(&chapter.content[last..]);
    chapter.content = out;
    Ok(())
}

/// How many of the `earlier` directives were written exactly like `d`.
fn occurrence(earlier: &[Directive], d: &Directive, text: &str) -> usize {
    let written = &text[d.range.clone()];
    earlier
        .iter()
        .filter(|e| &text[e.range.clone()] == written)
        .count()
}

/// The 1-based line of the `n`th (0-based) occurrence of `needle` in `text`.
pub(crate) fn line_of_occurrence(text: &str, needle: &str, n: usize) -> Option<usize> {
    let (offset, _) = text.match_indices(needle).nth(n)?;
    Some(text[..offset].matches('\n').count() + 1)
}

/// Reads the transcripts for one scenario.
pub fn load_panel(root: &Path, example: &str, scenario: &str) -> Result<PanelData> {
    let dirs = ExampleDirs::new(root, example);
    let scenario_file = dirs.scenario_file(scenario);
    if !dirs.root.is_dir() {
        bail!("there is no example {example:?} (no folder examples/{example})");
    }
    let title = Scenario::load(&scenario_file)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .title;
    let ours_file = dirs.transcript_file(scenario);
    let ours = read_exchange(&ours_file).with_context(|| {
        format!(
            "no transcript for {example}/{scenario} at examples/{example}/transcripts/{scenario}.json; \
             record it with `cargo run -p traffic --bin record -- {example} --only {scenario}`"
        )
    })?;
    let next_file = next_transcript_file(root, NEXT_LABEL, example, scenario);
    let next = if next_file.is_file() {
        Some(read_exchange(&next_file)?)
    } else {
        None
    };
    Ok(PanelData {
        example: example.to_owned(),
        scenario: scenario.to_owned(),
        title,
        ours,
        next,
    })
}

/// Everything a panel shows.
#[derive(Debug, Clone)]
pub struct PanelData {
    pub example: String,
    pub scenario: String,
    pub title: String,
    pub ours: Exchange,
    pub next: Option<Exchange>,
}

fn read_exchange(path: &Path) -> Result<Exchange> {
    let text = std::fs::read_to_string(path)?;
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not a valid transcript", path.display()))
}

/// The panel's HTML: one line, no blank lines (a blank line would end the HTML block).
fn panel_html(root: &Path, example: &str, scenario: &str) -> Result<String> {
    let data = load_panel(root, example, scenario)?;
    let json = json!({
        "example": data.example,
        "scenario": data.scenario,
        "title": data.title,
        "ours": data.ours,
        "next": data.next,
        "nextLabel": data.next.as_ref().map(|_| NEXT_LABEL.replace("next-", "Next.js ")),
    });
    let static_text = traffic::render::to_http_text(&data.ours);
    Ok(format!(
        "\n\n<div class=\"traffic-panel\" data-traffic-panel=\"{example}/{scenario}\" data-example=\"{example}\">\
         <script type=\"application/json\" class=\"traffic-data\">{}</script>\
         <pre class=\"traffic-static\">{}</pre></div>\n\n",
        script_safe_json(&json.to_string()),
        html_escape(&static_text).replace('\n', "&#10;"),
    ))
}

/// JSON that cannot close its `<script>` element early: `<`, `>` and `&` appear only
/// inside strings, where their `\u` escapes mean the same.
pub(crate) fn script_safe_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_directives_with_lines_and_skips_code() {
        let text = "intro\n{{#traffic api-routes/get-hello}}\n`{{#traffic a/b}}`\n{{#traffic x/y }}\n\n```\n{{#traffic c/d}}\n```\n";
        let found = find_directives(text).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(
            (
                found[0].example.as_str(),
                found[0].scenario.as_str(),
                found[0].line
            ),
            ("api-routes", "get-hello", 2)
        );
        assert_eq!((found[1].scenario.as_str(), found[1].line), ("y", 4));
    }

    #[test]
    fn malformed_directives_say_how_to_write_them() {
        let err = find_directives("a\n{{#traffic nope}}")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("<example>/<scenario>"),
            "{err}"
        );
        let err = find_directives("{{#traffic a/b").unwrap_err().to_string();
        assert!(err.contains("never closed"), "{err}");
    }

    #[test]
    fn script_json_cannot_end_the_script() {
        let safe = script_safe_json(r#"{"html":"</script><b>&"}"#);
        assert!(!safe.contains("</"));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["html"], "</script><b>&");
    }
}
