//! Every operation of the generated client, called with realistic arguments.
//!
//! Request bodies are written as JSON and decoded into the generated types
//! ([`body`]), which must re-encode to the same JSON: a misspelt field would
//! otherwise be dropped silently and never reach Prism.

use std::future::Future;
use std::pin::Pin;

use hubspot_client::{calls, communications, contacts, conversations, Client};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// What one call of the generated client came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Called {
    /// `send_with_response()` returned `Ok`: the body decoded. The raw
    /// `sl-violations` header is read from the client's own response.
    Ok {
        status: u16,
        violations: Option<String>,
    },
    /// The client returned an error (`decode` when it was `Error::Decode`).
    Failed { decode: bool, message: String },
    /// The arguments could not be built (a bug of this program).
    NotBuilt(String),
}

pub type CallFuture = Pin<Box<dyn Future<Output = Called> + Send>>;

/// One operation of the generated client.
pub struct Op {
    pub api: &'static str,
    /// The Rust method path, e.g. `contacts().batch().read`.
    pub name: &'static str,
    pub method: &'static str,
    /// The path template as in the specs.
    pub path: &'static str,
    pub call: fn(Client) -> CallFuture,
}

/// Runs a `send_with_response()` future and keeps what the checks need.
pub async fn judge<T>(
    fut: impl Future<Output = Result<hubspot_client::Response<T>, hubspot_client::Error>>,
) -> Called {
    match fut.await {
        Ok(response) => Called::Ok {
            status: response.status(),
            violations: response
                .headers()
                .get("sl-violations")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
        },
        Err(e) => Called::Failed {
            decode: matches!(e, hubspot_client::Error::Decode { .. }),
            message: e.to_string(),
        },
    }
}

/// Decodes `value` into a generated type and checks it re-encodes unchanged.
pub fn body<T: DeserializeOwned + Serialize>(value: Value) -> Result<T, String> {
    let typed: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("example body does not fit the generated type: {e}"))?;
    let again = serde_json::to_value(&typed).map_err(|e| format!("re-encoding: {e}"))?;
    if again != value {
        return Err(format!(
            "example body changes when re-encoded (a misspelt or unknown field?): {value} became {again}"
        ));
    }
    Ok(typed)
}

macro_rules! op {
    ($api:literal, $name:expr, $method:literal, $path:expr, |$c:ident| $body:expr) => {
        Op {
            api: $api,
            name: $name,
            method: $method,
            path: $path,
            call: |$c: Client| -> CallFuture {
                Box::pin(async move {
                    let result: Result<Called, String> = async move { Ok($body) }.await;
                    result.unwrap_or_else(Called::NotBuilt)
                })
            },
        }
    };
}

/// The operations every CRM object API shares, for module `$m` (`calls`,
/// `communications`, `contacts`), with `$id` a record id in the path.
macro_rules! crm_ops {
    ($api:literal, $m:ident, $id_param:literal, $id:literal, $props:expr, $assoc:expr) => {
        vec![
            op!($api, concat!(stringify!($m), "().get_page"), "GET",
                concat!("/crm/v3/objects/", stringify!($m)), |c| {
                judge(c.$m().get_page()
                    .limit(10)
                    .after("1742")
                    .properties(["hs_timestamp", "hubspot_owner_id"])
                    .properties_with_history(["hs_timestamp"])
                    .associations(["contacts", "companies"])
                    .archived(false)
                    .send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().create"), "POST",
                concat!("/crm/v3/objects/", stringify!($m)), |c| {
                let input = body::<$m::SimplePublicObjectInputForCreate>(
                    json!({ "associations": $assoc, "properties": $props }))?;
                judge(c.$m().create(input).send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().do_search"), "POST",
                concat!("/crm/v3/objects/", stringify!($m), "/search"), |c| {
                let input = body::<$m::PublicObjectSearchRequest>(json!({
                    "filterGroups": [
                        { "filters": [
                            { "propertyName": "hubspot_owner_id", "operator": "EQ", "value": "11349275740" },
                            { "propertyName": "hs_timestamp", "operator": "GTE", "value": "2024-03-01T00:00:00.000Z" }
                        ] },
                        { "filters": [
                            { "propertyName": "hs_object_id", "operator": "IN", "values": ["31190519041", "31190519042"] }
                        ] }
                    ],
                    "sorts": ["-hs_timestamp"],
                    "query": "renewal",
                    "properties": ["hs_timestamp", "hubspot_owner_id"],
                    "limit": 20,
                    "after": "20"
                }))?;
                judge(c.$m().do_search(input).send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().get_by_id"), "GET",
                concat!("/crm/v3/objects/", stringify!($m), "/{", $id_param, "}"), |c| {
                judge(c.$m().get_by_id($id)
                    .properties(["hs_timestamp", "hubspot_owner_id"])
                    .properties_with_history(["hubspot_owner_id"])
                    .associations(["contacts"])
                    .archived(false)
                    .send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().archive"), "DELETE",
                concat!("/crm/v3/objects/", stringify!($m), "/{", $id_param, "}"), |c| {
                judge(c.$m().archive($id).send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().update"), "PATCH",
                concat!("/crm/v3/objects/", stringify!($m), "/{", $id_param, "}"), |c| {
                let input = body::<$m::SimplePublicObjectInput>(json!({ "properties": $props }))?;
                judge(c.$m().update($id, input).send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().batch().archive"), "POST",
                concat!("/crm/v3/objects/", stringify!($m), "/batch/archive"), |c| {
                let input = body::<$m::BatchInputSimplePublicObjectId>(
                    json!({ "inputs": [{ "id": "31190519041" }, { "id": "31190519042" }] }))?;
                judge(c.$m().batch().archive(input).send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().batch().create"), "POST",
                concat!("/crm/v3/objects/", stringify!($m), "/batch/create"), |c| {
                let input = body::<$m::BatchInputSimplePublicObjectBatchInputForCreate>(json!({
                    "inputs": [
                        { "associations": $assoc, "properties": $props },
                        { "associations": [], "properties": $props, "objectWriteTraceId": "import-2024-03-11-0002" }
                    ]
                }))?;
                judge(c.$m().batch().create(input).send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().batch().read"), "POST",
                concat!("/crm/v3/objects/", stringify!($m), "/batch/read"), |c| {
                let input = body::<$m::BatchReadInputSimplePublicObjectId>(json!({
                    "inputs": [{ "id": "31190519041" }, { "id": "31190519042" }],
                    "properties": ["hs_timestamp", "hubspot_owner_id"],
                    "propertiesWithHistory": ["hubspot_owner_id"]
                }))?;
                judge(c.$m().batch().read(input).archived(false).send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().batch().update"), "POST",
                concat!("/crm/v3/objects/", stringify!($m), "/batch/update"), |c| {
                let input = body::<$m::BatchInputSimplePublicObjectBatchInput>(json!({
                    "inputs": [
                        { "id": "31190519041", "properties": $props },
                        { "id": "31190519042", "properties": { "hubspot_owner_id": "11349275740" } }
                    ]
                }))?;
                judge(c.$m().batch().update(input).send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().batch().upsert"), "POST",
                concat!("/crm/v3/objects/", stringify!($m), "/batch/upsert"), |c| {
                let input = body::<$m::BatchInputSimplePublicObjectBatchInputUpsert>(json!({
                    "inputs": [
                        { "id": "ext-4411", "idProperty": "external_id", "properties": $props }
                    ]
                }))?;
                judge(c.$m().batch().upsert(input).send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().associations().create"), "PUT",
                concat!("/crm/v3/objects/", stringify!($m), "/{", $id_param,
                    "}/associations/{toObjectType}/{toObjectId}/{associationTypeId}"), |c| {
                judge(c.$m().associations().create($id, "contacts", "512", "194").send_with_response()).await
            }),
            op!($api, concat!(stringify!($m), "().associations().archive"), "DELETE",
                concat!("/crm/v3/objects/", stringify!($m), "/{", $id_param,
                    "}/associations/{toObjectType}/{toObjectId}/{associationTypeId}"), |c| {
                judge(c.$m().associations().archive($id, "contacts", "512", "194").send_with_response()).await
            }),
        ]
    };
}

fn contact_props() -> Value {
    json!({
        "email": "jane.doe@example.com",
        "firstname": "Jane",
        "lastname": "Doe",
        "phone": "+1 617 555 0142",
        "company": "Example Ltd",
        "lifecyclestage": "customer"
    })
}

fn contacts_ops() -> Vec<Op> {
    let mut ops = vec![
        op!("contacts", "contacts().get_page", "GET", "/crm/v3/objects/contacts", |c| {
            judge(
                c.contacts()
                    .get_page()
                    .limit(25)
                    .after("35")
                    .properties(["email", "firstname", "lastname"])
                    .properties_with_history(["lifecyclestage"])
                    .associations(["companies", "deals"])
                    .archived(false)
                    .send_with_response(),
            )
            .await
        }),
        op!("contacts", "contacts().create", "POST", "/crm/v3/objects/contacts", |c| {
            let input = body::<contacts::SimplePublicObjectInputForCreate>(json!({
                "associations": [{
                    "to": { "id": "9845651" },
                    "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279 }]
                }],
                "properties": contact_props()
            }))?;
            judge(c.contacts().create(input).send_with_response()).await
        }),
        op!("contacts", "contacts().purge", "POST", "/crm/v3/objects/contacts/gdpr-delete", |c| {
            let input = body::<contacts::PublicGdprDeleteInput>(json!({
                "idProperty": "email",
                "objectId": "jane.doe@example.com"
            }))?;
            judge(c.contacts().purge(input).send_with_response()).await
        }),
        op!("contacts", "contacts().merge", "POST", "/crm/v3/objects/contacts/merge", |c| {
            let input = body::<contacts::PublicMergeInput>(json!({
                "primaryObjectId": "512",
                "objectIdToMerge": "777"
            }))?;
            judge(c.contacts().merge(input).send_with_response()).await
        }),
        op!("contacts", "contacts().do_search", "POST", "/crm/v3/objects/contacts/search", |c| {
            let input = body::<contacts::PublicObjectSearchRequest>(json!({
                "filterGroups": [
                    { "filters": [
                        { "propertyName": "email", "operator": "CONTAINS_TOKEN", "value": "*@example.com" },
                        { "propertyName": "lifecyclestage", "operator": "EQ", "value": "customer" }
                    ] },
                    { "filters": [
                        { "propertyName": "createdate", "operator": "BETWEEN",
                          "value": "2024-01-01T00:00:00.000Z", "highValue": "2024-03-31T23:59:59.999Z" }
                    ] }
                ],
                "sorts": ["-createdate"],
                "query": "Doe",
                "properties": ["email", "firstname", "lastname"],
                "limit": 50,
                "after": "50"
            }))?;
            judge(c.contacts().do_search(input).send_with_response()).await
        }),
        op!("contacts", "contacts().get_by_id", "GET", "/crm/v3/objects/contacts/{contactId}", |c| {
            judge(
                c.contacts()
                    .get_by_id("jane.doe@example.com")
                    .id_property("email")
                    .properties(["email", "firstname", "lastname"])
                    .properties_with_history(["lifecyclestage"])
                    .associations(["companies"])
                    .archived(false)
                    .send_with_response(),
            )
            .await
        }),
        op!("contacts", "contacts().archive", "DELETE", "/crm/v3/objects/contacts/{contactId}", |c| {
            judge(c.contacts().archive("512").send_with_response()).await
        }),
        op!("contacts", "contacts().update", "PATCH", "/crm/v3/objects/contacts/{contactId}", |c| {
            let input = body::<contacts::SimplePublicObjectInput>(json!({
                "properties": { "lifecyclestage": "customer", "phone": "+1 617 555 0199" }
            }))?;
            judge(
                c.contacts()
                    .update("jane.doe@example.com", input)
                    .id_property("email")
                    .send_with_response(),
            )
            .await
        }),
        op!("contacts", "contacts().batch().archive", "POST", "/crm/v3/objects/contacts/batch/archive", |c| {
            let input = body::<contacts::BatchInputSimplePublicObjectId>(
                json!({ "inputs": [{ "id": "512" }, { "id": "777" }] }),
            )?;
            judge(c.contacts().batch().archive(input).send_with_response()).await
        }),
        op!("contacts", "contacts().batch().create", "POST", "/crm/v3/objects/contacts/batch/create", |c| {
            let input = body::<contacts::BatchInputSimplePublicObjectBatchInputForCreate>(json!({
                "inputs": [
                    { "associations": [], "properties": contact_props() },
                    { "associations": [{
                        "to": { "id": "9845651" },
                        "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279 }]
                      }],
                      "properties": { "email": "john.roe@example.com", "firstname": "John" } }
                ]
            }))?;
            judge(c.contacts().batch().create(input).send_with_response()).await
        }),
        op!("contacts", "contacts().batch().read", "POST", "/crm/v3/objects/contacts/batch/read", |c| {
            let input = body::<contacts::BatchReadInputSimplePublicObjectId>(json!({
                "idProperty": "email",
                "inputs": [{ "id": "jane.doe@example.com" }, { "id": "john.roe@example.com" }],
                "properties": ["email", "firstname"],
                "propertiesWithHistory": ["lifecyclestage"]
            }))?;
            judge(c.contacts().batch().read(input).archived(false).send_with_response()).await
        }),
        op!("contacts", "contacts().batch().update", "POST", "/crm/v3/objects/contacts/batch/update", |c| {
            let input = body::<contacts::BatchInputSimplePublicObjectBatchInput>(json!({
                "inputs": [
                    { "id": "jane.doe@example.com", "idProperty": "email",
                      "properties": { "lifecyclestage": "customer" } },
                    { "id": "777", "properties": { "firstname": "John" } }
                ]
            }))?;
            judge(c.contacts().batch().update(input).send_with_response()).await
        }),
        op!("contacts", "contacts().batch().upsert", "POST", "/crm/v3/objects/contacts/batch/upsert", |c| {
            let input = body::<contacts::BatchInputSimplePublicObjectBatchInputUpsert>(json!({
                "inputs": [
                    { "id": "jane.doe@example.com", "idProperty": "email", "properties": contact_props() },
                    { "id": "new.person@example.com", "idProperty": "email",
                      "properties": { "firstname": "New" } }
                ]
            }))?;
            judge(c.contacts().batch().upsert(input).send_with_response()).await
        }),
        op!("contacts", "contacts().associations().create", "PUT",
            "/crm/v3/objects/contacts/{contactId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}", |c| {
            judge(c.contacts().associations().create("512", "companies", "9845651", "279").send_with_response()).await
        }),
        op!("contacts", "contacts().associations().archive", "DELETE",
            "/crm/v3/objects/contacts/{contactId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}", |c| {
            judge(c.contacts().associations().archive("512", "companies", "9845651", "279").send_with_response()).await
        }),
    ];
    ops.sort_by_key(|o| o.name);
    ops
}

fn conversations_ops() -> Vec<Op> {
    use conversations::*;
    const THREAD: i64 = 7509711154;
    const MESSAGE: &str = "b7e2f0c1d2e3f4a5b6c7d8e9f0a1b2c3";
    vec![
        op!("conversations", "conversations().threads().list", "GET", "/conversations/v3/conversations/threads", |c| {
            let after = "2024-03-01T00:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .map_err(|e| format!("timestamp: {e}"))?;
            judge(
                c.conversations()
                    .threads()
                    .list()
                    .inbox_id([147959634, 147959635])
                    .thread_status(ThreadsListThreadStatus::Open)
                    .associated_contact_id(512)
                    .association([ThreadsListAssociationItem::Ticket])
                    .latest_message_timestamp_after(after)
                    .sort(["latestMessageTimestamp"])
                    .property("hs_thread_subject")
                    .archived(false)
                    .limit(20)
                    .after("NTI1Cg==")
                    .send_with_response(),
            )
            .await
        }),
        op!("conversations", "conversations().threads().get", "GET", "/conversations/v3/conversations/threads/{threadId}", |c| {
            judge(
                c.conversations()
                    .threads()
                    .get(THREAD)
                    .association([ThreadsGetAssociationItem::Ticket])
                    .property("hs_thread_subject")
                    .archived(false)
                    .send_with_response(),
            )
            .await
        }),
        op!("conversations", "conversations().threads().delete", "DELETE", "/conversations/v3/conversations/threads/{threadId}", |c| {
            judge(c.conversations().threads().delete(THREAD).send_with_response()).await
        }),
        op!("conversations", "conversations().threads().update", "PATCH", "/conversations/v3/conversations/threads/{threadId}", |c| {
            let input = body::<UpdateThreadRequest>(json!({ "status": "CLOSED", "archived": false }))?;
            judge(c.conversations().threads().update(THREAD, input).archived(false).send_with_response()).await
        }),
        op!("conversations", "conversations().threads().assignee().update", "PUT", "/conversations/conversations/v3/threads/{threadId}/assignee", |c| {
            let input = body::<AssignThreadRequest>(json!({ "actorId": "A-1234567" }))?;
            judge(c.conversations().threads().assignee().update(THREAD, input).send_with_response()).await
        }),
        op!("conversations", "conversations().threads().assignee().delete", "DELETE", "/conversations/conversations/v3/threads/{threadId}/assignee", |c| {
            judge(c.conversations().threads().assignee().delete(THREAD).send_with_response()).await
        }),
        op!("conversations", "conversations().threads().messages().list", "GET", "/conversations/v3/conversations/threads/{threadId}/messages", |c| {
            judge(
                c.conversations()
                    .threads()
                    .messages()
                    .list(THREAD)
                    .limit(50)
                    .after("Mjk=")
                    .sort(["createdAt"])
                    .property("text")
                    .archived(false)
                    .send_with_response(),
            )
            .await
        }),
        op!("conversations", "conversations().threads().messages().create", "POST", "/conversations/v3/conversations/threads/{threadId}/messages", |c| {
            let input = body::<SendMessageRequest>(json!({
                "type": "MESSAGE",
                "text": "Thanks Jane, the corrected invoice is attached.",
                "richText": "<p>Thanks Jane, the corrected invoice is attached.</p>",
                "subject": "Re: Invoice #1042",
                "attachments": [],
                "recipients": [{
                    "actorId": "V-5432",
                    "name": "Jane Doe",
                    "recipientField": "TO",
                    "deliveryIdentifiers": [{ "type": "HS_EMAIL_ADDRESS", "value": "jane.doe@example.com" }]
                }],
                "senderActorId": "A-1234567",
                "channelId": "1002",
                "channelAccountId": "240288"
            }))?;
            judge(c.conversations().threads().messages().create(THREAD, input).send_with_response()).await
        }),
        op!("conversations", "conversations().threads().messages().get", "GET", "/conversations/v3/conversations/threads/{threadId}/messages/{messageId}", |c| {
            judge(c.conversations().threads().messages().get(THREAD, MESSAGE).property("text").send_with_response()).await
        }),
        op!("conversations", "conversations().threads().messages().get_original_content", "GET",
            "/conversations/v3/conversations/threads/{threadId}/messages/{messageId}/original-content", |c| {
            judge(
                c.conversations()
                    .threads()
                    .messages()
                    .get_original_content(THREAD, MESSAGE)
                    .property("richText")
                    .send_with_response(),
            )
            .await
        }),
        op!("conversations", "conversations().actors().batch_read", "POST", "/conversations/v3/conversations/actors/batch/read", |c| {
            let input = body::<ActorBatchReadRequest>(json!({ "inputs": ["A-1234567", "V-5432"] }))?;
            judge(c.conversations().actors().batch_read(input).property("email").send_with_response()).await
        }),
        op!("conversations", "conversations().actors().get", "GET", "/conversations/v3/conversations/actors/{actorId}", |c| {
            judge(c.conversations().actors().get("A-1234567").property("email").send_with_response()).await
        }),
        op!("conversations", "conversations().channel_accounts().list", "GET", "/conversations/v3/conversations/channel-accounts", |c| {
            judge(
                c.conversations()
                    .channel_accounts()
                    .list()
                    .channel_id([1000, 1002])
                    .inbox_id([147959634])
                    .default_page_length(25)
                    .limit(25)
                    .sort(["createdAt"])
                    .archived(false)
                    .after("MjU=")
                    .send_with_response(),
            )
            .await
        }),
        op!("conversations", "conversations().channel_accounts().get", "GET", "/conversations/v3/conversations/channel-accounts/{channelAccountId}", |c| {
            judge(c.conversations().channel_accounts().get(240288).archived(false).send_with_response()).await
        }),
        op!("conversations", "conversations().channels().list", "GET", "/conversations/v3/conversations/channels", |c| {
            judge(
                c.conversations()
                    .channels()
                    .list()
                    .default_page_length(25)
                    .limit(25)
                    .sort(["name"])
                    .after("MjU=")
                    .send_with_response(),
            )
            .await
        }),
        op!("conversations", "conversations().channels().get", "GET", "/conversations/v3/conversations/channels/{channelId}", |c| {
            judge(c.conversations().channels().get(1002).send_with_response()).await
        }),
        op!("conversations", "conversations().inboxes().list", "GET", "/conversations/v3/conversations/inboxes", |c| {
            judge(
                c.conversations()
                    .inboxes()
                    .list()
                    .default_page_length(25)
                    .limit(25)
                    .sort(["name"])
                    .archived(false)
                    .after("MjU=")
                    .send_with_response(),
            )
            .await
        }),
        op!("conversations", "conversations().inboxes().get", "GET", "/conversations/v3/conversations/inboxes/{inboxId}", |c| {
            judge(c.conversations().inboxes().get(147959634).archived(false).send_with_response()).await
        }),
    ]
}

/// Every operation, in table order.
pub fn all() -> Vec<Op> {
    let mut ops = contacts_ops();
    ops.extend(crm_ops!(
        "calls",
        calls,
        "callId",
        "31190519041",
        json!({
            "hs_timestamp": "2024-03-11T10:00:00.000Z",
            "hs_call_title": "Renewal call",
            "hs_call_body": "Discussed the renewal; follow up next week.",
            "hs_call_direction": "OUTBOUND",
            "hs_call_duration": "360000",
            "hs_call_status": "COMPLETED",
            "hubspot_owner_id": "11349275740"
        }),
        json!([{
            "to": { "id": "512" },
            "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194 }]
        }])
    ));
    ops.extend(crm_ops!(
        "communications",
        communications,
        "communicationId",
        "84271993",
        json!({
            "hs_timestamp": "2024-03-12T08:30:00.000Z",
            "hs_communication_channel_type": "WHATS_APP",
            "hs_communication_logged_from": "CRM",
            "hs_communication_body": "Texted Jane about the renewal.",
            "hubspot_owner_id": "11349275740"
        }),
        json!([{
            "to": { "id": "512" },
            "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 81 }]
        }])
    ));
    ops.extend(conversations_ops());
    ops
}
