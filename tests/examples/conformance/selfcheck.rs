//! Requests that break a published Contacts spec, sent through the same
//! proxy and judged by the same [`report::evaluate`] as the client's calls:
//! each must be caught, in every version, or the checker proves nothing.

use crate::ops::{Called, Op};
use crate::report::{self, Record, Verdict};
use crate::{Mock, FAKE_TOKEN};

/// Both self-checks for every version of `ops`, against a mock of that
/// version's published Contacts spec.
pub async fn run(ops: &[Op], mocks: &[Mock]) -> Vec<Record> {
    let mut versions: Vec<&str> = Vec::new();
    for op in ops {
        if !versions.contains(&op.version) {
            versions.push(op.version);
        }
    }
    let mut records = Vec::new();
    for version in versions {
        records.extend(version_checks(version, ops, mocks).await);
    }
    records
}

/// A path template with the Contacts object type written in.
fn concrete(path: &str) -> String {
    path.replace("{objectType}", "contacts")
}

fn failed(version: &str, note: &str) -> Vec<Record> {
    vec![Record::SelfCheck {
        name: format!("{version}: an invalid request is caught"),
        ok: false,
        note: note.into(),
    }]
}

async fn version_checks(version: &str, ops: &[Op], mocks: &[Mock]) -> Vec<Record> {
    let find = |name: &str| {
        ops.iter()
            .find(|o| o.version == version && o.api == "contacts" && o.name == name)
    };
    let (Some(read), Some(page)) = (find("contacts().batch().read"), find("contacts().list"))
    else {
        return failed(version, "no Contacts batch read or page in this version");
    };
    let key = ("POST".to_string(), crate::spec::template(read.path));
    let Some(mock) = mocks
        .iter()
        .find(|m| m.version == version && m.label == "contacts" && m.operations.contains_key(&key))
    else {
        return failed(
            version,
            "no mock serves this version's Contacts spec, so the checker was not tried",
        );
    };
    let Ok(http) = reqwest::Client::builder().no_proxy().build() else {
        return failed(version, "cannot build an HTTP client");
    };
    let base = &mock.url;
    let cases = [
        (
            "an invalid request is caught (batch read without `inputs[].id` or `properties`)",
            http.post(format!("{base}{}", concrete(read.path)))
                .bearer_auth(FAKE_TOKEN)
                .header("content-type", "application/json")
                .body(r#"{"inputs":[{"email":"jane.doe@example.com"}]}"#),
        ),
        (
            "a request without credentials is caught",
            http.get(format!("{base}{}?limit=10", concrete(page.path))),
        ),
    ];
    let mut records = Vec::new();
    for (name, request) in cases {
        mock.recorder.take();
        let called = send(request).await;
        let verdict: Verdict = report::evaluate(&called, &mock.recorder.take(), Some(200));
        let caught = !verdict.request_ok && verdict.request_note.starts_with("request");
        records.push(Record::SelfCheck {
            name: format!("{version}: {name}"),
            ok: caught,
            note: if caught {
                format!("caught: {}", verdict.request_note)
            } else {
                format!("NOT caught: {}", verdict.request_note)
            },
        });
    }
    records
}

async fn send(request: reqwest::RequestBuilder) -> Called {
    match request.send().await {
        Ok(r) if r.status().is_success() => Called::Ok {
            status: r.status().as_u16(),
            violations: r
                .headers()
                .get("sl-violations")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
        },
        Ok(r) => Called::Failed {
            decode: false,
            message: format!("HTTP {}", r.status()),
        },
        Err(e) => Called::Failed {
            decode: false,
            message: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_bound_object_type_is_written_in() {
        assert_eq!(
            super::concrete("/crm/objects/2026-09/{objectType}/batch/read"),
            "/crm/objects/2026-09/contacts/batch/read"
        );
        assert_eq!(
            super::concrete("/crm/v3/objects/contacts/batch/read"),
            "/crm/v3/objects/contacts/batch/read"
        );
    }
}
