//! Extension points of the generated client: a request builder's own
//! headers and query parameters, interceptors on every attempt, and raw
//! requests to endpoints no spec covers.

mod common;

use common::{json_response, TOKEN};
use hubspot_client::runtime::reqwest::{self, Method};
use hubspot_client::{AttemptInfo, Client, Error, Interceptor};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CALLS: &str = "/crm/v3/objects/calls";

fn call() -> Value {
    json!({
        "id": "1",
        "properties": {},
        "createdAt": "2024-03-11T10:00:00.000Z",
        "updatedAt": "2024-03-11T10:00:00.000Z",
        "archived": false
    })
}

fn client(server: &MockServer) -> hubspot_client::ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry(hubspot_client::RetryConfig::default().backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(5),
        ))
}

/// What an interceptor saw of one attempt.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    operation: String,
    attempt: u32,
    authorized: bool,
    status: Option<u16>,
}

/// Signs each attempt and remembers what it saw.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Interceptor for Recorder {
    fn before_send(
        &self,
        attempt: &AttemptInfo<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), Error> {
        let authorized = request
            .headers()
            .get("authorization")
            .is_some_and(|v| v.as_bytes() == format!("Bearer {TOKEN}").as_bytes());
        request.headers_mut().insert(
            "x-signature",
            format!("signed-{}", attempt.attempt).parse().unwrap(),
        );
        self.0.lock().unwrap().push(Seen {
            operation: attempt.operation.to_string(),
            attempt: attempt.attempt,
            authorized,
            status: None,
        });
        Ok(())
    }

    fn after_response(
        &self,
        attempt: &AttemptInfo<'_>,
        status: u16,
        _: &reqwest::header::HeaderMap,
    ) {
        let mut seen = self.0.lock().unwrap();
        let last = seen.last_mut().unwrap();
        assert_eq!(last.attempt, attempt.attempt);
        last.status = Some(status);
    }
}

#[tokio::test]
async fn an_interceptor_sees_every_attempt_after_auth_and_its_headers_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{CALLS}/1")))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{CALLS}/1")))
        .respond_with(
            json_response(429, json!({ "status": "error", "message": "slow down" }))
                .insert_header("retry-after", "0"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    // Only a request both authenticated and signed by the interceptor gets
    // the record.
    Mock::given(method("GET"))
        .and(path(format!("{CALLS}/1")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("x-signature", "signed-3"))
        .respond_with(json_response(200, call()))
        .mount(&server)
        .await;
    let recorder = Recorder::default();
    let client = client(&server)
        .interceptor(recorder.clone())
        .build()
        .unwrap();

    let got = client.v3().calls().get("1").send().await.unwrap();
    assert_eq!(got.id, "1");

    let seen = recorder.0.lock().unwrap().clone();
    let expected: Vec<Seen> = [(1, 502), (2, 429), (3, 200)]
        .into_iter()
        .map(|(attempt, status)| Seen {
            operation: "get".into(),
            attempt,
            authorized: true,
            status: Some(status),
        })
        .collect();
    assert_eq!(seen, expected);
}

/// Refuses every request.
struct Refuse;

impl Interceptor for Refuse {
    fn before_send(&self, _: &AttemptInfo<'_>, _: &mut reqwest::Request) -> Result<(), Error> {
        Err(Error::InvalidRequest("no signing key".into()))
    }
}

#[tokio::test]
async fn an_interceptor_error_stops_the_request() {
    let server = MockServer::start().await;
    let client = client(&server).interceptor(Refuse).build().unwrap();
    let error = client.v3().calls().get("1").send().await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(m) if m == "no signing key"),
        "{error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_builder_sends_its_own_headers_and_query_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(CALLS))
        .and(query_param("limit", "5"))
        .and(query_param("hs_debug", "on"))
        .and(header("x-request-origin", "nightly-sync"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(json_response(200, json!({ "results": [call()] })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).build().unwrap();

    let page = client
        .v3()
        .calls()
        .list()
        .limit(5)
        .header("x-request-origin", "nightly-sync")
        .query("hs_debug", "on")
        .send()
        .await
        .unwrap();
    assert_eq!(page.results.len(), 1);
}

#[tokio::test]
async fn an_invalid_header_name_is_an_invalid_request() {
    let server = MockServer::start().await;
    let client = client(&server).build().unwrap();
    let error = client
        .v3()
        .calls()
        .get("1")
        .header("bad header", "x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_raw_request_authenticates_retries_and_decodes() {
    let server = MockServer::start().await;
    let route = "/crm/v3/extensions/videoconferencing/settings/42";
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param("mode", "full"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("x-extra", "1"))
        .respond_with(
            json_response(
                200,
                json!({ "createMeetingUrl": "https://example.com/create" }),
            )
            .insert_header("x-hubspot-correlation-id", "abc"),
        )
        .mount(&server)
        .await;
    let recorder = Recorder::default();
    let client = client(&server)
        .interceptor(recorder.clone())
        .build()
        .unwrap();

    let response = client
        .request(Method::GET, route)
        .query("mode", "full")
        .header("x-extra", "1")
        .send_with_response::<Value>()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.correlation_id(), Some("abc"));
    assert_eq!(
        response.body()["createMeetingUrl"],
        "https://example.com/create"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    let attempts: Vec<(u32, Option<u16>)> = recorder
        .0
        .lock()
        .unwrap()
        .iter()
        .map(|s| (s.attempt, s.status))
        .collect();
    assert_eq!(attempts, [(1, Some(503)), (2, Some(200))]);
}

#[tokio::test]
async fn a_raw_post_sends_json_and_fails_with_the_client_error() {
    let server = MockServer::start().await;
    let route = "/crm/v3/objects/calls/batch/read";
    Mock::given(method("POST"))
        .and(path(route))
        .and(body_json(json!({ "inputs": [{ "id": "1" }] })))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(json_response(
            400,
            json!({
                "status": "error",
                "message": "Invalid input",
                "correlationId": "d1",
                "category": "VALIDATION_ERROR"
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).build().unwrap();

    let error = client
        .request(Method::POST, route)
        .json(&json!({ "inputs": [{ "id": "1" }] }))
        .send::<Value>()
        .await
        .unwrap_err();
    match error {
        Error::Api(api) => {
            assert_eq!(api.status, 400);
            assert_eq!(api.correlation_id.as_deref(), Some("d1"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_raw_request_without_a_body_decodes_as_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("{CALLS}/1")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server).build().unwrap();
    let raw = client
        .request(Method::DELETE, format!("{CALLS}/1"))
        .send_raw()
        .await
        .unwrap();
    assert_eq!(raw.status(), 204);
    client
        .request(Method::DELETE, format!("{CALLS}/1"))
        .send::<()>()
        .await
        .unwrap();
}
