//! Rust identifiers from arbitrary spec names.
//!
//! Every name the generated crate uses is decided here: [`sanitize`] turns a
//! spec name into a valid identifier in the wanted case, and [`Namespace`]
//! hands out unique names inside one scope (a module, a struct's fields, an
//! enum's variants, a service's methods).

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};
use std::collections::BTreeSet;

/// The case of an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `TypeName`, `VariantName`.
    Pascal,
    /// `field_name`, `method_name`, `module_name`.
    Snake,
    /// `CONSTANT_NAME`.
    ShoutySnake,
}

/// Words that cannot be used as plain identifiers (strict and reserved keywords).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers (`r#self` is invalid).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Type names the generated code uses unqualified next to the generated
/// types and builders (std's prelude, serde's derives): a type or builder
/// named after one would shadow it.
pub const PRELUDE_TYPES: &[&str] = &[
    "Box",
    "Deserialize",
    "From",
    "Into",
    "IntoIterator",
    "Option",
    "Result",
    "Serialize",
    "String",
    "Vec",
];

/// Turns `name` into a valid Rust identifier in `case`.
///
/// Characters that cannot appear in an identifier separate words; a leading
/// digit gets a prefix (`_` for snake case, `V` for Pascal case); a keyword
/// becomes a raw identifier (`r#type`), or gets a trailing `_` where a raw
/// identifier is not allowed (`self_`). Symbols-only names fall back to
/// `value`/`Value`. The result never collides with a keyword.
pub fn sanitize(name: &str, case: Case) -> String {
    // Split on anything that is not alphanumeric so that heck sees word
    // boundaries; keep a sign as a word so `-1` and `1` stay distinct.
    let mut spaced = String::with_capacity(name.len());
    for (i, ch) in name.chars().enumerate() {
        if ch.is_ascii_alphanumeric() {
            spaced.push(ch);
        } else if ch == '-' && i == 0 {
            spaced.push_str("minus ");
        } else if ch == '+' && i == 0 {
            spaced.push_str("plus ");
        } else {
            // Everything else, non-ASCII letters included, separates words.
            spaced.push(' ');
        }
    }
    let cased = match case {
        Case::Pascal => spaced.to_pascal_case(),
        Case::Snake => spaced.to_snake_case(),
        Case::ShoutySnake => spaced.to_shouty_snake_case(),
    };
    let mut ident = if cased.is_empty() {
        match case {
            Case::Pascal => "Value".to_string(),
            Case::Snake => "value".to_string(),
            Case::ShoutySnake => "VALUE".to_string(),
        }
    } else {
        cased
    };
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident = match case {
            Case::Pascal => format!("V{ident}"),
            Case::Snake | Case::ShoutySnake => format!("_{ident}"),
        };
    }
    if NOT_RAW.contains(&ident.as_str()) {
        ident.push('_');
    } else if KEYWORDS.contains(&ident.as_str()) {
        ident.insert_str(0, "r#");
    }
    ident
}

/// Whether `ident` is a raw identifier (`r#type`).
pub fn is_raw(ident: &str) -> bool {
    ident.starts_with("r#")
}

/// A name in snake case that is not code alone, never raw (an API's
/// accessor from its file's stem, which also names its module).
pub fn bare_snake(name: &str) -> String {
    unraw(&sanitize(name, Case::Snake)).to_string()
}

/// The identifier without a raw prefix, for building derived names.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// A snake-case Rust identifier (a field, parameter, method or accessor) as
/// code writes it: `r#type` for a keyword. Made by the sanitizer, it
/// dereferences to and prints that code form; [`RustIdent::bare`] is the
/// name without `r#`, for what is not code (names derived from it, trace
/// names, crate and feature names). In the IR it is the string of its code
/// form.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct RustIdent(String);

impl RustIdent {
    /// The name without a raw prefix (`type` for `r#type`).
    pub fn bare(&self) -> &str {
        unraw(&self.0)
    }

    /// The code form (`r#type`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A local variable for its value that a format string can name
    /// (`{type_}`: a raw identifier cannot be named there).
    pub fn format_local(&self) -> String {
        match is_raw(&self.0) {
            true => format!("{}_", self.bare()),
            false => self.0.clone(),
        }
    }
}

impl std::ops::Deref for RustIdent {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RustIdent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for RustIdent {
    fn from(code: String) -> Self {
        RustIdent(code)
    }
}

impl From<&str> for RustIdent {
    fn from(code: &str) -> Self {
        RustIdent(code.to_string())
    }
}

impl PartialEq<&str> for RustIdent {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// One scope of unique names.
///
/// Collisions are resolved deterministically by appending a counter (`Name2`,
/// `name_2`), so the same input always yields the same names.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

/// The public types of the runtime, which the facade exports beside the
/// generated ones: a spec's type of the same name would shadow one under a
/// glob import, so it is named with `Model` after it (`ErrorModel`).
pub const RUNTIME_TYPES: &[&str] = &[
    "ApiError",
    "AttemptInfo",
    "Auth",
    "AuthorizeUrl",
    "BatchError",
    "BatchOutcome",
    "BatchProgress",
    "Client",
    "ClientBuilder",
    "Error",
    "ErrorDetail",
    "FileOffsetStore",
    "FileTokenStore",
    "Interceptor",
    "JournalFollower",
    "JournalItem",
    "MemoryOffsetStore",
    "MemoryStore",
    "MemoryTokenStore",
    "OAuthApp",
    "OAuthRefresh",
    "OffsetStore",
    "RateDecision",
    "RateLimit",
    "RateLimitInfo",
    "RateLimitPolicy",
    "RateStore",
    "RateStoreError",
    "RateWindow",
    "RawRequest",
    "RedisStore",
    "Response",
    "RetryConfig",
    "Secret",
    "TokenProvider",
    "TokenSet",
    "TokenStore",
];

impl Namespace {
    /// A namespace in which `reserved` names are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Namespace {
            taken: reserved.into_iter().map(str::to_string).collect(),
        }
    }

    /// A namespace for type-level names (types, builders, service structs),
    /// in which the prelude names the generated code relies on are taken.
    pub fn for_types() -> Self {
        Self::with_reserved(PRELUDE_TYPES.iter().copied())
    }

    /// A model type's name: sanitized, not one of [`RUNTIME_TYPES`], and
    /// unique in this scope.
    pub fn claim_type(&mut self, name: &str) -> String {
        let mut base = sanitize(name, Case::Pascal);
        if RUNTIME_TYPES.contains(&base.as_str()) {
            base.push_str("Model");
        }
        self.claim_ident(base, Case::Pascal)
    }

    /// Sanitizes `name` in `case` and makes it unique in this scope.
    pub fn claim(&mut self, name: &str, case: Case) -> String {
        let base = sanitize(name, case);
        self.claim_ident(base, case)
    }

    /// A field, parameter, method or accessor name: snake case, unique in
    /// this scope, raw when a keyword.
    pub fn claim_snake(&mut self, name: &str) -> RustIdent {
        RustIdent(self.claim(name, Case::Snake))
    }

    /// A module's name, which also names its crate and folder: snake case,
    /// unique in this scope, never raw (`type`, where code would write
    /// `r#type`).
    pub fn claim_module(&mut self, name: &str) -> String {
        unraw(&self.claim(name, Case::Snake)).to_string()
    }

    /// Makes an already valid identifier unique in this scope.
    pub fn claim_ident(&mut self, base: String, case: Case) -> String {
        if self.taken.insert(unraw(&base).to_string()) {
            return base;
        }
        // `self_` + 2 is `self_2`, not `self__2` (not snake case).
        let stem = unraw(&base).trim_end_matches('_').to_string();
        let mut n = 2usize;
        loop {
            let candidate = match case {
                Case::Pascal => format!("{stem}{n}"),
                Case::Snake | Case::ShoutySnake => format!("{stem}_{n}"),
            };
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Whether `name` (unraw) is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }
}

/// The singular of a snake-case plural (`properties` → `property`,
/// `labels` → `label`); `None` for a word that does not end in `s`.
pub fn singular(plural: &str) -> Option<String> {
    if let Some(stem) = plural.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    let stem = plural.strip_suffix('s')?;
    (!stem.is_empty() && !stem.ends_with('s')).then(|| stem.to_string())
}

/// HubSpot's `operationId` verbs for what other APIs name by the request's
/// shape, with the verb every API gets: a paged list is `list`, a read by id
/// `get` and a search `search`, whichever spec the operation comes from.
const VERBS: &[(&str, &str)] = &[
    ("getPage", "list"),
    ("getById", "get"),
    ("doSearch", "search"),
];

/// The method name for an `operationId`'s name part: the common verb when
/// HubSpot's has one ([`VERBS`]), else the name itself.
pub fn operation_verb(name: &str) -> &str {
    VERBS
        .iter()
        .find(|(hubspot, _)| *hubspot == name)
        .map_or(name, |(_, verb)| verb)
}

/// The setter of each field of a struct callers build, in field order: the
/// field's own name (`r#type` stays raw), but not `new`, which is the
/// constructor's.
pub fn setters(fields: &[&str]) -> Vec<String> {
    let mut ns = Namespace::with_reserved(fields.iter().map(|f| unraw(f)).chain(["new"]));
    fields
        .iter()
        .map(|&f| {
            if unraw(f) == "new" {
                ns.claim_ident(f.to_string(), Case::Snake)
            } else {
                f.to_string()
            }
        })
        .collect()
}

/// The variant of a per-status output enum for `status` (`Success`,
/// `MultiStatus`, `Status299`; `AnySuccess` for the `2XX` range).
pub fn status_variant(status: crate::ir::Status) -> String {
    use crate::ir::Status;
    match status {
        // Not `Ok`, which reads as `Result::Ok` in `Ok(Output::Ok(…))`.
        Status::Code(200) => "Success".into(),
        Status::Code(201) => "Created".into(),
        Status::Code(202) => "Accepted".into(),
        Status::Code(203) => "NonAuthoritative".into(),
        Status::Code(204) => "NoContent".into(),
        Status::Code(206) => "PartialContent".into(),
        Status::Code(207) => "MultiStatus".into(),
        Status::Code(other) => format!("Status{other}"),
        Status::Range(2) => "AnySuccess".into(),
        Status::Range(d) => format!("Status{d}xx"),
        Status::Default => "Default".into(),
    }
}

/// Names every request builder uses for itself: its fields (`client`,
/// `body`), its constructor and the methods `emit` gives every builder
/// (`send`, `send_with_response`, `timeout`, and `header` and `query` for
/// the caller's own headers and query parameters, kept in `extra`) or some
/// (`stream`, `send_all`, `send_all_with_progress` and their `send_part`,
/// `request_timeout`). A
/// parameter's setter never takes one of them: lowering gives it another
/// name.
pub const BUILDER_MEMBERS: &[&str] = &[
    "api",
    "body",
    "client",
    "extra",
    "header",
    "query",
    "new",
    "send",
    "send_with_response",
    "send_part",
    "timeout",
    "request_timeout",
    "stream",
    "send_all",
    "send_all_with_progress",
];

/// Names every service struct uses for itself (its `client` field and its
/// constructor), which no operation or nested service takes.
pub const SERVICE_MEMBERS: &[&str] = &["client", "new"];

/// Names a typed properties struct takes for itself, which no property field
/// may take: its constructor-like and helper methods and the extras map.
pub const PROPERTY_MEMBERS: &[&str] = &["new", "extra", "clear", "associate", "properties"];

/// The field of a CRM property in its object's typed struct: the internal
/// name without HubSpot's `hs_` or `hubspot_` prefix and without the
/// object's own (`hs_call_direction` on calls → `direction`,
/// `hubspot_owner_id` → `owner_id`), when what is left is a name.
pub fn property_field(name: &str, object: &str) -> String {
    let mut short = name.to_ascii_lowercase();
    for prefix in ["hs_", "hubspot_"] {
        if let Some(rest) = short.strip_prefix(prefix) {
            short = rest.to_string();
            break;
        }
    }
    if let Some(rest) =
        singular(object).and_then(|one| short.strip_prefix(&format!("{one}_")).map(str::to_string))
    {
        short = rest;
    }
    let short = if short.is_empty() || short.starts_with(|c: char| c.is_ascii_digit()) {
        name.to_string()
    } else {
        short
    };
    sanitize(&short, Case::Snake)
}

/// The cargo feature of the API reached by `accessor` in the version whose
/// feature is `version` (`v2026-09` and `app_webhooks`: `v2026-09-app-webhooks`).
pub fn feature(version: &str, accessor: &str) -> String {
    format!("{version}-{}", unraw(accessor).replace('_', "-"))
}

/// The package of the crate that holds `module` (or `runtime`, `fake`) in
/// the output named `krate` (`hubspot-client-crm-contacts`).
pub fn package(krate: &str, module: &str) -> String {
    format!("{krate}-{}", module.replace('_', "-"))
}

/// The field of a struct that keeps the properties its schema does not
/// declare: `additional_properties`, or `additional_properties_2` when a
/// declared property has that name.
pub fn additional_field<'a>(mut fields: impl Iterator<Item = &'a str>) -> String {
    match fields.any(|f| f == "additional_properties") {
        true => "additional_properties_2".into(),
        false => "additional_properties".into(),
    }
}

/// The constructor of a create input identified by the property of
/// `field` (`with_email`; `with_type` for `r#type`).
pub fn with_constructor(field: &str) -> String {
    format!("with_{}", unraw(field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rust_ident_is_written_as_code_and_read_bare() {
        let mut names = Namespace::default();
        let kw = names.claim_snake("type");
        assert_eq!(kw.to_string(), "r#type");
        assert_eq!(kw.bare(), "type");
        assert_eq!(kw.format_local(), "type_");
        assert_eq!(RustIdent::from("id").format_local(), "id");
        assert_eq!(serde_json::to_string(&kw).unwrap(), "\"r#type\"");
        // The bare name is taken: `type` again is `type_2`, never raw.
        assert_eq!(names.claim_snake("type").as_str(), "type_2");
        assert_eq!(names.claim_module("self"), "self_");
    }

    #[test]
    fn keywords_and_digits() {
        assert_eq!(sanitize("type", Case::Snake), "r#type");
        assert_eq!(sanitize("self", Case::Snake), "self_");
        assert_eq!(sanitize("Self", Case::Pascal), "Self_");
        assert_eq!(sanitize("123abc", Case::Snake), "_123abc");
        assert_eq!(sanitize("207", Case::Pascal), "V207");
        assert_eq!(sanitize("hs_object_id", Case::Pascal), "HsObjectId");
        assert_eq!(sanitize("createdAt", Case::Snake), "created_at");
        assert_eq!(sanitize("WHATS_APP", Case::Pascal), "WhatsApp");
        assert_eq!(
            sanitize("channel-accounts", Case::Snake),
            "channel_accounts"
        );
        assert_eq!(sanitize("a.b/c", Case::Snake), "a_b_c");
        assert_eq!(sanitize("", Case::Pascal), "Value");
        assert_eq!(sanitize("!!", Case::Snake), "value");
        assert_eq!(sanitize("-1", Case::Pascal), "Minus1");
    }

    #[test]
    fn collisions_get_counters() {
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("Foo", Case::Pascal), "Foo");
        assert_eq!(ns.claim("foo", Case::Pascal), "Foo2");
        assert_eq!(ns.claim("FOO", Case::Pascal), "Foo3");
        let mut ns = Namespace::with_reserved(["client"]);
        assert_eq!(ns.claim("client", Case::Snake), "client_2");
        assert_eq!(ns.claim("type", Case::Snake), "r#type");
        assert_eq!(ns.claim("type", Case::Snake), "type_2");
        assert_eq!(ns.claim("self", Case::Snake), "self_");
        assert_eq!(ns.claim("Self", Case::Snake), "self_2");
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("self", Case::Pascal), "Self_");
        assert_eq!(ns.claim("Self", Case::Pascal), "Self2");
        let mut ns = Namespace::for_types();
        assert_eq!(ns.claim("Option", Case::Pascal), "Option2");
    }

    #[test]
    fn setters_are_field_names_except_the_constructors() {
        let names = setters(&["after", "r#type", "new", "new_2"]);
        assert_eq!(names, ["after", "r#type", "new_3", "new_2"]);
    }

    #[test]
    fn model_types_do_not_take_the_runtimes_names() {
        let mut ns = Namespace::for_types();
        assert_eq!(ns.claim_type("Error"), "ErrorModel");
        assert_eq!(ns.claim_type("error"), "ErrorModel2");
        assert_eq!(ns.claim_type("Thread"), "Thread");
        // The list is the runtime's public, documented exports.
        let lib = include_str!("../runtime/src/lib.rs");
        let mut exported: Vec<&str> = Vec::new();
        // Statements, each with the attributes before it.
        for statement in lib.split(';') {
            let statement = statement.trim();
            let Some((attrs, names)) = statement.split_once("pub use ") else {
                continue;
            };
            if attrs.contains("#[doc(hidden)]") {
                continue;
            }
            let names = names.split_once("::").map_or("", |(_, n)| n);
            exported.extend(
                names
                    .split(|c: char| "{},".contains(c))
                    .map(str::trim)
                    .filter(|n| n.starts_with(|c: char| c.is_ascii_uppercase()))
                    .filter(|n| n.chars().any(|c| c.is_ascii_lowercase())),
            );
        }
        exported.sort_unstable();
        assert_eq!(exported, RUNTIME_TYPES);
    }

    #[test]
    fn the_extra_properties_field_steps_aside_for_a_declared_one() {
        assert_eq!(
            additional_field(["id", "name"].into_iter()),
            "additional_properties"
        );
        assert_eq!(
            additional_field(["id", "additional_properties"].into_iter()),
            "additional_properties_2"
        );
        assert_eq!(with_constructor("email"), "with_email");
        assert_eq!(with_constructor("r#type"), "with_type");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("properties").as_deref(), Some("property"));
        assert_eq!(singular("labels").as_deref(), Some("label"));
        assert_eq!(singular("address"), None);
        assert_eq!(singular("data"), None);
    }
}
