//! `cargo xtask bench`: whole-process generation time, lines of code, build
//! time of the generated crate and per-call figures, for hubspot-codegen and,
//! side by side in the same run, progenitor and openapi-generator's `rust`
//! generator when they are installed (`scripts/install-peers.sh`).
//!
//! Everything runs under target/bench/; nothing fetched is kept elsewhere.
//! Times are wall clock with std::time over N runs; the median and the
//! minimum are reported. See BENCHMARKS.md for the method and the results.

use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

pub const USAGE: &str = "usage: cargo xtask bench [--runs N] [--no-build] [--no-call] [--no-peers]

  --runs N     runs per generation figure (default 10; builds take min(N, 3))
  --no-build   skip the build-time figures
  --no-call    skip the per-call and decoding figures
  --no-peers   only hubspot-codegen (peers are used when installed)
Writes target/bench/results.md. Needs ../shared/hubspot-specs/published-v3
for the published-spec and corpus figures (skipped, saying so, without it).";

/// The published specs of the four bundled APIs.
const FOUR: &[(&str, &str)] = &[
    ("contacts", "crm--contacts--424.json"),
    ("calls", "crm--calls--424.json"),
    ("communications", "crm--communications--424.json"),
    (
        "conversations",
        "conversations--conversations-inbox-and-messages--54902.json",
    ),
];

/// Where our output keeps the hand-written runtime crate, which never changes
/// with the specs (as progenitor's prebuilt `progenitor-client`).
const RUNTIME: &str = "crates/runtime";

struct Opts {
    runs: usize,
    build: bool,
    call: bool,
    peers: bool,
}

#[derive(Clone, Copy)]
struct Stats {
    median: Duration,
    min: Duration,
}

impl Stats {
    fn of(mut samples: Vec<Duration>) -> Stats {
        samples.sort();
        Stats {
            median: samples[samples.len() / 2],
            min: samples[0],
        }
    }
    fn ms(&self) -> String {
        format!(
            "{:.1} ms (min {:.1})",
            self.median.as_secs_f64() * 1e3,
            self.min.as_secs_f64() * 1e3
        )
    }
    fn s(&self) -> String {
        format!(
            "{:.2} s (min {:.2})",
            self.median.as_secs_f64(),
            self.min.as_secs_f64()
        )
    }
}

fn ratio(peer: Duration, ours: Duration) -> String {
    format!("{:.1}×", peer.as_secs_f64() / ours.as_secs_f64().max(1e-9))
}

/// A generator's job: processes run one after the other, timed together.
struct Job {
    label: String,
    out: PathBuf,
    commands: Vec<Vec<String>>,
}

fn run_quiet(argv: &[String], dir: Option<&Path>) -> Result<(), String> {
    let mut cmd = Command::new(&argv[0]);
    // A panic's own message, not a backtrace, is what a failure reports.
    cmd.args(&argv[1..])
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().map_err(|e| format!("{}: {e}", argv[0]))?;
    if out.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = err.lines().rev().take(8).collect();
        Err(format!(
            "`{}` failed:\n{}",
            argv.join(" "),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ))
    }
}

/// Runs `job` `runs` times from an empty output folder each time.
fn time_job(job: &Job, runs: usize) -> Result<Stats, String> {
    let mut samples = Vec::new();
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&job.out);
        let started = Instant::now();
        for argv in &job.commands {
            run_quiet(argv, None)?;
        }
        samples.push(started.elapsed());
    }
    Ok(Stats::of(samples))
}

/// Lines of Rust below `dir` (skipping `target/`).
fn rust_lines(dir: &Path) -> usize {
    let mut total = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
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
fn our_lines(out: &Path) -> String {
    let all = rust_lines(out);
    let runtime = rust_lines(&out.join(RUNTIME));
    format!("{all} ({} without the runtime)", all - runtime)
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(tool).is_file()))
}

/// The smallest change progenitor 0.15 accepts (see BENCHMARKS.md):
/// no `207` responses, `default` responses as `4XX`, and no `allOf` member
/// that refers back to a `oneOf` parent listing the schema.
pub fn patch_for_progenitor(doc: &mut Value) -> usize {
    let mut edits = 0;
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for op in item.values_mut() {
                let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                    continue;
                };
                if responses.shift_remove("207").is_some() {
                    edits += 1;
                }
                if let Some(d) = responses.shift_remove("default") {
                    responses.insert("4XX".into(), d);
                    edits += 1;
                }
            }
        }
    }
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let lists = |parent: &str, child: &str| {
        schemas
            .get(parent)
            .and_then(|p| p.get("oneOf"))
            .and_then(Value::as_array)
            .is_some_and(|members| {
                members.iter().any(|m| {
                    m.get("$ref").and_then(Value::as_str)
                        == Some(&format!("#/components/schemas/{child}"))
                })
            })
    };
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            let Some(all_of) = schema.get_mut("allOf").and_then(Value::as_array_mut) else {
                continue;
            };
            let before = all_of.len();
            all_of.retain(|m| {
                let parent = m
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"));
                !parent.is_some_and(|p| lists(p, name))
            });
            edits += before - all_of.len();
        }
    }
    edits
}

pub fn command(args: &[String], root: &Path) -> ExitCode {
    let mut opts = Opts {
        runs: 10,
        build: true,
        call: true,
        peers: true,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => match it.next().and_then(|n| n.parse().ok()).filter(|n| *n > 0) {
                Some(n) => opts.runs = n,
                None => {
                    eprintln!("{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--no-build" => opts.build = false,
            "--no-call" => opts.call = false,
            "--no-peers" => opts.peers = false,
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match bench(&opts, root) {
        Ok(report) => {
            let path = root.join("target/bench/results.md");
            if let Err(e) = std::fs::write(&path, &report) {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            println!("\n{report}\n(written to {})", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn bench(opts: &Opts, root: &Path) -> Result<String, String> {
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let me = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .display()
        .to_string();
    let s = |x: &str| x.to_string();
    let mut md = String::new();
    let mut skipped = Vec::new();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let _ = writeln!(
        md,
        "Runs: {} per generation figure; load average at start: {}",
        opts.runs,
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );

    let published = root.join("../shared/hubspot-specs/published-v3");
    let have_published = published.is_dir();
    if !have_published {
        skipped.push(format!(
            "published-spec and corpus figures: {} is absent",
            published.display()
        ));
    }
    let progenitor = opts.peers && on_path("cargo-progenitor");
    let openapi = opts.peers && on_path("openapi-generator-cli") && on_path("java");
    if opts.peers && !progenitor {
        skipped.push(
            "progenitor: cargo-progenitor is not installed (scripts/install-peers.sh)".into(),
        );
    }
    if opts.peers && !openapi {
        skipped.push("openapi-generator: openapi-generator-cli or java is missing (scripts/install-peers.sh)".into());
    }

    // --- Generation, whole process.
    let _ = writeln!(md, "\n## Generation, whole process (wall)\n");
    let _ = writeln!(
        md,
        "| what | generator | time, median (min) | time vs ours | lines of Rust |"
    );
    let _ = writeln!(md, "| --- | --- | --- | --- | --- |");
    let bundled = Job {
        label: s("4 bundled APIs (specs/)"),
        out: dir.join("gen/ours-bundled"),
        commands: vec![vec![
            me.clone(),
            s("codegen"),
            s("--out"),
            dir.join("gen/ours-bundled").display().to_string(),
        ]],
    };
    let t = time_job(&bundled, opts.runs)?;
    let _ = writeln!(
        md,
        "| {} | hubspot-codegen | {} | 1.0× | {} |",
        bundled.label,
        t.ms(),
        our_lines(&bundled.out)
    );
    println!("bundled: {}", t.ms());

    let mut four_ours = None;
    if have_published {
        let specs: Vec<PathBuf> = FOUR.iter().map(|(_, f)| published.join(f)).collect();
        let mut argv = vec![me.clone(), s("codegen")];
        for p in &specs {
            argv.extend([s("--spec"), p.display().to_string()]);
        }
        let out = dir.join("gen/ours-published");
        argv.extend([
            s("--out"),
            out.display().to_string(),
            s("--name"),
            s("bench-ours"),
        ]);
        let ours = Job {
            label: s("4 published specs"),
            out: out.clone(),
            commands: vec![argv],
        };
        let t_ours = time_job(&ours, opts.runs)?;
        println!("published 4, ours: {}", t_ours.ms());
        let _ = writeln!(
            md,
            "| {} | hubspot-codegen | {} | 1.0× | {} |",
            ours.label,
            t_ours.ms(),
            our_lines(&out)
        );
        four_ours = Some((out, t_ours));

        if progenitor {
            let patched = dir.join("progenitor-input");
            std::fs::create_dir_all(&patched).map_err(|e| e.to_string())?;
            let mut commands = Vec::new();
            let mut edits = Vec::new();
            for (name, file) in FOUR {
                let text =
                    std::fs::read_to_string(published.join(file)).map_err(|e| e.to_string())?;
                let mut doc: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
                // As published, first: record how it fails.
                let probe = dir.join("gen/progenitor-probe");
                let _ = std::fs::remove_dir_all(&probe);
                let as_is = run_quiet(
                    &[
                        s("cargo-progenitor"),
                        s("progenitor"),
                        s("-i"),
                        published.join(file).display().to_string(),
                        s("-o"),
                        probe.display().to_string(),
                        s("-n"),
                        s(name),
                        s("-v"),
                        s("0.1.0"),
                    ],
                    None,
                );
                let verdict = match as_is {
                    Ok(()) => s("accepted as published"),
                    Err(e) => format!(
                        "rejected as published: {}",
                        e.lines()
                            .filter(|l| l.contains("panicked")
                                || l.contains("assertion")
                                || l.contains("overflow")
                                || l.contains("rror"))
                            .take(2)
                            .collect::<Vec<_>>()
                            .join(" / ")
                    ),
                };
                let n = patch_for_progenitor(&mut doc);
                edits.push(format!("{file}: {verdict}; patched with {n} edits"));
                let input = patched.join(file);
                std::fs::write(
                    &input,
                    serde_json::to_string_pretty(&doc).unwrap_or_default(),
                )
                .map_err(|e| e.to_string())?;
                commands.push(vec![
                    s("cargo-progenitor"),
                    s("progenitor"),
                    s("-i"),
                    input.display().to_string(),
                    s("-o"),
                    dir.join("gen/progenitor").join(name).display().to_string(),
                    s("-n"),
                    format!("pg-{name}"),
                    s("-v"),
                    s("0.1.0"),
                ]);
            }
            let job = Job {
                label: s("4 published specs (patched)"),
                out: dir.join("gen/progenitor"),
                commands,
            };
            let t = time_job(&job, opts.runs)?;
            println!("published 4, progenitor: {}", t.ms());
            let _ = writeln!(
                md,
                "| {} | progenitor | {} | {} of ours | {} |",
                job.label,
                t.ms(),
                ratio(t.median, t_ours.median),
                rust_lines(&job.out)
            );
            for e in edits {
                let _ = writeln!(md, "|  | progenitor input | {e} | | |");
            }
        }
        if openapi {
            let commands = FOUR
                .iter()
                .map(|(name, file)| {
                    vec![
                        s("openapi-generator-cli"),
                        s("generate"),
                        s("-g"),
                        s("rust"),
                        s("-i"),
                        published.join(file).display().to_string(),
                        s("-o"),
                        dir.join("gen/openapi").join(name).display().to_string(),
                        s("--package-name"),
                        format!("og-{name}"),
                    ]
                })
                .collect();
            let job = Job {
                label: s("4 published specs"),
                out: dir.join("gen/openapi"),
                commands,
            };
            let runs = opts.runs.min(3);
            let t = time_job(&job, runs)?;
            println!("published 4, openapi-generator: {}", t.s());
            let _ = writeln!(
                md,
                "| {} ({runs} runs) | openapi-generator rust | {} | {} of ours | {} |",
                job.label,
                t.ms(),
                ratio(t.median, t_ours.median),
                rust_lines(&job.out)
            );
        }

        // The whole corpus as one client.
        let mut argv = vec![me.clone(), s("codegen")];
        let mut specs: Vec<PathBuf> = std::fs::read_dir(&published)
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|e| e.path())
            .collect();
        specs.sort();
        let count = specs.len();
        for p in &specs {
            argv.extend([s("--spec"), p.display().to_string()]);
        }
        let out = dir.join("gen/ours-corpus");
        argv.extend([
            s("--out"),
            out.display().to_string(),
            s("--name"),
            s("bench-corpus"),
        ]);
        let job = Job {
            label: format!("corpus: {count} published specs, one client"),
            out: out.clone(),
            commands: vec![argv],
        };
        let runs = opts.runs.min(5);
        let t = time_job(&job, runs)?;
        println!("corpus: {}", t.s());
        let _ = writeln!(
            md,
            "| {} ({runs} runs) | hubspot-codegen | {} | | {} |",
            job.label,
            t.ms(),
            our_lines(&out)
        );
    }

    // --- Build time of the generated crates, dependencies prebuilt.
    if opts.build {
        let _ = writeln!(
            md,
            "\n## Build of the generated crate(s) alone, dependencies prebuilt\n"
        );
        let _ = writeln!(md, "`cargo build` (dev profile), CARGO_INCREMENTAL=0, after `cargo clean -p` of the generated packages.");
        let _ = writeln!(md, "Ours is a tree of crates (facade, runtime, shared types, one per API), timed twice in the same run: every package rebuilt, and all but the hand-written runtime (`{RUNTIME}`), which never changes with the specs, like progenitor's prebuilt `progenitor-client`.\n");
        let _ = writeln!(
            md,
            "| what | generator | time, median (min) | time vs ours (published specs) |"
        );
        let _ = writeln!(md, "| --- | --- | --- | --- |");
        let runs = opts.runs.min(3);
        // Ours: (whole tree, runtime prebuilt).
        let mut ours_time = None;
        let mut sets: Vec<(&str, PathBuf)> = vec![(
            "hubspot-codegen, 4 bundled APIs",
            dir.join("gen/ours-bundled"),
        )];
        if let Some((out, _)) = &four_ours {
            sets.push(("hubspot-codegen, 4 published specs", out.clone()));
        }
        if progenitor && have_published {
            sets.push(("progenitor, 4 crates", dir.join("gen/progenitor")));
        }
        if openapi && have_published {
            sets.push(("openapi-generator rust, 4 crates", dir.join("gen/openapi")));
        }
        for (label, src) in sets {
            let ours = label.starts_with("hubspot-codegen");
            let (t, prebuilt) = build_time(root, &dir, label, &src, ours.then_some(RUNTIME), runs)?;
            println!("build {label}: {}", t.s());
            // Peers are compared with our crates from the same (published)
            // specs, the last of ours measured.
            let vs = match (ours, ours_time) {
                (false, Some((whole, prebuilt))) => format!(
                    "{} of ours, {} of ours with runtime prebuilt",
                    ratio(t.median, whole),
                    ratio(t.median, prebuilt)
                ),
                _ => s(""),
            };
            let _ = writeln!(md, "| {label} | | {} | {vs} |", t.s());
            if let Some(p) = prebuilt {
                println!("build {label}, runtime prebuilt: {}", p.s());
                let _ = writeln!(
                    md,
                    "| {label}, runtime prebuilt like progenitor-client | | {} | |",
                    p.s()
                );
                ours_time = Some((t.median, p.median));
            }
        }
    }

    // --- Per call and decoding.
    if opts.call {
        let _ = writeln!(
            md,
            "\n## Per call (loopback) and decoding (release build)\n"
        );
        // The peers' Contacts crates generated in this run go through the
        // same program, each behind a feature of it.
        let mut peers = Vec::new();
        for (peer, installed) in [
            (CallPeer::Progenitor, progenitor),
            (CallPeer::Openapi, openapi),
        ] {
            let krate = dir.join("gen").join(peer.feature()).join("contacts");
            let absent = if !opts.peers {
                Some(s("--no-peers"))
            } else if !installed {
                Some(s("not installed"))
            } else if !have_published {
                Some(s("no published specs to generate it from"))
            } else if !krate.join("Cargo.toml").is_file() {
                Some(format!("no Contacts crate at {}", krate.display()))
            } else {
                None
            };
            match absent {
                Some(why) => skipped.push(format!(
                    "per-call and decoding figures of {}: {why}",
                    peer.label()
                )),
                None => peers.push((peer, krate)),
            }
        }
        match call_figures(root, &dir, &peers, &mut skipped) {
            Ok(lines) => md.push_str(&lines),
            Err(e) => skipped.push(format!("per-call figures: {e}")),
        }
    }

    if !skipped.is_empty() {
        let _ = writeln!(md, "\nSkipped:");
        for s in &skipped {
            let _ = writeln!(md, "- {s}");
            eprintln!("skipped: {s}");
        }
    }
    Ok(md)
}

/// Builds the crates in `src` (one crate with the crates it holds, or a folder
/// of crates) in a workspace of their own with dependencies prebuilt, then
/// times rebuilding every package found below `src`; and, when `prebuilt`
/// names a crate folder inside `src`, in the same runs, every package but
/// that one.
fn build_time(
    root: &Path,
    dir: &Path,
    label: &str,
    src: &Path,
    prebuilt: Option<&str>,
    runs: usize,
) -> Result<(Stats, Option<Stats>), String> {
    let slug: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let ws = dir.join("build").join(&slug);
    let _ = std::fs::remove_dir_all(&ws);
    std::fs::create_dir_all(&ws).map_err(|e| e.to_string())?;
    let crates: Vec<PathBuf> = if src.join("Cargo.toml").is_file() {
        vec![src.to_path_buf()]
    } else {
        let mut v: Vec<PathBuf> = std::fs::read_dir(src)
            .map_err(|e| format!("{}: {e}", src.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join("Cargo.toml").is_file())
            .collect();
        v.sort();
        v
    };
    let mut members = Vec::new();
    let mut packages = Vec::new();
    for (i, c) in crates.iter().enumerate() {
        let member = format!("m{i}");
        copy_dir(c, &ws.join(&member))?;
        packages.extend(packages_below(&ws.join(&member))?);
        members.push(format!("\"{member}\""));
    }
    std::fs::write(
        ws.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .map_err(|e| e.to_string())?;
    if label.starts_with("hubspot-codegen") {
        let _ = std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"));
    }
    // One target folder per generator: its dependencies are built once.
    let generator = label.split([',', ' ']).next().unwrap_or("crate");
    let target = dir.join("build-target").join(generator);
    let cargo = |args: &[&str]| {
        let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        c.args(args)
            .current_dir(&ws)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_INCREMENTAL", "0")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    };
    let check = |mut c: Command| -> Result<(), String> {
        let out = c.output().map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(())
        } else {
            let err = String::from_utf8_lossy(&out.stderr);
            Err(format!(
                "{label}: build failed:\n{}",
                err.lines()
                    .rev()
                    .take(15)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join("\n")
            ))
        }
    };
    let kept = match prebuilt {
        Some(p) => Some(package_name(&src.join(p).join("Cargo.toml"))?),
        None => None,
    };
    // Cleans the packages but `keep`, then times `cargo build`.
    let rebuild = |keep: Option<&String>| -> Result<Duration, String> {
        let mut clean = vec!["clean", "-q"];
        for p in packages.iter().filter(|p| Some(*p) != keep) {
            clean.extend(["-p", p.as_str()]);
        }
        check(cargo(&clean))?;
        let started = Instant::now();
        check(cargo(&["build", "-q"]))?;
        Ok(started.elapsed())
    };
    println!("build {label}: dependencies first ...");
    check(cargo(&["build", "-q"]))?;
    let (mut whole, mut partial) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        whole.push(rebuild(None)?);
        if kept.is_some() {
            partial.push(rebuild(kept.as_ref())?);
        }
    }
    Ok((Stats::of(whole), kept.map(|_| Stats::of(partial))))
}

/// The package named in `manifest` (its first `name = ` line).
fn package_name(manifest: &Path) -> Result<String, String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    text.lines()
        .find_map(|l| l.trim().strip_prefix("name = "))
        .map(|n| n.trim_matches('"').to_string())
        .ok_or_else(|| format!("no package name in {}", manifest.display()))
}

/// The packages whose manifests are in `dir` or below it (skipping `target/`).
fn packages_below(dir: &Path) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let manifest = dir.join("Cargo.toml");
    if manifest.is_file() {
        names.push(package_name(&manifest)?);
    }
    for e in std::fs::read_dir(dir).map_err(|e| e.to_string())?.flatten() {
        if e.path().is_dir() && e.file_name() != "target" {
            names.extend(packages_below(&e.path())?);
        }
    }
    Ok(names)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for e in std::fs::read_dir(from)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            if e.file_name() != "target" {
                copy_dir(&p, &dest)?;
            }
        } else {
            std::fs::copy(&p, &dest).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// A peer whose generated Contacts crate the per-call program can use.
#[derive(Clone, Copy, PartialEq)]
enum CallPeer {
    Progenitor,
    Openapi,
}

impl CallPeer {
    /// The program's feature, which is also the peer's folder under
    /// target/bench/gen/ and the suffix of its figures' names.
    fn feature(self) -> &'static str {
        match self {
            CallPeer::Progenitor => "progenitor",
            CallPeer::Openapi => "openapi",
        }
    }
    fn label(self) -> &'static str {
        match self {
            CallPeer::Progenitor => "progenitor",
            CallPeer::Openapi => "openapi-generator",
        }
    }
    /// The program's name for the peer's crate (`use` in bench_call.rs).
    fn dep(self) -> &'static str {
        match self {
            CallPeer::Progenitor => "pg-contacts",
            CallPeer::Openapi => "og-contacts",
        }
    }
}

/// The version requirement of reqwest in a generated crate's manifest.
fn reqwest_version(manifest: &Path) -> Result<String, String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    text.lines()
        .filter(|l| l.trim_start().starts_with("reqwest"))
        .find_map(|l| {
            let rest = l.split_once("version")?.1;
            let rest = rest.split_once('"')?.1;
            Some(rest.split_once('"')?.0.to_string())
        })
        .ok_or_else(|| format!("no reqwest version in {}", manifest.display()))
}

/// The program's Cargo.toml: our client and, as optional dependencies behind
/// the features `progenitor` and `openapi`, the peers' Contacts crates and
/// the reqwest they are built on (`reqwest-peer`; progenitor's when both).
fn call_manifest(generated: &Path, peers: &[(CallPeer, PathBuf)]) -> Result<String, String> {
    let mut toml = format!(
        "[package]\nname = \"bench-call\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\nhubspot-client = {{ path = {:?} }}\nreqwest = {{ version = \"0.12\", default-features = false, features = [\"json\"] }}\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"rt\", \"macros\", \"net\", \"io-util\"] }}\n",
        generated.display().to_string()
    );
    let mut features = String::from("\n[features]\n");
    let mut reqwest_peer = None;
    for peer in [CallPeer::Progenitor, CallPeer::Openapi] {
        match peers.iter().find(|(p, _)| *p == peer) {
            Some((_, krate)) => {
                let manifest = krate.join("Cargo.toml");
                // openapi-generator's crate turns native-tls on by default;
                // loopback is plain HTTP.
                let _ = writeln!(
                    toml,
                    "{} = {{ package = {:?}, path = {:?}, optional = true, default-features = false }}",
                    peer.dep(),
                    package_name(&manifest)?,
                    krate.display().to_string()
                );
                if reqwest_peer.is_none() {
                    reqwest_peer = Some(reqwest_version(&manifest)?);
                }
                let _ = writeln!(
                    features,
                    "{} = [\"dep:{}\", \"dep:reqwest-peer\"]",
                    peer.feature(),
                    peer.dep()
                );
            }
            None => {
                let _ = writeln!(features, "{} = []", peer.feature());
            }
        }
    }
    if let Some(v) = reqwest_peer {
        let _ = writeln!(
            toml,
            "reqwest-peer = {{ package = \"reqwest\", version = {v:?}, optional = true, default-features = false, features = [\"json\"] }}"
        );
    }
    toml.push_str(&features);
    Ok(toml)
}

/// Builds the program in release with `peers`' features; the binary.
fn build_call(ws: &Path, target: &Path, peers: &[(CallPeer, PathBuf)]) -> Result<PathBuf, String> {
    let features: Vec<&str> = peers.iter().map(|(p, _)| p.feature()).collect();
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(["build", "-q", "--release"])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target);
    if !features.is_empty() {
        cmd.args(["--features", &features.join(",")]);
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = err.lines().rev().take(12).collect();
        return Err(format!(
            "building it with {features:?} failed:\n{}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    Ok(target.join(format!(
        "release/bench-call{}",
        std::env::consts::EXE_SUFFIX
    )))
}

/// Builds and runs the in-process program (bench_call.rs) against the
/// committed generated crate and the peers' Contacts crates in `peers`;
/// returns its figures as Markdown. When the program does not build with a
/// peer, it is built without the peers and the failure goes to `skipped`.
fn call_figures(
    root: &Path,
    dir: &Path,
    peers: &[(CallPeer, PathBuf)],
    skipped: &mut Vec<String>,
) -> Result<String, String> {
    let ws = dir.join("call");
    std::fs::create_dir_all(ws.join("src")).map_err(|e| e.to_string())?;
    let generated = root.join("generated");
    std::fs::write(ws.join("src/main.rs"), include_str!("bench_call.rs"))
        .map_err(|e| e.to_string())?;
    let target = dir.join("build-target/call");
    let write_manifest = |peers: &[(CallPeer, PathBuf)]| -> Result<(), String> {
        std::fs::write(ws.join("Cargo.toml"), call_manifest(&generated, peers)?)
            .map_err(|e| e.to_string())?;
        // Ours at the workspace's versions; the peers' dependencies resolve
        // on top of them.
        let _ = std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"));
        Ok(())
    };
    println!("per-call: building the release program ...");
    write_manifest(peers)?;
    let mut peers = peers.to_vec();
    let program = match build_call(&ws, &target, &peers) {
        Ok(p) => p,
        Err(e) if !peers.is_empty() => {
            skipped.push(format!("per-call figures of the peers: {e}"));
            peers.clear();
            write_manifest(&peers)?;
            build_call(&ws, &target, &peers)?
        }
        Err(e) => return Err(e),
    };
    // As the manifest says it (`0.13`, `^0.13`), for the labels.
    let reqwest_peer = match peers.first() {
        Some((_, krate)) => reqwest_version(&krate.join("Cargo.toml"))?
            .trim_start_matches(['^', '=', '~'])
            .to_string(),
        None => String::new(),
    };
    let out = Command::new(&program)
        .arg("3000")
        .current_dir(&ws)
        .output()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    if !out.status.success() {
        return Err(format!(
            "the program failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let get = |name: &str| -> Option<(f64, f64)> {
        text.lines().find_map(|l| {
            let mut it = l.split_whitespace();
            (it.next()? == name).then_some(())?;
            Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
        })
    };
    // `failed name reason` and `null_property who verdict` lines.
    let said = |kind: &str, name: &str| -> Option<String> {
        text.lines().find_map(|l| {
            let rest = l.strip_prefix(kind)?.strip_prefix(' ')?;
            Some(rest.strip_prefix(name)?.strip_prefix(' ')?.to_string())
        })
    };
    let us = |ns: f64| format!("{:.1} µs", ns / 1e3);
    let mut md = String::new();
    let _ = writeln!(md, "| figure | median | min | ratio |");
    let _ = writeln!(md, "| --- | --- | --- | --- |");
    if let (Some(c), Some(r)) = (get("call_generated_client"), get("call_raw_reqwest")) {
        let _ = writeln!(
            md,
            "| GET contact, generated client | {} | {} | {:.2}× raw |",
            us(c.0),
            us(c.1),
            c.0 / r.0
        );
        let _ = writeln!(
            md,
            "| GET contact, raw reqwest + serde | {} | {} | 1.00× |",
            us(r.0),
            us(r.1)
        );
        let _ = writeln!(
            md,
            "| per-call overhead of the client (median difference) | {} | | |",
            us(c.0 - r.0)
        );
        // The peers' floor: the same bare call on the reqwest they use.
        let floor = get("call_raw_reqwest_peer");
        if let Some(f) = floor {
            let _ = writeln!(
                md,
                "| GET contact, raw reqwest {reqwest_peer} (the peers') + serde into our type | {} | {} | {:.2}× raw |",
                us(f.0),
                us(f.1),
                f.0 / r.0
            );
        }
        for (peer, _) in &peers {
            let name = format!("call_{}", peer.feature());
            match get(&name) {
                Some(p) => {
                    let _ = writeln!(
                        md,
                        "| GET contact, {} client | {} | {} | {:.2}× raw, {:.2}× ours |",
                        peer.label(),
                        us(p.0),
                        us(p.1),
                        p.0 / r.0,
                        p.0 / c.0
                    );
                    if let Some(f) = floor {
                        let _ = writeln!(
                            md,
                            "| per-call overhead of the {} client (median difference from raw reqwest {reqwest_peer}) | {} | | |",
                            peer.label(),
                            us(p.0 - f.0)
                        );
                    }
                }
                None => {
                    let why = said("failed", &name).unwrap_or_else(|| "no figure".to_string());
                    let _ = writeln!(
                        md,
                        "| GET contact, {} client | failed: {why} | | |",
                        peer.label()
                    );
                }
            }
        }
    }
    if let (Some(t), Some(v)) = (get("decode_page_100_typed"), get("decode_page_100_value")) {
        let bytes = get("page_bytes").map(|b| b.0).unwrap_or(0.0);
        let _ = writeln!(md, "| decode 100-contact page ({bytes:.0} bytes) into the generated type | {} | {} | {:.2}× Value |", us(t.0), us(t.1), t.0 / v.0);
        let _ = writeln!(
            md,
            "| decode the same page into serde_json::Value | {} | {} | 1.00× |",
            us(v.0),
            us(v.1)
        );
        for (peer, _) in &peers {
            let name = format!("decode_page_100_{}", peer.feature());
            match get(&name) {
                Some(p) => {
                    let _ = writeln!(
                        md,
                        "| decode the same page into {}'s type | {} | {} | {:.2}× Value, {:.2}× ours |",
                        peer.label(),
                        us(p.0),
                        us(p.1),
                        p.0 / v.0,
                        p.0 / t.0
                    );
                }
                None => {
                    let why = said("failed", &name).unwrap_or_else(|| "no figure".to_string());
                    let _ = writeln!(
                        md,
                        "| decode the same page into {}'s type | failed: {why} | | |",
                        peer.label()
                    );
                }
            }
        }
    }
    // Not timed: whether each type takes a property value of `null`.
    let mut who = vec![("ours", "our type".to_string())];
    for (peer, _) in &peers {
        who.push((peer.feature(), format!("{}'s type", peer.label())));
    }
    for (name, label) in who {
        if let Some(verdict) = said("null_property", name) {
            let _ = writeln!(
                md,
                "| a contact with a `null` property (HubSpot's answer for one asked for that has no value; the published spec allows none) into {label} | {verdict} | | |"
            );
        }
    }
    Ok(md)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progenitor_patch_is_the_documented_three_edits() {
        let mut doc = serde_json::json!({
            "paths": {"/a": {"post": {"responses": {
                "200": {"description": "ok"},
                "207": {"description": "multi"},
                "default": {"description": "error"}
            }}}},
            "components": {"schemas": {
                "Parent": {"oneOf": [{"$ref": "#/components/schemas/Child"}]},
                "Child": {"allOf": [
                    {"$ref": "#/components/schemas/Parent"},
                    {"$ref": "#/components/schemas/Other"}
                ]},
                "Other": {"type": "object"}
            }}
        });
        assert_eq!(patch_for_progenitor(&mut doc), 3);
        let responses = &doc["paths"]["/a"]["post"]["responses"];
        let keys: Vec<&String> = responses.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["200", "4XX"]);
        assert_eq!(
            doc["components"]["schemas"]["Child"]["allOf"],
            serde_json::json!([{"$ref": "#/components/schemas/Other"}])
        );
    }
}
