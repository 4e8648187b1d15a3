//! One API version: each published document of the version against our spec
//! of its API, then each operation of ours that the API's own published
//! documents lack against the other published documents of the version.
//!
//! Our object APIs carry operations HubSpot publishes in another file (the
//! association operations, with the object type bound): such an operation is
//! compared with the first published document of its version, in the order
//! of [`published::all`], that has the same method and path template. One
//! that no published document of the version has is a gap.

use super::compare::{self, Comparer, Tally};
use super::ir;
use crate::error::Result;
use crate::published::{self, Published};
use hubspot_codegen::ir::{Crate, Operation};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One row of a version's table: what was compared and the differences.
pub struct Compared {
    pub label: String,
    pub gaps: Vec<String>,
    pub tally: Tally,
}

/// The IRs of one version, both sides.
struct Loaded {
    /// The published documents of the version, with their IRs in the same order.
    entries: Vec<(Published, Crate)>,
    /// Our specs of the version by file (`2026-09/contacts.yaml`): every
    /// API document in the folder.
    ours: BTreeMap<String, Crate>,
}

/// Compares every published document of `version` in `shared` (the
/// `hubspot-specs` folder) with `specs`: one row per published document, then
/// one per spec of ours with operations from other documents.
pub fn compare(specs: &Path, shared: &Path, version: &str) -> Result<Vec<Compared>> {
    let loaded = load(specs, shared, version)?;
    let mut rows = Vec::new();
    for (entry, theirs) in &loaded.entries {
        rows.push(match loaded.ours.get(&entry.ours) {
            Some(ours) => {
                let mut cmp = Comparer::new(theirs, ours);
                cmp.operations(entry.label, theirs, ours);
                Compared {
                    label: entry.label.to_string(),
                    gaps: cmp.gaps,
                    tally: cmp.tally,
                }
            }
            None => absent(entry, theirs),
        });
    }
    for (file, ours) in &loaded.ours {
        if let Some(row) = borrowed(&loaded, version, file, ours) {
            rows.push(row);
        }
    }
    Ok(rows)
}

fn load(specs: &Path, shared: &Path, version: &str) -> Result<Loaded> {
    let mut entries = Vec::new();
    for entry in published::of_version(version) {
        let krate = ir(&shared.join(&entry.published))?;
        entries.push((entry, krate));
    }
    let mut ours = BTreeMap::new();
    for file in api_files(&specs.join(version))? {
        let krate = ir(&specs.join(version).join(&file))?;
        ours.insert(format!("{version}/{file}"), krate);
    }
    Ok(Loaded { entries, ours })
}

/// The API documents directly in `dir`, by file name; none when it is absent.
fn api_files(dir: &Path) -> Result<BTreeSet<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) => return Err(format!("{}: {e}", dir.display()).into()),
    };
    let mut files = BTreeSet::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let api = [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if api && path.is_file() {
            files.insert(name.to_string());
        }
    }
    Ok(files)
}

/// A published document whose counterpart of ours does not exist: all of
/// its operations are missing, reported as one gap.
fn absent(entry: &Published, theirs: &Crate) -> Compared {
    let operations = compare::all_operations(theirs).len();
    Compared {
        label: entry.label.to_string(),
        gaps: vec![format!(
            "{}: our spec {} does not exist",
            entry.label, entry.ours
        )],
        tally: Tally {
            operations,
            operations_missing: operations,
            ..Tally::default()
        },
    }
}

/// The operations of our spec `file` that its own published documents lack,
/// each compared with the first other published document of the version
/// that has it; `None` when there are none.
fn borrowed(loaded: &Loaded, version: &str, file: &str, ours: &Crate) -> Option<Compared> {
    let stem = file.rsplit('/').next()?.split('.').next()?;
    let own: BTreeSet<_> = loaded
        .entries
        .iter()
        .filter(|(entry, _)| entry.ours == file)
        .flat_map(|(_, theirs)| compare::all_operations(theirs))
        .map(compare::key)
        .collect();
    // Index in `entries` → the (published, ours) pairs found there.
    let mut found: BTreeMap<usize, Vec<(&Operation, &Operation)>> = BTreeMap::new();
    let mut nowhere = Vec::new();
    for o in compare::all_operations(ours) {
        if own.contains(&compare::key(o)) {
            continue;
        }
        let elsewhere = loaded
            .entries
            .iter()
            .enumerate()
            .find_map(|(i, (_, theirs))| {
                let p = compare::all_operations(theirs)
                    .into_iter()
                    .find(|p| compare::key(p) == compare::key(o))?;
                Some((i, p))
            });
        match elsewhere {
            Some((i, p)) => found.entry(i).or_default().push((p, o)),
            None => nowhere.push(format!(
                "{}: not in any published spec of {version}",
                compare::at(stem, o)
            )),
        }
    }
    if found.is_empty() && nowhere.is_empty() {
        return None;
    }
    let mut sources: Vec<&str> = found.keys().map(|&i| loaded.entries[i].0.label).collect();
    if !nowhere.is_empty() {
        sources.push("no published spec");
    }
    let mut row = Compared {
        label: format!("{stem} ← {}", sources.join(", ")),
        gaps: nowhere,
        tally: Tally::default(),
    };
    for (i, pairs) in found {
        let theirs = &loaded.entries[i].1;
        let mut cmp = Comparer::new(theirs, ours);
        for (p, o) in pairs {
            cmp.matched(stem, p, o);
        }
        row.gaps.extend(cmp.gaps);
        super::add(&mut row.tally, cmp.tally);
    }
    Some(row)
}
