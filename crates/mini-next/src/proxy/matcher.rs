//! `export const config = { matcher: [...] }`: which paths the proxy runs for.
//!
//! Next.js compiles each matcher entry with `path-to-regexp`. The model knows the
//! forms the book's proxy uses: a literal path (`/admin`), a named segment
//! (`/new/:id`, exactly one segment) and `:name*` at the end (`/api/:path*`, zero or
//! more segments, so `/api` itself matches too). A matcher is anchored at both ends:
//! `/admin` does not match `/admin/users` or `/administrator`.
//!
//! Simplified: no `:name+` or `:name?`, no regular-expression groups, no `has` /
//! `missing` conditions, and no `/_next/data` variants (those belong to the Pages
//! Router's client navigations).

/// The matcher list of one `proxy.ts`.
#[derive(Debug, Clone)]
pub struct Matcher {
    patterns: Vec<Vec<Part>>,
}

/// One `/`-separated piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    /// `:name`: any one segment.
    One,
    /// `:name*` (last piece only): any number of segments, none included.
    Rest,
}

/// A matcher entry the model cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("matcher {pattern:?}: {why} (the model knows /literal, /:name and a final /:name*)")]
pub struct MatcherError {
    pattern: String,
    why: &'static str,
}

impl Matcher {
    /// Reads the matcher entries, as `config.matcher` lists them.
    pub fn new(patterns: &[&str]) -> Result<Matcher, MatcherError> {
        let patterns = patterns
            .iter()
            .map(|p| parse(p))
            .collect::<Result<_, _>>()?;
        Ok(Matcher { patterns })
    }

    /// Whether the proxy runs for a request to `path` (no query string).
    pub fn matches(&self, path: &str) -> bool {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        self.patterns.iter().any(|p| matches_parts(p, &segments))
    }
}

fn parse(pattern: &str) -> Result<Vec<Part>, MatcherError> {
    let error = |why| MatcherError {
        pattern: pattern.to_owned(),
        why,
    };
    if !pattern.starts_with('/') {
        return Err(error("a matcher starts with /"));
    }
    let pieces: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let last = pieces.len().saturating_sub(1);
    let mut parts = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let part = match piece.strip_prefix(':') {
            None if piece.contains(['(', '*', '+', '?']) => return Err(error("unknown syntax")),
            None => Part::Literal((*piece).to_owned()),
            Some(name) => match name.strip_suffix('*') {
                Some(_) if i != last => return Err(error(":name* must come last")),
                Some(_) => Part::Rest,
                None if name.contains(['(', '*', '+', '?']) => {
                    return Err(error("only :name and :name* are modelled"))
                }
                None => Part::One,
            },
        };
        parts.push(part);
    }
    Ok(parts)
}

fn matches_parts(parts: &[Part], segments: &[&str]) -> bool {
    match (parts.split_first(), segments.split_first()) {
        (None, None) => true,
        (Some((Part::Rest, _)), _) => true,
        (Some((Part::Literal(l), rest)), Some((s, more))) if l == s => matches_parts(rest, more),
        (Some((Part::One, rest)), Some((_, more))) => matches_parts(rest, more),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book_matcher() -> Matcher {
        Matcher::new(&["/old/:path*", "/rewrite/:path*", "/api/:path*", "/admin"]).unwrap()
    }

    #[test]
    fn a_rest_pattern_matches_its_prefix_and_anything_below() {
        let m = book_matcher();
        for path in ["/api", "/api/echo", "/api/a/b/c", "/old/x", "/rewrite/x"] {
            assert!(m.matches(path), "{path}");
        }
    }

    #[test]
    fn a_literal_pattern_is_anchored_at_both_ends() {
        let m = book_matcher();
        assert!(m.matches("/admin"));
        for path in ["/admin/users", "/administrator", "/new/x", "/", "/apis"] {
            assert!(!m.matches(path), "{path}");
        }
    }

    #[test]
    fn a_named_segment_matches_exactly_one() {
        let m = Matcher::new(&["/new/:id"]).unwrap();
        assert!(m.matches("/new/x"));
        assert!(!m.matches("/new") && !m.matches("/new/x/y"));
    }

    #[test]
    fn syntax_the_model_does_not_know_is_an_error_that_says_what_it_knows() {
        for bad in ["admin", "/api/:path+", "/a/:rest*/b", "/(.*)"] {
            let message = Matcher::new(&[bad]).unwrap_err().to_string();
            assert!(message.contains("the model knows"), "{bad}: {message}");
        }
    }
}
