//! HubSpot's date-based API versions in the generated client, against a local
//! mock server (127.0.0.1 only): the default version's bound object types, a
//! custom object through `objects(…)`, associations (default, labelled,
//! batch) and their labels, and the same call made through 2026-09, 2026-03
//! and the legacy v3 from one client.

use hubspot_client::{v2026_03, v2026_09, v3};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

mod common;
use common::{json_response, mount_authed, start};

/// A generated type from JSON, as a caller would build a body.
fn typed<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the JSON fits the generated type")
}

fn record(id: &str, email: &str) -> Value {
    json!({
        "id": id,
        "properties": { "email": email, "hs_object_id": id },
        "createdAt": "2026-10-01T09:00:00.000Z",
        "updatedAt": "2026-10-02T09:00:00.000Z",
        "archived": false
    })
}

#[tokio::test]
async fn the_default_client_speaks_2026_09_with_the_object_type_in_the_path() {
    let (server, client) = start().await;
    Mock::given(method("GET"))
        .and(path("/crm/objects/2026-09/contacts/jane%40example.com"))
        .and(query_param("idProperty", "email"))
        .respond_with(ResponseTemplate::new(200).set_body_json(record("512", "jane@example.com")))
        .expect(1)
        .mount(&server)
        .await;

    // `hubspot_client::contacts` is the default version's module.
    let api: v2026_09::contacts::ContactsApi = client.contacts();
    let contact: hubspot_client::contacts::SimplePublicObjectWithAssociations = api
        .get("jane@example.com")
        .id_property("email")
        .properties(["email", "firstname"])
        .send()
        .await
        .expect("decodes");
    assert_eq!(contact.id, "512");
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(
        requests[0].url.query(),
        Some("idProperty=email&properties=email&properties=firstname")
    );
    assert_eq!(
        contact.properties["email"].as_deref(),
        Some("jane@example.com")
    );
}

#[tokio::test]
async fn one_client_makes_the_same_call_through_2026_09_2026_03_and_v3() {
    let (server, client) = start().await;
    for version in ["2026-09", "2026-03"] {
        let route = format!("/crm/objects/{version}/contacts/7");
        mount_authed(
            &server,
            "GET",
            &route,
            json_response(200, record("7", "jo@example.com")),
        )
        .await;
    }
    mount_authed(
        &server,
        "GET",
        "/crm/v3/objects/contacts/7",
        json_response(200, record("7", "jo@example.com")),
    )
    .await;

    let current = client.contacts().get("7").send().await.expect("2026-09");
    let supported = client
        .v2026_03()
        .contacts()
        .get("7")
        .send()
        .await
        .expect("2026-03");
    let legacy = client.v3().contacts().get("7").send().await.expect("v3");
    // Moving a call between versions changes the module path only: the
    // method and its arguments are the same, and each version's type reads
    // the same record.
    let _: v2026_03::contacts::SimplePublicObjectWithAssociations = supported.clone();
    let _: v3::contacts::SimplePublicObjectWithAssociations = legacy.clone();
    assert_eq!(current.properties, supported.properties);
    assert_eq!(supported.properties, legacy.properties);

    let mut paths: Vec<String> = server
        .received_requests()
        .await
        .expect("recording on")
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/crm/objects/2026-03/contacts/7",
            "/crm/objects/2026-09/contacts/7",
            "/crm/v3/objects/contacts/7",
        ]
    );
}

#[tokio::test]
async fn objects_takes_any_object_type_a_custom_one_included() {
    let (server, client) = start().await;
    Mock::given(method("GET"))
        .and(path("/crm/objects/2026-09/p_my_object"))
        .and(query_param("limit", "10"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "results": [record("1", "a@example.com")],
            "paging": { "next": { "after": "1" } }
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/crm/objects/2026-09/2-1234567"))
        .and(body_json(json!({
            "associations": [],
            "properties": { "name": "Widget" }
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(record("99", "w@example.com")))
        .expect(1)
        .mount(&server)
        .await;
    // A type that is no safe path segment is percent-encoded.
    mount_authed(
        &server,
        "GET",
        "/crm/objects/2026-09/p%20odd%2Ftype/5",
        json_response(200, record("5", "o@example.com")),
    )
    .await;

    let page = client
        .objects("p_my_object")
        .list()
        .limit(10)
        .send()
        .await
        .expect("page");
    assert_eq!(page.results.len(), 1);

    let created = client
        .objects("2-1234567")
        .create(typed(
            json!({ "associations": [], "properties": { "name": "Widget" } }),
        ))
        .send()
        .await
        .expect("created");
    assert_eq!(created.id, "99");

    let odd = client
        .objects("p odd/type")
        .get("5")
        .send()
        .await
        .expect("odd type");
    assert_eq!(odd.id, "5");
}

#[tokio::test]
async fn a_contacts_associations_default_labelled_and_batch() {
    let (server, client) = start().await;
    let labels_between = json!({
        "fromObjectTypeId": "0-1",
        "fromObjectId": "512",
        "toObjectTypeId": "0-2",
        "toObjectId": "9845651",
        "labels": ["Primary"]
    });
    let batch_answer = json!({
        "status": "COMPLETE",
        "results": [labels_between],
        "startedAt": "2026-10-01T09:00:00.000Z",
        "completedAt": "2026-10-01T09:00:01.000Z"
    });
    mount_authed(
        &server,
        "PUT",
        "/crm/objects/2026-09/contacts/512/associations/default/companies/9845651",
        json_response(
            200,
            json!({
                "status": "COMPLETE",
                "results": [{
                    "from": { "id": "512" },
                    "to": { "id": "9845651" },
                    "associationSpec": {
                        "associationCategory": "HUBSPOT_DEFINED",
                        "associationTypeId": 279
                    }
                }],
                "startedAt": "2026-10-01T09:00:00.000Z",
                "completedAt": "2026-10-01T09:00:01.000Z"
            }),
        ),
    )
    .await;
    Mock::given(method("PUT"))
        .and(path(
            "/crm/objects/2026-09/contacts/512/associations/companies/9845651",
        ))
        .and(body_json(json!([
            { "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279 }
        ])))
        .respond_with(ResponseTemplate::new(201).set_body_json(labels_between.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let batch_body = json!({
        "inputs": [{
            "from": { "id": "512" },
            "to": { "id": "9845651" },
            "types": [{ "associationCategory": "USER_DEFINED", "associationTypeId": 36 }]
        }]
    });
    Mock::given(method("POST"))
        .and(path(
            "/crm/associations/2026-09/contacts/companies/batch/create",
        ))
        .and(body_json(batch_body.clone()))
        .respond_with(ResponseTemplate::new(201).set_body_json(batch_answer))
        .expect(1)
        .mount(&server)
        .await;

    let associations = client.contacts().associations();
    associations
        .create_default("512", "companies", "9845651")
        .send()
        .await
        .expect("default association");
    associations
        .create(
            "512",
            "companies",
            "9845651",
            vec![typed(json!({
                "associationCategory": "HUBSPOT_DEFINED",
                "associationTypeId": 279
            }))],
        )
        .send()
        .await
        .expect("labelled association");
    associations
        .batch()
        .create("companies", typed(batch_body))
        .send()
        .await
        .expect("batch association");
}

#[tokio::test]
async fn association_labels_come_from_the_associations_schema_api() {
    let (server, client) = start().await;
    mount_authed(
        &server,
        "GET",
        "/crm/associations/2026-09/contacts/companies/labels",
        json_response(
            200,
            json!({
                "results": [
                    { "category": "HUBSPOT_DEFINED", "typeId": 279, "label": null },
                    { "category": "USER_DEFINED", "typeId": 36, "label": "Billing contact" }
                ]
            }),
        ),
    )
    .await;

    let labels = client
        .associations_schema()
        .labels()
        .list("contacts", "companies")
        .send()
        .await
        .expect("labels");
    let found: Vec<(i32, Option<&str>)> = labels
        .results
        .iter()
        .map(|l| (l.type_id, l.label.as_deref()))
        .collect();
    assert_eq!(found, [(279, None), (36, Some("Billing contact"))]);
}
