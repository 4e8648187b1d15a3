//! A day in the life of a calling app, against local mocks of HubSpot.
//!
//! Acme Dialer is a public app that puts a phone into HubSpot. Northwind's
//! admin installs it (the OAuth install link, the code exchange, the token
//! pair kept in a store), and from then on the app works for Northwind with
//! the OAuth client and, for what belongs to the app itself (its calling
//! settings, its webhook subscriptions), with the developer API key of Acme's
//! developer account.
//!
//! The day: the rep Jane Doe is found by her email; the app registers its
//! calling settings; Sam Lee of Example Ltd calls in, and the call is logged
//! on Sam's contact record and on the renewal deal, then its transcript is
//! attached; the app subscribes to deal stage changes and receives one, which
//! it checks and decodes; Jane texts Sam a follow-up over the app's SMS
//! channel and the app reports it sent. At the end, the token pair is still
//! in the store, and no credential went anywhere it should not.
//!
//! Every request body is matched exactly and every mock expects one call, so
//! a field too many, a missing call or a repeated one fails the test.

use chrono::{DateTime, TimeZone, Utc};
use hubspot_client::app_webhooks::{EventType, SubscriptionInput};
use hubspot_client::calling_extensions::CreateSettingsRequest;
use hubspot_client::custom_channels::{
    DeliveryIdentifier, DeliveryIdentifierType, MessageDirection, MessageParticipant,
    MessageStatusType, PublishMessageRequest, ReportedStatus, UpdateMessageStatusRequest,
};
use hubspot_client::properties::{
    associations, CallCreate, CallDirection, CallDisposition, CallSource, CallStatus,
};
use hubspot_client::transcriptions::{CreateTranscriptRequest, Speaker, UtteranceInput};
use hubspot_client::webhooks::{self, Event, ObjectKind, Verifier};
use hubspot_client::{Client, MemoryTokenStore, OAuthApp, TokenStore as _};
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{body_json, body_string, header, method, path, query_param};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

// Acme Dialer's app, from its auth settings in Acme's developer account.
const APP_ID: i32 = 3_112_842;
const CLIENT_ID: &str = "5f8b2a41-0c3d-4e6f-9a7b-1c2d3e4f5a6b";
const CLIENT_SECRET: &str = "c7e1a9d2-4b6f-4e83-9d5a-2f0b8c6e4a17";
const REDIRECT_URI: &str = "https://dialer.example.com/hubspot/oauth/callback";
const DEVELOPER_KEY: &str = "f3a2b1c0-9d8e-4f7a-8b6c-5d4e3f2a1b0c";

// The install at Northwind.
const STATE: &str = "b7f3c9e2a1d04f6e";
const CODE: &str = "na1-6c2d-4e0f-9a1b-7d3e5f2c8a40";
const ACCESS_TOKEN: &str = "CKSn1qP3MRIHAAEAQAAAARjD2rkBIK7y5R8oxY3sATIUrT9Qk7yJ3b0a";
const REFRESH_TOKEN: &str = "na1-7e21-4c3b-9f0a-5d6e8b1c2a39";
const PORTAL_ID: i64 = 24_681_357;
const TOKEN_PATH: &str = "/oauth/2026-09/token";

// Northwind's CRM: the rep, the caller's contact record and the renewal deal.
const REP_EMAIL: &str = "jane.doe@northwind.example";
const OWNER_ID: &str = "84213377";
const REP_USER_ID: i32 = 11_349_275;
const CONTACT_ID: i64 = 51_201;
const DEAL_ID: i64 = 18_394_220_117;
const CALL_ID: i64 = 48_211_094_311;

// The phones: Sam's mobile and Northwind's line on Acme Dialer.
const CALLER: &str = "+16175550142";
const NORTHWIND_LINE: &str = "+18885550100";

// Acme Dialer's SMS channel, and Northwind's account on it.
const CHANNEL_ID: i32 = 1_043_227;
const CHANNEL_ACCOUNT_ID: &str = "735913274";
const MESSAGE_ID: &str = "5d1e2c0b9f8a4b7c8e6d5f4a3b2c1d0e";

/// Where Acme Dialer receives HubSpot's webhook requests.
const WEBHOOK_URL: &str = "https://dialer.example.com/hubspot/webhooks";

fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 14, hour, minute, 0).unwrap()
}

/// A request the OAuth client sends for Northwind: `verb route`, with the
/// installation's access token.
fn as_installation(verb: &str, route: &str) -> MockBuilder {
    Mock::given(method(verb))
        .and(path(route))
        .and(header("authorization", format!("Bearer {ACCESS_TOKEN}")))
}

/// A request the developer client sends for the app itself: `verb route`,
/// with the developer API key.
fn as_developer(verb: &str, route: &str) -> MockBuilder {
    Mock::given(method(verb))
        .and(path(route))
        .and(query_param("hapikey", DEVELOPER_KEY))
}

/// Mounts `mock`, answered once with `status` and the JSON `answer`.
async fn once(server: &MockServer, mock: MockBuilder, status: u16, answer: Value) {
    mock.respond_with(ResponseTemplate::new(status).set_body_json(answer))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_calling_apps_day() {
    let server = MockServer::start().await;

    // 1. Install: the install link, the code exchange, the pair in the store
    //    and the client that refreshes it.
    let app = OAuthApp::new(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)
        .token_url(format!("{}{TOKEN_PATH}", server.uri()));
    let scopes = [
        "oauth",
        "crm.objects.owners.read",
        "crm.objects.contacts.write",
        "crm.extensions_calling_transcripts.write",
        "conversations.custom_channels.write",
    ];
    let install_link = app.authorize_url(scopes).state(STATE).to_string();
    assert_eq!(
        install_link,
        "https://app.hubspot.com/oauth/authorize\
         ?client_id=5f8b2a41-0c3d-4e6f-9a7b-1c2d3e4f5a6b\
         &redirect_uri=https%3A%2F%2Fdialer.example.com%2Fhubspot%2Foauth%2Fcallback\
         &scope=oauth%20crm.objects.owners.read%20crm.objects.contacts.write\
         %20crm.extensions_calling_transcripts.write\
         %20conversations.custom_channels.write\
         &state=b7f3c9e2a1d04f6e"
    );
    let link = reqwest::Url::parse(&install_link).expect("a URL");
    let query: Vec<(String, String)> = link.query_pairs().into_owned().collect();
    assert_eq!(
        query,
        [
            ("client_id", CLIENT_ID),
            ("redirect_uri", REDIRECT_URI),
            ("scope", scopes.join(" ").as_str()),
            ("state", STATE),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );

    once(
        &server,
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .and(header("content-type", "application/x-www-form-urlencoded"))
            .and(body_string(format!(
                "grant_type=authorization_code&client_id={CLIENT_ID}\
                 &client_secret={CLIENT_SECRET}\
                 &redirect_uri=https%3A%2F%2Fdialer.example.com%2Fhubspot%2Foauth%2Fcallback\
                 &code={CODE}"
            ))),
        200,
        json!({"token_type": "bearer", "access_token": ACCESS_TOKEN,
               "refresh_token": REFRESH_TOKEN, "expires_in": 1800}),
    )
    .await;
    // HubSpot sent the admin back to REDIRECT_URI?code=CODE&state=STATE.
    let tokens = app.exchange_code(CODE).await.expect("code exchanged");
    assert_eq!(tokens.access_token.expose(), ACCESS_TOKEN);
    assert_eq!(tokens.refresh_token.expose(), REFRESH_TOKEN);
    let store = MemoryTokenStore::new();
    store.save(&tokens).await.expect("pair saved");
    let northwind = Client::builder()
        .base_url(server.uri())
        .token_provider(app.refresher(tokens.clone()).token_store(store.clone()))
        .build()
        .expect("OAuth client");
    // The app's own settings and subscriptions take Acme's developer key.
    let developer = Client::builder()
        .base_url(server.uri())
        .api_key(DEVELOPER_KEY)
        .build()
        .expect("developer client");

    // 2. The rep, found by her email: her owner id assigns the call to her.
    once(
        &server,
        as_installation("GET", "/crm/owners/2026-09").and(query_param("email", REP_EMAIL)),
        200,
        json!({"results": [{
            "id": OWNER_ID, "email": REP_EMAIL, "firstName": "Jane", "lastName": "Doe",
            "type": "PERSON", "userId": REP_USER_ID, "userIdIncludingInactive": REP_USER_ID,
            "archived": false, "createdAt": "2025-02-03T09:12:44.120Z",
            "updatedAt": "2026-09-30T16:40:02.871Z",
            "teams": [{"id": "4431", "name": "Renewals", "primary": true}]
        }]}),
    )
    .await;
    let owners = northwind
        .owners()
        .list()
        .email(REP_EMAIL)
        .send()
        .await
        .expect("owners");
    let [rep] = owners.results.as_slice() else {
        panic!("one owner has that email: {owners:?}")
    };
    assert_eq!(rep.id, OWNER_ID);
    assert_eq!(rep.user_id, Some(REP_USER_ID));

    // 3. The calling settings that put Acme Dialer in HubSpot's calling widget.
    let settings_path = format!("/crm/extensions/calling/2026-09/{APP_ID}/settings");
    let settings = json!({
        "name": "Acme Dialer", "url": "https://dialer.example.com/hubspot/widget",
        "height": 600, "width": 400, "isReady": true, "supportsCustomObjects": false,
        "supportsInboundCalling": true, "usesCallingWindow": false, "usesRemote": true
    });
    let mut registered = settings.clone();
    registered["createdAt"] = json!("2026-10-14T08:00:00Z");
    registered["updatedAt"] = json!("2026-10-14T08:00:00Z");
    once(
        &server,
        as_developer("POST", &settings_path).and(body_json(&settings)),
        200,
        registered,
    )
    .await;
    let registered = developer
        .calling_extensions()
        .settings()
        .create(
            APP_ID,
            CreateSettingsRequest::new(
                "Acme Dialer",
                "https://dialer.example.com/hubspot/widget",
                600,   // height
                400,   // width
                true,  // is_ready
                false, // supports_custom_objects
                true,  // supports_inbound_calling
                false, // uses_calling_window
                true,  // uses_remote
            ),
        )
        .send()
        .await
        .expect("calling settings");
    assert!(registered.supports_inbound_calling && registered.is_ready);

    // 4. Sam's inbound call, logged as a typed call on his contact and the
    //    renewal deal, from the integrations platform (which recordings and
    //    transcripts need).
    let logged = json!({
        "hs_timestamp": "2026-10-14T15:02:00.000Z",
        "hs_call_title": "Inbound call from Sam Lee",
        "hs_call_body": "Sam wants to renew before the price change; send the contract this week.",
        "hs_call_direction": "INBOUND",
        "hs_call_status": "COMPLETED",
        "hs_call_disposition": "f240bbac-87c9-4f6e-bf70-924b57d47db7",
        "hs_call_duration": "312000",
        "hs_call_from_number": CALLER,
        "hs_call_to_number": NORTHWIND_LINE,
        "hs_call_recording_url": "https://dialer.example.com/recordings/call-7f3a9c21.mp3",
        "hs_call_source": "INTEGRATIONS_PLATFORM",
        "hubspot_owner_id": OWNER_ID
    });
    let mut stored = logged.clone();
    stored["hs_object_id"] = json!(CALL_ID.to_string());
    once(
        &server,
        as_installation("POST", "/crm/objects/2026-09/calls").and(body_json(json!({
            "properties": logged,
            "associations": [
                {"to": {"id": CONTACT_ID.to_string()},
                 "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}]},
                {"to": {"id": DEAL_ID.to_string()},
                 "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 206}]}
            ]
        }))),
        201,
        json!({"id": CALL_ID.to_string(), "properties": stored, "archived": false,
               "createdAt": "2026-10-14T15:07:13.402Z", "updatedAt": "2026-10-14T15:07:13.402Z"}),
    )
    .await;
    let call = CallCreate::new(at(15, 2))
        .title("Inbound call from Sam Lee")
        .body("Sam wants to renew before the price change; send the contract this week.")
        .direction(CallDirection::Inbound)
        .status(CallStatus::Completed)
        .disposition(CallDisposition::Connected)
        .duration(Duration::from_secs(312))
        .from_number(CALLER)
        .to_number(NORTHWIND_LINE)
        .recording_url("https://dialer.example.com/recordings/call-7f3a9c21.mp3")
        .source(CallSource::IntegrationsPlatform)
        .owner_id(rep.id.clone())
        .associate(CONTACT_ID.to_string(), associations::CALL_TO_CONTACT)
        .associate(DEAL_ID.to_string(), associations::CALL_TO_DEAL);
    let call = northwind
        .calls()
        .typed()
        .create(call)
        .await
        .expect("call logged");
    assert_eq!(call.properties.object_id, Some(CALL_ID));
    assert_eq!(
        call.properties.source,
        Some(CallSource::IntegrationsPlatform)
    );
    assert_eq!(call.properties.duration, Some(Duration::from_secs(312)));
    let call_id: i64 = call.id.parse().expect("a call id is a number");

    // 5. The call's transcript, attached to the call engagement.
    once(
        &server,
        as_installation("POST", "/crm/extensions/calling/2026-09/transcripts").and(body_json(
            json!({
                "engagementId": CALL_ID,
                "transcriptCreateUtterances": [
                    {"speaker": {"id": format!("user-{REP_USER_ID}"), "name": "Jane Doe",
                                 "email": REP_EMAIL},
                     "text": "Northwind renewals, Jane speaking.", "languageCode": "en-US",
                     "startTimeMillis": 0, "endTimeMillis": 2400},
                    {"speaker": {"id": "caller", "name": "Sam Lee"},
                     "text": "Hi Jane, we'd like to renew before the price change.",
                     "languageCode": "en-US", "startTimeMillis": 2600, "endTimeMillis": 6100}
                ]
            }),
        )),
        200,
        json!({"id": "94e4b7a1-3c2d-4f10-9a8b-7c6d5e4f3a21"}),
    )
    .await;
    let transcript = CreateTranscriptRequest::new(
        call_id,
        vec![
            UtteranceInput::new(
                Speaker::new(format!("user-{REP_USER_ID}"), "Jane Doe").email(REP_EMAIL),
                "Northwind renewals, Jane speaking.",
                0,
                2400,
            )
            .language_code("en-US"),
            UtteranceInput::new(
                Speaker::new("caller", "Sam Lee"),
                "Hi Jane, we'd like to renew before the price change.",
                2600,
                6100,
            )
            .language_code("en-US"),
        ],
    );
    let transcript = northwind
        .transcriptions()
        .create(transcript)
        .send()
        .await
        .expect("transcript");
    assert_eq!(transcript.id, "94e4b7a1-3c2d-4f10-9a8b-7c6d5e4f3a21");

    // 6. A subscription to deal stage changes, for the app's webhook URL.
    once(
        &server,
        as_developer(
            "POST",
            &format!("/app-webhooks/2026-09/{APP_ID}/subscriptions"),
        )
        .and(body_json(
            json!({"active": true, "eventType": "deal.propertyChange",
                             "propertyName": "dealstage"}),
        )),
        201,
        json!({"id": "1834921", "active": true, "eventType": "deal.propertyChange",
               "propertyName": "dealstage", "createdAt": "2026-10-14T15:12:30.118Z"}),
    )
    .await;
    let subscription = developer
        .app_webhooks(APP_ID)
        .subscriptions()
        .create(
            SubscriptionInput::new(true, EventType::DealPropertyChange).property_name("dealstage"),
        )
        .send()
        .await
        .expect("subscription");
    assert_eq!(subscription.event_type, EventType::DealPropertyChange);

    // 7. Jane moves the deal to "contract sent": HubSpot posts the event,
    //    signed with the app's client secret; the app checks and decodes it.
    let subscription_id: i64 = subscription
        .id
        .parse()
        .expect("a subscription id is a number");
    let occurred_at = at(15, 20).timestamp_millis();
    let body = json!([{
        "eventId": 2_741_883_105_i64, "subscriptionId": subscription_id, "portalId": PORTAL_ID,
        "appId": APP_ID, "occurredAt": occurred_at, "subscriptionType": "deal.propertyChange",
        "attemptNumber": 0, "objectId": DEAL_ID, "propertyName": "dealstage",
        "propertyValue": "contractsent", "changeSource": "CRM_UI",
        "sourceId": format!("userId:{REP_USER_ID}")
    }])
    .to_string();
    let timestamp = (occurred_at + 850).to_string();
    let signature =
        Verifier::new(CLIENT_SECRET).sign("POST", WEBHOOK_URL, body.as_bytes(), &timestamp);
    // What the app's handler gets: the request as received, checked a
    // second after it was signed.
    let received = webhooks::Request::new("POST", WEBHOOK_URL, body.as_bytes())
        .header(webhooks::SIGNATURE_HEADER, &signature)
        .header(webhooks::TIMESTAMP_HEADER, &timestamp);
    let verifier = Verifier::new(CLIENT_SECRET);
    let now = occurred_at + 1_850;
    verifier
        .verify_at(&received, now)
        .expect("signed by HubSpot");
    let forged = body.replace("contractsent", "closedwon");
    let forged = webhooks::Request::new("POST", WEBHOOK_URL, forged.as_bytes())
        .header(webhooks::SIGNATURE_HEADER, &signature)
        .header(webhooks::TIMESTAMP_HEADER, &timestamp);
    assert_eq!(
        verifier.verify_at(&forged, now),
        Err(webhooks::VerifyError::Mismatch)
    );
    let events = webhooks::parse_events(body.as_bytes()).expect("events");
    let [Event::PropertyChange(change)] = events.as_slice() else {
        panic!("one property change: {events:?}")
    };
    assert_eq!(change.kind(), ObjectKind::Deal);
    assert_eq!(change.object_id, DEAL_ID);
    assert_eq!(change.property_name, "dealstage");
    assert_eq!(change.property_value.as_deref(), Some("contractsent"));
    assert_eq!(change.info.subscription_id, subscription_id);
    assert_eq!(change.info.portal_id, PORTAL_ID);

    // 8. Jane texts Sam from the dialer; the app publishes the text to
    //    Northwind's inbox over its SMS channel, then reports it sent.
    let messages = format!("/conversations/custom-channels/2026-09/{CHANNEL_ID}/messages");
    let text = "Hi Sam, thanks for the call. The renewal contract is on its way. Jane";
    let jane = json!({"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": NORTHWIND_LINE},
                      "name": "Jane Doe"});
    let sam = json!({"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": CALLER},
                     "name": "Sam Lee"});
    let message = |status: Value| {
        json!({
            "type": "MESSAGE", "id": MESSAGE_ID, "conversationsThreadId": "7382914455",
            "channelId": CHANNEL_ID.to_string(), "channelAccountId": CHANNEL_ACCOUNT_ID,
            "direction": "OUTGOING", "senders": [jane], "recipients": [sam], "text": text,
            "truncationStatus": "NOT_TRUNCATED", "attachments": [], "status": status,
            "client": {"clientType": "INTEGRATION", "integrationAppId": APP_ID},
            "createdBy": format!("I-{APP_ID}"), "archived": false,
            "createdAt": "2026-10-14T15:25:00.512Z"
        })
    };
    once(
        &server,
        as_installation("POST", &messages).and(body_json(json!({
            "channelAccountId": CHANNEL_ACCOUNT_ID, "messageDirection": "OUTGOING",
            "senders": [jane], "recipients": [sam], "text": text, "attachments": [],
            "timestamp": "2026-10-14T15:25:00Z", "integrationThreadId": "sms-16175550142",
            "integrationIdempotencyId": "sms-7f3a9c21-1", "associateWithContactId": CONTACT_ID
        }))),
        201,
        message(json!({"statusType": "RECEIVED"})),
    )
    .await;
    once(
        &server,
        as_installation("PATCH", &format!("{messages}/{MESSAGE_ID}"))
            .and(body_json(json!({"statusType": "SENT"}))),
        200,
        message(json!({"statusType": "SENT"})),
    )
    .await;
    let phone = |number: &str, name: &str| {
        MessageParticipant::new(DeliveryIdentifier::new(
            DeliveryIdentifierType::HsPhoneNumber,
            number,
        ))
        .name(name)
    };
    let published = northwind
        .custom_channels()
        .messages()
        .publish(
            CHANNEL_ID,
            PublishMessageRequest::new(
                CHANNEL_ACCOUNT_ID,
                MessageDirection::Outgoing,
                vec![phone(NORTHWIND_LINE, "Jane Doe")],
                vec![phone(CALLER, "Sam Lee")],
                text,
                vec![],
                at(15, 25),
            )
            .integration_thread_id("sms-16175550142")
            .integration_idempotency_id("sms-7f3a9c21-1")
            .associate_with_contact_id(CONTACT_ID),
        )
        .send()
        .await
        .expect("published");
    let sent = northwind
        .custom_channels()
        .messages()
        .update_status(
            CHANNEL_ID,
            published.id,
            UpdateMessageStatusRequest::new(ReportedStatus::Sent),
        )
        .send()
        .await
        .expect("status reported");
    assert_eq!(
        sent.status.map(|s| s.status_type),
        Some(MessageStatusType::Sent)
    );

    // The pair is still the installed one: nothing was refreshed.
    assert_eq!(store.get(), Some(tokens));
    server.verify().await;
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 8, "one request per call of the day");
    for request in &requests {
        no_credential_out_of_place(request);
    }
}

/// Each credential only where it belongs: the client secret in the body of
/// the code exchange, the access token in the `Authorization` header of the
/// installation's requests, the developer key in the `hapikey` parameter of
/// the app's own; the refresh token nowhere (no refresh happened).
fn no_credential_out_of_place(request: &wiremock::Request) {
    let route = request.url.path();
    let url = request.url.as_str();
    let body = String::from_utf8_lossy(&request.body);
    let hapikeys: Vec<String> = request
        .url
        .query_pairs()
        .filter(|(name, _)| name == "hapikey")
        .map(|(_, value)| value.into_owned())
        .collect();
    let authorization = request
        .headers
        .get("authorization")
        .map(|v| v.to_str().expect("ASCII"));
    let is_token_exchange = route == TOKEN_PATH;
    let is_developer = route.starts_with("/app-webhooks/")
        || route.starts_with(&format!("/crm/extensions/calling/2026-09/{APP_ID}/"));
    if is_token_exchange {
        assert_eq!(authorization, None, "{route}");
        assert!(hapikeys.is_empty(), "{route}");
    } else if is_developer {
        assert_eq!(authorization, None, "{route}: the developer key alone");
        assert_eq!(hapikeys, [DEVELOPER_KEY], "{route}");
    } else {
        let bearer = format!("Bearer {ACCESS_TOKEN}");
        assert_eq!(authorization, Some(bearer.as_str()), "{route}");
        assert!(hapikeys.is_empty(), "{route}: no developer key");
    }
    for secret in [ACCESS_TOKEN, CLIENT_SECRET, REFRESH_TOKEN, DEVELOPER_KEY] {
        for (name, value) in &request.headers {
            let value = String::from_utf8_lossy(value.as_bytes());
            let allowed = name == "authorization" && secret == ACCESS_TOKEN;
            assert!(
                allowed || !value.contains(secret),
                "{route}: a secret in {name}"
            );
        }
        let in_url = url.contains(secret);
        assert_eq!(
            in_url,
            is_developer && secret == DEVELOPER_KEY,
            "{route}: URL"
        );
        let in_body = body.contains(secret);
        assert_eq!(
            in_body,
            is_token_exchange && secret == CLIENT_SECRET,
            "{route}: body"
        );
    }
}
