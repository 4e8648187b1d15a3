//! The intermediate model: what the generated crate contains, with every name
//! already decided. Emitters only read it.
//!
//! It derives `Serialize` (snapshot tests dump it as YAML) and `JsonSchema`
//! (its shape is documented; `cargo xtask ir-schema` prints it).

mod batches;
mod layout;
mod operations;
mod paging;
mod paths;
mod properties;
mod types;

pub use batches::{Batch, BatchKeys, BatchOutput};
pub use layout::{Layout, Member};
pub use operations::{
    Binding, BodyEncoding, Method, Operation, Output, ParamLocation, Parameter, RequestBody,
    RequestClass, Response, ResponseBody, Service, Status, StatusVariant,
};
pub use paging::{Cursor, Paging, Step};
pub use paths::{path_parts, segments, PathPart, Segment};
pub use properties::{
    AssociationTypeDef, CreateRule, OneOf, OptionEnum, OptionVariant, PropertiesModule,
    PropertySet, PropertyValue, TypedApi, TypedBatch, TypedBatchKind, TypedProperty,
};
pub use types::{
    Additional, EnumValue, Field, Resolved, SortOrder, TypeDef, TypeIndex, TypeKind, TypeRef,
    Variant,
};

use schemars::JsonSchema;
use serde::Serialize;

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
    /// The crates of the output (`lower::layout`, the last pass).
    pub layout: Layout,
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
    /// Request builders that two or more APIs of one version build alike,
    /// up to the API's name and the path values it fixes (see
    /// `lower::builders`): each is the operation as the builder sees it,
    /// with those values taken in `new`. In a module of their own, without
    /// types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub builders: Vec<Operation>,
}

/// One API: an OpenAPI document and everything it references.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Api {
    /// Rust module name (`contacts`).
    pub module: String,
    /// Accessor on the client (`client.contacts()`), usually the module name.
    pub accessor: crate::naming::RustIdent,
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
    /// The facade's cargo feature that builds it (`v2026-09-contacts`);
    /// `None` without a version: always built. Decided by `lower::root`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
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
        out.extend(
            self.root
                .all_operations()
                .into_iter()
                .filter_map(|op| op.shared_builder.clone()),
        );
        out
    }
}

impl Api {
    /// Whether it has a service struct (a JSON Schema alone has only types).
    pub fn has_operations(&self) -> bool {
        self.root.struct_name.is_some()
    }

    /// Its accessor as Rust code calls it, the API-wide parameters named
    /// (`contacts()`, `objects(object_type)`). The one text of it that
    /// docs, README and api-diff show.
    pub fn call(&self) -> String {
        let args: Vec<&str> = self.params.iter().map(|p| p.rust_name.as_str()).collect();
        format!("{}({})", self.accessor, args.join(", "))
    }
}

impl SharedModule {
    /// The modules whose named types these types use, this one included.
    pub fn referenced_modules(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        for ty in self.types.iter().flat_map(TypeDef::refs) {
            ty.visit(&mut |ty| collect_module(ty, &mut out));
        }
        for op in &mut self.builders.clone() {
            op.visit_refs_mut(&mut |ty| collect_module(ty, &mut out));
        }
        out
    }
}

fn collect_module(ty: &TypeRef, out: &mut std::collections::BTreeSet<String>) {
    if let TypeRef::Named { module, .. } = ty {
        out.insert(module.clone());
    }
}
