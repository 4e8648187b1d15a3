//! The peers' clients and types, each behind its feature: progenitor's and
//! openapi-generator's crates generated from HubSpot's published 2026-09
//! Contacts spec. Their names come from the spec's operation IDs.

#[cfg(feature = "openapi")]
use og_contacts::apis::{
    basic_api::get_slash_crm_slash_objects_slash_202609_slash_left_curly_bracket_object_type_right_curly_bracket_slash_left_curly_bracket_object_id_right_curly_bracket_slash_crm_slash_objects_slash_202603_slash_left_curly_bracket_object_type_right_curly_bracket_slash_left_curly_bracket_object_id_right_curly_bracket as og_get_by_id,
    configuration::Configuration as OgConfiguration,
};
#[cfg(feature = "openapi")]
pub use og_contacts::models::{
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging as OgPage,
    SimplePublicObjectWithAssociations as OgContact,
};
#[cfg(feature = "progenitor")]
pub use pg_contacts::types::{
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging as PgPage,
    SimplePublicObjectWithAssociations as PgContact,
};

/// Progenitor's client. It has no authentication of its own: the token
/// goes in a default header of the reqwest::Client it is given.
#[cfg(feature = "progenitor")]
pub fn progenitor_client(base: &str) -> pg_contacts::Client {
    let mut headers = reqwest_peer::header::HeaderMap::new();
    headers.insert(
        reqwest_peer::header::AUTHORIZATION,
        reqwest_peer::header::HeaderValue::from_static("Bearer bench-token"),
    );
    let http = reqwest_peer::Client::builder()
        .default_headers(headers)
        .build()
        .expect("progenitor's reqwest client");
    pg_contacts::Client::new_with_client(base, http)
}

/// GET contact 1001 through progenitor's client (the published spec's
/// generic objects path, the object type an argument).
#[cfg(feature = "progenitor")]
pub async fn progenitor_get(client: &pg_contacts::Client) -> Result<PgContact, String> {
    client
        .get_crm_objects_2026_09_object_type_object_id_crm_objects_2026_03_object_type_object_id(
            "contacts", "1001", None, None, None, None, None,
        )
        .await
        .map(|r| r.into_inner())
        .map_err(|e| e.to_string())
}

/// openapi-generator's configuration: it sends `oauth_access_token` as the
/// bearer token of this operation (the spec's security is OAuth 2), and
/// builds each request on the reqwest::Client in it, the peers' reqwest.
#[cfg(feature = "openapi")]
pub fn openapi_config(base: &str) -> OgConfiguration {
    OgConfiguration {
        base_path: base.to_string(),
        oauth_access_token: Some("bench-token".into()),
        ..OgConfiguration::default()
    }
}

/// GET contact 1001 through openapi-generator's client.
#[cfg(feature = "openapi")]
pub async fn openapi_get(config: &OgConfiguration) -> Result<OgContact, String> {
    og_get_by_id(config, "1001", "contacts", None, None, None, None, None)
        .await
        .map_err(|e| e.to_string())
}
