//! The type-check: the specs that generated, spread over shards in a
//! throwaway workspace, checked by one `cargo check` whose messages go to
//! the rows of their specs.

use super::generate::config;
use super::messages::{attribute, fail_unchecked, package_of, Packages};
use super::{Opts, Row};
use crate::error::{Error, Result};
use hubspot_codegen::output;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// Writes the shards, runs `cargo check` on them and attributes every
/// compiler message to a row. Returns the messages that belong to no row.
pub fn check(rows: &mut [Row], opts: &Opts, root: &Path) -> Result<Vec<String>> {
    // Largest first onto the lightest shard.
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|i| rows[*i].generated.is_ok())
        .collect();
    order.sort_by_key(|i| std::cmp::Reverse(rows[*i].lines));
    let shards = opts.jobs.min(order.len()).max(1);
    let mut load = vec![0usize; shards];
    for i in order {
        let lightest = (0..shards).min_by_key(|s| load[*s]).unwrap_or(0);
        load[lightest] += rows[i].lines;
        rows[i].shard = Some(lightest);
    }

    std::fs::create_dir_all(&opts.out).map_err(|e| format!("{}: {e}", opts.out.display()))?;
    let mut members = Vec::new();
    let mut packages = Packages::default();
    for shard in 0..shards {
        let specs: Vec<usize> = (0..rows.len())
            .filter(|i| rows[*i].shard == Some(shard))
            .collect();
        let name = format!("corpus-{}-shard-{shard}", out_tag(&opts.out));
        let config = config(
            specs.iter().map(|i| rows[*i].spec.clone()).collect(),
            name.clone(),
        );
        let generated = hubspot_codegen::generate_with_warnings(&config)
            .map_err(|e| format!("shard {shard} did not generate: {e}"))?;
        packages.add_shard(&generated.ir, &specs);
        output::write(&opts.out.join(&name), &generated.files).map_err(|e| e.to_string())?;
        // Its crates are path dependencies inside the workspace: members too.
        members.push(name);
    }
    // Shards from an earlier, larger run are left alone: not members.
    let manifest = format!(
        "# Written by `cargo xtask corpus`; a throwaway workspace, not part of the main one.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    write_if_changed(&opts.out.join("Cargo.toml"), &manifest)?;
    // The main lock file: the same dependency versions as the main workspace,
    // so `target/` already holds them.
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    if !lock.is_empty() {
        write_if_changed(&opts.out.join("Cargo.lock"), &lock)?;
    }

    let target_dir = xtask_common::target_dir(root);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!(
        "checking {} specs in {shards} shards under {} ...",
        packages.owner.len(),
        opts.out.display()
    );
    // `--keep-going`: one spec's error does not stop the other crates;
    // `test-util`: the response types' fixture constructors are checked too.
    let mut child = Command::new(cargo)
        .args([
            "check",
            "--workspace",
            "--features",
            "test-util",
            "--keep-going",
            "--message-format=json",
            "--jobs",
        ])
        .arg(opts.jobs.to_string())
        .current_dir(&opts.out)
        .env("CARGO_TARGET_DIR", &target_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout from cargo")?;
    let mut unattributed = Vec::new();
    let mut finished = None;
    // The API crates cargo built (reported a `compiler-artifact` for).
    let mut checked = BTreeSet::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading cargo's output: {e}"))?;
        let Ok(msg) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        match msg.get("reason").and_then(Value::as_str) {
            Some("build-finished") => finished = msg.get("success").and_then(Value::as_bool),
            Some("compiler-artifact") => {
                if let Some(name) = package_of(&msg).filter(|n| packages.owner.contains_key(*n)) {
                    checked.insert(name.to_string());
                }
            }
            Some("compiler-message") => attribute(&msg, &packages, rows, &mut unattributed),
            _ => {}
        }
    }
    let status = child.wait().map_err(|e| format!("cargo: {e}"))?;
    let any_error = rows.iter().any(|r| !r.errors.is_empty());
    if !status.success() && !any_error && unattributed.is_empty() {
        return Err(format!(
            "cargo check failed without a compiler message about the specs (build-finished: {finished:?}); see above"
        ).into());
    }
    fail_unchecked(&packages, &checked, rows);
    Ok(unattributed)
}

/// A short tag of the output folder for the shard package names. Cargo keys
/// a path package's build by name, version and path relative to its
/// workspace, so two corpus folders sharing a target folder would otherwise
/// take each other's shards for fresh ones and replay the wrong messages.
fn out_tag(out: &Path) -> String {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same folder gives the same tag every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    out.hash(&mut h);
    format!("{:08x}", h.finish() as u32)
}

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(Error::io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_names_differ_per_output_folder() {
        let a = out_tag(Path::new("/w/target/corpus"));
        assert_eq!(a, out_tag(Path::new("/w/target/corpus")));
        assert_ne!(a, out_tag(Path::new("/w/target/other")));
        assert_eq!(a.len(), 8);
    }
}
