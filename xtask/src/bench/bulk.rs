//! `cargo xtask bench --bulk`: bulk jobs at HubSpot's rate-limit ceiling,
//! from the program `tests/examples/bulk.rs` against the load mock (150 ms
//! latency, 190 requests per rolling 10 s), without faults and with 2 %.

use super::error::{Error, Result};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// The jobs' Markdown section, for `size` contacts.
pub fn section(root: &Path, size: usize) -> Result<String> {
    let mut md = String::from(
        "### Bulk jobs at the rate-limit ceiling\n\n\
         `cargo xtask bench --bulk`: the program `tests/examples/bulk.rs` runs three jobs \
         one after another on one client (rate limiter 190 per 10 s, default \
         `batch_concurrency`, 2 s timeout) against the load mock of `tests/mock/` \
         (150 ms per answer, 190 requests per rolling 10 s, then 2 % of requests meeting a \
         502, a timeout or a dropped connection). Pages and batches of 100; the search \
         also keeps HubSpot's 5 searches per second. The ceiling is 19 req/s (5 for the \
         search); the first 190 requests of a window may go at once.\n\n\
         | Job | Faults | Wall (s) | Requests | Req/s | Of ceiling | 429s seen by the caller | 429s from the mock | Missing | Duplicated |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    for faults in ["0", "0.02"] {
        for line in run(root, size, faults)? {
            row(&mut md, &line);
        }
    }
    Ok(md)
}

/// One job's JSON line as a table row.
fn row(md: &mut String, job: &Value) {
    let num = |k: &str| job[k].as_f64().unwrap_or_default();
    let name = job["job"].as_str().unwrap_or_default();
    let ceiling = if name == "search" {
        5.0
    } else {
        num("ceiling_per_s")
    };
    let _ = writeln!(
        md,
        "| {name} {} | {:.0} % | {:.1} | {} | {:.1} | {:.0} % | {} | {} | {} | {} |",
        num("size"),
        num("faults") * 100.0,
        num("wall_s"),
        num("requests"),
        num("per_s"),
        100.0 * num("per_s") / ceiling,
        num("caller_429"),
        num("mock_429"),
        num("missing"),
        num("duplicated"),
    );
}

fn run(root: &Path, size: usize, faults: &str) -> Result<Vec<Value>> {
    let size = size.to_string();
    let args = ["run", "-q", "-p", "tests", "--example", "bulk", "--"];
    let command = format!("cargo {} --size {size} --faults {faults}", args.join(" "));
    println!("bulk: {command}");
    let out = Command::new(env!("CARGO"))
        .args(args)
        .args(["--size", &size, "--faults", faults])
        .current_dir(root)
        .output()
        .map_err(|source| Error::Spawn {
            program: "cargo".into(),
            source,
        })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
        return Err(Error::Failed {
            command,
            stderr: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
        });
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).map_err(|e| Error::Unexpected(format!("{l}: {e}"))))
        .collect()
}
