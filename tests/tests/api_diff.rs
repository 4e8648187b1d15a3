//! `cargo xtask api-diff` (`hubspot_codegen::diff`):
//!
//! - a fixture pair per rule (`tests/fixtures/diff/`: `base.yaml` and a copy
//!   with one change), checked against both classifications;
//! - every bundled version compared with itself reports nothing;
//! - snapshots of the reports v3 → 2026-03 → 2026-09 (and v3 → 2026-09)
//!   for each API of the bundled specs;
//! - mutations: one change to a copy of a bundled spec, and the report holds
//!   exactly that change;
//! - bad input: an error naming the file.
//!
//! Update the snapshots with `INSTA_UPDATE=always cargo test -p tests --test
//! api_diff` (or `cargo insta review`) and review the diff.

use hubspot_codegen::diff::{
    self, markdown, Bump, Change, ChangeKind, Direction, Emitted, Report, Source, Summary, Wire,
};
use hubspot_codegen::ir::Crate;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

fn fixture(name: &str) -> Source {
    Source::parse(&format!("tests/fixtures/diff/{name}.yaml"), &root())
}

fn fixture_report(old: &str, new: &str) -> Report {
    diff::diff(&fixture(old), &fixture(new))
        .unwrap_or_else(|e| panic!("{old} → {new} does not compare: {e}"))
}

fn all_changes(report: &Report) -> Vec<&Change> {
    report
        .apis
        .iter()
        .flat_map(|a| &a.operations)
        .flat_map(|o| &o.changes)
        .collect()
}

/// The rules, one a line: comparing `tests/fixtures/diff/OLD.yaml` with
/// `NEW.yaml` reports COUNT changes of KIND (and otherwise only changes of
/// the kinds after `+`), each in DIRECTION and classified WIRE and RUST.
///
/// RUST `setter`, `struct`, `enum`, `union` and `output` name the changes the
/// generated crate absorbs once it emits a setter, or a `#[non_exhaustive]`
/// struct, enum, `oneOf` enum or per-status output enum: minor then, major
/// otherwise (see `Emitted`). `Thing` is the response body of three
/// operations, and its `parent: Thing` (a cycle) reports nothing more.
/// Every struct is `#[non_exhaustive]` (`lower::exhaustive`): a new optional
/// field is minor both in `Thing`, which callers only read, and in `Input`,
/// which requests carry and callers build with `new` and setters.
const RULES: &str = "
# OLD               NEW                  KIND                       DIRECTION  WIRE        RUST    COUNT
base                operation_added      operation_added            -          compatible  minor   1
operation_added     base                 operation_removed          -          breaking    major   1
base                moved_version        operation_moved            -          compatible  patch   4
base                moved_bound          operation_moved            -          compatible  patch   4
base                renamed              operation_renamed          -          compatible  major   1
base                param_optional       parameter_added            request    compatible  setter  1
base                param_required       parameter_added            request    breaking    major   1
param_optional      base                 parameter_removed          request    warning     major   1
base                limit_required       parameter_made_required    request    breaking    major   1
limit_required      base                 parameter_made_optional    request    compatible  major   1
base                limit_string         retyped                    request    breaking    major   1
base                limit_int64          retyped                    request    compatible  major   1
limit_int64         base                 retyped                    request    breaking    major   1
objects_api         moved_bound          parameter_bound            request    breaking    major   4
moved_bound         objects_api          parameter_freed            request    compatible  major   4
objects_api         objects_free         parameter_binding_changed  request    compatible  major   4  +operation_added
base                objects_api          parameter_freed            request    compatible  major   4  +operation_moved
objects_api         base                 parameter_bound            request    breaking    major   4  +operation_moved
body_none           base                 body_added                 request    breaking    major   1
body_none           body_optional        body_added                 request    compatible  setter  1
base                body_none            body_removed               request    breaking    major   1
body_optional       base                 body_made_required         request    breaking    major   1
base                body_optional        body_made_optional         request    compatible  major   1
base                input_optional_prop  property_added             request    compatible  struct  1
base                input_required_prop  property_added             request    breaking    major   1
input_optional_prop base                 property_removed           request    warning     major   1
base                input_note_required  property_made_required     request    breaking    major   1
input_note_required base                 property_made_optional     request    compatible  major   1
base                input_note_nullable  made_nullable              request    compatible  patch   1
input_note_nullable base                 made_non_nullable          request    breaking    patch   1
base                input_kind_more      enum_value_added           request    compatible  enum    1
input_kind_more     base                 enum_value_removed         request    breaking    major   1
base                thing_extra          property_added             response   compatible  minor   3
thing_extra         base                 property_removed           response   warning     major   3
base                thing_no_name        property_removed           response   breaking    major   3
base                thing_name_optional  property_made_optional     response   breaking    major   3
thing_name_optional base                 property_made_required     response   compatible  major   3
base                thing_name_nullable  made_nullable              response   breaking    major   3
thing_name_nullable base                 made_non_nullable          response   compatible  major   3
base                thing_label_plain    made_non_nullable          response   compatible  patch   3
thing_label_plain   base                 made_nullable              response   breaking    patch   3
base                thing_size_int64     retyped                    response   breaking    major   3
thing_size_int64    base                 retyped                    response   compatible  major   3
base                kind_more            enum_value_added           response   warning     enum    3
kind_more           base                 enum_value_removed         response   compatible  major   3
base                shape_more           variant_added              response   warning     union   3
shape_more          base                 variant_removed            response   compatible  major   3
base                thing_renamed        type_renamed               response   compatible  major   3
base                status_error         status_added               response   compatible  patch   1
status_error        base                 status_removed             response   compatible  patch   1
base                status_success       status_added               response   warning     patch   1
status_success      base                 status_removed             response   compatible  patch   1
output_by_status    by_status_more       status_added               response   warning     output  1
by_status_more      output_by_status     status_removed             response   compatible  major   1
base                output_by_status     output_changed             response   compatible  major   1  +status_added
";

/// One line of [`RULES`].
struct Rule {
    old: String,
    new: String,
    kind: ChangeKind,
    direction: Option<Direction>,
    wire: Wire,
    rust: Bump,
    count: usize,
    also: Vec<ChangeKind>,
}

fn kind(name: &str) -> ChangeKind {
    ChangeKind::ALL
        .into_iter()
        .find(|k| k.name() == name)
        .unwrap_or_else(|| panic!("no change kind {name}"))
}

fn rules() -> Vec<Rule> {
    let e = Emitted::get();
    let absorbed = |flag: bool| if flag { Bump::Minor } else { Bump::Major };
    let rust = |word: &str| match word {
        "patch" => Bump::Patch,
        "minor" => Bump::Minor,
        "setter" => absorbed(e.optional_param_setter),
        "struct" => absorbed(e.struct_non_exhaustive),
        "enum" => absorbed(e.enum_non_exhaustive),
        "union" => absorbed(e.union_non_exhaustive),
        "output" => absorbed(e.output_non_exhaustive),
        _ => Bump::Major,
    };
    let wire = |word: &str| match word {
        "compatible" => Wire::Compatible,
        "warning" => Wire::Warning,
        _ => Wire::Breaking,
    };
    let direction = |word: &str| match word {
        "request" => Some(Direction::Request),
        "response" => Some(Direction::Response),
        _ => None,
    };
    RULES
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let w: Vec<&str> = line.split_whitespace().collect();
            Rule {
                old: w[0].into(),
                new: w[1].into(),
                kind: kind(w[2]),
                direction: direction(w[3]),
                wire: wire(w[4]),
                rust: rust(w[5]),
                count: w[6].parse().expect("a count"),
                also: w[7..]
                    .iter()
                    .map(|k| kind(k.trim_start_matches('+')))
                    .collect(),
            }
        })
        .collect()
}

/// What is wrong with the report of `r`, if anything.
fn check(r: &Rule) -> Vec<String> {
    let report = fixture_report(&r.old, &r.new);
    let name = format!("{} → {}", r.old, r.new);
    let mut faults = Vec::new();
    let mut count = 0;
    for c in all_changes(&report) {
        if c.kind != r.kind {
            if !r.also.contains(&c.kind) {
                faults.push(format!("{name}: unexpected {:?} at {}", c.kind, c.at));
            }
            continue;
        }
        count += 1;
        let got = (c.direction, c.wire, c.rust);
        let want = (r.direction, r.wire, r.rust);
        if got != want {
            faults.push(format!(
                "{name}: {:?} at {} is {got:?}, want {want:?} ({}; {})",
                c.kind, c.at, c.wire_reason, c.rust_effect
            ));
        }
    }
    if count != r.count {
        faults.push(format!("{name}: {count} × {:?}, want {}", r.kind, r.count));
    }
    faults
}

#[test]
fn every_rule_is_classified_for_the_wire_and_for_rust() {
    let faults: Vec<String> = rules().iter().flat_map(check).collect();
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn every_kind_of_change_has_a_fixture() {
    let rules = rules();
    for kind in ChangeKind::ALL {
        assert!(
            rules.iter().any(|r| r.kind == kind),
            "no fixture pair for {kind:?}"
        );
    }
}

#[test]
fn the_markdown_ends_with_the_summary_line_and_the_json_names_kinds() {
    let report = fixture_report("base", "param_required");
    let md = markdown::render(&report);
    assert_eq!(
        md.trim_end().lines().last(),
        Some("0 operations added, 0 removed, 0 moved, 1 changed; 1 breaking")
    );
    assert!(
        md.contains("| parameter added: required | query parameter `properties` |"),
        "{md}"
    );
    let json = serde_json::to_value(&report).expect("serialise");
    let change = &json["apis"][0]["operations"][0]["changes"][0];
    assert_eq!(change["kind"], "parameter_added");
    assert_eq!(change["wire"], "breaking");
    assert_eq!(change["rust"], "major");
}

// The bundled specs.

const VERSIONS: [&str; 3] = ["v3", "2026-03", "2026-09"];

/// The IR of each bundled version, lowered once per test binary.
fn bundled(version: &str) -> &'static Crate {
    static SIDES: OnceLock<Vec<(String, Crate)>> = OnceLock::new();
    let sides = SIDES.get_or_init(|| {
        VERSIONS
            .iter()
            .map(|v| {
                let source = Source::parse(&format!("specs@{v}"), &root());
                let krate = source.lower().unwrap_or_else(|e| panic!("specs@{v}: {e}"));
                (v.to_string(), krate)
            })
            .collect()
    });
    sides
        .iter()
        .find(|(v, _)| v == version)
        .map(|(_, k)| k)
        .expect("a bundled version")
}

fn bundled_report(old: &str, new: &str) -> Report {
    diff::compare(
        bundled(old),
        bundled(new),
        &format!("specs@{old}"),
        &format!("specs@{new}"),
    )
}

#[test]
fn every_bundled_version_compared_with_itself_reports_nothing() {
    for v in VERSIONS {
        let report = bundled_report(v, v);
        assert_eq!(report.summary, Summary::default(), "{v}");
        assert!(all_changes(&report).is_empty(), "{v}");
        assert!(markdown::render(&report)
            .trim_end()
            .ends_with("\n0 operations added, 0 removed, 0 moved, 0 changed; 0 breaking"));
    }
    let all = Source::parse("specs", &root());
    let report = diff::diff(&all, &all).expect("specs/ lowers");
    assert_eq!(report.summary, Summary::default(), "every version at once");
}

#[test]
fn versions_on_one_side_only_are_added_not_mixed_up() {
    let one = Source::parse("specs@2026-09", &root());
    let all = Source::parse("specs", &root());
    let report = diff::diff(&one, &all).expect("specs/ lowers");
    let s = report.summary;
    assert_eq!((s.removed, s.moved, s.changed, s.breaking), (0, 0, 0, 0));
    let added: Vec<(Option<&str>, Option<&str>)> = report
        .apis
        .iter()
        .filter(|a| a.summary.added > 0)
        .map(|a| (a.old.as_deref(), a.new.as_deref()))
        .collect();
    assert!(added
        .iter()
        .all(|(old, new)| old.is_none() && *new != Some("2026-09")));
    assert!(added.len() >= 8, "{added:?}");
}

/// The reports between bundled versions, one snapshot per API and one of
/// the overview.
fn snapshot_versions(old: &str, new: &str) {
    let report = bundled_report(old, new);
    let prefix = format!("{old}_to_{new}").replace('-', "_");
    insta::assert_snapshot!(format!("{prefix}_overview"), markdown::overview(&report));
    for api in &report.apis {
        let name = format!("{prefix}_{}", api.accessor);
        insta::assert_snapshot!(name, markdown::api_section(api));
    }
}

#[test]
fn v3_to_2026_03() {
    snapshot_versions("v3", "2026-03");
}

#[test]
fn v2026_03_to_2026_09() {
    snapshot_versions("2026-03", "2026-09");
}

#[test]
fn v3_to_2026_09() {
    snapshot_versions("v3", "2026-09");
}

// Mutations of a bundled spec.

/// A copy of `specs/` in a temporary folder.
fn copy_specs() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("make a folder");
        for entry in std::fs::read_dir(from).expect("read specs/") {
            let path = entry.expect("an entry").path();
            let target = to.join(path.file_name().expect("a name"));
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).expect("copy a spec");
            }
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy(&root().join("specs"), &dir.path().join("specs"));
    dir
}

/// The report of `specs@2026-09` against a copy of it where `mutate` changed
/// `2026-09/conversations.yaml`.
fn mutated(mutate: impl FnOnce(&mut serde_yaml::Value)) -> Report {
    mutated_file("2026-09/conversations.yaml", mutate)
}

/// The report of `specs@2026-09` against a copy of it where `mutate` changed
/// the file `specs/FILE`.
fn mutated_file(file: &str, mutate: impl FnOnce(&mut serde_yaml::Value)) -> Report {
    let dir = copy_specs();
    let file = dir.path().join("specs").join(file);
    let text = std::fs::read_to_string(&file).expect("read the spec");
    let mut doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("parse the spec");
    mutate(&mut doc);
    std::fs::write(&file, serde_yaml::to_string(&doc).expect("write YAML")).expect("write");
    let old = Source::parse("specs@2026-09", &root());
    let new = Source::parse("specs@2026-09", dir.path());
    diff::diff(&old, &new).expect("both sides lower")
}

/// `doc` at the keys `path` (a list item by its `name` when the key is
/// `name=…`).
fn at<'a>(doc: &'a mut serde_yaml::Value, path: &[&str]) -> &'a mut serde_yaml::Value {
    path.iter()
        .fold(doc, |v, key| match key.strip_prefix("name=") {
            Some(name) => v
                .as_sequence_mut()
                .and_then(|s| s.iter_mut().find(|p| p["name"].as_str() == Some(name)))
                .unwrap_or_else(|| panic!("no item named {name}")),
            None => v.get_mut(*key).unwrap_or_else(|| panic!("no key {key}")),
        })
}

/// Asserts that `report` holds exactly one change, of `kind` at `at` in the
/// operation `op`.
fn assert_exactly(report: &Report, op: &str, kind: ChangeKind, where_: &str) {
    let changes = all_changes(report);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!((changes[0].kind, changes[0].at.as_str()), (kind, where_));
    let ops: Vec<String> = report
        .apis
        .iter()
        .flat_map(|a| &a.operations)
        .map(|o| format!("{} {}", o.method, o.path()))
        .collect();
    assert_eq!(ops, [op]);
    let s = report.summary;
    assert_eq!((s.added, s.removed, s.moved, s.changed), (0, 0, 0, 1));
}

const PREFIX: &str = "/conversations/conversations/2026-09";

#[test]
fn a_parameter_made_required_is_that_change_only() {
    let report = mutated(|doc| {
        let path = format!("{PREFIX}/inboxes");
        let limit = at(doc, &["paths", &path, "get", "parameters", "name=limit"]);
        limit["required"] = true.into();
    });
    let op = format!("GET {PREFIX}/inboxes");
    assert_exactly(
        &report,
        &op,
        ChangeKind::ParameterMadeRequired,
        "query parameter `limit`",
    );
    assert_eq!(report.summary.breaking, 1);
}

#[test]
fn an_enum_value_added_to_a_parameter_is_that_change_only() {
    let report = mutated(|doc| {
        let path = format!("{PREFIX}/threads");
        let status = at(
            doc,
            &["paths", &path, "get", "parameters", "name=threadStatus"],
        );
        let values = status["schema"]["enum"].as_sequence_mut().expect("an enum");
        values.push("PENDING".into());
    });
    let op = format!("GET {PREFIX}/threads");
    let at = "query parameter `threadStatus`";
    assert_exactly(&report, &op, ChangeKind::EnumValueAdded, at);
    assert_eq!(report.summary.breaking, 0);
}

#[test]
fn a_response_property_removed_is_that_change_only() {
    let report = mutated(|doc| {
        let schema = at(
            doc,
            &["components", "schemas", "ActorBatchResponse", "properties"],
        );
        schema
            .as_mapping_mut()
            .and_then(|m| m.remove("numErrors"))
            .expect("numErrors is there");
    });
    let op = format!("POST {PREFIX}/actors/batch/read");
    assert_exactly(
        &report,
        &op,
        ChangeKind::PropertyRemoved,
        "response 200 `numErrors`",
    );
}

#[test]
fn a_response_enum_value_added_is_that_change_only() {
    let report = mutated(|doc| {
        let path = [
            "components",
            "schemas",
            "ActorBatchResponse",
            "properties",
            "status",
        ];
        let values = at(doc, &path)["enum"].as_sequence_mut().expect("an enum");
        values.push("PAUSED".into());
    });
    let op = format!("POST {PREFIX}/actors/batch/read");
    assert_exactly(
        &report,
        &op,
        ChangeKind::EnumValueAdded,
        "response 200 `status`",
    );
    assert_eq!(report.summary.warnings, 1);
}

// Bad input.

#[test]
fn bad_input_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "openapi: [3.0.3\npaths: {").expect("write");
    let schema = dir.path().join("schema.yaml");
    std::fs::write(&schema, "type: object\nproperties: {a: {type: string}}\n").expect("write");
    let cases = [
        ("no/such/spec.yaml", "no/such/spec.yaml"),
        ("broken.yaml", "broken.yaml"),
        ("schema.yaml", "schema.yaml"),
        ("specs@v9", "versions.yaml"),
    ];
    for (arg, named) in cases {
        let cwd = if arg.starts_with("specs") {
            root()
        } else {
            dir.path().to_path_buf()
        };
        let source = Source::parse(arg, &cwd);
        let error = diff::diff(&source, &fixture("base"))
            .expect_err(arg)
            .to_string();
        assert!(error.contains(named), "{arg}: {error}");
    }
}

/// The report of `specs@2026-09` against a copy whose
/// `properties/FILE.yaml` `mutate` changed.
fn properties_mutated(file: &str, mutate: impl FnOnce(&mut serde_yaml::Value)) -> Report {
    mutated_file(&format!("properties/{file}.yaml"), mutate)
}

#[test]
fn property_definition_changes_are_reported_with_their_classes() {
    let report = properties_mutated("calls", |doc| {
        let results = at(doc, &["results"]);
        let list = results.as_sequence_mut().expect("a list");
        // Removed, and one added.
        list.retain(|p| p["name"].as_str() != Some("hs_call_title"));
        list.push(
            serde_yaml::from_str(
                "{name: hs_call_queue, label: Call queue, type: string, fieldType: text}",
            )
            .expect("YAML"),
        );
        // Retyped: a number becomes a string.
        at(results, &["name=hs_call_callee_object_id", "type"]).clone_from(&"string".into());
        // An option added, one removed, one relabelled.
        let options = at(results, &["name=hs_call_direction", "options"]);
        let options = options.as_sequence_mut().expect("options");
        options.retain(|o| o["value"].as_str() != Some("INBOUND"));
        options.push(serde_yaml::from_str("{label: Internal, value: INTERNAL}").expect("YAML"));
        let company = at(results, &["name=hs_call_callee_object_type", "options"]);
        for o in company.as_sequence_mut().expect("options") {
            if o["value"].as_str() == Some("COMPANY") {
                o["label"] = "Organisation".into();
            }
        }
    });
    let got: Vec<(String, String, Wire, Bump)> = report
        .properties
        .iter()
        .map(|c| (c.property.clone(), c.detail.clone(), c.wire, c.rust))
        .collect();
    let want = [
        (
            "hs_call_callee_object_id",
            "retyped: integer → string",
            Wire::Breaking,
            Bump::Major,
        ),
        (
            "hs_call_callee_object_type",
            "option `COMPANY` relabelled: \"Company\" → \"Organisation\"",
            Wire::Compatible,
            Bump::Major,
        ),
        (
            "hs_call_direction",
            "option `INBOUND` removed",
            Wire::Breaking,
            Bump::Major,
        ),
        (
            "hs_call_direction",
            "option `INTERNAL` added",
            Wire::Warning,
            Bump::Major,
        ),
        (
            "hs_call_queue",
            "property added (string)",
            Wire::Compatible,
            Bump::Minor,
        ),
        (
            "hs_call_title",
            "property removed",
            Wire::Warning,
            Bump::Major,
        ),
    ];
    let want: Vec<(String, String, Wire, Bump)> = want
        .iter()
        .map(|(p, d, w, r)| (p.to_string(), d.to_string(), *w, *r))
        .collect();
    assert_eq!(got, want);
    assert!(report.properties.iter().all(|c| c.object == "calls"));
    // No operation changed; the counts and the bump take the definitions in.
    assert!(all_changes(&report).is_empty());
    assert_eq!(report.summary.property_changes, 6);
    assert_eq!((report.summary.breaking, report.summary.warnings), (2, 2));
    assert_eq!(report.summary.rust, Bump::Major);
    let text = markdown::render(&report);
    assert!(text.contains("## Property definitions"), "{text}");
    assert!(
        text.contains(
            "| `calls` | `hs_call_direction` | option `INBOUND` removed | breaking | major |"
        ),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("; 2 breaking; 6 property definition changes"),
        "{text}"
    );
}

#[test]
fn association_types_and_read_only_changes_are_reported() {
    let report = properties_mutated("associations", |doc| {
        let list = at(doc, &["associationTypes"])
            .as_sequence_mut()
            .expect("a list");
        list.retain(|a| a["name"].as_str() != Some("call_to_contact"));
        for a in list.iter_mut() {
            if a["name"].as_str() == Some("contact_to_call") {
                a["id"] = 9193.into();
            }
        }
        list.push(
            serde_yaml::from_str("{name: call_to_lead, from: calls, to: leads, id: 999}")
                .expect("YAML"),
        );
    });
    let got: Vec<(String, Wire, Bump)> = report
        .properties
        .iter()
        .map(|c| (c.detail.clone(), c.wire, c.rust))
        .collect();
    assert_eq!(
        got,
        [
            (
                "association type 194 removed".to_string(),
                Wire::Breaking,
                Bump::Major
            ),
            (
                "association type 999 added".to_string(),
                Wire::Compatible,
                Bump::Minor
            ),
            (
                "association type id 193 → 9193".to_string(),
                Wire::Breaking,
                Bump::Patch
            ),
        ]
    );
    let report = properties_mutated("contacts", |doc| {
        let results = at(doc, &["results"]);
        let phone = at(results, &["name=phone"]);
        phone["modificationMetadata"] =
            serde_yaml::from_str("{readOnlyValue: true}").expect("YAML");
    });
    let got: Vec<(&str, &str, Wire)> = report
        .properties
        .iter()
        .map(|c| (c.property.as_str(), c.detail.as_str(), c.wire))
        .collect();
    assert_eq!(got, [("phone", "made read-only", Wire::Breaking)]);
}

#[test]
fn v3_association_create_pairs_with_2026_09_whose_type_moved_into_the_body() {
    let report = bundled_report("v3", "2026-09");
    let contacts = report
        .apis
        .iter()
        .find(|a| a.accessor == "contacts")
        .expect("contacts");
    let create = contacts
        .operations
        .iter()
        .find(|o| o.method == "PUT" && o.rust == "contacts().associations().create()")
        .expect("the association create is paired, not added");
    assert_eq!(
        create.old_path.as_deref(),
        Some("/crm/v3/objects/contacts/{contactId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}")
    );
    let kinds: Vec<(ChangeKind, &str)> = create
        .changes
        .iter()
        .map(|c| (c.kind, c.at.as_str()))
        .collect();
    assert!(
        kinds.contains(&(
            ChangeKind::ParameterRemoved,
            "path parameter `associationTypeId`"
        )),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(ChangeKind::BodyAdded, "request body")),
        "{kinds:?}"
    );
}
