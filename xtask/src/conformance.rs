//! `cargo xtask conformance`: the generated client against Prism mocks of
//! HubSpot's published specs.
//!
//! Installs a pinned Prism into `target/prism` (npm, only when missing), then
//! for each run starts one Prism per published spec on 127.0.0.1 (a free
//! port, dynamic mode, seeded) and runs `cargo run -p tests --example
//! conformance -- check` against them; every Prism is stopped when the run
//! ends, also on failure or panic. Finally `... -- report` prints the table.
//! The generated crate is not a dependency of xtask: it is built and run as
//! a separate program, so xtask builds even when `generated/` does not.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The Prism release the table was made with.
pub const PRISM_VERSION: &str = "5.14.2";

/// The published specs, relative to the workspace root, with the label the
/// table uses. Both Conversations files are served: each operation is judged
/// by every file that declares it.
const SPECS: &[(&str, &str)] = &[
    ("contacts", "crm--contacts--424.json"),
    ("calls", "crm--calls--424.json"),
    ("communications", "crm--communications--424.json"),
    ("conversations", "conversations--conversations--54902.json"),
    (
        "inbox-and-messages",
        "conversations--conversations-inbox-and-messages--54902.json",
    ),
];

const PUBLISHED: &str = "../shared/hubspot-specs/published-v3";

pub const USAGE: &str = "usage: cargo xtask conformance [--runs N] [--seed S]

  Checks every operation of the generated client against Prism mocks of
  HubSpot's published specs in ../shared/hubspot-specs/published-v3 (skipped,
  saying so, when that folder is absent). Needs Node.js and npm.
  --runs N   runs, each with fresh Prism processes and seed S+i (default 3)
  --seed S   seed of the first run (default 1); Prism generates responses
             deterministically from it, so a failure can be replayed";

struct Opts {
    runs: u32,
    seed: u64,
}

fn parse(args: &[String]) -> Option<Opts> {
    let mut opts = Opts { runs: 3, seed: 1 };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--runs" => opts.runs = it.next()?.parse().ok().filter(|n| *n > 0)?,
            "--seed" => opts.seed = it.next()?.parse().ok()?,
            _ => return None,
        }
    }
    Some(opts)
}

pub fn command(args: &[String], root: &Path) -> ExitCode {
    let Some(opts) = parse(args) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let published = root.join(PUBLISHED);
    if !published.is_dir() {
        println!(
            "conformance: skipped: {PUBLISHED} is absent, so no operation was checked against \
             HubSpot's published specs (Prism was not installed or started)."
        );
        return ExitCode::SUCCESS;
    }
    let missing: Vec<&str> = SPECS
        .iter()
        .filter(|(_, file)| !published.join(file).is_file())
        .map(|(_, file)| *file)
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "error: {PUBLISHED} lacks {}; the conformance table needs all five files.",
            missing.join(", ")
        );
        return ExitCode::FAILURE;
    }
    let served = root.join("target/prism/specs");
    let mut specs = Vec::new();
    for (label, file) in SPECS {
        match serve_copy(&published.join(file), &served) {
            Ok((path, 0)) => specs.push((*label, path)),
            Ok((path, removed)) => {
                println!(
                    "note: {label} ({file}) is served with its {removed} `\"example\": null` \
                     annotations removed: json-schema-faker in Prism {PRISM_VERSION} crashes on \
                     them (\"Cannot convert undefined or null to object\"); an example \
                     constrains nothing, so what the spec accepts is unchanged."
                );
                specs.push((*label, path));
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }

    let prism = match install_prism(root) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let installed = started.elapsed();

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let example = |extra: &[&str]| {
        let mut c = Command::new(&cargo);
        c.current_dir(root)
            .args([
                "run",
                "--quiet",
                "-p",
                "tests",
                "--example",
                "conformance",
                "--",
            ])
            .args(extra);
        c
    };
    // Build first, so that no Prism waits for the compiler.
    let built = Command::new(&cargo)
        .current_dir(root)
        .args([
            "build",
            "--quiet",
            "-p",
            "tests",
            "--example",
            "conformance",
        ])
        .status();
    if !built.is_ok_and(|s| s.success()) {
        eprintln!("error: the conformance program (tests/examples/conformance) does not build");
        return ExitCode::FAILURE;
    }

    let work = root.join("target/prism/results");
    if let Err(e) = std::fs::create_dir_all(&work) {
        eprintln!("error: cannot create {}: {e}", work.display());
        return ExitCode::FAILURE;
    }
    let results = work.join("results.jsonl");
    let _ = std::fs::remove_file(&results);

    for run in 1..=opts.runs {
        let seed = opts.seed + u64::from(run - 1);
        println!("== conformance run {run} of {}, seed {seed}", opts.runs);
        let mut mocks = match Mocks::start(&prism, &specs, seed, run, &work) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let mut cmd = example(&[
            "check",
            "--run",
            &run.to_string(),
            "--seed",
            &seed.to_string(),
            "--out",
            &results.to_string_lossy(),
        ]);
        for m in &mocks.running {
            cmd.arg("--mock")
                .arg(m.label)
                .arg(format!("http://127.0.0.1:{}", m.port))
                .arg(&m.spec);
        }
        // Per-call progress goes to a log; the table says what matters.
        let log = work.join(format!("check-run{run}.log"));
        let status = match std::fs::File::create(&log) {
            Ok(f) => cmd.stdout(f).status(),
            Err(e) => {
                eprintln!("error: cannot create {}: {e}", log.display());
                return ExitCode::FAILURE;
            }
        };
        for m in mocks.exited() {
            println!(
                "note: Prism for {m} exited during run {run}; its log is in target/prism/results"
            );
        }
        drop(mocks); // every Prism of this run stops here
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => {
                eprintln!(
                    "error: the conformance program failed ({s}); see {}",
                    log.display()
                );
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("error: cannot run the conformance program: {e}");
                return ExitCode::FAILURE;
            }
        }
    }

    let report = example(&["report", &results.to_string_lossy()]).status();
    println!(
        "conformance: Prism {PRISM_VERSION}, {} run(s) from seed {}; install {:.1} s, total {:.1} s",
        opts.runs,
        opts.seed,
        installed.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    match report {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run the conformance report: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Installs `@stoplight/prism-cli@PRISM_VERSION` into `target/prism` unless
/// that version is already there; returns Prism's entry script.
fn install_prism(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join("target/prism");
    let package = prefix.join("node_modules/@stoplight/prism-cli");
    let bin = prefix.join("node_modules/.bin/prism");
    if installed_version(&package).as_deref() == Some(PRISM_VERSION) && bin.exists() {
        return Ok(bin);
    }
    for tool in ["node", "npm"] {
        let found = Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            return Err(format!(
                "`{tool}` was not found: conformance needs Node.js and npm to install Prism \
                 (@stoplight/prism-cli@{PRISM_VERSION}) from the npm registry"
            ));
        }
    }
    std::fs::create_dir_all(&prefix)
        .map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    println!("installing @stoplight/prism-cli@{PRISM_VERSION} into target/prism (npm)");
    let output = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&prefix)
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}"))
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "npm could not install @stoplight/prism-cli@{PRISM_VERSION} (is the npm registry \
             reachable?):\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    match installed_version(&package) {
        Some(v) if v == PRISM_VERSION && bin.exists() => Ok(bin),
        other => Err(format!(
            "npm finished but Prism {PRISM_VERSION} is not in {} (found {other:?})",
            package.display()
        )),
    }
}

/// Writes `spec` into `dir` without its `"example": null` annotations
/// (nothing else changes); returns the copy and how many were removed. The
/// copy lives under `target/`, never in the repository.
fn serve_copy(spec: &Path, dir: &Path) -> Result<(PathBuf, usize), String> {
    let text = std::fs::read_to_string(spec)
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let mut doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", spec.display()))?;
    let removed = strip_null_examples(&mut doc);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let copy = dir.join(spec.file_name().unwrap_or_default());
    let json = serde_json::to_string(&doc).map_err(|e| format!("{}: {e}", spec.display()))?;
    std::fs::write(&copy, json).map_err(|e| format!("cannot write {}: {e}", copy.display()))?;
    Ok((copy, removed))
}

fn strip_null_examples(value: &mut serde_json::Value) -> usize {
    match value {
        serde_json::Value::Object(map) => {
            let mut n = 0;
            if map.get("example").is_some_and(serde_json::Value::is_null) {
                map.remove("example");
                n += 1;
            }
            n + map.values_mut().map(strip_null_examples).sum::<usize>()
        }
        serde_json::Value::Array(items) => items.iter_mut().map(strip_null_examples).sum(),
        _ => 0,
    }
}

fn installed_version(package: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package.join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_string)
}

struct Running {
    label: &'static str,
    spec: PathBuf,
    port: u16,
    child: Child,
    log: PathBuf,
}

/// The Prism processes of one run; dropping it stops them all.
struct Mocks {
    running: Vec<Running>,
}

impl Drop for Mocks {
    fn drop(&mut self) {
        for m in &mut self.running {
            let _ = m.child.kill();
            let _ = m.child.wait();
        }
    }
}

impl Mocks {
    /// Labels of the mocks whose process has already ended.
    fn exited(&mut self) -> Vec<&'static str> {
        self.running
            .iter_mut()
            .filter_map(|m| m.child.try_wait().ok().flatten().map(|_| m.label))
            .collect()
    }
}

const STARTUP: Duration = Duration::from_secs(90);

impl Mocks {
    fn start(
        prism: &Path,
        specs: &[(&'static str, PathBuf)],
        seed: u64,
        run: u32,
        work: &Path,
    ) -> Result<Mocks, String> {
        let mut mocks = Mocks {
            running: Vec::new(),
        };
        for (label, spec) in specs {
            let port = free_port()?;
            let log = work.join(format!("prism-{label}-run{run}.log"));
            let out = std::fs::File::create(&log)
                .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
            let err = out
                .try_clone()
                .map_err(|e| format!("cannot share {}: {e}", log.display()))?;
            let child = Command::new(prism)
                .args(["mock", "-d", "--json-schema-faker-fillProperties=true"])
                .args(["-h", "127.0.0.1", "-p", &port.to_string()])
                .args(["--seed", &seed.to_string()])
                .arg(spec)
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                .spawn()
                .map_err(|e| format!("cannot start Prism ({}): {e}", prism.display()))?;
            // Pushed at once: from here on, Drop stops it.
            mocks.running.push(Running {
                label,
                spec: spec.clone(),
                port,
                child,
                log,
            });
        }
        let deadline = Instant::now() + STARTUP;
        for m in &mut mocks.running {
            loop {
                if TcpStream::connect((Ipv4Addr::LOCALHOST, m.port)).is_ok() {
                    break;
                }
                let exited = m.child.try_wait().ok().flatten();
                if exited.is_some() || Instant::now() > deadline {
                    let why = match exited {
                        Some(status) => format!("exited ({status})"),
                        None => format!("did not listen within {} s", STARTUP.as_secs()),
                    };
                    let log = std::fs::read_to_string(&m.log).unwrap_or_default();
                    return Err(format!(
                        "Prism for {} on port {} {why}; its output:\n{}",
                        m.label,
                        m.port,
                        tail(&log, 40)
                    ));
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        Ok(mocks)
    }
}

/// A port nothing listens on now: bound to 0, read, released.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| format!("cannot find a free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("cannot find a free port: {e}"))
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_default_and_parse_and_reject_nonsense() {
        let o = parse(&[]).expect("no options");
        assert_eq!((o.runs, o.seed), (3, 1));
        let args: Vec<String> = ["--runs", "5", "--seed", "40"].map(String::from).to_vec();
        let o = parse(&args).expect("valid options");
        assert_eq!((o.runs, o.seed), (5, 40));
        assert!(parse(&["--runs".to_string(), "0".to_string()]).is_none());
        assert!(parse(&["--runs".to_string()]).is_none());
        assert!(parse(&["--verbose".to_string()]).is_none());
    }

    #[test]
    fn only_null_examples_are_removed() {
        let mut doc = serde_json::json!({
            "example": null,
            "properties": {
                "a": { "type": "string", "example": null },
                "b": { "type": "string", "example": "kept" },
                "example": { "type": "object" }
            },
            "oneOf": [{ "example": null, "type": "integer" }]
        });
        assert_eq!(strip_null_examples(&mut doc), 3);
        assert_eq!(
            doc,
            serde_json::json!({
                "properties": {
                    "a": { "type": "string" },
                    "b": { "type": "string", "example": "kept" },
                    "example": { "type": "object" }
                },
                "oneOf": [{ "type": "integer" }]
            })
        );
    }

    #[test]
    fn tail_keeps_the_last_lines() {
        assert_eq!(tail("a\nb\nc", 2), "b\nc");
        assert_eq!(tail("a", 5), "a");
    }
}
