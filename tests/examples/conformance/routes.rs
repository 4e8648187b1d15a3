//! Every operation's method and path, checked without Prism or
//! `../shared`: each op of [`ops::all`] is called once against a local
//! server that answers `200 {}` to anything, and must send exactly one
//! request with its method and a path that fits its template. Each op is
//! given the server under a prefix of its own (`/op-N`), so that the ops
//! run side by side and those that build a client of their own from the
//! one they are handed (a developer API key) are told apart too. A path the
//! generator emits differently from `specs/` (`gdpr_delete` for
//! `gdpr-delete`, a segment dropped) fails `cargo test`, not only the
//! stale-output check and the conformance run.

use std::collections::BTreeMap;

use futures::StreamExt;
use reqwest::header::HeaderMap;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::ops::{self, Called};
use crate::{client_with, http_client};

/// Whether `path` (as sent) fits `template`: as many segments, literal ones
/// equal, and each `{parameter}` standing for at least one character of
/// its segment.
fn fits(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| segment_fits(t, p))
}

fn segment_fits(template: &str, segment: &str) -> bool {
    let Some(open) = template.find('{') else {
        return template == segment;
    };
    let Some(close) = template[open..].find('}') else {
        return template == segment;
    };
    let (literal, rest) = (&template[..open], &template[open + close + 1..]);
    let Some(tail) = segment.strip_prefix(literal) else {
        return false;
    };
    (1..=tail.len())
        .filter(|&n| tail.is_char_boundary(n))
        .any(|n| segment_fits(rest, &tail[n..]))
}

#[test]
fn templates_match_segment_by_segment() {
    let t = "/crm/objects/2026-09/{objectType}/{objectId}/gdpr-delete";
    assert!(fits(t, "/crm/objects/2026-09/contacts/512/gdpr-delete"));
    assert!(fits(
        t,
        "/crm/objects/2026-09/contacts/jane%40example.com/gdpr-delete"
    ));
    assert!(!fits(t, "/crm/objects/2026-09/contacts/512/gdpr_delete"));
    assert!(
        !fits(t, "/crm/objects/2026-09/contacts//gdpr-delete"),
        "empty parameter"
    );
    assert!(
        !fits(t, "/crm/objects/2026-09/contacts/gdpr-delete"),
        "segment missing"
    );
    assert!(
        !fits(t, "/crm/objects/2026-09/contacts/5/1/2/gdpr-delete"),
        "one segment each"
    );
    assert!(!fits(t, "/crm/objects/2026-09/contacts/512/gdpr-delete/"));
    assert!(fits("/files/{id}.json", "/files/7.json"));
    assert!(!fits("/files/{id}.json", "/files/.json"));
    assert!(!fits("/files/{id}.json", "/files/7.yaml"));
    assert!(fits("/a/{x}-{y}", "/a/1-2-3"));
    assert!(!fits("/a/{x}-{y}", "/a/12"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_sends_its_method_and_path() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let ops = ops::all();
    let base = server.uri();
    // One HTTP client for all (building one takes about 20 ms).
    let http = http_client(HeaderMap::new()).expect("HTTP client");
    let called: Vec<(usize, Called)> = futures::stream::iter(ops.iter().enumerate())
        .map(|(i, op)| {
            let (base, http) = (format!("{base}/op-{i}"), http.clone());
            async move {
                let called = match client_with(&base, http.clone()) {
                    Ok(client) => (op.call)(client).await,
                    Err(e) => Called::NotBuilt(e),
                };
                (i, called)
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;

    let mut sent: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    let mut problems = Vec::new();
    for request in server.received_requests().await.unwrap_or_default() {
        let method = request.method.to_string();
        let op_and_path = request
            .url
            .path()
            .strip_prefix("/op-")
            .and_then(|rest| rest.split_once('/'))
            .and_then(|(i, path)| Some((i.parse::<usize>().ok()?, format!("/{path}"))));
        match op_and_path {
            Some((i, path)) => sent.entry(i).or_default().push((method, path)),
            None => problems.push(format!("a request of no op: {method} {}", request.url)),
        }
    }
    let mut checked = 0;
    for (i, called) in called {
        let op = &ops[i];
        let name = format!("{} {} ({} {})", op.version, op.name, op.method, op.path);
        if let Called::NotBuilt(e) = called {
            problems.push(format!("{name}: not sent: {e}"));
            continue;
        }
        match sent.get(&i).map(Vec::as_slice).unwrap_or_default() {
            [(method, path)] if method == op.method && fits(op.path, path) => checked += 1,
            [(method, path)] => problems.push(format!("{name}: sent {method} {path}")),
            many => problems.push(format!("{name}: sent {} requests: {many:?}", many.len())),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(checked, ops.len(), "every op was checked");
}
