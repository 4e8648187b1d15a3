//! `cargo xtask spec-coverage`: one table per API version, each of our
//! operations matched in its own published file or another of its version;
//! it finds what our specs lack, fails on it, fails on stale allow-list
//! entries, and skips (saying so) without `../shared`. Tests that compare
//! with HubSpot's published specs print what they skipped when `../shared`
//! is absent.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The versions, newest first, as the command prints them.
const VERSIONS: [&str; 3] = ["2026-09", "2026-03", "v3"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared` next to the workspace, if it holds the published specs.
fn shared(test: &str) -> Option<PathBuf> {
    let dir = root().join("../shared");
    if dir.join("hubspot-specs").is_dir() {
        Some(dir)
    } else {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "{test}: ../shared/hubspot-specs is absent (CI=true: a missing prerequisite is a failure)"
        );
        eprintln!("skipped {test}: ../shared/hubspot-specs is absent");
        None
    }
}

/// Runs `cargo xtask spec-coverage` with each (flag, path) of `args`.
fn coverage(args: &[(&str, &Path)]) -> (Option<i32>, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    // The tests name `--shared` themselves; CI's rule for an absent one is
    // tested on its own.
    command.env_remove("CI").arg("spec-coverage");
    for (flag, path) in args {
        command.arg(flag).arg(path);
    }
    let out: Output = command.output().expect("run xtask");
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

/// A copy of `specs/` in a temporary folder (removed when the first value
/// is dropped).
fn copied_specs() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let specs = dir.path().join("specs");
    copy_dir(&root().join("specs"), &specs);
    (dir, specs)
}

/// Reads the YAML `file`, changes it with `edit` and writes it back.
fn edit_yaml(file: &Path, edit: impl FnOnce(&mut serde_yaml::Value)) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut doc: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    edit(&mut doc);
    std::fs::write(file, serde_yaml::to_string(&doc).expect("yaml")).expect("write");
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
    let (code, text) = coverage(&[("--shared", &shared)]);
    assert_eq!(code, Some(0), "{text}");
    assert!(gaps(&text).is_empty(), "{text}");
    assert!(text.contains("ok: 0 gaps"), "{text}");
    for version in VERSIONS {
        let table = table(&text, version);
        assert!(table.contains(&format!("\n{version}: 0 gaps")), "{table}");
    }
    // The object APIs of the dated versions carry association operations
    // HubSpot publishes in the Associations API (README, "Conventions").
    for api in ["contacts", "calls", "communications"] {
        let row = format!("\n{api} ← associations");
        assert!(table(&text, "2026-09").contains(&row), "{text}");
    }
}

/// The table of `title`, from its heading to its line of totals.
fn table<'t>(text: &'t str, title: &str) -> &'t str {
    let start = text
        .find(&format!("\n{title} (covered/published)"))
        .unwrap_or_else(|| panic!("no table {title}: {text}"));
    let rest = &text[start..];
    let end = rest
        .find(&format!("\n{title}: "))
        .and_then(|i| rest[i + 1..].find('\n').map(|j| i + 1 + j))
        .unwrap_or_else(|| panic!("table {title} has no line of totals: {text}"));
    &rest[..end]
}

#[test]
fn a_removed_property_and_a_retyped_parameter_are_reported() {
    let Some(shared) = shared("a_removed_property_and_a_retyped_parameter_are_reported") else {
        return;
    };
    let (_dir, specs) = copied_specs();

    // Drop Filter.highValue and make the `limit` of the contact list a string.
    edit_yaml(&specs.join("v3/contacts.yaml"), |doc| {
        let filter = &mut doc["components"]["schemas"]["Filter"]["properties"];
        let removed = filter.as_mapping_mut().and_then(|m| m.remove("highValue"));
        assert!(
            removed.is_some(),
            "Filter.highValue exists in specs/v3/contacts.yaml"
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
    });

    let (code, text) = coverage(&[("--specs", &specs), ("--shared", &shared)]);
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
    assert!(table(&text, "v3").contains("\nv3: 2 gaps"), "{text}");
    for version in ["2026-09", "2026-03"] {
        let line = format!("\n{version}: 0 gaps");
        assert!(table(&text, version).contains(&line), "{text}");
    }
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

    let (code, text) = coverage(&[("--allow", &allow), ("--shared", &shared)]);
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
fn in_ci_an_absent_shared_fails_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .env("CI", "true")
        .arg("spec-coverage")
        .arg("--shared")
        .arg(dir.path())
        .output()
        .expect("run xtask");
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("CI=true: a missing prerequisite fails the run"),
        "{text}"
    );
}

#[test]
fn without_shared_it_says_what_it_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, text) = coverage(&[("--shared", dir.path())]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("skipped:"), "{text}");
    assert!(
        text.contains("OpenAPI documents: 20 of 2026-09, 7 of 2026-03, 5 of v3; 17 JSON Schemas"),
        "{text}"
    );
}

#[test]
fn an_allow_list_entry_without_a_reason_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let allow = dir.path().join("allow.yaml");
    std::fs::write(&allow, "- reason: \"\"\n  gaps: [\"x\"]\n").expect("write");
    let (code, text) = coverage(&[("--allow", &allow), ("--shared", dir.path())]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains(&format!("{}: entry 1", allow.display())),
        "names the file and entry: {text}"
    );
}

/// The published dated document `file`.
fn published(shared: &Path, file: &str) -> Value {
    let path = shared.join("hubspot-specs/published-dated").join(file);
    let text = std::fs::read_to_string(&path).expect("read a published spec");
    serde_json::from_str(&text).expect("parse a published spec")
}

/// A spec of ours with the operations `ops` ((path, method)) of `doc`, as
/// published, and all of its components.
fn spec_of(doc: &Value, ops: &[(&str, &str)]) -> Value {
    let mut paths = json!({});
    for (path, method) in ops {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} is published");
        paths[path] = json!({ *method: op });
    }
    json!({
        "openapi": doc["openapi"],
        "info": { "title": "test", "version": "1" },
        "paths": paths,
        "components": doc["components"],
    })
}

/// The parameter `name` of the operation `op`.
fn param<'v>(op: &'v mut Value, name: &str) -> &'v mut Value {
    op["parameters"]
        .as_array_mut()
        .expect("parameters")
        .iter_mut()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("a parameter {name}"))
}

/// Binds the object type `name` of `op` as our specs do: `enum: [contacts]`.
fn bind(op: &mut Value, name: &str) {
    param(op, name)["schema"] = json!({ "type": "string", "enum": ["contacts"] });
}

/// The first figure (operations) of the row of `table` labelled `label`.
fn operations<'t>(table: &'t str, label: &str) -> Option<&'t str> {
    table
        .lines()
        .find_map(|l| l.strip_prefix(label)?.strip_prefix(' '))
        .and_then(|rest| rest.split_whitespace().next())
}

#[test]
fn operations_from_another_published_file_are_compared_there() {
    let Some(shared) = shared("operations_from_another_published_file_are_compared_there") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let specs = dir.path().join("specs");
    copy_dir(
        &root().join("specs/conversations"),
        &specs.join("conversations"),
    );
    let allow = dir.path().join("allow.yaml");
    std::fs::write(&allow, "[]\n").expect("write");

    // 2026-09 Contacts with two association operations as the Associations
    // API publishes them, the object type bound (no gap), one with
    // `toObjectId` retyped (a gap found only in that file), and a list of
    // associations, which HubSpot publishes for 2026-03 only.
    let assoc = published(&shared, "crm--associations--130902--2026-09.json");
    let default = "/crm/objects/2026-09/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}";
    let labelled =
        "/crm/objects/2026-09/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}";
    let list = "/crm/objects/2026-09/{objectType}/{objectId}/associations/{toObjectType}";
    let mut spec = spec_of(&assoc, &[(default, "put"), (labelled, "put")]);
    bind(&mut spec["paths"][default]["put"], "fromObjectType");
    bind(&mut spec["paths"][labelled]["put"], "objectType");
    param(&mut spec["paths"][labelled]["put"], "toObjectId")["schema"] =
        json!({ "type": "integer", "format": "int64" });
    let path_param = |name: &str| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } });
    spec["paths"][list] = json!({ "get": {
        "operationId": format!("get-{list}_getPage"),
        "parameters": [
            { "name": "objectType", "in": "path", "required": true,
              "schema": { "type": "string", "enum": ["contacts"] } },
            path_param("objectId"),
            path_param("toObjectType"),
        ],
        "responses": { "204": { "description": "No content." } },
    }});
    std::fs::create_dir_all(specs.join("2026-09")).expect("mkdir");
    std::fs::write(specs.join("2026-09/contacts.yaml"), spec.to_string()).expect("write");

    // 2026-03 Contacts with the labelled association PUT, which both the
    // Contacts and the Associations API publish: it is compared in its own.
    let contacts = published(&shared, "crm--contacts--424--2026-03.json");
    let labelled_03 =
        "/crm/objects/2026-03/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}";
    let mut spec = spec_of(&contacts, &[(labelled_03, "put")]);
    bind(&mut spec["paths"][labelled_03]["put"], "objectType");
    std::fs::create_dir_all(specs.join("2026-03")).expect("mkdir");
    std::fs::write(specs.join("2026-03/contacts.yaml"), spec.to_string()).expect("write");

    let (code, text) = coverage(&[
        ("--specs", &specs),
        ("--shared", &shared),
        ("--allow", &allow),
    ]);
    assert_eq!(code, Some(1), "{text}");
    // Leaving out what the documents of ours left out lack.
    let ours: Vec<&str> = gaps(&text)
        .into_iter()
        .filter(|g| g.starts_with("contacts ") && g.contains("/associations"))
        .filter(|g| !g.ends_with(": operation missing"))
        .collect();
    assert_eq!(
        ours,
        [
            format!("contacts GET {list}: not in any published spec of 2026-09"),
            format!("contacts PUT {labelled} › parameter toObjectId (path): type int64, published string"),
        ],
        "{text}"
    );
    let t = table(&text, "2026-09");
    let row = "contacts ← associations, no published spec";
    assert_eq!(operations(t, row), Some("2/2"), "{t}");
    let t = table(&text, "2026-03");
    assert_eq!(operations(t, "contacts"), Some("1/16"), "{t}");
    assert!(!t.contains("contacts ←"), "{t}");
}

#[test]
fn a_version_without_published_specs_is_a_gap() {
    let Some(shared) = shared("a_version_without_published_specs_is_a_gap") else {
        return;
    };
    let (_dir, specs) = copied_specs();
    edit_yaml(&specs.join("versions.yaml"), |doc| {
        let versions = doc["versions"].as_sequence_mut().expect("versions");
        let mut next = serde_yaml::Mapping::new();
        next.insert("name".into(), "2027-03".into());
        versions.insert(0, next.into());
    });

    let (code, text) = coverage(&[("--specs", &specs), ("--shared", &shared)]);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        gaps(&text),
        ["version 2027-03: no published spec of it is listed (xtask/common/src/published.rs)"],
        "{text}"
    );
}
