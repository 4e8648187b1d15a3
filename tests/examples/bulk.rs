//! The bulk benchmark's program (`cargo xtask bench --bulk` runs it): three
//! jobs against the HubSpot-like mock, one after another on one client, so
//! the budget the first spends carries into the next: create `--size`
//! contacts in batches, read them all back through the paged list, export
//! them through the search. Prints one JSON line per job. (The same jobs
//! with HubSpot's SDKs: `tests/peers/`.)
//!
//! `--size N --latency-ms MS --budget N --window-ms MS --faults RATE
//! --concurrency N` (defaults: 10,000, 150, 190, 10,000, 0, the client's).

#[path = "../tests/jobs/mod.rs"]
mod jobs;

use hubspot_client::fake::{Config, FakeHubSpot};
use hubspot_client::{Client, RateLimit};
use serde_json::json;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

struct Args {
    size: usize,
    mock: Config,
    concurrency: Option<usize>,
}

fn parse() -> Option<Args> {
    let mut args = Args {
        size: 10_000,
        mock: Config::hubspot(),
        concurrency: None,
    };
    args.mock.stall = Duration::from_secs(5);
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next()?;
        let ms = || value.parse().ok().map(Duration::from_millis);
        match flag.as_str() {
            "--size" => args.size = value.parse().ok()?,
            "--latency-ms" => args.mock.latency = ms()?,
            "--budget" => args.mock.budget = value.parse().ok()?,
            "--window-ms" => args.mock.window = ms()?,
            "--faults" => args.mock.fault_rate = value.parse().ok()?,
            "--concurrency" => args.concurrency = Some(value.parse().ok()?),
            _ => return None,
        }
    }
    Some(args)
}

/// What a read returned against what was created.
fn check(got: &[String], expected: &[String]) -> (usize, usize) {
    let unique: BTreeSet<&String> = got.iter().collect();
    let missing = expected.iter().filter(|e| !unique.contains(e)).count();
    (missing, got.len() - unique.len())
}

struct Clock<'a> {
    mock: &'a FakeHubSpot,
    args: &'a Args,
    started: Instant,
    before: hubspot_client::fake::Counts,
}

impl<'a> Clock<'a> {
    fn start(mock: &'a FakeHubSpot, args: &'a Args) -> Self {
        let before = mock.counts();
        Clock {
            mock,
            args,
            started: Instant::now(),
            before,
        }
    }

    /// Prints the job's line: `stops` are the errors that reached the job.
    fn report(
        self,
        job: &str,
        stops: usize,
        surfaced_429: usize,
        missing: usize,
        duplicated: usize,
    ) {
        let secs = self.started.elapsed().as_secs_f64();
        let now = self.mock.counts();
        let requests = now.requests - self.before.requests;
        let ceiling = f64::from(self.args.mock.budget) / self.args.mock.window.as_secs_f64();
        let line = json!({
            "job": job, "size": self.args.size, "faults": self.args.mock.fault_rate,
            "wall_s": secs, "requests": requests, "per_s": requests as f64 / secs,
            "ceiling_per_s": ceiling,
            "mock_429": now.rate_limited - self.before.rate_limited,
            "mock_faults": now.faults - self.before.faults,
            "caller_429": surfaced_429, "caller_errors": stops, "missing": missing, "duplicated": duplicated,
        });
        println!("{line}");
    }
}

#[tokio::main]
async fn main() {
    let Some(args) = parse() else {
        eprintln!("usage: bulk [--size N] [--latency-ms MS] [--budget N] [--window-ms MS] [--faults RATE] [--concurrency N]");
        std::process::exit(2);
    };
    let mock = FakeHubSpot::start_with(args.mock.clone())
        .await
        .expect("the mock starts");
    let mut builder = Client::builder()
        .base_url(mock.uri())
        .access_token("pat-na1-bench")
        .timeout(Some(Duration::from_secs(2)))
        .rate_limit(RateLimit::new(args.mock.budget, args.mock.window));
    if let Some(n) = args.concurrency {
        builder = builder.batch_concurrency(n);
    }
    let client = builder.build().expect("the client builds");
    let all = jobs::emails(args.size);

    let clock = Clock::start(&mock, &args);
    let created = jobs::create_all(&client, &all).await;
    let ledger = mock.ledger();
    let missing = ledger.missing(all.iter().map(String::as_str)).len();
    clock.report(
        "create",
        created.stops,
        created.surfaced_429,
        missing,
        ledger.duplicated().len(),
    );

    let clock = Clock::start(&mock, &args);
    let (missing, duplicated) = check(&jobs::list_emails(&client).await, &all);
    clock.report("list", 0, 0, missing, duplicated);

    let clock = Clock::start(&mock, &args);
    let (missing, duplicated) = check(&jobs::search_emails(&client).await, &all);
    clock.report("search", 0, 0, missing, duplicated);
}
