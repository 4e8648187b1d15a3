//! Helpers shared by the tests of the generated client against a local
//! wiremock server (bound to 127.0.0.1 only): `e2e.rs`, `associations.rs` and
//! `versions.rs` each include this module with `mod common;`.

// Each test file is its own crate and uses only some of these helpers.
#![allow(dead_code)]

use hubspot_client::Client;
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A private-app token shaped like HubSpot's.
pub const TOKEN: &str = "pat-na1-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

/// A fresh mock server and a client pointed at it, authenticated with
/// [`TOKEN`]. Retries are off: each test here checks one exchange (retries are
/// tested in `resilience.rs`).
pub async fn start() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .max_retries(0)
        .build()
        .expect("client builds");
    (server, client)
}

/// Answers exactly one `verb route` request with `response`.
///
/// Only method and path are matched, so that a request that gets anything else
/// wrong is still recorded and can be reported with a precise message.
pub async fn mount(server: &MockServer, verb: &str, route: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// Answers exactly one `verb route` request that carries the bearer [`TOKEN`]
/// with `response`.
pub async fn mount_authed(
    server: &MockServer,
    verb: &str,
    route: &str,
    response: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(route))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// A response with `status` and `body` as JSON.
pub fn json_response(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}
