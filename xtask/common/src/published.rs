//! HubSpot's published specs that `specs/` is checked against: which file of
//! `../shared/hubspot-specs` describes which API in which version, and our
//! spec of it. `cargo xtask spec-coverage` compares each pair.
//!
//! HubSpot names an OpenAPI file `AREA--API--ID.json` in the legacy numeric
//! version (folder `published-v3/`) and `AREA--API--ID--VERSION.json` in a
//! date-based one (folder `published-dated/`); ours is
//! `specs/VERSION/API.yaml`. Both paths and the label are derived from one
//! row of [`APIS`].

/// The API versions with published specs, newest first, as HubSpot writes
/// them in paths and as `specs/` names its folders.
pub const VERSIONS: [&str; 3] = ["2026-09", "2026-03", "v3"];

/// The date-based versions.
const DATED: &[&str] = &["2026-09", "2026-03"];

/// The current date-based version alone.
const CURRENT: &[&str] = &["2026-09"];

/// One published OpenAPI document and our counterpart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The API version (`v3`, `2026-03`, `2026-09`).
    pub version: &'static str,
    /// HubSpot's name of the API (`contacts`,
    /// `conversations-inbox-and-messages`); tables and gaps start with it.
    pub label: &'static str,
    /// The published file, relative to `../shared/hubspot-specs`.
    pub published: String,
    /// Our spec of the API, relative to `specs/`.
    pub ours: String,
}

/// An API HubSpot publishes, and the versions it publishes it in.
struct Api {
    /// First part of the file name (`crm`, `conversations`).
    area: &'static str,
    /// Second part: the API (`contacts`), also the label.
    name: &'static str,
    /// Third part.
    id: u32,
    /// The stem of our spec, when it is not `name`.
    ours: Option<&'static str>,
    /// Versions with a published file, newest first.
    versions: &'static [&'static str],
}

const fn api(
    area: &'static str,
    name: &'static str,
    id: u32,
    versions: &'static [&'static str],
) -> Api {
    Api {
        area,
        name,
        id,
        ours: None,
        versions,
    }
}

/// Every published API we have a spec of. Legacy `v3` has one Conversations
/// spec of ours for two published editions of the API.
const APIS: &[Api] = &[
    api("crm", "contacts", 424, &["2026-09", "2026-03", "v3"]),
    api("crm", "calls", 424, &["2026-09", "2026-03", "v3"]),
    api("crm", "communications", 424, &["2026-09", "2026-03", "v3"]),
    api("crm", "objects", 424, DATED),
    api("crm", "associations", 130902, DATED),
    api("crm", "associations-schema", 130902, DATED),
    api("conversations", "conversations", 54902, &["2026-09", "v3"]),
    Api {
        ours: Some("conversations"),
        ..api(
            "conversations",
            "conversations-inbox-and-messages",
            54902,
            &["v3"],
        )
    },
    // The records calls and messages attach to.
    api("crm", "companies", 424, CURRENT),
    api("crm", "deals", 424, CURRENT),
    api("crm", "tickets", 424, CURRENT),
    // Around the records.
    Api {
        ours: Some("owners"),
        ..api("crm", "crm-owners", 146888, CURRENT)
    },
    api("crm", "pipelines", 145896, CURRENT),
    // `properties` is the typed properties' module: the Properties API is
    // `crm_properties`, as HubSpot's file names it (`crm--properties`).
    Api {
        ours: Some("crm-properties"),
        ..api("crm", "properties", 145899, CURRENT)
    },
    api("crm", "schemas", 145900, CURRENT),
    // A public app's authentication and events. `webhooks` is the runtime's
    // signature and event module: the Webhooks API is `app_webhooks`, after
    // its paths (`/app-webhooks/`). The journal's only GA version is 2026-03.
    api("auth", "oauth", 279897, CURRENT),
    Api {
        ours: Some("app-webhooks"),
        ..api("webhooks", "webhooks", 147891, CURRENT)
    },
    api("webhooks-journal", "webhooks-journal", 284944, &["2026-03"]),
    // Calling and messaging.
    api("crm", "calling-extensions", 145891, CURRENT),
    api("crm", "transcriptions", 178922, CURRENT),
    api("conversations", "custom-channels", 160898, CURRENT),
    api("conversations", "visitor-identification", 140938, CURRENT),
];

/// Every published OpenAPI document with our counterpart, by version
/// (newest first), then in the order of [`APIS`].
pub fn all() -> Vec<Published> {
    VERSIONS
        .iter()
        .flat_map(|version| {
            APIS.iter()
                .filter(move |api| api.versions.contains(version))
                .map(move |api| entry(api, version))
        })
        .collect()
}

/// The published documents of `version`, in the order of [`all`].
pub fn of_version(version: &str) -> Vec<Published> {
    all().into_iter().filter(|p| p.version == version).collect()
}

fn entry(api: &Api, version: &'static str) -> Published {
    let stem = format!("{}--{}--{}", api.area, api.name, api.id);
    let published = if is_dated(version) {
        format!("published-dated/{stem}--{version}.json")
    } else {
        format!("published-{version}/{stem}.json")
    };
    Published {
        version,
        label: api.name,
        published,
        ours: format!("{version}/{}.yaml", api.ours.unwrap_or(api.name)),
    }
}

/// A date-based version (`2026-09`), as opposed to a numeric one (`v3`).
fn is_dated(version: &str) -> bool {
    !version.starts_with('v')
}

/// The Conversations JSON Schemas HubSpot publishes, by name: every version
/// takes its Conversations models from them.
pub const JSON_SCHEMAS: [&str; 17] = [
    "actor",
    "actor-collection",
    "attachment",
    "channel",
    "channel-collection",
    "inbox",
    "inbox-collection",
    "message",
    "message-collection",
    "message-recipient",
    "message-status",
    "paging",
    "paging-next",
    "send-message-request",
    "thread",
    "thread-collection",
    "update-thread-request",
];

/// The folder of the published JSON Schemas, relative to
/// `../shared/hubspot-specs`.
pub const JSON_SCHEMA_DIR: &str = "conversations-json-schema";

/// The published JSON Schema `name`, relative to [`JSON_SCHEMA_DIR`].
pub fn json_schema_published(name: &str) -> String {
    format!("conversations-api-{name}-schema.json")
}

/// Our JSON Schema `name`, relative to `specs/`.
pub fn json_schema_ours(name: &str) -> String {
    format!("conversations/{name}.schema.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_existing_versions_newest_first() {
        for api in APIS {
            let order: Vec<usize> = api
                .versions
                .iter()
                .map(|v| {
                    VERSIONS
                        .iter()
                        .position(|w| w == v)
                        .expect("a listed version")
                })
                .collect();
            assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", api.name);
        }
    }

    #[test]
    fn paths_follow_hubspot_and_specs_layouts() {
        let all = all();
        let find = |version: &str, label: &str| {
            all.iter()
                .find(|p| p.version == version && p.label == label)
                .unwrap_or_else(|| panic!("{version} {label}"))
        };
        // (version, HubSpot's label, the published file, ours).
        let cases = [
            (
                "v3",
                "contacts",
                "published-v3/crm--contacts--424.json",
                "v3/contacts.yaml",
            ),
            (
                "2026-09",
                "associations-schema",
                "published-dated/crm--associations-schema--130902--2026-09.json",
                "2026-09/associations-schema.yaml",
            ),
            (
                "v3",
                "conversations-inbox-and-messages",
                "published-v3/conversations--conversations-inbox-and-messages--54902.json",
                "v3/conversations.yaml",
            ),
            (
                "2026-09",
                "crm-owners",
                "published-dated/crm--crm-owners--146888--2026-09.json",
                "2026-09/owners.yaml",
            ),
        ];
        for (version, label, published, ours) in cases {
            let p = find(version, label);
            assert_eq!((p.published.as_str(), p.ours.as_str()), (published, ours));
        }
        // HubSpot publishes no 2026-03 Conversations.
        assert!(!all
            .iter()
            .any(|p| p.version == "2026-03" && p.label.starts_with("conversations")));
        let counts: Vec<usize> = VERSIONS.iter().map(|v| of_version(v).len()).collect();
        assert_eq!(counts, [20, 7, 5]);
        let p = find("2026-03", "webhooks-journal");
        assert_eq!(p.ours, "2026-03/webhooks-journal.yaml");
    }
}
