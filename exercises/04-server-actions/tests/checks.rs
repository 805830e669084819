//! Proof that the checks are real: the solution passes them all, and the untouched
//! starter fails exactly the ones the exercise is about. Once you solve the exercise,
//! the second test fails and says so; `git checkout` on the starter brings it back.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_solution_passes_every_check() {
    wire_check::assert_solution_passes(&exercise_04_server_actions::exercise()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_untouched_starter_fails_exactly_its_goals() {
    wire_check::assert_starter_fails_its_goals(&exercise_04_server_actions::exercise()).await;
}
