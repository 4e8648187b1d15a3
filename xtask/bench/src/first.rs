//! The first build of a one-file program, what a user first waits for: a
//! `main.rs` that makes a client and calls one operation in an async main,
//! on our crate as the bench generated it from `specs/` in this run, built
//! (not run) from an empty target folder, every dependency compiled. The
//! registry is already downloaded: `cargo fetch` runs first, untimed. Once
//! with the default features, once with one API (the default version's
//! Contacts) and the default TLS backend.

use super::files::{slug, write};
use super::measure::{cargo, CpuClock, Stats};
use super::Bench;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;
use xtask_common::error::{Error, Result};

/// The program: what the README's first example does, in an async main.
const MAIN: &str = r#"//! A first program with hubspot-client, built by `cargo xtask bench`.

#[tokio::main]
async fn main() -> Result<(), hubspot_client::Error> {
    let client = hubspot_client::Client::builder()
        .access_token(std::env::var("HUBSPOT_TOKEN").unwrap_or_default())
        .build()?;
    let contact = client.contacts().get("1001").send().await?;
    println!("{contact:?}");
    Ok(())
}
"#;

/// The async runtime a user adds for `#[tokio::main]`, no more.
const TOKIO: &str = r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }"#;

/// One variant of the program: how it depends on our crate.
struct Program {
    label: String,
    /// The table of the dependency on `hubspot-client`, after `path`.
    dependency: String,
}

pub fn section(b: &mut Bench, outputs: &super::generation::Outputs) -> Result<()> {
    let facade = outputs.bundled.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&facade).map_err(Error::io(&facade))?;
    let defaults = default_features(&manifest);
    let tls = tls_features(&defaults, &b.features.every_version);
    let runs = b.opts.runs.min(2);
    let _ = writeln!(
        b.md,
        "\n## First build of a one-file program, from an empty target/\n"
    );
    let _ = writeln!(
        b.md,
        "A `main.rs` that makes a client and calls `client.contacts().get(\"1001\").send()` in a `#[tokio::main]` (`{TOKIO}`), built, not run: `cargo build` (dev profile, CARGO_INCREMENTAL=0 as for a crates.io dependency) from an empty target folder, every dependency compiled; the registry already downloaded (`cargo fetch` first, untimed); `Cargo.lock` of this repository; our crate as generated in this run. {runs} run(s) each; the default features are `{}`.\n",
        defaults.join(", ")
    );
    let _ = writeln!(
        b.md,
        "| program | `hubspot-client` dependency | time, median (min) | each run | units compiled | meanwhile |"
    );
    let _ = writeln!(b.md, "| --- | --- | --- | --- | --- | --- |");
    let mut programs = vec![Program {
        label: "default features".into(),
        dependency: String::new(),
    }];
    match &b.features.contacts {
        Some(contacts) => {
            let features: Vec<String> = std::iter::once(contacts)
                .chain(&tls)
                .map(|f| format!("{f:?}"))
                .collect();
            programs.push(Program {
                label: format!("one API ({contacts}) and TLS"),
                dependency: format!(
                    ", default-features = false, features = [{}]",
                    features.join(", ")
                ),
            });
        }
        None => b.skipped.push(format!(
            "first build with one API: version {} has no Contacts API",
            b.features.version
        )),
    }
    for p in programs {
        let clock = CpuClock::now();
        let (t, each, units) = time_program(b, &p, &outputs.bundled, runs)?;
        let meanwhile = clock.and_then(|c| c.others_since()).unwrap_or_default();
        println!("first build, {}: {} ({meanwhile})", p.label, t.s());
        let each: Vec<String> = each.iter().map(|s| format!("{s:.1} s")).collect();
        let _ = writeln!(
            b.md,
            "| {} | `{{ path = …{} }}` | {} | {} | {units} | {meanwhile} |",
            p.label,
            p.dependency,
            t.s(),
            each.join(", ")
        );
    }
    Ok(())
}

/// Writes the program's workspace under target/bench/build/ and builds it
/// `runs` times, each from an empty target folder; the times, each in
/// seconds, and how many units cargo compiled.
fn time_program(
    b: &Bench,
    p: &Program,
    ours: &Path,
    runs: usize,
) -> Result<(Stats, Vec<f64>, usize)> {
    let name = slug(&format!("first program {}", p.label));
    let dir = b.dir.join("build").join(&name);
    let target = b.dir.join("build-target").join(&name);
    let _ = std::fs::remove_dir_all(&dir);
    write(&dir.join("src/main.rs"), MAIN)?;
    write(
        &dir.join("Cargo.toml"),
        &manifest(&ours.display().to_string(), &p.dependency),
    )?;
    // At the versions this repository builds with.
    let _ = std::fs::copy(b.root.join("Cargo.lock"), dir.join("Cargo.lock"));
    let what = format!("the first build of the one-file program, {}", p.label);
    let mut fetch = cargo(&dir, &target);
    fetch.args(["fetch", "-q"]);
    super::measure::check(fetch, &format!("cargo fetch for {what}"))?;
    let mut samples = Vec::new();
    let mut units = 0;
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&target);
        println!("first build, {}: from an empty target folder ...", p.label);
        let mut build = cargo(&dir, &target);
        build.arg("build");
        let started = Instant::now();
        let out = build.output().map_err(|source| Error::Spawn {
            program: what.clone(),
            source,
        })?;
        let took = started.elapsed();
        if !out.status.success() {
            return Err(Error::failed(what, &out.stderr, 15));
        }
        units = compiled_units(&String::from_utf8_lossy(&out.stderr));
        samples.push(took);
    }
    let each = samples.iter().map(|d| d.as_secs_f64()).collect();
    Ok((Stats::of(samples), each, units))
}

/// The program's manifest: `hubspot-client` from `path` with `dependency`
/// (`, default-features = false, …`), and tokio.
fn manifest(path: &str, dependency: &str) -> String {
    format!(
        "[package]\nname = \"first-program\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         # Not a member of the repository's workspace.\n[workspace]\n\n\
         [dependencies]\nhubspot-client = {{ path = {path:?}{dependency} }}\n{TOKIO}\n"
    )
}

/// The `Compiling …` lines of cargo's output: the units built.
fn compiled_units(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|l| l.trim_start().starts_with("Compiling "))
        .count()
}

/// The `default = [...]` features of our facade's manifest.
fn default_features(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .skip_while(|l| l.trim() != "[features]")
        .find_map(|l| l.strip_prefix("default = ["))
        .map(|list| {
            list.trim_end_matches(']')
                .split(',')
                .map(|f| f.trim().trim_matches('"').to_string())
                .filter(|f| !f.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Of the default features, those that choose no version or API: the TLS
/// backend.
fn tls_features(defaults: &[String], versions: &[String]) -> Vec<String> {
    defaults
        .iter()
        .filter(|f| {
            !versions
                .iter()
                .any(|v| *f == v || f.starts_with(&format!("{v}-")))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FACADE: &str = "[package]\nname = \"hubspot-client\"\n\n[dependencies]\nx = { path = \"x\" }\n\n\
        [features]\ndefault = [\"rustls\", \"v2026-09\", \"v2026-03-webhooks-journal\"]\nrustls = []\n";

    #[test]
    fn the_tls_backend_is_the_default_feature_of_no_version() {
        let defaults = default_features(FACADE);
        assert_eq!(
            defaults,
            ["rustls", "v2026-09", "v2026-03-webhooks-journal"]
        );
        let versions = ["v2026-09", "v2026-03", "v3"].map(String::from);
        assert_eq!(tls_features(&defaults, &versions), ["rustls"]);
        assert!(default_features("[package]\nname = \"x\"\n").is_empty());
    }

    #[test]
    fn the_generated_facade_has_a_tls_default() {
        let facade = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated/Cargo.toml");
        let defaults = default_features(&std::fs::read_to_string(facade).unwrap());
        let versions = ["v2026-09", "v2026-03", "v3"].map(String::from);
        assert_eq!(tls_features(&defaults, &versions).len(), 1, "{defaults:?}");
    }

    #[test]
    fn the_program_manifest() {
        let m = manifest("/g", ", default-features = false, features = [\"a\"]");
        assert!(m.contains(
            "hubspot-client = { path = \"/g\", default-features = false, features = [\"a\"] }\n"
        ));
        assert!(m.contains("[workspace]\n"));
        assert!(m.ends_with(&format!("{TOKIO}\n")));
        assert_eq!(
            compiled_units("   Compiling a v1\n   Compiling b v2\n    Finished `dev`\n"),
            2
        );
    }
}
