//! The intermediate model: what the generated crate contains, with every name
//! already decided. Emitters only read it.
//!
//! It derives `Serialize` (snapshot tests dump it as YAML) and `JsonSchema`
//! (its shape is documented; `cargo xtask ir-schema` prints it).

use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole generated crate.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Crate {
    /// Package name (`hubspot-client`).
    pub name: String,
    /// Package version.
    pub version: String,
    /// One-line description for Cargo.toml and the README.
    pub description: String,
    /// One module per input API document, in input order.
    pub apis: Vec<Api>,
    /// The API versions, newest first; empty when the APIs were given
    /// without one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<ApiVersion>,
    /// Types that several APIs declare identically, grouped by the set of
    /// APIs that declare them (see `lower::shared`), largest set first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared: Vec<SharedModule>,
    /// Typed CRM properties (from `specs/properties/`), emitted as one crate
    /// that every API version shares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<PropertiesModule>,
    /// The manifests may be published to a registry (else `publish = false`).
    pub publish: bool,
}

/// The prefix of every [`SharedModule`]'s name (`shared_crm_objects`), and
/// the whole name of one that nothing else describes.
pub const SHARED_MODULE: &str = "shared";

/// Types that the same set of APIs declare identically: one module (and
/// crate), which each of those APIs re-exports.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SharedModule {
    /// Module name, after its content (`shared_crm_objects`,
    /// `shared_conversations`; see `lower::shared`).
    pub module: String,
    /// The modules of the APIs that declare these types, in input order.
    pub apis: Vec<String>,
    /// The types, sorted by name.
    pub types: Vec<TypeDef>,
}

/// One API: an OpenAPI document and everything it references.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Api {
    /// Rust module name (`contacts`).
    pub module: String,
    /// Accessor on the client (`client.contacts()`), usually the module name.
    pub accessor: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The document, as given to the generator.
    pub source: String,
    /// Types owned by this module, sorted by name.
    pub types: Vec<TypeDef>,
    /// The operations, grouped into services.
    pub root: Service,
    /// Types of this API that live in a [`SharedModule`] because other APIs
    /// declare them identically; the API re-exports them. Sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared: Vec<TypeRef>,
    /// The [`ApiVersion`] (its `name`) this API belongs to; `None` for an
    /// API given without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Parameters every operation takes (see [`Binding::Api`]): the
    /// arguments of the API's accessor, in URL order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Parameter>,
    /// The typed path over this API's records, when it is the API of an
    /// object with property definitions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed: Option<TypedApi>,
    /// The client reaches this API at its root (`client.contacts()`,
    /// `hubspot_client::contacts`), not only through its version: an API
    /// without a version, the default version's, or, for an API the default
    /// version lacks, that of the newest older version that has it (HubSpot's
    /// Webhooks Journal is GA at 2026-03 only). Decided by `lower::root`.
    pub at_root: bool,
}

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
    pub field: String,
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
    /// At least one of these: one constructor each (`with_email`).
    pub one_of: Vec<String>,
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

/// One version of HubSpot's APIs that the crate speaks (`2026-09`, `v3`):
/// a module of the facade and a cargo feature.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ApiVersion {
    /// As HubSpot writes it in paths (`2026-09`, `v3`).
    pub name: String,
    /// Facade module and accessor (`v2026_09`).
    pub module: String,
    /// Cargo feature enabling every API of the version (`v2026-09`).
    pub feature: String,
    /// The version the client's own accessors speak (`client.contacts()`).
    pub default: bool,
    /// When HubSpot supports it.
    pub support: Support,
}

/// A version's support window, as HubSpot publishes it. Dates are
/// `YYYY-MM-DD` or `YYYY-MM`, as known.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Support {
    /// Released (Current from then on); `None` for legacy versions.
    pub released: Option<String>,
    /// Current until then, Supported afterwards.
    pub current_until: Option<String>,
    /// Supported until then, Unsupported afterwards.
    pub supported_until: Option<String>,
    /// What HubSpot says about it, in a sentence.
    pub note: Option<String>,
}

/// A named Rust type.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TypeDef {
    /// Rust name, unique in its module.
    pub name: String,
    /// `file#pointer` of the schema it was lowered from.
    pub source: String,
    /// Documentation.
    pub description: Option<String>,
    /// `file#pointer` of the identical schemas of other APIs merged into
    /// this shared type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
    /// Emitted `#[non_exhaustive]`: what HubSpot may add to it breaks no
    /// caller (see `lower::exhaustive`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_exhaustive: bool,
    /// A struct callers build, because a request carries it: emitted with a
    /// `new` that takes the fields without a [`Field::setter`] and a setter
    /// per other field (see `lower::exhaustive`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub built: bool,
    /// A sort order (a property name and a direction): emitted with
    /// `ascending` and `descending` constructors (see `lower::sorts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<SortOrder>,
    /// What it is.
    #[serde(flatten)]
    pub kind: TypeKind,
}

/// The fields and variants of a sort order struct ([`TypeDef::sort`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SortOrder {
    /// The field naming the property (`property_name`).
    pub property: String,
    /// The direction field (`direction`), an `Option` when `optional`.
    pub direction: String,
    /// The direction field may be left out.
    pub optional: bool,
    /// The direction enum.
    pub direction_type: TypeRef,
    /// Its variant for `ASCENDING`.
    pub ascending: String,
    /// Its variant for `DESCENDING`.
    pub descending: String,
}

/// The shape of a named type.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// A struct with named fields.
    Struct {
        /// Fields in spec order.
        fields: Vec<Field>,
        /// Type of extra properties kept in a flattened map, if the schema
        /// declares `additionalProperties` next to `properties`.
        additional: Option<TypeRef>,
    },
    /// A string enum; unknown values decode to an `Unknown(String)` variant.
    Enum {
        /// Known values in spec order.
        values: Vec<EnumValue>,
    },
    /// `oneOf`/`anyOf`: one of several types.
    Union {
        /// Alternatives in spec order.
        variants: Vec<Variant>,
        /// Property whose value selects the variant, when declared.
        discriminator: Option<String>,
    },
    /// Another name for a type.
    Alias {
        /// The aliased type.
        target: TypeRef,
    },
}

/// A struct field.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Field {
    /// Property name on the wire.
    pub name: String,
    /// Rust field name.
    pub rust_name: String,
    /// Type of a present, non-null value.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Stored behind a `Box` because the type contains itself.
    pub boxed: bool,
    /// Documentation.
    pub description: Option<String>,
    /// Marked `deprecated`.
    pub deprecated: bool,
    /// The builder method that sets it, on a [`TypeDef::built`] struct,
    /// when `new` does not take it (it is optional or may be `null`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setter: Option<String>,
    /// The method that reads one entry of this map of strings as an
    /// `Option<&str>` (`property` for `properties`; see `lower::accessors`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub getter: Option<String>,
    /// On a [`TypeDef::built`] struct, the variant `new` fills in by
    /// itself: the field is required and its enum has this one value (the
    /// tag of a `oneOf` member, `type: MESSAGE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<String>,
}

/// A string enum value.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: String,
    /// Rust variant name.
    pub rust_name: String,
}

/// A union alternative.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Variant {
    /// Rust variant name.
    pub rust_name: String,
    /// Its payload.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Discriminator values that select it.
    pub tags: Vec<String>,
    /// Stored behind a `Box` because the type contains itself.
    pub boxed: bool,
}

/// A reference to a type, as used in fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeRef {
    /// A named type of a module.
    Named {
        /// Owning module.
        module: String,
        /// Type name.
        name: String,
    },
    /// `String`.
    String,
    /// `runtime::Secret` (`format: password`): a credential or token, sent
    /// and received as a string, never shown by `Debug`.
    Secret,
    /// `chrono::DateTime<Utc>` (`format: date-time`).
    DateTime,
    /// `chrono::NaiveDate` (`format: date`).
    Date,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// Any JSON value.
    Json,
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>`: a nullable item or map value.
    Option(Box<TypeRef>),
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Lower-case name as used as a key in OpenAPI path items.
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// All methods in OpenAPI order.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];
}

/// A group of operations: `client.conversations().threads()`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Service {
    /// Accessor method name on the parent (`threads`); the API accessor for the root.
    pub accessor: String,
    /// Rust struct name (`ThreadsApi`); `None` for the root of a JSON
    /// Schema given alone, which has no operations and no service struct.
    pub struct_name: Option<String>,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Nested services.
    pub children: Vec<Service>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// A `{name}` in the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// An operation parameter.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Parameter {
    /// Name on the wire.
    pub name: String,
    /// Rust name (argument or setter).
    pub rust_name: String,
    /// Location.
    #[serde(rename = "in")]
    pub location: ParamLocation,
    /// Must be given (path parameters always are).
    pub required: bool,
    /// Type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// For arrays: `true` repeats the name (`a=1&a=2`), `false` joins with commas.
    pub explode: bool,
    /// Documented default value.
    pub default: Option<serde_json::Value>,
    /// Documentation.
    pub description: Option<String>,
    /// Marked `deprecated`.
    pub deprecated: bool,
    /// Where the value comes from: the caller of the method, unless the spec
    /// fixes it or the whole API takes it.
    #[serde(default, skip_serializing_if = "Binding::is_call")]
    pub binding: Binding,
}

/// Where a parameter's value comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Binding {
    /// The caller passes it: an argument of the method when required, a
    /// setter of the builder otherwise.
    #[default]
    Call,
    /// The spec admits one value (a single-value `enum` or a `const`): it is
    /// written into the request and never asked for.
    Fixed {
        /// The value.
        value: String,
    },
    /// Every operation of the API takes it: an argument of the API's
    /// accessor (`client.objects(object_type)`), passed to each request.
    Api,
}

impl Binding {
    /// The caller passes the value to the method or a setter.
    pub fn is_call(&self) -> bool {
        *self == Binding::Call
    }
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, built by the caller.
    Multipart,
    /// Raw bytes with the given content type.
    Binary,
}

/// A request body.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RequestBody {
    /// Media type sent.
    pub content_type: String,
    /// Encoding.
    pub encoding: BodyEncoding,
    /// Type (for JSON and form bodies).
    #[serde(rename = "type")]
    pub ty: Option<TypeRef>,
    /// Must be given.
    pub required: bool,
    /// Documentation.
    pub description: Option<String>,
}

/// What a response carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResponseBody {
    /// Nothing.
    Empty,
    /// JSON of a type.
    Json(TypeRef),
    /// Text.
    Text,
    /// Bytes.
    Binary,
}

/// A response status as an OpenAPI document keys its responses. It is
/// written as in the document (`200`, `2XX`, `default`) in the IR's JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// One code (`200`).
    Code(u16),
    /// A range by its first digit (`2XX` is `Range(2)`).
    Range(u8),
    /// `default`: any status the others do not name.
    Default,
}

impl Status {
    /// Reads a key of `responses`; `None` when it is no status.
    pub fn parse(key: &str) -> Option<Status> {
        let key = key.trim();
        if key == "default" {
            return Some(Status::Default);
        }
        let bytes = key.as_bytes();
        match bytes {
            [d @ b'1'..=b'5', x, y]
                if x.eq_ignore_ascii_case(&b'x') && y.eq_ignore_ascii_case(&b'x') =>
            {
                Some(Status::Range(d - b'0'))
            }
            [b'1'..=b'5', b'0'..=b'9', b'0'..=b'9'] => key.parse().ok().map(Status::Code),
            _ => None,
        }
    }

    /// A 2xx code or the `2XX` range.
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(c) => (200..300).contains(&c),
            Status::Range(d) => d == 2,
            Status::Default => false,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(c) => write!(f, "{c}"),
            Status::Range(d) => write!(f, "{d}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A documented response.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Response {
    /// Status code, or a range (`2XX`), or `default`.
    #[schemars(with = "String")]
    pub status: Status,
    /// Body.
    pub body: ResponseBody,
    /// Documentation.
    pub description: Option<String>,
}

/// What a successful call returns.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Output {
    /// One body type for every 2xx status.
    Single {
        /// The body.
        body: ResponseBody,
    },
    /// Different bodies per status: an enum with a variant per status.
    ByStatus {
        /// Rust enum name.
        name: String,
        /// One variant per documented 2xx status; the `2XX` one, or else
        /// the first, also takes undocumented 2xx statuses.
        variants: Vec<StatusVariant>,
    },
}

/// A variant of a per-status output enum.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StatusVariant {
    /// Status code, or the `2XX` range (the variant then takes every 2xx
    /// status no other variant names).
    #[schemars(with = "String")]
    pub status: Status,
    /// Rust variant name.
    pub rust_name: String,
    /// Body.
    pub body: ResponseBody,
    /// Documentation.
    pub description: Option<String>,
}

/// One operation: a method of a service.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Operation {
    /// `operationId` as written, if any.
    pub operation_id: Option<String>,
    /// Rust method name on the service (`list`).
    pub method_name: String,
    /// Request builder struct name (`GetPage`), in the module's `builders`.
    pub builder: String,
    /// The operation's name in traces: the service accessors below the API's
    /// and the method, dot-separated (`batch.archive`), as a caller writes it
    /// after `client.calls()`.
    pub trace_name: String,
    /// HTTP method.
    pub method: Method,
    /// Path template.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Marked `deprecated`.
    pub deprecated: bool,
    /// Path parameters in URL order, then the others in document order.
    pub params: Vec<Parameter>,
    /// Request body.
    pub body: Option<RequestBody>,
    /// Documented responses: 2xx first, then errors.
    pub responses: Vec<Response>,
    /// What a successful call returns.
    pub output: Output,
    /// What the request does, for retries and rate limits.
    pub class: RequestClass,
    /// Cursor paging, when the operation follows HubSpot's `after` convention.
    pub paging: Option<Paging>,
    /// Input splitting, when the operation is a HubSpot batch.
    pub batch: Option<Batch>,
    /// The success response holds a secret (a `format: password` field,
    /// such as an OAuth token): a decode error shows none of its body.
    /// Decided by `lower::secrets`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub secret_response: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPart<'a> {
    /// Text sent as written (`/crm/objects/`).
    Literal(&'a str),
    /// The name inside a `{name}`.
    Var(&'a str),
}

/// The pieces of a path template (`/contacts/{contactId}`), in order; an
/// unclosed `{` and what follows it are literal. The one parser of
/// templates: `lower` checks the parameters and `emit` builds the URL with it.
pub fn path_parts(path: &str) -> Vec<PathPart<'_>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push(PathPart::Literal(&rest[..start]));
        }
        parts.push(PathPart::Var(&rest[start + 1..start + len]));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest));
    }
    parts
}

/// What a request does, as far as retries and rate limits care; decided in
/// `lower::patterns` from the method and the path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestClass {
    /// Its method tells: GET, PUT and DELETE may be sent again after a
    /// timeout or a 5xx, POST and PATCH may not.
    #[default]
    Method,
    /// A POST that only reads (`…/batch/read`): safe to send again.
    Read,
    /// A POST search (`…/search`): safe to send again, and counted against
    /// HubSpot's separate search limit.
    Search,
    /// A POST write that leaves the same state when applied twice: an upsert
    /// by `idProperty` (`…/batch/upsert`), an archive (`…/batch/archive`).
    /// Safe to send again after a timeout or a 5xx; a create is not.
    Idempotent,
}

impl Operation {
    /// Whether the request may be sent again after it may have reached
    /// HubSpot (a timeout, a 5xx): its method is idempotent, or its class says so.
    pub fn retry_safe(&self) -> bool {
        match self.class {
            RequestClass::Read | RequestClass::Search | RequestClass::Idempotent => true,
            RequestClass::Method => {
                crate::common::idempotent_method(&self.method.key().to_ascii_uppercase())
            }
        }
    }
}

/// One field access on the way to a value: `page.paging?.next?.after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Step {
    /// Rust field name.
    pub field: String,
    /// The field is an `Option`.
    pub optional: bool,
}

/// Where a paged operation takes its cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "in", rename_all = "snake_case")]
pub enum Cursor {
    /// An optional query parameter (builder field `field`).
    Query {
        /// Rust name of the parameter.
        field: String,
    },
    /// A field of the JSON body (searches).
    Body {
        /// Rust name of the body field.
        field: String,
        /// The field is an `Option`.
        optional: bool,
    },
}

/// HubSpot's cursor paging: the response holds `results` and
/// `paging.next.after`, which the next request sends as `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Paging {
    /// Where the cursor goes in the request.
    pub cursor: Cursor,
    /// The type of one item.
    pub item: TypeRef,
    /// From the page to its item list.
    pub results: Vec<Step>,
    /// From the page to the next cursor.
    pub next: Vec<Step>,
    /// The number of results the API serves at most (10,000 for searches).
    pub ceiling: Option<u32>,
}

/// HubSpot's batch convention: the body's `inputs` list, at most `chunk`
/// per request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Batch {
    /// Rust name of the body's input list.
    pub inputs: String,
    /// Type of one input.
    pub input: TypeRef,
    /// Largest number of inputs per request.
    pub chunk: u32,
    /// A body list that lowers the limit to `history_chunk` when not empty
    /// (`propertiesWithHistory`).
    pub history: Option<Step>,
    /// The limit when `history` is not empty.
    pub history_chunk: u32,
    /// How results and per-item errors are read from each success body.
    pub outputs: Vec<BatchOutput>,
    /// Type of one result (`None`: the batch returns no body).
    pub item: Option<TypeRef>,
    /// Type of one per-item error.
    pub error: Option<TypeRef>,
    /// How a result tells which input it answers.
    pub keys: BatchKeys,
}

/// The fields that tell which input of a batch request a result answers:
/// each pair is (the input's field, the result's field).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BatchKeys {
    /// A trace id (`objectWriteTraceId`): an optional text field of the
    /// input, which the client fills when the caller left it empty, echoed
    /// by the result.
    pub trace: Option<(Step, Step)>,
    /// The record id (`id`) an input names and its result carries.
    pub id: Option<(Step, Step)>,
    /// An optional `idProperty` of the input and of the request body: when
    /// set, an input's `id` is a value of that property, not a record id,
    /// and `id` does not pair it.
    pub id_property: (Option<Step>, Option<Step>),
}

/// How one success body of a batch yields its results and errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BatchOutput {
    /// Variant of the per-status output enum (`None` for a single output).
    pub variant: Option<String>,
    /// From the body to its results.
    pub results: Vec<Step>,
    /// From the body to its per-item errors.
    pub errors: Option<Vec<Step>>,
    /// From the body to `numErrors`.
    pub num_errors: Option<Vec<Step>>,
}

impl Service {
    /// Every operation of this service and of the services nested in it,
    /// depth first.
    pub fn all_operations(&self) -> Vec<&Operation> {
        fn walk<'a>(svc: &'a Service, out: &mut Vec<&'a Operation>) {
            out.extend(&svc.operations);
            for child in &svc.children {
                walk(child, out);
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out
    }
}

impl Service {
    /// Calls `f` on every operation of this service and of the services
    /// nested in it, depth first.
    pub fn visit_operations_mut(&mut self, f: &mut dyn FnMut(&mut Operation)) {
        for op in &mut self.operations {
            f(op);
        }
        for child in &mut self.children {
            child.visit_operations_mut(f);
        }
    }
}

impl TypeRef {
    /// Calls `f` on this reference and on every reference inside it.
    pub fn visit_mut(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        f(self);
        if let TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) = self {
            inner.visit_mut(f);
        }
    }
}

impl Crate {
    /// Every named type with the module that holds it: the APIs' types,
    /// then the shared modules'.
    pub fn types(&self) -> impl Iterator<Item = (&str, &TypeDef)> {
        let apis = self
            .apis
            .iter()
            .flat_map(|a| a.types.iter().map(move |d| (a.module.as_str(), d)));
        let shared = self
            .shared
            .iter()
            .flat_map(|g| g.types.iter().map(move |d| (g.module.as_str(), d)));
        apis.chain(shared)
    }

    /// Every named type, with its module: the APIs' own, then the shared
    /// modules'.
    pub fn types_mut(&mut self) -> impl Iterator<Item = (&str, &mut TypeDef)> {
        let apis = self.apis.iter_mut().flat_map(|a| {
            let (module, types) = (a.module.as_str(), &mut a.types);
            types.iter_mut().map(move |d| (module, d))
        });
        let shared = self.shared.iter_mut().flat_map(|g| {
            let (module, types) = (g.module.as_str(), &mut g.types);
            types.iter_mut().map(move |d| (module, d))
        });
        apis.chain(shared)
    }
}

impl Field {
    /// Whether the field is emitted as an `Option`: it may be left out or
    /// be `null`.
    pub fn is_option(&self) -> bool {
        !self.required || self.nullable
    }

    /// Whether a missing value decodes as empty: a required list or map,
    /// which HubSpot leaves out when it has nothing to list.
    pub fn defaults_to_empty(&self) -> bool {
        !self.is_option() && matches!(self.ty, TypeRef::Array(_) | TypeRef::Map(_))
    }
}

impl TypeDef {
    /// Calls `f` on every type reference of the definition.
    pub fn visit_refs_mut(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        match &mut self.kind {
            TypeKind::Struct { fields, additional } => {
                for field in fields {
                    field.ty.visit_mut(f);
                }
                if let Some(ty) = additional {
                    ty.visit_mut(f);
                }
            }
            TypeKind::Enum { .. } => {}
            TypeKind::Union { variants, .. } => {
                for v in variants {
                    v.ty.visit_mut(f);
                }
            }
            TypeKind::Alias { target } => target.visit_mut(f),
        }
    }
}

impl ResponseBody {
    fn visit_refs_mut(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        if let ResponseBody::Json(ty) = self {
            ty.visit_mut(f);
        }
    }
}

impl Operation {
    /// Calls `f` on every type reference of the operation.
    pub fn visit_refs_mut(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        for p in &mut self.params {
            p.ty.visit_mut(f);
        }
        if let Some(ty) = self.body.as_mut().and_then(|b| b.ty.as_mut()) {
            ty.visit_mut(f);
        }
        for r in &mut self.responses {
            r.body.visit_refs_mut(f);
        }
        match &mut self.output {
            Output::Single { body } => body.visit_refs_mut(f),
            Output::ByStatus { variants, .. } => {
                for v in variants {
                    v.body.visit_refs_mut(f);
                }
            }
        }
        if let Some(paging) = &mut self.paging {
            paging.item.visit_mut(f);
        }
        if let Some(batch) = &mut self.batch {
            batch.input.visit_mut(f);
            for ty in [&mut batch.item, &mut batch.error].into_iter().flatten() {
                ty.visit_mut(f);
            }
        }
    }
}

impl Service {
    /// Calls `f` on every type reference of the operations of this service
    /// and of the services nested in it.
    pub fn visit_refs_mut(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        for op in &mut self.operations {
            op.visit_refs_mut(f);
        }
        for child in &mut self.children {
            child.visit_refs_mut(f);
        }
    }
}

impl Api {
    /// Calls `f` on every type reference of the API: its types and its
    /// operations.
    pub fn visit_refs_mut(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        for def in &mut self.types {
            def.visit_refs_mut(f);
        }
        self.root.visit_refs_mut(f);
    }

    /// The modules whose named types this API uses (its re-exports
    /// included), its own included.
    pub fn referenced_modules(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        // The visitor is written once, for `&mut`; a copy is cheap next to
        // emitting the API.
        let mut copy = self.clone();
        copy.visit_refs_mut(&mut |ty| collect_module(ty, &mut out));
        for ty in &mut copy.shared {
            collect_module(ty, &mut out);
        }
        out
    }
}

impl Api {
    /// Whether it has a service struct (a JSON Schema alone has only types).
    pub fn has_operations(&self) -> bool {
        self.root.struct_name.is_some()
    }
}

impl SharedModule {
    /// The modules whose named types these types use, this one included.
    pub fn referenced_modules(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        for def in &mut self.types.clone() {
            def.visit_refs_mut(&mut |ty| collect_module(ty, &mut out));
        }
        out
    }
}

fn collect_module(ty: &mut TypeRef, out: &mut std::collections::BTreeSet<String>) {
    if let TypeRef::Named { module, .. } = ty {
        out.insert(module.clone());
    }
}

/// Every named type of a crate, by module and name.
#[derive(Debug, Default)]
pub struct TypeIndex<'a>(BTreeMap<(&'a str, &'a str), &'a TypeDef>);

/// A type reference with aliases followed.
#[derive(Debug, Clone, Copy)]
pub enum Resolved<'a> {
    /// A named type that is not an alias.
    Def(&'a TypeDef),
    /// A type that is not named (or whose name is not in the crate).
    Ref(&'a TypeRef),
}

impl<'a> TypeIndex<'a> {
    /// Indexes the types of every API of `krate`.
    pub fn new(krate: &'a Crate) -> Self {
        let mut map = BTreeMap::new();
        for group in &krate.shared {
            for def in &group.types {
                map.insert((group.module.as_str(), def.name.as_str()), def);
            }
        }
        for api in &krate.apis {
            for def in &api.types {
                map.insert((api.module.as_str(), def.name.as_str()), def);
            }
        }
        TypeIndex(map)
    }

    /// The type `name` of `module`.
    pub fn get(&self, module: &str, name: &str) -> Option<&'a TypeDef> {
        self.0.get(&(module, name)).copied()
    }

    /// `ty` with aliases followed.
    pub fn resolve(&self, mut ty: &'a TypeRef) -> Resolved<'a> {
        // Alias chains are short; the bound only guards against a cycle.
        for _ in 0..32 {
            let TypeRef::Named { module, name } = ty else {
                return Resolved::Ref(ty);
            };
            match self.get(module, name) {
                Some(TypeDef {
                    kind: TypeKind::Alias { target },
                    ..
                }) => ty = target,
                Some(def) => return Resolved::Def(def),
                None => return Resolved::Ref(ty),
            }
        }
        Resolved::Ref(ty)
    }
}

#[cfg(test)]
mod tests {
    use super::{path_parts, PathPart::*};

    #[test]
    fn path_parts_split_literals_and_vars() {
        assert_eq!(
            path_parts("/crm/{objectType}/{id}:merge"),
            [
                Literal("/crm/"),
                Var("objectType"),
                Literal("/"),
                Var("id"),
                Literal(":merge")
            ]
        );
        assert_eq!(path_parts("{a}"), [Var("a")]);
        assert_eq!(path_parts("/x/{open"), [Literal("/x/{open")]);
        assert!(path_parts("").is_empty());
    }
}
