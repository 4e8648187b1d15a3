//! Per-object association PUT/DELETE of Calls and Communications against a
//! local mock server (bound to 127.0.0.1 only).
//!
//! HubSpot's published Calls and Communications specs lack these operations,
//! so `cargo xtask conformance` cannot judge them with Prism; these tests are
//! what it names for them instead (the Contacts ones are in `e2e.rs`).

use serde_json::json;
use wiremock::{MockServer, Request, ResponseTemplate};

mod common;
use common::{mount_authed, start};

/// The single request the server received: no query, no body.
async fn the_bodiless_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 1, "exactly one request");
    let request = requests.pop().expect("one request");
    assert_eq!(request.url.query(), None, "no query string");
    assert!(request.body.is_empty(), "no body");
    request
}

fn record_with_association(id: &str, to_type: &str, to_id: &str, label: &str) -> serde_json::Value {
    json!({
        "id": id,
        "properties": { "hs_object_id": id, "hs_timestamp": "2024-03-11T10:00:00.000Z" },
        "createdAt": "2024-03-11T10:07:00.000Z",
        "updatedAt": "2024-03-14T13:00:00.000Z",
        "archived": false,
        "associations": {
            to_type: { "results": [{ "id": to_id, "type": label }] }
        }
    })
}

#[tokio::test]
async fn calls_associations_create_puts_to_the_four_segment_path() {
    let (server, client) = start().await;
    let route = "/crm/v3/objects/calls/31190519041/associations/contacts/512/194";
    mount_authed(
        &server,
        "PUT",
        route,
        ResponseTemplate::new(200).set_body_json(record_with_association(
            "31190519041",
            "contacts",
            "512",
            "call_to_contact",
        )),
    )
    .await;

    let call = client
        .v3()
        .calls()
        .associations()
        .create("31190519041", "contacts", "512", "194")
        .send()
        .await
        .expect("200 decodes");

    let request = the_bodiless_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), route);
    assert_eq!(call.id, "31190519041");
    let contacts = &call.associations.expect("associations")["contacts"];
    assert_eq!(contacts.results[0].id, "512");
    assert_eq!(contacts.results[0].r#type, "call_to_contact");
}

#[tokio::test]
async fn calls_associations_archive_deletes_and_accepts_204() {
    let (server, client) = start().await;
    let route = "/crm/v3/objects/calls/31190519041/associations/contacts/512/194";
    mount_authed(&server, "DELETE", route, ResponseTemplate::new(204)).await;

    let result = client
        .v3()
        .calls()
        .associations()
        .archive("31190519041", "contacts", "512", "194")
        .send()
        .await;

    let request = the_bodiless_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), route);
    assert!(matches!(result, Ok(())), "{result:?}");
}

#[tokio::test]
async fn communications_associations_create_puts_to_the_four_segment_path() {
    let (server, client) = start().await;
    // A label-style type and an id that needs percent-encoding stay in
    // their own segments.
    let route = "/crm/v3/objects/communications/84271993/associations/contacts/jane%40example.com/communication_to_contact";
    mount_authed(
        &server,
        "PUT",
        route,
        ResponseTemplate::new(200).set_body_json(record_with_association(
            "84271993",
            "contacts",
            "512",
            "communication_to_contact",
        )),
    )
    .await;

    let communication = client
        .v3()
        .communications()
        .associations()
        .create(
            "84271993",
            "contacts",
            "jane@example.com",
            "communication_to_contact",
        )
        .send()
        .await
        .expect("200 decodes");

    let request = the_bodiless_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), route);
    assert_eq!(communication.id, "84271993");
    let contacts = &communication.associations.expect("associations")["contacts"];
    assert_eq!(contacts.results[0].r#type, "communication_to_contact");
}

#[tokio::test]
async fn communications_associations_archive_deletes_and_accepts_204() {
    let (server, client) = start().await;
    let route = "/crm/v3/objects/communications/84271993/associations/contacts/512/81";
    mount_authed(&server, "DELETE", route, ResponseTemplate::new(204)).await;

    let result = client
        .v3()
        .communications()
        .associations()
        .archive("84271993", "contacts", "512", "81")
        .send()
        .await;

    let request = the_bodiless_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), route);
    assert!(matches!(result, Ok(())), "{result:?}");
}
