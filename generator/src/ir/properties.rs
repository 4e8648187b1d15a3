//! Typed CRM properties: the properties crate and the typed path of an
//! object's API.

use super::{Step, TypeRef};
use schemars::JsonSchema;
use serde::Serialize;

/// The typed path of a CRM object API (`client.calls().typed()`): its
/// create, get, update, list and search with typed properties, each a call
/// of the API's own operation.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TypedApi {
    /// The object's [`PropertySet`] (its `object`).
    pub object: String,
    /// The service struct (`TypedCallsApi`).
    pub service: String,
    /// Accessor on the API's root service (`typed`).
    pub accessor: String,
    /// Method names of the root service's operations.
    pub create: String,
    /// Reads one record by id.
    pub get: String,
    /// Changes one record by id.
    pub update: String,
    /// The paged list.
    pub list: String,
    /// The search.
    pub search: String,
    /// The body type of the search.
    pub search_body: TypeRef,
    /// From a search page to its records.
    pub search_results: Vec<Step>,
    /// The batch operations of the typed path (`create_all`, `get_all`,
    /// `update_all`, `upsert_all`), those the API has, in that order.
    pub batches: Vec<TypedBatch>,
}

/// A batch operation under a typed path (`batch().create(body)`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TypedBatch {
    /// What it does with records.
    pub kind: TypedBatchKind,
    /// The typed service's method (`create_all`).
    pub name: String,
    /// Accessor of the batch service on the root service (`batch`).
    pub service: String,
    /// Method name of the operation on it (`create`).
    pub method: String,
    /// Largest number of inputs per request.
    pub chunk: u32,
    /// Type of one per-item error (`None`: the batch reports none).
    pub error: Option<TypeRef>,
    /// Whether a request may be sent again after it may have reached HubSpot.
    pub retry_safe: bool,
}

/// What a typed batch does with records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypedBatchKind {
    /// Creates records from typed create inputs.
    Create,
    /// Reads records by id, with the typed properties.
    Read,
    /// Changes typed properties of records by id.
    Update,
    /// Creates or changes records matched by a unique property's value.
    Upsert,
}

/// The crate of typed CRM properties.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PropertiesModule {
    /// Module name (`properties`).
    pub module: String,
    /// One per object, sorted by object.
    pub objects: Vec<PropertySet>,
    /// HubSpot's association types, in input order.
    pub associations: Vec<AssociationTypeDef>,
}

/// The typed properties of one CRM object.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PropertySet {
    /// The object, as in paths (`calls`).
    pub object: String,
    /// The definitions file, as given.
    pub source: String,
    /// The properties struct (`CallProperties`).
    pub properties_type: String,
    /// The enum of property names (`CallProperty`).
    pub names_type: String,
    /// The create input (`CallCreate`).
    pub create_type: String,
    /// The properties, in input order.
    pub properties: Vec<TypedProperty>,
    /// The enums of option values, in input order.
    pub enums: Vec<OptionEnum>,
    /// What a new record needs.
    pub create: CreateRule,
}

/// One property of a [`PropertySet`].
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TypedProperty {
    /// Internal name, as on the wire (`hs_call_direction`).
    pub name: String,
    /// Field and setter name (`direction`).
    pub field: crate::naming::RustIdent,
    /// Variant of the names enum (`Direction`).
    pub variant: String,
    /// The label shown in HubSpot.
    pub label: Option<String>,
    /// What it holds.
    pub description: Option<String>,
    /// Its Rust type.
    pub value: PropertyValue,
    /// Set by HubSpot only (`modificationMetadata.readOnlyValue`): read,
    /// never sent, no setter.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
}

/// The Rust type of a property value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PropertyValue {
    /// `string`, and an enumeration without options (owners, portal lists).
    String,
    /// A multi-select without options: strings joined by `;`.
    Strings,
    /// `number`.
    Number,
    /// A `number` marked `x-integer`.
    Integer,
    /// A `number` marked `x-unit: milliseconds`.
    Duration,
    /// `bool`.
    Bool,
    /// `date`.
    Date,
    /// `datetime`.
    DateTime,
    /// An enumeration with options: an [`OptionEnum`] (its name), a list of
    /// them for a multi-select.
    Enum {
        /// The enum.
        name: String,
        /// A multi-select (`checkbox`).
        multi: bool,
    },
}

/// The options of an enumeration property, with an `Unknown` fallback.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OptionEnum {
    /// Rust name (`CallDirection`).
    pub name: String,
    /// The property it types.
    pub property: String,
    /// The options, in input order.
    pub variants: Vec<OptionVariant>,
}

/// One option of an [`OptionEnum`].
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OptionVariant {
    /// Rust name, from the label (`LeftVoicemail`).
    pub name: String,
    /// Value on the wire (a GUID for call outcomes).
    pub value: String,
    /// The label.
    pub label: String,
}

/// What a new record of an object needs, by property (`field` names).
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct CreateRule {
    /// Arguments of the create input's constructor.
    pub required: Vec<String>,
    /// Filled in by the constructor: field and wire value.
    pub fixed: Vec<(String, String)>,
    /// At least one of these: one constructor each.
    pub one_of: Vec<OneOf>,
}

/// A property a new record may be identified by, one of several.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OneOf {
    /// The property's field.
    pub field: crate::naming::RustIdent,
    /// The create input's constructor that takes it (`with_email`).
    pub constructor: String,
}

/// One of HubSpot's association types.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AssociationTypeDef {
    /// Constant name (`CALL_TO_CONTACT`).
    pub constant: String,
    /// From which object (`calls`).
    pub from: String,
    /// To which object (`contacts`).
    pub to: String,
    /// `associationTypeId`.
    pub id: i32,
    /// Its label, if it has one (`Primary`).
    pub label: Option<String>,
}
