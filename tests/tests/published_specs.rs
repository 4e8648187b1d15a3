//! Robustness: every published HubSpot spec in the shared folder
//! (`../shared/hubspot-specs/published-v3/` and the OpenAPI 3.1 YAML files in
//! `../shared/hubspot-specs/evangelist-openapi/`, next to the workspace)
//! generates, unmodified; faults the generator works around are warnings that
//! name the file and the JSON pointer; the generator never panics. (Whether
//! the output compiles is `cargo xtask corpus`'s job.)
//!
//! Run with `--nocapture` to see the tally.

use hubspot_codegen::{Config, Error};
use std::collections::BTreeMap;
use std::path::Path;

/// A short name for the kind of an error, for the tally.
fn kind(e: &Error) -> String {
    match e {
        Error::Io { .. } => "io".into(),
        Error::Syntax { .. } => "syntax".into(),
        Error::Reference { reason, .. } => {
            let why = if reason.contains("has nothing at") {
                "target missing"
            } else if reason.contains("does not exist") {
                "file missing"
            } else if reason.contains("cycle") {
                "cycle"
            } else {
                reason
            };
            format!("dangling $ref: {why}")
        }
        Error::Spec { message, .. } => format!("spec: {message}"),
        Error::Unsupported { construct, .. } => {
            // `cookie parameter `x`` and the like: drop the name.
            let construct = construct.split('`').next().unwrap_or(construct).trim();
            format!("unsupported: {construct}")
        }
        Error::Emit { what, .. } => format!("emit (generator bug): {what}"),
        Error::Template { name, .. } => format!("template (generator bug): {name}"),
    }
}

fn check_folder(folder: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/hubspot-specs")
        .join(folder);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        // In CI a green run must have checked the published specs.
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "{} is absent (CI=true: a missing prerequisite is a failure)",
            dir.display()
        );
        println!("skipped: {} is absent", dir.display());
        return;
    };
    let mut specs: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "{} holds no spec", dir.display());
    let mut ok = 0usize;
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut failed = Vec::new();
    let mut panics = Vec::new();
    let mut unclean = Vec::new();
    let mut warned = Vec::new();
    for spec in &specs {
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let config = Config {
            specs: vec![spec.clone()],
            name: "published".into(),
            version: "0.0.0".into(),
            description: "Robustness check.".into(),
            versions: Vec::new(),
            share_types: true,
            properties: Vec::new(),
            publish: true,
        };
        match std::panic::catch_unwind(|| hubspot_codegen::generate_with_warnings(&config)) {
            Ok(Ok(g)) => {
                ok += 1;
                for w in &g.warnings {
                    // A warning names the input and a pointer into it.
                    if w.at.file.file_name() != spec.file_name() || !w.at.pointer.starts_with('/') {
                        unclean.push(format!("{name}: warning {w}"));
                    }
                }
                if !g.warnings.is_empty() {
                    warned.push(format!("{name} ({})", g.warnings.len()));
                }
            }
            Ok(Err(e)) => {
                let msg = e.to_string();
                // A clean error names the input file (internal errors name
                // the generated file instead, and are bugs).
                if !msg.contains(&name) {
                    unclean.push(format!("{name}: {msg}"));
                }
                failed.push(format!("{name}: {msg}"));
                errors.entry(kind(&e)).or_default().push(name);
            }
            Err(_) => panics.push(name),
        }
    }
    println!("{folder}: {ok} of {} specs generate", specs.len());
    for (kind, files) in &errors {
        println!("{:4}  {kind}  ({})", files.len(), files.join(", "));
    }
    println!("with warnings: {}", warned.join(", "));
    assert!(panics.is_empty(), "the generator panicked on: {panics:?}");
    assert!(
        unclean.is_empty(),
        "errors or warnings that do not name the input:\n{}",
        unclean.join("\n")
    );
    assert!(
        failed.is_empty(),
        "every published spec must generate:\n{}",
        failed.join("\n")
    );
}

#[test]
fn published_v3_specs_all_generate() {
    check_folder("published-v3");
}

#[test]
fn evangelist_openapi_31_specs_all_generate() {
    check_folder("evangelist-openapi");
}
