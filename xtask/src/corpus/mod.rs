//! `cargo xtask corpus PATH...`: generates a client for every spec found and
//! type-checks them all, with a row per spec.
//!
//! Each spec is first generated on its own (so one spec's failure is its own,
//! and its figures are its own). The specs that generate are then spread over
//! a few shards (one per core, balanced by generated lines), each shard one
//! generated output (facade, runtime, a crate per spec and crates of the
//! types its specs declare alike, under `crates/`),
//! in a throwaway workspace under `target/corpus/` with its own `[workspace]`
//! table and a copy of the main `Cargo.lock`, so dependencies are the ones
//! already built in `target/`. `cargo check --keep-going
//! --message-format=json` checks every crate and each compiler message is
//! attributed by its package: an API crate's messages are its spec's; a
//! message of a facade, runtime or shared-types crate is no spec's and fails
//! the run.
//!
//! A spec passes when it generates and its crate is checked with no compiler
//! error and no compiler warning. Generator warnings (faults of the spec that
//! were worked around) are listed under the table but do not fail a spec.
//!
//! [`generate`] finds the specs and generates each alone, [`check`] writes
//! the shards' workspace and runs `cargo check` on it, [`messages`]
//! attributes cargo's messages to the rows, [`report`] prints the table.

mod check;
mod generate;
mod messages;
mod report;

use crate::error::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Generate and type-check a client per spec.
///
/// Each spec is generated on its own; the specs that generate are spread
/// over a few shards (one per core, balanced by generated lines), each one
/// generated output in a throwaway workspace under the output folder, and
/// `cargo check` checks them all. Prints a row per spec (operations, types,
/// lines, generated, compiled, compiler warnings, spec faults worked around,
/// time), then `N passed, M failed`. A spec passes when it generates and its
/// crate is checked with no compiler error and no compiler warning;
/// generator warnings are listed but do not fail a spec.
#[derive(clap::Args, Debug, PartialEq)]
#[command(args_override_self = true)]
pub struct Args {
    /// A spec file, or a folder whose .json/.yaml/.yml files are specs (a
    /// folder that is absent is skipped, saying so)
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// Generate only; do not type-check the output
    #[arg(long)]
    no_check: bool,
    /// Cargo jobs, and shards to spread the specs over (default: available
    /// cores)
    #[arg(long, value_name = "N", value_parser = crate::positive)]
    jobs: Option<usize>,
    /// Where the corpus workspace goes (default: target/corpus)
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

impl Args {
    /// The options; paths given relative to `cwd`, the default output
    /// folder in the workspace `root`.
    fn opts(self, cwd: &Path, root: &Path) -> Opts {
        Opts {
            paths: self.paths.iter().map(|p| cwd.join(p)).collect(),
            check: !self.no_check,
            jobs: self
                .jobs
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())),
            out: self
                .out
                .map_or_else(|| root.join("target/corpus"), |p| cwd.join(p)),
        }
    }
}

#[derive(Debug, PartialEq)]
struct Opts {
    paths: Vec<PathBuf>,
    check: bool,
    jobs: usize,
    out: PathBuf,
}

/// One spec's figures.
struct Row {
    spec: PathBuf,
    /// The spec's module (and crate folder under `crates/`) in the output.
    module: String,
    operations: usize,
    types: usize,
    lines: usize,
    generate: Duration,
    /// `Err(message)` when generation failed.
    generated: Result<()>,
    generator_warnings: Vec<String>,
    /// Shard index, once placed.
    shard: Option<usize>,
    errors: Vec<String>,
    warnings: Vec<String>,
}

impl Row {
    fn name(&self) -> String {
        self.spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

pub fn command(args: Args, cwd: &Path, root: &Path) -> ExitCode {
    let opts = args.opts(cwd, root);
    let specs = match generate::find_specs(&opts.paths) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if specs.is_empty() {
        return if crate::skip::skipped("no spec found, nothing to do") {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }

    let started = Instant::now();
    let mut rows: Vec<Row> = specs.iter().map(|s| generate::generate_one(s)).collect();
    let generate_time = started.elapsed();

    let mut check_time = None;
    let mut crate_level = Vec::new();
    if opts.check {
        let started = Instant::now();
        match check::check(&mut rows, &opts, root) {
            Ok(unattributed) => crate_level = unattributed,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
        check_time = Some(started.elapsed());
    }

    let failed = report::report(&rows, opts.check, &crate_level);
    println!(
        "generated {} specs in {:.2} s{}",
        rows.len(),
        generate_time.as_secs_f64(),
        match check_time {
            Some(t) => format!(
                "; cargo check of {} shards in {:.1} s",
                opts.jobs.min(rows.len()),
                t.as_secs_f64()
            ),
            None => "; not type-checked (--no-check)".into(),
        }
    );
    if !crate_level.is_empty() {
        println!(
            "{} compiler messages outside any spec's crate (they fail the run)",
            crate_level.len()
        );
    }
    println!("{} passed, {} failed", rows.len() - failed, failed);
    if failed == 0 && crate_level.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{error, parse};
    use crate::Command;
    use clap::error::ErrorKind;

    fn opts(args: &[&str]) -> Opts {
        match parse(&[&["corpus"], args].concat()) {
            Ok(Command::Corpus(a)) => a.opts(Path::new("/here"), Path::new("/root")),
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn options_default_and_resolve_against_the_current_folder() {
        let o = opts(&["specs", "/abs/x.json"]);
        assert_eq!(
            o.paths,
            [PathBuf::from("/here/specs"), PathBuf::from("/abs/x.json")]
        );
        assert!(o.check);
        assert!(o.jobs >= 1);
        assert_eq!(o.out, Path::new("/root/target/corpus"));
        // .ci/run
        let o = opts(&[
            "../shared/hubspot-specs/published-v3",
            "../shared/hubspot-specs/published-dated",
            "../shared/hubspot-specs/evangelist-openapi",
        ]);
        assert_eq!(
            o.paths,
            [
                PathBuf::from("/here/../shared/hubspot-specs/published-v3"),
                PathBuf::from("/here/../shared/hubspot-specs/published-dated"),
                PathBuf::from("/here/../shared/hubspot-specs/evangelist-openapi"),
            ]
        );
        let o = opts(&["a", "--no-check", "--jobs", "3", "b", "--out", "c"]);
        assert_eq!(
            o,
            Opts {
                paths: vec!["/here/a".into(), "/here/b".into()],
                check: false,
                jobs: 3,
                out: "/here/c".into(),
            }
        );
    }

    #[test]
    fn a_path_is_required_and_counts_are_positive() {
        assert_eq!(error(&["corpus"]), ErrorKind::MissingRequiredArgument);
        assert_eq!(
            error(&["corpus", "--no-check"]),
            ErrorKind::MissingRequiredArgument
        );
        assert_eq!(
            error(&["corpus", "a", "--jobs", "0"]),
            ErrorKind::ValueValidation
        );
        assert_eq!(
            error(&["corpus", "a", "--fast"]),
            ErrorKind::UnknownArgument
        );
    }
}
