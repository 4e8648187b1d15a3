//! The generated crate's cargo features build what they name and nothing
//! else: the default is 2026-09 alone, a version that is not enabled is not
//! compiled, and a feature per API of a version builds that API, the runtime
//! and the shared types it uses. Read from `cargo tree` (no build; cargo
//! downloads what the lock file names and the cache lacks, as any command
//! does, so the test passes on a machine that never built the project).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The `hubspot-client*` packages `hubspot-client` depends on with `args`.
fn packages(args: &[&str]) -> BTreeSet<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(cargo)
        .current_dir(&root)
        .args(["tree", "--locked", "-p", "hubspot-client", "-e", "normal"])
        .args(["--prefix", "none", "--format", "{p}"])
        .args(args)
        .output()
        .expect("run cargo tree");
    assert!(
        output.status.success(),
        "cargo tree {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|p| p.starts_with("hubspot-client"))
        .map(str::to_string)
        .collect()
}

/// The API crates among `packages` (neither the facade, the runtime, the
/// typed properties nor shared types).
fn apis(packages: &BTreeSet<String>) -> Vec<&str> {
    packages
        .iter()
        .map(String::as_str)
        .filter(|p| {
            *p != "hubspot-client"
                && *p != "hubspot-client-runtime"
                && *p != "hubspot-client-properties"
                && !p.starts_with("hubspot-client-shared")
        })
        .collect()
}

/// The packages of the APIs `specs/VERSION/` describes, as the facade names them.
fn spec_packages(version: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(version);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("a version folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".yaml").map(str::to_string))
        .map(|stem| format!("hubspot-client-v{version}-{stem}"))
        .collect();
    names.sort();
    names
}

#[test]
fn the_default_features_build_2026_09_and_the_apis_it_lacks() {
    let default = packages(&[]);
    let mut expected = spec_packages("2026-09");
    // The Webhooks Journal is GA at 2026-03 only: the client reaches it at
    // its root, so the default features build it too.
    expected.push("hubspot-client-v2026-03-webhooks-journal".into());
    expected.sort();
    assert_eq!(apis(&default), expected);
    assert!(
        expected.len() > 7,
        "the 2026-09 folder was read: {expected:?}"
    );
}

#[test]
fn a_feature_per_api_builds_that_api_and_what_it_shares() {
    let contacts = packages(&["--no-default-features", "--features", "v2026-09-contacts"]);
    assert_eq!(apis(&contacts), ["hubspot-client-v2026-09-contacts"]);
    assert!(contacts.contains("hubspot-client-runtime"));
    let all = packages(&["--all-features"]);
    assert!(
        contacts.is_subset(&all) && contacts.len() < all.len() / 2,
        "contacts alone: {contacts:?}"
    );
    let legacy = packages(&["--no-default-features", "--features", "v3"]);
    assert!(apis(&legacy)
        .iter()
        .all(|p| p.starts_with("hubspot-client-v3-")));
    assert_eq!(apis(&legacy).len(), 4);
    let none = packages(&["--no-default-features"]);
    // The typed properties serve every version: always built.
    assert_eq!(
        none,
        BTreeSet::from([
            "hubspot-client".into(),
            "hubspot-client-runtime".into(),
            "hubspot-client-properties".into()
        ])
    );
}
