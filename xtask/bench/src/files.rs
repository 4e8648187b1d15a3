//! The generated trees the bench measures: their lines of Rust, their
//! packages, and copies of them.

use std::path::Path;
use xtask_common::error::{Error, Result};

/// Where our output keeps the hand-written runtime crate, which never changes
/// with the specs (as progenitor's prebuilt `progenitor-client`).
pub const RUNTIME: &str = "crates/runtime";

/// Lines of Rust below `dir` (skipping `target/`).
pub fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut total = 0;
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() && p.file_name().is_some_and(|n| n != "target") {
            total += rust_lines(&p);
        } else if p.extension().is_some_and(|x| x == "rs") {
            total += std::fs::read_to_string(&p)
                .map(|t| t.lines().count())
                .unwrap_or(0);
        }
    }
    total
}

/// Lines of Rust of our output: the whole tree (facade and crates), and
/// without the hand-written runtime.
pub fn our_lines(out: &Path) -> String {
    let all = rust_lines(out);
    let runtime = rust_lines(&out.join(RUNTIME));
    format!("{all} ({} without the runtime)", all - runtime)
}

/// The package named in `manifest` (its first `name = ` line).
pub fn package_name(manifest: &Path) -> Result<String> {
    let text = std::fs::read_to_string(manifest).map_err(Error::io(manifest))?;
    text.lines()
        .find_map(|l| l.trim().strip_prefix("name = "))
        .map(|n| n.trim_matches('"').to_string())
        .ok_or_else(|| Error::Unexpected(format!("no package name in {}", manifest.display())))
}

/// The packages whose manifests are in `dir` or below it (skipping `target/`).
pub fn packages_below(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let manifest = dir.join("Cargo.toml");
    if manifest.is_file() {
        names.push(package_name(&manifest)?);
    }
    for e in std::fs::read_dir(dir).map_err(Error::io(dir))?.flatten() {
        if e.path().is_dir() && e.file_name() != "target" {
            names.extend(packages_below(&e.path())?);
        }
    }
    Ok(names)
}

/// Copies `from` to `to` (skipping `target/`).
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(Error::io(to))?;
    for e in std::fs::read_dir(from).map_err(Error::io(from))?.flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            if e.file_name() != "target" {
                copy_dir(&p, &dest)?;
            }
        } else {
            std::fs::copy(&p, &dest).map_err(Error::io(&p))?;
        }
    }
    Ok(())
}

/// `text` in `path`, creating the folders above it.
pub fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(Error::io(parent))?;
    }
    std::fs::write(path, text).map_err(Error::io(path))
}

/// A folder name made of `label`: ASCII letters and digits, `-` for the rest.
pub fn slug(label: &str) -> String {
    label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}
