//! What the loopback server answers and what is decoded.

/// The path of contact 1001 at the default version, as ours sends it.
pub const CONTACT_PATH: &str = "/crm/objects/2026-09/contacts/1001";

/// A contact as HubSpot's published spec describes it: every property value
/// a string (the published spec does not allow `null`, which HubSpot sends
/// for a property asked for that has no value; see
/// `decode::null_property`).
pub fn contact(i: usize) -> serde_json::Value {
    serde_json::json!({
        "id": format!("{}", 1000 + i),
        "properties": {
            "email": format!("person{i}@example.com"),
            "firstname": "Jane",
            "lastname": format!("Doe {i}"),
            "createdate": "2024-01-02T03:04:05.678Z",
            "hs_object_id": format!("{}", 1000 + i),
            "lastmodifieddate": "2024-05-06T07:08:09.012Z",
            "phone": format!("+1 555 01{:02}", i % 100)
        },
        "createdAt": "2024-01-02T03:04:05.678Z",
        "updatedAt": "2024-05-06T07:08:09.012Z",
        "archived": false
    })
}

/// A page of 100 contacts with a link to the next, as JSON.
pub fn page() -> Vec<u8> {
    let page = serde_json::json!({
        "results": (0..100).map(contact).collect::<Vec<_>>(),
        "paging": {"next": {"after": "1100", "link": "https://api.hubapi.com/crm/objects/2026-09/contacts?after=1100"}}
    });
    serde_json::to_vec(&page).expect("page")
}

/// Contact 1001 with a property that has no value, as HubSpot sends it.
pub fn contact_with_null() -> Vec<u8> {
    let mut with_null = contact(1);
    with_null["properties"]["phone"] = serde_json::Value::Null;
    serde_json::to_vec(&with_null).expect("contact")
}
