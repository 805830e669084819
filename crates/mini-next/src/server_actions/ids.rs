//! Action ids: how Next.js names an action, and how we name ours the same way.

use sha1::{Digest as _, Sha1};

/// An action id is 21 bytes written as hex.
pub const ID_LENGTH: usize = 42;

// ANCHOR: action_id
/// The info byte that starts an action id: bit 7 = kind (0, a Server Action), bits
/// 6..1 = which of the first six arguments are used (argument 0 is bit 6), bit 0 =
/// rest arguments. The client reads it to skip sending arguments the server ignores.
pub fn info_byte(used_args: &[usize], has_rest_args: bool) -> u8 {
    let mut byte = u8::from(has_rest_args);
    for &arg in used_args.iter().filter(|&&arg| arg < 6) {
        byte |= 1 << (6 - arg);
    }
    byte
}

/// The id Next.js gives the export `export` of `file` (a path from the project root):
/// the info byte, then `SHA-1(salt + file + ":" + export)`, as 42 hex characters.
pub fn action_id(hash_salt: &str, file: &str, export: &str, used_args: &[usize]) -> String {
    let hash = Sha1::digest(format!("{hash_salt}{file}:{export}").as_bytes());
    let mut id = format!("{:02x}", info_byte(used_args, false));
    for byte in hash {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}
// ANCHOR_END: action_id

/// Next.js's first check on an id: only the length. `abc` fails it (400); 42 zeros
/// pass it and then are not found (409).
pub fn might_be_action_id(id: &str) -> bool {
    id.len() == ID_LENGTH
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::ENCRYPTION_KEY;

    #[test]
    fn ids_equal_the_reference_build() {
        let id = |file, export, used: &[usize]| action_id(ENCRYPTION_KEY, file, export, used);
        let actions = "app/guestbook/actions.ts";
        assert_eq!(
            id(actions, "getEntries", &[]),
            "00d6e870b152b9205d29f9bf2c5fb46a30259ca4d0"
        );
        assert_eq!(
            id(actions, "addEntry", &[0]),
            "40fb502ec5f7ed86816baf09034ab7f9934f8498ea"
        );
        assert_eq!(
            id(actions, "greet", &[0]),
            "400cffe003d9f8e1338e139ae5983be593ffc1af8b"
        );
        assert_eq!(
            id("app/guestbook/page.tsx", "$$RSC_SERVER_ACTION_0", &[0, 1]),
            "6050c354d78d9452a691b43aee9c654d54a385a103"
        );
    }

    #[test]
    fn info_byte_marks_used_arguments() {
        assert_eq!(info_byte(&[], false), 0x00);
        assert_eq!(info_byte(&[0], false), 0x40);
        assert_eq!(info_byte(&[0, 1], false), 0x60);
        assert_eq!(info_byte(&[5], true), 0x03);
    }

    #[test]
    fn only_the_length_of_an_id_is_checked_first() {
        assert!(!might_be_action_id("abc"));
        assert!(might_be_action_id(&"0".repeat(42)));
    }
}
