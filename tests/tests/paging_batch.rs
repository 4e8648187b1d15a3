//! The generated helpers for HubSpot's conventions, against a local wiremock
//! server: `stream()` over cursor-paged lists and searches, and `send_all()`
//! splitting batches into requests HubSpot accepts.
//!
//! Request bodies are built from JSON so that these tests exercise the
//! helpers, not the exact shape of every generated struct.

use futures::{StreamExt, TryStreamExt};
use hubspot_client::v3::{contacts, conversations};
use hubspot_client::{Client, Error};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use wiremock::matchers::{body_partial_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

async fn start() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token("pat-na1-test")
        .build()
        .expect("client builds");
    (server, client)
}

fn record(id: &str) -> Value {
    json!({
        "id": id,
        "properties": { "email": format!("{id}@example.com"), "firstname": null },
        "createdAt": "2024-03-11T09:15:27.363Z",
        "updatedAt": "2024-03-12T14:02:11.019Z",
        "archived": false
    })
}

fn page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    let mut body = json!({ "results": ids.iter().map(|id| record(id)).collect::<Vec<_>>() });
    if let Some(after) = next {
        body["paging"] = json!({ "next": { "after": after, "link": "?after=" } });
    }
    ResponseTemplate::new(200).set_body_json(body)
}

/// A search page: a list page with the total number of matches.
fn search_page(ids: &[&str], next: Option<&str>, total: usize) -> ResponseTemplate {
    let mut body =
        json!({ "total": total, "results": ids.iter().map(|id| record(id)).collect::<Vec<_>>() });
    if let Some(after) = next {
        body["paging"] = json!({ "next": { "after": after, "link": "?after=" } });
    }
    ResponseTemplate::new(200).set_body_json(body)
}

fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("test body matches the generated type")
}

// ---------------------------------------------------------------------------
// Streams
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_stream_follows_three_pages_to_the_end_with_the_callers_page_size() {
    let (server, client) = start().await;
    let route = "/crm/v3/objects/contacts";
    for (after, ids, next) in [
        (None, &["1", "2"][..], Some("c2")),
        (Some("c2"), &["3", "4"][..], Some("c4")),
        (Some("c4"), &["5"][..], None),
    ] {
        let mock = Mock::given(method("GET"))
            .and(path(route))
            .and(query_param("limit", "2"))
            .and(query_param("properties", "email"));
        let mock = match after {
            Some(a) => mock.and(query_param("after", a)),
            None => mock.and(query_param_is_missing("after")),
        };
        mock.respond_with(page(ids, next))
            .expect(1)
            .mount(&server)
            .await;
    }

    let ids: Vec<String> = client
        .v3()
        .contacts()
        .list()
        .limit(2)
        .properties(["email"])
        .stream()
        .map_ok(|c| c.id)
        .try_collect()
        .await
        .expect("every page decodes");

    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
}

#[tokio::test]
async fn stream_without_prefetch_fetches_no_page_beyond_what_take_reads() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .prefetch_pages(false)
        .build()
        .expect("client builds");
    let route = "/crm/v3/objects/contacts";
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param_is_missing("after"))
        .respond_with(page(&["1", "2", "3"], Some("c3")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param("after", "c3"))
        .respond_with(page(&["4"], None))
        .expect(0)
        .mount(&server)
        .await;

    let first: Vec<_> = client
        .v3()
        .contacts()
        .list()
        .stream()
        .take(2)
        .collect()
        .await;

    assert_eq!(first.len(), 2);
    assert!(first.iter().all(Result::is_ok), "{first:?}");
}

#[tokio::test]
async fn stream_prefetches_the_next_page_while_the_current_one_is_read_and_no_further() {
    let (server, client) = start().await;
    let route = "/crm/v3/objects/contacts";
    for (after, ids, next) in [
        (None, &["1", "2"][..], Some("c2")),
        (Some("c2"), &["3", "4"][..], Some("c4")),
        (Some("c4"), &["5"][..], None),
    ] {
        let mock = Mock::given(method("GET")).and(path(route));
        let mock = match after {
            Some(a) => mock.and(query_param("after", a)),
            None => mock.and(query_param_is_missing("after")),
        };
        mock.respond_with(page(ids, next))
            .expect(1)
            .mount(&server)
            .await;
    }
    let mut stream = Box::pin(client.v3().contacts().list().stream());

    // The first item is read; the caller holds the stream without polling.
    let first = stream.next().await.expect("an item").expect("decodes");
    let mut seen = 0;
    while seen < 2 {
        tokio::task::yield_now().await;
        seen = server.received_requests().await.unwrap_or_default().len();
    }
    // Page 3 needs page 2 read first: one page ahead at most.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let requests = server.received_requests().await.unwrap_or_default();
    let rest: Vec<String> = stream
        .map_ok(|c| c.id)
        .try_collect()
        .await
        .expect("decodes");

    assert_eq!(first.id, "1");
    assert_eq!(requests.len(), 2, "page 2 fetched ahead, page 3 not yet");
    assert_eq!(rest, ["2", "3", "4", "5"]);
}

#[tokio::test]
async fn stream_starts_from_the_callers_cursor_and_ends_at_the_first_error() {
    let (server, client) = start().await;
    let route = "/crm/v3/objects/contacts";
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param("after", "start"))
        .respond_with(page(&["1"], Some("bad")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param("after", "bad"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "error",
            "message": "Invalid paging cursor",
            "correlationId": "9e5d7b8a-1111-2222-3333-444455556666",
            "category": "VALIDATION_ERROR"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let items: Vec<_> = client
        .v3()
        .contacts()
        .list()
        .after("start")
        .stream()
        .collect()
        .await;

    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().expect("first page").id, "1");
    let error = items[1].as_ref().expect_err("second page fails");
    assert_eq!(error.status(), Some(400));
}

fn search_body(after: &str, limit: i32) -> contacts::PublicObjectSearchRequest {
    from_json(json!({
        "after": after,
        "limit": limit,
        "filterGroups": [{ "filters": [
            { "propertyName": "email", "operator": "CONTAINS_TOKEN", "value": "*@example.com" }
        ] }],
        "properties": ["email"],
        "sorts": [{ "propertyName": "createdate", "direction": "ASCENDING" }]
    }))
}

#[tokio::test]
async fn search_stream_sends_the_cursor_in_the_body() {
    let (server, client) = start().await;
    let route = "/crm/v3/objects/contacts/search";
    for (after, ids, next) in [("0", &["1", "2"][..], Some("2")), ("2", &["3"][..], None)] {
        Mock::given(method("POST"))
            .and(path(route))
            .and(body_partial_json(json!({ "after": after, "limit": 2 })))
            .respond_with(search_page(ids, next, 3))
            .expect(1)
            .mount(&server)
            .await;
    }

    let ids: Vec<String> = client
        .v3()
        .contacts()
        .search(search_body("0", 2))
        .stream()
        .map_ok(|c| c.id)
        .try_collect()
        .await
        .expect("both pages decode");

    assert_eq!(ids, ["1", "2", "3"]);
}

#[tokio::test]
async fn search_stream_ends_with_an_error_at_the_ten_thousand_ceiling() {
    let (server, client) = start().await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/contacts/search"))
        .and(body_partial_json(json!({ "after": "9998" })))
        .respond_with(search_page(&["9999", "10000"], Some("10000"), 25_000))
        .expect(1)
        .mount(&server)
        .await;

    let items: Vec<_> = client
        .v3()
        .contacts()
        .search(search_body("9998", 2))
        .stream()
        .collect()
        .await;

    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[..2].iter().all(Result::is_ok));
    match &items[2] {
        Err(Error::SearchLimit { limit }) => assert_eq!(*limit, 10_000),
        other => panic!("expected Error::SearchLimit, got {other:?}"),
    }
}

#[tokio::test]
async fn conversations_thread_stream_follows_the_next_cursor() {
    let (server, client) = start().await;
    let thread = |id: &str| {
        json!({
            "id": id, "inboxId": "147959634", "status": "OPEN", "spam": false,
            "associatedContactId": "512", "originalChannelId": "1000",
            "originalChannelAccountId": "240288",
            "latestMessageTimestamp": "2024-03-11T10:02:03.456Z",
            "createdAt": "2024-03-11T10:00:00.000Z", "archived": false
        })
    };
    let route = "/conversations/v3/conversations/threads";
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param_is_missing("after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [thread("11")],
            "paging": { "next": { "after": "NTI1Cg%3D%3D" } }
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param("after", "NTI1Cg%3D%3D"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "results": [thread("12")] })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let threads: Vec<conversations::Thread> = client
        .v3()
        .conversations()
        .threads()
        .list()
        .stream()
        .try_collect()
        .await
        .expect("both pages decode");

    let ids: Vec<_> = threads.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["11", "12"]);
}

// ---------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------

/// Answers a batch by echoing one record per input id, and records the size
/// of every request. Inputs whose id starts with `bad` become per-item errors
/// in a 207.
#[derive(Clone, Default)]
struct Echo {
    sizes: Arc<Mutex<Vec<usize>>>,
}

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let inputs = body["inputs"].as_array().cloned().unwrap_or_default();
        if let Ok(mut sizes) = self.sizes.lock() {
            sizes.push(inputs.len());
        }
        let id = |input: &Value| {
            input["id"]
                .as_str()
                .or(input["properties"]["email"].as_str())
                .unwrap_or("new")
                .to_string()
        };
        let (bad, good): (Vec<String>, Vec<String>) =
            inputs.iter().map(id).partition(|id| id.starts_with("bad"));
        let results: Vec<Value> = good.iter().map(|id| record(id)).collect();
        let mut out = json!({
            "status": "COMPLETE",
            "results": results,
            "startedAt": "2024-03-14T10:00:00.010Z",
            "completedAt": "2024-03-14T10:00:00.120Z"
        });
        if bad.is_empty() {
            return ResponseTemplate::new(200).set_body_json(out);
        }
        out["numErrors"] = json!(bad.len());
        out["errors"] = bad
            .iter()
            .map(|id| {
                json!({
                    "status": "error",
                    "category": "OBJECT_NOT_FOUND",
                    "message": format!("Could not get object {id}"),
                    "context": { "ids": [id] },
                    "errors": [],
                    "links": {}
                })
            })
            .collect();
        ResponseTemplate::new(207).set_body_json(out)
    }
}

/// Request sizes in a fixed order: requests in flight together arrive in any.
fn sorted(mut sizes: Vec<usize>) -> Vec<usize> {
    sizes.sort_unstable();
    sizes
}

impl Echo {
    fn sizes(&self) -> Vec<usize> {
        self.sizes.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

async fn mount_echo(server: &MockServer, route: &str) -> Echo {
    let echo = Echo::default();
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(echo.clone())
        .mount(server)
        .await;
    echo
}

fn read_body(ids: &[String], history: &[&str]) -> contacts::BatchReadInputSimplePublicObjectId {
    from_json(json!({
        "inputs": ids.iter().map(|id| json!({ "id": id })).collect::<Vec<_>>(),
        "properties": ["email"],
        "propertiesWithHistory": history,
        "idProperty": "email"
    }))
}

fn ids(n: usize, prefix: &str) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

#[tokio::test]
async fn batch_of_250_creates_goes_in_three_requests_and_merges_results_in_order() {
    let (server, client) = start().await;
    let echo = mount_echo(&server, "/crm/v3/objects/contacts/batch/create").await;
    let emails = ids(250, "c");
    let body: contacts::BatchInputSimplePublicObjectBatchInputForCreate = from_json(json!({
        "inputs": emails.iter().map(|e| json!({ "properties": { "email": e }, "associations": [] })).collect::<Vec<_>>()
    }));

    let outcome = client
        .v3()
        .contacts()
        .batch()
        .create(body)
        .send_all()
        .await
        .expect("every request succeeds");

    assert_eq!(sorted(echo.sizes()), [50, 100, 100]);
    assert_eq!(outcome.requests, 3);
    let got: Vec<String> = outcome.results.iter().map(|r| r.id.clone()).collect();
    assert_eq!(got, emails);
    assert!(outcome.is_complete());
}

#[tokio::test]
async fn batch_read_with_history_goes_in_requests_of_fifty() {
    let (server, client) = start().await;
    let echo = mount_echo(&server, "/crm/v3/objects/contacts/batch/read").await;

    let outcome = client
        .v3()
        .contacts()
        .batch()
        .read(read_body(&ids(120, "r"), &["email"]))
        .send_all()
        .await
        .expect("every request succeeds");

    assert_eq!(sorted(echo.sizes()), [20, 50, 50]);
    assert_eq!(outcome.results.len(), 120);

    // Without history, the usual 100 per request.
    let before = echo.sizes().len();
    client
        .v3()
        .contacts()
        .batch()
        .read(read_body(&ids(120, "r"), &[]))
        .send_all()
        .await
        .expect("every request succeeds");
    assert_eq!(sorted(echo.sizes()[before..].to_vec()), [20, 100]);
}

#[tokio::test]
async fn batch_207_per_item_errors_reach_the_caller_merged() {
    let (server, client) = start().await;
    let echo = mount_echo(&server, "/crm/v3/objects/contacts/batch/read").await;
    let mut inputs = ids(150, "r");
    inputs[10] = "bad-1".into();
    inputs[120] = "bad-2".into();

    let outcome = client
        .v3()
        .contacts()
        .batch()
        .read(read_body(&inputs, &[]))
        .send_all()
        .await
        .expect("207s are successes with errors");

    assert_eq!(sorted(echo.sizes()), [50, 100]);
    assert_eq!(outcome.results.len(), 148);
    assert_eq!(outcome.num_errors, 2);
    assert!(!outcome.is_complete());
    let messages: Vec<&str> = outcome.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        ["Could not get object bad-1", "Could not get object bad-2"]
    );
}

/// Batch reads where the request holding input `r100` is refused as a whole
/// (a 400) and every other one succeeds.
async fn second_request_refused(server: &MockServer) {
    let route = "/crm/v3/objects/contacts/batch/read";
    Mock::given(method("POST"))
        .and(path(route))
        .and(body_partial_json(json!({ "inputs": [{ "id": "r100" }] })))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "error",
            "message": "Invalid input",
            "correlationId": "9e5d7b8a-1111-2222-3333-444455556666",
            "category": "VALIDATION_ERROR"
        })))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(Echo::default())
        .mount(server)
        .await;
}

#[tokio::test]
async fn batch_stops_at_a_failed_request_and_returns_the_inputs_to_resend() {
    let server = MockServer::start().await;
    second_request_refused(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .batch_concurrency(1)
        .build()
        .expect("client builds");

    let error = client
        .v3()
        .contacts()
        .batch()
        .read(read_body(&ids(250, "r"), &[]))
        .send_all()
        .await
        .expect_err("the second request fails");

    assert_eq!(error.first_unsent, 100);
    assert_eq!(error.completed.requests, 1);
    assert_eq!(error.completed.applied, vec![(0..100)]);
    assert_eq!(error.completed.results.len(), 100);
    assert_eq!(error.unsent, 200..250);
    let resend: Vec<&str> = error.resend.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(resend, ids(250, "r")[100..]);
    assert!(error.uncertain.is_empty());
    assert_eq!(error.error.status(), Some(400));
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2, "no request after the failed one");
    // It converts into the crate's error for `?`.
    let plain: Error = error.into();
    assert_eq!(plain.status(), Some(400));
}

#[tokio::test]
async fn concurrent_batch_keeps_the_requests_in_flight_at_a_failure_and_their_results() {
    let (server, client) = start().await;
    second_request_refused(&server).await;

    let error = client
        .v3()
        .contacts()
        .batch()
        .read(read_body(&ids(250, "r"), &[]))
        .send_all()
        .await
        .expect_err("the second request fails");

    // All three were in flight at once: the third went through.
    assert_eq!(error.completed.requests, 2);
    assert_eq!(error.completed.applied, [0..100, 200..250]);
    let got: Vec<&str> = error
        .completed
        .results
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let want: Vec<String> = ids(250, "r")
        .into_iter()
        .filter(|id| !(100..200).contains(&id[1..].parse::<usize>().unwrap_or(0)))
        .collect();
    assert_eq!(got, want, "results in input order");
    assert_eq!(error.unsent, 250..250);
    let resend: Vec<&str> = error.resend.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(resend, ids(250, "r")[100..200]);
    assert_eq!(error.first_unsent, 100);
}

#[tokio::test]
async fn batch_archive_of_150_goes_in_two_requests() {
    let (server, client) = start().await;
    let sizes = Arc::new(Mutex::new(Vec::new()));
    let seen = sizes.clone();
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/contacts/batch/archive"))
        .respond_with(move |request: &Request| {
            let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
            if let Ok(mut s) = seen.lock() {
                s.push(body["inputs"].as_array().map_or(0, Vec::len));
            }
            ResponseTemplate::new(204)
        })
        .mount(&server)
        .await;
    let body: contacts::BatchInputSimplePublicObjectId = from_json(json!({
        "inputs": ids(150, "a").iter().map(|id| json!({ "id": id })).collect::<Vec<_>>()
    }));

    let outcome = client
        .v3()
        .contacts()
        .batch()
        .archive(body)
        .send_all()
        .await
        .expect("both requests succeed");

    assert_eq!(outcome.requests, 2);
    assert_eq!(sorted(sizes.lock().expect("sizes").clone()), [50, 100]);
}
