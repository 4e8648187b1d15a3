//! Bulk jobs over the contacts API, as a program would write them with the
//! generated client: shared by the ledger tests (`bulk.rs`) and the bulk
//! benchmark (`examples/bulk.rs`). A failure that a job cannot resume from
//! panics; 429s that reach a job are counted, not hidden.

// Each user takes only some of these.
#![allow(dead_code)]

use futures::TryStreamExt;
use hubspot_client::v3::contacts;
use hubspot_client::{BatchError, Client, Error};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeSet;

pub fn emails(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("c{i:05}@example.com")).collect()
}

/// A contact's properties as the load mock is seeded with them: email
/// `c{n}@example.com` and a `jobtitle` (`sync.rs`, `examples/scale.rs`).
pub fn contact(n: usize, title: &str) -> serde_json::Map<String, Value> {
    let mut properties = serde_json::Map::new();
    properties.insert("email".into(), json!(format!("c{n}@example.com")));
    properties.insert("jobtitle".into(), json!(title));
    properties
}

pub fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("test body matches the generated type")
}

/// The email of an input (create: a property; upsert and read: the id).
pub fn email<T: Serialize>(input: &T) -> String {
    let v = serde_json::to_value(input).unwrap_or_default();
    v["properties"]["email"]
        .as_str()
        .or(v["id"].as_str())
        .unwrap_or_default()
        .to_string()
}

pub fn creates(emails: &[String]) -> contacts::BatchInputSimplePublicObjectBatchInputForCreate {
    from_json(json!({
        "inputs": emails.iter().map(|e| json!({ "properties": { "email": e }, "associations": [] })).collect::<Vec<_>>()
    }))
}

pub fn is_429<T, E, I>(error: &BatchError<T, E, I>) -> bool {
    matches!(error.error, Error::RateLimited { .. }) || error.error.status() == Some(429)
}

/// The emails among `wanted` that HubSpot has, read back by email (a batch
/// read may be sent again, so a failed request is simply resent).
pub async fn lookup(client: &Client, wanted: Vec<String>) -> (BTreeSet<String>, usize) {
    let (mut found, mut surfaced) = (BTreeSet::new(), 0);
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
                surfaced += usize::from(is_429(&e));
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
    (found, surfaced)
}

/// What a create job went through.
#[derive(Debug, Default)]
pub struct Created {
    /// Times `send_all` stopped early and the job resumed.
    pub stops: usize,
    /// 429s that reached the job (the client should absorb them all).
    pub surfaced_429: usize,
}

/// Creates a contact for each email, resuming after failures: `resend`
/// again as is, `uncertain` only when a lookup does not find them.
pub async fn create_all(client: &Client, all: &[String]) -> Created {
    let mut todo = all.to_vec();
    let mut done = Created::default();
    while !todo.is_empty() {
        assert!(done.stops < 50, "the job does not converge");
        let sent = client
            .v3()
            .contacts()
            .batch()
            .create(creates(&todo))
            .send_all()
            .await;
        let Err(e) = sent else { break };
        done.stops += 1;
        done.surfaced_429 += usize::from(is_429(&e));
        let uncertain: Vec<String> = e.uncertain.iter().map(email).collect();
        let (there, surfaced) = lookup(client, uncertain.clone()).await;
        done.surfaced_429 += surfaced;
        todo = e.resend.iter().map(email).collect();
        todo.extend(uncertain.into_iter().filter(|e| !there.contains(e)));
    }
    done
}

pub async fn list_emails(client: &Client) -> Vec<String> {
    let page = client
        .v3()
        .contacts()
        .list()
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

pub async fn search_emails(client: &Client) -> Vec<String> {
    let body: contacts::PublicObjectSearchRequest = from_json(json!({
        "after": "0", "limit": 100, "filterGroups": [], "properties": ["email"], "sorts": []
    }));
    let all: Vec<_> = client
        .v3()
        .contacts()
        .search(body)
        .stream()
        .try_collect()
        .await
        .expect("the search reads through");
    all.into_iter()
        .map(|c| c.properties["email"].clone().unwrap_or_default())
        .collect()
}
