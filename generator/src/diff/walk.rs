//! Compares two types by wire name and structure, recursively: properties
//! by name, enum values by value, `oneOf` alternatives by discriminator tag
//! (or name). A pair of named types is compared once per walk, which is the
//! cycle protection and keeps one operation's report free of repeats.

use super::emitted::Emitted;
use super::model::Change;
use super::place::{field_type, rust_type, wire_type, Place};
use super::rules::{self, Prop, Retype};
use crate::ir::{EnumValue, Field, Resolved, TypeDef, TypeIndex, TypeKind, TypeRef, Variant};
use std::collections::{BTreeMap, BTreeSet};

/// The types of both sides.
pub struct Sides<'a> {
    /// The old side's types.
    pub old: TypeIndex<'a>,
    /// The new side's types.
    pub new: TypeIndex<'a>,
}

/// One walk: the changes found and the pairs of named types already seen.
pub struct Walk<'s, 'a> {
    sides: &'s Sides<'a>,
    emitted: Emitted,
    seen: BTreeSet<(usize, usize)>,
    /// The changes found so far.
    pub changes: Vec<Change>,
}

impl<'s, 'a> Walk<'s, 'a> {
    /// A walk over `sides`.
    pub fn new(sides: &'s Sides<'a>, emitted: Emitted) -> Self {
        Walk {
            sides,
            emitted,
            seen: BTreeSet::new(),
            changes: Vec::new(),
        }
    }

    /// Records a change found outside the type walk (a parameter, a body, a
    /// status).
    pub fn push(&mut self, change: Change) {
        self.changes.push(change);
    }

    /// Compares the value at `place`: `old` on the old side, `new` on the
    /// new one.
    pub fn types(&mut self, place: &Place, old: &'a TypeRef, new: &'a TypeRef) {
        let o = self.sides.old.resolve(old);
        let n = self.sides.new.resolve(new);
        match (o, n) {
            (Resolved::Ref(TypeRef::Option(a)), Resolved::Ref(TypeRef::Option(b))) => {
                self.types(place, a, b)
            }
            (Resolved::Ref(TypeRef::Option(a)), _) => {
                let c = rules::nullability(place, false, &rust_type(old), &rust_type(new));
                self.changes.push(c);
                self.types(place, a, new);
            }
            (_, Resolved::Ref(TypeRef::Option(b))) => {
                let c = rules::nullability(place, true, &rust_type(old), &rust_type(new));
                self.changes.push(c);
                self.types(place, old, b);
            }
            (Resolved::Ref(TypeRef::Array(a)), Resolved::Ref(TypeRef::Array(b))) => {
                self.types(&place.item(), a, b)
            }
            (Resolved::Ref(TypeRef::Map(a)), Resolved::Ref(TypeRef::Map(b))) => {
                self.types(&place.value(), a, b)
            }
            (Resolved::Def(a), Resolved::Def(b)) if same_kind(a, b) => self.defs(place, a, b),
            (Resolved::Ref(a), Resolved::Ref(b)) if is_leaf(a) && a == b => {}
            _ => self.retyped(place, old, new),
        }
    }

    fn retyped(&mut self, place: &Place, old: &'a TypeRef, new: &'a TypeRef) {
        let (o, n) = (self.sides.old.resolve(old), self.sides.new.resolve(new));
        let r = Retype {
            old: wire_type(&self.sides.old, old),
            new: wire_type(&self.sides.new, new),
            old_rust: rust_type(old),
            new_rust: rust_type(new),
            widened: widens(o, n),
            narrowed: widens(n, o),
        };
        self.changes.push(rules::retyped(place, &r));
    }

    fn defs(&mut self, place: &Place, a: &'a TypeDef, b: &'a TypeDef) {
        let key = (a as *const TypeDef as usize, b as *const TypeDef as usize);
        if !self.seen.insert(key) {
            return;
        }
        if a.name != b.name {
            self.changes
                .push(rules::type_renamed(place, &a.name, &b.name));
        }
        match (&a.kind, &b.kind) {
            (
                TypeKind::Struct {
                    fields: fa,
                    additional: xa,
                },
                TypeKind::Struct {
                    fields: fb,
                    additional: xb,
                },
            ) => {
                let traits = Traits {
                    // Structs whose fields are all optional derive `Default`.
                    defaults: self.emitted.struct_default && fb.iter().all(Field::is_option),
                    non_exhaustive: b.non_exhaustive,
                    built: b.built,
                };
                self.fields(place, (&a.name, fa), (&b.name, fb), traits);
                let (xa, xb) = (xa.as_ref().map(|x| &x.ty), xb.as_ref().map(|x| &x.ty));
                self.additional(place, (&a.name, xa), (&b.name, xb), traits);
            }
            (TypeKind::Enum { values: va }, TypeKind::Enum { values: vb }) => {
                self.enums(place, &b.name, va, vb)
            }
            (TypeKind::Union { variants: va, .. }, TypeKind::Union { variants: vb, .. }) => {
                self.unions(place, (&a.name, va), (&b.name, vb))
            }
            _ => {}
        }
    }

    fn fields(
        &mut self,
        place: &Place,
        old: (&str, &'a [Field]),
        new: (&str, &'a [Field]),
        traits: Traits,
    ) {
        let by_name = |fs: &'a [Field]| -> BTreeMap<&'a str, &'a Field> {
            fs.iter().map(|f| (f.name.as_str(), f)).collect()
        };
        let (olds, news) = (by_name(old.1), by_name(new.1));
        for (name, f) in &olds {
            if !news.contains_key(name) {
                let at = place.field(name, old.0, f.rust_name.bare());
                self.changes.push(rules::property_removed(
                    &at,
                    &prop(old.0, f, Traits::default()),
                ));
            }
        }
        for (name, f) in &news {
            let at = place.field(name, new.0, f.rust_name.bare());
            let Some(was) = olds.get(name) else {
                let c = rules::property_added(&at, &prop(new.0, f, traits));
                self.changes.push(c);
                continue;
            };
            let (old_ty, new_ty) = (field_type(was), field_type(f));
            if was.required != f.required {
                let c = rules::property_required(&at, f.required, &old_ty, &new_ty);
                self.changes.push(c);
            }
            if was.nullable != f.nullable {
                // Reported once when both flags flip into or out of `Option`.
                let (old_ty, new_ty) =
                    if was.required != f.required && was.is_option() != f.is_option() {
                        (new_ty.clone(), new_ty.clone())
                    } else {
                        (old_ty, new_ty)
                    };
                self.changes
                    .push(rules::nullability(&at, f.nullable, &old_ty, &new_ty));
            }
            self.types(&at, &was.ty, &f.ty);
        }
    }

    /// `additionalProperties` next to `properties`: the pseudo-property `*`.
    fn additional(
        &mut self,
        place: &Place,
        old: (&str, Option<&'a TypeRef>),
        new: (&str, Option<&'a TypeRef>),
        traits: Traits,
    ) {
        let at = |owner: &str| place.field("*", owner, "additional_properties");
        let pseudo = |owner, ty: &TypeRef| Prop {
            owner,
            rust_name: "additional_properties",
            rust_ty: format!("BTreeMap<String, {}>", rust_type(ty)),
            required: false,
            defaults: traits.defaults,
            non_exhaustive: traits.non_exhaustive,
            built: traits.built,
        };
        match (old.1, new.1) {
            (Some(a), Some(b)) => self.types(&at(new.0).value(), a, b),
            (Some(a), None) => {
                let c = rules::property_removed(&at(old.0), &pseudo(old.0, a));
                self.changes.push(c);
            }
            (None, Some(b)) => {
                let c = rules::property_added(&at(new.0), &pseudo(new.0, b));
                self.changes.push(c);
            }
            (None, None) => {}
        }
    }

    fn enums(&mut self, place: &Place, ty: &str, old: &'a [EnumValue], new: &'a [EnumValue]) {
        let by_value = |vs: &'a [EnumValue]| -> BTreeMap<&'a str, &'a str> {
            vs.iter()
                .map(|v| (v.value.as_str(), v.rust_name.as_str()))
                .collect()
        };
        let (olds, news) = (by_value(old), by_value(new));
        for (value, variant) in &olds {
            if !news.contains_key(value) {
                let c = rules::enum_value(place, ty, value, variant, false, &self.emitted);
                self.changes.push(c);
            }
        }
        for (value, variant) in &news {
            if !olds.contains_key(value) {
                let c = rules::enum_value(place, ty, value, variant, true, &self.emitted);
                self.changes.push(c);
            }
        }
    }

    fn unions(&mut self, place: &Place, old: (&str, &'a [Variant]), new: (&str, &'a [Variant])) {
        let olds = variants(old.1);
        let news = variants(new.1);
        for (key, v) in &olds {
            if !news.contains_key(key) {
                let c = rules::union_variant(place, old.0, &v.rust_name, false, &self.emitted);
                self.changes.push(c);
            }
        }
        for (key, v) in &news {
            match olds.get(key) {
                Some(was) => self.types(&place.variant(&v.rust_name), &was.ty, &v.ty),
                None => {
                    let c = rules::union_variant(place, new.0, &v.rust_name, true, &self.emitted);
                    self.changes.push(c);
                }
            }
        }
    }
}

/// Union alternatives by their discriminator tags, or by name when untagged.
fn variants(vs: &[Variant]) -> BTreeMap<String, &Variant> {
    vs.iter()
        .map(|v| {
            let key = if v.tags.is_empty() {
                v.rust_name.clone()
            } else {
                v.tags.join("|")
            };
            (key, v)
        })
        .collect()
}

/// What the emitted struct does that decides whether a new field breaks a
/// caller's literal.
#[derive(Debug, Clone, Copy, Default)]
struct Traits {
    /// It derives `Default` (every field optional).
    defaults: bool,
    /// It is `#[non_exhaustive]` (see `TypeDef::non_exhaustive`).
    non_exhaustive: bool,
    /// Callers build it with `new` and setters (see `TypeDef::built`).
    built: bool,
}

fn prop<'f>(owner: &'f str, f: &'f Field, traits: Traits) -> Prop<'f> {
    Prop {
        defaults: traits.defaults,
        non_exhaustive: traits.non_exhaustive,
        built: traits.built,
        owner,
        rust_name: f.rust_name.bare(),
        rust_ty: field_type(f),
        required: f.required,
    }
}

fn same_kind(a: &TypeDef, b: &TypeDef) -> bool {
    std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind)
}

fn is_leaf(ty: &TypeRef) -> bool {
    !matches!(
        ty,
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Option(_) | TypeRef::Named { .. }
    )
}

/// Whether every value of `from` is a valid value of `to`.
fn widens(from: Resolved, to: Resolved) -> bool {
    use TypeRef as T;
    match (from, to) {
        (_, Resolved::Ref(T::Json)) => true,
        (Resolved::Def(d), Resolved::Ref(T::String)) => matches!(d.kind, TypeKind::Enum { .. }),
        (Resolved::Ref(a), Resolved::Ref(b)) => matches!(
            (a, b),
            (T::I32, T::I64 | T::F64) | (T::I64, T::F64) | (T::Date | T::DateTime, T::String)
        ),
        _ => false,
    }
}
