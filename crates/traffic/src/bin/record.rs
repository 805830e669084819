//! `record`: plays an example's scenarios and writes one transcript per scenario.
//!
//! Against our own example (built and started for you):
//!     cargo run -p traffic --bin record -- api-routes
//! Against a real Next.js server that is already running:
//!     cargo run -p traffic --bin record -- --base http://127.0.0.1:3100 --label next-16.4.6 api-routes

use anyhow::{Context, Result};
use clap::Parser;
use std::path::{Path, PathBuf};
use traffic::client::{self, RequestSpec};
use traffic::examples;
use traffic::launch;

#[derive(Parser, Debug)]
#[command(about = "Play each scenario of the named examples and write their transcripts")]
struct Args {
    /// Example ids (folders under examples/), e.g. `api-routes`. Default: all of them.
    examples: Vec<String>,
    /// Record against a server already running at this URL instead of starting the example.
    #[arg(long)]
    base: Option<String>,
    /// With --base: the folder name under reference/nextjs/transcripts/ to write to.
    #[arg(long, requires = "base")]
    label: Option<String>,
    /// Only the scenarios with these names.
    #[arg(long = "only")]
    only: Vec<String>,
    /// The repository root (default: found from the current directory).
    #[arg(long)]
    root: Option<PathBuf>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args = Args::parse();
    let root = match args.root.clone() {
        Some(r) => r,
        None => find_root()?,
    };
    let chosen = if args.examples.is_empty() {
        examples::all(&root)?
    } else {
        args.examples
            .iter()
            .map(|id| examples::find(&root, id))
            .collect::<Result<_, _>>()?
    };
    let http = client::loopback_client();
    for example in &chosen {
        let id = &example.id;
        let (base, out_dir, label, _child) = match (&args.base, &args.label) {
            (Some(base), label) => {
                let label = label.clone().unwrap_or_else(|| "external".to_owned());
                let out = example.reference_transcripts_dir(&label);
                (base.clone(), out, label, None)
            }
            (None, _) => {
                let package = example.package();
                eprintln!("building {package} ...");
                let binaries = launch::cargo_build(&root, std::slice::from_ref(&package))
                    .await
                    .map_err(|e| anyhow::anyhow!("{package} does not build:\n{e}"))?;
                let program = binaries.get(&package)?;
                let started = launch::start(program, &[], |_| {}, |line| eprintln!("  | {line}"))
                    .await
                    .with_context(|| format!("starting {package}"))?;
                (
                    started.url.clone(),
                    example.transcripts_dir(),
                    id.clone(),
                    Some(started.child),
                )
            }
        };
        std::fs::create_dir_all(&out_dir)
            .with_context(|| format!("creating {}", out_dir.display()))?;
        let mut names = example
            .scenario_names()
            .with_context(|| format!("listing {}", example.scenarios_dir().display()))?;
        if !args.only.is_empty() {
            names.retain(|n| args.only.contains(n));
        }
        for name in names {
            let scenario = example.scenario(&name)?;
            let spec = RequestSpec::from(&scenario);
            let mut exchange = client::send(&http, &base, &spec, client::DEFAULT_BODY_CAP).await;
            exchange.example = label.clone();
            exchange.scenario = Some(name.clone());
            let status = match (&exchange.response, &exchange.error) {
                (_, Some(e)) => format!("error: {e}"),
                (Some(r), None) => format!("{} {}", r.status, r.reason),
                (None, None) => "no response".to_owned(),
            };
            let file = out_dir.join(format!("{name}.json"));
            let json = serde_json::to_string_pretty(&exchange)? + "\n";
            std::fs::write(&file, json).with_context(|| format!("writing {}", file.display()))?;
            eprintln!("{id}/{name}: {status} -> {}", relative(&root, &file));
        }
    }
    Ok(())
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The nearest folder upwards from here that holds `book.toml`.
fn find_root() -> Result<PathBuf> {
    examples::find_repo_root(&std::env::current_dir()?)
        .context("run this inside the repository (no book.toml found upwards), or pass --root")
}
