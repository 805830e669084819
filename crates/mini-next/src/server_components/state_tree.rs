//! `Next-Router-State-Tree`: the segments the client router already shows, sent with a
//! navigation so the server can leave out the layouts the client holds.
//!
//! The header is percent-encoded JSON, one array per segment:
//! `[segment, {parallelRoutes}, url, refreshMarker, flags]`, for instance
//! `["",{"children":["slow",{"children":["__PAGE__",{},null,null,0]},null,"refetch",4]},null,null,24]`
//! from a client on `/dashboard` going to `/slow`. The router marks the segment it
//! wants rendered with `"refetch"`. Next.js walks the route it renders alongside this
//! tree (`walk-tree-with-flight-router-state.js` in 16.4.6): each leading segment the
//! client holds under the same name, not marked for refetch, is sent without its
//! layout (`"d":{"r":null,"p":true,"v":null}`), and rendering starts at the first one
//! that differs. A header it cannot parse fails the whole request with a 500.

use percent_encoding::percent_decode_str;
use serde_json::Value;

#[cfg(test)]
use serde_json::json;

/// Next.js refuses a longer header ("around 2,000 nested segment states").
const MAX_LEN: usize = 20 * 2000;

/// The header was sent but is not a router state tree.
#[derive(Debug, PartialEq, Eq)]
pub struct BadStateTree;

/// How many of `route`'s leading segments (the root `""` first, then each folder,
/// never the page, each as row 0 names it) the client already shows and did not ask
/// to refetch: the server sends those without their layouts. `None` (no header)
/// holds nothing. A dynamic folder is compared as the model names it, which may not
/// be how the router's header spells it: then it counts as different, and the model
/// renders from there (more than Next.js would, never less).
pub fn segments_held(header: Option<&str>, route: &[Value]) -> Result<usize, BadStateTree> {
    let Some(header) = header else {
        return Ok(0);
    };
    if header.len() > MAX_LEN {
        return Err(BadStateTree);
    }
    let json = percent_decode_str(header)
        .decode_utf8()
        .map_err(|_| BadStateTree)?;
    let mut node: Value = serde_json::from_str(&json).map_err(|_| BadStateTree)?;
    if !is_segment_state(&node) {
        return Err(BadStateTree);
    }
    let mut held = 0;
    for name in route {
        let holds_it = node[0] == *name && node[3].as_str() != Some("refetch");
        if !holds_it {
            break;
        }
        held += 1;
        match node[1].get_mut("children").map(Value::take) {
            Some(child) if is_segment_state(&child) => node = child,
            _ => break,
        }
    }
    Ok(held)
}

/// `[segment, {parallelRoutes}, …]`: a name (a string, or a dynamic segment's
/// array) and an object of child states.
fn is_segment_state(node: &Value) -> bool {
    node.as_array().is_some_and(|items| {
        items.len() >= 2 && (items[0].is_string() || items[0].is_array()) && items[1].is_object()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header Chromium sent on `/dashboard` for `router.push('/slow')`.
    const TO_SLOW: &str = "%5B%22%22%2C%7B%22children%22%3A%5B%22slow%22%2C%7B%22children%22%3A%5B%22__PAGE__%22%2C%7B%7D%2Cnull%2Cnull%2C0%5D%7D%2Cnull%2C%22refetch%22%2C4%5D%7D%2Cnull%2Cnull%2C24%5D";

    #[test]
    fn the_root_is_held_and_the_refetched_segment_is_rendered() {
        assert_eq!(
            segments_held(Some(TO_SLOW), &[json!(""), json!("slow")]),
            Ok(1)
        );
    }

    #[test]
    fn no_header_holds_nothing() {
        assert_eq!(segments_held(None, &[json!(""), json!("slow")]), Ok(0));
    }

    #[test]
    fn segments_held_under_the_same_names_are_skipped_down_to_the_first_difference() {
        let tree = r#"["",{"children":["guestbook",{"children":["__PAGE__",{},null,null,0]},null,null,0]},null,null,16]"#;
        assert_eq!(
            segments_held(
                Some(tree),
                &[json!(""), json!("guestbook"), json!("thanks")]
            ),
            Ok(2)
        );
        assert_eq!(
            segments_held(Some(tree), &[json!(""), json!("dashboard")]),
            Ok(1)
        );
    }

    #[test]
    fn a_refetch_marker_at_the_root_renders_everything() {
        let tree = r#"["",{},null,"refetch",0]"#;
        assert_eq!(segments_held(Some(tree), &[json!("")]), Ok(0));
    }

    #[test]
    fn a_header_that_is_not_a_state_tree_is_refused() {
        for bad in ["not-json", "%E0%A4%A", "{}", "[1,{}]", r#"["",[]]"#] {
            assert_eq!(
                segments_held(Some(bad), &[json!("")]),
                Err(BadStateTree),
                "{bad}"
            );
        }
        let huge = format!("[\"\",{{}},\"{}\"]", "x".repeat(MAX_LEN));
        assert_eq!(segments_held(Some(&huge), &[json!("")]), Err(BadStateTree));
    }
}
