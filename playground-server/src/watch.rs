//! Rebuilds on change: the book when `book/` or a transcript changes, an example
//! when its source (or mini-next's) changes.

use crate::AppState;
use anyhow::Result;
use notify::{EventHandler, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind};
use notify_debouncer_mini::{DebounceEventResult, Debouncer};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Edits arrive as bursts of file events (an editor writes, renames, touches); a path is
/// reported once it has been quiet this long, and one report carries the whole burst.
const SETTLE: Duration = Duration::from_millis(200);

/// The running watcher; dropping it stops watching.
pub type FileWatcher = Debouncer<ChangesOnly>;

/// What a changed file asks for.
#[derive(Debug, PartialEq, Eq)]
enum Rebuild {
    Book,
    Example(String),
    AllExamples,
}

/// What a change to `path` asks for; `book_src` is the chapters folder, relative to `root`.
fn classify(root: &Path, book_src: &Path, path: &Path) -> Option<Rebuild> {
    let relative = path.strip_prefix(root).ok()?;
    if relative.starts_with(book_src) && !book_src.as_os_str().is_empty() {
        let name = relative.file_name()?.to_str()?;
        return (!name.starts_with('.') && !name.ends_with('~')).then_some(Rebuild::Book);
    }
    let name = relative.file_name()?.to_str()?;
    if name.starts_with('.') || name.ends_with('~') || relative.starts_with("target") {
        return None;
    }
    let parts: Vec<&str> = relative.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        ["book.toml"]
        | ["book", ..]
        | ["book-data", ..]
        | ["reference", "nextjs", "transcripts", ..] => Some(Rebuild::Book),
        ["examples", _, "transcripts" | "scenarios", ..] => Some(Rebuild::Book),
        ["examples", id, "src", ..] | ["examples", id, "Cargo.toml"] => {
            Some(Rebuild::Example(id.to_string()))
        }
        ["crates", "mini-next", ..] => Some(Rebuild::AllExamples),
        _ => None,
    }
}

/// Starts watching; dropping the returned watcher stops it.
pub fn watch(root: &Path, state: AppState) -> Result<FileWatcher> {
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel::<Vec<PathBuf>>();
    let config = notify_debouncer_mini::Config::default().with_timeout(SETTLE);
    let mut debouncer = notify_debouncer_mini::new_debouncer_opt::<_, ChangesOnly>(
        config,
        move |burst: DebounceEventResult| match burst {
            Ok(events) => {
                let _ = sender.send(events.into_iter().map(|event| event.path).collect());
            }
            Err(e) => tracing::warn!("watching for changes: {e}"),
        },
    )?;
    let book_src = book_tools::source_dir(root)?;
    for (dir, mode) in [
        (
            book_src.to_str().unwrap_or("book"),
            RecursiveMode::Recursive,
        ),
        ("book-data", RecursiveMode::Recursive),
        ("examples", RecursiveMode::Recursive),
        ("crates/mini-next", RecursiveMode::Recursive),
        ("reference/nextjs/transcripts", RecursiveMode::Recursive),
        ("book.toml", RecursiveMode::NonRecursive),
    ] {
        let path = root.join(dir);
        if path.exists() {
            debouncer.watcher().watch(&path, mode)?;
        }
    }
    let root = root.to_owned();
    tokio::spawn(async move {
        while let Some(paths) = receiver.recv().await {
            let wanted: Vec<Rebuild> = paths
                .iter()
                .filter_map(|p| classify(&root, &book_src, p))
                .collect();
            if wanted.contains(&Rebuild::Book) {
                match state.book.rebuild().await {
                    Ok(took) => tracing::info!("book rebuilt in {} ms", took.as_millis()),
                    Err(e) => tracing::warn!("book build failed: {e:#}"),
                }
            }
            for example in state.supervisor.examples() {
                let asked = wanted.iter().any(|w| {
                    *w == Rebuild::AllExamples || *w == Rebuild::Example(example.id.clone())
                });
                if asked {
                    example.request_rebuild();
                }
            }
        }
    });
    Ok(debouncer)
}

/// The platform's watcher, passing on changes only.
///
/// Linux reports a file being *opened* too, and the debouncer cannot tell an open from
/// a write. Opens must not count: mdBook opens every chapter while it builds, so each
/// build would trigger the next one, forever.
#[derive(Debug)]
pub struct ChangesOnly(RecommendedWatcher);

impl Watcher for ChangesOnly {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let changes = move |event: notify::Result<notify::Event>| {
            let is_change = event.as_ref().map_or(true, |event| {
                matches!(
                    event.kind,
                    notify::EventKind::Create(_)
                        | notify::EventKind::Modify(_)
                        | notify::EventKind::Remove(_)
                )
            });
            if is_change {
                handler.handle_event(event);
            }
        };
        RecommendedWatcher::new(changes, config).map(ChangesOnly)
    }

    fn watch(&mut self, path: &Path, recursive_mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, recursive_mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn kind() -> WatcherKind {
        RecommendedWatcher::kind()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_changed_files() {
        let root = Path::new("/r");
        let c = |p: &str| classify(root, Path::new("book"), &root.join(p));
        assert_eq!(c("book/intro.md"), Some(Rebuild::Book));
        assert_eq!(c("book-data/quizzes/a.toml"), Some(Rebuild::Book));
        assert_eq!(
            c("examples/api-routes/transcripts/a.json"),
            Some(Rebuild::Book)
        );
        assert_eq!(
            c("examples/api-routes/src/lib.rs"),
            Some(Rebuild::Example("api-routes".into()))
        );
        assert_eq!(c("crates/mini-next/src/lib.rs"), Some(Rebuild::AllExamples));
        assert_eq!(c("book/.intro.md.swp"), None);
        assert_eq!(c("target/book/index.html"), None);
        assert_eq!(c("examples/api-routes/tests/http.rs"), None);
    }

    #[test]
    fn reading_a_file_is_not_a_change_and_writing_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("chapter.md");
        std::fs::write(&file, "before").unwrap();
        let (sender, bursts) = std::sync::mpsc::channel();
        let config = notify_debouncer_mini::Config::default().with_timeout(SETTLE);
        let mut debouncer =
            notify_debouncer_mini::new_debouncer_opt::<_, ChangesOnly>(config, sender).unwrap();
        debouncer
            .watcher()
            .watch(dir.path(), RecursiveMode::Recursive)
            .unwrap();

        std::fs::read_to_string(&file).unwrap();
        let quiet = bursts.recv_timeout(SETTLE * 4);
        assert!(quiet.is_err(), "a read was reported: {quiet:?}");

        std::fs::write(&file, "after").unwrap();
        let burst = bursts
            .recv_timeout(Duration::from_secs(5))
            .unwrap()
            .unwrap();
        assert!(burst.iter().any(|event| event.path == file), "{burst:?}");
    }
}
