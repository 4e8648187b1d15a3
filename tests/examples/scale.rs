//! The scale benchmark's programs (`cargo xtask bench --scale` runs them).
//! Prints one JSON line.
//!
//! `scale create --base URI --first N --size N --batch N --concurrency N
//! [--redis URL --key KEY --share N]`: one worker process. Creates contacts
//! `c{first}`… `c{first + size - 1}` against the load mock at `--base`
//! (`tests/examples/load_mock.rs`, HubSpot's 190 requests per 10 s) in
//! batch requests of `--batch` inputs, `--concurrency` at a time, with the
//! rate limiter at that budget: in this process, or with `--redis` in a
//! Redis server every worker shares.
//!
//! `scale sync --records N --modified N`: the sync past the 10,000-result
//! search ceiling, against a load mock of its own (150 ms latency, 190
//! requests per 10 s, 5 searches per second) seeded with `--records`
//! contacts, `--modified` of them (half behind the sync, half ahead)
//! modified halfway through the run; reports the records read, missed and
//! read twice.

#[path = "../tests/jobs/mod.rs"]
mod jobs;

use futures::{StreamExt, TryStreamExt};
use hubspot_client::contacts::{Filter, FilterGroup, FilterOperator, PublicObjectSearchRequest};
use hubspot_client::fake::{Config, FakeHubSpot};
use hubspot_client::properties::ContactProperty;
use hubspot_client::{Client, RateLimit, RedisStore};
use jobs::contact;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// `--name value` pairs after the mode.
fn flags() -> Option<(String, HashMap<String, String>)> {
    let mut args = std::env::args().skip(1);
    let mode = args.next()?;
    let mut flags = HashMap::new();
    while let Some(flag) = args.next() {
        flags.insert(flag.strip_prefix("--")?.to_string(), args.next()?);
    }
    Some((mode, flags))
}

fn number(flags: &HashMap<String, String>, name: &str, default: usize) -> Option<usize> {
    flags.get(name).map_or(Some(default), |v| v.parse().ok())
}

fn usage() -> ! {
    eprintln!(
        "usage: scale create --base URI --first N --size N [--batch N] [--concurrency N] \
         [--redis URL --key KEY --share N]\n       scale sync [--records N] [--modified N]"
    );
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let Some((mode, flags)) = flags() else {
        usage()
    };
    match mode.as_str() {
        "create" => create(&flags).await,
        "sync" => sync(&flags).await,
        _ => usage(),
    }
}

async fn create(flags: &HashMap<String, String>) {
    let (Some(base), Some(first), Some(size), Some(batch), Some(concurrency), Some(share)) = (
        flags.get("base"),
        number(flags, "first", 0),
        number(flags, "size", 2_500),
        number(flags, "batch", 10),
        number(flags, "concurrency", 4),
        number(flags, "share", 1),
    ) else {
        usage()
    };
    let config = Config::hubspot();
    let mut builder = Client::builder()
        .base_url(base)
        .access_token("pat-na1-bench")
        .timeout(Some(Duration::from_secs(5)))
        .rate_limit(RateLimit::new(config.budget, config.window).local_share(share as u32));
    if let Some(url) = flags.get("redis") {
        let key = flags.get("key").map_or("bench", String::as_str);
        builder = builder.rate_store(RedisStore::new(url, key).expect("a Redis URL"));
    }
    let client = builder.build().expect("the client builds");
    let mine: Vec<String> = jobs::emails(first + size).split_off(first);
    let started = Instant::now();
    let results: Vec<jobs::Created> = futures::stream::iter(mine.chunks(batch.max(1)))
        .map(|chunk| jobs::create_all(&client, chunk))
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    let line = json!({
        "wall_s": started.elapsed().as_secs_f64(),
        "caller_429": results.iter().map(|r| r.surfaced_429).sum::<usize>(),
        "caller_errors": results.iter().map(|r| r.stops).sum::<usize>(),
    });
    println!("{line}");
}

async fn sync(flags: &HashMap<String, String>) {
    let (Some(records), Some(modified)) = (
        number(flags, "records", 25_000),
        number(flags, "modified", 200),
    ) else {
        usage()
    };
    let config = Config::hubspot();
    let mock = FakeHubSpot::start_with(config.clone())
        .await
        .expect("the mock starts");
    let ids = mock.seed("contacts", records, |n| contact(n, "before"));
    let client = Client::builder()
        .base_url(mock.uri())
        .access_token("pat-na1-bench")
        .rate_limit(RateLimit::new(config.budget, config.window))
        .build()
        .expect("the client builds");
    let filter = Filter::new(ContactProperty::Lastmodifieddate, FilterOperator::Gt).value("0");
    let request =
        PublicObjectSearchRequest::new().filter_groups(vec![FilterGroup::new(vec![filter])]);
    let api = client.contacts().typed();
    let mut read: BTreeMap<String, usize> = BTreeMap::new();
    let started = Instant::now();
    let mut stream = std::pin::pin!(api.sync(request, None).map_ok(|r| r.id));
    while let Some(id) = stream.next().await {
        *read.entry(id.expect("a record")).or_default() += 1;
        if read.len() == records / 2 {
            let (behind, ahead) = (&ids[..modified / 2], &ids[records - modified / 2..]);
            for id in behind.iter().chain(ahead) {
                mock.modify(
                    "contacts",
                    *id,
                    contact(0, "after").into_iter().skip(1).collect(),
                );
            }
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let counts = mock.counts();
    let missed = ids
        .iter()
        .filter(|id| !read.contains_key(&id.to_string()))
        .count();
    let line = json!({
        "wall_s": wall, "requests": counts.requests, "mock_429": counts.rate_limited,
        "per_s": counts.requests as f64 / wall, "read": read.len(), "missing": missed,
        "duplicated": read.values().filter(|n| **n > 1).count(),
    });
    println!("{line}");
}
