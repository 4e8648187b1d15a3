//! The hand-written crates of the output, copied verbatim: the runtime, and
//! the fake HubSpot (with one generated file, its default association types).

use super::{header, rust_file, templates, Files, SKIP_RUSTFMT};
use crate::error::Result;
use crate::ir::Crate;
use quote::quote;
use std::path::PathBuf;

/// The hand-written runtime, copied into `crates/runtime/src/`.
const RUNTIME: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../../runtime/src/lib.rs")),
    ("oauth.rs", include_str!("../../runtime/src/oauth.rs")),
    ("outcome.rs", include_str!("../../runtime/src/outcome.rs")),
    ("attempts.rs", include_str!("../../runtime/src/attempts.rs")),
    ("batch.rs", include_str!("../../runtime/src/batch.rs")),
    ("body.rs", include_str!("../../runtime/src/body.rs")),
    ("client.rs", include_str!("../../runtime/src/client.rs")),
    ("common.rs", include_str!("../../runtime/src/common.rs")),
    ("decode.rs", include_str!("../../runtime/src/decode.rs")),
    ("error.rs", include_str!("../../runtime/src/error.rs")),
    ("hooks.rs", include_str!("../../runtime/src/hooks.rs")),
    ("journal.rs", include_str!("../../runtime/src/journal.rs")),
    (
        "journal_ack.rs",
        include_str!("../../runtime/src/journal_ack.rs"),
    ),
    (
        "journal_store.rs",
        include_str!("../../runtime/src/journal_store.rs"),
    ),
    ("paging.rs", include_str!("../../runtime/src/paging.rs")),
    ("raw.rs", include_str!("../../runtime/src/raw.rs")),
    ("request.rs", include_str!("../../runtime/src/request.rs")),
    ("auth.rs", include_str!("../../runtime/src/auth.rs")),
    ("limit.rs", include_str!("../../runtime/src/limit.rs")),
    (
        "limit_redis.rs",
        include_str!("../../runtime/src/limit_redis.rs"),
    ),
    (
        "limit_store.rs",
        include_str!("../../runtime/src/limit_store.rs"),
    ),
    ("response.rs", include_str!("../../runtime/src/response.rs")),
    ("retry.rs", include_str!("../../runtime/src/retry.rs")),
    (
        "store_file.rs",
        include_str!("../../runtime/src/store_file.rs"),
    ),
    ("sync.rs", include_str!("../../runtime/src/sync.rs")),
    ("tls.rs", include_str!("../../runtime/src/tls.rs")),
    ("webhooks.rs", include_str!("../../runtime/src/webhooks.rs")),
    (
        "webhook_events.rs",
        include_str!("../../runtime/src/webhook_events.rs"),
    ),
    (
        "properties.rs",
        include_str!("../../runtime/src/properties.rs"),
    ),
];

/// The runtime's own manifest, which compiles it in place; its tables from
/// `[dependencies]` on are the generated runtime's.
const RUNTIME_MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

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
    let member = &krate.layout.runtime;
    let mut files = Files::new();
    files.insert(
        PathBuf::from("crates").join(&member.dir).join("Cargo.toml"),
        templates::runtime_cargo_toml(krate, runtime_tables())?,
    );
    copy(&mut files, &member.dir, RUNTIME);
    Ok(files)
}

/// The runtime manifest's tables, from `[dependencies]` to the end.
fn runtime_tables() -> &'static str {
    let start = RUNTIME_MANIFEST
        .find("\n[dependencies]")
        .map_or(0, |at| at + 1);
    &RUNTIME_MANIFEST[start..]
}

/// The fake's files: its manifest, its sources, and `defaults.rs`.
pub(super) fn fake_files(krate: &Crate) -> Result<Files> {
    let member = &krate.layout.fake;
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_runtime_tables_are_the_manifest_from_its_dependencies_on() {
        let tables = super::runtime_tables();
        assert!(tables.starts_with("[dependencies]\n"), "{tables}");
        assert!(!tables.contains("[package]") && !tables.contains("[lib]"));
        assert!(tables.contains("\n[features]\n"));
    }
}
