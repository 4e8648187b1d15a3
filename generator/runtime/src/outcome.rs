//! What one attempt's answer means for the retry loop: the [`Outcome`]
//! that [`Client::judge`] makes of a response or a failed send (done,
//! retry, wait out a 429, send again with a fresh token), from the status,
//! `Retry-After`, HubSpot's rate-limit policy and whether the request may be
//! sent again. The loop in `attempts` acts on it.

use super::body::{buffered, failure};
use super::client::{Auth, Client, Secret};
use super::error::{Error, RateLimitPolicy};
use super::retry::retry_after;
use std::time::Duration;

/// What one attempt came to.
pub(crate) enum Outcome {
    /// The answer to return: a success with its body read, or the error.
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
    /// What one attempt came to: `sent` with `token`. `reauthorized`: the
    /// request was already sent again after a 401; `resendable`: it can be
    /// sent again (a multipart body cannot). `retries` are those made so far.
    pub(crate) async fn judge(
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
