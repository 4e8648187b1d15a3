//! Sending one request: [`Client::execute`] and its retry loop. Each
//! attempt is a copy of the prepared request with the credentials added; it
//! waits for the rate limiter, goes through the interceptors, and what
//! HubSpot answers is judged (`outcome`): the loop then returns, retries
//! after a backoff, pauses the whole client after a 429, or sends again
//! with a fresh token after a 401.

use super::client::{bearer, Auth, Client, Secret};
use super::error::Error;
use super::hooks::AttemptInfo;
use super::outcome::Outcome;
use super::request::Request;
use super::response::{correlation_id, RateLimitInfo};
use std::time::Duration;
use tracing::Instrument;

/// Past this many 429s one request gives up even with a rate limiter.
const RATE_LIMITED_RETRIES: u32 = 10;

impl Client {
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
