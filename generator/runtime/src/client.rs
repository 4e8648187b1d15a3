//! The client and its configuration.

use super::auth::TokenProvider;
use super::error::{ApiError, Error, RateLimitPolicy};
use super::hooks::{AttemptInfo, Interceptor};
use super::limit::{Limiter, RateLimit};
use super::limit_store::RateStore;
use super::request::Request;
use super::response::{correlation_id, RateLimitInfo};
use super::retry::{retry_after, RetryConfig};
use reqwest::header::HeaderValue;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument;

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

/// Past this many 429s one request gives up even with a rate limiter.
const RATE_LIMITED_RETRIES: u32 = 10;

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

struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
    /// The `Authorization` value of [`Auth::Bearer`], marked sensitive.
    bearer: Option<HeaderValue>,
    /// The total timeout of the HTTP client, when it was built here.
    timeout: Option<Duration>,
    retry: RetryConfig,
    limiter: Option<Limiter>,
    bulk: Bulk,
    interceptors: Vec<Arc<dyn Interceptor>>,
    /// The largest success body read ([`ClientBuilder::max_body_size`]).
    max_body: Option<usize>,
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
    inner: Arc<Inner>,
}

/// `Bearer <token>` as a header value marked sensitive (kept out of `Debug`).
fn bearer(token: &Secret) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
        .map_err(|_| Error::Config("the access token is not a valid header value".into()))?;
    value.set_sensitive(true);
    Ok(value)
}

/// What one attempt came to.
enum Outcome {
    Done(Result<reqwest::Response, Error>),
    /// Try again after the wait, if retries are left.
    Retry(Duration, Error),
    /// A 429 that waiting can help: with a rate limiter, every request of
    /// the client waits, and the retry does not count against `max_retries`.
    /// `true` when HubSpot said how long (`Retry-After`).
    RateLimited(Duration, Error, bool),
    /// A 401 to a token of the provider, which has been told: sent again
    /// at once with a fresh token (once per request).
    Reauthorize,
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

    /// Sends a request, retrying as configured; a non-success status becomes
    /// [`Error::Api`] or [`Error::RateLimited`].
    ///
    /// Everything happens inside one `hubspot.request` span: the API, the
    /// operation, the method and the path template, then the status, the
    /// attempt, HubSpot's correlation id and the rate-limit budget left.
    /// Retries, waits and token refreshes are its events. No credential,
    /// filled-in path, query, header value or body is ever recorded.
    #[doc(hidden)]
    pub async fn execute(&self, request: Request) -> Result<reqwest::Response, Error> {
        let template = request.template();
        let span = tracing::info_span!(
            "hubspot.request",
            api = request.api,
            operation = request.operation,
            method = %request.method,
            path = %template,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            correlation_id = tracing::field::Empty,
            rate_limit_remaining = tracing::field::Empty,
            rate_limit_daily_remaining = tracing::field::Empty,
        );
        self.attempts(request, &template, span.clone())
            .instrument(span)
            .await
    }

    /// [`execute`](Self::execute) of `request`, whose path template is
    /// `path_template`, inside `span`.
    async fn attempts(
        &self,
        request: Request,
        path_template: &str,
        span: tracing::Span,
    ) -> Result<reqwest::Response, Error> {
        let inner = &*self.inner;
        let (retry_safe, search) = (request.retry_safe, request.search);
        let (api, operation) = (request.api, request.operation);
        let method = request.method.clone();
        let mut template = Some(self.prepare(request)?);
        let mut attempt_no = 0;
        let mut retries = 0;
        let mut rate_limited = 0;
        let mut reauthorized = false;
        let mut last_error: Option<Error> = None;
        let deadline = inner
            .retry
            .max_elapsed
            .and_then(|total| tokio::time::Instant::now().checked_add(total));
        loop {
            let attempt = next_attempt(&mut template)?;
            attempt_no += 1;
            span.record("attempt", attempt_no);
            let info = AttemptInfo {
                api,
                operation,
                method: &method,
                path_template,
                attempt: attempt_no,
            };
            let (attempt, token) = self.authorize(attempt).await?;
            // The place in the budget is taken after authorization (a token
            // refresh may take seconds) and right before the request leaves.
            // Past the deadline nothing leaves: a first attempt was never
            // seen by HubSpot (so a create is not uncertain); a retry keeps
            // the failure it retried.
            let in_time = self.leaves_in_time(deadline, search).await?;
            if !in_time {
                tracing::debug!("the deadline passed before the request left");
                return Err(last_error.unwrap_or(Error::NotSent));
            }
            let sent = self.send_once(attempt, &info, deadline, &span).await?;
            let resendable = template.is_some();
            let outcome = self
                .judge(sent, token, (reauthorized, resendable), retries, retry_safe)
                .await;
            // A 429 with a rate limiter holds every request of the client
            // back and does not count against `max_retries`.
            let (wait, error, absorbed) = match (outcome, &inner.limiter) {
                (Outcome::Done(result), _) => return result,
                (Outcome::Reauthorize, _) => {
                    reauthorized = true;
                    tracing::debug!("401: retrying with a fresh token");
                    continue;
                }
                (Outcome::RateLimited(wait, error, told), Some(limiter))
                    if inner.retry.max_retries > 0 =>
                {
                    // First, only until this client's own window frees a
                    // place; if HubSpot refuses again (other apps share the
                    // budget), the whole wait.
                    let short = if !told && rate_limited == 0 {
                        Some(limiter.until_free().await)
                    } else {
                        None
                    };
                    (short.map_or(wait, |s| s.min(wait)), error, true)
                }
                (Outcome::RateLimited(wait, error, _) | Outcome::Retry(wait, error), _) => {
                    (wait, error, false)
                }
            };
            let spent = if absorbed {
                rate_limited >= RATE_LIMITED_RETRIES
            } else {
                retries >= inner.retry.max_retries
            };
            let past_deadline = deadline.is_some_and(|d| {
                tokio::time::Instant::now()
                    .checked_add(wait)
                    .is_none_or(|at| at >= d)
            });
            if spent || template.is_none() || wait > inner.retry.max_wait || past_deadline {
                tracing::debug!(reason = reason(&error), "giving up");
                return Err(error);
            }
            // The error's text is not recorded: HubSpot's messages may quote
            // the values sent.
            tracing::debug!(
                retry = retries + rate_limited + 1,
                wait_ms = wait.as_millis() as u64,
                reason = reason(&error),
                status = error_status(&error),
                "retrying HubSpot request"
            );
            last_error = Some(error);
            match &inner.limiter {
                Some(limiter) if absorbed => {
                    rate_limited += 1;
                    tracing::debug!(
                        wait_ms = wait.as_millis() as u64,
                        "pausing every request of the client's rate limiter"
                    );
                    limiter.pause(wait).await;
                }
                _ => {
                    retries += 1;
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// Sends one attempt through the interceptors, within `deadline`, and
    /// records what HubSpot's answer tells of the budget left.
    async fn send_once(
        &self,
        mut attempt: reqwest::Request,
        info: &AttemptInfo<'_>,
        deadline: Option<tokio::time::Instant>,
        span: &tracing::Span,
    ) -> Result<Result<reqwest::Response, reqwest::Error>, Error> {
        let inner = &*self.inner;
        for interceptor in &inner.interceptors {
            interceptor.before_send(info, &mut attempt)?;
        }
        if let Some(deadline) = deadline {
            limit_to(&mut attempt, deadline, inner.timeout);
        }
        let sent = inner.http.execute(attempt).await;
        if let Ok(response) = &sent {
            let daily = self.observe(span, info, response);
            if let (Some(limiter), Some(left)) = (&inner.limiter, daily) {
                limiter.daily(left).await;
            }
        }
        Ok(sent)
    }

    /// Waits for a place in the rate limiter; `false` when `deadline`
    /// passed first (then nothing may leave).
    async fn leaves_in_time(
        &self,
        deadline: Option<tokio::time::Instant>,
        search: bool,
    ) -> Result<bool, Error> {
        let Some(deadline) = deadline else {
            self.wait_for_limiter(search).await?;
            return Ok(true);
        };
        match tokio::time::timeout_at(deadline, self.wait_for_limiter(search)).await {
            Ok(taken) => {
                taken?;
                Ok(tokio::time::Instant::now() < deadline)
            }
            Err(_) => Ok(false),
        }
    }

    /// What one attempt came to: `sent` with `token`. `reauthorized`: the
    /// request was already sent again after a 401; `resendable`: it can be
    /// sent again (a multipart body cannot). `retries` are those made so far.
    async fn judge(
        &self,
        sent: Result<reqwest::Response, reqwest::Error>,
        token: Option<Secret>,
        (reauthorized, resendable): (bool, bool),
        retries: u32,
        retry_safe: bool,
    ) -> Outcome {
        let inner = &*self.inner;
        match sent {
            // The body is read here, inside the retry loop: a read that
            // fails is retried like a failed send (for a request that is
            // safe to send again), and the response handed on holds
            // its body, not the URL (which may carry an API key).
            Ok(response) if response.status().is_success() => {
                match buffered(response, inner.max_body).await {
                    Ok(response) => Outcome::Done(Ok(response)),
                    Err(e) if e.is_retryable() && (retry_safe || inner.retry.retry_writes) => {
                        Outcome::Retry(inner.retry.backoff_for(retries), e)
                    }
                    Err(e) => Outcome::Done(Err(e)),
                }
            }
            Ok(response) if response.status() == 401 && !reauthorized => {
                match (&inner.auth, token) {
                    // Only a request that can be sent again is retried
                    // (a multipart body cannot): else the 401 is the
                    // answer, not "cannot be sent again".
                    (Auth::Provider(provider), Some(token)) if resendable => {
                        provider.invalidate(&token).await;
                        Outcome::Reauthorize
                    }
                    (Auth::Provider(provider), Some(token)) => {
                        provider.invalidate(&token).await;
                        Outcome::Done(Err(failure(response).await))
                    }
                    _ => Outcome::Done(Err(failure(response).await)),
                }
            }
            Ok(response) => self.classify(response, retries, retry_safe).await,
            Err(e) => {
                let never_sent = e.is_connect();
                let error = Error::from_reqwest(e);
                if never_sent || retry_safe || inner.retry.retry_writes {
                    Outcome::Retry(inner.retry.backoff_for(retries), error)
                } else {
                    Outcome::Done(Err(error))
                }
            }
        }
    }

    /// Waits for a place in the client's rate limiter, if it has one; an
    /// error when the daily budget is spent.
    async fn wait_for_limiter(&self, search: bool) -> Result<(), Error> {
        let Some(limiter) = &self.inner.limiter else {
            return Ok(());
        };
        let started = tokio::time::Instant::now();
        limiter.acquire(search).await?;
        let waited = started.elapsed();
        if waited >= Duration::from_millis(1) {
            tracing::debug!(
                wait_ms = waited.as_millis() as u64,
                "waited for the client's rate limiter"
            );
        }
        Ok(())
    }

    /// Records a response on the span and shows it to the interceptors.
    /// Returns the daily budget left, when HubSpot said.
    fn observe(
        &self,
        span: &tracing::Span,
        info: &AttemptInfo<'_>,
        response: &reqwest::Response,
    ) -> Option<u64> {
        let status = response.status().as_u16();
        let headers = response.headers();
        span.record("status", status);
        if let Some(id) = correlation_id(headers) {
            span.record("correlation_id", id);
        }
        let budget = RateLimitInfo::from_headers(headers);
        if let Some(left) = budget.remaining {
            span.record("rate_limit_remaining", left);
        }
        if let Some(left) = budget.daily_remaining {
            span.record("rate_limit_daily_remaining", left);
        }
        tracing::debug!(attempt = info.attempt, status, "HubSpot answered");
        for interceptor in &self.inner.interceptors {
            interceptor.after_response(info, status, headers);
        }
        budget.daily_remaining
    }

    /// The request without credentials, ready to be copied for each attempt.
    fn prepare(&self, request: Request) -> Result<reqwest::Request, Error> {
        let url = format!("{}{}", self.inner.base_url, request.path);
        let mut builder = self.inner.http.request(request.method, url);
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in request.headers {
            builder = builder.header(name.as_ref(), value);
        }
        if let Some(timeout) = request.timeout {
            builder = builder.timeout(timeout);
        }
        builder = request.body.apply(builder);
        builder
            .build()
            .map_err(|e| Error::InvalidRequest(e.without_url().to_string()))
    }

    /// Adds the credentials; returns the token sent, when it came from a provider.
    async fn authorize(
        &self,
        mut request: reqwest::Request,
    ) -> Result<(reqwest::Request, Option<Secret>), Error> {
        let mut provided = None;
        let value = match &self.inner.auth {
            Auth::None => None,
            Auth::Bearer(_) => self.inner.bearer.clone(),
            Auth::ApiKey(key) => {
                request
                    .url_mut()
                    .query_pairs_mut()
                    .append_pair("hapikey", key.expose());
                None
            }
            Auth::Provider(provider) => {
                let token = provider
                    .token()
                    .await
                    .map_err(|e| Error::Auth(Box::new(e)))?;
                Some(bearer(provided.insert(token))?)
            }
        };
        if let Some(value) = value {
            request
                .headers_mut()
                .insert(reqwest::header::AUTHORIZATION, value);
        }
        Ok((request, provided))
    }

    /// Decides what an error status means: retry (and after how long) or fail.
    async fn classify(
        &self,
        response: reqwest::Response,
        retries: u32,
        retry_safe: bool,
    ) -> Outcome {
        let config = &self.inner.retry;
        let status = response.status().as_u16();
        let after = retry_after(response.headers());
        let error = failure(response).await;
        let Error::Api(api) = error else {
            return Outcome::Done(Err(error));
        };
        if status == 429 {
            let policy = RateLimitPolicy::from_name(api.policy_name.as_deref().unwrap_or(""));
            let window = match policy {
                RateLimitPolicy::TenSecondlyRolling => Some(config.ten_secondly_wait),
                RateLimitPolicy::Secondly => Some(config.secondly_wait),
                _ => None,
            };
            let daily = policy == RateLimitPolicy::Daily;
            let wait = after.or_else(|| window.map(|w| config.spread(w)));
            let error = Error::RateLimited {
                policy,
                retry_after: after.or(window),
                api,
            };
            if daily {
                return Outcome::Done(Err(error));
            }
            // Rejected before any work was done: safe to send again.
            return Outcome::RateLimited(
                wait.unwrap_or_else(|| config.backoff_for(retries)),
                error,
                after.is_some(),
            );
        }
        if (status == 408 || status >= 500) && (retry_safe || config.retry_writes) {
            let wait = after.unwrap_or_else(|| config.backoff_for(retries));
            return Outcome::Retry(wait, Error::Api(api));
        }
        Outcome::Done(Err(Error::Api(api)))
    }
}

/// The error an unsuccessful response stands for.
async fn failure(response: reqwest::Response) -> Error {
    let status = response.status().as_u16();
    let rate_limit = RateLimitInfo::from_headers(response.headers());
    // A body that is not HubSpot's JSON (a proxy's page) has no id; the
    // header may.
    let header_id = correlation_id(response.headers()).map(str::to_owned);
    match read_limited(response, ERROR_BODY_LIMIT).await {
        Ok((body, _)) => {
            let mut api = ApiError::from_body(status, &body);
            api.rate_limit = rate_limit;
            if api.correlation_id.is_none() {
                api.correlation_id = header_id;
            }
            Error::Api(Box::new(api))
        }
        Err(e) => e,
    }
}

/// The most of an error body read: enough for any HubSpot error, and a
/// proxy's multi-megabyte page is not read whole to keep its first lines.
const ERROR_BODY_LIMIT: usize = 256 * 1024;

/// Reads at most `limit` bytes of `response`'s body; `true` when more
/// followed (and was not read).
async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(Vec<u8>, bool), Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

/// `response` with its body read (at most `limit` bytes) and held in
/// memory, its status, version and headers kept; its URL is not.
async fn buffered(
    mut response: reqwest::Response,
    limit: Option<usize>,
) -> Result<reqwest::Response, Error> {
    let status = response.status();
    let version = response.version();
    let headers = std::mem::take(response.headers_mut());
    let (body, more) = read_limited(response, limit.unwrap_or(usize::MAX)).await?;
    if let (true, Some(limit)) = (more, limit) {
        return Err(Error::BodyTooLarge { limit });
    }
    let mut out = http::Response::new(body);
    *out.status_mut() = status;
    *out.version_mut() = version;
    *out.headers_mut() = headers;
    Ok(reqwest::Response::from(out))
}

/// What kind of failure `error` is, for traces.
fn reason(error: &Error) -> &'static str {
    match error {
        Error::Api(_) => "status",
        Error::RateLimited { .. } => "rate limited",
        Error::Timeout(_) => "timeout",
        Error::Transport(_) => "transport",
        _ => "other",
    }
}

/// The HTTP status behind `error`, or 0.
fn error_status(error: &Error) -> u16 {
    match error {
        Error::Api(api) | Error::RateLimited { api, .. } => api.status,
        _ => 0,
    }
}

/// The request of the next attempt: a copy of `template`, or the template
/// itself when its streamed body cannot be copied (sent once, never retried).
fn next_attempt(template: &mut Option<reqwest::Request>) -> Result<reqwest::Request, Error> {
    match template.as_ref().and_then(reqwest::Request::try_clone) {
        Some(copy) => Ok(copy),
        None => template
            .take()
            .ok_or_else(|| Error::InvalidRequest("the body cannot be sent again".into())),
    }
}

/// Gives `attempt` its own timeout (or the client's) or what is left until
/// `deadline`, whichever is shorter.
fn limit_to(
    attempt: &mut reqwest::Request,
    deadline: tokio::time::Instant,
    client: Option<Duration>,
) {
    let left = deadline.saturating_duration_since(tokio::time::Instant::now());
    let own = attempt.timeout().copied().or(client);
    *attempt.timeout_mut() = Some(own.map_or(left, |t| t.min(left)));
}

#[cfg(test)]
mod body_tests {
    use super::*;

    fn response(body: Vec<u8>) -> reqwest::Response {
        reqwest::Response::from(http::Response::new(body))
    }

    #[tokio::test]
    async fn an_error_body_is_read_up_to_its_limit_only() {
        let page = vec![b'x'; 3 * ERROR_BODY_LIMIT];
        let (body, more) = read_limited(response(page), ERROR_BODY_LIMIT)
            .await
            .unwrap();
        assert_eq!((body.len(), more), (ERROR_BODY_LIMIT, true));
        let (body, more) = read_limited(response(b"{}".to_vec()), ERROR_BODY_LIMIT)
            .await
            .unwrap();
        assert_eq!((body.as_slice(), more), (&b"{}"[..], false));
    }

    #[tokio::test]
    async fn a_buffered_response_keeps_status_and_headers_and_drops_the_url() {
        let mut original = http::Response::new(b"{\"a\":1}".to_vec());
        *original.status_mut() = http::StatusCode::CREATED;
        original
            .headers_mut()
            .insert("x-hubspot-correlation-id", HeaderValue::from_static("c-1"));
        let kept = buffered(reqwest::Response::from(original), Some(100))
            .await
            .unwrap();
        assert_eq!(kept.status(), 201);
        assert_eq!(kept.headers()["x-hubspot-correlation-id"], "c-1");
        assert_eq!(kept.bytes().await.unwrap().as_ref(), b"{\"a\":1}");
        let over = buffered(response(vec![b'x'; 101]), Some(100)).await;
        assert!(matches!(over, Err(Error::BodyTooLarge { limit: 100 })));
    }
}
