//! Comparing generated files with a folder, and writing them.
//!
//! Writing is two-phase: every changed file is first written to a staging
//! folder beside the output, and only when all of them are there are they
//! renamed into place. Generation itself happens in memory before any of
//! this, so a failed run leaves the output folder as it was.

use crate::emit::Files;
use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// How a file on disk differs from the generated one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stale {
    /// Generated, not on disk.
    Missing(PathBuf),
    /// On disk with other content.
    Changed(PathBuf),
    /// On disk, no longer generated.
    Extra(PathBuf),
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stale::Missing(p) => write!(f, "missing:  {}", p.display()),
            Stale::Changed(p) => write!(f, "changed:  {}", p.display()),
            Stale::Extra(p) => write!(f, "obsolete: {}", p.display()),
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Every file below `dir`, relative to it (skipping `target/`).
fn existing(dir: &Path) -> Result<BTreeSet<PathBuf>> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(io(&d))? {
            let entry = entry.map_err(io(&d))?;
            let path = entry.path();
            let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
            if rel.starts_with("target") {
                continue;
            }
            if entry.file_type().map_err(io(&path))?.is_dir() {
                stack.push(path);
            } else {
                out.insert(rel);
            }
        }
    }
    Ok(out)
}

/// The differences between `files` and the folder `dir`, sorted.
pub fn diff(dir: &Path, files: &Files) -> Result<Vec<Stale>> {
    let mut stale = Vec::new();
    let on_disk = existing(dir)?;
    for (rel, content) in files {
        let path = dir.join(rel);
        if !on_disk.contains(rel) {
            stale.push(Stale::Missing(rel.clone()));
        } else if std::fs::read(&path).map_err(io(&path))? != content.as_bytes() {
            stale.push(Stale::Changed(rel.clone()));
        }
    }
    for rel in on_disk {
        if !files.contains_key(&rel) {
            stale.push(Stale::Extra(rel));
        }
    }
    stale.sort();
    Ok(stale)
}

/// Makes `dir` hold exactly `files`, touching only what differs.
/// Returns what was changed.
pub fn write(dir: &Path, files: &Files) -> Result<Vec<Stale>> {
    let changes = diff(dir, files)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    let parent = dir.parent().unwrap_or(Path::new("."));
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let result = stage_and_swap(dir, &staging, files, &changes);
    let _ = std::fs::remove_dir_all(&staging);
    result.map(|()| changes)
}

fn stage_and_swap(dir: &Path, staging: &Path, files: &Files, changes: &[Stale]) -> Result<()> {
    // Phase 1: every new content in the staging folder.
    for change in changes {
        if let Stale::Missing(rel) | Stale::Changed(rel) = change {
            let path = staging.join(rel);
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p).map_err(io(p))?;
            }
            std::fs::write(&path, &files[rel]).map_err(io(&path))?;
        }
    }
    // Phase 2: renames into place, then removal of obsolete files.
    for change in changes {
        match change {
            Stale::Missing(rel) | Stale::Changed(rel) => {
                let to = dir.join(rel);
                if let Some(p) = to.parent() {
                    std::fs::create_dir_all(p).map_err(io(p))?;
                }
                std::fs::rename(staging.join(rel), &to).map_err(io(&to))?;
            }
            Stale::Extra(rel) => {
                let path = dir.join(rel);
                std::fs::remove_file(&path).map_err(io(&path))?;
                // Drop folders the removal emptied.
                let mut p = path.parent();
                while let Some(d) = p {
                    if d == dir || std::fs::remove_dir(d).is_err() {
                        break;
                    }
                    p = d.parent();
                }
            }
        }
    }
    Ok(())
}
