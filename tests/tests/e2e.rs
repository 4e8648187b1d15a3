//! End-to-end tests of the generated `hubspot-client` crate against a local
//! wiremock server (bound to 127.0.0.1 only).
//!
//! Every test sends real HTTP requests through the generated request builders
//! and checks both sides of the exchange: what went over the wire (method,
//! exact path, query pairs, JSON body, credentials) and what the client made of
//! the answer (decoded values, error variants).

use std::collections::BTreeMap;

use hubspot_client::v3::{calls, communications, contacts, conversations};
use hubspot_client::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

mod common;
use common::{json_response, mount, start, TOKEN};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Like [`mount`], but the mock only answers when the JSON body equals `body`.
async fn mount_with_body(
    server: &MockServer,
    verb: &str,
    route: &str,
    body: &Value,
    response: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(route))
        .and(body_json(body))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// The single request the server received.
async fn the_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is enabled");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got: {:?}",
        requests
            .iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect::<Vec<_>>()
    );
    requests.pop().expect("one request")
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII header").to_string())
}

/// Decoded query pairs, stably sorted by name: the order of different
/// parameters does not matter to HubSpot, the order of repeated ones does.
fn query_pairs(request: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
}

fn sorted_pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
}

/// Checks method, exact (still percent-encoded) path, query pairs, the bearer
/// token and the JSON body (or its absence) of a recorded request.
fn check(request: &Request, verb: &str, route: &str, query: &[(&str, &str)], body: Option<&Value>) {
    assert_eq!(
        request.method.as_str(),
        verb,
        "HTTP method of {}",
        request.url
    );
    assert_eq!(request.url.path(), route, "path of {}", request.url);
    assert_eq!(
        query_pairs(request),
        sorted_pairs(query),
        "query of {}",
        request.url
    );
    assert_eq!(
        header(request, "authorization"),
        Some(format!("Bearer {TOKEN}")),
        "Authorization header"
    );
    match body {
        Some(expected) => {
            assert_eq!(
                header(request, "content-type").as_deref(),
                Some("application/json"),
                "Content-Type of a JSON body"
            );
            let actual: Value =
                serde_json::from_slice(&request.body).expect("request body is JSON");
            assert_eq!(&actual, expected, "request body");
        }
        None => assert!(
            request.body.is_empty(),
            "expected no body, got {}",
            String::from_utf8_lossy(&request.body)
        ),
    }
}

fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Property value of a decoded record: `Some(None)` is a JSON `null`.
fn prop<'a>(properties: &'a BTreeMap<String, Option<String>>, name: &str) -> Option<&'a str> {
    properties
        .get(name)
        .unwrap_or_else(|| panic!("property `{name}` missing from {properties:?}"))
        .as_deref()
}

/// A contact record as HubSpot returns it.
fn contact_json(id: &str, email: &str, firstname: Option<&str>) -> Value {
    json!({
        "id": id,
        "properties": {
            "createdate": "2024-03-11T09:15:27.363Z",
            "email": email,
            "firstname": firstname,
            "hs_object_id": id,
            "lastmodifieddate": "2024-03-12T14:02:11.019Z",
            "lastname": "Doe"
        },
        "createdAt": "2024-03-11T09:15:27.363Z",
        "updatedAt": "2024-03-12T14:02:11.019Z",
        "archived": false
    })
}

// ---------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------

#[tokio::test]
async fn contacts_create_posts_properties_and_associations_and_decodes_201() {
    let (server, client) = start().await;
    let expected_body = json!({
        "associations": [{
            "to": { "id": "9845651" },
            "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279 }]
        }],
        "properties": {
            "email": "jane.doe@example.com",
            "firstname": "Jane",
            "lastname": "Doe",
            "lifecyclestage": "lead"
        }
    });
    mount_with_body(
        &server,
        "POST",
        "/crm/v3/objects/contacts",
        &expected_body,
        json_response(
            201,
            json!({
                "id": "512",
                "properties": {
                    "createdate": "2024-03-11T09:15:27.363Z",
                    "email": "jane.doe@example.com",
                    "firstname": "Jane",
                    "hs_is_unworked": "true",
                    "hs_object_id": "512",
                    "hs_pipeline": "contacts-lifecycle-pipeline",
                    "lastmodifieddate": "2024-03-11T09:15:27.363Z",
                    "lastname": "Doe",
                    "lifecyclestage": "lead"
                },
                "createdAt": "2024-03-11T09:15:27.363Z",
                "updatedAt": "2024-03-11T09:15:27.363Z",
                "archived": false,
                "url": "https://app.hubspot.com/contacts/4242/record/0-1/512"
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .create(
            contacts::SimplePublicObjectInputForCreate::new(props(&[
                ("email", "jane.doe@example.com"),
                ("firstname", "Jane"),
                ("lastname", "Doe"),
                ("lifecyclestage", "lead"),
            ]))
            .associations([contacts::PublicAssociationsForObject::new(
                contacts::PublicObjectId::new("9845651"),
                [contacts::AssociationSpec::new(
                    contacts::AssociationSpecAssociationCategory::HubspotDefined,
                    279,
                )],
            )]),
        )
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "POST",
        "/crm/v3/objects/contacts",
        &[],
        Some(&expected_body),
    );

    let contact = result.expect("201 decodes");
    assert_eq!(contact.id, "512");
    assert!(!contact.archived);
    assert_eq!(contact.archived_at, None);
    assert_eq!(
        contact.created_at.to_rfc3339(),
        "2024-03-11T09:15:27.363+00:00"
    );
    assert_eq!(
        prop(&contact.properties, "email"),
        Some("jane.doe@example.com")
    );
    assert_eq!(prop(&contact.properties, "lifecyclestage"), Some("lead"));
    assert_eq!(prop(&contact.properties, "hs_object_id"), Some("512"));
    assert_eq!(
        contact.url.as_deref(),
        Some("https://app.hubspot.com/contacts/4242/record/0-1/512")
    );
}

#[tokio::test]
async fn contacts_get_by_id_with_email_percent_encodes_the_path_segment() {
    let (server, client) = start().await;
    let encoded = "/crm/v3/objects/contacts/a%2Bb%2Fc%40x.com";
    mount(
        &server,
        "GET",
        encoded,
        json_response(
            200,
            json!({
                "id": "9401",
                "properties": {
                    "createdate": "2023-11-02T08:00:00Z",
                    "email": "a+b/c@x.com",
                    "firstname": null,
                    "hs_object_id": "9401",
                    "lastmodifieddate": "2024-01-05T17:45:10.5Z"
                },
                "createdAt": "2023-11-02T08:00:00Z",
                "updatedAt": "2024-01-05T17:45:10.5Z",
                "archived": false,
                "associations": {
                    "companies": {
                        "results": [
                            { "id": "9845651", "type": "contact_to_company" },
                            { "id": "9845651", "type": "contact_to_company_unlabeled" }
                        ]
                    }
                }
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .get("a+b/c@x.com")
        .id_property("email")
        .properties(["email", "firstname"])
        .associations(["companies"])
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        encoded,
        &[
            ("associations", "companies"),
            ("idProperty", "email"),
            ("properties", "email"),
            ("properties", "firstname"),
        ],
        None,
    );

    let contact = result.expect("200 decodes");
    assert_eq!(contact.id, "9401");
    assert_eq!(prop(&contact.properties, "email"), Some("a+b/c@x.com"));
    assert_eq!(prop(&contact.properties, "firstname"), None);
    let companies = &contact.associations.as_ref().expect("associations")["companies"];
    assert_eq!(companies.results.len(), 2);
    assert_eq!(companies.results[0].id, "9845651");
    assert_eq!(companies.results[0].r#type, "contact_to_company");
    assert_eq!(companies.results[1].r#type, "contact_to_company_unlabeled");
    assert_eq!(
        contact.updated_at.to_rfc3339(),
        "2024-01-05T17:45:10.500+00:00"
    );
}

#[tokio::test]
async fn contacts_get_page_sends_exploded_arrays_and_decodes_paging() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/crm/v3/objects/contacts",
        json_response(
            200,
            json!({
                "results": [
                    {
                        "id": "512",
                        "properties": {
                            "createdate": "2024-03-11T09:15:27.363Z",
                            "email": "jane.doe@example.com",
                            "firstname": "Jane",
                            "hs_object_id": "512",
                            "lastmodifieddate": "2024-03-12T14:02:11.019Z"
                        },
                        "createdAt": "2024-03-11T09:15:27.363Z",
                        "updatedAt": "2024-03-12T14:02:11.019Z",
                        "archived": true,
                        "archivedAt": "2024-03-13T08:00:00Z",
                        "associations": {
                            "deals": { "results": [{ "id": "1337", "type": "contact_to_deal" }] }
                        }
                    },
                    {
                        "id": "513",
                        "properties": {
                            "createdate": "2024-03-11T09:16:00.000Z",
                            "email": "john.roe@example.com",
                            "firstname": null,
                            "hs_object_id": "513",
                            "lastmodifieddate": "2024-03-11T09:16:00.000Z"
                        },
                        "createdAt": "2024-03-11T09:16:00.000Z",
                        "updatedAt": "2024-03-11T09:16:00.000Z",
                        "archived": true,
                        "archivedAt": "2024-03-13T08:00:01Z"
                    }
                ],
                "paging": {
                    "next": {
                        "after": "NTE0",
                        "link": "https://api.hubapi.com/crm/v3/objects/contacts?after=NTE0"
                    }
                }
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .list()
        .limit(2)
        .after("NTI1Cg%3D%3D")
        .properties(["email", "firstname"])
        .associations(["companies", "deals"])
        .archived(true)
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/crm/v3/objects/contacts",
        &[
            ("after", "NTI1Cg%3D%3D"),
            ("archived", "true"),
            ("associations", "companies"),
            ("associations", "deals"),
            ("limit", "2"),
            ("properties", "email"),
            ("properties", "firstname"),
        ],
        None,
    );
    // Arrays are exploded (`name=a&name=b`, never `name=a,b`) and the opaque
    // cursor is sent verbatim, its `%` escaped.
    let raw = request.url.query().expect("a query string");
    assert!(
        raw.contains("properties=email&properties=firstname"),
        "{raw}"
    );
    assert!(
        raw.contains("associations=companies&associations=deals"),
        "{raw}"
    );
    assert!(raw.contains("after=NTI1Cg%253D%253D"), "{raw}");

    let page = result.expect("200 decodes");
    assert_eq!(page.results.len(), 2);
    assert_eq!(page.results[0].id, "512");
    assert!(page.results[0].archived);
    assert_eq!(
        page.results[0]
            .archived_at
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2024-03-13T08:00:00+00:00")
    );
    assert_eq!(
        page.results[0].associations.as_ref().expect("associations")["deals"].results[0].id,
        "1337"
    );
    assert_eq!(prop(&page.results[1].properties, "firstname"), None);
    assert!(page.results[1].associations.is_none());
    let next = page.paging.and_then(|p| p.next).expect("paging.next");
    assert_eq!(next.after, "NTE0");
    assert_eq!(
        next.link.as_deref(),
        Some("https://api.hubapi.com/crm/v3/objects/contacts?after=NTE0")
    );
}

#[tokio::test]
async fn contacts_update_patches_hs_pinned_engagement_id() {
    let (server, client) = start().await;
    let expected_body = json!({ "properties": { "hs_pinned_engagement_id": "31190519041" } });
    mount_with_body(
        &server,
        "PATCH",
        "/crm/v3/objects/contacts/512",
        &expected_body,
        json_response(
            200,
            json!({
                "id": "512",
                "properties": {
                    "createdate": "2024-03-11T09:15:27.363Z",
                    "hs_object_id": "512",
                    "hs_pinned_engagement_id": "31190519041",
                    "lastmodifieddate": "2024-03-14T10:30:00.000Z"
                },
                "createdAt": "2024-03-11T09:15:27.363Z",
                "updatedAt": "2024-03-14T10:30:00.000Z",
                "archived": false
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .update(
            "512",
            contacts::SimplePublicObjectInput::new(props(&[(
                "hs_pinned_engagement_id",
                "31190519041",
            )])),
        )
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "PATCH",
        "/crm/v3/objects/contacts/512",
        &[],
        Some(&expected_body),
    );

    let contact = result.expect("200 decodes");
    assert_eq!(contact.id, "512");
    assert_eq!(
        prop(&contact.properties, "hs_pinned_engagement_id"),
        Some("31190519041")
    );
    assert_eq!(contact.updated_at.to_rfc3339(), "2024-03-14T10:30:00+00:00");
}

#[tokio::test]
async fn contacts_update_by_email_sends_id_property() {
    let (server, client) = start().await;
    let route = "/crm/v3/objects/contacts/jane.doe%40example.com";
    let expected_body = json!({ "properties": { "lifecyclestage": "customer" } });
    mount_with_body(
        &server,
        "PATCH",
        route,
        &expected_body,
        json_response(
            200,
            contact_json("512", "jane.doe@example.com", Some("Jane")),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .update(
            "jane.doe@example.com",
            contacts::SimplePublicObjectInput::new(props(&[("lifecyclestage", "customer")])),
        )
        .id_property("email")
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "PATCH",
        route,
        &[("idProperty", "email")],
        Some(&expected_body),
    );
    assert_eq!(result.expect("200 decodes").id, "512");
}

#[tokio::test]
async fn contacts_archive_sends_delete_and_accepts_204() {
    let (server, client) = start().await;
    mount(
        &server,
        "DELETE",
        "/crm/v3/objects/contacts/512",
        ResponseTemplate::new(204),
    )
    .await;

    let result = client.v3().contacts().archive("512").send().await;

    let request = the_request(&server).await;
    check(
        &request,
        "DELETE",
        "/crm/v3/objects/contacts/512",
        &[],
        None,
    );
    assert!(matches!(result, Ok(())), "{result:?}");
}

fn batch_read_body() -> Value {
    json!({
        "idProperty": "email",
        "inputs": [{ "id": "jane.doe@example.com" }, { "id": "ghost@example.com" }],
        "properties": ["email", "firstname"]
    })
}

fn batch_read_input() -> contacts::BatchReadInputSimplePublicObjectId {
    contacts::BatchReadInputSimplePublicObjectId::new([
        contacts::SimplePublicObjectId::new("jane.doe@example.com"),
        contacts::SimplePublicObjectId::new("ghost@example.com"),
    ])
    .id_property("email")
    .properties(["email".to_string(), "firstname".to_string()])
}

#[tokio::test]
async fn contacts_batch_read_by_email_200_is_the_success_variant() {
    let (server, client) = start().await;
    mount_with_body(
        &server,
        "POST",
        "/crm/v3/objects/contacts/batch/read",
        &batch_read_body(),
        json_response(
            200,
            json!({
                "status": "COMPLETE",
                "results": [
                    contact_json("512", "jane.doe@example.com", Some("Jane")),
                    contact_json("777", "ghost@example.com", None)
                ],
                "requestedAt": "2024-03-14T10:00:00.000Z",
                "startedAt": "2024-03-14T10:00:00.010Z",
                "completedAt": "2024-03-14T10:00:00.120Z"
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .batch()
        .read(batch_read_input())
        .archived(false)
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "POST",
        "/crm/v3/objects/contacts/batch/read",
        &[("archived", "false")],
        Some(&batch_read_body()),
    );

    match result.expect("200 decodes") {
        contacts::BatchReadResponse::Success(batch) => {
            assert_eq!(
                batch.status,
                contacts::BatchResponseSimplePublicObjectStatus::Complete
            );
            assert_eq!(batch.results.len(), 2);
            assert_eq!(batch.results[0].id, "512");
            assert_eq!(
                prop(&batch.results[0].properties, "firstname"),
                Some("Jane")
            );
            assert_eq!(prop(&batch.results[1].properties, "firstname"), None);
            assert_eq!(
                batch.completed_at.to_rfc3339(),
                "2024-03-14T10:00:00.120+00:00"
            );
            assert!(batch.requested_at.is_some());
        }
        other => panic!("expected BatchReadResponse::Success for 200, got {other:?}"),
    }
}

#[tokio::test]
async fn contacts_batch_read_by_email_207_is_the_multi_status_variant() {
    let (server, client) = start().await;
    mount_with_body(
        &server,
        "POST",
        "/crm/v3/objects/contacts/batch/read",
        &batch_read_body(),
        json_response(
            207,
            json!({
                "status": "COMPLETE",
                "results": [contact_json("512", "jane.doe@example.com", Some("Jane"))],
                "numErrors": 1,
                "errors": [{
                    "status": "error",
                    "category": "OBJECT_NOT_FOUND",
                    "message": "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.",
                    "context": { "ids": ["ghost@example.com"] },
                    "errors": [],
                    "links": {}
                }],
                "startedAt": "2024-03-14T10:00:00.010Z",
                "completedAt": "2024-03-14T10:00:00.120Z"
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .batch()
        .read(batch_read_input())
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "POST",
        "/crm/v3/objects/contacts/batch/read",
        &[],
        Some(&batch_read_body()),
    );

    match result.expect("207 decodes") {
        contacts::BatchReadResponse::MultiStatus(batch) => {
            assert_eq!(
                batch.status,
                contacts::BatchResponseSimplePublicObjectWithErrorsStatus::Complete
            );
            assert_eq!(batch.num_errors, Some(1));
            assert_eq!(batch.results.len(), 1);
            assert_eq!(batch.results[0].id, "512");
            let errors = batch.errors.expect("errors");
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].status, "error");
            assert_eq!(errors[0].category, "OBJECT_NOT_FOUND");
            assert!(errors[0]
                .message
                .starts_with("Could not get some CONTACT objects"));
            assert_eq!(
                errors[0].context["ids"],
                vec!["ghost@example.com".to_string()]
            );
            assert_eq!(batch.requested_at, None);
        }
        other => panic!("expected BatchReadResponse::MultiStatus for 207, got {other:?}"),
    }
}

#[tokio::test]
async fn contacts_batch_update_posts_inputs_and_decodes_results() {
    let (server, client) = start().await;
    let expected_body = json!({
        "inputs": [
            { "id": "512", "properties": { "hs_pinned_engagement_id": "31190519041" } },
            {
                "id": "john.roe@example.com",
                "idProperty": "email",
                "objectWriteTraceId": "trace-2",
                "properties": { "lifecyclestage": "customer" }
            }
        ]
    });
    mount_with_body(
        &server,
        "POST",
        "/crm/v3/objects/contacts/batch/update",
        &expected_body,
        json_response(
            200,
            json!({
                "status": "COMPLETE",
                "results": [
                    {
                        "id": "512",
                        "properties": { "hs_object_id": "512", "hs_pinned_engagement_id": "31190519041" },
                        "createdAt": "2024-03-11T09:15:27.363Z",
                        "updatedAt": "2024-03-14T11:00:00.000Z",
                        "archived": false
                    },
                    {
                        "id": "513",
                        "properties": { "hs_object_id": "513", "lifecyclestage": "customer" },
                        "createdAt": "2024-03-11T09:16:00.000Z",
                        "updatedAt": "2024-03-14T11:00:00.000Z",
                        "archived": false,
                        "objectWriteTraceId": "trace-2"
                    }
                ],
                "requestedAt": null,
                "links": {},
                "startedAt": "2024-03-14T11:00:00.000Z",
                "completedAt": "2024-03-14T11:00:00.200Z"
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .batch()
        .update(contacts::BatchInputSimplePublicObjectBatchInput::new([
            contacts::SimplePublicObjectBatchInput::new(
                "512",
                props(&[("hs_pinned_engagement_id", "31190519041")]),
            ),
            contacts::SimplePublicObjectBatchInput::new(
                "john.roe@example.com",
                props(&[("lifecyclestage", "customer")]),
            )
            .id_property("email")
            .object_write_trace_id("trace-2"),
        ]))
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "POST",
        "/crm/v3/objects/contacts/batch/update",
        &[],
        Some(&expected_body),
    );

    match result.expect("200 decodes") {
        contacts::BatchUpdateResponse::Success(batch) => {
            assert_eq!(batch.results.len(), 2);
            assert_eq!(
                prop(&batch.results[0].properties, "hs_pinned_engagement_id"),
                Some("31190519041")
            );
            assert_eq!(
                batch.results[1].object_write_trace_id.as_deref(),
                Some("trace-2")
            );
            assert_eq!(
                prop(&batch.results[1].properties, "lifecyclestage"),
                Some("customer")
            );
            // HubSpot sends `"requestedAt": null` and empty `links`.
            assert_eq!(batch.requested_at, None);
            assert_eq!(batch.links, Some(BTreeMap::new()));
        }
        other => panic!("expected BatchUpdateResponse::Success for 200, got {other:?}"),
    }
}

#[tokio::test]
async fn contacts_batch_upsert_posts_inputs_and_decodes_new_flags() {
    let (server, client) = start().await;
    let expected_body = json!({
        "inputs": [
            {
                "id": "jane.doe@example.com",
                "idProperty": "email",
                "properties": { "firstname": "Jane", "phone": "+1 617 555 0100" }
            },
            {
                "id": "new.person@example.com",
                "idProperty": "email",
                "properties": { "firstname": "Nova" }
            }
        ]
    });
    mount_with_body(
        &server,
        "POST",
        "/crm/v3/objects/contacts/batch/upsert",
        &expected_body,
        json_response(
            200,
            json!({
                "status": "COMPLETE",
                "results": [
                    {
                        "id": "512",
                        "new": false,
                        "properties": { "email": "jane.doe@example.com", "firstname": "Jane", "phone": "+1 617 555 0100" },
                        "createdAt": "2024-03-11T09:15:27.363Z",
                        "updatedAt": "2024-03-14T12:00:00.000Z",
                        "archived": false
                    },
                    {
                        "id": "901",
                        "new": true,
                        "properties": { "email": "new.person@example.com", "firstname": "Nova", "phone": null },
                        "createdAt": "2024-03-14T12:00:00.000Z",
                        "updatedAt": "2024-03-14T12:00:00.000Z",
                        "archived": false
                    }
                ],
                "startedAt": "2024-03-14T12:00:00.000Z",
                "completedAt": "2024-03-14T12:00:00.300Z"
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .batch()
        .upsert(contacts::BatchInputSimplePublicObjectBatchInputUpsert::new(
            [
                contacts::SimplePublicObjectBatchInputUpsert::new(
                    "jane.doe@example.com",
                    props(&[("firstname", "Jane"), ("phone", "+1 617 555 0100")]),
                )
                .id_property("email"),
                contacts::SimplePublicObjectBatchInputUpsert::new(
                    "new.person@example.com",
                    props(&[("firstname", "Nova")]),
                )
                .id_property("email"),
            ],
        ))
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "POST",
        "/crm/v3/objects/contacts/batch/upsert",
        &[],
        Some(&expected_body),
    );

    match result.expect("200 decodes") {
        contacts::BatchUpsertResponse::Success(batch) => {
            assert_eq!(
                batch.status,
                contacts::BatchResponseSimplePublicUpsertObjectStatus::Complete
            );
            assert_eq!(batch.results.len(), 2);
            assert_eq!(batch.results[0].id, "512");
            assert!(!batch.results[0].new);
            assert_eq!(batch.results[1].id, "901");
            assert!(batch.results[1].new);
            assert_eq!(prop(&batch.results[1].properties, "phone"), None);
        }
        other => panic!("expected BatchUpsertResponse::Success for 200, got {other:?}"),
    }
}

#[tokio::test]
async fn contacts_associations_create_puts_to_the_four_segment_path() {
    let (server, client) = start().await;
    let route = "/crm/v3/objects/contacts/512/associations/companies/9845651/279";
    mount(
        &server,
        "PUT",
        route,
        json_response(
            200,
            json!({
                "id": "512",
                "properties": { "hs_object_id": "512" },
                "createdAt": "2024-03-11T09:15:27.363Z",
                "updatedAt": "2024-03-14T13:00:00.000Z",
                "archived": false,
                "associations": {
                    "companies": {
                        "results": [{ "id": "9845651", "type": "contact_to_company" }]
                    }
                }
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .associations()
        .create("512", "companies", "9845651", "279")
        .send()
        .await;

    let request = the_request(&server).await;
    check(&request, "PUT", route, &[], None);

    let contact = result.expect("200 decodes");
    assert_eq!(contact.id, "512");
    let companies = &contact.associations.expect("associations")["companies"];
    assert_eq!(companies.results[0].id, "9845651");
    assert_eq!(companies.results[0].r#type, "contact_to_company");
}

#[tokio::test]
async fn contacts_associations_archive_deletes_and_accepts_204() {
    let (server, client) = start().await;
    let route = "/crm/v3/objects/contacts/512/associations/companies/9845651/contact_to_company";
    mount(&server, "DELETE", route, ResponseTemplate::new(204)).await;

    let result = client
        .v3()
        .contacts()
        .associations()
        .archive("512", "companies", "9845651", "contact_to_company")
        .send()
        .await;

    let request = the_request(&server).await;
    check(&request, "DELETE", route, &[], None);
    assert!(matches!(result, Ok(())), "{result:?}");
}

// ---------------------------------------------------------------------------
// Null property values
// ---------------------------------------------------------------------------

#[tokio::test]
async fn properties_with_null_values_decode_as_none() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/crm/v3/objects/contacts/512",
        json_response(
            200,
            json!({
                "id": "512",
                "properties": {
                    "email": "jane.doe@example.com",
                    "firstname": null,
                    "lastname": null,
                    "hs_pinned_engagement_id": null,
                    "phone": ""
                },
                "propertiesWithHistory": {
                    "lifecyclestage": [
                        {
                            "value": "customer",
                            "timestamp": "2024-03-14T11:00:00.000Z",
                            "sourceType": "CRM_UI",
                            "sourceId": "userId:11349275740",
                            "updatedByUserId": 11349275
                        },
                        {
                            "value": "lead",
                            "timestamp": "2024-03-11T09:15:27.363Z",
                            "sourceType": "API",
                            "sourceLabel": "Private app"
                        }
                    ]
                },
                "createdAt": "2024-03-11T09:15:27.363Z",
                "updatedAt": "2024-03-14T11:00:00.000Z",
                "archived": false
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .get("512")
        .properties([
            "email",
            "firstname",
            "lastname",
            "hs_pinned_engagement_id",
            "phone",
        ])
        .properties_with_history(["lifecyclestage"])
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/crm/v3/objects/contacts/512",
        &[
            ("properties", "email"),
            ("properties", "firstname"),
            ("properties", "lastname"),
            ("properties", "hs_pinned_engagement_id"),
            ("properties", "phone"),
            ("propertiesWithHistory", "lifecyclestage"),
        ],
        None,
    );

    let contact = result.expect("null property values decode");
    assert_eq!(contact.properties.len(), 5);
    assert_eq!(
        prop(&contact.properties, "email"),
        Some("jane.doe@example.com")
    );
    assert_eq!(prop(&contact.properties, "firstname"), None);
    assert_eq!(prop(&contact.properties, "lastname"), None);
    assert_eq!(prop(&contact.properties, "hs_pinned_engagement_id"), None);
    // An empty string is a value, not a null.
    assert_eq!(prop(&contact.properties, "phone"), Some(""));
    let history = &contact.properties_with_history.expect("history")["lifecyclestage"];
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].value, "customer");
    assert_eq!(history[0].updated_by_user_id, Some(11349275));
    assert_eq!(history[1].source_label.as_deref(), Some("Private app"));
}

// ---------------------------------------------------------------------------
// Calls and communications
// ---------------------------------------------------------------------------

#[tokio::test]
async fn calls_get_page_sends_query_and_decodes_calls_with_nulls() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/crm/v3/objects/calls",
        json_response(
            200,
            json!({
                "results": [{
                    "id": "31190519041",
                    "properties": {
                        "hs_call_body": "Discussed the renewal; follow up next week.",
                        "hs_call_direction": "OUTBOUND",
                        "hs_call_duration": "360000",
                        "hs_call_recording_url": null,
                        "hs_call_title": "Renewal call",
                        "hs_createdate": "2024-03-11T10:00:00.000Z",
                        "hs_lastmodifieddate": "2024-03-11T10:06:00.000Z",
                        "hs_object_id": "31190519041",
                        "hs_timestamp": "2024-03-11T10:00:00.000Z"
                    },
                    "createdAt": "2024-03-11T10:00:00.000Z",
                    "updatedAt": "2024-03-11T10:06:00.000Z",
                    "archived": false,
                    "associations": {
                        "contacts": { "results": [{ "id": "512", "type": "call_to_contact" }] }
                    }
                }],
                "paging": { "next": { "after": "31190519042" } }
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .calls()
        .list()
        .limit(1)
        .properties([
            "hs_call_title",
            "hs_call_body",
            "hs_call_duration",
            "hs_call_direction",
            "hs_call_recording_url",
        ])
        .associations(["contacts"])
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/crm/v3/objects/calls",
        &[
            ("associations", "contacts"),
            ("limit", "1"),
            ("properties", "hs_call_title"),
            ("properties", "hs_call_body"),
            ("properties", "hs_call_duration"),
            ("properties", "hs_call_direction"),
            ("properties", "hs_call_recording_url"),
        ],
        None,
    );

    let page = result.expect("200 decodes");
    assert_eq!(page.results.len(), 1);
    let call = &page.results[0];
    assert_eq!(call.id, "31190519041");
    assert_eq!(
        prop(&call.properties, "hs_call_title"),
        Some("Renewal call")
    );
    assert_eq!(
        prop(&call.properties, "hs_call_direction"),
        Some("OUTBOUND")
    );
    assert_eq!(prop(&call.properties, "hs_call_duration"), Some("360000"));
    assert_eq!(prop(&call.properties, "hs_call_recording_url"), None);
    assert_eq!(
        call.associations.as_ref().expect("associations")["contacts"].results[0].id,
        "512"
    );
    assert_eq!(
        page.paging.and_then(|p| p.next).map(|n| n.after).as_deref(),
        Some("31190519042")
    );
}

#[tokio::test]
async fn calls_create_posts_engagement_and_decodes_201() {
    let (server, client) = start().await;
    let expected_body = json!({
        "associations": [{
            "to": { "id": "512" },
            "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194 }]
        }],
        "properties": {
            "hs_call_body": "Discussed the renewal; follow up next week.",
            "hs_call_direction": "OUTBOUND",
            "hs_call_duration": "360000",
            "hs_call_status": "COMPLETED",
            "hs_call_title": "Renewal call",
            "hs_timestamp": "2024-03-11T10:00:00.000Z",
            "hubspot_owner_id": "11349275740"
        }
    });
    mount_with_body(
        &server,
        "POST",
        "/crm/v3/objects/calls",
        &expected_body,
        json_response(
            201,
            json!({
                "id": "31190519041",
                "properties": {
                    "hs_call_body": "Discussed the renewal; follow up next week.",
                    "hs_call_direction": "OUTBOUND",
                    "hs_call_duration": "360000",
                    "hs_call_status": "COMPLETED",
                    "hs_call_title": "Renewal call",
                    "hs_createdate": "2024-03-11T10:07:00.000Z",
                    "hs_object_id": "31190519041",
                    "hs_timestamp": "2024-03-11T10:00:00.000Z",
                    "hubspot_owner_id": "11349275740"
                },
                "createdAt": "2024-03-11T10:07:00.000Z",
                "updatedAt": "2024-03-11T10:07:00.000Z",
                "archived": false
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .calls()
        .create(
            calls::SimplePublicObjectInputForCreate::new(props(&[
                (
                    "hs_call_body",
                    "Discussed the renewal; follow up next week.",
                ),
                ("hs_call_direction", "OUTBOUND"),
                ("hs_call_duration", "360000"),
                ("hs_call_status", "COMPLETED"),
                ("hs_call_title", "Renewal call"),
                ("hs_timestamp", "2024-03-11T10:00:00.000Z"),
                ("hubspot_owner_id", "11349275740"),
            ]))
            .associations([calls::PublicAssociationsForObject::new(
                calls::PublicObjectId::new("512"),
                [calls::AssociationSpec::new(
                    calls::AssociationSpecAssociationCategory::HubspotDefined,
                    194,
                )],
            )]),
        )
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "POST",
        "/crm/v3/objects/calls",
        &[],
        Some(&expected_body),
    );

    let call = result.expect("201 decodes");
    assert_eq!(call.id, "31190519041");
    assert_eq!(prop(&call.properties, "hs_call_status"), Some("COMPLETED"));
    assert_eq!(
        prop(&call.properties, "hubspot_owner_id"),
        Some("11349275740")
    );
    assert_eq!(call.created_at.to_rfc3339(), "2024-03-11T10:07:00+00:00");
}

#[tokio::test]
async fn communications_create_posts_message_log_and_decodes_201() {
    let (server, client) = start().await;
    let expected_body = json!({
        "associations": [{
            "to": { "id": "512" },
            "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 81 }]
        }],
        "properties": {
            "hs_communication_body": "Texted Jane about the renewal.",
            "hs_communication_channel_type": "WHATS_APP",
            "hs_communication_logged_from": "CRM",
            "hs_timestamp": "2024-03-12T08:30:00.000Z"
        }
    });
    mount_with_body(
        &server,
        "POST",
        "/crm/v3/objects/communications",
        &expected_body,
        json_response(
            201,
            json!({
                "id": "84271993",
                "properties": {
                    "hs_communication_body": "Texted Jane about the renewal.",
                    "hs_communication_channel_type": "WHATS_APP",
                    "hs_communication_logged_from": "CRM",
                    "hs_createdate": "2024-03-12T08:31:00.000Z",
                    "hs_object_id": "84271993",
                    "hs_timestamp": "2024-03-12T08:30:00.000Z"
                },
                "createdAt": "2024-03-12T08:31:00.000Z",
                "updatedAt": "2024-03-12T08:31:00.000Z",
                "archived": false
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .communications()
        .create(
            communications::SimplePublicObjectInputForCreate::new(props(&[
                ("hs_communication_body", "Texted Jane about the renewal."),
                ("hs_communication_channel_type", "WHATS_APP"),
                ("hs_communication_logged_from", "CRM"),
                ("hs_timestamp", "2024-03-12T08:30:00.000Z"),
            ]))
            .associations([communications::PublicAssociationsForObject::new(
                communications::PublicObjectId::new("512"),
                [communications::AssociationSpec::new(
                    communications::AssociationSpecAssociationCategory::HubspotDefined,
                    81,
                )],
            )]),
        )
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "POST",
        "/crm/v3/objects/communications",
        &[],
        Some(&expected_body),
    );

    let communication = result.expect("201 decodes");
    assert_eq!(communication.id, "84271993");
    assert_eq!(
        prop(&communication.properties, "hs_communication_channel_type"),
        Some("WHATS_APP")
    );
    assert_eq!(
        prop(&communication.properties, "hs_communication_body"),
        Some("Texted Jane about the renewal.")
    );
}

#[tokio::test]
async fn communications_get_by_id_sends_query_and_decodes() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/crm/v3/objects/communications/84271993",
        json_response(
            200,
            json!({
                "id": "84271993",
                "properties": {
                    "hs_communication_body": "Texted Jane about the renewal.",
                    "hs_communication_channel_type": "WHATS_APP",
                    "hs_createdate": "2024-03-12T08:31:00.000Z",
                    "hs_lastmodifieddate": "2024-03-12T08:31:00.000Z",
                    "hs_object_id": "84271993",
                    "hubspot_owner_id": null
                },
                "createdAt": "2024-03-12T08:31:00.000Z",
                "updatedAt": "2024-03-12T08:31:00.000Z",
                "archived": false,
                "associations": {
                    "contacts": { "results": [{ "id": "512", "type": "communication_to_contact" }] }
                }
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .communications()
        .get("84271993")
        .properties([
            "hs_communication_body",
            "hs_communication_channel_type",
            "hubspot_owner_id",
        ])
        .associations(["contacts"])
        .archived(false)
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/crm/v3/objects/communications/84271993",
        &[
            ("archived", "false"),
            ("associations", "contacts"),
            ("properties", "hs_communication_body"),
            ("properties", "hs_communication_channel_type"),
            ("properties", "hubspot_owner_id"),
        ],
        None,
    );

    let communication = result.expect("200 decodes");
    assert_eq!(communication.id, "84271993");
    assert_eq!(prop(&communication.properties, "hubspot_owner_id"), None);
    assert_eq!(
        communication.associations.expect("associations")["contacts"].results[0].r#type,
        "communication_to_contact"
    );
}

// ---------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------

fn thread_json(id: &str, status: &str) -> Value {
    json!({
        "id": id,
        "inboxId": "147959634",
        "status": status,
        "spam": false,
        "associatedContactId": "512",
        "assignedTo": "A-1234567",
        "originalChannelId": "1000",
        "originalChannelAccountId": "240288",
        "latestMessageTimestamp": "2024-03-11T10:02:03.456Z",
        "latestMessageReceivedTimestamp": "2024-03-11T10:02:03.456Z",
        "latestMessageSentTimestamp": "2024-03-11T10:01:00.000Z",
        "createdAt": "2024-03-11T10:00:00.000Z",
        "archived": false,
        "threadAssociations": { "associatedTicketId": "1822421005" }
    })
}

#[tokio::test]
async fn conversations_threads_list_sends_filters_and_decodes_page() {
    let (server, client) = start().await;
    let mut closed = thread_json("7509711155", "CLOSED");
    closed["closedAt"] = json!("2024-03-11T11:00:00.000Z");
    closed
        .as_object_mut()
        .expect("object")
        .remove("threadAssociations");
    mount(
        &server,
        "GET",
        "/conversations/v3/conversations/threads",
        json_response(
            200,
            json!({
                "results": [thread_json("7509711154", "OPEN"), closed],
                "paging": {
                    "next": {
                        "after": "MTcxMDE1MTIwMDAwMHw3NTA5NzExMTU1",
                        "link": "https://api.hubapi.com/conversations/v3/conversations/threads?after=MTcxMDE1MTIwMDAwMHw3NTA5NzExMTU1"
                    }
                }
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .threads()
        .list()
        .inbox_id(["147959634", "147959635"])
        .thread_status(conversations::ThreadsListThreadStatus::Open)
        .associated_contact_id("512")
        .association([conversations::ThreadsListAssociationItem::Ticket])
        .latest_message_timestamp_after(
            serde_json::from_value(json!("2024-03-01T00:00:00Z")).expect("a timestamp"),
        )
        .sort(["-latestMessageTimestamp"])
        .limit(2)
        .archived(false)
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/conversations/v3/conversations/threads",
        &[
            ("archived", "false"),
            ("associatedContactId", "512"),
            ("association", "TICKET"),
            ("inboxId", "147959634"),
            ("inboxId", "147959635"),
            ("latestMessageTimestampAfter", "2024-03-01T00:00:00Z"),
            ("limit", "2"),
            ("sort", "-latestMessageTimestamp"),
            ("threadStatus", "OPEN"),
        ],
        None,
    );
    let raw = request.url.query().expect("a query string");
    assert!(raw.contains("inboxId=147959634&inboxId=147959635"), "{raw}");

    let page = result.expect("200 decodes");
    assert_eq!(page.results.len(), 2);
    let open = &page.results[0];
    assert_eq!(open.id, "7509711154");
    assert_eq!(open.status, conversations::ThreadStatus::Open);
    assert_eq!(open.inbox_id, "147959634");
    assert_eq!(open.assigned_to.as_deref(), Some("A-1234567"));
    assert_eq!(
        open.thread_associations
            .as_ref()
            .and_then(|a| a.associated_ticket_id.as_deref()),
        Some("1822421005")
    );
    let closed = &page.results[1];
    assert_eq!(closed.status, conversations::ThreadStatus::Closed);
    assert_eq!(
        closed.closed_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-03-11T11:00:00+00:00")
    );
    assert_eq!(closed.thread_associations, None);
    assert_eq!(
        page.paging
            .and_then(|p| p.next)
            .and_then(|n| n.after)
            .as_deref(),
        Some("MTcxMDE1MTIwMDAwMHw3NTA5NzExMTU1")
    );
}

#[tokio::test]
async fn conversations_threads_get_decodes_one_thread() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/conversations/v3/conversations/threads/7509711154",
        json_response(200, thread_json("7509711154", "OPEN")),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .threads()
        .get("7509711154")
        .association([conversations::ThreadsGetAssociationItem::Ticket])
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/conversations/v3/conversations/threads/7509711154",
        &[("association", "TICKET")],
        None,
    );

    let thread = result.expect("200 decodes");
    assert_eq!(thread.id, "7509711154");
    assert_eq!(thread.status, conversations::ThreadStatus::Open);
    assert_eq!(thread.spam, Some(false));
    assert_eq!(thread.archived, Some(false));
    assert_eq!(thread.associated_contact_id.as_deref(), Some("512"));
    assert_eq!(thread.original_channel_id.as_deref(), Some("1000"));
    assert_eq!(
        thread.original_channel_account_id.as_deref(),
        Some("240288")
    );
    assert_eq!(
        thread
            .latest_message_timestamp
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2024-03-11T10:02:03.456+00:00")
    );
    assert_eq!(thread.created_at.to_rfc3339(), "2024-03-11T10:00:00+00:00");
}

#[tokio::test]
async fn conversations_messages_list_decodes_each_variant() {
    let (server, client) = start().await;
    let route = "/conversations/v3/conversations/threads/7509711154/messages";
    mount(
        &server,
        "GET",
        route,
        json_response(
            200,
            json!({
                "results": [
                    {
                        "type": "MESSAGE",
                        "id": "9a7c1f0b2c3d4e5f6a7b8c9d0e1f2a3b",
                        "conversationsThreadId": "7509711154",
                        "createdAt": "2024-03-11T10:00:00.000Z",
                        "createdBy": "V-5432",
                        "client": { "clientType": "HUBSPOT" },
                        "senders": [{
                            "actorId": "V-5432",
                            "name": "Jane Doe",
                            "senderField": "FROM",
                            "deliveryIdentifier": { "type": "HS_EMAIL_ADDRESS", "value": "jane.doe@example.com" }
                        }],
                        "recipients": [{
                            "actorId": "E-support@example.com",
                            "recipientField": "TO",
                            "deliveryIdentifier": { "type": "HS_EMAIL_ADDRESS", "value": "support@example.com" }
                        }],
                        "archived": false,
                        "text": "Hi, my invoice is wrong.",
                        "richText": "<div>Hi, my invoice is wrong.</div>",
                        "subject": "Invoice #1042",
                        "attachments": [{
                            "type": "FILE",
                            "fileId": "163782930",
                            "fileUsageType": "OTHER",
                            "name": "invoice-1042.pdf",
                            "url": "https://f.hubspotusercontent.net/invoice-1042.pdf"
                        }],
                        "truncationStatus": "NOT_TRUNCATED",
                        "direction": "INCOMING",
                        "channelId": "1002",
                        "channelAccountId": "240288"
                    },
                    {
                        "type": "COMMENT",
                        "id": "c0mment0000000000000000000000001",
                        "conversationsThreadId": "7509711154",
                        "createdAt": "2024-03-11T10:01:00.000Z",
                        "createdBy": "A-1234567",
                        "client": { "clientType": "HUBSPOT" },
                        "senders": [{ "actorId": "A-1234567", "name": "Ada Agent" }],
                        "recipients": [],
                        "archived": false,
                        "text": "Escalating to billing.",
                        "richText": "<p>Escalating to billing.</p>",
                        "attachments": []
                    },
                    {
                        "type": "THREAD_STATUS_CHANGE",
                        "id": "5tatus000000000000000000000000001",
                        "conversationsThreadId": "7509711154",
                        "createdAt": "2024-03-11T11:00:00.000Z",
                        "createdBy": "S-hubspot",
                        "client": { "clientType": "SYSTEM" },
                        "senders": [],
                        "recipients": [],
                        "archived": false,
                        "newStatus": "CLOSED"
                    },
                    {
                        "type": "CALL_TRANSCRIPT",
                        "id": "future000000000000000000000000001",
                        "createdAt": "2024-03-11T12:00:00.000Z"
                    }
                ],
                "paging": { "next": { "after": "4" } }
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .threads()
        .messages()
        .list("7509711154")
        .limit(4)
        .after("0")
        .sort(["createdAt"])
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        route,
        &[("after", "0"), ("limit", "4"), ("sort", "createdAt")],
        None,
    );

    let page = result.expect("200 decodes");
    assert_eq!(page.results.len(), 4);
    match &page.results[0] {
        conversations::Message::Conversations(m) => {
            assert_eq!(m.id, "9a7c1f0b2c3d4e5f6a7b8c9d0e1f2a3b");
            assert_eq!(m.text, "Hi, my invoice is wrong.");
            assert_eq!(m.subject.as_deref(), Some("Invoice #1042"));
            assert_eq!(
                m.direction,
                conversations::ConversationsMessageDirection::Incoming
            );
            assert_eq!(
                m.truncation_status,
                conversations::ConversationsMessageTruncationStatus::NotTruncated
            );
            assert_eq!(m.senders[0].actor_id.as_deref(), Some("V-5432"));
            assert_eq!(
                m.senders[0]
                    .delivery_identifier
                    .as_ref()
                    .map(|d| d.value.as_str()),
                Some("jane.doe@example.com")
            );
            assert_eq!(
                m.recipients[0]
                    .delivery_identifier
                    .as_ref()
                    .map(|d| &d.r#type),
                Some(&conversations::DeliveryIdentifierType::HsEmailAddress)
            );
            match &m.attachments[0] {
                conversations::Attachment::File(file) => {
                    assert_eq!(file.file_id, "163782930");
                    assert_eq!(file.name.as_deref(), Some("invoice-1042.pdf"));
                }
                other => panic!("expected a file attachment, got {other:?}"),
            }
        }
        other => panic!("expected a MESSAGE, got {other:?}"),
    }
    match &page.results[1] {
        conversations::Message::Comment(c) => {
            assert_eq!(c.text, "Escalating to billing.");
            assert_eq!(c.created_by, "A-1234567");
        }
        other => panic!("expected a COMMENT, got {other:?}"),
    }
    match &page.results[2] {
        conversations::Message::ThreadStatusChange(e) => {
            assert_eq!(
                e.new_status,
                conversations::ThreadStatusChangeNewStatus::Closed
            );
            assert_eq!(
                e.client.client_type,
                conversations::MessageClientClientType::System
            );
        }
        other => panic!("expected a THREAD_STATUS_CHANGE, got {other:?}"),
    }
    match &page.results[3] {
        conversations::Message::Unknown(raw) => {
            assert_eq!(raw["type"], "CALL_TRANSCRIPT");
            assert_eq!(raw["id"], "future000000000000000000000000001");
        }
        other => panic!("expected an unknown message kept as JSON, got {other:?}"),
    }
}

#[tokio::test]
async fn conversations_messages_create_sends_message_and_decodes_201() {
    let (server, client) = start().await;
    let route = "/conversations/v3/conversations/threads/7509711154/messages";
    let expected_body = json!({
        "type": "MESSAGE",
        "text": "Thanks Jane, the corrected invoice is attached.",
        "richText": "<p>Thanks Jane, the corrected invoice is attached.</p>",
        "subject": "Re: Invoice #1042",
        "attachments": [{ "type": "FILE", "fileId": "163782931" }],
        "recipients": [{
            "actorId": "V-5432",
            "name": "Jane Doe",
            "recipientField": "TO",
            "deliveryIdentifiers": [{ "type": "HS_EMAIL_ADDRESS", "value": "jane.doe@example.com" }]
        }],
        "senderActorId": "A-1234567",
        "channelId": "1002",
        "channelAccountId": "240288"
    });
    mount_with_body(
        &server,
        "POST",
        route,
        &expected_body,
        json_response(
            201,
            json!({
                "type": "MESSAGE",
                "id": "b7e2f0c1d2e3f4a5b6c7d8e9f0a1b2c3",
                "conversationsThreadId": "7509711154",
                "createdAt": "2024-03-11T10:05:00.000Z",
                "createdBy": "A-1234567",
                "client": { "clientType": "INTEGRATION", "integrationAppId": 2837465 },
                "senders": [{ "actorId": "A-1234567", "name": "Ada Agent", "senderField": "FROM" }],
                "recipients": [{
                    "actorId": "V-5432",
                    "name": "Jane Doe",
                    "recipientField": "TO",
                    "deliveryIdentifier": { "type": "HS_EMAIL_ADDRESS", "value": "jane.doe@example.com" }
                }],
                "archived": false,
                "text": "Thanks Jane, the corrected invoice is attached.",
                "richText": "<p>Thanks Jane, the corrected invoice is attached.</p>",
                "subject": "Re: Invoice #1042",
                "attachments": [],
                "truncationStatus": "NOT_TRUNCATED",
                "status": { "statusType": "SENT" },
                "direction": "OUTGOING",
                "channelId": "1002",
                "channelAccountId": "240288"
            }),
        )
        .insert_header(
            "Location",
            "https://api.hubapi.com/conversations/v3/conversations/threads/7509711154/messages/b7e2f0c1d2e3f4a5b6c7d8e9f0a1b2c3",
        ),
    )
    .await;

    let body =
        conversations::SendMessageRequest::ConversationsMessageInput(
            conversations::ConversationsMessageInput::new(
                conversations::ConversationsMessageInputType::Message,
                "Thanks Jane, the corrected invoice is attached.",
                [conversations::AttachmentInput::File(
                    conversations::FileAttachmentInput::new(
                        conversations::FileAttachmentInputType::File,
                        "163782931",
                    ),
                )],
                [conversations::MessageRecipientInput::new([
                    conversations::DeliveryIdentifier::new(
                        conversations::DeliveryIdentifierType::HsEmailAddress,
                        "jane.doe@example.com",
                    ),
                ])
                .actor_id("V-5432")
                .name("Jane Doe")
                .recipient_field("TO")],
                "A-1234567",
                "1002",
                "240288",
            )
            .rich_text("<p>Thanks Jane, the corrected invoice is attached.</p>")
            .subject("Re: Invoice #1042"),
        );
    let result = client
        .v3()
        .conversations()
        .threads()
        .messages()
        .create("7509711154", body)
        .send()
        .await;

    let request = the_request(&server).await;
    check(&request, "POST", route, &[], Some(&expected_body));

    match result.expect("201 decodes") {
        conversations::Message::Conversations(m) => {
            assert_eq!(m.id, "b7e2f0c1d2e3f4a5b6c7d8e9f0a1b2c3");
            assert_eq!(m.conversations_thread_id, "7509711154");
            assert_eq!(
                m.direction,
                conversations::ConversationsMessageDirection::Outgoing
            );
            assert_eq!(
                m.status.and_then(|s| s.status_type),
                Some(conversations::MessageStatusStatusType::Sent)
            );
            assert_eq!(m.client.integration_app_id, Some(2837465));
            assert_eq!(m.recipients[0].name.as_deref(), Some("Jane Doe"));
            assert!(m.attachments.is_empty());
        }
        other => panic!("expected a MESSAGE, got {other:?}"),
    }
}

#[tokio::test]
async fn conversations_messages_create_comment_sends_comment_body() {
    let (server, client) = start().await;
    let route = "/conversations/v3/conversations/threads/7509711154/messages";
    let expected_body = json!({
        "type": "COMMENT",
        "text": "@billing please double-check line 3.",
        "attachments": []
    });
    mount_with_body(
        &server,
        "POST",
        route,
        &expected_body,
        json_response(
            201,
            json!({
                "type": "COMMENT",
                "id": "c0mment0000000000000000000000002",
                "conversationsThreadId": "7509711154",
                "createdAt": "2024-03-11T10:06:00.000Z",
                "createdBy": "A-1234567",
                "client": { "clientType": "INTEGRATION", "integrationAppId": 2837465 },
                "senders": [{ "actorId": "A-1234567" }],
                "recipients": [],
                "archived": false,
                "text": "@billing please double-check line 3.",
                "richText": "@billing please double-check line 3.",
                "attachments": []
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .threads()
        .messages()
        .create(
            "7509711154",
            conversations::SendMessageRequest::CommentInput(conversations::CommentInput::new(
                conversations::CommentInputType::Comment,
                "@billing please double-check line 3.",
                [],
            )),
        )
        .send()
        .await;

    let request = the_request(&server).await;
    check(&request, "POST", route, &[], Some(&expected_body));
    match result.expect("201 decodes") {
        conversations::Message::Comment(c) => {
            assert_eq!(c.id, "c0mment0000000000000000000000002");
            assert_eq!(c.text, "@billing please double-check line 3.");
        }
        other => panic!("expected a COMMENT, got {other:?}"),
    }
}

#[tokio::test]
async fn conversations_inboxes_list_decodes_inboxes() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/conversations/v3/conversations/inboxes",
        json_response(
            200,
            json!({
                "total": 2,
                "results": [
                    {
                        "id": "147959634",
                        "name": "Support",
                        "type": "INBOX",
                        "createdAt": "2023-06-01T12:00:00.000Z",
                        "updatedAt": "2024-02-01T09:00:00.000Z",
                        "archived": false
                    },
                    {
                        "id": "147959635",
                        "name": "Help Desk",
                        "type": "HELP_DESK",
                        "createdAt": "2023-07-01T12:00:00.000Z",
                        "updatedAt": "2024-02-02T09:00:00.000Z",
                        "archived": false
                    }
                ],
                "paging": { "next": { "after": "147959635" } }
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .inboxes()
        .list()
        .limit(20)
        .archived(false)
        .sort(["id"])
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/conversations/v3/conversations/inboxes",
        &[("archived", "false"), ("limit", "20"), ("sort", "id")],
        None,
    );

    let inboxes = result.expect("200 decodes");
    assert_eq!(inboxes.total, Some(2));
    assert_eq!(inboxes.results[0].id, "147959634");
    assert_eq!(inboxes.results[0].name, "Support");
    assert_eq!(
        inboxes.results[0].r#type,
        Some(conversations::InboxType::Inbox)
    );
    assert_eq!(
        inboxes.results[1].r#type,
        Some(conversations::InboxType::HelpDesk)
    );
    assert_eq!(
        inboxes
            .paging
            .and_then(|p| p.next)
            .and_then(|n| n.after)
            .as_deref(),
        Some("147959635")
    );
}

#[tokio::test]
async fn conversations_channels_get_decodes_channel() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/conversations/v3/conversations/channels/1002",
        json_response(200, json!({ "id": "1002", "name": "Email" })),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .channels()
        .get("1002")
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/conversations/v3/conversations/channels/1002",
        &[],
        None,
    );
    let channel = result.expect("200 decodes");
    assert_eq!(channel.id, "1002");
    assert_eq!(channel.name, "Email");
    assert_eq!(channel.r#type, None);
}

#[tokio::test]
async fn conversations_channel_accounts_list_sends_exploded_ids_and_decodes() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/conversations/v3/conversations/channel-accounts",
        json_response(
            200,
            json!({
                "total": 1,
                "results": [{
                    "id": "240288",
                    "name": "support@example.com",
                    "channelId": "1002",
                    "inboxId": "147959634",
                    "active": true,
                    "authorized": true,
                    "archived": false,
                    "createdAt": "2023-06-01T12:30:00.000Z",
                    "deliveryIdentifier": { "type": "HS_EMAIL_ADDRESS", "value": "support@example.com" }
                }]
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .channel_accounts()
        .list()
        .channel_id(["1000", "1002"])
        .inbox_id(["147959634"])
        .limit(50)
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/conversations/v3/conversations/channel-accounts",
        &[
            ("channelId", "1000"),
            ("channelId", "1002"),
            ("inboxId", "147959634"),
            ("limit", "50"),
        ],
        None,
    );

    let accounts = result.expect("200 decodes");
    assert_eq!(accounts.total, 1);
    let account = &accounts.results[0];
    assert_eq!(account.id, "240288");
    assert_eq!(account.channel_id, "1002");
    assert_eq!(account.inbox_id, "147959634");
    assert!(account.active && account.authorized && !account.archived);
    let address = account
        .delivery_identifier
        .as_ref()
        .expect("delivery identifier");
    assert_eq!(
        address.r#type,
        conversations::DeliveryIdentifierType::HsEmailAddress
    );
    assert_eq!(address.value, "support@example.com");
    assert!(accounts.paging.is_none());
}

#[tokio::test]
async fn conversations_actors_get_decodes_agent_actor() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/conversations/v3/conversations/actors/A-1234567",
        json_response(
            200,
            json!({
                "type": "AGENT",
                "id": "A-1234567",
                "name": "Ada Agent",
                "email": "ada@example.com",
                "avatar": "https://avatars.hubspot.net/ada.png"
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .actors()
        .get("A-1234567")
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/conversations/v3/conversations/actors/A-1234567",
        &[],
        None,
    );
    match result.expect("200 decodes") {
        conversations::Actor::Agent(agent) => {
            assert_eq!(agent.id, "A-1234567");
            assert_eq!(agent.name.as_deref(), Some("Ada Agent"));
            assert_eq!(agent.email.as_deref(), Some("ada@example.com"));
            assert_eq!(agent.r#type, conversations::AgentActorType::Agent);
        }
        other => panic!("expected an AGENT actor, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[tokio::test]
async fn error_404_with_hubspot_json_body_becomes_api_error_with_all_fields() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/crm/v3/objects/contacts/404404",
        json_response(
            404,
            json!({
                "status": "error",
                "message": "Object not found.  objectId are usually numeric.",
                "correlationId": "b8b2f5a4-8c1f-4a43-9e3e-2a6f0f5c1d2e",
                "category": "OBJECT_NOT_FOUND",
                "subCategory": "crm.objects.OBJECT_NOT_FOUND",
                "context": { "id": ["404404"], "objectType": ["CONTACT"] },
                "links": { "knowledge-base": "https://www.hubspot.com/products/service/knowledge-base" },
                "errors": [{
                    "message": "Contact 404404 does not exist",
                    "code": "OBJECT_NOT_FOUND",
                    "in": "contactId",
                    "subCategory": "crm.objects.OBJECT_NOT_FOUND",
                    "context": { "id": ["404404"] }
                }]
            }),
        ),
    )
    .await;

    let result = client.v3().contacts().get("404404").send().await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/crm/v3/objects/contacts/404404",
        &[],
        None,
    );

    let err = result.expect_err("404 is an error");
    assert_eq!(err.status(), Some(404));
    let api = match &err {
        Error::Api(api) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.category.as_deref(), Some("OBJECT_NOT_FOUND"));
    assert_eq!(
        api.sub_category.as_deref(),
        Some("crm.objects.OBJECT_NOT_FOUND")
    );
    assert_eq!(
        api.message,
        "Object not found.  objectId are usually numeric."
    );
    assert_eq!(
        api.correlation_id.as_deref(),
        Some("b8b2f5a4-8c1f-4a43-9e3e-2a6f0f5c1d2e")
    );
    assert_eq!(api.context["id"], vec!["404404".to_string()]);
    assert_eq!(api.context["objectType"], vec!["CONTACT".to_string()]);
    assert_eq!(
        api.links["knowledge-base"],
        "https://www.hubspot.com/products/service/knowledge-base"
    );
    assert_eq!(api.errors.len(), 1);
    assert_eq!(api.errors[0].message, "Contact 404404 does not exist");
    assert_eq!(api.errors[0].code.as_deref(), Some("OBJECT_NOT_FOUND"));
    assert_eq!(api.errors[0].location.as_deref(), Some("contactId"));
    assert_eq!(api.errors[0].context["id"], vec!["404404".to_string()]);
    assert!(api.body.contains("b8b2f5a4-8c1f-4a43-9e3e-2a6f0f5c1d2e"));
    assert_eq!(err.api(), Some(&**api));
    let shown = err.to_string();
    assert!(shown.contains("404"), "{shown}");
    assert!(shown.contains("OBJECT_NOT_FOUND"), "{shown}");
    assert!(
        shown.contains("b8b2f5a4-8c1f-4a43-9e3e-2a6f0f5c1d2e"),
        "{shown}"
    );
}

#[tokio::test]
async fn error_html_502_becomes_api_error_not_decode_error() {
    let (server, client) = start().await;
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
    mount(
        &server,
        "GET",
        "/crm/v3/objects/calls",
        ResponseTemplate::new(502).set_body_raw(html, "text/html"),
    )
    .await;

    let result = client.v3().calls().list().limit(5).send().await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/crm/v3/objects/calls",
        &[("limit", "5")],
        None,
    );

    let err = result.expect_err("502 is an error");
    assert_eq!(err.status(), Some(502));
    match &err {
        Error::Api(api) => {
            assert_eq!(api.status, 502);
            assert_eq!(api.category, None);
            assert_eq!(api.correlation_id, None);
            assert!(api.errors.is_empty());
            assert!(api.message.contains("502 Bad Gateway"), "{}", api.message);
            assert!(api.body.starts_with("<html>"), "{}", api.body);
        }
        other => panic!("expected Error::Api for an HTML 502, got {other:?}"),
    }
}

#[tokio::test]
async fn error_malformed_200_body_becomes_decode_error_with_json_path() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/crm/v3/objects/contacts",
        json_response(
            200,
            json!({
                "results": [
                    contact_json("512", "jane.doe@example.com", Some("Jane")),
                    {
                        "id": "513",
                        "properties": { "email": "john.roe@example.com" },
                        "createdAt": "last tuesday",
                        "updatedAt": "2024-03-11T09:16:00.000Z",
                        "archived": false
                    }
                ]
            }),
        ),
    )
    .await;

    let result = client.v3().contacts().list().send().await;

    let request = the_request(&server).await;
    check(&request, "GET", "/crm/v3/objects/contacts", &[], None);

    match result.expect_err("a malformed body is an error") {
        Error::Decode {
            status,
            path,
            message,
            snippet,
        } => {
            assert_eq!(status, 200);
            assert_eq!(path, "results[1].createdAt");
            assert!(!message.is_empty());
            assert!(snippet.starts_with("{\"results\""), "{snippet}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn error_wrong_json_type_reports_path_into_properties_map() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/crm/v3/objects/calls/31190519041",
        json_response(
            200,
            json!({
                "id": "31190519041",
                "properties": { "hs_call_title": "Renewal call", "hs_call_duration": 360000 },
                "createdAt": "2024-03-11T10:00:00.000Z",
                "updatedAt": "2024-03-11T10:06:00.000Z",
                "archived": false
            }),
        ),
    )
    .await;

    let result = client.v3().calls().get("31190519041").send().await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/crm/v3/objects/calls/31190519041",
        &[],
        None,
    );
    match result.expect_err("a number where a string belongs is an error") {
        Error::Decode { status, path, .. } => {
            assert_eq!(status, 200);
            assert_eq!(path, "properties.hs_call_duration");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn error_decode_path_inside_tagged_union_reaches_the_failing_field() {
    let (server, client) = start().await;
    let route = "/conversations/v3/conversations/threads/7509711154/messages";
    mount(
        &server,
        "GET",
        route,
        json_response(
            200,
            json!({
                "results": [{
                    "type": "COMMENT",
                    "id": "c0mment0000000000000000000000001",
                    "conversationsThreadId": "7509711154",
                    "createdAt": "not a timestamp",
                    "createdBy": "A-1234567",
                    "client": { "clientType": "HUBSPOT" },
                    "senders": [],
                    "recipients": [],
                    "archived": false,
                    "text": "Escalating to billing.",
                    "richText": "<p>Escalating to billing.</p>",
                    "attachments": []
                }]
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .threads()
        .messages()
        .list("7509711154")
        .send()
        .await;

    let request = the_request(&server).await;
    check(&request, "GET", route, &[], None);
    match result.expect_err("a malformed message is an error") {
        Error::Decode { path, .. } => assert_eq!(path, "results[0].createdAt"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn error_decode_path_through_nested_unions_reaches_the_failing_field() {
    let (server, client) = start().await;
    let route = "/conversations/v3/conversations/threads/7509711154/messages";
    mount(
        &server,
        "GET",
        route,
        json_response(
            200,
            json!({
                "results": [{
                    "type": "COMMENT",
                    "id": "c0mment0000000000000000000000001",
                    "conversationsThreadId": "7509711154",
                    "createdAt": "2024-03-11T10:00:00.000Z",
                    "createdBy": "A-1234567",
                    "client": { "clientType": "HUBSPOT" },
                    "senders": [],
                    "recipients": [],
                    "archived": false,
                    "text": "See attached.",
                    "richText": "<p>See attached.</p>",
                    "attachments": [
                        { "type": "FILE", "fileId": "1", "fileUsageType": "IMAGE" },
                        { "type": "FILE", "fileId": 2, "fileUsageType": "IMAGE" }
                    ]
                }]
            }),
        ),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .threads()
        .messages()
        .list("7509711154")
        .send()
        .await;

    match result.expect_err("a malformed attachment is an error") {
        Error::Decode { path, message, .. } => {
            assert_eq!(path, "results[0].attachments[1].fileId", "{message}");
            assert!(message.contains("expected a string"), "{message}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_thread_status_decodes_into_unknown_variant() {
    let (server, client) = start().await;
    mount(
        &server,
        "GET",
        "/conversations/v3/conversations/threads/7509711154",
        json_response(200, thread_json("7509711154", "SNOOZED")),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .threads()
        .get("7509711154")
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/conversations/v3/conversations/threads/7509711154",
        &[],
        None,
    );
    let thread = result.expect("an unknown enum value still decodes");
    assert_eq!(
        thread.status,
        conversations::ThreadStatus::Unknown("SNOOZED".to_string())
    );
    assert_eq!(thread.status.as_str(), "SNOOZED");
    assert_eq!(thread.id, "7509711154");
}

#[tokio::test]
async fn error_429_rate_limit_body_without_category_becomes_rate_limited_error() {
    let (server, client) = start().await;
    mount(
        &server,
        "POST",
        "/crm/v3/objects/contacts/batch/read",
        json_response(
            429,
            json!({
                "status": "error",
                "message": "You have reached your ten_secondly_rolling limit.",
                "errorType": "RATE_LIMIT",
                "correlationId": "4c7a3f1e-0b1d-4e5f-9a8b-7c6d5e4f3a2b",
                "policyName": "TEN_SECONDLY_ROLLING",
                "groupName": "publicapi:private-app:4242"
            }),
        )
        .insert_header("Retry-After", "1"),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .batch()
        .read(batch_read_input())
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "POST",
        "/crm/v3/objects/contacts/batch/read",
        &[],
        Some(&batch_read_body()),
    );
    match result.expect_err("429 is an error") {
        Error::RateLimited {
            policy,
            retry_after,
            api,
        } => {
            assert_eq!(policy, hubspot_client::RateLimitPolicy::TenSecondlyRolling);
            assert_eq!(retry_after, Some(std::time::Duration::from_secs(1)));
            assert_eq!(api.status, 429);
            assert_eq!(api.category, None);
            assert_eq!(
                api.message,
                "You have reached your ten_secondly_rolling limit."
            );
            assert_eq!(
                api.correlation_id.as_deref(),
                Some("4c7a3f1e-0b1d-4e5f-9a8b-7c6d5e4f3a2b")
            );
            assert!(api.body.contains("TEN_SECONDLY_ROLLING"), "{}", api.body);
        }
        other => panic!("expected Error::RateLimited, got {other:?}"),
    }
}

#[tokio::test]
async fn error_empty_500_body_becomes_api_error_with_status_message() {
    let (server, client) = start().await;
    mount(
        &server,
        "DELETE",
        "/crm/v3/objects/calls/31190519041",
        ResponseTemplate::new(500),
    )
    .await;

    let result = client.v3().calls().archive("31190519041").send().await;

    let request = the_request(&server).await;
    check(
        &request,
        "DELETE",
        "/crm/v3/objects/calls/31190519041",
        &[],
        None,
    );
    match result.expect_err("500 is an error") {
        Error::Api(api) => {
            assert_eq!(api.status, 500);
            assert_eq!(api.message, "HTTP 500 with an empty body");
            assert_eq!(api.body, "");
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(format!("{}/hubspot-proxy/", server.uri()))
        .access_token(TOKEN)
        .build()
        .expect("client builds");
    mount(
        &server,
        "GET",
        "/hubspot-proxy/conversations/v3/conversations/channels/1000",
        json_response(200, json!({ "id": "1000", "name": "Live chat" })),
    )
    .await;

    let result = client
        .v3()
        .conversations()
        .channels()
        .get("1000")
        .send()
        .await;

    let request = the_request(&server).await;
    check(
        &request,
        "GET",
        "/hubspot-proxy/conversations/v3/conversations/channels/1000",
        &[],
        None,
    );
    assert_eq!(result.expect("200 decodes").name, "Live chat");
}

#[tokio::test]
async fn dot_segment_path_parameters_cannot_escape_their_segment() {
    let (server, client) = start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let result = client
        .v3()
        .contacts()
        .associations()
        .archive("512", "..", "..", "279")
        .send()
        .await;

    let requests = server.received_requests().await.expect("recording is on");
    // Either the client refuses the values, or what it sends stays below the
    // association path; it must never archive contact 279.
    match result {
        Err(Error::InvalidRequest(_)) => assert!(requests.is_empty(), "{requests:?}"),
        other => {
            assert_eq!(requests.len(), 1, "{other:?}");
            let sent = requests[0].url.path().to_string();
            assert!(
                sent.starts_with("/crm/v3/objects/contacts/512/associations/"),
                "the DELETE went to {sent}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------

#[tokio::test]
async fn api_key_client_sends_hapikey_query_and_no_authorization_header() {
    let server = MockServer::start().await;
    let key = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(key)
        .build()
        .expect("client builds");
    mount(
        &server,
        "GET",
        "/crm/v3/objects/contacts",
        json_response(
            200,
            json!({ "results": [contact_json("512", "jane.doe@example.com", Some("Jane"))] }),
        ),
    )
    .await;

    let result = client
        .v3()
        .contacts()
        .list()
        .limit(1)
        .properties(["email", "firstname"])
        .send()
        .await;

    let request = the_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/crm/v3/objects/contacts");
    assert_eq!(
        query_pairs(&request),
        sorted_pairs(&[
            ("hapikey", key),
            ("limit", "1"),
            ("properties", "email"),
            ("properties", "firstname"),
        ])
    );
    assert_eq!(header(&request, "authorization"), None);

    let page = result.expect("200 decodes");
    assert_eq!(page.results[0].id, "512");
    assert_eq!(prop(&page.results[0].properties, "firstname"), Some("Jane"));
    assert!(!format!("{client:?}").contains(key));
}

#[tokio::test]
async fn access_token_never_appears_in_debug_output_but_is_still_sent() {
    let (server, client) = start().await;
    for shown in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.v3().contacts()),
        format!("{:?}", client.v3().contacts().get("512")),
        format!("{:?}", Client::builder().access_token(TOKEN)),
    ] {
        assert!(!shown.contains(TOKEN), "token leaked in {shown}");
        // Only the secret is hidden, not the whole value.
        assert!(shown.contains("Bearer"), "auth kind missing in {shown}");
    }
    assert!(format!("{client:?}").contains(&server.uri()));

    mount(
        &server,
        "GET",
        "/crm/v3/objects/contacts/512",
        json_response(
            200,
            contact_json("512", "jane.doe@example.com", Some("Jane")),
        ),
    )
    .await;
    let contact = client
        .v3()
        .contacts()
        .get("512")
        .send()
        .await
        .expect("200 decodes");
    assert_eq!(contact.id, "512");
    let request = the_request(&server).await;
    check(&request, "GET", "/crm/v3/objects/contacts/512", &[], None);
}

#[tokio::test]
async fn api_key_is_not_leaked_by_transport_errors() {
    // A server on 127.0.0.1 that hangs up on the first connection without
    // answering, then stops listening: the request fails in transport.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let hang_up = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        drop(stream);
    });
    let key = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key(key)
        .build()
        .expect("client builds");

    let err = client
        .v3()
        .contacts()
        .list()
        .send()
        .await
        .expect_err("nothing listens");
    hang_up.join().expect("the hang-up thread ends");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status(), None);
    assert!(!err.to_string().contains(key), "{err}");
    assert!(!format!("{err:?}").contains(key), "{err:?}");
}

#[tokio::test]
async fn base_url_without_scheme_is_a_config_error() {
    let err = Client::builder()
        .base_url("127.0.0.1:8080")
        .access_token(TOKEN)
        .build()
        .expect_err("no scheme");
    match err {
        Error::Config(message) => assert!(message.contains("http://"), "{message}"),
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Types the CRM APIs share

/// A record fetched through one CRM API is a value of every CRM API's
/// record type: they are one shared type, re-exported by each API.
#[tokio::test]
async fn a_contact_record_is_the_same_type_as_a_call_record() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/contacts/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "7",
            "properties": { "email": "jane@example.com" },
            "createdAt": "2024-01-02T03:04:05Z",
            "updatedAt": "2024-01-02T03:04:05Z",
            "archived": false
        })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .build()
        .expect("client");
    let contact: contacts::SimplePublicObjectWithAssociations = client
        .v3()
        .contacts()
        .get("7")
        .send()
        .await
        .expect("contact");
    // Both annotations name the same type, so this compiles and is a move.
    let as_call: calls::SimplePublicObjectWithAssociations = contact;
    let as_communication: communications::SimplePublicObjectWithAssociations = as_call.clone();
    assert_eq!(as_call, as_communication);
    assert_eq!(
        as_call.properties["email"].as_deref(),
        Some("jane@example.com")
    );
}
