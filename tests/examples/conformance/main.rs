//! Conformance of the generated client with HubSpot's published specs, in
//! every API version.
//!
//! Run by `cargo xtask conformance`, which serves every published spec of
//! every version with Prism (dynamic mode) and calls this program:
//!
//! ```text
//! conformance check --run N --seed S --out FILE [--mock VERSION LABEL URL SPEC]...
//! conformance report FILE
//! ```
//!
//! `check` calls every operation of every version of the generated client
//! once for each mock of the same version whose spec declares it (same
//! method and path template) and each success status that spec declares
//! (asked of Prism with `Prefer: code=NNN`), through a recording proxy, and
//! appends one JSON line per call to FILE. A call passes when Prism's
//! `sl-violations` names no violation in the request and the typed response
//! decoded; an operation passes when every call asked of it (each judging
//! mock, each status, each run) was judged and passed, so a call Prism
//! could not answer (it crashed, or its process was gone) fails it. A mock
//! some request could not reach at all makes `check` exit with 1, naming
//! it. Operations no published spec of their version declares are
//! listed with the local mock test that exercises them. The versions are
//! checked side by side (each has its own mocks), the operations of one
//! version one after the other. `report` prints a table per version and
//! `N passed, M failed`, and exits with 1 when anything failed.

mod ops;
mod ops_around;
mod ops_associations;
mod ops_calling;
mod ops_conversations;
mod ops_crm;
mod ops_events;
mod ops_records;
mod ops_v3;
mod proxy;
mod report;
#[cfg(test)]
mod routes;
mod selfcheck;
mod spec;
mod violations;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use hubspot_client::Client;
use ops::{Called, Op};
use proxy::Recorder;
use report::{CheckRecord, Record};

/// Not a real credential: Prism only checks that a bearer token is present.
const FAKE_TOKEN: &str = "pat-na1-00000000-0000-0000-0000-000000000000";

/// Operations HubSpot's published specs lack (version, name), and the local
/// mock tests (wiremock, `cargo test`) that exercise them instead.
const LOCAL_TESTS: &[(&str, &str, &str, &str)] = &[
    (
        "v3",
        "contacts().associations().create",
        "tests/e2e.rs",
        "contacts_associations_create_puts_to_the_four_segment_path",
    ),
    (
        "v3",
        "contacts().associations().archive",
        "tests/e2e.rs",
        "contacts_associations_archive_deletes_and_accepts_204",
    ),
    (
        "v3",
        "calls().associations().create",
        "tests/associations.rs",
        "calls_associations_create_puts_to_the_four_segment_path",
    ),
    (
        "v3",
        "calls().associations().archive",
        "tests/associations.rs",
        "calls_associations_archive_deletes_and_accepts_204",
    ),
    (
        "v3",
        "communications().associations().create",
        "tests/associations.rs",
        "communications_associations_create_puts_to_the_four_segment_path",
    ),
    (
        "v3",
        "communications().associations().archive",
        "tests/associations.rs",
        "communications_associations_archive_deletes_and_accepts_204",
    ),
];

/// One running Prism mock and the published spec it serves.
pub struct Mock {
    pub version: String,
    pub label: String,
    pub url: String,
    pub operations: spec::Declared,
    /// What went through its proxy.
    pub recorder: Recorder,
}

/// `--mock VERSION LABEL URL SPEC`.
struct MockArg {
    version: String,
    label: String,
    url: String,
    spec: PathBuf,
}

struct CheckArgs {
    run: u32,
    seed: String,
    out: PathBuf,
    mocks: Vec<MockArg>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((cmd, rest)) if cmd == "check" => match parse_check(rest) {
            Some(a) => check_command(a),
            None => usage(),
        },
        Some((cmd, [file])) if cmd == "report" => report_command(Path::new(file)),
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: conformance check --run N --seed S --out FILE [--mock VERSION LABEL URL SPEC]...\n       conformance report FILE"
    );
    ExitCode::from(2)
}

fn parse_check(args: &[String]) -> Option<CheckArgs> {
    let mut a = CheckArgs {
        run: 1,
        seed: String::new(),
        out: PathBuf::new(),
        mocks: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--run" => a.run = it.next()?.parse().ok()?,
            "--seed" => a.seed = it.next()?.clone(),
            "--out" => a.out = PathBuf::from(it.next()?),
            "--mock" => a.mocks.push(MockArg {
                version: it.next()?.clone(),
                label: it.next()?.clone(),
                url: it.next()?.clone(),
                spec: PathBuf::from(it.next()?),
            }),
            _ => return None,
        }
    }
    (!a.out.as_os_str().is_empty() && !a.mocks.is_empty()).then_some(a)
}

fn check_command(args: CheckArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(check(&args)) {
        Ok((records, lost)) => match append(&args.out, &records) {
            Ok(()) if lost.is_empty() => ExitCode::SUCCESS,
            Ok(()) => {
                for line in lost {
                    eprintln!("error: {line}");
                }
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", args.out.display());
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn append(out: &Path, records: &[Record]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(out)?;
    for r in records {
        let line = serde_json::to_string(r).map_err(std::io::Error::other)?;
        writeln!(file, "{line}")?;
    }
    Ok(())
}

fn report_command(file: &Path) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
    };
    let mut records = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str::<Record>(line) {
            Ok(r) => records.push(r),
            Err(e) => {
                eprintln!("error: {}:{}: {e}", file.display(), n + 1);
                return ExitCode::FAILURE;
            }
        }
    }
    let table = report::Table::build(&records);
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(table.render().as_bytes());
    if table.failed() == 0 && table.passed() > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Whether `fn name(` is in `tests/<file>`.
fn local_test_exists(file: &str, name: &str) -> bool {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    std::fs::read_to_string(path).is_ok_and(|text| text.contains(&format!("fn {name}(")))
}

/// The client for one call: it asks Prism for `code` (`Prefer: code=NNN`).
fn client_for(base_url: &str, code: u16) -> Result<Client, String> {
    let mut headers = reqwest::header::HeaderMap::new();
    let prefer = reqwest::header::HeaderValue::from_str(&format!("code={code}"))
        .map_err(|e| format!("Prefer header: {e}"))?;
    headers.insert("prefer", prefer);
    client_with(base_url, http_client(headers)?)
}

/// The HTTP client under every call: `headers` on each request, no
/// system proxy, a 30 s timeout.
fn http_client(headers: reqwest::header::HeaderMap) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .default_headers(headers)
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| format!("HTTP client: {e}"))
}

/// The generated client every call is made with: no retries (one call,
/// one request).
fn client_with(base_url: &str, http: reqwest::Client) -> Result<Client, String> {
    Client::builder()
        .base_url(base_url)
        .access_token(FAKE_TOKEN)
        .max_retries(0)
        .http_client(http)
        .build()
        .map_err(|e| format!("client: {e}"))
}

/// A recording proxy in front of each Prism, and what its spec declares.
async fn start_mocks(args: &[MockArg]) -> Result<Vec<Mock>, String> {
    let mut mocks = Vec::new();
    for m in args {
        let recorder = Recorder::default();
        let addr = proxy::start(m.url.trim_end_matches('/').to_string(), recorder.clone())
            .await
            .map_err(|e| format!("cannot start the recording proxy: {e}"))?;
        mocks.push(Mock {
            version: m.version.clone(),
            label: m.label.clone(),
            url: format!("http://{addr}"),
            operations: spec::published_operations(&m.spec)?,
            recorder,
        });
    }
    Ok(mocks)
}

/// The records of every call, and a line for each mock whose Prism stopped
/// answering during the run (a Prism that dies is an error, not only the
/// calls it leaves unjudged).
async fn check(args: &CheckArgs) -> Result<(Vec<Record>, Vec<String>), String> {
    let mocks = start_mocks(&args.mocks).await?;
    let ops = ops::all();
    let mut records = completeness(&ops, &spec::our_operations()?);

    // One task per version, in the order of `ops::all`.
    let mut versions: Vec<&str> = Vec::new();
    for op in &ops {
        if !versions.contains(&op.version) {
            versions.push(op.version);
        }
    }
    let tasks = versions.iter().map(|version| {
        let ops: Vec<&Op> = ops.iter().filter(|o| o.version == *version).collect();
        let mocks = &mocks;
        async move {
            let mut records = Vec::new();
            for op in ops {
                records.extend(check_op(op, mocks, args.run, &args.seed).await);
            }
            records
        }
    });
    for version_records in futures::future::join_all(tasks).await {
        records.extend(version_records);
    }
    records.extend(selfcheck::run(&ops, &mocks).await);
    Ok((records, lost_mocks(&mocks)))
}

/// A line naming each mock (version and label) some request could not reach.
fn lost_mocks(mocks: &[Mock]) -> Vec<String> {
    mocks
        .iter()
        .filter_map(|m| {
            let unreachable = m.recorder.unreachable();
            let first = unreachable.first()?;
            Some(format!(
                "the Prism serving {} {} could not be reached by {} request(s) of the run \
                 (its process stopped?); the first: {first}",
                m.version,
                m.label,
                unreachable.len()
            ))
        })
        .collect()
}

/// Every operation of our specs has exactly one op here, and the reverse.
fn completeness(ops: &[Op], ours: &BTreeSet<spec::Ours>) -> Vec<Record> {
    let listed: BTreeSet<spec::Ours> = ops
        .iter()
        .map(|o| spec::Ours {
            version: o.version.to_string(),
            api: o.api.to_string(),
            method: o.method.to_string(),
            path: o.path.to_string(),
        })
        .collect();
    let unlisted = |o: &spec::Ours, reason: &str| Record::Unlisted {
        version: o.version.clone(),
        method: o.method.clone(),
        path: format!("{} ({})", o.path, o.api),
        reason: reason.into(),
    };
    let mut records: Vec<Record> = ours
        .difference(&listed)
        .map(|o| unlisted(o, "in specs/ but not called by this program"))
        .collect();
    records.extend(
        listed
            .difference(ours)
            .map(|o| unlisted(o, "called by this program but not in specs/")),
    );
    if listed.len() != ops.len() {
        records.push(Record::Unlisted {
            version: String::new(),
            method: String::new(),
            path: String::new(),
            reason: format!("{} ops for {} distinct operations", ops.len(), listed.len()),
        });
    }
    records
}

/// Calls `op` once per mock of its version that declares it and per success
/// status that mock's spec declares; an operation none declares is ours
/// only.
async fn check_op(op: &Op, mocks: &[Mock], run: u32, seed: &str) -> Vec<Record> {
    let key = (op.method.to_string(), spec::template(op.path));
    let judges: Vec<&Mock> = mocks
        .iter()
        .filter(|m| m.version == op.version && m.operations.contains_key(&key))
        .collect();
    if judges.is_empty() {
        let local = LOCAL_TESTS
            .iter()
            .find(|(version, name, _, _)| *version == op.version && *name == op.name);
        return vec![Record::OursOnly {
            version: op.version.into(),
            api: op.api.into(),
            name: op.name.into(),
            method: op.method.into(),
            path: op.path.into(),
            local_test: local.map(|(_, _, file, test)| format!("tests/{file}::{test}")),
            local_test_found: local.is_some_and(|(_, _, file, test)| local_test_exists(file, test)),
        }];
    }
    let mut records = Vec::new();
    for mock in judges {
        let declared = mock.operations.get(&key).cloned().unwrap_or_default();
        // No success status declared (only `default`): ask for 200 and
        // judge the request alone.
        let codes = if declared.is_empty() {
            vec![None]
        } else {
            declared.into_iter().map(Some).collect()
        };
        for asked in codes {
            let code = asked.unwrap_or(200);
            mock.recorder.take();
            let started = std::time::Instant::now();
            let called = match client_for(&mock.url, code) {
                Ok(client) => (op.call)(client).await,
                Err(e) => Called::NotBuilt(e),
            };
            let verdict = report::evaluate(&called, &mock.recorder.take(), asked);
            let status = if verdict.passed() { "ok" } else { "FAILED" };
            println!(
                "run {run} {:<8} {:<70} {:<34} {code} {status} {} ms",
                op.version,
                op.name,
                mock.label,
                started.elapsed().as_millis()
            );
            records.push(Record::Check(CheckRecord {
                version: op.version.into(),
                api: op.api.into(),
                name: op.name.into(),
                method: op.method.into(),
                path: op.path.into(),
                spec: mock.label.clone(),
                code,
                run,
                seed: seed.to_string(),
                verdict,
            }));
        }
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_calls_exactly_the_operations_of_specs() {
        let ours = spec::our_operations().expect("specs/");
        let records = completeness(&ops::all(), &ours);
        let text: Vec<String> = records
            .iter()
            .map(|r| serde_json::to_string(r).unwrap_or_default())
            .collect();
        assert!(text.is_empty(), "{}", text.join("\n"));
    }

    #[tokio::test]
    async fn a_mock_whose_prism_is_gone_is_named() {
        let upstream = wiremock::MockServer::start().await;
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port");
        let mut mocks = Vec::new();
        for (label, url) in [
            ("contacts", upstream.uri()),
            ("calls", format!("http://{closed}")),
        ] {
            let recorder = Recorder::default();
            let addr = proxy::start(url, recorder.clone()).await.expect("proxy");
            mocks.push(Mock {
                version: "2026-09".into(),
                label: label.into(),
                url: format!("http://{addr}"),
                operations: spec::Declared::new(),
                recorder,
            });
        }
        for mock in &mocks {
            let client = client_for(&mock.url, 200).expect("client");
            let _ = (ops::all()[0].call)(client).await;
            mock.recorder.take();
        }
        let lost = lost_mocks(&mocks);
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert!(
            lost[0].starts_with(
                "the Prism serving 2026-09 calls could not be reached by 1 request(s)"
            ),
            "{lost:?}"
        );
    }

    #[test]
    fn names_are_unique_within_a_version_and_versions_are_known() {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let versions = spec::versions(&specs).expect("versions.yaml");
        let mut seen = BTreeSet::new();
        for op in ops::all() {
            assert!(versions.iter().any(|v| v == op.version), "{}", op.version);
            assert!(
                seen.insert((op.version, op.name)),
                "{} {}",
                op.version,
                op.name
            );
        }
    }
}
