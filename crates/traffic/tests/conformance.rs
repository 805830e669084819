//! Conformance: every scenario of every example, our transcript against the one
//! recorded from real Next.js (reference/nextjs/transcripts/next-16.4.6/). A scenario
//! without our transcript fails here too (`transcripts_are_current` says how to record it).
//!
//! A difference fails the test unless `reference/nextjs/accepted-differences.json`
//! lists it with its reason; an accepted difference that no longer occurs fails too,
//! so the list stays true. Run with `--nocapture` to see the full table.

use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use traffic::conformance::{compare, Difference};
use traffic::Exchange;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Accepted {
    /// `<example>/<scenario>`.
    scenario: String,
    /// An aspect `compare` reports (`status`, `header:vary`, `body`...).
    aspect: String,
    reason: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> Exchange {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn our_examples_answer_like_real_nextjs() {
    let root = root();
    let accepted_file = root.join("reference/nextjs/accepted-differences.json");
    let accepted: Vec<Accepted> =
        serde_json::from_str(&std::fs::read_to_string(&accepted_file).unwrap()).unwrap();
    for a in &accepted {
        assert!(
            !a.reason.trim().is_empty(),
            "{}: {} has no reason",
            a.scenario,
            a.aspect
        );
    }
    let is_accepted = |scenario: &str, aspect: &str| {
        accepted
            .iter()
            .any(|a| a.scenario == scenario && a.aspect == aspect)
    };

    let mut used = BTreeSet::new();
    let mut unexplained: Vec<String> = Vec::new();
    let (mut total, mut identical, mut explained) = (0, 0, 0);
    for example in traffic::examples::all(&root).unwrap() {
        for name in example.scenario_names().unwrap() {
            let scenario = format!("{}/{name}", example.id);
            let ours_file = example.transcript_file(&name);
            let next_file = example.next_transcript_file(&name);
            total += 1;
            let differences: Vec<Difference> = if !ours_file.is_file() {
                vec![Difference {
                    aspect: "recorded".into(),
                    ours: "no transcript of ours".into(),
                    next: "not compared".into(),
                }]
            } else if next_file.is_file() {
                compare(&read(&ours_file), &read(&next_file))
            } else {
                vec![Difference {
                    aspect: "recorded".into(),
                    ours: "recorded".into(),
                    next: "no transcript from real Next.js".into(),
                }]
            };
            if differences.is_empty() {
                identical += 1;
                println!("match     {scenario}");
                continue;
            }
            let mut all_accepted = true;
            for d in &differences {
                if is_accepted(&scenario, &d.aspect) {
                    used.insert((scenario.clone(), d.aspect.clone()));
                } else {
                    all_accepted = false;
                    unexplained.push(format!(
                        "{scenario} {}:\n    ours: {}\n    next: {}",
                        d.aspect, d.ours, d.next
                    ));
                }
            }
            if all_accepted {
                explained += 1;
                println!(
                    "accepted  {scenario} ({} known differences)",
                    differences.len()
                );
            } else {
                println!("DIFFERS   {scenario}");
            }
        }
    }
    println!(
        "\nconformance: {identical} of {total} scenarios match real Next.js exactly on what a learner sees; \
         {explained} more differ only in accepted ways"
    );
    let stale: Vec<String> = accepted
        .iter()
        .filter(|a| !used.contains(&(a.scenario.clone(), a.aspect.clone())))
        .map(|a| format!("{} {}", a.scenario, a.aspect))
        .collect();
    assert!(
        unexplained.is_empty(),
        "differences from real Next.js that {} does not accept:\n{}",
        accepted_file.display(),
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "accepted differences that no longer occur (remove them): {stale:?}"
    );
    assert!(total > 0, "no transcripts found");
}
