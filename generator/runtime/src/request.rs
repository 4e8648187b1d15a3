//! Building requests and decoding responses.

use super::error::{snippet, Error};
use super::response::Response;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;
use std::time::Duration;

/// The body of a request.
#[derive(Debug, Default)]
pub(crate) enum Body {
    #[default]
    None,
    Json(Vec<u8>),
    Form(String),
    Multipart(reqwest::multipart::Form),
    Bytes(&'static str, Vec<u8>),
}

impl Body {
    pub(crate) fn apply(self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        use reqwest::header::CONTENT_TYPE;
        match self {
            Body::None => builder,
            Body::Json(b) => builder.header(CONTENT_TYPE, "application/json").body(b),
            Body::Form(b) => builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(b),
            Body::Multipart(form) => builder.multipart(form),
            Body::Bytes(ct, b) => builder.header(CONTENT_TYPE, ct).body(b),
        }
    }
}

/// A request under construction, independent of the client.
#[derive(Debug)]
pub struct Request {
    pub(crate) method: reqwest::Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(Cow<'static, str>, String)>,
    pub(crate) body: Body,
    /// Safe to send again after it may have reached the server: true for
    /// GET, HEAD, PUT, DELETE and OPTIONS, for reads sent as POST
    /// ([`Request::mark_read`]) and idempotent POSTs ([`Request::mark_idempotent`]).
    pub(crate) retry_safe: bool,
    /// Counts against the search budget ([`Request::mark_search`]).
    pub(crate) search: bool,
    /// Overrides the client's total timeout for this request.
    pub(crate) timeout: Option<Duration>,
    /// The API, for traces and interceptors (empty for a raw request).
    pub(crate) api: &'static str,
    /// The operation, for traces and interceptors (empty for a raw request).
    pub(crate) operation: &'static str,
    /// The path template, for traces and interceptors: never the filled-in
    /// path, whose IDs would make every request its own kind (`None` for a
    /// raw request, whose path is its template).
    pub(crate) template: Option<&'static str>,
}

/// Headers and query parameters a caller adds to one request with a request
/// builder's `header()` and `query()`.
///
/// `Debug` shows the names only: a value may be a signature or a key.
#[doc(hidden)]
#[derive(Clone, Default)]
pub struct Extras {
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

impl std::fmt::Debug for Extras {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names =
            |pairs: &[(String, String)]| pairs.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        f.debug_struct("Extras")
            .field("headers", &names(&self.headers))
            .field("query", &names(&self.query))
            .finish()
    }
}

impl Extras {
    /// Adds a header.
    pub fn header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.push((name.into(), value.into()));
    }

    /// Adds a query parameter.
    pub fn query(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.query.push((name.into(), value.into()));
    }
}

/// A value as it appears in a URL: strings bare, others as JSON text.
fn plain<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Ok(other.to_string()),
        Err(e) => Err(Error::InvalidRequest(e.to_string())),
    }
}

/// What traces and interceptors see of a raw request's path: no query, and
/// `{}` for every segment that may be a value (an id, an email, a token)
/// rather than a name. Kept: segments of letters, `_` and `-` that start with
/// a letter (`objects`, `line_items`, `gdpr-delete`), and version segments
/// (`v3`, `v1beta`, `2026-09`).
pub(crate) fn shape(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.split('/')
        .map(|segment| if named(segment) { segment } else { "{}" })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a path segment is a name or a version, not a value.
fn named(segment: &str) -> bool {
    let word = segment.starts_with(|c: char| c.is_ascii_alphabetic())
        && segment
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-');
    segment.is_empty() || crate::common::is_version(segment) || word
}

/// A path parameter, percent-encoded so that `/`, `+`, `@`… stay inside the
/// segment. Empty values and the dot segments `.` and `..` are refused: URL
/// parsing would fold them (even percent-encoded) and send the request to
/// another resource.
pub fn encode_path<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let text = plain(value)?;
    if text.is_empty() || text == "." || text == ".." {
        return Err(Error::InvalidRequest(format!(
            "path parameter value {text:?} is not allowed"
        )));
    }
    Ok(percent_encoding::utf8_percent_encode(&text, SEGMENT).to_string())
}

impl Request {
    /// A request for `method` and `path` (below the base URL).
    pub fn new(method: reqwest::Method, path: String) -> Self {
        let retry_safe = super::common::idempotent_method(method.as_str());
        Request {
            method,
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            retry_safe,
            search: false,
            timeout: None,
            api: "",
            operation: "",
            template: None,
            path,
        }
    }

    /// Names the operation for traces and interceptors: its API, its name
    /// and its path template.
    pub fn describe(&mut self, api: &'static str, operation: &'static str, template: &'static str) {
        self.api = api;
        self.operation = operation;
        self.template = Some(template);
    }

    /// The path template for traces and interceptors: the operation's, or
    /// a raw request's path with its values taken out ([`shape`]).
    pub(crate) fn template(&self) -> Cow<'static, str> {
        match self.template {
            Some(template) => Cow::Borrowed(template),
            None => Cow::Owned(shape(&self.path)),
        }
    }

    /// Adds the caller's own headers and query parameters, after the
    /// operation's.
    pub fn extend(&mut self, extras: &Extras) {
        self.query.extend(extras.query.iter().cloned());
        self.headers.extend(
            extras
                .headers
                .iter()
                .map(|(n, v)| (Cow::Owned(n.clone()), v.clone())),
        );
    }

    /// Marks a POST that only reads (a batch read, a search) as safe to send
    /// again after a timeout or a 5xx.
    pub fn mark_read(&mut self) {
        self.retry_safe = true;
    }

    /// Marks a POST that leaves the same state when applied twice (an
    /// upsert by `idProperty`) as safe to send again after a timeout or a 5xx.
    pub fn mark_idempotent(&mut self) {
        self.retry_safe = true;
    }

    /// Marks a search: a read that also counts against the search budget of
    /// the client's rate limiter.
    pub fn mark_search(&mut self) {
        self.retry_safe = true;
        self.search = true;
    }

    /// Overrides the client's total timeout (`None` keeps it).
    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        if timeout.is_some() {
            self.timeout = timeout;
        }
    }

    /// Adds `name=value`.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if let Ok(v) = plain(value) {
            self.query.push((name.to_string(), v));
        }
    }

    /// Adds a list: `name=a&name=b` when `explode`, else `name=a,b`.
    pub fn query_list<T: Serialize>(&mut self, name: &str, values: &[T], explode: bool) {
        let values: Vec<String> = values.iter().filter_map(|v| plain(v).ok()).collect();
        if explode {
            for v in values {
                self.query.push((name.to_string(), v));
            }
        } else {
            self.query.push((name.to_string(), values.join(",")));
        }
    }

    /// Adds a header.
    pub fn header<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.headers.push((Cow::Borrowed(name), plain(value)?));
        Ok(())
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::InvalidRequest(e.to_string()))?;
        self.body = Body::Json(bytes);
        Ok(())
    }

    /// Sets a form body.
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let value = serde_json::to_value(body).map_err(|e| Error::InvalidRequest(e.to_string()))?;
        let mut pairs = Vec::new();
        if let serde_json::Value::Object(map) = value {
            for (k, v) in map {
                match v {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(s) => pairs.push((k, s)),
                    other => pairs.push((k, other.to_string())),
                }
            }
        }
        let encoded = pairs
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    percent_encoding::utf8_percent_encode(k, percent_encoding::NON_ALPHANUMERIC),
                    percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
                )
            })
            .collect::<Vec<_>>()
            .join("&");
        self.body = Body::Form(encoded);
        Ok(())
    }

    /// Sets a multipart body.
    pub fn multipart(&mut self, form: reqwest::multipart::Form) {
        self.body = Body::Multipart(form);
    }

    /// Sets a raw body.
    pub fn bytes(&mut self, content_type: &'static str, body: Vec<u8>) {
        self.body = Body::Bytes(content_type, body);
    }
}

/// Status and headers of a response, kept while its body is read.
fn head(response: &reqwest::Response) -> (u16, reqwest::header::HeaderMap) {
    (response.status().as_u16(), response.headers().clone())
}

/// Decodes a JSON body, reporting the path of a mismatch.
pub async fn json<T: DeserializeOwned>(response: reqwest::Response) -> Result<Response<T>, Error> {
    decode_json(response, false).await
}

/// [`json`] for a body that holds secrets (tokens): a decode error names
/// the path at fault but shows none of the body.
pub async fn json_secret<T: DeserializeOwned>(
    response: reqwest::Response,
) -> Result<Response<T>, Error> {
    decode_json(response, true).await
}

async fn decode_json<T: DeserializeOwned>(
    response: reqwest::Response,
    secret: bool,
) -> Result<Response<T>, Error> {
    let (status, headers) = head(&response);
    let body = response.bytes().await.map_err(Error::from_reqwest)?;
    let value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        // Only a failure pays for tracking the path: decode again to find it.
        Err(_) => {
            let de = &mut serde_json::Deserializer::from_slice(&body);
            serde_path_to_error::deserialize(de).map_err(|e| {
                // A failure inside a union carries the rest of its path in the message.
                let (path, message) =
                    super::decode::join(&e.path().to_string(), &e.inner().to_string());
                Error::Decode {
                    status,
                    path,
                    message,
                    snippet: if secret {
                        "(not shown: it holds secrets)".into()
                    } else {
                        snippet(&String::from_utf8_lossy(&body))
                    },
                }
            })?
        }
    };
    Ok(Response::new(status, headers, value))
}

/// Reads a text body.
pub async fn text(response: reqwest::Response) -> Result<Response<String>, Error> {
    let (status, headers) = head(&response);
    let body = response.text().await.map_err(Error::from_reqwest)?;
    Ok(Response::new(status, headers, body))
}

/// Reads a binary body.
pub async fn bytes(response: reqwest::Response) -> Result<Response<Vec<u8>>, Error> {
    let (status, headers) = head(&response);
    let body = response.bytes().await.map_err(Error::from_reqwest)?;
    Ok(Response::new(status, headers, body.to_vec()))
}

/// A response whose body is not read.
pub fn empty(response: reqwest::Response) -> Response<()> {
    let (status, headers) = head(&response);
    Response::new(status, headers, ())
}

#[cfg(test)]
mod tests {
    use super::shape;

    #[test]
    fn a_raw_path_shows_its_names_and_versions_only() {
        let cases = [
            (
                "/crm/v3/objects/contacts/123",
                "/crm/v3/objects/contacts/{}",
            ),
            (
                "/crm/objects/2026-09/2-4711/batch/read?archived=false",
                "/crm/objects/2026-09/{}/batch/read",
            ),
            (
                "/contacts/v1/contact/email/jane@example.com/profile",
                "/contacts/v1/contact/email/{}/profile",
            ),
            (
                "/conversations/v1beta/threads/9a8b7c",
                "/conversations/v1beta/threads/{}",
            ),
            (
                "/oauth/v1/refresh-tokens/na1-ab12-cd34",
                "/oauth/v1/refresh-tokens/{}",
            ),
            (
                "/crm/v3/objects/line_items/gdpr-delete",
                "/crm/v3/objects/line_items/gdpr-delete",
            ),
            ("/files/v3/files/x?hapikey=secret#frag", "/files/v3/files/x"),
            // Versions as the generator reads them in specs; a value that
            // only starts like one stays hidden.
            (
                "/webhooks-journal/2026-03-15/v1beta2/v12ab34",
                "/webhooks-journal/2026-03-15/v1beta2/{}",
            ),
        ];
        for (path, seen) in cases {
            assert_eq!(shape(path), seen, "{path}");
        }
    }
}
