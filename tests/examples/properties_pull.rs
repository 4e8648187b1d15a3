//! `cargo xtask properties pull --object contacts`: reads a portal's property
//! definitions of one object from HubSpot's Properties API, through the
//! generated client's `crm_properties` API (with the token in `HUBSPOT_TOKEN`), and writes them to
//! `specs/properties/<object>.portal.yaml`. `cargo xtask codegen` then types
//! the portal's own properties too; the project's definitions of the same
//! names (`<object>.yaml`) stay first.
//!
//! Options: `--object NAME` (required), `--version V` (the Properties API
//! version, default `2026-09`), `--base-url URL` (default HubSpot's),
//! `--out DIR` (default `specs/properties`).

use hubspot_client::runtime;
use hubspot_client::Client;
use serde_json::{json, Map, Value};

/// The keys of a definition that the generator reads or a reviewer wants to
/// see; the rest (timestamps, user ids, display order) would only make the
/// file churn.
const KEPT: &[&str] = &[
    "name",
    "label",
    "type",
    "fieldType",
    "description",
    "groupName",
    "hasUniqueValue",
    "calculated",
    "externalOptions",
    "referencedObjectType",
    "modificationMetadata",
    "options",
];

/// The Properties API path of `object`'s definitions at `version`.
pub fn route(version: &str, object: &str) -> String {
    format!("/crm/properties/{version}/{object}")
}

/// Reads the definitions of `object` through the generated Properties API
/// (`crm_properties`) and returns the file to write. `specs/` describes the
/// Properties API at 2026-09 only: another version is refused.
pub async fn pull(client: &Client, version: &str, object: &str) -> Result<String, runtime::Error> {
    if version != "2026-09" {
        return Err(runtime::Error::InvalidRequest(format!(
            "the Properties API is generated at version 2026-09 only, not {version}"
        )));
    }
    let page = client
        .crm_properties(object)
        .list()
        .archived(false)
        .send()
        .await?;
    let body = serde_json::to_value(&page)
        .map_err(|e| runtime::Error::InvalidRequest(format!("re-encoding the definitions: {e}")))?;
    let path = route(version, object);
    Ok(definitions_file(object, &format!("GET {path}"), &body))
}

/// The YAML file for the Properties API answer `body`: the definitions that
/// are not archived, with the [`KEPT`] keys and options' labels and values,
/// sorted by name so that a second pull changes nothing.
pub fn definitions_file(object: &str, pulled_from: &str, body: &Value) -> String {
    let mut results: Vec<Value> = body["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["archived"] != json!(true))
        .map(keep)
        .collect();
    results.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    let file = json!({
        "objectType": object,
        "pulledFrom": pulled_from,
        "results": results,
    });
    let yaml = serde_yaml::to_string(&file).unwrap_or_default();
    format!(
        "# A portal's property definitions of {object}, written by `cargo xtask properties pull`.\n\
         # Pull again rather than edit; definitions of the same names in `{object}.yaml` come first.\n{yaml}"
    )
}

fn keep(def: &Value) -> Value {
    let mut out = Map::new();
    for key in KEPT {
        match (def.get(*key), *key) {
            (Some(Value::Array(options)), "options") => {
                let options: Vec<Value> = options
                    .iter()
                    .filter(|o| o["hidden"] != json!(true))
                    .map(|o| json!({"label": o["label"], "value": o["value"]}))
                    .collect();
                out.insert("options".into(), json!(options));
            }
            (Some(Value::Null) | None, _) => {}
            (Some(value), _) => {
                out.insert(key.to_string(), value.clone());
            }
        }
    }
    Value::Object(out)
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(path) => {
            println!("written: {path}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[allow(dead_code)]
async fn run() -> Result<String, String> {
    let mut object = None;
    let mut version = "2026-09".to_string();
    let mut base_url = None;
    let mut out = "specs/properties".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--object" => object = Some(value()?),
            "--version" => version = value()?,
            "--base-url" => base_url = Some(value()?),
            "--out" => out = value()?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    let object = object.ok_or("--object NAME is required (contacts, calls, …)")?;
    let token = std::env::var("HUBSPOT_TOKEN")
        .ok()
        .filter(|t| !t.is_empty())
        .ok_or("set HUBSPOT_TOKEN to a private app's access token")?;
    let mut builder = Client::builder().access_token(token);
    if let Some(url) = base_url {
        builder = builder.base_url(url);
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    let text = pull(&client, &version, &object)
        .await
        .map_err(|e| format!("{}: {e}", route(&version, &object)))?;
    let path = std::path::Path::new(&out).join(format!("{object}.portal.yaml"));
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.display().to_string())
}
