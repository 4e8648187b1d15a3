//! Generation, whole process: ours on `specs/` (every version), ours and the
//! peers on the like-for-like set (HubSpot's published specs of the default
//! version that `xtask_common::published` maps to one of ours), and ours on
//! the corpus of published v3 specs as one client.

use super::files::{our_lines, rust_lines};
use super::measure::{argv, ratio, run_quiet, time_job, time_job_more, Job, Stats};
use super::peers::{self, Spec};
use super::Bench;
use std::fmt::{Display, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;
use xtask_common::error::{Error, Result};

/// What the generators wrote, for the build figures.
pub struct Outputs {
    /// Ours from `specs/`, every version.
    pub bundled: PathBuf,
    /// Ours from the like-for-like set.
    pub published: Option<PathBuf>,
    /// progenitor's crates, one folder per API.
    pub progenitor: Option<PeerCrates>,
    /// openapi-generator's crates, one folder per API.
    pub openapi: Option<PeerCrates>,
}

/// A peer's crates, one folder per API, and which specs of the like-for-like
/// set they are from.
pub struct PeerCrates {
    pub dir: PathBuf,
    /// The specs it generated.
    pub specs: Vec<Spec>,
    /// The specs of the set it did not generate, each with why.
    pub left_out: Vec<(&'static str, String)>,
}

/// Our generation time on the like-for-like set and on the parts of it a
/// peer takes, each timed once, and on every version of `specs/`.
struct OursTimed {
    /// By the names of the specs, in the set's order.
    times: Vec<(Vec<&'static str>, Stats)>,
    /// Every version of `specs/`.
    bundled: Stats,
}

impl OursTimed {
    fn of(&self, specs: &[Spec]) -> Option<Stats> {
        let names = names(specs);
        self.times
            .iter()
            .find(|(n, _)| *n == names)
            .map(|(_, t)| *t)
    }
}

fn names(specs: &[Spec]) -> Vec<&'static str> {
    specs.iter().map(|s| s.name).collect()
}

pub fn section(b: &mut Bench) -> Result<Outputs> {
    let _ = writeln!(b.md, "\n## Generation, whole process (wall)\n");
    let _ = writeln!(
        b.md,
        "| what | generator | time, median (min) | time vs ours | lines of Rust |"
    );
    let _ = writeln!(b.md, "| --- | --- | --- | --- | --- |");
    let (bundled, bundled_time) = bundled(b)?;
    if peers::on_path("hyperfine") {
        as_typed(b)?;
    } else {
        b.skipped.push(
            "`cargo xtask codegen` as typed: hyperfine is not installed (scripts/install-peers.sh)"
                .into(),
        );
    }
    let mut outputs = Outputs {
        bundled,
        published: None,
        progenitor: None,
        openapi: None,
    };
    let mut notes = Vec::new();
    if let Some(set) = b.like.clone() {
        let (out, t) = ours_published(b, &set.specs)?;
        outputs.published = Some(out);
        let mut ours = OursTimed {
            times: vec![(names(&set.specs), t)],
            bundled: bundled_time,
        };
        if b.progenitor {
            let (crates, inputs) = progenitor(b, &set.specs, &mut ours)?;
            outputs.progenitor = crates;
            notes.push(bullets(
                "Progenitor's inputs (under target/bench/progenitor-input/), per spec:",
                &inputs,
            ));
        }
        if b.openapi {
            let (crates, verdicts) = openapi(b, &set.specs, &mut ours)?;
            outputs.openapi = crates;
            notes.push(bullets(
                "openapi-generator on each published spec, unmodified:",
                &verdicts,
            ));
        }
    }
    if let Some(dir) = b.corpus.clone() {
        corpus(b, &dir)?;
    }
    for n in notes {
        let _ = writeln!(b.md, "\n{n}");
    }
    Ok(outputs)
}

/// `cargo xtask codegen` as it runs on `specs/`, into `target/bench/gen/`.
fn bundled(b: &mut Bench) -> Result<(PathBuf, Stats)> {
    let out = b.dir.join("gen/ours-bundled");
    let job = Job {
        label: format!(
            "every version ({} APIs in {} versions, specs/)",
            b.features.apis,
            b.features.every_version.len()
        ),
        out: out.clone(),
        commands: vec![argv(
            &b.me,
            ["codegen", "--out", &out.display().to_string()],
        )],
    };
    let t = time_ours(b, &job, "")?;
    Ok((out, t))
}

/// `cargo xtask codegen` as typed, cargo's start-up and freshness check of
/// the workspace included, timed by hyperfine (its mean ± σ, and min).
fn as_typed(b: &mut Bench) -> Result<()> {
    let out = b.dir.join("gen/ours-typed");
    let json = b.dir.join("hyperfine.json");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let runs = b.opts.runs.max(2).to_string();
    let command = format!("{cargo} xtask codegen --out {}", out.display());
    let prepare = format!("rm -rf {}", out.display());
    let json_arg = json.display().to_string();
    let args = [
        "--style",
        "none",
        "--warmup",
        "1",
        "--runs",
        &runs,
        "--prepare",
        &prepare,
        "--export-json",
        &json_arg,
        &command,
    ];
    let mut cmd = std::process::Command::new("hyperfine");
    cmd.args(args)
        .current_dir(&b.root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    super::measure::check(cmd, "hyperfine")?;
    let text = std::fs::read_to_string(&json).map_err(Error::io(&json))?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|source| Error::Json {
        path: json.clone(),
        source,
    })?;
    let r = &doc["results"][0];
    let ms = |k: &str| r[k].as_f64().unwrap_or(f64::NAN) * 1e3;
    let figure = format!(
        "{:.1} ms ± {:.1} (min {:.1})",
        ms("mean"),
        ms("stddev"),
        ms("min")
    );
    println!("`cargo xtask codegen` as typed: {figure}");
    let _ = writeln!(
        b.md,
        "| `cargo xtask codegen` as typed, every version (hyperfine, {runs} runs, mean ± σ) | cargo + hubspot-codegen | {figure} | | |"
    );
    Ok(())
}

/// Our command line for `specs`, one client named `name` in `out`.
fn ours_argv(me: &str, specs: &[PathBuf], out: &Path, name: &str) -> Vec<String> {
    let mut args = vec!["codegen".to_string()];
    for p in specs {
        args.extend(["--spec".to_string(), p.display().to_string()]);
    }
    args.extend([
        "--out".to_string(),
        out.display().to_string(),
        "--name".to_string(),
        name.to_string(),
    ]);
    argv(me, args)
}

/// The label of a part of the like-for-like set: `20 published specs
/// (2026-09)`, or `18 of the 20 …` when `left_out` is not empty.
pub fn set_label(b: &Bench, specs: usize, left_out: usize) -> String {
    let version = &b.features.version;
    match left_out {
        0 => format!("{specs} published specs ({version})"),
        n => format!("{specs} of the {} published specs ({version})", specs + n),
    }
}

/// Runs our generator once, untimed, on `specs` into `out`: our crates of a
/// part of the like-for-like set, to build beside a peer's.
pub fn generate_ours(b: &Bench, specs: &[Spec], out: &Path) -> Result<()> {
    let _ = std::fs::remove_dir_all(out);
    let paths: Vec<PathBuf> = specs.iter().map(|s| s.path.clone()).collect();
    run_quiet(&ours_argv(&b.me, &paths, out, "bench-ours"))
}

fn ours_published(b: &mut Bench, specs: &[Spec]) -> Result<(PathBuf, Stats)> {
    let out = b.dir.join("gen/ours-published");
    let paths: Vec<PathBuf> = specs.iter().map(|s| s.path.clone()).collect();
    let job = Job {
        label: set_label(b, specs.len(), 0),
        out: out.clone(),
        commands: vec![ours_argv(&b.me, &paths, &out, "bench-ours")],
    };
    let t = time_ours(b, &job, ", ours")?;
    Ok((out, t))
}

/// Our time on `specs`, a part of the like-for-like set that `peer` takes:
/// timed (with its row) unless it was already.
fn ours_on(
    b: &mut Bench,
    specs: &[Spec],
    left_out: usize,
    peer: &str,
    ours: &mut OursTimed,
) -> Result<Stats> {
    if let Some(t) = ours.of(specs) {
        return Ok(t);
    }
    let out = b
        .dir
        .join("gen")
        .join(format!("ours-as-{}", super::files::slug(peer)));
    let paths: Vec<PathBuf> = specs.iter().map(|s| s.path.clone()).collect();
    let job = Job {
        label: format!(
            "{}, the ones {peer} takes",
            set_label(b, specs.len(), left_out)
        ),
        out: out.clone(),
        commands: vec![ours_argv(&b.me, &paths, &out, "bench-ours")],
    };
    let t = time_ours(b, &job, ", ours")?;
    ours.times.push((names(specs), t));
    Ok(t)
}

/// Progenitor on patched copies of `specs` (see
/// [`peers::prepare_for_progenitor`]), those it rejects even patched left
/// out; its crates and a line per spec on what it needed.
fn progenitor(
    b: &mut Bench,
    specs: &[Spec],
    ours: &mut OursTimed,
) -> Result<(Option<PeerCrates>, Vec<String>)> {
    let inputs = b.dir.join("progenitor-input");
    let probe = b.dir.join("gen/progenitor-probe");
    let out = b.dir.join("gen/progenitor");
    let mut commands = Vec::new();
    let mut notes = Vec::new();
    let mut taken = Vec::new();
    let mut left_out = Vec::new();
    for spec in specs {
        let prepared = peers::prepare_for_progenitor(spec, &inputs, &probe)?;
        println!("progenitor: {}", prepared.line);
        notes.push(prepared.line);
        match prepared.rejected {
            None => {
                commands.push(peers::progenitor_argv(
                    &prepared.input,
                    &out.join(spec.name),
                    spec.name,
                ));
                taken.push(spec.clone());
            }
            Some(why) => {
                b.skipped.push(format!(
                    "progenitor, {}: rejected even patched, left out of progenitor's figures: {why}",
                    spec.name
                ));
                left_out.push((spec.name, why));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&probe);
    if taken.is_empty() {
        b.skipped
            .push("progenitor: it takes none of the published specs, even patched".into());
        return Ok((None, notes));
    }
    let vs = ours_on(b, &taken, left_out.len(), "progenitor", ours)?;
    let job = Job {
        label: format!("{}, patched", set_label(b, taken.len(), left_out.len())),
        out: out.clone(),
        commands,
    };
    let t = time_job(&job, b.opts.runs)?;
    println!("{}, progenitor: {}", job.label, t.ms());
    let crates = PeerCrates {
        dir: out,
        specs: taken,
        left_out,
    };
    let crates = peer_row(b, &job.label, "progenitor", (t, vs, ours.bundled), crates);
    Ok((Some(crates), notes))
}

/// The row of a peer's time `t` on its `crates` against ours on the same
/// specs (`same`) and on every version (`bundled`); hands the crates on.
fn peer_row(
    b: &mut Bench,
    what: &str,
    peer: &str,
    (t, same, bundled): (Stats, Stats, Stats),
    crates: PeerCrates,
) -> PeerCrates {
    let ratio = against(t, same, bundled);
    row(b, what, peer, &t, &ratio, rust_lines(&crates.dir));
    crates
}

/// How many times a peer's time `t` is ours on the same specs (`same`) and
/// ours on every version of `specs/` (`bundled`).
fn against(t: Stats, same: Stats, bundled: Stats) -> String {
    format!(
        "{} of ours on the same specs; {} of ours on every version",
        ratio(t.median, same.median),
        ratio(t.median, bundled.median)
    )
}

/// "(3 runs)", "(1 run)".
fn runs_note(runs: usize) -> String {
    format!("({runs} run{})", if runs == 1 { "" } else { "s" })
}

/// openapi-generator on `specs` as published. Its first run goes spec by
/// spec, leaving out those it rejects (that run is then not counted); its
/// crates and a line per spec.
fn openapi(
    b: &mut Bench,
    specs: &[Spec],
    ours: &mut OursTimed,
) -> Result<(Option<PeerCrates>, Vec<String>)> {
    let out = b.dir.join("gen/openapi");
    let mut taken = Vec::new();
    let mut left_out = Vec::new();
    let mut notes = Vec::new();
    let _ = std::fs::remove_dir_all(&out);
    let started = Instant::now();
    for spec in specs {
        let file = spec.path.file_name().unwrap_or_default().to_string_lossy();
        let line = match peers::openapi_verdict(&spec.path, &out.join(spec.name), spec.name) {
            None => {
                taken.push(spec.clone());
                format!("{file}: accepted")
            }
            Some(why) => {
                b.skipped.push(format!(
                    "openapi-generator, {}: rejected, left out of openapi-generator's figures: {why}",
                    spec.name
                ));
                left_out.push((spec.name, why.clone()));
                format!("{file}: rejected (left out): {why}")
            }
        };
        println!("openapi-generator: {line}");
        notes.push(line);
    }
    let first = started.elapsed();
    if taken.is_empty() {
        b.skipped
            .push("openapi-generator: it takes none of the published specs".into());
        return Ok((None, notes));
    }
    let vs = ours_on(b, &taken, left_out.len(), "openapi-generator", ours)?;
    let label = set_label(b, taken.len(), left_out.len());
    let job = Job {
        label: label.clone(),
        out: out.clone(),
        commands: taken
            .iter()
            .map(|s| peers::openapi_argv(&s.path, &out.join(s.name), s.name))
            .collect(),
    };
    let runs = b.opts.runs.min(3);
    let counted = match left_out.is_empty() {
        true => vec![first],
        false => Vec::new(),
    };
    let t = time_job_more(&job, runs, counted)?;
    println!("{label}, openapi-generator: {}", t.s());
    let what = format!("{label} {}", runs_note(runs));
    let crates = PeerCrates {
        dir: out,
        specs: taken,
        left_out,
    };
    let peer = "openapi-generator rust";
    let crates = peer_row(b, &what, peer, (t, vs, ours.bundled), crates);
    Ok((Some(crates), notes))
}

/// Every spec in `dir` as one client.
fn corpus(b: &mut Bench, dir: &Path) -> Result<()> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(Error::io(dir))?
        .flatten()
        .map(|e| e.path())
        .collect();
    specs.sort();
    let out = b.dir.join("gen/ours-corpus");
    let job = Job {
        label: format!("corpus: {} published v3 specs, one client", specs.len()),
        out: out.clone(),
        commands: vec![ours_argv(&b.me, &specs, &out, "bench-corpus")],
    };
    let runs = b.opts.runs.min(5);
    let t = time_job(&job, runs)?;
    println!("{}: {}", job.label, t.s());
    let what = format!("{} {}", job.label, runs_note(runs));
    row(b, &what, "hubspot-codegen", &t, "", our_lines(&out));
    Ok(())
}

/// Times our `job` and writes its row, the one the others are measured
/// against; `shown` follows the label in what is printed.
fn time_ours(b: &mut Bench, job: &Job, shown: &str) -> Result<Stats> {
    let t = time_job(job, b.opts.runs)?;
    println!("{}{shown}: {}", job.label, t.ms());
    let lines = our_lines(&job.out);
    row(b, &job.label, "hubspot-codegen", &t, "1.0×", lines);
    Ok(t)
}

/// A row of the table: what was generated, by which generator, in what
/// time, against ours (`vs`, may be empty) and in how many lines.
fn row(b: &mut Bench, what: &str, generator: &str, t: &Stats, vs: &str, lines: impl Display) {
    let vs = if vs.is_empty() {
        String::new()
    } else {
        format!(" {vs}")
    };
    let _ = writeln!(
        b.md,
        "| {what} | {generator} | {} |{vs} | {lines} |",
        t.ms()
    );
}

/// `title`, then `lines` as a Markdown list.
fn bullets(title: &str, lines: &[String]) -> String {
    let list: Vec<String> = lines.iter().map(|l| format!("- {l}")).collect();
    format!("{title}\n\n{}", list.join("\n"))
}
