//! Prism's `sl-violations` header: a JSON array of
//! `{ "location": [...], "severity": "...", "code": ..., "message": "..." }`.

use serde::Deserialize;

/// One violation Prism found in a request or in its own response.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Violation {
    #[serde(default)]
    pub location: Vec<serde_json::Value>,
    #[serde(default)]
    pub severity: String,
    /// A JSON Schema keyword (`"required"`) or a status (`401`).
    #[serde(default)]
    pub code: serde_json::Value,
    #[serde(default)]
    pub message: String,
}

impl Violation {
    /// Located in the request (`["request", ...]`): our client's fault.
    pub fn in_request(&self) -> bool {
        self.location.first().and_then(|v| v.as_str()) == Some("request")
    }

    /// `request.body.inputs.0: message`.
    pub fn describe(&self) -> String {
        let location: Vec<String> = self
            .location
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        format!("{}: {}", location.join("."), self.message)
    }
}

/// Parses the header's value. A value that is not Prism's JSON array is an
/// error: the check must not pass because it could not read the verdict.
pub fn parse(header: &str) -> Result<Vec<Violation>, String> {
    serde_json::from_str(header)
        .map_err(|e| format!("unreadable sl-violations header ({e}): {header:.200}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The request violations in an optional header (absent: none), as
    /// `report::evaluate` sorts them.
    fn request_violations(header: Option<&str>) -> Result<Vec<Violation>, String> {
        match header {
            None => Ok(Vec::new()),
            Some(h) => Ok(parse(h)?
                .into_iter()
                .filter(Violation::in_request)
                .collect()),
        }
    }

    /// Prism 5's header for a batch read missing two required fields, with a
    /// violation in its own (error) response as well.
    const SAMPLE: &str = r#"[{"location":["request","body"],"severity":"Error","code":"required","message":"Request body must have required property 'properties'"},{"location":["request","body","inputs","0"],"severity":"Error","code":"required","message":"Request body property inputs.0 must have required property 'id'"},{"location":["response","body"],"severity":"Error","code":"type","message":"Response body must be object"}]"#;

    #[test]
    fn request_violations_are_kept_and_response_ones_dropped() {
        let found = request_violations(Some(SAMPLE)).expect("Prism's format parses");
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].describe(),
            "request.body: Request body must have required property 'properties'"
        );
        assert_eq!(
            found[1].describe(),
            "request.body.inputs.0: Request body property inputs.0 must have required property 'id'"
        );
        assert_eq!(found[0].code, serde_json::json!("required"));
    }

    #[test]
    fn a_security_violation_with_a_numeric_code_is_a_request_violation() {
        let header = r#"[{"location":["request"],"severity":"Error","code":401,"message":"Invalid security scheme used"}]"#;
        let found = request_violations(Some(header)).expect("parses");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].describe(), "request: Invalid security scheme used");
    }

    #[test]
    fn no_header_means_no_violation_but_a_garbled_one_is_an_error() {
        assert_eq!(request_violations(None), Ok(Vec::new()));
        let only_response = r#"[{"location":["response","body","id"],"severity":"Error","code":"type","message":"must be string"}]"#;
        assert_eq!(request_violations(Some(only_response)), Ok(Vec::new()));
        let err = request_violations(Some("not json")).expect_err("garbage is not a pass");
        assert!(err.contains("unreadable sl-violations header"), "{err}");
    }
}
