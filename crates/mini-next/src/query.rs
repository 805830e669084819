//! Query strings the way Next.js exposes them: `?tag=a&tag=b` becomes
//! `{"tag": ["a", "b"]}`, a single key stays a string (Node's `querystring` rules).

use serde_json::{Map, Value};

/// Parses `a=1&b=2&b=3` (no leading `?`) into a JSON object, repeats as arrays.
pub fn parse(query: &str) -> Map<String, Value> {
    let mut map = Map::new();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        insert(&mut map, key.into_owned(), value.into_owned());
    }
    map
}

/// Adds `key=value`, turning a second value for the same key into an array.
pub fn insert(map: &mut Map<String, Value>, key: String, value: String) {
    match map.get_mut(&key) {
        None => {
            map.insert(key, Value::String(value));
        }
        Some(Value::Array(values)) => values.push(Value::String(value)),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, Value::String(value)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn repeats_become_arrays_and_plus_is_space() {
        let q = parse("name=Ada+L&tag=a&tag=b&tag=c&e=%C3%A9");
        assert_eq!(
            Value::Object(q),
            json!({"name": "Ada L", "tag": ["a", "b", "c"], "e": "é"})
        );
    }
}
