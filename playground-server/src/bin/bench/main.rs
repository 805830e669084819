//! `cargo run --release -p playground-server --bin bench`: measures the playground
//! and writes the figures into `BENCHMARKS.md` (the `bench` section, or `load` with
//! `--load`), with the command and the machine.
//!
//! Everything runs on 127.0.0.1 and every loop is bounded by a count or a duration.
//! The playground runs in a child process (this binary again, in `__serve` mode), so
//! its resident memory is measured alone, without the load generator's.

mod child;
mod class;
mod figures;
mod measure;
mod report;

use anyhow::{Context, Result};
use clap::Parser;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(about = "Measure the playground (loopback only) and write BENCHMARKS.md")]
struct Args {
    /// Simulate a class instead: browsers loading a chapter, holding the event stream
    /// and sending requests.
    #[arg(long)]
    load: bool,
    /// Browsers in the class simulation.
    #[arg(long, default_value_t = 60)]
    browsers: usize,
    /// With --load: run the playground in classroom mode, as `--classroom` does (on
    /// loopback): each browser gets its own session, history and event stream, and
    /// the per-student rate limit applies.
    #[arg(long, requires = "load")]
    classroom: bool,
    /// Seconds the class simulation lasts.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Requests per iteration of each latency measurement.
    #[arg(long, default_value_t = 500)]
    requests: usize,
    /// Where to write the report (default: BENCHMARKS.md at the repository root).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the report only; do not write the file.
    #[arg(long)]
    dry_run: bool,
    /// Internal: serve a playground for the measuring process.
    #[arg(long, hide = true)]
    serve: bool,
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let root = traffic::examples::find_repo_root(&std::env::current_dir()?).context(
        "run the bench inside the repository (no book.toml with examples/ here or above)",
    )?;
    if args.serve {
        return child::serve(root, args.classroom).await;
    }
    let flags: Vec<String> = std::env::args().skip(1).collect();
    let command = match flags.is_empty() {
        true => "cargo run --release -p playground-server --bin bench".to_owned(),
        false => format!(
            "cargo run --release -p playground-server --bin bench -- {}",
            flags.join(" ")
        ),
    };
    let (section, body) = if args.load {
        let figures = class::simulate(&root, args.browsers, args.seconds, args.classroom).await?;
        let section = if args.classroom {
            "load-classroom"
        } else {
            "load"
        };
        (section, figures)
    } else {
        let figures = measure::all(&root, args.requests).await?;
        ("bench", figures)
    };
    let text = report::section(&command, &body);
    println!("{text}");
    if !args.dry_run {
        let out = args.out.unwrap_or_else(|| root.join("BENCHMARKS.md"));
        report::write_section(&out, section, &text)
            .with_context(|| format!("cannot write {}", out.display()))?;
        eprintln!("wrote the {section} section of {}", out.display());
    }
    Ok(())
}
