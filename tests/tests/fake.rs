//! The fake HubSpot of the feature `test-util` (`hubspot_client::fake`),
//! driven through the generated client as a user's tests would: records,
//! search, batches with HubSpot's 207, associations, v3 paths, errors,
//! faults, rate-limit headers, the request record, and the response types'
//! fixture constructors.

use futures::TryStreamExt;
use hubspot_client::contacts::{
    BatchInputSimplePublicObjectBatchInput, Filter, FilterGroup, FilterOperator,
    PublicObjectSearchRequest, SearchSort, SimplePublicObject, SimplePublicObjectBatchInput,
    SimplePublicObjectInput, SimplePublicObjectInputForCreate,
};
use hubspot_client::fake::{Config, FakeHubSpot, Fault};
use hubspot_client::{Client, Error, RetryConfig};
use std::collections::BTreeMap;
use std::time::Duration;

fn client(fake: &FakeHubSpot) -> Client {
    Client::builder()
        .base_url(fake.uri())
        .access_token("pat-na1-test")
        .retry(RetryConfig::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .expect("client")
}

fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn records_are_created_read_by_id_or_email_updated_and_archived() {
    let fake = FakeHubSpot::start().await.expect("fake");
    let client = client(&fake);
    let created = client
        .contacts()
        .create(SimplePublicObjectInputForCreate::new(props(&[
            ("email", "jane@example.com"),
            ("firstname", "Jane"),
        ])))
        .send()
        .await
        .expect("created");
    assert_eq!(created.property("firstname"), Some("Jane"));
    assert_eq!(created.property("hs_object_id"), Some(created.id.as_str()));

    let by_email = client
        .contacts()
        .get("jane@example.com")
        .id_property("email")
        .properties(["email"])
        .send()
        .await
        .expect("read by email");
    assert_eq!(by_email.id, created.id);
    assert_eq!(by_email.property("firstname"), None, "only what was asked");

    client
        .contacts()
        .update(
            created.id.clone(),
            SimplePublicObjectInput::new(props(&[("firstname", "Janet")])),
        )
        .send()
        .await
        .expect("updated");
    assert_eq!(
        fake.record("contacts", &created.id)
            .and_then(|r| r.property("firstname").map(str::to_owned)),
        Some("Janet".to_string())
    );

    client
        .contacts()
        .archive(created.id.clone())
        .send()
        .await
        .expect("archived");
    let gone = client
        .contacts()
        .get(created.id.clone())
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &gone else {
        panic!("{gone:?}")
    };
    assert_eq!(
        (api.status, api.category.as_deref()),
        (404, Some("OBJECT_NOT_FOUND"))
    );
    assert!(fake
        .record("contacts", &created.id)
        .is_some_and(|r| r.archived));

    // The same records at the legacy v3 paths.
    let id = fake.insert("contacts", [("email", "sam@example.com")]);
    let legacy = client
        .v3()
        .contacts()
        .get(id.clone())
        .send()
        .await
        .expect("v3 read");
    assert_eq!(legacy.property("email"), Some("sam@example.com"));
}

#[tokio::test]
async fn search_filters_sorts_and_pages() {
    let fake = FakeHubSpot::start().await.expect("fake");
    let client = client(&fake);
    fake.seed("contacts", 250, |i| {
        let mut p = serde_json::Map::new();
        p.insert("email".into(), format!("c{i}@example.com").into());
        p.insert("num_employees".into(), (i % 10).to_string().into());
        p
    });
    let request = PublicObjectSearchRequest::new()
        .filter_groups([FilterGroup::new([Filter::new(
            "num_employees",
            FilterOperator::Gte,
        )
        .value("7")])])
        .sorts([SearchSort::descending("hs_object_id")])
        .limit(20);
    let found: Vec<SimplePublicObject> = client
        .contacts()
        .search(request)
        .stream()
        .try_collect()
        .await
        .expect("search");
    assert_eq!(found.len(), 75, "3 in every 10 of 250");
    let ids: Vec<u64> = found.iter().map(|r| r.id.parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first");
    let searches = fake
        .requests()
        .iter()
        .filter(|r| r.is("POST", "/search"))
        .count();
    assert_eq!(searches, 4, "pages of 20");
}

#[tokio::test]
async fn a_batch_update_of_a_missing_record_is_a_207_per_item_error() {
    let fake = FakeHubSpot::start().await.expect("fake");
    let client = client(&fake);
    let id = fake.insert("contacts", [("email", "a@example.com")]);
    let body = BatchInputSimplePublicObjectBatchInput::new([
        SimplePublicObjectBatchInput::new(id.clone(), props(&[("jobtitle", "CTO")])),
        SimplePublicObjectBatchInput::new("999999", props(&[("jobtitle", "CEO")])),
    ]);
    let outcome = client
        .contacts()
        .batch()
        .update(body)
        .send_all()
        .await
        .expect("207");
    assert_eq!(outcome.results.len(), 1);
    assert_eq!(
        outcome.result_for(0).map(|r| r.id.as_str()),
        Some(id.as_str())
    );
    assert_eq!(outcome.num_errors, 1);
    assert_eq!(outcome.errors.len(), 1);
    let answered: Vec<Option<u16>> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(answered, [Some(207)]);
}

#[tokio::test]
async fn associations_use_hubspots_default_types_and_are_read_back() {
    let fake = FakeHubSpot::start().await.expect("fake");
    let client = client(&fake);
    let contact = fake.insert("contacts", [("email", "a@example.com")]);
    let call = fake.insert("calls", [("hs_call_title", "Intro")]);
    client
        .calls()
        .associations()
        .create_default(call.clone(), "contacts", contact.clone())
        .send()
        .await
        .expect("associated");
    let links = fake.associations("calls", &call);
    assert_eq!(links.len(), 1);
    assert_eq!(
        (links[0].to_type.as_str(), links[0].to_id.as_str()),
        ("contacts", contact.as_str())
    );
    assert_eq!(links[0].types, [("HUBSPOT_DEFINED".to_string(), 194)]);

    // Read back through a record's `associations=`.
    let read = client
        .calls()
        .get(call.clone())
        .associations(["contacts"])
        .send()
        .await
        .expect("read");
    let listed = read.associations.expect("associations");
    assert_eq!(listed["contacts"].results[0].id, contact);

    // A custom object pair has no default until the test gives one.
    let car = fake.insert("p_cars", [("vin", "1HGCM82633A004352")]);
    let refused = client
        .calls()
        .associations()
        .create_default(call.clone(), "p_cars", car.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(400));
    fake.default_association_type("calls", "p_cars", 77);
    client
        .calls()
        .associations()
        .create_default(call.clone(), "p_cars", car)
        .send()
        .await
        .expect("with the test's default");
    assert_eq!(fake.associations("calls", &call).len(), 2);
}

#[tokio::test]
async fn faults_on_demand_meet_the_clients_retries() {
    let fake = FakeHubSpot::start().await.expect("fake");
    let client = client(&fake);
    let id = fake.insert("contacts", [("email", "a@example.com")]);
    // A read is safe to send again: two 503s, then the answer.
    fake.fail_next(Fault::Unavailable, 2);
    let read = client
        .contacts()
        .get(id.clone())
        .send_with_response()
        .await
        .expect("third try");
    assert_eq!(
        read.rate_limit().max,
        Some(190),
        "HubSpot's rate-limit headers"
    );
    let statuses: Vec<Option<u16>> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(503), Some(503), Some(200)]);

    // A create that timed out after the work may have applied: the client
    // does not send it again, and the record is there.
    let fake = FakeHubSpot::start_with(Config {
        stall: Duration::from_millis(500),
        ..Config::default()
    })
    .await
    .expect("fake");
    let client = Client::builder()
        .base_url(fake.uri())
        .access_token("pat-na1-test")
        .timeout(Some(Duration::from_millis(200)))
        .build()
        .expect("client");
    fake.fail_next_on("/contacts", Fault::Timeout, 1);
    let timed_out = client
        .contacts()
        .create(SimplePublicObjectInputForCreate::new(props(&[(
            "email",
            "b@example.com",
        )])))
        .send()
        .await
        .unwrap_err();
    assert!(
        timed_out.is_timeout() && timed_out.may_have_applied(),
        "{timed_out:?}"
    );
    assert_eq!(fake.records("contacts").len(), 1);
    assert_eq!(fake.requests().len(), 1);

    // The daily limit is not retried.
    fake.fail_next(Fault::DailyLimit, 1);
    let daily = client.contacts().get("1").send().await.unwrap_err();
    assert!(
        matches!(daily, Error::RateLimited { .. }) && !daily.is_retryable(),
        "{daily:?}"
    );
}

#[tokio::test]
async fn the_budget_of_config_hubspot_answers_429_with_hubspots_body() {
    let fake = FakeHubSpot::start_with(Config {
        latency: Duration::ZERO,
        budget: 3,
        ..Config::hubspot()
    })
    .await
    .expect("fake");
    let client = Client::builder()
        .base_url(fake.uri())
        .access_token("pat-na1-test")
        .max_retries(0)
        .build()
        .expect("client");
    for _ in 0..3 {
        client
            .contacts()
            .list()
            .send()
            .await
            .expect("within the budget");
    }
    let refused = client.contacts().list().send().await.unwrap_err();
    let Error::RateLimited { api, .. } = &refused else {
        panic!("{refused:?}")
    };
    assert_eq!(api.policy_name.as_deref(), Some("TEN_SECONDLY_ROLLING"));
    assert_eq!(fake.counts().rate_limited, 1);
}

#[test]
fn response_types_have_fixture_constructors() {
    let now = chrono::Utc::now();
    let record = SimplePublicObject::new(
        false,
        now,
        "512",
        [("email".to_string(), Some("jane@example.com".to_string()))],
        now,
    )
    .url("https://app.hubspot.com/contacts/1/record/0-1/512");
    assert_eq!(record.property("email"), Some("jane@example.com"));
    assert!(record.url.is_some());
}
