//! What the integration tests share: a private copy of the fixture book.

use std::path::Path;
use tempfile::TempDir;

/// The fixture book (`tests/fixture`) copied into a fresh temporary folder, so a test
/// can break it without touching the others; the folder goes when dropped.
pub fn fixture_copy() -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture"),
        dir.path(),
    );
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
