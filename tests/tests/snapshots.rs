//! Snapshots of the IR of the bundled specs and of the fixtures in
//! `tests/fixtures/`, checks that every fixture generates a crate that parses
//! (and, in one test, compiles), and pinned properties of the fixture IR that
//! a careless snapshot update must not lose.
//!
//! Every test runs with the workspace root as the current directory so that
//! the paths recorded in the IR read `specs/…` and `tests/fixtures/…`.
//! Update snapshots with `INSTA_UPDATE=always cargo test -p tests --test
//! snapshots` (or `cargo insta review`) and review the diff.

use hubspot_codegen::ir::{
    Api, Binding, Output, ParamLocation, RequestClass, ResponseBody, Status, TypeDef, TypeKind,
    TypeRef,
};
use hubspot_codegen::{output, Config};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Makes the workspace root the current directory (once per test binary;
/// every test wants the same one).
fn enter_root() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| std::env::set_current_dir(root()).expect("enter the workspace root"));
}

const FIXTURE_DIR: &str = "tests/fixtures";

fn config(specs: &[&str]) -> Config {
    Config {
        specs: specs
            .iter()
            .map(|s| Path::new(FIXTURE_DIR).join(s))
            .collect(),
        name: "fixture-client".into(),
        version: "0.0.0".into(),
        description: "Generated from the test fixtures.".into(),
        versions: Vec::new(),
        share_types: true,
        properties: Vec::new(),
        publish: true,
    }
}

/// The IR of one fixture (one API).
fn fixture_api(file: &str) -> Api {
    enter_root();
    let krate = hubspot_codegen::build_ir(&config(&[file]))
        .unwrap_or_else(|e| panic!("fixture {file} does not lower: {e}"));
    assert_eq!(krate.apis.len(), 1);
    krate.apis.into_iter().next().expect("one API")
}

macro_rules! fixtures {
    ($($test:ident => $file:literal,)*) => {
        /// Every fixture, by file name in `tests/fixtures/`.
        const FIXTURES: &[&str] = &[$($file),*];
        $(
            #[test]
            fn $test() {
                let api = fixture_api($file);
                insta::assert_yaml_snapshot!(concat!("fixture_", stringify!($test)), api);
            }
        )*
    };
}

fixtures! {
    api_param => "api_param.yaml",
    bound => "bound.yaml",
    composition => "composition.yaml",
    cross_file => "cross_file.yaml",
    enums => "enums.yaml",
    maps => "maps.yaml",
    names => "names.yaml",
    nullable => "nullable.yaml",
    openapi31 => "openapi31.yaml",
    operations => "operations.yaml",
    recursion => "recursion.yaml",
    shared_a => "shared_a.yaml",
    shared_b => "shared_b.yaml",
    shared_c => "shared_c.yaml",
    standalone => "standalone.schema.json",
}

#[test]
fn every_fixture_has_a_snapshot_test() {
    enter_root();
    let mut on_disk: Vec<String> = std::fs::read_dir(FIXTURE_DIR)
        .expect("read tests/fixtures")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "add new fixtures to the `fixtures!` list in tests/tests/snapshots.rs"
    );
}

#[test]
fn bundled_specs() {
    enter_root();
    let config = hubspot_codegen::bundled_config(Path::new("specs")).expect("read specs/");
    let krate = hubspot_codegen::build_ir(&config).unwrap_or_else(|e| panic!("{e}"));
    let modules: Vec<&str> = krate.apis.iter().map(|a| a.module.as_str()).collect();
    assert_eq!(
        modules,
        [
            "v2026_09_app_webhooks",
            "v2026_09_associations_schema",
            "v2026_09_associations",
            "v2026_09_calling_extensions",
            "v2026_09_calls",
            "v2026_09_communications",
            "v2026_09_companies",
            "v2026_09_contacts",
            "v2026_09_conversations",
            "v2026_09_crm_properties",
            "v2026_09_custom_channels",
            "v2026_09_deals",
            "v2026_09_oauth",
            "v2026_09_objects",
            "v2026_09_owners",
            "v2026_09_pipelines",
            "v2026_09_schemas",
            "v2026_09_tickets",
            "v2026_09_transcriptions",
            "v2026_09_visitor_identification",
            "v2026_03_associations_schema",
            "v2026_03_associations",
            "v2026_03_calls",
            "v2026_03_communications",
            "v2026_03_contacts",
            "v2026_03_objects",
            "v2026_03_webhooks_journal",
            "v3_calls",
            "v3_communications",
            "v3_contacts",
            "v3_conversations",
        ]
    );
    // The default version's APIs, and the journal its version lacks, are
    // at the client's root.
    let at_root: Vec<&str> = krate
        .apis
        .iter()
        .filter(|a| a.at_root)
        .map(|a| a.module.as_str())
        .collect();
    assert_eq!(at_root.len(), 21, "{at_root:?}");
    assert!(
        at_root.contains(&"v2026_03_webhooks_journal") && !at_root.contains(&"v2026_03_contacts")
    );
    let versions: Vec<(&str, &str, bool)> = krate
        .versions
        .iter()
        .map(|v| (v.name.as_str(), v.feature.as_str(), v.default))
        .collect();
    assert_eq!(
        versions,
        [
            ("2026-09", "v2026-09", true),
            ("2026-03", "v2026-03", false),
            ("v3", "v3", false)
        ]
    );
    for api in &krate.apis {
        insta::assert_yaml_snapshot!(format!("bundled_{}", api.module), api);
    }
    insta::assert_yaml_snapshot!("bundled_shared", krate.shared);
    insta::assert_yaml_snapshot!("bundled_properties", krate.properties);
    // The crates of the output: each module's package, what it uses and
    // the features that need it.
    insta::assert_yaml_snapshot!("bundled_layout", krate.layout);
    let typed: Vec<(&str, &str)> = krate
        .apis
        .iter()
        .filter_map(|a| Some((a.module.as_str(), a.typed.as_ref()?.object.as_str())))
        .collect();
    assert_eq!(
        typed,
        [
            ("v2026_09_calls", "calls"),
            ("v2026_09_communications", "communications"),
            ("v2026_09_companies", "companies"),
            ("v2026_09_contacts", "contacts"),
            ("v2026_09_deals", "deals"),
            ("v2026_09_tickets", "tickets"),
            ("v2026_03_calls", "calls"),
            ("v2026_03_communications", "communications"),
            ("v2026_03_contacts", "contacts"),
            ("v3_calls", "calls"),
            ("v3_communications", "communications"),
            ("v3_contacts", "contacts"),
        ],
        "every object API with property definitions has a typed path"
    );
}

/// Generates every fixture into a folder, checks each Rust file parses and a
/// second write changes nothing.
#[test]
fn fixtures_generate_parseable_rust() {
    enter_root();
    for file in FIXTURES {
        let (_, files) = hubspot_codegen::generate(&config(&[file]))
            .unwrap_or_else(|e| panic!("fixture {file} does not generate: {e}"));
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("client");
        let written = output::write(&out, &files).expect("write");
        assert_eq!(written.len(), files.len(), "{file}: every file is new");
        for rel in files
            .keys()
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        {
            let text = std::fs::read_to_string(out.join(rel)).expect("read back");
            if let Err(e) = syn::parse_file(&text) {
                panic!("{file}: {} does not parse: {e}", rel.display());
            }
        }
        assert!(
            files.contains_key(Path::new("src/lib.rs")),
            "{file}: no lib.rs"
        );
        assert_eq!(output::diff(&out, &files).expect("diff"), []);
        assert_eq!(output::write(&out, &files).expect("rewrite"), []);
    }
}

/// The emitted types of one small fixture, so that emitter changes show up in
/// review.
#[test]
fn recursion_types_rs() {
    enter_root();
    let (_, files) =
        hubspot_codegen::generate(&config(&["recursion.yaml"])).unwrap_or_else(|e| panic!("{e}"));
    let types = &files[Path::new("crates/recursion/src/types.rs")];
    insta::assert_snapshot!("recursion_types_rs", types);
}

/// All fixtures as one crate must pass `cargo check` (with warnings denied).
///
/// Starts from the workspace's lock file (the same versions, so nothing is
/// resolved afresh) and a target folder shared between runs
/// (`target/fixture-check`); cargo downloads what the cache lacks, as any
/// build does.
#[test]
fn fixtures_compile() {
    enter_root();
    let (_, files) = hubspot_codegen::generate(&config(FIXTURES)).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().expect("tempdir");
    output::write(&dir.path().join("client"), &files).expect("write");
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"client\"]\n",
    )
    .expect("write workspace manifest");
    // Same dependency versions as the workspace, so the shared target folder
    // is reused and nothing needs resolving afresh.
    std::fs::copy(root().join("Cargo.lock"), dir.path().join("Cargo.lock")).expect("copy lock");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let result = Command::new(cargo)
        // With the response types' fixture constructors (`test-util`) and
        // the fake, so that they are type-checked for every fixture spec.
        .args([
            "check",
            "--quiet",
            "--features",
            "test-util",
            "--manifest-path",
        ])
        .arg(dir.path().join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root().join("target/fixture-check"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "the fixtures' generated crate does not compile:\n{stderr}"
    );
}

// ---------------------------------------------------------------------------
// Pinned properties. The snapshots hold all of this too; these say why.

/// A type moves to a shared module only with every type it reaches, and
/// only for the APIs that declare all of them alike; each set of APIs gets
/// its own module.
#[test]
fn types_are_shared_by_the_apis_that_declare_them_alike() {
    enter_root();
    let files = ["shared_a.yaml", "shared_b.yaml", "shared_c.yaml"];
    let krate = hubspot_codegen::build_ir(&config(&files)).unwrap_or_else(|e| panic!("{e}"));
    let groups: Vec<(&str, Vec<&str>, Vec<&str>)> = krate
        .shared
        .iter()
        .map(|g| {
            (
                g.module.as_str(),
                g.apis.iter().map(String::as_str).collect(),
                g.types.iter().map(|d| d.name.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (
                "shared",
                vec!["shared_a", "shared_b"],
                vec!["Child", "Item"]
            ),
            (
                "shared_2",
                vec!["shared_a", "shared_c"],
                vec!["Other", "UsesOther"]
            ),
            // Aliases only: its crate must not import what it does not use.
            ("shared_3", vec!["shared_b", "shared_c"], vec!["Labels"]),
        ]
    );
    let by_module = |m: &str| krate.apis.iter().find(|a| a.module == m).expect(m);
    let own =
        |m: &str| -> Vec<&str> { by_module(m).types.iter().map(|d| d.name.as_str()).collect() };
    let reexported = |m: &str| -> Vec<TypeRef> { by_module(m).shared.clone() };
    assert_eq!(
        reexported("shared_a"),
        [
            named("shared", "Child"),
            named("shared", "Item"),
            named("shared_2", "Other"),
            named("shared_2", "UsesOther"),
        ]
    );
    assert_eq!(own("shared_a"), ["Page"]);
    assert_eq!(
        reexported("shared_b"),
        [
            named("shared", "Child"),
            named("shared", "Item"),
            named("shared_3", "Labels"),
        ]
    );
    assert_eq!(own("shared_b"), ["Other", "Page", "UsesOther"]);
    assert_eq!(
        reexported("shared_c"),
        [
            named("shared_2", "Other"),
            named("shared_2", "UsesOther"),
            named("shared_3", "Labels"),
        ]
    );
    assert_eq!(own("shared_c"), ["Child", "Item", "Page"]);
    // References follow the move: A's and B's pages list the shared Item,
    // C's page its own.
    for (module, item_module) in [
        ("shared_a", "shared"),
        ("shared_b", "shared"),
        ("shared_c", "shared_c"),
    ] {
        let page = find(by_module(module), "Page");
        let TypeKind::Struct { fields, .. } = &page.kind else {
            panic!("Page is a struct");
        };
        assert_eq!(
            fields[0].ty,
            TypeRef::Array(Box::new(named(item_module, "Item"))),
            "{module}"
        );
    }
    let item = &krate.shared[0].types[1];
    assert!(
        item.source.starts_with("tests/fixtures/shared_a.yaml#"),
        "{}",
        item.source
    );
    assert_eq!(
        item.same_as,
        ["tests/fixtures/shared_b.yaml#/components/schemas/Item"]
    );

    // Without sharing, every API keeps all its types.
    let mut separate = config(&files);
    separate.share_types = false;
    let krate = hubspot_codegen::build_ir(&separate).unwrap_or_else(|e| panic!("{e}"));
    assert!(krate.shared.is_empty());
    assert!(krate.apis.iter().all(
        |a| a.shared.is_empty() && a.types.len() == if a.module == "shared_a" { 5 } else { 6 }
    ));
}

fn find<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name} in {}", api.module))
}

fn fields(def: &TypeDef) -> Vec<(&str, &str, bool)> {
    match &def.kind {
        TypeKind::Struct { fields, .. } => fields
            .iter()
            .map(|f| (f.name.as_str(), f.rust_name.as_str(), f.boxed))
            .collect(),
        other => panic!("{} is not a struct: {other:?}", def.name),
    }
}

fn named(module: &str, name: &str) -> TypeRef {
    TypeRef::Named {
        module: module.into(),
        name: name.into(),
    }
}

#[test]
fn recursion_is_boxed_only_where_needed() {
    let api = fixture_api("recursion.yaml");
    let boxed = |ty: &str, field: &str| {
        fields(find(&api, ty))
            .into_iter()
            .find(|(n, _, _)| *n == field)
            .unwrap_or_else(|| panic!("no field {ty}.{field}"))
            .2
    };
    assert!(!boxed("Tree", "children"), "Vec<Tree> needs no Box");
    assert!(boxed("Node", "next"), "Node.next holds a Node");
    assert!(boxed("Node", "prev"), "Node.prev holds a Node");
    assert!(boxed("A", "b") && boxed("B", "a"), "A -> B -> A");
    assert!(!boxed("B", "many"), "Vec<A> needs no Box");
    assert!(boxed("Binary", "left") && boxed("Binary", "right"));
    assert!(!boxed("Directory", "entries"), "a map needs no Box");
    assert!(boxed("Category", "parent"), "recursion through allOf");
    match &find(&api, "Expr").kind {
        TypeKind::Union { variants, .. } => {
            let binary = variants.iter().find(|v| v.rust_name == "Binary").unwrap();
            assert!(binary.boxed, "Expr::Binary holds an Expr");
        }
        other => panic!("Expr is not a union: {other:?}"),
    }
}

#[test]
fn path_parameters_follow_url_order() {
    let api = fixture_api("operations.yaml");
    for method_name in ["get_issue", "delete_issue"] {
        let op = api
            .root
            .all_operations()
            .into_iter()
            .find(|o| o.method_name == method_name)
            .unwrap_or_else(|| panic!("no operation {method_name}"));
        let path: Vec<&str> = op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(path, ["orgId", "repoId", "issueNumber"], "{method_name}");
        assert_eq!(
            op.params[0].location,
            ParamLocation::Path,
            "path parameters come first"
        );
        if method_name == "delete_issue" {
            assert_eq!(op.params[0].ty, TypeRef::I64, "operation level overrides");
        } else {
            let fields = op.params.iter().find(|p| p.name == "fields").unwrap();
            assert!(!fields.explode, "explode: false is kept");
            let labels = op.params.iter().find(|p| p.name == "labels").unwrap();
            assert!(labels.explode, "form style explodes by default");
        }
    }
}

#[test]
fn status_outputs() {
    let api = fixture_api("operations.yaml");
    let ops = api.root.all_operations();
    let op = |id: &str| {
        *ops.iter()
            .find(|o| o.operation_id.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("no operation {id}"))
    };
    match &op("batchUpdate").output {
        Output::ByStatus { variants, .. } => {
            let statuses: Vec<Status> = variants.iter().map(|v| v.status).collect();
            assert_eq!(statuses, [Status::Code(200), Status::Code(207)]);
        }
        other => panic!("200 + 207 with different bodies: {other:?}"),
    }
    // A `2XX` range is a variant of its own (and takes the 2xx statuses no
    // other variant names), not dropped.
    match &op("latestReport").output {
        Output::ByStatus { variants, .. } => {
            let got: Vec<(Status, &str)> = variants
                .iter()
                .map(|v| (v.status, v.rust_name.as_str()))
                .collect();
            assert_eq!(
                got,
                [
                    (Status::Code(200), "Success"),
                    (Status::Range(2), "AnySuccess")
                ]
            );
        }
        other => panic!("200 + 2XX with different bodies: {other:?}"),
    }
    let ping = ops.iter().find(|o| o.path == "/ping").expect("/ping");
    assert!(
        matches!(
            &ping.output,
            Output::Single {
                body: ResponseBody::Json(_)
            }
        ),
        "a default-only response is the success body: {:?}",
        ping.output
    );
    let get_issue = op("getIssue");
    let error = ResponseBody::Json(named("operations", "ErrorModel"));
    for status in ["404", "default"] {
        let r = get_issue
            .responses
            .iter()
            .find(|r| r.status.to_string() == status)
            .unwrap();
        assert_eq!(r.body, error, "*/* error body of {status} is JSON");
    }
}

#[test]
fn names_are_valid_and_unique() {
    let api = fixture_api("names.yaml");
    let keywords = fields(find(&api, "Keywords"));
    let rust = |wire: &str| {
        keywords
            .iter()
            .find(|(n, _, _)| *n == wire)
            .unwrap_or_else(|| panic!("no field {wire}"))
            .1
    };
    assert_eq!(rust("type"), "r#type");
    assert_eq!(rust("self"), "self_");
    assert_eq!(rust("match"), "r#match");
    assert_eq!(rust("crate"), "crate_");
    assert_eq!(rust("1st"), "_1st");
    assert_ne!(rust("fooBar"), rust("foo_bar"));
    let mut all: Vec<&str> = keywords.iter().map(|(_, r, _)| *r).collect();
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count, "field names are unique: {keywords:?}");

    let mut types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    let count = types.len();
    types.sort();
    types.dedup();
    assert_eq!(types.len(), count, "type names are unique");
    assert!(
        types.contains(&"Foo") && types.contains(&"Foo2"),
        "{types:?}"
    );
}

#[test]
fn enum_variants_are_valid_and_unique() {
    let api = fixture_api("enums.yaml");
    for def in &api.types {
        if let TypeKind::Enum { values } = &def.kind {
            let mut names: Vec<&str> = values.iter().map(|v| v.rust_name.as_str()).collect();
            assert!(
                !names.contains(&"Unknown"),
                "{}: Unknown is reserved",
                def.name
            );
            for n in &names {
                assert!(
                    syn::parse_str::<syn::Ident>(n).is_ok(),
                    "{}: {n} is not an identifier",
                    def.name
                );
            }
            let count = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), count, "{}: variants are unique", def.name);
        }
    }
    match &find(&api, "CaseClash").kind {
        TypeKind::Enum { values } => {
            let wire: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
            assert_eq!(
                wire,
                ["a", "A", "fooBar", "foo_bar", "FOO_BAR", "foo-bar", "", "!"],
                "every distinct value once, in spec order"
            );
        }
        other => panic!("CaseClash is not an enum: {other:?}"),
    }
}

/// The accessor path and method name of every operation (`batch.read`).
fn call_tree(api: &Api) -> Vec<String> {
    fn walk(svc: &hubspot_codegen::ir::Service, trail: &str, out: &mut Vec<String>) {
        for op in &svc.operations {
            out.push(format!("{trail}{}", op.method_name));
        }
        for c in &svc.children {
            walk(c, &format!("{trail}{}.", c.accessor), out);
        }
    }
    let mut out = Vec::new();
    walk(&api.root, "", &mut out);
    out
}

/// A single-value enum (or `const`) path parameter is written into the
/// path, never asked for; the planner reads past it, so the object's own
/// operations are the API and the Associations API's paths group under
/// `associations`.
#[test]
fn a_bound_object_type_is_fixed_and_the_associations_group_apart() {
    let api = fixture_api("bound.yaml");
    assert_eq!(
        call_tree(&api),
        [
            "list",
            "get",
            "batch.read",
            "batch.archive",
            "associations.create",
            "associations.batch.create",
            "associations.batch.read",
        ]
    );
    for op in api.root.all_operations() {
        let bound: Vec<_> = op
            .params
            .iter()
            .filter(|p| p.name == "objectType" || p.name == "fromObjectType")
            .collect();
        assert_eq!(bound.len(), 1, "{}", op.path);
        assert_eq!(
            bound[0].binding,
            Binding::Fixed {
                value: "widgets".into()
            },
            "{}",
            op.path
        );
        assert_eq!(
            bound[0].ty,
            TypeRef::String,
            "no enum type for a fixed value"
        );
    }
    assert!(api.params.is_empty(), "a fixed parameter is not the API's");
    // A batch read only reads, whichever prefix it is under; an archive
    // writes, but archiving twice leaves the same state; a create does not.
    let classes: Vec<(String, RequestClass)> = api
        .root
        .all_operations()
        .iter()
        .filter(|op| op.path.contains("/batch/"))
        .map(|op| (op.path.clone(), op.class))
        .collect();
    assert_eq!(
        classes,
        [
            (
                "/crm/objects/2026-09/{objectType}/batch/read".into(),
                RequestClass::Read
            ),
            (
                "/crm/objects/2026-09/{objectType}/batch/archive".into(),
                RequestClass::Idempotent
            ),
            (
                "/crm/associations/2026-09/{fromObjectType}/{toObjectType}/batch/create".into(),
                RequestClass::Method
            ),
            (
                "/crm/associations/2026-09/{fromObjectType}/{toObjectType}/batch/read".into(),
                RequestClass::Read
            ),
        ]
    );
    assert!(
        api.types.iter().all(|t| !t.name.contains("ObjectType")),
        "no type generated for the fixed values: {:?}",
        api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
    );
}

/// A path parameter every operation takes becomes an argument of the API's
/// accessor.
#[test]
fn a_parameter_every_operation_takes_belongs_to_the_api() {
    let api = fixture_api("api_param.yaml");
    let names: Vec<&str> = api.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["objectType"]);
    for op in api.root.all_operations() {
        let p = op
            .params
            .iter()
            .find(|p| p.name == "objectType")
            .expect("objectType");
        assert_eq!(p.binding, Binding::Api, "{}", op.path);
        assert!(
            op.params
                .iter()
                .filter(|p| p.name != "objectType")
                .all(|p| p.binding == Binding::Call),
            "{}",
            op.path
        );
    }
    // The one-operation API of another fixture keeps its parameters.
    let ops = fixture_api("operations.yaml");
    assert!(ops.params.is_empty());
}

/// Two APIs that reference the same schema files each get their own copy of
/// those types (merged into a shared crate when alike), so no API crate
/// ever depends on another.
#[test]
fn apis_referencing_one_schema_file_never_use_each_others_types() {
    enter_root();
    let krate = hubspot_codegen::build_ir(&config(&["cross_file.yaml", "cross_file.yaml"]))
        .unwrap_or_else(|e| panic!("{e}"));
    let apis: Vec<&str> = krate.apis.iter().map(|a| a.module.as_str()).collect();
    assert_eq!(apis, ["cross_file", "cross_file_2"]);
    for api in &krate.apis {
        let used = api.referenced_modules();
        for other in apis.iter().filter(|m| **m != api.module) {
            assert!(
                !used.contains(*other),
                "{} uses {other}: {used:?}",
                api.module
            );
        }
        assert!(
            !api.shared.is_empty(),
            "{}: the alike copies are shared",
            api.module
        );
    }
}

/// The methods of every request builder are its inputs' setters and the
/// members `naming::BUILDER_MEMBERS` reserves (which parameters' setters
/// never take): a new builder method must be added there, or a parameter
/// named like it would collide.
#[test]
fn builder_methods_are_setters_or_reserved_members() {
    enter_root();
    let bundled = hubspot_codegen::bundled_config(Path::new("specs")).expect("read specs/");
    let mut checked = 0;
    for config in [config(FIXTURES), bundled] {
        let (_, files) = hubspot_codegen::generate(&config).unwrap_or_else(|e| panic!("{e}"));
        for (path, text) in files.iter().filter(|(p, _)| p.ends_with("builders.rs")) {
            let file = syn::parse_file(text).expect("builders parse");
            for item in &file.items {
                let syn::Item::Impl(imp) = item else { continue };
                for member in &imp.items {
                    let syn::ImplItem::Fn(f) = member else {
                        continue;
                    };
                    let name = f.sig.ident.to_string();
                    let setter = f.sig.inputs.iter().nth(1).is_some_and(|arg| {
                        matches!(arg, syn::FnArg::Typed(t)
                            if matches!(&*t.pat, syn::Pat::Ident(i) if i.ident == "value"))
                    });
                    let reserved =
                        hubspot_codegen::naming::BUILDER_MEMBERS.contains(&name.as_str());
                    assert!(
                        setter || reserved,
                        "{}: `{name}` is a builder method naming::BUILDER_MEMBERS lacks",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} methods seen");
}
