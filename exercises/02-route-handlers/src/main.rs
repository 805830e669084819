//! `cargo run -p exercise-02-route-handlers` serves your starter;
//! `cargo run -p exercise-02-route-handlers -- check` checks it; `--help` says more.

fn main() -> std::process::ExitCode {
    wire_check::main(exercise_02_route_handlers::exercise())
}
