//! The client's traces, captured by a subscriber written here: one
//! `hubspot.request` span per request with the operation, the path template,
//! the status, the attempt, the correlation id and the rate-limit budget;
//! retries and token refreshes as events inside it; no token and no value
//! sent ever recorded.

mod common;

use common::{json_response, TOKEN};
use hubspot_client::{Client, OAuthRefresh};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use tracing_core::span::Current;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A span as captured: its name and fields.
#[derive(Debug, Clone, Default)]
struct SpanRec {
    name: String,
    fields: BTreeMap<String, String>,
    metadata: Option<&'static Metadata<'static>>,
}

/// An event as captured: its fields (`message` among them) and the span it
/// happened in.
#[derive(Debug, Clone)]
struct EventRec {
    span: Option<u64>,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct State {
    spans: BTreeMap<u64, SpanRec>,
    events: Vec<EventRec>,
    stack: Vec<u64>,
}

/// Records every span and event (one thread: the tests run on a
/// current-thread runtime).
#[derive(Clone, Default)]
struct Capture {
    next: Arc<AtomicU64>,
    state: Arc<Mutex<State>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let mut span = SpanRec {
            name: attrs.metadata().name().to_string(),
            metadata: Some(attrs.metadata()),
            ..SpanRec::default()
        };
        attrs.record(&mut Fields(&mut span.fields));
        self.state.lock().unwrap().spans.insert(id, span);
        Id::from_u64(id)
    }
    fn record(&self, id: &Id, values: &Record<'_>) {
        let mut state = self.state.lock().unwrap();
        if let Some(span) = state.spans.get_mut(&id.into_u64()) {
            values.record(&mut Fields(&mut span.fields));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut state = self.state.lock().unwrap();
        let span = match event.parent() {
            Some(id) => Some(id.into_u64()),
            None if event.is_contextual() => state.stack.last().copied(),
            None => None,
        };
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        state.events.push(EventRec { span, fields });
    }
    fn enter(&self, id: &Id) {
        self.state.lock().unwrap().stack.push(id.into_u64());
    }
    /// The span entered last, as a real subscriber tells: code that hands
    /// work to a task of its own carries it along (`Span::current()`).
    fn current_span(&self) -> Current {
        let state = self.state.lock().unwrap();
        let entered = state
            .stack
            .last()
            .and_then(|id| Some((*id, state.spans.get(id)?.metadata?)));
        match entered {
            Some((id, metadata)) => Current::new(Id::from_u64(id), metadata),
            None => Current::none(),
        }
    }
    fn exit(&self, id: &Id) {
        let mut state = self.state.lock().unwrap();
        if let Some(at) = state.stack.iter().rposition(|s| *s == id.into_u64()) {
            state.stack.remove(at);
        }
    }
}

impl Capture {
    /// The `hubspot.request` spans, by id.
    fn requests(&self) -> Vec<(u64, SpanRec)> {
        let state = self.state.lock().unwrap();
        state
            .spans
            .iter()
            .filter(|(_, s)| s.name == "hubspot.request")
            .map(|(id, s)| (*id, s.clone()))
            .collect()
    }

    /// The messages of the events inside span `id`.
    fn messages(&self, id: u64) -> Vec<String> {
        let state = self.state.lock().unwrap();
        state
            .events
            .iter()
            .filter(|e| e.span == Some(id))
            .filter_map(|e| e.fields.get("message").cloned())
            .collect()
    }

    /// Everything captured, as text.
    fn text(&self) -> String {
        let state = self.state.lock().unwrap();
        format!("{:?} {:?}", state.spans, state.events)
    }
}

const CALLS: &str = "/crm/v3/objects/calls";
/// A property value sent in a request body.
const TITLE: &str = "Quarterly renewal with Initech 7731";

/// A client of `server` with a private app's token.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .build()
        .unwrap()
}

fn created() -> ResponseTemplate {
    json_response(
        201,
        json!({
            "id": "9001",
            "properties": { "hs_call_title": TITLE },
            "createdAt": "2024-03-11T10:00:00.000Z",
            "updatedAt": "2024-03-11T10:00:00.000Z",
            "archived": false
        }),
    )
    .insert_header(
        "x-hubspot-correlation-id",
        "c0ffee00-1234-4abc-9def-000000000001",
    )
    .insert_header("x-hubspot-ratelimit-remaining", "187")
    .insert_header("x-hubspot-ratelimit-daily-remaining", "249000")
}

#[tokio::test]
async fn one_span_per_request_with_its_fields_and_the_retry_inside() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = MockServer::start().await;
    // A 429 first (retried: HubSpot did no work), then the record.
    Mock::given(method("POST"))
        .and(path(CALLS))
        .respond_with(
            json_response(
                429,
                json!({
                    "status": "error",
                    "message": "You have reached your ten_secondly_rolling limit.",
                    "errorType": "RATE_LIMIT",
                    "policyName": "TEN_SECONDLY_ROLLING"
                }),
            )
            .insert_header("retry-after", "0"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CALLS))
        .respond_with(created())
        .mount(&server)
        .await;
    let client = client(&server);

    let body = serde_json::from_value(json!({ "properties": { "hs_call_title": TITLE } })).unwrap();
    let call = client.v3().calls().create(body).send().await.unwrap();
    assert_eq!(call.id, "9001");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let spans = capture.requests();
    assert_eq!(spans.len(), 1, "one span for the request: {spans:#?}");
    let (id, span) = &spans[0];
    let field = |name: &str| span.fields.get(name).map(String::as_str);
    assert_eq!(field("api"), Some("calls"));
    assert_eq!(field("operation"), Some("create"));
    assert_eq!(field("method"), Some("POST"));
    assert_eq!(field("path"), Some(CALLS));
    assert_eq!(field("status"), Some("201"));
    assert_eq!(field("attempt"), Some("2"));
    assert_eq!(
        field("correlation_id"),
        Some("c0ffee00-1234-4abc-9def-000000000001")
    );
    assert_eq!(field("rate_limit_remaining"), Some("187"));
    assert_eq!(field("rate_limit_daily_remaining"), Some("249000"));

    let messages = capture.messages(*id);
    assert!(
        messages.iter().any(|m| m == "retrying HubSpot request"),
        "the retry is an event of the span: {messages:?}"
    );
    assert_eq!(
        messages.iter().filter(|m| *m == "HubSpot answered").count(),
        2,
        "each attempt's answer is an event of the span: {messages:?}"
    );

    let text = capture.text();
    assert!(!text.contains(TOKEN), "the token was recorded: {text}");
    assert!(
        !text.contains(TITLE),
        "a property value was recorded: {text}"
    );
}

#[tokio::test]
async fn the_span_names_the_path_template_not_the_filled_in_path() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{CALLS}/31190519042")))
        .respond_with(created())
        .mount(&server)
        .await;
    let client = client(&server);

    client.v3().calls().get("31190519042").send().await.unwrap();

    let spans = capture.requests();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let span = &spans[0].1;
    assert_eq!(span.fields["operation"], "get");
    assert_eq!(span.fields["path"], "/crm/v3/objects/calls/{callId}");
    assert_eq!(span.fields["attempt"], "1");
    assert!(
        !capture.text().contains("31190519042"),
        "{}",
        capture.text()
    );
}

/// Deals and tickets build their requests with one shared builder; each
/// gives it its own object type and its own name for the span.
#[tokio::test]
async fn a_shared_builder_sends_and_names_each_api_its_own() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = MockServer::start().await;
    for object in ["deals", "tickets"] {
        Mock::given(method("GET"))
            .and(path(format!("/crm/objects/2026-09/{object}/77")))
            .respond_with(created())
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);

    // One builder type for both APIs.
    let builders: [hubspot_client::deals::builders::Get; 2] =
        [client.deals().get("77"), client.tickets().get("77")];
    for builder in builders {
        builder.send().await.unwrap();
    }

    let spans = capture.requests();
    let seen: Vec<(&str, &str, &str)> = spans
        .iter()
        .map(|(_, s)| {
            (
                s.fields["api"].as_str(),
                s.fields["operation"].as_str(),
                s.fields["path"].as_str(),
            )
        })
        .collect();
    let template = "/crm/objects/2026-09/{objectType}/{objectId}";
    assert_eq!(
        seen,
        [("deals", "get", template), ("tickets", "get", template)]
    );
}

#[tokio::test]
async fn a_token_refresh_is_an_event_of_the_request_and_no_secret_is_recorded() {
    const ACCESS: &str = "CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4";
    const REFRESH: &str = "6f18f21e-a743-4ec1-8b4b-f3a7a3e2f1a9";
    const CLIENT_SECRET: &str = "b5d2f9e1-9a3c-4c6e-8f7a-2d1e0c9b8a7f";
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .respond_with(json_response(
            200,
            json!({ "access_token": ACCESS, "refresh_token": REFRESH, "expires_in": 1800 }),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{CALLS}/1")))
        .respond_with(created())
        .mount(&server)
        .await;
    let oauth = OAuthRefresh::new("app-client-id", CLIENT_SECRET, REFRESH)
        .token_url(format!("{}/oauth/v1/token", server.uri()));
    let client = Client::builder()
        .base_url(server.uri())
        .token_provider(oauth)
        .build()
        .unwrap();

    client.v3().calls().get("1").send().await.unwrap();

    let spans = capture.requests();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let messages = capture.messages(spans[0].0);
    assert!(
        messages
            .iter()
            .any(|m| m == "refreshing the OAuth access token"),
        "{messages:?}"
    );
    let text = capture.text();
    for secret in [ACCESS, REFRESH, CLIENT_SECRET] {
        assert!(!text.contains(secret), "a secret was recorded: {text}");
    }
}
