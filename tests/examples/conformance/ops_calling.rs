//! Calling extensions, transcriptions, custom channels and visitor identification (2026-09).

use std::time::Duration;

use hubspot_client::Client;
use serde_json::json;

use crate::ops::{body, judge, op, Op};

/// A calling or custom channel app.
const APP: i32 = 3_112_842;
/// A custom channel of that app.
const CHANNEL: i32 = 1_043_227;
/// An account of that channel.
const CHANNEL_ACCOUNT: i64 = 735_913_274;
const MESSAGE: &str = "5d1e2c0b9f8a4b7c8e6d5f4a3b2c1d0e";
const TRANSCRIPT: &str = "94e4b7a1-3c2d-4f10-9a8b-7c6d5e4f3a21";
/// A call engagement.
const CALL: i64 = 48_211_094_311;

/// Not a real credential: Prism only checks that `hapikey` is present.
const FAKE_DEVELOPER_KEY: &str = "00000000-0000-0000-0000-000000000000";

/// The client `c` points at, authenticated with a developer API key
/// (`hapikey`) instead of a bearer token: the operations below that HubSpot
/// declares with `developer_hapikey` alone accept nothing else. `code` is the
/// status to ask Prism for, the operation's success status, as the harness
/// asks it for the client it hands over.
fn developer(c: &Client, code: u16) -> Result<Client, String> {
    let mut headers = reqwest::header::HeaderMap::new();
    let prefer = reqwest::header::HeaderValue::from_str(&format!("code={code}"))
        .map_err(|e| format!("Prefer header: {e}"))?;
    headers.insert("prefer", prefer);
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| format!("HTTP client: {e}"))?;
    Client::builder()
        .base_url(c.base_url())
        .api_key(FAKE_DEVELOPER_KEY)
        .max_retries(0)
        .http_client(http)
        .build()
        .map_err(|e| format!("client: {e}"))
}

/// The operations of 2026-09.
pub fn v2026_09() -> Vec<Op> {
    let mut ops = calling_extensions();
    ops.extend(transcriptions());
    ops.extend(custom_channels());
    ops.extend(visitor_identification());
    ops
}

fn calling_extensions() -> Vec<Op> {
    use hubspot_client::v2026_09::calling_extensions as m;
    vec![
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().create_inbound_call",
            "POST",
            "/crm/extensions/calling/2026-09/inbound-call",
            |c| {
                let input = body::<m::CreateInboundCallRequest>(json!({
                    "externalCallId": "call-7f3a9c21",
                    "finalCallStatus": "COMPLETED",
                    "fromNumber": {
                        "e164Number": "+16175550142",
                        "phoneNumberType": "MOBILE"
                    },
                    "toNumber": {
                        "e164Number": "+18885550100",
                        "extension": "204",
                        "phoneNumberType": "FIXED_LINE"
                    },
                    "potentialRecipientUserIds": [11349275, 11349276],
                    "userId": 11349275,
                    "callStartedTimestamp": "2026-03-11T14:02:00Z",
                    "durationSeconds": 312,
                    "createEngagement": true,
                    "engagementProperties": {
                        "hs_call_title": "Inbound support call",
                        "hs_call_body": "Customer asked about the renewal."
                    }
                }))?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .create_inbound_call(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().mark_recording_ready",
            "POST",
            "/crm/extensions/calling/2026-09/recordings/ready",
            |c| {
                let input = body::<m::MarkRecordingReadyRequest>(json!({ "engagementId": CALL }))?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .mark_recording_ready(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().settings().get",
            "GET",
            "/crm/extensions/calling/2026-09/{appId}/settings",
            |c| {
                let c = developer(&c, 200)?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .settings()
                        .get(APP)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().settings().create",
            "POST",
            "/crm/extensions/calling/2026-09/{appId}/settings",
            |c| {
                let c = developer(&c, 200)?;
                let input = body::<m::CreateSettingsRequest>(json!({
                    "name": "Acme Dialer",
                    "url": "https://dialer.example.com/hubspot",
                    "height": 600,
                    "width": 400,
                    "isReady": false,
                    "supportsCustomObjects": true,
                    "supportsInboundCalling": true,
                    "usesCallingWindow": true,
                    "usesRemote": true
                }))?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .settings()
                        .create(APP, input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().settings().delete",
            "DELETE",
            "/crm/extensions/calling/2026-09/{appId}/settings",
            |c| {
                let c = developer(&c, 204)?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .settings()
                        .delete(APP)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().settings().update",
            "PATCH",
            "/crm/extensions/calling/2026-09/{appId}/settings",
            |c| {
                let c = developer(&c, 200)?;
                let input = body::<m::UpdateSettingsRequest>(json!({
                    "name": "Acme Dialer",
                    "url": "https://dialer.example.com/hubspot/v2",
                    "height": 640,
                    "width": 420,
                    "isReady": true,
                    "supportsCustomObjects": false,
                    "supportsInboundCalling": true,
                    "usesCallingWindow": false,
                    "usesRemote": true
                }))?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .settings()
                        .update(APP, input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().settings().channel_connection().get",
            "GET",
            "/crm/extensions/calling/2026-09/{appId}/settings/channel-connection",
            |c| {
                let c = developer(&c, 200)?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .settings()
                        .channel_connection()
                        .get(APP)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().settings().channel_connection().create",
            "POST",
            "/crm/extensions/calling/2026-09/{appId}/settings/channel-connection",
            |c| {
                let c = developer(&c, 200)?;
                let input = body::<m::CreateChannelConnectionRequest>(json!({
                    "url": "https://dialer.example.com/hubspot/connect",
                    "isReady": false
                }))?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .settings()
                        .channel_connection()
                        .create(APP, input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().settings().channel_connection().delete",
            "DELETE",
            "/crm/extensions/calling/2026-09/{appId}/settings/channel-connection",
            |c| {
                let c = developer(&c, 204)?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .settings()
                        .channel_connection()
                        .delete(APP)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().settings().channel_connection().update",
            "PATCH",
            "/crm/extensions/calling/2026-09/{appId}/settings/channel-connection",
            |c| {
                let c = developer(&c, 200)?;
                let input = body::<m::UpdateChannelConnectionRequest>(json!({
                    "url": "https://dialer.example.com/hubspot/connect/v2",
                    "isReady": true
                }))?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .settings()
                        .channel_connection()
                        .update(APP, input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().settings().recording().get",
            "GET",
            "/crm/extensions/calling/2026-09/{appId}/settings/recording",
            |c| {
                let c = developer(&c, 200)?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .settings()
                        .recording()
                        .get(APP)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().settings().recording().create",
            "POST",
            "/crm/extensions/calling/2026-09/{appId}/settings/recording",
            |c| {
                let c = developer(&c, 200)?;
                let input = body::<m::CreateRecordingSettingsRequest>(json!({
                    "urlToRetrieveAuthedRecording": "https://dialer.example.com/recordings/%s"
                }))?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .settings()
                        .recording()
                        .create(APP, input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "calling-extensions",
            "calling_extensions().settings().recording().update",
            "PATCH",
            "/crm/extensions/calling/2026-09/{appId}/settings/recording",
            |c| {
                let c = developer(&c, 200)?;
                let input = body::<m::UpdateRecordingSettingsRequest>(json!({
                    "urlToRetrieveAuthedRecording": "https://dialer.example.com/v2/recordings/%s"
                }))?;
                judge(
                    c.v2026_09()
                        .calling_extensions()
                        .settings()
                        .recording()
                        .update(APP, input)
                        .send_with_response(),
                )
                .await
            }
        ),
    ]
}

fn transcriptions() -> Vec<Op> {
    use hubspot_client::v2026_09::transcriptions as m;
    vec![
        op!(
            "2026-09",
            "transcriptions",
            "transcriptions().create",
            "POST",
            "/crm/extensions/calling/2026-09/transcripts",
            |c| {
                let input = body::<m::CreateTranscriptRequest>(json!({
                    "engagementId": CALL,
                    "transcriptCreateUtterances": [
                        {
                            "speaker": { "id": "agent-1", "name": "Jane Doe", "email": "jane.doe@example.com" },
                            "text": "Thanks for calling Example Ltd, how can I help?",
                            "languageCode": "en-US",
                            "startTimeMillis": 0,
                            "endTimeMillis": 3200
                        },
                        {
                            "speaker": { "id": "caller-1", "name": "Sam Lee" },
                            "text": "I'd like to renew my subscription.",
                            "startTimeMillis": 3400,
                            "endTimeMillis": 5900
                        }
                    ]
                }))?;
                judge(
                    c.v2026_09()
                        .transcriptions()
                        .create(input)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "transcriptions",
            "transcriptions().get",
            "GET",
            "/crm/extensions/calling/2026-09/transcripts/{transcriptId}",
            |c| {
                judge(
                    c.v2026_09()
                        .transcriptions()
                        .get(TRANSCRIPT)
                        .send_with_response(),
                )
                .await
            }
        ),
        op!(
            "2026-09",
            "transcriptions",
            "transcriptions().delete",
            "DELETE",
            "/crm/extensions/calling/2026-09/transcripts/{transcriptId}",
            |c| {
                judge(
                    c.v2026_09()
                        .transcriptions()
                        .delete(TRANSCRIPT)
                        .send_with_response(),
                )
                .await
            }
        ),
    ]
}

fn custom_channels() -> Vec<Op> {
    use hubspot_client::v2026_09::custom_channels as m;
    vec![
        op!("2026-09", "custom-channels", "custom_channels().list", "GET", "/conversations/custom-channels/2026-09", |c| {
            let c = developer(&c, 200)?;
            judge(
                c.v2026_09()
                    .custom_channels()
                    .list()
                    .app_id(APP)
                    .limit(20)
                    .after("MTA0MzIyNw==")
                    .default_page_length(20)
                    .sort(["createdAt"])
                    .send_with_response(),
            )
            .await
        }),
        op!("2026-09", "custom-channels", "custom_channels().create", "POST", "/conversations/custom-channels/2026-09", |c| {
            let c = developer(&c, 201)?;
            // Capabilities are left empty: HubSpot's published spec types
            // each capability as an object, which no real one is (see
            // specs/coverage/allow.yaml), so Prism accepts no other value.
            let input = body::<m::CreateChannelRequest>(json!({
                "name": "Acme SMS",
                "channelDescription": "Text messages from Acme's SMS gateway.",
                "channelLogoUrl": "https://sms.example.com/logo.png",
                "webhookUrl": "https://sms.example.com/hubspot/webhook",
                "channelAccountConnectionRedirectUrl": "https://sms.example.com/hubspot/connect",
                "capabilities": {}
            }))?;
            judge(c.v2026_09().custom_channels().create(input).app_id(APP).send_with_response()).await
        }),
        op!("2026-09", "custom-channels", "custom_channels().get", "GET", "/conversations/custom-channels/2026-09/{channelId}", |c| {
            let c = developer(&c, 200)?;
            judge(c.v2026_09().custom_channels().get(CHANNEL).app_id(APP).send_with_response()).await
        }),
        op!("2026-09", "custom-channels", "custom_channels().delete", "DELETE", "/conversations/custom-channels/2026-09/{channelId}", |c| {
            let c = developer(&c, 204)?;
            judge(c.v2026_09().custom_channels().delete(CHANNEL).app_id(APP).send_with_response()).await
        }),
        op!("2026-09", "custom-channels", "custom_channels().update", "PATCH", "/conversations/custom-channels/2026-09/{channelId}", |c| {
            let c = developer(&c, 200)?;
            // Every field as the published spec demands (present, an
            // object); HubSpot itself takes any of them, as strings.
            let input = body::<m::UpdateChannelRequest>(json!({
                "name": {},
                "channelDescription": {},
                "channelLogoUrl": {},
                "webhookUrl": {},
                "channelAccountConnectionRedirectUrl": {},
                "capabilities": {}
            }))?;
            judge(c.v2026_09().custom_channels().update(CHANNEL, input).app_id(APP).send_with_response()).await
        }),
        op!("2026-09", "custom-channels", "custom_channels().update_staging_token", "PATCH", "/conversations/custom-channels/2026-09/{channelId}/channel-account-staging-tokens/{accountToken}", |c| {
            let input = body::<m::UpdateStagingTokenRequest>(json!({
                "accountName": "Acme support line",
                "deliveryIdentifier": { "type": "HS_PHONE_NUMBER", "value": "+18885550100" }
            }))?;
            judge(
                c.v2026_09()
                    .custom_channels()
                    .update_staging_token(CHANNEL, "c3RhZ2luZy10b2tlbi03MzU5", input)
                    .send_with_response(),
            )
            .await
        }),
        op!("2026-09", "custom-channels", "custom_channels().channel_accounts().list", "GET", "/conversations/custom-channels/2026-09/{channelId}/channel-accounts", |c| {
            judge(
                c.v2026_09()
                    .custom_channels()
                    .channel_accounts()
                    .list(CHANNEL)
                    .delivery_identifier_type([m::DeliveryIdentifierType::HsPhoneNumber])
                    .delivery_identifier_value(["+18885550100"])
                    .archived(false)
                    .limit(50)
                    .after("NzM1OTEzMjc0")
                    .default_page_length(50)
                    .sort(["createdAt"])
                    .send_with_response(),
            )
            .await
        }),
        op!("2026-09", "custom-channels", "custom_channels().channel_accounts().create", "POST", "/conversations/custom-channels/2026-09/{channelId}/channel-accounts", |c| {
            let input = body::<m::CreateChannelAccountRequest>(json!({
                "inboxId": "147959634",
                "name": "Acme support line",
                "deliveryIdentifier": { "type": "HS_PHONE_NUMBER", "value": "+18885550100" },
                "authorized": true
            }))?;
            judge(c.v2026_09().custom_channels().channel_accounts().create(CHANNEL, input).send_with_response()).await
        }),
        op!("2026-09", "custom-channels", "custom_channels().channel_accounts().get", "GET", "/conversations/custom-channels/2026-09/{channelId}/channel-accounts/{channelAccountId}", |c| {
            judge(
                c.v2026_09()
                    .custom_channels()
                    .channel_accounts()
                    .get(CHANNEL, CHANNEL_ACCOUNT)
                    .archived(false)
                    .send_with_response(),
            )
            .await
        }),
        op!("2026-09", "custom-channels", "custom_channels().channel_accounts().update", "PATCH", "/conversations/custom-channels/2026-09/{channelId}/channel-accounts/{channelAccountId}", |c| {
            let input = body::<m::UpdateChannelAccountRequest>(json!({
                "name": "Acme support line (US)",
                "authorized": false
            }))?;
            judge(
                c.v2026_09()
                    .custom_channels()
                    .channel_accounts()
                    .update(CHANNEL, CHANNEL_ACCOUNT, input)
                    .send_with_response(),
            )
            .await
        }),
        op!("2026-09", "custom-channels", "custom_channels().messages().publish", "POST", "/conversations/custom-channels/2026-09/{channelId}/messages", |c| {
            let input = body::<m::PublishMessageRequest>(json!({
                "channelAccountId": "735913274",
                "messageDirection": "INCOMING",
                "senders": [
                    {
                        "deliveryIdentifier": { "type": "HS_PHONE_NUMBER", "value": "+16175550142" },
                        "name": "Sam Lee"
                    }
                ],
                "recipients": [
                    {
                        "deliveryIdentifier": { "type": "HS_PHONE_NUMBER", "value": "+18885550100" }
                    }
                ],
                "text": "Hi, is my order on its way? Here is where I am.",
                "richText": "<p>Hi, is my order on its way? Here is where I am.</p>",
                "attachments": [
                    {
                        "type": "FILE",
                        "fileId": "184729473921",
                        "fileUsageType": "IMAGE"
                    },
                    {
                        "type": "LOCATION",
                        "latitude": 42.3601,
                        "longitude": -71.0589,
                        "name": "Boston office",
                        "address": "2 Canal Park, Cambridge, MA",
                        "url": "https://maps.example.com/?q=42.3601,-71.0589"
                    },
                    {
                        "type": "CONTACT",
                        "contactProfile": {
                            "name": { "firstName": "Sam", "lastName": "Lee" },
                            "org": { "company": "Example Ltd", "title": "Buyer" },
                            "emails": [{ "email": "sam.lee@example.com", "type": "WORK" }],
                            "phones": [{ "phone": "+16175550142", "type": "CELL" }],
                            "addresses": [{ "street": "2 Canal Park", "city": "Cambridge", "state": "MA", "zip": "02141", "country": "United States", "countryCode": "US", "type": "WORK" }],
                            "urls": [{ "url": "https://example.com", "type": "WORK" }]
                        }
                    },
                    { "type": "UNSUPPORTED_CONTENT" },
                    { "type": "MESSAGE_HEADER", "text": "Order 10423", "fileId": 184729473922_i64 },
                    {
                        "type": "QUICK_REPLIES",
                        "quickReplies": [
                            { "label": "Track order", "value": "https://shop.example.com/track/10423", "valueType": "URL" },
                            { "label": "Talk to us", "value": "agent", "valueType": "TEXT" }
                        ]
                    },
                    {
                        "type": "SOCIAL_MEDIA_METADATA",
                        "socialMetadata": {
                            "id": "18034729384",
                            "mediaType": "PHOTO",
                            "mediaTitle": "New arrivals",
                            "description": "Our spring collection is here.",
                            "mediaUrl": "https://cdn.example.com/posts/18034729384.jpg",
                            "mediaUrlString": "https://cdn.example.com/posts/18034729384.jpg",
                            "thumbnailUrl": "https://cdn.example.com/posts/18034729384-thumb.jpg"
                        }
                    }
                ],
                "timestamp": "2026-03-11T14:02:00Z",
                "integrationThreadId": "sms-thread-6617550142",
                "integrationIdempotencyId": "sms-9f2c1d7e",
                "inReplyToId": "4c1d2e3f5a6b7c8d9e0f1a2b3c4d5e6f",
                "associateWithContactId": 51201_i64,
                "preResolvedContacts": {
                    "contacts": [
                        { "contactVid": 51201, "contactPropertiesLeadingToMatch": ["phone", "mobilephone"] }
                    ]
                }
            }))?;
            judge(c.v2026_09().custom_channels().messages().publish(CHANNEL, input).send_with_response()).await
        }),
        op!("2026-09", "custom-channels", "custom_channels().messages().get", "GET", "/conversations/custom-channels/2026-09/{channelId}/messages/{messageId}", |c| {
            judge(c.v2026_09().custom_channels().messages().get(CHANNEL, MESSAGE).send_with_response()).await
        }),
        op!("2026-09", "custom-channels", "custom_channels().messages().update_status", "PATCH", "/conversations/custom-channels/2026-09/{channelId}/messages/{messageId}", |c| {
            let input = body::<m::UpdateMessageStatusRequest>(json!({
                "statusType": "FAILED",
                "errorMessage": "The recipient's number is not reachable."
            }))?;
            judge(c.v2026_09().custom_channels().messages().update_status(CHANNEL, MESSAGE, input).send_with_response()).await
        }),
    ]
}

fn visitor_identification() -> Vec<Op> {
    use hubspot_client::v2026_09::visitor_identification as m;
    vec![op!(
        "2026-09",
        "visitor-identification",
        "visitor_identification().generate_token",
        "POST",
        "/visitor-identification/2026-09/tokens/create",
        |c| {
            let input = body::<m::GenerateTokenRequest>(json!({
                "email": "jane.doe@example.com",
                "firstName": "Jane",
                "lastName": "Doe"
            }))?;
            judge(
                c.v2026_09()
                    .visitor_identification()
                    .generate_token(input)
                    .send_with_response(),
            )
            .await
        }
    )]
}
