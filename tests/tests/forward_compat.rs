//! Forward compatibility of the generated types and client: what HubSpot may
//! start sending tomorrow must still decode, and what was decoded must encode
//! back unchanged.

use hubspot_client::v3::conversations as c;
use hubspot_client::Client;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn thread(extra: Value) -> Value {
    let mut t = json!({
        "id": "7509711154",
        "inboxId": "147959634",
        "status": "OPEN",
        "spam": false,
        "associatedContactId": "512",
        "originalChannelId": "1000",
        "originalChannelAccountId": "240288",
        "latestMessageTimestamp": "2024-03-11T10:02:03.456Z",
        "createdAt": "2024-03-11T10:00:00.000Z",
        "archived": false
    });
    if let (Some(t), Some(extra)) = (t.as_object_mut(), extra.as_object()) {
        t.extend(extra.clone());
    }
    t
}

#[test]
fn an_unknown_enum_value_decodes_to_unknown_and_encodes_back_unchanged() {
    let decoded: c::Thread =
        serde_json::from_value(thread(json!({ "status": "SNOOZED" }))).expect("decodes");
    assert_eq!(decoded.status, c::ThreadStatus::Unknown("SNOOZED".into()));
    assert_eq!(decoded.status.as_str(), "SNOOZED");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(encoded["status"], "SNOOZED");
    // Known values keep their variant.
    assert_eq!(c::ThreadStatus::from("CLOSED"), c::ThreadStatus::Closed);
}

#[test]
fn unknown_fields_are_ignored() {
    let decoded: c::Thread = serde_json::from_value(thread(json!({
        "brandNewField": { "nested": [1, 2, 3] },
        "anotherOne": "x"
    })))
    .expect("unknown fields do not fail decoding");
    assert_eq!(decoded.id, "7509711154");
}

#[test]
fn null_and_absent_optional_fields_both_decode_to_none() {
    let absent: c::Thread = serde_json::from_value(thread(json!({}))).expect("absent decodes");
    let null: c::Thread =
        serde_json::from_value(thread(json!({ "closedAt": null, "assignedTo": null })))
            .expect("null decodes");
    assert_eq!(absent.closed_at, None);
    assert_eq!(null.closed_at, None);
    assert_eq!(null.assigned_to, None);
    // Absent stays absent when encoded again.
    let encoded = serde_json::to_value(&absent).expect("encodes");
    assert!(encoded.get("closedAt").is_none(), "{encoded}");
}

#[test]
fn an_unknown_union_variant_is_kept_whole_and_encodes_back_unchanged() {
    let sent = json!({ "type": "VOICE_NOTE", "id": "m1", "durationMs": 5300 });
    let decoded: c::Message = serde_json::from_value(sent.clone()).expect("decodes");
    match &decoded {
        c::Message::Unknown(value) => assert_eq!(value, &sent),
        other => panic!("expected Message::Unknown, got {other:?}"),
    }
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), sent);
}

#[tokio::test]
async fn an_undocumented_success_status_still_decodes() {
    // The spec documents 200 for reading a thread; HubSpot answering 201 (or
    // 203) with the same body is still a success.
    let server = MockServer::start().await;
    for status in [201, 203] {
        Mock::given(method("GET"))
            .and(path("/conversations/v3/conversations/threads/7509711154"))
            .respond_with(ResponseTemplate::new(status).set_body_json(thread(json!({}))))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .build()
            .expect("client builds");
        let thread = client
            .v3()
            .conversations()
            .threads()
            .get("7509711154")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{status} decodes: {e}"));
        assert_eq!(thread.id, "7509711154");
    }
}

#[test]
fn a_property_is_read_in_one_call_whether_absent_null_or_set() {
    use hubspot_client::contacts::SimplePublicObject;
    let record: SimplePublicObject = serde_json::from_value(json!({
        "id": "512",
        "properties": { "email": "jane@example.com", "firstname": null },
        "createdAt": "2024-03-11T09:15:27.363Z",
        "updatedAt": "2024-03-11T09:15:27.363Z",
        "archived": false
    }))
    .expect("decodes");
    assert_eq!(record.property("email"), Some("jane@example.com"));
    assert_eq!(record.property("firstname"), None, "null");
    assert_eq!(record.property("lastname"), None, "absent");
    // The map keeps the difference for whoever needs it.
    assert_eq!(record.properties.get("firstname"), Some(&None));
}
