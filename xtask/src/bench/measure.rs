//! Timing: processes run from an empty output folder, wall clock with
//! `std::time`, reported as the median and the minimum of the runs.

use super::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug)]
pub struct Stats {
    pub median: Duration,
    pub min: Duration,
}

impl Stats {
    /// The median and minimum of `samples` (at least one).
    pub fn of(mut samples: Vec<Duration>) -> Stats {
        samples.sort();
        Stats {
            median: samples[samples.len() / 2],
            min: samples[0],
        }
    }

    pub fn ms(&self) -> String {
        format!(
            "{:.1} ms (min {:.1})",
            self.median.as_secs_f64() * 1e3,
            self.min.as_secs_f64() * 1e3
        )
    }

    pub fn s(&self) -> String {
        format!(
            "{:.2} s (min {:.2})",
            self.median.as_secs_f64(),
            self.min.as_secs_f64()
        )
    }
}

/// How many times `them` takes as long as `us`: `1.4×`.
pub fn ratio(them: Duration, us: Duration) -> String {
    format!("{:.1}×", them.as_secs_f64() / us.as_secs_f64().max(1e-9))
}

/// A generator's job: processes run one after the other, timed together,
/// writing below `out`.
pub struct Job {
    pub label: String,
    pub out: PathBuf,
    pub commands: Vec<Vec<String>>,
}

/// Runs `argv`, its output discarded; on failure, the end of its stderr.
pub fn run_quiet(argv: &[String]) -> Result<()> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| Error::Unexpected("an empty command".into()))?;
    // A panic's own message, not a backtrace, is what a failure reports.
    let out = Command::new(program)
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|source| Error::Spawn {
            program: program.clone(),
            source,
        })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(Error::failed(argv.join(" "), &out.stderr, 8))
    }
}

/// Runs `job` `runs` times, from an empty output folder each time.
pub fn time_job(job: &Job, runs: usize) -> Result<Stats> {
    let mut samples = Vec::new();
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&job.out);
        let started = Instant::now();
        for argv in &job.commands {
            run_quiet(argv)?;
        }
        samples.push(started.elapsed());
    }
    Ok(Stats::of(samples))
}

/// `cargo` (the one running xtask) in `dir`, with `target` as its target
/// folder, without incremental state, its stdout discarded.
pub fn cargo(dir: &Path, target: &Path) -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Runs `cmd`, saying `what` it was when it fails (with the end of its
/// stderr).
pub fn check(mut cmd: Command, what: &str) -> Result<()> {
    let out = cmd.output().map_err(|source| Error::Spawn {
        program: what.to_string(),
        source,
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(Error::failed(what.to_string(), &out.stderr, 15))
    }
}

/// The command line a generator runs: `program` then `args`, as strings.
pub fn argv<S: AsRef<str>>(program: &str, args: impl IntoIterator<Item = S>) -> Vec<String> {
    std::iter::once(program.to_string())
        .chain(args.into_iter().map(|a| a.as_ref().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_min() {
        let ms = Duration::from_millis;
        let s = Stats::of(vec![ms(5), ms(1), ms(3)]);
        assert_eq!((s.median, s.min), (ms(3), ms(1)));
        assert_eq!(ratio(ms(6), ms(3)), "2.0×");
    }
}
