//! The typed paths of the companies, deals and tickets APIs (2026-09)
//! against a local wiremock server, with the exact JSON body of every
//! request: for each object a typed create with associations (HubSpot's
//! association type ids), an update that sets and clears values, a search
//! on typed properties over two pages, and batches (`create_all`, whose
//! records match the inputs by position as the runtime documents, and one of
//! `get_all`, `update_all`, `upsert_all`). Also: a deal's and a ticket's
//! pipeline and stage are plain strings (the portal's own ids), and an
//! option the client does not know decodes as `Unknown` instead of failing.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::{json_response, mount, start};
use futures::TryStreamExt;
use hubspot_client::companies::{
    Filter, FilterGroup, FilterOperator, PublicObjectSearchRequest, SearchSort,
};
use hubspot_client::properties::{
    associations, CompanyCreate, CompanyIndustry, CompanyLifecyclestage, CompanyProperties,
    CompanyProperty, CompanyType, DealCreate, DealDealtype, DealPriority, DealProperties,
    DealProperty, Properties, TicketCategory, TicketCreate, TicketPriority, TicketProperties,
    TicketProperty, TicketSourceType, Value as _,
};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer};

/// The contact the new records are associated with, and an owner.
const CONTACT: &str = "75761595194";
const OWNER: &str = "83521440";
const CREATED: &str = "2026-09-14T09:12:03.271Z";
const DEAL_URL: &str = "/crm/objects/2026-09/deals/21974561830";
const TICKET_URL: &str = "/crm/objects/2026-09/tickets/2138645701";

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// A record as HubSpot returns it.
fn record(id: &str, properties: Value) -> Value {
    json!({"id": id, "properties": properties, "archived": false,
           "createdAt": CREATED, "updatedAt": CREATED})
}

/// A batch response with `results`.
fn batch(results: Value) -> Value {
    json!({"status": "COMPLETE", "results": results,
           "startedAt": "2026-09-14T09:12:03.101Z", "completedAt": CREATED})
}

/// Answers exactly one `verb` request to `/crm/objects/2026-09/{route}`
/// whose JSON body is `sent`, with `status` and `answer`.
async fn exchange(server: &MockServer, verb: &str, route: &str, sent: Value, answer: (u16, Value)) {
    Mock::given(method(verb))
        .and(path(format!("/crm/objects/2026-09/{route}")))
        .and(body_json(sent))
        .respond_with(json_response(answer.0, answer.1))
        .expect(1)
        .mount(server)
        .await;
}

/// A HubSpot-defined association of a create body.
fn assoc(to: &str, type_id: i32) -> Value {
    json!({"to": {"id": to},
           "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}]})
}

/// Answers a search of `object` over two pages: `sent` without a cursor
/// gets `first` and the cursor `after`, `sent` with it gets `second`.
async fn two_pages(server: &MockServer, object: &str, sent: Value, after: &str, pages: [Value; 2]) {
    let route = format!("{object}/search");
    let [first, second] = pages;
    let total = first.as_array().unwrap().len() + second.as_array().unwrap().len();
    let page = json!({"total": total, "results": first,
                      "paging": {"next": {"after": after, "link": format!("?after={after}")}}});
    exchange(server, "POST", &route, sent.clone(), (200, page)).await;
    let mut next = sent;
    next["after"] = json!(after);
    let page = json!({"total": total, "results": second});
    exchange(server, "POST", &route, next, (200, page)).await;
}

/// Answers one batch create of `object` whose inputs are `inputs`, with a
/// record per input, in input order, whose id is the matching one of `ids`.
/// The client gives each input of a batch the trace id `input-N`, which
/// HubSpot echoes in the input's result.
async fn batch_create(server: &MockServer, object: &str, inputs: Vec<Value>, ids: &[&str]) {
    let inputs: Vec<Value> = inputs
        .into_iter()
        .enumerate()
        .map(|(n, mut input)| {
            input["objectWriteTraceId"] = json!(format!("input-{n}"));
            input
        })
        .collect();
    let results: Vec<Value> = inputs
        .iter()
        .zip(ids)
        .map(|(input, id)| {
            let mut result = record(id, input["properties"].clone());
            result["objectWriteTraceId"] = input["objectWriteTraceId"].clone();
            result
        })
        .collect();
    let route = format!("{object}/batch/create");
    let sent = json!({ "inputs": inputs });
    exchange(server, "POST", &route, sent, (201, batch(json!(results)))).await;
}

// Companies ------------------------------------------------------------------

#[tokio::test]
async fn company_create_sends_typed_values_and_a_contact_association() {
    let (server, client) = start().await;
    let sent = json!({
        "properties": {
            "domain": "biglytics.net", "name": "Biglytics", "industry": "COMPUTER_SOFTWARE",
            "type": "PROSPECT", "numberofemployees": "250", "annualrevenue": "12500000.5",
            "hubspot_owner_id": OWNER
        },
        "associations": [assoc(CONTACT, 280)]
    });
    let mut props = sent["properties"].clone();
    props["createdate"] = json!(CREATED);
    props["hs_object_id"] = json!("31540411935");
    props["lifecyclestage"] = json!(null);
    let answer = (201, record("31540411935", props));
    exchange(&server, "POST", "companies", sent, answer).await;

    let company = CompanyCreate::with_domain("biglytics.net")
        .name("Biglytics")
        .industry(CompanyIndustry::ComputerSoftware)
        .r#type(CompanyType::Prospect)
        .numberofemployees(250)
        .annualrevenue(12_500_000.5)
        .owner_id(OWNER)
        .associate(CONTACT, associations::COMPANY_TO_CONTACT);
    let api = client.companies().typed();
    let created = api.create(company).await.expect("created");
    let p = &created.properties;
    assert_eq!(created.id, "31540411935");
    assert_eq!(p.object_id, Some(31_540_411_935));
    assert_eq!(p.industry, Some(CompanyIndustry::ComputerSoftware));
    assert_eq!(p.r#type, Some(CompanyType::Prospect));
    assert_eq!(p.numberofemployees, Some(250));
    assert_eq!(p.annualrevenue, Some(12_500_000.5));
    let millis = Utc.timestamp_millis_opt(1_789_377_123_271).single();
    assert_eq!(p.createdate, millis);
    assert_eq!(created.created_at, millis);
    assert_eq!(p.lifecyclestage, None);
    assert!(p.extra.is_empty(), "{:?}", p.extra);
}

#[tokio::test]
async fn company_update_sets_a_value_and_clears_another() {
    let (server, client) = start().await;
    let sent = json!({"properties": {
        "lifecyclestage": "customer", "numberofemployees": "310", "phone": ""}});
    let props = json!({"lifecyclestage": "customer", "numberofemployees": "310", "phone": null});
    let answer = (200, record("31540411935", props));
    exchange(&server, "PATCH", "companies/31540411935", sent, answer).await;

    let changes = CompanyProperties::default()
        .lifecyclestage(CompanyLifecyclestage::Customer)
        .numberofemployees(310)
        .clear(CompanyProperty::Phone);
    let api = client.companies().typed();
    let updated = api.update("31540411935", changes).await.expect("updated");
    let p = &updated.properties;
    assert_eq!(p.lifecyclestage, Some(CompanyLifecyclestage::Customer));
    assert_eq!(p.numberofemployees, Some(310));
    assert_eq!(p.phone, None);
    assert!(p.extra.is_empty(), "{:?}", p.extra);
}

/// A search that names no properties asks for every typed one; the stream
/// sends the first page's cursor in the body of the second request.
#[tokio::test]
async fn company_search_filters_on_typed_properties_over_two_pages() {
    let (server, client) = start().await;
    let sent = json!({
        "filterGroups": [{"filters": [
            {"propertyName": "industry", "operator": "EQ", "value": "COMPUTER_SOFTWARE"},
            {"propertyName": "numberofemployees", "operator": "GTE", "value": "100"}
        ]}],
        "sorts": [{"propertyName": "name", "direction": "DESCENDING"}], "limit": 2,
        "properties": ["name", "domain", "industry", "type", "numberofemployees", "annualrevenue",
            "lifecyclestage", "description", "phone", "website", "address", "city", "state", "zip",
            "country", "hubspot_owner_id", "hs_pinned_engagement_id", "createdate",
            "hs_lastmodifieddate", "hs_object_id"]
    });
    let one = json!({"name": "Biglytics", "numberofemployees": "250"});
    let two = json!({"name": "Cyberdyne", "numberofemployees": "1200"});
    let three = json!({"industry": "COMPUTER_SOFTWARE", "numberofemployees": "100.0"});
    let first = json!([record("31540411935", one), record("31540411936", two)]);
    let second = json!([record("31540411937", three)]);
    two_pages(&server, "companies", sent, "2", [first, second]).await;

    let software = CompanyIndustry::ComputerSoftware;
    let filters = vec![
        Filter::new(CompanyProperty::Industry, FilterOperator::Eq).value(software.as_str()),
        Filter::new(CompanyProperty::Numberofemployees, FilterOperator::Gte).value(100i64.encode()),
    ];
    let request = PublicObjectSearchRequest::new()
        .filter_groups(vec![FilterGroup::new(filters)])
        .sorts(vec![SearchSort::descending(CompanyProperty::Name)])
        .limit(2);
    let api = client.companies().typed();
    let found: Vec<_> = api.search(request).try_collect().await.expect("found");
    let ids: Vec<&str> = found.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["31540411935", "31540411936", "31540411937"]);
    let sizes = found.iter().map(|r| r.properties.numberofemployees);
    let sizes: Vec<_> = sizes.flatten().collect();
    assert_eq!(sizes, [250, 1200, 100]);
    assert_eq!(found[2].properties.industry, Some(software));
}

/// `create_all` returns the records in input order, each told to its input
/// by the trace id the client set. `get_all` asks for the typed properties and keeps the
/// per-item error of a 207.
#[tokio::test]
async fn company_create_all_matches_records_to_inputs_and_get_all_keeps_errors() {
    let (server, client) = start().await;
    let domains = ["biglytics.net", "cyberdyne.io", "initech.com"];
    let inputs = domains.map(|d| json!({"properties": {"domain": d, "hs_lead_status": "NEW"}}));
    let ids = ["31540411935", "31540411936", "31540411937"];
    batch_create(&server, "companies", inputs.to_vec(), &ids).await;

    let api = client.companies().typed();
    let creates = domains.map(|d| CompanyCreate::with_domain(d).extra("hs_lead_status", "NEW"));
    let outcome = api.create_all(creates.clone()).await.expect("created");
    assert!(outcome.is_complete());
    assert_eq!(outcome.requests, 1);
    assert_eq!(outcome.results.len(), 3);
    for ((input, created), id) in creates.iter().zip(&outcome.results).zip(ids) {
        assert_eq!(created.id, id);
        assert_eq!(created.properties.domain, input.properties().domain);
        assert_eq!(created.properties.extra, input.properties().extra);
    }

    let sent = json!({
        "inputs": [{"id": "31540411935"}, {"id": "31540411936"}, {"id": "99999999999"}],
        "properties": CompanyProperties::names()
    });
    let answer = json!({
        "status": "COMPLETE", "numErrors": 1,
        "results": [record("31540411935", json!({"domain": "biglytics.net"})),
                    record("31540411936", json!({"domain": "cyberdyne.io"}))],
        "errors": [{"status": "error", "category": "OBJECT_NOT_FOUND",
            "message": "Could not get some COMPANY objects, they may be deleted or not exist.",
            "context": {"ids": ["99999999999"]}, "errors": [], "links": {}}],
        "startedAt": "2026-09-14T09:12:03.101Z", "completedAt": CREATED
    });
    exchange(&server, "POST", "companies/batch/read", sent, (207, answer)).await;
    let wanted = ["31540411935", "31540411936", "99999999999"];
    let read = api.get_all(wanted).await.expect("read");
    assert_eq!(read.results.len(), 2);
    let domain = read.results[1].properties.domain.as_deref();
    assert_eq!(domain, Some("cyberdyne.io"));
    assert_eq!((read.errors.len(), read.num_errors), (1, 1));
    assert_eq!(read.errors[0].category, "OBJECT_NOT_FOUND");
    assert!(!read.is_complete());
}

// Deals ----------------------------------------------------------------------

#[tokio::test]
async fn deal_create_sends_typed_values_and_associations() {
    let (server, client) = start().await;
    let sent = json!({
        "properties": {
            "dealname": "Biglytics - 250 seats", "dealstage": "appointmentscheduled",
            "pipeline": "default", "amount": "37500", "closedate": "2026-12-15T17:00:00.000Z",
            "dealtype": "newbusiness", "hs_priority": "high", "hubspot_owner_id": OWNER
        },
        "associations": [assoc(CONTACT, 3), assoc("31540411935", 5)]
    });
    let mut props = sent["properties"].clone();
    props["closedate"] = json!("2026-12-15T17:00:00Z");
    props["hs_is_closed_won"] = json!("false");
    props["hs_object_id"] = json!("21974561830");
    let answer = (201, record("21974561830", props));
    exchange(&server, "POST", "deals", sent, answer).await;

    let deal = DealCreate::new("Biglytics - 250 seats", "appointmentscheduled")
        .pipeline("default")
        .amount(37_500.0)
        .closedate(at(2026, 12, 15, 17, 0))
        .dealtype(DealDealtype::NewBusiness)
        .priority(DealPriority::High)
        .owner_id(OWNER)
        .associate(CONTACT, associations::DEAL_TO_CONTACT)
        .associate("31540411935", associations::DEAL_TO_PRIMARY_COMPANY);
    let api = client.deals().typed();
    let created = api.create(deal).await.expect("created");
    let p = &created.properties;
    assert_eq!(created.id, "21974561830");
    assert_eq!(p.object_id, Some(21_974_561_830));
    assert_eq!(p.dealstage.as_deref(), Some("appointmentscheduled"));
    assert_eq!(p.amount, Some(37_500.0));
    assert_eq!(p.closedate, Some(at(2026, 12, 15, 17, 0)));
    assert_eq!(p.dealtype, Some(DealDealtype::NewBusiness));
    assert_eq!(p.priority, Some(DealPriority::High));
    assert_eq!(p.is_closed_won, Some(false));
}

#[tokio::test]
async fn deal_update_moves_the_stage_and_clears_the_priority() {
    let (server, client) = start().await;
    let why = "Chose us over the incumbent for SSO support";
    let sent = json!({"properties": {
        "dealstage": "closedwon", "closed_won_reason": why, "hs_priority": ""}});
    let props = json!({"dealstage": "closedwon", "closed_won_reason": why,
                       "hs_priority": "", "hs_is_closed_won": "true"});
    let answer = (200, record("21974561830", props));
    exchange(&server, "PATCH", "deals/21974561830", sent, answer).await;

    let changes = DealProperties::default()
        .dealstage("closedwon")
        .closed_won_reason(why)
        .clear(DealProperty::Priority);
    let api = client.deals().typed();
    let updated = api.update("21974561830", changes).await.expect("updated");
    let p = &updated.properties;
    assert_eq!(p.dealstage.as_deref(), Some("closedwon"));
    assert_eq!(p.closed_won_reason.as_deref(), Some(why));
    assert_eq!(p.priority, None);
    assert_eq!(p.is_closed_won, Some(true));
}

/// A search that names its properties asks for those only.
#[tokio::test]
async fn deal_search_keeps_the_properties_it_names_over_two_pages() {
    let (server, client) = start().await;
    let sent = json!({
        "filterGroups": [{"filters": [
            {"propertyName": "pipeline", "operator": "EQ", "value": "default"},
            {"propertyName": "amount", "operator": "GT", "value": "10000"},
            {"propertyName": "closedate", "operator": "BETWEEN",
             "value": "2026-10-01T00:00:00.000Z", "highValue": "2026-12-31T23:59:00.000Z"}
        ]}],
        "properties": ["dealname", "dealstage", "amount"], "limit": 1
    });
    let one = json!({"dealname": "Biglytics", "dealstage": "contractsent", "amount": "37500"});
    let two = json!({"dealname": "Cyberdyne", "dealstage": "closedwon", "amount": "12000.75"});
    let first = json!([record("21974561830", one)]);
    let second = json!([record("21974561831", two)]);
    two_pages(&server, "deals", sent, "1", [first, second]).await;

    let filters = vec![
        Filter::new(DealProperty::Pipeline, FilterOperator::Eq).value("default"),
        Filter::new(DealProperty::Amount, FilterOperator::Gt).value(10_000f64.encode()),
        Filter::new(DealProperty::Closedate, FilterOperator::Between)
            .value(at(2026, 10, 1, 0, 0).encode())
            .high_value(at(2026, 12, 31, 23, 59).encode()),
    ];
    let names = [DealProperty::Dealname, DealProperty::Dealstage];
    let request = PublicObjectSearchRequest::new()
        .filter_groups(vec![FilterGroup::new(filters)])
        .properties([names[0], names[1], DealProperty::Amount].map(String::from))
        .limit(1);
    let api = client.deals().typed();
    let found: Vec<_> = api.search(request).try_collect().await.expect("found");
    let p = |i: usize| &found[i].properties;
    assert_eq!(found.len(), 2);
    assert_eq!(p(0).dealstage.as_deref(), Some("contractsent"));
    assert_eq!(p(0).amount, Some(37_500.0));
    assert_eq!(p(1).dealname.as_deref(), Some("Cyberdyne"));
    assert_eq!(p(1).amount, Some(12_000.75));
}

#[tokio::test]
async fn deal_create_all_with_associations_and_update_all() {
    let (server, client) = start().await;
    let names = ["Expansion", "Support plan", "Training"];
    let inputs = names.map(|n| {
        json!({"properties": {"dealname": n, "dealstage": "qualifiedtobuy", "pipeline": "default"},
               "associations": [assoc(CONTACT, 3)]})
    });
    let ids = ["21974561840", "21974561841", "21974561842"];
    batch_create(&server, "deals", inputs.to_vec(), &ids).await;

    let api = client.deals().typed();
    let deals = names.map(|n| {
        let deal = DealCreate::new(n, "qualifiedtobuy").pipeline("default");
        deal.associate(CONTACT, associations::DEAL_TO_CONTACT)
    });
    let outcome = api.create_all(deals.clone()).await.expect("created");
    assert_eq!((outcome.requests, outcome.results.len()), (1, 3));
    for ((input, created), id) in deals.iter().zip(&outcome.results).zip(ids) {
        assert_eq!(created.id, id);
        assert_eq!(created.properties.dealname, input.properties().dealname);
    }

    let sent = json!({"inputs": [
        {"id": "21974561840", "properties": {"amount": "52000", "closed_lost_reason": ""},
         "objectWriteTraceId": "input-0"},
        {"id": "21974561841",
         "properties": {"dealstage": "closedlost", "closed_lost_reason": "Budget cut"},
         "objectWriteTraceId": "input-1"}
    ]});
    let one = json!({"amount": "52000", "closed_lost_reason": null});
    let two = json!({"dealstage": "closedlost", "closed_lost_reason": "Budget cut"});
    let answer = batch(json!([record(ids[0], one), record(ids[1], two)]));
    exchange(&server, "POST", "deals/batch/update", sent, (200, answer)).await;
    let first = DealProperties::default()
        .amount(52_000.0)
        .clear(DealProperty::ClosedLostReason);
    let second = DealProperties::default()
        .dealstage("closedlost")
        .closed_lost_reason("Budget cut");
    let changes = [(ids[0].to_string(), first), (ids[1].to_string(), second)];
    let updated = api.update_all(changes).await.expect("updated");
    assert!(updated.is_complete());
    assert_eq!(updated.results[0].properties.amount, Some(52_000.0));
    let reason = updated.results[1].properties.closed_lost_reason.as_deref();
    assert_eq!(reason, Some("Budget cut"));
}

// Tickets --------------------------------------------------------------------

#[tokio::test]
async fn ticket_create_sends_typed_values_and_a_contact_association() {
    let (server, client) = start().await;
    let sent = json!({
        "properties": {
            "subject": "SSO login fails for all users",
            "content": "Since 09:00 UTC every login returns a 500.",
            "hs_pipeline_stage": "1", "hs_pipeline": "0", "hs_ticket_priority": "HIGH",
            "hs_ticket_category": "PRODUCT_ISSUE;FEATURE_REQUEST", "source_type": "EMAIL"
        },
        "associations": [assoc(CONTACT, 16)]
    });
    let mut props = sent["properties"].clone();
    props["hs_object_id"] = json!("2138645701");
    props["createdate"] = json!("1789377123271");
    let answer = (201, record("2138645701", props));
    exchange(&server, "POST", "tickets", sent, answer).await;

    let categories = vec![TicketCategory::ProductIssue, TicketCategory::FeatureRequest];
    let ticket = TicketCreate::new("SSO login fails for all users", "1")
        .content("Since 09:00 UTC every login returns a 500.")
        .pipeline("0")
        .priority(TicketPriority::High)
        .category(categories.clone())
        .source_type(TicketSourceType::Email)
        .associate(CONTACT, associations::TICKET_TO_CONTACT);
    let api = client.tickets().typed();
    let created = api.create(ticket).await.expect("created");
    let p = &created.properties;
    assert_eq!(created.id, "2138645701");
    assert_eq!(p.object_id, Some(2_138_645_701));
    assert_eq!(p.pipeline_stage.as_deref(), Some("1"));
    assert_eq!(p.pipeline.as_deref(), Some("0"));
    assert_eq!(p.priority, Some(TicketPriority::High));
    assert_eq!(p.category, Some(categories));
    assert_eq!(p.source_type, Some(TicketSourceType::Email));
    let millis = Utc.timestamp_millis_opt(1_789_377_123_271).single();
    assert_eq!(p.createdate, millis);
}

#[tokio::test]
async fn ticket_update_closes_it_and_clears_the_owner() {
    let (server, client) = start().await;
    let sent = json!({"properties": {"hs_pipeline_stage": "4",
        "closed_date": "2026-09-15T16:45:00.000Z", "hubspot_owner_id": ""}});
    let props = json!({"hs_pipeline_stage": "4", "closed_date": "2026-09-15T16:45:00Z",
                       "hubspot_owner_id": null});
    let answer = (200, record("2138645701", props));
    exchange(&server, "PATCH", "tickets/2138645701", sent, answer).await;

    let changes = TicketProperties::default()
        .pipeline_stage("4")
        .closed_date(at(2026, 9, 15, 16, 45))
        .clear(TicketProperty::OwnerId);
    let api = client.tickets().typed();
    let updated = api.update("2138645701", changes).await.expect("updated");
    let p = &updated.properties;
    assert_eq!(p.pipeline_stage.as_deref(), Some("4"));
    assert_eq!(p.closed_date, Some(at(2026, 9, 15, 16, 45)));
    assert_eq!(p.owner_id, None);
}

#[tokio::test]
async fn ticket_search_asks_for_the_typed_properties_over_two_pages() {
    let (server, client) = start().await;
    let sent = json!({
        "filterGroups": [
            {"filters": [
                {"propertyName": "hs_pipeline_stage", "operator": "IN", "values": ["1", "2", "3"]},
                {"propertyName": "hs_ticket_priority", "operator": "EQ", "value": "HIGH"}]},
            {"filters": [{"propertyName": "hubspot_owner_id", "operator": "NOT_HAS_PROPERTY"}]}
        ],
        "query": "SSO",
        "properties": ["subject", "content", "hs_pipeline_stage", "hs_pipeline",
            "hs_ticket_priority", "hs_ticket_category", "source_type", "hubspot_owner_id",
            "closed_date", "hs_pinned_engagement_id", "createdate", "hs_lastmodifieddate",
            "hs_object_id"]
    });
    let one = json!({"subject": "SSO", "hs_pipeline_stage": "1", "hs_ticket_priority": "HIGH"});
    let two = json!({"subject": "SSO setup", "hs_pipeline_stage": "2", "hubspot_owner_id": null});
    let first = json!([record("2138645701", one)]);
    let second = json!([record("2138645702", two)]);
    two_pages(&server, "tickets", sent, "1", [first, second]).await;

    let stages = vec!["1".to_string(), "2".into(), "3".into()];
    let high = TicketPriority::High;
    let open = vec![
        Filter::new(TicketProperty::PipelineStage, FilterOperator::In).values(stages),
        Filter::new(TicketProperty::Priority, FilterOperator::Eq).value(high.as_str()),
    ];
    let none = FilterOperator::NotHasProperty;
    let unassigned = vec![Filter::new(TicketProperty::OwnerId, none)];
    let request = PublicObjectSearchRequest::new()
        .filter_groups(vec![FilterGroup::new(open), FilterGroup::new(unassigned)])
        .query("SSO");
    let api = client.tickets().typed();
    let found: Vec<_> = api.search(request).try_collect().await.expect("found");
    let p = |i: usize| &found[i].properties;
    assert_eq!(found.len(), 2);
    assert_eq!(p(0).pipeline_stage.as_deref(), Some("1"));
    assert_eq!(p(0).priority, Some(high));
    assert_eq!(p(1).pipeline_stage.as_deref(), Some("2"));
    assert_eq!(p(1).subject.as_deref(), Some("SSO setup"));
}

/// `upsert_all` by a portal's own unique property, which the typed struct
/// keeps among the extras of the records.
#[tokio::test]
async fn ticket_create_all_matches_records_to_inputs_and_upsert_all() {
    let (server, client) = start().await;
    let subjects = ["Wrong invoice", "SAML group sync", "CSV export fails"];
    let inputs = subjects.map(|s| {
        json!({"properties": {"subject": s, "hs_pipeline_stage": "1", "hs_ticket_priority": "MEDIUM"}})
    });
    let ids = ["2138645710", "2138645711", "2138645712"];
    batch_create(&server, "tickets", inputs.to_vec(), &ids).await;

    let api = client.tickets().typed();
    let tickets = subjects.map(|s| TicketCreate::new(s, "1").priority(TicketPriority::Medium));
    let outcome = api.create_all(tickets.clone()).await.expect("created");
    assert_eq!((outcome.requests, outcome.results.len()), (1, 3));
    for ((input, created), id) in tickets.iter().zip(&outcome.results).zip(ids) {
        assert_eq!(created.id, id);
        assert_eq!(created.properties.subject, input.properties().subject);
        assert_eq!(created.properties.priority, input.properties().priority);
    }

    let sent = json!({"inputs": [
        {"idProperty": "zendesk_ticket_id", "id": "ZD-48213",
         "properties": {"hs_ticket_priority": "URGENT"}, "objectWriteTraceId": "input-0"},
        {"idProperty": "zendesk_ticket_id", "id": "ZD-48214",
         "properties": {"subject": "Webhook retries", "hs_pipeline_stage": "1"},
         "objectWriteTraceId": "input-1"}
    ]});
    let props = json!({"zendesk_ticket_id": "ZD-48213", "hs_ticket_priority": "URGENT"});
    let mut changed = record("2138645710", props);
    changed["new"] = json!(false);
    changed["objectWriteTraceId"] = json!("input-0");
    let props = json!({"zendesk_ticket_id": "ZD-48214", "subject": "Webhook retries"});
    let mut created = record("2138645720", props);
    created["new"] = json!(true);
    created["objectWriteTraceId"] = json!("input-1");
    // HubSpot's order is not the inputs': the trace ids tell them apart.
    let answer = batch(json!([created, changed]));
    exchange(&server, "POST", "tickets/batch/upsert", sent, (200, answer)).await;
    let urgent = TicketProperties::default().priority(TicketPriority::Urgent);
    let new = TicketProperties::default().subject("Webhook retries");
    let new = ("ZD-48214".into(), new.pipeline_stage("1"));
    let inputs = [("ZD-48213".into(), urgent), new];
    let upserted = api.upsert_all("zendesk_ticket_id", inputs);
    let upserted = upserted.await.expect("upserted");
    let new: Vec<_> = upserted.results.iter().map(|r| r.new).collect();
    assert_eq!(new, [Some(false), Some(true)]);
    let p = |i: usize| &upserted.results[i].properties;
    assert_eq!(p(0).priority, Some(TicketPriority::Urgent));
    let key = p(1).extra.get("zendesk_ticket_id");
    assert_eq!(key, Some(&Some("ZD-48214".to_string())));
}

// Portal-specific values -----------------------------------------------------

/// Pipelines and stages are ids of the portal's own pipelines (numeric in a
/// custom pipeline): plain strings, read and written as they are.
#[tokio::test]
async fn deal_and_ticket_pipelines_and_stages_are_plain_strings() {
    let (server, client) = start().await;
    let props = json!({"pipeline": "83523117", "dealstage": "1174290345"});
    let deal = json_response(200, record("21974561830", props));
    mount(&server, "GET", DEAL_URL, deal).await;
    let props = json!({"hs_pipeline": "12345678", "hs_pipeline_stage": "98765432"});
    let ticket = json_response(200, record("2138645701", props));
    mount(&server, "GET", TICKET_URL, ticket).await;

    let deal = client.deals().typed().get("21974561830").await;
    let deal = deal.expect("deal").properties;
    let (stage, pipeline): (Option<String>, Option<String>) = (deal.dealstage, deal.pipeline);
    assert_eq!(stage.as_deref(), Some("1174290345"));
    assert_eq!(pipeline.as_deref(), Some("83523117"));
    assert!(deal.extra.is_empty(), "{:?}", deal.extra);
    let ticket = client.tickets().typed().get("2138645701").await;
    let ticket = ticket.expect("ticket").properties;
    let stage: Option<String> = ticket.pipeline_stage;
    assert_eq!(stage.as_deref(), Some("98765432"));
    assert_eq!(ticket.pipeline.as_deref(), Some("12345678"));
    assert!(ticket.extra.is_empty(), "{:?}", ticket.extra);

    // Both reads asked for the pipeline and the stage.
    let requests = server.received_requests().await.expect("recorded");
    let query = |i: usize| requests[i].url.query().unwrap_or_default().to_string();
    assert!(query(0).contains("dealstage") && query(0).contains("pipeline"));
    assert!(query(1).contains("hs_pipeline_stage"), "{}", query(1));
    // Written back verbatim.
    let deal = DealCreate::new("Custom pipeline deal", "1174290345").pipeline("83523117");
    let wire = deal.properties().to_wire();
    assert_eq!(wire["dealstage"], "1174290345");
    assert_eq!(wire["pipeline"], "83523117");
}

/// A portal's own option of an enumeration decodes as `Unknown`, and is sent
/// back as it came.
#[tokio::test]
async fn unknown_ticket_options_decode_as_unknown() {
    let (server, client) = start().await;
    let props = json!({"subject": "Checkout down", "hs_ticket_priority": "P0_OUTAGE",
                       "hs_ticket_category": "PRODUCT_ISSUE;SECURITY_INCIDENT",
                       "source_type": "WHATSAPP"});
    let ticket = json_response(200, record("2138645701", props));
    mount(&server, "GET", TICKET_URL, ticket).await;
    let api = client.tickets().typed();
    let p = api.get("2138645701").await.expect("decoded").properties;
    let p0 = TicketPriority::Unknown("P0_OUTAGE".into());
    assert_eq!(p.priority, Some(p0.clone()));
    let security = TicketCategory::Unknown("SECURITY_INCIDENT".into());
    let categories = vec![TicketCategory::ProductIssue, security];
    assert_eq!(p.category, Some(categories));
    let whatsapp = TicketSourceType::Unknown("WHATSAPP".into());
    assert_eq!(p.source_type, Some(whatsapp.clone()));
    assert!(p.extra.is_empty(), "nothing left undecoded: {:?}", p.extra);

    let sent = json!({"properties": {
        "hs_ticket_priority": "P0_OUTAGE", "source_type": "WHATSAPP"}});
    let props = json!({"hs_ticket_priority": "P0_OUTAGE"});
    let answer = (200, record("2138645701", props));
    exchange(&server, "PATCH", "tickets/2138645701", sent, answer).await;
    let changes = TicketProperties::default().priority(p0.clone());
    let changes = changes.source_type(whatsapp);
    let updated = api.update("2138645701", changes).await.expect("updated");
    assert_eq!(updated.properties.priority, Some(p0));
}
