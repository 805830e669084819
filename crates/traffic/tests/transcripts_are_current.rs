//! Our transcripts are what our examples send *today*.
//!
//! The book shows the recorded transcripts, and the conformance test compares them with
//! real Next.js. Both would be worthless if an example changed and its transcripts did
//! not: this test builds and starts every example, plays its scenarios in order on the
//! fresh process (as the recorder does), and compares each answer with the stored
//! transcript on everything `conformance::compare` looks at.

use std::path::{Path, PathBuf};
use traffic::client::{self, RequestSpec};
use traffic::conformance::compare;
use traffic::launch;
use traffic::Exchange;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_transcript_matches_what_its_example_sends_now() {
    let root = root();
    let examples = traffic::examples::all(&root).unwrap();
    let packages: Vec<String> = examples.iter().map(|e| e.package()).collect();
    let binaries = launch::cargo_build(&root, &packages)
        .await
        .unwrap_or_else(|e| panic!("the examples do not build:\n{e}"));
    let http = client::loopback_client();
    let mut stale = Vec::new();
    let mut played = 0;
    for example in &examples {
        let id = &example.id;
        let program = binaries.get(&example.package()).unwrap();
        let started = launch::start(program, &[], |_| {}, |_| {})
            .await
            .unwrap_or_else(|e| panic!("starting {}: {e}", example.package()));
        for name in example.scenario_names().unwrap() {
            let scenario = example.scenario(&name).unwrap();
            let spec = RequestSpec::from(&scenario);
            let now = client::send(&http, &started.url, &spec, client::DEFAULT_BODY_CAP).await;
            let file = example.transcript_file(&name);
            let Ok(text) = std::fs::read_to_string(&file) else {
                stale.push(format!("{id}/{name}: no transcript at {}", file.display()));
                continue;
            };
            let recorded: Exchange = serde_json::from_str(&text).unwrap();
            played += 1;
            for d in compare(&now, &recorded) {
                // A busy machine can stall a prompt answer past the "late" mark; only
                // late chunks that arrived early are a change in the example.
                if d.aspect == "timing" && d.next == "prompt" {
                    continue;
                }
                stale.push(format!(
                    "{id}/{name} {}:\n    now:      {}\n    recorded: {}",
                    d.aspect, d.ours, d.next
                ));
            }
        }
        drop(started);
    }
    assert!(played > 0, "no scenario was played");
    assert!(
        stale.is_empty(),
        "{} differences between the examples and their transcripts; re-record with \
         `cargo run -p traffic --bin record -- <example>`:\n{}",
        stale.len(),
        stale.join("\n")
    );
}
