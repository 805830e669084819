//! `cargo run -p playground-server`: the book, the examples and their live traffic
//! on http://127.0.0.1:3000.

use anyhow::{Context, Result};
use clap::Parser;
use playground_server::classroom::{self, rate_limit::RateLimit};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    about = "Serve the Next.js on the Wire book, run its examples and show their live traffic"
)]
struct Args {
    /// Address to listen on (default 127.0.0.1; with --classroom, 0.0.0.0). Keep
    /// 127.0.0.1 unless you mean to share the playground on a network.
    #[arg(long)]
    host: Option<String>,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = traffic::replay::PLAYGROUND_PORT)]
    port: u16,
    /// The repository root (default: found from the current directory).
    #[arg(long)]
    root: Option<PathBuf>,
    /// Run only these examples (repeatable); default: all of them.
    #[arg(long = "example")]
    examples: Vec<String>,
    /// Do not rebuild on file changes.
    #[arg(long)]
    no_watch: bool,
    /// Seconds the proxy and the panels' Send wait for an example before answering 504.
    #[arg(long, default_value_t = 30, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    upstream_timeout: u64,
    /// Also answer to this host name (repeatable); IP addresses and localhost always work.
    #[arg(long = "allow-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,
    /// Share the playground with a class on the local network: listen on it, print the
    /// addresses (and a QR code) and the instructor's projector link, give each browser
    /// its own history, and rate-limit each student.
    #[arg(long)]
    classroom: bool,
    /// With --classroom: requests per second each student may send through the proxy and Send.
    #[arg(long, default_value_t = 10.0, value_name = "PER_SECOND", value_parser = positive, requires = "classroom")]
    rate_limit: f64,
    /// With --classroom: requests each student may send at once after a pause.
    #[arg(long, default_value_t = 40, value_name = "REQUESTS", value_parser = clap::value_parser!(u32).range(1..), requires = "classroom")]
    rate_burst: u32,
    /// Open the instructor's projector page (and let students share answers) with this
    /// token: /__playground/projector?token=<TOKEN>. `--classroom` makes one up.
    #[arg(long, value_name = "TOKEN", value_parser = parse_token)]
    instructor_token: Option<String>,
}

/// A number above zero, for `--rate-limit`.
fn positive(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 => Ok(n),
        _ => Err(format!(
            "{text:?} is not a number above 0 (requests per second)"
        )),
    }
}

/// A token goes into a URL: long enough not to be guessed, and URL-safe as it is.
fn parse_token(token: &str) -> Result<String, String> {
    let url_safe = token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if token.len() < 12 || !url_safe {
        return Err(
            "use at least 12 letters, digits, '-' or '_' (for example from `openssl rand -hex 16`)"
                .to_owned(),
        );
    }
    Ok(token.to_owned())
}

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,playground_server=info,mdbook=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let root = match args.root {
        Some(root) => root,
        None => find_root()?,
    };
    let mut options = playground_server::Options::new(root);
    if let Some(host) = &args.host {
        options.host = host.clone();
    }
    options.port = args.port;
    options.allowed_hosts = args.allowed_hosts;
    options.instructor_token = args.instructor_token;
    options.rate_limit = RateLimit {
        per_second: args.rate_limit,
        burst: f64::from(args.rate_burst),
    };
    let classroom = if args.classroom {
        eprintln!("classroom mode: finding this machine's network addresses...");
        Some(classroom::prepare(&mut options, args.host.is_some())?)
    } else {
        None
    };
    let loopback = options
        .host
        .parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(options.host == "localhost");
    if !loopback && classroom.is_none() {
        eprintln!(
            "warning: listening on {} makes the playground reachable from other machines; \
             anyone who reaches it can send requests to the examples. Use it only on a network \
             you trust (for a class, --classroom also keeps each student's traffic private).",
            options.host
        );
    }
    options.watch = !args.no_watch;
    options.upstream_timeout = std::time::Duration::from_secs(args.upstream_timeout);
    if !args.examples.is_empty() {
        options.examples = Some(args.examples);
    }
    eprintln!("building the book and starting the examples...");
    let rate_limit = options.rate_limit;
    let token = options.instructor_token.clone();
    let playground = playground_server::start(options).await?;
    match (&classroom, &token) {
        (Some(setup), _) => println!(
            "{}",
            classroom::announce(setup, playground.addr.port(), rate_limit)
        ),
        (None, Some(token)) => println!(
            "playground on {url}\nprojector (for the instructor only): {url}/__playground/projector?token={token}",
            url = playground.url()
        ),
        (None, None) => println!("playground on {}", playground.url()),
    }
    wait_for_stop_signal().await;
    eprintln!("stopping the examples...");
    playground.shutdown().await;
    Ok(())
}

async fn wait_for_stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing a SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

/// The repository root: upwards from here, or where this crate was built from.
fn find_root() -> Result<PathBuf> {
    let here = std::env::current_dir()?;
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    traffic::examples::find_repo_root(&here)
        .or_else(|| traffic::examples::find_repo_root(&built_from))
        .context("no book.toml with an examples/ folder here or above: run inside the repository, or pass --root")
}
