//! Bulk jobs against the HubSpot-like mock of `tests::mock`, scaled down
//! (a budget per 500 ms window, 10 ms latency) so that they run in CI: with
//! faults injected, no record is lost or stored twice, and no 429 reaches the
//! caller while the rate limiter could wait.

use futures::TryStreamExt;
use hubspot_client::v3::contacts;
use hubspot_client::{BatchError, Client, Error, RateLimit, RetryConfig};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;
use tests::mock::{Config, MockHubSpot};

const WINDOW: Duration = Duration::from_millis(500);
const BUDGET: u32 = 40;

fn config(fault_rate: f64, budget: u32) -> Config {
    Config {
        latency: Duration::from_millis(10),
        budget,
        window: WINDOW,
        fault_rate,
        seed: 16,
        stall: Duration::from_secs(5),
    }
}

/// A client with the mock's budget, a short timeout and fast retries.
fn client(mock: &MockHubSpot, retries: u32) -> Client {
    Client::builder()
        .base_url(mock.uri())
        .access_token("pat-na1-test")
        .timeout(Some(Duration::from_millis(500)))
        .rate_limit(RateLimit::new(BUDGET, WINDOW).search_per_second(None))
        .retry(
            RetryConfig::default()
                .max_retries(retries)
                .backoff(Duration::from_millis(10), Duration::from_millis(40))
                .rate_limit_waits(WINDOW, Duration::from_millis(100)),
        )
        .build()
        .expect("client builds")
}

fn emails(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("c{i:05}@example.com")).collect()
}

fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("test body matches the generated type")
}

/// The email of an input (create: a property; upsert and read: the id).
fn email<T: Serialize>(input: &T) -> String {
    let v = serde_json::to_value(input).unwrap_or_default();
    v["properties"]["email"]
        .as_str()
        .or(v["id"].as_str())
        .unwrap_or_default()
        .to_string()
}

fn creates(emails: &[String]) -> contacts::BatchInputSimplePublicObjectBatchInputForCreate {
    from_json(json!({
        "inputs": emails.iter().map(|e| json!({ "properties": { "email": e }, "associations": [] })).collect::<Vec<_>>()
    }))
}

fn is_429<T, E, I>(error: &BatchError<T, E, I>) -> bool {
    matches!(error.error, Error::RateLimited { .. }) || error.error.status() == Some(429)
}

/// The emails among `wanted` that HubSpot has, read back by email (a batch
/// read may be sent again, so a failed request is simply resent).
async fn lookup(client: &Client, wanted: Vec<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut todo = wanted;
    for _ in 0..20 {
        if todo.is_empty() {
            break;
        }
        let body: contacts::BatchReadInputSimplePublicObjectId = from_json(json!({
            "inputs": todo.iter().map(|e| json!({ "id": e })).collect::<Vec<_>>(),
            "properties": ["email"], "propertiesWithHistory": [], "idProperty": "email"
        }));
        let read = client.v3().contacts().batch().read(body).send_all().await;
        let (outcome, resend) = match read {
            Ok(outcome) => (outcome, Vec::new()),
            Err(e) => {
                assert!(!is_429(&e), "a 429 reached the caller: {e}");
                assert!(e.uncertain.is_empty(), "a read is safe to resend");
                (e.completed, e.resend.iter().map(email).collect())
            }
        };
        found.extend(
            outcome
                .results
                .iter()
                .map(|r| r.properties["email"].clone().unwrap_or_default()),
        );
        todo = resend;
    }
    assert!(todo.is_empty(), "reads kept failing");
    found
}

/// Creates a contact for each email, resuming after failures: `resend`
/// again as is, `uncertain` only when a lookup does not find them.
async fn create_all(client: &Client, all: &[String]) -> usize {
    let mut todo = all.to_vec();
    let mut stops = 0;
    while !todo.is_empty() {
        assert!(stops < 50, "the job does not converge");
        let sent = client
            .v3()
            .contacts()
            .batch()
            .create(creates(&todo))
            .send_all()
            .await;
        let Err(e) = sent else { break };
        stops += 1;
        assert!(!is_429(&e), "a 429 reached the caller: {e}");
        let uncertain: Vec<String> = e.uncertain.iter().map(email).collect();
        let there = lookup(client, uncertain.clone()).await;
        todo = e.resend.iter().map(email).collect();
        todo.extend(uncertain.into_iter().filter(|e| !there.contains(e)));
    }
    stops
}

async fn list_emails(client: &Client) -> Vec<String> {
    let page = client
        .v3()
        .contacts()
        .get_page()
        .limit(100)
        .properties(["email"]);
    let all: Vec<_> = page
        .stream()
        .try_collect()
        .await
        .expect("the list reads through");
    all.into_iter()
        .map(|c| c.properties["email"].clone().unwrap_or_default())
        .collect()
}

async fn search_emails(client: &Client) -> Vec<String> {
    let body: contacts::PublicObjectSearchRequest = from_json(json!({
        "after": "0", "limit": 100, "filterGroups": [], "properties": ["email"], "sorts": []
    }));
    let all: Vec<_> = client
        .v3()
        .contacts()
        .do_search(body)
        .stream()
        .try_collect()
        .await
        .expect("the search reads through");
    all.into_iter()
        .map(|c| c.properties["email"].clone().unwrap_or_default())
        .collect()
}

/// Every expected email exactly once.
fn assert_exactly(got: &[String], expected: &[String], what: &str) {
    let unique: BTreeSet<&String> = got.iter().collect();
    assert_eq!(unique.len(), got.len(), "{what}: an email came twice");
    let want: BTreeSet<&String> = expected.iter().collect();
    assert_eq!(unique, want, "{what}: not the records created");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_creates_with_faults_are_stored_once_and_read_back_by_list_and_search() {
    let mock = MockHubSpot::start(config(0.2, BUDGET))
        .await
        .expect("mock starts");
    let client = client(&mock, 4);
    let all = emails(1_000);

    let stops = create_all(&client, &all).await;

    let ledger = mock.ledger();
    assert_eq!(
        ledger.missing(all.iter().map(String::as_str)),
        Vec::<String>::new()
    );
    assert_eq!(ledger.duplicated(), Vec::<String>::new());
    assert_eq!(ledger.records, 1_000);
    assert!(mock.counts().faults > 0, "faults were injected");
    assert!(
        stops > 0,
        "a create that may have been applied stopped the job"
    );
    assert_exactly(&list_emails(&client).await, &all, "list");
    assert_exactly(&search_emails(&client).await, &all, "search");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_upserts_with_faults_are_retried_by_the_client_and_stored_once() {
    let mock = MockHubSpot::start(config(0.2, BUDGET))
        .await
        .expect("mock starts");
    let client = client(&mock, 4);
    let all = emails(1_000);
    let body: contacts::BatchInputSimplePublicObjectBatchInputUpsert = from_json(json!({
        "inputs": all.iter().map(|e| json!({ "id": e, "idProperty": "email", "properties": { "firstname": "Ada" } })).collect::<Vec<_>>()
    }));

    let outcome = client.v3().contacts().batch().upsert(body).send_all().await;

    let outcome = outcome.unwrap_or_else(|e| panic!("an upsert is retried through faults: {e}"));
    assert_eq!(outcome.results.len(), 1_000);
    assert_eq!(outcome.applied, vec![(0..1_000)]);
    let ledger = mock.ledger();
    assert_eq!(
        ledger.missing(all.iter().map(String::as_str)),
        Vec::<String>::new()
    );
    assert_eq!(ledger.duplicated(), Vec::<String>::new());
    assert!(mock.counts().faults > 0, "faults were injected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_create_accounts_for_every_input_once() {
    let mock = MockHubSpot::start(config(0.3, BUDGET))
        .await
        .expect("mock starts");
    let client = client(&mock, 0);
    let all = emails(1_000);

    let e = client
        .v3()
        .contacts()
        .batch()
        .create(creates(&all))
        .send_all()
        .await
        .expect_err("a fault in 30 % of requests stops the job");

    let applied: Vec<String> = e
        .completed
        .applied
        .iter()
        .flat_map(|r| all[r.clone()].to_vec())
        .collect();
    let resend: Vec<String> = e.resend.iter().map(email).collect();
    let uncertain: Vec<String> = e.uncertain.iter().map(email).collect();
    let mut every: Vec<&String> = applied.iter().chain(&resend).chain(&uncertain).collect();
    every.sort();
    assert_eq!(
        every,
        all.iter().collect::<Vec<_>>(),
        "each input in exactly one place"
    );
    assert_eq!(e.completed.results.len(), applied.len());
    assert!(
        all[e.unsent.clone()].iter().all(|u| resend.contains(u)),
        "unsent inputs are to resend"
    );
    let ledger = mock.ledger();
    assert_eq!(
        ledger.missing(applied.iter().map(String::as_str)),
        Vec::<String>::new()
    );
    let stored_resend = resend.len() - ledger.missing(resend.iter().map(String::as_str)).len();
    assert_eq!(stored_resend, 0, "inputs to resend were not stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_budget_below_the_limiters_is_absorbed_without_a_429_to_the_caller() {
    // HubSpot counts other apps of the account too: its budget is spent first.
    let mock = MockHubSpot::start(config(0.0, 2))
        .await
        .expect("mock starts");
    let client = client(&mock, 2);
    let all = emails(1_000);

    let outcome = client
        .v3()
        .contacts()
        .batch()
        .create(creates(&all))
        .send_all()
        .await;

    let outcome = outcome.unwrap_or_else(|e| panic!("429s are waited out: {e}"));
    assert_eq!(outcome.results.len(), 1_000);
    assert!(mock.counts().rate_limited > 0, "the mock answered 429");
    assert_eq!(mock.ledger().duplicated(), Vec::<String>::new());
    assert_eq!(mock.ledger().records, 1_000);
}
