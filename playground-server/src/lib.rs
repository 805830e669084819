//! The playground: one process, one port, that serves the book, runs the examples and
//! shows their live traffic.
//!
//! - `/`: the built book, rebuilt when `book/` or a transcript changes; open pages reload.
//! - `/x/<example>/...`: a recording proxy to each example (see [`proxy`]).
//! - `/__playground/...`: the JSON API the panels use (see [`api`]).
//!
//! [`start`] returns a running [`Playground`]; `main.rs` only parses flags and waits
//! for Ctrl-C.

pub mod anonymise;
pub mod api;
pub mod book_server;
pub mod class_answers;
pub mod classroom;
pub mod events;
pub mod history;
pub mod host_check;
pub mod instructor_token;
pub mod page_marker;
pub mod projector;
pub mod proxy;
pub mod serve;
pub mod share;
pub mod summary;
pub mod supervisor;
pub mod timeouts;
mod watch;

use anyhow::Result;
use axum::routing::{any, get, post};
use axum::Router;
use book_server::BookServer;
use history::History;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use supervisor::Supervisor;

/// How long the proxy and `send` wait for an example by default (`--upstream-timeout`).
pub const DEFAULT_UPSTREAM_TIMEOUT: Duration = Duration::from_secs(30);

/// How to start a playground.
#[derive(Debug, Clone)]
pub struct Options {
    /// The repository root: where `book.toml` and `examples/` are.
    pub root: PathBuf,
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    /// Which examples to run; `None` runs every folder in `examples/`.
    pub examples: Option<Vec<String>>,
    /// Rebuild the book and the examples when their files change.
    pub watch: bool,
    /// How many exchanges to keep (in classroom mode, of each browser).
    pub history: usize,
    /// How long the proxy and `send` wait for an example before answering 504.
    pub upstream_timeout: Duration,
    /// How long a client may take to send a request head before it is dropped.
    pub header_read_timeout: Duration,
    /// Host names to answer to besides IP addresses and `localhost` (`--allow-host`).
    pub allowed_hosts: Vec<String>,
    /// The token the instructor's projector page needs (`--classroom` prints it); None: no projector page.
    pub instructor_token: Option<String>,
    /// Classroom mode: each browser gets its own history and event stream (a session
    /// cookie), and a rate limit on the proxy and `send` (see [`classroom`]).
    pub classroom: bool,
    /// Each student's limit on the proxy and `send` in classroom mode.
    pub rate_limit: classroom::rate_limit::RateLimit,
    /// The host the book's curl commands and HAR files name when it is not `host`: in
    /// classroom mode the first address students open, as `0.0.0.0` names no machine.
    pub public_host: Option<String>,
}

impl Options {
    pub fn new(root: PathBuf) -> Options {
        Options {
            root,
            host: traffic::replay::PLAYGROUND_HOST.to_owned(),
            port: traffic::replay::PLAYGROUND_PORT,
            examples: None,
            watch: true,
            history: history::DEFAULT_CAPACITY,
            upstream_timeout: DEFAULT_UPSTREAM_TIMEOUT,
            header_read_timeout: serve::HEADER_READ_TIMEOUT,
            allowed_hosts: Vec::new(),
            instructor_token: None,
            classroom: false,
            rate_limit: classroom::rate_limit::RateLimit::default(),
            public_host: None,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub supervisor: Arc<Supervisor>,
    pub book: Arc<BookServer>,
    pub history: Arc<History>,
    pub events: events::Events,
    pub http: reqwest::Client,
    /// The repository root, where the recorded transcripts are (for live-vs-recorded diffs).
    pub root: Arc<PathBuf>,
    /// How long the proxy and `send` wait for an example (`--upstream-timeout`).
    pub upstream_timeout: Duration,
    pub allowed_hosts: host_check::AllowedHosts,
    /// The browsers' sessions in classroom mode; `None`: one shared history.
    pub sessions: Option<Arc<classroom::session::Sessions>>,
    /// Each student's rate limit in classroom mode; `None`: no limit.
    pub rate_limiter: Option<Arc<classroom::rate_limit::RateLimiter>>,
    /// `http://host:port`, this playground as pages and exports name it.
    origin: Arc<str>,
    /// Opens the projector page; `None` turns the projector and sharing off.
    pub instructor_token: Option<instructor_token::InstructorToken>,
    /// Who is "student N" on the projector.
    pub students: Arc<anonymise::Students>,
    /// What the class shared, counted.
    pub answers: Arc<class_answers::ClassAnswers>,
}

impl AppState {
    /// Stores a finished exchange, under the session that caused it, and tells open
    /// pages about it (in classroom mode, only that session's pages see it).
    pub fn record(&self, exchange: traffic::Exchange, session: Option<&str>) {
        let recorded = history::Recorded {
            session: session.map(str::to_owned),
            exchange,
        };
        let summary = summary::ExchangeSummary::from(&recorded);
        self.history.push(recorded);
        let _ = self.events.send(events::Event::Exchange(Box::new(summary)));
    }

    /// `http://host:port`, where the playground listens (or the public host there).
    pub fn origin(&self) -> String {
        self.origin.to_string()
    }

    /// The origin a request reached this playground at (its `Host`, which the host
    /// check accepted), so an exported curl command works from the reader's machine;
    /// [`AppState::origin`] without a `Host`.
    pub fn origin_for(&self, headers: &axum::http::HeaderMap) -> String {
        match headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
        {
            Some(host) if !host.is_empty() => format!("http://{host}"),
            _ => self.origin(),
        }
    }
}

/// All routes.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(api::health))
        .route("/examples", get(api::examples))
        .route("/exchanges", get(api::exchanges))
        .route("/exchanges/{file}", get(api::exchange_file))
        .route("/events", get(api::events))
        .route("/info", get(share::info))
        .route("/share", post(share::share))
        .route("/projector", get(projector::page))
        .route("/projector/events", get(projector::events))
        .route("/projector/reset", post(projector::reset))
        .route("/assets/{file}", get(projector::asset))
        .fallback(api::not_found);
    let book = state.book.clone();
    let allowed_hosts = state.allowed_hosts.clone();
    let sessions = state.sessions.clone();
    let rate_limit = axum::middleware::from_fn_with_state(
        state.rate_limiter.clone(),
        classroom::rate_limit::limit,
    );
    let api = api.route("/send", post(api::send).layer(rate_limit.clone()));
    let proxied = Router::new()
        .route("/x/{example}", any(proxy::proxy_root))
        .route("/x/{example}/", any(proxy::proxy_root))
        .route("/x/{example}/{*rest}", any(proxy::proxy_path))
        .route_layer(rate_limit);
    Router::new()
        .nest("/__playground", api)
        .merge(proxied)
        .with_state(state)
        .merge(
            Router::new()
                .route(
                    &format!("/{}", book_server::LIVE_RELOAD_PATH),
                    get(book_server::live_reload),
                )
                .fallback(book_server::serve_book)
                .with_state(book),
        )
        // Outermost last: the host check runs first, then sessions are told apart.
        .layer(axum::middleware::from_fn_with_state(
            sessions,
            classroom::session::identify,
        ))
        .layer(axum::middleware::from_fn_with_state(
            allowed_hosts,
            host_check::check,
        ))
}

/// A running playground.
pub struct Playground {
    pub addr: SocketAddr,
    pub state: AppState,
    server: tokio::task::JoinHandle<()>,
    stop_server: tokio::sync::oneshot::Sender<()>,
    _watcher: Option<watch::FileWatcher>,
}

impl std::fmt::Debug for Playground {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Playground")
            .field("addr", &self.addr)
            .finish()
    }
}

/// Binds the port, builds the book, starts the examples and serves.
pub async fn start(options: Options) -> Result<Playground> {
    let root = std::path::absolute(&options.root)?;
    let listener = tokio::net::TcpListener::bind((options.host.as_str(), options.port))
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
                "port {} on {} is already in use (another playground?): stop that one, or pick \
                 another port with --port (0 picks a free one)",
                options.port,
                options.host
            ),
            _ => anyhow::anyhow!("cannot listen on {}:{}: {e}", options.host, options.port),
        })?;
    let addr = listener.local_addr()?;
    let origin = match &options.public_host {
        Some(host) => format!("http://{host}:{}", addr.port()),
        None => format!("http://{addr}"),
    };

    let events = events::channel();
    let book = Arc::new(BookServer::new(&root, origin.clone(), events.clone()));
    match book.rebuild().await {
        Ok(took) => tracing::info!("book built in {} ms", took.as_millis()),
        Err(e) => eprintln!("the book does not build yet (the page shows why):\n{e:#}"),
    }
    let chosen = match &options.examples {
        Some(ids) => ids
            .iter()
            .map(|id| traffic::examples::find(&root, id))
            .collect::<Result<Vec<_>, _>>()?,
        None => traffic::examples::all(&root)?,
    };
    let supervisor = Arc::new(Supervisor::start(&root, &chosen, events.clone()));
    let state = AppState {
        supervisor,
        book,
        history: Arc::new(if options.classroom {
            History::for_classroom(options.history)
        } else {
            History::new(options.history)
        }),
        events,
        http: traffic::client::loopback_client(),
        root: Arc::new(root.clone()),
        upstream_timeout: options.upstream_timeout,
        allowed_hosts: host_check::AllowedHosts::new(&options.allowed_hosts),
        sessions: options
            .classroom
            .then(|| Arc::new(classroom::session::Sessions::new(addr.port()))),
        rate_limiter: options
            .classroom
            .then(|| Arc::new(classroom::rate_limit::RateLimiter::new(options.rate_limit))),
        origin: origin.into(),
        instructor_token: options
            .instructor_token
            .as_deref()
            .map(instructor_token::InstructorToken::new),
        students: Arc::new(anonymise::Students::new()),
        answers: Arc::new(class_answers::ClassAnswers::new()),
    };
    let watcher = if options.watch {
        Some(watch::watch(&root, state.clone())?)
    } else {
        None
    };
    let app = router(state.clone());
    let header_read_timeout = options.header_read_timeout;
    let (stop_server, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        serve::serve(listener, app, header_read_timeout, shutdown).await;
    });
    Ok(Playground {
        addr,
        state,
        server,
        stop_server,
        _watcher: watcher,
    })
}

impl Playground {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops every example (waiting for each), then the server.
    pub async fn shutdown(self) {
        self.state.supervisor.shutdown().await;
        let _ = self.stop_server.send(());
        // Open event streams never end by themselves; don't wait on them for long.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), self.server).await;
        self.state.book.remove_builds();
    }
}
