//! `cargo xtask api-diff OLD NEW [--json]`: the API changes between two sets
//! of specs, classified for the wire and for the generated Rust (see
//! `hubspot_codegen::diff`).

mod openapi_diff;

use crate::error::Result;
use hubspot_codegen::diff::{self, Source};
use std::path::Path;
use std::process::{Command, ExitCode};

pub const USAGE: &str = "usage: cargo xtask api-diff OLD NEW [--json]
       cargo xtask api-diff --from-rev REV [NEW] [--json]
       cargo xtask api-diff --migrating
       cargo xtask api-diff --against-openapi-diff

  OLD, NEW        a spec file, a folder of spec files, a folder laid out like
                  specs/ (versions.yaml and a folder per version), or one
                  version of such a folder: specs@v3, specs@2026-09
  --from-rev REV  OLD is specs/ as it was at the git revision REV (with NEW's
                  @VERSION, if any); NEW defaults to specs/
  --json          print the report as JSON (the summary line goes to stderr)
  --migrating     write MIGRATING.md: every call of the oldest version in
                  specs/ with its counterpart in the default one (`cargo
                  xtask codegen` rewrites it when the specs change, and
                  `--check` fails when it is stale)
  --against-openapi-diff
                  run api-diff and openapi-diff (scripts/install-openapi-diff.sh)
                  on every pair of consecutive published versions of an API in
                  ../shared/hubspot-specs; fail if openapi-diff finds a breaking
                  change api-diff does not report (skipped without ../shared or
                  the package)

  Prints Markdown for a pull request; the last line reads
  `N operations added, N removed, N moved, N changed; N breaking`.";

struct Opts {
    sides: Vec<String>,
    from_rev: Option<String>,
    json: bool,
}

fn parse(args: &[String]) -> Option<Opts> {
    let mut opts = Opts {
        sides: Vec::new(),
        from_rev: None,
        json: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => opts.json = true,
            "--from-rev" => opts.from_rev = Some(it.next()?.clone()),
            a if a.starts_with("--") => return None,
            a => opts.sides.push(a.to_string()),
        }
    }
    let wanted = if opts.from_rev.is_some() {
        0..=1
    } else {
        2..=2
    };
    wanted.contains(&opts.sides.len()).then_some(opts)
}

pub fn command(args: &[String], cwd: &Path, root: &Path) -> ExitCode {
    if args == ["--against-openapi-diff"] {
        return openapi_diff::command(root);
    }
    if args == ["--migrating"] {
        return write_migrating(root);
    }
    let Some(opts) = parse(args) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    // Holds the checked-out revision until the report is made.
    let mut _checkout = None;
    let (old, new) = match &opts.from_rev {
        Some(rev) => {
            let new = match opts.sides.first() {
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
        None => (
            Source::parse(&opts.sides[0], cwd),
            Source::parse(&opts.sides[1], cwd),
        ),
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
