//! A public app's OAuth against a local token endpoint (wiremock, 127.0.0.1):
//! the install link, the code exchange with its exact form, refreshes that
//! hand every new pair to the app's `TokenStore` (a restart starts from the
//! rotated refresh token), and refreshes under failure: one shared refresh
//! that a dropped caller does not cancel, a failure that is not repeated by
//! every waiting request, a temporary failure retried, a huge `expires_in`.

use std::time::Duration;

use hubspot_client::{
    Client, MemoryTokenStore, OAuthApp, OAuthRefresh, RetryConfig, TokenProvider, TokenSet,
    TokenStore,
};
use serde_json::json;
use wiremock::matchers::{body_string, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_ID: &str = "5f2d7c1a-0b3e-4d8f-9a6c-1e2b3c4d5e6f";
const CLIENT_SECRET: &str = "cs-7d0a9c1e-2f3b-4a5c-8d6e-9f0a1b2c3d4e";
const REDIRECT: &str = "https://calls.example.com/hubspot/callback";
const REFRESH_1: &str = "rt-na1-1111aaaa-2222-bbbb-3333-cccc4444dddd";
const REFRESH_2: &str = "rt-na1-5555eeee-6666-ffff-7777-000088889999";
const TOKEN_PATH: &str = "/oauth/2026-09/token";
const CONTACT: &str = "/crm/objects/2026-09/contacts/512";

fn app(server: &MockServer) -> OAuthApp {
    OAuthApp::new(CLIENT_ID, CLIENT_SECRET, REDIRECT)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()))
}

fn granted(access: &str, refresh: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "token_type": "bearer",
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": expires_in
    }))
}

/// The token endpoint answering a refresh with `refresh_token`.
async fn refresh_endpoint(server: &MockServer, refresh_token: &str, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains(format!(
            "refresh_token={refresh_token}"
        )))
        .respond_with(response)
        .mount(server)
        .await;
}

async fn token_calls(server: &MockServer) -> usize {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.url.path() == TOKEN_PATH)
        .count()
}

/// A contact read that succeeds with `access` only.
async fn api_accepting(server: &MockServer, access: &str) {
    Mock::given(method("GET"))
        .and(path(CONTACT))
        .and(header("authorization", format!("Bearer {access}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "512", "properties": {}, "createdAt": "2026-10-01T09:00:00Z",
            "updatedAt": "2026-10-01T09:00:00Z", "archived": false
        })))
        .mount(server)
        .await;
}

fn client(server: &MockServer, provider: OAuthRefresh) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry(
            RetryConfig::default()
                .backoff(Duration::from_millis(10), Duration::from_millis(20))
                .jitter(false),
        )
        .token_provider(provider)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn the_code_exchange_sends_hubspots_form_and_returns_the_pair() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(format!(
            "grant_type=authorization_code&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}\
             &redirect_uri=https%3A%2F%2Fcalls.example.com%2Fhubspot%2Fcallback&code=code-0a1b2c"
        )))
        .respond_with(granted("at-first", REFRESH_1, 1800))
        .expect(1)
        .mount(&server)
        .await;

    let tokens = app(&server)
        .exchange_code("code-0a1b2c")
        .await
        .expect("exchange");

    assert_eq!(tokens.access_token.expose(), "at-first");
    assert_eq!(tokens.refresh_token.expose(), REFRESH_1);
    let left = tokens.expires_at - chrono::Utc::now();
    assert!(left > chrono::Duration::seconds(1790) && left <= chrono::Duration::seconds(1800));
    let shown = format!("{tokens:?} {:?}", app(&server));
    assert!(
        !shown.contains("at-first") && !shown.contains(REFRESH_1) && !shown.contains(CLIENT_SECRET),
        "{shown}"
    );
}

#[tokio::test]
async fn a_refused_code_is_an_api_error_that_shows_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "BAD_AUTH_CODE", "message": "missing or invalid auth code", "category": "VALIDATION_ERROR"
        })))
        .mount(&server)
        .await;

    let err = app(&server)
        .exchange_code("code-used-twice")
        .await
        .expect_err("400");

    assert_eq!(err.status(), Some(400));
    assert!(!format!("{err} {err:?}").contains(CLIENT_SECRET));
}

#[tokio::test]
async fn every_refreshed_pair_goes_to_the_store_and_a_restart_starts_from_it() {
    let server = MockServer::start().await;
    // HubSpot rotates the refresh token on the first refresh.
    refresh_endpoint(&server, REFRESH_1, granted("at-2", REFRESH_2, 1800)).await;
    refresh_endpoint(&server, REFRESH_2, granted("at-3", REFRESH_2, 1800)).await;
    api_accepting(&server, "at-2").await;
    api_accepting(&server, "at-3").await;
    let store = MemoryTokenStore::new();
    // The pair from the install, already expired: the first call refreshes.
    let installed = TokenSet::new("at-1", REFRESH_1, Duration::ZERO);
    let provider = app(&server).refresher(installed).token_store(store.clone());

    client(&server, provider)
        .contacts()
        .get("512")
        .send()
        .await
        .expect("first process");

    let saved = store.get().expect("the refresh saved its pair");
    assert_eq!(saved.access_token.expose(), "at-2");
    assert_eq!(saved.refresh_token.expose(), REFRESH_2);

    // A restart: the process only knows the refresh token it was configured
    // with, now rotated away; the store has the new one. Its access token is
    // still good, so the restarted process sends no refresh at all...
    let restarted = OAuthRefresh::new(CLIENT_ID, CLIENT_SECRET, REFRESH_1)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()))
        .token_store(store.clone());
    client(&server, restarted)
        .contacts()
        .get("512")
        .send()
        .await
        .expect("restarted process");
    assert_eq!(token_calls(&server).await, 1);

    // ...and once it has expired, refreshes with the rotated token.
    store
        .save(&TokenSet::new("at-2", REFRESH_2, Duration::ZERO))
        .await
        .expect("save");
    let later = OAuthRefresh::new(CLIENT_ID, CLIENT_SECRET, REFRESH_1)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()))
        .token_store(store.clone());
    client(&server, later)
        .contacts()
        .get("512")
        .send()
        .await
        .expect("after expiry");
    assert_eq!(token_calls(&server).await, 2);
    let requests = server.received_requests().await.unwrap_or_default();
    let last = requests
        .iter()
        .rev()
        .find(|r| r.url.path() == TOKEN_PATH)
        .expect("a refresh");
    assert!(String::from_utf8_lossy(&last.body).contains(&format!("refresh_token={REFRESH_2}")));
    assert_eq!(
        store
            .get()
            .map(|t| t.access_token.expose().to_string())
            .as_deref(),
        Some("at-3")
    );
}

#[tokio::test]
async fn a_caller_dropped_mid_refresh_does_not_lose_the_rotated_token() {
    let server = MockServer::start().await;
    refresh_endpoint(
        &server,
        REFRESH_1,
        granted("at-2", REFRESH_2, 1800).set_delay(Duration::from_millis(300)),
    )
    .await;
    let store = MemoryTokenStore::new();
    let provider = OAuthRefresh::new(CLIENT_ID, CLIENT_SECRET, REFRESH_1)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()))
        .token_store(store.clone());

    // The caller gives up while the token endpoint is still answering.
    let gave_up = tokio::time::timeout(Duration::from_millis(50), provider.token()).await;
    assert!(gave_up.is_err(), "the refresh takes 300 ms");
    tokio::time::sleep(Duration::from_millis(600)).await;

    let saved = store
        .get()
        .expect("the refresh finished without its caller");
    assert_eq!(saved.refresh_token.expose(), REFRESH_2);
    let token = provider.token().await.expect("the refreshed token");
    assert_eq!(token.expose(), "at-2");
    assert_eq!(token_calls(&server).await, 1, "no second refresh");
}

#[tokio::test]
async fn a_failed_refresh_is_not_repeated_by_every_waiting_request() {
    let server = MockServer::start().await;
    refresh_endpoint(
        &server,
        REFRESH_1,
        ResponseTemplate::new(400)
            .set_body_json(json!({"status": "BAD_REFRESH_TOKEN", "message": "missing or invalid refresh token"}))
            .set_delay(Duration::from_millis(100)),
    )
    .await;
    let provider = OAuthRefresh::new(CLIENT_ID, CLIENT_SECRET, REFRESH_1)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()));
    let client = client(&server, provider);

    let calls = (0..8).map(|_| {
        let client = client.clone();
        async move { client.contacts().get("512").send().await }
    });
    let results = futures::future::join_all(calls).await;

    assert!(
        results
            .iter()
            .all(|r| r.as_ref().is_err_and(|e| e.status() == Some(400))),
        "{results:?}"
    );
    assert_eq!(
        token_calls(&server).await,
        1,
        "one refresh for eight requests"
    );
    let text = format!("{results:?}");
    assert!(!text.contains(REFRESH_1) && !text.contains(CLIENT_SECRET));
}

#[tokio::test]
async fn a_temporary_token_endpoint_failure_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    refresh_endpoint(&server, REFRESH_1, granted("at-2", REFRESH_1, 1800)).await;
    api_accepting(&server, "at-2").await;
    let provider = OAuthRefresh::new(CLIENT_ID, CLIENT_SECRET, REFRESH_1)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()));

    client(&server, provider)
        .contacts()
        .get("512")
        .send()
        .await
        .expect("the second attempt succeeds");

    assert_eq!(token_calls(&server).await, 2);
}

#[tokio::test]
async fn a_huge_expires_in_does_not_panic() {
    let server = MockServer::start().await;
    refresh_endpoint(
        &server,
        REFRESH_1,
        granted("at-2", REFRESH_1, 10_000_000_000_000_000_000),
    )
    .await;
    api_accepting(&server, "at-2").await;
    let provider = OAuthRefresh::new(CLIENT_ID, CLIENT_SECRET, REFRESH_1)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()));
    let client = client(&server, provider);

    client
        .contacts()
        .get("512")
        .send()
        .await
        .expect("first call");
    client
        .contacts()
        .get("512")
        .send()
        .await
        .expect("second call, cached token");

    assert_eq!(token_calls(&server).await, 1);
}

#[test]
fn the_install_link_asks_for_the_scopes_with_the_state() {
    let url = OAuthApp::new(CLIENT_ID, CLIENT_SECRET, REDIRECT)
        .authorize_url(["crm.objects.contacts.write", "crm.objects.calls.write"])
        .state("session-42")
        .to_string();
    assert_eq!(
        url,
        format!(
            "https://app.hubspot.com/oauth/authorize?client_id={CLIENT_ID}&redirect_uri=https%3A%2F%2Fcalls.example.com%2Fhubspot%2Fcallback\
             &scope=crm.objects.contacts.write%20crm.objects.calls.write&state=session-42"
        )
    );
}
