//! The replies recorded from real React (`tests/fixtures/replies.json`), shared by the
//! tests that use them.

use base64::Engine as _;
use serde_json::Value;

use flight::reply::{self, ReplyBody, ReplyError};
use flight::value::{Blob, FormEntry, Reply};

pub fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/replies.json");
    let text = std::fs::read_to_string(path).expect("the fixture file is committed");
    serde_json::from_str::<Vec<Value>>(&text).expect("the fixture file is a JSON array")
}

pub fn fields(case: &Value) -> Vec<(String, FormEntry)> {
    case["body"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|field| {
            let name = field[0].as_str().unwrap().to_owned();
            let entry = &field[1];
            let entry = match entry.get("text") {
                Some(text) => FormEntry::Text(text.as_str().unwrap().to_owned()),
                None => {
                    let file = &entry["file"];
                    FormEntry::File(Blob {
                        name: Some(file["name"].as_str().unwrap().to_owned()),
                        content_type: file["type"].as_str().unwrap().to_owned(),
                        bytes: base64::engine::general_purpose::STANDARD
                            .decode(file["base64"].as_str().unwrap())
                            .unwrap(),
                    })
                }
            };
            (name, entry)
        })
        .collect()
}

/// Decodes a case's body, JSON text or form fields.
#[allow(dead_code)]
pub fn decode(case: &Value) -> Result<Reply, ReplyError> {
    match case["body"].get("text") {
        Some(text) => reply::decode(&ReplyBody::Text(
            text.as_str().unwrap_or_default().to_owned(),
        )),
        None => reply::decode(&ReplyBody::Form(fields(case))),
    }
}
