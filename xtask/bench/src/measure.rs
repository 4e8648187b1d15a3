//! Timing: processes run from an empty output folder, wall clock with
//! `std::time`, reported as the median and the minimum of the runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use xtask_common::error::{Error, Result};

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
    time_job_more(job, runs, Vec::new())
}

/// [`time_job`] with `samples` already taken (and counted in `runs`).
pub fn time_job_more(job: &Job, runs: usize, mut samples: Vec<Duration>) -> Result<Stats> {
    while samples.len() < runs {
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

/// CPU time of the whole machine and of this process with its waited-for
/// children (every program the bench runs), read from `/proc`, so that what
/// other processes used in the meantime can be told apart: on a shared
/// machine that is how much a figure was disturbed.
#[derive(Clone, Copy, Debug)]
pub struct CpuClock {
    /// Busy CPU time of every core, in clock ticks.
    busy: u64,
    /// This process's and its children's, in clock ticks.
    mine: u64,
    at: Instant,
}

/// Clock ticks per second of `/proc` (USER_HZ, 100 on Linux).
const TICKS: f64 = 100.0;

impl CpuClock {
    /// `None` where `/proc` is not Linux's.
    pub fn now() -> Option<CpuClock> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let mine = std::fs::read_to_string("/proc/self/stat").ok()?;
        Some(CpuClock {
            busy: machine_busy(&stat)?,
            mine: own_ticks(&mine)?,
            at: Instant::now(),
        })
    }

    /// Other processes' CPU time since `self`, and the wall time, in
    /// seconds: `"1.2 s of other processes' CPU in 30.0 s"`.
    pub fn others_since(&self) -> Option<String> {
        let now = CpuClock::now()?;
        let others =
            now.busy.saturating_sub(self.busy) as f64 - now.mine.saturating_sub(self.mine) as f64;
        Some(format!(
            "{:.1} s of other processes' CPU in {:.1} s",
            (others / TICKS).max(0.0),
            now.at.duration_since(self.at).as_secs_f64()
        ))
    }
}

/// The busy ticks of the `cpu` line of `/proc/stat`: user, nice, system,
/// irq, softirq and steal (not idle, not iowait).
fn machine_busy(stat: &str) -> Option<u64> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let n: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    Some([0, 1, 2, 5, 6, 7].iter().filter_map(|&i| n.get(i)).sum())
}

/// utime + stime + cutime + cstime of `/proc/self/stat` (fields 14 to 17,
/// counted after the command name, which may hold spaces).
fn own_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    fields
        .get(11..15)?
        .iter()
        .map(|f| f.parse::<u64>().ok())
        .sum()
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

    #[test]
    fn cpu_ticks_from_proc() {
        let stat = "cpu  100 5 20 900 7 1 2 3 0 0\ncpu0 50 2 10 450 3 0 1 1 0 0\n";
        assert_eq!(machine_busy(stat), Some(100 + 5 + 20 + 1 + 2 + 3));
        let own = "4242 (x task) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17";
        // Fields 14-17 are the 12th to the 15th after the name.
        assert_eq!(own_ticks(own), Some(11 + 12 + 13 + 14));
        assert!(CpuClock::now().is_some_and(|c| c.others_since().is_some()));
    }
}
