//! Generates an async Rust client crate from OpenAPI 3.0/3.1 documents and
//! the JSON Schemas they reference.
//!
//! The stages read top to bottom:
//! `load` (YAML/JSON into documents) → `resolve` (every `$ref` gets its
//! target) → `lower` (documents into the [`ir`]) → [`emit`] (the IR into
//! files). [`output`] compares and writes those files. Only what a driver
//! needs is public, so that the compiler finds what nothing uses.

/// Rules shared with the runtime, from the runtime's own source.
#[path = "../runtime/src/common.rs"]
mod common;
pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
mod load;
pub mod lock;
mod lower;
pub mod naming;
pub mod output;
mod parallel;
mod resolve;

pub use error::{Diagnostic, Error, Location, Result};

use naming::Namespace;
use std::path::PathBuf;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// API documents given without a version, one module each (named after
    /// the file stem).
    pub specs: Vec<PathBuf>,
    /// API documents by version, newest first: one facade module and cargo
    /// feature per version, one module per document in each.
    pub versions: Vec<VersionConfig>,
    /// Package name of the generated crate.
    pub name: String,
    /// Package version.
    pub version: String,
    /// One-line description.
    pub description: String,
    /// Move the types that several APIs declare identically (same name,
    /// same shape) to one shared crate, which those APIs re-export; and the
    /// request builders that several APIs of a version build alike.
    pub share_types: bool,
    /// CRM property definitions (in the shape of HubSpot's Properties API)
    /// and association types: typed properties for the APIs of those
    /// objects.
    pub properties: Vec<PathBuf>,
    /// The generated manifests may be published to a registry; `false`
    /// writes `publish = false` into each.
    pub publish: bool,
}

/// The documents of one API version.
#[derive(Debug, Clone)]
pub struct VersionConfig {
    /// As HubSpot writes it in paths (`2026-09`, `v3`).
    pub name: String,
    /// The API documents, one module each.
    pub specs: Vec<PathBuf>,
    /// The version the client's own accessors speak.
    pub default: bool,
    /// Its support window.
    pub support: ir::Support,
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
    front(config).map(|(krate, warnings, _)| (krate, warnings))
}

/// Load, resolve and lower: the IR, the warnings and every file read.
fn front(config: &Config) -> Result<(ir::Crate, Vec<Diagnostic>, load::Documents)> {
    let mut docs = load::Documents::default();
    let specs: Vec<_> = config
        .versions
        .iter()
        .flat_map(|v| v.specs.iter())
        .chain(&config.specs)
        .chain(&config.properties)
        .cloned()
        .collect();
    docs.load_all(&specs)?;
    let mut modules = Namespace::with_reserved(RESERVED_MODULES.iter().copied());
    let mut inputs = Vec::new();
    let mut versions = Vec::new();
    for version in &config.versions {
        let module = modules.claim_module(&format!("v{}", version.name.trim_start_matches('v')));
        for spec in &version.specs {
            let accessor = naming::bare_snake(file_stem(spec));
            let api_module = modules.claim_module(&format!("{module}_{accessor}"));
            inputs.push(lower::Input {
                file: docs.load(spec)?,
                module: api_module,
                accessor,
                api_version: Some(version.name.clone()),
            });
        }
        versions.push(ir::ApiVersion {
            name: version.name.clone(),
            feature: module.replace('_', "-"),
            module,
            default: version.default,
            support: version.support.clone(),
        });
    }
    for spec in &config.specs {
        let file = docs.load(spec)?;
        let module = modules.claim_module(file_stem(spec));
        inputs.push(lower::Input {
            file,
            accessor: module.clone(),
            module,
            api_version: None,
        });
    }
    let properties = config
        .properties
        .iter()
        .map(|p| docs.load(p))
        .collect::<Result<Vec<_>>>()?;
    let refs = resolve::resolve(&mut docs)?;
    let (krate, warnings) = lower::lower(&docs, &refs, &inputs, config, versions, &properties)?;
    Ok((krate, warnings, docs))
}

/// The part of a file name before its first dot.
fn file_stem(path: &std::path::Path) -> &str {
    path.file_name()
        .and_then(|s| s.to_str())
        .and_then(|s| s.split('.').next())
        .unwrap_or("api")
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
    /// Every file read (the specs and the files they refer to), in the
    /// order read.
    pub inputs: Vec<InputFile>,
}

/// A file the generator read.
#[derive(Debug)]
pub struct InputFile {
    /// The path as given (or as reached from a `$ref`).
    pub path: std::path::PathBuf,
    /// Its text.
    pub text: String,
}

/// Runs every stage and returns the IR, the files of the generated crate and
/// the warnings. Nothing is written.
pub fn generate_with_warnings(config: &Config) -> Result<Generated> {
    let (ir, warnings, docs) = front(config)?;
    let files = emit::emit(&ir)?;
    let inputs = docs
        .into_documents()
        .map(|d| InputFile {
            path: d.path,
            text: d.text,
        })
        .collect();
    Ok(Generated {
        ir,
        files,
        warnings,
        inputs,
    })
}

/// The configuration for the bundled specs: `versions.yaml` in `dir` lists
/// the API versions; every `.yaml`, `.yml` and `.json` file directly in a
/// version's folder is an API of that version, in file-name order. Other
/// folders hold referenced components.
pub fn bundled_config(dir: &std::path::Path) -> Result<Config> {
    let listed = load::versions::read(&dir.join("versions.yaml"))?;
    let mut versions = Vec::new();
    for v in listed.versions {
        versions.push(VersionConfig {
            specs: spec_files(&dir.join(&v.name))?,
            default: v.name == listed.default,
            support: ir::Support {
                released: v.released,
                current_until: v.current_until,
                supported_until: v.supported_until,
                note: v.note,
            },
            name: v.name,
        });
    }
    Ok(Config {
        specs: Vec::new(),
        versions,
        name: "hubspot-client".into(),
        version: "0.1.0".into(),
        description: "Async Rust client for HubSpot's CRM objects (contacts, calls, communications and any other), Associations and Conversations APIs, in every supported API version.".into(),
        share_types: true,
        properties: match dir.join("properties") {
            d if d.is_dir() => spec_files(&d)?,
            _ => Vec::new(),
        },
        publish: true,
    })
}

/// The API documents directly in `dir`, sorted.
fn spec_files(dir: &std::path::Path) -> Result<Vec<PathBuf>> {
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
    Ok(specs)
}

/// The JSON Schema of the IR (what `cargo xtask ir-schema` prints).
pub fn ir_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ir::Crate)).unwrap_or_default()
}
