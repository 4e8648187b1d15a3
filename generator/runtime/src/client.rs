//! The client and its configuration: [`Client`], [`ClientBuilder`], how
//! requests authenticate ([`Auth`], [`Secret`]). A request is sent by
//! `Client::execute` in `attempts`; `outcome` judges each answer and `body`
//! reads response bodies.

use super::auth::TokenProvider;
use super::error::Error;
use super::hooks::Interceptor;
use super::limit::{Limiter, RateLimit};
use super::limit_store::RateStore;
use super::retry::RetryConfig;
use reqwest::header::HeaderValue;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

/// HubSpot's API host.
pub const DEFAULT_BASE_URL: &str = "https://api.hubapi.com";

/// A credential that never shows in `Debug` or `Display` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself; use it only to send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

/// Sent as the string itself: a request body needs the credential.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// How requests authenticate.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Auth {
    /// No credentials (for mock servers and public endpoints).
    #[default]
    None,
    /// A private-app or OAuth access token, sent as `Authorization: Bearer`.
    Bearer(Secret),
    /// A developer API key, sent as the `hapikey` query parameter.
    ApiKey(Secret),
    /// Access tokens from a [`TokenProvider`] (such as
    /// [`OAuthRefresh`](crate::OAuthRefresh)), sent as `Authorization: Bearer`.
    Provider(Arc<dyn TokenProvider>),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Bearer(s) => f.debug_tuple("Bearer").field(s).finish(),
            Auth::ApiKey(s) => f.debug_tuple("ApiKey").field(s).finish(),
            Auth::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

/// Configures a [`Client`].
///
/// `C` is the client type [`build`](Self::build) returns: this runtime's
/// [`Client`] by default, or a generated crate's client, which wraps it.
pub struct ClientBuilder<C = Client> {
    base_url: String,
    auth: Auth,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryConfig,
    rate_limit: Option<RateLimit>,
    rate_store: Option<Arc<dyn RateStore>>,
    bulk: Bulk,
    interceptors: Vec<Arc<dyn Interceptor>>,
    max_body: Option<usize>,
    client: PhantomData<fn() -> C>,
}

/// How `send_all()` and `stream()` pace bulk work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bulk {
    /// Batch requests in flight at once.
    concurrency: usize,
    /// Streams fetch the next page while the caller reads the current one.
    prefetch: bool,
}

/// Batch requests in flight by default. At HubSpot's ~150 ms latency one
/// request at a time reaches ~6.5 req/s, and 19 req/s (190 per 10 s) needs at
/// least three in flight. Measured with the load mock (`tests/examples/bulk.rs`:
/// 150 ms latency, 19 per second, 60 batch creates): 1 in flight, 6.2 req/s;
/// 2, 12.2; 3, 17.5; 4, 18.3; 8, 18.3. More than four only queue on the
/// rate limiter.
pub const DEFAULT_BATCH_CONCURRENCY: usize = 4;

// Written out rather than derived: a derive would require `C: Debug + Clone`.
impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("http", &self.http)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("rate_store", &self.rate_store)
            .field("bulk", &self.bulk)
            .field("interceptors", &self.interceptors.len())
            .field("max_body", &self.max_body)
            .finish()
    }
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            base_url: self.base_url.clone(),
            auth: self.auth.clone(),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            user_agent: self.user_agent.clone(),
            http: self.http.clone(),
            retry: self.retry.clone(),
            rate_limit: self.rate_limit.clone(),
            rate_store: self.rate_store.clone(),
            bulk: self.bulk,
            interceptors: self.interceptors.clone(),
            max_body: self.max_body,
            client: PhantomData,
        }
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_string(),
            auth: Auth::None,
            timeout: Some(Duration::from_secs(60)),
            connect_timeout: Some(Duration::from_secs(10)),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string(),
            http: None,
            retry: RetryConfig::default(),
            rate_limit: None,
            rate_store: None,
            bulk: Bulk {
                concurrency: DEFAULT_BATCH_CONCURRENCY,
                prefetch: true,
            },
            interceptors: Vec::new(),
            max_body: None,
            client: PhantomData,
        }
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// The API base URL (default `https://api.hubapi.com`); set it for tests and proxies.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Authenticates with a private-app or OAuth access token.
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.auth = Auth::Bearer(Secret::new(token));
        self
    }

    /// Authenticates with a developer API key (`hapikey`).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.auth = Auth::ApiKey(Secret::new(key));
        self
    }

    /// Authenticates with tokens from `provider`, such as
    /// [`OAuthRefresh`](crate::OAuthRefresh).
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.auth = Auth::Provider(Arc::new(provider));
        self
    }

    /// Sets the authentication.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Total time allowed for each attempt (default 60 s; `None` for no
    /// limit); a request builder's `.timeout()` overrides it.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to connect (default 10 s).
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default: the generated crate's name and version,
    /// or this runtime's when the builder was not made by a generated crate).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// Uses your own `reqwest::Client` (its timeouts and user agent then apply).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How failed requests are retried (default: [`RetryConfig::default`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Retries after the first attempt (default 2; 0 disables retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// A client-side request budget shared by this client's clones (default: none).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Where the [`rate_limit`](Self::rate_limit)'s counts are kept (default:
    /// in this client): every client given the same store (for a
    /// `RedisStore`, the same server and key, in any
    /// process) draws from one budget, and a 429 any of them meets pauses
    /// them all. The limiter fails open to an in-process share of the budget
    /// when the store cannot be reached ([`RateLimit::local_share`]).
    pub fn rate_store(mut self, store: impl RateStore + 'static) -> Self {
        self.rate_store = Some(Arc::new(store));
        self
    }

    /// Batch requests `send_all()` keeps in flight (default
    /// [`DEFAULT_BATCH_CONCURRENCY`]; 1 sends them one after another). They
    /// share the client's rate limiter; `BatchOutcome::inputs` tells which
    /// input each result answers.
    pub fn batch_concurrency(mut self, requests: usize) -> Self {
        self.bulk.concurrency = requests.max(1);
        self
    }

    /// Whether `stream()` fetches the next page while the caller reads the
    /// current one (default on; at most one page ahead). Off, a page is
    /// fetched only when the previous one has been read, so `take(n)` sends
    /// no request beyond the page that holds item `n`.
    pub fn prefetch_pages(mut self, prefetch: bool) -> Self {
        self.bulk.prefetch = prefetch;
        self
    }

    /// Adds an [`Interceptor`]: it runs on every attempt of every request,
    /// after the credentials are applied, and sees every response. Several
    /// run in the order they were added.
    pub fn interceptor(mut self, interceptor: impl Interceptor + 'static) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    /// The largest success body read, in bytes (default: no limit); a
    /// larger one fails with [`Error::BodyTooLarge`] once that much has
    /// arrived. Error bodies are always read up to 256 KiB only.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body = Some(bytes);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, Error> {
        let base = self.base_url.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(Error::Config(format!(
                "base URL `{base}` must start with http:// or https://"
            )));
        }
        let own_http = self.http.is_none();
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut b = crate::tls::builder().user_agent(self.user_agent);
                if let Some(t) = self.timeout {
                    b = b.timeout(t);
                }
                if let Some(t) = self.connect_timeout {
                    b = b.connect_timeout(t);
                }
                b.build()
                    .map_err(|e| Error::Config(e.without_url().to_string()))?
            }
        };
        let limiter = match (self.rate_limit, self.rate_store) {
            (Some(limit), store) => Some(Limiter::new(limit, store)?),
            (None, Some(_)) => {
                return Err(Error::Config(
                    "a rate store needs a rate limit (`ClientBuilder::rate_limit`)".into(),
                ))
            }
            (None, None) => None,
        };
        // Known only for the HTTP client built here.
        let timeout = if own_http { self.timeout } else { None };
        // A fixed token's header is made once, not on every request.
        let bearer = match &self.auth {
            Auth::Bearer(token) => Some(bearer(token)?),
            _ => None,
        };
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base,
                auth: self.auth,
                bearer,
                timeout,
                retry: self.retry,
                limiter,
                bulk: self.bulk,
                interceptors: self.interceptors,
                max_body: self.max_body,
            }),
        }))
    }
}

/// What the clones of a [`Client`] share; read by the retry loop.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) auth: Auth,
    /// The `Authorization` value of [`Auth::Bearer`], marked sensitive.
    pub(crate) bearer: Option<HeaderValue>,
    /// The total timeout of the HTTP client, when it was built here.
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: RetryConfig,
    pub(crate) limiter: Option<Limiter>,
    bulk: Bulk,
    pub(crate) interceptors: Vec<Arc<dyn Interceptor>>,
    /// The largest success body read ([`ClientBuilder::max_body_size`]).
    pub(crate) max_body: Option<usize>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner")
            .field("http", &self.http)
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("bearer", &self.bearer)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("limiter", &self.limiter)
            .field("bulk", &self.bulk)
            .field("interceptors", &self.interceptors.len())
            .field("max_body", &self.max_body)
            .finish()
    }
}

/// The HubSpot client. Cheap to clone: clones share one connection pool and
/// one rate limiter.
///
/// Each API is reached through an accessor (`client.contacts()`), each
/// operation returns a request builder, and `.send().await` runs it.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// `Bearer <token>` as a header value marked sensitive (kept out of `Debug`).
pub(crate) fn bearer(token: &Secret) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
        .map_err(|_| Error::Config("the access token is not a valid header value".into()))?;
    value.set_sensitive(true);
    Ok(value)
}

impl Client {
    /// A builder with HubSpot's defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for `https://api.hubapi.com` authenticated with an access token.
    pub fn new(access_token: impl Into<String>) -> Result<Self, Error> {
        Self::builder().access_token(access_token).build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Batch requests `send_all()` keeps in flight.
    #[doc(hidden)]
    pub fn batch_concurrency(&self) -> usize {
        self.inner.bulk.concurrency
    }

    /// Whether `stream()` fetches one page ahead.
    #[doc(hidden)]
    pub fn prefetch_pages(&self) -> bool {
        self.inner.bulk.prefetch
    }
}
