//! The workshop timetable, computed from the chapters' front matter.
//!
//! The book's parts (the `# Part` headings of `SUMMARY.md`) are the workshop's blocks.
//! Chapters run back to back inside a part, and a [`BREAK_MINUTES`] break separates
//! two parts. `book-tools schedule` prints the timetable, and `{{#schedule}}` puts it
//! in a chapter, so the page always agrees with the minutes the chapters declare.

use crate::frontmatter;
use mdbook::book::{Book, BookItem};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The break between two parts.
pub const BREAK_MINUTES: u32 = 10;

/// What chapters before the first `# Part` heading are grouped under.
pub const OPENING_PART: &str = "Opening";

const DIRECTIVE: &str = "{{#schedule}}";

/// The book's chapters, grouped by part, with their minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub title: String,
    pub chapters: Vec<Session>,
}

/// One chapter in the timetable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub name: String,
    /// The chapter's file, relative to the book's sources.
    pub path: PathBuf,
    /// `None` when the front matter is missing or wrong (`book-tools check` says why).
    pub minutes: Option<u32>,
}

/// One line of the timetable: a chapter or a break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The part's title on its first row, empty on the others.
    pub part: String,
    pub chapter: String,
    /// The chapter's file; `None` for a break.
    pub path: Option<PathBuf>,
    pub minutes: Option<u32>,
    /// Minutes since the start of the day.
    pub start: u32,
}

impl Schedule {
    /// Reads the minutes of every chapter that has a file (drafts have none), from
    /// the chapters as written: call it before the front matter is stripped.
    pub fn of(book: &Book) -> Schedule {
        let mut parts = vec![Part {
            title: OPENING_PART.to_owned(),
            chapters: Vec::new(),
        }];
        for item in book.iter() {
            match item {
                BookItem::PartTitle(title) => parts.push(Part {
                    title: title.clone(),
                    chapters: Vec::new(),
                }),
                BookItem::Chapter(chapter) => {
                    let Some(path) = &chapter.path else { continue };
                    let part = parts.last_mut().expect("there is always a part");
                    part.chapters.push(Session {
                        name: chapter.name.clone(),
                        path: path.clone(),
                        minutes: frontmatter::split(&chapter.content).minutes.ok(),
                    });
                }
                BookItem::Separator => {}
            }
        }
        parts.retain(|part| !part.chapters.is_empty());
        Schedule { parts }
    }

    /// The timetable, with a break between parts. A chapter without minutes counts
    /// as zero, so the times after it are too early rather than missing.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut clock = 0;
        for (n, part) in self.parts.iter().enumerate() {
            if n > 0 {
                rows.push(Row {
                    part: String::new(),
                    chapter: "Break".to_owned(),
                    path: None,
                    minutes: Some(BREAK_MINUTES),
                    start: clock,
                });
                clock += BREAK_MINUTES;
            }
            for (i, session) in part.chapters.iter().enumerate() {
                rows.push(Row {
                    part: if i == 0 {
                        part.title.clone()
                    } else {
                        String::new()
                    },
                    chapter: session.name.clone(),
                    path: Some(session.path.clone()),
                    minutes: session.minutes,
                    start: clock,
                });
                clock += session.minutes.unwrap_or(0);
            }
        }
        rows
    }

    /// The whole day in minutes, breaks included.
    pub fn total_minutes(&self) -> u32 {
        self.rows().iter().filter_map(|row| row.minutes).sum()
    }

    /// Chapters whose minutes are unknown.
    pub fn missing(&self) -> impl Iterator<Item = &Session> {
        self.parts
            .iter()
            .flat_map(|part| &part.chapters)
            .filter(|session| session.minutes.is_none())
    }

    /// The timetable as plain text, for a terminal.
    pub fn to_text(&self) -> String {
        let header = ["Part", "Chapter", "Minutes", "Starts"];
        let mut table: Vec<[String; 4]> = vec![header.map(String::from)];
        for row in self.rows() {
            table.push([
                row.part,
                row.chapter,
                minutes_text(row.minutes),
                clock(row.start),
            ]);
        }
        table.push([
            String::new(),
            "Total".to_owned(),
            self.total_minutes().to_string(),
            String::new(),
        ]);
        let width = |column: usize| {
            table
                .iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        };
        let widths = [width(0), width(1), width(2), width(3)];
        let mut out = String::new();
        for row in &table {
            let line = format!(
                "{:w0$}  {:w1$}  {:>w2$}  {:>w3$}",
                row[0],
                row[1],
                row[2],
                row[3],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2],
                w3 = widths[3],
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// One sentence on the whole day, said below the table.
    pub fn summary(&self) -> String {
        let breaks = self.parts.len().saturating_sub(1);
        format!(
            "The day lasts {} ({} minutes), {breaks} breaks of {BREAK_MINUTES} minutes included.",
            duration(self.total_minutes()),
            self.total_minutes()
        )
    }

    /// The timetable as a Markdown table whose chapter names link to the chapters.
    /// `from_dir` is the folder of the chapter the table goes in (relative to the
    /// book's sources), so that the links are relative to it as mdBook expects.
    pub fn to_markdown(&self, from_dir: &Path) -> String {
        let up = "../".repeat(from_dir.components().count());
        let mut out = String::from("| Part | Chapter | Minutes | Starts |\n|---|---|--:|--:|\n");
        for row in self.rows() {
            let chapter = match &row.path {
                Some(path) => format!(
                    "[{}]({up}{})",
                    row.chapter.replace('|', "\\|"),
                    path.to_string_lossy().replace('\\', "/")
                ),
                None => format!("*{}*", row.chapter),
            };
            let _ = writeln!(
                out,
                "| {} | {chapter} | {} | {} |",
                row.part,
                minutes_text(row.minutes),
                clock(row.start)
            );
        }
        let _ = writeln!(out, "| | **Total** | **{}** | |", self.total_minutes());
        let _ = writeln!(out, "\n{}", self.summary());
        out
    }
}

/// Minutes since the start as `h:mm`, the way a timetable reads.
pub fn clock(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// A length of time as `4 h 05 min`.
pub fn duration(minutes: u32) -> String {
    format!("{} h {:02} min", minutes / 60, minutes % 60)
}

fn minutes_text(minutes: Option<u32>) -> String {
    minutes.map_or_else(|| "?".to_owned(), |m| m.to_string())
}

/// Replaces each `{{#schedule}}` of a chapter (except in code, where it is an
/// example of the syntax) with the timetable. `chapter_dir` is the chapter's folder.
pub fn expand_directive(content: &str, schedule: &Schedule, chapter_dir: Option<&Path>) -> String {
    if !content.contains(DIRECTIVE) {
        return content.to_owned();
    }
    let code = crate::directive::code_ranges(content);
    let table = format!(
        "\n\n{}\n",
        schedule.to_markdown(chapter_dir.unwrap_or(Path::new("")))
    );
    let mut out = String::with_capacity(content.len() + table.len());
    let mut last = 0;
    for (start, _) in content.match_indices(DIRECTIVE) {
        if code.iter().any(|range| range.contains(&start)) {
            continue;
        }
        out.push_str(&content[last..start]);
        out.push_str(&table);
        last = start + DIRECTIVE.len();
    }
    out.push_str(&content[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook::book::Chapter;

    fn chapter(name: &str, path: &str, minutes: Option<u32>) -> BookItem {
        let content = match minutes {
            Some(m) => format!("---\nminutes: {m}\n---\n# {name}\n"),
            None => format!("# {name}\n"),
        };
        BookItem::Chapter(Chapter::new(name, content, path, Vec::new()))
    }

    fn book() -> Book {
        let mut book = Book::new();
        book.push_item(chapter("Intro", "intro.md", Some(10)));
        book.push_item(BookItem::PartTitle("Basics".into()));
        book.push_item(chapter("One", "one/index.md", Some(25)));
        book.push_item(chapter("Two | more", "two.md", Some(40)));
        book.push_item(BookItem::PartTitle("Empty".into()));
        book.push_item(BookItem::PartTitle("Wrap-up".into()));
        book.push_item(chapter("Draftish", "three.md", None));
        book.push_item(chapter("End", "end.md", Some(5)));
        book
    }

    #[test]
    fn parts_run_back_to_back_with_breaks_between() {
        let schedule = Schedule::of(&book());
        let titles: Vec<_> = schedule.parts.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(
            titles,
            [OPENING_PART, "Basics", "Wrap-up"],
            "empty parts go"
        );
        let rows: Vec<_> = schedule
            .rows()
            .into_iter()
            .map(|r| (r.part, r.chapter, r.minutes, clock(r.start)))
            .collect();
        let row = |part: &str, chapter: &str, minutes, start: &str| {
            (
                part.to_owned(),
                chapter.to_owned(),
                minutes,
                start.to_owned(),
            )
        };
        assert_eq!(
            rows,
            [
                row(OPENING_PART, "Intro", Some(10), "0:00"),
                row("", "Break", Some(10), "0:10"),
                row("Basics", "One", Some(25), "0:20"),
                row("", "Two | more", Some(40), "0:45"),
                row("", "Break", Some(10), "1:25"),
                row("Wrap-up", "Draftish", None, "1:35"),
                row("", "End", Some(5), "1:35"),
            ]
        );
        assert_eq!(schedule.total_minutes(), 10 + 10 + 25 + 40 + 10 + 5);
        let missing: Vec<_> = schedule.missing().map(|s| s.name.as_str()).collect();
        assert_eq!(missing, ["Draftish"]);
    }

    #[test]
    fn the_markdown_table_links_relative_to_its_chapter() {
        let table = Schedule::of(&book()).to_markdown(Path::new("workshop"));
        assert!(table.contains("| Basics | [One](../one/index.md) | 25 | 0:20 |"));
        assert!(table.contains("[Two \\| more](../two.md)"), "{table}");
        assert!(table.contains(" | *Break* | 10 | 1:25 |"), "{table}");
        assert!(table.contains("[Draftish](../three.md) | ? |"));
        assert!(table.contains("| | **Total** | **100** | |\n"), "{table}");
        assert!(table.ends_with(
            "The day lasts 1 h 40 min (100 minutes), 2 breaks of 10 minutes included.\n"
        ));
    }

    #[test]
    fn the_directive_is_expanded_except_in_code() {
        let schedule = Schedule::of(&book());
        let text = "Intro\n\n{{#schedule}}\n\nWrite `{{#schedule}}` to get it.\n";
        let out = expand_directive(text, &schedule, None);
        assert_eq!(out.matches("| Part | Chapter |").count(), 1);
        assert!(out.contains("[One](one/index.md)"));
        assert!(out.contains("`{{#schedule}}`"));
    }

    #[test]
    fn the_text_table_lines_up() {
        let text = Schedule::of(&book()).to_text();
        let lines: Vec<_> = text.lines().collect();
        assert!(lines[0].starts_with("Part "), "{text}");
        let total = lines[lines.len() - 2];
        assert_eq!(
            total.find("100").map(|i| i + 3),
            lines[0].find("Minutes").map(|i| i + 7),
            "{text}"
        );
        assert!(
            lines[lines.len() - 1].starts_with("The day lasts 1 h 40 min"),
            "{text}"
        );
    }
}
