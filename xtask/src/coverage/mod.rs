//! `cargo xtask spec-coverage`: compares `specs/` with HubSpot's published
//! specs in `../shared/hubspot-specs` and prints every published operation,
//! parameter and schema property that ours lack or type differently.
//!
//! Both sides go through the generator's own load → resolve → lower, so the
//! comparison is between IRs. Deliberate differences are excused by the
//! reviewed allow-list `specs/coverage/allow.yaml`; an entry that excuses
//! nothing is stale and fails the check like a gap.

mod allow;
mod compare;
mod staging;

use compare::{Comparer, Tally};
use hubspot_codegen::{ir::Crate, Config};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Usage of the subcommand.
pub const USAGE: &str =
    "usage: cargo xtask spec-coverage [--specs DIR] [--shared DIR] [--allow FILE]

  compare specs/ (or DIR) with the published specs in ../shared/hubspot-specs
  --allow FILE   reviewed differences (default: specs/coverage/allow.yaml)";

/// A published OpenAPI document and our counterpart.
struct Pair {
    label: &'static str,
    published: &'static str,
    ours: &'static str,
}

const OPENAPI: [Pair; 5] = [
    Pair {
        label: "contacts",
        published: "published-v3/crm--contacts--424.json",
        ours: "contacts.yaml",
    },
    Pair {
        label: "calls",
        published: "published-v3/crm--calls--424.json",
        ours: "calls.yaml",
    },
    Pair {
        label: "communications",
        published: "published-v3/crm--communications--424.json",
        ours: "communications.yaml",
    },
    Pair {
        label: "conversations",
        published: "published-v3/conversations--conversations--54902.json",
        ours: "conversations.yaml",
    },
    Pair {
        label: "conversations-inbox-and-messages",
        published: "published-v3/conversations--conversations-inbox-and-messages--54902.json",
        ours: "conversations.yaml",
    },
];

/// The published Conversations JSON Schemas: `conversations-json-schema/
/// conversations-api-NAME-schema.json` against `conversations/NAME.schema.json`.
const SCHEMAS: [&str; 17] = [
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

/// Label of the row that sums the JSON Schema comparisons.
const SCHEMA_ROW: &str = "conversations JSON Schemas";

struct Options {
    specs: PathBuf,
    shared: PathBuf,
    allow: Option<PathBuf>,
}

/// Runs the subcommand: `args` after `spec-coverage`; relative paths are
/// relative to `cwd`, defaults to the workspace `root`.
pub fn command(args: &[String], cwd: &Path, root: &Path) -> ExitCode {
    let Some(opts) = parse(args, cwd, root) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match run(&opts) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse(args: &[String], cwd: &Path, root: &Path) -> Option<Options> {
    let mut opts = Options {
        specs: root.join("specs"),
        shared: root.join("../shared"),
        allow: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--specs" => opts.specs = cwd.join(it.next()?),
            "--shared" => opts.shared = cwd.join(it.next()?),
            "--allow" => opts.allow = Some(cwd.join(it.next()?)),
            _ => return None,
        }
    }
    Some(opts)
}

/// One row of the summary.
struct Row {
    label: String,
    tally: Tally,
    gaps: usize,
    allowed: usize,
}

/// Runs the comparison and prints the result; `Ok(false)` on gaps or stale
/// allow-list entries.
fn run(opts: &Options) -> Result<bool, String> {
    let allow_path = opts
        .allow
        .clone()
        .unwrap_or_else(|| opts.specs.join("coverage/allow.yaml"));
    let allow = allow::load(&allow_path)?;
    let published = opts.shared.join("hubspot-specs");
    if !published.is_dir() {
        println!(
            "skipped: {} not found; nothing compared ({} OpenAPI documents, {} JSON Schemas).",
            shown(&published),
            OPENAPI.len(),
            SCHEMAS.len()
        );
        println!(
            "allow-list {} read: {} entries.",
            shown(&allow_path),
            allow.len()
        );
        return Ok(true);
    }

    let mut used = BTreeSet::new();
    let mut rows = Vec::new();
    for pair in &OPENAPI {
        let p = ir(&published.join(pair.published))?;
        let o = ir(&opts.specs.join(pair.ours))?;
        let mut cmp = Comparer::new(&p, &o);
        cmp.operations(pair.label, &p, &o);
        rows.push(report(pair.label, cmp.gaps, cmp.tally, &allow, &mut used));
    }
    let staged = staging::stage(&published.join("conversations-json-schema"))?;
    for note in &staged.notes {
        println!("note: {note}");
    }
    let mut gaps = Vec::new();
    let mut tally = Tally::default();
    for name in SCHEMAS {
        let p_path = staged.path(&format!("conversations-api-{name}-schema.json"));
        let o_path = opts.specs.join(format!("conversations/{name}.schema.json"));
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
    rows.push(report(SCHEMA_ROW, gaps, tally, &allow, &mut used));

    print_table(&rows);
    let stale: Vec<&String> = allow.keys().filter(|k| !used.contains(*k)).collect();
    for gap in &stale {
        println!("stale allow-list entry (matches no difference): {gap}");
    }
    let gaps: usize = rows.iter().map(|r| r.gaps).sum();
    let ok = gaps == 0 && stale.is_empty();
    println!(
        "{}: {gaps} gaps, {} allowed, {} stale allow-list entries ({}).",
        if ok { "ok" } else { "FAILED" },
        used.len(),
        stale.len(),
        shown(&allow_path)
    );
    Ok(ok)
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
fn report(
    label: &str,
    gaps: Vec<String>,
    tally: Tally,
    allow: &allow::AllowList,
    used: &mut BTreeSet<String>,
) -> Row {
    let mut row = Row {
        label: label.to_string(),
        tally,
        gaps: 0,
        allowed: 0,
    };
    for gap in gaps {
        if allow.contains_key(&gap) {
            row.allowed += 1;
            used.insert(gap);
        } else {
            println!("gap: {gap}");
            row.gaps += 1;
        }
    }
    row
}

fn print_table(rows: &[Row]) {
    println!(
        "\n{:<34} {:>12} {:>12} {:>12} {:>5} {:>8}",
        "compared (covered/published)", "operations", "parameters", "properties", "gaps", "allowed"
    );
    for r in rows {
        let t = &r.tally;
        let frac = |n: usize, missing: usize| format!("{}/{n}", n - missing);
        println!(
            "{:<34} {:>12} {:>12} {:>12} {:>5} {:>8}",
            r.label,
            frac(t.operations, t.operations_missing),
            frac(t.parameters, t.parameters_missing),
            frac(t.properties, t.properties_missing),
            r.gaps,
            r.allowed
        );
    }
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
fn ir(path: &Path) -> Result<Crate, String> {
    let config = Config {
        specs: vec![path.to_path_buf()],
        name: "coverage".into(),
        version: "0.0.0".into(),
        description: String::new(),
        share_types: true,
    };
    hubspot_codegen::build_ir(&config).map_err(|e| e.to_string())
}

/// The type a standalone JSON Schema document itself lowers to.
fn root<'a>(krate: &'a Crate, path: &Path) -> Result<&'a hubspot_codegen::ir::TypeDef, String> {
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
        .ok_or_else(|| format!("{}#: the document is not an object type", path.display()))
}
