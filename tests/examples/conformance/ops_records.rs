//! Companies, deals and tickets (2026-09): the records calls and messages attach to.
//!
//! Each is the generic objects API with its object type bound, like
//! Contacts in `ops_crm`: the eleven record operations, merge, and the
//! associations of one record. The macros are those of `ops_crm` (macros do
//! not cross modules here), reduced to the one version these APIs have.

use serde_json::json;

use crate::ops::{body, judge, op, Op};

/// The collection's and a record's path template of every bound object API.
const BASE: &str = "/crm/objects/2026-09/{objectType}";
const ITEM: &str = "/crm/objects/2026-09/{objectType}/{objectId}";

/// The record operations of the bound API `$module` (`c.v2026_09().$module()`).
/// Records are read and updated by `$id` looked up by `$id_property`, and
/// archived by the record id `$num`; `$fields` are property names to read,
/// `$props` values to write, `$assoc` the associations of a new record and
/// `$search` a search body.
macro_rules! record_ops {
    (
        $module:ident, $api:literal,
        id: ($id:literal, $id_property:literal, $num:literal),
        fields: $fields:expr, props: $props:expr, assoc: $assoc:expr, search: $search:expr
    ) => {{
        use hubspot_client::v2026_09::$module as m;
        vec![
            op!("2026-09", $api, concat!($api, "().list"), "GET", BASE, |c| {
                judge(c.v2026_09().$module().list()
                    .limit(10)
                    .after("1742")
                    .properties($fields)
                    .properties_with_history(["hubspot_owner_id"])
                    .associations(["contacts", "companies"])
                    .archived(false)
                    .send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().create"), "POST", BASE, |c| {
                let input = body::<m::SimplePublicObjectInputForCreate>(
                    json!({ "associations": $assoc, "properties": $props }))?;
                judge(c.v2026_09().$module().create(input).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().search"), "POST", "/crm/objects/2026-09/{objectType}/search", |c| {
                let input = body::<m::PublicObjectSearchRequest>($search)?;
                judge(c.v2026_09().$module().search(input).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().get"), "GET", ITEM, |c| {
                judge(c.v2026_09().$module().get($id)
                    .id_property($id_property)
                    .properties($fields)
                    .properties_with_history(["hubspot_owner_id"])
                    .associations(["contacts"])
                    .archived(false)
                    .send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().archive"), "DELETE", ITEM, |c| {
                judge(c.v2026_09().$module().archive($num).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().update"), "PATCH", ITEM, |c| {
                let input = body::<m::SimplePublicObjectInput>(json!({ "properties": $props }))?;
                judge(c.v2026_09().$module().update($id, input).id_property($id_property).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().merge"), "POST", "/crm/objects/2026-09/{objectType}/merge", |c| {
                let input = body::<m::PublicMergeInput>(json!({
                    "primaryObjectId": $num,
                    "objectIdToMerge": "31190519042"
                }))?;
                judge(c.v2026_09().$module().merge(input).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().batch().archive"), "POST", "/crm/objects/2026-09/{objectType}/batch/archive", |c| {
                let input = body::<m::BatchInputSimplePublicObjectId>(
                    json!({ "inputs": [{ "id": $num }, { "id": "31190519042" }] }))?;
                judge(c.v2026_09().$module().batch().archive(input).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().batch().create"), "POST", "/crm/objects/2026-09/{objectType}/batch/create", |c| {
                let input = body::<m::BatchInputSimplePublicObjectBatchInputForCreate>(json!({
                    "inputs": [
                        { "associations": $assoc, "properties": $props },
                        { "associations": [], "properties": $props, "objectWriteTraceId": "import-2026-09-14-0002" }
                    ]
                }))?;
                judge(c.v2026_09().$module().batch().create(input).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().batch().read"), "POST", "/crm/objects/2026-09/{objectType}/batch/read", |c| {
                let input = body::<m::BatchReadInputSimplePublicObjectId>(json!({
                    "idProperty": $id_property,
                    "inputs": [{ "id": $id }, { "id": "31190519042" }],
                    "properties": $fields,
                    "propertiesWithHistory": ["hubspot_owner_id"]
                }))?;
                judge(c.v2026_09().$module().batch().read(input).archived(false).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().batch().update"), "POST", "/crm/objects/2026-09/{objectType}/batch/update", |c| {
                let input = body::<m::BatchInputSimplePublicObjectBatchInput>(json!({
                    "inputs": [
                        { "id": $id, "idProperty": $id_property, "properties": $props },
                        { "id": "31190519042", "properties": { "hubspot_owner_id": "11349275740" },
                          "objectWriteTraceId": "sync-7731" }
                    ]
                }))?;
                judge(c.v2026_09().$module().batch().update(input).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().batch().upsert"), "POST", "/crm/objects/2026-09/{objectType}/batch/upsert", |c| {
                let input = body::<m::BatchInputSimplePublicObjectBatchInputUpsert>(json!({
                    "inputs": [
                        { "id": $id, "idProperty": $id_property, "properties": $props },
                        { "id": "ext-4411", "idProperty": $id_property, "properties": { "hubspot_owner_id": "11349275740" } }
                    ]
                }))?;
                judge(c.v2026_09().$module().batch().upsert(input).send_with_response()).await
            }),
        ]
    }};
}

/// The associations of one record `$from_id` of the bound API `$module`
/// with a record `$to_type` `$to_id`: default and labelled (association
/// type `$type_id`, defined by HubSpot), one at a time and in batches.
macro_rules! association_ops {
    (
        $module:ident, $api:literal,
        from: $from_id:literal, to: ($to_type:literal, $to_id:literal), type_id: $type_id:literal
    ) => {{
        use hubspot_client::v2026_09::$module as m;
        vec![
            op!("2026-09", $api, concat!($api, "().associations().create_default"), "PUT",
                "/crm/objects/2026-09/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}", |c| {
                judge(c.v2026_09().$module().associations().create_default($from_id, $to_type, $to_id).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().associations().create"), "PUT",
                "/crm/objects/2026-09/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", |c| {
                let labels = body::<Vec<m::AssociationSpec>>(json!([
                    { "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": $type_id },
                    { "associationCategory": "USER_DEFINED", "associationTypeId": 36 }
                ]))?;
                judge(c.v2026_09().$module().associations().create($from_id, $to_type, $to_id, labels).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().associations().archive"), "DELETE",
                "/crm/objects/2026-09/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}", |c| {
                judge(c.v2026_09().$module().associations().archive($from_id, $to_type, $to_id).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().associations().batch().archive"), "POST",
                "/crm/associations/2026-09/{fromObjectType}/{toObjectType}/batch/archive", |c| {
                let input = body::<m::BatchInputPublicAssociationMultiArchive>(json!({
                    "inputs": [{ "from": { "id": $from_id }, "to": [{ "id": $to_id }, { "id": "9845652" }] }]
                }))?;
                judge(c.v2026_09().$module().associations().batch().archive($to_type, input).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().associations().batch().create_default"), "POST",
                "/crm/associations/2026-09/{fromObjectType}/{toObjectType}/batch/associate/default", |c| {
                let input = body::<m::BatchInputPublicDefaultAssociationMultiPost>(json!({
                    "inputs": [
                        { "from": { "id": $from_id }, "to": { "id": $to_id } },
                        { "from": { "id": "31190519042" }, "to": { "id": "9845652" } }
                    ]
                }))?;
                judge(c.v2026_09().$module().associations().batch().create_default($to_type, input).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().associations().batch().create"), "POST",
                "/crm/associations/2026-09/{fromObjectType}/{toObjectType}/batch/create", |c| {
                let input = body::<m::BatchInputPublicAssociationMultiPost>(json!({
                    "inputs": [{
                        "from": { "id": $from_id },
                        "to": { "id": $to_id },
                        "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": $type_id }]
                    }]
                }))?;
                judge(c.v2026_09().$module().associations().batch().create($to_type, input).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().associations().batch().archive_labels"), "POST",
                "/crm/associations/2026-09/{fromObjectType}/{toObjectType}/batch/labels/archive", |c| {
                let input = body::<m::BatchInputPublicAssociationMultiPost>(json!({
                    "inputs": [{
                        "from": { "id": $from_id },
                        "to": { "id": $to_id },
                        "types": [{ "associationCategory": "USER_DEFINED", "associationTypeId": 36 }]
                    }]
                }))?;
                judge(c.v2026_09().$module().associations().batch().archive_labels($to_type, input).send_with_response()).await
            }),
            op!("2026-09", $api, concat!($api, "().associations().batch().read"), "POST",
                "/crm/associations/2026-09/{fromObjectType}/{toObjectType}/batch/read", |c| {
                let input = body::<m::BatchInputPublicFetchAssociationsBatchRequest>(json!({
                    "inputs": [{ "id": $from_id }, { "id": "31190519042", "after": "MTAw" }]
                }))?;
                judge(c.v2026_09().$module().associations().batch().read($to_type, input).send_with_response()).await
            }),
        ]
    }};
}

/// A new record's association with `id` by HubSpot's association type `type_id`.
fn associated_with(id: &str, type_id: i64) -> serde_json::Value {
    json!([{
        "to": { "id": id },
        "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id }]
    }])
}

fn company_props() -> serde_json::Value {
    json!({
        "name": "Example Ltd",
        "domain": "example.com",
        "industry": "COMPUTER_SOFTWARE",
        "numberofemployees": "120",
        "annualrevenue": "8500000",
        "lifecyclestage": "customer",
        "city": "Cambridge",
        "country": "United Kingdom",
        "hubspot_owner_id": "11349275740"
    })
}

fn company_search() -> serde_json::Value {
    json!({
        "filterGroups": [
            { "filters": [
                { "propertyName": "industry", "operator": "IN",
                  "values": ["COMPUTER_SOFTWARE", "INTERNET"] },
                { "propertyName": "numberofemployees", "operator": "GTE", "value": "50" }
            ] },
            { "filters": [
                { "propertyName": "domain", "operator": "EQ", "value": "example.com" }
            ] }
        ],
        "sorts": [],
        "query": "Example",
        "properties": ["name", "domain", "industry"],
        "limit": 50,
        "after": "50"
    })
}

fn deal_props() -> serde_json::Value {
    json!({
        "dealname": "Example Ltd - 2026 renewal",
        "pipeline": "default",
        "dealstage": "contractsent",
        "amount": "24000.00",
        "closedate": "2026-10-31T16:00:00.000Z",
        "dealtype": "existingbusiness",
        "hubspot_owner_id": "11349275740"
    })
}

fn deal_search() -> serde_json::Value {
    json!({
        "filterGroups": [
            { "filters": [
                { "propertyName": "pipeline", "operator": "EQ", "value": "default" },
                { "propertyName": "amount", "operator": "GT", "value": "10000" },
                { "propertyName": "closedate", "operator": "BETWEEN",
                  "value": "2026-10-01T00:00:00.000Z", "highValue": "2026-12-31T23:59:59.999Z" }
            ] }
        ],
        "sorts": [],
        "properties": ["dealname", "amount", "dealstage", "closedate"],
        "limit": 100,
        "after": "0"
    })
}

fn ticket_props() -> serde_json::Value {
    json!({
        "subject": "Cannot export the March invoices",
        "content": "The export stops at 80% with no error message.",
        "hs_pipeline": "0",
        "hs_pipeline_stage": "1",
        "hs_ticket_priority": "HIGH",
        "hs_ticket_category": "PRODUCT_ISSUE;BILLING_ISSUE",
        "source_type": "EMAIL",
        "hubspot_owner_id": "11349275740"
    })
}

fn ticket_search() -> serde_json::Value {
    json!({
        "filterGroups": [
            { "filters": [
                { "propertyName": "hs_ticket_priority", "operator": "IN", "values": ["HIGH", "URGENT"] },
                { "propertyName": "hs_pipeline_stage", "operator": "NEQ", "value": "4" }
            ] },
            { "filters": [
                { "propertyName": "closed_date", "operator": "NOT_HAS_PROPERTY" },
                { "propertyName": "createdate", "operator": "LT", "value": "2026-09-01T00:00:00.000Z" }
            ] }
        ],
        "sorts": [],
        "query": "export",
        "properties": ["subject", "hs_pipeline_stage", "hs_ticket_priority"],
        "limit": 20,
        "after": "20"
    })
}

/// The operations of 2026-09.
pub fn v2026_09() -> Vec<Op> {
    let mut ops = record_ops!(
        companies, "companies",
        id: ("ACME-0042", "customer_number", "9845651"),
        fields: ["name", "domain", "industry"],
        props: company_props(), assoc: associated_with("512", 280), search: company_search()
    );
    ops.extend(association_ops!(
        companies, "companies", from: "9845651", to: ("contacts", "512"), type_id: 280
    ));
    ops.extend(record_ops!(
        deals, "deals",
        id: ("OPP-2026-118", "erp_opportunity_id", "14032187"),
        fields: ["dealname", "amount", "dealstage"],
        props: deal_props(), assoc: associated_with("9845651", 341), search: deal_search()
    ));
    ops.extend(association_ops!(
        deals, "deals", from: "14032187", to: ("companies", "9845651"), type_id: 341
    ));
    ops.extend(record_ops!(
        tickets, "tickets",
        id: ("ZD-88213", "zendesk_ticket_id", "2210553"),
        fields: ["subject", "hs_pipeline_stage", "hs_ticket_priority"],
        props: ticket_props(), assoc: associated_with("512", 16), search: ticket_search()
    ));
    ops.extend(association_ops!(
        tickets, "tickets", from: "2210553", to: ("contacts", "512"), type_id: 16
    ));
    ops
}
