//! The `{{#quiz <name>}}` directive: a few questions at the end of a chapter.
//!
//! A quiz lives in `book/quizzes/<name>.toml`, one `[[question]]` table per question:
//!
//! ```toml
//! [[question]]
//! prompt = "Markdown text of the question"
//! choices = ["A", "B", "C"]        # 2 to 6
//! answer = 1                        # 0-based index of the right choice
//! explanation = "Why, pointing at the panel that shows it"
//! ```
//!
//! The directive becomes a `<div class="quiz" data-quiz="<name>">` holding the quiz as
//! JSON (the Markdown already turned into HTML) for `book/theme/quiz.js`, and a
//! `<noscript>` list of the questions for readers without JavaScript. A quiz file
//! that does not parse or does not make sense (an answer that is not one of the
//! choices, say) fails the build, naming the file and the question, so a reader
//! never meets a question whose "right" answer is wrong.

use crate::traffic_directive::{code_ranges, line_of_occurrence, script_safe_json};
use anyhow::{bail, Context, Result};
use mdbook::book::{Book, BookItem, Chapter};
use mdbook::preprocess::{Preprocessor, PreprocessorContext};
use serde::Deserialize;
use serde_json::json;
use std::path::{Path, PathBuf};

const OPEN: &str = "{{#quiz ";
const CLOSE: &str = "}}";
/// The folder of quiz files, inside the book's `src`.
pub const QUIZ_DIR: &str = "quizzes";
/// Fewer than two choices is not a question; more than six is a chore to read.
const CHOICES: std::ops::RangeInclusive<usize> = 2..=6;

/// One quiz file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    /// Named `question` (singular) so that each TOML table reads `[[question]]`.
    #[serde(default, rename = "question")]
    pub questions: Vec<Question>,
}

/// One question, as written in the file (Markdown, not HTML).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub prompt: String,
    pub choices: Vec<String>,
    /// 0-based index into `choices`.
    pub answer: usize,
    #[serde(default)]
    pub explanation: String,
}

/// Parses and validates a quiz. `file` only names the file in error messages.
pub fn parse_quiz(file: &str, text: &str) -> Result<Quiz> {
    let quiz: Quiz = toml::from_str(text).with_context(|| format!("{file}: not a valid quiz"))?;
    if quiz.questions.is_empty() {
        bail!("{file}: no questions (write one `[[question]]` table per question)");
    }
    for (i, q) in quiz.questions.iter().enumerate() {
        let n = i + 1; // people count questions from 1
        if q.prompt.trim().is_empty() {
            bail!("{file}: question {n}: the prompt is empty");
        }
        if !CHOICES.contains(&q.choices.len()) {
            bail!(
                "{file}: question {n}: has {} choices, write {} to {}",
                q.choices.len(),
                CHOICES.start(),
                CHOICES.end()
            );
        }
        if let Some(empty) = q.choices.iter().position(|c| c.trim().is_empty()) {
            bail!("{file}: question {n}: choice {empty} is empty");
        }
        if q.answer >= q.choices.len() {
            bail!(
                "{file}: question {n}: answer = {} but the choices are numbered 0 to {}",
                q.answer,
                q.choices.len() - 1
            );
        }
    }
    Ok(quiz)
}

/// Where the quiz `name` lives, relative to the book root: `<src>/quizzes/<name>.toml`.
pub fn quiz_file(src: &Path, name: &str) -> PathBuf {
    src.join(QUIZ_DIR).join(format!("{name}.toml"))
}

/// Reads and validates the quiz `name` of the book at `root`.
pub fn load_quiz(root: &Path, src: &Path, name: &str) -> Result<Quiz> {
    let relative = quiz_file(src, name);
    let text = std::fs::read_to_string(root.join(&relative))
        .with_context(|| format!("no quiz {name:?}: cannot read {}", relative.display()))?;
    parse_quiz(&relative.display().to_string(), &text)
}

/// Quiz names become file names and HTML attributes: keep them to `a-z`, `0-9` and `-`.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The mdBook preprocessor for `{{#quiz}}`.
#[derive(Debug, Default, Clone, Copy)]
pub struct QuizPreprocessor;

impl Preprocessor for QuizPreprocessor {
    fn name(&self) -> &str {
        "quiz"
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

/// One `{{#quiz}}` found in a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    /// Byte range of the whole directive in the chapter text.
    pub range: std::ops::Range<usize>,
    pub name: String,
    /// 1-based line, for error messages.
    pub line: usize,
}

/// Finds every `{{#quiz}}` in `text` that is not inside code.
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
        let name = text[start + OPEN.len()..start + len].trim();
        if !valid_name(name) {
            bail!("line {line}: write `{{{{#quiz <name>}}}}` with a name of a-z, 0-9 and -, got {name:?}");
        }
        found.push(Directive {
            range: start..end,
            name: name.to_owned(),
            line,
        });
    }
    Ok(found)
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
    // Earlier preprocessors change the text, so lines come from the file as written.
    let original = chapter
        .source_path
        .as_ref()
        .and_then(|p| std::fs::read_to_string(root.join(src).join(p)).ok());
    let mut out = String::with_capacity(chapter.content.len());
    let mut last = 0;
    for (n, d) in directives.iter().enumerate() {
        out.push_str(&chapter.content[last..d.range.start]);
        let written = &chapter.content[d.range.clone()];
        let nth = directives[..n]
            .iter()
            .filter(|e| &chapter.content[e.range.clone()] == written)
            .count();
        let line = original
            .as_deref()
            .and_then(|text| line_of_occurrence(text, written, nth))
            .unwrap_or(d.line);
        let quiz = load_quiz(root, src, &d.name).with_context(|| format!("{where_}:{line}"))?;
        out.push_str(&quiz_html(&d.name, &quiz));
        last = d.range.end;
    }
    out.push_str(&chapter.content[last..]);
    chapter.content = out;
    Ok(())
}

/// The quiz's HTML: one line, no blank lines (a blank line would end the HTML block).
pub fn quiz_html(name: &str, quiz: &Quiz) -> String {
    let questions: Vec<_> = quiz
        .questions
        .iter()
        .map(|q| {
            json!({
                "prompt": inline_html(&q.prompt),
                "choices": q.choices.iter().map(|c| inline_html(c)).collect::<Vec<_>>(),
                "answer": q.answer,
                "explanation": markdown_html(&q.explanation),
            })
        })
        .collect();
    let data = json!({ "name": name, "questions": questions });
    format!(
        "\n\n<div class=\"quiz\" data-quiz=\"{name}\">\
         <script type=\"application/json\" class=\"quiz-data\">{}</script>\
         <noscript>{}</noscript></div>\n\n",
        script_safe_json(&data.to_string()),
        static_html(quiz),
    )
}

/// The quiz without JavaScript: the questions and their lettered choices, each
/// answer folded away in a `<details>` so the reader can still test themselves.
fn static_html(quiz: &Quiz) -> String {
    let mut html = String::from("<ol class=\"quiz-static\">");
    for q in &quiz.questions {
        html.push_str("<li>");
        html.push_str(&inline_html(&q.prompt));
        html.push_str("<ol type=\"A\">");
        for choice in &q.choices {
            html.push_str(&format!("<li>{}</li>", inline_html(choice)));
        }
        html.push_str(&format!(
            "</ol><details><summary>Answer</summary><p>{}</p>{}</details></li>",
            char::from(b'A' + q.answer as u8),
            markdown_html(&q.explanation)
        ));
    }
    html.push_str("</ol>");
    html
}

/// Markdown to HTML on one line: newlines become `&#10;`, which means the same in text.
fn markdown_html(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
    html.trim_end().replace('\n', "&#10;")
}

/// Markdown of a single paragraph (a prompt, a choice) without its `<p>`, so it can
/// sit inside a `<legend>` or a `<label>`.
fn inline_html(markdown: &str) -> String {
    let html = markdown_html(markdown);
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[question]]
prompt = "What does `res.json()` add?"
choices = ["An ETag", "Nothing"]
answer = 0
explanation = "See the **first** panel."

[[question]]
prompt = "Second?"
choices = ["a", "b", "c"]
answer = 2
"#;

    fn error_of(text: &str) -> String {
        format!("{:#}", parse_quiz("quizzes/q.toml", text).unwrap_err())
    }

    #[test]
    fn parses_questions_in_order() {
        let quiz = parse_quiz("q.toml", GOOD).unwrap();
        assert_eq!(quiz.questions.len(), 2);
        assert_eq!(quiz.questions[0].choices, ["An ETag", "Nothing"]);
        assert_eq!(quiz.questions[1].answer, 2);
        assert_eq!(quiz.questions[1].explanation, "");
    }

    #[test]
    fn errors_name_the_file_and_the_question() {
        let out_of_range = GOOD.replace("answer = 2", "answer = 3");
        let err = error_of(&out_of_range);
        assert!(
            err.contains("quizzes/q.toml: question 2: answer = 3"),
            "{err}"
        );

        let one_choice = GOOD.replace(r#"["a", "b", "c"]"#, r#"["a"]"#);
        let err = error_of(&one_choice);
        assert!(err.contains("question 2: has 1 choices"), "{err}");

        let seven = GOOD.replace(r#"["a", "b", "c"]"#, r#"["a","b","c","d","e","f","g"]"#);
        assert!(error_of(&seven).contains("has 7 choices"));

        let empty_prompt = GOOD.replace("Second?", "  ");
        let err = error_of(&empty_prompt);
        assert!(err.contains("question 2: the prompt is empty"), "{err}");

        let err = error_of("[[question]]\nprompt = \"unclosed");
        assert!(err.contains("quizzes/q.toml: not a valid quiz"), "{err}");

        let err = error_of(&GOOD.replace("answer = 0", "answr = 0"));
        assert!(err.contains("quizzes/q.toml"), "{err}");

        assert!(error_of("").contains("no questions"));
    }

    #[test]
    fn finds_directives_and_skips_code() {
        let text = "a\n{{#quiz api-routes}}\n`{{#quiz x}}`\n\n```\n{{#quiz y}}\n```\n";
        let found = find_directives(text).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].name.as_str(), found[0].line), ("api-routes", 2));
        let err = find_directives("{{#quiz ../secret}}").unwrap_err();
        assert!(err.to_string().contains("a-z, 0-9 and -"), "{err}");
    }

    #[test]
    fn html_is_one_line_with_markdown_rendered() {
        let quiz = parse_quiz("q.toml", GOOD).unwrap();
        let html = quiz_html("demo", &quiz);
        assert_eq!(html.trim().lines().count(), 1, "{html}");
        assert!(html.contains("data-quiz=\"demo\""));
        assert!(html.contains(
            "<noscript><ol class=\"quiz-static\"><li>What does <code>res.json()</code> add?"
        ));
        let start = html.find("class=\"quiz-data\">").unwrap() + "class=\"quiz-data\">".len();
        let end = start + html[start..].find("</script>").unwrap();
        let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
        assert_eq!(
            data["questions"][0]["prompt"],
            "What does <code>res.json()</code> add?"
        );
        assert_eq!(
            data["questions"][0]["explanation"],
            "<p>See the <strong>first</strong> panel.</p>"
        );
        assert_eq!(data["questions"][1]["answer"], 2);
    }
}
