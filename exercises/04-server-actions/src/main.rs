//! `cargo run -p exercise-04-server-actions` serves your starter;
//! `cargo run -p exercise-04-server-actions -- check` checks it; `--help` says more.

fn main() -> std::process::ExitCode {
    wire_check::main(exercise_04_server_actions::exercise())
}
