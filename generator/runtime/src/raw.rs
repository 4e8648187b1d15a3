//! Requests to endpoints no spec covers, with the client's credentials,
//! retries, rate limits and errors.

use super::client::Client;
use super::error::Error;
use super::request::{Extras, Request};
use super::response::Response;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;

/// A request to any HubSpot path, made with [`Client::request`]; finish it
/// with [`send`](Self::send), [`send_with_response`](Self::send_with_response)
/// or [`send_raw`](Self::send_raw).
///
/// Like a generated operation it is authenticated, rate-limited and
/// retried: GET, HEAD, PUT, DELETE and OPTIONS after a timeout or a 5xx,
/// any method after a 429; a POST or PATCH after a 5xx only when marked
/// [`idempotent`](Self::idempotent) (or with
/// [`RetryConfig::retry_writes`](crate::RetryConfig::retry_writes)).
#[derive(Debug)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct RawRequest {
    client: Client,
    request: Request,
    extra: Extras,
    error: Option<Error>,
}

impl Client {
    /// A request to `path` (below the base URL, such as
    /// `/crm/v3/objects/calls`), for endpoints no generated API covers. A
    /// `POST …/search` counts against the rate limiter's search budget.
    pub fn request(&self, method: reqwest::Method, path: impl Into<String>) -> RawRequest {
        let path = path.into();
        let path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        // HubSpot's search limit counts every search, raw ones too.
        let search = method == reqwest::Method::POST
            && path
                .split('?')
                .next()
                .is_some_and(|p| p.ends_with("/search"));
        let mut request = Request::new(method, path);
        if search {
            request.mark_search();
        }
        RawRequest {
            client: self.clone(),
            request,
            extra: Extras::default(),
            error: None,
        }
    }
}

impl RawRequest {
    /// Adds the query parameter `name=value` (strings bare, other values as
    /// JSON text).
    pub fn query<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        self.request.query(name, value);
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.header(name, value);
        self
    }

    /// Sends `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        if let Err(e) = self.request.json(body) {
            self.error.get_or_insert(e);
        }
        self
    }

    /// Sends `body` with the content type `content_type`.
    pub fn body(mut self, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        self.request.bytes(content_type, body.into());
        self
    }

    /// Total time allowed for this request, overriding the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request.set_timeout(Some(timeout));
        self
    }

    /// Marks a POST or PATCH as safe to send again after a timeout or a 5xx
    /// (it reads, or applying it twice leaves the same state).
    pub fn idempotent(mut self) -> Self {
        self.request.mark_idempotent();
        self
    }

    /// Sends the request and decodes the JSON response.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.send_with_response().await.map(Response::into_body)
    }

    /// Sends the request; the decoded JSON body comes with the status and
    /// headers.
    pub async fn send_with_response<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        let response = self.send_raw().await?;
        if response.status() == 204 || response.content_length() == Some(0) {
            // No body: `()` and `Option` decode from `null`.
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = serde_json::from_str("null").map_err(|e| Error::Decode {
                status,
                path: String::new(),
                message: e.to_string(),
                snippet: String::new(),
            })?;
            return Ok(Response::new(status, headers, body));
        }
        super::request::json(response).await
    }

    /// Sends the request and returns the response unread (a success status:
    /// other statuses are errors, as for every request).
    pub async fn send_raw(mut self) -> Result<reqwest::Response, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        self.request.extend(&self.extra);
        self.client.execute(self.request).await
    }
}
