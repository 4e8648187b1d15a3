//! Model types: structs, open string enums, unions and aliases.

use super::docs::{doc_attrs, doc_paragraphs};
use super::{ident, rust_type, Scope};
use crate::ir::{Additional, Field, SortOrder, TypeDef, TypeKind, TypeRef, Variant};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The items of a module's `types.rs`.
pub fn types_file(module: &str, types: &[TypeDef]) -> TokenStream {
    let scope = Scope::Types(module);
    let items = types.iter().map(|t| type_def(&scope, t));
    // Aliases alone (a crate of shared aliases) derive and implement nothing.
    let serde = types
        .iter()
        .any(|t| !matches!(t.kind, TypeKind::Alias { .. }))
        .then(|| {
            quote!(
                use serde::{Deserialize, Serialize};
            )
        });
    quote! {
        #serde
        #( #items )*
    }
}

fn type_def(scope: &Scope, def: &TypeDef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let schema = if def.same_as.is_empty() {
        format!("Schema: `{}`", def.source)
    } else {
        // APIs that share a file (`common/…`) list it once.
        let mut all: Vec<String> = Vec::new();
        for source in std::iter::once(&def.source).chain(&def.same_as) {
            let source = format!("`{source}`");
            if !all.contains(&source) {
                all.push(source);
            }
        }
        format!("Schema, the same in each API: {}", all.join(", "))
    };
    let docs = doc_paragraphs(&[def.description.clone(), Some(schema)]);
    // Set in `lower::exhaustive`; it goes after the docs, before the derives.
    let docs = if def.non_exhaustive {
        quote!(#docs #[non_exhaustive])
    } else {
        docs
    };
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            struct_def(scope, def, &name, &docs, fields, additional.as_ref())
        }
        TypeKind::Enum { values } => {
            let variants: Vec<_> = values.iter().map(|v| ident(&v.rust_name)).collect();
            let wire: Vec<_> = values.iter().map(|v| v.value.as_str()).collect();
            let variant_docs: Vec<_> = values.iter().map(|v| format!(" `{}`", v.value)).collect();
            let schema = manual_schema(
                &name,
                // The values as an array expression: inside `json_schema!`'s
                // own list, a few hundred of them exceed the macro recursion
                // limit.
                quote! {{
                    let values: &[&str] = &[ #( #wire ),* ];
                    schemars::json_schema!({ "type": "string", "enum": values })
                }},
            );
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #( #[doc = #variant_docs] #variants, )*
                    /// A value this version of the client does not know; kept as sent.
                    Unknown(String),
                }
                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#variants => #wire, )*
                            Self::Unknown(value) => value,
                        }
                    }
                }
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #( #wire => Self::#variants, )*
                            other => Self::Unknown(other.to_string()),
                        }
                    }
                }
                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                impl Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }
                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = String::deserialize(deserializer)?;
                        Ok(Self::from(value.as_str()))
                    }
                }
                #schema
            }
        }
        TypeKind::Union {
            variants,
            discriminator,
        } => union(scope, &name, &docs, variants, discriminator.as_deref()),
        TypeKind::Alias { target } => {
            let target = rust_type(scope, target);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
    }
}

/// The `schemars` attributes of a field. The schema of an optional field
/// that is never `null` is that of its value; a required field that may be
/// `null` stays required; a secret's schema is a string's (the runtime's
/// `Secret` has none of its own).
fn schema_attr(scope: &Scope, f: &Field, ty: &TokenStream, optional: bool) -> TokenStream {
    let plain = if f.secret {
        let t = rust_type(scope, &secret_as_string(&f.ty));
        if f.boxed {
            quote!(Box<#t>)
        } else {
            t
        }
    } else {
        ty.clone()
    };
    let with = if !f.required && !f.nullable {
        Some(plain.to_string())
    } else if f.secret && optional {
        Some(quote!(Option<#plain>).to_string())
    } else if f.secret {
        Some(plain.to_string())
    } else {
        None
    };
    let with = with.map(|w| quote!(#[cfg_attr(feature = "schemars", schemars(with = #w))]));
    let required = (f.required && f.nullable)
        .then(|| quote!(#[cfg_attr(feature = "schemars", schemars(required))]));
    quote!(#with #required)
}

/// `ty` with a string in place of each secret.
fn secret_as_string(ty: &TypeRef) -> TypeRef {
    let mut ty = ty.clone();
    ty.visit_mut(&mut |t| {
        if *t == TypeRef::Secret {
            *t = TypeRef::String;
        }
    });
    ty
}

fn structure(
    scope: &Scope,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    fields: &[Field],
    additional: Option<&Additional>,
) -> TokenStream {
    let all_optional = fields.iter().all(Field::is_option);
    let default = if all_optional {
        quote!(Default,)
    } else {
        quote!()
    };
    let items = fields.iter().map(|f| {
        let field_name = ident(&f.rust_name);
        let mut ty = rust_type(scope, &f.ty);
        if f.boxed {
            ty = quote!(Box<#ty>);
        }
        let optional = f.is_option();
        let schema_attr = schema_attr(scope, f, &ty, optional);
        if optional {
            ty = quote!(Option<#ty>);
        }
        let wire = &f.name;
        let rename = if f.rust_name.bare() != f.name {
            quote!(#[serde(rename = #wire)])
        } else {
            quote!()
        };
        let serde_attr = if !f.required {
            quote!(#[serde(default, skip_serializing_if = "Option::is_none")])
        } else if f.nullable || f.defaults_to_empty() {
            quote!(#[serde(default)])
        } else {
            quote!()
        };
        let deprecated = f.deprecated.then(|| "**Deprecated.**".to_string());
        let fallback = Some(format!("The `{}` property.", f.name));
        let docs = doc_paragraphs(&[deprecated, f.description.clone().or(fallback)]);
        quote! {
            #docs
            #rename
            #serde_attr
            #schema_attr
            pub #field_name: #ty,
        }
    });
    let extra = additional.map(|extra| {
        let ty = rust_type(scope, &extra.ty);
        let field = ident(&extra.rust_name);
        quote! {
            /// Properties not declared by the schema.
            #[serde(flatten)]
            pub #field: std::collections::BTreeMap<String, #ty>,
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        pub struct #name {
            #( #items )*
            #extra
        }
    }
}

/// A struct, its `impl` (constructors, setters, getters) and, behind
/// `test-util`, a response's fixture constructors.
fn struct_def(
    scope: &Scope,
    def: &TypeDef,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    fields: &[Field],
    additional: Option<&Additional>,
) -> TokenStream {
    let item = structure(scope, name, docs, fields, additional);
    let additional = additional.map(|a| a.rust_name.as_str());
    let built = def
        .built
        .then(|| builder(scope, name, fields, additional, false));
    let getters: Vec<TokenStream> = fields.iter().filter_map(getter).collect();
    let sort = def.sort.as_ref().map(|o| sort_constructors(scope, o));
    // A `new()` without arguments whose struct does not derive
    // `Default` (a field is a constant): `Default` is that `new()`.
    let needs_default = !fields.iter().all(Field::is_option)
        && fields
            .iter()
            .all(|f| f.constant.is_some() || f.setter.is_some());
    let default = quote! {
        impl Default for #name {
            fn default() -> Self {
                Self::new()
            }
        }
    };
    let fixture = def.fixture.then(|| {
        let builder = builder(scope, name, fields, additional, true);
        let default = needs_default.then(|| quote!(#[cfg(feature = "test-util")] #default));
        quote! {
            #[cfg(feature = "test-util")]
            impl #name {
                #builder
            }
            #default
        }
    });
    if built.is_none() && getters.is_empty() {
        return quote!(#item #fixture);
    }
    let default = (def.built && needs_default).then_some(default);
    quote! {
        #item
        impl #name {
            #built
            #sort
            #( #getters )*
        }
        #default
        #fixture
    }
}

/// `new`, taking the fields without a setter, and the setters of a struct
/// callers build, or of a response's `fixture` (see `lower::exhaustive`),
/// as methods of its `impl`.
fn builder(
    scope: &Scope,
    name: &proc_macro2::Ident,
    fields: &[Field],
    additional: Option<&str>,
    fixture: bool,
) -> TokenStream {
    let value = |f: &Field, arg: TokenStream| {
        if f.boxed {
            quote!(Box::new(#arg.into()))
        } else {
            quote!(#arg.into())
        }
    };
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for f in fields {
        let field = ident(&f.rust_name);
        let ty = rust_type(scope, &f.ty);
        if let Some(variant) = &f.constant {
            let variant = ident(variant);
            inits.push(quote!(#field: #ty::#variant,));
            continue;
        }
        let Some(setter) = &f.setter else {
            args.push(quote!(#field: impl Into<#ty>));
            let value = value(f, quote!(#field));
            inits.push(quote!(#field: #value,));
            continue;
        };
        inits.push(quote!(#field: None,));
        let method = ident(setter);
        let value = value(f, quote!(value));
        let doc = format!(" Sets `{}`.", f.name);
        setters.push(quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #method(mut self, value: impl Into<#ty>) -> Self {
                self.#field = Some(#value);
                self
            }
        });
    }
    if let Some(field) = additional {
        let field = ident(field);
        inits.push(quote!(#field: Default::default(),));
    }
    let lint = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let doc = if fixture {
        format!(" A `{name}` from its required fields, for tests' fixtures (feature `test-util`); the methods below set the rest.")
    } else if setters.is_empty() {
        format!(" A `{name}` from its fields.")
    } else if args.is_empty() {
        format!(" An empty `{name}`; the methods below set its fields.")
    } else {
        format!(" A `{name}` with what a request must send; the methods below set the rest.")
    };
    quote! {
        #[doc = #doc]
        #lint
        #[must_use]
        pub fn new(#( #args ),*) -> Self {
            Self { #( #inits )* }
        }
        #( #setters )*
    }
}

/// `ascending` and `descending` of a sort order (see `lower::sorts`).
fn sort_constructors(scope: &Scope, order: &SortOrder) -> TokenStream {
    let property = ident(&order.property);
    let direction = ident(&order.direction);
    let ty = rust_type(scope, &order.direction_type);
    let one = |variant: &str, wire: &str| {
        let name = format_ident!("{}", wire.to_lowercase());
        let variant = ident(variant);
        let value = if order.optional {
            quote!(Some(#ty::#variant))
        } else {
            quote!(#ty::#variant)
        };
        let doc = format!(" Sorts by `property` (any property's internal name, or a typed name such as `ContactProperty::LastModifiedDate`), `{wire}`.");
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #name(property: impl Into<String>) -> Self {
                Self { #property: property.into(), #direction: #value }
            }
        }
    };
    let up = one(&order.ascending, "ASCENDING");
    let down = one(&order.descending, "DESCENDING");
    quote!(#up #down)
}

/// The method reading one entry of a map of strings (see
/// `lower::getters`).
fn getter(f: &Field) -> Option<TokenStream> {
    let method = ident(f.getter.as_deref()?);
    let field = ident(&f.rust_name);
    let map = if f.is_option() {
        quote!(self.#field.as_ref()?)
    } else {
        quote!(self.#field)
    };
    let nullable = matches!(&f.ty, TypeRef::Map(v) if matches!(**v, TypeRef::Option(_)));
    let value = if nullable {
        quote!(#map.get(name)?.as_deref())
    } else {
        quote!(#map.get(name).map(String::as_str))
    };
    let doc = format!(
        " The value of `{}[name]`: `None` when it is absent or `null`.",
        f.name
    );
    Some(quote! {
        #[doc = #doc]
        pub fn #method(&self, name: &str) -> Option<&str> {
            #value
        }
    })
}

fn union(
    scope: &Scope,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    variants: &[Variant],
    discriminator: Option<&str>,
) -> TokenStream {
    let names: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
    let types: Vec<_> = variants
        .iter()
        .map(|v| {
            let ty = rust_type(scope, &v.ty);
            if v.boxed {
                quote!(Box<#ty>)
            } else {
                ty
            }
        })
        .collect();
    let variant_docs: Vec<_> = variants
        .iter()
        .map(|v| {
            if v.tags.is_empty() {
                doc_attrs("One of the alternatives.")
            } else {
                let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
                doc_attrs(&format!("Selected by {}.", tags.join(", ")))
            }
        })
        .collect();
    let froms = variant_froms(scope, name, variants);
    let Some(property) = discriminator else {
        return quote! {
            #froms
            #docs
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
            #[serde(untagged)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name {
                #( #variant_docs #names(#types), )*
                /// A value matching none of the alternatives; kept as sent.
                #[cfg_attr(feature = "schemars", schemars(skip))]
                Unknown(serde_json::Value),
            }
        };
    };
    let mut tagged_arms = Vec::new();
    let mut fallbacks = Vec::new();
    for (v, vname) in variants.iter().zip(&names) {
        let wrap = if v.boxed {
            quote!(|v| Self::#vname(Box::new(v)))
        } else {
            quote!(Self::#vname)
        };
        if v.tags.is_empty() {
            fallbacks.push(quote! {
                if let Ok(v) = serde_json::from_value(value.clone()) {
                    return Ok((#wrap)(v));
                }
            });
        } else {
            let tags = &v.tags;
            tagged_arms.push(quote! {
                #( Some(#tags) )|* => crate::runtime::decode::variant(value).map(#wrap),
            });
        }
    }
    let doc_tag =
        format!(" Decoded by the `{property}` property; an unknown value decodes to `Unknown`.");
    let schema = manual_schema(
        name,
        quote! {{
            let variants = [ #( generator.subschema_for::<#types>() ),* ];
            schemars::json_schema!({ "oneOf": variants })
        }},
    );
    quote! {
        #froms
        #docs
        #[doc = ""]
        #[doc = #doc_tag]
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variant_docs #names(#types), )*
            /// A variant this version of the client does not know; kept as sent.
            Unknown(serde_json::Value),
        }
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( Self::#names(v) => v.serialize(serializer), )*
                    Self::Unknown(v) => v.serialize(serializer),
                }
            }
        }
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #( #tagged_arms )*
                    _ => {
                        #( #fallbacks )*
                        Ok(Self::Unknown(value))
                    }
                }
            }
        }
        #schema
    }
}

/// `From` each variant's type, for the variants whose type no other
/// variant has (a request body is then `message.into()`).
fn variant_froms(scope: &Scope, name: &proc_macro2::Ident, variants: &[Variant]) -> TokenStream {
    let impls = variants
        .iter()
        .filter(|v| v.ty != TypeRef::Json && variants.iter().filter(|o| o.ty == v.ty).count() == 1);
    let impls = impls.map(|v| {
        let vname = ident(&v.rust_name);
        let ty = rust_type(scope, &v.ty);
        let value = if v.boxed {
            quote!(Box::new(value))
        } else {
            quote!(value)
        };
        quote! {
            impl From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    Self::#vname(#value)
                }
            }
        }
    });
    quote!( #( #impls )* )
}

/// A hand-written `JsonSchema` impl (behind the `schemars` feature) for a type
/// whose serde impls are hand-written; `body` builds the schema and may use
/// `generator`.
fn manual_schema(name: &proc_macro2::Ident, body: TokenStream) -> TokenStream {
    let name_str = name.to_string();
    quote! {
        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for #name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                #name_str.into()
            }
            fn schema_id() -> std::borrow::Cow<'static, str> {
                concat!(module_path!(), "::", #name_str).into()
            }
            #[allow(unused_variables)]
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                #body
            }
        }
    }
}
