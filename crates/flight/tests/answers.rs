//! Echoing a value back: for each recorded reply, what React's own Flight server
//! sends when an action returns the decoded arguments (`tests/fixtures/answers.json`,
//! written by `tests/fixtures/answers.cjs` with Next.js 16.4.6's React) must be what
//! `encode_model` writes, row for row.
//!
//! React sends rows that wait for something (a Blob's bytes, a promise) after the
//! rows that do not, so rows are compared by id, not by position.

mod common;

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::Value;

use flight::encode::encode_model;
use flight::read;

/// Rows by id, as their exact bytes.
fn rows_by_id(payload: &[u8]) -> BTreeMap<u64, Vec<Vec<u8>>> {
    let mut rows: BTreeMap<u64, Vec<Vec<u8>>> = BTreeMap::new();
    for row in read::read(payload).rows {
        let id = row.id.expect("React writes readable row ids");
        rows.entry(id)
            .or_default()
            .push(payload[row.offset..row.offset + row.len].to_vec());
    }
    rows
}

#[test]
fn echoed_values_are_written_as_react_writes_them() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/answers.json");
    let answers: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = common::cases();
    assert!(answers.len() >= 36, "only {} answers", answers.len());
    let mut failures = Vec::new();
    for answer in &answers {
        let name = answer["name"].as_str().unwrap();
        let case = cases
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no reply {name}"));
        let mut reply = common::decode(case).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The fixture's server renders without a temporary reference set, so every
        // value is written out rather than handed back as `$T`.
        reply.temporary_references.clear();
        let encoded = encode_model(&reply, reply.root, 0, 1).unwrap();
        let mut ours = format!("0:{}\n", encoded.model).into_bytes();
        for row in &encoded.rows {
            ours.extend(&row.bytes);
        }
        let react = base64::engine::general_purpose::STANDARD
            .decode(answer["flight_base64"].as_str().unwrap())
            .unwrap();
        if rows_by_id(&ours) != rows_by_id(&react) {
            failures.push(format!(
                "{name}:\n  React: {}\n  ours:  {}",
                String::from_utf8_lossy(&react).escape_debug(),
                String::from_utf8_lossy(&ours).escape_debug()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        answers.len(),
        failures.join("\n")
    );
}
