//! Non-Rust files (Cargo.toml, README.md, which is also the crate
//! documentation) from handlebars templates.

use super::layout;
use crate::error::{Error, Result};
use crate::ir::{Api, Crate, Operation, Service};
use handlebars::Handlebars;
use serde_json::json;
use std::collections::BTreeSet;

const CARGO_TOML: &str = include_str!("../../templates/Cargo.toml.hbs");
const RUNTIME_CARGO_TOML: &str = include_str!("../../templates/runtime.Cargo.toml.hbs");
const API_CARGO_TOML: &str = include_str!("../../templates/api.Cargo.toml.hbs");
const README: &str = include_str!("../../templates/README.md.hbs");

fn render(name: &str, template: &str, data: &serde_json::Value) -> Result<String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.render_template(template, data)
        .map_err(|e| Error::Template {
            name: name.to_string(),
            message: e.to_string(),
        })
}

/// What every `Cargo.toml` template sees: the package, its version and the
/// runtime crate.
fn manifest_data(krate: &Crate) -> serde_json::Value {
    json!({
        "name": krate.name,
        "version": krate.version,
        "description": toml_text(&krate.description),
        "runtime": member(&layout::runtime(krate)),
    })
}

fn member(m: &layout::Member) -> serde_json::Value {
    json!({ "package": m.package, "dir": m.dir })
}

/// Text for a basic TOML string: one line, no quotes or backslashes.
fn toml_text(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['"', '\\'], "'")
}

/// The facade crate's `Cargo.toml`.
pub fn cargo_toml(krate: &Crate) -> Result<String> {
    let mut data = manifest_data(krate);
    // The crates the facade depends on: the shared types, then the APIs.
    data["apis"] = krate
        .shared
        .iter()
        .map(|g| layout::api(krate, &g.module))
        .chain(krate.apis.iter().map(|a| layout::api(krate, &a.module)))
        .map(|m| member(&m))
        .collect();
    render("Cargo.toml", CARGO_TOML, &data)
}

/// The runtime crate's `Cargo.toml`.
pub fn runtime_cargo_toml(krate: &Crate) -> Result<String> {
    render(
        "runtime.Cargo.toml",
        RUNTIME_CARGO_TOML,
        &manifest_data(krate),
    )
}

/// The `Cargo.toml` of the member crate of `module` (an API or shared
/// types), which depends on the crates of `uses`.
pub fn member_cargo_toml(
    krate: &Crate,
    module: &str,
    description: &str,
    uses: &BTreeSet<String>,
) -> Result<String> {
    let mut data = manifest_data(krate);
    let mut this = member(&layout::api(krate, module));
    this["description"] = json!(toml_text(description));
    this["deps"] = json!(uses
        .iter()
        .map(|m| member(&layout::api(krate, m)))
        .collect::<Vec<_>>());
    data["api"] = this;
    render("api.Cargo.toml", API_CARGO_TOML, &data)
}

/// Each operation with the call that reaches it (`client.contacts().batch().read(…)`).
fn calls<'a>(prefix: &str, svc: &'a Service, out: &mut Vec<(String, &'a Operation)>) {
    for op in &svc.operations {
        let args = op
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| crate::naming::unraw(&p.rust_name).to_string())
            .chain(
                op.body
                    .as_ref()
                    .filter(|b| b.required)
                    .map(|_| "body".to_string()),
            )
            .collect::<Vec<_>>()
            .join(", ");
        out.push((
            format!("{prefix}.{}({args})", crate::naming::unraw(&op.method_name)),
            op,
        ));
    }
    for c in &svc.children {
        calls(
            &format!("{prefix}.{}()", crate::naming::unraw(&c.accessor)),
            c,
            out,
        );
    }
}

/// The calls of one API, from the client (none for a JSON Schema alone).
fn api_calls(api: &Api) -> Vec<(String, &Operation)> {
    let mut out = Vec::new();
    if api.has_operations() {
        let prefix = format!("client.{}()", crate::naming::unraw(&api.accessor));
        calls(&prefix, &api.root, &mut out);
    }
    out
}

/// The first GET call that needs no arguments (`client.calls().get_page()`).
fn simple_call(calls: &[(String, &Operation)]) -> Option<String> {
    calls
        .iter()
        .find(|(call, op)| call.ends_with("()") && op.method == crate::ir::Method::Get)
        .map(|(call, _)| call.clone())
}

/// The first paged call that needs no arguments.
fn stream_call(calls: &[(String, &Operation)]) -> Option<String> {
    calls
        .iter()
        .find(|(call, op)| call.ends_with("()") && op.paging.is_some())
        .map(|(call, _)| call.clone())
}

/// A batch call and the path of its body type.
fn batch_call(krate: &Crate, calls: &[(String, &Operation)]) -> Option<(String, String)> {
    // One that returns results shows more than an archive would.
    let mut ordered: Vec<&(String, &Operation)> = calls.iter().collect();
    ordered.sort_by_key(|(_, op)| op.batch.as_ref().is_none_or(|b| b.item.is_none()));
    ordered.into_iter().find_map(|(call, op)| {
        op.batch.as_ref()?;
        let ty = op.body.as_ref()?.ty.as_ref()?;
        let crate::ir::TypeRef::Named { module, name } = ty else {
            return None;
        };
        // Only a call whose one argument is the body.
        call.ends_with("(body)").then(|| {
            (
                call.clone(),
                format!("{}::{module}::{name}", krate.name.replace('-', "_")),
            )
        })
    })
}

/// The service of the first API with operations, as a path from the facade
/// (`hubspot_client::calls::CallsApi`).
fn first_service(krate: &Crate) -> String {
    krate
        .apis
        .iter()
        .find(|a| a.has_operations())
        .map(|a| {
            format!(
                "{}::{}::{}",
                krate.name.replace('-', "_"),
                a.module,
                a.root.struct_name
            )
        })
        .unwrap_or_default()
}

/// The generated `README.md`.
pub fn readme(krate: &Crate) -> Result<String> {
    let per_api: Vec<Vec<(String, &Operation)>> = krate.apis.iter().map(api_calls).collect();
    let every_call: Vec<(String, &Operation)> = per_api.iter().flatten().cloned().collect();
    let batch = batch_call(krate, &every_call);
    let apis: Vec<_> = krate
        .apis
        .iter()
        .zip(&per_api)
        .map(|(api, ops)| {
            json!({
                "module": api.module,
                "accessor": if api.has_operations() { api.accessor.clone() } else { String::new() },
                "title": api.title,
                "source": api.source,
                "operations": ops.len(),
                "types": api.types.len() + api.shared.len(),
                "package": layout::api(krate, &api.module).package,
                "ops": ops.iter().map(|(call, op)| json!({
                    "call": call,
                    "method": op.method.key().to_uppercase(),
                    "path": op.path,
                    "summary": op.summary.clone().unwrap_or_default(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    render(
        "README.md",
        README,
        &json!({
            "name": krate.name,
            "crate_ident": krate.name.replace('-', "_"),
            "description": krate.description,
            "apis": apis,
            "runtime": layout::runtime(krate).package,
            "shared": krate.shared.iter().map(|g| json!({
                "package": layout::api(krate, &g.module).package,
                "types": g.types.len(),
                "apis": g.apis.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
            })).collect::<Vec<_>>(),
            "first_module": krate.apis.first().map(|a| a.module.clone()).unwrap_or_default(),
            "first_service": first_service(krate),
            "call": simple_call(&every_call).unwrap_or_default(),
            "stream_call": stream_call(&every_call).unwrap_or_default(),
            "batch_call": batch.as_ref().map(|b| b.0.clone()).unwrap_or_default(),
            "batch_body": batch.map(|b| b.1).unwrap_or_default(),
        }),
    )
}
