//! What `cargo xtask codegen` says about the API changes it writes.
//!
//! The output folder holds `specs.lock` (`hubspot_codegen::lock`): the git
//! blob id of every file the generator read, by path relative to the specs
//! folder. When the specs
//! change, the old lock names the exact files the folder was made from; git
//! gives them back, both sides are lowered, and the IRs are compared with
//! the api-diff machinery (`hubspot_codegen::diff`). Nothing is taken from a
//! text diff of the output.

use crate::error::Result;
use hubspot_codegen::diff::{self, migrating, OperationStatus, Report, Source};
use hubspot_codegen::lock::LOCK;
use std::io::Write;
use std::path::{Component, Path};
use std::process::{Command, Stdio};

/// The API changes from the specs `old_lock` names to those in `specs`, or
/// why they cannot be told. `None` when the locks are the same.
pub fn report(root: &Path, old_lock: &str, new_lock: &str, specs: &Path) -> Option<Result<Report>> {
    if old_lock == new_lock {
        return None;
    }
    Some(old_specs(root, old_lock).and_then(|dir| {
        let old = Source {
            path: dir.path().to_path_buf(),
            version: None,
            label: format!("the specs of {LOCK}"),
        };
        let new = Source {
            path: specs.to_path_buf(),
            version: None,
            label: "specs/".into(),
        };
        diff::diff(&old, &new).map_err(|e| e.to_string().into())
    }))
}

/// The files `lock` names, taken from git into a temporary folder laid out
/// like the specs folder.
fn old_specs(root: &Path, lock: &str) -> Result<tempfile::TempDir> {
    let entries: Vec<(&str, &str)> = lock
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            l.split_once(' ')
                .ok_or_else(|| format!("{LOCK}: malformed line `{l}`"))
        })
        .collect::<Result<_, _>>()?;
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let ids: String = entries.iter().map(|(id, _)| format!("{id}\n")).collect();
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(ids.as_bytes())
            .map_err(|e| format!("git cat-file: {e}"))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("git cat-file: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git cat-file: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let mut rest = output.stdout.as_slice();
    for (id, path) in entries {
        let (content, next) = batch_entry(rest).ok_or_else(|| {
            format!("{path} (blob {id}) of the previous generation is not in git")
        })?;
        rest = next;
        if Path::new(path)
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(format!("{LOCK}: `{path}` is not a plain relative path").into());
        }
        let to = dir.path().join(path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&to, content).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    Ok(dir)
}

/// One answer of `git cat-file --batch`: the content and what follows, or
/// `None` for a missing object.
fn batch_entry(out: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = out.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&out[..end]).ok()?;
    let size: usize = match header.split(' ').collect::<Vec<_>>().as_slice() {
        [_, "blob", size] => size.parse().ok()?,
        _ => return None,
    };
    let body = out.get(end + 1..end + 1 + size)?;
    // The content is followed by a newline.
    Some((body, out.get(end + 2 + size..).unwrap_or_default()))
}

/// Where the migration guide is written, from the workspace root.
pub const MIGRATING: &str = "MIGRATING.md";

/// The migration guide of the specs in `specs` (see
/// [`migrating::guide`]).
pub fn migrating(specs: &Path) -> Result<String> {
    migrating::guide(specs).map_err(|e| e.to_string().into())
}

/// A few lines for the terminal: the counts per API with changes, and the
/// summary line; with `operations`, every operation that changed.
pub fn summary(report: &Report, operations: bool) -> String {
    let mut out = String::from("API changes since the last generation:\n");
    for api in report.apis.iter().filter(|a| !a.operations.is_empty()) {
        let version = api.new.as_ref().or(api.old.as_ref());
        let name = match version {
            Some(v) => format!("{} ({v})", api.accessor),
            None => api.accessor.clone(),
        };
        out.push_str(&format!("  {name}: {}\n", api.summary.line()));
        if operations {
            for op in &api.operations {
                let status = match op.status {
                    OperationStatus::Added => "added",
                    OperationStatus::Removed => "removed",
                    OperationStatus::Moved => "moved",
                    OperationStatus::Kept => "changed",
                };
                out.push_str(&format!(
                    "    {status:<8} {} {}  {}\n",
                    op.method,
                    op.path(),
                    op.rust
                ));
            }
        }
    }
    out.push_str(&report.summary.line());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/diff");

    /// A git repository whose `specs/` (one version, `v3`, one API) holds
    /// the fixture `api`, committed.
    fn repo(api: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let specs = dir.path().join("specs");
        std::fs::create_dir_all(specs.join("v3")).expect("mkdir");
        std::fs::write(
            specs.join("versions.yaml"),
            "default: v3\nversions:\n  - name: v3\n",
        )
        .expect("write");
        put(&specs, api);
        git(dir.path(), &["init", "-q"]);
        commit(dir.path());
        dir
    }

    fn put(specs: &Path, fixture: &str) {
        let text = std::fs::read_to_string(Path::new(FIXTURES).join(fixture)).expect("fixture");
        std::fs::write(specs.join("v3/things.yaml"), text).expect("write");
    }

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    fn commit(dir: &Path) {
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "specs"]);
    }

    /// The lock of `specs` as `cargo xtask codegen` writes it.
    fn lock_of(specs: &Path) -> String {
        let config = hubspot_codegen::bundled_config(specs).expect("config");
        let generated = hubspot_codegen::generate_with_warnings(&config).expect("generates");
        hubspot_codegen::lock::specs_lock(specs, &generated.inputs)
    }

    #[test]
    fn the_lock_holds_git_blob_ids_of_every_spec_file() {
        let repo = repo("base.yaml");
        let specs = repo.path().join("specs");
        let lock = lock_of(&specs);
        let lines: Vec<&str> = lock.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(lines.len(), 2, "{lock}");
        for (line, file) in lines.iter().zip(["v3/things.yaml", "versions.yaml"]) {
            let out = Command::new("git")
                .arg("-C")
                .arg(&specs)
                .args(["hash-object", file])
                .output()
                .expect("git runs");
            let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
            assert_eq!(*line, format!("{id} {file}"));
        }
    }

    #[test]
    fn a_spec_change_is_reported_from_the_old_lock() {
        let repo = repo("base.yaml");
        let specs = repo.path().join("specs");
        let old = lock_of(&specs);
        assert!(report(repo.path(), &old, &old, &specs).is_none());
        put(&specs, "param_required.yaml");
        let new = lock_of(&specs);
        let report = report(repo.path(), &old, &new, &specs)
            .expect("the locks differ")
            .expect("the old specs are in git");
        assert_eq!(
            summary(&report, true),
            "API changes since the last generation:\n  \
             things (v3): 0 operations added, 0 removed, 0 moved, 1 changed; 1 breaking\n    \
             changed  GET /crm/v3/objects/things  things().list()\n\
             0 operations added, 0 removed, 0 moved, 1 changed; 1 breaking"
        );
    }

    #[test]
    fn old_specs_missing_from_git_are_named() {
        let repo = repo("base.yaml");
        let specs = repo.path().join("specs");
        put(&specs, "param_required.yaml");
        // Never committed: git has no blob for this text.
        let uncommitted = lock_of(&specs);
        put(&specs, "base.yaml");
        let why = report(repo.path(), &uncommitted, &lock_of(&specs), &specs)
            .expect("the locks differ")
            .expect_err("the old spec is not in git")
            .to_string();
        assert!(
            why.starts_with("v3/things.yaml (blob ") && why.ends_with("is not in git"),
            "{why}"
        );
    }
}
