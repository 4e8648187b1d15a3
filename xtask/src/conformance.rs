//! `cargo xtask conformance`: the generated client against Prism mocks of
//! HubSpot's published specs, in every API version.
//!
//! Installs a pinned Prism into `target/prism` (npm, only when missing),
//! writes a cleaned copy of every published spec [`crate::published`] lists
//! ([`serve`]), then for each run serves them all ([`prism`]: one Node
//! process per version, one Prism server per spec on a free port, dynamic
//! mode, seeded) and runs `cargo run -p tests --example conformance --
//! check` against them; every Prism is stopped when the run ends, also on
//! failure or panic. Finally `... -- report` prints a table per version.
//! The generated crate is not a dependency of xtask: it is built and run as
//! a separate program, so xtask builds even when `generated/` does not.

mod prism;
mod serve;

use crate::error::Result;
use crate::published::{self, Published};
use serve::Served;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// HubSpot's published specs, as [`published`] names them.
const SHARED: &str = "../shared/hubspot-specs";

/// The client against Prism mocks of ../shared.
///
/// Checks every operation of every API version of the generated client
/// against Prism mocks of HubSpot's published specs of that version in
/// ../shared/hubspot-specs (skipped, saying so, when none is there), then
/// prints a table per version. Needs Node.js and npm: a pinned Prism is
/// installed into target/prism when missing.
#[derive(clap::Args, Debug, PartialEq)]
#[command(args_override_self = true)]
pub struct Args {
    /// Runs, each with fresh Prism processes and seed S+i
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Seed of the first run; Prism generates responses deterministically
    /// from it, so a failure can be replayed
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
}

pub fn command(args: Args, root: &Path) -> ExitCode {
    match run(&args, root) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(opts: &Args, root: &Path) -> Result<ExitCode> {
    let started = Instant::now();
    let shared = root.join(SHARED);
    let entries = published::all();
    let (present, missing): (Vec<&Published>, Vec<&Published>) = entries
        .iter()
        .partition(|p| shared.join(&p.published).is_file());
    if present.is_empty() {
        let allowed = crate::skip::skipped(&format!(
            "conformance: none of HubSpot's published specs is in {SHARED}, so no \
             operation was checked against them (Prism was not installed or started)."
        ));
        return Ok(if allowed {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|p| p.published.as_str()).collect();
        return Err(format!(
            "{SHARED} lacks {}; every published spec of every version is needed to judge \
             every operation.",
            names.join(", ")
        )
        .into());
    }
    let served = serve_all(&shared, &entries, &root.join("target/prism/specs"))?;
    let launcher = prism::install(root)?;
    let installed = started.elapsed();
    let program = build_program(root)?;

    let work = root.join("target/prism/results");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let results = work.join("results.jsonl");
    let _ = std::fs::remove_file(&results);
    for run in 1..=opts.runs {
        let seed = opts.seed + u64::from(run - 1);
        println!("== conformance run {run} of {}, seed {seed}", opts.runs);
        let run_started = Instant::now();
        let paths = RunPaths {
            program: &program,
            launcher: &launcher,
            work: &work,
            results: &results,
        };
        check_run(&paths, &served, seed, run)?;
        println!("   run {run}: {:.1} s", run_started.elapsed().as_secs_f64());
    }

    let report = Command::new(&program)
        .current_dir(root)
        .arg("report")
        .arg(&results)
        .status();
    println!(
        "conformance: Prism {}, {} published specs, {} run(s) from seed {}; install {:.1} s, \
         total {:.1} s",
        prism::PRISM_VERSION,
        served.len(),
        opts.runs,
        opts.seed,
        installed.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    match report {
        Ok(s) if s.success() => Ok(ExitCode::SUCCESS),
        Ok(_) => Ok(ExitCode::FAILURE),
        Err(e) => Err(format!("cannot run the conformance report: {e}").into()),
    }
}

/// Writes the copy of each published spec Prism serves, and says what was
/// taken out of which.
fn serve_all(shared: &Path, entries: &[Published], dir: &Path) -> Result<Vec<Served>> {
    let served = entries
        .iter()
        .map(|entry| serve::copy(shared, entry, dir))
        .collect::<Result<Vec<_>, _>>()?;
    let nulls: usize = served.iter().map(|s| s.null_examples).sum();
    if nulls > 0 {
        let files = served.iter().filter(|s| s.null_examples > 0).count();
        println!(
            "note: {files} published specs are served without their {nulls} `\"example\": null` \
             annotations: json-schema-faker in Prism {} crashes on them (\"Cannot convert \
             undefined or null to object\"); an example constrains nothing, so what each spec \
             accepts is unchanged.",
            prism::PRISM_VERSION
        );
    }
    for s in served.iter().filter(|s| !s.back_references.is_empty()) {
        println!(
            "note: {} {} ({}) is served without {} sub-type back-references ({}): each variant \
             of a base that is only a `oneOf` of its variants referred back to the base, a cycle \
             without a base case on which Prism exceeds the call stack; the base's `oneOf` still \
             says which variants there are.",
            s.version,
            s.label,
            s.published,
            s.back_references.len(),
            s.back_references.join(", ")
        );
    }
    Ok(served)
}

/// Builds the program (`tests/examples/conformance`) once, before any Prism
/// starts, and returns its executable: each run and the report then start
/// it directly, without waiting for cargo's lock on `target/`.
fn build_program(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root)
        .args(["build", "-p", "tests", "--example", "conformance"])
        .arg("--message-format=json-render-diagnostics")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err("the conformance program (tests/examples/conformance) does not build".into());
    }
    executable(&String::from_utf8_lossy(&output.stdout))
        .ok_or_else(|| "cargo built the conformance program but named no executable for it".into())
}

/// The executable of the `conformance` example in cargo's JSON messages.
fn executable(messages: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "conformance")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
}

/// One run: every spec served with `seed`, the program's calls appended to
/// `results`; every Prism stops before this returns.
/// What every run uses.
struct RunPaths<'a> {
    /// The conformance program.
    program: &'a Path,
    /// Prism's launcher ([`prism::install`]).
    launcher: &'a Path,
    /// Where logs go.
    work: &'a Path,
    /// The JSON lines every run appends to.
    results: &'a Path,
}

fn check_run(paths: &RunPaths, served: &[Served], seed: u64, run: u32) -> Result<()> {
    let starting = Instant::now();
    let mut mocks = prism::Mocks::start(paths.launcher, served, seed, run, paths.work)?;
    println!(
        "   Prism serves {} specs ({} processes) after {:.1} s",
        mocks.mocks.len(),
        mocks.processes(),
        starting.elapsed().as_secs_f64()
    );
    let mut cmd = Command::new(paths.program);
    cmd.arg("check")
        .args(["--run", &run.to_string(), "--seed", &seed.to_string()])
        .arg("--out")
        .arg(paths.results);
    for m in &mocks.mocks {
        cmd.arg("--mock")
            .arg(m.served.version)
            .arg(m.served.label)
            .arg(format!("http://127.0.0.1:{}", m.port))
            .arg(&m.served.path);
    }
    // Per-call progress goes to a log; the table says what matters.
    let log = paths.work.join(format!("check-run{run}.log"));
    let file =
        std::fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let status = cmd.stdout(file).status();
    // A Prism that died left the calls after it unjudged: the run is wrong,
    // whatever the program made of them.
    let exited = mocks.exited();
    drop(mocks); // every Prism of this run stops here
    if !exited.is_empty() {
        return Err(format!(
            "a Prism process died during run {run} (seed {seed}):\n{}",
            exited.join("\n")
        )
        .into());
    }
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!(
            "the conformance program failed ({s}); see {}",
            log.display()
        )
        .into()),
        Err(e) => Err(format!("cannot run the conformance program: {e}").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_default_and_parse_and_reject_nonsense() {
        use crate::tests::{error, parse};
        use clap::error::ErrorKind;
        let opts = |args: &[&str]| match parse(&[&["conformance"], args].concat()) {
            Ok(crate::Command::Conformance(a)) => (a.runs, a.seed),
            other => panic!("{args:?}: {other:?}"),
        };
        assert_eq!(opts(&[]), (3, 1));
        assert_eq!(opts(&["--runs", "5", "--seed", "40"]), (5, 40));
        assert_eq!(opts(&["--seed", "0"]), (3, 0));
        assert_eq!(
            error(&["conformance", "--runs", "0"]),
            ErrorKind::ValueValidation
        );
        assert_eq!(error(&["conformance", "--runs"]), ErrorKind::InvalidValue);
        assert_eq!(
            error(&["conformance", "--verbose"]),
            ErrorKind::UnknownArgument
        );
    }

    #[test]
    fn the_executable_is_read_from_cargos_messages() {
        let messages = r#"{"reason":"compiler-artifact","target":{"name":"hubspot-client"},"executable":null}
{"reason":"compiler-artifact","target":{"name":"conformance"},"executable":"/t/debug/examples/conformance"}
{"reason":"build-finished","success":true}"#;
        assert_eq!(
            executable(messages),
            Some(PathBuf::from("/t/debug/examples/conformance"))
        );
        assert_eq!(executable("{\"reason\":\"build-finished\"}"), None);
    }

    #[test]
    fn every_published_spec_is_served_with_its_version() {
        let versions: Vec<&str> = published::all().iter().map(|p| p.version).collect();
        for v in published::VERSIONS {
            assert!(versions.contains(&v), "{v}");
        }
    }
}
