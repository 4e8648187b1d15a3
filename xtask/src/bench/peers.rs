//! The generators compared with ours, and what they are given: HubSpot's
//! published specs of the default version's four APIs (from
//! `crate::published`), and for progenitor the smallest patch of them it
//! accepts.

use super::measure::{argv, run_quiet};
use crate::error::{Error, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The APIs of the side-by-side figures, by HubSpot's name: the four of the
/// default feature set that HubSpot publishes as APIs of their own.
pub const FOUR: [&str; 4] = ["contacts", "calls", "communications", "conversations"];

/// One published spec the peers generate from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The API (`contacts`): a peer's crate is `pg-contacts`, `og-contacts`.
    pub name: &'static str,
    pub path: PathBuf,
}

/// HubSpot's published specs of [`FOUR`] at `version`, below `shared`
/// (`../shared/hubspot-specs`), as `crate::published` lists them; `Err`
/// says what is missing.
pub fn published_four(shared: &Path, version: &str) -> Result<Vec<Spec>> {
    let listed = crate::published::of_version(version);
    FOUR.iter()
        .map(|name| {
            let p = listed
                .iter()
                .find(|p| p.label == *name)
                .ok_or_else(|| format!("xtask/src/published.rs lists no {name} at {version}"))?;
            let path = shared.join(&p.published);
            if path.is_file() {
                Ok(Spec { name, path })
            } else {
                Err(format!("{} is absent", path.display()).into())
            }
        })
        .collect()
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
        Err(Error::Failed { stderr, .. }) => {
            let why: Vec<&str> = stderr
                .lines()
                .filter(|l| {
                    ["panicked", "assertion", "overflow", "rror"]
                        .iter()
                        .any(|w| l.contains(w))
                })
                .take(2)
                .collect();
            Some(if why.is_empty() {
                shorten(stderr.lines().last().unwrap_or("failed"))
            } else {
                why.into_iter().map(shorten).collect::<Vec<_>>().join(" / ")
            })
        }
        Err(e) => Some(e.to_string()),
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

/// Writes the patched copy of `spec` into `inputs` and finds out, with
/// progenitor, what it needs: returns the copy and one line saying how the
/// spec fares as published, how many edits of each kind the patch made, and
/// which of them progenitor still fails without.
pub fn prepare_for_progenitor(
    spec: &Spec,
    inputs: &Path,
    probe: &Path,
) -> Result<(PathBuf, String)> {
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
    let outcome = match progenitor_verdict(&path, probe, spec.name) {
        None => "patched, accepted".to_string(),
        Some(why) => format!("patched, still rejected: {why}"),
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
    Ok((path, line))
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
    fn the_four_come_from_the_published_table() {
        let specs = published_four(Path::new("/nowhere"), "2026-09");
        // Listed, but not on disk here.
        assert!(specs
            .unwrap_err()
            .to_string()
            .contains("/nowhere/published-dated/crm--contacts--424--2026-09.json"));
    }
}
