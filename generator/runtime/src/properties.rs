//! Typed CRM properties: how HubSpot writes a property value as a string,
//! the traits the generated property structs implement, and the records,
//! associations and request bodies of the typed paths
//! (`client.calls().typed()`).
//!
//! HubSpot sends and takes every property value as a string (or `null`):
//! numbers in decimal, booleans as `true`/`false`, dates as `YYYY-MM-DD` or
//! epoch milliseconds, date-times as ISO 8601 or epoch milliseconds, and the
//! options of a multi-select joined by `;`. An empty string means "no value".
//! [`Value`] reads and writes that encoding; dates are [`chrono`] types.

use super::batch::Part;
use super::error::Error;
use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;

/// A property value in HubSpot's string encoding.
pub trait Value: Sized {
    /// Reads a value; `None` when `text` is not one (it is then kept as an
    /// extra property rather than lost).
    fn decode(text: &str) -> Option<Self>;
    /// Writes the value as HubSpot takes it.
    fn encode(&self) -> String;
}

impl Value for String {
    fn decode(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
    fn encode(&self) -> String {
        self.clone()
    }
}

impl Value for f64 {
    fn decode(text: &str) -> Option<Self> {
        text.trim().parse().ok().filter(|v: &f64| v.is_finite())
    }
    fn encode(&self) -> String {
        self.to_string()
    }
}

impl Value for i64 {
    fn decode(text: &str) -> Option<Self> {
        let text = text.trim();
        text.parse()
            .ok()
            .or_else(|| text.strip_suffix(".0").and_then(|t| t.parse().ok()))
    }
    fn encode(&self) -> String {
        self.to_string()
    }
}

impl Value for bool {
    fn decode(text: &str) -> Option<Self> {
        match text.trim() {
            t if t.eq_ignore_ascii_case("true") => Some(true),
            t if t.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
    fn encode(&self) -> String {
        self.to_string()
    }
}

/// A length of time that HubSpot holds in milliseconds (`hs_call_duration`).
impl Value for Duration {
    fn decode(text: &str) -> Option<Self> {
        let millis = f64::decode(text)?;
        (millis >= 0.0).then(|| Duration::from_millis(millis.round() as u64))
    }
    fn encode(&self) -> String {
        self.as_millis().to_string()
    }
}

/// Epoch milliseconds, when `text` is an integer.
fn epoch_millis(text: &str) -> Option<DateTime<Utc>> {
    let millis: i64 = text.parse().ok()?;
    Utc.timestamp_millis_opt(millis).single()
}

/// ISO 8601 (RFC 3339) or epoch milliseconds; written as ISO 8601 in UTC
/// with milliseconds.
impl Value for DateTime<Utc> {
    fn decode(text: &str) -> Option<Self> {
        let text = text.trim();
        epoch_millis(text)
            .or_else(|| {
                DateTime::parse_from_rfc3339(text)
                    .ok()
                    .map(|t| t.with_timezone(&Utc))
            })
            .or_else(|| {
                NaiveDate::decode(text)
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|t| t.and_utc())
            })
    }
    fn encode(&self) -> String {
        self.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

/// `YYYY-MM-DD` or epoch milliseconds at midnight UTC; written as
/// `YYYY-MM-DD`.
impl Value for NaiveDate {
    fn decode(text: &str) -> Option<Self> {
        let text = text.trim();
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .or_else(|| epoch_millis(text).map(|t| t.date_naive()))
            .or_else(|| {
                DateTime::parse_from_rfc3339(text)
                    .ok()
                    .map(|t| t.date_naive())
            })
    }
    fn encode(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

/// The options of a multi-select, joined by `;`.
impl<T: Value> Value for Vec<T> {
    fn decode(text: &str) -> Option<Self> {
        text.split(';')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(T::decode)
            .collect()
    }
    fn encode(&self) -> String {
        self.iter().map(Value::encode).collect::<Vec<_>>().join(";")
    }
}

/// Removes the property `name` from `map` and reads it. A missing, `null`
/// or empty value gives `None`; so does a value that does not read as `T`,
/// which goes back into `map` to end up among the extra properties.
#[doc(hidden)]
pub fn take<T: Value>(map: &mut BTreeMap<String, Option<String>>, name: &str) -> Option<T> {
    let text = map.remove(name).flatten()?;
    if text.is_empty() {
        return None;
    }
    let value = T::decode(&text);
    if value.is_none() {
        map.insert(name.to_string(), Some(text));
    }
    value
}

/// Writes the property `name` into `map` when it has a value, or as `""`
/// (HubSpot's "no value") when `cleared` names it.
#[doc(hidden)]
pub fn put<T: Value>(
    map: &mut BTreeMap<String, String>,
    name: &str,
    value: &Option<T>,
    cleared: &std::collections::BTreeSet<&'static str>,
) {
    match value {
        Some(v) => {
            map.insert(name.to_string(), v.encode());
        }
        None if cleared.contains(name) => {
            map.insert(name.to_string(), String::new());
        }
        None => {}
    }
}

/// The typed properties of one CRM object (`CallProperties`), generated from
/// its property definitions.
pub trait Properties: Sized + Default {
    /// The internal names of the properties the type knows, which a typed
    /// read asks for.
    fn names() -> &'static [&'static str];
    /// Reads the `properties` map of a record. Properties the type does not
    /// know, and values that do not read as their type, are kept as extras.
    fn from_wire(map: BTreeMap<String, Option<String>>) -> Self;
    /// The `properties` map of a request: the values that are set, the
    /// cleared ones as `""`, and the extras.
    fn to_wire(&self) -> BTreeMap<String, String>;
}

/// What a typed create sends (`CallCreate`): properties that carry the
/// object's rules for a new record, and associations to existing records.
pub trait NewRecord {
    /// The object's typed properties.
    type Properties: Properties;
    /// The properties and the associations.
    fn into_parts(self) -> (Self::Properties, Vec<Association>);
}

/// Who defined an association type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AssociationCategory {
    /// HubSpot's own types (`HUBSPOT_DEFINED`).
    HubspotDefined,
    /// Labels created in the portal (`USER_DEFINED`).
    UserDefined,
    /// Types an app defined (`INTEGRATOR_DEFINED`).
    IntegratorDefined,
}

impl AssociationCategory {
    /// As HubSpot writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AssociationCategory::HubspotDefined => "HUBSPOT_DEFINED",
            AssociationCategory::UserDefined => "USER_DEFINED",
            AssociationCategory::IntegratorDefined => "INTEGRATOR_DEFINED",
        }
    }
}

/// An association type: the direction and meaning of a link between two
/// records. HubSpot's own are constants in the generated `properties`
/// crate's `associations` module; a portal's labels are read from the
/// Associations Schema API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssociationType {
    /// Who defined it.
    pub category: AssociationCategory,
    /// Its id (`associationTypeId`).
    pub id: i32,
}

impl AssociationType {
    /// One of HubSpot's own association types.
    pub const fn hubspot_defined(id: i32) -> Self {
        AssociationType {
            category: AssociationCategory::HubspotDefined,
            id,
        }
    }

    /// A label created in the portal.
    pub const fn user_defined(id: i32) -> Self {
        AssociationType {
            category: AssociationCategory::UserDefined,
            id,
        }
    }
}

/// A link from a new record to an existing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Association {
    /// The id of the existing record.
    pub to: String,
    /// The association types of the link (one or more).
    pub types: Vec<AssociationType>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireType {
    association_category: &'static str,
    association_type_id: i32,
}

#[derive(Serialize)]
struct WireAssociation<'a> {
    to: WireId<'a>,
    types: Vec<WireType>,
}

#[derive(Serialize)]
struct WireId<'a> {
    id: &'a str,
}

impl Association {
    fn wire(&self) -> WireAssociation<'_> {
        WireAssociation {
            to: WireId { id: &self.to },
            types: self
                .types
                .iter()
                .map(|t| WireType {
                    association_category: t.category.as_str(),
                    association_type_id: t.id,
                })
                .collect(),
        }
    }
}

/// A record read through a typed path.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Record<P> {
    /// The record id.
    pub id: String,
    /// Its properties.
    pub properties: P,
    /// When it was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last changed.
    pub updated_at: Option<DateTime<Utc>>,
    /// Whether it is in the recycling bin.
    pub archived: Option<bool>,
    /// Set by an upsert: `true` when it created the record, `false` when it
    /// changed an existing one.
    pub new: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRecord {
    id: String,
    #[serde(default)]
    properties: BTreeMap<String, Option<String>>,
    #[serde(default)]
    created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    archived: Option<bool>,
    #[serde(default)]
    new: Option<bool>,
}

/// A value of one generated type as another: the typed paths build the
/// request types of each API version (and read its records) through their
/// common JSON shape.
fn convert<T: DeserializeOwned>(value: serde_json::Value, what: &str) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| Error::InvalidRequest(format!("{what}: {e}")))
}

impl<P: Properties> Record<P> {
    /// Reads a record returned by an untyped operation (`SimplePublicObject`
    /// and its kin).
    #[doc(hidden)]
    pub fn from_wire<T: Serialize>(object: &T) -> Result<Self, Error> {
        let decode = |e: serde_json::Error| Error::Decode {
            status: 200,
            path: String::new(),
            message: format!("a record with typed properties: {e}"),
            snippet: String::new(),
        };
        let value = serde_json::to_value(object).map_err(decode)?;
        let wire: WireRecord = serde_json::from_value(value).map_err(decode)?;
        Ok(Record {
            id: wire.id,
            properties: P::from_wire(wire.properties),
            created_at: wire.created_at,
            updated_at: wire.updated_at,
            archived: wire.archived,
            new: wire.new,
        })
    }
}

/// The body of a create (`SimplePublicObjectInputForCreate` of the API
/// version at hand) for a typed create input.
#[doc(hidden)]
pub fn create_body<R: NewRecord, B: DeserializeOwned>(input: R) -> Result<B, Error> {
    convert(create_json(input), "typed create")
}

/// The body of a batch create (`inputs`, each a create's body) for typed
/// create inputs.
#[doc(hidden)]
pub fn batch_create_body<R: NewRecord, B: DeserializeOwned>(inputs: Vec<R>) -> Result<B, Error> {
    let inputs: Vec<_> = inputs.into_iter().map(create_json).collect();
    convert(
        serde_json::json!({ "inputs": inputs }),
        "typed batch create",
    )
}

/// The body of a batch read by id that asks for the typed properties.
#[doc(hidden)]
pub fn batch_read_body<P: Properties, B: DeserializeOwned>(ids: Vec<String>) -> Result<B, Error> {
    let inputs: Vec<_> = ids
        .iter()
        .map(|id| serde_json::json!({ "id": id }))
        .collect();
    let body = serde_json::json!({ "inputs": inputs, "properties": P::names() });
    convert(body, "typed batch read")
}

/// The body of a batch update: each record's id and the properties set (or
/// cleared) in it.
#[doc(hidden)]
pub fn batch_update_body<P: Properties, B: DeserializeOwned>(
    inputs: Vec<(String, P)>,
) -> Result<B, Error> {
    convert(by_id(None, &inputs), "typed batch update")
}

/// The body of a batch upsert: each record's value of the unique property
/// `id_property` and the properties set (or cleared) in it.
#[doc(hidden)]
pub fn batch_upsert_body<P: Properties, B: DeserializeOwned>(
    id_property: &str,
    inputs: Vec<(String, P)>,
) -> Result<B, Error> {
    convert(by_id(Some(id_property), &inputs), "typed batch upsert")
}

/// `inputs` of records by id (or by their value of `id_property`), each
/// with the properties set (or cleared) in it.
fn by_id<P: Properties>(id_property: Option<&str>, inputs: &[(String, P)]) -> serde_json::Value {
    let inputs: Vec<_> = inputs
        .iter()
        .map(|(id, properties)| {
            let mut input = serde_json::json!({ "id": id, "properties": properties.to_wire() });
            if let Some(name) = id_property {
                input["idProperty"] = serde_json::json!(name);
            }
            input
        })
        .collect();
    serde_json::json!({ "inputs": inputs })
}

/// A create's JSON: its properties, and its associations when it has any
/// (HubSpot does not need an empty list).
fn create_json<R: NewRecord>(input: R) -> serde_json::Value {
    let (properties, associations) = input.into_parts();
    let mut body = serde_json::json!({ "properties": properties.to_wire() });
    if !associations.is_empty() {
        let associations: Vec<_> = associations.iter().map(Association::wire).collect();
        body["associations"] = serde_json::json!(associations);
    }
    body
}

/// One batch request's results read as typed records; its per-item errors
/// as they are.
#[doc(hidden)]
pub fn typed_part<P: Properties, T: Serialize, E>(
    part: Part<T, E>,
) -> Result<Part<Record<P>, E>, Error> {
    let results = part
        .results
        .iter()
        .map(Record::from_wire)
        .collect::<Result<_, _>>()?;
    Ok(Part {
        results,
        errors: part.errors,
        num_errors: part.num_errors,
        places: part.places,
    })
}

/// The body of an update (`SimplePublicObjectInput`) for typed properties.
#[doc(hidden)]
pub fn update_body<P: Properties, B: DeserializeOwned>(properties: &P) -> Result<B, Error> {
    convert(
        serde_json::json!({ "properties": properties.to_wire() }),
        "typed update",
    )
}

/// A search request that asks for the typed properties when it names none.
#[doc(hidden)]
pub fn search_body<P: Properties, B: Serialize + DeserializeOwned>(request: B) -> Result<B, Error> {
    let mut value = serde_json::to_value(&request)
        .map_err(|e| Error::InvalidRequest(format!("typed search: {e}")))?;
    if let Some(object) = value.as_object_mut() {
        let named = object
            .get("properties")
            .and_then(|v| v.as_array())
            .is_some_and(|names| !names.is_empty());
        if !named {
            object.insert("properties".into(), serde_json::json!(P::names()));
        }
    }
    convert(value, "typed search")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_both_forms_and_write_iso() {
        let iso = DateTime::<Utc>::decode("2024-10-27T10:30:00Z").unwrap();
        let millis = DateTime::<Utc>::decode("1730025000000").unwrap();
        assert_eq!(iso, millis);
        assert_eq!(iso.encode(), "2024-10-27T10:30:00.000Z");
        let day = NaiveDate::decode("1730000000000").unwrap();
        assert_eq!(day.encode(), "2024-10-27");
    }
}
