//! Every operation of the generated client, in every API version, called
//! with realistic arguments.
//!
//! Request bodies are written as JSON and decoded into the generated types
//! ([`body`]), which must re-encode to the same JSON: a misspelt field would
//! otherwise be dropped silently and never reach Prism. The calls of each
//! version are in a module of their own: `ops_v3`, `ops_crm` (the dated CRM
//! object APIs), `ops_associations` (the dated Associations APIs),
//! `ops_conversations` (v3 and 2026-09), `ops_records` (companies, deals,
//! tickets), `ops_around` (owners, pipelines, property definitions, schemas),
//! `ops_events` (OAuth, webhooks, the journal) and `ops_calling` (calling
//! extensions, transcriptions, custom channels, visitor identification).
//!
//! Searches send `sorts` empty: HubSpot's published specs require the list
//! and give its items as strings, which the live API ignores; ours are
//! objects (`SearchSort`), which a mock of the published spec would reject.
//! `tests/tests/search_sorts.rs` checks what a sort sends.

use std::future::Future;
use std::pin::Pin;

use hubspot_client::Client;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// What one call of the generated client came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Called {
    /// `send_with_response()` returned `Ok`: the body decoded. The raw
    /// `sl-violations` header is read from the client's own response.
    Ok {
        status: u16,
        violations: Option<String>,
    },
    /// The client returned an error (`decode` when it was `Error::Decode`).
    Failed { decode: bool, message: String },
    /// The arguments could not be built (a bug of this program).
    NotBuilt(String),
}

pub type CallFuture = Pin<Box<dyn Future<Output = Called> + Send>>;

/// One operation of the generated client.
pub struct Op {
    /// The API version (`v3`, `2026-03`, `2026-09`), as `specs/` names its
    /// folders: only published specs of this version judge the call.
    pub version: &'static str,
    /// The API: the stem of our spec in `specs/VERSION/`.
    pub api: &'static str,
    /// The Rust method path below the version, e.g. `contacts().batch().read`.
    pub name: &'static str,
    pub method: &'static str,
    /// The path template as in our spec.
    pub path: &'static str,
    pub call: fn(Client) -> CallFuture,
}

/// Runs a `send_with_response()` future and keeps what the checks need.
pub async fn judge<T>(
    fut: impl Future<Output = Result<hubspot_client::Response<T>, hubspot_client::Error>>,
) -> Called {
    match fut.await {
        Ok(response) => Called::Ok {
            status: response.status(),
            violations: response
                .headers()
                .get("sl-violations")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
        },
        Err(e) => Called::Failed {
            decode: matches!(e, hubspot_client::Error::Decode { .. }),
            message: e.to_string(),
        },
    }
}

/// Decodes `value` into a generated type and checks it re-encodes unchanged.
pub fn body<T: DeserializeOwned + Serialize>(value: Value) -> Result<T, String> {
    let typed: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("example body does not fit the generated type: {e}"))?;
    let again = serde_json::to_value(&typed).map_err(|e| format!("re-encoding: {e}"))?;
    if again != value {
        return Err(format!(
            "example body changes when re-encoded (a misspelt or unknown field?): {value} became {again}"
        ));
    }
    Ok(typed)
}

/// One [`Op`]: `op!(VERSION, API, NAME, METHOD, PATH, |client| body)`, where
/// the body may use `?` on `Result<_, String>` (a failure is
/// [`Called::NotBuilt`]).
macro_rules! op {
    ($version:expr, $api:expr, $name:expr, $method:literal, $path:expr, |$c:ident| $body:expr) => {
        $crate::ops::Op {
            version: $version,
            api: $api,
            name: $name,
            method: $method,
            path: $path,
            call: |$c: hubspot_client::Client| -> $crate::ops::CallFuture {
                Box::pin(async move {
                    let result: Result<$crate::ops::Called, String> =
                        async move { Ok($body) }.await;
                    result.unwrap_or_else($crate::ops::Called::NotBuilt)
                })
            },
        }
    };
}
pub(crate) use op;

/// Every operation of every version, newest version first (the order of
/// the report's tables).
pub fn all() -> Vec<Op> {
    let mut ops = Vec::new();
    ops.extend(crate::ops_crm::v2026_09());
    ops.extend(crate::ops_associations::v2026_09());
    ops.extend(crate::ops_conversations::v2026_09());
    ops.extend(crate::ops_records::v2026_09());
    ops.extend(crate::ops_around::v2026_09());
    ops.extend(crate::ops_events::v2026_09());
    ops.extend(crate::ops_calling::v2026_09());
    ops.extend(crate::ops_crm::v2026_03());
    ops.extend(crate::ops_associations::v2026_03());
    ops.extend(crate::ops_events::v2026_03());
    ops.extend(crate::ops_v3::all());
    ops.extend(crate::ops_conversations::v3());
    ops
}

/// The properties of a contact, as HubSpot names them.
pub fn contact_props() -> Value {
    json!({
        "email": "jane.doe@example.com",
        "firstname": "Jane",
        "lastname": "Doe",
        "phone": "+1 617 555 0142",
        "company": "Example Ltd",
        "lifecyclestage": "customer"
    })
}

/// The properties of a logged call.
pub fn call_props() -> Value {
    json!({
        "hs_timestamp": "2024-03-11T10:00:00.000Z",
        "hs_call_title": "Renewal call",
        "hs_call_body": "Discussed the renewal; follow up next week.",
        "hs_call_direction": "OUTBOUND",
        "hs_call_duration": "360000",
        "hs_call_status": "COMPLETED",
        "hubspot_owner_id": "11349275740"
    })
}

/// The properties of a logged communication (a WhatsApp message).
pub fn communication_props() -> Value {
    json!({
        "hs_timestamp": "2024-03-12T08:30:00.000Z",
        "hs_communication_channel_type": "WHATS_APP",
        "hs_communication_logged_from": "CRM",
        "hs_communication_body": "Texted Jane about the renewal.",
        "hubspot_owner_id": "11349275740"
    })
}
