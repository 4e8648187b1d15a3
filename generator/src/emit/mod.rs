//! Emit stage: the IR to the files of the output, a facade crate over a
//! runtime crate and one crate per API ([`layout`]).
//!
//! Rust is built with `quote!` and formatted with prettyplease, so the output
//! does not depend on the local rustfmt. Cargo.toml and README.md come from
//! handlebars templates. The hand-written runtime is copied verbatim.

mod docs;
mod examples;
mod helpers;
pub mod layout;
mod properties;
mod services;
mod templates;
mod types;

use crate::error::{Error, Result};
use crate::ir::{Api, ApiVersion, Crate, PropertiesModule, SharedModule, TypeDef, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Files of the generated crate, by path relative to its root.
pub type Files = BTreeMap<PathBuf, String>;

/// The hand-written runtime, copied into `crates/runtime/src/`.
const RUNTIME: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../../runtime/lib.rs")),
    ("oauth.rs", include_str!("../../runtime/oauth.rs")),
    ("batch.rs", include_str!("../../runtime/batch.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("common.rs", include_str!("../../runtime/common.rs")),
    ("decode.rs", include_str!("../../runtime/decode.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("hooks.rs", include_str!("../../runtime/hooks.rs")),
    ("journal.rs", include_str!("../../runtime/journal.rs")),
    ("paging.rs", include_str!("../../runtime/paging.rs")),
    ("raw.rs", include_str!("../../runtime/raw.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("auth.rs", include_str!("../../runtime/auth.rs")),
    ("limit.rs", include_str!("../../runtime/limit.rs")),
    (
        "limit_redis.rs",
        include_str!("../../runtime/limit_redis.rs"),
    ),
    (
        "limit_store.rs",
        include_str!("../../runtime/limit_store.rs"),
    ),
    ("response.rs", include_str!("../../runtime/response.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("store_file.rs", include_str!("../../runtime/store_file.rs")),
    ("sync.rs", include_str!("../../runtime/sync.rs")),
    ("tls.rs", include_str!("../../runtime/tls.rs")),
    ("webhooks.rs", include_str!("../../runtime/webhooks.rs")),
    (
        "webhook_events.rs",
        include_str!("../../runtime/webhook_events.rs"),
    ),
    ("properties.rs", include_str!("../../runtime/properties.rs")),
];

/// Where a type is named from. Another module's type is always
/// `crate::<module>::Type`: every crate that uses another's types imports it
/// under its module name.
pub enum Scope<'a> {
    /// A crate's `types.rs`: its own types by bare name.
    Types(&'a str),
    /// An API crate's `builders.rs`: its own types through `super::`.
    Builders(&'a str),
    /// An API crate's `lib.rs`: its own types by bare name (re-exported there).
    Module(&'a str),
    /// Prose, such as the migration guide: every type by bare name, and
    /// chrono's and std's without their paths (`DateTime<Utc>`).
    Prose,
}

/// An identifier, raw when it is a keyword (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type for a [`TypeRef`] seen from `scope`.
pub fn rust_type(scope: &Scope, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named { module, name } => {
            let n = ident(name);
            let m = ident(module);
            match scope {
                Scope::Types(here) | Scope::Module(here) if here == module => quote!(#n),
                Scope::Builders(here) if here == module => quote!(super::#n),
                Scope::Prose => quote!(#n),
                _ => quote!(crate::#m::#n),
            }
        }
        TypeRef::String => quote!(String),
        TypeRef::Secret if matches!(scope, Scope::Prose) => quote!(Secret),
        TypeRef::Secret => quote!(crate::runtime::Secret),
        TypeRef::DateTime if matches!(scope, Scope::Prose) => quote!(DateTime<Utc>),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date if matches!(scope, Scope::Prose) => quote!(NaiveDate),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Array(inner) => {
            let t = rust_type(scope, inner);
            quote!(Vec<#t>)
        }
        TypeRef::Map(inner) => {
            let t = rust_type(scope, inner);
            match scope {
                Scope::Prose => quote!(BTreeMap<String, #t>),
                _ => quote!(std::collections::BTreeMap<String, #t>),
            }
        }
        TypeRef::Option(inner) => {
            let t = rust_type(scope, inner);
            quote!(Option<#t>)
        }
    }
}

/// The first lines of every generated file.
fn header(comment: &str) -> String {
    format!(
        "{comment} @generated by hubspot-codegen from the specs in `specs/`.\n{comment} Do not edit by hand: change the specs or the generator and run `cargo xtask codegen`.\n"
    )
}

/// Keeps `cargo fmt` away from generated files: they are formatted by
/// prettyplease, and `cargo xtask codegen --check` compares them byte for byte.
const SKIP_RUSTFMT: &str = "#![cfg_attr(rustfmt, rustfmt::skip)]\n";

/// Formats tokens as a Rust file with the generated header.
fn rust_file(what: &str, tokens: TokenStream) -> Result<String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Emit {
        what: what.to_string(),
        message: e.to_string(),
    })?;
    Ok(format!(
        "{}{SKIP_RUSTFMT}\n{}",
        header("//"),
        prettyplease::unparse(&file)
    ))
}

/// Every file of the output: the facade crate at the root, the runtime and
/// one crate per API under `crates/` (see [`layout`]).
pub fn emit(krate: &Crate) -> Result<Files> {
    let deps = layout::dependencies(krate);
    // The crates are independent: emit them on every core, then collect them
    // in order (the first error in that order wins).
    let parts: Vec<Part> = [Part::Facade, Part::Runtime]
        .into_iter()
        .chain(krate.properties.iter().map(Part::Properties))
        .chain(krate.shared.iter().map(Part::Shared))
        .chain(krate.apis.iter().map(Part::Api))
        .collect();
    let mut files = Files::new();
    for emitted in crate::parallel::in_parallel(
        &parts,
        |p| part_cost(krate, p),
        |p| part_files(krate, &deps, p),
    ) {
        files.extend(emitted?);
    }
    Ok(files)
}

/// A crate of the output.
enum Part<'a> {
    /// The facade crate at the root: its manifest, README and `lib.rs`.
    Facade,
    /// The hand-written runtime, copied.
    Runtime,
    /// The typed CRM properties.
    Properties(&'a PropertiesModule),
    /// A crate of shared types.
    Shared(&'a SharedModule),
    /// An API's crate.
    Api(&'a Api),
}

/// The facade crate's files.
fn facade_files(krate: &Crate, deps: &layout::Dependencies) -> Result<Files> {
    let mut files = Files::new();
    files.insert("Cargo.toml".into(), templates::cargo_toml(krate, deps)?);
    files.insert("README.md".into(), templates::readme(krate)?);
    files.insert(
        "src/lib.rs".into(),
        rust_file("lib.rs", facade_lib_rs(krate, deps))?,
    );
    Ok(files)
}

/// The runtime crate's files.
fn runtime_files(krate: &Crate) -> Result<Files> {
    let runtime = PathBuf::from("crates").join(layout::runtime(krate).dir);
    let mut files = Files::new();
    files.insert(
        runtime.join("Cargo.toml"),
        templates::runtime_cargo_toml(krate)?,
    );
    for (name, source) in RUNTIME {
        files.insert(
            runtime.join("src").join(name),
            format!(
                "{}{SKIP_RUSTFMT}\n{}",
                header("//"),
                source.replace("\r\n", "\n")
            ),
        );
    }
    Ok(files)
}

/// A rough cost of emitting a crate: its types and operations (the facade
/// has a module per API, the runtime is copied).
fn part_cost(krate: &Crate, part: &Part) -> usize {
    match part {
        Part::Facade => 4 * krate.apis.len(),
        Part::Runtime => 0,
        Part::Properties(m) => m.objects.iter().map(|o| o.properties.len()).sum(),
        Part::Shared(group) => group.types.len(),
        Part::Api(api) => api.types.len() + 3 * api.root.all_operations().len(),
    }
}

/// The files of one crate.
fn part_files(krate: &Crate, deps: &layout::Dependencies, part: &Part) -> Result<Files> {
    let mut files = Files::new();
    match part {
        Part::Facade => return facade_files(krate, deps),
        Part::Runtime => return runtime_files(krate),
        Part::Properties(module) => {
            let runtime = ident(&layout::runtime(krate).ident());
            member_crate(
                &mut files,
                krate,
                &module.module,
                templates::member_cargo_toml(
                    krate,
                    &module.module,
                    &format!(
                        "Typed CRM properties and association types of {}.",
                        krate.name
                    ),
                    &BTreeSet::new(),
                )?,
                properties::lib_rs(module, &quote!(#runtime)),
                &[],
            )?;
        }
        Part::Shared(group) => {
            let uses = &deps[&group.module];
            member_crate(
                &mut files,
                krate,
                &group.module,
                templates::member_cargo_toml(
                    krate,
                    &group.module,
                    &format!(
                        "Types that the APIs {} of {} declare alike, each type by two or more of them.",
                        group.apis.join(", "),
                        krate.name
                    ),
                    uses,
                )?,
                shared_lib_rs(krate, group, uses),
                &group.types,
            )?;
        }
        Part::Api(api) => {
            let uses = &deps[&api.module];
            let src = member_crate(
                &mut files,
                krate,
                &api.module,
                templates::member_cargo_toml(
                    krate,
                    &api.module,
                    &format!(
                        "The {} API of {}: its types and request builders.",
                        api.title, krate.name
                    ),
                    uses,
                )?,
                api_lib_rs(krate, api, uses),
                &api.types,
            )?;
            if api.has_operations() {
                let builders = services::builders(api);
                let doc = format!(" Request builders of the {} API.", api.title);
                files.insert(
                    src.join("builders.rs"),
                    rust_file(
                        &format!("{}/builders.rs", api.module),
                        quote! {
                            #![doc = #doc]
                            #builders
                        },
                    )?,
                );
            }
        }
    }
    Ok(files)
}

/// Inserts the files every member crate of `module` has: `Cargo.toml`,
/// `src/lib.rs` and, when it has types of its own, `src/types.rs`. Returns
/// its `src` folder.
fn member_crate(
    files: &mut Files,
    krate: &Crate,
    module: &str,
    manifest: String,
    lib: TokenStream,
    types: &[TypeDef],
) -> Result<PathBuf> {
    let dir = PathBuf::from("crates").join(layout::api(krate, module).dir);
    let src = dir.join("src");
    files.insert(dir.join("Cargo.toml"), manifest);
    files.insert(
        src.join("lib.rs"),
        rust_file(&format!("{module}/lib.rs"), lib)?,
    );
    if !types.is_empty() {
        files.insert(
            src.join("types.rs"),
            rust_file(
                &format!("{module}/types.rs"),
                types::types_file(module, types),
            )?,
        );
    }
    Ok(src)
}

/// `pub use <crate of module> as <module>;` with its documentation.
fn reexport(krate: &Crate, module: &str, doc: &str) -> TokenStream {
    let krate_ident = ident(&layout::api(krate, module).ident());
    let module = ident(module);
    quote! {
        #[doc = #doc]
        pub use #krate_ident as #module;
    }
}

/// Whose types a shared module holds, for its documentation.
fn shared_by(group: &SharedModule) -> String {
    format!(
        " Types declared alike by two or more of {}.",
        group.apis.join(", ")
    )
}

/// `pub use <crate> as <module>;` for each module in `deps`: other crates'
/// types are then `crate::<module>::Type` everywhere.
fn dep_imports(krate: &Crate, deps: &BTreeSet<String>) -> TokenStream {
    let items = deps.iter().map(|m| {
        let doc = match krate.shared.iter().find(|g| &g.module == m) {
            Some(g) => shared_by(g),
            None if krate.properties.as_ref().is_some_and(|p| &p.module == m) => {
                " The typed CRM properties of the typed path.".to_string()
            }
            None => format!(" The types of the `{m}` API, which this one uses."),
        };
        reexport(krate, m, &doc)
    });
    quote!( #( #items )* )
}

/// The root of a crate of shared types.
fn shared_lib_rs(krate: &Crate, group: &SharedModule, uses: &BTreeSet<String>) -> TokenStream {
    let runtime = ident(&layout::runtime(krate).ident());
    let doc = docs::doc_lines(&format!(
        "Types that the APIs {} declare alike, each type by two or more of them. Each re-exports those it declares, \
         so the same type has a name in each API's module.",
        group
            .apis
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let deps = dep_imports(krate, uses);
    quote! {
        #( #![doc = #doc] )*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        /// The runtime these types decode with.
        pub use #runtime as runtime;
        #deps
        mod types;
        pub use types::*;
    }
}

/// How a user reaches the API from a client: through the facade's accessor
/// (the version's, and the client's own for the default version), or with
/// the root service on its own.
fn reach(krate: &Crate, api: &Api) -> String {
    let args = if api.params.is_empty() { "()" } else { "(…)" };
    let version = api
        .api_version
        .as_ref()
        .and_then(|name| krate.versions.iter().find(|v| &v.name == name));
    let mut ways = match version {
        Some(v) if api.at_root => format!(
            "`client.{acc}{args}` or `client.{m}().{acc}{args}`",
            acc = api.accessor,
            m = v.module
        ),
        Some(v) => format!("`client.{}().{}{args}`", v.module, api.accessor),
        None => format!("`client.{}{args}`", api.accessor),
    };
    if let Some(root) = &api.root.struct_name {
        ways.push_str(&format!(
            ", or on its own `{root}::new(client{})`",
            if api.params.is_empty() { "" } else { ", …" }
        ));
    }
    format!("Reached from a `Client` with {ways}.")
}

/// The root of an API crate: its documentation, the runtime and the crates
/// of the APIs whose types it uses, its types and its services.
fn api_lib_rs(krate: &Crate, api: &Api, uses: &BTreeSet<String>) -> TokenStream {
    let inner_docs: Vec<String> = docs::doc_lines(
        &[
            format!("{} (version {}).", api.title, api.version),
            api.description.clone().unwrap_or_default(),
            reach(krate, api),
            format!("Generated from `{}`.", api.source),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n"),
    );
    let runtime = ident(&layout::runtime(krate).ident());
    let deps = dep_imports(krate, uses);
    // Every type may be shared, leaving the API none of its own.
    let types = (!api.types.is_empty()).then(|| {
        quote! {
            mod types;
            pub use types::*;
        }
    });
    let mut by_module: BTreeMap<&str, Vec<Ident>> = BTreeMap::new();
    for ty in &api.shared {
        if let TypeRef::Named { module, name } = ty {
            by_module.entry(module).or_default().push(ident(name));
        }
    }
    let reexports = by_module.iter().map(|(module, names)| {
        let module = ident(module);
        quote!(pub use #module::{ #( #names ),* };)
    });
    let typed = api.typed.as_ref().and_then(|t| {
        let set = krate
            .properties
            .as_ref()?
            .objects
            .iter()
            .find(|s| s.object == t.object)?;
        Some(properties::typed_service(api, t, set))
    });
    let body = if api.has_operations() {
        let services = services::services(api, &layout::api(krate, &api.module).ident());
        quote! {
            pub mod builders;
            #services
            #typed
        }
    } else {
        quote!()
    };
    quote! {
        #( #![doc = #inner_docs] )*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        /// The runtime this crate sends its requests with: the client, its
        /// configuration and the error type.
        pub use #runtime as runtime;
        #deps
        #types
        #( #reexports )*
        #body
    }
}

/// `#[cfg(...)]` for an item that needs any of `features`; nothing when
/// the list is empty (always built).
fn cfg_any(features: &[String]) -> TokenStream {
    match features {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any( #( feature = #many ),* ))]),
    }
}

/// `#[cfg(feature = …)]` for an item of `api`'s crate (nothing for an API
/// without a version, which is always built).
fn api_cfg(krate: &Crate, api: &Api) -> TokenStream {
    let features: Vec<String> = layout::feature(krate, &api.module).into_iter().collect();
    cfg_any(&features)
}

/// The accessor of `api` on a client-like struct holding `inner`
/// (`pub fn contacts(&self) -> contacts::ContactsApi`), where the API's
/// module is in scope under its accessor (a version's API) or module name;
/// `None` for an API without a service struct.
fn api_accessor(krate: &Crate, api: &Api) -> Option<TokenStream> {
    let accessor = ident(&api.accessor);
    let path = match api.api_version {
        Some(_) => ident(&api.accessor),
        None => ident(&api.module),
    };
    let svc = ident(api.root.struct_name.as_deref()?);
    let (args, values) = services::api_args(api);
    let cfg = api_cfg(krate, api);
    let version = api
        .api_version
        .as_ref()
        .map(|v| format!(" at version {v}"))
        .unwrap_or_default();
    let doc = format!(" The {} API{version}.", api.title);
    Some(quote! {
        #[doc = #doc]
        #cfg
        pub fn #accessor(&self #(, #args)*) -> #path::#svc {
            #path::#svc::new(self.inner.clone() #(, #values)*)
        }
    })
}

/// The version `api` belongs to, if any.
fn version_of<'a>(krate: &'a Crate, api: &Api) -> Option<&'a ApiVersion> {
    let name = api.api_version.as_ref()?;
    krate.versions.iter().find(|v| &v.name == name)
}

/// The APIs of `version`, in input order.
fn apis_of<'a>(krate: &'a Crate, version: &ApiVersion) -> Vec<&'a Api> {
    krate
        .apis
        .iter()
        .filter(|a| a.api_version.as_ref() == Some(&version.name))
        .collect()
}

/// `#[cfg(…)]` for an item that any API of `version` needs.
fn version_cfg(krate: &Crate, version: &ApiVersion) -> TokenStream {
    let features: Vec<String> = apis_of(krate, version)
        .iter()
        .filter_map(|a| layout::feature(krate, &a.module))
        .collect();
    cfg_any(&features)
}

/// The facade module of one API version: its APIs as modules, and `Apis`,
/// their accessors on one client.
fn version_module(krate: &Crate, version: &ApiVersion) -> TokenStream {
    let apis = apis_of(krate, version);
    let cfg = version_cfg(krate, version);
    let module = ident(&version.module);
    let reexports = apis.iter().map(|a| {
        let cfg = api_cfg(krate, a);
        let krate_ident = ident(&layout::api(krate, &a.module).ident());
        let accessor = ident(&a.accessor);
        let doc = format!(" The {} API at version {}.", a.title, version.name);
        quote! {
            #[doc = #doc]
            #cfg
            pub use #krate_ident as #accessor;
        }
    });
    let accessors = apis.iter().filter_map(|a| api_accessor(krate, a));
    let doc = docs::doc_lines(&format!(
        "Version {} of HubSpot's APIs{}. Each API is a module and an accessor \
         of [`Apis`], which `client.{}()` returns.",
        version.name,
        support_text(version),
        version.module
    ));
    quote! {
        #( #[doc = #doc] )*
        #cfg
        pub mod #module {
            #( #reexports )*

            /// The APIs of this version on one client: the same connection
            /// pool, credentials, retries and rate limiter as the client.
            #[derive(Debug, Clone)]
            pub struct Apis {
                inner: crate::runtime::Client,
            }

            impl Apis {
                /// The APIs of this version on `client`.
                pub fn new(client: crate::runtime::Client) -> Self {
                    Self { inner: client }
                }

                #( #accessors )*
            }
        }
    }
}

/// The support window of a version, for documentation (` (Current until
/// 2027-03, Supported until 2028-03)`).
pub fn support_text(version: &ApiVersion) -> String {
    let s = &version.support;
    let mut parts = Vec::new();
    if let Some(r) = &s.released {
        parts.push(format!("released {r}"));
    }
    if let Some(c) = &s.current_until {
        parts.push(format!("Current until {c}"));
    }
    if let Some(u) = &s.supported_until {
        parts.push(format!("Supported until {u}, Unsupported from then on"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

/// The root of the facade crate: the runtime's public items, each API crate
/// as a module (by version, the default version's also at the root), and a
/// [`Client`] with an accessor per API.
fn facade_lib_rs(krate: &Crate, deps: &layout::Dependencies) -> TokenStream {
    let runtime = ident(&layout::runtime(krate).ident());
    let unversioned: Vec<&Api> = krate
        .apis
        .iter()
        .filter(|a| a.api_version.is_none())
        .collect();
    let modules = unversioned
        .iter()
        .map(|a| reexport(krate, &a.module, &format!(" The {} API.", a.title)));
    let shared = krate.shared.iter().map(|g| {
        let doc = format!(
            " Types declared alike by two or more of {}; each re-exports those it declares.",
            g.apis.join(", ")
        );
        let cfg = cfg_any(&layout::features_needing(krate, deps, &g.module));
        let item = reexport(krate, &g.module, &doc);
        quote!( #cfg #item )
    });
    let versions = krate.versions.iter().map(|v| version_module(krate, v));
    let versioned_roots: Vec<(&Api, &ApiVersion)> = krate
        .apis
        .iter()
        .filter(|a| a.at_root)
        .filter_map(|a| Some((a, version_of(krate, a)?)))
        .collect();
    let root_reexports = versioned_roots.iter().map(|(a, v)| {
        let vmod = ident(&v.module);
        let cfg = api_cfg(krate, a);
        let accessor = ident(&a.accessor);
        quote! {
            #cfg
            #[doc(inline)]
            pub use #vmod::#accessor;
        }
    });
    let accessors = unversioned
        .iter()
        .copied()
        .chain(versioned_roots.iter().map(|(a, _)| *a))
        .filter_map(|a| api_accessor(krate, a));
    let version_accessors = krate.versions.iter().map(|v| {
        let cfg = version_cfg(krate, v);
        let m = ident(&v.module);
        let doc = format!(
            " The APIs of version {}{}, on this client.",
            v.name,
            support_text(v)
        );
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #m(&self) -> #m::Apis {
                #m::Apis::new(self.inner.clone())
            }
        }
    });
    let client = facade_client(accessors.chain(version_accessors));
    let runtime_types = crate::naming::RUNTIME_TYPES
        .iter()
        .filter(|t| !FACADE_TYPES.contains(t) && !GATED_TYPES.iter().any(|(g, _)| g == *t))
        .map(|t| ident(t));
    let gated_types = GATED_TYPES.iter().map(|(t, feature)| {
        let t = ident(t);
        quote! {
            #[cfg(feature = #feature)]
            pub use #runtime::#t;
        }
    });
    let properties = krate.properties.as_ref().map(|p| {
        reexport(
            krate,
            &p.module,
            " Typed CRM properties, their create inputs and HubSpot's association types.",
        )
    });
    quote! {
        // The README is the crate documentation, so its examples are doctests.
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub use #runtime::{
            #( #runtime_types, )*
            DEFAULT_AUTHORIZE_URL, DEFAULT_BASE_URL, DEFAULT_BATCH_CONCURRENCY, DEFAULT_TOKEN_URL,
        };
        #( #gated_types )*
        pub use #runtime::webhooks;
        #properties
        /// The runtime the API crates are built on.
        pub use #runtime as runtime;
        #( #shared )*
        #( #modules )*
        #( #versions )*
        #( #root_reexports )*

        #client
    }
}

/// The runtime types that the facade defines for itself ([`facade_client`]):
/// it re-exports the others.
const FACADE_TYPES: &[&str] = &["Client", "ClientBuilder"];

/// The runtime types behind a cargo feature of the same name in the runtime
/// and the facade.
const GATED_TYPES: &[(&str, &str)] = &[("RedisStore", "redis")];

/// The facade's `Client` with `accessors`.
fn facade_client(accessors: impl Iterator<Item = TokenStream>) -> TokenStream {
    quote! {
        /// Configures a [`Client`]; get one with [`Client::builder`].
        pub type ClientBuilder = runtime::ClientBuilder<Client>;

        /// The HubSpot client. Cheap to clone: clones share one connection
        /// pool and one rate limiter.
        ///
        /// Each API is reached through an accessor (`client.contacts()`),
        /// each operation returns a request builder, and `.send().await`
        /// runs it.
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: runtime::Client,
        }

        impl Client {
            /// A builder with HubSpot's defaults; the user agent names this
            /// crate and its version.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
                    .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            }

            /// A client for `https://api.hubapi.com` authenticated with an
            /// access token.
            pub fn new(access_token: impl Into<String>) -> Result<Self, Error> {
                Self::builder().access_token(access_token).build()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            /// A request to `path` (below the base URL) for endpoints no
            /// generated API covers, with the client's credentials, retries,
            /// rate limits and errors: see [`RawRequest`].
            pub fn request(&self, method: runtime::reqwest::Method, path: impl Into<String>) -> RawRequest {
                self.inner.request(method, path)
            }

            #( #accessors )*
        }

        impl From<runtime::Client> for Client {
            fn from(inner: runtime::Client) -> Self {
                Client { inner }
            }
        }

        impl AsRef<runtime::Client> for Client {
            fn as_ref(&self) -> &runtime::Client {
                &self.inner
            }
        }
    }
}
