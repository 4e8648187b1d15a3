//! Non-Rust files (Cargo.toml, README.md) from handlebars templates, and the
//! crate-level documentation.

use crate::error::{Error, Result};
use crate::ir::{Crate, Operation, Service};
use handlebars::Handlebars;
use serde_json::json;

const CARGO_TOML: &str = include_str!("../../templates/Cargo.toml.hbs");
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

/// The generated `Cargo.toml`.
pub fn cargo_toml(krate: &Crate) -> Result<String> {
    render(
        "Cargo.toml",
        CARGO_TOML,
        &json!({
            "name": krate.name,
            "version": krate.version,
            "description": krate.description.replace('"', "'"),
        }),
    )
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

fn all_calls(krate: &Crate) -> Vec<(String, &Operation)> {
    let mut out = Vec::new();
    for api in &krate.apis {
        if !api.root.struct_name.is_empty() {
            calls(
                &format!("client.{}()", crate::naming::unraw(&api.accessor)),
                &api.root,
                &mut out,
            );
        }
    }
    out
}

/// An example call: the first operation that needs no arguments.
fn example(krate: &Crate) -> String {
    all_calls(krate)
        .into_iter()
        .find(|(call, op)| call.ends_with("()") && op.method == crate::ir::Method::Get)
        .map(|(call, _)| format!("let page = {call}.send().await?;\nprintln!(\"{{page:?}}\");"))
        .unwrap_or_default()
}

/// The generated `README.md`.
pub fn readme(krate: &Crate) -> Result<String> {
    let apis: Vec<_> = krate
        .apis
        .iter()
        .map(|api| {
            let mut ops = Vec::new();
            if !api.root.struct_name.is_empty() {
                calls(&format!("client.{}()", crate::naming::unraw(&api.accessor)), &api.root, &mut ops);
            }
            json!({
                "module": api.module,
                "accessor": if api.root.struct_name.is_empty() { String::new() } else { api.accessor.clone() },
                "title": api.title,
                "source": api.source,
                "operations": ops.len(),
                "types": api.types.len(),
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
            "example": example(krate),
        }),
    )
}

/// The crate-level rustdoc.
pub fn crate_doc(krate: &Crate) -> String {
    let mut doc = format!("{}\n\nModules:\n", krate.description);
    for api in &krate.apis {
        doc.push_str(&format!(
            "\n- `{}`: {} (version {})",
            api.module, api.title, api.version
        ));
    }
    doc.push_str(
        "\n\nStart with `Client::builder()`, then call an API accessor such as \
         `client.contacts()` and an operation on it; every operation returns a \
         request builder that is sent with `.send().await`.",
    );
    doc
}
