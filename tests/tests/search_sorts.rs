//! Searches sort as HubSpot takes them: each sort an object
//! `{propertyName, direction}` (HubSpot's search guide; its published specs
//! say strings, which the live API ignores). In every version that has
//! search, with a property's name as text or typed.

use hubspot_client::properties::{CompanyProperty, ContactProperty};
use hubspot_client::{v2026_03, v3, Client};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The body of the search guide's example: the newest contacts first.
fn guide_request() -> serde_json::Value {
    json!({
        "filterGroups": [{ "filters": [
            { "propertyName": "lastmodifieddate", "operator": "GTE", "value": "1730419200000" }
        ] }],
        "sorts": [{ "propertyName": "createdate", "direction": "DESCENDING" }],
        "properties": ["email"],
        "limit": 100
    })
}

#[test]
fn a_sort_is_sent_as_an_object_in_every_version() {
    let want = json!({ "propertyName": "lastmodifieddate", "direction": "ASCENDING" });
    let sorts = [
        serde_json::to_value(hubspot_client::contacts::SearchSort::ascending(
            ContactProperty::Lastmodifieddate,
        )),
        serde_json::to_value(v2026_03::contacts::SearchSort::ascending(
            "lastmodifieddate",
        )),
        serde_json::to_value(v3::contacts::SearchSort::ascending("lastmodifieddate")),
        serde_json::to_value(v3::calls::SearchSort::ascending("lastmodifieddate")),
    ];
    for sort in sorts {
        assert_eq!(sort.expect("encodes"), want);
    }
    let down = hubspot_client::deals::SearchSort::descending("closedate");
    assert_eq!(
        serde_json::to_value(down).expect("encodes"),
        json!({ "propertyName": "closedate", "direction": "DESCENDING" })
    );
}

#[test]
fn the_guides_search_request_decodes_and_re_encodes_unchanged() {
    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>() {
        let request: T = serde_json::from_value(guide_request())
            .unwrap_or_else(|e| panic!("{}: {e}", std::any::type_name::<T>()));
        assert_eq!(
            serde_json::to_value(request).expect("encodes"),
            guide_request()
        );
    }
    round_trip::<hubspot_client::contacts::PublicObjectSearchRequest>();
    round_trip::<hubspot_client::companies::PublicObjectSearchRequest>();
    round_trip::<v2026_03::contacts::PublicObjectSearchRequest>();
    round_trip::<v2026_03::objects::PublicObjectSearchRequest>();
    round_trip::<v3::contacts::PublicObjectSearchRequest>();
    round_trip::<v3::communications::PublicObjectSearchRequest>();
    // The direction may be left out (HubSpot sorts ascending).
    let sort: hubspot_client::contacts::SearchSort =
        serde_json::from_value(json!({ "propertyName": "email" })).expect("decodes");
    assert_eq!(sort.property_name, "email");
    assert_eq!(sort.direction, None);
}

#[tokio::test]
async fn an_incremental_sync_search_sends_its_typed_sort() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/crm/objects/2026-09/companies/search"))
        .and(body_json(json!({
            "filterGroups": [{ "filters": [
                { "propertyName": "hs_lastmodifieddate", "operator": "GT", "value": "1730419200000" }
            ] }],
            "sorts": [{ "propertyName": "hs_lastmodifieddate", "direction": "ASCENDING" }],
            "limit": 100
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "total": 0, "results": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token("pat-na1-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
        .build()
        .expect("client");
    use hubspot_client::companies::{
        Filter, FilterGroup, FilterOperator, PublicObjectSearchRequest, SearchSort,
    };
    let modified =
        Filter::new(CompanyProperty::Lastmodifieddate, FilterOperator::Gt).value("1730419200000");
    let request = PublicObjectSearchRequest::new()
        .filter_groups(vec![FilterGroup::new(vec![modified])])
        .sorts(vec![SearchSort::ascending(
            CompanyProperty::Lastmodifieddate,
        )])
        .limit(100);

    let page = client
        .companies()
        .search(request)
        .send()
        .await
        .expect("a page");
    assert!(page.results.is_empty());
}
