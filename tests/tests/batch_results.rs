//! Which input each batch result answers (issue 27, item 4), and a batch's
//! accounting at its edges (item 7): a create whose time ran out before it
//! left is to be sent again, not "uncertain". Against wiremock.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hubspot_client::contacts;
use hubspot_client::properties::ContactCreate;
use hubspot_client::{Client, RateLimit, RetryConfig};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "pat-na1-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const CREATE: &str = "/crm/objects/2026-09/contacts/batch/create";

/// Answers a batch create as HubSpot may: a 207 whose results come in
/// reverse order, each echoing its input's `objectWriteTraceId`, with the
/// inputs whose email starts with `bad` failed. Keeps every body it got.
#[derive(Clone, Default)]
struct Reversed(Arc<Mutex<Vec<Value>>>);

impl Respond for Reversed {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        self.0.lock().unwrap().push(body.clone());
        let inputs = body["inputs"].as_array().cloned().unwrap_or_default();
        let email = |i: &Value| {
            i["properties"]["email"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        };
        let (bad, good): (Vec<_>, Vec<_>) =
            inputs.iter().partition(|i| email(i).starts_with("bad"));
        let results: Vec<Value> = good
            .iter()
            .rev()
            .map(|i| {
                json!({
                    "id": format!("id-{}", email(i)),
                    "properties": { "email": email(i) },
                    "objectWriteTraceId": i["objectWriteTraceId"],
                    "createdAt": "2026-10-01T09:00:00Z", "updatedAt": "2026-10-01T09:00:00Z",
                    "archived": false
                })
            })
            .collect();
        let errors: Vec<Value> = bad
            .iter()
            .map(|i| json!({"status": "error", "category": "VALIDATION_ERROR", "message": format!("{} is invalid", email(i)), "context": {}, "links": {}}))
            .collect();
        ResponseTemplate::new(207).set_body_json(json!({
            "status": "COMPLETE", "results": results, "errors": errors, "numErrors": bad.len(),
            "startedAt": "2026-10-01T09:00:00Z", "completedAt": "2026-10-01T09:00:01Z"
        }))
    }
}

async fn start() -> (MockServer, Client, Reversed) {
    let server = MockServer::start().await;
    let reversed = Reversed::default();
    Mock::given(method("POST"))
        .and(path(CREATE))
        .respond_with(reversed.clone())
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .build()
        .unwrap();
    (server, client, reversed)
}

fn emails(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match i {
            1 | 102 => format!("bad{i}@example.com"),
            _ => format!("c{i}@example.com"),
        })
        .collect()
}

#[tokio::test]
async fn each_result_of_a_207_is_told_to_its_input_across_requests() {
    let (_server, client, reversed) = start().await;
    let all = emails(150);
    let mut inputs: Vec<Value> = all
        .iter()
        .map(|e| json!({ "properties": { "email": e }, "associations": [] }))
        .collect();
    // A trace id of the caller's own is kept and used.
    inputs[5]["objectWriteTraceId"] = json!("crm-sync-5");
    let body: contacts::BatchInputSimplePublicObjectBatchInputForCreate =
        serde_json::from_value(json!({ "inputs": inputs })).unwrap();

    let outcome = client
        .contacts()
        .batch()
        .create(body)
        .send_all()
        .await
        .unwrap();

    assert_eq!(outcome.requests, 2);
    assert_eq!(outcome.results.len(), 148);
    let sent = reversed.0.lock().unwrap().clone();
    for request in &sent {
        let ids = request["inputs"].as_array().unwrap();
        assert!(
            ids.iter().all(|i| i["objectWriteTraceId"].is_string()),
            "every input carries a trace id"
        );
    }
    assert!(sent.iter().any(|r| r["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["objectWriteTraceId"] == "crm-sync-5")));
    for (i, email) in all.iter().enumerate() {
        let found = outcome
            .result_for(i)
            .and_then(|r| r.properties.get("email").cloned().flatten());
        if email.starts_with("bad") {
            assert_eq!(found, None, "input {i} failed");
        } else {
            assert_eq!(found.as_deref(), Some(email.as_str()), "input {i}");
        }
    }
    // The results themselves are in the order of their inputs.
    let order: Vec<usize> = outcome
        .inputs
        .iter()
        .map(|i| i.expect("every result is told"))
        .collect();
    let expected: Vec<usize> = (0..150).filter(|i| *i != 1 && *i != 102).collect();
    assert_eq!(order, expected);
    assert_eq!(outcome.num_errors, 2);
}

#[tokio::test]
async fn the_typed_create_tells_each_record_to_its_input() {
    let (_server, client, _) = start().await;
    let all = emails(3);
    let creates = all.iter().map(|e| ContactCreate::with_email(e.as_str()));

    let outcome = client.contacts().typed().create_all(creates).await.unwrap();

    assert_eq!(outcome.results.len(), 2);
    assert_eq!(
        outcome
            .result_for(0)
            .and_then(|r| r.properties.email.clone())
            .as_deref(),
        Some("c0@example.com")
    );
    assert!(
        outcome.result_for(1).is_none(),
        "input 1 failed (the 207's error)"
    );
    assert_eq!(
        outcome
            .result_for(2)
            .and_then(|r| r.properties.email.clone())
            .as_deref(),
        Some("c2@example.com")
    );
}

#[tokio::test]
async fn a_create_whose_time_ran_out_waiting_for_the_limiter_is_resent_not_uncertain() {
    let server = MockServer::start().await;
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    Mock::given(method("POST"))
        .and(path(CREATE))
        .respond_with(move |_: &Request| {
            counter.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(201).set_body_json(json!({
                "status": "COMPLETE", "results": [],
                "startedAt": "2026-10-01T09:00:00Z", "completedAt": "2026-10-01T09:00:01Z"
            }))
        })
        .mount(&server)
        .await;
    // One request per 10 seconds, and 300 ms for each call: the second
    // batch request waits for the limiter past its deadline.
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .rate_limit(RateLimit::new(1, Duration::from_secs(10)).search_per_second(None))
        .retry(RetryConfig::default().max_elapsed(Some(Duration::from_millis(300))))
        .batch_concurrency(1)
        .build()
        .unwrap();
    let inputs: Vec<Value> = emails(150)
        .iter()
        .map(|e| json!({ "properties": { "email": e }, "associations": [] }))
        .collect();
    let body: contacts::BatchInputSimplePublicObjectBatchInputForCreate =
        serde_json::from_value(json!({ "inputs": inputs })).unwrap();

    let started = std::time::Instant::now();
    let error = client
        .contacts()
        .batch()
        .create(body)
        .send_all()
        .await
        .unwrap_err();

    assert!(
        started.elapsed() < Duration::from_secs(5),
        "gave up at its deadline"
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "the second request never left"
    );
    assert!(
        matches!(error.error, hubspot_client::Error::NotSent),
        "{}",
        error.error
    );
    assert!(
        error.uncertain.is_empty(),
        "a request never sent is not uncertain"
    );
    assert_eq!(error.resend.len(), 50);
    assert_eq!(error.first_unsent, 100);
}
