//! Typed CRM properties (`hubspot_client::properties`), generated from
//! `specs/properties/`: HubSpot's string encoding both ways for every
//! property type, and the typed paths of the seeds' examples against a
//! local wiremock server.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::{json_response, start};
use futures::TryStreamExt;
use hubspot_client::properties::{
    associations, CallCreate, CallDirection, CallDisposition, CallProperties, CallProperty,
    CallSource, CallStatus, CommunicationChannelType, CommunicationCreate, CommunicationLoggedFrom,
    ContactCreate, ContactLifecyclestage, ContactProperties, Properties, Value,
};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;
use wiremock::matchers::{body_json, method, path};
use wiremock::Mock;

fn wire(pairs: &[(&str, Option<&str>)]) -> BTreeMap<String, Option<String>> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
        .collect()
}

#[test]
fn every_property_type_reads_hubspot_strings() {
    let call = CallProperties::from_wire(wire(&[
        ("hs_timestamp", Some("2024-10-27T12:00:00Z")),
        ("hs_createdate", Some("1730030400000")),
        ("hs_call_duration", Some("360000")),
        ("hs_call_callee_object_id", Some("123")),
        ("hs_call_direction", Some("OUTBOUND")),
        (
            "hs_call_disposition",
            Some("b2cf5968-551e-4856-9783-52b3da59a7d0"),
        ),
        ("hs_call_status", Some("SOMETHING_NEW")),
        ("hs_attachment_ids", Some("123;456")),
        ("hs_call_title", Some("")),
        ("hs_call_body", None),
        ("hs_pinned_engagement_id", Some("not a number")),
        ("my_custom_property", Some("kept")),
    ]));
    let noon = Utc.with_ymd_and_hms(2024, 10, 27, 12, 0, 0).unwrap();
    // ISO 8601 and epoch milliseconds are the same instant.
    assert_eq!(call.timestamp, Some(noon));
    assert_eq!(call.createdate, Some(noon));
    assert_eq!(call.duration, Some(Duration::from_secs(360)));
    assert_eq!(call.callee_object_id, Some(123));
    assert_eq!(call.direction, Some(CallDirection::Outbound));
    assert_eq!(call.disposition, Some(CallDisposition::LeftVoicemail));
    assert_eq!(
        call.status,
        Some(CallStatus::Unknown("SOMETHING_NEW".into()))
    );
    assert_eq!(call.attachment_ids, Some(vec!["123".into(), "456".into()]));
    // Empty strings and `null` are "no value".
    assert_eq!(call.title, None);
    assert_eq!(call.body, None);
    // A value that does not read as its type is kept, not lost.
    assert_eq!(call.pinned_engagement_id, None);
    assert_eq!(
        call.extra.get("hs_pinned_engagement_id"),
        Some(&Some("not a number".to_string()))
    );
    assert_eq!(
        call.extra.get("my_custom_property"),
        Some(&Some("kept".into()))
    );
    assert!(!call.extra.contains_key("hs_call_title"));
}

#[test]
fn every_property_type_writes_hubspot_strings_and_round_trips() {
    let call = CallProperties::default()
        .timestamp(Utc.with_ymd_and_hms(2024, 10, 27, 12, 0, 0).unwrap())
        .duration(Duration::from_millis(360_000))
        .callee_object_id(123)
        .direction(CallDirection::Inbound)
        .disposition(CallDisposition::Connected)
        .attachment_ids(vec!["123".to_string(), "456".to_string()])
        .extra("my_custom_property", "x")
        .clear(CallProperty::Title);
    let map = call.to_wire();
    let expected: BTreeMap<String, String> = [
        ("hs_timestamp", "2024-10-27T12:00:00.000Z"),
        ("hs_call_duration", "360000"),
        ("hs_call_callee_object_id", "123"),
        ("hs_call_direction", "INBOUND"),
        (
            "hs_call_disposition",
            "f240bbac-87c9-4f6e-bf70-924b57d47db7",
        ),
        ("hs_attachment_ids", "123;456"),
        ("hs_call_title", ""),
        ("my_custom_property", "x"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(map, expected);
    let back = CallProperties::from_wire(map.into_iter().map(|(k, v)| (k, Some(v))).collect());
    assert_eq!(back.duration, call.duration);
    assert_eq!(back.disposition, call.disposition);
    assert_eq!(back.attachment_ids, call.attachment_ids);
    assert_eq!(back.timestamp, call.timestamp);

    // Numbers, booleans and dates on their own.
    assert_eq!(f64::decode("12.5"), Some(12.5));
    assert_eq!(12.5f64.encode(), "12.5");
    assert_eq!(bool::decode("TRUE"), Some(true));
    assert_eq!(false.encode(), "false");
    let day = NaiveDate::from_ymd_opt(2024, 10, 27).unwrap();
    assert_eq!(NaiveDate::decode("2024-10-27"), Some(day));
    assert_eq!(NaiveDate::decode("1729987200000"), Some(day));
    assert_eq!(day.encode(), "2024-10-27");
    assert_eq!(
        Vec::<ContactLifecyclestage>::decode("lead; customer;"),
        Some(vec![
            ContactLifecyclestage::Lead,
            ContactLifecyclestage::Customer
        ])
    );
}

#[test]
fn create_inputs_carry_the_rules_of_a_new_record() {
    // A communication is logged from the CRM: filled in, not asked for.
    let message = CommunicationCreate::new(
        Utc.with_ymd_and_hms(2024, 10, 27, 10, 30, 0).unwrap(),
        CommunicationChannelType::Sms,
    );
    assert_eq!(
        message.properties().logged_from,
        Some(CommunicationLoggedFrom::Crm)
    );
    // A contact is created from one of email, first name and last name.
    let contact = ContactCreate::with_lastname("Doe").firstname("Jane");
    assert_eq!(contact.properties().lastname.as_deref(), Some("Doe"));
    assert_eq!(contact.properties().email, None);
    assert_eq!(
        ContactProperties::names().first().copied(),
        Some("email"),
        "a read asks for the properties in their definition order"
    );
}

/// The seed's create-call example, with no property name and no string for a
/// typed value.
#[tokio::test]
async fn the_seeds_create_call_example_is_typed() {
    let (server, client) = start().await;
    let sent = json!({
        "properties": {
            "hs_timestamp": "2024-10-27T12:00:00.000Z",
            "hs_call_body": "Call summary...",
            "hs_call_callee_object_id": "123",
            "hs_call_callee_object_type": "CONTACT",
            "hs_call_direction": "OUTBOUND",
            "hs_call_disposition": "f240bbac-87c9-4f6e-bf70-924b57d47db7",
            "hs_call_duration": "360000",
            "hs_call_from_number": "+15551234567",
            "hs_call_recording_url": "https://example.com/recording.mp3",
            "hs_call_status": "COMPLETED",
            "hs_call_title": "Client Check-in",
            "hs_call_source": "INTEGRATIONS_PLATFORM",
            "hs_call_to_number": "+15559876543",
            "hubspot_owner_id": "1",
            "hs_activity_type": "Phone Call",
            "hs_attachment_ids": "123;456"
        },
        "associations": [{
            "to": {"id": "123"},
            "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}]
        }]
    });
    let mut answer = sent["properties"].clone();
    answer["hs_object_id"] = json!("9001");
    Mock::given(method("POST"))
        .and(path("/crm/objects/2026-09/calls"))
        .and(body_json(&sent))
        .respond_with(json_response(
            201,
            json!({"id": "9001", "properties": answer, "archived": false,
                   "createdAt": "2024-10-27T12:00:01.000Z", "updatedAt": "2024-10-27T12:00:01.000Z"}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let call = CallCreate::new(Utc.with_ymd_and_hms(2024, 10, 27, 12, 0, 0).unwrap())
        .body("Call summary...")
        .callee_object_id(123)
        .callee_object_type(hubspot_client::properties::CallCalleeObjectType::Contact)
        .direction(CallDirection::Outbound)
        .disposition(CallDisposition::Connected)
        .duration(Duration::from_secs(360))
        .from_number("+15551234567")
        .recording_url("https://example.com/recording.mp3")
        .status(CallStatus::Completed)
        .title("Client Check-in")
        .source(CallSource::IntegrationsPlatform)
        .to_number("+15559876543")
        .owner_id("1")
        .activity_type("Phone Call")
        .attachment_ids(vec!["123".to_string(), "456".to_string()])
        .associate("123", associations::CALL_TO_CONTACT);
    let created = client.calls().typed().create(call).await.expect("created");
    assert_eq!(created.id, "9001");
    assert_eq!(created.properties.object_id, Some(9001));
    assert_eq!(created.properties.duration, Some(Duration::from_secs(360)));
    assert_eq!(created.properties.status, Some(CallStatus::Completed));
    assert_eq!(created.archived, Some(false));
}

/// The seed's create-communication example, in the v3 API of the seeds.
#[tokio::test]
async fn the_seeds_create_communication_example_is_typed() {
    let (server, client) = start().await;
    let sent = json!({
        "properties": {
            "hs_communication_channel_type": "SMS",
            "hs_communication_logged_from": "CRM",
            "hs_communication_body": "Your message text here",
            "hs_timestamp": "2024-10-27T10:30:00.000Z",
            "hubspot_owner_id": "1234567"
        },
        "associations": [
            {"to": {"id": "9001"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 81}]},
            {"to": {"id": "1234"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 87}]}
        ]
    });
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/communications"))
        .and(body_json(&sent))
        .respond_with(json_response(
            201,
            json!({"id": "12021896773", "properties": {
                "hs_communication_channel_type": "SMS",
                "hs_communication_logged_from": "CRM",
                "hs_communication_body": "Your message text here",
                "hs_timestamp": "2024-10-27T10:30:00Z",
                "hs_createdate": "2024-10-27T10:30:00.484Z",
                "hs_object_id": "12021896773"
            }, "createdAt": "2024-10-27T10:30:00.484Z", "updatedAt": "2024-10-27T10:30:00.484Z", "archived": false}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let message = CommunicationCreate::new(
        Utc.with_ymd_and_hms(2024, 10, 27, 10, 30, 0).unwrap(),
        CommunicationChannelType::Sms,
    )
    .body("Your message text here")
    .owner_id("1234567")
    .associate("9001", associations::COMMUNICATION_TO_CONTACT)
    .associate("1234", associations::COMMUNICATION_TO_COMPANY);
    let created = client
        .v3()
        .communications()
        .typed()
        .create(message)
        .await
        .expect("created");
    assert_eq!(created.properties.object_id, Some(12_021_896_773));
    assert_eq!(
        created.properties.channel_type,
        Some(CommunicationChannelType::Sms)
    );
}

/// A typed read asks for every property the type knows, and decodes them.
#[tokio::test]
async fn a_typed_read_asks_for_the_typed_properties() {
    let (server, client) = start().await;
    Mock::given(method("GET"))
        .and(path("/crm/objects/2026-09/contacts/51"))
        .respond_with(json_response(
            200,
            record(
                "51",
                json!({
                    "email": "jane@example.com", "lifecyclestage": "marketingqualifiedlead",
                    "createdate": "2024-10-27T10:30:00.484Z", "favorite_food": "burger"
                }),
            ),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let contact = client.contacts().typed().get("51").await.expect("read");
    assert_eq!(
        contact.properties.email.as_deref(),
        Some("jane@example.com")
    );
    assert_eq!(
        contact.properties.lifecyclestage,
        Some(ContactLifecyclestage::MarketingQualifiedLead)
    );
    assert_eq!(
        contact.properties.extra.get("favorite_food"),
        Some(&Some("burger".into()))
    );
    let requests = server.received_requests().await.expect("recorded");
    let asked: Vec<String> = requests[0]
        .url
        .query_pairs()
        .filter(|(k, _)| k == "properties")
        .flat_map(|(_, v)| v.split(',').map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert_eq!(asked, ContactProperties::names());
}

/// A record as HubSpot returns it, with `properties`.
fn record(id: &str, properties: serde_json::Value) -> serde_json::Value {
    json!({
        "id": id,
        "properties": properties,
        "createdAt": "2024-10-27T10:30:00.484Z",
        "updatedAt": "2024-10-27T10:30:00.484Z",
        "archived": false
    })
}

/// Update sends only what is set or cleared; list and search page through
/// typed records.
#[tokio::test]
async fn typed_update_list_and_search() {
    let (server, client) = start().await;
    Mock::given(method("PATCH"))
        .and(path("/crm/objects/2026-09/contacts/51"))
        .and(body_json(
            json!({"properties": {"lifecyclestage": "customer", "phone": ""}}),
        ))
        .respond_with(json_response(
            200,
            record("51", json!({"lifecyclestage": "customer"})),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let changes = ContactProperties::default()
        .lifecyclestage(ContactLifecyclestage::Customer)
        .clear(hubspot_client::properties::ContactProperty::Phone);
    let updated = client
        .contacts()
        .typed()
        .update("51", changes)
        .await
        .expect("updated");
    assert_eq!(
        updated.properties.lifecyclestage,
        Some(ContactLifecyclestage::Customer)
    );

    Mock::given(method("GET"))
        .and(path("/crm/objects/2026-09/contacts"))
        .respond_with(json_response(
            200,
            json!({"results": [
                record("1", json!({"email": "a@example.com"})),
                record("2", json!({"email": "b@example.com"}))
            ]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let all: Vec<_> = client
        .contacts()
        .typed()
        .list()
        .try_collect()
        .await
        .expect("listed");
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].properties.email.as_deref(), Some("b@example.com"));

    let request = hubspot_client::contacts::PublicObjectSearchRequest::new().query("example");
    let mut asked = serde_json::to_value(&request).unwrap();
    asked["properties"] = json!(ContactProperties::names());
    Mock::given(method("POST"))
        .and(path("/crm/objects/2026-09/contacts/search"))
        .and(body_json(&asked))
        .respond_with(json_response(
            200,
            json!({"total": 1, "results": [
                record("3", json!({"email": "c@example.com", "lifecyclestage": "lead"}))
            ]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let found: Vec<_> = client
        .contacts()
        .typed()
        .search(request)
        .try_collect()
        .await
        .expect("found");
    assert_eq!(
        found[0].properties.lifecyclestage,
        Some(ContactLifecyclestage::Lead)
    );
}

/// A call cannot be created without `hs_timestamp`, nor a contact without
/// one of email, first name and last name: those programs do not compile.
#[test]
fn create_inputs_without_required_properties_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("compile_fail/*.rs");
}

/// 150 typed calls for `create_all`, titled `call 0` … `call 149`.
fn many_calls() -> Vec<CallCreate> {
    let at = Utc.with_ymd_and_hms(2024, 10, 27, 12, 0, 0).unwrap();
    (0..150)
        .map(|i| CallCreate::new(at).title(format!("call {i}")))
        .collect()
}

/// Answers a batch create with a record per input (`id` = its title's
/// number), or with a 500 for a request of `fail_size` inputs.
fn batch_answer(
    fail_size: Option<usize>,
) -> impl Fn(&wiremock::Request) -> wiremock::ResponseTemplate {
    move |request| {
        let body: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
        let inputs = body["inputs"].as_array().expect("inputs").clone();
        if Some(inputs.len()) == fail_size {
            return json_response(500, json!({"status": "error", "message": "boom"}));
        }
        let results: Vec<_> = inputs
            .iter()
            .map(|input| {
                let title = input["properties"]["hs_call_title"]
                    .as_str()
                    .expect("title");
                record(
                    title.trim_start_matches("call "),
                    input["properties"].clone(),
                )
            })
            .collect();
        json_response(
            201,
            json!({"status": "COMPLETE", "results": results,
                   "startedAt": "2024-10-27T12:00:00Z", "completedAt": "2024-10-27T12:00:01Z"}),
        )
    }
}

/// `create_all` sends typed inputs in batches of 100 through the API's batch
/// create, exactly as HubSpot takes them, and returns typed records in input
/// order.
#[tokio::test]
async fn typed_create_all_sends_batches_and_returns_records_in_order() {
    let (server, client) = start().await;
    Mock::given(method("POST"))
        .and(path("/crm/objects/2026-09/calls/batch/create"))
        .respond_with(batch_answer(None))
        .expect(2)
        .mount(&server)
        .await;

    let outcome = client
        .calls()
        .typed()
        .create_all(many_calls())
        .await
        .expect("all created");
    assert!(outcome.is_complete());
    assert_eq!(outcome.requests, 2);
    let ids: Vec<String> = outcome.results.iter().map(|r| r.id.clone()).collect();
    let expected: Vec<String> = (0..150).map(|i| i.to_string()).collect();
    assert_eq!(ids, expected);
    assert_eq!(
        outcome.results[7].properties.title.as_deref(),
        Some("call 7")
    );

    let mut sizes = Vec::new();
    for request in server.received_requests().await.expect("recorded") {
        let body: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON");
        let inputs = body["inputs"].as_array().expect("inputs");
        sizes.push(inputs.len());
        // Only what HubSpot needs: no empty association list.
        let first = &inputs[0];
        let title = first["properties"]["hs_call_title"]
            .as_str()
            .expect("title");
        // The client gives each input a trace id: `input-N`, N its place in
        // the request.
        let sent = json!({"properties": {
            "hs_timestamp": "2024-10-27T12:00:00.000Z", "hs_call_title": title
        }, "objectWriteTraceId": "input-0"});
        assert_eq!(first, &sent);
        assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{body}");
    }
    sizes.sort();
    assert_eq!(sizes, [50, 100]);
}

/// A create batch that fails after HubSpot may have processed it gives its
/// typed inputs back as uncertain, and keeps the records of the other.
#[tokio::test]
async fn typed_create_all_gives_back_uncertain_inputs() {
    let (server, client) = start().await;
    Mock::given(method("POST"))
        .and(path("/crm/objects/2026-09/calls/batch/create"))
        .respond_with(batch_answer(Some(50)))
        .mount(&server)
        .await;

    let inputs = many_calls();
    let failed = client
        .calls()
        .typed()
        .create_all(inputs.clone())
        .await
        .expect_err("the second request fails");
    assert_eq!(failed.completed.results.len(), 100);
    assert_eq!(failed.completed.results[99].id, "99");
    assert_eq!(failed.uncertain, inputs[100..]);
    assert!(failed.resend.is_empty());
    assert!(matches!(failed.error, hubspot_client::Error::Api(ref e) if e.status == 500));
}

/// `get_all` reads records by id through the batch read, asking for the
/// typed properties, and keeps HubSpot's per-item errors of a 207;
/// `update_all` sends each record's set and cleared properties.
#[tokio::test]
async fn typed_get_all_and_update_all() {
    let (server, client) = start().await;
    let names: Vec<&str> = ContactProperties::names().to_vec();
    Mock::given(method("POST"))
        .and(path("/crm/objects/2026-09/contacts/batch/read"))
        .and(body_json(json!({
            "inputs": [{"id": "1"}, {"id": "2"}, {"id": "3"}],
            "properties": names
        })))
        .respond_with(json_response(
            207,
            json!({
                "status": "COMPLETE",
                "results": [
                    record("1", json!({"email": "a@example.com"})),
                    record("2", json!({"email": "b@example.com", "lifecyclestage": "lead"}))
                ],
                "numErrors": 1,
                "errors": [{
                    "status": "error", "category": "OBJECT_NOT_FOUND",
                    "message": "Could not get some CONTACT objects, they may be deleted or not exist.",
                    "context": {"ids": ["3"]}, "errors": [], "links": {}
                }],
                "startedAt": "2024-10-27T12:00:00Z", "completedAt": "2024-10-27T12:00:01Z"
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let read = client
        .contacts()
        .typed()
        .get_all(["1", "2", "3"])
        .await
        .expect("read");
    assert_eq!(read.results.len(), 2);
    assert_eq!(
        read.results[1].properties.lifecyclestage,
        Some(ContactLifecyclestage::Lead)
    );
    assert_eq!((read.errors.len(), read.num_errors), (1, 1));
    assert!(!read.is_complete());
    assert_eq!(read.errors[0].category, "OBJECT_NOT_FOUND");

    Mock::given(method("POST"))
        .and(path("/crm/objects/2026-09/contacts/batch/update"))
        .and(body_json(json!({"inputs": [
            {"id": "1", "properties": {"lifecyclestage": "customer", "phone": ""},
             "objectWriteTraceId": "input-0"},
            {"id": "2", "properties": {"jobtitle": "CTO"}, "objectWriteTraceId": "input-1"}
        ]})))
        .respond_with(json_response(
            200,
            json!({
                "status": "COMPLETE",
                "results": [
                    record("1", json!({"lifecyclestage": "customer"})),
                    record("2", json!({"jobtitle": "CTO"}))
                ],
                "startedAt": "2024-10-27T12:00:00Z", "completedAt": "2024-10-27T12:00:01Z"
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let changes = [
        (
            "1".to_string(),
            ContactProperties::default()
                .lifecyclestage(ContactLifecyclestage::Customer)
                .clear(hubspot_client::properties::ContactProperty::Phone),
        ),
        (
            "2".to_string(),
            ContactProperties::default().jobtitle("CTO"),
        ),
    ];
    let updated = client
        .contacts()
        .typed()
        .update_all(changes)
        .await
        .expect("updated");
    assert!(updated.is_complete());
    assert_eq!(
        updated.results[1].properties.jobtitle.as_deref(),
        Some("CTO")
    );
}

/// `upsert_all` matches each record by its value of a unique property
/// (`email` here), sends what is set in it, and says which records it
/// created.
#[tokio::test]
async fn typed_upsert_all_matches_by_a_unique_property() {
    let (server, client) = start().await;
    Mock::given(method("POST"))
        .and(path("/crm/objects/2026-09/contacts/batch/upsert"))
        .and(body_json(json!({"inputs": [
            {"idProperty": "email", "id": "ada@example.com",
             "properties": {"firstname": "Ada", "lifecyclestage": "lead"},
             "objectWriteTraceId": "input-0"},
            {"idProperty": "email", "id": "grace@example.com", "properties": {"jobtitle": "Admiral"},
             "objectWriteTraceId": "input-1"}
        ]})))
        .respond_with(json_response(
            200,
            json!({
                "status": "COMPLETE",
                "results": [
                    {"id": "1", "new": true, "archived": false,
                     "createdAt": "2024-10-27T12:00:00Z", "updatedAt": "2024-10-27T12:00:00Z",
                     "properties": {"email": "ada@example.com", "firstname": "Ada"}},
                    {"id": "2", "new": false, "archived": false,
                     "createdAt": "2023-01-01T00:00:00Z", "updatedAt": "2024-10-27T12:00:00Z",
                     "properties": {"email": "grace@example.com", "jobtitle": "Admiral"}}
                ],
                "startedAt": "2024-10-27T12:00:00Z", "completedAt": "2024-10-27T12:00:01Z"
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let inputs = [
        (
            "ada@example.com".to_string(),
            ContactProperties::default()
                .firstname("Ada")
                .lifecyclestage(ContactLifecyclestage::Lead),
        ),
        (
            "grace@example.com".to_string(),
            ContactProperties::default().jobtitle("Admiral"),
        ),
    ];
    let upserted = client
        .contacts()
        .typed()
        .upsert_all(hubspot_client::properties::ContactProperty::Email, inputs)
        .await
        .expect("upserted");
    let created: Vec<_> = upserted.results.iter().map(|r| r.new).collect();
    assert_eq!(created, [Some(true), Some(false)]);
    assert_eq!(
        upserted.results[1].properties.email.as_deref(),
        Some("grace@example.com")
    );
}
