//! Conformance of the generated client with HubSpot's published specs.
//!
//! Run by `cargo xtask conformance`, which starts one Prism mock (dynamic
//! mode) per published spec and calls this program:
//!
//! ```text
//! conformance check --run N --seed S --out FILE [--mock LABEL URL SPEC]...
//! conformance report FILE
//! ```
//!
//! `check` calls every operation of the generated client once for each mock
//! whose spec declares it and each success status that spec declares (asked
//! of Prism with `Prefer: code=NNN`), through a recording proxy, and appends
//! one JSON line per call to FILE. A call passes when Prism's `sl-violations`
//! names no violation in the request and the typed response decoded.
//! Operations no published spec declares are listed with the local mock test
//! that exercises them. `report` prints the table and `N passed, M failed`,
//! and exits with 1 when anything failed.

mod ops;
mod proxy;
mod report;
mod violations;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use hubspot_client::Client;
use ops::Called;
use proxy::Recorder;
use report::{CheckRecord, Record, Verdict};

/// Not a real credential: Prism only checks that a bearer token is present.
const FAKE_TOKEN: &str = "pat-na1-00000000-0000-0000-0000-000000000000";

/// Operations HubSpot's published specs lack, and the local mock tests
/// (wiremock, `cargo test`) that exercise them instead.
const LOCAL_TESTS: &[(&str, &str, &str)] = &[
    (
        "contacts().associations().create",
        "tests/e2e.rs",
        "contacts_associations_create_puts_to_the_four_segment_path",
    ),
    (
        "contacts().associations().archive",
        "tests/e2e.rs",
        "contacts_associations_archive_deletes_and_accepts_204",
    ),
    (
        "calls().associations().create",
        "tests/associations.rs",
        "calls_associations_create_puts_to_the_four_segment_path",
    ),
    (
        "calls().associations().archive",
        "tests/associations.rs",
        "calls_associations_archive_deletes_and_accepts_204",
    ),
    (
        "communications().associations().create",
        "tests/associations.rs",
        "communications_associations_create_puts_to_the_four_segment_path",
    ),
    (
        "communications().associations().archive",
        "tests/associations.rs",
        "communications_associations_archive_deletes_and_accepts_204",
    ),
];

/// One running Prism mock and the published spec it serves.
struct Mock {
    label: String,
    url: String,
    /// `(METHOD, path template)` → the success statuses the spec declares.
    operations: BTreeMap<(String, String), Vec<u16>>,
}

struct CheckArgs {
    run: u32,
    seed: String,
    out: PathBuf,
    mocks: Vec<(String, String, PathBuf)>,
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
        "usage: conformance check --run N --seed S --out FILE [--mock LABEL URL SPEC]...\n       conformance report FILE"
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
            "--mock" => {
                let label = it.next()?.clone();
                let url = it.next()?.clone();
                let spec = PathBuf::from(it.next()?);
                a.mocks.push((label, url, spec));
            }
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
        Ok(records) => match append(&args.out, &records) {
            Ok(()) => ExitCode::SUCCESS,
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

/// The success statuses of every operation of a published spec.
fn published_operations(spec: &Path) -> Result<BTreeMap<(String, String), Vec<u16>>, String> {
    let text = std::fs::read_to_string(spec)
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", spec.display()))?;
    let mut out = BTreeMap::new();
    let paths = doc
        .get("paths")
        .and_then(|p| p.as_object())
        .ok_or_else(|| format!("{}: no `paths`", spec.display()))?;
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if !["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            let codes: Vec<u16> = op
                .get("responses")
                .and_then(|r| r.as_object())
                .map(|r| {
                    r.keys()
                        .filter_map(|k| k.parse::<u16>().ok())
                        .filter(|c| (200..300).contains(c))
                        .collect()
                })
                .unwrap_or_default();
            out.insert((method.to_uppercase(), path.clone()), codes);
        }
    }
    Ok(out)
}

/// `(METHOD, path)` of every operation in our own `specs/*.yaml`.
fn our_operations() -> Result<BTreeSet<(String, String)>, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut out = BTreeSet::new();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot list specs/: {e}"))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let doc: serde_yaml::Value =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        let Some(paths) = doc.get("paths").and_then(|p| p.as_mapping()) else {
            continue;
        };
        for (path, item) in paths {
            let (Some(path), Some(item)) = (path.as_str(), item.as_mapping()) else {
                continue;
            };
            for method in item.keys().filter_map(|k| k.as_str()) {
                if ["get", "put", "post", "delete", "patch"].contains(&method) {
                    out.insert((method.to_uppercase(), path.to_string()));
                }
            }
        }
    }
    Ok(out)
}

/// Whether `fn name(` is in `tests/<file>`.
fn local_test_exists(file: &str, name: &str) -> bool {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    std::fs::read_to_string(path).is_ok_and(|text| text.contains(&format!("fn {name}(")))
}

fn client_for(base_url: &str, code: u16) -> Result<Client, String> {
    let mut headers = reqwest::header::HeaderMap::new();
    let prefer = reqwest::header::HeaderValue::from_str(&format!("code={code}"))
        .map_err(|e| format!("Prefer header: {e}"))?;
    headers.insert("prefer", prefer);
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| format!("HTTP client: {e}"))?;
    Client::builder()
        .base_url(base_url)
        .access_token(FAKE_TOKEN)
        .max_retries(0)
        .http_client(http)
        .build()
        .map_err(|e| format!("client: {e}"))
}

async fn check(args: &CheckArgs) -> Result<Vec<Record>, String> {
    let mut mocks = Vec::new();
    let mut proxies = Vec::new();
    for (label, url, spec) in &args.mocks {
        let recorder = Recorder::default();
        let addr = proxy::start(url.trim_end_matches('/').to_string(), recorder.clone())
            .await
            .map_err(|e| format!("cannot start the recording proxy: {e}"))?;
        mocks.push(Mock {
            label: label.clone(),
            url: format!("http://{addr}"),
            operations: published_operations(spec)?,
        });
        proxies.push(recorder);
    }

    let ops = ops::all();
    let mut records = Vec::new();

    // Completeness: every operation of our specs has exactly one row here.
    let ours = our_operations()?;
    let listed: BTreeSet<(String, String)> = ops
        .iter()
        .map(|o| (o.method.to_string(), o.path.to_string()))
        .collect();
    for (method, path) in ours.difference(&listed) {
        records.push(Record::Unlisted {
            method: method.clone(),
            path: path.clone(),
            reason: "in specs/ but not called by this program".into(),
        });
    }
    for (method, path) in listed.difference(&ours) {
        records.push(Record::Unlisted {
            method: method.clone(),
            path: path.clone(),
            reason: "called by this program but not in specs/".into(),
        });
    }
    if listed.len() != ops.len() {
        records.push(Record::Unlisted {
            method: String::new(),
            path: String::new(),
            reason: format!(
                "{} rows for {} distinct operations",
                ops.len(),
                listed.len()
            ),
        });
    }

    for op in &ops {
        let key = (op.method.to_string(), op.path.to_string());
        let judges: Vec<(usize, &Mock)> = mocks
            .iter()
            .enumerate()
            .filter(|(_, m)| m.operations.contains_key(&key))
            .collect();
        if judges.is_empty() {
            let local = LOCAL_TESTS.iter().find(|(name, _, _)| *name == op.name);
            records.push(Record::OursOnly {
                api: op.api.into(),
                name: op.name.into(),
                method: op.method.into(),
                path: op.path.into(),
                local_test: local.map(|(_, file, test)| format!("tests/{file}::{test}")),
                local_test_found: local
                    .is_some_and(|(_, file, test)| local_test_exists(file, test)),
            });
            continue;
        }
        for (index, mock) in judges {
            let codes = mock.operations.get(&key).cloned().unwrap_or_default();
            let codes = if codes.is_empty() { vec![200] } else { codes };
            for code in codes {
                proxies[index].take();
                let called = match client_for(&mock.url, code) {
                    Ok(client) => (op.call)(client).await,
                    Err(e) => Called::NotBuilt(e),
                };
                let exchanges = proxies[index].take();
                let verdict = report::evaluate(&called, &exchanges, code);
                let status = if verdict.passed() { "ok" } else { "FAILED" };
                println!(
                    "run {} {:<60} {:<20} {code} {status}",
                    args.run, op.name, mock.label
                );
                records.push(Record::Check(CheckRecord {
                    api: op.api.into(),
                    name: op.name.into(),
                    method: op.method.into(),
                    path: op.path.into(),
                    spec: mock.label.clone(),
                    code,
                    run: args.run,
                    seed: args.seed.clone(),
                    verdict,
                }));
            }
        }
    }

    records.extend(self_checks(&mocks, &proxies).await);
    Ok(records)
}

/// Requests that break the published contacts spec, sent through the same
/// proxy and judged by the same [`report::evaluate`]: each must be caught.
async fn self_checks(mocks: &[Mock], proxies: &[Recorder]) -> Vec<Record> {
    let Some(index) = mocks.iter().position(|m| {
        m.operations.contains_key(&(
            "POST".to_string(),
            "/crm/v3/objects/contacts/batch/read".to_string(),
        ))
    }) else {
        return vec![Record::SelfCheck {
            name: "an invalid request is caught".into(),
            ok: false,
            note: "no mock serves the contacts spec, so the checker was not tried".into(),
        }];
    };
    let base = &mocks[index].url;
    let http = reqwest::Client::builder().no_proxy().build();
    let Ok(http) = http else {
        return vec![Record::SelfCheck {
            name: "an invalid request is caught".into(),
            ok: false,
            note: "cannot build an HTTP client".into(),
        }];
    };
    let cases = [
        (
            "an invalid request is caught (batch read without `inputs[].id` or `properties`)",
            http.post(format!("{base}/crm/v3/objects/contacts/batch/read"))
                .bearer_auth(FAKE_TOKEN)
                .header("content-type", "application/json")
                .body(r#"{"inputs":[{"email":"jane.doe@example.com"}]}"#),
        ),
        (
            "a request without credentials is caught",
            http.get(format!("{base}/crm/v3/objects/contacts?limit=10")),
        ),
    ];
    let mut records = Vec::new();
    for (name, request) in cases {
        proxies[index].take();
        let called = match request.send().await {
            Ok(r) if r.status().is_success() => Called::Ok {
                status: r.status().as_u16(),
                violations: r
                    .headers()
                    .get("sl-violations")
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            },
            Ok(r) => Called::Failed {
                decode: false,
                message: format!("HTTP {}", r.status()),
            },
            Err(e) => Called::Failed {
                decode: false,
                message: e.to_string(),
            },
        };
        let verdict: Verdict = report::evaluate(&called, &proxies[index].take(), 200);
        let caught = !verdict.request_ok && verdict.request_note.starts_with("request");
        records.push(Record::SelfCheck {
            name: name.into(),
            ok: caught,
            note: if caught {
                format!("caught: {}", verdict.request_note)
            } else {
                format!("NOT caught: {}", verdict.request_note)
            },
        });
    }
    records
}
