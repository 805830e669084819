//! `multipart/form-data` bodies, parsed binary-safe.
//!
//! A browser (or React's `encodeReply`) sends a `FormData` as parts separated by a
//! boundary line that the `Content-Type` header announces:
//!
//! ```text
//! Content-Type: multipart/form-data; boundary=XYZ
//!
//! --XYZ\r\n
//! Content-Disposition: form-data; name="0"\r\n
//! \r\n
//! ["$K1"]\r\n
//! --XYZ\r\n
//! Content-Disposition: form-data; name="_1_photo"; filename="a.png"\r\n
//! Content-Type: image/png\r\n
//! \r\n
//! <bytes>\r\n
//! --XYZ--\r\n
//! ```
//!
//! A part with a `filename` is a file (its bytes are kept as they are); the others are
//! text fields. Broken bodies give a [`MultipartError`] that says what is missing.

use thiserror::Error;

/// One part of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The field name from `Content-Disposition`.
    pub name: String,
    /// Set for file parts, even when empty (`filename=""`).
    pub filename: Option<String>,
    /// The part's own `Content-Type`, if it has one.
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// Why a body could not be read as multipart form data.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum MultipartError {
    #[error("the Content-Type has no boundary; expected `multipart/form-data; boundary=…`")]
    MissingBoundary,
    #[error("the body does not start with the boundary `--{0}`; is the Content-Type from another request?")]
    NoOpeningBoundary(String),
    #[error("part {0} has no blank line after its headers; the body may be cut short")]
    UnterminatedHeaders(usize),
    #[error("part {0} never ends: no closing boundary follows it; the body may be cut short")]
    UnterminatedPart(usize),
    #[error("part {0} has no `Content-Disposition: form-data; name=\"…\"` header")]
    MissingName(usize),
    #[error("more than {0} parts; refusing to read further")]
    TooManyParts(usize),
}

/// Parts beyond this many are refused: every part costs bookkeeping.
pub const MAX_PARTS: usize = 10_000;

/// The boundary announced by a `Content-Type` header value.
pub fn boundary(content_type: &str) -> Result<String, MultipartError> {
    content_type
        .split(';')
        .skip(1)
        .filter_map(|param| param.trim().split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value.trim().trim_matches('"').to_owned())
        .filter(|b| !b.is_empty())
        .ok_or(MultipartError::MissingBoundary)
}

/// Splits `body` into its parts, using the boundary from `content_type`.
pub fn parse(body: &[u8], content_type: &str) -> Result<Vec<Part>, MultipartError> {
    let boundary = boundary(content_type)?;
    let opening = format!("--{boundary}");
    let separator = format!("\r\n--{boundary}");
    let mut at = if body.starts_with(opening.as_bytes()) {
        opening.len()
    } else {
        // A preamble before the first boundary is allowed and ignored.
        find(body, separator.as_bytes(), 0)
            .map(|i| i + separator.len())
            .ok_or_else(|| MultipartError::NoOpeningBoundary(boundary.clone()))?
    };
    let mut parts = Vec::new();
    loop {
        if body[at..].starts_with(b"--") {
            return Ok(parts);
        }
        if parts.len() == MAX_PARTS {
            return Err(MultipartError::TooManyParts(MAX_PARTS));
        }
        let number = parts.len() + 1;
        // Skip the rest of the boundary line (transport padding, then CRLF).
        let line_end = find(body, b"\r\n", at).ok_or(MultipartError::UnterminatedPart(number))?;
        let headers_start = line_end + 2;
        let headers_end = if body[headers_start..].starts_with(b"\r\n") {
            headers_start
        } else {
            find(body, b"\r\n\r\n", headers_start)
                .ok_or(MultipartError::UnterminatedHeaders(number))?
                + 2
        };
        let data_start = headers_end + 2;
        let data_end = find(body, separator.as_bytes(), data_start)
            .ok_or(MultipartError::UnterminatedPart(number))?;
        let headers = String::from_utf8_lossy(&body[headers_start..headers_end]);
        let mut part = part_from_headers(&headers).ok_or(MultipartError::MissingName(number))?;
        part.data = body[data_start..data_end].to_vec();
        parts.push(part);
        at = data_end + separator.len();
    }
}

fn part_from_headers(headers: &str) -> Option<Part> {
    let mut name = None;
    let mut filename = None;
    let mut content_type = None;
    for line in headers.split("\r\n") {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if key.trim().eq_ignore_ascii_case("content-disposition") {
            name = parameter(value, "name");
            filename = parameter(value, "filename");
        } else if key.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_owned());
        }
    }
    Some(Part {
        name: name?,
        filename,
        content_type,
        data: Vec::new(),
    })
}

/// A `key="value"` (or unquoted) parameter of a header value. Browsers escape `"` in
/// names as `%22`, so a quoted value ends at the next quote.
fn parameter(header: &str, key: &str) -> Option<String> {
    let mut rest = header;
    while let Some(eq) = rest.find('=') {
        let candidate = rest[..eq].rsplit([';', ' ']).next().unwrap_or("").trim();
        let after = &rest[eq + 1..];
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"')?;
                (&quoted[..end], &quoted[end + 1..])
            }
            None => {
                let end = after.find(';').unwrap_or(after.len());
                (after[..end].trim(), &after[end..])
            }
        };
        if candidate.eq_ignore_ascii_case(key) {
            return Some(value.to_owned());
        }
        rest = next;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > haystack.len() || needle.is_empty() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CT: &str = "multipart/form-data; boundary=----B";

    #[test]
    fn text_and_file_parts_are_read_binary_safe() {
        let mut body =
            b"------B\r\nContent-Disposition: form-data; name=\"0\"\r\n\r\n[\"$K1\"]\r\n".to_vec();
        body.extend(b"------B\r\nContent-Disposition: form-data; name=\"_1_f\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.extend([0, 13, 10, 255]);
        body.extend(b"\r\n------B\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n------B--\r\n");
        let parts = parse(&body, CT).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].data.as_slice()),
            ("0", &b"[\"$K1\"]"[..])
        );
        assert_eq!(parts[1].filename.as_deref(), Some("a.bin"));
        assert_eq!(
            parts[1].content_type.as_deref(),
            Some("application/octet-stream")
        );
        assert_eq!(parts[1].data, [0, 13, 10, 255]);
        assert!(parts[2].data.is_empty() && parts[2].filename.is_none());
    }

    #[test]
    fn broken_bodies_say_what_is_missing() {
        assert_eq!(
            parse(b"", "multipart/form-data"),
            Err(MultipartError::MissingBoundary)
        );
        assert_eq!(
            parse(b"hello", CT),
            Err(MultipartError::NoOpeningBoundary("----B".into()))
        );
        let cut = b"------B\r\nContent-Disposition: form-data; name=\"0\"\r\n\r\n[1]";
        assert_eq!(parse(cut, CT), Err(MultipartError::UnterminatedPart(1)));
        let no_name = b"------B\r\nContent-Type: text/plain\r\n\r\nx\r\n------B--";
        assert_eq!(parse(no_name, CT), Err(MultipartError::MissingName(1)));
        assert_eq!(
            parse(b"------B\r\nX: y", CT),
            Err(MultipartError::UnterminatedHeaders(1))
        );
    }

    #[test]
    fn quoted_boundaries_and_parameters() {
        assert_eq!(
            boundary("multipart/form-data; boundary=\"a b\"").unwrap(),
            "a b"
        );
        assert_eq!(
            parameter(" form-data; name=\"x\"; filename=\"\"", "filename").as_deref(),
            Some("")
        );
        assert_eq!(
            parameter(" form-data; filename=\"f\"; name=\"n\"", "name").as_deref(),
            Some("n")
        );
    }
}
