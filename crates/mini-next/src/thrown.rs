//! What server code throws instead of returning, in a page or in a Server Action:
//! `redirect()` and `notFound()` from `next/navigation` (which Next.js catches and
//! turns into an answer), or any other error. Only a digest of an error reaches the
//! browser, in an error row (`E{"digest":…}`); the message stays in the server's log.

/// A throw that decides the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Thrown {
    /// `notFound()`: a 404.
    NotFound,
    /// `redirect(path)`: a 307 from a page, a 303 or a flight redirect from an action.
    Redirect(String),
    /// Any other error (`throw new Error(message)`): a 500.
    Error(String),
}

impl Thrown {
    /// The digest in the error row. For `notFound()` and `redirect()` it tells
    /// Next.js's client router what to do (recorded from Next.js 16.4.6); for an
    /// error it is a hash that finds the message in the server's log.
    pub fn digest(&self) -> String {
        match self {
            Thrown::NotFound => "NEXT_HTTP_ERROR_FALLBACK;404".to_owned(),
            Thrown::Redirect(path) => format!("NEXT_REDIRECT;replace;{path};307;"),
            Thrown::Error(message) => error_digest(message),
        }
    }
}

/// The digest of an error, like the `string-hash` package Next.js uses: djb2 with
/// xor, over the characters from last to first. Next.js hashes the message and the
/// stack trace; the model has no stack, so it hashes the message only, and its
/// numbers differ from Next's.
pub fn error_digest(message: &str) -> String {
    let units: Vec<u16> = message.encode_utf16().collect();
    let hash = units.iter().rev().fold(5381u32, |hash, &unit| {
        hash.wrapping_mul(33) ^ u32::from(unit)
    });
    hash.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_digests_are_instructions_and_errors_are_hashes() {
        assert_eq!(Thrown::NotFound.digest(), "NEXT_HTTP_ERROR_FALLBACK;404");
        assert_eq!(
            Thrown::Redirect("/slow".into()).digest(),
            "NEXT_REDIRECT;replace;/slow;307;"
        );
        assert_eq!(error_digest(""), "5381");
        assert_eq!(Thrown::Error("a".into()).digest(), error_digest("a"));
        assert_ne!(error_digest("a"), error_digest("b"));
    }
}
