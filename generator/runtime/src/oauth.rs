//! A public app's OAuth: the install link ([`OAuthApp::authorize_url`]),
//! the code exchange ([`OAuthApp::exchange_code`]), the tokens it yields
//! ([`TokenSet`]) and where they are kept between runs ([`TokenStore`]).
//!
//! HubSpot's OAuth guide: the user opens the install link, HubSpot sends
//! them back to the app's redirect URL with a `code`, the app exchanges the
//! code for an access token (about 30 minutes) and a refresh token (until
//! the app is uninstalled), and refreshes the access token with the refresh
//! token from then on. [`OAuthApp::refresher`] gives the
//! [`TokenProvider`](crate::TokenProvider) that does the refreshing, and
//! hands every new pair to the store.

use super::auth::{OAuthRefresh, DEFAULT_TOKEN_URL};
use super::client::Secret;
use super::error::{ApiError, Error};
use super::store_file;
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a query value of the install link escapes: all but RFC 3986's
/// unreserved characters, which producers should leave as they are.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Where HubSpot asks the user to install an app.
pub const DEFAULT_AUTHORIZE_URL: &str = "https://app.hubspot.com/oauth/authorize";

/// The longest token lifetime taken from a response: a larger `expires_in`
/// is read as this (no overflow, no token kept for ever).
const MAX_LIFETIME: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// A public app's OAuth credentials, with its redirect URL.
#[derive(Clone)]
pub struct OAuthApp {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    redirect_uri: String,
    pub(crate) token_url: String,
    authorize_url: String,
    pub(crate) http: Option<reqwest::Client>,
}

impl std::fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("redirect_uri", &self.redirect_uri)
            .field("token_url", &self.token_url)
            .finish_non_exhaustive()
    }
}

impl OAuthApp {
    /// An app's client id and secret (from its auth settings) and the
    /// redirect URL HubSpot sends the user back to, exactly as registered.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        OAuthApp {
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            redirect_uri: redirect_uri.into(),
            token_url: DEFAULT_TOKEN_URL.to_string(),
            authorize_url: DEFAULT_AUTHORIZE_URL.to_string(),
            http: None,
        }
    }

    /// The token endpoint (default [`DEFAULT_TOKEN_URL`]).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }

    /// The install page (default [`DEFAULT_AUTHORIZE_URL`]; accounts in
    /// HubSpot's EU data centre use `https://app-eu1.hubspot.com/oauth/authorize`).
    pub fn authorize_base(mut self, url: impl Into<String>) -> Self {
        self.authorize_url = url.into();
        self
    }

    /// Uses your own `reqwest::Client` for the token endpoint.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The install link asking for `scopes`; add the `state` that ties the
    /// answer to the user's session with [`AuthorizeUrl::state`].
    pub fn authorize_url<S: Into<String>>(
        &self,
        scopes: impl IntoIterator<Item = S>,
    ) -> AuthorizeUrl {
        AuthorizeUrl {
            base: self.authorize_url.clone(),
            client_id: self.client_id.clone(),
            redirect_uri: self.redirect_uri.clone(),
            scopes: scopes.into_iter().map(Into::into).collect(),
            optional_scopes: Vec::new(),
            state: None,
        }
    }

    /// Exchanges the `code` HubSpot appended to the redirect URL for a
    /// [`TokenSet`] (`grant_type=authorization_code`). Not retried: a code
    /// is good for one exchange.
    pub async fn exchange_code(&self, code: &str) -> Result<TokenSet, Error> {
        let form = [
            ("grant_type", "authorization_code"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("code", code),
        ];
        let http = http_client(self.http.as_ref())?;
        request_tokens(&http, &self.token_url, &form).await
    }

    /// The token provider that refreshes `tokens` from now on; give it a
    /// store with [`OAuthRefresh::token_store`] so a restart finds the
    /// newest pair.
    pub fn refresher(&self, tokens: TokenSet) -> OAuthRefresh {
        OAuthRefresh::from_app(self, tokens)
    }
}

/// An install link: `Display` gives the URL.
#[derive(Debug, Clone)]
pub struct AuthorizeUrl {
    base: String,
    client_id: String,
    redirect_uri: String,
    scopes: Vec<String>,
    optional_scopes: Vec<String>,
    state: Option<String>,
}

impl AuthorizeUrl {
    /// Scopes the app can do without, asked for when the account has them.
    pub fn optional_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.optional_scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// A value HubSpot sends back unchanged with the code; check it there
    /// to refuse answers the app did not ask for.
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }
}

impl std::fmt::Display for AuthorizeUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let enc = |s: &str| utf8_percent_encode(s, QUERY_VALUE).to_string();
        write!(
            f,
            "{}?client_id={}&redirect_uri={}&scope={}",
            self.base,
            enc(&self.client_id),
            enc(&self.redirect_uri),
            enc(&self.scopes.join(" "))
        )?;
        if !self.optional_scopes.is_empty() {
            write!(
                f,
                "&optional_scope={}",
                enc(&self.optional_scopes.join(" "))
            )?;
        }
        if let Some(state) = &self.state {
            write!(f, "&state={}", enc(state))?;
        }
        Ok(())
    }
}

/// An access token, the refresh token that renews it and when the access
/// token expires. `Debug` shows neither token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSet {
    /// Sent as `Authorization: Bearer`.
    pub access_token: Secret,
    /// Renews the access token; HubSpot may return a new one on refresh.
    pub refresh_token: Secret,
    /// When the access token stops working.
    pub expires_at: DateTime<Utc>,
}

/// The JSON a [`FileTokenStore`] keeps (and [`TokenSet::to_json`] gives).
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredTokens {
    access_token: String,
    refresh_token: String,
    expires_at: DateTime<Utc>,
}

impl TokenSet {
    /// A token pair, its access token valid for `expires_in` from now.
    pub fn new(
        access_token: impl Into<String>,
        refresh_token: impl Into<String>,
        expires_in: Duration,
    ) -> Self {
        Self::expiring(
            Secret::new(access_token),
            Secret::new(refresh_token),
            expires_in,
        )
    }

    /// The pair, its access token valid for `lifetime` (at most
    /// a year) from now.
    pub(crate) fn expiring(
        access_token: Secret,
        refresh_token: Secret,
        lifetime: Duration,
    ) -> Self {
        let lifetime = chrono::Duration::from_std(lifetime.min(MAX_LIFETIME))
            .unwrap_or_else(|_| chrono::Duration::zero());
        TokenSet {
            access_token,
            refresh_token,
            expires_at: Utc::now() + lifetime,
        }
    }

    /// The pair as JSON, tokens in clear, for a store of your own (a
    /// database column, a secret manager). Keep it where secrets belong.
    pub fn to_json(&self) -> String {
        let stored = StoredTokens {
            access_token: self.access_token.expose().to_string(),
            refresh_token: self.refresh_token.expose().to_string(),
            expires_at: self.expires_at,
        };
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// The pair from [`to_json`](Self::to_json)'s JSON. The error names
    /// the field at fault, never a value.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let de = &mut serde_json::Deserializer::from_str(json);
        let stored: StoredTokens =
            serde_path_to_error::deserialize(de).map_err(|e| Error::Decode {
                status: 0,
                path: e.path().to_string(),
                message: "not a stored token pair".into(),
                snippet: "(not shown: it may hold a token)".into(),
            })?;
        Ok(TokenSet {
            access_token: Secret::new(stored.access_token),
            refresh_token: Secret::new(stored.refresh_token),
            expires_at: stored.expires_at,
        })
    }
}

/// Where the newest token pair is kept, so that a restart does not lose a
/// refresh token HubSpot rotated. [`OAuthRefresh`] loads it before its
/// first refresh and saves every pair it gets.
pub trait TokenStore: Send + Sync {
    /// The pair saved last, if any.
    fn load(&self) -> BoxFuture<'_, Result<Option<TokenSet>, Error>>;

    /// Keeps `tokens` (replacing the pair kept before).
    fn save<'a>(&'a self, tokens: &'a TokenSet) -> BoxFuture<'a, Result<(), Error>>;
}

/// A [`TokenStore`] in memory: for tests, and for one process that can
/// afford to ask the user to install again after a restart.
#[derive(Debug, Default, Clone)]
pub struct MemoryTokenStore {
    tokens: Arc<Mutex<Option<TokenSet>>>,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The pair saved last (what a restart would load).
    pub fn get(&self) -> Option<TokenSet> {
        self.tokens.lock().ok().and_then(|t| t.clone())
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<TokenSet>, Error>> {
        Box::pin(async move { Ok(self.get()) })
    }

    fn save<'a>(&'a self, tokens: &'a TokenSet) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            if let Ok(mut kept) = self.tokens.lock() {
                *kept = Some(tokens.clone());
            }
            Ok(())
        })
    }
}

/// A [`TokenStore`] in a JSON file, replaced whole on every save (written
/// beside it, flushed, then renamed), readable by its owner only on Unix.
#[derive(Debug, Clone)]
pub struct FileTokenStore {
    path: PathBuf,
}

impl FileTokenStore {
    /// The store at `path` (created on the first save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileTokenStore { path: path.into() }
    }
}

impl TokenStore for FileTokenStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<TokenSet>, Error>> {
        Box::pin(async move {
            match store_file::read(self.path.clone(), "token store").await? {
                Some(json) => TokenSet::from_json(&json).map(Some),
                None => Ok(None),
            }
        })
    }

    fn save<'a>(&'a self, tokens: &'a TokenSet) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(store_file::replace(
            self.path.clone(),
            tokens.to_json(),
            true,
            "token store",
        ))
    }
}

/// The client for the token endpoint: `given`, or one with a 30 s timeout.
pub(crate) fn http_client(given: Option<&reqwest::Client>) -> Result<reqwest::Client, Error> {
    match given {
        Some(http) => Ok(http.clone()),
        None => crate::tls::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| Error::Config(e.without_url().to_string())),
    }
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    expires_in: u64,
}

/// What the token endpoint answered: a new pair (the refresh token is
/// `None` when HubSpot kept the old one).
pub(crate) struct Granted {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    pub lifetime: Duration,
}

/// Posts `form` to the token endpoint and reads the pair; errors name the
/// field at fault, never a token.
pub(crate) async fn request_grant(
    http: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> Result<Granted, Error> {
    let response = http
        .post(url)
        .form(form)
        .send()
        .await
        .map_err(Error::from_reqwest)?;
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(Error::from_reqwest)?;
    if !(200..300).contains(&status) {
        return Err(Error::Api(Box::new(ApiError::from_body(status, &body))));
    }
    let de = &mut serde_json::Deserializer::from_slice(&body);
    let parsed: TokenResponse =
        serde_path_to_error::deserialize(de).map_err(|e| Error::Decode {
            status,
            path: e.path().to_string(),
            message: "not a token response".into(),
            snippet: "(not shown: it may hold a token)".into(),
        })?;
    Ok(Granted {
        access_token: Secret::new(parsed.access_token),
        refresh_token: parsed.refresh_token.map(Secret::new),
        lifetime: Duration::from_secs(parsed.expires_in).min(MAX_LIFETIME),
    })
}

async fn request_tokens(
    http: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> Result<TokenSet, Error> {
    let granted = request_grant(http, url, form).await?;
    let Some(refresh_token) = granted.refresh_token else {
        return Err(Error::Decode {
            status: 200,
            path: "refresh_token".into(),
            message: "the code exchange returned no refresh token".into(),
            snippet: "(not shown: it may hold a token)".into(),
        });
    };
    Ok(TokenSet::expiring(
        granted.access_token,
        refresh_token,
        granted.lifetime,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_install_link_encodes_scopes_redirect_and_state() {
        let app = OAuthApp::new("app-id", "secret", "https://example.com/oauth/callback");
        let url = app
            .authorize_url(["crm.objects.contacts.write", "oauth"])
            .optional_scopes(["crm.objects.deals.read"])
            .state("a b&c")
            .to_string();
        assert_eq!(
            url,
            "https://app.hubspot.com/oauth/authorize?client_id=app-id\
             &redirect_uri=https%3A%2F%2Fexample.com%2Foauth%2Fcallback\
             &scope=crm.objects.contacts.write%20oauth\
             &optional_scope=crm.objects.deals.read&state=a%20b%26c"
        );
    }

    #[test]
    fn a_token_set_shows_no_token_and_round_trips_through_json() {
        let tokens = TokenSet::new("access-123", "refresh-456", Duration::from_secs(1800));
        let debug = format!("{tokens:?}");
        assert!(
            !debug.contains("access-123") && !debug.contains("refresh-456"),
            "{debug}"
        );
        assert_eq!(TokenSet::from_json(&tokens.to_json()).ok(), Some(tokens));
        let err = TokenSet::from_json(r#"{"access_token":"leak-me"}"#)
            .unwrap_err()
            .to_string();
        assert!(!err.contains("leak-me"), "{err}");
    }

    #[test]
    fn a_huge_lifetime_is_clamped() {
        let tokens = TokenSet::new("a", "r", Duration::from_secs(u64::MAX));
        assert!(tokens.expires_at < Utc::now() + chrono::Duration::days(400));
    }

    #[tokio::test]
    async fn the_file_store_keeps_the_last_pair_owner_only() {
        let dir = std::env::temp_dir().join(format!("token-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = FileTokenStore::new(dir.join("tokens.json"));
        assert!(store.load().await.unwrap().is_none());
        let first = TokenSet::new("a1", "r1", Duration::from_secs(60));
        let second = TokenSet::new("a2", "r2", Duration::from_secs(60));
        store.save(&first).await.unwrap();
        store.save(&second).await.unwrap();
        assert_eq!(store.load().await.unwrap(), Some(second));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("tokens.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "readable by others: {mode:o}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
