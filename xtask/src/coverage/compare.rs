//! Walks a published IR and ours side by side and records every difference.
//!
//! Operations match by (method, path), parameters by (name, location),
//! responses by status and properties by wire name. Named types are followed
//! into their definitions in each IR; a (published, ours) pair of types is
//! compared once, at the first place it is reached.

use hubspot_codegen::ir::{
    Binding, Crate, Method, Operation, ParamLocation, Parameter, RequestBody, Resolved,
    ResponseBody, TypeDef, TypeIndex, TypeKind, TypeRef,
};
use std::collections::{BTreeMap, BTreeSet};

/// How much of the published side was compared, and how much was missing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Published operations compared.
    pub operations: usize,
    /// Of those, absent from ours.
    pub operations_missing: usize,
    /// Published parameters compared.
    pub parameters: usize,
    /// Of those, absent from ours.
    pub parameters_missing: usize,
    /// Published schema properties compared.
    pub properties: usize,
    /// Of those, absent from ours.
    pub properties_missing: usize,
}

/// Compares one published IR with ours.
pub struct Comparer<'a> {
    published: TypeIndex<'a>,
    ours: TypeIndex<'a>,
    visited: BTreeSet<(String, String, String, String)>,
    /// Differences found, as readable one-line keys.
    pub gaps: Vec<String>,
    /// What was compared.
    pub tally: Tally,
}

impl<'a> Comparer<'a> {
    /// A comparer of `published` against `ours`.
    pub fn new(published: &'a Crate, ours: &'a Crate) -> Self {
        Comparer {
            published: TypeIndex::new(published),
            ours: TypeIndex::new(ours),
            visited: BTreeSet::new(),
            gaps: Vec::new(),
            tally: Tally::default(),
        }
    }

    fn gap(&mut self, at: &str, what: impl std::fmt::Display) {
        self.gaps.push(format!("{at}: {what}"));
    }

    /// Compares every operation of `published` with ours; `label` starts each key.
    pub fn operations(&mut self, label: &str, published: &'a Crate, ours: &'a Crate) {
        let ours_by_key: BTreeMap<_, _> = all_operations(ours)
            .into_iter()
            .map(|op| (key(op), op))
            .collect();
        for p in all_operations(published) {
            self.tally.operations += 1;
            let at = at(label, p);
            match ours_by_key.get(&key(p)) {
                Some(o) => self.operation(&at, p, o),
                None => {
                    self.tally.operations_missing += 1;
                    self.gap(&at, "operation missing");
                }
            }
        }
    }

    /// Compares one published operation `p` with ours `o` of the same method
    /// and path; `label` starts each key.
    pub fn matched(&mut self, label: &str, p: &'a Operation, o: &'a Operation) {
        self.tally.operations += 1;
        self.operation(&at(label, p), p, o);
    }

    fn operation(&mut self, at: &str, p: &'a Operation, o: &'a Operation) {
        for pp in &p.params {
            self.tally.parameters += 1;
            let loc = location(pp.location);
            let here = format!("{at} › parameter {} ({loc})", pp.name);
            match o
                .params
                .iter()
                .find(|op| op.name == pp.name && op.location == pp.location)
            {
                Some(op) => self.parameter(&here, pp, op),
                None => {
                    self.tally.parameters_missing += 1;
                    self.gap(&here, "missing");
                }
            }
        }
        match (&p.body, &o.body) {
            (Some(pb), Some(ob)) => self.request(&format!("{at} › request"), pb, ob),
            (Some(_), None) => self.gap(&format!("{at} › request"), "missing"),
            _ => {}
        }
        for pr in &p.responses {
            let here = format!("{at} › response {}", pr.status);
            match o.responses.iter().find(|r| r.status == pr.status) {
                Some(or) => self.body(&here, &pr.body, &or.body),
                None => self.gap(&here, "missing"),
            }
        }
    }

    fn parameter(&mut self, at: &str, p: &'a Parameter, o: &'a Parameter) {
        if p.required != o.required {
            self.gap(at, required_text(p.required, o.required));
        }
        if p.default != o.default {
            let show = |d: &Option<serde_json::Value>| {
                d.as_ref().map_or("none".to_string(), |v| v.to_string())
            };
            self.gap(
                at,
                format!(
                    "default {}, published {}",
                    show(&o.default),
                    show(&p.default)
                ),
            );
        }
        if !self.binding(at, p, o) {
            self.types(at, "", &p.ty, &o.ty);
        }
    }

    /// Compares a parameter that either side fixes to one value (written
    /// into the request, never asked for); `false` when neither does.
    fn binding(&mut self, at: &str, p: &'a Parameter, o: &'a Parameter) -> bool {
        match (&p.binding, &o.binding) {
            (Binding::Fixed { value: pv }, Binding::Fixed { value: ov }) => {
                if pv != ov {
                    self.gap(at, format!("fixed to {ov} here, published fixed to {pv}"));
                }
            }
            // Ours binds the value (a bound object type, `enum: [contacts]`)
            // where the published operation serves several: one of the
            // values it allows is no gap.
            (_, Binding::Fixed { value }) => match self.published.resolve(&p.ty) {
                Resolved::Ref(TypeRef::String) => {}
                Resolved::Def(TypeDef {
                    kind: TypeKind::Enum { values },
                    ..
                }) => {
                    if !values.iter().any(|v| &v.value == value) {
                        self.gap(at, format!("fixed to {value} here, not a published value"));
                    }
                }
                other => {
                    let published = describe(&other);
                    self.gap(at, format!("fixed to {value} here, published {published}"));
                }
            },
            (Binding::Fixed { value }, _) => {
                self.gap(at, format!("free here, published fixed to {value}"));
            }
            _ => return false,
        }
        true
    }

    fn request(&mut self, at: &str, p: &'a RequestBody, o: &'a RequestBody) {
        if p.content_type != o.content_type {
            self.gap(
                at,
                format!(
                    "content type {}, published {}",
                    o.content_type, p.content_type
                ),
            );
        }
        if p.required != o.required {
            self.gap(at, required_text(p.required, o.required));
        }
        match (&p.ty, &o.ty) {
            (Some(pt), Some(ot)) => self.types(at, "", pt, ot),
            (Some(_), None) => self.gap(at, "body type missing"),
            _ => {}
        }
    }

    fn body(&mut self, at: &str, p: &'a ResponseBody, o: &'a ResponseBody) {
        match (p, o) {
            (ResponseBody::Json(pt), ResponseBody::Json(ot)) => self.types(at, "", pt, ot),
            _ if body_kind(p) == body_kind(o) => {}
            _ => self.gap(
                at,
                format!("body {}, published {}", body_kind(o), body_kind(p)),
            ),
        }
    }

    /// Compares a standalone schema's root type with ours.
    pub fn root(&mut self, at: &str, p: &'a TypeDef, o: &'a TypeDef) {
        self.defs(at, "", p, o);
    }

    /// Compares two type references found at `at` › `path`.
    fn types(&mut self, at: &str, path: &str, p: &'a TypeRef, o: &'a TypeRef) {
        let (p, p_null) = strip_option(p);
        let (o, o_null) = strip_option(o);
        if p_null != o_null {
            self.gap(&join_at(at, path), nullable_text(p_null, o_null));
        }
        match (self.published.resolve(p), self.ours.resolve(o)) {
            (Resolved::Def(pd), Resolved::Def(od)) => self.defs(at, path, pd, od),
            (Resolved::Ref(TypeRef::Array(pi)), Resolved::Ref(TypeRef::Array(oi))) => {
                self.types(at, &format!("{path}[]"), pi, oi)
            }
            (Resolved::Ref(TypeRef::Map(pv)), Resolved::Ref(TypeRef::Map(ov))) => {
                self.types(at, &format!("{path}{{}}"), pv, ov)
            }
            (Resolved::Ref(pr), Resolved::Ref(or)) if pr == or => {}
            // A string ours marks as a secret (`format: password`, so that
            // `Debug` never shows it) is the same string on the wire.
            (Resolved::Ref(TypeRef::String), Resolved::Ref(TypeRef::Secret)) => {}
            // Ours accepts the published primitive among other shapes.
            (Resolved::Ref(pr), Resolved::Def(od)) if union_accepts(od, pr) => {}
            (pr, or) => {
                let (pt, ot) = (describe(&pr), describe(&or));
                self.gap(&join_at(at, path), format!("type {ot}, published {pt}"));
            }
        }
    }

    fn defs(&mut self, at: &str, path: &str, p: &'a TypeDef, o: &'a TypeDef) {
        let p_module = module_of(&p.source);
        let key = (
            p_module,
            p.name.clone(),
            module_of(&o.source),
            o.name.clone(),
        );
        if !self.visited.insert(key) {
            return;
        }
        let here = join_at(at, path);
        match (&p.kind, &o.kind) {
            (
                TypeKind::Struct {
                    fields: pf,
                    additional: pa,
                },
                TypeKind::Struct {
                    fields: of,
                    additional: oa,
                },
            ) => {
                for f in pf {
                    self.tally.properties += 1;
                    let fpath = if path.is_empty() {
                        f.name.clone()
                    } else {
                        format!("{path}.{}", f.name)
                    };
                    let Some(g) = of.iter().find(|g| g.name == f.name) else {
                        self.tally.properties_missing += 1;
                        self.gap(&join_at(at, &fpath), "property missing");
                        continue;
                    };
                    if f.required != g.required {
                        self.gap(&join_at(at, &fpath), required_text(f.required, g.required));
                    }
                    if f.nullable != g.nullable {
                        self.gap(&join_at(at, &fpath), nullable_text(f.nullable, g.nullable));
                    }
                    self.types(at, &fpath, &f.ty, &g.ty);
                }
                // Ours may not demand what the published type never has.
                for g in of.iter().filter(|g| g.required) {
                    if !pf.iter().any(|f| f.name == g.name) {
                        let gpath = if path.is_empty() {
                            g.name.clone()
                        } else {
                            format!("{path}.{}", g.name)
                        };
                        self.gap(&join_at(at, &gpath), "required here, not in published");
                    }
                }
                match (pa, oa) {
                    (Some(pt), Some(ot)) => self.types(at, &format!("{path}{{*}}"), &pt.ty, &ot.ty),
                    (Some(_), None) => self.gap(&here, "additional properties missing"),
                    _ => {}
                }
            }
            (TypeKind::Enum { values: pv }, TypeKind::Enum { values: ov }) => {
                for v in pv {
                    if !ov.iter().any(|w| w.value == v.value) {
                        self.gap(&here, format!("enum value {} missing", v.value));
                    }
                }
            }
            (
                TypeKind::Union {
                    variants: pv,
                    discriminator: pd,
                },
                TypeKind::Union {
                    variants: ov,
                    discriminator: od,
                },
            ) => {
                // A published union without a discriminator is matched by the
                // values its members allow for ours.
                if pd.is_some() && pd != od {
                    self.gap(&here, format!("discriminator {od:?}, published {pd:?}"));
                }
                for v in pv {
                    let tags = match (v.tags.is_empty(), od) {
                        (true, Some(prop)) => self.enum_values_of(&v.ty, prop),
                        _ => v.tags.clone(),
                    };
                    let found = ov
                        .iter()
                        .find(|w| w.tags.iter().any(|t| tags.contains(t)))
                        .or_else(|| ov.iter().find(|w| w.rust_name == v.rust_name));
                    let vpath = format!("{path}<{}>", v.rust_name);
                    match found {
                        Some(w) => self.types(at, &vpath, &v.ty, &w.ty),
                        None => self.gap(&join_at(at, &vpath), "union variant missing"),
                    }
                }
            }
            (pk, ok) => {
                self.gap(
                    &here,
                    format!("{} here, published {}", kind_name(ok), kind_name(pk)),
                );
                if let (
                    TypeKind::Struct { fields, .. },
                    TypeKind::Union {
                        variants,
                        discriminator,
                    },
                ) = (pk, ok)
                {
                    self.object_in_union(at, path, fields, variants, discriminator.as_deref());
                }
            }
        }
    }

    /// A published object where ours has a union: each published property
    /// must be a property of some variant, typed alike there. Values the
    /// published object allows for our discriminator must each select a
    /// variant (a free string falls to `Unknown`, which the union-vs-object
    /// gap already reports).
    fn object_in_union(
        &mut self,
        at: &str,
        path: &str,
        fields: &'a [hubspot_codegen::ir::Field],
        variants: &'a [hubspot_codegen::ir::Variant],
        discriminator: Option<&str>,
    ) {
        for f in fields {
            self.tally.properties += 1;
            let fpath = if path.is_empty() {
                f.name.clone()
            } else {
                format!("{path}.{}", f.name)
            };
            if discriminator == Some(f.name.as_str()) {
                if let Resolved::Def(TypeDef {
                    kind: TypeKind::Enum { values },
                    ..
                }) = self.published.resolve(strip_option(&f.ty).0)
                {
                    for v in values {
                        if !variants.iter().any(|w| w.tags.contains(&v.value)) {
                            let msg = format!("value {} selects no variant", v.value);
                            self.gap(&join_at(at, &fpath), msg);
                        }
                    }
                }
                continue;
            }
            let found = variants
                .iter()
                .find_map(|v| match self.ours.resolve(&v.ty) {
                    Resolved::Def(TypeDef {
                        kind: TypeKind::Struct { fields: of, .. },
                        ..
                    }) => of.iter().find(|g| g.name == f.name),
                    _ => None,
                });
            match found {
                Some(g) => self.types(at, &fpath, &f.ty, &g.ty),
                None => {
                    self.tally.properties_missing += 1;
                    self.gap(&join_at(at, &fpath), "property missing in every variant");
                }
            }
        }
    }
}

impl<'a> Comparer<'a> {
    /// The enum values the published struct `ty` allows for property `prop`.
    fn enum_values_of(&self, ty: &'a TypeRef, prop: &str) -> Vec<String> {
        let Resolved::Def(TypeDef {
            kind: TypeKind::Struct { fields, .. },
            ..
        }) = self.published.resolve(ty)
        else {
            return Vec::new();
        };
        let Some(field) = fields.iter().find(|f| f.name == prop) else {
            return Vec::new();
        };
        match self.published.resolve(strip_option(&field.ty).0) {
            Resolved::Def(TypeDef {
                kind: TypeKind::Enum { values },
                ..
            }) => values.iter().map(|v| v.value.clone()).collect(),
            _ => Vec::new(),
        }
    }
}

/// `def` is an untagged union with a variant of exactly type `ty`.
fn union_accepts(def: &TypeDef, ty: &TypeRef) -> bool {
    match &def.kind {
        TypeKind::Union {
            variants,
            discriminator: None,
        } => variants.iter().any(|v| strip_option(&v.ty).0 == ty),
        _ => false,
    }
}

/// Every operation of `krate`, in document order.
pub fn all_operations(krate: &Crate) -> Vec<&Operation> {
    krate
        .apis
        .iter()
        .flat_map(|api| api.root.all_operations())
        .collect()
}

/// What operations match by: method and path template.
pub fn key(op: &Operation) -> (Method, &str) {
    (op.method, op.path.as_str())
}

/// The start of every key of operation `op` of the API `label`.
pub fn at(label: &str, op: &Operation) -> String {
    format!(
        "{label} {} {}",
        op.method.key().to_ascii_uppercase(),
        op.path
    )
}

fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

fn module_of(source: &str) -> String {
    source.split('#').next().unwrap_or(source).to_string()
}

fn join_at(at: &str, path: &str) -> String {
    if path.is_empty() {
        at.to_string()
    } else {
        format!("{at} › {path}")
    }
}

fn strip_option(t: &TypeRef) -> (&TypeRef, bool) {
    match t {
        TypeRef::Option(inner) => (strip_option(inner).0, true),
        other => (other, false),
    }
}

fn required_text(published: bool, ours: bool) -> String {
    let word = |b: bool| if b { "required" } else { "optional" };
    format!("{} here, published {}", word(ours), word(published))
}

fn nullable_text(published: bool, ours: bool) -> String {
    let word = |b: bool| if b { "nullable" } else { "not nullable" };
    format!("{} here, published {}", word(ours), word(published))
}

fn body_kind(b: &ResponseBody) -> &'static str {
    match b {
        ResponseBody::Empty => "empty",
        ResponseBody::Json(_) => "JSON",
        ResponseBody::Text => "text",
        ResponseBody::Binary => "binary",
    }
}

fn kind_name(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct { .. } => "an object",
        TypeKind::Enum { .. } => "an enum",
        TypeKind::Union { .. } => "a union",
        TypeKind::Alias { .. } => "an alias",
    }
}

fn describe(r: &Resolved) -> String {
    match r {
        Resolved::Def(d) => kind_name(&d.kind).to_string(),
        Resolved::Ref(t) => describe_ref(t),
    }
}

fn describe_ref(t: &TypeRef) -> String {
    match t {
        TypeRef::Named { name, .. } => name.clone(),
        TypeRef::String => "string".into(),
        TypeRef::Secret => "string (secret)".into(),
        TypeRef::DateTime => "date-time".into(),
        TypeRef::Date => "date".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::I32 => "int32".into(),
        TypeRef::I64 => "int64".into(),
        TypeRef::F64 => "number".into(),
        TypeRef::Json => "any JSON".into(),
        TypeRef::Array(i) => format!("array of {}", describe_ref(i)),
        TypeRef::Map(v) => format!("map of {}", describe_ref(v)),
        TypeRef::Option(i) => format!("nullable {}", describe_ref(i)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    /// The gaps of a one-operation document whose path parameter
    /// `objectType` is typed `ours` against the same typed `published`.
    fn gaps(published: Value, ours: Value) -> Vec<String> {
        let dir = tempfile::tempdir().expect("tempdir");
        let krate = |name: &str, schema: Value| {
            let doc = json!({
                "openapi": "3.0.1",
                "info": { "title": "test", "version": "1" },
                "paths": { "/crm/objects/{objectType}/{objectId}": { "get": {
                    "operationId": "get-/crm/objects/{objectType}/{objectId}_getById",
                    "parameters": [
                        { "name": "objectType", "in": "path", "required": true, "schema": schema },
                        { "name": "objectId", "in": "path", "required": true,
                          "schema": { "type": "string" } },
                    ],
                    "responses": { "204": { "description": "No content." } },
                } } },
            });
            let path = dir.path().join(name);
            std::fs::write(&path, doc.to_string()).expect("write");
            super::super::ir(&path).expect("lower")
        };
        let (p, o) = (krate("published.json", published), krate("ours.json", ours));
        let mut cmp = super::Comparer::new(&p, &o);
        cmp.operations("x", &p, &o);
        cmp.gaps
    }

    #[test]
    fn a_bound_parameter_is_compared_by_its_value() {
        let string = json!({ "type": "string" });
        let int = json!({ "type": "integer", "format": "int32" });
        let one = |v: &str| json!({ "type": "string", "enum": [v] });
        let two = json!({ "type": "string", "enum": ["contacts", "companies"] });
        let at = "x GET /crm/objects/{objectType}/{objectId} › parameter objectType (path)";
        assert_eq!(gaps(string.clone(), one("contacts")), Vec::<String>::new());
        assert_eq!(gaps(two.clone(), one("contacts")), Vec::<String>::new());
        assert_eq!(gaps(one("contacts"), one("contacts")), Vec::<String>::new());
        assert_eq!(
            gaps(two, one("deals")),
            [format!("{at}: fixed to deals here, not a published value")]
        );
        assert_eq!(
            gaps(one("contacts"), one("deals")),
            [format!(
                "{at}: fixed to deals here, published fixed to contacts"
            )]
        );
        assert_eq!(
            gaps(one("contacts"), string),
            [format!("{at}: free here, published fixed to contacts")]
        );
        assert_eq!(
            gaps(int, one("contacts")),
            [format!("{at}: fixed to contacts here, published int32")]
        );
    }
}
