//! The `{{#quiz-review all}}` directive: one page that lists every quiz of the book,
//! in reading order, with a link to its chapter.
//!
//! The page carries the questions (as the chapters do, see [`crate::quiz`]); the
//! reader's answers live in their browser's localStorage, so `book/assets/quiz.js`
//! fills them in and offers a reset per chapter. A quiz file that no chapter uses is
//! not listed: a reader could not reach its chapter from here.

use crate::directive::{self, script_safe_json};
use anyhow::{Context, Result};
use mdbook::book::{Book, BookItem};
use serde_json::json;
use std::path::{Component, Path};

/// The directive's name. It takes one argument, `all`, so it reads like the others.
pub const DIRECTIVE: &str = "quiz-review";

/// A quiz and the chapter that asks it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizUse {
    pub quiz: String,
    pub chapter: String,
    /// The chapter's source path inside the book's source folder (`api-routes/index.md`).
    pub path: std::path::PathBuf,
}

/// Every `{{#quiz <name>}}` of the book, in reading order.
pub fn quizzes_in_order(book: &Book) -> Vec<QuizUse> {
    let mut found = Vec::new();
    for item in book.iter() {
        let BookItem::Chapter(chapter) = item else {
            continue;
        };
        let Some(path) = &chapter.path else { continue };
        for d in directive::find(&chapter.content, "quiz").unwrap_or_default() {
            found.push(QuizUse {
                quiz: d.argument,
                chapter: chapter.name.clone(),
                path: path.clone(),
            });
        }
    }
    found
}

/// Expands every `{{#quiz-review all}}` of the book (before the quizzes themselves are
/// expanded, since it reads their directives).
pub fn expand(root: &Path, mut book: Book) -> Result<Book> {
    let uses = quizzes_in_order(&book);
    let mut failure = None;
    book.for_each_mut(|item| {
        let BookItem::Chapter(chapter) = item else {
            return;
        };
        if failure.is_some() {
            return;
        }
        let Some(page) = chapter.path.clone() else {
            return;
        };
        let found = match directive::find(&chapter.content, DIRECTIVE) {
            Ok(found) => found,
            Err(e) => {
                failure = Some(e.context(format!("book/{}", page.display())));
                return;
            }
        };
        for d in found.iter().rev() {
            match review_html(root, &page, &uses) {
                Ok(html) => chapter.content.replace_range(d.range.clone(), &html),
                Err(e) => {
                    failure = Some(e.context(format!("book/{}:{}", page.display(), d.line)));
                    return;
                }
            }
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(book),
    }
}

/// The review list for the page at `page`: one line of HTML (see `quiz::quiz_html`).
pub fn review_html(root: &Path, page: &Path, uses: &[QuizUse]) -> Result<String> {
    let quizzes = uses
        .iter()
        .map(|u| {
            let quiz = crate::quiz::load_quiz(root, &u.quiz)
                .with_context(|| format!("the quiz of {}", u.path.display()))?;
            Ok(json!({
                "name": u.quiz,
                "chapter": u.chapter,
                "href": href(page, &u.path),
                "questions": crate::quiz::questions_json(&quiz),
            }))
        })
        .collect::<Result<Vec<_>>>()?;
    let count: usize = quizzes
        .iter()
        .map(|q| q["questions"].as_array().map_or(0, Vec::len))
        .sum();
    Ok(format!(
        "\n\n<div class=\"quiz-review\"><script type=\"application/json\" class=\"quiz-review-data\">{}</script>\
         <noscript><p>{} quizzes, {count} questions. The list of your answers needs JavaScript; \
         each chapter's quiz is at its end.</p></noscript></div>\n\n",
        script_safe_json(&json!({ "quizzes": quizzes }).to_string()),
        quizzes.len(),
    ))
}

/// The link from the page at `from` to the chapter at `to`, both inside the source
/// folder, as the built site names them (`.md` becomes `.html`).
fn href(from: &Path, to: &Path) -> String {
    let depth = from.parent().map_or(0, |dir| {
        dir.components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .count()
    });
    format!(
        "{}{}",
        "../".repeat(depth),
        to.with_extension("html").display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook::book::Chapter;

    #[test]
    fn links_climb_out_of_the_review_page_folder() {
        assert_eq!(
            href(
                Path::new("workshop/quiz-review.md"),
                Path::new("api-routes/index.md")
            ),
            "../api-routes/index.html"
        );
        assert_eq!(
            href(Path::new("review.md"), Path::new("security/index.md")),
            "security/index.html"
        );
    }

    #[test]
    fn quizzes_are_listed_in_reading_order_with_their_chapter() {
        let mut book = Book::new();
        for (name, path, content) in [
            ("One", "one.md", "text\n\n{{#quiz first}}\n"),
            (
                "Two",
                "two/index.md",
                "`{{#quiz shown-as-code}}` {{#quiz second}}",
            ),
        ] {
            book.push_item(Chapter::new(name, content.into(), path, vec![]));
        }
        let uses = quizzes_in_order(&book);
        let got: Vec<(&str, &str)> = uses
            .iter()
            .map(|u| (u.quiz.as_str(), u.chapter.as_str()))
            .collect();
        assert_eq!(got, [("first", "One"), ("second", "Two")]);
        assert_eq!(uses[1].path, Path::new("two/index.md"));
    }
}
