//! `cargo run -p playground-server`: the book, the examples and their live traffic
//! on http://127.0.0.1:3000.

use anyhow::{Context, Result};
use clap::Parser;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    about = "Serve the Next.js on the Wire book, run its examples and show their live traffic"
)]
struct Args {
    /// Address to listen on. Keep 127.0.0.1 unless you mean to share the playground on a network.
    #[arg(long, default_value = traffic::replay::PLAYGROUND_HOST)]
    host: String,
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
    /// Open the instructor's projector page (and let students share answers) with this
    /// token: /__playground/projector?token=<TOKEN>. `--classroom` makes one up.
    #[arg(long, value_name = "TOKEN", value_parser = parse_token)]
    instructor_token: Option<String>,
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
    let loopback = args
        .host
        .parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(args.host == "localhost");
    if !loopback {
        eprintln!(
            "warning: listening on {} makes the playground reachable from other machines; \
             anyone who reaches it can send requests to the examples. Use it only on a network you trust.",
            args.host
        );
    }
    let mut options = playground_server::Options::new(root);
    options.host = args.host;
    options.port = args.port;
    options.watch = !args.no_watch;
    options.upstream_timeout = std::time::Duration::from_secs(args.upstream_timeout);
    options.allowed_hosts = args.allowed_hosts;
    options.instructor_token = args.instructor_token;
    if !args.examples.is_empty() {
        options.examples = Some(args.examples);
    }
    let options_token = options.instructor_token.clone();
    let playground = playground_server::start(options).await?;
    println!("playground on {}", playground.url());
    if let Some(token) = &options_token {
        println!(
            "projector (for the instructor only): {}/__playground/projector?token={token}",
            playground.url()
        );
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
