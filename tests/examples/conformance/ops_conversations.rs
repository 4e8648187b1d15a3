//! Conversations, in v3 and 2026-09: the same operations, at other paths.

use serde_json::json;

use crate::ops::{body, judge, op, Op};

const THREAD: &str = "7509711154";
const MESSAGE: &str = "b7e2f0c1d2e3f4a5b6c7d8e9f0a1b2c3";

/// The threads and messages of one version: `$acc` is the version's module
/// and accessor on the client, `$base` the prefix of most paths and
/// `$assignee` that of the thread assignee's.
macro_rules! conversations_thread_ops {
    ($version:literal, $acc:ident, $base:literal, $assignee:literal) => {{
        use hubspot_client::$acc::conversations as m;
        vec![
        op!($version, "conversations", "conversations().threads().list", "GET", concat!($base, "/threads"), |c| {
            let after = "2024-03-01T00:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .map_err(|e| format!("timestamp: {e}"))?;
            judge(
                c.$acc().conversations()
                    .threads()
                    .list()
                    .inbox_id(["147959634", "147959635"])
                    .thread_status(m::ThreadsListThreadStatus::Open)
                    .associated_contact_id("512")
                    .association([m::ThreadsListAssociationItem::Ticket])
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
        op!($version, "conversations", "conversations().threads().get", "GET", concat!($base, "/threads/{threadId}"), |c| {
            judge(
                c.$acc().conversations()
                    .threads()
                    .get(THREAD)
                    .association([m::ThreadsGetAssociationItem::Ticket])
                    .property("hs_thread_subject")
                    .archived(false)
                    .send_with_response(),
            )
            .await
        }),
        op!($version, "conversations", "conversations().threads().delete", "DELETE", concat!($base, "/threads/{threadId}"), |c| {
            judge(c.$acc().conversations().threads().delete(THREAD).send_with_response()).await
        }),
        op!($version, "conversations", "conversations().threads().update", "PATCH", concat!($base, "/threads/{threadId}"), |c| {
            let input = body::<m::UpdateThreadRequest>(json!({ "status": "CLOSED", "archived": false }))?;
            judge(c.$acc().conversations().threads().update(THREAD, input).archived(false).send_with_response()).await
        }),
        op!($version, "conversations", "conversations().threads().assignee().update", "PUT", concat!($assignee, "/threads/{threadId}/assignee"), |c| {
            let input = body::<m::AssignThreadRequest>(json!({ "actorId": "A-1234567" }))?;
            judge(c.$acc().conversations().threads().assignee().update(THREAD, input).send_with_response()).await
        }),
        op!($version, "conversations", "conversations().threads().assignee().delete", "DELETE", concat!($assignee, "/threads/{threadId}/assignee"), |c| {
            judge(c.$acc().conversations().threads().assignee().delete(THREAD).send_with_response()).await
        }),
        op!($version, "conversations", "conversations().threads().messages().list", "GET", concat!($base, "/threads/{threadId}/messages"), |c| {
            judge(
                c.$acc().conversations()
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
        op!($version, "conversations", "conversations().threads().messages().create", "POST", concat!($base, "/threads/{threadId}/messages"), |c| {
            let input = body::<m::SendMessageRequest>(json!({
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
            judge(c.$acc().conversations().threads().messages().create(THREAD, input).send_with_response()).await
        }),
        op!($version, "conversations", "conversations().threads().messages().get", "GET", concat!($base, "/threads/{threadId}/messages/{messageId}"), |c| {
            judge(c.$acc().conversations().threads().messages().get(THREAD, MESSAGE).property("text").send_with_response()).await
        }),
        op!($version, "conversations", "conversations().threads().messages().get_original_content", "GET",
            concat!($base, "/threads/{threadId}/messages/{messageId}/original-content"), |c| {
            judge(
                c.$acc().conversations()
                    .threads()
                    .messages()
                    .get_original_content(THREAD, MESSAGE)
                    .property("richText")
                    .send_with_response(),
            )
            .await
        }),
        ]
    }};
}

/// The actors, channel accounts, channels and inboxes of one version.
macro_rules! conversations_directory_ops {
    ($version:literal, $acc:ident, $base:literal) => {{
        use hubspot_client::$acc::conversations as m;
        vec![
        op!($version, "conversations", "conversations().actors().batch().read", "POST", concat!($base, "/actors/batch/read"), |c| {
            let input = body::<m::ActorBatchReadRequest>(json!({ "inputs": ["A-1234567", "V-5432"] }))?;
            judge(c.$acc().conversations().actors().batch().read(input).property("email").send_with_response()).await
        }),
        op!($version, "conversations", "conversations().actors().get", "GET", concat!($base, "/actors/{actorId}"), |c| {
            judge(c.$acc().conversations().actors().get("A-1234567").property("email").send_with_response()).await
        }),
        op!($version, "conversations", "conversations().channel_accounts().list", "GET", concat!($base, "/channel-accounts"), |c| {
            judge(
                c.$acc().conversations()
                    .channel_accounts()
                    .list()
                    .channel_id(["1000", "1002"])
                    .inbox_id(["147959634"])
                    .default_page_length(25)
                    .limit(25)
                    .sort(["createdAt"])
                    .archived(false)
                    .after("MjU=")
                    .send_with_response(),
            )
            .await
        }),
        op!($version, "conversations", "conversations().channel_accounts().get", "GET", concat!($base, "/channel-accounts/{channelAccountId}"), |c| {
            judge(c.$acc().conversations().channel_accounts().get("240288").archived(false).send_with_response()).await
        }),
        op!($version, "conversations", "conversations().channels().list", "GET", concat!($base, "/channels"), |c| {
            judge(
                c.$acc().conversations()
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
        op!($version, "conversations", "conversations().channels().get", "GET", concat!($base, "/channels/{channelId}"), |c| {
            judge(c.$acc().conversations().channels().get("1002").send_with_response()).await
        }),
        op!($version, "conversations", "conversations().inboxes().list", "GET", concat!($base, "/inboxes"), |c| {
            judge(
                c.$acc().conversations()
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
        op!($version, "conversations", "conversations().inboxes().get", "GET", concat!($base, "/inboxes/{inboxId}"), |c| {
            judge(c.$acc().conversations().inboxes().get("147959634").archived(false).send_with_response()).await
        }),
        ]
    }};
}

pub fn v3() -> Vec<Op> {
    let mut ops = conversations_thread_ops!(
        "v3",
        v3,
        "/conversations/v3/conversations",
        "/conversations/conversations/v3"
    );
    ops.extend(conversations_directory_ops!(
        "v3",
        v3,
        "/conversations/v3/conversations"
    ));
    ops
}

pub fn v2026_09() -> Vec<Op> {
    let mut ops = conversations_thread_ops!(
        "2026-09",
        v2026_09,
        "/conversations/conversations/2026-09",
        "/conversations/conversations/2026-09"
    );
    ops.extend(conversations_directory_ops!(
        "2026-09",
        v2026_09,
        "/conversations/conversations/2026-09"
    ));
    ops
}
