//! Path items to operations: parameters in URL order, bodies, responses and
//! the success output.
//!
//! `parameters` reads the parameters, `request_body` the body sent,
//! `responses` the responses and the success output, and `media` picks the
//! media type of a body; this module follows `$ref`s and puts an operation
//! together.

mod media;
mod parameters;
mod request_body;
mod responses;

use super::Ctx;
use crate::error::{describe, Error, Result};
use crate::ir::{Method, Operation, RequestClass};
use crate::load::{join, FileId};
use serde_json::Value;

/// The names the service planner gives an operation.
pub struct OperationNames {
    /// The method on its service (`list`).
    pub method: crate::naming::RustIdent,
    /// Its request builder (`GetPage`).
    pub builder: String,
    /// Its name in traces (`batch.archive`).
    pub trace: String,
}

impl Ctx<'_> {
    /// Follows a `$ref` on a non-schema object (parameter, response, body).
    /// A dangling one is an error: such objects have no stand-in.
    /// A `$ref` that is no string is an error too: the object would
    /// otherwise be read as one without any of its fields.
    pub(super) fn deref(&self, file: FileId, pointer: &str) -> Result<(FileId, String)> {
        let mut chain = self.deref_chain(file, pointer)?;
        Ok(chain.pop().unwrap_or((file, pointer.to_string())))
    }

    /// What [`deref`](Self::deref) follows: the object at (`file`,
    /// `pointer`), each object its `$ref` leads to, and last the one
    /// without a `$ref`.
    fn deref_chain(&self, file: FileId, pointer: &str) -> Result<Vec<(FileId, String)>> {
        let mut chain = Vec::new();
        let mut at = (file, pointer.to_string());
        for _ in 0..32 {
            match self.refs.target(at.0, &at.1) {
                Some(t) => chain.push(std::mem::replace(&mut at, (t.file, t.pointer.clone()))),
                None => {
                    if let Some(e) = self.refs.dangling_error(self.docs, at.0, &at.1) {
                        return Err(e);
                    }
                    return match self.docs.value(at.0, &at.1).and_then(|v| v.get("$ref")) {
                        Some(r) if !r.is_string() => Err(Error::Spec {
                            at: self.docs.location(at.0, &join(&at.1, "$ref")),
                            operation: None,
                            message: format!("`$ref` must be a string, not {}", describe(r)),
                        }),
                        _ => {
                            chain.push(at);
                            Ok(chain)
                        }
                    };
                }
            }
        }
        Err(Error::Spec {
            at: self.docs.location(file, pointer),
            operation: None,
            message: "reference chain too long".into(),
        })
    }

    /// Lowers one operation of `module`'s document, with the names the
    /// service planner gave it; its builder's name also names the inline
    /// types it needs.
    pub fn operation(
        &mut self,
        module: &str,
        file: FileId,
        path: &str,
        method: Method,
        names: &OperationNames,
    ) -> Result<Operation> {
        let item_ptr = join("/paths", path);
        let (ifile, item_ptr) = self.deref(file, &item_ptr)?;
        let op_ptr = join(&item_ptr, method.key());
        let label = format!("{} {}", method.key().to_uppercase(), path);
        let value = self
            .docs
            .value(ifile, &op_ptr)
            .cloned()
            .unwrap_or(Value::Null);
        let first_warning = self.warnings.len();
        let result = self.operation_inner(
            module, ifile, path, method, &item_ptr, &op_ptr, &value, names,
        );
        for w in &mut self.warnings[first_warning..] {
            w.operation.get_or_insert_with(|| label.clone());
        }
        result.map_err(|e| e.in_operation(&label))
    }

    #[allow(clippy::too_many_arguments)]
    fn operation_inner(
        &mut self,
        module: &str,
        file: FileId,
        path: &str,
        method: Method,
        item_ptr: &str,
        op_ptr: &str,
        value: &Value,
        names: &OperationNames,
    ) -> Result<Operation> {
        let builder_hint = names.builder.as_str();
        let params = self.parameters(module, file, path, item_ptr, op_ptr, builder_hint)?;

        let body = match value.get("requestBody") {
            Some(_) => {
                self.request_body(module, file, &join(op_ptr, "requestBody"), builder_hint)?
            }
            None => None,
        };
        let (responses, output) = self.responses(module, file, op_ptr, value, builder_hint)?;

        Ok(Operation {
            operation_id: value
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string),
            method_name: names.method.clone(),
            builder: names.builder.clone(),
            trace_name: names.trace.clone(),
            method,
            path: path.to_string(),
            summary: value
                .get("summary")
                .and_then(Value::as_str)
                .map(|s| s.trim().to_string()),
            description: value
                .get("description")
                .and_then(Value::as_str)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            deprecated: value.get("deprecated") == Some(&Value::Bool(true)),
            params,
            body,
            responses,
            output,
            class: RequestClass::Method,
            paging: None,
            batch: None,
            secret_response: false,
            shared_builder: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::Config;

    /// The error for the API document `yaml`, its file written `api.yaml`.
    fn error(name: &str, yaml: &str) -> String {
        let dir = std::env::temp_dir().join(format!(
            "hubspot-codegen-operations-{name}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let path = dir.join("api.yaml");
        let text = format!("openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n{yaml}");
        std::fs::write(&path, text).expect("write");
        let config = Config {
            specs: vec![path.clone()],
            name: "t".into(),
            version: "0.0.0".into(),
            description: "Test.".into(),
            versions: Vec::new(),
            share_types: true,
            properties: Vec::new(),
            publish: false,
        };
        let result = crate::generate(&config);
        std::fs::remove_dir_all(&dir).expect("rmdir");
        match result {
            Ok(_) => panic!("{name} generated"),
            Err(e) => e
                .to_string()
                .replace(&path.display().to_string(), "api.yaml"),
        }
    }

    const OK: &str = "      responses:\n        '204':\n          description: ok\n";

    #[test]
    fn a_wrong_key_of_a_parameter_is_named_a_missing_one_at_the_parameter() {
        let e = error(
            "in",
            &format!(
                "  /a:\n    get:\n      parameters:\n        - name: q\n          in: body\n{OK}"
            ),
        );
        assert_eq!(e, "api.yaml:10:11 at #/paths/~1a/get/parameters/0/in (operation GET /a): parameter `q` has an invalid `in`: \"body\" (path, query, header or cookie)");
        let e = error(
            "name",
            &format!(
                "  /a:\n    get:\n      parameters:\n        - name: 7\n          in: query\n{OK}"
            ),
        );
        assert_eq!(e, "api.yaml:9:11 at #/paths/~1a/get/parameters/0/name (operation GET /a): a parameter's `name` must be a string, not 7");
        let e = error(
            "no-in",
            &format!("  /a:\n    get:\n      parameters:\n        - name: q\n{OK}"),
        );
        assert_eq!(e, "api.yaml:9:11 at #/paths/~1a/get/parameters/0 (operation GET /a): parameter `q` has no `in` (path, query, header or cookie)");
    }

    #[test]
    fn lists_and_maps_of_the_wrong_type_are_named() {
        let e = error(
            "parameters",
            &format!("  /a:\n    get:\n      parameters: 7\n{OK}"),
        );
        assert_eq!(e, "api.yaml:8:7 at #/paths/~1a/get/parameters (operation GET /a): `parameters` must be an array (of parameters and `$ref`s to them), not 7");
        let e = error("responses", "  /a:\n    get:\n      responses: []\n");
        assert_eq!(e, "api.yaml:8:7 at #/paths/~1a/get/responses (operation GET /a): `responses` must be an object (status code to response), not an array");
        let e = error(
            "ref",
            &format!("  /a:\n    get:\n      parameters:\n        - $ref: 7\n{OK}"),
        );
        assert_eq!(e, "api.yaml:9:11 at #/paths/~1a/get/parameters/0/$ref (operation GET /a): `$ref` must be a string, not 7");
    }

    #[test]
    fn a_parameter_reached_through_a_ref_names_the_ref() {
        let e = error(
            "through",
            &format!("  /a:\n    get:\n      parameters:\n        - $ref: '#/info'\n{OK}"),
        );
        assert_eq!(e, "api.yaml:2:1 at #/info (operation GET /a): parameter without a `name` (reached through the $ref at api.yaml:9:11 at #/paths/~1a/get/parameters/0/$ref)");
        let e = error(
            "chain",
            &format!("  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/P'\n{OK}components:\n  parameters:\n    P:\n      $ref: '#/info'\n"),
        );
        assert_eq!(e, "api.yaml:2:1 at #/info (operation GET /a): parameter without a `name` (reached through the $refs at api.yaml:9:11 at #/paths/~1a/get/parameters/0/$ref, then api.yaml:16:7 at #/components/parameters/P/$ref)");
    }

    #[test]
    fn an_undeclared_path_parameter_is_missing_from_the_list_and_names_a_misnamed_one() {
        let e = error(
            "stray",
            &format!("  /a/{{id}}:\n    get:\n      parameters:\n        - name: ld\n          in: path\n{OK}"),
        );
        assert_eq!(e, "api.yaml:8:7 at #/paths/~1a~1{id}/get/parameters (operation GET /a/{id}): path parameter `{id}` is not declared; declared but not in the path: `ld` (api.yaml:9:11 at #/paths/~1a~1{id}/get/parameters/0/name)");
    }
}
