//! Verdicts on single calls, the records `check` writes, and the table
//! `report` prints from them.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::ops::Called;
use crate::proxy::Exchange;
use crate::violations;

/// The verdict on one call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Prism named no violation in the request and answered 2xx.
    pub request_ok: bool,
    /// Why not: the first violation Prism named, or what went wrong.
    pub request_note: String,
    /// `None`: not judged (Prism sent no success response to decode).
    pub decoded: Option<bool>,
    pub decode_note: String,
    /// Things Prism got wrong itself (violations in its own 2xx response).
    pub prism_notes: Vec<String>,
    /// Prism could not answer this call (it crashed generating the
    /// response, or its process was gone) and named no violation: nothing
    /// was judged, and the call fails.
    #[serde(default)]
    pub unjudged: Option<String>,
    /// The spec declares no success response for the operation (only
    /// `default`): the request is judged, the response cannot be.
    #[serde(default)]
    pub response_undeclared: bool,
}

impl Verdict {
    /// The request was judged valid and the response decoded (or the
    /// spec declares none); a call Prism could not judge does not pass.
    pub fn passed(&self) -> bool {
        self.unjudged.is_none()
            && self.request_ok
            && (self.decoded == Some(true) || self.response_undeclared)
    }

    fn not_sent(note: String) -> Self {
        Verdict {
            request_ok: false,
            request_note: note,
            decoded: None,
            decode_note: String::new(),
            prism_notes: Vec::new(),
            unjudged: None,
            response_undeclared: false,
        }
    }
}

/// Judges one call from what the client returned and what the proxy saw.
/// `code` is the status asked of Prism; `None` when the spec declares no
/// success status, so that only the request can be judged.
pub fn evaluate(called: &Called, exchanges: &[Exchange], code: Option<u16>) -> Verdict {
    let Some(code) = code else {
        let mut verdict = evaluate(called, exchanges, Some(200));
        if verdict.request_note.starts_with("Prism answered") {
            // A status without a violation: Prism's answer to a status the
            // spec does not declare says nothing of the request.
            verdict.request_ok = true;
            verdict.request_note.clear();
        }
        verdict.decoded = None;
        verdict.decode_note = "not judged: the published spec declares no success response".into();
        verdict.response_undeclared = true;
        return verdict;
    };
    if let Called::NotBuilt(message) = called {
        return Verdict::not_sent(format!("not sent: {message}"));
    }
    let exchange = match exchanges {
        [one] => one,
        [] => {
            let why = match called {
                Called::Failed { message, .. } => message.clone(),
                _ => "no error either".into(),
            };
            return Verdict::not_sent(format!("the client sent no request ({why})"));
        }
        many => {
            let sent: Vec<String> = many
                .iter()
                .map(|e| format!("{} {}", e.method, e.path_and_query))
                .collect();
            return Verdict::not_sent(format!(
                "the client sent {} requests with retries off: {}",
                many.len(),
                sent.join(", ")
            ));
        }
    };
    if let Some(e) = &exchange.proxy_error {
        if exchange.status.is_none() {
            // Prism's process is gone (it aborts on some circular schemas):
            // this spec cannot judge the call; the others still must.
            return Verdict {
                request_ok: true,
                unjudged: Some(format!("Prism's process did not answer ({e})")),
                ..Verdict::not_sent(String::new())
            };
        }
        return Verdict::not_sent(format!("proxy: {e}"));
    }
    // The header as the generated client received it when it returned a
    // response; the proxy's copy when it returned an error.
    let header = match called {
        Called::Ok { violations, .. } => violations.as_deref(),
        _ => exchange.violations.as_deref(),
    };
    let all = match header.map(violations::parse).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(e) => return Verdict::not_sent(e),
    };
    let (in_request, in_response): (Vec<_>, Vec<_>) =
        all.into_iter().partition(violations::Violation::in_request);
    let status = exchange.status.unwrap_or(0);
    let success = (200..300).contains(&status);
    let mut prism_notes = Vec::new();
    if success {
        prism_notes.extend(in_response.iter().map(|v| {
            format!(
                "Prism's own {status} response breaks the spec: {}",
                v.describe()
            )
        }));
    }
    if let (true, Some(failure)) = (in_request.is_empty(), &exchange.prism_error) {
        return Verdict {
            request_ok: true,
            request_note: String::new(),
            decoded: None,
            decode_note: String::new(),
            prism_notes,
            unjudged: Some(failure.clone()),
            response_undeclared: false,
        };
    }
    let request_note = match in_request.as_slice() {
        [] if success => String::new(),
        [] => format!(
            "Prism answered {status} without naming a violation ({} {})",
            exchange.method, exchange.path_and_query
        ),
        [first] => first.describe(),
        [first, rest @ ..] => format!("{} (+{} more)", first.describe(), rest.len()),
    };
    let (decoded, decode_note) = match (success, called) {
        (false, _) => (None, format!("not judged: Prism answered {status}")),
        (true, Called::Failed { message, .. }) => (Some(false), message.clone()),
        // The status asked for was never generated, so never decoded (the
        // call did not send the harness's `Prefer`?).
        (true, _) if status != code => (
            None,
            format!("not judged: asked Prism for {code}, it answered {status}"),
        ),
        (true, Called::Ok { .. }) => (Some(true), String::new()),
        (true, Called::NotBuilt(_)) => (None, String::new()),
    };
    Verdict {
        request_ok: in_request.is_empty() && success,
        request_note,
        decoded,
        decode_note,
        prism_notes,
        unjudged: None,
        response_undeclared: false,
    }
}

/// One call against one mock, for one status, in one run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckRecord {
    /// The API version; only published specs of this version judge it.
    pub version: String,
    pub api: String,
    pub name: String,
    pub method: String,
    pub path: String,
    /// Which published spec judged it.
    pub spec: String,
    pub code: u16,
    pub run: u32,
    pub seed: String,
    pub verdict: Verdict,
}

/// A line of `check`'s output file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Check(CheckRecord),
    /// An operation of ours no published spec of its version declares.
    OursOnly {
        version: String,
        api: String,
        name: String,
        method: String,
        path: String,
        local_test: Option<String>,
        local_test_found: bool,
    },
    /// An operation of `specs/` this program does not call (or the reverse).
    Unlisted {
        version: String,
        method: String,
        path: String,
        reason: String,
    },
    /// A deliberately wrong request that the checker must catch.
    SelfCheck {
        name: String,
        ok: bool,
        note: String,
    },
}

/// One table row: an operation, all its calls folded together.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub version: String,
    pub api: String,
    pub name: String,
    pub endpoint: String,
    pub specs: Vec<String>,
    pub codes: Vec<u16>,
    pub runs: Vec<u32>,
    pub calls: usize,
    /// Calls a spec could judge (Prism answered).
    pub judged: usize,
    /// The first call Prism could not judge (where, and why).
    pub unjudged: Option<String>,
    pub request: Result<(), String>,
    pub decoded: Result<(), String>,
}

impl Row {
    /// Every call asked of the operation (each judging spec, each success
    /// status it declares, each run) was judged, and none failed.
    pub fn passed(&self) -> bool {
        self.request.is_ok()
            && self.decoded.is_ok()
            && self.unjudged.is_none()
            && self.calls > 0
            && self.judged == self.calls
    }
}

/// An operation of ours no published spec of its version declares.
#[derive(Debug, Clone, PartialEq)]
pub struct OursOnly {
    pub version: String,
    pub api: String,
    pub name: String,
    pub endpoint: String,
    /// The local mock test that covers it, or why there is none.
    pub test: Result<String, String>,
}

#[derive(Debug, Default)]
pub struct Table {
    pub rows: Vec<Row>,
    pub ours_only: Vec<OursOnly>,
    pub unlisted: Vec<String>,
    pub self_checks: Vec<(String, bool, String)>,
    /// `run r, spec, code: note`, each once.
    pub prism_notes: Vec<String>,
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

impl Table {
    pub fn build(records: &[Record]) -> Table {
        let mut t = Table::default();
        for record in records {
            match record {
                Record::Check(c) => t.add_check(c),
                Record::OursOnly {
                    version,
                    api,
                    name,
                    method,
                    path,
                    local_test,
                    local_test_found,
                } => {
                    if t.ours_only
                        .iter()
                        .any(|o| &o.version == version && &o.name == name)
                    {
                        continue;
                    }
                    let test = match (local_test, local_test_found) {
                        (Some(test), true) => Ok(test.clone()),
                        (Some(test), false) => Err(format!("{test} is missing")),
                        (None, _) => Err("no local mock test is named for it".into()),
                    };
                    t.ours_only.push(OursOnly {
                        version: version.clone(),
                        api: api.clone(),
                        name: name.clone(),
                        endpoint: format!("{method} {path}"),
                        test,
                    });
                }
                Record::Unlisted {
                    version,
                    method,
                    path,
                    reason,
                } => push_unique(
                    &mut t.unlisted,
                    format!("{version} {method} {path}: {reason}"),
                ),
                Record::SelfCheck { name, ok, note } => {
                    // One row per self-check; a failure in any run wins.
                    match t.self_checks.iter_mut().find(|(n, _, _)| n == name) {
                        Some(existing) if existing.1 && !ok => {
                            *existing = (name.clone(), *ok, note.clone())
                        }
                        Some(_) => {}
                        None => t.self_checks.push((name.clone(), *ok, note.clone())),
                    }
                }
            }
        }
        t
    }

    /// Folds one call into the row of its operation (version and name).
    fn add_check(&mut self, c: &CheckRecord) {
        let at = format!("run {} (seed {}), {} {}", c.run, c.seed, c.spec, c.code);
        let index = match self
            .rows
            .iter()
            .position(|r| r.version == c.version && r.name == c.name)
        {
            Some(i) => i,
            None => {
                self.rows.push(Row {
                    version: c.version.clone(),
                    api: c.api.clone(),
                    name: c.name.clone(),
                    endpoint: format!("{} {}", c.method, c.path),
                    specs: Vec::new(),
                    codes: Vec::new(),
                    runs: Vec::new(),
                    calls: 0,
                    judged: 0,
                    unjudged: None,
                    request: Ok(()),
                    decoded: Ok(()),
                });
                self.rows.len() - 1
            }
        };
        let row = &mut self.rows[index];
        push_unique(&mut row.specs, c.spec.clone());
        push_unique(&mut row.codes, c.code);
        push_unique(&mut row.runs, c.run);
        row.calls += 1;
        let v = &c.verdict;
        if let Some(failure) = &v.unjudged {
            // Neither the request nor the response was judged: the
            // operation fails, whatever its other calls came to.
            push_unique(
                &mut self.prism_notes,
                format!(
                    "{} {} ({} {}): no response, the operation fails: {failure}",
                    c.version, c.name, c.spec, c.code
                ),
            );
            if row.unjudged.is_none() {
                row.unjudged = Some(format!("{at}: {failure}"));
            }
            return;
        }
        row.judged += 1;
        if !v.request_ok && row.request.is_ok() {
            row.request = Err(format!("{at}: {}", v.request_note));
        }
        if v.response_undeclared {
            push_unique(
                &mut self.prism_notes,
                format!(
                    "{} {} ({}): the published spec declares no success response; only the request was judged",
                    c.version, c.name, c.spec
                ),
            );
        } else if v.decoded != Some(true) && row.decoded.is_ok() {
            let note = if v.decode_note.is_empty() {
                "not judged".to_string()
            } else {
                v.decode_note.clone()
            };
            row.decoded = Err(format!("{at}: {note}"));
        }
        for note in &v.prism_notes {
            push_unique(
                &mut self.prism_notes,
                format!(
                    "{} {} ({}, {} {}): {note}",
                    c.version, c.name, c.spec, c.code, c.seed
                ),
            );
        }
    }

    /// The versions with rows, in the order the records came.
    pub fn versions(&self) -> Vec<&str> {
        let mut versions = Vec::new();
        for r in &self.rows {
            push_unique(&mut versions, r.version.as_str());
        }
        for o in &self.ours_only {
            push_unique(&mut versions, o.version.as_str());
        }
        versions
    }

    pub fn passed(&self) -> usize {
        self.rows.iter().filter(|r| r.passed()).count()
            + self.self_checks.iter().filter(|s| s.1).count()
    }

    /// Failed rows, self-checks, unlisted operations and ours-only
    /// operations without their local test.
    pub fn failed(&self) -> usize {
        self.rows.iter().filter(|r| !r.passed()).count()
            + self.self_checks.iter().filter(|s| !s.1).count()
            + self.unlisted.len()
            + self.ours_only.iter().filter(|o| o.test.is_err()).count()
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let versions = self.versions();
        for version in &versions {
            out.push_str(&self.render_version(version));
        }
        if !self.ours_only.is_empty() {
            out.push_str(
                "\nOurs only: no published spec of their version declares these; local mock tests exercise them instead:\n",
            );
            for o in &self.ours_only {
                let test = match &o.test {
                    Ok(t) => t.clone(),
                    Err(e) => format!("FAILED: {e}"),
                };
                let _ = writeln!(
                    out,
                    "  {:<8} {:<15} {:<42} {}  -> {test}",
                    o.version, o.api, o.name, o.endpoint
                );
            }
        }
        if !self.unlisted.is_empty() {
            out.push_str("\nFAILED: operations not checked:\n");
            for u in &self.unlisted {
                let _ = writeln!(out, "  {u}");
            }
        }
        if !self.self_checks.is_empty() {
            out.push_str("\nSelf-checks (requests that break the spec must be reported):\n");
            for (name, ok, note) in &self.self_checks {
                let verdict = if *ok { "passed" } else { "FAILED" };
                let _ = writeln!(out, "  self-check: {name}: {verdict}: {note}");
            }
        }
        out.push_str("\nPrism could not judge:\n");
        if self.prism_notes.is_empty() {
            out.push_str("  nothing: every success response Prism generated met its own spec.\n");
        } else {
            for n in &self.prism_notes {
                let _ = writeln!(out, "  {n}");
            }
        }
        out.push_str("\nPer version (operations judged by a published spec of the version):\n");
        for version in &versions {
            let rows: Vec<&Row> = self.rows.iter().filter(|r| r.version == *version).collect();
            let passed = rows.iter().filter(|r| r.passed()).count();
            let _ = writeln!(
                out,
                "  {version}: {} operations, {passed} passed, {} failed",
                rows.len(),
                rows.len() - passed
            );
        }
        let _ = writeln!(out, "\n{} passed, {} failed", self.passed(), self.failed());
        out
    }

    /// The table of one version and its totals per API.
    fn render_version(&self, version: &str) -> String {
        let rows: Vec<&Row> = self.rows.iter().filter(|r| r.version == version).collect();
        let passed = rows.iter().filter(|r| r.passed()).count();
        let mut out = format!(
            "\n== {version}: {} operations, {passed} passed, {} failed\n\n",
            rows.len(),
            rows.len() - passed
        );
        out.push_str(&grid(&rows));
        let _ = writeln!(
            out,
            "\nPer API ({version} operations in HubSpot's published specs of {version}):"
        );
        let mut apis: Vec<&str> = Vec::new();
        for r in &rows {
            push_unique(&mut apis, r.api.as_str());
        }
        for api in apis {
            let rows: Vec<&&Row> = rows.iter().filter(|r| r.api == api).collect();
            let passed = rows.iter().filter(|r| r.passed()).count();
            let mut runs: Vec<u32> = rows.iter().flat_map(|r| r.runs.clone()).collect();
            runs.sort();
            runs.dedup();
            let calls: usize = rows.iter().map(|r| r.calls).sum();
            let judged: usize = rows.iter().map(|r| r.judged).sum();
            let _ = writeln!(
                out,
                "  {api}: {passed} passed, {} failed ({} run(s), {judged} of {calls} calls judged)",
                rows.len() - passed,
                runs.len()
            );
        }
        out
    }
}

/// The rows as a Markdown-like grid.
fn grid(rows: &[&Row]) -> String {
    let header = [
        "API",
        "operation",
        "method and path",
        "judged by",
        "request valid",
        "response decoded",
    ];
    let cells: Vec<[String; 6]> = rows.iter().map(|r| cells(r)).collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            // Long failure notes are not padded for.
            *w = (*w).max(c.chars().count().min(70));
        }
    }
    let line = |cols: &[String]| -> String {
        let mut s = String::from("|");
        for (c, w) in cols.iter().zip(widths) {
            let _ = write!(s, " {c:<w$} |");
        }
        s.push('\n');
        s
    };
    let mut out = line(&header.map(String::from));
    out.push_str(&line(&widths.map(|w| "-".repeat(w))));
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}

fn cells(r: &Row) -> [String; 6] {
    let mut codes: Vec<String> = r.codes.iter().map(u16::to_string).collect();
    codes.sort();
    [
        r.api.clone(),
        r.name.clone(),
        r.endpoint.clone(),
        format!(
            "{} [{}] x{} run(s), {}/{} calls judged",
            r.specs.join("+"),
            codes.join(","),
            r.runs.len(),
            r.judged,
            r.calls
        ),
        match (&r.request, &r.unjudged) {
            (Err(e), _) => format!("NO: {e}"),
            (Ok(()), Some(u)) if r.judged == 0 => {
                format!("NO: no published spec could judge it ({u})")
            }
            (Ok(()), Some(u)) => format!(
                "NO: {} of {} calls not judged ({u})",
                r.calls - r.judged,
                r.calls
            ),
            (Ok(()), None) if r.judged == 0 => "NO: no published spec could judge it".into(),
            (Ok(()), None) => "yes".into(),
        },
        match &r.decoded {
            Ok(()) => "yes".into(),
            Err(e) => format!("NO: {e}"),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(status: u16, violations: Option<&str>) -> Exchange {
        Exchange {
            method: "POST".into(),
            path_and_query: "/crm/v3/objects/contacts/batch/read".into(),
            status: Some(status),
            violations: violations.map(String::from),
            proxy_error: None,
            prism_error: None,
        }
    }

    const BODY_VIOLATION: &str = r#"[{"location":["request","body","inputs","0"],"severity":"Error","code":"required","message":"Request body property inputs.0 must have required property 'id'"}]"#;

    #[test]
    fn a_request_violation_behind_an_error_status_fails_the_request_column() {
        let called = Called::Failed {
            decode: false,
            message: "HubSpot API error 422".into(),
        };
        let v = evaluate(&called, &[exchange(422, Some(BODY_VIOLATION))], Some(200));
        assert!(!v.request_ok);
        assert_eq!(
            v.request_note,
            "request.body.inputs.0: Request body property inputs.0 must have required property 'id'"
        );
        assert_eq!(v.decoded, None, "an error response is not a decode verdict");
        assert!(!v.passed());
    }

    #[test]
    fn without_a_declared_success_only_the_request_is_judged() {
        let failed = Called::Failed {
            decode: true,
            message: "could not decode".into(),
        };
        let v = evaluate(&failed, &[exchange(200, None)], None);
        assert!(v.passed(), "{v:?}");
        assert_eq!(v.decoded, None);
        let v = evaluate(&failed, &[exchange(400, None)], None);
        assert!(v.passed(), "{v:?}");
        let v = evaluate(&failed, &[exchange(422, Some(BODY_VIOLATION))], None);
        assert!(!v.passed(), "a request violation still fails: {v:?}");
        let v = evaluate(&failed, &[], None);
        assert!(!v.passed(), "no request sent: {v:?}");
    }

    #[test]
    fn a_valid_request_whose_body_decoded_passes() {
        let called = Called::Ok {
            status: 207,
            violations: None,
        };
        let v = evaluate(&called, &[exchange(207, None)], Some(207));
        assert!(v.passed(), "{v:?}");
        assert!(v.prism_notes.is_empty());
    }

    #[test]
    fn a_decode_error_on_a_success_status_fails_the_decode_column() {
        let called = Called::Failed {
            decode: true,
            message: "cannot decode the 200 response at results[0].createdAt".into(),
        };
        let v = evaluate(&called, &[exchange(200, None)], Some(200));
        assert!(v.request_ok);
        assert_eq!(v.decoded, Some(false));
        assert!(v.decode_note.contains("results[0].createdAt"));
    }

    #[test]
    fn no_request_or_a_retried_one_is_a_failure() {
        let called = Called::Failed {
            decode: false,
            message: "connection refused".into(),
        };
        let v = evaluate(&called, &[], Some(200));
        assert!(!v.request_ok && v.request_note.contains("connection refused"));
        let mut gone = exchange(0, None);
        gone.status = None;
        gone.proxy_error = Some("Prism could not be reached: connection refused".into());
        let v = evaluate(&called, &[gone], Some(200));
        assert!(v.unjudged.is_some() && v.decoded.is_none(), "{v:?}");
        let ok = Called::Ok {
            status: 200,
            violations: None,
        };
        let v = evaluate(&ok, &[exchange(200, None), exchange(200, None)], Some(200));
        assert!(!v.passed() && v.request_note.contains("2 requests"));
    }

    #[test]
    fn an_error_status_without_violations_is_not_a_pass() {
        let called = Called::Failed {
            decode: false,
            message: "HubSpot API error 404".into(),
        };
        let v = evaluate(&called, &[exchange(404, None)], Some(200));
        assert!(!v.request_ok);
        assert!(v.request_note.starts_with("Prism answered 404"));
    }

    #[test]
    fn prism_faults_are_noted_without_failing_the_call() {
        let header = r#"[{"location":["response","body","id"],"severity":"Error","code":"type","message":"must be string"}]"#;
        let called = Called::Ok {
            status: 200,
            violations: Some(header.into()),
        };
        let v = evaluate(&called, &[exchange(200, Some(header))], Some(200));
        assert!(v.passed());
        assert_eq!(
            v.prism_notes,
            ["Prism's own 200 response breaks the spec: response.body.id: must be string"]
        );
    }

    #[test]
    fn a_success_status_other_than_the_one_asked_is_not_judged() {
        let called = Called::Ok {
            status: 200,
            violations: None,
        };
        let v = evaluate(&called, &[exchange(200, None)], Some(207));
        assert!(v.request_ok && !v.passed(), "{v:?}");
        assert_eq!(v.decoded, None);
        assert_eq!(
            v.decode_note,
            "not judged: asked Prism for 207, it answered 200"
        );
        let table = Table::build(&[check("contacts().batch().read", 1, v)]);
        assert!(!table.rows[0].passed());
    }

    #[test]
    fn a_prism_crash_is_not_judged_and_a_row_with_only_crashes_fails() {
        let mut crashed = exchange(500, None);
        crashed.prism_error = Some("Prism failed: Maximum call stack size exceeded".into());
        let called = Called::Failed {
            decode: false,
            message: "HubSpot API error 500".into(),
        };
        let v = evaluate(&called, std::slice::from_ref(&crashed), Some(200));
        assert!(!v.passed() && v.request_ok && v.decoded.is_none(), "{v:?}");
        assert_eq!(
            v.unjudged.as_deref(),
            Some("Prism failed: Maximum call stack size exceeded")
        );
        let table = Table::build(&[check("conversations().actors().get", 1, v.clone())]);
        assert!(!table.rows[0].passed(), "nothing judged it");
        assert!(table.render().contains("no published spec could judge it"));
        // A named request violation still fails, crash or not.
        crashed.violations = Some(BODY_VIOLATION.into());
        let v = evaluate(&called, &[crashed], Some(200));
        assert!(!v.passed() && v.unjudged.is_none());
    }

    fn check(name: &str, run: u32, verdict: Verdict) -> Record {
        check_in("v3", name, run, verdict)
    }

    /// One call of `name` against `spec`, asking for `code`.
    fn call(name: &str, spec: &str, code: u16, verdict: Verdict) -> Record {
        Record::Check(CheckRecord {
            version: "2026-09".into(),
            api: "contacts".into(),
            name: name.into(),
            method: "POST".into(),
            path: "/crm/objects/2026-09/{objectType}/batch/read".into(),
            spec: spec.into(),
            code,
            run: 1,
            seed: "1".into(),
            verdict,
        })
    }

    #[test]
    fn an_operation_with_one_call_prism_could_not_judge_fails() {
        let ok = Called::Ok {
            status: 200,
            violations: None,
        };
        let judged = evaluate(&ok, &[exchange(200, None)], Some(200));
        assert!(judged.passed(), "{judged:?}");
        let mut crashed = exchange(500, None);
        crashed.prism_error = Some("Prism failed: Maximum call stack size exceeded".into());
        let error = Called::Failed {
            decode: false,
            message: "HubSpot API error 500".into(),
        };
        let unjudged = evaluate(&error, &[crashed], Some(207));
        assert!(
            unjudged.unjudged.is_some() && !unjudged.passed(),
            "{unjudged:?}"
        );
        // Prism's process gone: no status, the proxy could not reach it.
        let mut gone = exchange(0, None);
        gone.status = None;
        gone.proxy_error = Some("Prism could not be reached: connection refused".into());
        let lost = evaluate(&error, &[gone], Some(200));
        assert!(lost.unjudged.is_some() && !lost.passed(), "{lost:?}");

        let table = Table::build(&[
            // 200 judged and passed, 207 not judged: the operation fails.
            call("contacts().batch().read", "contacts", 200, judged.clone()),
            call("contacts().batch().read", "contacts", 207, unjudged),
            // Judged by one spec, lost by another: fails too.
            call("contacts().list", "contacts", 200, judged.clone()),
            call("contacts().list", "crm-objects", 200, lost),
            // Every call judged: passes.
            call("contacts().get", "contacts", 200, judged.clone()),
            call("contacts().get", "crm-objects", 200, judged),
        ]);
        let verdicts: Vec<(&str, bool, usize, usize)> = table
            .rows
            .iter()
            .map(|r| (r.name.as_str(), r.passed(), r.judged, r.calls))
            .collect();
        assert_eq!(
            verdicts,
            [
                ("contacts().batch().read", false, 1, 2),
                ("contacts().list", false, 1, 2),
                ("contacts().get", true, 2, 2),
            ]
        );
        assert_eq!(
            table.rows[0].unjudged.as_deref(),
            Some("run 1 (seed 1), contacts 207: Prism failed: Maximum call stack size exceeded")
        );
        assert_eq!((table.passed(), table.failed()), (1, 2));
        let text = table.render();
        assert!(
            text.contains(
                "NO: 1 of 2 calls not judged (run 1 (seed 1), contacts 207: Prism failed: Maximum call stack size exceeded)"
            ),
            "{text}"
        );
        assert!(
            text.contains("2026-09 contacts().list (crm-objects 200): no response, the operation fails: Prism's process did not answer"),
            "{text}"
        );
        assert!(
            text.contains("== 2026-09: 3 operations, 1 passed, 2 failed"),
            "{text}"
        );
        assert!(text.ends_with("1 passed, 2 failed\n"), "{text}");
    }

    #[test]
    fn a_crash_where_only_the_request_can_be_judged_fails_too() {
        let mut crashed = exchange(500, None);
        crashed.prism_error = Some("Prism failed: TypeError: x is undefined".into());
        let error = Called::Failed {
            decode: false,
            message: "HubSpot API error 500".into(),
        };
        let v = evaluate(&error, &[crashed], None);
        assert!(v.response_undeclared && v.unjudged.is_some(), "{v:?}");
        assert!(!v.passed(), "{v:?}");
        let table = Table::build(&[call("oauth().token()", "oauth", 200, v)]);
        assert!(!table.rows[0].passed());
        assert_eq!(table.failed(), 1);
    }

    fn check_in(version: &str, name: &str, run: u32, verdict: Verdict) -> Record {
        Record::Check(CheckRecord {
            version: version.into(),
            api: "contacts".into(),
            name: name.into(),
            method: "GET".into(),
            path: "/crm/v3/objects/contacts".into(),
            spec: "contacts".into(),
            code: 200,
            run,
            seed: run.to_string(),
            verdict,
        })
    }

    #[test]
    fn one_failing_run_fails_the_row_and_the_totals() {
        let good = evaluate(
            &Called::Ok {
                status: 200,
                violations: None,
            },
            &[exchange(200, None)],
            Some(200),
        );
        let bad = evaluate(
            &Called::Failed {
                decode: true,
                message: "bad date".into(),
            },
            &[exchange(200, None)],
            Some(200),
        );
        let records = vec![
            check("contacts().list", 1, good.clone()),
            check("contacts().list", 2, bad),
            check("contacts().create", 1, good),
            Record::SelfCheck {
                name: "an invalid request is caught".into(),
                ok: true,
                note: "caught".into(),
            },
            Record::OursOnly {
                version: "v3".into(),
                api: "calls".into(),
                name: "calls().associations().create".into(),
                method: "PUT".into(),
                path: "/x".into(),
                local_test: Some("tests/associations.rs::t".into()),
                local_test_found: false,
            },
        ];
        let table = Table::build(&records);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(
            table.rows[0].decoded,
            Err("run 2 (seed 2), contacts 200: bad date".into())
        );
        assert_eq!(table.passed(), 2);
        assert_eq!(table.failed(), 2, "the row and the missing local test");
        let text = table.render();
        assert!(text.ends_with("2 passed, 2 failed\n"), "{text}");
        assert!(text.contains("contacts: 1 passed, 1 failed (2 run(s), 3 of 3 calls judged)"));
        assert!(text.contains("FAILED: tests/associations.rs::t is missing"));
    }

    #[test]
    fn each_version_has_its_table_and_the_last_line_counts_them_all() {
        let good = evaluate(
            &Called::Ok {
                status: 200,
                violations: None,
            },
            &[exchange(200, None)],
            Some(200),
        );
        let bad = evaluate(
            &Called::Failed {
                decode: true,
                message: "bad enum".into(),
            },
            &[exchange(200, None)],
            Some(200),
        );
        let records = vec![
            check_in("2026-09", "contacts().list", 1, bad),
            check_in("v3", "contacts().list", 1, good.clone()),
            check_in("2026-09", "contacts().create", 1, good),
        ];
        let table = Table::build(&records);
        assert_eq!(table.rows.len(), 3, "one row per version and name");
        assert_eq!(table.versions(), ["2026-09", "v3"]);
        let text = table.render();
        let at_2026 = text.find("== 2026-09: 2 operations, 1 passed, 1 failed");
        let at_v3 = text.find("== v3: 1 operations, 1 passed, 0 failed");
        assert!(at_2026.is_some() && at_v3 > at_2026, "{text}");
        assert!(text.contains("  2026-09: 2 operations, 1 passed, 1 failed\n"));
        assert!(text.ends_with("2 passed, 1 failed\n"), "{text}");
    }
}
