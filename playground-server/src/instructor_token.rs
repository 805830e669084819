//! The instructor's token: what the projector page and its controls need.
//!
//! `--classroom` puts the playground on the room's network, so every student can reach
//! every URL. The projector page shows the whole class's traffic and answers, and may
//! reset them; a secret printed only in the instructor's terminal keeps it theirs.

/// A secret compared in constant time, so response timing does not reveal how much of
/// a guess was right.
#[derive(Clone)]
pub struct InstructorToken(String);

impl std::fmt::Debug for InstructorToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never into a log line.
        f.write_str("InstructorToken(…)")
    }
}

impl InstructorToken {
    pub fn new(token: impl Into<String>) -> InstructorToken {
        InstructorToken(token.into())
    }

    /// Whether `given` is the token. Every byte is compared, whatever the first
    /// difference; only the length may show in the timing, and it is not secret.
    pub fn matches(&self, given: &str) -> bool {
        let (ours, theirs) = (self.0.as_bytes(), given.as_bytes());
        if ours.len() != theirs.len() || ours.is_empty() {
            return false;
        }
        let difference = ours
            .iter()
            .zip(theirs)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        // Keep the compiler from turning the fold into an early exit.
        std::hint::black_box(difference) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_token_matches() {
        let token = InstructorToken::new("k3y-for-the-room");
        assert!(token.matches("k3y-for-the-room"));
        for wrong in [
            "",
            "k3y-for-the-roo",
            "k3y-for-the-roomm",
            "K3Y-FOR-THE-ROOM",
            "x3y-for-the-room",
        ] {
            assert!(!token.matches(wrong), "{wrong:?} matched");
        }
    }

    #[test]
    fn an_empty_token_never_matches() {
        assert!(!InstructorToken::new("").matches(""));
    }

    #[test]
    fn debug_output_hides_the_token() {
        let shown = format!("{:?}", InstructorToken::new("secret-value"));
        assert!(!shown.contains("secret-value"), "{shown}");
    }
}
