//! Bad inputs give an `Err` (never a panic) whose message names the file, the
//! place in it (a JSON pointer, or line:column for syntax errors) and the
//! operation being lowered, if any.

use hubspot_codegen::{Config, Error};
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
        };
        let result = std::panic::catch_unwind(|| hubspot_codegen::generate(&config));
        match result {
            Err(_) => panic!("the generator panicked on {spec}"),
            Ok(Ok(_)) => panic!("{spec} generated without an error"),
            Ok(Err(e)) => e,
        }
    }
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
fn dangling_ref_in_the_same_file() {
    let text = get_with_schema("                $ref: '#/components/schemas/Missing'\n");
    let inputs = Inputs::new(&[("api.yaml", &text)]);
    let err = inputs.error("api.yaml");
    assert!(matches!(err, Error::Reference { .. }), "{err:?}");
    let file = display(&inputs.path("api.yaml"));
    assert_eq!(
        err.to_string(),
        format!(
            "{file}:14:17 at #{RESPONSE_SCHEMA}/$ref: unresolved $ref `#/components/schemas/Missing`: {file} has nothing at #/components/schemas/Missing"
        )
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
fn dangling_ref_into_another_file() {
    let text = get_with_schema("                $ref: './other.json#/$defs/Missing'\n");
    let other = "{\n  \"$defs\": {\n    \"Thing\": {\"type\": \"string\"}\n  }\n}\n";
    let inputs = Inputs::new(&[("api.yaml", &text), ("other.json", other)]);
    let msg = inputs.error("api.yaml").to_string();
    let file = display(&inputs.path("api.yaml"));
    assert!(
        msg.starts_with(&format!("{file}:14:17 at #{RESPONSE_SCHEMA}/$ref:")),
        "{msg}"
    );
    assert!(
        msg.contains("other.json has nothing at #/$defs/Missing"),
        "{msg}"
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
