//! `cargo xtask api-diff --against-openapi-diff`: api-diff and the npm
//! package `openapi-diff` side by side on every pair of consecutive
//! published versions of an API in `../shared/hubspot-specs` (v3 → 2026-03,
//! 2026-03 → 2026-09; Conversations v3 → 2026-09, HubSpot publishes no
//! 2026-03 of it). Every change openapi-diff calls breaking must appear in
//! api-diff's report, as a moved, removed or changed operation; the command
//! fails otherwise. What is absent (`../shared`, Node.js, the package) is
//! said and skipped.

use crate::error::Result;
use crate::published::{self, Published};
use hubspot_codegen::diff::{self, OperationStatus, Report, Source};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Runs every published pair through both tools (found in `DIR` with
/// `node_modules/openapi-diff`, as `scripts/install-openapi-diff.sh` leaves
/// it in `target/openapi-diff`).
const RUNNER: &str = r#"// Written by `cargo xtask api-diff --against-openapi-diff`.
const od = require('openapi-diff');
const fs = require('fs');
const pairs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const spec = (path) => ({content: fs.readFileSync(path, 'utf8'), location: path, format: 'openapi3'});
const where = (details) => (details || []).map((d) => d.location);
(async () => {
  const out = [];
  for (const [from, to] of pairs) {
    const start = process.hrtime.bigint();
    try {
      const r = await od.diffSpecs({sourceSpec: spec(from), destinationSpec: spec(to)});
      out.push({
        ms: Number(process.hrtime.bigint() - start) / 1e6,
        breaking: r.breakingDifferences.map((d) => ({
          code: d.code,
          source: where(d.sourceSpecEntityDetails),
          destination: where(d.destinationSpecEntityDetails),
        })),
        others: r.nonBreakingDifferences.length + r.unclassifiedDifferences.length,
      });
    } catch (e) {
      out.push({error: String((e && e.message) || e)});
    }
  }
  process.stdout.write(JSON.stringify(out));
})();
"#;

/// Two published files of one API.
struct Pair {
    label: &'static str,
    from: &'static str,
    to: &'static str,
    old: PathBuf,
    new: PathBuf,
}

/// What openapi-diff found in one pair.
struct Theirs {
    ms: f64,
    /// `(code, old side?, location)` of each breaking difference.
    breaking: Vec<(String, bool, String)>,
    others: usize,
}

pub fn command(root: &Path) -> ExitCode {
    let shared = root.join("../shared/hubspot-specs");
    if !shared.is_dir() {
        println!(
            "skipped: {} is absent, so there is nothing to compare.",
            shared.display()
        );
        return ExitCode::SUCCESS;
    }
    let dir = root.join("target/openapi-diff");
    if !dir.join("node_modules/openapi-diff").is_dir() {
        println!("skipped: openapi-diff is not installed in {}; run scripts/install-openapi-diff.sh (needs Node.js and npm).", dir.display());
        return ExitCode::SUCCESS;
    }
    let pairs = pairs(&shared);
    let started = Instant::now();
    let theirs = match run_openapi_diff(&dir, &pairs) {
        Ok(theirs) => theirs,
        Err(e) => {
            println!("skipped: openapi-diff could not run: {e}");
            return ExitCode::SUCCESS;
        }
    };
    let node_wall = started.elapsed().as_secs_f64();
    let mut rows = Vec::new();
    let mut missed = Vec::new();
    for (pair, theirs) in pairs.iter().zip(theirs) {
        match compare(pair, theirs) {
            Ok((row, mut gaps)) => {
                rows.push(row);
                missed.append(&mut gaps);
            }
            Err(e) => missed.push(format!("{}: {e}", pair.label)),
        }
    }
    println!("{}", table(&rows));
    println!("openapi-diff ran in one Node process: {node_wall:.1} s in all, start-up and loading the package included.");
    if missed.is_empty() {
        println!("Every breaking change openapi-diff reports is in api-diff's reports, as a moved, removed or changed operation.");
        ExitCode::SUCCESS
    } else {
        println!("Not in api-diff's reports:");
        for m in &missed {
            println!("  {m}");
        }
        ExitCode::FAILURE
    }
}

/// Consecutive published versions of each API, oldest first.
fn pairs(shared: &Path) -> Vec<Pair> {
    let all = published::all();
    let mut labels: Vec<&str> = all.iter().map(|p| p.label).collect();
    labels.sort();
    labels.dedup();
    let mut out = Vec::new();
    for label in labels {
        // `published::all` lists versions newest first.
        let mut versions: Vec<&Published> = all.iter().filter(|p| p.label == label).collect();
        versions.reverse();
        for w in versions.windows(2) {
            let (old, new) = (shared.join(&w[0].published), shared.join(&w[1].published));
            if old.is_file() && new.is_file() {
                out.push(Pair {
                    label,
                    from: w[0].version,
                    to: w[1].version,
                    old,
                    new,
                });
            } else {
                println!(
                    "skipped {label} {} → {}: a published file is absent",
                    w[0].version, w[1].version
                );
            }
        }
    }
    out
}

/// openapi-diff's findings per pair, or why it could not run at all.
fn run_openapi_diff(dir: &Path, pairs: &[Pair]) -> Result<Vec<Result<Theirs>>> {
    let runner = dir.join("compare.js");
    std::fs::write(&runner, RUNNER).map_err(|e| format!("{}: {e}", runner.display()))?;
    let list: Vec<[String; 2]> = pairs
        .iter()
        .map(|p| [p.old.display().to_string(), p.new.display().to_string()])
        .collect();
    let input = dir.join("pairs.json");
    let json = serde_json::to_string(&list).map_err(|e| e.to_string())?;
    std::fs::write(&input, json).map_err(|e| format!("{}: {e}", input.display()))?;
    let output = Command::new("node")
        .arg(&runner)
        .arg(&input)
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr)
            .trim()
            .to_string()
            .into());
    }
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    Ok(results.iter().map(theirs).collect())
}

fn theirs(v: &Value) -> Result<Theirs> {
    if let Some(e) = v["error"].as_str() {
        return Err(e.to_string().into());
    }
    let locations = |d: &Value, side: &str| -> Vec<String> {
        d[side]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| l.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut breaking = Vec::new();
    for d in v["breaking"].as_array().into_iter().flatten() {
        let code = d["code"].as_str().unwrap_or_default().to_string();
        for l in locations(d, "source") {
            breaking.push((code.clone(), true, l));
        }
        for l in locations(d, "destination") {
            breaking.push((code.clone(), false, l));
        }
    }
    Ok(Theirs {
        ms: v["ms"].as_f64().unwrap_or_default(),
        breaking,
        others: v["others"].as_u64().unwrap_or_default() as usize,
    })
}

/// One row of the table.
struct Row {
    pair: String,
    theirs: (usize, usize, f64),
    ours: (usize, usize, f64),
    summary: String,
    covered: (usize, usize),
}

/// Our report of `pair` against what openapi-diff found: the row, and the
/// breaking changes of openapi-diff that our report lacks.
fn compare(pair: &Pair, theirs: Result<Theirs>) -> Result<(Row, Vec<String>)> {
    let theirs = theirs.map_err(|e| format!("openapi-diff: {e}"))?;
    let started = Instant::now();
    let source = |p: &Path| Source::parse(&p.display().to_string(), Path::new("/"));
    let report = diff::diff(&source(&pair.old), &source(&pair.new)).map_err(|e| e.to_string())?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let name = format!("{} {} → {}", pair.label, pair.from, pair.to);
    let (old_paths, new_paths) = reported_paths(&report);
    let mut gaps = Vec::new();
    for (code, old_side, location) in &theirs.breaking {
        let seen = match location_path(location) {
            Some(path) if *old_side => old_paths.contains(&path),
            Some(path) => new_paths.contains(&path),
            None => false,
        };
        if !seen {
            gaps.push(format!("{name}: {code} at {location}"));
        }
    }
    let changes: usize = report
        .apis
        .iter()
        .flat_map(|a| &a.operations)
        .map(|o| o.changes.len())
        .sum();
    let row = Row {
        pair: name,
        theirs: (
            theirs.breaking.len() + theirs.others,
            theirs.breaking.len(),
            theirs.ms,
        ),
        ours: (changes, report.summary.breaking, ms),
        summary: report.summary.line(),
        covered: (theirs.breaking.len() - gaps.len(), theirs.breaking.len()),
    };
    Ok((row, gaps))
}

/// The old and new paths of the operations our report lists as moved,
/// removed, added or changed.
fn reported_paths(report: &Report) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut old = BTreeSet::new();
    let mut new = BTreeSet::new();
    for op in report.apis.iter().flat_map(|a| &a.operations) {
        if op.status != OperationStatus::Kept || op.is_changed() {
            old.extend(op.old_path.clone());
            new.extend(op.new_path.clone());
        }
    }
    (old, new)
}

/// The path template of an openapi-diff location (`paths./crm/v3/x.get…`).
fn location_path(location: &str) -> Option<String> {
    let rest = location.strip_prefix("paths.")?;
    let methods = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let end = methods
        .iter()
        .filter_map(|m| {
            let at = format!(".{m}");
            rest.match_indices(&at)
                .map(|(i, _)| i)
                .find(|&i| matches!(rest.as_bytes().get(i + at.len()), None | Some(b'.')))
        })
        .min()
        .unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| API, versions | openapi-diff: changes | breaking | time | api-diff: changes | breaking | time | openapi-diff's breaking in api-diff | api-diff's summary |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    let mut total = ((0, 0, 0.0), (0, 0, 0.0), (0, 0));
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {:.0} ms | {} | {} | {:.0} ms | {}/{} | {} |\n",
            r.pair,
            r.theirs.0,
            r.theirs.1,
            r.theirs.2,
            r.ours.0,
            r.ours.1,
            r.ours.2,
            r.covered.0,
            r.covered.1,
            r.summary
        ));
        total.0 = (
            total.0 .0 + r.theirs.0,
            total.0 .1 + r.theirs.1,
            total.0 .2 + r.theirs.2,
        );
        total.1 = (
            total.1 .0 + r.ours.0,
            total.1 .1 + r.ours.1,
            total.1 .2 + r.ours.2,
        );
        total.2 = (total.2 .0 + r.covered.0, total.2 .1 + r.covered.1);
    }
    let ((tc, tb, tt), (oc, ob, ot), (c, n)) = total;
    out.push_str(&format!(
        "| **all {} pairs** | {tc} | {tb} | {tt:.0} ms | {oc} | {ob} | {ot:.0} ms | {c}/{n} | |",
        rows.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::location_path;

    #[test]
    fn locations_name_paths() {
        let p = location_path("paths./crm/v3/objects/contacts").unwrap();
        assert_eq!(p, "/crm/v3/objects/contacts");
        let p = location_path("paths./crm/v3/objects/contacts/{id}.get.parameters[0]").unwrap();
        assert_eq!(p, "/crm/v3/objects/contacts/{id}");
        assert_eq!(location_path("components.schemas.X"), None);
    }
}
