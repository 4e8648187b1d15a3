//! The responses of an operation and what a successful call returns.

use super::media::pick_response_media;
use crate::error::{describe, Diagnostic, Error, Result};
use crate::ir::{Output, Response, ResponseBody, Status, StatusVariant, TypeRef};
use crate::load::{join, FileId};
use crate::lower::types::{description, hint};
use crate::lower::Ctx;
use crate::naming::{Case, Namespace};
use serde_json::Value;

impl Ctx<'_> {
    pub(super) fn responses(
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
            let type_hint = if status.succeeds(has_success) {
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
            .filter(|r| r.status.succeeds(has_success))
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
