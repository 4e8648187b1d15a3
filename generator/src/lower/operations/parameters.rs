//! The parameters of an operation, and the path parameters the spec fixes.

use crate::error::{describe, Diagnostic, Error, Result};
use crate::ir::{Binding, Method, ParamLocation, Parameter, TypeRef};
use crate::load::{join, FileId};
use crate::lower::types::{description, hint};
use crate::lower::Ctx;
use crate::naming::{Case, Namespace};
use serde_json::Value;

/// An entry of a `parameters` list, each object its `$ref`s lead to, and
/// last the parameter (see [`Ctx::deref_chain`]).
type Chain = Vec<(FileId, String)>;

impl Ctx<'_> {
    /// The parameters of an operation: path-item level ones, overridden by
    /// operation level ones; path parameters in URL order, each exactly once,
    /// then the others in document order.
    pub(super) fn parameters(
        &mut self,
        module: &str,
        file: FileId,
        path: &str,
        item_ptr: &str,
        op_ptr: &str,
        builder_hint: &str,
    ) -> Result<Vec<Parameter>> {
        let (raw, innermost) = self.parameter_lists(file, item_ptr, op_ptr)?;
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
                        Some(e) => e.rust_name.to_string(),
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
        let name = path_parameter_name(self.docs.value(file, pointer)?)?;
        (!template_vars.iter().any(|v| v == name)).then(|| name.to_string())
    }

    /// The entries of the path item's `parameters` and then of the
    /// operation's, each as the `$ref`s it follows to its parameter (see
    /// [`deref_chain`](Self::deref_chain)); and the innermost list, where a
    /// missing path parameter belongs.
    fn parameter_lists(
        &self,
        file: FileId,
        item_ptr: &str,
        op_ptr: &str,
    ) -> Result<(Vec<Chain>, Option<String>)> {
        let mut raw: Vec<Chain> = Vec::new();
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
        Ok((raw, innermost))
    }

    /// The name and location of the parameter `value` at (`file`,
    /// `pointer`), or the error that it has none.
    fn name_and_location<'v>(
        &self,
        file: FileId,
        pointer: &str,
        value: &'v Value,
    ) -> Result<(&'v str, ParamLocation)> {
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
                format!("a parameter must be an object, not {}", describe(value)),
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
        Ok((name, location))
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
        let (name, location) = self.name_and_location(file, pointer, &value)?;
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
            rust_name: rust_name(name, location).into(),
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
    fn single_value(&self, file: FileId, pointer: &str) -> Result<Option<String>> {
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
    pub(in crate::lower) fn fixed_path_parameters(
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
                if let Some(name) = path_parameter_name(param) {
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
}

/// The name of the parameter `param` if it is declared `in: path`.
fn path_parameter_name(param: &Value) -> Option<&str> {
    let name = param.get("name").and_then(Value::as_str)?;
    (param.get("in").and_then(Value::as_str) == Some("path")).then_some(name)
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
