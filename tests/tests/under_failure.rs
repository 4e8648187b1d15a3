//! The runtime under failures a review found no test for (issue 27): a
//! cursor HubSpot repeats, a `Retry-After` that would overflow a deadline, a
//! success body cut off mid-read, a body larger than the client's cap, and an
//! API key that must not leak through a raw response. Local servers only
//! (wiremock, or a raw TCP listener on 127.0.0.1 where wiremock cannot break
//! a body).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use hubspot_client::{Client, Error, RetryConfig};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "pat-na1-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const CONTACTS: &str = "/crm/objects/2026-09/contacts";

fn fast() -> RetryConfig {
    RetryConfig::default()
        .backoff(Duration::from_millis(10), Duration::from_millis(20))
        .jitter(false)
}

fn contact(id: &str) -> serde_json::Value {
    json!({
        "id": id, "properties": {"email": format!("{id}@example.com")},
        "createdAt": "2026-10-01T09:00:00Z", "updatedAt": "2026-10-01T09:00:00Z", "archived": false
    })
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_instead_of_reading_for_ever() {
    let server = MockServer::start().await;
    // HubSpot answers the second page with the cursor that fetched it.
    Mock::given(method("GET"))
        .and(path(CONTACTS))
        .and(query_param("after", "NTAw"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [contact("2")],
            "paging": {"next": {"after": "NTAw"}}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(CONTACTS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [contact("1")],
            "paging": {"next": {"after": "NTAw"}}
        })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .prefetch_pages(false)
        .build()
        .expect("client");

    let items: Vec<_> = tokio::time::timeout(
        Duration::from_secs(5),
        client
            .contacts()
            .list()
            .stream()
            .take(50)
            .collect::<Vec<_>>(),
    )
    .await
    .expect("the stream ends");

    assert_eq!(items.len(), 3, "two records, then the error: {items:?}");
    assert!(matches!(&items[2], Err(Error::CursorRepeated { cursor }) if cursor == "NTAw"));
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2, "no request for a page already read");
}

#[tokio::test]
async fn a_huge_retry_after_with_a_deadline_gives_up_without_panicking() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{CONTACTS}/512")))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "10000000000000000000")
                .set_body_json(json!({
                    "status": "error", "message": "You have reached your ten_secondly_rolling limit.",
                    "errorType": "RATE_LIMIT", "policyName": "TEN_SECONDLY_ROLLING"
                })),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry(fast().max_elapsed(Some(Duration::from_secs(30))))
        .build()
        .expect("client");

    let err = client.contacts().get("512").send().await.expect_err("429");

    assert_eq!(err.status(), Some(429));
    assert!(
        err.retry_after() <= Some(Duration::from_secs(24 * 60 * 60)),
        "{err:?}"
    );
}

/// A server that answers each connection with `responses[i]` (raw HTTP),
/// then closes it; counts the connections.
async fn raw_server(responses: Vec<Vec<u8>>) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let served = Arc::new(AtomicUsize::new(0));
    let count = served.clone();
    tokio::spawn(async move {
        for response in responses {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            count.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let _ = socket.write_all(&response).await;
            let _ = socket.shutdown().await;
        }
    });
    (url, served)
}

fn http_ok(body: &str, claimed_length: usize) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {claimed_length}\r\nconnection: close\r\n\r\n{body}"
    )
    .into_bytes()
}

#[tokio::test]
async fn a_success_body_cut_off_mid_read_is_retried_for_a_read() {
    let whole = contact("512").to_string();
    // The first answer promises the whole body and sends a third of it.
    let cut = http_ok(&whole[..whole.len() / 3], whole.len());
    let (url, served) = raw_server(vec![cut, http_ok(&whole, whole.len())]).await;
    let client = Client::builder()
        .base_url(url)
        .access_token(TOKEN)
        .retry(fast())
        .build()
        .expect("client");

    let record = client
        .contacts()
        .get("512")
        .send()
        .await
        .expect("the retry reads it whole");

    assert_eq!(record.id, "512");
    assert_eq!(served.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_success_body_cut_off_on_a_create_is_not_sent_again() {
    let whole = contact("512").to_string();
    let cut = http_ok(&whole[..10], whole.len());
    let (url, served) = raw_server(vec![cut, http_ok(&whole, whole.len())]).await;
    let client = Client::builder()
        .base_url(url)
        .access_token(TOKEN)
        .retry(fast())
        .build()
        .expect("client");
    let input = hubspot_client::contacts::SimplePublicObjectInputForCreate::new(
        [("email".to_string(), "jane@example.com".to_string())]
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>(),
    );

    let err = client
        .contacts()
        .create(input)
        .send()
        .await
        .expect_err("cut off");

    assert!(err.may_have_applied(), "{err:?}");
    assert_eq!(
        served.load(Ordering::SeqCst),
        1,
        "a create is not sent twice"
    );
}

#[tokio::test]
async fn a_body_over_the_clients_cap_is_an_error() {
    let server = MockServer::start().await;
    let big: Vec<_> = (0..2000).map(|i| contact(&i.to_string())).collect();
    Mock::given(method("GET"))
        .and(path(CONTACTS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "results": big })))
        .mount(&server)
        .await;
    let capped = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .max_body_size(64 * 1024)
        .build()
        .expect("client");

    let err = capped
        .contacts()
        .list()
        .send()
        .await
        .expect_err("too large");

    assert!(
        matches!(err, Error::BodyTooLarge { limit: 65536 }),
        "{err:?}"
    );
    let uncapped = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .build()
        .expect("client");
    assert_eq!(
        uncapped
            .contacts()
            .list()
            .send()
            .await
            .expect("read whole")
            .results
            .len(),
        2000
    );
}

#[tokio::test]
async fn a_raw_response_shows_no_api_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/settings"))
        .and(query_param("hapikey", "dev-key-5a4b3c2d"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("dev-key-5a4b3c2d")
        .build()
        .expect("client");

    let response = client
        .request(hubspot_client::runtime::reqwest::Method::GET, "/settings")
        .send_raw()
        .await
        .expect("ok");

    let shown = format!("{} {response:?}", response.url());
    assert!(!shown.contains("dev-key-5a4b3c2d"), "{shown}");
    assert_eq!(response.status(), 200);
}

/// The path template each attempt showed an interceptor.
#[derive(Clone, Default)]
struct Templates(Arc<std::sync::Mutex<Vec<String>>>);

impl hubspot_client::Interceptor for Templates {
    fn before_send(
        &self,
        attempt: &hubspot_client::AttemptInfo<'_>,
        _: &mut hubspot_client::runtime::reqwest::Request,
    ) -> Result<(), Error> {
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        seen.push(attempt.path_template.to_string());
        Ok(())
    }
}

#[tokio::test]
async fn a_raw_requests_ids_and_query_reach_no_interceptor() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let templates = Templates::default();
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .interceptor(templates.clone())
        .build()
        .expect("client");

    let _: serde_json::Value = client
        .request(
            hubspot_client::runtime::reqwest::Method::GET,
            "/contacts/v1/contact/email/jane.doe@example.com/profile?propertyMode=value_only",
        )
        .query("formSubmissionMode", "none")
        .send()
        .await
        .expect("ok");

    let seen = templates.0.lock().unwrap().clone();
    assert_eq!(seen, ["/contacts/v1/contact/email/{}/profile"]);
}

/// Tokens `t1`, `t2`, … one per call, for a 401's retry.
struct Counting(AtomicUsize);

impl hubspot_client::TokenProvider for Counting {
    fn token(
        &self,
    ) -> futures::future::BoxFuture<'_, Result<hubspot_client::Secret, hubspot_client::Error>> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(hubspot_client::Secret::new(format!("t{n}"))) })
    }
}

#[tokio::test]
async fn a_401_on_a_request_that_cannot_be_resent_is_returned_as_the_401() {
    use hubspot_client::runtime::{reqwest, Request};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files/v3/files"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "status": "error", "message": "Authentication credentials not found.",
            "category": "INVALID_AUTHENTICATION"
        })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token_provider(Counting(AtomicUsize::new(0)))
        .build()
        .expect("client");
    let mut request = Request::new(reqwest::Method::POST, "/files/v3/files".to_string());
    // A multipart body is a stream: reqwest cannot clone it for a resend.
    request.multipart(reqwest::multipart::Form::new().text("fileName", "call-7f3a9c21.mp3"));

    let err = client.as_ref().execute(request).await.expect_err("401");

    assert_eq!(err.status(), Some(401), "{err:?}");
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1
    );
}
