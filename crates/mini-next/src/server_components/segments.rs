//! A route's segments as the client router names them in the segment tree.
//!
//! A folder such as `app/guestbook` is a segment named by a string, `"guestbook"`. A
//! dynamic folder such as `app/new/[x]` matches any value, so its name in the tree
//! says which parameter it is and which value this request gave it; Next.js 16.4.6
//! sends `{"n":"x","t":"d","k":"abc","s":[]}` for `/new/abc` (`t: "d"` is a single
//! dynamic segment). The router keys its cache on that, so `/new/a` and `/new/b` are
//! two entries.
//!
//! Simplified: only `[name]` segments; catch-all `[...name]` and optional
//! `[[...name]]` segments are not modelled.

use serde_json::{json, Value};

/// The segments below the root for a page at `pattern` (`/new/[x]`) answering
/// `path` (`/new/abc`): `["new", {"n":"x","t":"d","k":"abc","s":[]}]`.
pub fn keys(pattern: &str, path: &str) -> Vec<Value> {
    pair_up(pattern, path)
        .map(|(folder, value)| match dynamic_name(folder) {
            Some(name) => json!({ "n": name, "t": "d", "k": value, "s": [] }),
            None => json!(folder),
        })
        .collect()
}

/// The page's `params`: each dynamic folder's name and the value it matched, as
/// received (percent-encoding kept).
pub fn params(pattern: &str, path: &str) -> Vec<(String, String)> {
    pair_up(pattern, path)
        .filter_map(|(folder, value)| Some((dynamic_name(folder)?.to_owned(), value.to_owned())))
        .collect()
}

/// Each folder of the pattern with the part of the path at the same place.
fn pair_up<'a>(pattern: &'a str, path: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
    let parts = |s: &'a str| s.split('/').filter(|p| !p.is_empty());
    parts(pattern).zip(parts(path).chain(std::iter::repeat("")))
}

/// `[x]` → `x`; any other folder name is not dynamic.
fn dynamic_name(folder: &str) -> Option<&str> {
    folder.strip_prefix('[')?.strip_suffix(']')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_static_route_is_its_folder_names() {
        assert_eq!(
            keys("/guestbook/thanks", "/guestbook/thanks"),
            [json!("guestbook"), json!("thanks")]
        );
        assert!(params("/guestbook", "/guestbook").is_empty());
    }

    #[test]
    fn a_dynamic_folder_names_its_parameter_and_this_request_s_value() {
        assert_eq!(
            keys("/new/[x]", "/new/abc"),
            [
                json!("new"),
                json!({"n": "x", "t": "d", "k": "abc", "s": []})
            ]
        );
        assert_eq!(
            params("/new/[x]", "/new/abc"),
            [("x".to_owned(), "abc".to_owned())]
        );
    }
}
