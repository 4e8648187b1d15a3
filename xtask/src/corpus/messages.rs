//! Cargo's messages attributed to the rows: the packages of the corpus
//! workspace by name, a compiler message to the row of its package's spec,
//! and an API crate cargo never built as a failure of its spec.

use super::Row;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// An API crate cargo never built (`checked` lacks it) was not checked: a
/// crate it needs failed, or cargo skipped it. Never count that as a pass.
pub fn fail_unchecked(packages: &Packages, checked: &BTreeSet<String>, rows: &mut [Row]) {
    for (package, &row) in &packages.owner {
        if !checked.contains(package) && rows[row].errors.is_empty() {
            rows[row]
                .errors
                .push(format!("error: cargo did not check {package}"));
        }
    }
}

/// The packages of the corpus workspace, by name.
#[derive(Default)]
pub struct Packages {
    /// API crate (`corpus-…-shard-0-crm-contacts`) → the row of its spec.
    pub owner: BTreeMap<String, usize>,
    /// The shards' facade, runtime and shared-types crates: ours, but no
    /// spec's.
    pub other: BTreeSet<String>,
}

impl Packages {
    /// Records the packages of one shard's output: the crate of each API for
    /// the row of its spec (`rows`, in the order the specs were given), the
    /// facade, runtime and shared-types crates as no spec's.
    pub fn add_shard(&mut self, ir: &hubspot_codegen::ir::Crate, rows: &[usize]) {
        // APIs come back in input order.
        for (row, api) in rows.iter().zip(&ir.apis) {
            self.owner
                .insert(ir.layout.member(&api.module).package.clone(), *row);
        }
        self.other.insert(ir.name.clone());
        self.other.insert(ir.layout.runtime.package.clone());
        for group in &ir.shared {
            self.other
                .insert(ir.layout.member(&group.module).package.clone());
        }
    }
}

/// The package name in a cargo message's `package_id`: the current
/// `path+file:///…/crates/x#name@0.0.0` or `path+file:///…/name#0.0.0`, or
/// the older `name 0.0.0 (path+file://…)`.
pub fn package_of(msg: &Value) -> Option<&str> {
    let id = msg.get("package_id")?.as_str()?;
    match id.split_once('#') {
        Some((_, fragment)) if fragment.contains('@') => fragment.split('@').next(),
        Some((url, _)) => url.rsplit('/').next(),
        None => id.split(' ').next(),
    }
}

/// Records a `compiler-message` against the row of its package; a message
/// of a facade, runtime or shared-types crate goes to `unattributed`, one of
/// a dependency nowhere.
pub fn attribute(
    msg: &Value,
    packages: &Packages,
    rows: &mut [Row],
    unattributed: &mut Vec<String>,
) {
    let Some(package) = package_of(msg) else {
        return;
    };
    let row = packages.owner.get(package).copied();
    if row.is_none() && !packages.other.contains(package) {
        // A dependency's message: not ours to count.
        return;
    }
    let message = &msg["message"];
    let level = message.get("level").and_then(Value::as_str).unwrap_or("");
    if !matches!(level, "error" | "warning") {
        return;
    }
    // Summaries (`aborting due to…`, `N warnings emitted`) have no span.
    if message
        .get("spans")
        .and_then(Value::as_array)
        .is_none_or(|s| s.is_empty())
    {
        return;
    }
    let rendered = message
        .get("rendered")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end()
        .to_string();
    match row {
        Some(row) if level == "error" => rows[row].errors.push(rendered),
        Some(row) => rows[row].warnings.push(rendered),
        None => unattributed.push(format!("{package}: {rendered}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::generate::{config, generate_one};
    use crate::corpus::report::report;
    use std::path::Path;

    fn row(module: &str) -> Row {
        let mut r = generate_one(Path::new("absent.json"));
        r.module = module.into();
        r.generated = Ok(());
        r
    }

    /// A `compiler-message` as cargo prints it, from package `id`.
    fn message(id: &str, level: &str, file: &str) -> Value {
        serde_json::json!({
            "reason": "compiler-message",
            "package_id": id,
            "message": {
                "level": level,
                "rendered": format!("{level}: something\n --> {file}:1:1"),
                "spans": [
                    {"file_name": "corpus-t-shard-0/src/lib.rs", "is_primary": false},
                    {"file_name": file, "is_primary": true}
                ]
            }
        })
    }

    const DIR: &str = "path+file:///w/target/corpus";

    /// Shard 0 holds `crm_a` (row 0); shard 1 `crm_b` (row 1) and `crm_a` (row 2).
    fn packages() -> Packages {
        Packages {
            owner: BTreeMap::from([
                ("corpus-t-shard-0-crm-a".into(), 0),
                ("corpus-t-shard-1-crm-b".into(), 1),
                ("corpus-t-shard-1-crm-a".into(), 2),
            ]),
            other: BTreeSet::from([
                "corpus-t-shard-0".into(),
                "corpus-t-shard-0-runtime".into(),
                "corpus-t-shard-1".into(),
                "corpus-t-shard-1-runtime".into(),
            ]),
        }
    }

    #[test]
    fn messages_go_to_the_row_of_their_package() {
        let packages = packages();
        let mut rows = vec![row("crm_a"), row("crm_b"), row("crm_a")];
        let mut other = Vec::new();
        let crm_a_0 = format!("{DIR}/corpus-t-shard-0/crates/crm_a#corpus-t-shard-0-crm-a@0.0.0");
        let crm_a_1 = format!("{DIR}/corpus-t-shard-1/crates/crm_a#corpus-t-shard-1-crm-a@0.0.0");
        let crm_b_1 = format!("{DIR}/corpus-t-shard-1/crates/crm_b#corpus-t-shard-1-crm-b@0.0.0");
        let runtime_0 =
            format!("{DIR}/corpus-t-shard-0/crates/runtime#corpus-t-shard-0-runtime@0.0.0");
        let facade_1 = format!("{DIR}/corpus-t-shard-1#0.0.0");
        let serde = "registry+https://github.com/rust-lang/crates.io-index#serde@1.0.219";
        for msg in [
            message(
                &crm_b_1,
                "warning",
                "corpus-t-shard-1/crates/crm_b/src/types.rs",
            ),
            message(
                &crm_a_0,
                "error",
                "corpus-t-shard-0/crates/crm_a/src/builders.rs",
            ),
            // By package, not by file: a span in the runtime is still crm_a's.
            message(
                &crm_a_0,
                "error",
                "corpus-t-shard-0/crates/runtime/src/client.rs",
            ),
            // The same module in another shard is another row.
            message(
                &crm_a_1,
                "warning",
                "corpus-t-shard-1/crates/crm_a/src/lib.rs",
            ),
            // Ours but no spec's: unattributed.
            message(
                &runtime_0,
                "warning",
                "corpus-t-shard-0/crates/runtime/src/client.rs",
            ),
            message(&facade_1, "error", "corpus-t-shard-1/src/lib.rs"),
            // Ignored: a note, a dependency's warning.
            message(&crm_a_0, "note", "corpus-t-shard-0/crates/crm_a/src/lib.rs"),
            message(serde, "warning", "src/de.rs"),
        ] {
            attribute(&msg, &packages, &mut rows, &mut other);
        }
        // A summary has no span.
        let mut summary = message(&crm_a_1, "warning", "");
        summary["message"]["spans"] = serde_json::json!([]);
        attribute(&summary, &packages, &mut rows, &mut other);

        let counts: Vec<_> = rows
            .iter()
            .map(|r| (r.errors.len(), r.warnings.len()))
            .collect();
        assert_eq!(counts, [(2, 0), (0, 1), (0, 1)]);
        assert_eq!(other.len(), 2, "{other:?}");
        assert!(
            other[0].starts_with("corpus-t-shard-0-runtime: warning"),
            "{other:?}"
        );
        assert!(other[1].starts_with("corpus-t-shard-1: error"), "{other:?}");
        // An error fails its row, and so does a warning.
        assert_eq!(report(&rows, true, &other), 3);
        assert_eq!(report(&[row("crm_c")], true, &[]), 0);
    }

    #[test]
    fn a_shards_shared_types_crates_are_ours_but_no_specs() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let specs = ["shared_a.yaml", "shared_b.yaml", "shared_c.yaml"]
            .iter()
            .map(|f| fixtures.join(f))
            .collect();
        let ir = hubspot_codegen::build_ir(&config(specs, "corpus-t-shard-0".into()))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut packages = Packages::default();
        packages.add_shard(&ir, &[4, 5, 6]);
        assert_eq!(
            packages.owner,
            BTreeMap::from([
                ("corpus-t-shard-0-shared-a".to_string(), 4),
                ("corpus-t-shard-0-shared-b".to_string(), 5),
                ("corpus-t-shard-0-shared-c".to_string(), 6),
            ])
        );
        let other: Vec<&str> = packages.other.iter().map(String::as_str).collect();
        assert_eq!(
            other,
            [
                "corpus-t-shard-0",
                "corpus-t-shard-0-runtime",
                "corpus-t-shard-0-shared",
                "corpus-t-shard-0-shared-2",
                "corpus-t-shard-0-shared-3",
            ]
        );
    }

    #[test]
    fn an_api_crate_cargo_never_built_fails() {
        let packages = packages();
        let mut rows = vec![row("crm_a"), row("crm_b"), row("crm_a")];
        rows[1].errors.push("error: its own".into());
        let checked = BTreeSet::from(["corpus-t-shard-0-crm-a".to_string()]);
        fail_unchecked(&packages, &checked, &mut rows);
        assert!(rows[0].errors.is_empty());
        // Its own error says enough.
        assert_eq!(rows[1].errors, ["error: its own"]);
        assert_eq!(rows[2].errors.len(), 1);
        assert!(rows[2].errors[0].contains("corpus-t-shard-1-crm-a"));
    }

    #[test]
    fn package_names_from_ids_old_and_new() {
        let name =
            |id: &str| package_of(&serde_json::json!({ "package_id": id })).map(str::to_string);
        assert_eq!(
            name(&format!(
                "{DIR}/corpus-t-shard-1/crates/crm_a#corpus-t-shard-1-crm-a@0.0.0"
            ))
            .as_deref(),
            Some("corpus-t-shard-1-crm-a")
        );
        assert_eq!(
            name(&format!("{DIR}/corpus-t-shard-1#0.0.0")).as_deref(),
            Some("corpus-t-shard-1")
        );
        assert_eq!(
            name("corpus-t-shard-0 0.0.0 (path+file:///w)").as_deref(),
            Some("corpus-t-shard-0")
        );
        assert_eq!(
            name("registry+https://github.com/rust-lang/crates.io-index#serde@1.0.219").as_deref(),
            Some("serde")
        );
        assert_eq!(package_of(&serde_json::json!({})), None);
    }
}
