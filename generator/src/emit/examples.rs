//! The example in each operation's rustdoc: a `no_run` doctest that reaches
//! the operation from the API's root service and sends it, so that
//! `cargo test` compiles one call of every operation.

use crate::ir::{Api, Binding, Operation, Parameter, TypeDef, TypeIndex, TypeKind, TypeRef};

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
pub fn operation(
    krate: &str,
    types: &TypeIndex,
    api: &Api,
    trail: &[&str],
    op: &Operation,
) -> Vec<String> {
    let Some(root) = api.root.struct_name.as_deref() else {
        return Vec::new();
    };
    let mut hidden = Vec::new();
    let mut shown = Vec::new();
    let values = Values { krate, types, api };
    let mut value = |p: &Parameter| {
        let name = p.rust_name.to_string();
        match arg(&name, p) {
            Arg::Literal(text) => text,
            Arg::Hidden(line) => match values.value(&p.ty, &p.name, false, 0) {
                Some(text) => text,
                None => {
                    hidden.push(line);
                    name
                }
            },
        }
    };
    let api_args: Vec<String> = api.params.iter().map(&mut value).collect();
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required && p.binding == Binding::Call)
        .map(&mut value)
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let built = body
            .ty
            .as_ref()
            .and_then(|ty| values.value(ty, "body", true, 0));
        match built {
            Some(value) => {
                shown.push(format!("let body = {value};"));
                args.push("body".into());
            }
            None => {
                hidden.push("let body = todo!();".into());
                args.push("body".into());
            }
        }
    }
    let chain: String = trail.iter().map(|t| format!(".{t}()")).collect();
    let new_args: String = api_args.iter().map(|a| format!(", {a}")).collect();
    let mut lines = vec![
        String::new(),
        "```rust,no_run".into(),
        format!(
            "# async fn example(client: {krate}::runtime::Client) -> Result<(), {krate}::runtime::Error> {{"
        ),
    ];
    lines.extend(hidden.iter().map(|l| format!("# {l}")));
    lines.extend(shown);
    lines.push(format!(
        "// The same service as `client.{}` of the generated client.",
        api.call()
    ));
    lines.push(format!("let api = {krate}::{root}::new(client{new_args});"));
    lines.push(format!(
        "api{chain}.{}({}).send().await?;",
        op.method_name,
        args.join(", ")
    ));
    lines.extend(["# Ok(())".to_string(), "# }".into(), "```".into()]);
    lines
        .into_iter()
        .map(|l| format!(" {l}").trim_end().to_string())
        .collect()
}

/// Request bodies written out with their types' constructors: `new` with
/// a value for each argument, down to a few levels.
struct Values<'a> {
    krate: &'a str,
    types: &'a TypeIndex<'a>,
    api: &'a Api,
}

/// How deep a body is written out before the example gives up on it.
const DEPTH: usize = 8;

impl Values<'_> {
    /// Rust for a value of `ty`; `exact` when the place takes exactly
    /// `ty` (inside a list or map), else `impl Into<ty>`. `hint` is the
    /// field's wire name, for a value that looks like one.
    fn value(&self, ty: &TypeRef, hint: &str, exact: bool, depth: usize) -> Option<String> {
        if depth > DEPTH {
            return None;
        }
        let text = |t: String| if exact { format!("{t}.to_string()") } else { t };
        Some(match ty {
            TypeRef::String => text(format!("{:?}", sample(hint))),
            TypeRef::Secret => format!(
                "{}::runtime::Secret::from({:?})",
                self.krate, "secret-value"
            ),
            TypeRef::DateTime => "chrono::Utc::now()".into(),
            TypeRef::Date => "chrono::Utc::now().date_naive()".into(),
            TypeRef::Bool => "true".into(),
            TypeRef::I32 => "1_i32".into(),
            TypeRef::I64 => "1_i64".into(),
            TypeRef::F64 => "1.0_f64".into(),
            TypeRef::Json => "serde_json::json!({})".into(),
            TypeRef::Option(inner) => {
                format!("Some({})", self.value(inner, hint, true, depth + 1)?)
            }
            TypeRef::Array(inner) => {
                let item_hint = crate::naming::singular(hint);
                let item =
                    self.value(inner, item_hint.as_deref().unwrap_or(hint), true, depth + 1)?;
                if exact {
                    format!("vec![{item}]")
                } else {
                    format!("[{item}]")
                }
            }
            TypeRef::Map(inner) => {
                let key = map_key(hint);
                let value = self.value(inner, key, true, depth + 1)?;
                let pair = format!("({key:?}.to_string(), {value})");
                if exact {
                    format!("std::collections::BTreeMap::from([{pair}])")
                } else {
                    format!("[{pair}]")
                }
            }
            TypeRef::Named { module, name } => {
                let def = self.types.get(module, name)?;
                self.named(def, &self.path(module, name), depth)?
            }
        })
    }

    /// A value of a named type: a struct through `new`, an enum's first
    /// value, a union's first alternative.
    fn named(&self, def: &TypeDef, path: &str, depth: usize) -> Option<String> {
        match &def.kind {
            TypeKind::Struct { fields, .. } if def.built => {
                let args = fields
                    .iter()
                    .filter(|f| f.setter.is_none() && f.constant.is_none())
                    .map(|f| self.value(&f.ty, &f.name, false, depth + 1))
                    .collect::<Option<Vec<_>>>()?;
                Some(format!("{path}::new({})", args.join(", ")))
            }
            TypeKind::Enum { values } => Some(format!("{path}::{}", values.first()?.rust_name)),
            TypeKind::Union { variants, .. } => {
                let first = variants.first()?;
                let inner = self.value(&first.ty, "value", true, depth + 1)?;
                let inner = if first.boxed {
                    format!("Box::new({inner})")
                } else {
                    inner
                };
                Some(format!("{path}::{}({inner})", first.rust_name))
            }
            TypeKind::Alias { target } => self.value(target, "value", true, depth + 1),
            TypeKind::Struct { .. } => None,
        }
    }

    /// The path of a type in the doctest: at the API crate's root when the
    /// API owns or re-exports it, else through the module of its crate.
    fn path(&self, module: &str, name: &str) -> String {
        let own = module == self.api.module
            || self.api.shared.iter().any(
                |t| matches!(t, TypeRef::Named { module: m, name: n } if m == module && n == name),
            );
        if own {
            format!("{}::{name}", self.krate)
        } else {
            format!("{}::{module}::{name}", self.krate)
        }
    }
}

/// A realistic value for a string field called `hint`.
fn sample(hint: &str) -> &'static str {
    let hint = hint.to_ascii_lowercase();
    match hint.as_str() {
        h if h.contains("email") => "jane@example.com",
        h if h.ends_with("id") || h.ends_with("ids") => "123",
        h if h.contains("url") || h.contains("uri") => "https://example.com/hubspot",
        h if h.contains("phone") || h.contains("number") => "+16175550142",
        h if h.contains("domain") => "example.com",
        h if h.contains("name") || h.contains("label") => "Example",
        h if h.contains("text") || h.contains("body") || h.contains("message") => {
            "Hello from the example"
        }
        _ => "example",
    }
}

/// A map's example key by the field's name (its value follows the key):
/// a CRM record's `properties` get an email.
fn map_key(hint: &str) -> &'static str {
    match hint {
        "properties" => "email",
        _ => "key",
    }
}
