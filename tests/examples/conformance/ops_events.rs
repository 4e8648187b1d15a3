//! A public app's OAuth, its webhook settings and subscriptions (2026-09) and the Webhooks Journal (2026-03).
//!
//! OAuth calls send forms and need no access token; the app webhooks calls
//! authenticate with the developer API key (`hapikey`), added to each
//! request here; the journal reads follow offsets from one entry to the
//! next.

use serde_json::json;

use crate::ops::{body, judge, op, Op};

/// The public app whose webhooks are configured.
const APP_ID: i32 = 1_234_567;
/// A developer account's API key.
const HAPIKEY: &str = "5a4e9a6c-8d5b-4c0e-9f3a-0d2b6f1e7c41";
/// A webhook subscription of that app.
const WEBHOOK_SUBSCRIPTION: i32 = 4521;

/// The `currentOffset` of a journal entry already read.
const OFFSET: &str = "550e8400-e29b-41d4-a716-446655440000";
/// An account that installed the app.
const PORTAL: i32 = 24_157_893;
/// A snapshot's status ID.
const SNAPSHOT_STATUS: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
/// A journal subscription and one of its filters.
const JOURNAL_SUBSCRIPTION: i64 = 8_812_345;
const FILTER: i64 = 90_210;

/// The reads of one journal: `$name` and `$acc` its accessor (`journal`,
/// `journal_local`), `$base` its path prefix.
macro_rules! journal_ops {
    ($name:literal, $acc:ident, $base:literal) => {{
        use hubspot_client::v2026_03::webhooks_journal as m;
        vec![
            op!("2026-03", "webhooks-journal", concat!($name, "().earliest"), "GET", concat!($base, "/earliest"), |c| {
                judge(c.v2026_03().webhooks_journal().$acc().earliest()
                    .install_portal_id(PORTAL)
                    .send_with_response()).await
            }),
            op!("2026-03", "webhooks-journal", concat!($name, "().latest"), "GET", concat!($base, "/latest"), |c| {
                judge(c.v2026_03().webhooks_journal().$acc().latest()
                    .install_portal_id(PORTAL)
                    .send_with_response()).await
            }),
            op!("2026-03", "webhooks-journal", concat!($name, "().next"), "GET", concat!($base, "/offset/{offset}/next"), |c| {
                judge(c.v2026_03().webhooks_journal().$acc().next(OFFSET)
                    .install_portal_id(PORTAL)
                    .send_with_response()).await
            }),
            op!("2026-03", "webhooks-journal", concat!($name, "().get_snapshot_status"), "GET",
                concat!($base, "/status/{statusId}"), |c| {
                judge(c.v2026_03().webhooks_journal().$acc().get_snapshot_status(SNAPSHOT_STATUS)
                    .send_with_response()).await
            }),
            op!("2026-03", "webhooks-journal", concat!($name, "().batch().earliest"), "GET",
                concat!($base, "/batch/earliest/{count}"), |c| {
                judge(c.v2026_03().webhooks_journal().$acc().batch().earliest(25)
                    .install_portal_id(PORTAL)
                    .send_with_response()).await
            }),
            op!("2026-03", "webhooks-journal", concat!($name, "().batch().latest"), "GET",
                concat!($base, "/batch/latest/{count}"), |c| {
                judge(c.v2026_03().webhooks_journal().$acc().batch().latest(10)
                    .install_portal_id(PORTAL)
                    .send_with_response()).await
            }),
            op!("2026-03", "webhooks-journal", concat!($name, "().batch().next"), "GET",
                concat!($base, "/batch/{offset}/next/{count}"), |c| {
                judge(c.v2026_03().webhooks_journal().$acc().batch().next(OFFSET, 50)
                    .install_portal_id(PORTAL)
                    .send_with_response()).await
            }),
            op!("2026-03", "webhooks-journal", concat!($name, "().batch().read"), "POST",
                concat!($base, "/batch/read"), |c| {
                let input = body::<m::BatchInputJournalOffset>(json!({
                    "inputs": [OFFSET, "6ba7b810-9dad-11d1-80b4-00c04fd430c8"]
                }))?;
                judge(c.v2026_03().webhooks_journal().$acc().batch().read(input)
                    .install_portal_id(PORTAL)
                    .send_with_response()).await
            }),
        ]
    }};
}

/// The operations of 2026-09.
pub fn v2026_09() -> Vec<Op> {
    let mut ops = oauth();
    ops.extend(app_webhooks());
    ops
}

/// The operations of 2026-03 (the Webhooks Journal).
pub fn v2026_03() -> Vec<Op> {
    let mut ops = journal_ops!("journal", journal, "/webhooks-journal/journal/2026-03");
    ops.extend(journal_ops!(
        "journal_local",
        journal_local,
        "/webhooks-journal/journal-local/2026-03"
    ));
    ops.extend(journal_management());
    ops
}

fn oauth() -> Vec<Op> {
    use hubspot_client::v2026_09::oauth as m;
    vec![
        op!(
            "2026-09",
            "oauth",
            "oauth().token().create",
            "POST",
            "/oauth/2026-09/token",
            |c| {
                let form = body::<m::TokenRequest>(json!({
                    "grant_type": "authorization_code",
                    "client_id": "5f0c3d2e-8a41-4b6f-9d7e-1c2b3a4d5e6f",
                    "client_secret": "7b1e2d3c-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
                    "redirect_uri": "https://app.example.com/oauth/callback",
                    "code": "na1-6bcd-1a2b-4c3d-9e8f-0a1b2c3d4e5f",
                    "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
                }))?;
                judge(
                    c.v2026_09()
                        .oauth()
                        .token()
                        .create(form)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "oauth",
            "oauth().token().introspect",
            "POST",
            "/oauth/2026-09/token/introspect",
            |c| {
                let form = body::<m::IntrospectRequest>(json!({
                    "client_id": "5f0c3d2e-8a41-4b6f-9d7e-1c2b3a4d5e6f",
                    "client_secret": "7b1e2d3c-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
                    "token": "CKDZpunPLhICAQEYs-gDIIGOBii1hQIyGQAf3xBKEgsYjYMJVvlHEz9tFHAwSq1TQAM40s0D",
                    "token_type_hint": "access_token"
                }))?;
                judge(
                    c.v2026_09()
                        .oauth()
                        .token()
                        .introspect(form)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "oauth",
            "oauth().token().revoke",
            "POST",
            "/oauth/2026-09/token/revoke",
            |c| {
                let form = body::<m::RevokeRequest>(json!({
                    "client_id": "5f0c3d2e-8a41-4b6f-9d7e-1c2b3a4d5e6f",
                    "client_secret": "7b1e2d3c-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
                    "token": "na1-9f8e-7d6c-5b4a-3210-fedcba987654",
                    "token_type_hint": "refresh_token"
                }))?;
                judge(
                    c.v2026_09()
                        .oauth()
                        .token()
                        .revoke(form)
                        .send_with_response(),
                )
                .await
            }
        ),
    ]
}

const SETTINGS: &str = "/app-webhooks/2026-09/{appId}/settings";
const SUBSCRIPTIONS: &str = "/app-webhooks/2026-09/{appId}/subscriptions";
const SUBSCRIPTION: &str = "/app-webhooks/2026-09/{appId}/subscriptions/{subscriptionId}";

fn app_webhooks() -> Vec<Op> {
    use hubspot_client::v2026_09::app_webhooks as m;
    vec![
        op!(
            "2026-09",
            "app-webhooks",
            "app_webhooks(1234567).settings().get",
            "GET",
            SETTINGS,
            |c| {
                judge(
                    c.v2026_09()
                        .app_webhooks(APP_ID)
                        .settings()
                        .get()
                        .query("hapikey", HAPIKEY)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "app-webhooks",
            "app_webhooks(1234567).settings().update",
            "PUT",
            SETTINGS,
            |c| {
                let input = body::<m::SettingsInput>(json!({
                    "targetUrl": "https://app.example.com/hubspot/webhooks",
                    "throttling": { "maxConcurrentRequests": 10 }
                }))?;
                judge(
                    c.v2026_09()
                        .app_webhooks(APP_ID)
                        .settings()
                        .update(input)
                        .query("hapikey", HAPIKEY)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "app-webhooks",
            "app_webhooks(1234567).settings().delete",
            "DELETE",
            SETTINGS,
            |c| {
                judge(
                    c.v2026_09()
                        .app_webhooks(APP_ID)
                        .settings()
                        .delete()
                        .query("hapikey", HAPIKEY)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "app-webhooks",
            "app_webhooks(1234567).subscriptions().list",
            "GET",
            SUBSCRIPTIONS,
            |c| {
                judge(
                    c.v2026_09()
                        .app_webhooks(APP_ID)
                        .subscriptions()
                        .list()
                        .query("hapikey", HAPIKEY)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "app-webhooks",
            "app_webhooks(1234567).subscriptions().create",
            "POST",
            SUBSCRIPTIONS,
            |c| {
                let input = body::<m::SubscriptionInput>(json!({
                    "active": true,
                    "eventType": "contact.propertyChange",
                    "propertyName": "lifecyclestage"
                }))?;
                judge(
                    c.v2026_09()
                        .app_webhooks(APP_ID)
                        .subscriptions()
                        .create(input)
                        .query("hapikey", HAPIKEY)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "app-webhooks",
            "app_webhooks(1234567).subscriptions().batch().update",
            "POST",
            "/app-webhooks/2026-09/{appId}/subscriptions/batch/update",
            |c| {
                let input = body::<m::BatchInputSubscriptionActivation>(json!({
                    "inputs": [{ "id": WEBHOOK_SUBSCRIPTION, "active": false }, { "id": 4522, "active": true }]
                }))?;
                judge(
                    c.v2026_09()
                        .app_webhooks(APP_ID)
                        .subscriptions()
                        .batch()
                        .update(input)
                        .query("hapikey", HAPIKEY)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "app-webhooks",
            "app_webhooks(1234567).subscriptions().get",
            "GET",
            SUBSCRIPTION,
            |c| {
                judge(
                    c.v2026_09()
                        .app_webhooks(APP_ID)
                        .subscriptions()
                        .get(WEBHOOK_SUBSCRIPTION)
                        .query("hapikey", HAPIKEY)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "app-webhooks",
            "app_webhooks(1234567).subscriptions().delete",
            "DELETE",
            SUBSCRIPTION,
            |c| {
                judge(
                    c.v2026_09()
                        .app_webhooks(APP_ID)
                        .subscriptions()
                        .delete(WEBHOOK_SUBSCRIPTION)
                        .query("hapikey", HAPIKEY)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "app-webhooks",
            "app_webhooks(1234567).subscriptions().update",
            "PATCH",
            SUBSCRIPTION,
            |c| {
                let input = body::<m::SubscriptionPatch>(json!({ "active": false }))?;
                judge(
                    c.v2026_09()
                        .app_webhooks(APP_ID)
                        .subscriptions()
                        .update(WEBHOOK_SUBSCRIPTION, input)
                        .query("hapikey", HAPIKEY)
                        .send_with_response(),
                )
                .await
            }
        ),
    ]
}

const JOURNAL_SUBSCRIPTIONS: &str = "/webhooks-journal/subscriptions/2026-03";
const JOURNAL_SUBSCRIPTION_ITEM: &str = "/webhooks-journal/subscriptions/2026-03/{subscriptionId}";
const FILTER_ITEM: &str = "/webhooks-journal/subscriptions/2026-03/filters/{filterId}";

/// Snapshots, subscriptions and their filters.
fn journal_management() -> Vec<Op> {
    use hubspot_client::v2026_03::webhooks_journal as m;
    vec![
        op!(
            "2026-03",
            "webhooks-journal",
            "create_snapshots",
            "POST",
            "/webhooks-journal/snapshots/2026-03/crm",
            |c| {
                let input = body::<m::CrmSnapshotBatchInput>(json!({
                    "snapshotRequests": [
                        { "portalId": 24157893, "objectTypeId": "0-1", "objectId": 512,
                          "properties": ["email", "lifecyclestage"] },
                        { "portalId": 24157893, "objectTypeId": "0-3", "objectId": 9_845_651,
                          "properties": ["dealstage", "amount"] }
                    ]
                }))?;
                judge(
                    c.v2026_03()
                        .webhooks_journal()
                        .create_snapshots(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-03",
            "webhooks-journal",
            "subscriptions().list",
            "GET",
            JOURNAL_SUBSCRIPTIONS,
            |c| {
                judge(
                    c.v2026_03()
                        .webhooks_journal()
                        .subscriptions()
                        .list()
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-03",
            "webhooks-journal",
            "subscriptions().upsert",
            "POST",
            JOURNAL_SUBSCRIPTIONS,
            |c| {
                let input = body::<m::SubscriptionInput>(json!({
                    "subscriptionType": "OBJECT",
                    "portalId": 24157893,
                    "objectTypeId": "0-1",
                    "actions": ["CREATE", "UPDATE", "DELETE", "MERGE"],
                    "objectIds": [],
                    "properties": ["email", "lifecyclestage"]
                }))?;
                judge(
                    c.v2026_03()
                        .webhooks_journal()
                        .subscriptions()
                        .upsert(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-03",
            "webhooks-journal",
            "subscriptions().get",
            "GET",
            JOURNAL_SUBSCRIPTION_ITEM,
            |c| {
                judge(
                    c.v2026_03()
                        .webhooks_journal()
                        .subscriptions()
                        .get(JOURNAL_SUBSCRIPTION)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-03",
            "webhooks-journal",
            "subscriptions().delete",
            "DELETE",
            JOURNAL_SUBSCRIPTION_ITEM,
            |c| {
                judge(
                    c.v2026_03()
                        .webhooks_journal()
                        .subscriptions()
                        .delete(JOURNAL_SUBSCRIPTION)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-03",
            "webhooks-journal",
            "subscriptions().delete_for_portal",
            "DELETE",
            "/webhooks-journal/subscriptions/2026-03/portals/{portalId}",
            |c| {
                judge(
                    c.v2026_03()
                        .webhooks_journal()
                        .subscriptions()
                        .delete_for_portal(24_157_893)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-03",
            "webhooks-journal",
            "subscriptions().filters().create",
            "POST",
            "/webhooks-journal/subscriptions/2026-03/filters",
            |c| {
                let input = body::<m::FilterInput>(json!({
                    "subscriptionId": JOURNAL_SUBSCRIPTION,
                    "filter": { "conditions": [
                        { "filterType": "CRM_OBJECT_PROPERTY", "property": "lifecyclestage", "operator": "EQ",
                          "value": "customer" },
                        { "filterType": "CRM_OBJECT_PROPERTY", "property": "hs_lead_status", "operator": "IN",
                          "values": ["OPEN", "IN_PROGRESS"] },
                        { "filterType": "CRM_OBJECT_PROPERTY", "property": "email", "operator": "IS_NOT_EMPTY" }
                    ] }
                }))?;
                judge(
                    c.v2026_03()
                        .webhooks_journal()
                        .subscriptions()
                        .filters()
                        .create(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-03",
            "webhooks-journal",
            "subscriptions().filters().list",
            "GET",
            "/webhooks-journal/subscriptions/2026-03/filters/subscription/{subscriptionId}",
            |c| {
                judge(
                    c.v2026_03()
                        .webhooks_journal()
                        .subscriptions()
                        .filters()
                        .list(JOURNAL_SUBSCRIPTION)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-03",
            "webhooks-journal",
            "subscriptions().filters().get",
            "GET",
            FILTER_ITEM,
            |c| {
                judge(
                    c.v2026_03()
                        .webhooks_journal()
                        .subscriptions()
                        .filters()
                        .get(FILTER)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-03",
            "webhooks-journal",
            "subscriptions().filters().delete",
            "DELETE",
            FILTER_ITEM,
            |c| {
                judge(
                    c.v2026_03()
                        .webhooks_journal()
                        .subscriptions()
                        .filters()
                        .delete(FILTER)
                        .send_with_response(),
                )
                .await
            }
        ),
    ]
}
