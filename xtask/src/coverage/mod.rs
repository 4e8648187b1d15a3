//! `cargo xtask spec-coverage`: compares `specs/` with HubSpot's published
//! specs in `../shared/hubspot-specs` and prints every published operation,
//! parameter and schema property that ours lack or type differently, and
//! every operation of ours that no published spec of its version has.
//!
//! One table per API version ([`published::VERSIONS`]): our
//! `specs/VERSION/API.yaml` against the published files of that version that
//! [`published::all`] lists, then the 17 Conversations JSON Schemas in a
//! table of their own. An operation of ours that its API's published files
//! lack is compared with another published file of the same version (see
//! [`version`]).
//!
//! Both sides go through the generator's own load → resolve → lower, so the
//! comparison is between IRs. Deliberate differences are excused by the
//! reviewed allow-list `specs/coverage/allow.yaml`; an entry that excuses
//! nothing is stale and fails the check like a gap.

mod allow;
mod compare;
mod staging;
mod version;

use crate::error::Result;
use crate::published;
use compare::{Comparer, Tally};
use hubspot_codegen::{ir::Crate, Config};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use version::Compared;

/// Compare specs/ with the published specs in ../shared.
///
/// Compares specs/ (or --specs DIR) with HubSpot's published specs in
/// ../shared/hubspot-specs, one table per API version
/// (specs/VERSION/API.yaml), then the Conversations JSON Schemas: every
/// published operation, parameter and schema property that ours lack or
/// type differently, and every operation of ours that no published spec of
/// its version has. Deliberate differences are excused by the reviewed
/// allow-list; an entry that excuses nothing is stale and fails the check
/// like a gap. Skipped, saying so, when ../shared/hubspot-specs is absent.
#[derive(clap::Args, Debug, PartialEq)]
#[command(args_override_self = true)]
pub struct Args {
    /// Our specs, a folder laid out like specs/ (default: specs/)
    #[arg(long, value_name = "DIR")]
    specs: Option<PathBuf>,
    /// The folder that holds hubspot-specs/ (default: ../shared, beside the
    /// workspace)
    #[arg(long, value_name = "DIR")]
    shared: Option<PathBuf>,
    /// Reviewed differences (default: coverage/allow.yaml in the specs
    /// folder)
    #[arg(long, value_name = "FILE")]
    allow: Option<PathBuf>,
}

impl Args {
    /// The options; paths given relative to `cwd`, defaults in the
    /// workspace `root`.
    fn opts(self, cwd: &Path, root: &Path) -> Options {
        let given_or = |given: Option<PathBuf>, default: &str| {
            given.map_or_else(|| root.join(default), |p| cwd.join(p))
        };
        Options {
            specs: given_or(self.specs, "specs"),
            shared: given_or(self.shared, "../shared"),
            allow: self.allow.map(|p| cwd.join(p)),
        }
    }
}

/// Title of the table of the JSON Schema comparisons.
const SCHEMA_TABLE: &str = "Conversations JSON Schemas";

#[derive(Debug, PartialEq)]
struct Options {
    specs: PathBuf,
    shared: PathBuf,
    allow: Option<PathBuf>,
}

/// Runs the subcommand: `args` after `spec-coverage`; relative paths are
/// relative to `cwd`, defaults to the workspace `root`.
pub fn command(args: Args, cwd: &Path, root: &Path) -> ExitCode {
    let opts = args.opts(cwd, root);
    match run(&opts) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One row of a table.
struct Row {
    label: String,
    tally: Tally,
    gaps: usize,
    allowed: usize,
}

/// Runs the comparison and prints the result; `Ok(false)` on gaps or stale
/// allow-list entries.
fn run(opts: &Options) -> Result<bool> {
    let allow_path = opts
        .allow
        .clone()
        .unwrap_or_else(|| opts.specs.join("coverage/allow.yaml"));
    let allow = allow::load(&allow_path)?;
    let shared = opts.shared.join("hubspot-specs");
    if !shared.is_dir() {
        let counts: Vec<String> = published::VERSIONS
            .iter()
            .map(|v| format!("{} of {v}", published::of_version(v).len()))
            .collect();
        let allowed = crate::skip::skipped(&format!(
            "{} not found; nothing compared (OpenAPI documents: {}; {} JSON Schemas).",
            shown(&shared),
            counts.join(", "),
            published::JSON_SCHEMAS.len()
        ));
        println!(
            "allow-list {} read: {} entries.",
            shown(&allow_path),
            allow.len()
        );
        return Ok(allowed);
    }

    let mut used = BTreeSet::new();
    let mut gaps = 0;
    for gap in unpublished_versions(&opts.specs)? {
        gaps += report_one(gap, &allow, &mut used).0;
    }
    for version in published::VERSIONS {
        let rows: Vec<Row> = version::compare(&opts.specs, &shared, version)?
            .into_iter()
            .map(|c| report(c, &allow, &mut used))
            .collect();
        gaps += print_table(version, &rows);
    }
    let schemas = report(json_schemas(&opts.specs, &shared)?, &allow, &mut used);
    gaps += print_table(SCHEMA_TABLE, &[schemas]);

    let stale: Vec<&String> = allow.keys().filter(|k| !used.contains(*k)).collect();
    for gap in &stale {
        println!("stale allow-list entry (matches no difference): {gap}");
    }
    let ok = gaps == 0 && stale.is_empty();
    println!(
        "\n{}: {gaps} gaps, {} allowed, {} stale allow-list entries ({}).",
        if ok { "ok" } else { "FAILED" },
        used.len(),
        stale.len(),
        shown(&allow_path)
    );
    Ok(ok)
}

/// A gap for each version `specs/versions.yaml` lists that has no published
/// specs in [`published::VERSIONS`]: nothing would check it.
fn unpublished_versions(specs: &Path) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Versions {
        versions: Vec<Version>,
    }
    #[derive(serde::Deserialize)]
    struct Version {
        name: String,
    }
    let path = specs.join("versions.yaml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(Vec::new());
    };
    let listed: Versions =
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(listed
        .versions
        .into_iter()
        .filter(|v| !published::VERSIONS.contains(&v.name.as_str()))
        .map(|v| {
            format!(
                "version {}: no published spec of it is listed (xtask/common/src/published.rs)",
                v.name
            )
        })
        .collect())
}

/// The 17 Conversations JSON Schemas, each against ours.
fn json_schemas(specs: &Path, shared: &Path) -> Result<Compared> {
    let staged = staging::stage(&shared.join(published::JSON_SCHEMA_DIR))?;
    for note in &staged.notes {
        println!("note: {note}");
    }
    let mut gaps = Vec::new();
    let mut tally = Tally::default();
    for name in published::JSON_SCHEMAS {
        let p_path = staged.path(&published::json_schema_published(name));
        let o_path = specs.join(published::json_schema_ours(name));
        let (p, o) = (ir(&p_path)?, ir(&o_path)?);
        let mut cmp = Comparer::new(&p, &o);
        cmp.root(
            &format!("json-schema {name}"),
            root(&p, &p_path)?,
            root(&o, &o_path)?,
        );
        gaps.extend(cmp.gaps);
        add(&mut tally, cmp.tally);
    }
    Ok(Compared {
        label: "all 17".to_string(),
        gaps,
        tally,
    })
}

/// A path as short as it can be shown: relative to the current folder when
/// it is inside it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Prints the gaps `allow` does not excuse; records the excuses used.
fn report(compared: Compared, allow: &allow::AllowList, used: &mut BTreeSet<String>) -> Row {
    let mut row = Row {
        label: compared.label,
        tally: compared.tally,
        gaps: 0,
        allowed: 0,
    };
    for gap in compared.gaps {
        let (gaps, allowed) = report_one(gap, allow, used);
        row.gaps += gaps;
        row.allowed += allowed;
    }
    row
}

/// Prints `gap` unless `allow` excuses it: (1, 0) if printed, (0, 1) if not.
fn report_one(
    gap: String,
    allow: &allow::AllowList,
    used: &mut BTreeSet<String>,
) -> (usize, usize) {
    if allow.contains_key(&gap) {
        used.insert(gap);
        (0, 1)
    } else {
        println!("gap: {gap}");
        (1, 0)
    }
}

/// Prints the table `title` with a total row and a line of totals; returns
/// its gaps.
fn print_table(title: &str, rows: &[Row]) -> usize {
    let mut total = Row {
        label: "total".to_string(),
        tally: Tally::default(),
        gaps: 0,
        allowed: 0,
    };
    for r in rows {
        add(&mut total.tally, r.tally);
        total.gaps += r.gaps;
        total.allowed += r.allowed;
    }
    let width = rows
        .iter()
        .map(|r| r.label.chars().count())
        .chain([title.chars().count() + 20])
        .max()
        .unwrap_or_default();
    println!(
        "\n{:<width$} {:>12} {:>12} {:>12} {:>5} {:>8}",
        format!("{title} (covered/published)"),
        "operations",
        "parameters",
        "properties",
        "gaps",
        "allowed"
    );
    // One row is its own total.
    let total_row = (rows.len() > 1).then_some(&total);
    for r in rows.iter().chain(total_row) {
        let t = &r.tally;
        let frac = |n: usize, missing: usize| format!("{}/{n}", n - missing);
        println!(
            "{:<width$} {:>12} {:>12} {:>12} {:>5} {:>8}",
            r.label,
            frac(t.operations, t.operations_missing),
            frac(t.parameters, t.parameters_missing),
            frac(t.properties, t.properties_missing),
            r.gaps,
            r.allowed
        );
    }
    println!("{title}: {} gaps, {} allowed.", total.gaps, total.allowed);
    total.gaps
}

fn add(sum: &mut Tally, t: Tally) {
    sum.operations += t.operations;
    sum.operations_missing += t.operations_missing;
    sum.parameters += t.parameters;
    sum.parameters_missing += t.parameters_missing;
    sum.properties += t.properties;
    sum.properties_missing += t.properties_missing;
}

/// The IR of one document, read on its own.
fn ir(path: &Path) -> Result<Crate> {
    let config = Config {
        specs: vec![path.to_path_buf()],
        name: "coverage".into(),
        version: "0.0.0".into(),
        description: String::new(),
        versions: Vec::new(),
        share_types: true,
        properties: Vec::new(),
        publish: true,
    };
    hubspot_codegen::build_ir(&config).map_err(|e| e.to_string().into())
}

/// The type a standalone JSON Schema document itself lowers to.
fn root<'a>(krate: &'a Crate, path: &Path) -> Result<&'a hubspot_codegen::ir::TypeDef> {
    // Sources are tidied paths without a pointer; the file name identifies it.
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    krate
        .apis
        .iter()
        .flat_map(|a| &a.types)
        .find(|t| !t.source.contains('#') && t.source.rsplit('/').next() == Some(name))
        .ok_or_else(|| format!("{}#: the document is not an object type", path.display()).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{error, parse};
    use crate::Command;
    use clap::error::ErrorKind;

    fn opts(args: &[&str]) -> Options {
        match parse(&[&["spec-coverage"], args].concat()) {
            Ok(Command::SpecCoverage(a)) => a.opts(Path::new("/here"), Path::new("/root")),
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn defaults_are_in_the_workspace_and_given_paths_in_the_current_folder() {
        assert_eq!(
            opts(&[]),
            Options {
                specs: "/root/specs".into(),
                shared: "/root/../shared".into(),
                allow: None,
            }
        );
        assert_eq!(
            opts(&["--specs", "s", "--shared", "/abs", "--allow", "a.yaml"]),
            Options {
                specs: "/here/s".into(),
                shared: "/abs".into(),
                allow: Some("/here/a.yaml".into()),
            }
        );
        assert_eq!(
            error(&["spec-coverage", "--specs"]),
            ErrorKind::InvalidValue
        );
        assert_eq!(
            error(&["spec-coverage", "specs"]),
            ErrorKind::UnknownArgument
        );
    }
}
