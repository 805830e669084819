//! Runs every example as a child process and keeps it running.
//!
//! For each example: build it with cargo, start its binary with `PORT=0` and
//! `BASE_PATH=/x/<id>`, read its address from the first stdout line, and watch it.
//! A child that dies is restarted (with a growing pause if it keeps dying); an edit to
//! its source rebuilds and restarts it, while the running child keeps serving until the
//! new build is ready (and after a build that fails, like the book does, with the
//! compiler's message in the state); on shutdown every child is stopped and
//! awaited, so none is left behind. Each child also gets its own process group (a
//! Ctrl-C in the terminal reaches only us, and we stop the children in order) and, on
//! Linux, is told to exit if the playground itself dies without cleaning up.

use crate::events::{Event, Events, ExampleState, ExampleStatus};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use traffic::examples;

/// How many of an example's last log lines a crash report quotes.
const LOG_LINES_KEPT: usize = 20;

/// One example the supervisor knows about.
#[derive(Debug)]
pub struct Example {
    pub id: String,
    /// Its cargo package, from the example registry.
    package: String,
    status: Mutex<ExampleStatus>,
    recent_log: Arc<Mutex<VecDeque<String>>>,
    rebuild: Notify,
}

impl Example {
    fn new(example: &examples::Example) -> Example {
        let id = &example.id;
        Example {
            id: id.to_owned(),
            package: example.package(),
            status: Mutex::new(ExampleStatus {
                id: id.to_owned(),
                state: ExampleState::Building,
                pid: None,
                url: None,
                message: None,
            }),
            recent_log: Arc::new(Mutex::new(VecDeque::new())),
            rebuild: Notify::new(),
        }
    }

    pub fn status(&self) -> ExampleStatus {
        self.status.lock().expect("status lock").clone()
    }

    /// The base URL to reach the example directly (its base path included), while a
    /// child serves: ready, or the last good build while a new one builds or failed.
    pub fn ready_url(&self) -> Option<String> {
        let status = self.status();
        status
            .url
            .map(|url| format!("{url}{}", traffic::replay::base_path(&self.id)))
    }

    /// Asks for a rebuild and restart (after its source changed).
    pub fn request_rebuild(&self) {
        self.rebuild.notify_one();
    }

    fn recent_log(&self) -> String {
        let log = self.recent_log.lock().expect("log lock");
        log.iter().cloned().collect::<Vec<_>>().join("\n")
    }
}

/// All examples and the tasks that run them.
pub struct Supervisor {
    examples: Vec<Arc<Example>>,
    stop: watch::Sender<bool>,
    tasks: tokio::sync::Mutex<JoinSet<()>>,
}

impl std::fmt::Debug for Supervisor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Supervisor")
            .field("examples", &self.examples)
            .finish()
    }
}

impl Supervisor {
    /// Starts supervising these examples, in the workspace at `root`.
    pub fn start(root: &Path, chosen: &[examples::Example], events: Events) -> Supervisor {
        let (stop, _) = watch::channel(false);
        let examples: Vec<Arc<Example>> =
            chosen.iter().map(|e| Arc::new(Example::new(e))).collect();
        let mut tasks = JoinSet::new();
        // Builds run one at a time (cargo would serialize them anyway); each example
        // waits for its turn, then keeps running on its own.
        let build_turn = Arc::new(tokio::sync::Mutex::new(()));
        for example in &examples {
            let runner = Runner {
                root: root.to_owned(),
                example: example.clone(),
                events: events.clone(),
                stop: stop.subscribe(),
                build_turn: build_turn.clone(),
            };
            tasks.spawn(runner.run());
        }
        Supervisor {
            examples,
            stop,
            tasks: tokio::sync::Mutex::new(tasks),
        }
    }

    pub fn examples(&self) -> &[Arc<Example>] {
        &self.examples
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Example>> {
        self.examples.iter().find(|e| e.id == id)
    }

    /// Stops every child and waits until each has exited.
    pub async fn shutdown(&self) {
        let _ = self.stop.send(true);
        let mut tasks = self.tasks.lock().await;
        while tasks.join_next().await.is_some() {}
    }
}

/// The loop that builds, starts and restarts one example.
struct Runner {
    root: PathBuf,
    example: Arc<Example>,
    events: Events,
    stop: watch::Receiver<bool>,
    build_turn: Arc<tokio::sync::Mutex<()>>,
}

/// What ended one run of the child.
enum Ended {
    Stop,
    /// The source changed; the child is still running and serves until the new build
    /// is ready (or, when it fails, until the next one is).
    Rebuild(Serving),
    Exited(String),
}

/// A running child: the last good build.
struct Serving {
    child: tokio::process::Child,
    url: String,
}

impl Serving {
    fn pid(serving: &Option<Serving>) -> Option<u32> {
        serving.as_ref().and_then(|s| s.child.id())
    }

    fn url(serving: &Option<Serving>) -> Option<String> {
        serving.as_ref().map(|s| s.url.clone())
    }
}

impl Runner {
    async fn run(mut self) {
        let package = self.example.package.clone();
        let mut pause = Duration::from_millis(250);
        // The last good build, still running while a new one builds or after it failed.
        let mut serving: Option<Serving> = None;
        'build: loop {
            self.set(
                ExampleState::Building,
                Serving::pid(&serving),
                Serving::url(&serving),
                None,
            );
            let built = {
                let _turn = self.build_turn.lock().await;
                tokio::select! {
                    result = traffic::launch::cargo_build(&self.root, std::slice::from_ref(&package)) => result,
                    _ = self.stop.wait_for(|s| *s) => break 'build,
                }
            };
            let program = built.and_then(|binaries| {
                let program = binaries.get(&package).map(Path::to_owned);
                program.map_err(|no_binary| no_binary.to_string())
            });
            let program = match program {
                Ok(program) => program,
                Err(message) => {
                    tracing::warn!("{package} does not build");
                    match self
                        .keep_serving_after_failed_build(&mut serving, message)
                        .await
                    {
                        AfterFailure::Rebuild => continue 'build,
                        AfterFailure::Stop => break 'build,
                    }
                }
            };
            if let Some(mut old) = serving.take() {
                stop_child(&mut old.child).await;
            }
            loop {
                let started_at = Instant::now();
                let ended = self.run_once(&package, &program).await;
                match ended {
                    Ended::Stop => break 'build,
                    Ended::Rebuild(running) => {
                        serving = Some(running);
                        continue 'build;
                    }
                    Ended::Exited(how) => {
                        // A child that stayed up a while gets a quick restart again.
                        if started_at.elapsed() > Duration::from_secs(30) {
                            pause = Duration::from_millis(250);
                        }
                        let message = format!(
                            "{how}; restarting in {} ms\n{}",
                            pause.as_millis(),
                            self.example.recent_log()
                        );
                        tracing::warn!("{package}: {how}");
                        self.set(ExampleState::Crashed, None, None, Some(message));
                        tokio::select! {
                            _ = tokio::time::sleep(pause) => {}
                            _ = self.example.rebuild.notified() => continue 'build,
                            _ = self.stop.wait_for(|s| *s) => break 'build,
                        }
                        pause = (pause * 2).min(Duration::from_secs(10));
                    }
                }
            }
        }
        if let Some(mut old) = serving.take() {
            stop_child(&mut old.child).await;
        }
        self.set(ExampleState::Stopped, None, None, None);
    }

    /// After a failed build: the last good child (if any) keeps serving, and the state
    /// says so with the compiler's message, until the next edit or shutdown.
    async fn keep_serving_after_failed_build(
        &mut self,
        serving: &mut Option<Serving>,
        compiler: String,
    ) -> AfterFailure {
        loop {
            let message = match serving {
                Some(_) => format!(
                    "the last good build is still serving; the new one does not compile:\n{compiler}"
                ),
                None => compiler.clone(),
            };
            self.set(
                ExampleState::Failed,
                Serving::pid(serving),
                Serving::url(serving),
                Some(message),
            );
            let exited = async {
                match serving.as_mut() {
                    Some(running) => {
                        let _ = running.child.wait().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = self.example.rebuild.notified() => return AfterFailure::Rebuild,
                _ = self.stop.wait_for(|s| *s) => return AfterFailure::Stop,
                _ = exited => {}
            }
            // The last good child died too: nothing serves until the code compiles.
            *serving = None;
        }
    }

    /// Starts the child once and waits for it to end, for a rebuild, or for shutdown.
    async fn run_once(&mut self, package: &str, program: &Path) -> Ended {
        let base = traffic::replay::base_path(&self.example.id);
        let log = self.example.recent_log.clone();
        let id = self.example.id.clone();
        let started = traffic::launch::start(
            program,
            &[("BASE_PATH", base.as_str())],
            isolate_child,
            move |line| {
                tracing::debug!(target: "example", "{id}: {line}");
                let mut log = log.lock().expect("log lock");
                if log.len() == LOG_LINES_KEPT {
                    log.pop_front();
                }
                log.push_back(line);
            },
        )
        .await;
        let mut started = match started {
            Ok(s) => s,
            Err(e) => return Ended::Exited(e.to_string()),
        };
        let pid = started.child.id();
        self.set(ExampleState::Ready, pid, Some(started.url.clone()), None);
        tracing::info!("{package} ready at {}", started.url);
        let ended = tokio::select! {
            status = started.child.wait() => {
                return Ended::Exited(match status {
                    Ok(s) => format!("exited ({s})"),
                    Err(e) => format!("could not be watched: {e}"),
                });
            }
            _ = self.example.rebuild.notified() => {
                return Ended::Rebuild(Serving { child: started.child, url: started.url });
            }
            _ = self.stop.wait_for(|s| *s) => Ended::Stop,
        };
        stop_child(&mut started.child).await;
        ended
    }

    fn set(
        &self,
        state: ExampleState,
        pid: Option<u32>,
        url: Option<String>,
        message: Option<String>,
    ) {
        let status = ExampleStatus {
            id: self.example.id.clone(),
            state,
            pid,
            url,
            message,
        };
        *self.example.status.lock().expect("status lock") = status.clone();
        let _ = self.events.send(Event::Example(status));
    }
}

/// What to do once a failed build is followed by something.
enum AfterFailure {
    Rebuild,
    Stop,
}

/// Asks the child to stop (SIGTERM), then kills it if it has not gone within 3 s.
async fn stop_child(child: &mut tokio::process::Child) {
    #[cfg(unix)]
    if let Some(pid) = child.id() {
        // SAFETY: kill(2) with a pid we own and a valid signal number has no memory effects.
        #[allow(unsafe_code)]
        unsafe {
            libc::kill(pid as libc::pid_t, libc::SIGTERM);
        }
        if tokio::time::timeout(Duration::from_secs(3), child.wait())
            .await
            .is_ok()
        {
            return;
        }
    }
    let _ = child.kill().await;
}

/// Own process group, and (Linux) a SIGTERM if the playground dies first.
fn isolate_child(command: &mut tokio::process::Command) {
    #[cfg(unix)]
    command.process_group(0);
    #[cfg(target_os = "linux")]
    {
        // SAFETY: prctl(PR_SET_PDEATHSIG) is async-signal-safe and touches no memory of
        // ours; it runs in the forked child just before exec. The signal fires when the
        // *thread* that spawned the child ends: we spawn from runtime worker threads,
        // which live as long as the playground.
        #[allow(unsafe_code)]
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
}
