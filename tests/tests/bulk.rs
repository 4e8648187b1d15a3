//! Bulk jobs against the HubSpot-like mock of `tests::mock`, scaled down
//! (a budget per 500 ms window, 10 ms latency) so that they run in CI: with
//! faults injected, no record is lost or stored twice, and no 429 reaches the
//! caller while the rate limiter could wait.

mod jobs;

use hubspot_client::fake::{Config, FakeHubSpot};
use hubspot_client::v3::contacts;
use hubspot_client::{Client, RateLimit, RetryConfig};
use jobs::{create_all, creates, email, emails, from_json, list_emails, search_emails};
use serde_json::json;
use std::collections::BTreeSet;
use std::time::Duration;

const WINDOW: Duration = Duration::from_millis(500);
const BUDGET: u32 = 40;

fn config(fault_rate: f64, budget: u32) -> Config {
    Config {
        latency: Duration::from_millis(10),
        budget,
        window: WINDOW,
        fault_rate,
        seed: 17,
        stall: Duration::from_secs(5),
        search_per_second: None,
    }
}

/// A client with the mock's budget, a short timeout and fast retries.
fn client(mock: &FakeHubSpot, retries: u32) -> Client {
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

/// Every expected email exactly once.
fn assert_exactly(got: &[String], expected: &[String], what: &str) {
    let unique: BTreeSet<&String> = got.iter().collect();
    assert_eq!(unique.len(), got.len(), "{what}: an email came twice");
    let want: BTreeSet<&String> = expected.iter().collect();
    assert_eq!(unique, want, "{what}: not the records created");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_creates_with_faults_are_stored_once_and_read_back_by_list_and_search() {
    let mock = FakeHubSpot::start_with(config(0.2, BUDGET))
        .await
        .expect("mock starts");
    let client = client(&mock, 4);
    let all = emails(1_000);

    let created = create_all(&client, &all).await;

    let ledger = mock.ledger();
    assert_eq!(
        ledger.missing(all.iter().map(String::as_str)),
        Vec::<String>::new()
    );
    assert_eq!(ledger.duplicated(), Vec::<String>::new());
    assert_eq!(ledger.records, 1_000);
    assert!(mock.counts().faults > 0, "faults were injected");
    assert!(
        created.stops > 0,
        "a create that may have been applied stopped the job"
    );
    assert_eq!(created.surfaced_429, 0, "no 429 reached the job");
    assert_exactly(&list_emails(&client).await, &all, "list");
    assert_exactly(&search_emails(&client).await, &all, "search");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_upserts_with_faults_are_retried_by_the_client_and_stored_once() {
    let mock = FakeHubSpot::start_with(config(0.2, BUDGET))
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
    let mock = FakeHubSpot::start_with(config(0.3, BUDGET))
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
    let mock = FakeHubSpot::start_with(config(0.0, 2))
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

/// HubSpot's 5 searches a second: the sixth and seventh sent at once are
/// 429s with the secondly-limit body. `GET /__ledger` (what
/// `examples/load_mock.rs` serves to the SDKs) reports the records and the
/// counts, without counting itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mock_keeps_five_searches_a_second_and_reports_its_ledger() {
    let mut config = config(0.0, BUDGET);
    config.search_per_second = Some(5);
    let mock = FakeHubSpot::start_with(config)
        .await
        .expect("the mock starts");
    let http = reqwest::Client::new();
    let search = format!("{}/crm/v3/objects/contacts/search", mock.uri());
    let sent = (0..7).map(|_| http.post(&search).body("{}").send());
    let mut limited = Vec::new();
    for answer in futures::future::join_all(sent).await {
        let answer = answer.expect("the mock answers");
        if answer.status() == 429 {
            limited.push(answer.text().await.expect("a body"));
        }
    }
    assert_eq!(limited.len(), 2, "{limited:?}");
    assert!(limited
        .iter()
        .all(|b| b.contains("You have reached your secondly limit.")));

    let create = format!("{}/crm/v3/objects/contacts/batch/create", mock.uri());
    let twice = json!({ "inputs": [
        { "properties": { "email": "a@example.com" } },
        { "properties": { "email": "a@example.com" } },
        { "properties": { "email": "b@example.com" } },
    ] });
    let created = http.post(&create).body(twice.to_string()).send().await;
    assert_eq!(created.expect("the mock answers").status(), 201);

    let ledger = format!("{}/__ledger", mock.uri());
    for _ in 0..2 {
        let text = http.get(&ledger).send().await.expect("answered").text();
        let figures: serde_json::Value =
            serde_json::from_str(&text.await.expect("a body")).expect("JSON");
        assert_eq!(
            figures,
            json!({ "records": 3, "distinct_emails": 2, "duplicated": 1,
                    "requests": 8, "rate_limited": 2, "faults": 0 })
        );
    }
    assert_eq!(mock.figures()["requests"], 8);
}
