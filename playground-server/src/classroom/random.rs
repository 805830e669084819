//! Unguessable identifiers from the operating system's random number generator.

/// 128 random bits as 32 lowercase hex digits: the instructor's token and each
/// browser's session id. Guessing one is as hard as guessing a 128-bit key, so
/// knowing an id is proof enough of being its owner.
pub fn hex_id() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_32_hex_digits_and_differ() {
        let a = hex_id().unwrap();
        let b = hex_id().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }
}
