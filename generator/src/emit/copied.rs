//! The hand-written crates of the output, copied verbatim: the runtime, and
//! the fake HubSpot (with one generated file, its default association types).

use super::{header, layout, rust_file, templates, Files, SKIP_RUSTFMT};
use crate::error::Result;
use crate::ir::Crate;
use quote::quote;
use std::path::PathBuf;

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

/// The hand-written fake HubSpot, copied into `crates/fake/src/`.
const FAKE: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../../fake/lib.rs")),
    (
        "associations.rs",
        include_str!("../../fake/associations.rs"),
    ),
    ("budget.rs", include_str!("../../fake/budget.rs")),
    ("faults.rs", include_str!("../../fake/faults.rs")),
    ("ledger.rs", include_str!("../../fake/ledger.rs")),
    ("objects.rs", include_str!("../../fake/objects.rs")),
    ("reply.rs", include_str!("../../fake/reply.rs")),
    ("routes.rs", include_str!("../../fake/routes.rs")),
    ("search.rs", include_str!("../../fake/search.rs")),
    ("server.rs", include_str!("../../fake/server.rs")),
    ("store.rs", include_str!("../../fake/store.rs")),
];

/// `sources` under `crates/<dir>/src/`, each with the `@generated` header.
fn copy(files: &mut Files, dir: &str, sources: &[(&str, &str)]) {
    let src = PathBuf::from("crates").join(dir).join("src");
    for (name, source) in sources {
        files.insert(
            src.join(name),
            format!(
                "{}{SKIP_RUSTFMT}\n{}",
                header("//"),
                source.replace("\r\n", "\n")
            ),
        );
    }
}

/// The runtime crate's files.
pub(super) fn runtime_files(krate: &Crate) -> Result<Files> {
    let member = layout::runtime(krate);
    let mut files = Files::new();
    files.insert(
        PathBuf::from("crates").join(&member.dir).join("Cargo.toml"),
        templates::runtime_cargo_toml(krate)?,
    );
    copy(&mut files, &member.dir, RUNTIME);
    Ok(files)
}

/// The fake's files: its manifest, its sources, and `defaults.rs`.
pub(super) fn fake_files(krate: &Crate) -> Result<Files> {
    let member = layout::fake(krate);
    let dir = PathBuf::from("crates").join(&member.dir);
    let mut files = Files::new();
    files.insert(dir.join("Cargo.toml"), templates::fake_cargo_toml(krate)?);
    copy(&mut files, &member.dir, FAKE);
    files.insert(
        dir.join("src/defaults.rs"),
        rust_file("defaults.rs", default_associations(krate))?,
    );
    Ok(files)
}

/// HubSpot's default (unlabelled) association type of each pair of objects
/// the typed properties know, for the fake's default associations.
fn default_associations(krate: &Crate) -> proc_macro2::TokenStream {
    let rows = krate
        .properties
        .iter()
        .flat_map(|p| &p.associations)
        .filter(|a| a.label.is_none())
        .map(|a| {
            let (from, to, id) = (&a.from, &a.to, i64::from(a.id));
            quote!((#from, #to, #id),)
        });
    quote! {
        //! HubSpot's default association type between two object types
        //! (`associationCategory: HUBSPOT_DEFINED`), from `specs/properties/`.

        /// `(from, to, associationTypeId)`.
        pub(crate) const DEFAULT_ASSOCIATION_TYPES: &[(&str, &str, i64)] = &[#(#rows)*];
    }
}
