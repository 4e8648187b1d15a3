//! `cargo xtask properties pull`: a portal's property definitions, read from
//! a mock of HubSpot's Properties API through the generated client, come out
//! typed when the generator runs over them.

mod common;

#[path = "../examples/properties_pull.rs"]
mod pull;

use common::{json_response, mount_authed, start};
use hubspot_codegen::ir::PropertyValue;
use hubspot_codegen::Config;
use serde_json::json;
use std::path::{Path, PathBuf};

/// What the Properties API answers for a portal with two custom properties
/// (one archived, one hidden option) besides a default one.
fn portal() -> serde_json::Value {
    json!({"results": [
        {"name": "favorite_food", "label": "Favorite food", "type": "enumeration",
         "fieldType": "select", "groupName": "contactinformation", "description": "",
         "createdAt": "2025-01-02T03:04:05Z", "displayOrder": -1, "hidden": false,
         "options": [
            {"label": "Burger", "value": "burger", "hidden": false, "displayOrder": 0},
            {"label": "Donut", "value": "donut", "hidden": false, "displayOrder": 1},
            {"label": "Retired", "value": "retired", "hidden": true, "displayOrder": 2}
         ]},
        {"name": "loyalty_points", "label": "Loyalty points", "type": "number",
         "fieldType": "number", "groupName": "contactinformation", "description": "",
         "options": []},
        {"name": "email", "label": "Email", "type": "string", "fieldType": "text",
         "groupName": "contactinformation", "description": "The portal's wording", "options": []},
        {"name": "old_field", "label": "Old", "type": "string", "fieldType": "text",
         "groupName": "contactinformation", "description": "", "options": [], "archived": true}
    ]})
}

/// Answers one authenticated read of the contacts' definitions.
async fn serve_portal(server: &wiremock::MockServer) {
    mount_authed(
        server,
        "GET",
        "/crm/properties/2026-09/contacts",
        json_response(200, portal()),
    )
    .await;
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[tokio::test]
async fn a_pulled_custom_property_comes_out_typed() {
    let (server, client) = start().await;
    serve_portal(&server).await;
    let text = pull::pull(&client, "2026-09", "contacts")
        .await
        .expect("pulled");
    assert!(
        text.contains("pulledFrom: GET /crm/properties/2026-09/contacts"),
        "{text}"
    );
    assert!(
        !text.contains("old_field"),
        "archived definitions are left out:\n{text}"
    );
    assert!(
        !text.contains("retired"),
        "hidden options are left out:\n{text}"
    );
    assert!(
        !text.contains("createdAt"),
        "churning keys are left out:\n{text}"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let ours = workspace().join("specs/properties/contacts.yaml");
    let pulled = dir.path().join("contacts.portal.yaml");
    std::fs::write(&pulled, &text).expect("write");
    let config = Config {
        specs: Vec::new(),
        versions: vec![hubspot_codegen::VersionConfig {
            name: "2026-09".into(),
            specs: vec![workspace().join("specs/2026-09/contacts.yaml")],
            default: true,
            support: Default::default(),
        }],
        name: "pulled".into(),
        version: "0.0.0".into(),
        description: "A portal's contacts.".into(),
        share_types: true,
        // The pulled file first: the generator still puts ours first.
        properties: vec![pulled, ours],
        publish: true,
    };
    let (krate, files) = hubspot_codegen::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    let contacts = &krate.properties.as_ref().expect("properties").objects[0];
    let field = |name: &str| contacts.properties.iter().find(|p| p.name == name);
    let food = field("favorite_food").expect("the custom property is typed");
    assert_eq!(
        food.value,
        PropertyValue::Enum {
            name: "ContactFavoriteFood".into(),
            multi: false
        }
    );
    assert_eq!(
        field("loyalty_points").map(|p| &p.value),
        Some(&PropertyValue::Number)
    );
    assert_eq!(
        field("email").and_then(|p| p.description.as_deref()),
        Some("The contact's primary email address, HubSpot's key against duplicates."),
        "the project's own definition of a name wins over the portal's"
    );
    let lib = &files[Path::new("crates/properties/src/lib.rs")];
    assert!(
        lib.contains("pub favorite_food: Option<ContactFavoriteFood>"),
        "{lib}"
    );
    assert!(lib.contains("Burger"), "{lib}");

    // A second pull of the same portal writes the same file.
    server.reset().await;
    serve_portal(&server).await;
    let again = pull::pull(&client, "2026-09", "contacts")
        .await
        .expect("pulled");
    assert_eq!(again, text);
}
