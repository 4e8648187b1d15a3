//! The client and its configuration.

use super::error::{ApiError, Error};
use super::request::Request;
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
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum Auth {
    /// No credentials (for mock servers and public endpoints).
    #[default]
    None,
    /// A private-app or OAuth access token, sent as `Authorization: Bearer`.
    Bearer(Secret),
    /// A developer API key, sent as the `hapikey` query parameter.
    ApiKey(Secret),
}

/// Configures a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base_url: String,
    auth: Auth,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: String,
    http: Option<reqwest::Client>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_string(),
            auth: Auth::None,
            timeout: Some(Duration::from_secs(60)),
            connect_timeout: Some(Duration::from_secs(10)),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string(),
            http: None,
        }
    }
}

impl ClientBuilder {
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

    /// Sets the authentication.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Total time allowed for each request (default 60 s; `None` for no limit).
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to connect (default 10 s).
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// Uses your own `reqwest::Client` (its timeouts and user agent then apply).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base = self.base_url.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(Error::Config(format!(
                "base URL `{base}` must start with http:// or https://"
            )));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut b = reqwest::Client::builder().user_agent(self.user_agent);
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
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base,
                auth: self.auth,
            }),
        })
    }
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
}

/// The HubSpot client. Cheap to clone: clones share one connection pool.
///
/// Each API is reached through an accessor (`client.contacts()`), each
/// operation returns a request builder, and `.send().await` runs it.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
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

    /// Sends a request; a non-success status becomes [`Error::Api`].
    pub(crate) async fn execute(&self, request: Request) -> Result<reqwest::Response, Error> {
        let url = format!("{}{}", self.inner.base_url, request.path);
        let mut builder = self.inner.http.request(request.method, url);
        let mut query = request.query;
        match &self.inner.auth {
            Auth::None => {}
            Auth::Bearer(token) => {
                let mut value =
                    reqwest::header::HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                        .map_err(|_| {
                        Error::Config("the access token is not a valid header value".into())
                    })?;
                value.set_sensitive(true);
                builder = builder.header(reqwest::header::AUTHORIZATION, value);
            }
            Auth::ApiKey(key) => query.push(("hapikey".to_string(), key.expose().to_string())),
        }
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        if let Some(timeout) = request.timeout {
            builder = builder.timeout(timeout);
        }
        builder = request.body.apply(builder);
        let response = builder.send().await.map_err(Error::from_reqwest)?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response.bytes().await.map_err(Error::from_reqwest)?;
        Err(Error::Api(Box::new(ApiError::from_body(
            status.as_u16(),
            &body,
        ))))
    }
}
