//! The `{{#quiz <name>}}` directive: a few questions at the end of a chapter.
//!
//! A quiz lives in `book-data/quizzes/<name>.toml`, one `[[question]]` table per question:
//!
//! ```toml
//! [[question]]
//! prompt = "Markdown text of the question"
//! choices = ["A", "B", "C"]        # 2 to 6
//! answer = 1                        # 0-based index of the right choice
//! explanation = "Why, pointing at the panel that shows it"
//! panel = "api-routes/put-not-allowed"  # optional: a "predict the wire" question
//! ```
//!
//! A question with a `panel` shows that recorded request under its prompt, and its
//! answer reveals the recorded response (see [`crate::quiz_predict`]).
//!
//! The directive becomes a `<div class="quiz" data-quiz="<name>">` holding the quiz as
//! JSON (the Markdown already turned into HTML) for `book/assets/quiz.js`, and a
//! `<noscript>` list of the questions for readers without JavaScript. A quiz file
//! that does not parse or does not make sense (an answer that is not one of the
//! choices, say) fails the build, naming the file and the question, so a reader
//! never meets a question whose "right" answer is wrong.

use crate::directive::{self, script_safe_json};
use anyhow::{bail, Context, Result};
use mdbook::book::Book;
use mdbook::preprocess::{Preprocessor, PreprocessorContext};
use serde::Deserialize;
use serde_json::json;
use std::path::{Path, PathBuf};

/// The folder of quiz files, relative to the book's root. Not inside the chapters'
/// folder: mdBook would publish the answers there as site files.
pub const QUIZ_DIR: &str = "book-data/quizzes";
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
    /// `example/scenario` of the recording a "predict the wire" question shows.
    #[serde(default)]
    pub panel: Option<String>,
    /// That recording, read by [`load_quiz`] (parsing alone does not touch the disk).
    #[serde(skip)]
    pub recording: Option<crate::quiz_predict::Recording>,
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

/// Where the quiz `name` lives, relative to the book root: `book-data/quizzes/<name>.toml`.
pub fn quiz_file(name: &str) -> PathBuf {
    Path::new(QUIZ_DIR).join(format!("{name}.toml"))
}

/// Reads and validates the quiz `name` of the book at `root`, with the recordings its
/// "predict the wire" questions show.
pub fn load_quiz(root: &Path, name: &str) -> Result<Quiz> {
    let relative = quiz_file(name);
    let text = std::fs::read_to_string(root.join(&relative))
        .with_context(|| format!("no quiz {name:?}: cannot read {}", relative.display()))?;
    let file = relative.display().to_string();
    let mut quiz = parse_quiz(&file, &text)?;
    for (i, q) in quiz.questions.iter_mut().enumerate() {
        if let Some(panel) = &q.panel {
            let recording = crate::quiz_predict::recording(root, panel)
                .with_context(|| format!("{file}: question {}: panel = {panel:?}", i + 1))?;
            q.recording = Some(recording);
        }
    }
    Ok(quiz)
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

    fn run(&self, ctx: &PreprocessorContext, book: Book) -> mdbook::errors::Result<Book> {
        // The review page lists the quizzes, so it reads their directives first.
        let book = crate::quiz_review::expand(&ctx.root, book)
            .map_err(|e| mdbook::errors::Error::msg(format!("{e:#}")))?;
        directive::expand_book(ctx, book, "quiz", |name| {
            if !valid_name(name) {
                bail!("write `{{{{#quiz <name>}}}}` with a name of a-z, 0-9 and -, got {name:?}");
            }
            let quiz = load_quiz(&ctx.root, name)?;
            Ok(quiz_html(name, &quiz))
        })
    }
}

/// The quiz's HTML: one line, no blank lines (a blank line would end the HTML block).
pub fn quiz_html(name: &str, quiz: &Quiz) -> String {
    let data = json!({ "name": name, "questions": questions_json(quiz) });
    format!(
        "\n\n<div class=\"quiz\" data-quiz=\"{name}\">\
         <script type=\"application/json\" class=\"quiz-data\">{}</script>\
         <noscript>{}</noscript></div>\n\n",
        script_safe_json(&data.to_string()),
        static_html(quiz),
    )
}

/// The questions as `quiz.js` reads them: prompts, choices and explanations as HTML,
/// and for a "predict the wire" question the recorded request and response as text.
pub fn questions_json(quiz: &Quiz) -> Vec<serde_json::Value> {
    quiz.questions
        .iter()
        .map(|q| {
            json!({
                "prompt": inline_html(&q.prompt),
                "choices": q.choices.iter().map(|c| inline_html(c)).collect::<Vec<_>>(),
                "answer": q.answer,
                "explanation": markdown_html(&q.explanation),
                "predict": q.recording.as_ref().map(|r| json!({
                    "panel": r.panel,
                    "source": r.source,
                    "request": r.request,
                    "response": r.response,
                })),
            })
        })
        .collect()
}

/// The quiz without JavaScript: the questions and their lettered choices, each
/// answer folded away in a `<details>` so the reader can still test themselves.
fn static_html(quiz: &Quiz) -> String {
    let mut html = String::from("<ol class=\"quiz-static\">");
    for q in &quiz.questions {
        html.push_str("<li>");
        html.push_str(&inline_html(&q.prompt));
        if let Some(r) = &q.recording {
            html.push_str(&pre_html("quiz-request", &r.request));
        }
        html.push_str("<ol type=\"A\">");
        for choice in &q.choices {
            html.push_str(&format!("<li>{}</li>", inline_html(choice)));
        }
        html.push_str(&format!(
            "</ol><details><summary>Answer</summary><p>{}</p>{}{}</details></li>",
            char::from(b'A' + q.answer as u8),
            markdown_html(&q.explanation),
            q.recording
                .as_ref()
                .map(|r| format!(
                    "<p>Recorded from {}:</p>{}",
                    r.source,
                    pre_html("quiz-response", &r.response)
                ))
                .unwrap_or_default()
        ));
    }
    html.push_str("</ol>");
    html
}

/// Recorded text as a `<pre>` on one line (newlines as `&#10;`), escaped.
fn pre_html(class: &str, text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "&#10;");
    format!("<pre class=\"{class}\">{escaped}</pre>")
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
    fn quiz_names_are_plain() {
        assert!(valid_name("api-routes"));
        assert!(!valid_name("../secret") && !valid_name("") && !valid_name("A"));
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
