//! The generated client under faults: retries, HubSpot's 429 policies,
//! timeouts, OAuth refresh, the client-side rate limiter, raw responses and
//! secrets, against a local wiremock server (127.0.0.1 only).
//!
//! Backoffs and waits are set to tens of milliseconds so the suite stays fast;
//! the few tests that honour a one-second `Retry-After` say so.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hubspot_client::v3::contacts;
use hubspot_client::{
    Client, ClientBuilder, Error, OAuthRefresh, RateLimit, RateLimitPolicy, RetryConfig,
};
use serde_json::{json, Value};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "pat-na1-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const CLIENT_SECRET: &str = "cs-7d0a9c1e-2f3b-4a5c-8d6e-9f0a1b2c3d4e";
const REFRESH_TOKEN: &str = "rt-na1-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
const CONTACT: &str = "/crm/v3/objects/contacts/512";
const CREATE: &str = "/crm/v3/objects/contacts";
const SEARCH: &str = "/crm/v3/objects/contacts/search";
const BATCH_READ: &str = "/crm/v3/objects/contacts/batch/read";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Retries with tiny waits and no jitter, so that timings are predictable.
fn fast_retry() -> RetryConfig {
    RetryConfig::default()
        .backoff(Duration::from_millis(20), Duration::from_millis(80))
        .rate_limit_waits(Duration::from_millis(150), Duration::from_millis(60))
        .jitter(false)
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry(fast_retry())
}

async fn start() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = builder(&server).build().expect("client builds");
    (server, client)
}

fn contact_json(id: &str) -> Value {
    json!({
        "id": id,
        "properties": { "email": "jane.doe@example.com", "hs_object_id": id },
        "createdAt": "2024-03-11T09:15:27.363Z",
        "updatedAt": "2024-03-12T14:02:11.019Z",
        "archived": false
    })
}

fn ok_contact() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(contact_json("512"))
}

fn rate_limited(policy: &str) -> ResponseTemplate {
    ResponseTemplate::new(429).set_body_json(json!({
        "status": "error",
        "message": format!("You have reached your {} limit.", policy.to_lowercase()),
        "errorType": "RATE_LIMIT",
        "correlationId": "4c7a3f1e-0b1d-4e5f-9a8b-7c6d5e4f3a2b",
        "policyName": policy,
        "groupName": "publicapi:private-app:4242"
    }))
}

/// Answers the first `times` matching requests with `response`.
async fn first(
    server: &MockServer,
    verb: &str,
    route: &str,
    times: u64,
    response: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .up_to_n_times(times)
        .mount(server)
        .await;
}

/// Answers every (remaining) matching request with `response`.
async fn always(server: &MockServer, verb: &str, route: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

async fn count(server: &MockServer, route: &str) -> usize {
    received(server)
        .await
        .iter()
        .filter(|r| r.url.path() == route)
        .count()
}

fn create_input() -> contacts::SimplePublicObjectInputForCreate {
    contacts::SimplePublicObjectInputForCreate::new([(
        "email".to_string(),
        "jane.doe@example.com".to_string(),
    )])
}

fn search_input() -> contacts::PublicObjectSearchRequest {
    contacts::PublicObjectSearchRequest::new()
        .limit(10)
        .properties(["email".to_string()])
        .query("jane")
}

fn search_json() -> Value {
    json!({ "total": 1, "results": [contact_json("512")] })
}

fn batch_read_input() -> contacts::BatchReadInputSimplePublicObjectId {
    contacts::BatchReadInputSimplePublicObjectId::new([contacts::SimplePublicObjectId::new("512")])
        .properties(["email".to_string()])
}

fn batch_read_json() -> Value {
    json!({
        "status": "COMPLETE",
        "results": [contact_json("512")],
        "startedAt": "2024-03-11T09:15:27.363Z",
        "completedAt": "2024-03-11T09:15:27.463Z"
    })
}

// ---------------------------------------------------------------------------
// 429 and HubSpot's policies
// ---------------------------------------------------------------------------

#[tokio::test]
async fn too_many_requests_with_retry_after_waits_then_succeeds() {
    // Honours a real one-second Retry-After, although the backoff is 20 ms.
    let (server, client) = start().await;
    first(
        &server,
        "GET",
        CONTACT,
        1,
        rate_limited("TEN_SECONDLY_ROLLING").insert_header("Retry-After", "1"),
    )
    .await;
    always(&server, "GET", CONTACT, ok_contact()).await;

    let started = Instant::now();
    let contact = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(contact.id, "512");
    assert_eq!(count(&server, CONTACT).await, 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_as_http_date_is_honoured() {
    let (server, client) = start().await;
    let when = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    first(
        &server,
        "GET",
        CONTACT,
        1,
        rate_limited("SECONDLY").insert_header("Retry-After", when.as_str()),
    )
    .await;
    always(&server, "GET", CONTACT, ok_contact()).await;

    let started = Instant::now();
    client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(count(&server, CONTACT).await, 2);
    // HTTP dates have one-second resolution: at least one second is left.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn ten_secondly_rolling_429_without_retry_after_waits_the_window_then_succeeds() {
    let (server, client) = start().await;
    first(
        &server,
        "GET",
        CONTACT,
        1,
        rate_limited("TEN_SECONDLY_ROLLING"),
    )
    .await;
    always(&server, "GET", CONTACT, ok_contact()).await;

    let started = Instant::now();
    client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(count(&server, CONTACT).await, 2);
    // The configured window (150 ms), not the 20 ms backoff.
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn secondly_429_on_a_search_post_is_retried() {
    let (server, client) = start().await;
    first(&server, "POST", SEARCH, 1, rate_limited("SECONDLY")).await;
    always(
        &server,
        "POST",
        SEARCH,
        ResponseTemplate::new(200).set_body_json(search_json()),
    )
    .await;

    let started = Instant::now();
    let page = client
        .v3()
        .contacts()
        .search(search_input())
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(page.total, 1);
    assert_eq!(count(&server, SEARCH).await, 2);
    assert!(
        started.elapsed() >= Duration::from_millis(60),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn daily_429_is_not_retried_and_says_the_daily_limit_is_spent() {
    let (server, client) = start().await;
    always(&server, "GET", CONTACT, rate_limited("DAILY")).await;

    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("429");

    assert_eq!(count(&server, CONTACT).await, 1);
    match &err {
        Error::RateLimited { policy, api, .. } => {
            assert_eq!(*policy, RateLimitPolicy::Daily);
            assert_eq!(api.policy_name.as_deref(), Some("DAILY"));
        }
        other => panic!("expected Error::RateLimited, got {other:?}"),
    }
    let text = err.to_string();
    assert!(text.contains("daily API limit is spent"), "{text}");
    assert!(!err.is_retryable());
    assert_eq!(err.status(), Some(429));
}

#[tokio::test]
async fn error_responses_carry_the_rate_limit_headers_and_the_correlation_id() {
    let (server, client) = start().await;
    always(
        &server,
        "GET",
        CONTACT,
        rate_limited("DAILY")
            .insert_header("X-HubSpot-RateLimit-Daily", "250000")
            .insert_header("X-HubSpot-RateLimit-Daily-Remaining", "0")
            .insert_header("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
            .insert_header("X-HubSpot-RateLimit-Max", "190")
            .insert_header("X-HubSpot-RateLimit-Remaining", "37"),
    )
    .await;
    // A proxy's HTML page: the id can only come from the header.
    always(
        &server,
        "GET",
        "/crm/v3/objects/contacts/513",
        ResponseTemplate::new(502)
            .set_body_string("<html><body>Bad Gateway</body></html>")
            .insert_header(
                "X-HubSpot-Correlation-Id",
                "9f1e2d3c-aaaa-bbbb-cccc-0123456789ab",
            ),
    )
    .await;

    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("429");
    let api = err.api().expect("an API error");
    assert_eq!(api.rate_limit.daily, Some(250_000));
    assert_eq!(api.rate_limit.daily_remaining, Some(0));
    assert_eq!(api.rate_limit.interval, Some(Duration::from_secs(10)));
    assert_eq!(api.rate_limit.max, Some(190));
    assert_eq!(api.rate_limit.remaining, Some(37));
    assert_eq!(api.rate_limit.secondly, None);
    // The body's id wins over none in the header.
    assert_eq!(
        api.correlation_id.as_deref(),
        Some("4c7a3f1e-0b1d-4e5f-9a8b-7c6d5e4f3a2b")
    );

    let err = client
        .v3()
        .contacts()
        .get("513")
        .send()
        .await
        .expect_err("502");
    let api = err.api().expect("an API error");
    assert_eq!(api.status, 502);
    assert_eq!(
        api.correlation_id.as_deref(),
        Some("9f1e2d3c-aaaa-bbbb-cccc-0123456789ab")
    );
    assert_eq!(api.rate_limit, Default::default());
}

#[tokio::test]
async fn retry_after_longer_than_max_wait_is_reported_not_waited_for() {
    let (server, client) = start().await;
    always(
        &server,
        "GET",
        CONTACT,
        rate_limited("TEN_SECONDLY_ROLLING").insert_header("Retry-After", "3600"),
    )
    .await;

    let started = Instant::now();
    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("429");

    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(count(&server, CONTACT).await, 1);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert!(err.is_retryable());
    assert!(err.to_string().contains("TEN_SECONDLY_ROLLING"), "{err}");
}

#[tokio::test]
async fn rate_limited_after_all_retries_reports_the_policy_and_wait() {
    let (server, client) = start().await;
    always(&server, "GET", CONTACT, rate_limited("SECONDLY")).await;

    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("429");

    assert_eq!(count(&server, CONTACT).await, 3);
    match err {
        Error::RateLimited {
            policy,
            retry_after,
            ..
        } => {
            assert_eq!(policy, RateLimitPolicy::Secondly);
            assert_eq!(retry_after, Some(Duration::from_millis(60)));
        }
        other => panic!("expected Error::RateLimited, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// 5xx, retries exhausted, disabled
// ---------------------------------------------------------------------------

#[tokio::test]
async fn service_unavailable_twice_then_200_is_retried() {
    let (server, client) = start().await;
    first(&server, "GET", CONTACT, 2, ResponseTemplate::new(503)).await;
    always(&server, "GET", CONTACT, ok_contact()).await;

    let contact = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("third time lucky");

    assert_eq!(contact.id, "512");
    assert_eq!(count(&server, CONTACT).await, 3);
}

#[tokio::test]
async fn retries_exhausted_returns_the_last_error() {
    let (server, client) = start().await;
    always(
        &server,
        "GET",
        CONTACT,
        ResponseTemplate::new(500).set_body_json(json!({
            "status": "error",
            "message": "internal error",
            "correlationId": "aa-bb",
            "category": "INTERNAL_ERROR"
        })),
    )
    .await;

    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("500");

    assert_eq!(count(&server, CONTACT).await, 3, "1 attempt + 2 retries");
    let api = err.api().expect("an API error");
    assert_eq!(api.status, 500);
    assert_eq!(api.category.as_deref(), Some("INTERNAL_ERROR"));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn no_retry_is_made_whose_wait_would_end_past_max_elapsed() {
    let server = MockServer::start().await;
    let retry = fast_retry()
        .max_retries(50)
        .backoff(Duration::from_millis(100), Duration::from_millis(100))
        .max_elapsed(Some(Duration::from_millis(600)));
    let client = builder(&server)
        .retry(retry)
        .build()
        .expect("client builds");
    always(&server, "GET", CONTACT, ResponseTemplate::new(503)).await;

    let started = Instant::now();
    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("503 until the deadline");

    // About one attempt per 100 ms: the deadline, not the 50 retries, ends
    // them, and no wait runs past it (the margins are for a loaded machine).
    let attempts = count(&server, CONTACT).await;
    assert!((2..=7).contains(&attempts), "{attempts} attempts");
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(1000), "{elapsed:?}");
    assert_eq!(err.api().expect("the last error").status, 503);
}

#[tokio::test]
async fn max_elapsed_cuts_a_slow_attempt_short() {
    let server = MockServer::start().await;
    // The client's own timeout (60 s by default) is far longer.
    let retry = fast_retry().max_elapsed(Some(Duration::from_millis(300)));
    let client = builder(&server)
        .retry(retry)
        .build()
        .expect("client builds");
    always(
        &server,
        "GET",
        CONTACT,
        ok_contact().set_delay(Duration::from_secs(5)),
    )
    .await;

    let started = Instant::now();
    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("slower than the deadline");

    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(count(&server, CONTACT).await, 1, "no time left to retry");
}

#[tokio::test]
async fn zero_retries_disables_retrying() {
    let server = MockServer::start().await;
    let client = builder(&server)
        .max_retries(0)
        .build()
        .expect("client builds");
    always(&server, "GET", CONTACT, ResponseTemplate::new(503)).await;

    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("503");

    assert_eq!(err.status(), Some(503));
    assert_eq!(count(&server, CONTACT).await, 1);
}

#[tokio::test]
async fn zero_retries_also_disables_rate_limit_retries() {
    let server = MockServer::start().await;
    let client = builder(&server)
        .retry(RetryConfig::disabled())
        .build()
        .expect("client builds");
    always(
        &server,
        "GET",
        CONTACT,
        rate_limited("TEN_SECONDLY_ROLLING"),
    )
    .await;

    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("429");

    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(count(&server, CONTACT).await, 1);
}

#[tokio::test]
async fn post_create_503_is_not_retried_unless_writes_are_opted_in() {
    let (server, client) = start().await;
    always(&server, "POST", CREATE, ResponseTemplate::new(503)).await;

    let err = client
        .v3()
        .contacts()
        .create(create_input())
        .send()
        .await
        .expect_err("503");
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        count(&server, CREATE).await,
        1,
        "a create may have happened: not resent"
    );

    let brave = builder(&server)
        .retry(fast_retry().retry_writes(true))
        .build()
        .expect("client builds");
    brave
        .v3()
        .contacts()
        .create(create_input())
        .send()
        .await
        .expect_err("503");
    assert_eq!(count(&server, CREATE).await, 1 + 3);
}

#[tokio::test]
async fn post_create_429_is_retried_because_it_was_rejected() {
    let (server, client) = start().await;
    first(
        &server,
        "POST",
        CREATE,
        1,
        rate_limited("TEN_SECONDLY_ROLLING"),
    )
    .await;
    always(
        &server,
        "POST",
        CREATE,
        ResponseTemplate::new(201).set_body_json(contact_json("512")),
    )
    .await;

    let created = client
        .v3()
        .contacts()
        .create(create_input())
        .send()
        .await
        .expect("created");

    assert_eq!(created.id, "512");
    assert_eq!(count(&server, CREATE).await, 2);
}

#[tokio::test]
async fn post_create_is_retried_when_the_connection_is_refused() {
    // Nothing listens on the port: the request never left, so a create is
    // retried too (20 ms + 40 ms of backoff).
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .access_token(TOKEN)
        .retry(fast_retry())
        .build()
        .expect("client builds");

    let started = Instant::now();
    let err = client
        .v3()
        .contacts()
        .create(create_input())
        .send()
        .await
        .expect_err("refused");

    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(60),
        "retried for {:?}",
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------
// Timeouts
// ---------------------------------------------------------------------------

#[tokio::test]
async fn post_create_that_times_out_is_not_retried() {
    let server = MockServer::start().await;
    let client = builder(&server)
        .timeout(Some(Duration::from_millis(100)))
        .build()
        .expect("client builds");
    always(
        &server,
        "POST",
        CREATE,
        ResponseTemplate::new(201)
            .set_body_json(contact_json("512"))
            .set_delay(Duration::from_millis(600)),
    )
    .await;

    let err = client
        .v3()
        .contacts()
        .create(create_input())
        .send()
        .await
        .expect_err("timeout");

    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(err.is_timeout());
    assert_eq!(count(&server, CREATE).await, 1);
}

#[tokio::test]
async fn get_that_times_out_is_retried() {
    let server = MockServer::start().await;
    let client = builder(&server)
        .timeout(Some(Duration::from_millis(100)))
        .build()
        .expect("client builds");
    first(
        &server,
        "GET",
        CONTACT,
        1,
        ok_contact().set_delay(Duration::from_millis(600)),
    )
    .await;
    always(&server, "GET", CONTACT, ok_contact()).await;

    let contact = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(contact.id, "512");
    assert_eq!(count(&server, CONTACT).await, 2);
}

#[tokio::test]
async fn batch_read_post_that_times_out_is_retried() {
    let server = MockServer::start().await;
    let client = builder(&server)
        .timeout(Some(Duration::from_millis(100)))
        .build()
        .expect("client builds");
    first(
        &server,
        "POST",
        BATCH_READ,
        1,
        ResponseTemplate::new(200).set_delay(Duration::from_millis(600)),
    )
    .await;
    always(
        &server,
        "POST",
        BATCH_READ,
        ResponseTemplate::new(200).set_body_json(batch_read_json()),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .batch()
        .read(batch_read_input())
        .send()
        .await
        .expect("the retry succeeds");

    assert!(
        matches!(result, contacts::BatchReadResponse::Success(_)),
        "{result:?}"
    );
    assert_eq!(count(&server, BATCH_READ).await, 2);
}

#[tokio::test]
async fn timeout_gives_error_timeout_after_retries() {
    let server = MockServer::start().await;
    let client = builder(&server)
        .timeout(Some(Duration::from_millis(80)))
        .build()
        .expect("client builds");
    always(
        &server,
        "GET",
        CONTACT,
        ok_contact().set_delay(Duration::from_millis(500)),
    )
    .await;

    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("timeout");

    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");
    assert_eq!(count(&server, CONTACT).await, 3);
}

#[tokio::test]
async fn per_request_timeout_overrides_the_client_timeout() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        CONTACT,
        ok_contact().set_delay(Duration::from_millis(300)),
    )
    .await;

    // Shorter than the client's 60 s.
    let client = builder(&server)
        .max_retries(0)
        .build()
        .expect("client builds");
    let started = Instant::now();
    let err = client
        .v3()
        .contacts()
        .get("512")
        .timeout(Duration::from_millis(50))
        .send()
        .await
        .expect_err("timeout");
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_millis(290),
        "took {:?}",
        started.elapsed()
    );

    // Longer than the client's 50 ms.
    let strict = builder(&server)
        .max_retries(0)
        .timeout(Some(Duration::from_millis(50)))
        .build()
        .expect("client builds");
    strict
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("the client timeout applies");
    let contact = strict
        .v3()
        .contacts()
        .get("512")
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("the request's own timeout applies");
    assert_eq!(contact.id, "512");
}

// ---------------------------------------------------------------------------
// Error bodies
// ---------------------------------------------------------------------------

#[tokio::test]
async fn html_502_becomes_an_api_error_not_a_decode_error() {
    let (server, client) = start().await;
    let page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
    always(
        &server,
        "GET",
        CONTACT,
        ResponseTemplate::new(502).set_body_raw(page, "text/html"),
    )
    .await;

    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("502");

    match &err {
        Error::Api(api) => {
            assert_eq!(api.status, 502);
            assert!(api.message.contains("502 Bad Gateway"), "{}", api.message);
            assert_eq!(api.category, None);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(count(&server, CONTACT).await, 3, "a GET is retried on 502");
}

// ---------------------------------------------------------------------------
// Raw responses
// ---------------------------------------------------------------------------

#[tokio::test]
async fn send_with_response_exposes_status_headers_and_rate_limit_headers() {
    let (server, client) = start().await;
    always(
        &server,
        "GET",
        CONTACT,
        ok_contact()
            .insert_header("X-HubSpot-RateLimit-Daily", "250000")
            .insert_header("X-HubSpot-RateLimit-Daily-Remaining", "249870")
            .insert_header("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
            .insert_header("X-HubSpot-RateLimit-Max", "100")
            .insert_header("X-HubSpot-RateLimit-Remaining", "97")
            .insert_header("X-HubSpot-RateLimit-Secondly", "10")
            .insert_header("X-HubSpot-RateLimit-Secondly-Remaining", "9")
            .insert_header(
                "X-HubSpot-Correlation-Id",
                "5f1b2c3d-aaaa-bbbb-cccc-0123456789ab",
            ),
    )
    .await;

    let response = client
        .v3()
        .contacts()
        .get("512")
        .send_with_response()
        .await
        .expect("200");

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-hubspot-ratelimit-max"], "100");
    assert_eq!(
        response.correlation_id(),
        Some("5f1b2c3d-aaaa-bbbb-cccc-0123456789ab")
    );
    let limits = response.rate_limit();
    assert_eq!(limits.daily, Some(250_000));
    assert_eq!(limits.daily_remaining, Some(249_870));
    assert_eq!(limits.interval, Some(Duration::from_secs(10)));
    assert_eq!(limits.max, Some(100));
    assert_eq!(limits.remaining, Some(97));
    assert_eq!(limits.secondly, Some(10));
    assert_eq!(limits.secondly_remaining, Some(9));
    assert_eq!(response.body().id, "512");
    assert_eq!(response.into_body().id, "512");
}

#[tokio::test]
async fn send_with_response_on_a_per_status_operation_and_missing_headers() {
    let (server, client) = start().await;
    always(&server, "POST", BATCH_READ, ResponseTemplate::new(207).set_body_json(json!({
        "status": "COMPLETE",
        "results": [contact_json("512")],
        "numErrors": 1,
        "errors": [{ "status": "error", "category": "OBJECT_NOT_FOUND", "message": "not found", "context": {}, "links": {}, "errors": [] }],
        "startedAt": "2024-03-11T09:15:27.363Z",
        "completedAt": "2024-03-11T09:15:27.463Z"
    }))).await;

    let response = client
        .v3()
        .contacts()
        .batch()
        .read(batch_read_input())
        .send_with_response()
        .await
        .expect("207");

    assert_eq!(response.status(), 207);
    assert!(
        matches!(response.body(), contacts::BatchReadResponse::MultiStatus(_)),
        "{:?}",
        response.body()
    );
    assert_eq!(
        response.rate_limit(),
        hubspot_client::RateLimitInfo::default()
    );
}

// ---------------------------------------------------------------------------
// OAuth refresh
// ---------------------------------------------------------------------------

fn token_response(access: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "token_type": "bearer",
        "refresh_token": REFRESH_TOKEN,
        "access_token": access,
        "expires_in": 1800
    }))
}

/// The token endpoint, checking the form HubSpot expects.
async fn token_endpoint(server: &MockServer, times: u64, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("client_id=app-client-id"))
        .and(body_string_contains(format!(
            "client_secret={CLIENT_SECRET}"
        )))
        .and(body_string_contains(format!(
            "refresh_token={REFRESH_TOKEN}"
        )))
        .respond_with(response)
        .up_to_n_times(times)
        .mount(server)
        .await;
}

fn oauth(server: &MockServer) -> OAuthRefresh {
    OAuthRefresh::new("app-client-id", CLIENT_SECRET, REFRESH_TOKEN)
        .token_url(format!("{}/oauth/v1/token", server.uri()))
}

async fn api_with_token(server: &MockServer, token: &str, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(CONTACT))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(response)
        .mount(server)
        .await;
}

#[tokio::test]
async fn oauth_refresh_gets_a_token_once_and_caches_it() {
    let server = MockServer::start().await;
    token_endpoint(&server, u64::MAX, token_response("at-1")).await;
    api_with_token(&server, "at-1", ok_contact()).await;
    let client = builder(&server)
        .token_provider(oauth(&server))
        .build()
        .expect("client builds");

    client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("first call");
    client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("second call");

    assert_eq!(count(&server, "/oauth/v1/token").await, 1);
    assert_eq!(count(&server, CONTACT).await, 2);
}

#[tokio::test]
async fn oauth_token_is_refreshed_when_it_expires() {
    let server = MockServer::start().await;
    token_endpoint(&server, u64::MAX, token_response("at-1")).await;
    api_with_token(&server, "at-1", ok_contact()).await;
    // A refresh margin as long as the token's 1800 s lifetime: the cached
    // token is always due for a refresh.
    let provider = oauth(&server).refresh_margin(Duration::from_secs(1800));
    let client = builder(&server)
        .token_provider(provider)
        .build()
        .expect("client builds");

    client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("first call");
    client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("second call");

    assert_eq!(count(&server, "/oauth/v1/token").await, 2);
}

#[tokio::test]
async fn oauth_401_refreshes_once_and_retries() {
    let server = MockServer::start().await;
    token_endpoint(&server, 1, token_response("at-revoked")).await;
    token_endpoint(&server, 1, token_response("at-2")).await;
    api_with_token(&server, "at-revoked", ResponseTemplate::new(401).set_body_json(json!({
        "status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"
    }))).await;
    api_with_token(&server, "at-2", ok_contact()).await;
    let client = builder(&server)
        .max_retries(0)
        .token_provider(oauth(&server))
        .build()
        .expect("client builds");

    let contact = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("the retry with a new token succeeds");

    assert_eq!(contact.id, "512");
    assert_eq!(count(&server, "/oauth/v1/token").await, 2);
    assert_eq!(count(&server, CONTACT).await, 2);
}

#[tokio::test]
async fn oauth_second_401_is_returned() {
    let server = MockServer::start().await;
    token_endpoint(&server, u64::MAX, token_response("at-1")).await;
    always(&server, "GET", CONTACT, ResponseTemplate::new(401)).await;
    let client = builder(&server)
        .token_provider(oauth(&server))
        .build()
        .expect("client builds");

    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("401");

    assert_eq!(err.status(), Some(401));
    assert_eq!(count(&server, "/oauth/v1/token").await, 2, "one refresh");
    assert_eq!(count(&server, CONTACT).await, 2, "one retry");
}

#[tokio::test]
async fn oauth_concurrent_calls_refresh_once() {
    let server = MockServer::start().await;
    token_endpoint(
        &server,
        u64::MAX,
        token_response("at-1").set_delay(Duration::from_millis(200)),
    )
    .await;
    api_with_token(&server, "at-1", ok_contact()).await;
    let client = builder(&server)
        .token_provider(oauth(&server))
        .build()
        .expect("client builds");

    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let client = client.clone();
        calls.spawn(async move { client.v3().contacts().get("512").send().await });
    }
    while let Some(done) = calls.join_next().await {
        done.expect("the task ends").expect("the call succeeds");
    }

    assert_eq!(count(&server, "/oauth/v1/token").await, 1);
    assert_eq!(count(&server, CONTACT).await, 8);
}

#[tokio::test]
async fn oauth_token_endpoint_error_is_an_auth_error_without_secrets() {
    let server = MockServer::start().await;
    token_endpoint(
        &server,
        u64::MAX,
        ResponseTemplate::new(400).set_body_json(json!({
            "status": "BAD_REFRESH_TOKEN",
            "message": "missing or invalid refresh token",
            "correlationId": "0c1d2e3f"
        })),
    )
    .await;
    let client = builder(&server)
        .token_provider(oauth(&server))
        .build()
        .expect("client builds");

    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("no token");

    match &err {
        Error::Auth(inner) => assert_eq!(inner.status(), Some(400)),
        other => panic!("expected Error::Auth, got {other:?}"),
    }
    assert_eq!(err.status(), Some(400));
    assert!(
        err.to_string().contains("missing or invalid refresh token"),
        "{err}"
    );
    assert_eq!(count(&server, CONTACT).await, 0);
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(
            !shown.contains(CLIENT_SECRET) && !shown.contains(REFRESH_TOKEN),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn malformed_token_response_does_not_leak_the_token() {
    let server = MockServer::start().await;
    token_endpoint(
        &server,
        u64::MAX,
        ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "at-secret-value", "expires_in": "soon"
        })),
    )
    .await;
    let client = builder(&server)
        .token_provider(oauth(&server))
        .build()
        .expect("client builds");

    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("bad token response");

    match &err {
        Error::Auth(inner) => match &**inner {
            Error::RefreshFailed(refresh) => match &**refresh {
                Error::Decode { path, .. } => assert_eq!(path, "expires_in"),
                other => panic!("expected Error::Decode, got {other:?}"),
            },
            other => panic!("expected Error::RefreshFailed, got {other:?}"),
        },
        other => panic!("expected Error::Auth, got {other:?}"),
    }
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains("at-secret-value"), "{shown}");
    }
}

// ---------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------

#[tokio::test]
async fn secrets_never_appear_in_debug_output_or_errors() {
    let server = MockServer::start().await;
    always(&server, "GET", CONTACT, ResponseTemplate::new(403).set_body_json(json!({
        "status": "error", "message": "This app hasn't been granted all required scopes.", "category": "MISSING_SCOPES"
    }))).await;
    let bearer = builder(&server);
    let provider = builder(&server).token_provider(oauth(&server));
    let oauth_debug = format!("{:?}", oauth(&server));
    let client = bearer.clone().build().expect("client builds");
    let err = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect_err("403");

    for shown in [
        format!("{bearer:?}"),
        format!("{provider:?}"),
        format!("{client:#?}"),
        format!("{:?}", provider.clone().build().expect("client builds")),
        format!(
            "{:?}",
            client
                .v3()
                .contacts()
                .get("512")
                .timeout(Duration::from_secs(1))
        ),
        oauth_debug.clone(),
        format!("{err:?}"),
        err.to_string(),
    ] {
        for secret in [TOKEN, CLIENT_SECRET, REFRESH_TOKEN] {
            assert!(!shown.contains(secret), "a secret leaked in {shown}");
        }
    }
    assert!(oauth_debug.contains("app-client-id"), "{oauth_debug}");
    // The token is still sent.
    let sent = &received(&server).await[0];
    assert_eq!(
        sent.headers["authorization"],
        format!("Bearer {TOKEN}").as_str()
    );
}

// ---------------------------------------------------------------------------
// Client-side rate limiter
// ---------------------------------------------------------------------------

/// Two requests per second in bursts of two: a third waits about 500 ms.
fn two_per_second() -> RateLimit {
    RateLimit::new(2, Duration::from_secs(1)).search_per_second(None)
}

#[tokio::test]
async fn rate_limiter_is_shared_by_clones() {
    let server = MockServer::start().await;
    always(&server, "GET", CONTACT, ok_contact()).await;
    let client = builder(&server)
        .rate_limit(two_per_second())
        .build()
        .expect("client builds");
    let clone = client.clone();

    let started = Instant::now();
    client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("first");
    clone
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("second");
    let burst = started.elapsed();
    clone
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("third waits");

    assert!(
        burst < Duration::from_millis(400),
        "the burst took {burst:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn rate_limiter_is_separate_for_two_clients() {
    let server = MockServer::start().await;
    always(&server, "GET", CONTACT, ok_contact()).await;
    let one = builder(&server)
        .rate_limit(two_per_second())
        .build()
        .expect("client builds");
    let two = builder(&server)
        .rate_limit(two_per_second())
        .build()
        .expect("client builds");

    let started = Instant::now();
    for client in [&one, &two, &one, &two] {
        client
            .v3()
            .contacts()
            .get("512")
            .send()
            .await
            .expect("within budget");
    }

    assert!(
        started.elapsed() < Duration::from_millis(400),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(count(&server, CONTACT).await, 4);
}

#[tokio::test]
async fn searches_have_their_own_budget() {
    let server = MockServer::start().await;
    always(&server, "GET", CONTACT, ok_contact()).await;
    always(
        &server,
        "POST",
        SEARCH,
        ResponseTemplate::new(200).set_body_json(search_json()),
    )
    .await;
    let limit = RateLimit::per_ten_seconds(1000).search_per_second(Some(2));
    let client = builder(&server)
        .rate_limit(limit)
        .build()
        .expect("client builds");

    let started = Instant::now();
    for _ in 0..3 {
        client
            .v3()
            .contacts()
            .get("512")
            .send()
            .await
            .expect("a read");
    }
    let reads = started.elapsed();
    for _ in 0..3 {
        client
            .v3()
            .contacts()
            .search(search_input())
            .send()
            .await
            .expect("a search");
    }

    assert!(reads < Duration::from_millis(400), "reads took {reads:?}");
    assert!(
        started.elapsed() - reads >= Duration::from_millis(400),
        "searches took {:?}",
        started.elapsed() - reads
    );
}

#[test]
fn rate_limit_presets_follow_hubspot_tiers() {
    assert_eq!(RateLimit::free_starter(), RateLimit::per_ten_seconds(100));
    assert_eq!(RateLimit::public_app(), RateLimit::per_ten_seconds(110));
    assert_eq!(
        RateLimit::professional_enterprise(),
        RateLimit::per_ten_seconds(190)
    );
    assert_eq!(
        RateLimit::api_limit_increase(),
        RateLimit::per_ten_seconds(250)
    );
    assert_eq!(
        RateLimit::per_ten_seconds(100),
        RateLimit::new(100, Duration::from_secs(10)).search_per_second(Some(5))
    );
    let err = Client::builder()
        .rate_limit(RateLimit::per_ten_seconds(0))
        .build()
        .expect_err("zero");
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

#[test]
fn search_limit_error_tells_to_narrow_the_filters() {
    let err = Error::SearchLimit { limit: 10_000 };
    let text = err.to_string();
    assert!(
        text.contains("past 10,000") && text.contains("narrow the filters"),
        "{text}"
    );
    assert!(!err.is_retryable());
}

// Keeps `Arc` in use for providers shared between clients.
#[tokio::test]
async fn one_token_provider_can_serve_two_clients() {
    let server = MockServer::start().await;
    token_endpoint(&server, u64::MAX, token_response("at-1")).await;
    api_with_token(&server, "at-1", ok_contact()).await;
    let shared: Arc<dyn hubspot_client::TokenProvider> = Arc::new(oauth(&server));
    let one = builder(&server)
        .auth(hubspot_client::Auth::Provider(shared.clone()))
        .build()
        .expect("client builds");
    let two = builder(&server)
        .auth(hubspot_client::Auth::Provider(shared))
        .build()
        .expect("client builds");

    one.v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("first client");
    two.v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("second client");

    assert_eq!(count(&server, "/oauth/v1/token").await, 1);
}

// ---------------------------------------------------------------------------
// Client builder
// ---------------------------------------------------------------------------

#[tokio::test]
async fn default_user_agent_names_the_crate_and_version_and_own_http_client_is_used() {
    let (server, client) = start().await;
    always(&server, "GET", CONTACT, ok_contact()).await;
    client.v3().contacts().get("512").send().await.expect("200");

    let own = reqwest::Client::builder()
        .user_agent("my-integration/2.1")
        .build()
        .expect("reqwest client");
    let custom = builder(&server)
        .http_client(own)
        .build()
        .expect("client builds");
    custom.v3().contacts().get("512").send().await.expect("200");

    let agents: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.headers["user-agent"].to_str().expect("ASCII").to_string())
        .collect();
    assert_eq!(agents, ["hubspot-client/0.1.0", "my-integration/2.1"]);
}
