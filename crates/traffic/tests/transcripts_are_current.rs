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
use traffic::scenario::{ExampleDirs, Scenario};
use traffic::Exchange;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every example that has recorded transcripts.
fn examples_with_transcripts(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("transcripts").is_dir() && path.join("scenarios").is_dir())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_transcript_matches_what_its_example_sends_now() {
    let root = root();
    let examples = examples_with_transcripts(&root);
    let packages: Vec<String> = examples.iter().map(|id| format!("example-{id}")).collect();
    launch::cargo_build(&root, &packages)
        .await
        .unwrap_or_else(|e| panic!("the examples do not build:\n{e}"));
    let http = client::loopback_client();
    let mut stale = Vec::new();
    let mut played = 0;
    for id in &examples {
        let program = launch::debug_binary(&root, &format!("example-{id}"));
        let started = launch::start(&program, &[], |_| {}, |_| {})
            .await
            .unwrap_or_else(|e| panic!("starting example-{id}: {e}"));
        let dirs = ExampleDirs::new(&root, id);
        for name in dirs.scenario_names().unwrap() {
            let scenario = Scenario::load(&dirs.scenario_file(&name)).unwrap();
            let spec = RequestSpec {
                method: scenario.method.clone(),
                path: scenario.path.clone(),
                headers: scenario.headers.clone(),
                body: scenario.body_bytes(),
            };
            let now = client::send(&http, &started.url, &spec, client::DEFAULT_BODY_CAP).await;
            let file = dirs.transcript_file(&name);
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
