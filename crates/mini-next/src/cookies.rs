//! Reading the `Cookie` request header into name/value pairs, as `req.cookies` does.

use serde_json::{Map, Value};

/// Parses `a=1; b=hello%20world` into `{"a": "1", "b": "hello world"}`.
///
/// Like the `cookie` package Next.js uses: values are percent-decoded, surrounding
/// double quotes removed, and the first occurrence of a name wins.
pub fn parse(header: &str) -> Map<String, Value> {
    let mut map = Map::new();
    for pair in header.split(';') {
        let Some((name, value)) = pair.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if name.is_empty() || map.contains_key(name) {
            continue;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
        map.insert(name.to_owned(), Value::String(decoded.into_owned()));
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_values_and_keeps_the_first() {
        let c = parse("theme=dark; name=\"Ada%20L\"; theme=light; broken");
        assert_eq!(Value::Object(c), json!({"theme": "dark", "name": "Ada L"}));
    }
}
