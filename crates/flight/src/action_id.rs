//! What the first byte of a Server Action id says.
//!
//! Next.js 16 ids are 42 hex characters (a 1-byte header and a 20-byte hash). The
//! header byte is not random: Next's compiler packs facts about the function into it,
//! and its client reads them back (`extractInfoFromServerReferenceId` in
//! `next/dist/shared/lib/server-reference-info.js`) to leave out arguments the
//! function never reads before sending the call:
//!
//! ```text
//! bit      7          6 5 4 3 2 1             0
//! meaning  "use cache" uses argument 1 … 6    has a rest parameter (or more than 6)
//! ```
//!
//! So `40…` is a Server Action that reads its first argument only, and `60…` one that
//! reads its first two (a bound value and the form data, for example).

use serde::Serialize;

/// The facts the header byte of an action id carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionIdInfo {
    /// The header byte, e.g. `0x40`.
    pub header: u8,
    /// A `"use cache"` function rather than a Server Action.
    pub use_cache: bool,
    /// Whether each of the first six arguments is read by the function.
    pub used_args: [bool; 6],
    /// The function has a rest parameter, or more than six parameters.
    pub rest_args: bool,
    /// The id has the length Next.js 16 gives ids (42 hex characters).
    pub usual_length: bool,
}

/// Reads the header byte of `id`; `None` if it does not start with two hex digits.
pub fn read_action_id(id: &str) -> Option<ActionIdInfo> {
    let header = u8::from_str_radix(id.get(..2)?, 16).ok()?;
    let mask = (header >> 1) & 0x3f;
    let used_args = std::array::from_fn(|index| (mask >> (5 - index)) & 1 == 1);
    Some(ActionIdInfo {
        header,
        use_cache: header >> 7 == 1,
        used_args,
        rest_args: header & 1 == 1,
        usual_length: id.len() == 42 && id.bytes().all(|b| b.is_ascii_hexdigit()),
    })
}

impl ActionIdInfo {
    /// One sentence for people: "first byte 40: a Server Action that reads argument 1".
    pub fn explain(&self) -> String {
        let kind = if self.use_cache {
            "a \"use cache\" function"
        } else {
            "a Server Action"
        };
        let used: Vec<String> = (1..=6)
            .filter(|i| self.used_args[i - 1])
            .map(|i| i.to_string())
            .collect();
        let reads = match (used.as_slice(), self.rest_args) {
            ([], false) => "that reads none of its arguments".to_owned(),
            ([], true) => "that reads only a rest parameter".to_owned(),
            ([one], rest) => format!("that reads argument {one}{}", rest_note(rest)),
            (many, rest) => format!(
                "that reads arguments {}{}",
                many.join(", "),
                rest_note(rest)
            ),
        };
        let length = if self.usual_length {
            ""
        } else {
            " (not the 42 hex characters Next.js 16 uses)"
        };
        format!("first byte {:02x}: {kind} {reads}{length}", self.header)
    }
}

fn rest_note(rest: bool) -> &'static str {
    if rest {
        " and a rest parameter"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_bytes_of_recorded_ids() {
        let greet = read_action_id("40fb502ec5f7ed86816baf09034ab7f9934f8498ea").unwrap();
        assert_eq!(greet.used_args, [true, false, false, false, false, false]);
        assert_eq!(
            greet.explain(),
            "first byte 40: a Server Action that reads argument 1"
        );
        let bound = read_action_id("6050c354d78d9452a691b43aee9c654d54a385a103").unwrap();
        assert_eq!(
            bound.explain(),
            "first byte 60: a Server Action that reads arguments 1, 2"
        );
        let cached = read_action_id("ff").unwrap();
        assert!(cached.use_cache && cached.rest_args);
        assert!(cached
            .explain()
            .ends_with("(not the 42 hex characters Next.js 16 uses)"));
        assert_eq!(read_action_id("zz"), None);
        assert_eq!(read_action_id("4"), None);
    }
}
