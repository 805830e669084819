//! Replies recorded from real React: `tests/fixtures/replies.json` holds, for each
//! case, the exact body React 19.3's `encodeReply` produced and what its
//! `decodeReply` gave (written by `reference/nextjs` scripts with Node). Our decoder
//! must give the same value, both from the fields and from a multipart body built
//! from them.

mod common;

use common::{cases, fields};
use flight::reply::{self, ReplyBody};
use flight::value::FormEntry;

/// The fields as a browser would send them in a multipart body.
fn multipart_body(fields: &[(String, FormEntry)], boundary: &str) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, entry) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes(),
        );
        match entry {
            FormEntry::Text(text) => {
                body.extend(b"\r\n\r\n");
                body.extend(text.as_bytes());
            }
            FormEntry::File(blob) => {
                let name = blob.name.as_deref().unwrap_or("blob");
                body.extend(
                    format!(
                        "; filename=\"{name}\"\r\nContent-Type: {}\r\n\r\n",
                        blob.content_type
                    )
                    .as_bytes(),
                );
                body.extend(&blob.bytes);
            }
        }
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    body
}

#[test]
fn every_recorded_reply_decodes_to_what_react_decoded() {
    let cases = cases();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let expected = &case["decoded"];
        let decoded = match case["body"].get("text") {
            Some(text) => reply::decode(&ReplyBody::Text(text.as_str().unwrap().to_owned())),
            None => {
                let fields = fields(case);
                let from_fields = reply::decode(&ReplyBody::Form(fields.clone()));
                let boundary = "----FlightFixtureBoundary";
                let body = multipart_body(&fields, boundary);
                let content_type = format!("multipart/form-data; boundary={boundary}");
                let from_body = reply::decode_http(&content_type, &body);
                match (&from_fields, &from_body) {
                    (Ok(a), Ok(b)) if a != b => {
                        failures.push(format!("{name}: multipart body decodes differently"))
                    }
                    (Ok(_), Err(e)) => failures.push(format!("{name}: multipart body fails: {e}")),
                    _ => {}
                }
                from_fields
            }
        };
        match decoded {
            Ok(reply) => {
                let got = reply.describe(reply.root);
                if &got != expected {
                    failures.push(format!("{name}:\n  React: {expected}\n  ours:  {got}"));
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// What JavaScript's `String()` gives for a few recorded arguments.
#[test]
fn recorded_arguments_print_as_javascript_prints_them() {
    let cases = cases();
    let string_of = |name: &str| -> Vec<String> {
        let case = cases
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no case {name}"));
        let reply = common::decode(case).unwrap();
        reply
            .arguments()
            .into_iter()
            .map(|a| reply.js_string(a))
            .collect()
    };
    assert_eq!(
        string_of("several arguments"),
        ["world", "2", "[object Object]"]
    );
    assert_eq!(string_of("minus zero"), ["0"]);
    assert_eq!(string_of("numbers")[5], "1e-7");
    assert_eq!(
        string_of("valid date"),
        ["Mon Nov 30 2026 04:00:00 GMT+0000 (Coordinated Universal Time)"]
    );
    assert_eq!(string_of("cyclic array"), ["a,"]);
    assert_eq!(string_of("guestbook form"), ["[object FormData]"]);
}
