//! The Associations APIs of the date-based versions: associations between
//! any two records (`associations()`) and their labels and limits
//! (`associations_schema()`).

use serde_json::json;

use crate::ops::{body, judge, op, Op};

/// The operations of `associations()` both dated versions have: batches
/// between two object types, one record's associations, the usage report.
macro_rules! association_ops {
    ($version:literal, $acc:ident) => {{
        use hubspot_client::$acc::associations as m;
        vec![
            op!($version, "associations", "associations().request_report", "POST",
                concat!("/crm/associations/", $version, "/usage/high-usage-report/{userId}"), |c| {
                judge(c.$acc().associations().request_report(7350821).send_with_response()).await
            }),
            op!($version, "associations", "associations().batch().archive", "POST",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/batch/archive"), |c| {
                let input = body::<m::BatchInputPublicAssociationMultiArchive>(json!({
                    "inputs": [{ "from": { "id": "512" }, "to": [{ "id": "9845651" }, { "id": "9845652" }] }]
                }))?;
                judge(c.$acc().associations().batch().archive("contacts", "companies", input).send_with_response()).await
            }),
            op!($version, "associations", "associations().batch().create_default", "POST",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/batch/associate/default"), |c| {
                let input = body::<m::BatchInputPublicDefaultAssociationMultiPost>(json!({
                    "inputs": [
                        { "from": { "id": "4419283" }, "to": { "id": "512" } },
                        { "from": { "id": "4419284" }, "to": { "id": "777" } }
                    ]
                }))?;
                judge(c.$acc().associations().batch().create_default("deals", "contacts", input).send_with_response()).await
            }),
            op!($version, "associations", "associations().batch().create", "POST",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/batch/create"), |c| {
                let input = body::<m::BatchInputPublicAssociationMultiPost>(json!({
                    "inputs": [{
                        "from": { "id": "512" },
                        "to": { "id": "9845651" },
                        "types": [
                            { "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279 },
                            { "associationCategory": "USER_DEFINED", "associationTypeId": 36 }
                        ]
                    }]
                }))?;
                judge(c.$acc().associations().batch().create("contacts", "companies", input).send_with_response()).await
            }),
            op!($version, "associations", "associations().batch().archive_labels", "POST",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/batch/labels/archive"), |c| {
                let input = body::<m::BatchInputPublicAssociationMultiPost>(json!({
                    "inputs": [{
                        "from": { "id": "512" },
                        "to": { "id": "9845651" },
                        "types": [{ "associationCategory": "USER_DEFINED", "associationTypeId": 36 }]
                    }]
                }))?;
                judge(c.$acc().associations().batch().archive_labels("contacts", "companies", input).send_with_response()).await
            }),
            op!($version, "associations", "associations().batch().read", "POST",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/batch/read"), |c| {
                let input = body::<m::BatchInputPublicFetchAssociationsBatchRequest>(json!({
                    "inputs": [{ "id": "512" }, { "id": "777", "after": "MTAw" }]
                }))?;
                judge(c.$acc().associations().batch().read("contacts", "companies", input).send_with_response()).await
            }),
            op!($version, "associations", "associations().objects().create_default", "PUT",
                concat!("/crm/objects/", $version, "/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}"), |c| {
                judge(c.$acc().associations().objects()
                    .create_default("tickets", "2841120", "p_my_object", "2341887").send_with_response()).await
            }),
            op!($version, "associations", "associations().objects().create", "PUT",
                concat!("/crm/objects/", $version, "/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}"), |c| {
                let labels = body::<Vec<m::AssociationSpec>>(json!([
                    { "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279 },
                    { "associationCategory": "USER_DEFINED", "associationTypeId": 36 }
                ]))?;
                judge(c.$acc().associations().objects()
                    .create("contacts", "512", "companies", "9845651", labels).send_with_response()).await
            }),
            op!($version, "associations", "associations().objects().archive", "DELETE",
                concat!("/crm/objects/", $version, "/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}"), |c| {
                judge(c.$acc().associations().objects()
                    .archive("2-1234567", "2341887", "contacts", "512").send_with_response()).await
            }),
        ]
    }};
}

/// Labels between two object types and the limits set on them.
macro_rules! association_schema_ops {
    ($version:literal, $acc:ident) => {{
        use hubspot_client::$acc::associations_schema as m;
        vec![
            op!($version, "associations-schema", "associations_schema().labels().list", "GET",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/labels"), |c| {
                judge(c.$acc().associations_schema().labels().list("contacts", "companies").send_with_response()).await
            }),
            op!($version, "associations-schema", "associations_schema().labels().create", "POST",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/labels"), |c| {
                let input = body::<m::PublicAssociationDefinitionCreateRequest>(json!({
                    "label": "Billing contact",
                    "inverseLabel": "Billed company",
                    "name": "billing_contact"
                }))?;
                judge(c.$acc().associations_schema().labels().create("contacts", "companies", input).send_with_response()).await
            }),
            op!($version, "associations-schema", "associations_schema().labels().update", "PUT",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/labels"), |c| {
                let input = body::<m::PublicAssociationDefinitionUpdateRequest>(json!({
                    "associationTypeId": 36,
                    "label": "Accounts payable contact",
                    "inverseLabel": "Company billed"
                }))?;
                judge(c.$acc().associations_schema().labels().update("contacts", "companies", input).send_with_response()).await
            }),
            op!($version, "associations-schema", "associations_schema().labels().archive", "DELETE",
                concat!("/crm/associations/", $version, "/{fromObjectType}/{toObjectType}/labels/{associationTypeId}"), |c| {
                judge(c.$acc().associations_schema().labels().archive("contacts", "companies", 36).send_with_response()).await
            }),
            op!($version, "associations-schema", "associations_schema().definitions().configurations().get_all", "GET",
                concat!("/crm/associations/", $version, "/definitions/configurations/all"), |c| {
                judge(c.$acc().associations_schema().definitions().configurations().get_all().send_with_response()).await
            }),
            op!($version, "associations-schema", "associations_schema().definitions().configurations().list", "GET",
                concat!("/crm/associations/", $version, "/definitions/configurations/{fromObjectType}/{toObjectType}"), |c| {
                judge(c.$acc().associations_schema().definitions().configurations()
                    .list("contacts", "companies").send_with_response()).await
            }),
            op!($version, "associations-schema", "associations_schema().definitions().configurations().batch().create", "POST",
                concat!("/crm/associations/", $version, "/definitions/configurations/{fromObjectType}/{toObjectType}/batch/create"), |c| {
                let input = body::<m::BatchInputPublicAssociationDefinitionConfigurationCreateRequest>(json!({
                    "inputs": [{ "category": "USER_DEFINED", "typeId": 36, "maxToObjectIds": 1 }]
                }))?;
                judge(c.$acc().associations_schema().definitions().configurations().batch()
                    .create("contacts", "companies", input).send_with_response()).await
            }),
            op!($version, "associations-schema", "associations_schema().definitions().configurations().batch().update", "POST",
                concat!("/crm/associations/", $version, "/definitions/configurations/{fromObjectType}/{toObjectType}/batch/update"), |c| {
                let input = body::<m::BatchInputPublicAssociationDefinitionConfigurationUpdateRequest>(json!({
                    "inputs": [{ "category": "USER_DEFINED", "typeId": 36, "maxToObjectIds": 3 }]
                }))?;
                judge(c.$acc().associations_schema().definitions().configurations().batch()
                    .update("contacts", "companies", input).send_with_response()).await
            }),
            op!($version, "associations-schema", "associations_schema().definitions().configurations().batch().purge", "POST",
                concat!("/crm/associations/", $version, "/definitions/configurations/{fromObjectType}/{toObjectType}/batch/purge"), |c| {
                let input = body::<m::BatchInputPublicAssociationSpec>(json!({
                    "inputs": [{ "category": "USER_DEFINED", "typeId": 36 }]
                }))?;
                judge(c.$acc().associations_schema().definitions().configurations().batch()
                    .purge("contacts", "companies", input).send_with_response()).await
            }),
        ]
    }};
}

pub fn v2026_09() -> Vec<Op> {
    let mut ops = association_ops!("2026-09", v2026_09);
    ops.extend(association_schema_ops!("2026-09", v2026_09));
    ops
}

/// 2026-03 also lists one record's associations and searches records by
/// what they are associated with.
pub fn v2026_03() -> Vec<Op> {
    use hubspot_client::v2026_03::associations as m;
    let mut ops = association_ops!("2026-03", v2026_03);
    ops.push(op!(
        "2026-03",
        "associations",
        "associations().objects().list",
        "GET",
        "/crm/objects/2026-03/{objectType}/{objectId}/associations/{toObjectType}",
        |c| {
            judge(
                c.v2026_03()
                    .associations()
                    .objects()
                    .list("deals", "4419283", "line_items")
                    .limit(100)
                    .after("MTAw")
                    .send_with_response(),
            )
            .await
        }
    ));
    ops.push(op!(
        "2026-03",
        "associations",
        "associations().objects().search",
        "POST",
        "/crm/objects/2026-03/{objectType}/search",
        |c| {
            let input = body::<m::PublicObjectSearchRequest>(json!({
                "filterGroups": [{ "filters": [
                    { "propertyName": "associations.contact", "operator": "EQ", "value": "512" },
                    { "propertyName": "dealstage", "operator": "NEQ", "value": "closedlost" }
                ] }],
                "sorts": [],
                "properties": ["dealname", "amount", "dealstage"],
                "limit": 25,
                "after": "0"
            }))?;
            judge(
                c.v2026_03()
                    .associations()
                    .objects()
                    .search("deals", input)
                    .send_with_response(),
            )
            .await
        }
    ));
    ops.extend(association_schema_ops!("2026-03", v2026_03));
    ops
}
