//! Access tokens that change: the [`TokenProvider`] trait and
//! [`OAuthRefresh`], which refreshes through HubSpot's OAuth token endpoint.

use super::client::Secret;
use super::error::Error;
use futures::future::BoxFuture;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// A source of access tokens, asked before every request; set it with
/// [`ClientBuilder::token_provider`](crate::ClientBuilder::token_provider).
///
/// When HubSpot answers 401, the client calls [`invalidate`](Self::invalidate)
/// with the rejected token, asks for a token again and retries once.
pub trait TokenProvider: Send + Sync {
    /// The access token to send now.
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>>;

    /// HubSpot rejected `token`: the next [`token`](Self::token) call should
    /// fetch a new one. The default does nothing.
    fn invalidate<'a>(&'a self, token: &'a Secret) -> BoxFuture<'a, ()> {
        let _ = token;
        Box::pin(async {})
    }
}

/// HubSpot's OAuth token endpoint.
pub const DEFAULT_TOKEN_URL: &str = "https://api.hubapi.com/oauth/v1/token";

/// Refreshes OAuth access tokens with a refresh token (`grant_type=refresh_token`).
///
/// The token is cached until `expires_in` minus a margin (default 60 s).
/// Concurrent requests that find no valid token wait for one refresh.
pub struct OAuthRefresh {
    client_id: String,
    client_secret: Secret,
    token_url: String,
    margin: Duration,
    http: Option<reqwest::Client>,
    state: Mutex<State>,
}

struct State {
    refresh_token: Secret,
    current: Option<(Secret, Instant)>,
}

impl std::fmt::Debug for OAuthRefresh {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthRefresh")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("token_url", &self.token_url)
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    expires_in: u64,
}

impl OAuthRefresh {
    /// Refreshes with your app's client id and secret and a refresh token.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        OAuthRefresh {
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            token_url: DEFAULT_TOKEN_URL.to_string(),
            margin: Duration::from_secs(60),
            http: None,
            state: Mutex::new(State {
                refresh_token: Secret::new(refresh_token),
                current: None,
            }),
        }
    }

    /// The token endpoint (default `https://api.hubapi.com/oauth/v1/token`).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }

    /// How long before `expires_in` runs out a token is refreshed (default 60 s).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Uses your own `reqwest::Client` for the token endpoint.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    async fn refresh(&self, state: &mut State) -> Result<Secret, Error> {
        let http = match &self.http {
            Some(http) => http.clone(),
            None => crate::tls::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .map_err(|e| Error::Config(e.without_url().to_string()))?,
        };
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("refresh_token", state.refresh_token.expose()),
        ];
        let response = http
            .post(&self.token_url)
            .form(&form)
            .send()
            .await
            .map_err(Error::from_reqwest)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(Error::from_reqwest)?;
        if !(200..300).contains(&status) {
            return Err(Error::Api(Box::new(super::error::ApiError::from_body(
                status, &body,
            ))));
        }
        // The body holds the tokens: errors name the field, never its value.
        let de = &mut serde_json::Deserializer::from_slice(&body);
        let parsed: TokenResponse =
            serde_path_to_error::deserialize(de).map_err(|e| Error::Decode {
                status,
                path: e.path().to_string(),
                message: "not a token response".into(),
                snippet: "(not shown: it may hold a token)".into(),
            })?;
        let token = Secret::new(parsed.access_token);
        if let Some(refresh) = parsed.refresh_token {
            state.refresh_token = Secret::new(refresh);
        }
        let lifetime = Duration::from_secs(parsed.expires_in).saturating_sub(self.margin);
        state.current = Some((token.clone(), Instant::now() + lifetime));
        Ok(token)
    }
}

impl TokenProvider for OAuthRefresh {
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>> {
        Box::pin(async move {
            // Held across the refresh: concurrent callers wait for its token.
            let mut state = self.state.lock().await;
            if let Some((token, until)) = &state.current {
                if Instant::now() < *until {
                    return Ok(token.clone());
                }
            }
            tracing::debug!("refreshing the OAuth access token");
            let token = self.refresh(&mut state).await;
            if token.is_err() {
                tracing::debug!("the OAuth token refresh failed");
            }
            token
        })
    }

    fn invalidate<'a>(&'a self, token: &'a Secret) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let mut state = self.state.lock().await;
            if state.current.as_ref().is_some_and(|(t, _)| t == token) {
                state.current = None;
            }
        })
    }
}
