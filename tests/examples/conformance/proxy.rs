//! A recording pass-through proxy between the generated client and a Prism
//! mock.
//!
//! The generated client turns an error status into an `Error` without its
//! headers, and Prism answers an invalid request with an error status. The
//! proxy keeps what went over the wire for every exchange (method, path and
//! query, status and Prism's `sl-violations` header), so a request Prism
//! rejects is still reported with Prism's own words.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, CONNECTION, CONTENT_LENGTH, HOST, TRANSFER_ENCODING};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// One request as the client sent it and what Prism answered.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    pub path_and_query: String,
    /// Prism's status, or `None` when Prism could not be reached.
    pub status: Option<u16>,
    /// The raw `sl-violations` header, when Prism sent one.
    pub violations: Option<String>,
    /// Why the proxy could not forward the request.
    pub proxy_error: Option<String>,
    /// Prism's own failure (`application/problem+json` of type `#UNKNOWN`):
    /// it could not produce a response, e.g. json-schema-faker crashed.
    pub prism_error: Option<String>,
}

/// Exchanges recorded by one proxy, oldest first.
#[derive(Debug, Default, Clone)]
pub struct Recorder(Arc<Mutex<Vec<Exchange>>>);

impl Recorder {
    /// Takes every exchange recorded so far.
    pub fn take(&self) -> Vec<Exchange> {
        match self.0.lock() {
            Ok(mut v) => std::mem::take(&mut *v),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        }
    }

    fn push(&self, exchange: Exchange) {
        match self.0.lock() {
            Ok(mut v) => v.push(exchange),
            Err(poisoned) => poisoned.into_inner().push(exchange),
        }
    }
}

/// Hop-by-hop headers are not forwarded; the length is set again by the
/// side that sends the body.
fn forwarded(name: &HeaderName) -> bool {
    name != HOST && name != CONTENT_LENGTH && name != TRANSFER_ENCODING && name != CONNECTION
}

/// Starts a proxy on 127.0.0.1 (a free port) that forwards to `upstream`
/// (`http://127.0.0.1:PORT`) and records each exchange in `recorder`.
pub async fn start(upstream: String, recorder: Recorder) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .map_err(std::io::Error::other)?;
    let upstream = Arc::new(upstream);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let (http, upstream, recorder) = (http.clone(), upstream.clone(), recorder.clone());
            let service = service_fn(move |req| {
                forward(req, http.clone(), upstream.clone(), recorder.clone())
            });
            tokio::spawn(async move {
                // A connection the client drops is of no interest here.
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(addr)
}

async fn forward(
    req: Request<Incoming>,
    http: reqwest::Client,
    upstream: Arc<String>,
    recorder: Recorder,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let mut exchange = Exchange {
        method: parts.method.to_string(),
        path_and_query: path_and_query.clone(),
        status: None,
        violations: None,
        proxy_error: None,
        prism_error: None,
    };
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            exchange.proxy_error = Some(format!("reading the request body: {e}"));
            recorder.push(exchange);
            return Ok(bad_gateway("the proxy could not read the request body"));
        }
    };
    let mut request = http
        .request(parts.method, format!("{upstream}{path_and_query}"))
        .body(body);
    for (name, value) in &parts.headers {
        if forwarded(name) {
            request = request.header(name, value);
        }
    }
    let answer = match request.send().await {
        Ok(a) => a,
        Err(e) => {
            exchange.proxy_error = Some(format!("Prism could not be reached: {e}"));
            recorder.push(exchange);
            return Ok(bad_gateway("the proxy could not reach Prism"));
        }
    };
    let status = answer.status();
    let headers = answer.headers().clone();
    exchange.status = Some(status.as_u16());
    exchange.violations = headers
        .get("sl-violations")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let bytes = match answer.bytes().await {
        Ok(b) => b,
        Err(e) => {
            exchange.proxy_error = Some(format!("reading Prism's answer: {e}"));
            recorder.push(exchange);
            return Ok(bad_gateway("the proxy could not read Prism's answer"));
        }
    };
    if status == hyper::StatusCode::INTERNAL_SERVER_ERROR {
        let content_type = headers
            .get(hyper::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        exchange.prism_error = prism_error(content_type, &bytes);
    }
    recorder.push(exchange);
    let mut response = Response::new(Full::new(bytes));
    *response.status_mut() = status;
    for (name, value) in &headers {
        if forwarded(name) {
            response.headers_mut().append(name, value.clone());
        }
    }
    Ok(response)
}

/// Prism's problem document for its own failure (a 500 we did not ask for:
/// only success statuses are requested), first line only.
fn prism_error(content_type: &str, body: &[u8]) -> Option<String> {
    if !content_type.starts_with("application/problem+json") {
        return None;
    }
    let problem: serde_json::Value = serde_json::from_slice(body).ok()?;
    let field = |name: &str| {
        let text = problem.get(name).and_then(|t| t.as_str()).unwrap_or("");
        text.lines().next().unwrap_or("").to_string()
    };
    let (kind, title) = (field("type"), field("title"));
    let title = title.trim_start_matches("RangeError: ");
    Some(if title.is_empty() {
        format!("Prism failed: {kind}")
    } else {
        format!("Prism failed: {title}")
    })
}

fn bad_gateway(message: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(message.as_bytes())));
    *response.status_mut() = hyper::StatusCode::BAD_GATEWAY;
    response
}
