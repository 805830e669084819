//! `cargo run -p exercise-01-api-routes` serves your starter;
//! `cargo run -p exercise-01-api-routes -- check` checks it; `--help` says more.

fn main() -> std::process::ExitCode {
    wire_check::main(exercise_01_api_routes::exercise())
}
