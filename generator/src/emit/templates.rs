//! Non-Rust files (Cargo.toml, README.md, which is also the crate
//! documentation) from handlebars templates.

use crate::error::{Error, Result};
use crate::ir::{Api, Crate, Member, Operation, Service};
use handlebars::Handlebars;
use serde_json::json;
use std::collections::BTreeSet;

const CARGO_TOML: &str = include_str!("../../templates/Cargo.toml.hbs");
const RUNTIME_CARGO_TOML: &str = include_str!("../../templates/runtime.Cargo.toml.hbs");
const FAKE_CARGO_TOML: &str = include_str!("../../templates/fake.Cargo.toml.hbs");
const API_CARGO_TOML: &str = include_str!("../../templates/api.Cargo.toml.hbs");
const README: &str = include_str!("../../templates/README.md.hbs");

/// The templates, compiled once per process (a generation renders the member
/// manifest once per crate).
fn registry() -> std::result::Result<&'static Handlebars<'static>, String> {
    static REGISTRY: std::sync::OnceLock<std::result::Result<Handlebars<'static>, String>> =
        std::sync::OnceLock::new();
    REGISTRY
        .get_or_init(|| {
            let mut hb = Handlebars::new();
            hb.set_strict_mode(true);
            hb.register_escape_fn(handlebars::no_escape);
            for (name, template) in [
                ("Cargo.toml", CARGO_TOML),
                ("runtime.Cargo.toml", RUNTIME_CARGO_TOML),
                ("fake.Cargo.toml", FAKE_CARGO_TOML),
                ("api.Cargo.toml", API_CARGO_TOML),
                ("README.md", README),
            ] {
                hb.register_template_string(name, template)
                    .map_err(|e| format!("{name}: {e}"))?;
            }
            Ok(hb)
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn render(name: &str, data: &serde_json::Value) -> Result<String> {
    let error = |message: String| Error::Template {
        name: name.to_string(),
        message,
    };
    registry()
        .map_err(error)?
        .render(name, data)
        .map_err(|e| error(e.to_string()))
}

/// What every `Cargo.toml` template sees: the package, its version and the
/// runtime crate.
fn manifest_data(krate: &Crate) -> serde_json::Value {
    json!({
        "name": krate.name,
        "version": krate.version,
        "description": toml_text(&krate.description),
        "publish": krate.publish,
        "runtime": member(&krate.layout.runtime),
        "fake": member(&krate.layout.fake),
    })
}

fn member(m: &Member) -> serde_json::Value {
    json!({ "package": m.package, "dir": m.dir })
}

/// Text for a basic TOML string: one line, no quotes or backslashes.
fn toml_text(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['"', '\\'], "'")
}

/// The facade crate's `Cargo.toml`: a dependency per member crate, optional
/// where a feature needs it, a feature per API of each version, one per
/// version, and the default version as the default.
pub fn cargo_toml(krate: &Crate) -> Result<String> {
    let mut data = manifest_data(krate);
    let properties = krate.properties.as_ref().map(|p| &p.module);
    // A crate no feature needs is always built (`lower::layout`).
    let optional = |m: &String| !krate.layout.member(m).features.is_empty();
    let modules = properties
        .into_iter()
        .chain(krate.shared.iter().map(|g| &g.module))
        .chain(krate.apis.iter().map(|a| &a.module));
    data["apis"] = modules
        .map(|m| {
            let mut entry = member(krate.layout.member(m));
            entry["optional"] = json!(optional(m));
            entry
        })
        .collect();
    let quoted = |items: &mut dyn Iterator<Item = String>| {
        items
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let versions: Vec<_> = krate
        .versions
        .iter()
        .map(|v| {
            let apis: Vec<_> = krate
                .apis
                .iter()
                .filter(|a| a.api_version.as_ref() == Some(&v.name))
                .map(|a| {
                    let feature = a.feature.clone().unwrap_or_default();
                    let mut needs = vec![format!("dep:{}", krate.layout.member(&a.module).package)];
                    needs.extend(
                        krate
                            .shared
                            .iter()
                            .filter(|g| krate.layout.member(&g.module).features.contains(&feature))
                            .map(|g| format!("dep:{}", krate.layout.member(&g.module).package)),
                    );
                    json!({ "feature": feature, "title": a.title, "needs": quoted(&mut needs.into_iter()) })
                })
                .collect();
            json!({
                "name": v.name,
                "feature": v.feature,
                "support": super::facade::support_text(v),
                "apis": quoted(&mut apis.iter().filter_map(|a| a["feature"].as_str().map(str::to_string))),
                "each": apis,
            })
        })
        .collect();
    data["versions"] = json!(versions);
    // The default version, and the APIs of older versions that the client
    // reaches at its root because the default version lacks them.
    let default = krate.versions.iter().find(|v| v.default);
    let older_roots = krate
        .apis
        .iter()
        .filter(|a| a.at_root && a.api_version.is_some())
        .filter(|a| a.api_version.as_ref() != default.map(|v| &v.name))
        .filter_map(|a| a.feature.clone());
    data["default"] = json!(quoted(
        &mut default
            .map(|v| v.feature.clone())
            .into_iter()
            .chain(older_roots)
    ));
    // A feature of every member crate, forwarded (`?/` for optional ones).
    let forward = |feature: &str| {
        properties
            .into_iter()
            .chain(krate.shared.iter().map(|g| &g.module))
            .chain(krate.apis.iter().map(|a| &a.module))
            .map(|m| {
                let package = &krate.layout.member(m).package;
                let optional = if optional(m) { "?" } else { "" };
                format!("{package}{optional}/{feature}")
            })
            .collect::<Vec<_>>()
    };
    data["schemars"] = json!(quoted(&mut forward("schemars").into_iter()));
    let fake = format!("dep:{}", krate.layout.fake.package);
    let mut test_util = std::iter::once(fake).chain(forward("test-util"));
    data["test_util"] = json!(quoted(&mut test_util));
    render("Cargo.toml", &data)
}

/// The fake's `Cargo.toml`.
pub fn fake_cargo_toml(krate: &Crate) -> Result<String> {
    render("fake.Cargo.toml", &manifest_data(krate))
}

/// The runtime crate's `Cargo.toml`.
pub fn runtime_cargo_toml(krate: &Crate, tables: &str) -> Result<String> {
    let mut data = manifest_data(krate);
    data["runtime_tables"] = json!(tables);
    render("runtime.Cargo.toml", &data)
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
    let mut this = member(krate.layout.member(module));
    this["description"] = json!(toml_text(description));
    this["deps"] = json!(uses
        .iter()
        .map(|m| member(krate.layout.member(m)))
        .collect::<Vec<_>>());
    data["api"] = this;
    render("api.Cargo.toml", &data)
}

/// Each operation with the call that reaches it (`client.contacts().batch().read(…)`).
fn calls<'a>(prefix: &str, svc: &'a Service, out: &mut Vec<(String, &'a Operation)>) {
    for op in &svc.operations {
        out.push((format!("{prefix}.{}", op.call()), op));
    }
    for c in &svc.children {
        calls(&format!("{prefix}.{}()", c.accessor), c, out);
    }
}

/// The calls of one API, from the client (none for a JSON Schema alone):
/// `client.contacts()` for an API at the root (see `Api::at_root`),
/// `client.v3().contacts()` for another.
fn api_calls<'a>(krate: &Crate, api: &'a Api) -> Vec<(String, &'a Operation)> {
    let mut out = Vec::new();
    if api.has_operations() {
        calls(&api_prefix(krate, api), &api.root, &mut out);
    }
    out
}

/// The typed properties for the README: per object its types, the typed
/// paths that reach it and a row per property; with the first typed path
/// for the example.
fn properties_data(krate: &Crate) -> serde_json::Value {
    let Some(module) = &krate.properties else {
        return json!(null);
    };
    let typed: Vec<(String, &str)> = krate
        .apis
        .iter()
        .filter_map(|a| {
            let t = a.typed.as_ref()?;
            Some((
                format!("{}.{}()", api_prefix(krate, a), t.accessor),
                t.object.as_str(),
            ))
        })
        .collect();
    let objects: Vec<_> = module
        .objects
        .iter()
        .map(|o| {
            let paths: Vec<String> = typed
                .iter()
                .filter(|(_, object)| *object == o.object)
                .map(|(path, _)| format!("`{path}`"))
                .collect();
            json!({
                "object": o.object,
                "properties_type": o.properties_type,
                "create_type": o.create_type,
                "names_type": o.names_type,
                "paths": paths.join(", "),
                "rows": o.properties.iter().map(|p| json!({
                    "name": p.name,
                    "field": p.field.bare(),
                    "type": property_type_text(&p.value),
                    "read_only": p.read_only,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "module": module.module,
        "objects": objects,
        "example": typed.first().map(|(path, _)| path.clone()).unwrap_or_default(),
        "associations": module.associations.len(),
    })
}

/// A property's Rust type as the README shows it.
fn property_type_text(value: &crate::ir::PropertyValue) -> String {
    use crate::ir::PropertyValue as V;
    match value {
        V::String => "String".into(),
        V::Strings => "Vec<String>".into(),
        V::Number => "f64".into(),
        V::Integer => "i64".into(),
        V::Duration => "Duration".into(),
        V::Bool => "bool".into(),
        V::Date => "NaiveDate".into(),
        V::DateTime => "DateTime<Utc>".into(),
        V::Enum { name, multi: false } => name.clone(),
        V::Enum { name, multi: true } => format!("Vec<{name}>"),
    }
}

/// The expression that reaches `api` from a client (`client.v3().contacts()`).
fn api_prefix(krate: &Crate, api: &Api) -> String {
    let version = krate
        .versions
        .iter()
        .find(|v| Some(&v.name) == api.api_version.as_ref() && !api.at_root)
        .map(|v| format!("{}().", v.module))
        .unwrap_or_default();
    format!("client.{version}{}", api.call())
}

/// The first GET call that needs no arguments (`client.calls().list()`),
/// a paged list before anything else.
fn simple_call(calls: &[(String, &Operation)]) -> Option<String> {
    let gets = || {
        calls
            .iter()
            .filter(|(call, op)| call.ends_with("()") && op.method == crate::ir::Method::Get)
    };
    gets()
        .find(|(_, op)| op.paging.is_some())
        .or_else(|| gets().next())
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
        let crate::ir::TypeRef::Named { name, .. } = ty else {
            return None;
        };
        // Only a call whose one argument is the body: no accessor takes one
        // either (`client.app_webhooks(app_id)`).
        let only_body =
            call.ends_with("(body)") && call.matches('(').count() == call.matches("()").count() + 1;
        // The type as the user reaches it: from the module of the API the
        // call belongs to, which re-exports it even when a shared crate
        // holds it (shared crates are no public path).
        let api = krate.apis.iter().find(|a| {
            a.root
                .all_operations()
                .iter()
                .any(|o| std::ptr::eq(*o, *op))
        })?;
        only_body.then(|| {
            (
                call.clone(),
                format!(
                    "{}::{}::{name}",
                    krate.name.replace('-', "_"),
                    facade_path(krate, api)
                ),
            )
        })
    })
}

/// The module of `api` in the facade (`v2026_09::contacts`, or `contacts`
/// for an API without a version).
fn facade_path(krate: &Crate, api: &Api) -> String {
    let accessor = &api.accessor;
    match krate
        .versions
        .iter()
        .find(|v| Some(&v.name) == api.api_version.as_ref())
    {
        Some(v) => format!("{}::{accessor}", v.module),
        None => api.module.clone(),
    }
}

/// The service of the first API with operations, as a path from the facade
/// (`hubspot_client::calls::CallsApi`).
fn first_service(krate: &Crate) -> String {
    krate
        .apis
        .iter()
        .find_map(|a| {
            Some(format!(
                "{}::{}::{}",
                krate.name.replace('-', "_"),
                facade_path(krate, a),
                a.root.struct_name.as_deref()?
            ))
        })
        .unwrap_or_default()
}

/// The generated `README.md`.
pub fn readme(krate: &Crate) -> Result<String> {
    let per_api: Vec<Vec<(String, &Operation)>> =
        krate.apis.iter().map(|a| api_calls(krate, a)).collect();
    let every_call: Vec<(String, &Operation)> = per_api.iter().flatten().cloned().collect();
    let batch = batch_call(krate, &every_call);
    let apis: Vec<_> = krate
        .apis
        .iter()
        .zip(&per_api)
        .map(|(api, ops)| {
            json!({
                "module": facade_path(krate, api),
                "version": api.api_version.clone().unwrap_or_default(),
                "feature": api.feature.clone().unwrap_or_default(),
                "accessor": if api.has_operations() { api_prefix(krate, api) } else { String::new() },
                "title": api.title,
                "source": api.source,
                "operations": ops.len(),
                "types": api.types.len() + api.shared.len(),
                "package": krate.layout.member(&api.module).package,
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
        &json!({
            "name": krate.name,
            "version": krate.version,
            "crate_ident": krate.name.replace('-', "_"),
            "description": krate.description,
            "apis": apis,
            "runtime": krate.layout.runtime.package,
            "shared": krate.shared.iter().map(|g| json!({
                "package": krate.layout.member(&g.module).package,
                "types": g.types.len(),
                "builders": g.builders.len(),
                "apis": g.apis.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
            })).collect::<Vec<_>>(),
            "first_module": krate.apis.first().map(|a| facade_path(krate, a)).unwrap_or_default(),
            "versions": krate.versions.iter().map(|v| json!({
                "name": v.name,
                "module": v.module,
                "feature": v.feature,
                "default": v.default,
                "released": v.support.released.clone().unwrap_or_else(|| "—".into()),
                "current_until": v.support.current_until.clone().unwrap_or_else(|| "—".into()),
                "supported_until": v.support.supported_until.clone().unwrap_or_else(|| "—".into()),
                "note": v.support.note.clone().unwrap_or_default(),
                "apis": krate.apis.iter().filter(|a| a.api_version.as_ref() == Some(&v.name)).count(),
            })).collect::<Vec<_>>(),
            "first_service": first_service(krate),
            "call": simple_call(&every_call).unwrap_or_default(),
            "stream_call": stream_call(&every_call).unwrap_or_default(),
            "batch_call": batch.as_ref().map(|b| b.0.clone()).unwrap_or_default(),
            "batch_body": batch.map(|b| b.1).unwrap_or_default(),
            "properties": properties_data(krate),
        }),
    )
}
