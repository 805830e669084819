//! The example registry: the one answer to "which folders are examples, what are their
//! packages called, and where are their scenarios and transcripts".
//!
//! An example is a folder `examples/<id>/` holding a `Cargo.toml` (the crate, package
//! `example-<id>`) and a `scenarios/` folder (the requests its chapter shows). Beside
//! them: `transcripts/`, what our example answered, and
//! `reference/nextjs/transcripts/next-<version>/<id>/`, what real Next.js answered.
//! The playground's supervisor, the recorder, the book's panels and the tests all ask
//! here, so a folder cannot be an example to one of them and not to another.

use crate::scenario::{Scenario, ScenarioError};
use std::path::{Path, PathBuf};

/// The Next.js version our real transcripts come from (the folder name under
/// `reference/nextjs/transcripts/`).
pub const NEXT_LABEL: &str = "next-16.4.6";

/// One example of the repository at some root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The folder name under `examples/`, kebab-case, the same as its chapter's folder.
    pub id: String,
    /// `examples/<id>` under the repository root.
    pub dir: PathBuf,
    repo_root: PathBuf,
}

/// Why the registry could not answer.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("cannot list {dir}: {source} (run inside the repository, or pass its root)")]
    List {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "there is no example {id:?}: an example is a folder examples/<id>/ with a Cargo.toml \
         and a scenarios/ folder (the examples are: {known})"
    )]
    Unknown { id: String, known: String },
}

/// Every example under `repo_root/examples/`, sorted by id.
pub fn all(repo_root: &Path) -> Result<Vec<Example>, RegistryError> {
    let examples_dir = repo_root.join("examples");
    let list_error = |source| RegistryError::List {
        dir: examples_dir.clone(),
        source,
    };
    let mut examples = Vec::new();
    for entry in std::fs::read_dir(&examples_dir).map_err(list_error)? {
        let dir = entry.map_err(list_error)?.path();
        let Some(id) = dir.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if is_example(&dir) {
            examples.push(Example {
                id: id.to_owned(),
                dir: dir.clone(),
                repo_root: repo_root.to_owned(),
            });
        }
    }
    examples.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(examples)
}

/// The example with this id, or an error that lists the ones there are.
pub fn find(repo_root: &Path, id: &str) -> Result<Example, RegistryError> {
    let examples = all(repo_root)?;
    if let Some(example) = examples.iter().find(|e| e.id == id) {
        return Ok(example.clone());
    }
    let known: Vec<&str> = examples.iter().map(|e| e.id.as_str()).collect();
    Err(RegistryError::Unknown {
        id: id.to_owned(),
        known: known.join(", "),
    })
}

/// The definition of an example, in one place.
fn is_example(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file() && dir.join("scenarios").is_dir()
}

impl Example {
    /// The cargo package (and binary) name: `example-<id>`, as axum names its examples.
    pub fn package(&self) -> String {
        format!("example-{}", self.id)
    }

    pub fn scenarios_dir(&self) -> PathBuf {
        self.dir.join("scenarios")
    }

    /// Where our own transcripts live: `examples/<id>/transcripts/`.
    pub fn transcripts_dir(&self) -> PathBuf {
        self.dir.join("transcripts")
    }

    pub fn scenario_file(&self, name: &str) -> PathBuf {
        self.scenarios_dir().join(format!("{name}.json"))
    }

    pub fn transcript_file(&self, name: &str) -> PathBuf {
        self.transcripts_dir().join(format!("{name}.json"))
    }

    /// Where the transcripts recorded from another server live, e.g. real Next.js with
    /// `label` [`NEXT_LABEL`]: `reference/nextjs/transcripts/<label>/<id>/`.
    pub fn reference_transcripts_dir(&self, label: &str) -> PathBuf {
        self.repo_root
            .join("reference/nextjs/transcripts")
            .join(label)
            .join(&self.id)
    }

    /// The real Next.js transcript of scenario `name` (which may not be recorded).
    pub fn next_transcript_file(&self, name: &str) -> PathBuf {
        self.reference_transcript_file(NEXT_LABEL, name)
    }

    /// The transcript of scenario `name` recorded from the server labelled `label`
    /// (which may not be recorded), e.g. `next-14.2.35` for the book's comparisons of
    /// versions.
    pub fn reference_transcript_file(&self, label: &str, name: &str) -> PathBuf {
        self.reference_transcripts_dir(label)
            .join(format!("{name}.json"))
    }

    /// Reads scenario `name`.
    pub fn scenario(&self, name: &str) -> Result<Scenario, ScenarioError> {
        Scenario::load(&self.scenario_file(name))
    }

    /// Every scenario name, sorted, from the `.json` files in `scenarios/`.
    pub fn scenario_names(&self) -> std::io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(self.scenarios_dir())? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "json") {
                if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                    names.push(stem.to_owned());
                }
            }
        }
        names.sort();
        Ok(names)
    }
}

/// The repository root: the nearest folder at or above `from` holding `book.toml` and
/// an `examples/` folder.
pub fn find_repo_root(from: &Path) -> Option<PathBuf> {
    from.ancestors()
        .find(|dir| dir.join("book.toml").is_file() && dir.join("examples").is_dir())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository with one example, a folder that only has a crate, one that only has
    /// scenarios, and a stray file.
    fn fake_repo() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let make = |path: &str| std::fs::create_dir_all(root.path().join(path)).unwrap();
        let touch = |path: &str| std::fs::write(root.path().join(path), "").unwrap();
        make("examples/zeta/scenarios");
        touch("examples/zeta/Cargo.toml");
        make("examples/alpha/scenarios");
        touch("examples/alpha/Cargo.toml");
        touch("examples/alpha/scenarios/b.json");
        touch("examples/alpha/scenarios/a.json");
        touch("examples/alpha/scenarios/notes.txt");
        make("examples/crate-only/src");
        touch("examples/crate-only/Cargo.toml");
        make("examples/scenarios-only/scenarios");
        touch("examples/README.md");
        root
    }

    #[test]
    fn an_example_has_a_crate_and_scenarios() {
        let repo = fake_repo();
        let ids: Vec<String> = all(repo.path())
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, ["alpha", "zeta"]);
    }

    #[test]
    fn an_example_knows_its_package_and_its_files() {
        let repo = fake_repo();
        let alpha = find(repo.path(), "alpha").unwrap();
        assert_eq!(alpha.package(), "example-alpha");
        assert_eq!(alpha.scenario_names().unwrap(), ["a", "b"]);
        assert_eq!(
            alpha.transcript_file("a"),
            repo.path().join("examples/alpha/transcripts/a.json")
        );
        assert_eq!(
            alpha.next_transcript_file("a"),
            repo.path()
                .join("reference/nextjs/transcripts/next-16.4.6/alpha/a.json")
        );
    }

    #[test]
    fn an_unknown_id_is_an_error_that_lists_the_examples() {
        let repo = fake_repo();
        let message = find(repo.path(), "crate-only").unwrap_err().to_string();
        assert!(message.contains("\"crate-only\""), "{message}");
        assert!(message.contains("alpha, zeta"), "{message}");
    }

    #[test]
    fn a_missing_examples_folder_says_where_to_run() {
        let empty = tempfile::tempdir().unwrap();
        let message = all(empty.path()).unwrap_err().to_string();
        assert!(message.contains("run inside the repository"), "{message}");
    }
}
