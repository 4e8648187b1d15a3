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

pub use super::webhook_events::*;

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

    /// Signatures that share a prefix with the valid one, or differ only in
    /// case or length, are refused: a comparison of a prefix, or of the
    /// shorter length, would take them.
    #[test]
    fn rejects_empty_truncated_extended_and_recased_signatures() {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(VALID)
            .unwrap();
        let encode = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        let mut longer = bytes.clone();
        longer.extend_from_slice(b"extra");
        let swapped: String = VALID
            .chars()
            .map(|c| match c {
                'a'..='z' => c.to_ascii_uppercase(),
                'A'..='Z' => c.to_ascii_lowercase(),
                c => c,
            })
            .collect();
        for signature in [
            String::new(),
            encode(&bytes[..1]),
            encode(&bytes[..16]),
            encode(&bytes[..31]),
            encode(&longer),
            swapped,
        ] {
            assert_eq!(
                check(SECRET, "POST", URL, BODY, &signed(&signature)),
                Err(VerifyError::Mismatch),
                "{signature:?}"
            );
        }
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
}
