//! `flight`: read React's wire format from a recorded exchange or a raw payload.
//!
//! ```text
//! cargo run -p flight -- examples/server-components/transcripts/rsc.json
//! cargo run -p flight -- --json capture.har
//! curl -s -H 'RSC: 1' localhost:3000/dashboard | cargo run -p flight -- -
//! ```

mod cli;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(&args, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        // `flight … | head` closes the pipe early: not an error worth a message.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("flight: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
