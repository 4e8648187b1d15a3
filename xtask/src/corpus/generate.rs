//! The specs among the paths given, and each spec generated on its own:
//! its row's figures, or why it did not generate.

use super::Row;
use crate::error::Result;
use hubspot_codegen::Config;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The spec files among `paths`, sorted per folder.
pub fn find_specs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for path in paths {
        if path.is_file() {
            specs.push(path.clone());
            continue;
        }
        let Ok(entries) = std::fs::read_dir(path) else {
            if crate::skip::skipped(&format!("{} is absent", path.display())) {
                continue;
            }
            return Err(format!("{} is absent", path.display()).into());
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"))
            })
            .collect();
        if found.is_empty() {
            return Err(format!("{} holds no .json/.yaml/.yml file", path.display()).into());
        }
        found.sort();
        specs.extend(found);
    }
    Ok(specs)
}

pub fn config(specs: Vec<PathBuf>, name: String) -> Config {
    Config {
        specs,
        name,
        version: "0.0.0".into(),
        description: "Corpus check: clients for HubSpot's published specs.".into(),
        // Within a shard, types its specs declare alike are shared, so the
        // check covers the shared crates too (a spec generated alone shares
        // nothing).
        versions: Vec::new(),
        share_types: true,
        properties: Vec::new(),
        publish: true,
    }
}

pub fn generate_one(spec: &Path) -> Row {
    let started = Instant::now();
    let config = config(vec![spec.to_path_buf()], "corpus-one".into());
    let result = std::panic::catch_unwind(|| hubspot_codegen::generate_with_warnings(&config));
    let generate = started.elapsed();
    let mut row = Row {
        spec: spec.to_path_buf(),
        module: String::new(),
        operations: 0,
        types: 0,
        lines: 0,
        generate,
        generated: Ok(()),
        generator_warnings: Vec::new(),
        shard: None,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    match result {
        Ok(Ok(g)) => {
            if let Some(api) = g.ir.apis.first() {
                row.module = api.module.clone();
                row.operations = api.root.all_operations().len();
                row.types = api.types.len();
                let dir = Path::new("crates").join(&g.ir.layout.member(&api.module).dir);
                row.lines = g
                    .files
                    .iter()
                    .filter(|(p, _)| p.starts_with(&dir))
                    .map(|(_, text)| text.lines().count())
                    .sum();
            }
            row.generator_warnings = g.warnings.iter().map(|w| w.to_string()).collect();
        }
        Ok(Err(e)) => row.generated = Err(e.to_string().into()),
        Err(_) => row.generated = Err("the generator panicked (a bug)".into()),
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_spec_is_a_failed_row_not_a_panic() {
        let r = generate_one(Path::new("absent.json"));
        let err = r.generated.expect_err("absent file");
        assert!(err.to_string().contains("absent.json"), "{err}");
    }
}
