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

use crate::error::{Error, Result};
use hubspot_codegen::{output, Config};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
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
    let specs = match find_specs(&opts.paths) {
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
    let mut rows: Vec<Row> = specs.iter().map(|s| generate_one(s)).collect();
    let generate_time = started.elapsed();

    let mut check_time = None;
    let mut crate_level = Vec::new();
    if opts.check {
        let started = Instant::now();
        match check(&mut rows, &opts, root) {
            Ok(unattributed) => crate_level = unattributed,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
        check_time = Some(started.elapsed());
    }

    let failed = report(&rows, opts.check, &crate_level);
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

/// The spec files among `paths`, sorted per folder.
fn find_specs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for path in paths {
        if path.is_file() {
            specs.push(path.clone());
            continue;
        }
        let Ok(entries) = std::fs::read_dir(path) else {
            if crate::skip::skipped(&format!("{} is absent", path.display())) {
                continue;
            }
            return Err(format!("{} is absent", path.display()).into());
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"))
            })
            .collect();
        if found.is_empty() {
            return Err(format!("{} holds no .json/.yaml/.yml file", path.display()).into());
        }
        found.sort();
        specs.extend(found);
    }
    Ok(specs)
}

fn config(specs: Vec<PathBuf>, name: String) -> Config {
    Config {
        specs,
        name,
        version: "0.0.0".into(),
        description: "Corpus check: clients for HubSpot's published specs.".into(),
        // Within a shard, types its specs declare alike are shared, so the
        // check covers the shared crates too (a spec generated alone shares
        // nothing).
        versions: Vec::new(),
        share_types: true,
        properties: Vec::new(),
        publish: true,
    }
}

fn generate_one(spec: &Path) -> Row {
    let started = Instant::now();
    let config = config(vec![spec.to_path_buf()], "corpus-one".into());
    let result = std::panic::catch_unwind(|| hubspot_codegen::generate_with_warnings(&config));
    let generate = started.elapsed();
    let mut row = Row {
        spec: spec.to_path_buf(),
        module: String::new(),
        operations: 0,
        types: 0,
        lines: 0,
        generate,
        generated: Ok(()),
        generator_warnings: Vec::new(),
        shard: None,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    match result {
        Ok(Ok(g)) => {
            if let Some(api) = g.ir.apis.first() {
                row.module = api.module.clone();
                row.operations = api.root.all_operations().len();
                row.types = api.types.len();
                let dir = Path::new("crates").join(&g.ir.layout.member(&api.module).dir);
                row.lines = g
                    .files
                    .iter()
                    .filter(|(p, _)| p.starts_with(&dir))
                    .map(|(_, text)| text.lines().count())
                    .sum();
            }
            row.generator_warnings = g.warnings.iter().map(|w| w.to_string()).collect();
        }
        Ok(Err(e)) => row.generated = Err(e.to_string().into()),
        Err(_) => row.generated = Err("the generator panicked (a bug)".into()),
    }
    row
}

/// Writes the shards, runs `cargo check` on them and attributes every
/// compiler message to a row. Returns the messages that belong to no row.
fn check(rows: &mut [Row], opts: &Opts, root: &Path) -> Result<Vec<String>> {
    // Largest first onto the lightest shard.
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|i| rows[*i].generated.is_ok())
        .collect();
    order.sort_by_key(|i| std::cmp::Reverse(rows[*i].lines));
    let shards = opts.jobs.min(order.len()).max(1);
    let mut load = vec![0usize; shards];
    for i in order {
        let lightest = (0..shards).min_by_key(|s| load[*s]).unwrap_or(0);
        load[lightest] += rows[i].lines;
        rows[i].shard = Some(lightest);
    }

    std::fs::create_dir_all(&opts.out).map_err(|e| format!("{}: {e}", opts.out.display()))?;
    let mut members = Vec::new();
    let mut packages = Packages::default();
    for shard in 0..shards {
        let specs: Vec<usize> = (0..rows.len())
            .filter(|i| rows[*i].shard == Some(shard))
            .collect();
        let name = format!("corpus-{}-shard-{shard}", out_tag(&opts.out));
        let config = config(
            specs.iter().map(|i| rows[*i].spec.clone()).collect(),
            name.clone(),
        );
        let generated = hubspot_codegen::generate_with_warnings(&config)
            .map_err(|e| format!("shard {shard} did not generate: {e}"))?;
        packages.add_shard(&generated.ir, &specs);
        output::write(&opts.out.join(&name), &generated.files).map_err(|e| e.to_string())?;
        // Its crates are path dependencies inside the workspace: members too.
        members.push(name);
    }
    // Shards from an earlier, larger run are left alone: not members.
    let manifest = format!(
        "# Written by `cargo xtask corpus`; a throwaway workspace, not part of the main one.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    write_if_changed(&opts.out.join("Cargo.toml"), &manifest)?;
    // The main lock file: the same dependency versions as the main workspace,
    // so `target/` already holds them.
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    if !lock.is_empty() {
        write_if_changed(&opts.out.join("Cargo.lock"), &lock)?;
    }

    let target_dir = crate::target_dir(root);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!(
        "checking {} specs in {shards} shards under {} ...",
        packages.owner.len(),
        opts.out.display()
    );
    // `--keep-going`: one spec's error does not stop the other crates;
    // `test-util`: the response types' fixture constructors are checked too.
    let mut child = Command::new(cargo)
        .args([
            "check",
            "--workspace",
            "--features",
            "test-util",
            "--keep-going",
            "--message-format=json",
            "--jobs",
        ])
        .arg(opts.jobs.to_string())
        .current_dir(&opts.out)
        .env("CARGO_TARGET_DIR", &target_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout from cargo")?;
    let mut unattributed = Vec::new();
    let mut finished = None;
    // The API crates cargo built (reported a `compiler-artifact` for).
    let mut checked = BTreeSet::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading cargo's output: {e}"))?;
        let Ok(msg) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        match msg.get("reason").and_then(Value::as_str) {
            Some("build-finished") => finished = msg.get("success").and_then(Value::as_bool),
            Some("compiler-artifact") => {
                if let Some(name) = package_of(&msg).filter(|n| packages.owner.contains_key(*n)) {
                    checked.insert(name.to_string());
                }
            }
            Some("compiler-message") => attribute(&msg, &packages, rows, &mut unattributed),
            _ => {}
        }
    }
    let status = child.wait().map_err(|e| format!("cargo: {e}"))?;
    let any_error = rows.iter().any(|r| !r.errors.is_empty());
    if !status.success() && !any_error && unattributed.is_empty() {
        return Err(format!(
            "cargo check failed without a compiler message about the specs (build-finished: {finished:?}); see above"
        ).into());
    }
    fail_unchecked(&packages, &checked, rows);
    Ok(unattributed)
}

/// An API crate cargo never built (`checked` lacks it) was not checked: a
/// crate it needs failed, or cargo skipped it. Never count that as a pass.
fn fail_unchecked(packages: &Packages, checked: &BTreeSet<String>, rows: &mut [Row]) {
    for (package, &row) in &packages.owner {
        if !checked.contains(package) && rows[row].errors.is_empty() {
            rows[row]
                .errors
                .push(format!("error: cargo did not check {package}"));
        }
    }
}

/// The packages of the corpus workspace, by name.
#[derive(Default)]
struct Packages {
    /// API crate (`corpus-…-shard-0-crm-contacts`) → the row of its spec.
    owner: BTreeMap<String, usize>,
    /// The shards' facade, runtime and shared-types crates: ours, but no
    /// spec's.
    other: BTreeSet<String>,
}

impl Packages {
    /// Records the packages of one shard's output: the crate of each API for
    /// the row of its spec (`rows`, in the order the specs were given), the
    /// facade, runtime and shared-types crates as no spec's.
    fn add_shard(&mut self, ir: &hubspot_codegen::ir::Crate, rows: &[usize]) {
        // APIs come back in input order.
        for (row, api) in rows.iter().zip(&ir.apis) {
            self.owner
                .insert(ir.layout.member(&api.module).package.clone(), *row);
        }
        self.other.insert(ir.name.clone());
        self.other.insert(ir.layout.runtime.package.clone());
        for group in &ir.shared {
            self.other
                .insert(ir.layout.member(&group.module).package.clone());
        }
    }
}

/// The package name in a cargo message's `package_id`: the current
/// `path+file:///…/crates/x#name@0.0.0` or `path+file:///…/name#0.0.0`, or
/// the older `name 0.0.0 (path+file://…)`.
fn package_of(msg: &Value) -> Option<&str> {
    let id = msg.get("package_id")?.as_str()?;
    match id.split_once('#') {
        Some((_, fragment)) if fragment.contains('@') => fragment.split('@').next(),
        Some((url, _)) => url.rsplit('/').next(),
        None => id.split(' ').next(),
    }
}

/// Records a `compiler-message` against the row of its package; a message
/// of a facade, runtime or shared-types crate goes to `unattributed`, one of
/// a dependency nowhere.
fn attribute(msg: &Value, packages: &Packages, rows: &mut [Row], unattributed: &mut Vec<String>) {
    let Some(package) = package_of(msg) else {
        return;
    };
    let row = packages.owner.get(package).copied();
    if row.is_none() && !packages.other.contains(package) {
        // A dependency's message: not ours to count.
        return;
    }
    let message = &msg["message"];
    let level = message.get("level").and_then(Value::as_str).unwrap_or("");
    if !matches!(level, "error" | "warning") {
        return;
    }
    // Summaries (`aborting due to…`, `N warnings emitted`) have no span.
    if message
        .get("spans")
        .and_then(Value::as_array)
        .is_none_or(|s| s.is_empty())
    {
        return;
    }
    let rendered = message
        .get("rendered")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end()
        .to_string();
    match row {
        Some(row) if level == "error" => rows[row].errors.push(rendered),
        Some(row) => rows[row].warnings.push(rendered),
        None => unattributed.push(format!("{package}: {rendered}")),
    }
}

/// A short tag of the output folder for the shard package names. Cargo keys
/// a path package's build by name, version and path relative to its
/// workspace, so two corpus folders sharing a target folder would otherwise
/// take each other's shards for fresh ones and replay the wrong messages.
fn out_tag(out: &Path) -> String {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same folder gives the same tag every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    out.hash(&mut h);
    format!("{:08x}", h.finish() as u32)
}

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(Error::io(path))
}

/// Prints the table and the details; returns how many rows failed.
fn report(rows: &[Row], checked: bool, crate_level: &[String]) -> usize {
    let width = rows
        .iter()
        .map(|r| r.name().len())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{:<width$}  {:>5}  {:>5}  {:>6}  {:>9}  {:>8}  {:>8}  {:>8}  {:>7}",
        "spec", "ops", "types", "lines", "generated", "compiled", "warnings", "spec-flt", "gen ms"
    );
    let mut failed = 0;
    let (mut ops, mut types, mut lines, mut warnings, mut faults) = (0, 0, 0, 0, 0);
    for r in rows {
        let generated = r.generated.is_ok();
        let compiled = generated && r.errors.is_empty();
        let pass = generated && (!checked || (compiled && r.warnings.is_empty()));
        if !pass {
            failed += 1;
        }
        ops += r.operations;
        types += r.types;
        lines += r.lines;
        warnings += r.warnings.len();
        faults += r.generator_warnings.len();
        println!(
            "{:<width$}  {:>5}  {:>5}  {:>6}  {:>9}  {:>8}  {:>8}  {:>8}  {:>7.1}",
            r.name(),
            r.operations,
            r.types,
            r.lines,
            if generated { "yes" } else { "FAILED" },
            match (checked, compiled) {
                (false, _) => "-",
                (true, true) => "yes",
                (true, false) => "FAILED",
            },
            if checked {
                r.warnings.len().to_string()
            } else {
                "-".into()
            },
            r.generator_warnings.len(),
            r.generate.as_secs_f64() * 1000.0,
        );
    }
    println!(
        "{:<width$}  {:>5}  {:>5}  {:>6}  {:>9}  {:>8}  {:>8}  {:>8}",
        "total",
        ops,
        types,
        lines,
        rows.iter().filter(|r| r.generated.is_ok()).count(),
        if checked {
            rows.iter()
                .filter(|r| r.generated.is_ok() && r.errors.is_empty())
                .count()
                .to_string()
        } else {
            "-".into()
        },
        if checked {
            warnings.to_string()
        } else {
            "-".into()
        },
        faults,
    );
    println!("(warnings: compiler warnings in the spec's crate; spec-flt: faults of the spec the generator worked around, listed below)");

    for r in rows {
        if let Err(e) = &r.generated {
            println!("\n{}: generation failed:\n  {e}", r.name());
        }
        if !r.generator_warnings.is_empty() {
            println!(
                "\n{}: {} spec faults worked around:",
                r.name(),
                r.generator_warnings.len()
            );
            for w in &r.generator_warnings {
                println!("  warning: {w}");
            }
        }
        for m in r.errors.iter().chain(&r.warnings).take(10) {
            println!("\n{}:\n{m}", r.name());
        }
    }
    for m in crate_level.iter().take(10) {
        println!("\n{m}");
    }
    failed
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

    fn row(module: &str) -> Row {
        let mut r = generate_one(Path::new("absent.json"));
        r.module = module.into();
        r.generated = Ok(());
        r
    }

    /// A `compiler-message` as cargo prints it, from package `id`.
    fn message(id: &str, level: &str, file: &str) -> Value {
        serde_json::json!({
            "reason": "compiler-message",
            "package_id": id,
            "message": {
                "level": level,
                "rendered": format!("{level}: something\n --> {file}:1:1"),
                "spans": [
                    {"file_name": "corpus-t-shard-0/src/lib.rs", "is_primary": false},
                    {"file_name": file, "is_primary": true}
                ]
            }
        })
    }

    const DIR: &str = "path+file:///w/target/corpus";

    /// Shard 0 holds `crm_a` (row 0); shard 1 `crm_b` (row 1) and `crm_a` (row 2).
    fn packages() -> Packages {
        Packages {
            owner: BTreeMap::from([
                ("corpus-t-shard-0-crm-a".into(), 0),
                ("corpus-t-shard-1-crm-b".into(), 1),
                ("corpus-t-shard-1-crm-a".into(), 2),
            ]),
            other: BTreeSet::from([
                "corpus-t-shard-0".into(),
                "corpus-t-shard-0-runtime".into(),
                "corpus-t-shard-1".into(),
                "corpus-t-shard-1-runtime".into(),
            ]),
        }
    }

    #[test]
    fn messages_go_to_the_row_of_their_package() {
        let packages = packages();
        let mut rows = vec![row("crm_a"), row("crm_b"), row("crm_a")];
        let mut other = Vec::new();
        let crm_a_0 = format!("{DIR}/corpus-t-shard-0/crates/crm_a#corpus-t-shard-0-crm-a@0.0.0");
        let crm_a_1 = format!("{DIR}/corpus-t-shard-1/crates/crm_a#corpus-t-shard-1-crm-a@0.0.0");
        let crm_b_1 = format!("{DIR}/corpus-t-shard-1/crates/crm_b#corpus-t-shard-1-crm-b@0.0.0");
        let runtime_0 =
            format!("{DIR}/corpus-t-shard-0/crates/runtime#corpus-t-shard-0-runtime@0.0.0");
        let facade_1 = format!("{DIR}/corpus-t-shard-1#0.0.0");
        let serde = "registry+https://github.com/rust-lang/crates.io-index#serde@1.0.219";
        for msg in [
            message(
                &crm_b_1,
                "warning",
                "corpus-t-shard-1/crates/crm_b/src/types.rs",
            ),
            message(
                &crm_a_0,
                "error",
                "corpus-t-shard-0/crates/crm_a/src/builders.rs",
            ),
            // By package, not by file: a span in the runtime is still crm_a's.
            message(
                &crm_a_0,
                "error",
                "corpus-t-shard-0/crates/runtime/src/client.rs",
            ),
            // The same module in another shard is another row.
            message(
                &crm_a_1,
                "warning",
                "corpus-t-shard-1/crates/crm_a/src/lib.rs",
            ),
            // Ours but no spec's: unattributed.
            message(
                &runtime_0,
                "warning",
                "corpus-t-shard-0/crates/runtime/src/client.rs",
            ),
            message(&facade_1, "error", "corpus-t-shard-1/src/lib.rs"),
            // Ignored: a note, a dependency's warning.
            message(&crm_a_0, "note", "corpus-t-shard-0/crates/crm_a/src/lib.rs"),
            message(serde, "warning", "src/de.rs"),
        ] {
            attribute(&msg, &packages, &mut rows, &mut other);
        }
        // A summary has no span.
        let mut summary = message(&crm_a_1, "warning", "");
        summary["message"]["spans"] = serde_json::json!([]);
        attribute(&summary, &packages, &mut rows, &mut other);

        let counts: Vec<_> = rows
            .iter()
            .map(|r| (r.errors.len(), r.warnings.len()))
            .collect();
        assert_eq!(counts, [(2, 0), (0, 1), (0, 1)]);
        assert_eq!(other.len(), 2, "{other:?}");
        assert!(
            other[0].starts_with("corpus-t-shard-0-runtime: warning"),
            "{other:?}"
        );
        assert!(other[1].starts_with("corpus-t-shard-1: error"), "{other:?}");
        // An error fails its row, and so does a warning.
        assert_eq!(report(&rows, true, &other), 3);
        assert_eq!(report(&[row("crm_c")], true, &[]), 0);
    }

    #[test]
    fn a_shards_shared_types_crates_are_ours_but_no_specs() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let specs = ["shared_a.yaml", "shared_b.yaml", "shared_c.yaml"]
            .iter()
            .map(|f| fixtures.join(f))
            .collect();
        let ir = hubspot_codegen::build_ir(&config(specs, "corpus-t-shard-0".into()))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut packages = Packages::default();
        packages.add_shard(&ir, &[4, 5, 6]);
        assert_eq!(
            packages.owner,
            BTreeMap::from([
                ("corpus-t-shard-0-shared-a".to_string(), 4),
                ("corpus-t-shard-0-shared-b".to_string(), 5),
                ("corpus-t-shard-0-shared-c".to_string(), 6),
            ])
        );
        let other: Vec<&str> = packages.other.iter().map(String::as_str).collect();
        assert_eq!(
            other,
            [
                "corpus-t-shard-0",
                "corpus-t-shard-0-runtime",
                "corpus-t-shard-0-shared",
                "corpus-t-shard-0-shared-2",
                "corpus-t-shard-0-shared-3",
            ]
        );
    }

    #[test]
    fn an_api_crate_cargo_never_built_fails() {
        let packages = packages();
        let mut rows = vec![row("crm_a"), row("crm_b"), row("crm_a")];
        rows[1].errors.push("error: its own".into());
        let checked = BTreeSet::from(["corpus-t-shard-0-crm-a".to_string()]);
        fail_unchecked(&packages, &checked, &mut rows);
        assert!(rows[0].errors.is_empty());
        // Its own error says enough.
        assert_eq!(rows[1].errors, ["error: its own"]);
        assert_eq!(rows[2].errors.len(), 1);
        assert!(rows[2].errors[0].contains("corpus-t-shard-1-crm-a"));
    }

    #[test]
    fn package_names_from_ids_old_and_new() {
        let name =
            |id: &str| package_of(&serde_json::json!({ "package_id": id })).map(str::to_string);
        assert_eq!(
            name(&format!(
                "{DIR}/corpus-t-shard-1/crates/crm_a#corpus-t-shard-1-crm-a@0.0.0"
            ))
            .as_deref(),
            Some("corpus-t-shard-1-crm-a")
        );
        assert_eq!(
            name(&format!("{DIR}/corpus-t-shard-1#0.0.0")).as_deref(),
            Some("corpus-t-shard-1")
        );
        assert_eq!(
            name("corpus-t-shard-0 0.0.0 (path+file:///w)").as_deref(),
            Some("corpus-t-shard-0")
        );
        assert_eq!(
            name("registry+https://github.com/rust-lang/crates.io-index#serde@1.0.219").as_deref(),
            Some("serde")
        );
        assert_eq!(package_of(&serde_json::json!({})), None);
    }

    #[test]
    fn shard_names_differ_per_output_folder() {
        let a = out_tag(Path::new("/w/target/corpus"));
        assert_eq!(a, out_tag(Path::new("/w/target/corpus")));
        assert_ne!(a, out_tag(Path::new("/w/target/other")));
        assert_eq!(a.len(), 8);
    }

    #[test]
    fn an_absent_spec_is_a_failed_row_not_a_panic() {
        let r = generate_one(Path::new("absent.json"));
        let err = r.generated.expect_err("absent file");
        assert!(err.to_string().contains("absent.json"), "{err}");
    }
}
