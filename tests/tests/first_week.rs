//! Issue 14's test programs, written only from README.md and the rustdoc of
//! the generated crate: per API a search, a paged read, a batch and a
//! create, each sending nothing HubSpot does not need. Every request body
//! is matched exactly, so a field the program did not ask for fails it.

mod common;

use common::{json_response, start};
use futures::TryStreamExt;
use serde_json::json;
use std::collections::BTreeMap;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer};

fn record(id: &str) -> serde_json::Value {
    json!({"id": id, "properties": {}, "createdAt": "2026-10-01T00:00:00Z",
           "updatedAt": "2026-10-01T00:00:00Z", "archived": false})
}

/// Answers `verb route` once, only for exactly `body` (when given).
async fn expect(
    server: &MockServer,
    verb: &str,
    route: &str,
    body: Option<serde_json::Value>,
    answer: serde_json::Value,
) {
    let mock = Mock::given(method(verb)).and(path(route));
    let mock = match body {
        Some(body) => mock.and(body_json(body)),
        None => mock,
    };
    mock.respond_with(json_response(200, answer))
        .expect(1)
        .mount(server)
        .await;
}

fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The four jobs on one CRM object API: `$api` is the client's accessor
/// expression, `$base` the collection path.
macro_rules! crm_week {
    ($name:ident, $base:literal, $($types:ident)::+, |$client:ident| $api:expr) => {
        #[tokio::test]
        async fn $name() {
            use $($types)::+::{
                BatchInputSimplePublicObjectBatchInputForCreate, Filter, FilterGroup, FilterOperator,
                PublicObjectSearchRequest, SimplePublicObjectBatchInputForCreate,
                SimplePublicObjectInputForCreate,
            };
            let (server, $client) = start().await;
            let base = $base;
            // A search that sends only its filter.
            expect(&server, "POST", &format!("{base}/search"),
                Some(json!({"filterGroups": [{"filters": [
                    {"propertyName": "hs_timestamp", "operator": "GTE", "value": "2026-10-01"}]}]})),
                json!({"total": 1, "results": [record("1")]})).await;
            let found = $api
                .search(PublicObjectSearchRequest::new().filter_groups([FilterGroup::new([
                    Filter::new("hs_timestamp", FilterOperator::Gte).value("2026-10-01"),
                ])]))
                .send()
                .await
                .expect("search");
            assert_eq!(found.total, 1);

            // A paged read: two pages through the stream.
            Mock::given(method("GET")).and(path(base))
                .and(wiremock::matchers::query_param("after", "2"))
                .respond_with(json_response(200, json!({"results": [record("3")]})))
                .expect(1).mount(&server).await;
            Mock::given(method("GET")).and(path(base))
                .and(wiremock::matchers::query_param_is_missing("after"))
                .respond_with(json_response(200, json!({"results": [record("1"), record("2")],
                    "paging": {"next": {"after": "2"}}})))
                .expect(1).mount(&server).await;
            let all: Vec<_> = $api.list().limit(2).stream().try_collect().await.expect("pages");
            assert_eq!(all.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["1", "2", "3"]);

            // A batch create of two records, each with its properties and the
            // trace id the client gives it.
            expect(&server, "POST", &format!("{base}/batch/create"),
                Some(json!({"inputs": [{"properties": {"hs_timestamp": "2026-10-01T00:00:00Z"},
                                        "objectWriteTraceId": "input-0"},
                                       {"properties": {"hs_timestamp": "2026-10-02T00:00:00Z"},
                                        "objectWriteTraceId": "input-1"}]})),
                json!({"status": "COMPLETE", "results": [record("4"), record("5")],
                       "startedAt": "2026-10-01T00:00:00Z", "completedAt": "2026-10-01T00:00:01Z"})).await;
            let batch = BatchInputSimplePublicObjectBatchInputForCreate::new([
                SimplePublicObjectBatchInputForCreate::new(props(&[("hs_timestamp", "2026-10-01T00:00:00Z")])),
                SimplePublicObjectBatchInputForCreate::new(props(&[("hs_timestamp", "2026-10-02T00:00:00Z")])),
            ]);
            let outcome = $api.batch().create(batch).send_all().await.expect("batch");
            assert_eq!(outcome.results.len(), 2);

            // A create with properties and nothing else.
            expect(&server, "POST", base,
                Some(json!({"properties": {"hs_timestamp": "2026-10-01T00:00:00Z"}})),
                record("6")).await;
            let created = $api
                .create(SimplePublicObjectInputForCreate::new(props(&[("hs_timestamp", "2026-10-01T00:00:00Z")])))
                .send()
                .await
                .expect("create");
            assert_eq!(created.id, "6");
        }
    };
}

crm_week!(
    contacts,
    "/crm/objects/2026-09/contacts",
    hubspot_client::contacts,
    |client| client.contacts()
);
crm_week!(
    calls,
    "/crm/objects/2026-09/calls",
    hubspot_client::calls,
    |client| client.calls()
);
crm_week!(
    communications,
    "/crm/objects/2026-09/communications",
    hubspot_client::communications,
    |client| client.communications()
);
crm_week!(
    custom_objects,
    "/crm/objects/2026-09/p_pets",
    hubspot_client::objects,
    |client| client.objects("p_pets")
);
crm_week!(
    v2026_03_calls,
    "/crm/objects/2026-03/calls",
    hubspot_client::v2026_03::calls,
    |client| client.v2026_03().calls()
);
crm_week!(
    v3_contacts,
    "/crm/v3/objects/contacts",
    hubspot_client::v3::contacts,
    |client| client.v3().contacts()
);

/// Conversations: a paged read of threads, a batch read of actors and a
/// message sent to a thread (it has no search).
#[tokio::test]
async fn conversations() {
    use hubspot_client::conversations::{ActorBatchReadRequest, ConversationsMessageInput};
    let (server, client) = start().await;
    let base = "/conversations/conversations/2026-09";
    expect(&server, "GET", &format!("{base}/threads"), None,
        json!({"results": [{"id": "7", "inboxId": "1", "status": "OPEN", "createdAt": "2026-10-01T00:00:00Z"}]})).await;
    let threads: Vec<_> = client
        .conversations()
        .threads()
        .list()
        .stream()
        .try_collect()
        .await
        .expect("threads");
    assert_eq!(threads[0].id, "7");

    expect(
        &server,
        "POST",
        &format!("{base}/actors/batch/read"),
        Some(json!({"inputs": ["A-1", "V-2"]})),
        json!({"status": "COMPLETE", "results": [], "startedAt": "2026-10-01T00:00:00Z",
               "completedAt": "2026-10-01T00:00:01Z"}),
    )
    .await;
    client
        .conversations()
        .actors()
        .batch()
        .read(ActorBatchReadRequest::new([
            "A-1".to_string(),
            "V-2".to_string(),
        ]))
        .send()
        .await
        .expect("actors");

    expect(
        &server,
        "POST",
        &format!("{base}/threads/7/messages"),
        Some(
            json!({"type": "MESSAGE", "text": "Hello", "attachments": [], "recipients": [],
                    "senderActorId": "A-1", "channelId": "1000", "channelAccountId": "2000"}),
        ),
        json!({"type": "MESSAGE", "id": "m1", "createdAt": "2026-10-01T00:00:00Z"}),
    )
    .await;
    let message = ConversationsMessageInput::new("Hello", vec![], vec![], "A-1", "1000", "2000");
    client
        .conversations()
        .threads()
        .messages()
        .create("7", message.into())
        .send()
        .await
        .expect("sent");
}
