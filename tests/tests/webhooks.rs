//! The webhooks module as users reach it, through the facade.

use hubspot_client::webhooks::{self, Event, ObjectKind, Request, Verifier, VerifyError};

const BODY: &str = r#"[{"eventId":1,"subscriptionId":2,"portalId":3,"appId":4,"occurredAt":1700000000000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeFlag":"NEW","changeSource":"CRM"}]"#;
const URL: &str = "https://example.com/webhooks?portal=1";
const TS: &str = "1700000000000";
// printf '%s' "POST${URL}${BODY}${TS}" | openssl dgst -sha256 -hmac test-secret -binary | base64
const SIGNATURE: &str = "h+uG3Rw4dVjGq3SJ++zljOK3sOy3UYc3Nc4ScOcm4U4=";

#[test]
fn verifies_and_decodes_through_the_facade() {
    let headers = [
        ("X-HubSpot-Signature-v3", SIGNATURE),
        ("X-HubSpot-Request-Timestamp", TS),
    ];
    let request = Request::new("POST", URL, BODY.as_bytes()).headers(headers);
    let verifier = Verifier::new("test-secret");
    assert_eq!(verifier.verify_at(&request, 1_700_000_001_000), Ok(()));
    assert!(matches!(
        verifier.verify_at(&request, 1_700_000_400_000),
        Err(VerifyError::Stale { .. })
    ));
    let events = webhooks::parse_events(BODY.as_bytes()).unwrap();
    let [Event::Creation(created)] = &events[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        (created.object_id, created.kind()),
        (123, ObjectKind::Contact)
    );
}
