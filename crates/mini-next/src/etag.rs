//! The ETag Next.js puts on `res.json` / `res.send` answers of API routes.
//!
//! Next.js hashes the body string with a 52-bit variant of FNV-1a (52 bits because
//! JavaScript numbers hold integers exactly only up to 2^53) and appends the body's
//! length, both in base 36: `"` + hash + length + `"`. Being a JavaScript string
//! function, it reads UTF-16 code units, so we do too.

/// The strong ETag for `body`, quotes included.
pub fn etag(body: &str) -> String {
    let units: Vec<u16> = body.encode_utf16().collect();
    format!(
        "\"{}{}\"",
        base36(fnv1a52(&units)),
        base36(units.len() as u64)
    )
}

/// FNV-1a over 64 bits, folded to 52: the top 12 bits are XORed into the bottom.
fn fnv1a52(units: &[u16]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET_BASIS;
    for &unit in units {
        hash ^= u64::from(unit);
        hash = hash.wrapping_mul(PRIME);
    }
    (hash & ((1 << 52) - 1)) ^ (hash >> 52)
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII digits")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_etags_recorded_from_next() {
        // Both bodies and ETags come from a real `next start` (reference/nextjs).
        let body = r#"{"message":"Hello from the Pages Router","query":{"name":"Ada","tag":["a","b"]},"cookies":{"session":"abc123","theme":"dark"}}"#;
        assert_eq!(etag(body), "\"soho439phu3i\"");
        let body = r#"{"message":"Hello from the Pages Router","query":{"name":"Ada","tag":["a","b"]},"cookies":{"theme":"dark"}}"#;
        assert_eq!(etag(body), "\"13w8darp3c42z\"");
    }
}
