//! Which APIs the client reaches at its root (`client.contacts()`,
//! `hubspot_client::contacts`) besides through their version, and the cargo
//! feature that builds each.

use crate::ir::Crate;

/// Sets [`crate::ir::Api::at_root`]: an API without a version is at the
/// root; of the versioned APIs of one name, the default version's is, and
/// when the default version lacks that API, the newest older version's (the
/// versions are listed newest first). A version newer than the default is
/// never at the root: it is not the one the client speaks yet.
pub fn place(krate: &mut Crate) {
    name_features(krate);
    let Some(default) = krate.versions.iter().position(|v| v.default) else {
        for api in &mut krate.apis {
            api.at_root = api.api_version.is_none();
        }
        return;
    };
    let rank = |name: &Option<String>| {
        name.as_ref()
            .and_then(|n| krate.versions.iter().position(|v| &v.name == n))
    };
    let ranks: Vec<Option<usize>> = krate.apis.iter().map(|a| rank(&a.api_version)).collect();
    let chosen: Vec<bool> = krate
        .apis
        .iter()
        .zip(&ranks)
        .map(|(api, rank)| match rank {
            None => api.api_version.is_none(),
            Some(r) if *r < default => false,
            Some(r) => !krate.apis.iter().zip(&ranks).any(|(other, o)| {
                other.accessor == api.accessor && o.is_some_and(|o| o >= default && o < *r)
            }),
        })
        .collect();
    for (api, at_root) in krate.apis.iter_mut().zip(chosen) {
        api.at_root = at_root;
    }
}

/// Sets [`crate::ir::Api::feature`]: the version's feature and the API's
/// accessor, `-` between words (`v2026-09-contacts`).
fn name_features(krate: &mut Crate) {
    for api in &mut krate.apis {
        api.feature = krate
            .versions
            .iter()
            .find(|v| Some(&v.name) == api.api_version.as_ref())
            .map(|v| crate::naming::feature(&v.feature, &api.accessor));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Api, ApiVersion, Service, Support};

    fn api(accessor: &str, version: Option<&str>) -> Api {
        Api {
            module: format!("{}_{accessor}", version.unwrap_or("none")),
            accessor: accessor.into(),
            title: accessor.into(),
            version: String::new(),
            description: None,
            source: String::new(),
            types: Vec::new(),
            root: Service {
                accessor: accessor.into(),
                struct_name: None,
                operations: Vec::new(),
                children: Vec::new(),
            },
            shared: Vec::new(),
            api_version: version.map(str::to_string),
            params: Vec::new(),
            typed: None,
            at_root: false,
            feature: None,
        }
    }

    fn version(name: &str, default: bool) -> ApiVersion {
        ApiVersion {
            name: name.into(),
            module: name.into(),
            feature: name.into(),
            default,
            support: Support::default(),
        }
    }

    fn roots(apis: Vec<Api>) -> Vec<String> {
        let mut krate = Crate {
            name: "c".into(),
            version: "0.0.0".into(),
            description: String::new(),
            apis,
            versions: vec![
                version("2027-03", false),
                version("2026-09", true),
                version("2026-03", false),
                version("v3", false),
            ],
            shared: Vec::new(),
            properties: None,
            publish: false,
            layout: Default::default(),
        };
        place(&mut krate);
        krate
            .apis
            .iter()
            .filter(|a| a.at_root)
            .map(|a| a.module.clone())
            .collect()
    }

    #[test]
    fn the_default_version_wins_and_an_older_one_fills_in() {
        let apis = vec![
            api("contacts", Some("2027-03")),
            api("contacts", Some("2026-09")),
            api("contacts", Some("2026-03")),
            api("contacts", Some("v3")),
            api("journal", Some("2026-03")),
            api("engagements", Some("v3")),
            api("leads", Some("2027-03")),
            api("schema", None),
        ];
        assert_eq!(
            roots(apis),
            [
                "2026-09_contacts",
                "2026-03_journal",
                "v3_engagements",
                "none_schema"
            ]
        );
    }
}
