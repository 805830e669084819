//! `cargo run -p exercise-05-cors` serves your starter;
//! `cargo run -p exercise-05-cors -- check` checks it; `--help` says more.

fn main() -> std::process::ExitCode {
    wire_check::main(exercise_05_cors::exercise())
}
