//! Serves the built book, rebuilds it when its sources change, and reloads open pages.
//!
//! mdBook empties its output folder before writing, so each build goes into a fresh
//! folder and is swapped in only when it succeeded: readers never see a half-written
//! book, and after a failed build the last good one stays up while every page shows
//! the error (the `book` event, drawn by `traffic.js`).

use crate::events::{BookStatus, Event, Events};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

/// Where mdBook's live-reload script connects (see `output.html.live-reload-endpoint`).
pub const LIVE_RELOAD_PATH: &str = "__livereload";

#[derive(Debug)]
pub struct BookServer {
    root: PathBuf,
    /// Where the panels' curl commands and HAR files point: this playground.
    origin: String,
    builds_dir: PathBuf,
    build_count: AtomicU64,
    current: RwLock<Option<PathBuf>>,
    status: RwLock<BookStatus>,
    reload: broadcast::Sender<()>,
    events: Events,
}

impl BookServer {
    /// Serves the book at `root`; `origin` is this playground's `http://host:port`.
    pub fn new(root: &Path, origin: String, events: Events) -> BookServer {
        static INSTANCES: AtomicU64 = AtomicU64::new(0);
        let all_builds = root.join("target/playground-book");
        remove_builds_of_dead_processes(&all_builds);
        // One folder per playground, so two playgrounds (tests, two terminals) never
        // delete each other's books.
        let instance = INSTANCES.fetch_add(1, Ordering::Relaxed);
        let builds_dir = all_builds.join(format!("{}-{instance}", std::process::id()));
        BookServer {
            root: root.to_owned(),
            origin,
            builds_dir,
            build_count: AtomicU64::new(0),
            current: RwLock::new(None),
            status: RwLock::new(BookStatus {
                state: "ok",
                message: None,
            }),
            reload: broadcast::channel(16).0,
            events,
        }
    }

    pub fn status(&self) -> BookStatus {
        self.status.read().expect("status lock").clone()
    }

    /// Builds the book into a fresh folder and, if it worked, serves that one.
    /// Returns how long the build took.
    pub async fn rebuild(self: &Arc<Self>) -> anyhow::Result<std::time::Duration> {
        let n = self.build_count.fetch_add(1, Ordering::Relaxed);
        let out = self.builds_dir.join(format!("build-{n}"));
        let root = self.root.clone();
        let origin = self.origin.clone();
        let started = std::time::Instant::now();
        let target = out.clone();
        // MDBook is not Send: it is created and used on one blocking thread.
        let result = tokio::task::spawn_blocking(move || {
            let options = book_tools::BuildOptions {
                live_reload_endpoint: Some(LIVE_RELOAD_PATH.to_owned()),
                playground_origin: Some(origin),
            };
            book_tools::build_book(&root, &target, &options)
        })
        .await?;
        match result {
            Ok(()) => {
                let previous = self.current.write().expect("book lock").replace(out);
                self.set_status(BookStatus {
                    state: "ok",
                    message: None,
                });
                let _ = self.reload.send(());
                // Keep the previous build one round longer for requests still reading it.
                if let Some(previous) = previous {
                    self.remove_builds_older_than(&previous);
                }
                Ok(started.elapsed())
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&out);
                let message = relative_to(&self.root, &format!("{e:#}"));
                self.set_status(BookStatus {
                    state: "failed",
                    message: Some(message.clone()),
                });
                Err(anyhow::anyhow!(message))
            }
        }
    }

    fn set_status(&self, status: BookStatus) {
        *self.status.write().expect("status lock") = status.clone();
        let _ = self.events.send(Event::Book(status));
    }

    /// Removes this playground's builds (called on shutdown).
    pub fn remove_builds(&self) {
        let _ = std::fs::remove_dir_all(&self.builds_dir);
    }

    fn remove_builds_older_than(&self, keep: &Path) {
        let current = self.current.read().expect("book lock").clone();
        let Ok(entries) = std::fs::read_dir(&self.builds_dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path != keep && Some(&path) != current.as_ref() {
                let _ = std::fs::remove_dir_all(path);
            }
        }
    }
}

/// The error as the reader needs it: paths relative to the repository, as in their
/// editor, instead of this machine's absolute checkout path.
fn relative_to(root: &Path, message: &str) -> String {
    let prefix = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
    message.replace(&prefix, "")
}

/// Build folders are named `<pid>-<n>`; those whose process is gone are left over
/// from a playground that was killed.
fn remove_builds_of_dead_processes(all_builds: &Path) {
    let Ok(entries) = std::fs::read_dir(all_builds) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|n| n.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|pid| {
            Path::new(&format!("/proc/{pid}")).exists() || !cfg!(target_os = "linux")
        });
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Serves a file of the current book (its pages marked as served by the playground,
/// see [`crate::page_marker`]), or a page explaining why there is none yet.
pub async fn serve_book(State(book): State<Arc<BookServer>>, request: Request) -> Response {
    // `GET 127.0.0.1:22 HTTP/1.1` (authority form, meant for CONNECT) names no file.
    if !request.uri().path().starts_with('/') {
        return (
            StatusCode::BAD_REQUEST,
            "the request target must be a path starting with '/', such as GET /index.html",
        )
            .into_response();
    }
    let current = book.current.read().expect("book lock").clone();
    let Some(dir) = current else {
        return no_book_page(&book.status());
    };
    let service = ServeDir::new(&dir).not_found_service(ServeFile::new(dir.join("404.html")));
    match service.oneshot(request).await {
        Ok(response) => crate::page_marker::mark_html(response.into_response()).await,
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

fn no_book_page(status: &BookStatus) -> Response {
    let body = match &status.message {
        Some(message) => format!(
            "<h1>The book does not build</h1><p>Fix the error below and save; this page \
             retries every two seconds.</p><pre>{}</pre>",
            flight::html::escape_html(message)
        ),
        None => "<h1>Building the book…</h1><p>This page retries every two seconds.</p>".to_owned(),
    };
    let page = format!(
        "<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=2>\
         <title>Next.js on the Wire</title><body style=\"font-family:sans-serif;margin:2em\">{body}</body>"
    );
    (StatusCode::SERVICE_UNAVAILABLE, Html(page)).into_response()
}

/// mdBook's live-reload socket: we send `reload` after each good build.
pub async fn live_reload(
    State(book): State<Arc<BookServer>>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let mut reloads = book.reload.subscribe();
    upgrade.on_upgrade(move |mut socket: WebSocket| async move {
        loop {
            tokio::select! {
                got = reloads.recv() => match got {
                    Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => {
                        let _ = socket.send(Message::Text("reload".into())).await;
                        return;
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                incoming = socket.recv() => if incoming.is_none() { return },
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_errors_name_files_relative_to_the_repository() {
        let root = Path::new("/home/ada/wire");
        let message =
            "/home/ada/wire/book/contributing.md:12: no transcript at /home/ada/wire/examples/x";
        assert_eq!(
            relative_to(root, message),
            "book/contributing.md:12: no transcript at examples/x"
        );
    }
}
