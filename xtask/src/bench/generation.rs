//! Generation, whole process: ours on `specs/` (every version), ours and the
//! peers on HubSpot's published specs of the default version's four APIs,
//! and ours on the corpus of published v3 specs as one client.

use super::files::{our_lines, rust_lines};
use super::measure::{argv, ratio, time_job, Job, Stats};
use super::peers::{self, Spec};
use super::Bench;
use crate::error::{Error, Result};
use std::fmt::{Display, Write as _};
use std::path::{Path, PathBuf};

/// What the generators wrote, for the build figures.
pub struct Outputs {
    /// Ours from `specs/`, every version.
    pub bundled: PathBuf,
    /// Ours from the four published specs.
    pub published: Option<PathBuf>,
    /// progenitor's crates, one folder per API.
    pub progenitor: Option<PathBuf>,
    /// openapi-generator's crates, one folder per API.
    pub openapi: Option<PathBuf>,
}

pub fn section(b: &mut Bench) -> Result<Outputs> {
    let _ = writeln!(b.md, "\n## Generation, whole process (wall)\n");
    let _ = writeln!(
        b.md,
        "| what | generator | time, median (min) | time vs ours | lines of Rust |"
    );
    let _ = writeln!(b.md, "| --- | --- | --- | --- | --- |");
    let bundled = bundled(b)?;
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
    if let Some(four) = b.four.clone() {
        let (out, ours) = ours_published(b, &four)?;
        outputs.published = Some(out);
        if b.progenitor {
            let (out, inputs) = progenitor(b, &four, ours)?;
            outputs.progenitor = Some(out);
            notes.push(format!(
                "Progenitor's inputs (under target/bench/progenitor-input/):\n\n{}",
                inputs
                    .iter()
                    .map(|l| format!("- {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
        if b.openapi {
            outputs.openapi = Some(openapi(b, &four, ours)?);
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
fn bundled(b: &mut Bench) -> Result<PathBuf> {
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
    time_ours(b, &job, "")?;
    Ok(out)
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

fn ours_published(b: &mut Bench, four: &[Spec]) -> Result<(PathBuf, Stats)> {
    let out = b.dir.join("gen/ours-published");
    let specs: Vec<PathBuf> = four.iter().map(|s| s.path.clone()).collect();
    let job = Job {
        label: format!("4 published specs ({})", b.features.version),
        out: out.clone(),
        commands: vec![ours_argv(&b.me, &specs, &out, "bench-ours")],
    };
    let t = time_ours(b, &job, ", ours")?;
    Ok((out, t))
}

/// Progenitor on patched copies of `four` (see [`peers::prepare_for_progenitor`]);
/// its output folder and a line per spec on what it needed.
fn progenitor(b: &mut Bench, four: &[Spec], ours: Stats) -> Result<(PathBuf, Vec<String>)> {
    let inputs = b.dir.join("progenitor-input");
    let probe = b.dir.join("gen/progenitor-probe");
    let out = b.dir.join("gen/progenitor");
    let mut commands = Vec::new();
    let mut notes = Vec::new();
    for spec in four {
        let (input, note) = peers::prepare_for_progenitor(spec, &inputs, &probe)?;
        println!("progenitor: {note}");
        notes.push(note);
        commands.push(peers::progenitor_argv(
            &input,
            &out.join(spec.name),
            spec.name,
        ));
    }
    let _ = std::fs::remove_dir_all(&probe);
    let job = Job {
        label: format!("4 published specs ({}), patched", b.features.version),
        out: out.clone(),
        commands,
    };
    let t = time_job(&job, b.opts.runs)?;
    println!("{}, progenitor: {}", job.label, t.ms());
    let vs = format!("{} of ours", ratio(t.median, ours.median));
    row(b, &job.label, "progenitor", &t, &vs, rust_lines(&out));
    Ok((out, notes))
}

fn openapi(b: &mut Bench, four: &[Spec], ours: Stats) -> Result<PathBuf> {
    let out = b.dir.join("gen/openapi");
    let job = Job {
        label: format!("4 published specs ({})", b.features.version),
        out: out.clone(),
        commands: four
            .iter()
            .map(|s| peers::openapi_argv(&s.path, &out.join(s.name), s.name))
            .collect(),
    };
    let runs = b.opts.runs.min(3);
    let t = time_job(&job, runs)?;
    println!("{}, openapi-generator: {}", job.label, t.s());
    let what = format!("{} ({runs} runs)", job.label);
    let vs = format!("{} of ours", ratio(t.median, ours.median));
    row(
        b,
        &what,
        "openapi-generator rust",
        &t,
        &vs,
        rust_lines(&out),
    );
    Ok(out)
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
    let what = format!("{} ({runs} runs)", job.label);
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
