//! Tidy checks over the whole workspace, in the manner of rust-analyzer's `xtask/src/tidy.rs`:
//! every Rust source file opens with a `//!` paragraph saying what it is for, and no file is
//! called `mod.rs` (a module `foo` lives in `foo.rs` beside `foo/`).

use std::fs;
use std::path::{Path, PathBuf};

const SOURCE_ROOTS: &[&str] = &[
    "src",
    "tests",
    "core/src",
    "core/tests",
    "core/benches",
    "server/src",
    "server/tests",
    "server/benches",
    "server/examples",
    "share/src",
    "share/tests",
    "fuzz/src",
    "fuzz/fuzz_targets",
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

fn workspace_rust_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for source_root in SOURCE_ROOTS {
        rust_files(&root.join(source_root), &mut found);
    }
    assert!(
        found.len() > 3,
        "tidy found too few files to check: {found:?}"
    );
    found
}

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let undocumented: Vec<_> = workspace_rust_files()
        .into_iter()
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap_or_default();
            let first = text
                .lines()
                .find(|line| !line.trim().is_empty())
                .unwrap_or("");
            !first.starts_with("//!")
        })
        .collect();
    assert!(
        undocumented.is_empty(),
        "these files need a `//!` paragraph saying what they are for: {undocumented:#?}"
    );
}

#[test]
fn no_mod_rs_files() {
    let mod_rs: Vec<_> = workspace_rust_files()
        .into_iter()
        .filter(|path| path.file_name().is_some_and(|name| name == "mod.rs"))
        .collect();
    assert!(
        mod_rs.is_empty(),
        "name a module foo.rs beside foo/, not foo/mod.rs: {mod_rs:#?}"
    );
}
