//! The member crates under `crates/`: the typed properties, each shared
//! module and each API, with their manifests, `lib.rs`, `types.rs` and
//! `builders.rs`.

use super::{docs, ident, properties, rust_file, services, templates, types, Files};
use crate::error::Result;
use crate::ir::{Api, Crate, PropertiesModule, SharedModule, TypeDef, TypeIndex, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// The crate of the typed CRM properties.
pub(super) fn properties_files(krate: &Crate, module: &PropertiesModule) -> Result<Files> {
    let mut files = Files::new();
    let runtime = ident(&krate.layout.runtime.ident());
    let description = format!(
        "Typed CRM properties and association types of {}.",
        krate.name
    );
    member_crate(
        &mut files,
        krate,
        &module.module,
        templates::member_cargo_toml(krate, &module.module, &description, &BTreeSet::new())?,
        properties::lib_rs(module, &quote!(#runtime)),
        &[],
    )?;
    Ok(files)
}

/// The crate of a shared module: its types, and the request builders its
/// APIs build alike.
pub(super) fn shared_files(krate: &Crate, group: &SharedModule) -> Result<Files> {
    let mut files = Files::new();
    let uses = &krate.layout.member(&group.module).uses;
    let src = member_crate(
        &mut files,
        krate,
        &group.module,
        templates::member_cargo_toml(krate, &group.module, &crate_description(krate, group), uses)?,
        shared_lib_rs(krate, group, uses),
        &group.types,
    )?;
    if !group.builders.is_empty() {
        let builders = services::shared_builders(group);
        let doc = " Request builders that several APIs build alike.";
        builders_file(&mut files, &src, &group.module, doc, builders)?;
    }
    Ok(files)
}

/// The crate of an API: its types, services and request builders.
pub(super) fn api_files(krate: &Crate, api: &Api, index: &TypeIndex) -> Result<Files> {
    let mut files = Files::new();
    let uses = &krate.layout.member(&api.module).uses;
    let description = format!(
        "The {} API of {}: its types and request builders.",
        api.title, krate.name
    );
    let src = member_crate(
        &mut files,
        krate,
        &api.module,
        templates::member_cargo_toml(krate, &api.module, &description, uses)?,
        api_lib_rs(krate, api, uses, index),
        &api.types,
    )?;
    if api.has_operations() {
        let doc = format!(" Request builders of the {} API.", api.title);
        builders_file(&mut files, &src, &api.module, &doc, services::builders(api))?;
    }
    Ok(files)
}

/// `src/builders.rs` of the crate of `module`: `builders` under `doc`.
fn builders_file(
    files: &mut Files,
    src: &std::path::Path,
    module: &str,
    doc: &str,
    builders: TokenStream,
) -> Result<()> {
    let file = rust_file(
        &format!("{module}/builders.rs"),
        quote! {
            #![doc = #doc]
            #builders
        },
    )?;
    files.insert(src.join("builders.rs"), file);
    Ok(())
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
    let dir = PathBuf::from("crates").join(&krate.layout.member(module).dir);
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
pub(super) fn reexport(krate: &Crate, module: &str, doc: &str) -> TokenStream {
    let krate_ident = ident(&krate.layout.member(module).ident());
    let module = ident(module);
    quote! {
        #[doc = #doc]
        pub use #krate_ident as #module;
    }
}

/// The manifest's description of a shared crate.
fn crate_description(krate: &Crate, group: &SharedModule) -> String {
    match group.types.is_empty() {
        true => format!(
            "Request builders that two or more of the APIs {} of {} build alike.",
            group.apis.join(", "),
            krate.name
        ),
        false => format!(
            "Types that the APIs {} of {} declare alike, each type by two or more of them.",
            group.apis.join(", "),
            krate.name
        ),
    }
}

/// What a shared module holds and for whom, for its documentation.
fn shared_by(group: &SharedModule) -> String {
    match group.types.is_empty() {
        true => format!(
            "Request builders that two or more of the APIs {} build alike",
            group.apis.join(", ")
        ),
        false => format!(
            "Types declared alike by two or more of {}",
            group.apis.join(", ")
        ),
    }
}

/// `pub use <crate> as <module>;` for each module in `deps`: other crates'
/// types are then `crate::<module>::Type` everywhere.
fn dep_imports(krate: &Crate, deps: &BTreeSet<String>) -> TokenStream {
    let items = deps.iter().map(|m| {
        let (doc, hidden) = match krate.shared.iter().find(|g| &g.module == m) {
            // A shared crate is no public path (see `facade::lib_rs`): this
            // crate re-exports the types it declares.
            Some(g) => (format!(" {}.", shared_by(g)), Some(quote!(#[doc(hidden)]))),
            None if krate.properties.as_ref().is_some_and(|p| &p.module == m) => (
                " The typed CRM properties of the typed path.".to_string(),
                None,
            ),
            None => (
                format!(" The types of the `{m}` API, which this one uses."),
                None,
            ),
        };
        let item = reexport(krate, m, &doc);
        quote!( #hidden #item )
    });
    quote!( #( #items )* )
}

/// The root of a crate of shared types.
fn shared_lib_rs(krate: &Crate, group: &SharedModule, uses: &BTreeSet<String>) -> TokenStream {
    let runtime = ident(&krate.layout.runtime.ident());
    let apis = group
        .apis
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let (doc, runtime_doc) = match group.types.is_empty() {
        true => (
            format!(
                "Request builders that two or more of the APIs {apis} build alike. Each re-exports those it uses \
                 in its `builders` module and gives them its name and the path values it fixes."
            ),
            " The runtime these builders send with.",
        ),
        false => (
            format!(
                "Types that the APIs {apis} declare alike, each type by two or more of them. Each re-exports those it declares, \
                 so the same type has a name in each API's module."
            ),
            " The runtime these types decode with.",
        ),
    };
    let doc = docs::doc_lines(&doc);
    let deps = dep_imports(krate, uses);
    let types = (!group.types.is_empty()).then(|| {
        quote! {
            mod types;
            pub use types::*;
        }
    });
    let builders = (!group.builders.is_empty()).then(|| {
        quote!(
            pub mod builders;
        )
    });
    quote! {
        #( #![doc = #doc] )*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        #[doc = #runtime_doc]
        pub use #runtime as runtime;
        #deps
        #types
        #builders
    }
}

/// How a user reaches the API from a client: through the facade's accessor
/// (the version's, and the client's own for the default version), or with
/// the root service on its own.
fn reach(krate: &Crate, api: &Api) -> String {
    let version = api
        .api_version
        .as_ref()
        .and_then(|name| krate.versions.iter().find(|v| &v.name == name));
    let call = api.call();
    let mut ways = match version {
        Some(v) if api.at_root => format!("`client.{call}` or `client.{}().{call}`", v.module),
        Some(v) => format!("`client.{}().{call}`", v.module),
        None => format!("`client.{call}`"),
    };
    if let Some(root) = &api.root.struct_name {
        let args: String = api
            .params
            .iter()
            .map(|p| format!(", {}", p.rust_name))
            .collect();
        ways.push_str(&format!(", or on its own `{root}::new(client{args})`"));
    }
    format!("Reached from a `Client` with {ways}.")
}

/// The root of an API crate: its documentation, the runtime and the crates
/// of the APIs whose types it uses, its types and its services.
fn api_lib_rs(krate: &Crate, api: &Api, uses: &BTreeSet<String>, index: &TypeIndex) -> TokenStream {
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
    let runtime = ident(&krate.layout.runtime.ident());
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
        let services = services::services(api, &krate.layout.member(&api.module).ident(), index);
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
