//! Interceptors: code of yours that runs on every attempt of every request.

use super::error::Error;
use reqwest::header::HeaderMap;

/// What is being sent: the operation and which attempt of it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct AttemptInfo<'a> {
    /// The API (`calls`); empty for a raw request.
    pub api: &'a str,
    /// The operation: the accessors below the API's and the method
    /// (`batch.archive`); empty for a raw request.
    pub operation: &'a str,
    /// The HTTP method.
    pub method: &'a reqwest::Method,
    /// The path template as the spec writes it (`/crm/v3/objects/calls/{callId}`),
    /// or a raw request's path with `{}` for each segment that may be a value
    /// (`/crm/v3/objects/calls/{}`) and without its query.
    pub path_template: &'a str,
    /// 1 for the first attempt, 2 for the first retry…
    pub attempt: u32,
}

/// A hook on every attempt of every request, set with
/// [`ClientBuilder::interceptor`](crate::ClientBuilder::interceptor).
///
/// [`before_send`](Self::before_send) runs after the credentials are on the
/// request, just before it is sent; [`after_response`](Self::after_response)
/// runs when HubSpot answered, before the client decides to retry. Both run
/// again on each retry, so retries, rate limits and token refreshes keep
/// working. Interceptors run in the order they were added.
pub trait Interceptor: Send + Sync {
    /// Adds headers to or signs `request`; an error stops the request and is
    /// what the call returns. The default does nothing.
    fn before_send(
        &self,
        attempt: &AttemptInfo<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), Error> {
        let _ = (attempt, request);
        Ok(())
    }

    /// Sees the status and headers of each response (success or not), for
    /// metrics. The default does nothing.
    fn after_response(&self, attempt: &AttemptInfo<'_>, status: u16, headers: &HeaderMap) {
        let _ = (attempt, status, headers);
    }
}
