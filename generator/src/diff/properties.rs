//! Changes of the property definitions (`specs/properties/`) between two
//! sides: what the typed properties crate gains or loses. Objects are
//! matched by object type, properties by internal name, options by value,
//! association types by name.
//!
//! | Change | Wire | Rust |
//! |---|---|---|
//! | object or property added | compatible | minor (the structs and the names enum are `#[non_exhaustive]`) |
//! | object or property removed | warning (HubSpot may refuse or stop returning it) | major |
//! | property retyped | breaking (its values read and write as another type) | major |
//! | option added | warning (an old client reads it as `Unknown`) | major (option enums are exhaustive) |
//! | option removed | breaking (a request that sends it is refused) | major |
//! | option relabelled | compatible | major when its variant is renamed, else patch |
//! | property made read-only / writable | breaking / compatible | major (setter removed) / minor |
//! | property required / no longer required to create | breaking / compatible | major (the create constructor's arguments) |
//! | association type added / removed / renumbered | compatible / breaking / breaking | minor / major / patch |

use super::model::{Bump, Wire};
use crate::ir::{PropertiesModule, PropertySet, PropertyValue, TypedProperty};
use serde::Serialize;
use std::collections::BTreeMap;

/// One change of the property definitions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PropertyChange {
    /// The object type (`calls`), or `associations` for association types.
    pub object: String,
    /// The property's internal name, or the association type's name; empty
    /// for a whole object.
    pub property: String,
    /// What changed, in a few words.
    pub detail: String,
    /// What it does to an existing caller of HubSpot.
    pub wire: Wire,
    /// The semver bump the generated crate needs.
    pub rust: Bump,
}

fn change(object: &str, property: &str, detail: String, wire: Wire, rust: Bump) -> PropertyChange {
    PropertyChange {
        object: object.to_string(),
        property: property.to_string(),
        detail,
        wire,
        rust,
    }
}

/// Every change between `old` and `new`, sorted by object and property.
pub fn compare(
    old: Option<&PropertiesModule>,
    new: Option<&PropertiesModule>,
) -> Vec<PropertyChange> {
    fn sets(m: Option<&PropertiesModule>) -> BTreeMap<&str, &PropertySet> {
        m.map(|m| m.objects.iter().map(|s| (s.object.as_str(), s)).collect())
            .unwrap_or_default()
    }
    let (olds, news) = (sets(old), sets(new));
    let mut out = Vec::new();
    for (object, a) in &olds {
        match news.get(object) {
            Some(b) => objects(a, b, &mut out),
            None => out.push(change(
                object,
                "",
                "object removed".into(),
                Wire::Warning,
                Bump::Major,
            )),
        }
    }
    for object in news.keys().filter(|o| !olds.contains_key(*o)) {
        out.push(change(
            object,
            "",
            "object added".into(),
            Wire::Compatible,
            Bump::Minor,
        ));
    }
    associations(old, new, &mut out);
    out.sort();
    out
}

fn objects(a: &PropertySet, b: &PropertySet, out: &mut Vec<PropertyChange>) {
    let object = a.object.as_str();
    fn by_name(s: &PropertySet) -> BTreeMap<&str, &TypedProperty> {
        s.properties.iter().map(|p| (p.name.as_str(), p)).collect()
    }
    let (olds, news) = (by_name(a), by_name(b));
    for (name, p) in &olds {
        match news.get(name) {
            Some(q) => property(object, a, b, p, q, out),
            None => out.push(change(
                object,
                name,
                "property removed".into(),
                Wire::Warning,
                Bump::Major,
            )),
        }
    }
    for (name, q) in news.iter().filter(|(n, _)| !olds.contains_key(*n)) {
        let detail = format!("property added ({})", shown(&q.value));
        out.push(change(object, name, detail, Wire::Compatible, Bump::Minor));
    }
    let required = |s: &PropertySet, field: &str| s.create.required.iter().any(|r| r == field);
    for (name, q) in &news {
        let Some(p) = olds.get(name) else { continue };
        match (required(a, &p.field), required(b, &q.field)) {
            (false, true) => out.push(change(
                object,
                name,
                "now required to create a record".into(),
                Wire::Breaking,
                Bump::Major,
            )),
            (true, false) => out.push(change(
                object,
                name,
                "no longer required to create a record".into(),
                Wire::Compatible,
                Bump::Major,
            )),
            _ => {}
        }
    }
}

/// The type as the definitions say it.
fn shown(value: &PropertyValue) -> String {
    match value {
        PropertyValue::Enum { multi: true, .. } => "options, several at once".into(),
        PropertyValue::Enum { .. } => "options".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}

fn property(
    object: &str,
    a: &PropertySet,
    b: &PropertySet,
    p: &TypedProperty,
    q: &TypedProperty,
    out: &mut Vec<PropertyChange>,
) {
    let name = p.name.as_str();
    let same_kind = match (&p.value, &q.value) {
        (PropertyValue::Enum { multi: m, .. }, PropertyValue::Enum { multi: n, .. }) => m == n,
        (x, y) => x == y,
    };
    if !same_kind {
        let detail = format!("retyped: {} → {}", shown(&p.value), shown(&q.value));
        out.push(change(object, name, detail, Wire::Breaking, Bump::Major));
    }
    match (p.read_only, q.read_only) {
        (false, true) => out.push(change(
            object,
            name,
            "made read-only".into(),
            Wire::Breaking,
            Bump::Major,
        )),
        (true, false) => out.push(change(
            object,
            name,
            "made writable".into(),
            Wire::Compatible,
            Bump::Minor,
        )),
        _ => {}
    }
    if same_kind {
        options(object, name, a, b, out);
    }
}

/// `(value, (variant, label))` of the options of property `name`.
fn options_of(set: &PropertySet, name: &str) -> BTreeMap<String, (String, String)> {
    set.enums
        .iter()
        .filter(|e| e.property == name)
        .flat_map(|e| &e.variants)
        .map(|v| (v.value.clone(), (v.name.clone(), v.label.clone())))
        .collect()
}

fn options(
    object: &str,
    name: &str,
    a: &PropertySet,
    b: &PropertySet,
    out: &mut Vec<PropertyChange>,
) {
    let (olds, news) = (options_of(a, name), options_of(b, name));
    for (value, (variant, label)) in &olds {
        match news.get(value) {
            None => out.push(change(
                object,
                name,
                format!("option `{value}` removed"),
                Wire::Breaking,
                Bump::Major,
            )),
            Some((v, l)) if l != label => {
                let rust = if v == variant {
                    Bump::Patch
                } else {
                    Bump::Major
                };
                let detail = format!("option `{value}` relabelled: {label:?} → {l:?}");
                out.push(change(object, name, detail, Wire::Compatible, rust));
            }
            Some(_) => {}
        }
    }
    for value in news.keys().filter(|v| !olds.contains_key(*v)) {
        out.push(change(
            object,
            name,
            format!("option `{value}` added"),
            Wire::Warning,
            Bump::Major,
        ));
    }
}

fn associations(
    old: Option<&PropertiesModule>,
    new: Option<&PropertiesModule>,
    out: &mut Vec<PropertyChange>,
) {
    let ids = |m: Option<&PropertiesModule>| -> BTreeMap<String, i64> {
        m.map(|m| {
            m.associations
                .iter()
                .map(|a| (a.constant.clone(), i64::from(a.id)))
                .collect()
        })
        .unwrap_or_default()
    };
    let (olds, news) = (ids(old), ids(new));
    let object = "associations";
    for (name, id) in &olds {
        match news.get(name) {
            None => out.push(change(
                object,
                name,
                format!("association type {id} removed"),
                Wire::Breaking,
                Bump::Major,
            )),
            Some(n) if n != id => out.push(change(
                object,
                name,
                format!("association type id {id} → {n}"),
                Wire::Breaking,
                Bump::Patch,
            )),
            Some(_) => {}
        }
    }
    for (name, id) in news.iter().filter(|(n, _)| !olds.contains_key(*n)) {
        out.push(change(
            object,
            name,
            format!("association type {id} added"),
            Wire::Compatible,
            Bump::Minor,
        ));
    }
}
