//! Following the webhooks journal with `JournalFollower`, wired to the
//! generated journal API as the runtime's documentation shows, against a
//! local mock of HubSpot (wiremock, 127.0.0.1): a restart resumes at the
//! first unacknowledged entry (no gap, no repeat), an idle journal is polled
//! once per idle interval, and a failing fetch is an error item that leaves
//! the stored offset alone. Every request path is checked.

use std::time::{Duration, Instant};

use futures::StreamExt;
use hubspot_client::webhooks_journal::JournalEntry;
use hubspot_client::{Client, Error, JournalFollower, JournalItem, MemoryOffsetStore};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "pat-na1-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const JOURNAL: &str = "/webhooks-journal/journal/2026-03";

/// The `currentOffset` of entry `n` (a UUID, as HubSpot's).
fn offset(n: usize) -> String {
    format!("550e8400-e29b-41d4-a716-{n:012}")
}

fn earliest_path(count: i32) -> String {
    format!("{JOURNAL}/batch/earliest/{count}")
}

fn next_path(after: usize, count: i32) -> String {
    format!("{JOURNAL}/batch/{}/next/{count}", offset(after))
}

fn file_path(n: usize) -> String {
    format!("/journal-files/{n}.json")
}

/// Entry `n`: its journal file is served by the same mock server.
fn entry(server: &MockServer, n: usize) -> Value {
    json!({
        "currentOffset": offset(n),
        "expiresAt": "2030-01-01T12:00:00Z",
        "url": format!("{}{}", server.uri(), file_path(n)),
    })
}

/// A batch answer with entries `ns`, in order.
fn batch(server: &MockServer, ns: impl IntoIterator<Item = usize>) -> ResponseTemplate {
    let results: Vec<Value> = ns.into_iter().map(|n| entry(server, n)).collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "status": "COMPLETE",
        "results": results,
        "startedAt": "2030-01-01T11:59:59Z",
        "completedAt": "2030-01-01T12:00:00Z",
    }))
}

async fn answer(server: &MockServer, route: &str, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(response)
        .mount(server)
        .await;
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .max_retries(0)
        .build()
        .expect("client builds")
}

/// The follower wired to the generated journal API, `count` entries a fetch.
fn follower(
    client: &Client,
    store: MemoryOffsetStore,
    count: i32,
    idle: Duration,
    retry: Duration,
) -> JournalFollower<JournalEntry> {
    let api = client.webhooks_journal();
    JournalFollower::new(
        store,
        move |offset: Option<String>| {
            let batch = api.journal().batch();
            async move {
                let answer = match offset {
                    Some(offset) => batch.next(offset, count).send().await?,
                    None => batch.earliest(count).send().await?,
                };
                Ok(answer.results)
            }
        },
        |entry: &JournalEntry| entry.current_offset.clone(),
    )
    .idle_interval(idle)
    .retry_interval(retry)
}

async fn next_item(journal: &mut JournalFollower<JournalEntry>) -> JournalItem<JournalEntry> {
    tokio::time::timeout(Duration::from_secs(5), journal.next())
        .await
        .expect("an item within 5 s")
        .expect("the stream does not end")
        .expect("an entry, not an error")
}

/// Processes an entry as an app would: downloads its journal file from the
/// pre-signed URL with a plain HTTP client (no HubSpot token) and reads its
/// events.
async fn process(entry: &JournalEntry) -> Vec<Value> {
    let text = reqwest::get(&entry.url)
        .await
        .expect("file downloads")
        .text()
        .await
        .expect("file reads");
    serde_json::from_str(&text).expect("file is JSON")
}

/// Request paths in arrival order, and whether each carried the token.
async fn requests(server: &MockServer) -> Vec<(String, bool)> {
    let bearer = format!("Bearer {TOKEN}");
    server
        .received_requests()
        .await
        .expect("recording on")
        .iter()
        .map(|r| {
            let authed = r
                .headers
                .get("authorization")
                .is_some_and(|v| v.as_bytes() == bearer.as_bytes());
            (r.url.path().to_string(), authed)
        })
        .collect()
}

#[tokio::test]
async fn a_restart_resumes_at_the_first_unacknowledged_entry() {
    let server = MockServer::start().await;
    answer(&server, &earliest_path(3), batch(&server, 1..=3)).await;
    answer(&server, &next_path(3, 3), batch(&server, 4..=6)).await;
    answer(&server, &next_path(6, 3), batch(&server, [])).await;
    for n in 1..=6 {
        let events = json!([{ "eventId": n * 100 + 1 }, { "eventId": n * 100 + 2 }]);
        answer(
            &server,
            &file_path(n),
            ResponseTemplate::new(200).set_body_json(events),
        )
        .await;
    }
    let client = client(&server);
    let store = MemoryOffsetStore::new();
    let idle = Duration::from_secs(30);
    let retry = Duration::from_secs(30);
    let mut processed: Vec<String> = Vec::new();
    let mut events: Vec<Value> = Vec::new();

    // First run: five entries read, the first three processed and
    // acknowledged, then the process "dies".
    let mut journal = follower(&client, store.clone(), 3, idle, retry);
    let mut read = Vec::new();
    for _ in 0..5 {
        read.push(next_item(&mut journal).await);
    }
    let read_offsets: Vec<&str> = read.iter().map(JournalItem::offset).collect();
    assert_eq!(read_offsets, (1..=5).map(offset).collect::<Vec<_>>());
    for item in &read[..3] {
        events.extend(process(item.entry()).await);
        item.ack().await.expect("offset saved");
        processed.push(item.offset().to_string());
    }
    assert_eq!(store.get(), Some(offset(3)));
    assert_eq!(journal.unacknowledged(), 2);
    drop(read);
    drop(journal);

    // Second run, same store: it resumes at entry 4.
    let mut journal = follower(&client, store.clone(), 3, idle, retry);
    let first = next_item(&mut journal).await;
    assert_eq!(first.offset(), offset(4), "resumes exactly at entry 4");
    events.extend(process(first.entry()).await);
    first.ack().await.expect("offset saved");
    processed.push(first.offset().to_string());
    for _ in 5..=6 {
        let item = next_item(&mut journal).await;
        events.extend(process(item.entry()).await);
        item.ack().await.expect("offset saved");
        processed.push(item.offset().to_string());
    }
    assert_eq!(store.get(), Some(offset(6)));
    // Caught up: the journal has nothing newer, no item comes.
    let idle_poll = tokio::time::timeout(Duration::from_millis(300), journal.next()).await;
    assert!(idle_poll.is_err(), "no entry after 6: {idle_poll:?}");

    // Every entry processed once, in order: no gap, no repeat.
    assert_eq!(processed, (1..=6).map(offset).collect::<Vec<_>>());
    let ids: Vec<u64> = events
        .iter()
        .map(|e| e["eventId"].as_u64().unwrap())
        .collect();
    assert_eq!(
        ids,
        [101, 102, 201, 202, 301, 302, 401, 402, 501, 502, 601, 602]
    );

    let api = |p: String| (p, true);
    let file = |n: usize| (file_path(n), false);
    assert_eq!(
        requests(&server).await,
        [
            // First run: five entries read, then three processed.
            api(earliest_path(3)),
            api(next_path(3, 3)),
            file(1),
            file(2),
            file(3),
            // Second run, from the stored offset.
            api(next_path(3, 3)),
            file(4),
            file(5),
            file(6),
            api(next_path(6, 3)),
        ]
    );
}

#[tokio::test]
async fn a_caught_up_journal_is_polled_once_per_idle_interval() {
    let server = MockServer::start().await;
    answer(&server, &next_path(7, 10), batch(&server, [])).await;
    let client = client(&server);
    let store = MemoryOffsetStore::with_offset(offset(7));
    let idle = Duration::from_millis(100);
    let mut journal = follower(&client, store.clone(), 10, idle, idle);

    let polled = tokio::time::timeout(Duration::from_millis(550), journal.next()).await;
    assert!(polled.is_err(), "nothing newer, no item: {polled:?}");

    let seen = requests(&server).await;
    // One fetch at once, then one per 100 ms at most: 6 in 550 ms, fewer on
    // a slow machine, never a busy loop.
    assert!(
        (2..=7).contains(&seen.len()),
        "{} fetches in 550 ms",
        seen.len()
    );
    assert!(
        seen.iter().all(|s| *s == (next_path(7, 10), true)),
        "{seen:?}"
    );
    assert_eq!(store.get(), Some(offset(7)), "the stored offset is kept");
}

#[tokio::test]
async fn an_empty_journal_is_polled_from_the_earliest_entry_without_busy_looping() {
    let server = MockServer::start().await;
    answer(&server, &earliest_path(10), batch(&server, [])).await;
    let client = client(&server);
    let store = MemoryOffsetStore::new();
    let idle = Duration::from_millis(100);
    let mut journal = follower(&client, store.clone(), 10, idle, idle);

    let polled = tokio::time::timeout(Duration::from_millis(350), journal.next()).await;
    assert!(polled.is_err(), "an empty journal, no item: {polled:?}");

    let seen = requests(&server).await;
    assert!(
        (2..=5).contains(&seen.len()),
        "{} fetches in 350 ms",
        seen.len()
    );
    assert!(
        seen.iter().all(|s| *s == (earliest_path(10), true)),
        "{seen:?}"
    );
    assert_eq!(store.get(), None, "nothing saved");
}

#[tokio::test]
async fn a_failing_fetch_is_an_error_item_and_the_stored_offset_stays() {
    let server = MockServer::start().await;
    // The first read after entry 2 fails; later ones answer entry 3.
    Mock::given(method("GET"))
        .and(path(next_path(2, 10)))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({
            "status": "error",
            "message": "Service unavailable",
            "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
            "category": "SERVICE_UNAVAILABLE"
        })))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    answer(&server, &next_path(2, 10), batch(&server, [3])).await;
    let client = client(&server);
    let store = MemoryOffsetStore::with_offset(offset(2));
    let idle = Duration::from_secs(30);
    let retry = Duration::from_millis(200);
    let mut journal = follower(&client, store.clone(), 10, idle, retry);

    let failed = tokio::time::timeout(Duration::from_secs(5), journal.next())
        .await
        .expect("an item within 5 s")
        .expect("the stream does not end");
    let error: Error = failed.expect_err("the 503 is an error item");
    assert_eq!(error.status(), Some(503), "{error}");
    assert_eq!(store.get(), Some(offset(2)), "the stored offset stays");

    // The stream goes on: the same read again, after the retry interval.
    let started = Instant::now();
    let item = next_item(&mut journal).await;
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "retried after {:?}, not at once",
        started.elapsed()
    );
    assert_eq!(item.offset(), offset(3));
    assert_eq!(store.get(), Some(offset(2)), "not acknowledged yet");
    drop(item);
    drop(journal);

    // A restart before the acknowledgement reads entry 3 again: not lost.
    let mut journal = follower(&client, store.clone(), 10, idle, retry);
    let item = next_item(&mut journal).await;
    assert_eq!(item.offset(), offset(3));
    item.ack().await.expect("offset saved");
    assert_eq!(store.get(), Some(offset(3)));

    let api = (next_path(2, 10), true);
    assert_eq!(
        requests(&server).await,
        [api.clone(), api.clone(), api],
        "failed read, its retry, the restarted read"
    );
}
