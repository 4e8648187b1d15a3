//! `cargo xtask codegen --check` as a test: `generated/` must be exactly what
//! the generator makes of `specs/` today.

use std::path::Path;

#[test]
fn generated_crate_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent");
    // The generated files name the specs by their path relative to the
    // workspace root (`specs/contacts.yaml`), as `cargo xtask codegen` does.
    std::env::set_current_dir(root).expect("enter the workspace root");
    let config = hubspot_codegen::bundled_config(Path::new("specs")).expect("read specs/");
    let generated =
        hubspot_codegen::generate_with_warnings(&config).unwrap_or_else(|e| panic!("{e}"));
    let mut files = generated.files;
    // What `cargo xtask codegen` adds: the lock of the specs it read.
    files.insert(
        hubspot_codegen::lock::LOCK.into(),
        hubspot_codegen::lock::specs_lock(Path::new("specs"), &generated.inputs),
    );
    let stale =
        hubspot_codegen::output::diff(Path::new("generated"), &files).expect("compare generated/");
    if !stale.is_empty() {
        let list: Vec<String> = stale.iter().map(|s| format!("  {s}")).collect();
        panic!(
            "generated/ is stale:\n{}\nrun `cargo xtask codegen`",
            list.join("\n")
        );
    }
}

/// `MIGRATING.md` must be what `cargo xtask api-diff --migrating` makes of
/// `specs/` today, as `cargo xtask codegen --check` requires.
#[test]
fn migration_guide_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent");
    let fresh = hubspot_codegen::diff::migrating::guide(&root.join("specs"))
        .unwrap_or_else(|e| panic!("{e}"));
    let held = std::fs::read_to_string(root.join("MIGRATING.md")).unwrap_or_default();
    assert!(
        held == fresh,
        "MIGRATING.md is stale: run `cargo xtask api-diff --migrating`"
    );
}

/// The guide has a row for every v3 operation of `specs/`, each with its
/// 2026-09 call or "no equivalent".
#[test]
fn migration_guide_covers_every_v3_call() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent");
    let specs = root.join("specs");
    let v3 = hubspot_codegen::diff::Source {
        path: specs.clone(),
        version: Some("v3".into()),
        label: "specs@v3".into(),
    }
    .lower()
    .unwrap_or_else(|e| panic!("{e}"));
    let operations: usize = v3.apis.iter().map(|a| a.root.all_operations().len()).sum();
    let guide = hubspot_codegen::diff::migrating::guide(&specs).unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<&str> = guide
        .lines()
        .filter(|l| l.starts_with("| `") && l.contains("/v3/"))
        .collect();
    assert!(operations > 0, "specs/ has v3 operations");
    assert_eq!(rows.len(), operations, "one row per v3 operation");
    for row in rows {
        let cells: Vec<&str> = row.split(" | ").collect();
        assert!(
            cells[1] == "no equivalent" || cells[1].contains("2026-09"),
            "{row}"
        );
    }
}
