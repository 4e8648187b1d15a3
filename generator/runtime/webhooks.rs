//! Receiving HubSpot webhooks: checking the v3 signature of a request and
//! decoding the events it carries. No web framework is assumed: hand over
//! the method, the full URL, the headers and the raw body.
//!
//! ```
//! use hubspot_client_runtime::webhooks::{self, Event, ObjectKind, Request, Verifier};
//!
//! /// Answers one webhook request with an HTTP status.
//! fn handle(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> u16 {
//!     let verifier = Verifier::new("the app's client secret");
//!     let request = Request::new(method, url, body).headers(headers.iter().copied());
//!     if let Err(e) = verifier.verify(&request) {
//!         eprintln!("rejected: {e}");
//!         return 401;
//!     }
//!     let Ok(events) = webhooks::parse_events(body) else {
//!         return 400;
//!     };
//!     for event in events {
//!         match event {
//!             Event::PropertyChange(c) if c.kind() == ObjectKind::Contact => {
//!                 println!("contact {} set {} to {:?}", c.object_id, c.property_name, c.property_value);
//!             }
//!             Event::Creation(c) if c.kind() == ObjectKind::Call => println!("new call {}", c.object_id),
//!             Event::NewMessage(m) => println!("message {} in thread {}", m.message_id, m.object_id),
//!             Event::Unknown(u) => println!("not handled: {}", u.subscription_type),
//!             _ => {}
//!         }
//!     }
//!     200
//! }
//!
//! // An unsigned request is refused before its body is looked at.
//! assert_eq!(handle("POST", "https://example.com/hook", &[], b"[]"), 401);
//! ```

use super::client::Secret;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use sha2::Sha256;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use subtle::ConstantTimeEq;

/// The header carrying the v3 signature.
pub const SIGNATURE_HEADER: &str = "X-HubSpot-Signature-v3";
/// The header carrying the time of signing, in Unix milliseconds.
pub const TIMESTAMP_HEADER: &str = "X-HubSpot-Request-Timestamp";
/// How far a request's timestamp may be from now (HubSpot's rule: 5 minutes).
pub const MAX_AGE: Duration = Duration::from_secs(5 * 60);

/// Why a request was not accepted as coming from HubSpot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// A required header is absent.
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    /// A header is present but cannot be read (not base64, not a number).
    #[error("malformed header {0}")]
    MalformedHeader(&'static str),
    /// The timestamp is too far from now: a replay, or a badly skewed clock.
    #[error("request timestamp {timestamp} is more than {max_age:?} away from now ({now})")]
    Stale {
        /// The request's timestamp, Unix milliseconds.
        timestamp: i64,
        /// The time it was checked at, Unix milliseconds.
        now: i64,
        /// The tolerance.
        max_age: Duration,
    },
    /// The signature does not match the request.
    #[error("signature does not match the request")]
    Mismatch,
}

/// What the signature covers: the request as received.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    method: &'a str,
    uri: &'a str,
    body: &'a [u8],
    signature: Option<&'a str>,
    timestamp: Option<&'a str>,
}

impl<'a> Request<'a> {
    /// A request with its method, full URL (scheme, host, path, query) and
    /// raw body, exactly as received.
    pub fn new(method: &'a str, uri: &'a str, body: &'a [u8]) -> Self {
        Request {
            method,
            uri,
            body,
            signature: None,
            timestamp: None,
        }
    }

    /// Records one header; names are matched ignoring case, others are ignored.
    pub fn header(mut self, name: &str, value: &'a str) -> Self {
        if name.eq_ignore_ascii_case(SIGNATURE_HEADER) {
            self.signature = Some(value);
        } else if name.eq_ignore_ascii_case(TIMESTAMP_HEADER) {
            self.timestamp = Some(value);
        }
        self
    }

    /// Records every header of `headers`.
    pub fn headers<'n>(self, headers: impl IntoIterator<Item = (&'n str, &'a str)>) -> Self {
        headers
            .into_iter()
            .fold(self, |request, (name, value)| request.header(name, value))
    }
}

/// Checks v3 signatures with an app's client secret.
#[derive(Debug, Clone)]
pub struct Verifier {
    secret: Secret,
    max_age: Duration,
}

impl Verifier {
    /// A verifier for the app with this client secret.
    pub fn new(client_secret: impl Into<String>) -> Self {
        Verifier {
            secret: Secret::new(client_secret),
            max_age: MAX_AGE,
        }
    }

    /// Changes the timestamp tolerance (default [`MAX_AGE`]).
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// Verifies `request` against the system clock.
    pub fn verify(&self, request: &Request<'_>) -> Result<(), VerifyError> {
        self.verify_at(request, now_millis())
    }

    /// Verifies `request` as if the time were `now` (Unix milliseconds).
    pub fn verify_at(&self, request: &Request<'_>, now: i64) -> Result<(), VerifyError> {
        let signature = request
            .signature
            .ok_or(VerifyError::MissingHeader(SIGNATURE_HEADER))?;
        let raw_timestamp = request
            .timestamp
            .ok_or(VerifyError::MissingHeader(TIMESTAMP_HEADER))?;
        let timestamp = parse_timestamp(raw_timestamp)?;
        self.check_age(timestamp, now)?;
        let given = base64::engine::general_purpose::STANDARD
            .decode(signature.trim())
            .map_err(|_| VerifyError::MalformedHeader(SIGNATURE_HEADER))?;
        let expected = self.mac(request.method, request.uri, request.body, raw_timestamp);
        if bool::from(expected.as_slice().ct_eq(&given)) {
            Ok(())
        } else {
            Err(VerifyError::Mismatch)
        }
    }

    /// The base64 signature HubSpot would send for this request, for tests
    /// of your own handler.
    pub fn sign(&self, method: &str, uri: &str, body: &[u8], timestamp: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.mac(method, uri, body, timestamp))
    }

    fn check_age(&self, timestamp: i64, now: i64) -> Result<(), VerifyError> {
        let max = i64::try_from(self.max_age.as_millis()).unwrap_or(i64::MAX);
        if now.saturating_sub(timestamp).saturating_abs() > max {
            return Err(VerifyError::Stale {
                timestamp,
                now,
                max_age: self.max_age,
            });
        }
        Ok(())
    }

    /// HMAC-SHA256 of `method + uri + body + timestamp`, the URI decoded.
    fn mac(&self, method: &str, uri: &str, body: &[u8], timestamp: &str) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.secret.expose().as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(method.as_bytes());
        mac.update(signed_uri(uri).as_bytes());
        mac.update(body);
        mac.update(timestamp.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

fn parse_timestamp(value: &str) -> Result<i64, VerifyError> {
    value
        .trim()
        .parse()
        .map_err(|_| VerifyError::MalformedHeader(TIMESTAMP_HEADER))
}

fn now_millis() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// The escapes HubSpot decodes in the URI before signing, and their characters.
const DECODED: [(&str, char); 12] = [
    ("3A", ':'),
    ("2F", '/'),
    ("3F", '?'),
    ("40", '@'),
    ("21", '!'),
    ("24", '$'),
    ("27", '\''),
    ("28", '('),
    ("29", ')'),
    ("2A", '*'),
    ("2C", ','),
    ("3B", ';'),
];

/// `uri` as HubSpot signs it: the escapes of [`DECODED`] replaced by their
/// characters, every other escape left as it is.
fn signed_uri(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len());
    let mut rest = uri;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let hex = rest.get(at + 1..at + 3);
        match DECODED
            .iter()
            .find(|(code, _)| hex.is_some_and(|h| h.eq_ignore_ascii_case(code)))
        {
            Some((_, c)) => {
                out.push(*c);
                rest = &rest[at + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the JSON array HubSpot posts into events. Unknown subscription
/// types become [`Event::Unknown`] and extra fields are ignored; an event of
/// a known type that lacks a field it needs is an error naming its place.
pub fn parse_events(body: &[u8]) -> Result<Vec<Event>, ParseError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| ParseError {
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

/// A webhook body that is not a list of events.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid webhook body at `{path}`: {message}")]
pub struct ParseError {
    /// JSON path of the value that failed (`[2]`).
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// One webhook event, by its `subscriptionType`.
///
/// CRM objects arrive as `contact.*` or as `object.*` with an `objectTypeId`;
/// both decode to the same variants, and `kind()` tells contacts, calls and
/// communications apart.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// `contact.creation`, `object.creation`.
    Creation(ObjectEvent),
    /// `contact.deletion`, `object.deletion`.
    Deletion(ObjectEvent),
    /// `contact.propertyChange`, `object.propertyChange`.
    PropertyChange(PropertyChange),
    /// `contact.associationChange`, `object.associationChange`.
    AssociationChange(AssociationChange),
    /// `conversation.creation`: a thread was created.
    ConversationCreation(ConversationEvent),
    /// `conversation.deletion`: a thread was archived or deleted.
    ConversationDeletion(ConversationEvent),
    /// `conversation.privacyDeletion`: a thread was deleted for privacy.
    ConversationPrivacyDeletion(ConversationEvent),
    /// `conversation.propertyChange`: a thread property changed.
    ConversationPropertyChange(ConversationPropertyChange),
    /// `conversation.newMessage`: a message was added to a thread.
    NewMessage(NewMessage),
    /// Any other subscription type, kept as received.
    Unknown(UnknownEvent),
}

/// The fields every event carries.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventInfo {
    /// The event's id (not unique across subscriptions).
    pub event_id: i64,
    /// The subscription that fired.
    pub subscription_id: i64,
    /// The HubSpot account (portal) the event happened in.
    pub portal_id: i64,
    /// The app the subscription belongs to.
    pub app_id: i64,
    /// When it happened, Unix milliseconds.
    pub occurred_at: i64,
    /// The subscription type, such as `contact.creation`.
    pub subscription_type: String,
    /// How many deliveries were tried before this one (0 on the first).
    #[serde(default)]
    pub attempt_number: i64,
    /// What caused the change (`CRM_UI`, `API`, `INTEGRATION`, ...).
    #[serde(default)]
    pub change_source: Option<String>,
    /// Who or what made the change, such as `userId:123`.
    #[serde(default)]
    pub source_id: Option<String>,
}

/// The kind of CRM object an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ObjectKind {
    /// Object type `0-1`.
    Contact,
    /// Object type `0-48`.
    Call,
    /// Object type `0-18` (SMS, WhatsApp and LinkedIn messages).
    Communication,
    /// Any other object type; see the event's `object_type_id`.
    Other,
}

impl ObjectKind {
    /// The kind of an object type id such as `0-48`.
    pub fn of(object_type_id: &str) -> Self {
        match object_type_id {
            CONTACT_TYPE_ID => ObjectKind::Contact,
            "0-48" => ObjectKind::Call,
            "0-18" => ObjectKind::Communication,
            _ => ObjectKind::Other,
        }
    }
}

/// The object type id of contacts, filled in for `contact.*` events.
const CONTACT_TYPE_ID: &str = "0-1";

/// A CRM object was created or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ObjectEvent {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The object's id.
    pub object_id: i64,
    /// The object's type id (`0-1` for `contact.*` events).
    #[serde(default)]
    pub object_type_id: String,
    /// `NEW`, `CREATED`, `DELETED`, ... when sent.
    #[serde(default)]
    pub change_flag: Option<String>,
}

impl ObjectEvent {
    /// The kind of object.
    pub fn kind(&self) -> ObjectKind {
        ObjectKind::of(&self.object_type_id)
    }
}

/// A property of a CRM object changed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PropertyChange {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The object's id.
    pub object_id: i64,
    /// The object's type id (`0-1` for `contact.*` events).
    #[serde(default)]
    pub object_type_id: String,
    /// The property's internal name.
    pub property_name: String,
    /// Its new value, as HubSpot renders it.
    #[serde(default)]
    pub property_value: Option<String>,
}

impl PropertyChange {
    /// The kind of object.
    pub fn kind(&self) -> ObjectKind {
        ObjectKind::of(&self.object_type_id)
    }
}

/// Two CRM objects were associated or dissociated.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AssociationChange {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The object the association goes from.
    pub from_object_id: i64,
    /// The object it goes to.
    pub to_object_id: i64,
    /// The from object's type id (`0-1` for `contact.*` events).
    #[serde(default)]
    pub from_object_type_id: Option<String>,
    /// The to object's type id, when sent.
    #[serde(default)]
    pub to_object_type_id: Option<String>,
    /// The association type, such as `CONTACT_TO_COMPANY`, when sent.
    #[serde(default)]
    pub association_type: Option<String>,
    /// The numeric association type id, when sent.
    #[serde(default)]
    pub association_type_id: Option<i64>,
    /// `HUBSPOT_DEFINED`, `USER_DEFINED`, ..., when sent.
    #[serde(default)]
    pub association_category: Option<String>,
    /// Whether the association was removed (else it was added).
    #[serde(default)]
    pub association_removed: bool,
    /// Whether it is the primary association.
    #[serde(default)]
    pub is_primary_association: bool,
}

/// A conversation thread was created or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConversationEvent {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The thread's id.
    pub object_id: i64,
}

/// A property of a conversation thread changed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConversationPropertyChange {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The thread's id.
    pub object_id: i64,
    /// The property (`assignedTo`, `status`, `isArchived`).
    pub property_name: String,
    /// Its new value.
    #[serde(default)]
    pub property_value: Option<String>,
}

/// A message was added to a conversation thread.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NewMessage {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The thread's id.
    pub object_id: i64,
    /// The message's id.
    pub message_id: String,
    /// `MESSAGE` or `COMMENT`, when sent.
    #[serde(default)]
    pub message_type: Option<String>,
}

/// An event of a subscription type this module does not model.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnknownEvent {
    /// Its `subscriptionType` (empty when absent).
    pub subscription_type: String,
    /// The event as received.
    pub raw: Value,
}

impl Event {
    /// The common fields, for every event but [`Event::Unknown`].
    pub fn info(&self) -> Option<&EventInfo> {
        match self {
            Event::Creation(e) | Event::Deletion(e) => Some(&e.info),
            Event::PropertyChange(e) => Some(&e.info),
            Event::AssociationChange(e) => Some(&e.info),
            Event::ConversationCreation(e)
            | Event::ConversationDeletion(e)
            | Event::ConversationPrivacyDeletion(e) => Some(&e.info),
            Event::ConversationPropertyChange(e) => Some(&e.info),
            Event::NewMessage(e) => Some(&e.info),
            Event::Unknown(_) => None,
        }
    }

    /// Decodes one event by its subscription type.
    fn from_value(value: Value) -> Result<Self, serde_json::Error> {
        let kind = value
            .get("subscriptionType")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let (scope, action) = kind.split_once('.').unwrap_or((&kind, ""));
        let contact = scope == "contact";
        Ok(match (scope, action) {
            ("contact" | "object", "creation") => Event::Creation(object(value, contact)?),
            ("contact" | "object", "deletion") => Event::Deletion(object(value, contact)?),
            ("contact" | "object", "propertyChange") => {
                let mut e: PropertyChange = decode(value)?;
                fill_contact(&mut e.object_type_id, contact);
                Event::PropertyChange(e)
            }
            ("contact" | "object", "associationChange") => {
                let mut e: AssociationChange = decode(value)?;
                if contact && e.from_object_type_id.is_none() {
                    e.from_object_type_id = Some(CONTACT_TYPE_ID.to_owned());
                }
                Event::AssociationChange(e)
            }
            ("conversation", "creation") => Event::ConversationCreation(decode(value)?),
            ("conversation", "deletion") => Event::ConversationDeletion(decode(value)?),
            ("conversation", "privacyDeletion") => {
                Event::ConversationPrivacyDeletion(decode(value)?)
            }
            ("conversation", "propertyChange") => Event::ConversationPropertyChange(decode(value)?),
            ("conversation", "newMessage") => Event::NewMessage(decode(value)?),
            _ => Event::Unknown(UnknownEvent {
                subscription_type: kind,
                raw: value,
            }),
        })
    }
}

fn decode<T: DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}

fn object(value: Value, contact: bool) -> Result<ObjectEvent, serde_json::Error> {
    let mut e: ObjectEvent = decode(value)?;
    fill_contact(&mut e.object_type_id, contact);
    Ok(e)
}

/// `contact.*` events name no object type: they are about contacts.
fn fill_contact(object_type_id: &mut String, contact: bool) {
    if contact && object_type_id.is_empty() {
        *object_type_id = CONTACT_TYPE_ID.to_owned();
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Event::from_value(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "test-secret";
    const URL: &str = "https://example.com/webhooks?portal=1";
    const TS: &str = "1700000000000";
    const NOW: i64 = 1_700_000_060_000;
    const BODY: &str = r#"[{"eventId":1,"subscriptionId":2,"portalId":3,"appId":4,"occurredAt":1700000000000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeFlag":"NEW","changeSource":"CRM"}]"#;
    // Computed outside this code, with
    //   printf '%s' "POST${URL}${BODY}${TS}" | openssl dgst -sha256 -hmac test-secret -binary | base64
    // (and the same with Python's hmac module).
    const VALID: &str = "h+uG3Rw4dVjGq3SJ++zljOK3sOy3UYc3Nc4ScOcm4U4=";
    // Python: base64(hmac(b"test-secret", "POST" + "https://example.com/hook?tag:a,b?x=@me%20y"
    // + BODY + TS, sha256)): the URI with HubSpot's listed escapes decoded, `%20` kept.
    const DECODED_URI: &str = "Mv5UePUxOrAmGAbulQWe8dAVxAPHAo0GdQABUpkhzHk=";

    fn check(
        secret: &str,
        method: &str,
        url: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> Result<(), VerifyError> {
        let request = Request::new(method, url, body.as_bytes()).headers(headers.iter().copied());
        Verifier::new(secret).verify_at(&request, NOW)
    }

    fn signed(sig: &str) -> [(&str, &str); 3] {
        [
            ("x-hubspot-signature-v3", sig),
            ("X-HubSpot-Request-Timestamp", TS),
            ("Content-Type", "application/json"),
        ]
    }

    #[test]
    fn accepts_a_valid_signature() {
        assert_eq!(check(SECRET, "POST", URL, BODY, &signed(VALID)), Ok(()));
        assert_eq!(
            Verifier::new(SECRET).sign("POST", URL, BODY.as_bytes(), TS),
            VALID
        );
    }

    #[test]
    fn rejects_tampering() {
        let tampered = BODY.replace("123", "124");
        assert_eq!(
            check(SECRET, "POST", URL, &tampered, &signed(VALID)),
            Err(VerifyError::Mismatch)
        );
        let other = "https://example.com/webhooks?portal=2";
        assert_eq!(
            check(SECRET, "POST", other, BODY, &signed(VALID)),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(SECRET, "PUT", URL, BODY, &signed(VALID)),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check("wrong-secret", "POST", URL, BODY, &signed(VALID)),
            Err(VerifyError::Mismatch)
        );
    }

    #[test]
    fn decodes_the_listed_escapes_of_the_uri() {
        let url = "https://example.com/hook%3Ftag%3aa%2Cb?x=%40me%20y";
        assert_eq!(
            check(SECRET, "POST", url, BODY, &signed(DECODED_URI)),
            Ok(())
        );
        assert_eq!(signed_uri("a%2"), "a%2");
        assert_eq!(signed_uri("%%3B%zz"), "%;%zz");
    }

    #[test]
    fn rejects_stale_and_future_timestamps() {
        let verifier = Verifier::new(SECRET);
        let request = Request::new("POST", URL, BODY.as_bytes()).headers(signed(VALID));
        let ts = 1_700_000_000_000;
        assert_eq!(verifier.verify_at(&request, ts + 300_000), Ok(()));
        let stale = Err(VerifyError::Stale {
            timestamp: ts,
            now: ts + 300_001,
            max_age: MAX_AGE,
        });
        assert_eq!(verifier.verify_at(&request, ts + 300_001), stale);
        assert!(matches!(
            verifier.verify_at(&request, ts - 300_001),
            Err(VerifyError::Stale { .. })
        ));
        assert!(matches!(
            verifier.verify(&request),
            Err(VerifyError::Stale { .. })
        ));
    }

    #[test]
    fn rejects_missing_and_garbled_headers() {
        let only_ts = [(TIMESTAMP_HEADER, TS)];
        assert_eq!(
            check(SECRET, "POST", URL, BODY, &only_ts),
            Err(VerifyError::MissingHeader(SIGNATURE_HEADER))
        );
        let only_sig = [(SIGNATURE_HEADER, VALID)];
        assert_eq!(
            check(SECRET, "POST", URL, BODY, &only_sig),
            Err(VerifyError::MissingHeader(TIMESTAMP_HEADER))
        );
        assert_eq!(
            check(SECRET, "POST", URL, BODY, &signed("not base64!")),
            Err(VerifyError::MalformedHeader(SIGNATURE_HEADER))
        );
        assert_eq!(
            check(SECRET, "POST", URL, BODY, &signed("AAAA")),
            Err(VerifyError::Mismatch)
        );
        let bad_ts = [(SIGNATURE_HEADER, VALID), (TIMESTAMP_HEADER, "yesterday")];
        assert_eq!(
            check(SECRET, "POST", URL, BODY, &bad_ts),
            Err(VerifyError::MalformedHeader(TIMESTAMP_HEADER))
        );
    }

    #[test]
    fn never_shows_the_secret() {
        let verifier = Verifier::new("hunter2-very-secret");
        assert!(!format!("{verifier:?}").contains("hunter2"));
        let err = check("hunter2-very-secret", "POST", URL, BODY, &signed(VALID)).unwrap_err();
        assert!(!format!("{err} {err:?}").contains("hunter2"));
    }

    fn one(json: &str) -> Event {
        let mut events = parse_events(format!("[{json}]").as_bytes()).unwrap();
        assert_eq!(events.len(), 1);
        events.remove(0)
    }

    const HEAD: &str = r#""eventId":100,"subscriptionId":200,"portalId":300,"appId":400,"occurredAt":1700000000123,"attemptNumber":1"#;

    #[test]
    fn decodes_contact_events() {
        let Event::Creation(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"contact.creation","objectId":123,"changeFlag":"NEW","changeSource":"CRM_UI","sourceId":"userId:9"}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (e.object_id, e.kind(), e.change_flag.as_deref()),
            (123, ObjectKind::Contact, Some("NEW"))
        );
        assert_eq!(e.info.event_id, 100);
        assert_eq!(e.info.subscription_id, 200);
        assert_eq!(e.info.portal_id, 300);
        assert_eq!(e.info.app_id, 400);
        assert_eq!(e.info.occurred_at, 1_700_000_000_123);
        assert_eq!(e.info.attempt_number, 1);
        assert_eq!(e.info.source_id.as_deref(), Some("userId:9"));
        let Event::Deletion(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"contact.deletion","objectId":124,"changeFlag":"DELETED"}}"#
        )) else {
            panic!()
        };
        assert_eq!((e.object_id, e.kind()), (124, ObjectKind::Contact));
        let Event::PropertyChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"contact.propertyChange","objectId":125,"propertyName":"email","propertyValue":"a@example.com","changeSource":"API"}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (
                e.kind(),
                e.property_name.as_str(),
                e.property_value.as_deref()
            ),
            (ObjectKind::Contact, "email", Some("a@example.com"))
        );
        let Event::AssociationChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"contact.associationChange","fromObjectId":125,"toObjectId":900,"associationType":"CONTACT_TO_COMPANY","associationRemoved":false,"isPrimaryAssociation":true}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (
                e.from_object_id,
                e.to_object_id,
                e.association_type.as_deref()
            ),
            (125, 900, Some("CONTACT_TO_COMPANY"))
        );
        assert_eq!(
            (
                e.from_object_type_id.as_deref(),
                e.association_removed,
                e.is_primary_association
            ),
            (Some("0-1"), false, true)
        );
    }

    #[test]
    fn decodes_generic_object_events_of_calls_and_communications() {
        let Event::Creation(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"object.creation","objectTypeId":"0-48","objectId":7,"changeFlag":"CREATED"}}"#
        )) else {
            panic!()
        };
        assert_eq!((e.kind(), e.object_id), (ObjectKind::Call, 7));
        let Event::Deletion(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"object.deletion","objectTypeId":"0-18","objectId":8}}"#
        )) else {
            panic!()
        };
        assert_eq!((e.kind(), e.object_id), (ObjectKind::Communication, 8));
        let Event::PropertyChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"object.propertyChange","objectTypeId":"0-48","objectId":7,"propertyName":"hs_call_status","propertyValue":"COMPLETED"}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (e.kind(), e.property_value.as_deref()),
            (ObjectKind::Call, Some("COMPLETED"))
        );
        let Event::AssociationChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"object.associationChange","fromObjectTypeId":"0-48","fromObjectId":7,"toObjectTypeId":"0-1","toObjectId":125,"associationTypeId":194,"associationCategory":"HUBSPOT_DEFINED","associationRemoved":true,"isPrimaryAssociation":false}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (
                e.from_object_type_id.as_deref(),
                e.to_object_type_id.as_deref()
            ),
            (Some("0-48"), Some("0-1"))
        );
        assert_eq!(
            (e.association_type_id, e.association_removed),
            (Some(194), true)
        );
        let Event::Creation(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"object.creation","objectTypeId":"2-123456","objectId":9}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (e.kind(), e.object_type_id.as_str()),
            (ObjectKind::Other, "2-123456")
        );
    }

    #[test]
    fn decodes_conversation_events() {
        let Event::ConversationCreation(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"conversation.creation","objectId":5000}}"#
        )) else {
            panic!()
        };
        assert_eq!(e.object_id, 5000);
        assert!(matches!(
            one(&format!(
                r#"{{{HEAD},"subscriptionType":"conversation.deletion","objectId":5000}}"#
            )),
            Event::ConversationDeletion(_)
        ));
        assert!(matches!(
            one(&format!(
                r#"{{{HEAD},"subscriptionType":"conversation.privacyDeletion","objectId":5000}}"#
            )),
            Event::ConversationPrivacyDeletion(_)
        ));
        let Event::ConversationPropertyChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"conversation.propertyChange","objectId":5000,"propertyName":"status","propertyValue":"CLOSED"}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (e.property_name.as_str(), e.property_value.as_deref()),
            ("status", Some("CLOSED"))
        );
        let Event::NewMessage(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"conversation.newMessage","objectId":5000,"messageId":"f3a9c1","messageType":"MESSAGE","changeFlag":"NEW_MESSAGE"}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (
                e.object_id,
                e.message_id.as_str(),
                e.message_type.as_deref()
            ),
            (5000, "f3a9c1", Some("MESSAGE"))
        );
    }

    #[test]
    fn keeps_unknown_types_and_ignores_extra_fields() {
        let raw = format!(
            r#"{{{HEAD},"subscriptionType":"deal.merge","objectId":1,"mergedObjectIds":[2,3]}}"#
        );
        let Event::Unknown(e) = one(&raw) else {
            panic!()
        };
        assert_eq!(e.subscription_type, "deal.merge");
        assert_eq!(e.raw["mergedObjectIds"][1], 3);
        assert!(one(&raw).info().is_none());
        let Event::Unknown(e) = one(r#"{"something":"else"}"#) else {
            panic!()
        };
        assert_eq!(e.subscription_type, "");
        let extra = format!(
            r#"{{{HEAD},"subscriptionType":"contact.deletion","objectId":1,"brandNew":{{"x":1}}}}"#
        );
        assert!(matches!(one(&extra), Event::Deletion(_)));
    }

    #[test]
    fn decodes_a_mixed_array_and_reports_where_it_fails() {
        let body = format!(
            r#"[{{{HEAD},"subscriptionType":"contact.creation","objectId":1}},{{{HEAD},"subscriptionType":"conversation.newMessage","objectId":2,"messageId":"m"}},{{{HEAD},"subscriptionType":"company.creation","objectId":3}}]"#
        );
        let events = parse_events(body.as_bytes()).unwrap();
        assert!(matches!(
            &events[..],
            [Event::Creation(_), Event::NewMessage(_), Event::Unknown(_)]
        ));
        assert_eq!(events[1].info().map(|i| i.event_id), Some(100));
        assert_eq!(parse_events(b"[]").unwrap(), vec![]);
        let missing = format!(
            r#"[{{{HEAD},"subscriptionType":"contact.creation","objectId":1}},{{{HEAD},"subscriptionType":"contact.propertyChange","objectId":1}}]"#
        );
        let err = parse_events(missing.as_bytes()).unwrap_err();
        assert_eq!(err.path, "[1]");
        assert!(err.message.contains("propertyName"), "{err}");
        assert!(parse_events(b"{}").is_err());
    }
}
