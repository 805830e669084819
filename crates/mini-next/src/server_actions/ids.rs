//! Action ids: how Next.js names an action, and how we name ours the same way.

use sha1::{Digest as _, Sha1};

/// The reference build's `encryptionKey` (from `server-reference-manifest.json`),
/// which Next.js also uses as the salt of action ids. Copied so our ids equal theirs.
pub const REFERENCE_HASH_SALT: &str = "gTrPU+NNee3nHZJ92XVFhEoQP07O8DRassGAtrz+RIg=";

/// The reference build's id (`.next/BUILD_ID`), sent as `"b"` in row 0. Copied so
/// transcripts line up; a real build id changes with every build.
pub const REFERENCE_BUILD_ID: &str = "RDyLhQjjpiIHxLzC-bPPV";

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
