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
#[derive(Debug)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::TokenProvider;
    use crate::retry::RetryConfig;
    use futures::future::BoxFuture;
    use std::sync::{Arc, Mutex};

    /// A provider that hands out `t1` and records the tokens invalidated.
    #[derive(Default)]
    struct Tokens {
        invalidated: Mutex<Vec<String>>,
    }

    impl TokenProvider for Tokens {
        fn token(&self) -> BoxFuture<'_, Result<Secret, Error>> {
            Box::pin(async { Ok(Secret::new("t1")) })
        }

        fn invalidate<'a>(&'a self, token: &'a Secret) -> BoxFuture<'a, ()> {
            let token = token.expose().to_string();
            Box::pin(async move { self.invalidated.lock().unwrap().push(token) })
        }
    }

    impl Tokens {
        fn invalidated(&self) -> Vec<String> {
            self.invalidated.lock().unwrap().clone()
        }
    }

    /// A client with `auth`, no jitter (backoffs of 500 ms, 1 s, 2 s…) and
    /// `retry_writes` as given.
    fn client(auth: Auth, retry_writes: bool) -> Client {
        Client::builder()
            .base_url("http://judge.test")
            .auth(auth)
            .retry(
                RetryConfig::default()
                    .jitter(false)
                    .retry_writes(retry_writes),
            )
            .max_body_size(16)
            .build()
            .unwrap()
    }

    /// An answer of HubSpot's with `status`, `headers` and a JSON `body`.
    fn answer(
        status: u16,
        headers: &[(&'static str, &'static str)],
        body: &str,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let mut response = http::Response::new(body.as_bytes().to_vec());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
        for (name, value) in headers {
            response
                .headers_mut()
                .insert(*name, http::HeaderValue::from_static(value));
        }
        Ok(reqwest::Response::from(response))
    }

    /// A 429 body naming HubSpot's rate-limit `policy`.
    fn limited(policy: &str) -> String {
        format!(r#"{{"status":"error","message":"slow down","policyName":"{policy}"}}"#)
    }

    /// `judge` of a first attempt (not reauthorized, resendable) with no token.
    async fn first(
        client: &Client,
        sent: Result<reqwest::Response, reqwest::Error>,
        retry_safe: bool,
    ) -> Outcome {
        client.judge(sent, None, (false, true), 0, retry_safe).await
    }

    /// The API error's status, or a panic naming the outcome.
    fn done_with_status(outcome: Outcome) -> u16 {
        match outcome {
            Outcome::Done(Err(Error::Api(api))) => api.status,
            other => panic!("expected Done(Err(Api)), got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_429_with_retry_after_waits_as_told_even_for_a_write() {
        let client = client(Auth::None, false);
        let sent = answer(
            429,
            &[("retry-after", "7")],
            &limited("TEN_SECONDLY_ROLLING"),
        );
        let outcome = first(&client, sent, false).await;
        let Outcome::RateLimited(wait, error, told) = outcome else {
            panic!("expected RateLimited, got {outcome:?}");
        };
        assert_eq!((wait, told), (Duration::from_secs(7), true));
        let Error::RateLimited {
            policy,
            retry_after,
            api,
        } = error
        else {
            panic!("expected Error::RateLimited, got {error:?}");
        };
        assert_eq!(policy, RateLimitPolicy::TenSecondlyRolling);
        assert_eq!(retry_after, Some(Duration::from_secs(7)));
        assert_eq!((api.status, api.message.as_str()), (429, "slow down"));
    }

    #[tokio::test]
    async fn a_429_without_retry_after_waits_for_its_policys_window_or_backs_off() {
        let client = client(Auth::None, false);
        let sent = answer(429, &[], &limited("SECONDLY"));
        match first(&client, sent, true).await {
            Outcome::RateLimited(wait, Error::RateLimited { retry_after, .. }, false) => {
                assert_eq!(wait, Duration::from_secs(1), "RetryConfig::secondly_wait");
                assert_eq!(retry_after, Some(Duration::from_secs(1)));
            }
            other => panic!("expected RateLimited without Retry-After, got {other:?}"),
        }
        // A policy without a known window: the backoff of the third retry.
        let sent = answer(429, &[], &limited("SOMETHING_NEW"));
        match client.judge(sent, None, (false, true), 2, true).await {
            Outcome::RateLimited(wait, Error::RateLimited { retry_after, .. }, false) => {
                assert_eq!(wait, Duration::from_secs(2));
                assert_eq!(retry_after, None, "HubSpot did not say");
            }
            other => panic!("expected RateLimited with a backoff, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_daily_429_gives_up() {
        let client = client(Auth::None, true);
        let sent = answer(429, &[], &limited("DAILY"));
        match first(&client, sent, true).await {
            Outcome::Done(Err(Error::RateLimited { policy, .. })) => {
                assert_eq!(policy, RateLimitPolicy::Daily);
            }
            other => panic!("expected Done(Err(RateLimited)), got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_5xx_is_retried_only_when_the_request_is_safe_to_send_again() {
        let strict = client(Auth::None, false);
        match first(&strict, answer(503, &[], "{}"), true).await {
            Outcome::Retry(wait, Error::Api(api)) => {
                assert_eq!((wait, api.status), (Duration::from_millis(500), 503));
            }
            other => panic!("expected Retry, got {other:?}"),
        }
        // A write may have been applied: the 503 is the answer...
        assert_eq!(
            done_with_status(first(&strict, answer(503, &[], "{}"), false).await),
            503
        );
        // ...unless the client retries writes; `Retry-After` sets the wait.
        let lenient = client(Auth::None, true);
        match first(&lenient, answer(502, &[("retry-after", "3")], ""), false).await {
            Outcome::Retry(wait, Error::Api(api)) => {
                assert_eq!((wait, api.status), (Duration::from_secs(3), 502));
            }
            other => panic!("expected Retry, got {other:?}"),
        }
        // A 408 is judged as a 5xx.
        assert!(matches!(
            first(&strict, answer(408, &[], ""), true).await,
            Outcome::Retry(_, Error::Api(_))
        ));
    }

    #[tokio::test]
    async fn a_5xx_to_a_body_that_cannot_be_copied_is_left_to_the_loop() {
        // `resendable` matters to a 401 only: for a 5xx judge still says
        // Retry, and the loop gives up as it has no copy to send.
        let client = client(Auth::None, false);
        let sent = answer(500, &[], "{}");
        let outcome = client.judge(sent, None, (false, false), 0, true).await;
        assert!(
            matches!(outcome, Outcome::Retry(_, Error::Api(_))),
            "{outcome:?}"
        );
    }

    #[tokio::test]
    async fn another_4xx_is_the_answer() {
        let client = client(Auth::None, true);
        let sent = answer(404, &[], r#"{"status":"error","message":"no such call"}"#);
        match first(&client, sent, true).await {
            Outcome::Done(Err(Error::Api(api))) => {
                assert_eq!((api.status, api.message.as_str()), (404, "no such call"));
            }
            other => panic!("expected Done(Err(Api)), got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_401_to_a_provided_token_reauthorizes_once() {
        let tokens = Arc::new(Tokens::default());
        let client = client(Auth::Provider(tokens.clone()), false);
        let token = || Some(Secret::new("t1"));
        // A write too: HubSpot refused it before doing anything.
        let sent = answer(401, &[], "{}");
        let outcome = client.judge(sent, token(), (false, true), 0, false).await;
        assert!(matches!(outcome, Outcome::Reauthorize), "{outcome:?}");
        assert_eq!(tokens.invalidated(), ["t1"]);
        // A 401 once reauthorized is the answer, and the fresh token is kept.
        let sent = answer(401, &[], "{}");
        let outcome = client.judge(sent, token(), (true, true), 0, false).await;
        assert_eq!(done_with_status(outcome), 401);
        assert_eq!(tokens.invalidated(), ["t1"]);
    }

    #[tokio::test]
    async fn a_401_to_a_request_that_cannot_be_sent_again_is_the_answer() {
        let tokens = Arc::new(Tokens::default());
        let client = client(Auth::Provider(tokens.clone()), false);
        let sent = answer(401, &[], "{}");
        let outcome = client
            .judge(sent, Some(Secret::new("t1")), (false, false), 0, true)
            .await;
        assert_eq!(done_with_status(outcome), 401);
        // The provider is still told, for the next request.
        assert_eq!(tokens.invalidated(), ["t1"]);
    }

    #[tokio::test]
    async fn a_401_to_a_fixed_token_is_the_answer() {
        let client = client(Auth::Bearer(Secret::new("fixed")), true);
        assert_eq!(
            done_with_status(first(&client, answer(401, &[], "{}"), true).await),
            401
        );
    }

    #[tokio::test]
    async fn a_success_is_done_with_its_body_read_up_to_the_limit() {
        let client = client(Auth::None, true);
        match first(&client, answer(200, &[], r#"{"id":"1"}"#), false).await {
            Outcome::Done(Ok(response)) => {
                assert_eq!(response.bytes().await.unwrap().as_ref(), br#"{"id":"1"}"#);
            }
            other => panic!("expected Done(Ok), got {other:?}"),
        }
        // Too large is not retryable: retrying would read as much again.
        let sent = answer(200, &[], r#"{"id":"1","name":"too long"}"#);
        let outcome = first(&client, sent, true).await;
        assert!(
            matches!(
                outcome,
                Outcome::Done(Err(Error::BodyTooLarge { limit: 16 }))
            ),
            "{outcome:?}"
        );
    }

    #[tokio::test]
    async fn a_connection_never_made_is_retried_even_for_a_write() {
        // A port nobody listens on any more.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let sent = http.get(format!("http://127.0.0.1:{port}/")).send().await;
        assert!(sent.as_ref().is_err_and(reqwest::Error::is_connect));
        let client = client(Auth::None, false);
        match first(&client, sent, false).await {
            Outcome::Retry(wait, error) => {
                assert_eq!(wait, Duration::from_millis(500));
                assert!(!error.may_have_applied(), "{error:?}");
            }
            other => panic!("expected Retry, got {other:?}"),
        }
    }
}
