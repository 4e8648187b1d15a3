//! Generates an async Rust client crate from OpenAPI 3.0/3.1 documents and
//! the JSON Schemas they reference.
//!
//! The stages read top to bottom:
//! [`load`] (YAML/JSON into documents) → [`resolve`] (every `$ref` gets its
//! target) → [`lower`] (documents into the [`ir`]) → [`emit`] (the IR into
//! files). [`output`] compares and writes those files.

pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod output;
pub mod resolve;

pub use error::{Diagnostic, Error, Location, Result};

use naming::{Case, Namespace};
use std::path::PathBuf;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// API documents, one module each (named after the file stem).
    pub specs: Vec<PathBuf>,
    /// Package name of the generated crate.
    pub name: String,
    /// Package version.
    pub version: String,
    /// One-line description.
    pub description: String,
    /// Move the types that several APIs declare identically (same name,
    /// same shape) to one shared crate, which those APIs re-export.
    pub share_types: bool,
}

/// Names an API module may not take: they are used by the crate itself.
const RESERVED_MODULES: &[&str] = &[
    "runtime", "shared", "builders", "types", "client", "error", "request", "new", "builder",
    "execute", "base_url", "as_ref", "from",
];

/// Loads, resolves and lowers the inputs of `config` into the IR.
///
/// Warnings are dropped: tools that show output to a user call
/// [`build_ir_with_warnings`] or [`generate_with_warnings`] instead.
pub fn build_ir(config: &Config) -> Result<ir::Crate> {
    build_ir_with_warnings(config).map(|(krate, _)| krate)
}

/// Loads, resolves and lowers the inputs of `config` into the IR, with the
/// faults of the inputs that were worked around (see [`Diagnostic`]).
pub fn build_ir_with_warnings(config: &Config) -> Result<(ir::Crate, Vec<Diagnostic>)> {
    let mut docs = load::Documents::default();
    let mut modules = Namespace::with_reserved(RESERVED_MODULES.iter().copied());
    let mut inputs = Vec::new();
    for spec in &config.specs {
        let file = docs.load(spec)?;
        let stem = spec
            .file_name()
            .and_then(|s| s.to_str())
            .and_then(|s| s.split('.').next())
            .unwrap_or("api");
        let module = modules.claim(stem, Case::Snake);
        let module = naming::unraw(&module).to_string();
        inputs.push(lower::Input { file, module });
    }
    let refs = resolve::resolve(&mut docs)?;
    lower::lower(
        &docs,
        &refs,
        &inputs,
        lower::Meta {
            name: config.name.clone(),
            version: config.version.clone(),
            description: config.description.clone(),
            share_types: config.share_types,
        },
    )
}

/// Runs every stage and returns the IR and the files of the generated crate.
/// Nothing is written. Warnings are dropped, as in [`build_ir`].
pub fn generate(config: &Config) -> Result<(ir::Crate, emit::Files)> {
    generate_with_warnings(config).map(|g| (g.ir, g.files))
}

/// What [`generate_with_warnings`] produces.
#[derive(Debug)]
pub struct Generated {
    /// The intermediate model.
    pub ir: ir::Crate,
    /// The files of the generated crate, by relative path.
    pub files: emit::Files,
    /// Faults of the inputs that were worked around, in the order found.
    pub warnings: Vec<Diagnostic>,
}

/// Runs every stage and returns the IR, the files of the generated crate and
/// the warnings. Nothing is written.
pub fn generate_with_warnings(config: &Config) -> Result<Generated> {
    let (ir, warnings) = build_ir_with_warnings(config)?;
    let files = emit::emit(&ir)?;
    Ok(Generated {
        ir,
        files,
        warnings,
    })
}

/// The configuration for the bundled specs: every `.yaml`, `.yml` and `.json`
/// file directly in `dir` is an API (sub-folders hold referenced schemas),
/// in file-name order.
pub fn bundled_config(dir: &std::path::Path) -> Result<Config> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut specs = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let is_spec = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
        if path.is_file() && is_spec {
            specs.push(path);
        }
    }
    specs.sort();
    Ok(Config {
        specs,
        name: "hubspot-client".into(),
        version: "0.1.0".into(),
        description: "Async Rust client for HubSpot's CRM Contacts, Calls, Communications and Conversations APIs.".into(),
        share_types: true,
    })
}

/// The JSON Schema of the IR (what `cargo xtask ir-schema` prints).
pub fn ir_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ir::Crate)).unwrap_or_default()
}
