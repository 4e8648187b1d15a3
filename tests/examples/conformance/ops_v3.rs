//! The legacy v3 CRM object APIs: Contacts, Calls and Communications.

use hubspot_client::v3::{calls, communications, contacts};
use serde_json::json;

use crate::ops::{body, call_props, communication_props, contact_props, judge, op, Op};

/// The operations every CRM object API shares, for module `$m` (`calls`,
/// `communications`, `contacts`), with `$id` a record id in the path.
macro_rules! crm_ops {
    ($api:literal, $m:ident, $id_param:literal, $id:literal, $props:expr, $assoc:expr) => {
        vec![
            op!("v3", $api, concat!(stringify!($m), "().list"), "GET",
                concat!("/crm/v3/objects/", stringify!($m)), |c| {
                judge(c.v3().$m().list()
                    .limit(10)
                    .after("1742")
                    .properties(["hs_timestamp", "hubspot_owner_id"])
                    .properties_with_history(["hs_timestamp"])
                    .associations(["contacts", "companies"])
                    .archived(false)
                    .send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().create"), "POST",
                concat!("/crm/v3/objects/", stringify!($m)), |c| {
                let input = body::<$m::SimplePublicObjectInputForCreate>(
                    json!({ "associations": $assoc, "properties": $props }))?;
                judge(c.v3().$m().create(input).send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().search"), "POST",
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
                    "sorts": [],
                    "query": "renewal",
                    "properties": ["hs_timestamp", "hubspot_owner_id"],
                    "limit": 20,
                    "after": "20"
                }))?;
                judge(c.v3().$m().search(input).send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().get"), "GET",
                concat!("/crm/v3/objects/", stringify!($m), "/{", $id_param, "}"), |c| {
                judge(c.v3().$m().get($id)
                    .properties(["hs_timestamp", "hubspot_owner_id"])
                    .properties_with_history(["hubspot_owner_id"])
                    .associations(["contacts"])
                    .archived(false)
                    .send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().archive"), "DELETE",
                concat!("/crm/v3/objects/", stringify!($m), "/{", $id_param, "}"), |c| {
                judge(c.v3().$m().archive($id).send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().update"), "PATCH",
                concat!("/crm/v3/objects/", stringify!($m), "/{", $id_param, "}"), |c| {
                let input = body::<$m::SimplePublicObjectInput>(json!({ "properties": $props }))?;
                judge(c.v3().$m().update($id, input).send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().batch().archive"), "POST",
                concat!("/crm/v3/objects/", stringify!($m), "/batch/archive"), |c| {
                let input = body::<$m::BatchInputSimplePublicObjectId>(
                    json!({ "inputs": [{ "id": "31190519041" }, { "id": "31190519042" }] }))?;
                judge(c.v3().$m().batch().archive(input).send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().batch().create"), "POST",
                concat!("/crm/v3/objects/", stringify!($m), "/batch/create"), |c| {
                let input = body::<$m::BatchInputSimplePublicObjectBatchInputForCreate>(json!({
                    "inputs": [
                        { "associations": $assoc, "properties": $props },
                        { "associations": [], "properties": $props, "objectWriteTraceId": "import-2024-03-11-0002" }
                    ]
                }))?;
                judge(c.v3().$m().batch().create(input).send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().batch().read"), "POST",
                concat!("/crm/v3/objects/", stringify!($m), "/batch/read"), |c| {
                let input = body::<$m::BatchReadInputSimplePublicObjectId>(json!({
                    "inputs": [{ "id": "31190519041" }, { "id": "31190519042" }],
                    "properties": ["hs_timestamp", "hubspot_owner_id"],
                    "propertiesWithHistory": ["hubspot_owner_id"]
                }))?;
                judge(c.v3().$m().batch().read(input).archived(false).send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().batch().update"), "POST",
                concat!("/crm/v3/objects/", stringify!($m), "/batch/update"), |c| {
                let input = body::<$m::BatchInputSimplePublicObjectBatchInput>(json!({
                    "inputs": [
                        { "id": "31190519041", "properties": $props },
                        { "id": "31190519042", "properties": { "hubspot_owner_id": "11349275740" } }
                    ]
                }))?;
                judge(c.v3().$m().batch().update(input).send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().batch().upsert"), "POST",
                concat!("/crm/v3/objects/", stringify!($m), "/batch/upsert"), |c| {
                let input = body::<$m::BatchInputSimplePublicObjectBatchInputUpsert>(json!({
                    "inputs": [
                        { "id": "ext-4411", "idProperty": "external_id", "properties": $props }
                    ]
                }))?;
                judge(c.v3().$m().batch().upsert(input).send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().associations().create"), "PUT",
                concat!("/crm/v3/objects/", stringify!($m), "/{", $id_param,
                    "}/associations/{toObjectType}/{toObjectId}/{associationTypeId}"), |c| {
                judge(c.v3().$m().associations().create($id, "contacts", "512", "194").send_with_response()).await
            }),
            op!("v3", $api, concat!(stringify!($m), "().associations().archive"), "DELETE",
                concat!("/crm/v3/objects/", stringify!($m), "/{", $id_param,
                    "}/associations/{toObjectType}/{toObjectId}/{associationTypeId}"), |c| {
                judge(c.v3().$m().associations().archive($id, "contacts", "512", "194").send_with_response()).await
            }),
        ]
    };
}

fn contacts_ops() -> Vec<Op> {
    let mut ops = vec![
        op!(
            "v3",
            "contacts",
            "contacts().list",
            "GET",
            "/crm/v3/objects/contacts",
            |c| {
                judge(
                    c.v3()
                        .contacts()
                        .list()
                        .limit(25)
                        .after("35")
                        .properties(["email", "firstname", "lastname"])
                        .properties_with_history(["lifecyclestage"])
                        .associations(["companies", "deals"])
                        .archived(false)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "v3",
            "contacts",
            "contacts().create",
            "POST",
            "/crm/v3/objects/contacts",
            |c| {
                let input = body::<contacts::SimplePublicObjectInputForCreate>(json!({
                    "associations": [{
                        "to": { "id": "9845651" },
                        "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279 }]
                    }],
                    "properties": contact_props()
                }))?;
                judge(c.v3().contacts().create(input).send_with_response()).await
            }
        ),
        op!(
            "v3",
            "contacts",
            "contacts().get",
            "GET",
            "/crm/v3/objects/contacts/{contactId}",
            |c| {
                judge(
                    c.v3()
                        .contacts()
                        .get("jane.doe@example.com")
                        .id_property("email")
                        .properties(["email", "firstname", "lastname"])
                        .properties_with_history(["lifecyclestage"])
                        .associations(["companies"])
                        .archived(false)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "v3",
            "contacts",
            "contacts().archive",
            "DELETE",
            "/crm/v3/objects/contacts/{contactId}",
            |c| judge(c.v3().contacts().archive("512").send_with_response()).await
        ),
        op!(
            "v3",
            "contacts",
            "contacts().update",
            "PATCH",
            "/crm/v3/objects/contacts/{contactId}",
            |c| {
                let input = body::<contacts::SimplePublicObjectInput>(json!({
                    "properties": { "lifecyclestage": "customer", "phone": "+1 617 555 0199" }
                }))?;
                judge(
                    c.v3()
                        .contacts()
                        .update("jane.doe@example.com", input)
                        .id_property("email")
                        .send_with_response(),
                )
                .await
            }
        ),
    ];
    ops.extend(contact_search_and_advanced_ops());
    ops.extend(contact_batch_and_association_ops());
    ops.sort_by_key(|o| o.name);
    ops
}

/// Search, GDPR delete and merge of v3 Contacts.
fn contact_search_and_advanced_ops() -> Vec<Op> {
    vec![
        op!(
            "v3",
            "contacts",
            "contacts().purge",
            "POST",
            "/crm/v3/objects/contacts/gdpr-delete",
            |c| {
                let input = body::<contacts::PublicGdprDeleteInput>(json!({
                    "idProperty": "email",
                    "objectId": "jane.doe@example.com"
                }))?;
                judge(c.v3().contacts().purge(input).send_with_response()).await
            }
        ),
        op!(
            "v3",
            "contacts",
            "contacts().merge",
            "POST",
            "/crm/v3/objects/contacts/merge",
            |c| {
                let input = body::<contacts::PublicMergeInput>(json!({
                    "primaryObjectId": "512",
                    "objectIdToMerge": "777"
                }))?;
                judge(c.v3().contacts().merge(input).send_with_response()).await
            }
        ),
        op!(
            "v3",
            "contacts",
            "contacts().search",
            "POST",
            "/crm/v3/objects/contacts/search",
            |c| {
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
                    "sorts": [],
                    "query": "Doe",
                    "properties": ["email", "firstname", "lastname"],
                    "limit": 50,
                    "after": "50"
                }))?;
                judge(c.v3().contacts().search(input).send_with_response()).await
            }
        ),
    ]
}

/// The batches and per-record associations of v3 Contacts.
fn contact_batch_and_association_ops() -> Vec<Op> {
    vec![
        op!("v3", "contacts", "contacts().batch().archive", "POST", "/crm/v3/objects/contacts/batch/archive", |c| {
            let input = body::<contacts::BatchInputSimplePublicObjectId>(
                json!({ "inputs": [{ "id": "512" }, { "id": "777" }] }),
            )?;
            judge(c.v3().contacts().batch().archive(input).send_with_response()).await
        }),
        op!("v3", "contacts", "contacts().batch().create", "POST", "/crm/v3/objects/contacts/batch/create", |c| {
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
            judge(c.v3().contacts().batch().create(input).send_with_response()).await
        }),
        op!("v3", "contacts", "contacts().batch().read", "POST", "/crm/v3/objects/contacts/batch/read", |c| {
            let input = body::<contacts::BatchReadInputSimplePublicObjectId>(json!({
                "idProperty": "email",
                "inputs": [{ "id": "jane.doe@example.com" }, { "id": "john.roe@example.com" }],
                "properties": ["email", "firstname"],
                "propertiesWithHistory": ["lifecyclestage"]
            }))?;
            judge(c.v3().contacts().batch().read(input).archived(false).send_with_response()).await
        }),
        op!("v3", "contacts", "contacts().batch().update", "POST", "/crm/v3/objects/contacts/batch/update", |c| {
            let input = body::<contacts::BatchInputSimplePublicObjectBatchInput>(json!({
                "inputs": [
                    { "id": "jane.doe@example.com", "idProperty": "email",
                      "properties": { "lifecyclestage": "customer" } },
                    { "id": "777", "properties": { "firstname": "John" } }
                ]
            }))?;
            judge(c.v3().contacts().batch().update(input).send_with_response()).await
        }),
        op!("v3", "contacts", "contacts().batch().upsert", "POST", "/crm/v3/objects/contacts/batch/upsert", |c| {
            let input = body::<contacts::BatchInputSimplePublicObjectBatchInputUpsert>(json!({
                "inputs": [
                    { "id": "jane.doe@example.com", "idProperty": "email", "properties": contact_props() },
                    { "id": "new.person@example.com", "idProperty": "email",
                      "properties": { "firstname": "New" } }
                ]
            }))?;
            judge(c.v3().contacts().batch().upsert(input).send_with_response()).await
        }),
        op!("v3", "contacts", "contacts().associations().create", "PUT",
            "/crm/v3/objects/contacts/{contactId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}", |c| {
            judge(c.v3().contacts().associations().create("512", "companies", "9845651", "279").send_with_response()).await
        }),
        op!("v3", "contacts", "contacts().associations().archive", "DELETE",
            "/crm/v3/objects/contacts/{contactId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}", |c| {
            judge(c.v3().contacts().associations().archive("512", "companies", "9845651", "279").send_with_response()).await
        }),
    ]
}

/// Every v3 operation of the CRM object APIs, in table order.
pub fn all() -> Vec<Op> {
    let mut ops = contacts_ops();
    ops.extend(crm_ops!(
        "calls",
        calls,
        "callId",
        "31190519041",
        call_props(),
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
        communication_props(),
        json!([{
            "to": { "id": "512" },
            "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 81 }]
        }])
    ));
    ops
}
