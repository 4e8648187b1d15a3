//! `cargo xtask api-diff OLD NEW [--json]`: the API changes between two sets
//! of specs, classified for the wire and for the generated Rust (see
//! `hubspot_codegen::diff`).

mod openapi_diff;

use crate::error::Result;
use hubspot_codegen::diff::{self, Source};
use std::path::Path;
use std::process::{Command, ExitCode};

/// The API changes between two sets of specs.
///
/// Classified for the wire and for the generated Rust. Prints Markdown for a
/// pull request; the last line reads `N operations added, N removed, N
/// moved, N changed; N breaking`.
#[derive(clap::Args, Debug, Default, PartialEq)]
#[command(
    args_override_self = true,
    override_usage = "cargo xtask api-diff OLD NEW [--json]\n       \
                      cargo xtask api-diff --from-rev REV [NEW] [--json]\n       \
                      cargo xtask api-diff --migrating\n       \
                      cargo xtask api-diff --against-openapi-diff"
)]
pub struct Args {
    /// A spec file, a folder of spec files, a folder laid out like specs/
    /// (versions.yaml and a folder per version), or one version of such a
    /// folder: specs@v3, specs@2026-09. With --from-rev, the one side given
    /// is NEW
    #[arg(
        value_name = "OLD",
        required_unless_present_any = ["from_rev", "migrating", "against_openapi_diff"]
    )]
    old: Option<String>,
    /// What OLD is compared with, of the same kinds as OLD
    #[arg(
        value_name = "NEW",
        required_unless_present_any = ["from_rev", "migrating", "against_openapi_diff"],
        conflicts_with = "from_rev"
    )]
    new: Option<String>,
    /// OLD is specs/ as it was at the git revision REV (with NEW's @VERSION,
    /// if any); NEW defaults to specs/
    #[arg(long, value_name = "REV")]
    from_rev: Option<String>,
    /// Print the report as JSON (the summary line goes to stderr)
    #[arg(long)]
    json: bool,
    /// Write MIGRATING.md: every call of the oldest version in specs/ with
    /// its counterpart in the default one (`cargo xtask codegen` rewrites it
    /// when the specs change, and `--check` fails when it is stale)
    #[arg(long, exclusive = true)]
    migrating: bool,
    /// Run api-diff and openapi-diff (scripts/install-openapi-diff.sh) on
    /// every pair of consecutive published versions of an API in
    /// ../shared/hubspot-specs; fail if openapi-diff finds a breaking change
    /// api-diff does not report (skipped without ../shared or the package)
    #[arg(long, exclusive = true)]
    against_openapi_diff: bool,
}

pub fn command(opts: Args, cwd: &Path, root: &Path) -> ExitCode {
    if opts.against_openapi_diff {
        return openapi_diff::command(root);
    }
    if opts.migrating {
        return write_migrating(root);
    }
    // Holds the checked-out revision until the report is made.
    let mut _checkout = None;
    let (old, new) = match (&opts.from_rev, &opts.old, &opts.new) {
        (Some(rev), given, _) => {
            // The one side given, in OLD's place, is NEW.
            let new = match given {
                Some(arg) => Source::parse(arg, cwd),
                None => Source::parse("specs", root),
            };
            let dir = match specs_at(rev, root) {
                Ok(dir) => dir,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let old = Source {
                path: dir.path().join("specs"),
                version: new.version.clone(),
                label: match &new.version {
                    Some(v) => format!("specs@{v} at {rev}"),
                    None => format!("specs at {rev}"),
                },
            };
            _checkout = Some(dir);
            (old, new)
        }
        (None, Some(old), Some(new)) => (Source::parse(old, cwd), Source::parse(new, cwd)),
        (None, _, _) => unreachable!("clap requires OLD and NEW without --from-rev"),
    };
    let report = match diff::diff(&old, &new) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if opts.json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => crate::print_out(&json),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
        eprintln!("{}", report.summary.line());
    } else {
        crate::print_out(diff::markdown::render(&report).trim_end());
    }
    ExitCode::SUCCESS
}

/// Writes the migration guide of `specs/` (see `crate::changes::migrating`).
fn write_migrating(root: &Path) -> ExitCode {
    let path = root.join(crate::changes::MIGRATING);
    let written = crate::changes::migrating(&root.join("specs"))
        .and_then(|text| std::fs::write(&path, text).map_err(|e| e.to_string().into()));
    match written {
        Ok(()) => {
            println!("{} written.", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", crate::changes::MIGRATING);
            ExitCode::FAILURE
        }
    }
}

/// `specs/` as it was at `rev`, in a temporary folder (`git archive`).
fn specs_at(rev: &str, root: &Path) -> Result<tempfile::TempDir> {
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let archive = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["archive", "--format=tar", rev, "specs"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !archive.status.success() {
        let why = String::from_utf8_lossy(&archive.stderr);
        return Err(format!("git archive {rev} specs: {}", why.trim()).into());
    }
    let tar = dir.path().join("specs.tar");
    std::fs::write(&tar, &archive.stdout).map_err(|e| format!("{}: {e}", tar.display()))?;
    let status = Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .arg("-C")
        .arg(dir.path())
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() {
        return Err(format!("tar could not unpack {}", tar.display()).into());
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{error, parse};
    use crate::Command;
    use clap::error::ErrorKind;

    fn args(args: &[&str]) -> Args {
        match parse(&[&["api-diff"], args].concat()) {
            Ok(Command::ApiDiff(a)) => a,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    fn sides(old: &str, new: &str) -> Args {
        Args {
            old: Some(old.into()),
            new: Some(new.into()),
            ..Args::default()
        }
    }

    #[test]
    fn two_sides_or_a_revision_and_at_most_one() {
        // README.md
        assert_eq!(
            args(&["specs@v3", "specs@2026-09"]),
            sides("specs@v3", "specs@2026-09")
        );
        assert_eq!(
            args(&["old/contacts.json", "new/contacts.json", "--json"]),
            Args {
                json: true,
                ..sides("old/contacts.json", "new/contacts.json")
            }
        );
        assert_eq!(
            args(&["--from-rev", "origin/main"]),
            Args {
                from_rev: Some("origin/main".into()),
                ..Args::default()
            }
        );
        assert_eq!(
            args(&["--json", "a", "b"]),
            Args {
                json: true,
                ..sides("a", "b")
            }
        );
        assert_eq!(
            args(&["--from-rev", "HEAD", "specs@v3", "--json"]),
            Args {
                old: Some("specs@v3".into()),
                from_rev: Some("HEAD".into()),
                json: true,
                ..Args::default()
            }
        );
        assert_eq!(error(&["api-diff"]), ErrorKind::MissingRequiredArgument);
        assert_eq!(
            error(&["api-diff", "a"]),
            ErrorKind::MissingRequiredArgument
        );
        assert_eq!(
            error(&["api-diff", "a", "b", "c"]),
            ErrorKind::UnknownArgument
        );
        assert_eq!(
            error(&["api-diff", "--from-rev", "HEAD", "a", "b"]),
            ErrorKind::ArgumentConflict
        );
        assert_eq!(
            error(&["api-diff", "a", "b", "--yaml"]),
            ErrorKind::UnknownArgument
        );
    }

    #[test]
    fn migrating_and_against_openapi_diff_stand_alone() {
        assert!(args(&["--migrating"]).migrating);
        assert!(args(&["--against-openapi-diff"]).against_openapi_diff);
        for other in [
            &["--json"][..],
            &["a", "b"],
            &["--from-rev", "HEAD"],
            &["--against-openapi-diff"],
        ] {
            let line = [&["api-diff", "--migrating"][..], other].concat();
            assert_eq!(error(&line), ErrorKind::ArgumentConflict, "{line:?}");
        }
        assert_eq!(
            error(&["api-diff", "a", "b", "--against-openapi-diff"]),
            ErrorKind::ArgumentConflict
        );
    }
}
