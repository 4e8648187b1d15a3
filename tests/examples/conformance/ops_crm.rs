//! The CRM object APIs of the date-based versions: Contacts, Calls and
//! Communications (the object type bound: from 2026-09 they call the generic
//! `/crm/objects/VERSION/{objectType}` paths with their own type), any
//! object through `objects(...)` (a custom object here), and the
//! associations of one record of each.

use serde_json::json;

use crate::ops::{body, call_props, communication_props, contact_props, judge, op, Op};

/// The eleven operations every CRM object API has. `$get` is the API on the
/// client (`c.v2026_09().contacts()`), `$name` how the table writes it,
/// `$base` and `$item` the collection's and a record's path template.
/// Records are read and updated by `$id` looked up by `$id_property`, and
/// archived by the record id `$num`; `$fields` are property names to read,
/// `$props` values to write and `$assoc` the associations of a new record.
macro_rules! object_ops {
    (
        $version:literal, $acc:ident, $module:ident, $api:literal, $name:expr, |$c:ident| $get:expr,
        base: $base:literal, item: $item:literal,
        id: ($id:literal, $id_property:literal, $num:literal),
        fields: $fields:expr, props: $props:expr, assoc: $assoc:expr, search: $search:expr
    ) => {{
        use hubspot_client::$acc::$module as m;
        vec![
            op!($version, $api, concat!($name, ".list"), "GET", $base, |$c| {
                judge($get.list()
                    .limit(10)
                    .after("1742")
                    .properties($fields)
                    .properties_with_history(["hubspot_owner_id"])
                    .associations(["contacts", "companies"])
                    .archived(false)
                    .send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".create"), "POST", $base, |$c| {
                let input = body::<m::SimplePublicObjectInputForCreate>(
                    json!({ "associations": $assoc, "properties": $props }))?;
                judge($get.create(input).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".search"), "POST", concat!($base, "/search"), |$c| {
                let input = body::<m::PublicObjectSearchRequest>($search)?;
                judge($get.search(input).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".get"), "GET", $item, |$c| {
                judge($get.get($id)
                    .id_property($id_property)
                    .properties($fields)
                    .properties_with_history(["hubspot_owner_id"])
                    .associations(["contacts"])
                    .archived(false)
                    .send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".archive"), "DELETE", $item, |$c| {
                judge($get.archive($num).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".update"), "PATCH", $item, |$c| {
                let input = body::<m::SimplePublicObjectInput>(json!({ "properties": $props }))?;
                judge($get.update($id, input).id_property($id_property).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".batch().archive"), "POST", concat!($base, "/batch/archive"), |$c| {
                let input = body::<m::BatchInputSimplePublicObjectId>(
                    json!({ "inputs": [{ "id": $num }, { "id": "31190519042" }] }))?;
                judge($get.batch().archive(input).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".batch().create"), "POST", concat!($base, "/batch/create"), |$c| {
                let input = body::<m::BatchInputSimplePublicObjectBatchInputForCreate>(json!({
                    "inputs": [
                        { "associations": $assoc, "properties": $props },
                        { "associations": [], "properties": $props, "objectWriteTraceId": "import-2026-03-11-0002" }
                    ]
                }))?;
                judge($get.batch().create(input).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".batch().read"), "POST", concat!($base, "/batch/read"), |$c| {
                let input = body::<m::BatchReadInputSimplePublicObjectId>(json!({
                    "idProperty": $id_property,
                    "inputs": [{ "id": $id }, { "id": "31190519042" }],
                    "properties": $fields,
                    "propertiesWithHistory": ["hubspot_owner_id"]
                }))?;
                judge($get.batch().read(input).archived(false).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".batch().update"), "POST", concat!($base, "/batch/update"), |$c| {
                let input = body::<m::BatchInputSimplePublicObjectBatchInput>(json!({
                    "inputs": [
                        { "id": $id, "idProperty": $id_property, "properties": $props },
                        { "id": "31190519042", "properties": { "hubspot_owner_id": "11349275740" },
                          "objectWriteTraceId": "sync-7731" }
                    ]
                }))?;
                judge($get.batch().update(input).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".batch().upsert"), "POST", concat!($base, "/batch/upsert"), |$c| {
                let input = body::<m::BatchInputSimplePublicObjectBatchInputUpsert>(json!({
                    "inputs": [
                        { "id": $id, "idProperty": $id_property, "properties": $props },
                        { "id": "ext-4411", "idProperty": "external_id", "properties": { "hubspot_owner_id": "11349275740" } }
                    ]
                }))?;
                judge($get.batch().upsert(input).send_with_response()).await
            }),
        ]
    }};
}

/// The operations only Contacts has: GDPR delete and merge.
macro_rules! contact_only_ops {
    ($version:literal, $acc:ident, $base:literal) => {{
        use hubspot_client::$acc::contacts as m;
        vec![
            op!($version, "contacts", "contacts().purge", "POST", concat!($base, "/gdpr-delete"), |c| {
                let input = body::<m::PublicGdprDeleteInput>(json!({
                    "idProperty": "email",
                    "objectId": "jane.doe@example.com"
                }))?;
                judge(c.$acc().contacts().purge(input).send_with_response()).await
            }),
            op!($version, "contacts", "contacts().merge", "POST", concat!($base, "/merge"), |c| {
                let input = body::<m::PublicMergeInput>(json!({
                    "primaryObjectId": "512",
                    "objectIdToMerge": "777"
                }))?;
                judge(c.$acc().contacts().merge(input).send_with_response()).await
            }),
        ]
    }};
}

/// The associations of one record of an object API (`$get`, whose object
/// type is bound): with a record `$to_type` `$to_id` of `$from_id`, default
/// and labelled (association type `$type_id`, defined by HubSpot), one at a
/// time and in batches.
macro_rules! record_association_ops {
    (
        $version:literal, $acc:ident, $module:ident, $api:literal, $name:literal, |$c:ident| $get:expr,
        from: $from_id:literal, to: ($to_type:literal, $to_id:literal), type_id: $type_id:literal
    ) => {{
        use hubspot_client::$acc::$module as m;
        vec![
            op!($version, $api, concat!($name, ".associations().create_default"), "PUT",
                concat!("/crm/objects/", $version, "/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}"), |$c| {
                judge($get.associations().create_default($from_id, $to_type, $to_id).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".associations().create"), "PUT",
                concat!("/crm/objects/", $version, "/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}"), |$c| {
                let labels = body::<Vec<m::AssociationSpec>>(json!([
                    { "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": $type_id },
                    { "associationCategory": "USER_DEFINED", "associationTypeId": 36 }
                ]))?;
                judge($get.associations().create($from_id, $to_type, $to_id, labels).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".associations().archive"), "DELETE",
                concat!("/crm/objects/", $version, "/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}"), |$c| {
                judge($get.associations().archive($from_id, $to_type, $to_id).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".associations().batch().archive"), "POST",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/batch/archive"), |$c| {
                let input = body::<m::BatchInputPublicAssociationMultiArchive>(json!({
                    "inputs": [{ "from": { "id": $from_id }, "to": [{ "id": $to_id }, { "id": "9845652" }] }]
                }))?;
                judge($get.associations().batch().archive($to_type, input).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".associations().batch().create_default"), "POST",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/batch/associate/default"), |$c| {
                let input = body::<m::BatchInputPublicDefaultAssociationMultiPost>(json!({
                    "inputs": [
                        { "from": { "id": $from_id }, "to": { "id": $to_id } },
                        { "from": { "id": "777" }, "to": { "id": "9845652" } }
                    ]
                }))?;
                judge($get.associations().batch().create_default($to_type, input).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".associations().batch().create"), "POST",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/batch/create"), |$c| {
                let input = body::<m::BatchInputPublicAssociationMultiPost>(json!({
                    "inputs": [{
                        "from": { "id": $from_id },
                        "to": { "id": $to_id },
                        "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": $type_id }]
                    }]
                }))?;
                judge($get.associations().batch().create($to_type, input).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".associations().batch().archive_labels"), "POST",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/batch/labels/archive"), |$c| {
                let input = body::<m::BatchInputPublicAssociationMultiPost>(json!({
                    "inputs": [{
                        "from": { "id": $from_id },
                        "to": { "id": $to_id },
                        "types": [{ "associationCategory": "USER_DEFINED", "associationTypeId": 36 }]
                    }]
                }))?;
                judge($get.associations().batch().archive_labels($to_type, input).send_with_response()).await
            }),
            op!($version, $api, concat!($name, ".associations().batch().read"), "POST",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/batch/read"), |$c| {
                let input = body::<m::BatchInputPublicFetchAssociationsBatchRequest>(json!({
                    "inputs": [{ "id": $from_id }, { "id": "777", "after": "MTAw" }]
                }))?;
                judge($get.associations().batch().read($to_type, input).send_with_response()).await
            }),
        ]
    }};
}

/// 2026-03 also lists the associations of one record, page by page.
macro_rules! record_association_page_op {
    ($api:literal, $name:literal, |$c:ident| $get:expr, from: $from_id:literal, to: $to_type:literal) => {
        op!(
            "2026-03",
            $api,
            concat!($name, ".associations().list"),
            "GET",
            "/crm/objects/2026-03/{objectType}/{objectId}/associations/{toObjectType}",
            |$c| {
                judge(
                    $get.associations()
                        .list($from_id, $to_type)
                        .limit(100)
                        .after("MTAw")
                        .send_with_response(),
                )
                .await
            }
        )
    };
}

/// A search with two filter groups (either matches), a sort and paging.
fn activity_search() -> serde_json::Value {
    json!({
        "filterGroups": [
            { "filters": [
                { "propertyName": "hubspot_owner_id", "operator": "EQ", "value": "11349275740" },
                { "propertyName": "hs_timestamp", "operator": "GTE", "value": "2026-03-01T00:00:00.000Z" }
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
    })
}

fn contact_search() -> serde_json::Value {
    json!({
        "filterGroups": [
            { "filters": [
                { "propertyName": "email", "operator": "CONTAINS_TOKEN", "value": "*@example.com" },
                { "propertyName": "lifecyclestage", "operator": "EQ", "value": "customer" }
            ] },
            { "filters": [
                { "propertyName": "createdate", "operator": "BETWEEN",
                  "value": "2026-01-01T00:00:00.000Z", "highValue": "2026-03-31T23:59:59.999Z" },
                { "propertyName": "phone", "operator": "HAS_PROPERTY" }
            ] }
        ],
        "sorts": [],
        "query": "Doe",
        "properties": ["email", "firstname", "lastname"],
        "limit": 50,
        "after": "50"
    })
}

/// A custom object: a fleet vehicle, with a unique registration number.
fn vehicle_props() -> serde_json::Value {
    json!({
        "vehicle_name": "Van 42",
        "registration": "AB12 CDE",
        "purchase_date": "2025-11-03",
        "mileage": "48210",
        "hubspot_owner_id": "11349275740"
    })
}

fn vehicle_search() -> serde_json::Value {
    json!({
        "filterGroups": [
            { "filters": [
                { "propertyName": "mileage", "operator": "LT", "value": "100000" },
                { "propertyName": "registration", "operator": "NOT_IN", "values": ["XY99 ZZZ"] }
            ] }
        ],
        "sorts": [],
        "properties": ["vehicle_name", "registration", "mileage"],
        "limit": 100,
        "after": "0"
    })
}

fn associated_with(id: &str, type_id: i64) -> serde_json::Value {
    json!([{
        "to": { "id": id },
        "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id }]
    }])
}

/// The CRM object operations of a date-based version: `$contacts`,
/// `$calls` and `$communications` are the path prefixes of the bound APIs
/// (the object type literal in 2026-03, `{objectType}` from 2026-09),
/// `$id_segment`s their record segments, `$object` the custom object type.
macro_rules! dated_crm_ops {
    (
        $version:literal, $acc:ident,
        contacts: ($contacts:literal, $contact_item:literal),
        calls: ($calls:literal, $call_item:literal),
        communications: ($communications:literal, $communication_item:literal),
        objects: ($object:literal, $objects:literal, $object_item:literal)
    ) => {{
        let mut ops = object_ops!(
            $version, $acc, contacts, "contacts", "contacts()", |c| c.$acc().contacts(),
            base: $contacts, item: $contact_item,
            id: ("jane.doe@example.com", "email", "512"),
            fields: ["email", "firstname", "lastname"],
            props: contact_props(), assoc: associated_with("9845651", 279), search: contact_search()
        );
        ops.extend(contact_only_ops!($version, $acc, $contacts));
        ops.extend(record_association_ops!(
            $version, $acc, contacts, "contacts", "contacts()", |c| c.$acc().contacts(),
            from: "512", to: ("companies", "9845651"), type_id: 279
        ));
        ops.extend(object_ops!(
            $version, $acc, calls, "calls", "calls()", |c| c.$acc().calls(),
            base: $calls, item: $call_item,
            id: ("31190519041", "hs_object_id", "31190519041"),
            fields: ["hs_timestamp", "hs_call_title", "hubspot_owner_id"],
            props: call_props(), assoc: associated_with("512", 194), search: activity_search()
        ));
        ops.extend(record_association_ops!(
            $version, $acc, calls, "calls", "calls()", |c| c.$acc().calls(),
            from: "31190519041", to: ("contacts", "512"), type_id: 194
        ));
        ops.extend(object_ops!(
            $version, $acc, communications, "communications", "communications()",
            |c| c.$acc().communications(),
            base: $communications, item: $communication_item,
            id: ("84271993", "hs_object_id", "84271993"),
            fields: ["hs_timestamp", "hs_communication_channel_type", "hubspot_owner_id"],
            props: communication_props(), assoc: associated_with("512", 81), search: activity_search()
        ));
        ops.extend(record_association_ops!(
            $version, $acc, communications, "communications", "communications()",
            |c| c.$acc().communications(),
            from: "84271993", to: ("contacts", "512"), type_id: 81
        ));
        ops.extend(object_ops!(
            $version, $acc, objects, "objects", concat!("objects(\"", $object, "\")"),
            |c| c.$acc().objects($object),
            base: $objects, item: $object_item,
            id: ("AB12 CDE", "registration", "2341887"),
            fields: ["vehicle_name", "registration", "mileage"],
            props: vehicle_props(), assoc: json!([{
                "to": { "id": "512" },
                "types": [{ "associationCategory": "USER_DEFINED", "associationTypeId": 101 }]
            }]), search: vehicle_search()
        ));
        ops
    }};
}

/// 2026-09: every CRM object API is the generic one with its type bound.
pub fn v2026_09() -> Vec<Op> {
    dated_crm_ops!(
        "2026-09", v2026_09,
        contacts: ("/crm/objects/2026-09/{objectType}", "/crm/objects/2026-09/{objectType}/{objectId}"),
        calls: ("/crm/objects/2026-09/{objectType}", "/crm/objects/2026-09/{objectType}/{objectId}"),
        communications: ("/crm/objects/2026-09/{objectType}", "/crm/objects/2026-09/{objectType}/{objectId}"),
        objects: ("p_my_object", "/crm/objects/2026-09/{objectType}", "/crm/objects/2026-09/{objectType}/{objectId}")
    )
}

/// 2026-03: Contacts, Calls and Communications at paths of their own.
pub fn v2026_03() -> Vec<Op> {
    let mut ops = dated_crm_ops!(
        "2026-03", v2026_03,
        contacts: ("/crm/objects/2026-03/contacts", "/crm/objects/2026-03/contacts/{contactId}"),
        calls: ("/crm/objects/2026-03/calls", "/crm/objects/2026-03/calls/{callId}"),
        communications: ("/crm/objects/2026-03/communications", "/crm/objects/2026-03/communications/{communicationId}"),
        objects: ("2-1234567", "/crm/objects/2026-03/{objectType}", "/crm/objects/2026-03/{objectType}/{objectId}")
    );
    ops.push(
        record_association_page_op!("contacts", "contacts()", |c| c.v2026_03().contacts(),
        from: "512", to: "companies"),
    );
    ops.push(
        record_association_page_op!("calls", "calls()", |c| c.v2026_03().calls(),
        from: "31190519041", to: "contacts"),
    );
    ops.push(
        record_association_page_op!("communications", "communications()",
        |c| c.v2026_03().communications(), from: "84271993", to: "contacts"),
    );
    ops
}
