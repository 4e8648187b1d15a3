//! Bad inputs give an `Err` (never a panic) whose message names the file, the
//! place in it (a JSON pointer, or line:column for syntax errors) and the
//! operation being lowered, if any. Faults the generator can work around
//! without producing wrong code (a `$ref` to nothing in a schema, a path
//! parameter the path does not have) generate, with a warning that names the
//! file, the pointer and what was done instead.

use hubspot_codegen::ir::{Output, ResponseBody, TypeRef};
use hubspot_codegen::{Config, Diagnostic, Error, Generated};
use std::path::{Path, PathBuf};

/// A folder of input files for one test.
struct Inputs {
    dir: tempfile::TempDir,
}

impl Inputs {
    fn new(files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).expect("mkdir");
            std::fs::write(path, text).expect("write input");
        }
        Inputs { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Generates from `spec` and returns the error.
    fn error(&self, spec: &str) -> Error {
        let config = Config {
            specs: vec![self.path(spec)],
            name: "bad".into(),
            version: "0.0.0".into(),
            description: "Should not generate.".into(),
            versions: Vec::new(),
            share_types: true,
            properties: Vec::new(),
            publish: true,
        };
        let result = std::panic::catch_unwind(|| hubspot_codegen::generate(&config));
        match result {
            Err(_) => panic!("the generator panicked on {spec}"),
            Ok(Ok(_)) => panic!("{spec} generated without an error"),
            Ok(Err(e)) => e,
        }
    }

    /// Generates from `spec`, which must succeed, with its warnings.
    fn generated(&self, spec: &str) -> Generated {
        let config = Config {
            specs: vec![self.path(spec)],
            name: "warned".into(),
            version: "0.0.0".into(),
            description: "Generates with warnings.".into(),
            versions: Vec::new(),
            share_types: true,
            properties: Vec::new(),
            publish: true,
        };
        let result = std::panic::catch_unwind(|| hubspot_codegen::generate_with_warnings(&config));
        match result {
            Err(_) => panic!("the generator panicked on {spec}"),
            Ok(Err(e)) => panic!("{spec} failed: {e}"),
            Ok(Ok(g)) => g,
        }
    }
}

/// The one warning of `g`, as text.
fn only_warning(g: &Generated) -> &Diagnostic {
    match g.warnings.as_slice() {
        [one] => one,
        other => panic!("expected one warning, got {other:#?}"),
    }
}

/// The text of a generated file.
fn file<'a>(g: &'a Generated, path: &str) -> &'a str {
    g.files
        .get(Path::new(path))
        .map(String::as_str)
        .unwrap_or_else(|| panic!("no {path} in {:?}", g.files.keys().collect::<Vec<_>>()))
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: Bad\n  version: \"1\"\n";

#[test]
fn malformed_yaml() {
    let text = format!("{HEAD}paths:\n  /a:\n    get: [unclosed\n    post: {{}}\n");
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let err = inputs.error("api.yaml");
    assert!(matches!(err, Error::Syntax { .. }), "{err:?}");
    let msg = err.to_string();
    let file = display(&inputs.path("api.yaml"));
    assert!(
        msg.starts_with(&format!("{file}:8:")),
        "names file and line: {msg}"
    );
    assert!(msg.contains("invalid YAML"), "{msg}");
}

#[test]
fn malformed_json_has_line_and_column() {
    let text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"x\" \"version\": \"1\"},\n  \"paths\": {}\n}\n";
    let inputs = Inputs::new(&[("api.json", text)]);
    let err = inputs.error("api.json");
    let msg = err.to_string();
    let file = display(&inputs.path("api.json"));
    assert!(
        msg.starts_with(&format!("{file}:3:25: invalid JSON")),
        "{msg}"
    );
}

#[test]
fn malformed_referenced_file_is_named() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: './schemas/broken.json'\n"
    );
    let inputs = Inputs::new(&[
        ("api.yaml", &text),
        ("schemas/broken.json", "{\n  \"type\": \"object\",\n}\n"),
    ]);
    let msg = inputs.error("api.yaml").to_string();
    assert!(msg.contains("broken.json:3:1: invalid JSON"), "{msg}");
}

fn get_with_schema(schema: &str) -> String {
    format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n{schema}"
    )
}

const RESPONSE_SCHEMA: &str = "/paths/~1a/get/responses/200/content/application~1json/schema";

#[test]
fn dangling_ref_in_the_same_file_is_untyped_with_a_warning() {
    let text = get_with_schema("                $ref: '#/components/schemas/Missing'\n");
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let g = inputs.generated("api.yaml");
    let file_name = display(&inputs.path("api.yaml"));
    assert_eq!(
        only_warning(&g).to_string(),
        format!(
            "{file_name}:14:17 at #{RESPONSE_SCHEMA}/$ref (operation GET /a): unresolved $ref `#/components/schemas/Missing`: {file_name} has nothing at #/components/schemas/Missing; typed as serde_json::Value"
        )
    );
    // The operation is still there and returns untyped JSON.
    let op = &g.ir.apis[0].root.operations[0];
    assert_eq!(op.path, "/a");
    assert!(
        matches!(
            &op.output,
            Output::Single {
                body: ResponseBody::Json(TypeRef::Json)
            }
        ),
        "{:?}",
        op.output
    );
}

#[test]
fn dangling_ref_in_a_component_property_names_the_property() {
    let text = get_with_schema("                $ref: '#/components/schemas/Page'\n")
        + "components:\n  schemas:\n    Page:\n      type: object\n      properties:\n        results:\n          type: array\n          items:\n            $ref: '#/components/schemas/RowWrapper'\n";
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let g = inputs.generated("api.yaml");
    let w = only_warning(&g);
    assert_eq!(w.at.file, inputs.path("api.yaml"));
    assert_eq!(
        w.at.pointer,
        "/components/schemas/Page/properties/results/items/$ref"
    );
    assert_eq!(w.operation, None, "a shared type belongs to no operation");
    assert!(w.message.ends_with("typed as serde_json::Value"), "{w}");
    let types = file(&g, "crates/api/src/types.rs");
    assert!(
        types.contains("Vec<serde_json::Value>"),
        "results is a list of untyped values:\n{types}"
    );
}

#[test]
fn unused_dangling_ref_is_reported() {
    let text = format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '204':\n          description: ok\n")
        + "components:\n  schemas:\n    Unused:\n      $ref: '#/components/schemas/Gone'\n";
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let g = inputs.generated("api.yaml");
    let w = only_warning(&g);
    assert_eq!(w.at.pointer, "/components/schemas/Unused/$ref");
    assert!(
        w.message
            .starts_with("unresolved $ref `#/components/schemas/Gone`: "),
        "{w}"
    );
    assert!(
        w.message.ends_with("nothing generated uses it, ignored"),
        "{w}"
    );
}

#[test]
fn dangling_ref_to_a_missing_file() {
    let text = get_with_schema("                $ref: './schemas/nope.json#/$defs/Thing'\n");
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let msg = inputs.error("api.yaml").to_string();
    let file = display(&inputs.path("api.yaml"));
    assert!(
        msg.starts_with(&format!("{file}:14:17 at #{RESPONSE_SCHEMA}/$ref: unresolved $ref `./schemas/nope.json#/$defs/Thing`: file ")),
        "{msg}"
    );
    assert!(msg.contains("nope.json does not exist"), "{msg}");
}

#[test]
fn dangling_ref_into_another_file_is_untyped_with_a_warning() {
    let text = get_with_schema("                $ref: './other.json#/$defs/Missing'\n");
    let other = "{\n  \"$defs\": {\n    \"Thing\": {\"type\": \"string\"}\n  }\n}\n";
    let inputs = Inputs::new(&[("api.yaml", &text), ("other.json", other)]);
    let g = inputs.generated("api.yaml");
    let msg = only_warning(&g).to_string();
    let file = display(&inputs.path("api.yaml"));
    assert!(
        msg.starts_with(&format!(
            "{file}:14:17 at #{RESPONSE_SCHEMA}/$ref (operation GET /a):"
        )),
        "{msg}"
    );
    assert!(
        msg.contains("other.json has nothing at #/$defs/Missing"),
        "{msg}"
    );
}

#[test]
fn dangling_ref_met_by_two_apis_is_warned_about_once() {
    // Both APIs use `Holder` of the shared file, whose `gone` field points
    // at nothing. The APIs are lowered apart (in parallel), each with its
    // own copy of `Holder`; the fault is still one warning, not two.
    let text = get_with_schema("                $ref: './common.yaml#/$defs/Holder'\n");
    let common = "$defs:\n  Holder:\n    type: object\n    properties:\n      gone:\n        $ref: '#/$defs/Missing'\n";
    let inputs = Inputs::new(&[
        ("one.yaml", &text),
        ("two.yaml", &text),
        ("common.yaml", common),
    ]);
    let config = Config {
        specs: vec![inputs.path("one.yaml"), inputs.path("two.yaml")],
        name: "warned".into(),
        version: "0.0.0".into(),
        description: "Generates with warnings.".into(),
        versions: Vec::new(),
        share_types: true,
        properties: Vec::new(),
        publish: true,
    };
    let g = hubspot_codegen::generate_with_warnings(&config).expect("generates");
    let msg = only_warning(&g).to_string();
    let common = display(&inputs.path("common.yaml"));
    assert!(
        msg.starts_with(&format!(
            "{common}:6:9 at #/$defs/Holder/properties/gone/$ref"
        )),
        "{msg}"
    );
    assert!(msg.ends_with("typed as serde_json::Value"), "{msg}");
}

#[test]
fn dangling_ref_to_a_parameter_is_an_error() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Gone'\n      responses:\n        '204':\n          description: ok\n"
    );
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let err = inputs.error("api.yaml");
    assert!(matches!(err, Error::Reference { .. }), "{err:?}");
    let file = display(&inputs.path("api.yaml"));
    assert_eq!(
        err.to_string(),
        format!("{file}:9:11 at #/paths/~1a/get/parameters/0/$ref: unresolved $ref `#/components/parameters/Gone`: {file} has nothing at #/components/parameters/Gone")
    );
}

#[test]
fn dangling_ref_in_all_of_is_an_error() {
    // Dropping the member would silently lose its properties.
    let text = get_with_schema("                allOf:\n                  - $ref: '#/components/schemas/Gone'\n                  - type: object\n                    properties:\n                      id:\n                        type: string\n");
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let err = inputs.error("api.yaml");
    assert!(matches!(err, Error::Reference { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("at #{RESPONSE_SCHEMA}/allOf/0/$ref")),
        "{msg}"
    );
    assert!(
        msg.contains("has nothing at #/components/schemas/Gone"),
        "{msg}"
    );
}

#[test]
fn dangling_path_item_ref_is_an_error() {
    let text = format!("{HEAD}paths:\n  /a:\n    $ref: '#/components/pathItems/Gone'\n");
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let err = inputs.error("api.yaml");
    assert!(matches!(err, Error::Reference { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("at #/paths/~1a/$ref: unresolved $ref"),
        "{err}"
    );
}

#[test]
fn ref_cycle_without_a_type() {
    let text = get_with_schema("                $ref: '#/components/schemas/A'\n")
        + "components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n";
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let err = inputs.error("api.yaml");
    assert!(matches!(err, Error::Reference { .. }), "{err:?}");
    let msg = err.to_string();
    let file = display(&inputs.path("api.yaml"));
    assert!(
        msg.starts_with(&format!("{file}:18:7 at #/components/schemas/A/$ref: unresolved $ref `#/components/schemas/B`: $ref cycle with no type in it: ")),
        "{msg}"
    );
    assert!(
        msg.ends_with(&format!(
            "{file}#/components/schemas/A -> {file}#/components/schemas/B -> {file}#/components/schemas/A"
        )),
        "the whole chain: {msg}"
    );
}

#[test]
fn unsupported_not_in_an_operation() {
    let text = get_with_schema("                not:\n                  type: string\n");
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let err = inputs.error("api.yaml");
    assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
    let file = display(&inputs.path("api.yaml"));
    assert_eq!(
        err.to_string(),
        format!(
            "{file}:14:17 at #{RESPONSE_SCHEMA}/not (operation GET /a): unsupported: keyword `not`"
        )
    );
}

#[test]
fn unsupported_not_in_a_component() {
    let text = get_with_schema("                $ref: '#/components/schemas/Thing'\n")
        + "components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        id:\n          not:\n            type: integer\n";
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let msg = inputs.error("api.yaml").to_string();
    let file = display(&inputs.path("api.yaml"));
    assert_eq!(
        msg,
        format!("{file}:21:11 at #/components/schemas/Thing/properties/id/not: unsupported: keyword `not`")
    );
}

#[test]
fn unsupported_cookie_parameter() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - name: session\n          in: cookie\n          schema:\n            type: string\n      responses:\n        '204':\n          description: ok\n"
    );
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let err = inputs.error("api.yaml");
    let file = display(&inputs.path("api.yaml"));
    assert_eq!(
        err.to_string(),
        format!("{file}:10:11 at #/paths/~1a/get/parameters/0/in (operation GET /a): unsupported: cookie parameter `session`")
    );
}

#[test]
fn unsupported_swagger_2() {
    let text = "swagger: \"2.0\"\ninfo:\n  title: Old\n  version: \"1\"\npaths: {}\n";
    let inputs = Inputs::new(&[("api.yaml", text)]);
    let err = inputs.error("api.yaml");
    let file = display(&inputs.path("api.yaml"));
    assert_eq!(
        err.to_string(),
        format!(
            "{file}:1:1 at #/swagger: unsupported: Swagger 2.0 (convert it to OpenAPI 3 first)"
        )
    );
}

#[test]
fn undeclared_path_parameter() {
    let text = format!(
        "{HEAD}paths:\n  /things/{{thingId}}:\n    get:\n      responses:\n        '204':\n          description: ok\n"
    );
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let err = inputs.error("api.yaml");
    assert!(matches!(err, Error::Spec { .. }), "{err:?}");
    let file = display(&inputs.path("api.yaml"));
    assert_eq!(
        err.to_string(),
        format!("{file}:7:5 at #/paths/~1things~1{{thingId}}/get (operation GET /things/{{thingId}}): path parameter `{{thingId}}` is not declared")
    );
}

#[test]
fn path_parameter_not_in_the_path_is_ignored_with_a_warning() {
    let text = format!(
        "{HEAD}paths:\n  /things/{{thingId}}:\n    get:\n      parameters:\n        - name: objectType\n          in: path\n          required: true\n          schema:\n            type: string\n        - name: thingId\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '204':\n          description: ok\n"
    );
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let g = inputs.generated("api.yaml");
    let file = display(&inputs.path("api.yaml"));
    assert_eq!(
        only_warning(&g).to_string(),
        format!("{file}:9:11 at #/paths/~1things~1{{thingId}}/get/parameters/0 (operation GET /things/{{thingId}}): path parameter `objectType` does not appear in the path `/things/{{thingId}}`; ignored")
    );
    let op = &g.ir.apis[0].root.operations[0];
    let names: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["thingId"], "only the parameter the URL has");
}

/// A specs folder whose `versions.yaml` is broken is refused with the file
/// and the place in it; a version without its folder names the folder.
#[test]
fn a_broken_versions_file_names_itself() {
    let cases: [(&str, &str); 3] = [
        (
            "default: \"2027-03\"\nversions:\n  - name: \"2026-09\"\n",
            "the default version `2027-03` is not listed",
        ),
        ("default: v3\nversions: 3\n", "versions.yaml:2:"),
        (
            "default: v3\nversion:\n  - name: v3\n",
            "unknown field `version`",
        ),
    ];
    for (text, expected) in cases {
        let inputs = Inputs::new(&[("specs/versions.yaml", text)]);
        let result = hubspot_codegen::bundled_config(&inputs.path("specs"));
        let error = result
            .expect_err("a broken versions.yaml is refused")
            .to_string();
        assert!(error.contains("versions.yaml"), "{error}");
        assert!(error.contains(expected), "{error}");
    }
    let inputs = Inputs::new(&[(
        "specs/versions.yaml",
        "default: v9\nversions:\n  - name: v9\n",
    )]);
    let error = hubspot_codegen::bundled_config(&inputs.path("specs"))
        .expect_err("a version without its folder is refused")
        .to_string();
    assert!(error.contains("v9"), "{error}");
}

/// Generates from one API and the property definitions `props`, and returns
/// the error.
fn property_error(props: &str) -> (Error, String) {
    let inputs = Inputs::new(&[
        (
            "api.yaml",
            &get_with_schema("                type: string\n"),
        ),
        ("props.yaml", props),
    ]);
    let config = Config {
        specs: vec![inputs.path("api.yaml")],
        name: "bad".into(),
        version: "0.0.0".into(),
        description: "Should not generate.".into(),
        versions: Vec::new(),
        share_types: true,
        properties: vec![inputs.path("props.yaml")],
        publish: true,
    };
    let result = std::panic::catch_unwind(|| hubspot_codegen::generate(&config));
    match result {
        Err(_) => panic!("the generator panicked on {props}"),
        Ok(Ok(_)) => panic!("{props} generated without an error"),
        Ok(Err(e)) => (e, display(&inputs.path("props.yaml"))),
    }
}

#[test]
fn bad_property_definitions_name_the_file_and_the_pointer() {
    let cases = [
        (
            "objectType: calls\nresults:\n  - name: hs_x\n    type: currency\n",
            ":4:5 at #/results/0/type",
            "unknown property type `currency`",
        ),
        (
            "objectType: calls\nresults:\n  - name: hs_x\n    type: string\n  - name: hs_x\n    type: string\n",
            ":5:5 at #/results/1/name",
            "`hs_x` is defined twice",
        ),
        (
            "objectType: calls\ncreate:\n  required: [hs_y]\nresults:\n  - name: hs_x\n    type: string\n",
            " at #/create/required/0",
            "`hs_y` is not among the definitions",
        ),
        (
            "objectType: calls\ncreate:\n  required: [hs_x]\nresults:\n  - name: hs_x\n    type: string\n    modificationMetadata: {readOnlyValue: true}\n",
            " at #/create/required/0",
            "`hs_x` is read-only",
        ),
        (
            "objectType: calls\nresults: {}\n",
            " at #/results",
            "expected the list of property definitions",
        ),
        (
            "associationTypes:\n  - {name: a_to_b, from: a, to: b, id: x}\n",
            " at #/associationTypes/0/id",
            "expected an integer id",
        ),
    ];
    for (props, at, message) in cases {
        let (error, file) = property_error(props);
        let text = error.to_string();
        assert!(text.starts_with(&file), "{text}");
        assert!(text.contains(at), "{at} in {text}");
        assert!(text.contains(message), "{message} in {text}");
    }
}
