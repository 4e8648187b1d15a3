//! The generators compared with ours, and what they are given: HubSpot's
//! published specs of the default version that `xtask_common::published`
//! maps to one of our specs (the like-for-like set), and for progenitor the
//! smallest patch of them it accepts.

use super::measure::{argv, run_quiet};
use serde_json::Value;
use std::path::{Path, PathBuf};
use xtask_common::error::{Error, Result};

/// One published spec the peers generate from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// HubSpot's name of the API (`contacts`, `crm-owners`): a peer's crate
    /// is `pg-contacts`, `og-contacts`.
    pub name: &'static str,
    pub path: PathBuf,
}

/// The like-for-like set: every published spec of a version that
/// `xtask_common::published` maps to one of our specs, in the table's
/// order.
#[derive(Debug, Clone)]
pub struct LikeForLike {
    /// The specs on disk, the inputs of every generator.
    pub specs: Vec<Spec>,
    /// The listed specs that are left out, each with why (a file absent).
    pub absent: Vec<String>,
}

/// HubSpot's published specs at `version`, below `shared`
/// (`../shared/hubspot-specs`), that `xtask_common::published` maps to one
/// of our specs in `ours` (`specs/`). A listed spec whose published file or our
/// counterpart is absent is left out, saying so; `Err` when none is left.
pub fn like_for_like(shared: &Path, ours: &Path, version: &str) -> Result<LikeForLike> {
    let listed = xtask_common::published::of_version(version);
    if listed.is_empty() {
        return Err(
            format!("xtask/common/src/published.rs lists no published spec at {version}").into(),
        );
    }
    let mut set = LikeForLike {
        specs: Vec::new(),
        absent: Vec::new(),
    };
    for p in listed {
        let path = shared.join(&p.published);
        let our = ours.join(&p.ours);
        if !path.is_file() {
            set.absent
                .push(format!("{}: {} is absent", p.label, path.display()));
        } else if !our.is_file() {
            set.absent
                .push(format!("{}: our spec {} is absent", p.label, our.display()));
        } else {
            set.specs.push(Spec {
                name: p.label,
                path,
            });
        }
    }
    if set.specs.is_empty() {
        return Err(format!(
            "none of the {} published specs at {version} is on disk ({})",
            set.absent.len(),
            set.absent.join("; ")
        )
        .into());
    }
    Ok(set)
}

/// Whether `tool` is a file in a folder of `PATH`.
pub fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(tool).is_file()))
}

/// The edits progenitor may need (see BENCHMARKS.md), each on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Patch {
    /// Delete every `207` response.
    pub drop_207: bool,
    /// Rename every `default` response to `4XX`.
    pub default_as_4xx: bool,
    /// Drop every `allOf` member that refers back to a `oneOf` parent listing
    /// the schema.
    pub break_cycles: bool,
}

/// How many edits of each kind a patch made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Edits {
    pub dropped_207: usize,
    pub default_as_4xx: usize,
    pub cycles_broken: usize,
}

impl Patch {
    pub const ALL: Patch = Patch {
        drop_207: true,
        default_as_4xx: true,
        break_cycles: true,
    };

    /// The kinds, each with its name and this patch without it.
    pub fn without_each(self) -> [(&'static str, Patch); 3] {
        [
            (
                "207 deleted",
                Patch {
                    drop_207: false,
                    ..self
                },
            ),
            (
                "default as 4XX",
                Patch {
                    default_as_4xx: false,
                    ..self
                },
            ),
            (
                "allOf cycles broken",
                Patch {
                    break_cycles: false,
                    ..self
                },
            ),
        ]
    }

    /// Applies the patch to `doc`.
    pub fn apply(self, doc: &mut Value) -> Edits {
        let mut edits = Edits::default();
        if self.drop_207 || self.default_as_4xx {
            self.patch_responses(doc, &mut edits);
        }
        if self.break_cycles {
            edits.cycles_broken = break_cycles(doc);
        }
        edits
    }

    fn patch_responses(self, doc: &mut Value, edits: &mut Edits) {
        let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
            return;
        };
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for op in item.values_mut() {
                let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                    continue;
                };
                if self.drop_207 && responses.shift_remove("207").is_some() {
                    edits.dropped_207 += 1;
                }
                if self.default_as_4xx {
                    if let Some(d) = responses.shift_remove("default") {
                        responses.insert("4XX".into(), d);
                        edits.default_as_4xx += 1;
                    }
                }
            }
        }
    }
}

impl Edits {
    pub fn total(self) -> usize {
        self.dropped_207 + self.default_as_4xx + self.cycles_broken
    }

    /// Each kind's count, by the names of [`Patch::without_each`].
    pub fn by_kind(self) -> [(&'static str, usize); 3] {
        [
            ("207 deleted", self.dropped_207),
            ("default as 4XX", self.default_as_4xx),
            ("allOf cycles broken", self.cycles_broken),
        ]
    }
}

/// Drops each `allOf` member that refers back to a `oneOf` parent listing
/// the schema; how many.
fn break_cycles(doc: &mut Value) -> usize {
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let lists = |parent: &str, child: &str| {
        let child = format!("#/components/schemas/{child}");
        schemas
            .get(parent)
            .and_then(|p| p.get("oneOf"))
            .and_then(Value::as_array)
            .is_some_and(|members| {
                members
                    .iter()
                    .any(|m| m.get("$ref").and_then(Value::as_str) == Some(child.as_str()))
            })
    };
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return 0;
    };
    let mut dropped = 0;
    for (name, schema) in schemas.iter_mut() {
        let Some(all_of) = schema.get_mut("allOf").and_then(Value::as_array_mut) else {
            continue;
        };
        let before = all_of.len();
        all_of.retain(|m| {
            let parent = m
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"));
            !parent.is_some_and(|p| lists(p, name))
        });
        dropped += before - all_of.len();
    }
    dropped
}

/// progenitor's command line for `input`, its crate `pg-NAME` in `out`.
pub fn progenitor_argv(input: &Path, out: &Path, name: &str) -> Vec<String> {
    let (input, out) = (input.display().to_string(), out.display().to_string());
    argv(
        "cargo-progenitor",
        [
            "progenitor",
            "-i",
            &input,
            "-o",
            &out,
            "-n",
            &format!("pg-{name}"),
            "-v",
            "0.1.0",
        ],
    )
}

/// openapi-generator's command line for `input`, its crate `og-NAME` in
/// `out`, at version 0.1.0 (as progenitor's `-v`): by default it takes the
/// spec's `info.version`, which for a date-based version (`2026-09`) makes
/// a manifest cargo rejects (`version = "2026-09.0.0"`).
pub fn openapi_argv(input: &Path, out: &Path, name: &str) -> Vec<String> {
    let (input, out) = (input.display().to_string(), out.display().to_string());
    argv(
        "openapi-generator-cli",
        [
            "generate",
            "-g",
            "rust",
            "-i",
            &input,
            "-o",
            &out,
            "--package-name",
            &format!("og-{name}"),
            "--additional-properties",
            "packageVersion=0.1.0",
        ],
    )
}

/// What progenitor makes of the spec at `input`: `None` when it generates,
/// else the lines of its failure that say why.
fn progenitor_verdict(input: &Path, probe: &Path, name: &str) -> Option<String> {
    let _ = std::fs::remove_dir_all(probe);
    match run_quiet(&progenitor_argv(input, probe, name)) {
        Ok(()) => None,
        Err(Error::Failed { stderr, .. }) => Some(failure_lines(
            &stderr,
            &["panicked", "assertion", "overflow", "rror"],
        )),
        Err(e) => Some(e.to_string()),
    }
}

/// What openapi-generator makes of the spec at `input`: `None` when it
/// generates, else the lines of its failure that say why.
pub fn openapi_verdict(input: &Path, probe: &Path, name: &str) -> Option<String> {
    match run_quiet(&openapi_argv(input, probe, name)) {
        Ok(()) => None,
        Err(Error::Failed { stderr, .. }) => Some(failure_lines(
            &stderr,
            &["Exception", "ERROR", "rror:", "issues"],
        )),
        Err(e) => Some(e.to_string()),
    }
}

/// The first two lines of `stderr` with one of `words`, shortened (else its
/// last line), joined by ` / `.
fn failure_lines(stderr: &str, words: &[&str]) -> String {
    let why: Vec<String> = stderr
        .lines()
        .filter(|l| words.iter().any(|w| l.contains(w)))
        .take(2)
        .map(shorten)
        .collect();
    let why = if why.is_empty() {
        shorten(stderr.lines().last().unwrap_or("failed"))
    } else {
        why.join(" / ")
    };
    match why.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &why[..cut]),
        None => why,
    }
}

/// A line of a Rust panic without what changes from run to run or machine
/// to machine: the thread's ID and the path of the registry.
fn shorten(line: &str) -> String {
    let mut line = line.trim().to_string();
    if let (Some(open), Some(close)) = (line.find("' ("), line.find(") ")) {
        if open < close && line[open + 3..close].bytes().all(|b| b.is_ascii_digit()) {
            line.replace_range(open + 1..close + 1, "");
        }
    }
    if let (Some(start), Some(end)) = (line.find('/'), line.find("/progenitor-")) {
        if start < end {
            line.replace_range(start..end + 1, "");
        }
    }
    line
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    serde_json::from_str(&text).map_err(|source| Error::Json {
        path: path.to_path_buf(),
        source,
    })
}

fn write_json(path: &Path, doc: &Value) -> Result<()> {
    let text = serde_json::to_string_pretty(doc).map_err(|source| Error::Json {
        path: path.to_path_buf(),
        source,
    })?;
    super::files::write(path, &text)
}

/// What progenitor is given of a spec, and how it fared.
pub struct Prepared {
    /// The patched copy.
    pub input: PathBuf,
    /// How the spec fares as published, how many edits of each kind the
    /// patch made, which of them progenitor still fails without, and
    /// whether it takes the patched copy.
    pub line: String,
    /// Why progenitor rejects even the patched copy; `None` when it takes
    /// it.
    pub rejected: Option<String>,
}

/// Writes the patched copy of `spec` into `inputs` and finds out, with
/// progenitor, what it needs (see [`Prepared`]).
pub fn prepare_for_progenitor(spec: &Spec, inputs: &Path, probe: &Path) -> Result<Prepared> {
    let doc = read_json(&spec.path)?;
    let file = spec.path.file_name().unwrap_or_default();
    let as_published = match progenitor_verdict(&spec.path, probe, spec.name) {
        None => "accepted as published".to_string(),
        Some(why) => format!("rejected as published: {why}"),
    };
    let patched_with = |patch: Patch| -> Result<(PathBuf, Edits)> {
        let mut copy = doc.clone();
        let edits = patch.apply(&mut copy);
        let path = inputs.join(file);
        write_json(&path, &copy)?;
        Ok((path, edits))
    };
    // Each kind of edit the full patch makes, left out in turn.
    let mut needed = Vec::new();
    let (_, all) = patched_with(Patch::ALL)?;
    for ((kind, without), (_, count)) in Patch::ALL.without_each().into_iter().zip(all.by_kind()) {
        if count == 0 {
            needed.push(format!("0 {kind} (nothing to edit)"));
            continue;
        }
        let (path, _) = patched_with(without)?;
        needed.push(match progenitor_verdict(&path, probe, spec.name) {
            Some(why) => format!("{count} {kind} (needed: without them, {why})"),
            None => format!("{count} {kind} (not needed)"),
        });
    }
    let (path, edits) = patched_with(Patch::ALL)?;
    let rejected = progenitor_verdict(&path, probe, spec.name);
    let outcome = match &rejected {
        None => "patched, accepted".to_string(),
        Some(why) => format!("patched, still rejected (left out): {why}"),
    };
    let line = format!(
        "{}: {as_published}; {} edits: {}; {outcome}",
        file.to_string_lossy(),
        edits.total(),
        if needed.is_empty() {
            "none".to_string()
        } else {
            needed.join(", ")
        }
    );
    Ok(Prepared {
        input: path,
        line,
        rejected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        serde_json::json!({
            "paths": {"/a": {"post": {"responses": {
                "200": {"description": "ok"},
                "207": {"description": "multi"},
                "default": {"description": "error"}
            }}}},
            "components": {"schemas": {
                "Parent": {"oneOf": [{"$ref": "#/components/schemas/Child"}]},
                "Child": {"allOf": [
                    {"$ref": "#/components/schemas/Parent"},
                    {"$ref": "#/components/schemas/Other"}
                ]},
                "Other": {"type": "object"}
            }}
        })
    }

    #[test]
    fn progenitor_patch_is_the_documented_three_edits() {
        let mut doc = doc();
        let edits = Patch::ALL.apply(&mut doc);
        assert_eq!(edits.total(), 3);
        let responses = &doc["paths"]["/a"]["post"]["responses"];
        let keys: Vec<&String> = responses.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["200", "4XX"]);
        assert_eq!(
            doc["components"]["schemas"]["Child"]["allOf"],
            serde_json::json!([{"$ref": "#/components/schemas/Other"}])
        );
    }

    #[test]
    fn each_kind_can_be_left_out() {
        for ((kind, without), (kind_again, _)) in Patch::ALL
            .without_each()
            .into_iter()
            .zip(Edits::default().by_kind())
        {
            assert_eq!(kind, kind_again);
            let mut doc = doc();
            let edits = without.apply(&mut doc);
            assert_eq!(edits.total(), 2, "{kind}");
            let left = edits.by_kind().into_iter().find(|(k, _)| *k == kind);
            assert_eq!(left, Some((kind, 0)));
        }
    }

    #[test]
    fn panics_are_shortened() {
        assert_eq!(
            shorten("thread 'main' (15393) panicked at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/progenitor-impl-0.15.1/src/method.rs:1220:9:"),
            "thread 'main' panicked at progenitor-impl-0.15.1/src/method.rs:1220:9:"
        );
        assert_eq!(
            shorten("thread 'main' (27746) has overflowed its stack"),
            "thread 'main' has overflowed its stack"
        );
    }

    #[test]
    fn the_set_comes_from_the_published_table() {
        // Listed, but not on disk here.
        let err = like_for_like(Path::new("/nowhere"), Path::new("/specs"), "2026-09")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("none of the 20 published specs at 2026-09"),
            "{err}"
        );
        assert!(err.contains("/nowhere/published-dated/crm--contacts--424--2026-09.json"));
        assert!(err.contains(
            "crm-owners: /nowhere/published-dated/crm--crm-owners--146888--2026-09.json is absent"
        ));
        assert!(like_for_like(Path::new("/nowhere"), Path::new("/specs"), "1999-01").is_err());
    }

    #[test]
    fn a_listed_spec_absent_is_left_out_saying_so() {
        let dir = tempfile::tempdir().unwrap();
        let (shared, ours) = (dir.path().join("shared"), dir.path().join("specs"));
        let listed = xtask_common::published::of_version("2026-09");
        for p in &listed[..2] {
            for f in [shared.join(&p.published), ours.join(&p.ours)] {
                std::fs::create_dir_all(f.parent().unwrap()).unwrap();
                std::fs::write(f, "{}").unwrap();
            }
        }
        // The third published, not ours.
        let third = shared.join(&listed[2].published);
        std::fs::write(third, "{}").unwrap();
        let set = like_for_like(&shared, &ours, "2026-09").unwrap();
        let names: Vec<&str> = set.specs.iter().map(|s| s.name).collect();
        assert_eq!(names, [listed[0].label, listed[1].label]);
        assert_eq!(set.absent.len(), listed.len() - 2);
        assert!(set.absent[0].starts_with(&format!("{}: our spec ", listed[2].label)));
        assert!(set.absent[1].ends_with(" is absent"));
    }
}
