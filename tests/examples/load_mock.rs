//! The client's fake HubSpot (`hubspot_client::fake`) as a server of its own, for clients in
//! other processes (`cargo xtask bench --bulk` points HubSpot's Node and
//! Python SDKs at it). Prints its base URL on the first line of stdout, then
//! serves until stdin closes, and prints its figures as one JSON line
//! before it exits. `GET /__ledger` answers the same figures at any time:
//! records stored, different emails among them, emails stored more than
//! once, requests received, 429s sent and faults injected.
//!
//! `--port N --latency-ms MS --budget N --window-ms MS --search-per-second N
//! --faults RATE --seed N --stall-ms MS` (defaults: a free port, then as
//! `tests/examples/bulk.rs`: 150, 190, 10,000, 5, 0, 16, 5,000; a search
//! limit of 0 turns it off).

use hubspot_client::fake::{Config, FakeHubSpot};
use std::io::{BufRead, Write};
use std::time::Duration;

fn parse() -> Option<(Config, u16)> {
    let mut config = Config::hubspot();
    config.stall = Duration::from_secs(5);
    let mut port = 0;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next()?;
        let ms = || value.parse().ok().map(Duration::from_millis);
        match flag.as_str() {
            "--port" => port = value.parse().ok()?,
            "--latency-ms" => config.latency = ms()?,
            "--budget" => config.budget = value.parse().ok()?,
            "--window-ms" => config.window = ms()?,
            "--search-per-second" => {
                config.search_per_second = Some(value.parse().ok()?).filter(|n| *n > 0)
            }
            "--faults" => config.fault_rate = value.parse().ok()?,
            "--seed" => config.seed = value.parse().ok()?,
            "--stall-ms" => config.stall = ms()?,
            _ => return None,
        }
    }
    Some((config, port))
}

#[tokio::main]
async fn main() {
    let Some((config, port)) = parse() else {
        eprintln!(
            "usage: load_mock [--port N] [--latency-ms MS] [--budget N] [--window-ms MS] \
             [--search-per-second N] [--faults RATE] [--seed N] [--stall-ms MS]"
        );
        std::process::exit(2);
    };
    let mock = match FakeHubSpot::start_on(port, config).await {
        Ok(mock) => mock,
        Err(e) => {
            eprintln!("load_mock: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    };
    println!("{}", mock.uri());
    let _ = std::io::stdout().flush();
    // Serve until stdin closes (the parent is done, or gone).
    let _ = tokio::task::spawn_blocking(|| {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            if line.is_err() {
                break;
            }
        }
    })
    .await;
    println!("{}", mock.figures());
}
