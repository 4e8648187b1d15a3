//! The facade crate, the package users name: its manifest, its README and
//! its `lib.rs`, which re-exports the runtime and each API crate (by
//! version, the default version's also at the root) and defines the
//! `Client` with an accessor per API.

use super::members::reexport;
use super::{docs, ident, rust_file, services, templates, Files};
use crate::error::Result;
use crate::ir::{Api, ApiVersion, Crate};
use proc_macro2::TokenStream;
use quote::quote;

/// The facade crate's files.
pub(super) fn files(krate: &Crate) -> Result<Files> {
    let mut files = Files::new();
    files.insert("Cargo.toml".into(), templates::cargo_toml(krate)?);
    files.insert("README.md".into(), templates::readme(krate)?);
    files.insert("src/lib.rs".into(), rust_file("lib.rs", lib_rs(krate))?);
    Ok(files)
}
/// `#[cfg(...)]` for an item that needs any of `features`; nothing when
/// the list is empty (always built).
fn cfg_any(features: &[String]) -> TokenStream {
    match features {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any( #( feature = #many ),* ))]),
    }
}

/// `#[cfg(feature = …)]` for an item of `api`'s crate (nothing for an API
/// without a version, which is always built).
fn api_cfg(api: &Api) -> TokenStream {
    let features: Vec<String> = api.feature.iter().cloned().collect();
    cfg_any(&features)
}

/// The accessor of `api` on a client-like struct holding `inner`
/// (`pub fn contacts(&self) -> contacts::ContactsApi`), where the API's
/// module is in scope under its accessor (a version's API) or module name;
/// `None` for an API without a service struct.
fn api_accessor(api: &Api) -> Option<TokenStream> {
    let accessor = ident(&api.accessor);
    let path = match api.api_version {
        Some(_) => ident(&api.accessor),
        None => ident(&api.module),
    };
    let svc = ident(api.root.struct_name.as_deref()?);
    let (args, values) = services::api_args(api);
    let cfg = api_cfg(api);
    let version = api
        .api_version
        .as_ref()
        .map(|v| format!(" at version {v}"))
        .unwrap_or_default();
    let doc = format!(" The {} API{version}.", api.title);
    Some(quote! {
        #[doc = #doc]
        #cfg
        pub fn #accessor(&self #(, #args)*) -> #path::#svc {
            #path::#svc::new(self.inner.clone() #(, #values)*)
        }
    })
}

/// The version `api` belongs to, if any.
fn version_of<'a>(krate: &'a Crate, api: &Api) -> Option<&'a ApiVersion> {
    let name = api.api_version.as_ref()?;
    krate.versions.iter().find(|v| &v.name == name)
}

/// The APIs of `version`, in input order.
fn apis_of<'a>(krate: &'a Crate, version: &ApiVersion) -> Vec<&'a Api> {
    krate
        .apis
        .iter()
        .filter(|a| a.api_version.as_ref() == Some(&version.name))
        .collect()
}

/// `#[cfg(…)]` for an item that any API of `version` needs.
fn version_cfg(krate: &Crate, version: &ApiVersion) -> TokenStream {
    let features: Vec<String> = apis_of(krate, version)
        .iter()
        .filter_map(|a| a.feature.clone())
        .collect();
    cfg_any(&features)
}

/// The facade module of one API version: its APIs as modules, and `Apis`,
/// their accessors on one client.
fn version_module(krate: &Crate, version: &ApiVersion) -> TokenStream {
    let apis = apis_of(krate, version);
    let cfg = version_cfg(krate, version);
    let module = ident(&version.module);
    let reexports = apis.iter().map(|a| {
        let cfg = api_cfg(a);
        let krate_ident = ident(&krate.layout.member(&a.module).ident());
        let accessor = ident(&a.accessor);
        let doc = format!(" The {} API at version {}.", a.title, version.name);
        quote! {
            #[doc = #doc]
            #cfg
            pub use #krate_ident as #accessor;
        }
    });
    let accessors = apis.iter().filter_map(|a| api_accessor(a));
    let doc = docs::doc_lines(&format!(
        "Version {} of HubSpot's APIs{}. Each API is a module and an accessor \
         of [`Apis`], which `client.{}()` returns.",
        version.name,
        support_text(version),
        version.module
    ));
    quote! {
        #( #[doc = #doc] )*
        #cfg
        pub mod #module {
            #( #reexports )*

            /// The APIs of this version on one client: the same connection
            /// pool, credentials, retries and rate limiter as the client.
            #[derive(Debug, Clone)]
            pub struct Apis {
                inner: crate::runtime::Client,
            }

            impl Apis {
                /// The APIs of this version on `client`.
                pub fn new(client: crate::runtime::Client) -> Self {
                    Self { inner: client }
                }

                #( #accessors )*
            }
        }
    }
}

/// The support window of a version, for documentation (` (Current until
/// 2027-03, Supported until 2028-03)`).
pub(super) fn support_text(version: &ApiVersion) -> String {
    let s = &version.support;
    let mut parts = Vec::new();
    if let Some(r) = &s.released {
        parts.push(format!("released {r}"));
    }
    if let Some(c) = &s.current_until {
        parts.push(format!("Current until {c}"));
    }
    if let Some(u) = &s.supported_until {
        parts.push(format!("Supported until {u}, Unsupported from then on"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

/// The root of the facade crate: the runtime's public items, each API crate
/// as a module (by version, the default version's also at the root), and a
/// [`Client`] with an accessor per API.
fn lib_rs(krate: &Crate) -> TokenStream {
    let runtime = ident(&krate.layout.runtime.ident());
    let unversioned: Vec<&Api> = krate
        .apis
        .iter()
        .filter(|a| a.api_version.is_none())
        .collect();
    let modules = unversioned
        .iter()
        .map(|a| reexport(krate, &a.module, &format!(" The {} API.", a.title)));
    let shared = krate.shared.iter().map(|g| {
        let doc = format!(
            " Types declared alike by two or more of {}; each re-exports those it declares.",
            g.apis.join(", ")
        );
        let cfg = cfg_any(&krate.layout.member(&g.module).features);
        let item = reexport(krate, &g.module, &doc);
        // A build detail: its name changes with the set of APIs and
        // versions that share it, so no user names it; every type is
        // reached (and documented) through its API's module.
        quote!( #cfg #[doc(hidden)] #item )
    });
    let versions = krate.versions.iter().map(|v| version_module(krate, v));
    let versioned_roots: Vec<(&Api, &ApiVersion)> = krate
        .apis
        .iter()
        .filter(|a| a.at_root)
        .filter_map(|a| Some((a, version_of(krate, a)?)))
        .collect();
    let root_reexports = versioned_roots.iter().map(|(a, v)| {
        let vmod = ident(&v.module);
        let cfg = api_cfg(a);
        let accessor = ident(&a.accessor);
        quote! {
            #cfg
            #[doc(inline)]
            pub use #vmod::#accessor;
        }
    });
    let accessors = unversioned
        .iter()
        .copied()
        .chain(versioned_roots.iter().map(|(a, _)| *a))
        .filter_map(api_accessor);
    let version_accessors = krate.versions.iter().map(|v| {
        let cfg = version_cfg(krate, v);
        let m = ident(&v.module);
        let doc = format!(
            " The APIs of version {}{}, on this client.",
            v.name,
            support_text(v)
        );
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #m(&self) -> #m::Apis {
                #m::Apis::new(self.inner.clone())
            }
        }
    });
    let client = facade_client(accessors.chain(version_accessors));
    let runtime_types = crate::naming::RUNTIME_TYPES
        .iter()
        .filter(|t| !FACADE_TYPES.contains(t) && !GATED_TYPES.iter().any(|(g, _)| g == *t))
        .map(|t| ident(t));
    let fake = ident(&krate.layout.fake.ident());
    let fake = quote! {
        /// A fake HubSpot for your tests (feature `test-util`).
        #[cfg(feature = "test-util")]
        pub use #fake as fake;
    };
    let gated_types = GATED_TYPES.iter().map(|(t, feature)| {
        let t = ident(t);
        quote! {
            #[cfg(feature = #feature)]
            pub use #runtime::#t;
        }
    });
    let properties = krate.properties.as_ref().map(|p| {
        reexport(
            krate,
            &p.module,
            " Typed CRM properties, their create inputs and HubSpot's association types.",
        )
    });
    quote! {
        // The README is the crate documentation, so its examples are doctests.
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub use #runtime::{
            #( #runtime_types, )*
            DEFAULT_AUTHORIZE_URL, DEFAULT_BASE_URL, DEFAULT_BATCH_CONCURRENCY, DEFAULT_TOKEN_URL,
        };
        #( #gated_types )*
        #fake
        pub use #runtime::webhooks;
        #properties
        /// The runtime the API crates are built on.
        pub use #runtime as runtime;
        #( #shared )*
        #( #modules )*
        #( #versions )*
        #( #root_reexports )*

        #client
    }
}

/// The runtime types that the facade defines for itself ([`facade_client`]):
/// it re-exports the others.
const FACADE_TYPES: &[&str] = &["Client", "ClientBuilder"];

/// The runtime types behind a cargo feature of the same name in the runtime
/// and the facade.
const GATED_TYPES: &[(&str, &str)] = &[("RedisStore", "redis")];

/// The facade's `Client` with `accessors`.
fn facade_client(accessors: impl Iterator<Item = TokenStream>) -> TokenStream {
    quote! {
        /// Configures a [`Client`]; get one with [`Client::builder`].
        pub type ClientBuilder = runtime::ClientBuilder<Client>;

        /// The HubSpot client. Cheap to clone: clones share one connection
        /// pool and one rate limiter.
        ///
        /// Each API is reached through an accessor (`client.contacts()`),
        /// each operation returns a request builder, and `.send().await`
        /// runs it.
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: runtime::Client,
        }

        impl Client {
            /// A builder with HubSpot's defaults; the user agent names this
            /// crate and its version.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
                    .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            }

            /// A client for `https://api.hubapi.com` authenticated with an
            /// access token.
            pub fn new(access_token: impl Into<String>) -> Result<Self, Error> {
                Self::builder().access_token(access_token).build()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            /// A request to `path` (below the base URL) for endpoints no
            /// generated API covers, with the client's credentials, retries,
            /// rate limits and errors: see [`RawRequest`].
            pub fn request(&self, method: runtime::reqwest::Method, path: impl Into<String>) -> RawRequest {
                self.inner.request(method, path)
            }

            #( #accessors )*
        }

        impl From<runtime::Client> for Client {
            fn from(inner: runtime::Client) -> Self {
                Client { inner }
            }
        }

        impl AsRef<runtime::Client> for Client {
            fn as_ref(&self) -> &runtime::Client {
                &self.inner
            }
        }
    }
}
