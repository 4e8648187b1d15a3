//! `cargo xtask bench --bulk`: bulk jobs at HubSpot's rate-limit ceiling,
//! from the program `tests/examples/bulk.rs` against the load mock (150 ms
//! latency, 190 requests per rolling 10 s, 5 searches per second), without
//! faults and with 2 %; and, side by side, the same jobs with HubSpot's Node
//! and Python SDKs (`tests/peers/bulk.mjs`, `tests/peers/bulk.py`) against
//! the same mock as a server of its own (`tests/examples/load_mock.rs`),
//! when `scripts/install-bulk-peers.sh` has installed them.

use super::peers::on_path;
use serde_json::Value;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use xtask_common::error::{Error, Result};

/// Our client's name in the tables.
const OURS: &str = "hubspot-codegen";
const FAULTS: [&str; 2] = ["0", "0.02"];

/// One of HubSpot's SDKs, and how to run its job program.
struct Peer {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
}

/// The SDKs that are installed under target/peers/, and why any is not.
fn installed(root: &Path) -> (Vec<Peer>, Vec<String>) {
    let (mut peers, mut skipped) = (Vec::new(), Vec::new());
    let node = root.join("target/peers/node");
    if !on_path("node") {
        skipped.push("Node SDK: node is not on PATH".to_string());
    } else if !node
        .join("node_modules/@hubspot/api-client/package.json")
        .is_file()
    {
        skipped.push(
            "Node SDK: @hubspot/api-client is not in target/peers/node (scripts/install-bulk-peers.sh)"
                .to_string(),
        );
    } else {
        peers.push(Peer {
            name: "Node SDK",
            program: "node".into(),
            args: vec![
                "tests/peers/bulk.mjs".into(),
                "--prefix".into(),
                node.display().to_string(),
            ],
        });
    }
    let python = root.join("target/peers/python/bin/python");
    let has_sdk = python.is_file()
        && Command::new(&python)
            .args(["-c", "import hubspot"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if has_sdk {
        peers.push(Peer {
            name: "Python SDK",
            program: python,
            args: vec!["tests/peers/bulk.py".into()],
        });
    } else {
        skipped.push(
            "Python SDK: no venv with hubspot-api-client at target/peers/python (scripts/install-bulk-peers.sh)"
                .to_string(),
        );
    }
    (peers, skipped)
}

/// The jobs' Markdown section, for `size` contacts.
pub fn section(root: &Path, size: usize) -> Result<String> {
    let (peers, skipped) = installed(root);
    for s in &skipped {
        eprintln!("skipped: {s}");
    }
    let mut lines = Vec::new();
    for faults in FAULTS {
        lines.extend(ours(root, size, faults)?);
        for peer in &peers {
            lines.extend(run_peer(root, peer, size, faults)?);
        }
    }
    let mut md = String::from(
        "### Bulk jobs at the rate-limit ceiling\n\n\
         `cargo xtask bench --bulk`: three jobs one after another on one client against the \
         load mock, the client's fake HubSpot (150 ms per answer, 190 requests per rolling 10 s, 5 \
         searches per second, then 2 % of requests meeting a 502, a timeout (the answer hangs \
         5 s, then the connection closes) or a dropped connection). Pages and batches of 100. \
         The ceiling is 19 req/s (5 for the search); the first 190 requests of a window may \
         go at once. `hubspot-codegen` is the program `tests/examples/bulk.rs` (rate limiter \
         190 per 10 s, default `batch_concurrency`, 2 s timeout); the SDKs run \
         `tests/peers/bulk.mjs` and `tests/peers/bulk.py`, each against a fresh mock \
         (`tests/examples/load_mock.rs`) with the same settings. Requests, 429s from the \
         mock and the ledger (missing, duplicated) are the mock's counts.\n\n\
         | Job | Faults | Client | Wall (s) | Requests | Req/s | Of ceiling | 429s seen by the caller | Errors seen by the caller | 429s from the mock | Missing | Duplicated |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for line in &lines {
        row(&mut md, line);
    }
    if !peers.is_empty() {
        compare(&mut md, &lines);
    }
    if !skipped.is_empty() {
        md.push_str("\nSkipped:\n");
        for s in &skipped {
            let _ = writeln!(md, "- {s}");
        }
    }
    Ok(md)
}

fn num(job: &Value, k: &str) -> f64 {
    job[k].as_f64().unwrap_or_default()
}

fn text<'a>(job: &'a Value, k: &str) -> &'a str {
    job[k].as_str().unwrap_or_default()
}

/// One job's JSON line as a table row.
fn row(md: &mut String, job: &Value) {
    let name = text(job, "job");
    let ceiling = if name == "search" { 5.0 } else { 19.0 };
    let share = 100.0 * num(job, "per_s") / ceiling;
    let counts = [
        "caller_429",
        "caller_errors",
        "mock_429",
        "missing",
        "duplicated",
    ];
    let mut cells = vec![
        format!("{name} {}", num(job, "size")),
        format!("{:.0} %", num(job, "faults") * 100.0),
        text(job, "client").to_string(),
        format!("{:.1}", num(job, "wall_s")),
        num(job, "requests").to_string(),
        format!("{:.1}", num(job, "per_s")),
        format!("{share:.0} %"),
    ];
    cells.extend(counts.iter().map(|k| num(job, k).to_string()));
    table_row(md, &cells);
}

/// A Markdown table row of `cells`.
pub(super) fn table_row(md: &mut String, cells: &[String]) {
    let _ = writeln!(md, "| {} |", cells.join(" | "));
}

/// Our wall time against the faster SDK's, per job and fault rate, and the
/// target of at least twice as fast. An SDK run that lost or duplicated
/// records still counts: it is the faster one only on time.
fn compare(md: &mut String, lines: &[Value]) {
    md.push_str(
        "\n| Job | Faults | hubspot-codegen (s) | Faster SDK (s) | Speed-up | At least 2×? |\n\
         |---|---|---|---|---|---|\n",
    );
    for ours in lines.iter().filter(|l| text(l, "client") == OURS) {
        let same = |l: &&Value| {
            text(l, "job") == text(ours, "job") && num(l, "faults") == num(ours, "faults")
        };
        let fastest = lines
            .iter()
            .filter(|l| text(l, "client") != OURS)
            .filter(same)
            .min_by(|a, b| num(a, "wall_s").total_cmp(&num(b, "wall_s")));
        let Some(peer) = fastest else { continue };
        let speedup = num(peer, "wall_s") / num(ours, "wall_s");
        table_row(
            md,
            &[
                text(ours, "job").to_string(),
                format!("{:.0} %", num(ours, "faults") * 100.0),
                format!("{:.1}", num(ours, "wall_s")),
                format!("{:.1} ({})", num(peer, "wall_s"), text(peer, "client")),
                format!("{speedup:.2}×"),
                (if speedup >= 2.0 { "yes" } else { "**no**" }).to_string(),
            ],
        );
    }
}

/// Parses JSON lines, marking each with the client and the fault rate.
fn parse(stdout: &[u8], client: &str, faults: &str) -> Result<Vec<Value>> {
    let rate: f64 = faults.parse().unwrap_or_default();
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let mut v: Value = serde_json::from_str(l)
                .map_err(|e| Error::Unexpected(format!("{client}: {l}: {e}")))?;
            v["client"] = client.into();
            v["faults"] = rate.into();
            Ok(v)
        })
        .collect()
}

/// Our client's three jobs, from `tests/examples/bulk.rs`.
fn ours(root: &Path, size: usize, faults: &str) -> Result<Vec<Value>> {
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
        return Err(Error::failed(command, &out.stderr, 20));
    }
    parse(&out.stdout, OURS, faults)
}

/// The load mock as a server: its process and base URL. Closing its stdin
/// stops it.
pub(super) struct Mock {
    child: std::process::Child,
    pub(super) uri: String,
}

impl Mock {
    /// `tests/examples/load_mock.rs` with `args` (its defaults: HubSpot's
    /// 150 ms, 190 requests per 10 s, 5 searches per second).
    pub(super) fn start(root: &Path, args: &[&str]) -> Result<Mock> {
        let run = ["run", "-q", "-p", "tests", "--example", "load_mock", "--"];
        let mut child = Command::new(env!("CARGO"))
            .args(run)
            .args(args)
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|source| Error::Spawn {
                program: "cargo".into(),
                source,
            })?;
        let mut uri = String::new();
        if let Some(out) = child.stdout.as_mut() {
            let _ = BufReader::new(out).read_line(&mut uri);
        }
        let uri = uri.trim().to_string();
        if !uri.starts_with("http://") {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::Unexpected(format!(
                "load_mock printed {uri:?}, not its address"
            )));
        }
        Ok(Mock { child, uri })
    }

    /// Stops the mock and returns the figures it printed as it stopped.
    pub(super) fn figures(mut self) -> Result<Value> {
        drop(self.child.stdin.take());
        let mut line = String::new();
        if let Some(out) = self.child.stdout.as_mut() {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        serde_json::from_str(line.trim())
            .map_err(|e| Error::Unexpected(format!("load_mock's figures {line:?}: {e}")))
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// One SDK's three jobs against a fresh mock.
fn run_peer(root: &Path, peer: &Peer, size: usize, faults: &str) -> Result<Vec<Value>> {
    let mock = Mock::start(root, &["--faults", faults])?;
    let size = size.to_string();
    let args: Vec<&str> = peer.args.iter().map(String::as_str).collect();
    let command = format!(
        "{} {} --base {} --size {size}",
        peer.program.display(),
        args.join(" "),
        mock.uri
    );
    println!("bulk: {command} (faults {faults})");
    let out = Command::new(&peer.program)
        .args(&args)
        .args(["--base", &mock.uri, "--size", &size])
        .current_dir(root)
        .output()
        .map_err(|source| Error::Spawn {
            program: peer.program.display().to_string(),
            source,
        })?;
    drop(mock);
    if !out.status.success() {
        return Err(Error::failed(command, &out.stderr, 20));
    }
    parse(&out.stdout, peer.name, faults)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn line(client: &str, job: &str, faults: f64, wall_s: f64) -> Value {
        json!({ "client": client, "job": job, "faults": faults, "wall_s": wall_s })
    }

    #[test]
    fn each_job_is_compared_with_the_faster_sdk_of_the_same_fault_rate() {
        let lines = [
            line(OURS, "create", 0.0, 4.0),
            line("Node SDK", "create", 0.0, 12.0),
            line("Python SDK", "create", 0.0, 7.0),
            line(OURS, "list", 0.02, 16.0),
            line("Node SDK", "list", 0.0, 1.0),
            line("Node SDK", "list", 0.02, 17.0),
        ];
        let mut md = String::new();
        compare(&mut md, &lines);
        let rows: Vec<&str> = md.lines().skip(3).collect();
        assert_eq!(
            rows,
            [
                "| create | 0 % | 4.0 | 7.0 (Python SDK) | 1.75× | **no** |",
                "| list | 2 % | 16.0 | 17.0 (Node SDK) | 1.06× | **no** |",
            ]
        );
    }

    #[test]
    fn lines_are_marked_with_their_client_and_fault_rate() {
        let out = b"note\n{\"job\":\"list\",\"wall_s\":1.5}\n";
        let lines = parse(out, "Node SDK", "0.02").expect("parses");
        assert_eq!(
            lines,
            [json!({ "job": "list", "wall_s": 1.5, "client": "Node SDK", "faults": 0.02 })]
        );
    }
}
