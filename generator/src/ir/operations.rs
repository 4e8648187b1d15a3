//! Services and their operations: parameters, request bodies, responses.

use super::{Batch, Paging, TypeRef};
use schemars::JsonSchema;
use serde::Serialize;

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
    pub accessor: crate::naming::RustIdent,
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
    pub rust_name: crate::naming::RustIdent,
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

impl Parameter {
    /// The value the spec fixes for this path parameter, if it does: a
    /// shared builder takes it in `new` (see `lower::builders`).
    pub fn fixed_in_path(&self) -> Option<&str> {
        match &self.binding {
            Binding::Fixed { value } if self.location == ParamLocation::Path => Some(value),
            _ => None,
        }
    }
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

    /// Whether a response of this status is a success of its operation: a
    /// 2xx one, or `default` when the operation documents no 2xx response
    /// (`any_2xx` false).
    pub fn succeeds(self, any_2xx: bool) -> bool {
        self.is_success() || (self == Status::Default && !any_2xx)
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
    pub method_name: crate::naming::RustIdent,
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
    /// The shared module whose builder of this name the operation uses,
    /// when several APIs build it alike (decided by `lower::builders`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_builder: Option<String>,
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
    /// The method as Rust code calls it with what it requires: its required
    /// parameters, then the body when required (`read(contact_id)`,
    /// `create(body)`).
    pub fn call(&self) -> String {
        let args: Vec<&str> = self
            .params
            .iter()
            .filter(|p| p.required && p.binding.is_call())
            .map(|p| p.rust_name.as_str())
            .chain(self.body.as_ref().filter(|b| b.required).map(|_| "body"))
            .collect();
        format!("{}({})", self.method_name, args.join(", "))
    }

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
