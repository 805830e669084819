//! Paths inside the repository, worked out without touching the disk.

use std::path::{Component, Path, PathBuf};

/// `dir` joined with the relative `file`, with `.` and `..` resolved without touching
/// the disk, so `api-routes/../security/index.md` becomes `security/index.md`.
pub(crate) fn lexically_joined(dir: &Path, file: &str) -> PathBuf {
    let mut joined = PathBuf::new();
    for component in dir.join(file).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !joined.pop() {
                    joined.push("..");
                }
            }
            other => joined.push(other),
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::lexically_joined;
    use std::path::Path;

    #[test]
    fn dots_are_resolved_and_leading_parents_kept() {
        let joined = lexically_joined(Path::new("book/api-routes"), "../../examples/./x/lib.rs");
        assert_eq!(joined, Path::new("examples/x/lib.rs"));
        assert_eq!(
            lexically_joined(Path::new("a"), "../../b"),
            Path::new("../b")
        );
    }
}
