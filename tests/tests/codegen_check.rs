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
