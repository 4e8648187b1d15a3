//! The example in each operation's rustdoc: a `no_run` doctest that reaches
//! the operation from the API's root service and sends it, so that
//! `cargo test` compiles one call of every operation.

use crate::ir::{Api, Binding, Operation, Parameter, TypeRef};

/// A value for a required argument: visible when it can be written as a
/// literal, else a hidden `todo!()` the call's type infers.
enum Arg {
    Literal(String),
    Hidden(String),
}

fn arg(name: &str, p: &Parameter) -> Arg {
    let id_like = name.ends_with("id");
    match &p.ty {
        TypeRef::String if id_like => Arg::Literal("\"123\"".into()),
        TypeRef::String => Arg::Literal("\"example\"".into()),
        TypeRef::Array(inner) if **inner == TypeRef::String => Arg::Literal("[\"example\"]".into()),
        TypeRef::Array(_) => Arg::Hidden(format!("let {name}: Vec<_> = todo!();")),
        _ => Arg::Hidden(format!("let {name} = todo!();")),
    }
}

/// The doc lines (each with its leading space) of the example of `op`,
/// reached through the services of `trail` below the root.
pub fn operation(krate: &str, api: &Api, trail: &[&str], op: &Operation) -> Vec<String> {
    let Some(root) = api.root.struct_name.as_deref() else {
        return Vec::new();
    };
    let mut hidden = Vec::new();
    let mut value = |p: &Parameter| {
        let name = crate::naming::unraw(&p.rust_name).to_string();
        match arg(&name, p) {
            Arg::Literal(text) => text,
            Arg::Hidden(line) => {
                hidden.push(line);
                name
            }
        }
    };
    let api_args: Vec<String> = api.params.iter().map(&mut value).collect();
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required && p.binding == Binding::Call)
        .map(&mut value)
        .collect();
    if op.body.as_ref().is_some_and(|b| b.required) {
        hidden.push("let body = todo!();".into());
        args.push("body".into());
    }
    let chain: String = trail
        .iter()
        .map(|t| format!(".{}()", crate::naming::unraw(t)))
        .collect();
    let new_args: String = api_args.iter().map(|a| format!(", {a}")).collect();
    let mut lines = vec![
        String::new(),
        "```rust,no_run".into(),
        format!(
            "# async fn example(client: {krate}::runtime::Client) -> Result<(), {krate}::runtime::Error> {{"
        ),
    ];
    lines.extend(hidden.iter().map(|l| format!("# {l}")));
    let accessor_args = if api.params.is_empty() { "" } else { "…" };
    lines.push(format!(
        "// The same service as `client.{}({accessor_args})` of the generated client.",
        crate::naming::unraw(&api.accessor)
    ));
    lines.push(format!("let api = {krate}::{root}::new(client{new_args});"));
    lines.push(format!(
        "api{chain}.{}({}).send().await?;",
        crate::naming::unraw(&op.method_name),
        args.join(", ")
    ));
    lines.extend(["# Ok(())".to_string(), "# }".into(), "```".into()]);
    lines
        .into_iter()
        .map(|l| format!(" {l}").trim_end().to_string())
        .collect()
}
