//! Chapter front matter: how long a chapter takes in a workshop.
//!
//! Every chapter starts with a small block that the reader never sees:
//!
//! ```text
//! ---
//! minutes: 25
//! ---
//! ```
//!
//! It looks like YAML so editors highlight it, but only `key: value` lines are
//! allowed, and `minutes` (a positive whole number) is the only key. That is all we
//! need, so a dozen lines of parsing replace a YAML library.
//!
//! This module only reads the block; taking it out of the chapters is the job of
//! [`crate::frontmatter_preprocessor`].

/// The line that opens and closes the block.
const FENCE: &str = "---";

/// Why a chapter has no usable minutes. The messages say how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontMatterError {
    #[error(
        "no front matter: start the chapter with the three lines `---`, `minutes: <n>`, `---`"
    )]
    Missing,
    #[error("the front matter opened on line 1 is never closed with a `---` line")]
    Unclosed,
    #[error("front matter line {line}: expected `key: value`, got {text:?}")]
    NotKeyValue { line: usize, text: String },
    #[error("front matter line {line}: unknown key {key:?} (the only key is `minutes`)")]
    UnknownKey { line: usize, key: String },
    #[error("front matter line {line}: `minutes` is given twice")]
    Repeated { line: usize },
    #[error("front matter line {line}: minutes must be a positive whole number, got {value:?}")]
    BadMinutes { line: usize, value: String },
    #[error("the front matter has no `minutes: <n>` line")]
    NoMinutes,
}

/// A chapter's text split into its front matter and what the reader sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The chapter's minutes, or why there are none.
    pub minutes: Result<u32, FrontMatterError>,
    /// The chapter without its block. When there is no closed block, the whole text:
    /// we never drop text we could not make sense of.
    pub body: &'a str,
}

/// Reads the front matter at the very start of `text`.
pub fn split(text: &str) -> FrontMatter<'_> {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(|l| l.trim_end()) != Some(FENCE) {
        return FrontMatter {
            minutes: Err(FrontMatterError::Missing),
            body: text,
        };
    }
    let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut inside = Vec::new();
    for (index, line) in lines.enumerate() {
        offset += line.len();
        if line.trim_end() == FENCE {
            return FrontMatter {
                minutes: parse_block(&inside),
                body: &text[offset..],
            };
        }
        // Line 1 is the opening fence, so the first line inside is line 2.
        inside.push((index + 2, line.trim_end()));
    }
    FrontMatter {
        minutes: Err(FrontMatterError::Unclosed),
        body: text,
    }
}

/// Parses the `key: value` lines between the fences (blank lines are allowed).
fn parse_block(lines: &[(usize, &str)]) -> Result<u32, FrontMatterError> {
    let mut minutes = None;
    for &(line, text) in lines {
        if text.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = text.split_once(':') else {
            return Err(FrontMatterError::NotKeyValue {
                line,
                text: text.to_owned(),
            });
        };
        let (key, value) = (key.trim(), value.trim());
        if key != "minutes" {
            return Err(FrontMatterError::UnknownKey {
                line,
                key: key.to_owned(),
            });
        }
        if minutes.is_some() {
            return Err(FrontMatterError::Repeated { line });
        }
        match value.parse::<u32>() {
            Ok(n) if n > 0 => minutes = Some(n),
            _ => {
                return Err(FrontMatterError::BadMinutes {
                    line,
                    value: value.to_owned(),
                })
            }
        }
    }
    minutes.ok_or(FrontMatterError::NoMinutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_block_and_keeps_the_minutes() {
        let parsed = split("---\nminutes: 25\n---\n# Title\n\nText\n");
        assert_eq!(parsed.minutes, Ok(25));
        assert_eq!(parsed.body, "# Title\n\nText\n");
        // Windows line endings, spaces and blank lines inside the block are fine.
        let parsed = split("---\r\n\r\n  minutes :  5 \r\n---\r\n# T\r\n");
        assert_eq!(parsed.minutes, Ok(5));
        assert_eq!(parsed.body, "# T\r\n");
    }

    #[test]
    fn without_a_closed_block_the_text_is_kept_whole() {
        for text in [
            "# Title\n",
            "",
            "---\nminutes: 3\n# Title\n",
            "\n---\nminutes: 3\n---\n",
        ] {
            let parsed = split(text);
            assert!(parsed.minutes.is_err(), "{text:?}");
            assert_eq!(parsed.body, text);
        }
        assert_eq!(split("# Title\n").minutes, Err(FrontMatterError::Missing));
        assert_eq!(
            split("---\nminutes: 3\n").minutes,
            Err(FrontMatterError::Unclosed)
        );
    }

    #[test]
    fn bad_blocks_are_stripped_but_say_what_is_wrong() {
        let cases = [
            ("---\n---\nx", FrontMatterError::NoMinutes),
            (
                "---\nminutes: 0\n---\nx",
                FrontMatterError::BadMinutes {
                    line: 2,
                    value: "0".into(),
                },
            ),
            (
                "---\nminutes: ten\n---\nx",
                FrontMatterError::BadMinutes {
                    line: 2,
                    value: "ten".into(),
                },
            ),
            (
                "---\nminute: 10\n---\nx",
                FrontMatterError::UnknownKey {
                    line: 2,
                    key: "minute".into(),
                },
            ),
            (
                "---\nminutes: 1\nminutes: 2\n---\nx",
                FrontMatterError::Repeated { line: 3 },
            ),
            (
                "---\n\nminutes 10\n---\nx",
                FrontMatterError::NotKeyValue {
                    line: 3,
                    text: "minutes 10".into(),
                },
            ),
        ];
        for (text, error) in cases {
            let parsed = split(text);
            assert_eq!(parsed.minutes, Err(error), "{text:?}");
            assert_eq!(parsed.body, "x", "{text:?}");
        }
    }
}
