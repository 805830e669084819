//! The few JavaScript built-ins whose exact output reaches the wire in our examples:
//! `Date.now()`, `Date.prototype.toISOString()` and `encodeURIComponent`.
//!
//! The reference app's TypeScript calls them, so the examples must produce the same
//! text: a timestamp in a JSON body, an error message in a `Location`, a cookie value.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::time::{SystemTime, UNIX_EPOCH};

/// `Date.now()`: milliseconds since 1970-01-01 UTC.
pub fn date_now() -> u64 {
    millis_since_epoch(SystemTime::now())
}

/// `new Date(time).toISOString()`: `2026-11-24T10:02:14.703Z`, always UTC, always
/// three digits of milliseconds.
pub fn to_iso_string(time: SystemTime) -> String {
    flight::js::iso_string(millis_since_epoch(time) as f64)
}

/// `encodeURIComponent(text)`: every byte of UTF-8 is percent-encoded except
/// letters, digits and `-_.!~*'()`.
pub fn encode_uri_component(text: &str) -> String {
    utf8_percent_encode(text, URI_COMPONENT).to_string()
}

/// `decodeURIComponent(text)`, which throws (here: `None`) on a `%` not followed by
/// two hex digits or on bytes that are not UTF-8.
pub fn decode_uri_component(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    let decoded = percent_decode_str(text).decode_utf8().ok()?;
    Some(decoded.into_owned())
}

/// What `encodeURIComponent` leaves alone.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

fn millis_since_epoch(time: SystemTime) -> u64 {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn iso_strings_match_javascript() {
        let at = |ms: u64| to_iso_string(UNIX_EPOCH + Duration::from_millis(ms));
        assert_eq!(at(0), "1970-01-01T00:00:00.000Z");
        // new Date(1795515734703).toISOString()
        assert_eq!(at(1_795_515_734_703), "2026-11-24T10:22:14.703Z");
        // A leap day: new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999)).toISOString()
        assert_eq!(at(1_709_251_199_999), "2024-02-29T23:59:59.999Z");
    }

    #[test]
    fn uri_components_round_trip_like_javascript() {
        assert_eq!(encode_uri_component("a b;c/é!*"), "a%20b%3Bc%2F%C3%A9!*");
        assert_eq!(decode_uri_component("caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(decode_uri_component("%zz"), None);
        assert_eq!(decode_uri_component("%C3"), None);
    }
}
