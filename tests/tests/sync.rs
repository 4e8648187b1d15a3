//! A sync past HubSpot's 10,000-result search ceiling (issue 25): 25,000
//! contacts read with `typed().sync()` against the HubSpot-like mock, 200 of
//! them modified and 50 created while it runs, the run stopped at a stored
//! checkpoint and resumed. Every record is read exactly once; what changed
//! behind the sync's position is what the next incremental sync reads; the
//! search rate limit is kept (the mock answers a search over its limit 429).

mod jobs;

use std::collections::BTreeMap;
use std::time::Duration;

use futures::StreamExt;
use hubspot_client::contacts::{Filter, FilterGroup, FilterOperator, PublicObjectSearchRequest};
use hubspot_client::fake::{Config, FakeHubSpot};
use hubspot_client::properties::ContactProperty;
use hubspot_client::{Client, RateLimit, RetryConfig};
use jobs::contact;

const RECORDS: usize = 25_000;

/// Every contact modified after `since` (milliseconds).
fn modified_since(since: u64) -> PublicObjectSearchRequest {
    let filter =
        Filter::new(ContactProperty::Lastmodifieddate, FilterOperator::Gt).value(since.to_string());
    PublicObjectSearchRequest::new().filter_groups(vec![FilterGroup::new(vec![filter])])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_reads_every_record_once_past_the_ceiling_while_records_change_and_resumes() {
    let mock = FakeHubSpot::start_with(Config {
        latency: Duration::from_millis(1),
        budget: 2_000,
        window: Duration::from_secs(1),
        fault_rate: 0.0,
        seed: 1,
        stall: Duration::from_secs(1),
        search_per_second: Some(40),
    })
    .await
    .expect("mock starts");
    let ids = mock.seed("contacts", RECORDS, |n| contact(n, "before"));
    let client = Client::builder()
        .base_url(mock.uri())
        .access_token("pat-na1-test")
        .rate_limit(RateLimit::new(1_500, Duration::from_secs(1)).search_per_second(Some(30)))
        .retry(RetryConfig::default().max_retries(2))
        .build()
        .expect("client");
    let api = client.contacts().typed();
    let mut read: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();

    // Run 1: everything modified since the epoch, stopped after 12,000
    // records; after 5,000, 100 records behind it and 100 ahead of it change
    // and 50 are created.
    let run_started = mock.now_ms();
    let (mut checkpoint, mut created) = (None, Vec::new());
    {
        let mut stream = std::pin::pin!(api.sync(modified_since(0), None));
        let mut n = 0;
        while let Some(record) = stream.next().await {
            let record = record.expect("a record");
            read.entry(record.id.clone())
                .or_default()
                .push(record.properties.jobtitle.clone());
            checkpoint = Some(record.id.clone());
            n += 1;
            if n == 5_000 {
                for id in ids[..100].iter().chain(&ids[20_000..20_100]) {
                    mock.modify(
                        "contacts",
                        *id,
                        contact(0, "after").into_iter().skip(1).collect(),
                    );
                }
                created = mock.seed("contacts", 50, |n| contact(RECORDS + n, "new"));
            }
            if n == 12_000 {
                break;
            }
        }
    }
    assert_eq!(read.len(), 12_000);

    // Run 2: resumed from the stored checkpoint.
    let mut stream = std::pin::pin!(api.sync(modified_since(0), checkpoint));
    while let Some(record) = stream.next().await {
        let record = record.expect("a record");
        read.entry(record.id.clone())
            .or_default()
            .push(record.properties.jobtitle.clone());
    }
    let twice: Vec<&String> = read
        .iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(k, _)| k)
        .collect();
    assert!(twice.is_empty(), "read twice: {twice:?}");
    let all: Vec<String> = ids.iter().chain(&created).map(u64::to_string).collect();
    let missed: Vec<&String> = all.iter().filter(|id| !read.contains_key(*id)).collect();
    assert!(
        missed.is_empty(),
        "missed: {} such as {:?}",
        missed.len(),
        &missed[..missed.len().min(5)]
    );
    assert_eq!(read.len(), RECORDS + 50);
    let title = |id: &u64| read[&id.to_string()][0].clone();
    // Changed ahead of the sync: read as changed; behind it: as it was.
    assert!(ids[20_000..20_100]
        .iter()
        .all(|id| title(id).as_deref() == Some("after")));
    assert!(ids[..100]
        .iter()
        .all(|id| title(id).as_deref() == Some("before")));
    assert!(created.iter().all(|id| title(id).as_deref() == Some("new")));

    // The next incremental sync, of what changed since run 1 started, reads
    // exactly the 200 changed and the 50 created records.
    let next: Vec<String> = api
        .sync(modified_since(run_started), None)
        .map(|r| r.expect("a record").id)
        .collect()
        .await;
    let mut want: Vec<String> = ids[..100]
        .iter()
        .chain(&ids[20_000..20_100])
        .chain(&created)
        .map(u64::to_string)
        .collect();
    want.sort_by_key(|id| id.parse::<u64>().unwrap_or_default());
    assert_eq!(next, want);
    assert_eq!(
        mock.counts().rate_limited,
        0,
        "a search went over the limit"
    );
}
