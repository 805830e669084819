//! The `frontmatter` preprocessor: takes each chapter's front matter out before
//! anything else sees it, and draws the workshop timetable where `{{#schedule}}` asks.
//!
//! It runs first (before admonish), because mdBook would otherwise show the block as
//! a rule and a heading. It lives apart from [`crate::frontmatter`], which only
//! parses, so that the parser does not depend on the timetable built from it.

use crate::frontmatter::split;
use crate::schedule::{expand_directive, Schedule};
use mdbook::book::{Book, BookItem};
use mdbook::preprocess::{Preprocessor, PreprocessorContext};

/// Strips front matter from every chapter and expands `{{#schedule}}`.
///
/// A chapter without valid minutes still builds (a draft should not stop a build);
/// `book-tools check` is what reports it.
#[derive(Debug, Default, Clone, Copy)]
pub struct FrontMatterPreprocessor;

impl Preprocessor for FrontMatterPreprocessor {
    fn name(&self) -> &str {
        "frontmatter"
    }

    fn run(&self, _ctx: &PreprocessorContext, mut book: Book) -> mdbook::errors::Result<Book> {
        // First pass: every chapter's minutes, while the blocks are still there.
        let schedule = Schedule::of(&book);
        // Second pass: strip the blocks, then draw the timetable where it is asked for.
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item {
                let body = split(&chapter.content).body;
                chapter.content = body.to_owned();
                if let Some(path) = &chapter.path {
                    chapter.content = expand_directive(&chapter.content, &schedule, path.parent());
                }
            }
        });
        Ok(book)
    }
}
