//! Users' paths survive the next HubSpot version and the next API: the
//! bundled specs, then the same with a further version (a copy of 2026-09
//! under 2027-03, its paths moved along) and a further API (leads, a copy
//! of companies). The types that several APIs declare alike then regroup
//! into other shared crates (whose names change), but every public path of
//! the existing APIs (`hubspot_client::contacts::SimplePublicObject`,
//! `hubspot_client::v2026_03::calls::…`) stays, and `api-diff` reports no
//! change of the existing APIs.

use hubspot_codegen::diff::{self, Bump};
use hubspot_codegen::ir::{Crate, TypeRef};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn lower(specs: &Path) -> Crate {
    let config = hubspot_codegen::bundled_config(specs).expect("read the specs");
    hubspot_codegen::build_ir(&config).unwrap_or_else(|e| panic!("{e}"))
}

/// Every path a user names: each API's module (through its version, and at
/// the root when it is there) with its service and every type it exports,
/// its own and those a shared crate holds.
fn public_paths(krate: &Crate) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for api in &krate.apis {
        let accessor = hubspot_codegen::naming::unraw(&api.accessor).to_string();
        let mut modules = Vec::new();
        match krate
            .versions
            .iter()
            .find(|v| Some(&v.name) == api.api_version.as_ref())
        {
            Some(v) => modules.push(format!("{}::{accessor}", v.module)),
            None => modules.push(accessor.clone()),
        }
        if api.at_root {
            modules.push(accessor.clone());
        }
        let names = api
            .types
            .iter()
            .map(|t| t.name.clone())
            .chain(api.shared.iter().filter_map(|t| match t {
                TypeRef::Named { name, .. } => Some(name.clone()),
                _ => None,
            }))
            .chain(api.root.struct_name.clone());
        for name in names {
            for module in &modules {
                out.insert(format!("hubspot_client::{module}::{name}"));
            }
        }
    }
    out
}

/// `from` copied to `to`, each file's text passed through `edit`.
fn copy_tree(from: &Path, to: &Path, edit: &dyn Fn(String) -> String) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target, edit);
        } else {
            let text = std::fs::read_to_string(&path).expect("read");
            std::fs::write(&target, edit(text)).expect("write");
        }
    }
}

#[test]
fn a_further_version_and_api_change_no_public_path_of_the_existing_apis() {
    let specs = root().join("specs");
    let before = lower(&specs);

    let dir = tempfile::tempdir().expect("tempdir");
    let extended = dir.path().join("specs");
    copy_tree(&specs, &extended, &|t| t);
    // The next version: 2026-09's specs with their paths moved to 2027-03,
    // listed first (newest), while 2026-09 stays the default.
    copy_tree(&specs.join("2026-09"), &extended.join("2027-03"), &|t| {
        t.replace("/2026-09/", "/2027-03/")
    });
    let versions = std::fs::read_to_string(specs.join("versions.yaml")).expect("versions.yaml");
    let versions = versions.replacen(
        "versions:\n",
        "versions:\n  - name: \"2027-03\"\n    released: \"2027-03\"\n    current_until: \"2027-09\"\n    supported_until: \"2028-09\"\n",
        1,
    );
    std::fs::write(extended.join("versions.yaml"), versions).expect("write versions.yaml");
    // A further API of the default version: leads, made like companies.
    let companies =
        std::fs::read_to_string(specs.join("2026-09/companies.yaml")).expect("companies");
    let leads = companies
        .replace("companies", "leads")
        .replace("Companies", "Leads")
        .replace("company", "lead")
        .replace("Company", "Lead");
    std::fs::write(extended.join("2026-09/leads.yaml"), leads).expect("write leads.yaml");
    let after = lower(&extended);

    // The additions are there, and the shared crates did regroup: the
    // test would prove nothing if they had not.
    assert!(after.apis.iter().any(|a| a.module == "v2027_03_contacts"));
    assert!(after.apis.iter().any(|a| a.module == "v2026_09_leads"));
    let shared = |k: &Crate| {
        k.shared
            .iter()
            .map(|g| g.module.clone())
            .collect::<BTreeSet<_>>()
    };
    assert_ne!(shared(&before), shared(&after), "the shared layout changed");

    let (old, new) = (public_paths(&before), public_paths(&after));
    let lost: Vec<&String> = old.difference(&new).collect();
    assert!(lost.is_empty(), "public paths lost: {lost:?}");
    assert!(old.contains("hubspot_client::contacts::SimplePublicObject"));
    assert!(old.contains("hubspot_client::v2026_03::calls::SimplePublicObjectInput"));

    // api-diff: the existing APIs did not change; the new ones are added.
    let report = diff::compare(&before, &after, "specs", "specs+2027-03+leads");
    for api in report.apis.iter().filter(|a| a.old.is_some()) {
        assert_eq!(
            (
                api.summary.added,
                api.summary.removed,
                api.summary.changed,
                api.summary.breaking
            ),
            (0, 0, 0, 0),
            "{}: {:?}",
            api.accessor,
            api.summary
        );
        assert_ne!(api.summary.rust, Bump::Major, "{}", api.accessor);
    }
    assert!(
        report.apis.iter().any(|a| a.old.is_none()),
        "the new APIs are reported as added"
    );
}
