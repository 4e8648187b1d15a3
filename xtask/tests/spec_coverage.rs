//! `cargo xtask spec-coverage`: it finds what our specs lack, fails on it,
//! fails on stale allow-list entries, and skips (saying so) without
//! `../shared`. Tests that compare with HubSpot's published specs print what
//! they skipped when `../shared` is absent.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared` next to the workspace, if it holds the published specs.
fn shared(test: &str) -> Option<PathBuf> {
    let dir = root().join("../shared");
    if dir.join("hubspot-specs").is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped {test}: ../shared/hubspot-specs is absent");
        None
    }
}

fn coverage(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("spec-coverage")
        .args(args)
        .output()
        .expect("run xtask");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

fn gaps(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.strip_prefix("gap: "))
        .collect()
}

#[test]
fn the_bundled_specs_have_no_gaps() {
    let Some(shared) = shared("the_bundled_specs_have_no_gaps") else {
        return;
    };
    let (code, text) = coverage(&["--shared".as_ref(), shared.as_os_str()]);
    assert_eq!(code, Some(0), "{text}");
    assert!(gaps(&text).is_empty(), "{text}");
    assert!(text.contains("ok: 0 gaps"), "{text}");
}

#[test]
fn a_removed_property_and_a_retyped_parameter_are_reported() {
    let Some(shared) = shared("a_removed_property_and_a_retyped_parameter_are_reported") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let specs = dir.path().join("specs");
    copy_dir(&root().join("specs"), &specs);

    // Drop Filter.highValue and make the `limit` of the contact list a string.
    let file = specs.join("contacts.yaml");
    let text = std::fs::read_to_string(&file).expect("read contacts.yaml");
    let mut doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("parse contacts.yaml");
    let filter = &mut doc["components"]["schemas"]["Filter"]["properties"];
    let removed = filter.as_mapping_mut().and_then(|m| m.remove("highValue"));
    assert!(
        removed.is_some(),
        "Filter.highValue exists in specs/contacts.yaml"
    );
    let params = doc["paths"]["/crm/v3/objects/contacts"]["get"]["parameters"]
        .as_sequence_mut()
        .expect("parameters");
    let limit = params
        .iter_mut()
        .find(|p| p["name"] == "limit")
        .expect("a limit parameter");
    let schema = limit["schema"].as_mapping_mut().expect("limit schema");
    schema.insert("type".into(), "string".into());
    schema.remove("format");
    std::fs::write(&file, serde_yaml::to_string(&doc).expect("yaml")).expect("write");

    let (code, text) = coverage(&[
        "--specs".as_ref(),
        specs.as_os_str(),
        "--shared".as_ref(),
        shared.as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        gaps(&text),
        [
            "contacts GET /crm/v3/objects/contacts › parameter limit (query): type string, published int32",
            "contacts POST /crm/v3/objects/contacts/search › request › filterGroups[].filters[].highValue: property missing",
        ],
        "{text}"
    );
    assert!(text.contains("FAILED: 2 gaps"), "{text}");
}

#[test]
fn an_allow_list_entry_that_matches_nothing_fails() {
    let Some(shared) = shared("an_allow_list_entry_that_matches_nothing_fails") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let allow = dir.path().join("allow.yaml");
    let mut text =
        std::fs::read_to_string(root().join("specs/coverage/allow.yaml")).expect("read allow.yaml");
    let stale = "contacts GET /nowhere › response 200: missing";
    text.push_str(&format!(
        "\n- reason: no longer true\n  gaps:\n    - \"{stale}\"\n"
    ));
    std::fs::write(&allow, text).expect("write");

    let (code, text) = coverage(&[
        "--allow".as_ref(),
        allow.as_os_str(),
        "--shared".as_ref(),
        shared.as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{text}");
    assert!(gaps(&text).is_empty(), "{text}");
    assert!(
        text.contains(&format!(
            "stale allow-list entry (matches no difference): {stale}"
        )),
        "{text}"
    );
    assert!(
        text.contains("0 gaps") && text.contains("1 stale"),
        "{text}"
    );
}

#[test]
fn without_shared_it_says_what_it_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, text) = coverage(&["--shared".as_ref(), dir.path().as_os_str()]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("skipped:"), "{text}");
    assert!(
        text.contains("5 OpenAPI documents, 17 JSON Schemas"),
        "{text}"
    );
}

#[test]
fn an_allow_list_entry_without_a_reason_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let allow = dir.path().join("allow.yaml");
    std::fs::write(&allow, "- reason: \"\"\n  gaps: [\"x\"]\n").expect("write");
    let (code, text) = coverage(&[
        "--allow".as_ref(),
        allow.as_os_str(),
        "--shared".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains(&format!("{}: entry 1", allow.display())),
        "names the file and entry: {text}"
    );
}
