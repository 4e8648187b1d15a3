//! How many times the client sends each kind of request when HubSpot (or the
//! network) fails, for every kind of failure (issue 27): a write that HubSpot
//! may have applied is never sent twice; a read, an upsert, a PUT or a
//! DELETE is retried; a request refused before any work (a 429 other than
//! the daily one, a connection never made) is retried whatever it is.
//!
//! Attempts are counted by an interceptor, which sees every attempt, even
//! one whose connection is refused; the server's count cross-checks it.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use hubspot_client::v2026_09::{associations, contacts};
use hubspot_client::{AttemptInfo, Client, Error, Interceptor, RetryConfig};
use serde_json::json;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "pat-na1-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
/// Retries allowed: a retried request is sent `1 + RETRIES` times.
const RETRIES: u32 = 2;
const TIMEOUT: Duration = Duration::from_millis(300);

/// Counts the attempts of every request.
#[derive(Clone, Default)]
struct Attempts(Arc<AtomicU32>);

impl Interceptor for Attempts {
    fn before_send(
        &self,
        _: &AttemptInfo<'_>,
        _: &mut hubspot_client::runtime::reqwest::Request,
    ) -> Result<(), Error> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

/// What goes wrong.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// The server answers after the client's timeout: the request arrived.
    TimeoutAfterSend,
    Status(u16),
    /// Nothing listens: the request never left.
    Refused,
    TenSecondly,
    Daily,
}

const FAULTS: [Fault; 7] = [
    Fault::TimeoutAfterSend,
    Fault::Status(408),
    Fault::Status(502),
    Fault::Status(503),
    Fault::Refused,
    Fault::TenSecondly,
    Fault::Daily,
];

fn answer(fault: Fault) -> ResponseTemplate {
    let error = |status: u16, policy: Option<&str>| {
        let mut body = json!({
            "status": "error", "message": "failed", "correlationId": "5c1e8a4f-2b9d-4d7e-9f3a-6b2c1d0e9f87",
            "category": if status == 429 { "RATE_LIMITS" } else { "UNKNOWN" }
        });
        if let Some(policy) = policy {
            body["errorType"] = json!("RATE_LIMIT");
            body["policyName"] = json!(policy);
        }
        ResponseTemplate::new(status).set_body_json(body)
    };
    match fault {
        Fault::TimeoutAfterSend => ResponseTemplate::new(200)
            .set_body_json(json!({}))
            .set_delay(TIMEOUT * 3),
        Fault::Status(status) => error(status, None),
        Fault::TenSecondly => error(429, Some("TEN_SECONDLY_ROLLING")),
        Fault::Daily => error(429, Some("DAILY")),
        Fault::Refused => ResponseTemplate::new(500),
    }
}

/// One kind of request, and whether it is safe to send twice.
struct Kind {
    name: &'static str,
    safe: bool,
    send: fn(Client) -> BoxFuture<'static, Result<(), Error>>,
}

fn body<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("a valid body")
}

fn props() -> serde_json::Value {
    json!({ "email": "jane.doe@example.com" })
}

fn kinds() -> Vec<Kind> {
    vec![
        Kind {
            name: "create",
            safe: false,
            send: |c| {
                Box::pin(async move {
                    let input: contacts::SimplePublicObjectInputForCreate =
                        body(json!({ "properties": props(), "associations": [] }));
                    c.contacts().create(input).send().await.map(drop)
                })
            },
        },
        Kind {
            name: "batch create",
            safe: false,
            send: |c| {
                Box::pin(async move {
                    let input: contacts::BatchInputSimplePublicObjectBatchInputForCreate =
                        body(json!({ "inputs": [{ "properties": props(), "associations": [] }] }));
                    c.contacts().batch().create(input).send().await.map(drop)
                })
            },
        },
        Kind {
            name: "update",
            safe: false,
            send: |c| {
                Box::pin(async move {
                    let input: contacts::SimplePublicObjectInput =
                        body(json!({ "properties": props() }));
                    c.contacts().update("512", input).send().await.map(drop)
                })
            },
        },
        Kind {
            name: "upsert",
            safe: true,
            send: |c| {
                Box::pin(async move {
                    let input: contacts::BatchInputSimplePublicObjectBatchInputUpsert = body(
                        json!({
                            "inputs": [{ "id": "jane.doe@example.com", "idProperty": "email", "properties": props() }]
                        }),
                    );
                    c.contacts().batch().upsert(input).send().await.map(drop)
                })
            },
        },
        Kind {
            name: "archive",
            safe: true,
            send: |c| Box::pin(async move { c.contacts().archive("512").send().await }),
        },
        Kind {
            name: "read",
            safe: true,
            send: |c| Box::pin(async move { c.contacts().get("512").send().await.map(drop) }),
        },
        Kind {
            name: "search",
            safe: true,
            send: |c| {
                Box::pin(async move {
                    let input: contacts::PublicObjectSearchRequest =
                        body(json!({ "filterGroups": [], "limit": 10 }));
                    c.contacts().search(input).send().await.map(drop)
                })
            },
        },
        Kind {
            name: "PUT",
            safe: true,
            send: |c| {
                Box::pin(async move {
                    let labels: Vec<associations::AssociationSpec> = body(
                        json!([{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279 }]),
                    );
                    c.associations()
                        .objects()
                        .create("contacts", "512", "companies", "9845651", labels)
                        .send()
                        .await
                        .map(drop)
                })
            },
        },
        Kind {
            name: "DELETE",
            safe: true,
            send: |c| {
                Box::pin(async move {
                    c.associations()
                        .objects()
                        .archive("contacts", "512", "companies", "9845651")
                        .send()
                        .await
                })
            },
        },
    ]
}

/// The attempts HubSpot should see of a request of `kind` under `fault`.
fn expected(safe: bool, fault: Fault) -> u32 {
    match fault {
        Fault::Daily => 1,
        Fault::Refused | Fault::TenSecondly => 1 + RETRIES,
        Fault::TimeoutAfterSend | Fault::Status(_) if safe => 1 + RETRIES,
        Fault::TimeoutAfterSend | Fault::Status(_) => 1,
    }
}

fn client(base: &str, attempts: &Attempts) -> Client {
    Client::builder()
        .base_url(base)
        .access_token(TOKEN)
        .timeout(Some(TIMEOUT))
        .interceptor(attempts.clone())
        .retry(
            RetryConfig::default()
                .max_retries(RETRIES)
                .backoff(Duration::from_millis(5), Duration::from_millis(10))
                .rate_limit_waits(Duration::from_millis(10), Duration::from_millis(10))
                .jitter(false),
        )
        .build()
        .expect("client")
}

/// A base URL where nothing listens.
async fn refusing() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_of_request_is_sent_as_often_as_its_failure_allows() {
    let mut wrong = Vec::new();
    let mut cases = 0;
    for fault in FAULTS {
        for kind in kinds() {
            let server = MockServer::start().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(answer(fault))
                .mount(&server)
                .await;
            let base = match fault {
                Fault::Refused => refusing().await,
                _ => server.uri(),
            };
            let attempts = Attempts::default();
            let result = (kind.send)(client(&base, &attempts)).await;
            let want = expected(kind.safe, fault);
            let seen = attempts.0.load(Ordering::SeqCst);
            let arrived = server.received_requests().await.map_or(0, |r| r.len()) as u32;
            let arrived_want = if matches!(fault, Fault::Refused) {
                0
            } else {
                want
            };
            cases += 1;
            if result.is_ok() || seen != want || arrived != arrived_want {
                wrong.push(format!(
                    "{} under {fault:?}: {seen} attempts, {arrived} arrived (want {want}, {arrived_want}); {}",
                    kind.name,
                    match result {
                        Ok(()) => "succeeded".to_string(),
                        Err(e) => e.to_string(),
                    }
                ));
            }
        }
    }
    assert_eq!(cases, 63);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
