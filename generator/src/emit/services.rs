//! Services (`client.contacts().batch()`) and request builders.

use super::docs::{doc_attrs, doc_paragraphs};
use super::{ident, rust_type, Scope};
use crate::ir::{
    path_parts, Api, Binding, BodyEncoding, Method, Operation, Output, ParamLocation, Parameter,
    PathPart, RequestBody, RequestClass, ResponseBody, Service, SharedModule, Status, TypeIndex,
    TypeRef,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The items of a module's `mod.rs` after the module declarations: service
/// structs and per-status output enums.
pub fn services(api: &Api, krate: &str, types: &TypeIndex) -> TokenStream {
    let mut items = Vec::new();
    service(api, &api.root, &[], (krate, types), &mut items);
    quote!( #( #items )* )
}

/// The items of `svc`, reached through the accessors of `trail` below the
/// root (empty for the root), and of its children.
fn service(
    api: &Api,
    svc: &Service,
    trail: &[&str],
    (krate, types): (&str, &TypeIndex),
    items: &mut Vec<TokenStream>,
) {
    let root = trail.is_empty();
    // Only the root of a JSON Schema alone has no struct (and no operations).
    let Some(struct_name) = svc.struct_name.as_deref() else {
        return;
    };
    let name = format_ident!("{}", struct_name);
    let doc = if root {
        format!(
            "Operations of the {} API.\n\nGet it with `client.{}` on the generated client, or with [`{}::new`].",
            api.title,
            api.call(),
            struct_name
        )
    } else {
        format!("Operations under `{}`.", svc.accessor)
    };
    let docs = doc_attrs(&doc);
    // The API-wide parameters travel with every service struct of the API.
    let scope = Scope::Module(&api.module);
    let fields: Vec<TokenStream> = api
        .params
        .iter()
        .map(|p| {
            let n = ident(&p.rust_name);
            let t = rust_type(&scope, &p.ty);
            quote!(#n: #t)
        })
        .collect();
    let carried: Vec<TokenStream> = api
        .params
        .iter()
        .map(|p| {
            let n = ident(&p.rust_name);
            let value = carry(p);
            quote!(#n: #value)
        })
        .collect();
    let names: Vec<Ident> = api.params.iter().map(|p| ident(&p.rust_name)).collect();
    let children = svc.children.iter().filter_map(|c| {
        let accessor = ident(&c.accessor);
        let child = format_ident!("{}", c.struct_name.as_deref()?);
        let doc = format!(" Operations under `{}`.", c.accessor);
        Some(quote! {
            #[doc = #doc]
            #[inline] pub fn #accessor(&self) -> #child {
                #child { client: self.client.clone() #(, #carried)* }
            }
        })
    });
    let methods = svc.operations.iter().map(|op| {
        service_method(
            api,
            op,
            super::examples::operation(krate, types, api, trail, op),
        )
    });
    let new = root.then(|| {
        let (args, values) = api_args(api);
        // `app_id`, not `app_id: app_id`, when the argument is stored as is.
        let inits = names.iter().zip(&values).map(|(n, v)| {
            if *n == v.to_string() {
                quote!(#n)
            } else {
                quote!(#n: #v)
            }
        });
        quote! {
            /// The API on `client`.
            #[inline] pub fn new(client: crate::runtime::Client #(, #args)*) -> Self {
                Self { client #(, #inits)* }
            }
        }
    });
    items.push(quote! {
        #docs
        #[derive(Debug, Clone)]
        pub struct #name {
            client: crate::runtime::Client,
            #( #fields, )*
        }
        impl #name {
            #new
            #( #children )*
            #( #methods )*
        }
    });
    items.extend(svc.operations.iter().filter_map(|op| by_status(api, op)));
    for c in &svc.children {
        let mut below = trail.to_vec();
        below.push(&c.accessor);
        service(api, c, &below, (krate, types), items);
    }
}

/// The enum of what an operation answering by status returns, if it does.
fn by_status(api: &Api, op: &Operation) -> Option<TokenStream> {
    let Output::ByStatus { name, variants } = &op.output else {
        return None;
    };
    let name = format_ident!("{}", name);
    let scope = Scope::Module(&api.module);
    let vs = variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let doc = doc_paragraphs(&[Some(format!("Status {}.", v.status)), v.description.clone()]);
        match body_type(&scope, &v.body) {
            Some(t) => quote!( #doc #vname(#t), ),
            None => quote!( #doc #vname, ),
        }
    });
    let doc = format!(
        " What [`{}`](builders::{}) returns, by status.",
        op.method_name, op.builder
    );
    // A status HubSpot adds later is a new variant: callers match
    // with a wildcard arm.
    Some(quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #vs )*
        }
    })
}

fn body_type(scope: &Scope, body: &ResponseBody) -> Option<TokenStream> {
    match body {
        ResponseBody::Empty => None,
        ResponseBody::Json(t) => Some(rust_type(scope, t)),
        ResponseBody::Text => Some(quote!(String)),
        ResponseBody::Binary => Some(quote!(Vec<u8>)),
    }
}

/// The arguments of the API's accessor (its API-wide parameters) and the
/// expressions that store them.
pub fn api_args(api: &Api) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let scope = Scope::Module(&api.module);
    api.params
        .iter()
        .map(|p| {
            let n = ident(&p.rust_name);
            let (t, conv) = arg(&scope, &p.ty);
            (quote!(#n: #t), quote!(#n #conv))
        })
        .unzip()
}

/// An API-wide parameter's value, from the service struct that carries it:
/// copied when its type is `Copy`, else cloned.
fn carry(p: &Parameter) -> TokenStream {
    let n = ident(&p.rust_name);
    match p.ty {
        TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Bool => quote!(self.#n),
        _ => quote!(self.#n.clone()),
    }
}

/// The argument type and the conversion into the stored type.
fn arg(scope: &Scope, ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(.into())),
        TypeRef::Array(inner) if **inner == TypeRef::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(.into_iter().map(Into::into).collect()),
        ),
        TypeRef::Array(inner) => {
            let t = rust_type(scope, inner);
            (
                quote!(impl IntoIterator<Item = #t>),
                quote!(.into_iter().collect()),
            )
        }
        other => (rust_type(scope, other), quote!()),
    }
}

fn method_doc(op: &Operation) -> TokenStream {
    let deprecated = op.deprecated.then(|| "**Deprecated.**".to_string());
    let endpoint = Some(format!("`{} {}`", op.method.key().to_uppercase(), op.path));
    doc_paragraphs(&[
        op.summary.clone(),
        deprecated,
        op.description.clone(),
        endpoint,
    ])
}

fn service_method(api: &Api, op: &Operation, example: Vec<String>) -> TokenStream {
    let scope = Scope::Module(&api.module);
    let name = ident(&op.method_name);
    let builder = format_ident!("{}", op.builder);
    let docs = method_doc(op);
    let example = quote!( #( #[doc = #example] )* );
    let mut args = Vec::new();
    let mut values = Vec::new();
    // A shared builder takes the API's name and the path values it fixes.
    let shared = op.shared_builder.is_some();
    if shared {
        // The API's name in trace spans: text, not code.
        let api_name = api.accessor.bare();
        values.push(quote!(#api_name));
    }
    for p in &op.params {
        if !p.required {
            continue;
        }
        let n = ident(&p.rust_name);
        match (&p.binding, p.fixed_in_path()) {
            (Binding::Fixed { .. }, Some(value)) if shared => {
                values.push(quote!(String::from(#value)));
                continue;
            }
            (Binding::Fixed { .. }, _) => continue,
            (Binding::Api, _) => {
                values.push(carry(p));
                continue;
            }
            (Binding::Call, _) => {}
        }
        let (t, conv) = arg(&scope, &p.ty);
        args.push(quote!(#n: #t));
        values.push(quote!(#n #conv));
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let t = request_body_type(&scope, body);
        args.push(quote!(body: #t));
        values.push(quote!(body));
    }
    let too_many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #example
        #too_many
        #[inline] pub fn #name(&self #(, #args)*) -> builders::#builder {
            builders::#builder::new(self.client.clone() #(, #values)*)
        }
    }
}

/// The stored type of a request body, named from `scope`.
fn request_body_type(scope: &Scope, body: &RequestBody) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json | BodyEncoding::Form => {
            rust_type(scope, body.ty.as_ref().unwrap_or(&TypeRef::Json))
        }
        BodyEncoding::Multipart => quote!(reqwest::multipart::Form),
        BodyEncoding::Binary => quote!(Vec<u8>),
    }
}

/// The items of an API crate's `builders.rs`: its own builders, and the
/// shared ones it uses re-exported.
pub fn builders(api: &Api) -> TokenStream {
    let mut items = Vec::new();
    collect_builders(api, &api.root, &mut items);
    quote! { #( #items )* }
}

fn collect_builders(api: &Api, svc: &Service, items: &mut Vec<TokenStream>) {
    for op in &svc.operations {
        let name = format_ident!("{}", op.builder);
        match &op.shared_builder {
            Some(module) => {
                let module = ident(module);
                items.push(quote!(pub use crate::#module::builders::#name;));
            }
            None => {
                items.push(builder(Site::Api(api), op));
                items.push(super::bulk::methods(&api.module, op));
            }
        }
    }
    for c in &svc.children {
        collect_builders(api, c, items);
    }
}

/// The items of a shared module's `builders.rs`.
pub fn shared_builders(group: &SharedModule) -> TokenStream {
    let items = group.builders.iter().map(|op| {
        let builder = builder(Site::Shared(&group.module), op);
        let bulk = super::bulk::methods(&group.module, op);
        quote!( #builder #bulk )
    });
    quote! { #( #items )* }
}

/// Where a builder is written.
#[derive(Clone, Copy)]
enum Site<'a> {
    /// In its API's crate, which names the API in traces.
    Api(&'a Api),
    /// In a shared module (by name): each API gives its name to `new`.
    Shared(&'a str),
}

/// What a request builder stores, takes in `new` and sets: required
/// inputs are `new`'s arguments, optional ones setters.
#[derive(Default)]
struct Inputs {
    fields: Vec<TokenStream>,
    new_args: Vec<TokenStream>,
    new_inits: Vec<TokenStream>,
    setters: Vec<TokenStream>,
}

fn builder_inputs(scope: &Scope, op: &Operation) -> Inputs {
    let mut inputs = Inputs::default();
    let Inputs {
        fields,
        new_args,
        new_inits,
        setters,
    } = &mut inputs;
    for p in &op.params {
        if matches!(p.binding, Binding::Fixed { .. }) {
            continue;
        }
        let n = ident(&p.rust_name);
        let t = rust_type(scope, &p.ty);
        if p.required {
            fields.push(quote!(#n: #t));
            new_args.push(quote!(#n: #t));
            new_inits.push(quote!(#n));
        } else {
            fields.push(quote!(#n: Option<#t>));
            new_inits.push(quote!(#n: None));
            let (arg_t, conv) = arg(scope, &p.ty);
            let deprecated = p.deprecated.then(|| "**Deprecated.**".to_string());
            let default = p.default.as_ref().map(|d| format!("Default: `{d}`."));
            let docs = doc_paragraphs(&[
                deprecated,
                p.description
                    .clone()
                    .or_else(|| Some(format!("Sets `{}`.", p.name))),
                default,
            ]);
            setters.push(quote! {
                #docs
                #[inline] pub fn #n(mut self, value: #arg_t) -> Self {
                    self.#n = Some(value #conv);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let t = request_body_type(scope, body);
        if body.required {
            fields.push(quote!(body: #t));
            new_args.push(quote!(body: #t));
            new_inits.push(quote!(body));
        } else {
            fields.push(quote!(body: Option<#t>));
            new_inits.push(quote!(body: None));
            let docs = doc_paragraphs(&[body
                .description
                .clone()
                .or_else(|| Some("Sets the request body.".into()))]);
            setters.push(quote! {
                #docs
                #[inline] pub fn body(mut self, value: #t) -> Self {
                    self.body = Some(value);
                    self
                }
            });
        }
    }

    inputs
}

/// The statements that put the query parameters, headers and body on
/// `request`.
fn request_steps(op: &Operation) -> Vec<TokenStream> {
    let mut steps = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let n = ident(&p.rust_name);
        let wire = &p.name;
        let is_array = matches!(p.ty, TypeRef::Array(_));
        let explode = p.explode;
        let call = match (p.location, is_array) {
            (ParamLocation::Query, true) => quote!(request.query_list(#wire, value, #explode)),
            (ParamLocation::Query, false) => quote!(request.query(#wire, value)),
            (_, _) => quote!(request.header(#wire, value)?),
        };
        if p.required {
            steps.push(quote! { let value = &self.#n; #call; });
        } else {
            steps.push(quote! { if let Some(value) = &self.#n { #call; } });
        }
    }
    if let Some(body) = &op.body {
        let ct = &body.content_type;
        let call = match body.encoding {
            BodyEncoding::Json => quote!(request.json(value)?),
            BodyEncoding::Form => quote!(request.form(value)?),
            BodyEncoding::Multipart => quote!(request.multipart(value)),
            BodyEncoding::Binary => quote!(request.bytes(#ct, value)),
        };
        let by_value = matches!(
            body.encoding,
            BodyEncoding::Multipart | BodyEncoding::Binary
        );
        if body.required {
            if by_value {
                steps.push(quote! { let value = self.body; #call; });
            } else {
                steps.push(quote! { let value = &self.body; #call; });
            }
        } else if by_value {
            steps.push(quote! { if let Some(value) = self.body { #call; } });
        } else {
            steps.push(quote! { if let Some(value) = &self.body { #call; } });
        }
    }
    steps
}

/// `reqwest::Method`'s constant for `method`.
fn http_method(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(GET),
        Method::Put => quote!(PUT),
        Method::Post => quote!(POST),
        Method::Delete => quote!(DELETE),
        Method::Options => quote!(OPTIONS),
        Method::Head => quote!(HEAD),
        Method::Patch => quote!(PATCH),
        Method::Trace => quote!(TRACE),
    }
}

fn builder(site: Site, op: &Operation) -> TokenStream {
    let module = match site {
        Site::Api(api) => api.module.as_str(),
        Site::Shared(module) => module,
    };
    let scope = Scope::Builders(module);
    let name = format_ident!("{}", op.builder);
    let Inputs {
        mut fields,
        mut new_args,
        mut new_inits,
        setters,
    } = builder_inputs(&scope, op);
    let (api_name, new_vis) = match site {
        Site::Api(api) => {
            let name = api.accessor.bare();
            (quote!(#name), quote!(pub(crate)))
        }
        Site::Shared(_) => {
            fields.insert(0, quote!(api: &'static str));
            new_args.insert(0, quote!(api: &'static str));
            new_inits.insert(0, quote!(api));
            (quote!(self.api), quote!(#[doc(hidden)] pub))
        }
    };
    let method = http_method(op.method);
    let (fmt, path_args) = path_format(op);
    let steps = request_steps(op);
    let (output_ty, decode) = output(&scope, op);
    let multipart = op
        .body
        .as_ref()
        .is_some_and(|b| b.encoding == BodyEncoding::Multipart);
    let derive = if multipart {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone)])
    };
    let doc = format!(
        " Request builder for `{} {}`; finish with [`send`](Self::send).",
        op.method.key().to_uppercase(),
        op.path
    );
    let too_many = (new_args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let path_expr = if path_args.is_empty() {
        quote!(#fmt.to_string())
    } else {
        quote!(format!(#fmt))
    };
    let mark = match op.class {
        RequestClass::Search => quote!(request.mark_search();),
        RequestClass::Read => quote!(request.mark_read();),
        RequestClass::Idempotent => quote!(request.mark_idempotent();),
        RequestClass::Method => quote!(),
    };
    let trace_name = &op.trace_name;
    let template = &op.path;
    // Every member named here is in `naming::BUILDER_MEMBERS`, which
    // parameters never take (a test of `tests/snapshots.rs` checks it).
    quote! {
        #[doc = #doc]
        #derive
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #name {
            client: crate::runtime::Client,
            timeout: Option<std::time::Duration>,
            extra: crate::runtime::Extras,
            #( #fields, )*
        }
        impl #name {
            #too_many
            #[inline] #new_vis fn new(client: crate::runtime::Client #(, #new_args)*) -> Self {
                Self { client, timeout: None, extra: Default::default() #(, #new_inits)* }
            }
            #( #setters )*
            /// Total time allowed for this request, overriding the client's timeout.
            #[inline] pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }
            /// Adds a header to this request, sent after the operation's own.
            #[inline] pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.extra.header(name, value);
                self
            }
            /// Adds a query parameter to this request, sent after the operation's own.
            #[inline] pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.extra.query(name, value);
                self
            }
            /// Sends the request and decodes the response.
            #[inline] pub async fn send(self) -> Result<#output_ty, crate::runtime::Error> {
                self.send_with_response().await.map(crate::runtime::Response::into_body)
            }
            /// Sends the request; the decoded body comes with the status and headers.
            #[inline] pub async fn send_with_response(self) -> Result<crate::runtime::Response<#output_ty>, crate::runtime::Error> {
                #( #path_args )*
                let mut request = crate::runtime::Request::new(reqwest::Method::#method, #path_expr);
                request.describe(#api_name, #trace_name, #template);
                request.set_timeout(self.timeout);
                #mark
                #( #steps )*
                request.extend(&self.extra);
                let response = self.client.execute(request).await?;
                #decode
            }
        }
    }
}

/// `format!` string for the path and the bindings it names inline, each
/// path parameter percent-encoded (`let contact_id = encode_path(…);`).
fn path_format(op: &Operation) -> (String, Vec<TokenStream>) {
    let escape = |s: &str| s.replace('{', "{{").replace('}', "}}");
    let mut fmt = String::new();
    let mut bindings = Vec::new();
    for part in path_parts(&op.path) {
        let var = match part {
            PathPart::Literal(text) => {
                fmt.push_str(&escape(text));
                continue;
            }
            PathPart::Var(var) => var,
        };
        let Some(p) = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.name == var)
        else {
            continue;
        };
        if let Binding::Fixed { value } = &p.binding {
            fmt.push_str(&escape(&encode_path_segment(value)));
            continue;
        }
        let field = ident(&p.rust_name);
        let local = format_ident!("{}", p.rust_name.format_local());
        fmt.push_str(&format!("{{{local}}}"));
        bindings.push(quote!(let #local = crate::runtime::encode_path(&self.#field)?;));
    }
    (fmt, bindings)
}

/// `value` as one path segment: every byte but RFC 3986's unreserved ones
/// percent-encoded, as the runtime's `encode_path` does at run time.
fn encode_path_segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An expression of type `Result<crate::runtime::Response<_>, crate::runtime::Error>`
/// reading `body`; `secret` when a decode error must not show the body.
fn decode_body(body: &ResponseBody, secret: bool) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(Ok(crate::runtime::empty(response))),
        ResponseBody::Json(_) if secret => quote!(crate::runtime::json_secret(response).await),
        ResponseBody::Json(_) => quote!(crate::runtime::json(response).await),
        ResponseBody::Text => quote!(crate::runtime::text(response).await),
        ResponseBody::Binary => quote!(crate::runtime::bytes(response).await),
    }
}

fn output(scope: &Scope, op: &Operation) -> (TokenStream, TokenStream) {
    match &op.output {
        Output::Single { body } => {
            let ty = body_type(scope, body).unwrap_or(quote!(()));
            (ty, decode_body(body, op.secret_response))
        }
        Output::ByStatus { name, variants } => {
            let name = format_ident!("{}", name);
            let mut arms = Vec::new();
            let mut fallback = quote!();
            // Undocumented 2xx statuses go to the `2XX` variant, or else to
            // the first.
            let catch_all = variants
                .iter()
                .position(|v| !matches!(v.status, Status::Code(_)))
                .unwrap_or(0);
            for (i, v) in variants.iter().enumerate() {
                let vname = ident(&v.rust_name);
                let d = decode_body(&v.body, op.secret_response);
                let value = match &v.body {
                    ResponseBody::Empty => quote!(#d.map(|r| r.map(|()| super::#name::#vname))),
                    _ => quote!(#d.map(|r| r.map(super::#name::#vname))),
                };
                match v.status {
                    _ if i == catch_all => fallback = quote!(_ => #value,),
                    Status::Code(code) => arms.push(quote!(#code => #value,)),
                    // A second range or `default` next to `2XX`: nothing
                    // reaches it that the catch-all does not take first.
                    Status::Range(_) | Status::Default => {}
                }
            }
            (
                quote!(super::#name),
                quote! {
                    match response.status().as_u16() {
                        #( #arms )*
                        #fallback
                    }
                },
            )
        }
    }
}
