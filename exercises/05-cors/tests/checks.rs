//! Proof that the checks are real: the solution passes them all, and the untouched
//! starter fails exactly the ones the exercise is about. Once you solve the exercise,
//! the second test fails and says so; `git checkout` on the starter brings it back.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_solution_passes_every_check() {
    wire_check::assert_solution_passes(&exercise_05_cors::exercise()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_untouched_starter_fails_exactly_its_goals() {
    wire_check::assert_starter_fails_its_goals(&exercise_05_cors::exercise()).await;
}

/// A failed check ends with a curl command that repeats its request: it must reach
/// the exercise's own server, as `cargo run -p exercise-05-cors` serves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_check_says_how_to_send_its_request_again() {
    let exercise = exercise_05_cors::exercise();
    let starter = wire_check::Variant::Starter;
    let outcomes = wire_check::run_checks(&exercise, starter)
        .await
        .expect("the starter starts on a free port");
    let report = wire_check::report(&exercise, starter, &outcomes);
    assert!(
        report.contains("'http://127.0.0.1:4005/api/quotes'"),
        "{report}"
    );
    assert!(!report.contains("/x/"), "{report}");
}
