//! The one error type of the client.

use super::common::thousands;
use super::response::RateLimitInfo;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// Longest body excerpt kept in an error.
pub(crate) const SNIPPET_LIMIT: usize = 512;

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// HubSpot answered with a non-success status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// HubSpot refused the request with 429 and retrying did not help (or,
    /// for the daily limit, cannot help).
    #[error("{}", rate_limited(policy, retry_after, api))]
    RateLimited {
        /// The limit that was hit.
        policy: RateLimitPolicy,
        /// How long HubSpot asked to wait, when it said.
        retry_after: Option<Duration>,
        /// The 429 response.
        api: Box<ApiError>,
    },
    /// A search asked for results past the most HubSpot serves.
    #[error("HubSpot returns no search results past {}; narrow the filters (for example by a date range) to reach the rest", thousands(*limit))]
    SearchLimit {
        /// The most results one search can page through (10,000).
        limit: u32,
    },
    /// HubSpot answered a page with a next cursor the stream had already
    /// followed (or an empty one): following it would read the same pages
    /// for ever, so the stream ends here.
    #[error("HubSpot returned the paging cursor `{cursor}` again; the stream ends instead of reading the same pages for ever")]
    CursorRepeated {
        /// The cursor.
        cursor: String,
    },
    /// A success body was larger than the client's
    /// [`max_body_size`](crate::ClientBuilder::max_body_size).
    #[error("the response body is larger than the {limit} bytes this client reads")]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The access token could not be had (a token provider failed).
    #[error("could not get an access token: {0}")]
    Auth(#[source] Box<Error>),
    /// The OAuth token refresh failed, now or moments ago (callers in the
    /// pause after a failure get its error without a refresh of their own).
    #[error("the OAuth token refresh failed: {0}")]
    RefreshFailed(#[source] std::sync::Arc<Error>),
    /// The time the retry policy allows a call
    /// ([`RetryConfig::max_elapsed`](crate::RetryConfig::max_elapsed)) ran
    /// out while the request waited (for the rate limiter, a token), before
    /// it was sent: HubSpot never saw it.
    #[error("the request's time ran out before it was sent")]
    NotSent,
    /// HubSpot's daily request budget, as it last reported it
    /// (`X-HubSpot-RateLimit-Daily-Remaining`), is down to the client's
    /// [`RateLimit::daily_reserve`](crate::RateLimit::daily_reserve): the
    /// request was not sent.
    #[error("HubSpot's daily request budget has {remaining} left, no more than the reserve of {reserve}: the request was not sent")]
    DailyBudgetSpent {
        /// What HubSpot last reported left, less the requests sent since.
        remaining: u64,
        /// The reserve the client keeps.
        reserve: u64,
    },
    /// The request timed out.
    #[error("request timed out: {0}")]
    Timeout(#[source] reqwest::Error),
    /// The request could not be sent or the response not read.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// A success response did not match the expected type.
    #[error("could not decode the {status} response at `{path}`: {message}; body starts with: {snippet}")]
    Decode {
        /// HTTP status.
        status: u16,
        /// JSON path of the value that failed (`results[3].createdAt`).
        path: String,
        /// What serde said.
        message: String,
        /// The start of the body.
        snippet: String,
    },
    /// The request could not be built (a value that cannot be encoded).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client configuration is invalid.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

fn rate_limited(
    policy: &RateLimitPolicy,
    retry_after: &Option<Duration>,
    api: &ApiError,
) -> String {
    let mut text = match policy {
        RateLimitPolicy::Daily => {
            "HubSpot's daily API limit is spent; requests fail until it resets at midnight in the account's time zone".to_string()
        }
        RateLimitPolicy::Other(name) if name.is_empty() => "HubSpot rate limit reached".to_string(),
        other => format!("HubSpot rate limit {} reached", other.as_str()),
    };
    if let Some(wait) = retry_after {
        text.push_str(&format!("; retry after {:.1} s", wait.as_secs_f64()));
    }
    format!("{text} ({api})")
}

/// Which of HubSpot's limits a 429 names in its `policyName`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RateLimitPolicy {
    /// The per-app budget over a rolling 10 seconds.
    TenSecondlyRolling,
    /// A per-second budget (search endpoints, some others).
    Secondly,
    /// The account's daily budget: retrying before midnight cannot help.
    Daily,
    /// Any other policy name (or none: the empty string).
    Other(String),
}

impl RateLimitPolicy {
    /// Reads HubSpot's `policyName`.
    pub fn from_name(name: &str) -> Self {
        match name.to_ascii_uppercase().as_str() {
            "TEN_SECONDLY_ROLLING" => RateLimitPolicy::TenSecondlyRolling,
            "SECONDLY" => RateLimitPolicy::Secondly,
            "DAILY" => RateLimitPolicy::Daily,
            _ => RateLimitPolicy::Other(name.to_string()),
        }
    }

    /// HubSpot's name for the policy.
    pub fn as_str(&self) -> &str {
        match self {
            RateLimitPolicy::TenSecondlyRolling => "TEN_SECONDLY_ROLLING",
            RateLimitPolicy::Secondly => "SECONDLY",
            RateLimitPolicy::Daily => "DAILY",
            RateLimitPolicy::Other(name) => name,
        }
    }
}

impl Error {
    /// The API error, if HubSpot answered with an error status (including 429).
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) | Error::RateLimited { api: e, .. } => Some(e),
            Error::Auth(inner) => inner.api(),
            Error::RefreshFailed(inner) => inner.api(),
            _ => None,
        }
    }

    /// The HTTP status, for API, rate-limit and decode errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) | Error::RateLimited { api: e, .. } => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Auth(inner) => inner.status(),
            Error::RefreshFailed(inner) => inner.status(),
            _ => None,
        }
    }

    /// How long HubSpot asked to wait before trying again, when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether the same request may succeed later: a rate limit other than the
    /// daily one, 408, a 5xx, a timeout or a transport failure.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { policy, .. } => *policy != RateLimitPolicy::Daily,
            Error::Api(e) => e.status == 408 || e.status == 429 || e.status >= 500,
            Error::Timeout(_) | Error::Transport(_) => true,
            Error::Auth(inner) => inner.is_retryable(),
            _ => false,
        }
    }

    /// Whether HubSpot may have processed the request although it failed: a
    /// 408 or 5xx, a timeout or a connection lost after the request left, a
    /// success response that could not be decoded. `false` when it certainly
    /// did not: a 429, any other 4xx, a connection never made, a request never
    /// built. Sending a create again after `true` may create twice.
    pub fn may_have_applied(&self) -> bool {
        match self {
            Error::Api(e) => e.status == 408 || e.status >= 500,
            Error::Timeout(e) | Error::Transport(e) => !e.is_connect(),
            Error::Decode { .. } | Error::BodyTooLarge { .. } => true,
            Error::RateLimited { .. }
            | Error::SearchLimit { .. }
            | Error::CursorRepeated { .. }
            | Error::Auth(_)
            | Error::RefreshFailed(_)
            | Error::InvalidRequest(_)
            | Error::NotSent
            | Error::DailyBudgetSpent { .. }
            | Error::Config(_) => false,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// A transport error, with any URL (which may carry an API key) removed.
    pub(crate) fn from_reqwest(e: reqwest::Error) -> Self {
        let e = e.without_url();
        if e.is_timeout() {
            Error::Timeout(e)
        } else {
            Error::Transport(e)
        }
    }
}

/// HubSpot's error body, with the status it came with.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Error category (`VALIDATION_ERROR`, `OBJECT_NOT_FOUND`, …).
    pub category: Option<String>,
    /// Finer category.
    pub sub_category: Option<String>,
    /// Human-readable message (or the start of a non-JSON body).
    pub message: String,
    /// Id to quote to HubSpot support.
    pub correlation_id: Option<String>,
    /// Context of the error condition.
    pub context: BTreeMap<String, Vec<String>>,
    /// Links to documentation.
    pub links: BTreeMap<String, String>,
    /// Per-field details.
    pub errors: Vec<ErrorDetail>,
    /// The limit a 429 names (`TEN_SECONDLY_ROLLING`, `SECONDLY`, `DAILY`).
    pub policy_name: Option<String>,
    /// HubSpot's `X-HubSpot-RateLimit-*` headers on the error response, to
    /// tell how much of a budget is left (all `None` when none were sent).
    pub rate_limit: RateLimitInfo,
    /// The start of the body as received.
    pub body: String,
}

/// One detail of an [`ApiError`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorDetail {
    /// Message.
    #[serde(default)]
    pub message: String,
    /// Error code.
    #[serde(default)]
    pub code: Option<String>,
    /// Finer category.
    #[serde(default)]
    pub sub_category: Option<String>,
    /// Property or parameter at fault.
    #[serde(default, rename = "in")]
    pub location: Option<String>,
    /// Context.
    #[serde(default)]
    pub context: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    #[serde(default)]
    category: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    sub_category: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    correlation_id: Option<String>,
    #[serde(default)]
    context: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    links: BTreeMap<String, String>,
    #[serde(default)]
    errors: Vec<ErrorDetail>,
    #[serde(default)]
    policy_name: Option<String>,
}

/// `subCategory` is a string in practice but an object in some specs.
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

impl ApiError {
    /// Builds the error from a status and a body, JSON or not.
    pub(crate) fn from_body(status: u16, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        let snippet = snippet(&text);
        match serde_json::from_slice::<Body>(body) {
            Ok(b) => ApiError {
                status,
                category: b.category,
                sub_category: b.sub_category,
                message: b.message.unwrap_or_default(),
                correlation_id: b.correlation_id,
                context: b.context,
                links: b.links,
                errors: b.errors,
                policy_name: b.policy_name,
                rate_limit: RateLimitInfo::default(),
                body: snippet,
            },
            // An HTML error page from a proxy, an empty body, …
            Err(_) => ApiError {
                status,
                message: if snippet.is_empty() {
                    format!("HTTP {status} with an empty body")
                } else {
                    snippet.clone()
                },
                body: snippet,
                ..ApiError::default()
            },
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HubSpot API error {}", self.status)?;
        if let Some(c) = &self.category {
            write!(f, " {c}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(id) = &self.correlation_id {
            write!(f, " (correlation id {id})")?;
        }
        Ok(())
    }
}

/// The start of a body, cut at a character boundary.
pub(crate) fn snippet(text: &str) -> String {
    let text = text.trim();
    if text.len() <= SNIPPET_LIMIT {
        return text.to_string();
    }
    let mut end = SNIPPET_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}
