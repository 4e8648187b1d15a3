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
    /// Prism's own failure (a 500 `application/problem+json` of one of the
    /// types in [`PRISM_FAILURES`] or [`JAVASCRIPT_ERRORS`]): it could not
    /// produce a response, e.g. json-schema-faker crashed.
    pub prism_error: Option<String>,
}

/// Exchanges recorded by one proxy, oldest first.
#[derive(Debug, Default, Clone)]
pub struct Recorder(Arc<Mutex<Recorded>>);

#[derive(Debug, Default)]
struct Recorded {
    exchanges: Vec<Exchange>,
    /// Every exchange for which Prism could not be reached, never taken.
    unreachable: Vec<String>,
}

impl Recorder {
    /// Takes every exchange recorded so far.
    pub fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut self.lock().exchanges)
    }

    /// `METHOD path: error` of every request that could not reach Prism
    /// since the proxy started: its process is gone (or never listened).
    pub fn unreachable(&self) -> Vec<String> {
        self.lock().unreachable.clone()
    }

    fn push(&self, exchange: Exchange) {
        let mut recorded = self.lock();
        if let (None, Some(e)) = (exchange.status, &exchange.proxy_error) {
            let line = format!("{} {}: {e}", exchange.method, exchange.path_and_query);
            recorded.unreachable.push(line);
        }
        recorded.exchanges.push(exchange);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Recorded> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
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

/// The problem `type`s Prism gives a failure of its own to produce a
/// response. Prism (`ProblemJsonError.toProblemJson` in prism-http) writes
/// an error's `name` as the `type`, and `https://stoplight.io/prism/errors#UNKNOWN`
/// for a plain `Error`: json-schema-faker rethrows whatever broke inside it
/// (a `RangeError` when the call stack overflows, a `TypeError` on
/// `"example": null`) as a plain `Error` whose message is the original
/// stack. The named ones are the failures of its generator and serialiser;
/// a JavaScript error that escapes unwrapped keeps its own name. Prism's
/// other problem types (`#NOT_FOUND`, `#UNPROCESSABLE_ENTITY`, `#UNAUTHORIZED`,
/// `#NO_RESPONSE_RESPONSE_DEFINED`, …) are answers about the request or the
/// spec, and any other document is the spec's own.
const PRISM_ERRORS: &str = "https://stoplight.io/prism/errors#";
const PRISM_FAILURES: [&str; 3] = ["UNKNOWN", "SCHEMA_TOO_COMPLEX", "NO_COMPLEX_OBJECT_TEXT"];
const JAVASCRIPT_ERRORS: [&str; 7] = [
    "RangeError",
    "TypeError",
    "ReferenceError",
    "SyntaxError",
    "EvalError",
    "URIError",
    "AggregateError",
];

fn is_prism_failure(kind: &str) -> bool {
    match kind.strip_prefix(PRISM_ERRORS) {
        Some(name) => PRISM_FAILURES.contains(&name),
        None => JAVASCRIPT_ERRORS.contains(&kind),
    }
}

/// Prism's problem document for its own failure (a 500 we did not ask for:
/// only success statuses are requested), first line only; `None` for any
/// other answer.
fn prism_error(content_type: &str, body: &[u8]) -> Option<String> {
    if !content_type.starts_with("application/problem+json") {
        return None;
    }
    let problem: serde_json::Value = serde_json::from_slice(body).ok()?;
    let kind = problem.get("type").and_then(|t| t.as_str())?;
    if !is_prism_failure(kind) {
        return None;
    }
    let title = problem.get("title").and_then(|t| t.as_str()).unwrap_or("");
    let title = title.lines().next().unwrap_or("");
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use wiremock::matchers::{body_json, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// What Prism 5 sends when json-schema-faker overflows the call stack
    /// (the title is the stack of the error it rethrew).
    fn prism_crash() -> Value {
        json!({
            "type": "https://stoplight.io/prism/errors#UNKNOWN",
            "title": "RangeError: Maximum call stack size exceeded\n    at traverse (json-schema-faker/dist/main.cjs:2371:9)",
            "status": 500,
            "detail": ""
        })
    }

    fn answer(status: u16, content_type: &str, body: &Value) -> ResponseTemplate {
        ResponseTemplate::new(status).set_body_raw(body.to_string(), content_type)
    }

    /// A proxy in front of `upstream`, and a client that does not retry.
    async fn proxy(upstream: String) -> (String, Recorder, reqwest::Client) {
        let recorder = Recorder::default();
        let addr = start(upstream, recorder.clone()).await.expect("proxy");
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        (format!("http://{addr}"), recorder, client)
    }

    #[tokio::test]
    async fn an_exchange_keeps_the_request_the_status_and_the_violations() {
        let upstream = MockServer::start().await;
        let violations = r#"[{"location":["response","body"],"severity":"Error","code":"type","message":"must be object"}]"#;
        Mock::given(method("POST"))
            .and(path("/crm/v3/objects/contacts/batch/read"))
            .and(header("authorization", "Bearer t"))
            .and(body_json(json!({"inputs": [{"id": "1"}]})))
            .respond_with(
                answer(207, "application/json", &json!({"results": []}))
                    .insert_header("sl-violations", violations),
            )
            .mount(&upstream)
            .await;
        let (base, recorder, client) = proxy(upstream.uri()).await;

        let response = client
            .post(format!(
                "{base}/crm/v3/objects/contacts/batch/read?archived=false"
            ))
            .bearer_auth("t")
            .json(&json!({"inputs": [{"id": "1"}]}))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 207, "the status is passed on");
        assert_eq!(
            response
                .headers()
                .get("sl-violations")
                .map(|v| v.as_bytes()),
            Some(violations.as_bytes()),
            "and the header"
        );
        assert_eq!(
            response.text().await.ok().as_deref(),
            Some(r#"{"results":[]}"#)
        );
        let recorded = recorder.take();
        let [exchange] = recorded.as_slice() else {
            panic!("one exchange: {recorded:?}");
        };
        assert_eq!(exchange.method, "POST");
        assert_eq!(
            exchange.path_and_query,
            "/crm/v3/objects/contacts/batch/read?archived=false"
        );
        assert_eq!(exchange.status, Some(207));
        assert_eq!(exchange.violations.as_deref(), Some(violations));
        assert_eq!(
            (&exchange.proxy_error, &exchange.prism_error),
            (&None, &None)
        );

        // An answer the upstream has no mock for: its 404, nothing else.
        let response = client
            .get(format!("{base}/crm/v3/objects/deals"))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 404);
        let recorded = recorder.take();
        let [exchange] = recorded.as_slice() else {
            panic!("one exchange: {recorded:?}");
        };
        assert_eq!(exchange.status, Some(404));
        assert_eq!(exchange.violations, None);
        assert_eq!(
            (&exchange.proxy_error, &exchange.prism_error),
            (&None, &None)
        );
        assert!(recorder.unreachable().is_empty(), "Prism answered");
    }

    #[tokio::test]
    async fn only_prisms_own_failures_are_recorded_as_prism_errors() {
        let problem = "application/problem+json";
        let failure = |kind: &str, title: &str| json!({"type": kind, "title": title, "status": 500, "detail": ""});
        let faker = failure(
            "https://stoplight.io/prism/errors#UNKNOWN",
            "TypeError: Cannot convert undefined or null to object\n    at Function.keys (<anonymous>)",
        );
        let cases: Vec<(&str, u16, &str, Value, Option<&str>)> = vec![
            (
                "/stack",
                500,
                problem,
                prism_crash(),
                Some("Prism failed: Maximum call stack size exceeded"),
            ),
            (
                "/faker",
                500,
                problem,
                faker.clone(),
                Some("Prism failed: TypeError: Cannot convert undefined or null to object"),
            ),
            (
                "/too-complex",
                500,
                problem,
                failure(
                    "https://stoplight.io/prism/errors#SCHEMA_TOO_COMPLEX",
                    "Schema too complex",
                ),
                Some("Prism failed: Schema too complex"),
            ),
            (
                "/as-text",
                500,
                problem,
                failure(
                    "https://stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT",
                    "Cannot serialise complex objects as text",
                ),
                Some("Prism failed: Cannot serialise complex objects as text"),
            ),
            (
                "/unwrapped",
                500,
                problem,
                failure("RangeError", ""),
                Some("Prism failed: RangeError"),
            ),
            // A 500 problem document of any other type is an answer, not a crash.
            (
                "/spec-500",
                500,
                problem,
                failure(
                    "https://api.hubapi.com/errors#INTERNAL_ERROR",
                    "Internal error",
                ),
                None,
            ),
            (
                "/about-blank",
                500,
                problem,
                failure("about:blank", "Oops"),
                None,
            ),
            (
                "/no-response",
                500,
                problem,
                failure(
                    "https://stoplight.io/prism/errors#NO_RESPONSE_RESPONSE_DEFINED",
                    "No response defined for the selected operation",
                ),
                None,
            ),
            ("/untyped", 500, problem, json!({"title": "Boom"}), None),
            ("/json", 500, "application/json", faker.clone(), None),
            ("/not-500", 422, problem, faker, None),
            ("/not-json", 500, problem, json!("RangeError"), None),
        ];
        let upstream = MockServer::start().await;
        for (at, status, content_type, body, _) in &cases {
            Mock::given(path(*at))
                .respond_with(answer(*status, content_type, body))
                .mount(&upstream)
                .await;
        }
        let (base, recorder, client) = proxy(upstream.uri()).await;
        for (at, status, _, body, expected) in cases {
            let response = client
                .get(format!("{base}{at}"))
                .send()
                .await
                .expect("answered");
            assert_eq!(response.status(), status, "{at}");
            let text = response.text().await.unwrap_or_default();
            assert_eq!(text, body.to_string(), "{at}: the body is passed on");
            let recorded = recorder.take();
            let [exchange] = recorded.as_slice() else {
                panic!("{at}: one exchange: {recorded:?}");
            };
            assert_eq!(exchange.status, Some(status), "{at}");
            assert_eq!(exchange.proxy_error, None, "{at}");
            assert_eq!(exchange.prism_error.as_deref(), expected, "{at}");
        }
    }

    #[tokio::test]
    async fn an_upstream_that_is_gone_is_a_proxy_error_without_a_status() {
        // A port that was free a moment ago and is closed now.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port");
        let (base, recorder, client) = proxy(format!("http://{closed}")).await;
        let response = client
            .get(format!("{base}/crm/v3/objects/contacts"))
            .send()
            .await
            .expect("the proxy answers");
        assert_eq!(response.status(), 502);
        let recorded = recorder.take();
        let [exchange] = recorded.as_slice() else {
            panic!("one exchange: {recorded:?}");
        };
        assert_eq!(exchange.status, None);
        assert_eq!(exchange.prism_error, None);
        let error = exchange.proxy_error.as_deref().unwrap_or("");
        assert!(error.starts_with("Prism could not be reached"), "{error}");
        assert!(recorder.take().is_empty(), "taken");
        let unreachable = recorder.unreachable();
        assert_eq!(unreachable.len(), 1, "{unreachable:?}");
        assert!(
            unreachable[0].starts_with("GET /crm/v3/objects/contacts: Prism could not be reached"),
            "kept after take: {unreachable:?}"
        );
    }
}
