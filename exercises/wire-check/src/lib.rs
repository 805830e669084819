//! What the workshop exercises share.
//!
//! Each exercise is a crate under `exercises/` with a **starter** (the file the learner
//! edits), a **solution**, and a list of **checks**. A check starts nothing itself: it
//! gets a [`Wire`] to an app already listening on `127.0.0.1`, sends real HTTP, and
//! says what it expected when the answer is wrong. This crate runs them:
//!
//! - [`main`] is the exercise's command line: `serve` (the default) runs the starter
//!   on a fixed port for curl and the browser, `check` runs every check against it
//!   and prints each as passed or failed, with a hint and a curl command to retry.
//! - [`assert_solution_passes`] and [`assert_starter_fails_its_goals`] are what
//!   `cargo test` runs: the solution must pass every check, and the untouched starter
//!   must fail exactly the checks marked as the exercise's goals. So no check is a
//!   test that cannot fail, and none fails for a reason the exercise is not about.

pub mod share;
pub mod wire;

pub use wire::{multipart, Failure, Reply, Server, Wire};

use axum::Router;
use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use futures_util::future::BoxFuture;
use std::fmt::Write as _;
use std::future::Future;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// What a check returns: `Ok` when the answer was right.
pub type CheckResult = Result<(), Failure>;

type CheckFn = dyn Fn(Wire) -> BoxFuture<'static, CheckResult> + Send + Sync;

/// One thing the app must do, checked over HTTP.
#[derive(Clone)]
pub struct Check {
    /// What must be true, as one line: `PUT /api/notes gets 405`.
    pub what: &'static str,
    /// Whether this is what the exercise asks for. The starter fails every goal and
    /// passes every other check (those guard what already works).
    pub goal: bool,
    /// Where to look when it fails.
    pub hint: &'static str,
    run: Arc<CheckFn>,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check")
            .field("what", &self.what)
            .field("goal", &self.goal)
            .finish()
    }
}

impl Check {
    /// A check for what the exercise asks: the untouched starter fails it.
    pub fn goal<F, Fut>(what: &'static str, hint: &'static str, run: F) -> Check
    where
        F: Fn(Wire) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = CheckResult> + Send + 'static,
    {
        Check::new(what, true, hint, run)
    }

    /// A check for what already works and must keep working: the starter passes it.
    pub fn keeps<F, Fut>(what: &'static str, hint: &'static str, run: F) -> Check
    where
        F: Fn(Wire) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = CheckResult> + Send + 'static,
    {
        Check::new(what, false, hint, run)
    }

    fn new<F, Fut>(what: &'static str, goal: bool, hint: &'static str, run: F) -> Check
    where
        F: Fn(Wire) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = CheckResult> + Send + 'static,
    {
        Check {
            what,
            goal,
            hint,
            run: Arc::new(move |wire| Box::pin(run(wire))),
        }
    }
}

/// One exercise: its two apps and its checks.
#[derive(Debug)]
pub struct Exercise {
    /// 1 to 5; the `serve` command's default port is 4000 + this.
    pub number: u8,
    /// What to do, in a few words.
    pub title: &'static str,
    /// The cargo package: `exercise-01-api-routes`.
    pub package: &'static str,
    /// The file the learner edits, from the repository root.
    pub starter_file: &'static str,
    /// Where the exercise is explained, from the repository root.
    pub chapter: &'static str,
    pub starter: fn() -> Router,
    pub solution: fn() -> Router,
    /// Run in this order, against one server.
    pub checks: Vec<Check>,
    /// Requests worth trying by hand; `{base}` becomes the server's address.
    pub try_it: &'static [&'static str],
}

impl Exercise {
    /// Where `serve` listens unless told otherwise, so curl commands can be copied.
    pub fn default_port(&self) -> u16 {
        4000 + u16::from(self.number)
    }

    fn default_base(&self) -> String {
        format!("http://127.0.0.1:{}", self.default_port())
    }
}

/// Which app to run: the learner's file or the solution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Starter,
    Solution,
}

impl Variant {
    fn app(self, exercise: &Exercise) -> Router {
        match self {
            Variant::Starter => (exercise.starter)(),
            Variant::Solution => (exercise.solution)(),
        }
    }

    fn describe(self, exercise: &Exercise) -> String {
        match self {
            Variant::Starter => format!("your starter ({})", exercise.starter_file),
            Variant::Solution => "the solution".to_owned(),
        }
    }
}

/// The result of one check.
#[derive(Debug)]
pub struct Outcome {
    pub check: Check,
    pub result: CheckResult,
}

/// Serves `variant` on a free port and runs every check against it, in order.
pub async fn run_checks(exercise: &Exercise, variant: Variant) -> std::io::Result<Vec<Outcome>> {
    let server = Server::start(variant.app(exercise), 0).await?;
    let mut outcomes = Vec::new();
    for check in &exercise.checks {
        // A check sends a few requests, each with its own timeout; this is a backstop.
        let limit = Duration::from_secs(120);
        let result = match tokio::time::timeout(limit, (check.run)(server.wire())).await {
            Ok(result) => result,
            Err(_) => Err(Failure::new("the check did not finish within 120 s")),
        };
        outcomes.push(Outcome {
            check: check.clone(),
            result,
        });
    }
    Ok(outcomes)
}

/// The outcomes as the `check` command prints them.
pub fn report(exercise: &Exercise, variant: Variant, outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Exercise {}: {}", exercise.number, exercise.title);
    let _ = writeln!(out, "Checking {}\n", variant.describe(exercise));
    for outcome in outcomes {
        match &outcome.result {
            Ok(()) => {
                let _ = writeln!(out, "  ✓ passed  {}", outcome.check.what);
            }
            Err(failure) => {
                let _ = writeln!(out, "  ✗ FAILED  {}", outcome.check.what);
                write_failure(&mut out, exercise, &outcome.check, failure);
            }
        }
    }
    let passed = outcomes.iter().filter(|o| o.result.is_ok()).count();
    let _ = writeln!(out, "\n{passed} of {} checks passed.", outcomes.len());
    if passed == outcomes.len() {
        if variant == Variant::Starter {
            let _ = writeln!(
                out,
                "Well done: exercise {} is solved. Compare with {} and the notes in {}.",
                exercise.number,
                exercise.starter_file.replace("starter.rs", "solution.rs"),
                exercise.chapter
            );
        }
    } else {
        let _ = writeln!(
            out,
            "Edit {}, then run `cargo run -p {} -- check` again. The exercise is explained in {}.",
            exercise.starter_file, exercise.package, exercise.chapter
        );
    }
    out
}

/// Indented lines under a failed check: why, what was sent and received, a hint,
/// and a curl command that repeats the request.
fn write_failure(out: &mut String, exercise: &Exercise, check: &Check, failure: &Failure) {
    const INDENT: &str = "            ";
    for line in failure.message.lines().flat_map(|line| wrap(line, 80)) {
        let _ = writeln!(out, "{INDENT}{line}");
    }
    if let Some(exchange) = &failure.exchange {
        let _ = writeln!(out, "{INDENT}what went over the wire:");
        for line in exchange_summary(exchange).lines() {
            let _ = writeln!(out, "{}", format!("{INDENT}│ {line}").trim_end());
        }
    }
    for line in wrap(&format!("hint: {}", check.hint), 76) {
        let _ = writeln!(out, "{INDENT}{line}");
    }
    let try_it = match (&failure.try_it, &failure.exchange) {
        (Some(command), _) => Some(command.replace("{base}", &exercise.default_base())),
        (None, Some(exchange)) => {
            let body = exchange.request.body.text.as_deref().unwrap_or("");
            // A multipart body makes an unreadable curl command: skip it.
            (!body.contains('\r')).then(|| {
                let curl = traffic::curl::to_curl_at(exchange, &exercise.default_base());
                if curl.len() < 100 {
                    curl.replace(" \\\n  ", " ")
                } else {
                    curl
                }
            })
        }
        (None, None) => None,
    };
    if let Some(command) = try_it {
        let _ = writeln!(
            out,
            "{INDENT}try it by hand, with `cargo run -p {}` running:",
            exercise.package
        );
        for line in command.lines() {
            let _ = writeln!(out, "{INDENT}  {line}");
        }
    }
}

/// Splits `text` into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The request line, then the response as `traffic` renders it, with only the start
/// of the body (a check's message says what was wrong; the body is context).
fn exchange_summary(exchange: &traffic::Exchange) -> String {
    const BODY_SHOWN: usize = 400;
    let request = &exchange.request;
    format!(
        "{} {}\n{}",
        request.method,
        request.path,
        traffic::render::response_text(exchange, BODY_SHOWN)
    )
}

/// `cargo test`: the solution passes every check.
pub async fn assert_solution_passes(exercise: &Exercise) {
    let outcomes = run_checks(exercise, Variant::Solution)
        .await
        .expect("the solution starts on a free port");
    let failed: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.result.is_err())
        .map(|o| o.check.what)
        .collect();
    assert!(
        failed.is_empty(),
        "exercise {}'s solution fails {failed:?}: a check or the solution is wrong.\n\n{}",
        exercise.number,
        report(exercise, Variant::Solution, &outcomes)
    );
}

/// `cargo test`: the untouched starter fails every goal check and passes the others.
/// A learner who solved the exercise makes this test fail; the message says so.
pub async fn assert_starter_fails_its_goals(exercise: &Exercise) {
    assert!(
        exercise.checks.iter().any(|c| c.goal),
        "exercise {} has no goal check: nothing to do",
        exercise.number
    );
    let outcomes = run_checks(exercise, Variant::Starter)
        .await
        .expect("the starter starts on a free port");
    let goals_passed: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.check.goal && o.result.is_ok())
        .map(|o| o.check.what)
        .collect();
    let others_failed: Vec<&str> = outcomes
        .iter()
        .filter(|o| !o.check.goal && o.result.is_err())
        .map(|o| o.check.what)
        .collect();
    let restore = format!("`git checkout {}` restores it", exercise.starter_file);
    let n = exercise.number;
    let shown = report(exercise, Variant::Starter, &outcomes);
    if goals_passed.len() == outcomes.iter().filter(|o| o.check.goal).count() {
        panic!(
            "exercise {n}'s starter now passes: if you solved it, well done; {restore}.\n\n{shown}"
        );
    }
    assert!(
        goals_passed.is_empty(),
        "exercise {n}'s starter now passes some of its goal checks ({goals_passed:?}): if you \
         are working on it, carry on; {restore}.\n\n{shown}"
    );
    assert!(
        others_failed.is_empty(),
        "exercise {n}'s starter fails checks it should pass ({others_failed:?}): an edit broke \
         what already worked, or a check is wrong; {restore}.\n\n{shown}"
    );
}

/// The exercise's command line.
#[derive(Debug, Parser)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve your starter on 127.0.0.1, to try with curl or a browser (the default).
    Serve {
        /// The port to listen on (0 picks a free one). Default: 4000 + the exercise number.
        #[arg(long)]
        port: Option<u16>,
        /// Serve the solution instead of your starter.
        #[arg(long)]
        solution: bool,
    },
    /// Run the exercise's checks against your starter and print each one.
    ///
    /// Starts your starter on a free port, sends real HTTP requests and prints every
    /// check as passed or FAILED, with what went over the wire, a hint and a curl
    /// command to repeat the request. Exits with status 1 if any check fails.
    Check {
        /// Check the solution instead of your starter.
        #[arg(long)]
        solution: bool,
        /// Then share which checks passed with the class, on the instructor's projector:
        /// give the playground address the instructor shared (http://<address>:3000).
        #[arg(long, value_name = "PLAYGROUND")]
        share: Option<String>,
    },
}

/// Runs the exercise's command line; `main.rs` is one call to this.
pub fn main(exercise: Exercise) -> ExitCode {
    let about = format!("Exercise {}: {}", exercise.number, exercise.title);
    let after_help = format!(
        "You edit {}. `cargo run -p {pkg}` serves it on http://127.0.0.1:{}; \
         `cargo run -p {pkg} -- check` checks it. The exercise is explained in {}.",
        exercise.starter_file,
        exercise.default_port(),
        exercise.chapter,
        pkg = exercise.package,
    );
    let matches = Cli::command()
        .name(exercise.package)
        .about(about)
        .after_help(after_help)
        .get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let command = cli.command.unwrap_or(Command::Serve {
        port: None,
        solution: false,
    });
    runtime.block_on(async move {
        match command {
            Command::Serve { port, solution } => {
                let port = port.unwrap_or(exercise.default_port());
                serve(&exercise, variant(solution), port).await
            }
            Command::Check { solution, share } => {
                check(&exercise, variant(solution), share.as_deref()).await
            }
        }
    })
}

fn variant(solution: bool) -> Variant {
    if solution {
        Variant::Solution
    } else {
        Variant::Starter
    }
}

async fn serve(exercise: &Exercise, variant: Variant, port: u16) -> ExitCode {
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let server = match Server::start_until(variant.app(exercise), port, stop).await {
        Ok(server) => server,
        Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "error: port {port} is in use (is this exercise already running in another \
                 terminal?). Stop the other one, or pick a port: `cargo run -p {} -- serve --port 0`",
                exercise.package
            );
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("listening on {}", server.base);
    println!(
        "Exercise {}: {}. Serving {}; Ctrl+C stops it.",
        exercise.number,
        exercise.title,
        variant.describe(exercise)
    );
    println!("Try:");
    for line in exercise.try_it {
        println!("  {}", line.replace("{base}", &server.base));
    }
    println!("Check it with: cargo run -p {} -- check", exercise.package);
    server.wait().await;
    ExitCode::SUCCESS
}

async fn check(exercise: &Exercise, variant: Variant, share_with: Option<&str>) -> ExitCode {
    match run_checks(exercise, variant).await {
        Ok(outcomes) => {
            print!("{}", report(exercise, variant, &outcomes));
            if let Some(playground) = share_with {
                let body = share::share_body(exercise, &outcomes);
                match share::share(playground, &body).await {
                    Ok(()) => println!(
                        "Shared with the class: which of the {} checks passed (no name, no code).",
                        outcomes.len()
                    ),
                    Err(error) => {
                        eprintln!("error: not shared: {error}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            if outcomes.iter().all(|o| o.result.is_ok()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("error: cannot start the app on 127.0.0.1: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        let lines = wrap("one two three four five", 9);
        assert_eq!(lines, ["one two", "three", "four five"]);
        // A word longer than the width gets a line of its own, unbroken.
        assert_eq!(wrap("a verylongword b", 4), ["a", "verylongword", "b"]);
    }
}
