//! Owners, pipelines, property definitions and custom-object schemas (2026-09).
//!
//! The APIs around the records: `owners()`, `pipelines(objectType)`,
//! `crm_properties(objectType)` (the Properties API; `properties` is the
//! typed properties' module) and `schemas()`.

use serde_json::json;

use crate::ops::{body, judge, op, Op};

const OWNER_BASE: &str = "/crm/owners/2026-09";
const PIPELINE_BASE: &str = "/crm/pipelines/2026-09/{objectType}";
const PIPELINE: &str = "/crm/pipelines/2026-09/{objectType}/{pipelineId}";
const STAGE: &str = "/crm/pipelines/2026-09/{objectType}/{pipelineId}/stages/{stageId}";
const PROPERTY_BASE: &str = "/crm/properties/2026-09/{objectType}";
const PROPERTY: &str = "/crm/properties/2026-09/{objectType}/{propertyName}";
const GROUP: &str = "/crm/properties/2026-09/{objectType}/groups/{groupName}";
const SCHEMA_BASE: &str = "/crm-object-schemas/2026-09/schemas";
const SCHEMA: &str = "/crm-object-schemas/2026-09/schemas/{objectType}";

/// A custom object's object type ID.
const CARS: &str = "2-3508482";

/// The operations of 2026-09.
pub fn v2026_09() -> Vec<Op> {
    let mut ops = owners();
    ops.extend(pipelines());
    ops.extend(crm_properties());
    ops.extend(schemas());
    ops
}

fn owners() -> Vec<Op> {
    use hubspot_client::v2026_09::owners as m;
    vec![
        op!(
            "2026-09",
            "owners",
            "owners().list",
            "GET",
            OWNER_BASE,
            |c| {
                judge(
                    c.v2026_09()
                        .owners()
                        .list()
                        .email("jsmith@example.com")
                        .archived(false)
                        .limit(100)
                        .after("NTI1Cg==")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "owners",
            "owners().get",
            "GET",
            "/crm/owners/2026-09/{ownerId}",
            |c| {
                judge(
                    c.v2026_09()
                        .owners()
                        .get(1296619)
                        .id_property(m::OwnerIdProperty::UserId)
                        .archived(false)
                        .send_with_response(),
                )
                .await
            }
        ),
    ]
}

fn pipelines() -> Vec<Op> {
    use hubspot_client::v2026_09::pipelines as m;
    vec![
        op!(
            "2026-09",
            "pipelines",
            "pipelines().list",
            "GET",
            PIPELINE_BASE,
            |c| judge(c.v2026_09().pipelines("deals").list().send_with_response()).await
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().create",
            "POST",
            PIPELINE_BASE,
            |c| {
                let input = body::<m::PipelineInput>(json!({
                    "label": "Renewals",
                    "displayOrder": 2,
                    "stages": [
                        { "label": "Renewal due", "displayOrder": 0, "metadata": { "probability": "0.5" } },
                        { "label": "Renewed", "displayOrder": 1, "metadata": { "probability": "1.0" }, "stageId": "renewed" }
                    ]
                }))?;
                judge(
                    c.v2026_09()
                        .pipelines("deals")
                        .create(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().get",
            "GET",
            PIPELINE,
            |c| {
                judge(
                    c.v2026_09()
                        .pipelines("deals")
                        .get("default")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().replace",
            "PUT",
            PIPELINE,
            |c| {
                let input = body::<m::PipelineReplaceInput>(json!({
                    "label": "Support",
                    "displayOrder": 0,
                    "stages": [
                        { "label": "New", "displayOrder": 0, "metadata": { "ticketState": "OPEN" } },
                        { "label": "Closed", "displayOrder": 1, "metadata": { "ticketState": "CLOSED" } }
                    ]
                }))?;
                judge(
                    c.v2026_09()
                        .pipelines("tickets")
                        .replace("0", input)
                        .validate_references_before_delete(true)
                        .validate_deal_stage_usages_before_delete(false)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().archive",
            "DELETE",
            PIPELINE,
            |c| {
                judge(
                    c.v2026_09()
                        .pipelines("deals")
                        .archive("51284772")
                        .validate_references_before_delete(true)
                        .validate_deal_stage_usages_before_delete(true)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().update",
            "PATCH",
            PIPELINE,
            |c| {
                let input = body::<m::PipelinePatchInput>(
                    json!({ "label": "Renewals (EMEA)", "displayOrder": 3 }),
                )?;
                judge(
                    c.v2026_09()
                        .pipelines("deals")
                        .update("51284772", input)
                        .validate_references_before_delete(false)
                        .validate_deal_stage_usages_before_delete(false)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().get_audit",
            "GET",
            "/crm/pipelines/2026-09/{objectType}/{pipelineId}/audit",
            |c| {
                judge(
                    c.v2026_09()
                        .pipelines("deals")
                        .get_audit("default")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().stages().list",
            "GET",
            "/crm/pipelines/2026-09/{objectType}/{pipelineId}/stages",
            |c| {
                judge(
                    c.v2026_09()
                        .pipelines("deals")
                        .stages()
                        .list("default")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().stages().create",
            "POST",
            "/crm/pipelines/2026-09/{objectType}/{pipelineId}/stages",
            |c| {
                let input = body::<m::PipelineStageInput>(json!({
                    "label": "Contract sent",
                    "displayOrder": 4,
                    "metadata": { "probability": "0.9" }
                }))?;
                judge(
                    c.v2026_09()
                        .pipelines("deals")
                        .stages()
                        .create("default", input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().stages().get",
            "GET",
            STAGE,
            |c| {
                judge(
                    c.v2026_09()
                        .pipelines("deals")
                        .stages()
                        .get("default", "appointmentscheduled")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().stages().replace",
            "PUT",
            STAGE,
            |c| {
                let input = body::<m::PipelineStageReplaceInput>(json!({
                    "label": "Waiting on customer",
                    "displayOrder": 2,
                    "metadata": { "ticketState": "OPEN" }
                }))?;
                judge(
                    c.v2026_09()
                        .pipelines("tickets")
                        .stages()
                        .replace("0", "2", input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().stages().archive",
            "DELETE",
            STAGE,
            |c| {
                judge(
                    c.v2026_09()
                        .pipelines("deals")
                        .stages()
                        .archive("51284772", "104339512")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().stages().update",
            "PATCH",
            STAGE,
            |c| {
                let input = body::<m::PipelineStagePatchInput>(json!({
                    "label": "Demo booked",
                    "metadata": { "probability": "0.3" },
                    "archived": false
                }))?;
                judge(
                    c.v2026_09()
                        .pipelines("deals")
                        .stages()
                        .update("default", "appointmentscheduled", input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "pipelines",
            "pipelines().stages().get_audit",
            "GET",
            "/crm/pipelines/2026-09/{objectType}/{pipelineId}/stages/{stageId}/audit",
            |c| {
                judge(
                    c.v2026_09()
                        .pipelines("deals")
                        .stages()
                        .get_audit("default", "closedwon")
                        .send_with_response(),
                )
                .await
            }
        ),
    ]
}

fn crm_properties() -> Vec<Op> {
    use hubspot_client::v2026_09::crm_properties as m;
    vec![
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().list",
            "GET",
            PROPERTY_BASE,
            |c| {
                judge(
                    c.v2026_09()
                        .crm_properties("contacts")
                        .list()
                        .archived(false)
                        .data_sensitivity(m::DataSensitivity::Sensitive)
                        .locale("de")
                        .properties("email")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().create",
            "POST",
            PROPERTY_BASE,
            |c| {
                let input = body::<m::PropertyCreate>(json!({
                    "name": "favorite_food",
                    "label": "Favorite food",
                    "type": "enumeration",
                    "fieldType": "select",
                    "groupName": "contactinformation",
                    "description": "What the contact orders most.",
                    "displayOrder": -1,
                    "formField": true,
                    "hidden": false,
                    "hasUniqueValue": false,
                    "dataSensitivity": "non_sensitive",
                    "options": [
                        { "label": "Burger", "value": "burger", "displayOrder": 0, "hidden": false },
                        { "label": "Donut", "value": "donut", "displayOrder": 1, "hidden": false, "description": "Glazed." }
                    ]
                }))?;
                judge(
                    c.v2026_09()
                        .crm_properties("contacts")
                        .create(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().get",
            "GET",
            PROPERTY,
            |c| {
                judge(
                    c.v2026_09()
                        .crm_properties("contacts")
                        .get("favorite_food")
                        .archived(false)
                        .data_sensitivity(m::DataSensitivity::NonSensitive)
                        .locale("en")
                        .properties("favorite_food")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().archive",
            "DELETE",
            PROPERTY,
            |c| {
                judge(
                    c.v2026_09()
                        .crm_properties("contacts")
                        .archive("favorite_food")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().update",
            "PATCH",
            PROPERTY,
            |c| {
                let input = body::<m::PropertyUpdate>(json!({
                    "label": "Preferred food",
                    "type": "enumeration",
                    "fieldType": "radio",
                    "groupName": "contactinformation",
                    "hidden": false,
                    "formField": true,
                    "displayOrder": 2,
                    "description": "What the contact orders most.",
                    "options": [
                        { "label": "Burger", "value": "burger", "displayOrder": 0, "hidden": false },
                        { "label": "Donut", "value": "donut", "displayOrder": 1, "hidden": true }
                    ]
                }))?;
                judge(
                    c.v2026_09()
                        .crm_properties("contacts")
                        .update("favorite_food", input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().batch().archive",
            "POST",
            "/crm/properties/2026-09/{objectType}/batch/archive",
            |c| {
                let input = body::<m::BatchInputPropertyName>(json!({
                    "inputs": [{ "name": "favorite_food" }, { "name": "loyalty_points" }]
                }))?;
                judge(
                    c.v2026_09()
                        .crm_properties("contacts")
                        .batch()
                        .archive(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().batch().create",
            "POST",
            "/crm/properties/2026-09/{objectType}/batch/create",
            |c| {
                let input = body::<m::BatchInputPropertyCreate>(json!({
                    "inputs": [
                        {
                            "name": "loyalty_points",
                            "label": "Loyalty points",
                            "type": "number",
                            "fieldType": "number",
                            "groupName": "dealinformation"
                        },
                        {
                            "name": "margin_formula",
                            "label": "Margin",
                            "type": "number",
                            "fieldType": "calculation_equation",
                            "groupName": "dealinformation",
                            "calculationFormula": "amount - cost"
                        },
                        {
                            "name": "account_manager",
                            "label": "Account manager",
                            "type": "enumeration",
                            "fieldType": "select",
                            "groupName": "dealinformation",
                            "externalOptions": true,
                            "referencedObjectType": "OWNER"
                        }
                    ]
                }))?;
                judge(
                    c.v2026_09()
                        .crm_properties("deals")
                        .batch()
                        .create(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().batch().read",
            "POST",
            "/crm/properties/2026-09/{objectType}/batch/read",
            |c| {
                let input = body::<m::BatchReadInputPropertyName>(json!({
                    "archived": false,
                    "dataSensitivity": "non_sensitive",
                    "inputs": [{ "name": "email" }, { "name": "favorite_food" }]
                }))?;
                judge(
                    c.v2026_09()
                        .crm_properties("contacts")
                        .batch()
                        .read(input)
                        .locale("en")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().groups().list",
            "GET",
            "/crm/properties/2026-09/{objectType}/groups",
            |c| {
                judge(
                    c.v2026_09()
                        .crm_properties("companies")
                        .groups()
                        .list()
                        .locale("fr")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().groups().create",
            "POST",
            "/crm/properties/2026-09/{objectType}/groups",
            |c| {
                let input = body::<m::PropertyGroupCreate>(json!({
                    "name": "integration_data",
                    "label": "Integration data",
                    "displayOrder": -1
                }))?;
                judge(
                    c.v2026_09()
                        .crm_properties("companies")
                        .groups()
                        .create(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().groups().get",
            "GET",
            GROUP,
            |c| {
                judge(
                    c.v2026_09()
                        .crm_properties("companies")
                        .groups()
                        .get("integration_data")
                        .locale("en")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().groups().archive",
            "DELETE",
            GROUP,
            |c| {
                judge(
                    c.v2026_09()
                        .crm_properties("companies")
                        .groups()
                        .archive("integration_data")
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "crm-properties",
            "crm_properties().groups().update",
            "PATCH",
            GROUP,
            |c| {
                let input = body::<m::PropertyGroupUpdate>(
                    json!({ "label": "Synced data", "displayOrder": 5 }),
                )?;
                judge(
                    c.v2026_09()
                        .crm_properties("companies")
                        .groups()
                        .update("integration_data", input)
                        .send_with_response(),
                )
                .await
            }
        ),
    ]
}

fn schemas() -> Vec<Op> {
    use hubspot_client::v2026_09::schemas as m;
    vec![
        op!(
            "2026-09",
            "schemas",
            "schemas().list",
            "GET",
            SCHEMA_BASE,
            |c| {
                judge(
                    c.v2026_09()
                        .schemas()
                        .list()
                        .archived(false)
                        .include_association_definitions(true)
                        .include_audit_metadata(false)
                        .include_property_definitions(true)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "schemas",
            "schemas().create",
            "POST",
            SCHEMA_BASE,
            |c| {
                let input = body::<m::ObjectSchemaEgg>(json!({
                    "name": "cars",
                    "description": "Cars on the lot.",
                    "labels": { "singular": "Car", "plural": "Cars" },
                    "allowsSensitiveProperties": false,
                    "primaryDisplayProperty": "model",
                    "secondaryDisplayProperties": ["make"],
                    "searchableProperties": ["model", "vin"],
                    "requiredProperties": ["model", "vin"],
                    "associatedObjects": ["CONTACT", "0-3"],
                    "properties": [
                        {
                            "name": "model",
                            "label": "Model",
                            "type": "string",
                            "fieldType": "text",
                            "groupName": "car_information",
                            "description": "Model name.",
                            "displayOrder": 0,
                            "formField": true,
                            "hidden": false,
                            "searchableInGlobalSearch": true,
                            "textDisplayHint": "unformatted_single_line"
                        },
                        {
                            "name": "vin",
                            "label": "VIN",
                            "type": "string",
                            "fieldType": "text",
                            "hasUniqueValue": true
                        },
                        {
                            "name": "price",
                            "label": "Price",
                            "type": "number",
                            "fieldType": "number",
                            "numberDisplayHint": "currency",
                            "showCurrencySymbol": true
                        },
                        {
                            "name": "make",
                            "label": "Make",
                            "type": "enumeration",
                            "fieldType": "select",
                            "optionSortStrategy": "ALPHABETICAL",
                            "options": [
                                { "label": "Toyota", "value": "toyota", "displayOrder": 0, "hidden": false },
                                { "label": "Volvo", "value": "volvo", "displayOrder": 1, "hidden": false }
                            ]
                        },
                        {
                            "name": "sales_rep",
                            "label": "Sales rep",
                            "type": "enumeration",
                            "fieldType": "select",
                            "referencedObjectType": "OWNER",
                            "externalOptionsReferenceType": "OWNER"
                        }
                    ]
                }))?;
                judge(c.v2026_09().schemas().create(input).send_with_response()).await
            }
        ),
        op!(
            "2026-09",
            "schemas",
            "schemas().batch().read",
            "POST",
            "/crm-object-schemas/2026-09/schemas/batch/read",
            |c| {
                let input = body::<m::ObjectSchemaBatchReadRequest>(json!({
                    "inputs": [CARS, "p7878787_boats"],
                    "includeAssociationDefinitions": true,
                    "includeAuditMetadata": false,
                    "includePropertyDefinitions": true
                }))?;
                judge(
                    c.v2026_09()
                        .schemas()
                        .batch()
                        .read(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!("2026-09", "schemas", "schemas().get", "GET", SCHEMA, |c| {
            judge(
                c.v2026_09()
                    .schemas()
                    .get(CARS)
                    .include_association_definitions(false)
                    .include_audit_metadata(true)
                    .include_property_definitions(false)
                    .send_with_response(),
            )
            .await
        }),
        op!(
            "2026-09",
            "schemas",
            "schemas().archive",
            "DELETE",
            SCHEMA,
            |c| {
                judge(
                    c.v2026_09()
                        .schemas()
                        .archive("p7878787_cars")
                        .archived(true)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "schemas",
            "schemas().update",
            "PATCH",
            SCHEMA,
            |c| {
                let input = body::<m::ObjectTypeDefinitionPatch>(json!({
                    "clearDescription": false,
                    "description": "Cars on the lot and in transit.",
                    "labels": { "singular": "Vehicle", "plural": "Vehicles" },
                    "primaryDisplayProperty": "vin",
                    "secondaryDisplayProperties": ["model", "make"],
                    "searchableProperties": ["vin"],
                    "requiredProperties": ["vin"],
                    "allowsSensitiveProperties": false,
                    "restorable": true
                }))?;
                judge(
                    c.v2026_09()
                        .schemas()
                        .update(CARS, input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "schemas",
            "schemas().associations().create",
            "POST",
            "/crm-object-schemas/2026-09/schemas/{objectType}/associations",
            |c| {
                let input = body::<m::AssociationDefinitionEgg>(json!({
                    "fromObjectTypeId": CARS,
                    "toObjectTypeId": "0-2",
                    "name": "car_to_company"
                }))?;
                judge(
                    c.v2026_09()
                        .schemas()
                        .associations()
                        .create(CARS, input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "schemas",
            "schemas().associations().archive",
            "DELETE",
            "/crm-object-schemas/2026-09/schemas/{objectType}/associations/{associationIdentifier}",
            |c| {
                judge(
                    c.v2026_09()
                        .schemas()
                        .associations()
                        .archive(CARS, "105")
                        .send_with_response(),
                )
                .await
            }
        ),
    ]
}
