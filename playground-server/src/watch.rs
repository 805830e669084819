//! Rebuilds on change: the book when `book/` or a transcript changes, an example
//! when its source (or mini-next's) changes.

use crate::AppState;
use anyhow::Result;
use notify::{RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Edits arrive as bursts of file events; wait this long for the burst to end.
const SETTLE: Duration = Duration::from_millis(200);

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
        ["book.toml"] | ["book", ..] | ["reference", "nextjs", "transcripts", ..] => {
            Some(Rebuild::Book)
        }
        ["examples", _, "transcripts" | "scenarios", ..] => Some(Rebuild::Book),
        ["examples", id, "src", ..] | ["examples", id, "Cargo.toml"] => {
            Some(Rebuild::Example(id.to_string()))
        }
        ["crates", "mini-next", ..] => Some(Rebuild::AllExamples),
        _ => None,
    }
}

/// Starts watching; dropping the returned watcher stops it.
pub fn watch(root: &Path, state: AppState) -> Result<notify::RecommendedWatcher> {
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Only changes count: reads (mdBook opening the chapters during a build)
        // would otherwise trigger the next build, forever.
        let Ok(event) = event else { return };
        if matches!(
            event.kind,
            notify::EventKind::Create(_)
                | notify::EventKind::Modify(_)
                | notify::EventKind::Remove(_)
        ) {
            for path in event.paths {
                let _ = sender.send(path);
            }
        }
    })?;
    let book_src = book_tools::source_dir(root)?;
    for (dir, mode) in [
        (
            book_src.to_str().unwrap_or("book"),
            RecursiveMode::Recursive,
        ),
        ("examples", RecursiveMode::Recursive),
        ("crates/mini-next", RecursiveMode::Recursive),
        ("reference/nextjs/transcripts", RecursiveMode::Recursive),
        ("book.toml", RecursiveMode::NonRecursive),
    ] {
        let path = root.join(dir);
        if path.exists() {
            watcher.watch(&path, mode)?;
        }
    }
    let root = root.to_owned();
    tokio::spawn(async move {
        while let Some(first) = receiver.recv().await {
            let mut paths = vec![first];
            tokio::time::sleep(SETTLE).await;
            while let Ok(more) = receiver.try_recv() {
                paths.push(more);
            }
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
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_changed_files() {
        let root = Path::new("/r");
        let c = |p: &str| classify(root, Path::new("book"), &root.join(p));
        assert_eq!(c("book/intro.md"), Some(Rebuild::Book));
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
}
