//! Every transcript in the repository, ours and real Next.js's, reads back with no
//! unknown row, no unknown reference and no reference to a row that was never sent.

use std::path::{Path, PathBuf};

use flight::capture;
use flight::read::RowKind;
use flight::refs::RefKind;
use flight::view::{self, RowView};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn transcripts() -> Vec<PathBuf> {
    let root = repository();
    let mut files = Vec::new();
    for example in std::fs::read_dir(root.join("examples")).unwrap().flatten() {
        json_files(&example.path().join("transcripts"), &mut files);
    }
    json_files(&root.join("reference/nextjs/transcripts"), &mut files);
    files.sort();
    files
}

/// What is wrong with the rows of one response, one line per problem.
fn problems(rows: &[RowView]) -> Vec<String> {
    let mut problems = Vec::new();
    for row in rows {
        let id = row.id.as_deref().unwrap_or("?");
        if row.kind == RowKind::Unknown {
            problems.push(format!("row {id} is unknown: {}", row.meaning));
        }
        for reference in &row.references {
            if reference.kind == RefKind::Unknown {
                problems.push(format!(
                    "row {id} has an unknown reference {}",
                    reference.text
                ));
            }
        }
        for dangling in &row.dangling {
            problems.push(format!("row {id} refers to {dangling}, a row never sent"));
        }
    }
    problems
}

#[test]
fn every_transcript_reads_back_with_no_unknown_row_and_no_dangling_reference() {
    let mut read = 0;
    let mut with_rows = 0;
    let mut failures = Vec::new();
    for path in transcripts() {
        let text = std::fs::read_to_string(&path).unwrap();
        let exchanges = match capture::load(&text) {
            Ok(exchanges) => exchanges,
            // Notes recorded next to the transcripts (e.g. a browser's timings) are not exchanges.
            Err(capture::CaptureError::NotACapture) => continue,
            Err(e) => panic!("{}: {e}", path.display()),
        };
        for exchange in exchanges {
            read += 1;
            match view::response_rows(&exchange) {
                Ok(Some((_, rows))) => {
                    with_rows += 1;
                    assert!(!rows.is_empty(), "{}: no rows", path.display());
                    for problem in problems(&rows) {
                        failures.push(format!("{}: {problem}", path.display()));
                    }
                }
                Ok(None) => {}
                Err(e) => failures.push(format!("{}: {e}", path.display())),
            }
        }
    }
    assert!(
        read > 150,
        "only {read} transcripts found: is the repository layout different?"
    );
    assert!(
        with_rows > 40,
        "only {with_rows} transcripts carry Flight rows"
    );
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{read} transcripts read, {with_rows} with Flight rows, 0 unknown rows");
}

/// The check above can fail: a payload with a row kind React does not send, or a
/// reference to a row never sent, is reported.
#[test]
fn the_check_reports_unknown_rows_and_dangling_references() {
    let payload = flight::read::read(b"0:[\"$L1\"]\n1:Q{}\n2:\"$@9\"\n3:\"$Ly\"\n");
    let rows = view::explain(&payload, |_| None);
    let found = problems(&rows);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("row 1 is unknown"));
    assert!(found[1].contains("$@9"));
    assert!(found[2].contains("unknown reference $Ly"));
}

/// Every Server Action call recorded with a reply body (JSON text or multipart, as
/// React's `encodeReply` sends) decodes. Scenarios that send something else on
/// purpose (a urlencoded form) or whose body the recorder cut short are left out.
#[test]
fn every_recorded_action_call_decodes() {
    let mut decoded = 0;
    let mut failures = Vec::new();
    for path in transcripts() {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(exchanges) = capture::load(&text) else {
            continue;
        };
        for exchange in exchanges {
            let recorded = !exchange.request_body.is_empty() && !exchange.request_truncated;
            if exchange.request_header("next-action").is_none() || !recorded {
                continue;
            }
            let content_type = exchange.request_header("content-type").unwrap_or("");
            if !(content_type.starts_with("text/plain")
                || content_type.starts_with("multipart/form-data"))
            {
                continue;
            }
            match flight::reply::decode_http(content_type, &exchange.request_body) {
                Ok(_) => decoded += 1,
                Err(e) => failures.push(format!("{}: {e}", path.display())),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(decoded >= 30, "only {decoded} action calls found");
    eprintln!("{decoded} recorded action calls decoded");
}
