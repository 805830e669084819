//! `cargo run -p exercise-03-server-components` serves your starter;
//! `cargo run -p exercise-03-server-components -- check` checks it; `--help` says more.

fn main() -> std::process::ExitCode {
    wire_check::main(exercise_03_server_components::exercise())
}
