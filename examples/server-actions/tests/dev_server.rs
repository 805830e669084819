//! What `next dev` adds to an action's error row, recorded from `next dev` of the
//! reference app (`reference/nextjs/transcripts/next-16.4.6-dev/`) beside the same
//! request recorded from `next start`: the security chapter's claim that only a
//! digest reaches the browser holds for production builds only.

use serde_json::Value;
use std::path::Path;

fn error_row(label: &str, scenario: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "../../reference/nextjs/transcripts/{label}/server-actions/{scenario}.json"
    ));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let transcript: Value = serde_json::from_str(&text).expect("a transcript is JSON");
    let body = transcript["response"]["body"]["text"]
        .as_str()
        .expect("a text body");
    let row = body
        .lines()
        .find_map(|line| line.split_once(":E").map(|(_, error)| error))
        .unwrap_or_else(|| panic!("no error row in {label}/{scenario}: {body}"));
    serde_json::from_str(row).expect("an error row holds JSON")
}

#[test]
fn next_start_sends_only_a_digest() {
    let row = error_row("next-16.4.6", "10-origin-evil");
    let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["digest"], "{row}");
}

#[test]
fn next_dev_sends_the_message_too() {
    let row = error_row("next-16.4.6-dev", "10-origin-evil");
    assert_eq!(row["message"], "Invalid Server Actions request.", "{row}");
    assert!(row["digest"].is_string(), "{row}");
}
