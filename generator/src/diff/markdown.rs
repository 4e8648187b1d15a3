//! The report as Markdown, for a pull request. Its last line is the
//! summary: `N operations added, N removed, N moved, N changed; N breaking`.

use super::model::{ApiReport, Change, OperationReport, OperationStatus, Report, Summary, Wire};
use std::fmt::Write;

/// The whole report: a table of the APIs, a section per API, the closing
/// lines.
pub fn render(report: &Report) -> String {
    let mut out = format!("# API changes: `{}` → `{}`\n\n", report.old, report.new);
    table(&mut out, report);
    for api in report.apis.iter().filter(|a| !a.operations.is_empty()) {
        out.push_str(&api_section(api));
    }
    out.push_str(&properties_section(&report.properties));
    closing(&mut out, &report.summary, report.emitted.probed);
    out
}

/// The changes of the property definitions, as a table (nothing without).
fn properties_section(changes: &[super::properties::PropertyChange]) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "## Property definitions (`specs/properties/`)\n\n| Object | Property | Change | Wire | Rust |\n|---|---|---|---|---|\n",
    );
    for c in changes {
        let property = if c.property.is_empty() {
            "—".to_string()
        } else {
            format!("`{}`", c.property)
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            c.object, property, c.detail, c.wire, c.rust
        );
    }
    out.push('\n');
    out
}

/// The table of the APIs and the closing lines, without the sections.
pub fn overview(report: &Report) -> String {
    let mut out = String::new();
    table(&mut out, report);
    closing(&mut out, &report.summary, report.emitted.probed);
    out
}

fn table(out: &mut String, report: &Report) {
    if report.apis.is_empty() {
        out.push_str("No API on either side.\n\n");
        return;
    }
    out.push_str("| API | Versions | Added | Removed | Moved | Changed | Breaking | Warnings | Not absorbed | Rust |\n");
    out.push_str("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for api in &report.apis {
        let s = &api.summary;
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            api.accessor,
            versions(api),
            s.added,
            s.removed,
            s.moved,
            s.changed,
            s.breaking,
            s.warnings,
            s.not_absorbed,
            s.rust
        );
    }
    out.push('\n');
}

fn versions(api: &ApiReport) -> String {
    let v = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    format!("{} → {}", v(&api.old), v(&api.new))
}

/// The section of one API: its summary line, then the operations added,
/// removed, moved and changed.
pub fn api_section(api: &ApiReport) -> String {
    let mut out = format!("## `{}` ({})\n\n", api.accessor, versions(api));
    let _ = writeln!(out, "{}. Rust: {}.\n", api.summary.line(), api.summary.rust);
    let with = |status: OperationStatus| -> Vec<&OperationReport> {
        api.operations
            .iter()
            .filter(|o| o.status == status)
            .collect()
    };
    for (title, status) in [
        ("Added", OperationStatus::Added),
        ("Removed", OperationStatus::Removed),
    ] {
        let ops = with(status);
        if !ops.is_empty() {
            let _ = writeln!(out, "### {title}\n\n| Operation | Rust |\n|---|---|");
            for op in ops {
                let _ = writeln!(out, "| `{} {}` | `{}` |", op.method, op.path(), op.rust);
            }
            out.push('\n');
        }
    }
    let moved = with(OperationStatus::Moved);
    if !moved.is_empty() {
        out.push_str("### Moved\n\n| Operation | From | Rust |\n|---|---|---|\n");
        for op in moved {
            let from = op.old_path.as_deref().unwrap_or_default();
            let _ = writeln!(
                out,
                "| `{} {}` | `{from}` | `{}` |",
                op.method,
                op.path(),
                op.rust
            );
        }
        out.push('\n');
    }
    let changed: Vec<&OperationReport> = api.operations.iter().filter(|o| o.is_changed()).collect();
    if !changed.is_empty() {
        out.push_str("### Changed\n\n");
        for op in changed {
            operation(&mut out, op);
        }
    }
    out
}

fn operation(out: &mut String, op: &OperationReport) {
    let _ = writeln!(out, "#### `{} {}` · `{}`\n", op.method, op.path(), op.rust);
    out.push_str("| Change | Where | Wire | Rust |\n|---|---|---|---|\n");
    for c in op.changes.iter().filter(|c| !c.kind.is_operation_level()) {
        let _ = writeln!(out, "{}", row(c));
    }
    out.push('\n');
}

fn row(c: &Change) -> String {
    let what = if c.detail.is_empty() {
        c.kind.name().replace('_', " ")
    } else {
        format!("{}: {}", c.kind.name().replace('_', " "), c.detail)
    };
    let mark = if c.not_absorbed() { " ⚠" } else { "" };
    let wire = match c.wire {
        Wire::Compatible => format!("compatible: {}", c.wire_reason),
        other => format!("**{other}**: {}", c.wire_reason),
    };
    format!(
        "| {} | {} | {} | {}{mark}: {} |",
        cell(&what),
        cell(&c.at),
        cell(&wire),
        c.rust,
        cell(&c.rust_effect)
    )
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn closing(out: &mut String, s: &Summary, probed: bool) {
    if s.not_absorbed > 0 {
        let _ = writeln!(
            out,
            "⚠ {} wire-compatible change(s) need a major version of the generated crate: it does not absorb them.\n",
            s.not_absorbed
        );
    }
    if !probed {
        out.push_str("The generator's output could not be probed: the Rust classification assumes nothing is `#[non_exhaustive]`.\n\n");
    }
    let _ = writeln!(
        out,
        "Wire: {} breaking, {} warning(s). Generated Rust API: {}.\n",
        s.breaking, s.warnings, s.rust
    );
    out.push_str(&s.line());
    out.push('\n');
}
