//! Access tokens that change: the [`TokenProvider`] trait and
//! [`OAuthRefresh`], which refreshes through HubSpot's OAuth token endpoint.

use super::client::Secret;
use super::error::Error;
use super::oauth::{self, OAuthApp, TokenSet, TokenStore};
use futures::future::BoxFuture;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};
use tokio::time::Instant;
use tracing::Instrument;

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

/// HubSpot's OAuth token endpoint, at the current date-based version.
pub const DEFAULT_TOKEN_URL: &str = "https://api.hubapi.com/oauth/2026-09/token";

/// Attempts of one refresh when the token endpoint cannot be reached or
/// answers 429 or 5xx; a 4xx (a revoked refresh token) is not retried.
const REFRESH_ATTEMPTS: u32 = 3;

/// After a refresh failed, callers get its error at once for this long,
/// doubling with each further failure up to [`MAX_FAILURE_PAUSE`], instead
/// of each sending a refresh of its own.
const FIRST_FAILURE_PAUSE: Duration = Duration::from_secs(1);
const MAX_FAILURE_PAUSE: Duration = Duration::from_secs(60);

/// Refreshes OAuth access tokens with a refresh token (`grant_type=refresh_token`).
///
/// The token is cached until `expires_in` minus a margin (default 60 s).
/// One refresh runs at a time, in a task of its own: concurrent requests
/// wait for it, and a caller that gives up (a dropped future, a timeout)
/// does not cancel it, so a refresh token HubSpot rotated is never lost
/// half-way. With a [`TokenStore`] ([`token_store`](Self::token_store)) the
/// newest pair is loaded before the first refresh and saved after each.
/// Needs a Tokio runtime, as the client does.
pub struct OAuthRefresh {
    refresher: Refresher,
    state: Arc<Mutex<State>>,
}

/// What a refresh needs, cloned into the task that runs it.
#[derive(Clone)]
struct Refresher {
    client_id: String,
    client_secret: Secret,
    token_url: String,
    margin: Duration,
    http: Option<reqwest::Client>,
    store: Option<Arc<dyn TokenStore>>,
}

struct State {
    refresh_token: Secret,
    current: Option<(Secret, Instant)>,
    /// The store has been read (or there is none).
    loaded: bool,
    /// A pair the store has not taken yet (given, or its save failed):
    /// saved before the next token is handed out.
    unsaved: Option<TokenSet>,
    /// When the access token of the pair given at construction expires: a
    /// stored pair that expires no later is older, and not taken.
    given_expiry: Option<chrono::DateTime<chrono::Utc>>,
    failure: Option<Failure>,
}

/// The last refresh failed: its error, until when callers get it without a
/// refresh, and how many failed in a row.
struct Failure {
    error: Arc<Error>,
    until: Instant,
    streak: u32,
}

impl std::fmt::Debug for OAuthRefresh {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthRefresh")
            .field("client_id", &self.refresher.client_id)
            .field("client_secret", &self.refresher.client_secret)
            .field("token_url", &self.refresher.token_url)
            .field("margin", &self.refresher.margin)
            .field("store", &self.refresher.store.is_some())
            .finish_non_exhaustive()
    }
}

impl OAuthRefresh {
    /// Refreshes with your app's client id and secret and a refresh token.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        OAuthRefresh {
            refresher: Refresher {
                client_id: client_id.into(),
                client_secret: Secret::new(client_secret),
                token_url: DEFAULT_TOKEN_URL.to_string(),
                margin: Duration::from_secs(60),
                http: None,
                store: None,
            },
            state: Arc::new(Mutex::new(State {
                refresh_token: Secret::new(refresh_token),
                current: None,
                loaded: false,
                unsaved: None,
                given_expiry: None,
                failure: None,
            })),
        }
    }

    /// Refreshes `tokens` of `app` (see [`OAuthApp::refresher`]), using its
    /// access token until it expires.
    pub(crate) fn from_app(app: &OAuthApp, tokens: TokenSet) -> Self {
        let mut refresh = Self::new(
            app.client_id.clone(),
            app.client_secret.expose(),
            tokens.refresh_token.expose(),
        )
        .token_url(app.token_url.clone());
        refresh.refresher.http = app.http.clone();
        let until = until_expiry(tokens.expires_at, refresh.refresher.margin);
        if let Some(state) = Arc::get_mut(&mut refresh.state) {
            let state = state.get_mut();
            state.given_expiry = Some(tokens.expires_at);
            state.current = until.map(|until| (tokens.access_token.clone(), until));
            state.unsaved = Some(tokens);
        }
        refresh
    }

    /// The token endpoint (default [`DEFAULT_TOKEN_URL`]).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.refresher.token_url = url.into();
        self
    }

    /// How long before `expires_in` runs out a token is refreshed (default 60 s).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresher.margin = margin;
        self
    }

    /// Uses your own `reqwest::Client` for the token endpoint.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.refresher.http = Some(client);
        self
    }

    /// Keeps every new token pair in `store`, and starts from the pair it
    /// holds (newer than the refresh token given here after a restart).
    pub fn token_store(mut self, store: impl TokenStore + 'static) -> Self {
        self.refresher.store = Some(Arc::new(store));
        self
    }
}

impl Refresher {
    /// Runs with the state locked: loads the store on first use, refreshes
    /// (retrying what can pass on a second try) and saves the new pair.
    async fn run(self, mut state: OwnedMutexGuard<State>) -> Result<Secret, Error> {
        if let Some(store) = &self.store {
            if !state.loaded {
                if let Some(stored) = store.load().await? {
                    adopt(&mut state, stored, self.margin);
                }
                state.loaded = true;
                self.save(&mut state).await;
                if let Some((token, until)) = &state.current {
                    if Instant::now() < *until {
                        return Ok(token.clone());
                    }
                }
            }
        }
        tracing::debug!("refreshing the OAuth access token");
        let granted = match self.grant(&state.refresh_token).await {
            Ok(granted) => granted,
            Err(e) => {
                tracing::debug!("the OAuth token refresh failed");
                let error = Arc::new(e);
                let streak = state.failure.as_ref().map_or(1, |f| f.streak + 1);
                let pause = FIRST_FAILURE_PAUSE
                    .saturating_mul(1 << (streak - 1).min(6))
                    .min(MAX_FAILURE_PAUSE);
                state.failure = Some(Failure {
                    error: error.clone(),
                    until: Instant::now() + pause,
                    streak,
                });
                return Err(Error::RefreshFailed(error));
            }
        };
        state.failure = None;
        if let Some(rotated) = granted.refresh_token {
            state.refresh_token = rotated;
        }
        let lifetime = granted.lifetime.saturating_sub(self.margin);
        let until = Instant::now()
            .checked_add(lifetime)
            .unwrap_or_else(Instant::now);
        state.current = Some((granted.access_token.clone(), until));
        if self.store.is_some() {
            state.unsaved = Some(TokenSet::expiring(
                granted.access_token.clone(),
                state.refresh_token.clone(),
                granted.lifetime,
            ));
            self.save(&mut state).await;
        }
        Ok(granted.access_token)
    }

    /// Saves the pair the store has not taken yet; a failure is logged
    /// (without the tokens) and tried again on the next call.
    async fn save(&self, state: &mut State) {
        let (Some(store), Some(tokens)) = (&self.store, &state.unsaved) else {
            return;
        };
        match store.save(tokens).await {
            Ok(()) => state.unsaved = None,
            Err(e) => {
                tracing::warn!(error = %e, "could not save the new OAuth token pair; trying again on the next request")
            }
        }
    }

    /// One refresh at the token endpoint, with up to [`REFRESH_ATTEMPTS`]
    /// attempts when it cannot be reached or answers 429 or 5xx.
    async fn grant(&self, refresh_token: &Secret) -> Result<oauth::Granted, Error> {
        let http = oauth::http_client(self.http.as_ref())?;
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("refresh_token", refresh_token.expose()),
        ];
        let mut attempt = 1;
        loop {
            match oauth::request_grant(&http, &self.token_url, &form).await {
                Err(e) if attempt < REFRESH_ATTEMPTS && e.is_retryable() => {
                    let wait = Duration::from_millis(250 << attempt);
                    tracing::debug!(attempt, "the token endpoint failed; retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                result => return result,
            }
        }
    }
}

/// Takes the stored pair in, unless it is older than the pair given at
/// construction: its refresh token (the newest), and its access token while
/// it is good.
fn adopt(state: &mut State, stored: TokenSet, margin: Duration) {
    if state
        .given_expiry
        .is_some_and(|given| stored.expires_at <= given)
    {
        return;
    }
    state.unsaved = None;
    state.refresh_token = stored.refresh_token;
    state.current =
        until_expiry(stored.expires_at, margin).map(|until| (stored.access_token, until));
}

/// The instant `margin` before `expires_at`, or `None` when that is past.
fn until_expiry(expires_at: chrono::DateTime<chrono::Utc>, margin: Duration) -> Option<Instant> {
    let left = (expires_at - chrono::Utc::now())
        .to_std()
        .ok()?
        .checked_sub(margin)
        .filter(|left| !left.is_zero())?;
    Instant::now().checked_add(left)
}

impl TokenProvider for OAuthRefresh {
    fn token(&self) -> BoxFuture<'_, Result<Secret, Error>> {
        Box::pin(async move {
            // Held until the token is known: concurrent callers wait here
            // for the one refresh, then find its token.
            let mut state = self.state.clone().lock_owned().await;
            if state.loaded || self.refresher.store.is_none() {
                if state.unsaved.is_some() {
                    self.refresher.save(&mut state).await;
                }
                if let Some((token, until)) = &state.current {
                    if Instant::now() < *until {
                        return Ok(token.clone());
                    }
                }
                if let Some(failure) = &state.failure {
                    if Instant::now() < failure.until {
                        return Err(Error::RefreshFailed(failure.error.clone()));
                    }
                }
            }
            // In a task of its own, which a dropped caller does not cancel.
            // In the span of the request that started it: the refresh is an
            // event of that request in traces.
            let refresh = self.refresher.clone().run(state);
            let task = tokio::spawn(refresh.instrument(tracing::Span::current()));
            match task.await {
                Ok(result) => result,
                Err(e) => Err(Error::Config(format!("the token refresh task failed: {e}"))),
            }
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
