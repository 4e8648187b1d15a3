//! The typed properties crate (`properties`): per object a properties
//! struct, an enum of property names, a create input and the enums of
//! option values; HubSpot's association types as constants; and the typed
//! service of each object API (`client.calls().typed()`).

use super::docs::doc_attrs;
use super::{ident, rust_type, Scope};
use crate::ir::{
    Api, OptionEnum, PropertiesModule, PropertySet, PropertyValue, TypedApi, TypedBatch,
    TypedBatchKind, TypedProperty,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The root of the properties crate.
pub fn lib_rs(module: &PropertiesModule, runtime: &TokenStream) -> TokenStream {
    let objects = module.objects.iter().map(object);
    let associations = module.associations.iter().map(|a| {
        let name = ident(&a.constant);
        let id = a.id;
        let label = a
            .label
            .as_ref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        let doc = format!(" From {} to {}{label}: HubSpot's type {id}.", a.from, a.to);
        quote! {
            #[doc = #doc]
            pub const #name: AssociationType = AssociationType::hubspot_defined(#id);
        }
    });
    let listed: Vec<String> = module
        .objects
        .iter()
        .map(|o| format!("`{}` ({})", o.properties_type, o.object))
        .collect();
    let doc = format!(
        "Typed CRM properties: {}. Each is generated from the property definitions in `specs/properties/`; \
         read and write them through an API's `typed()` path, or convert them to and from the \
         `properties` map of the untyped operations with `to_wire` and `from_wire` ([`Properties`]).",
        listed.join(", ")
    );
    quote! {
        #![doc = #doc]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub use #runtime::properties::{
            Association, AssociationCategory, AssociationType, NewRecord, Properties, Record, Value,
        };
        use #runtime::properties::{put, take};
        use std::collections::{BTreeMap, BTreeSet};

        #( #objects )*

        /// HubSpot's own association types, by direction, for the `associate`
        /// method of a create input.
        pub mod associations {
            use super::AssociationType;
            #( #associations )*
        }
    }
}

/// The Rust type of a property value.
fn value_type(value: &PropertyValue) -> TokenStream {
    match value {
        PropertyValue::String => quote!(String),
        PropertyValue::Strings => quote!(Vec<String>),
        PropertyValue::Number => quote!(f64),
        PropertyValue::Integer => quote!(i64),
        PropertyValue::Duration => quote!(std::time::Duration),
        PropertyValue::Bool => quote!(bool),
        PropertyValue::Date => quote!(chrono::NaiveDate),
        PropertyValue::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        PropertyValue::Enum { name, multi } => {
            let n = ident(name);
            if *multi {
                quote!(Vec<#n>)
            } else {
                quote!(#n)
            }
        }
    }
}

fn property_doc(p: &TypedProperty) -> String {
    let mut doc = format!("`{}`", p.name);
    if let Some(label) = &p.label {
        doc.push_str(&format!(" ({label})"));
    }
    if let Some(d) = &p.description {
        doc.push_str(": ");
        doc.push_str(d);
    }
    doc
}

fn object(set: &PropertySet) -> TokenStream {
    let props = ident(&set.properties_type);
    let names = ident(&set.names_type);
    let fields = set.properties.iter().map(|p| {
        let f = ident(&p.field);
        let t = value_type(&p.value);
        let doc = doc_attrs(&property_doc(p));
        quote!( #doc pub #f: Option<#t>, )
    });
    let setters = setters(set, quote!(self));
    let wire_names = set.properties.iter().map(|p| p.name.as_str());
    let takes = set.properties.iter().map(|p| {
        let f = ident(&p.field);
        let n = &p.name;
        quote!( #f: take(&mut map, #n), )
    });
    // HubSpot sets the read-only ones: they are read, never sent.
    let puts = set.properties.iter().filter(|p| !p.read_only).map(|p| {
        let f = ident(&p.field);
        let n = &p.name;
        quote!( put(&mut map, #n, &self.#f, &self.cleared); )
    });
    let clears = set.properties.iter().map(|p| {
        let f = ident(&p.field);
        let v = ident(&p.variant);
        quote!( #names::#v => self.#f = None, )
    });
    let doc = format!(
        " The properties of {} with their types, generated from `{}`. Properties it does not know, and values \
         that do not read as their type, are in `extra`.",
        set.object, set.source
    );
    let enums = set.enums.iter().map(option_enum);
    let names_enum = names_enum(set);
    let create = create_input(set);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #props {
            #( #fields )*
            /// Other properties by internal name: those this type does not
            /// know (a portal's own), and values that did not read as their
            /// type. `None` is `null`; it clears the value when sent.
            pub extra: BTreeMap<String, Option<String>>,
            cleared: BTreeSet<&'static str>,
        }

        impl #props {
            #setters

            /// Sets a property this type does not know, by internal name.
            pub fn extra(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.extra.insert(name.into(), Some(value.into()));
                self
            }

            /// Clears a property: an update sends it as `""`, HubSpot's "no value".
            pub fn clear(mut self, property: #names) -> Self {
                match property {
                    #( #clears )*
                }
                self.cleared.insert(property.as_str());
                self
            }
        }

        impl Properties for #props {
            fn names() -> &'static [&'static str] {
                &[ #( #wire_names ),* ]
            }

            fn from_wire(mut map: BTreeMap<String, Option<String>>) -> Self {
                Self {
                    #( #takes )*
                    extra: map,
                    cleared: BTreeSet::new(),
                }
            }

            fn to_wire(&self) -> BTreeMap<String, String> {
                let mut map = BTreeMap::new();
                #( #puts )*
                for (name, value) in &self.extra {
                    map.insert(name.clone(), value.clone().unwrap_or_default());
                }
                map
            }
        }

        #names_enum
        #create
        #( #enums )*
    }
}

/// A setter per property a caller may set (not the read-only ones), on the
/// properties struct at `target` (`self`, or `self.properties` of a create
/// input).
fn setters(set: &PropertySet, target: TokenStream) -> TokenStream {
    let setters = set.properties.iter().filter(|p| !p.read_only).map(|p| {
        let f = ident(&p.field);
        let t = value_type(&p.value);
        let doc = format!(" Sets `{}`.", p.name);
        quote! {
            #[doc = #doc]
            pub fn #f(mut self, value: impl Into<#t>) -> Self {
                #target.#f = Some(value.into());
                self
            }
        }
    });
    quote!( #( #setters )* )
}

/// `CallProperty`: the internal names, for typed clears, property lists and
/// search filters.
fn names_enum(set: &PropertySet) -> TokenStream {
    let names = ident(&set.names_type);
    let variants = set.properties.iter().map(|p| {
        let v = ident(&p.variant);
        let doc = format!(" `{}`", p.name);
        quote!( #[doc = #doc] #v, )
    });
    let arms = set.properties.iter().map(|p| {
        let v = ident(&p.variant);
        let n = &p.name;
        quote!( #names::#v => #n, )
    });
    let doc = format!(
        " The properties of {} that [`{}`] types.",
        set.object, set.properties_type
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #names {
            #( #variants )*
        }

        impl #names {
            /// The internal name (`hs_timestamp`).
            pub fn as_str(self) -> &'static str {
                match self {
                    #( #arms )*
                }
            }
        }

        impl std::fmt::Display for #names {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<#names> for String {
            fn from(name: #names) -> String {
                name.as_str().to_string()
            }
        }
    }
}

/// The constructors of the create input: `new` with the required
/// properties, or one `with_<field>` per property of a one-of rule; each
/// fills in the fixed properties.
fn constructors(set: &PropertySet) -> Vec<TokenStream> {
    let props = ident(&set.properties_type);
    let find = |field: &str| set.properties.iter().find(|p| p.field == field);
    let fixed = set.create.fixed.iter().map(|(field, value)| {
        let f = ident(field);
        quote!( #f: Value::decode(#value), )
    });
    let fixed = quote!( #( #fixed )* );
    let required: Vec<&TypedProperty> =
        set.create.required.iter().filter_map(|f| find(f)).collect();
    let constructor = |name: TokenStream, extra: Option<&TypedProperty>, doc: String| {
        let all: Vec<&TypedProperty> = required.iter().copied().chain(extra).collect();
        let args = all.iter().map(|p| {
            let f = ident(&p.field);
            let t = value_type(&p.value);
            quote!( #f: impl Into<#t> )
        });
        let sets = all.iter().map(|p| {
            let f = ident(&p.field);
            quote!( #f: Some(#f.into()), )
        });
        quote! {
            #[doc = #doc]
            pub fn #name( #( #args ),* ) -> Self {
                let properties = #props {
                    #( #sets )*
                    #fixed
                    ..#props::default()
                };
                Self { properties, associations: Vec::new() }
            }
        }
    };
    let what = |ps: &[&TypedProperty]| {
        ps.iter()
            .map(|p| format!("`{}`", p.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let fixed_doc = if set.create.fixed.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = set
            .create
            .fixed
            .iter()
            .map(|(f, v)| format!("`{f}` = `{v}`"))
            .collect();
        format!(" It fills in {}.", list.join(", "))
    };
    if set.create.one_of.is_empty() {
        let doc = if required.is_empty() {
            format!(" A new record of {}.{fixed_doc}", set.object)
        } else {
            format!(
                " A new record of {} with what HubSpot requires: {}.{fixed_doc}",
                set.object,
                what(&required)
            )
        };
        vec![constructor(quote!(new), None, doc)]
    } else {
        let one_of: Vec<_> = set
            .create
            .one_of
            .iter()
            .filter_map(|f| Some((find(&f.field)?, &f.constructor)))
            .collect();
        let any = what(&one_of.iter().map(|(p, _)| *p).collect::<Vec<_>>());
        one_of
            .into_iter()
            .map(|(p, method)| {
                let name = ident(method);
                let doc = format!(
                    " A new record of {} identified by `{}` (HubSpot needs at least one of {any}).{fixed_doc}",
                    set.object,
                    p.name,
                );
                constructor(quote!(#name), Some(p), doc)
            })
            .collect()
    }
}

/// The create input: built with the object's required properties, with
/// setters for the others and `associate`.
fn create_input(set: &PropertySet) -> TokenStream {
    let create = ident(&set.create_type);
    let props = ident(&set.properties_type);
    let constructors = constructors(set);
    let setters = setters(set, quote!(self.properties));
    let doc = format!(
        " A new record of {} for a typed create: it cannot be built without what HubSpot requires.",
        set.object
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[must_use]
        pub struct #create {
            properties: #props,
            associations: Vec<Association>,
        }

        impl #create {
            #( #constructors )*
            #setters

            /// Sets a property the typed struct does not know, by internal name.
            pub fn extra(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.properties = self.properties.extra(name, value);
                self
            }

            /// Associates the new record with the existing record `to`.
            pub fn associate(mut self, to: impl Into<String>, kind: AssociationType) -> Self {
                self.associations.push(Association { to: to.into(), types: vec![kind] });
                self
            }

            /// The properties set so far.
            pub fn properties(&self) -> &#props {
                &self.properties
            }
        }

        impl NewRecord for #create {
            type Properties = #props;
            fn into_parts(self) -> (#props, Vec<Association>) {
                (self.properties, self.associations)
            }
        }
    }
}

/// The enum of an enumeration's options, with an `Unknown` fallback.
fn option_enum(e: &OptionEnum) -> TokenStream {
    let name = ident(&e.name);
    let variants = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let doc = format!(" {} (`{}`)", v.label, v.value);
        quote!( #[doc = #doc] #n, )
    });
    let to_str = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let value = &v.value;
        quote!( #name::#n => #value, )
    });
    let from_str = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let value = &v.value;
        quote!( #value => #name::#n, )
    });
    let doc = format!(" The options of `{}`.", e.property);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variants )*
            /// A value this client does not know (a portal's own option).
            Unknown(String),
        }

        impl #name {
            /// The value as HubSpot writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #to_str )*
                    #name::Unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Value for #name {
            fn decode(text: &str) -> Option<Self> {
                Some(match text {
                    #( #from_str )*
                    other => #name::Unknown(other.to_string()),
                })
            }
            fn encode(&self) -> String {
                self.as_str().to_string()
            }
        }
    }
}

/// The typed service of an object API and its accessor on the root service.
pub fn typed_service(api: &Api, typed: &TypedApi, set: &PropertySet) -> TokenStream {
    let service = ident(&typed.service);
    let Some(root) = api.root.struct_name.as_deref().map(ident) else {
        return quote!();
    };
    let accessor = ident(&typed.accessor);
    let props = format_ident!("{}", set.properties_type);
    let create_type = format_ident!("{}", set.create_type);
    let (create, get, update) = (
        ident(&typed.create),
        ident(&typed.get),
        ident(&typed.update),
    );
    let streams = typed_streams(api, typed, &props);
    let object = &set.object;
    let doc = format!(
        " The {object} of this API with typed properties ([`{p}`](crate::properties::{p})): every read asks for the \
         properties the type knows and returns [`Record`](crate::runtime::properties::Record)s. Each call is the \
         API's own operation of the same name.",
        p = set.properties_type
    );
    let accessor_doc = format!(" The {object} with typed properties.");
    let batches = typed.batches.iter().map(|b| batch_method(api, set, b));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct #service {
            api: #root,
        }

        impl #root {
            #[doc = #accessor_doc]
            #[inline] pub fn #accessor(&self) -> #service {
                #service { api: self.clone() }
            }
        }

        impl #service {
            /// Creates a record, with its associations, and returns it.
            #[inline] pub async fn create(
                &self,
                input: crate::properties::#create_type,
            ) -> Result<crate::runtime::properties::Record<crate::properties::#props>, crate::runtime::Error> {
                let body = crate::runtime::properties::create_body(input)?;
                let created = self.api.#create(body).send().await?;
                crate::runtime::properties::Record::from_wire(&created)
            }

            /// Reads a record by id, with every property the type knows.
            #[inline] pub async fn get(
                &self,
                id: impl Into<String>,
            ) -> Result<crate::runtime::properties::Record<crate::properties::#props>, crate::runtime::Error> {
                use crate::runtime::properties::Properties as _;
                let found = self
                    .api
                    .#get(id)
                    .properties(crate::properties::#props::names().iter().copied())
                    .send()
                    .await?;
                crate::runtime::properties::Record::from_wire(&found)
            }

            /// Changes the properties that are set (or cleared) in `properties`.
            #[inline] pub async fn update(
                &self,
                id: impl Into<String>,
                properties: crate::properties::#props,
            ) -> Result<crate::runtime::properties::Record<crate::properties::#props>, crate::runtime::Error> {
                let body = crate::runtime::properties::update_body(&properties)?;
                let updated = self.api.#update(id, body).send().await?;
                crate::runtime::properties::Record::from_wire(&updated)
            }

            #( #batches )*

            #streams
        }
    }
}

/// The typed service's streams: the paged list, the search and the sync
/// past HubSpot's search ceiling, each record read with `props`.
fn typed_streams(api: &Api, typed: &TypedApi, props: &proc_macro2::Ident) -> TokenStream {
    let (list, search) = (ident(&typed.list), ident(&typed.search));
    let search_body = rust_type(&Scope::Module(&api.module), &typed.search_body);
    let records = super::bulk::list(quote!(page), &typed.search_results);
    quote! {
        /// Every record, page after page, with every property the type knows.
        #[inline] pub fn list(
            &self,
        ) -> impl futures::Stream<
            Item = Result<crate::runtime::properties::Record<crate::properties::#props>, crate::runtime::Error>,
        > + Send + 'static {
            use crate::runtime::properties::Properties as _;
            use futures::StreamExt as _;
            self.api
                .#list()
                .properties(crate::properties::#props::names().iter().copied())
                .stream()
                .map(|item| item.and_then(|record| crate::runtime::properties::Record::from_wire(&record)))
        }

        /// The records a search finds, page after page; a request that names no
        /// properties asks for every property the type knows.
        #[inline] pub fn search(
            &self,
            request: #search_body,
        ) -> impl futures::Stream<
            Item = Result<crate::runtime::properties::Record<crate::properties::#props>, crate::runtime::Error>,
        > + Send + 'static {
            use futures::StreamExt as _;
            let request = crate::runtime::properties::search_body::<crate::properties::#props, _>(request);
            let api = self.api.clone();
            futures::stream::once(async move { request })
                .map(move |request| match request {
                    Ok(request) => api.#search(request).stream().left_stream(),
                    Err(e) => futures::stream::once(async move { Err(e) }).right_stream(),
                })
                .flatten()
                .map(|item| item.and_then(|record| crate::runtime::properties::Record::from_wire(&record)))
        }

        /// Every record the search's filters match, in id order and past
        /// HubSpot's 10,000-result ceiling: each page is a new search for
        /// the ids above the last one read (`hs_object_id`), so no record
        /// comes twice. To resume, give the id of the last record handled
        /// as `after`. The request's sorts and `after` are replaced, its
        /// `limit` kept up to 200; each page counts against the search
        /// rate limit. See [`crate::runtime::sync`].
        #[inline] pub fn sync(
            &self,
            request: #search_body,
            after: Option<String>,
        ) -> impl futures::Stream<
            Item = Result<crate::runtime::properties::Record<crate::properties::#props>, crate::runtime::Error>,
        > + Send + 'static {
            let api = self.api.clone();
            let limit = crate::runtime::sync::limit(&request);
            crate::runtime::sync::records(
                after,
                limit,
                move |after| {
                    let api = api.clone();
                    let body = crate::runtime::sync::page_body(&request, after.as_deref())
                        .and_then(crate::runtime::properties::search_body::<crate::properties::#props, _>);
                    async move {
                        let page = api.#search(body?).send().await?;
                        #records
                            .iter()
                            .map(crate::runtime::properties::Record::from_wire)
                            .collect()
                    }
                },
                |record| record.id.as_str(),
            )
        }
    }
}

/// A batch method of the typed service (`create_all`, `get_all`,
/// `update_all`, `upsert_all`): typed inputs through the API's batch
/// operation, in as many requests as needed.
fn batch_method(api: &Api, set: &PropertySet, b: &TypedBatch) -> TokenStream {
    let scope = Scope::Module(&api.module);
    let props = format_ident!("{}", set.properties_type);
    let create_type = format_ident!("{}", set.create_type);
    let (name, service, method) = (ident(&b.name), ident(&b.service), ident(&b.method));
    let error = b
        .error
        .as_ref()
        .map(|t| rust_type(&scope, t))
        .unwrap_or(quote!(()));
    let (chunk, retry_safe) = (b.chunk as usize, b.retry_safe);
    let (input, body, what) = match b.kind {
        TypedBatchKind::Create => (
            quote!(crate::properties::#create_type),
            quote!(crate::runtime::properties::batch_create_body(inputs)?),
            "Creates any number of records, with their associations",
        ),
        TypedBatchKind::Read => (
            quote!(String),
            quote!(crate::runtime::properties::batch_read_body::<crate::properties::#props, _>(inputs)?),
            "Reads any number of records by id, with every property the type knows",
        ),
        TypedBatchKind::Update => (
            quote!((String, crate::properties::#props)),
            quote!(crate::runtime::properties::batch_update_body(inputs)?),
            "Changes any number of records by id: in each, the properties that are set (or cleared)",
        ),
        TypedBatchKind::Upsert => (
            quote!((String, crate::properties::#props)),
            quote!(crate::runtime::properties::batch_upsert_body(&id_property, inputs)?),
            "Creates or changes any number of records, each matched by its value of the unique \
             property `id_property` (such as a contact's `email`): \
             in each, the properties that are set (or cleared)",
        ),
    };
    // Ids are taken as anything that becomes a `String`; an upsert also
    // names the property its inputs' ids are values of.
    let (argument, collect) = match b.kind {
        TypedBatchKind::Read => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(inputs.into_iter().map(Into::into).collect()),
        ),
        _ => (
            quote!(impl IntoIterator<Item = #input>),
            quote!(inputs.into_iter().collect()),
        ),
    };
    let (id_param, id_setup, id_capture) = match b.kind {
        TypedBatchKind::Upsert => (
            quote!(id_property: impl Into<String>,),
            quote!(let id_property: String = id_property.into();),
            quote!(let id_property = id_property.clone();),
        ),
        _ => (quote!(), quote!(), quote!()),
    };
    let safety = if retry_safe {
        "in `resend` the inputs to send again"
    } else {
        "in `resend` those HubSpot refused and in `uncertain` those of a request that failed \
         after HubSpot may have processed it (look them up before sending them again)"
    };
    let doc = doc_attrs(&format!(
        "{what}, through [`{service}().{method}()`]({root}::{service}): at most {chunk} per \
         request, [`batch_concurrency`](crate::runtime::ClientBuilder::batch_concurrency) \
         requests at a time within the client's rate limit; \
         [`BatchOutcome::result_for`](crate::runtime::BatchOutcome::result_for) gives the \
         record of each input HubSpot's answer tells.\n\nStops at the first request that fails as a whole: the \
         [`BatchError`](crate::runtime::BatchError) keeps the records of the requests that went \
         through and gives the inputs back, {safety}.",
        root = api.root.struct_name.as_deref().unwrap_or_default(),
    ));
    let record = quote!(crate::runtime::properties::Record<crate::properties::#props>);
    quote! {
        #doc
        #[inline] pub async fn #name(
            &self,
            #id_param
            inputs: #argument,
        ) -> Result<
            crate::runtime::BatchOutcome<#record, #error>,
            crate::runtime::BatchError<#record, #error, #input>,
        > {
            #id_setup
            let api = self.api.clone();
            let concurrency = api.client.batch_concurrency();
            let inputs: Vec<#input> = #collect;
            crate::runtime::send_all(inputs, #chunk, concurrency, #retry_safe, &crate::runtime::BatchProgress::new(), move |inputs| {
                let api = api.clone();
                #id_capture
                async move {
                    let body = #body;
                    let part = api.#service().#method(body).send_part().await?;
                    crate::runtime::properties::typed_part(part)
                }
            })
            .await
        }
    }
}
