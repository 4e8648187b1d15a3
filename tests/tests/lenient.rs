//! Decoding is as lenient as HubSpot: where the Conversations JSON Schemas
//! and the published OpenAPI disagree about a required field, a payload
//! valid under either decodes; a collection HubSpot leaves out decodes as
//! empty.

use hubspot_client::conversations::{InboxCollection, Thread, ThreadCollection};
use serde_json::json;

/// A thread with only what the Conversations JSON Schema requires.
fn json_schema_thread() -> serde_json::Value {
    json!({
        "id": "8093454826",
        "inboxId": "1234",
        "status": "OPEN",
        "createdAt": "2024-10-27T10:30:00Z"
    })
}

/// A thread with everything the published OpenAPI requires.
fn openapi_thread() -> serde_json::Value {
    json!({
        "id": "8093454826",
        "inboxId": "1234",
        "status": "CLOSED",
        "createdAt": "2024-10-27T10:30:00Z",
        "archived": false,
        "spam": false,
        "associatedContactId": "51",
        "originalChannelId": "1000",
        "originalChannelAccountId": "2000",
        "closedAt": "2024-10-28T09:00:00Z"
    })
}

#[test]
fn a_thread_decodes_in_the_shape_of_either_source() {
    let lean: Thread = serde_json::from_value(json_schema_thread()).expect("JSON Schema shape");
    assert_eq!(lean.inbox_id, "1234");
    assert_eq!(lean.associated_contact_id, None);
    assert_eq!(lean.spam, None);
    let full: Thread = serde_json::from_value(openapi_thread()).expect("OpenAPI shape");
    assert_eq!(full.associated_contact_id.as_deref(), Some("51"));
    assert_eq!(full.spam, Some(false));
}

#[test]
fn collections_decode_in_either_shape_and_as_empty_when_left_out() {
    let page: ThreadCollection = serde_json::from_value(json!({
        "results": [json_schema_thread(), openapi_thread()],
        "paging": {"next": {"link": "?after=abc"}}
    }))
    .expect("a page whose next link has no `after`");
    assert_eq!(page.results.len(), 2);
    let empty: ThreadCollection = serde_json::from_value(json!({})).expect("no results");
    assert!(empty.results.is_empty());
    let inboxes: InboxCollection =
        serde_json::from_value(json!({"results": [{"id": "1", "name": "Support",
            "createdAt": "2024-10-27T10:30:00Z", "updatedAt": "2024-10-27T10:30:00Z"}]}))
        .expect("no total, no archived, no type");
    assert_eq!(inboxes.total, None);
    assert_eq!(inboxes.results[0].name, "Support");
}

#[test]
fn a_crm_page_without_results_decodes_as_empty() {
    let page: hubspot_client::contacts::CollectionResponseSimplePublicObjectWithAssociationsForwardPaging =
        serde_json::from_value(json!({})).expect("no results");
    assert!(page.results.is_empty());
}

#[test]
fn a_message_decodes_with_only_what_the_json_schema_requires() {
    use hubspot_client::conversations::Message;
    let message: Message = serde_json::from_value(json!({
        "id": "m1", "type": "MESSAGE", "createdAt": "2024-10-27T10:30:00Z"
    }))
    .expect("JSON Schema shape");
    match message {
        Message::Conversations(m) => {
            assert_eq!(m.id, "m1");
            assert!(m.senders.is_empty() && m.recipients.is_empty() && m.attachments.is_empty());
            assert_eq!(m.text, None);
        }
        other => panic!("decoded as {other:?}"),
    }
    let comment: Message = serde_json::from_value(json!({
        "id": "c1", "type": "COMMENT", "createdAt": "2024-10-27T10:30:00Z", "text": "internal"
    }))
    .expect("a comment with its text only");
    assert!(matches!(comment, Message::Comment(c) if c.text.as_deref() == Some("internal")));
}
