//! Path items to operations: parameters in URL order, bodies, responses and
//! the success output.

use super::types::{description, hint};
use super::Ctx;
use crate::error::{describe, Diagnostic, Error, Result};
use crate::ir::{
    Binding, BodyEncoding, Method, Operation, Output, ParamLocation, Parameter, RequestBody,
    RequestClass, Response, ResponseBody, Status, StatusVariant, TypeRef,
};
use crate::load::{join, FileId};
use crate::naming::{Case, Namespace};
use serde_json::Value;

/// The names the service planner gives an operation.
pub struct OperationNames {
    /// The method on its service (`list`).
    pub method: String,
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

    /// The parameters of an operation: path-item level ones, overridden by
    /// operation level ones; path parameters in URL order, each exactly once,
    /// then the others in document order.
    fn parameters(
        &mut self,
        module: &str,
        file: FileId,
        path: &str,
        item_ptr: &str,
        op_ptr: &str,
        builder_hint: &str,
    ) -> Result<Vec<Parameter>> {
        // Parameters: path-item level ones, overridden by operation level
        // ones; each with the pointer of its entry in the list.
        let mut raw: Vec<Vec<(FileId, String)>> = Vec::new();
        // The innermost list, where a missing path parameter belongs.
        let mut innermost = None;
        for base in [item_ptr, op_ptr] {
            let list_ptr = join(base, "parameters");
            match self.docs.value(file, &list_ptr) {
                None => continue,
                Some(Value::Array(list)) => {
                    for i in 0..list.len() {
                        raw.push(self.deref_chain(file, &format!("{list_ptr}/{i}"))?);
                    }
                }
                Some(other) => {
                    return Err(Error::Spec {
                        at: self.docs.location(file, &list_ptr),
                        operation: None,
                        message: format!(
                        "`parameters` must be an array (of parameters and `$ref`s to them), not {}",
                        describe(other)
                    ),
                    })
                }
            }
            innermost = Some(list_ptr);
        }
        let mut params: Vec<Parameter> = Vec::new();
        let mut names = Namespace::with_reserved(crate::naming::BUILDER_MEMBERS.iter().copied());
        let template_vars = template_vars(path);
        // Path parameters the path has no place for: (name, where).
        let mut strays = Vec::new();
        for mut chain in raw {
            let Some((pfile, pptr)) = chain.pop() else {
                continue;
            };
            // A parameter reached through `$ref`s names them too.
            let through = |this: &Self, e: Error| {
                let refs = chain
                    .iter()
                    .map(|(f, p)| this.docs.location(*f, &join(p, "$ref")))
                    .collect();
                e.through(refs)
            };
            if let Some(name) = self.stray_path_parameter(pfile, &pptr, &template_vars) {
                // Nothing could be sent for it: the URL has no place for it.
                self.warnings.push(Diagnostic {
                    at: self.docs.location(pfile, &pptr),
                    operation: None,
                    message: format!(
                        "path parameter `{name}` does not appear in the path `{path}`; ignored"
                    ),
                });
                strays.push((name, self.docs.location(pfile, &join(&pptr, "name"))));
                continue;
            }
            // An operation-level parameter overrides a path-item one, under
            // its name.
            let same =
                |e: &Parameter, name: &str, location| e.name == name && e.location == location;
            let p =
                self.parameter(module, pfile, &pptr, builder_hint, &mut |name, location| {
                    match params.iter().find(|e| same(e, name, location)) {
                        Some(e) => e.rust_name.clone(),
                        None => names.claim(name, Case::Snake),
                    }
                })
                .map_err(|e| through(self, e))?;
            let Some(p) = p else {
                continue;
            };
            match params.iter_mut().find(|e| same(e, &p.name, p.location)) {
                Some(existing) => *existing = p,
                None => params.push(p),
            }
        }
        // Path parameters in URL order, each exactly once.
        for var in &template_vars {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && &p.name == var)
            {
                let instead: Vec<String> = strays
                    .iter()
                    .map(|(name, at)| format!("`{name}` ({at})"))
                    .collect();
                let instead = match instead.is_empty() {
                    true => String::new(),
                    false => format!("; declared but not in the path: {}", instead.join(", ")),
                };
                return Err(Error::Spec {
                    at: self
                        .docs
                        .location(file, innermost.as_deref().unwrap_or(op_ptr)),
                    operation: None,
                    message: format!("path parameter `{{{var}}}` is not declared{instead}"),
                });
            }
        }
        let (path_params, others): (Vec<_>, Vec<_>) = params
            .into_iter()
            .partition(|p| p.location == ParamLocation::Path);
        let mut params: Vec<Parameter> = template_vars
            .iter()
            .filter_map(|v| path_params.iter().find(|p| &p.name == v).cloned())
            .collect();
        params.extend(others);
        Ok(params)
    }

    /// The name of the parameter at (`file`, `pointer`) if it is declared
    /// `in: path` but the path template has no `{name}` for it.
    fn stray_path_parameter(
        &self,
        file: FileId,
        pointer: &str,
        template_vars: &[String],
    ) -> Option<String> {
        let value = self.docs.value(file, pointer)?;
        let name = value.get("name").and_then(Value::as_str)?;
        let in_path = value.get("in").and_then(Value::as_str) == Some("path");
        (in_path && !template_vars.iter().any(|v| v == name)).then(|| name.to_string())
    }

    /// The parameter at (`file`, `pointer`), `None` for a header the client
    /// sets itself; `rust_name` names it from its name and location.
    fn parameter(
        &mut self,
        module: &str,
        file: FileId,
        pointer: &str,
        builder_hint: &str,
        rust_name: &mut dyn FnMut(&str, ParamLocation) -> String,
    ) -> Result<Option<Parameter>> {
        let value = self
            .docs
            .value(file, pointer)
            .cloned()
            .unwrap_or(Value::Null);
        // A missing key is reported at the parameter, a wrong one at itself.
        let err = |this: &Self, key: Option<&str>, message: String| Error::Spec {
            at: this
                .docs
                .location(file, &key.map_or(pointer.to_string(), |k| join(pointer, k))),
            operation: None,
            message,
        };
        if !value.is_object() {
            return Err(err(
                self,
                None,
                format!("a parameter must be an object, not {}", describe(&value)),
            ));
        }
        let name = match value.get("name") {
            Some(Value::String(name)) => name.as_str(),
            None => return Err(err(self, None, "parameter without a `name`".into())),
            Some(other) => {
                return Err(err(
                    self,
                    Some("name"),
                    format!(
                        "a parameter's `name` must be a string, not {}",
                        describe(other)
                    ),
                ))
            }
        };
        let location = match value.get("in") {
            Some(Value::String(s)) if s == "path" => ParamLocation::Path,
            Some(Value::String(s)) if s == "query" => ParamLocation::Query,
            Some(Value::String(s)) if s == "header" => ParamLocation::Header,
            Some(Value::String(s)) if s == "cookie" => {
                return Err(Error::Unsupported {
                    at: self.docs.location(file, &join(pointer, "in")),
                    operation: None,
                    construct: format!("cookie parameter `{name}`"),
                })
            }
            None => {
                return Err(err(
                    self,
                    None,
                    format!("parameter `{name}` has no `in` (path, query, header or cookie)"),
                ))
            }
            Some(other) => {
                return Err(err(
                    self,
                    Some("in"),
                    format!(
                    "parameter `{name}` has an invalid `in`: {} (path, query, header or cookie)",
                    describe(other)
                ),
                ))
            }
        };
        // Headers the client manages itself are not operation parameters.
        if location == ParamLocation::Header
            && ["accept", "content-type", "authorization"]
                .contains(&name.to_ascii_lowercase().as_str())
        {
            return Ok(None);
        }
        let schema_ptr = join(pointer, "schema");
        let fixed = match location {
            ParamLocation::Path => self.single_value(file, &schema_ptr)?,
            _ => None,
        };
        let ty = if fixed.is_some() {
            TypeRef::String
        } else if self.docs.value(file, &schema_ptr).is_some() {
            self.schema(module, file, &schema_ptr, &hint(&[builder_hint, name]))?
                .ty
        } else if value.get("content").is_some() {
            return Err(Error::Unsupported {
                at: self.docs.location(file, &join(pointer, "content")),
                operation: None,
                construct: format!("parameter `{name}` described by `content`"),
            });
        } else {
            TypeRef::String
        };
        let style = value.get("style").and_then(Value::as_str).unwrap_or("form");
        let explode = value
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(style == "form");
        let default = value.get("schema").and_then(|s| s.get("default")).cloned();
        Ok(Some(Parameter {
            name: name.to_string(),
            rust_name: rust_name(name, location),
            location,
            required: location == ParamLocation::Path
                || value.get("required") == Some(&Value::Bool(true)),
            ty,
            explode,
            default,
            description: description(&value),
            deprecated: value.get("deprecated") == Some(&Value::Bool(true)),
            binding: match fixed {
                Some(value) => Binding::Fixed { value },
                None => Binding::Call,
            },
        }))
    }

    /// The one value the schema at (`file`, `pointer`) admits, if it admits
    /// one string only: a single-value `enum` or a `const`.
    pub(super) fn single_value(&self, file: FileId, pointer: &str) -> Result<Option<String>> {
        if self.docs.value(file, pointer).is_none() {
            return Ok(None);
        }
        let (file, pointer) = self.deref(file, pointer)?;
        let Some(schema) = self.docs.value(file, &pointer) else {
            return Ok(None);
        };
        if let Some(Value::String(v)) = schema.get("const") {
            return Ok(Some(v.clone()));
        }
        Ok(
            match schema
                .get("enum")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                Some([Value::String(v)]) => Some(v.clone()),
                _ => None,
            },
        )
    }

    /// The path parameters of the operation at `path`/`method` that the spec
    /// fixes to one value, by name: the service planner reads past them.
    pub(super) fn fixed_path_parameters(
        &self,
        file: FileId,
        path: &str,
        method: Method,
    ) -> Result<Vec<String>> {
        let (ifile, item_ptr) = self.deref(file, &join("/paths", path))?;
        // Operation-level parameters override path-level ones of that name.
        let mut fixed = std::collections::BTreeMap::new();
        for base in [item_ptr.clone(), join(&item_ptr, method.key())] {
            let list_ptr = join(&base, "parameters");
            let Some(Value::Array(list)) = self.docs.value(ifile, &list_ptr) else {
                continue;
            };
            for i in 0..list.len() {
                let (pfile, pptr) = self.deref(ifile, &format!("{list_ptr}/{i}"))?;
                let Some(param) = self.docs.value(pfile, &pptr) else {
                    continue;
                };
                let name = param.get("name").and_then(Value::as_str);
                let in_path = param.get("in").and_then(Value::as_str) == Some("path");
                if let (Some(name), true) = (name, in_path) {
                    let one = self.single_value(pfile, &join(&pptr, "schema"))?.is_some();
                    fixed.insert(name.to_string(), one);
                }
            }
        }
        Ok(fixed
            .into_iter()
            .filter_map(|(name, one)| one.then_some(name))
            .collect())
    }

    fn request_body(
        &mut self,
        module: &str,
        file: FileId,
        pointer: &str,
        builder_hint: &str,
    ) -> Result<Option<RequestBody>> {
        let (bfile, bptr) = self.deref(file, pointer)?;
        let value = self
            .docs
            .value(bfile, &bptr)
            .cloned()
            .unwrap_or(Value::Null);
        let Some(content) = value.get("content").and_then(Value::as_object) else {
            return Ok(None);
        };
        let Some((media, encoding)) = pick_request_media(content.keys()) else {
            return Err(Error::Unsupported {
                at: self.docs.location(bfile, &join(&bptr, "content")),
                operation: None,
                construct: format!(
                    "request body media types {:?}",
                    content.keys().collect::<Vec<_>>()
                ),
            });
        };
        let schema_ptr = join(&join(&join(&bptr, "content"), &media), "schema");
        let ty = match encoding {
            BodyEncoding::Json | BodyEncoding::Form
                if self.docs.value(bfile, &schema_ptr).is_some() =>
            {
                Some(
                    self.schema(module, bfile, &schema_ptr, &hint(&[builder_hint, "Body"]))?
                        .into_ref(),
                )
            }
            BodyEncoding::Json => Some(TypeRef::Json),
            BodyEncoding::Form => Some(TypeRef::Map(Box::new(TypeRef::String))),
            _ => None,
        };
        Ok(Some(RequestBody {
            content_type: media,
            encoding,
            ty,
            required: value.get("required") == Some(&Value::Bool(true)),
            description: description(&value),
        }))
    }

    fn responses(
        &mut self,
        module: &str,
        file: FileId,
        op_ptr: &str,
        value: &Value,
        builder_hint: &str,
    ) -> Result<(Vec<Response>, Output)> {
        let mut responses = Vec::new();
        let map = match value.get("responses") {
            Some(Value::Object(map)) => map,
            None => {
                return Err(Error::Spec {
                    at: self.docs.location(file, op_ptr),
                    operation: None,
                    message: "operation has no `responses`".into(),
                })
            }
            Some(other) => {
                return Err(Error::Spec {
                    at: self.docs.location(file, &join(op_ptr, "responses")),
                    operation: None,
                    message: format!(
                        "`responses` must be an object (status code to response), not {}",
                        describe(other)
                    ),
                })
            }
        };
        let mut statuses: Vec<(Status, &String)> = Vec::new();
        for key in map.keys() {
            match Status::parse(key) {
                Some(status) => statuses.push((status, key)),
                None => self.warnings.push(Diagnostic {
                    at: self
                        .docs
                        .location(file, &join(&join(op_ptr, "responses"), key)),
                    operation: None,
                    message: format!(
                        "response key `{key}` is no status code, range or `default`; ignored"
                    ),
                }),
            }
        }
        // 2xx first, then the rest; codes in numeric order, then ranges,
        // `default` last.
        statuses.sort_by_key(|(s, _)| (!s.is_success(), *s));
        let has_success = statuses.iter().any(|(s, _)| s.is_success());
        for (status, key) in statuses {
            let rptr = join(&join(op_ptr, "responses"), key);
            let (rfile, rptr) = self.deref(file, &rptr)?;
            let rvalue = self
                .docs
                .value(rfile, &rptr)
                .cloned()
                .unwrap_or(Value::Null);
            let success = status.is_success() || (!has_success && status == Status::Default);
            let type_hint = if success {
                hint(&[builder_hint, "Response", key])
            } else {
                hint(&[builder_hint, "Error", key])
            };
            let body = match rvalue.get("content").and_then(Value::as_object) {
                Some(content) if !content.is_empty() => match pick_response_media(content.keys()) {
                    Some((media, true)) => {
                        let sptr = join(&join(&join(&rptr, "content"), &media), "schema");
                        if self.docs.value(rfile, &sptr).is_some() {
                            ResponseBody::Json(
                                self.schema(module, rfile, &sptr, &type_hint)?.into_ref(),
                            )
                        } else {
                            ResponseBody::Json(TypeRef::Json)
                        }
                    }
                    Some((media, false)) if media.starts_with("text/") => ResponseBody::Text,
                    _ => ResponseBody::Binary,
                },
                _ => ResponseBody::Empty,
            };
            responses.push(Response {
                status,
                body,
                description: description(&rvalue),
            });
        }
        let output = self.output(module, builder_hint, &responses, has_success);
        Ok((responses, output))
    }

    /// What a successful call returns, from the documented responses: one
    /// body, or an enum with a variant per success status when they differ.
    /// Without a 2xx response, `default` is the success.
    fn output(
        &mut self,
        module: &str,
        builder_hint: &str,
        responses: &[Response],
        has_success: bool,
    ) -> Output {
        let success: Vec<&Response> = responses
            .iter()
            .filter(|r| r.status.is_success() || (!has_success && r.status == Status::Default))
            .collect();
        let mut distinct: Vec<&ResponseBody> = Vec::new();
        for r in &success {
            if !distinct.contains(&&r.body) {
                distinct.push(&r.body);
            }
        }
        match distinct.as_slice() {
            [] => Output::Single {
                body: ResponseBody::Empty,
            },
            [one] => Output::Single {
                body: (*one).clone(),
            },
            _ => {
                let mut ns = Namespace::default();
                let variants = success
                    .iter()
                    .map(|r| StatusVariant {
                        status: r.status,
                        rust_name: ns.claim(&crate::naming::status_variant(r.status), Case::Pascal),
                        body: r.body.clone(),
                        description: r.description.clone(),
                    })
                    .collect();
                Output::ByStatus {
                    name: self.types.claim(module, &hint(&[builder_hint, "Response"])),
                    variants,
                }
            }
        }
    }
}

/// Names of the `{var}`s of a path template, in order.
fn template_vars(path: &str) -> Vec<String> {
    crate::ir::path_parts(path)
        .into_iter()
        .filter_map(|part| match part {
            crate::ir::PathPart::Var(name) => Some(name.to_string()),
            crate::ir::PathPart::Literal(_) => None,
        })
        .collect()
}

fn is_json_media(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    m == "application/json"
        || m.ends_with("+json")
        || m == "*/*"
        || m == "application/*"
        || m == "text/json"
}

fn pick_request_media<'a>(
    keys: impl Iterator<Item = &'a String>,
) -> Option<(String, BodyEncoding)> {
    let keys: Vec<&String> = keys.collect();
    if let Some(k) = keys.iter().find(|k| is_json_media(k)) {
        let media = if k.as_str() == "*/*" {
            "application/json".to_string()
        } else {
            k.to_string()
        };
        return Some((media, BodyEncoding::Json));
    }
    if let Some(k) = keys
        .iter()
        .find(|k| k.starts_with("application/x-www-form-urlencoded"))
    {
        return Some((k.to_string(), BodyEncoding::Form));
    }
    if let Some(k) = keys.iter().find(|k| k.starts_with("multipart/")) {
        return Some((k.to_string(), BodyEncoding::Multipart));
    }
    keys.first().map(|k| (k.to_string(), BodyEncoding::Binary))
}

/// The media type to decode and whether it is JSON.
fn pick_response_media<'a>(keys: impl Iterator<Item = &'a String>) -> Option<(String, bool)> {
    let keys: Vec<&String> = keys.collect();
    if let Some(k) = keys.iter().find(|k| is_json_media(k)) {
        return Some((k.to_string(), true));
    }
    keys.first().map(|k| (k.to_string(), false))
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
