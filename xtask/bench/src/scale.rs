//! `cargo xtask bench --scale`: the client run at scale against the load
//! mock (HubSpot's 150 ms latency, 190 requests per rolling 10 s, 5
//! searches per second), from the programs of `tests/examples/scale.rs`:
//! four worker processes creating records against one mock, side by side
//! with one rate budget in a `redis-server` they share and with a budget
//! each (in-process limiters); then the sync past the 10,000-result search
//! ceiling.

use super::bulk::{table_row, Mock};
use serde_json::Value;
use std::fmt::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use xtask_common::error::{Error, Result};

const WORKERS: usize = 4;
const PER_WORKER: usize = 2_500;
/// Inputs per batch request: with 100, the 100 requests of the run fit in
/// one window of the budget and no limiter is tested.
const BATCH: usize = 10;
const BUDGET: f64 = 190.0;
const WINDOW_S: f64 = 10.0;
const LATENCY_S: f64 = 0.15;

/// The section, Markdown.
pub fn section(root: &Path) -> Result<String> {
    build(root)?;
    let mut md = String::from(
        "### Four workers, one budget\n\n\
         `cargo xtask bench --scale`: 4 worker processes (`tests/examples/scale.rs create`), each \
         creating 2,500 contacts in batch requests of 10 inputs, 4 at a time, against one load \
         mock (`tests/examples/load_mock.rs`: 150 ms per answer, 190 requests per rolling 10 s), \
         each with the rate limiter at 190 per 10 s: kept in one `redis-server` they share \
         (`RedisStore`, `local_share(4)`), or in each process. Batches of 10 make 1,000 \
         requests, over five windows of the budget (with 100 inputs the 100 requests fit in \
         one). The fastest possible run sends 190 requests at the start of each window: the \
         last of 1,000 at 50 s, answered at 50.15 s; \"of ceiling\" is that time (for the \
         requests the mock accepted) over the wall time. Requests, 429s and the ledger are the \
         mock's counts; wall time from the start of the first worker to the exit of the last.\n\n\
         | Budget | Wall (s) | Requests | 429s from the mock | Of ceiling | 429s seen by callers | Errors seen by callers | Records | Duplicated |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    let mut skipped = Vec::new();
    match Redis::start() {
        Ok(redis) => {
            let row = workers(root, Some(&redis))?;
            table_row(&mut md, &row);
        }
        Err(why) => skipped.push(format!("one Redis budget: {why}")),
    }
    table_row(&mut md, &workers(root, None)?);
    for s in &skipped {
        eprintln!("skipped: {s}");
        let _ = writeln!(md, "\nSkipped: {s}");
    }
    md.push_str(&sync(root)?);
    Ok(md)
}

/// Builds the programs first, so that the workers start together.
fn build(root: &Path) -> Result<()> {
    let args = [
        "build",
        "-q",
        "-p",
        "tests",
        "--example",
        "scale",
        "--example",
        "load_mock",
    ];
    let mut cargo = Command::new(env!("CARGO"));
    cargo.args(args).current_dir(root);
    super::measure::check(cargo, &format!("cargo {}", args.join(" ")))
}

/// The built `scale` program.
fn program(root: &Path) -> PathBuf {
    xtask_common::target_dir(root).join("debug/examples/scale")
}

/// A `redis-server` on a free loopback port, stopped when dropped.
struct Redis {
    child: Child,
    url: String,
}

impl Redis {
    fn start() -> std::result::Result<Redis, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let child = Command::new("redis-server")
            .args([
                "--bind",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "redis-server cannot be started ({e}); scripts/install-redis.sh installs it"
                )
            })?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("redis-server did not listen on {port}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(Redis {
            child,
            url: format!("redis://127.0.0.1:{port}/"),
        })
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One run of the four workers against a fresh mock: the table row.
fn workers(root: &Path, redis: Option<&Redis>) -> Result<Vec<String>> {
    let mock = Mock::start(root, &["--search-per-second", "0"])?;
    let started = Instant::now();
    let children = (0..WORKERS)
        .map(|i| {
            let mut command = Command::new(program(root));
            command
                .args(["create", "--base", &mock.uri])
                .args(["--first", &(i * PER_WORKER).to_string()])
                .args([
                    "--size",
                    &PER_WORKER.to_string(),
                    "--batch",
                    &BATCH.to_string(),
                ]);
            if let Some(redis) = redis {
                command.args([
                    "--redis",
                    &redis.url,
                    "--key",
                    "bench",
                    "--share",
                    &WORKERS.to_string(),
                ]);
            }
            command
                .current_dir(root)
                .stdout(Stdio::piped())
                .spawn()
                .map_err(|source| Error::Spawn {
                    program: "scale".into(),
                    source,
                })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut lines = Vec::new();
    for child in children {
        lines.push(json_line("create", child.wait_with_output())?);
    }
    let wall = started.elapsed().as_secs_f64();
    let figures = mock.figures()?;
    let sum = |k: &str| {
        lines
            .iter()
            .map(|l| l[k].as_u64().unwrap_or_default())
            .sum::<u64>()
    };
    let count = |k: &str| figures[k].as_u64().unwrap_or_default();
    let accepted = count("requests").saturating_sub(count("rate_limited"));
    let best = ((accepted.max(1) - 1) as f64 / BUDGET).floor() * WINDOW_S + LATENCY_S;
    Ok(vec![
        (if redis.is_some() {
            "one, in Redis"
        } else {
            "one per process"
        })
        .to_string(),
        format!("{wall:.1}"),
        count("requests").to_string(),
        count("rate_limited").to_string(),
        format!("{:.0} %", 100.0 * best / wall),
        sum("caller_429").to_string(),
        sum("caller_errors").to_string(),
        count("records").to_string(),
        count("duplicated").to_string(),
    ])
}

/// The one JSON line a finished `scale` program (mode `what`) printed.
fn json_line(what: &str, out: std::io::Result<std::process::Output>) -> Result<Value> {
    let out = out.map_err(|source| Error::Spawn {
        program: format!("scale {what}"),
        source,
    })?;
    if !out.status.success() {
        return Err(Error::failed(format!("scale {what}"), &out.stderr, 20));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.trim())
        .map_err(|e| Error::Unexpected(format!("scale {what} printed {text:?}: {e}")))
}

/// The sync of 25,000 records past the search ceiling.
fn sync(root: &Path) -> Result<String> {
    let out = Command::new(program(root))
        .args(["sync", "--records", "25000", "--modified", "200"])
        .current_dir(root)
        .output();
    let line = json_line("sync", out)?;
    let num = |k: &str| line[k].as_f64().unwrap_or_default();
    let mut md = String::from(
        "\n### A sync past the search ceiling\n\n\
         `tests/examples/scale.rs sync`: `contacts().typed().sync()` of every contact modified \
         since 0 against the load mock (150 ms, 190 requests per 10 s, 5 searches per second) \
         seeded with 25,000 contacts; halfway, 100 records behind the sync's position and 100 \
         ahead of it are modified. Pages of 200, re-querying on `hs_object_id` past each \
         10,000. The search ceiling is 5 requests per second.\n\n\
         | Records | Wall (s) | Requests | Req/s | Of search ceiling | 429s from the mock | Read | Missing | Read twice |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    table_row(
        &mut md,
        &[
            "25,000".to_string(),
            format!("{:.1}", num("wall_s")),
            num("requests").to_string(),
            format!("{:.2}", num("per_s")),
            format!("{:.0} %", 100.0 * num("per_s") / 5.0),
            num("mock_429").to_string(),
            num("read").to_string(),
            num("missing").to_string(),
            num("duplicated").to_string(),
        ],
    );
    Ok(md)
}
