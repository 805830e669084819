//! `check --share`: the results of a real run of this exercise's checks reach a real
//! classroom playground and are counted per check; without a classroom, the learner
//! is told that sharing is off.

use playground_server::class_answers::Tally;
use playground_server::{Options, Playground};
use wire_check::share::{share, share_body, ShareError};
use wire_check::{run_checks, Variant};

async fn playground(token: Option<&str>) -> Playground {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut options = Options::new(root);
    options.port = 0;
    options.watch = false;
    options.examples = Some(Vec::new());
    options.instructor_token = token.map(str::to_owned);
    playground_server::start(options).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_check_results_are_counted_per_check() {
    let exercise = exercise_01_api_routes::exercise();
    let outcomes = run_checks(&exercise, Variant::Starter).await.unwrap();
    let classroom = playground(Some("share-test-token-0001")).await;
    share(&classroom.url(), &share_body(&exercise, &outcomes))
        .await
        .unwrap();
    let boards = classroom.state.answers.snapshot();
    assert_eq!(boards.len(), exercise.checks.len(), "{boards:?}");
    for outcome in &outcomes {
        let board = boards
            .iter()
            .find(|b| matches!(&b.tally, Tally::Check { check, .. } if check == outcome.check.what))
            .unwrap_or_else(|| panic!("no board for {:?}", outcome.check.what));
        let expected = if outcome.result.is_ok() {
            (1, 0)
        } else {
            (0, 1)
        };
        let Tally::Check {
            passed,
            failed,
            exercise: name,
            ..
        } = &board.tally
        else {
            unreachable!()
        };
        assert_eq!((*passed, *failed), expected, "{}", outcome.check.what);
        assert_eq!(name, "exercise-01-api-routes");
    }
    classroom.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_classroom_sharing_is_refused_with_the_reason() {
    let exercise = exercise_01_api_routes::exercise();
    let outcomes = run_checks(&exercise, Variant::Solution).await.unwrap();
    let alone = playground(None).await;
    let error = share(&alone.url(), &share_body(&exercise, &outcomes))
        .await
        .unwrap_err();
    assert!(
        matches!(error, ShareError::Refused { status: 404, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("--classroom"), "{error}");
    alone.shutdown().await;
}
