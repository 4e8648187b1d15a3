//! Build time of the generated crates alone, dependencies prebuilt: ours
//! with the default features, every version and Contacts alone; ours, and
//! the peers', from the same published specs.

use super::files::{copy_dir, package_name, packages_below, slug, RUNTIME};
use super::generation::Outputs;
use super::measure::{cargo, check, ratio, CpuClock, Stats};
use super::Bench;
use crate::error::{Error, Result};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// One build figure: the crates in `src` (one crate with the crates it
/// holds, or a folder of crates), built with `args`.
struct Set {
    label: String,
    /// Which generator made it; also names the target folder it shares with
    /// the other sets of the same generator.
    generator: &'static str,
    src: PathBuf,
    /// Arguments of `cargo build` (features).
    args: Vec<String>,
    /// Ours: also timed with the runtime prebuilt.
    ours: bool,
    /// Ours from the same published specs as the peers'.
    like_for_like: bool,
}

/// What a set's builds took: every package rebuilt, and (ours) every
/// package but the runtime.
struct Times {
    whole: Stats,
    prebuilt: Option<Stats>,
}

pub fn section(b: &mut Bench, outputs: &Outputs) -> Result<()> {
    let _ = writeln!(
        b.md,
        "\n## Build of the generated crate(s) alone, dependencies prebuilt\n"
    );
    let _ = writeln!(b.md, "`cargo build` (dev profile), CARGO_INCREMENTAL=0, after `cargo clean -p` of the generated packages.");
    let _ = writeln!(b.md, "Ours is a tree of crates (facade, runtime, shared types, one per API), timed twice in the same run: every package rebuilt, and all but the hand-written runtime (`{RUNTIME}`), which never changes with the specs, like progenitor's prebuilt `progenitor-client`.\n");
    let _ = writeln!(
        b.md,
        "| what | generator | time, median (min) | time vs ours (same specs): every crate / runtime prebuilt | time vs ours (default features, runtime prebuilt) | meanwhile |"
    );
    let _ = writeln!(b.md, "| --- | --- | --- | --- | --- | --- |");
    let runs = b.opts.runs.min(3);
    let mut default = None;
    let mut same_specs = None;
    for set in sets(b, outputs) {
        let clock = CpuClock::now();
        let t = time_set(b, &set, runs)?;
        let meanwhile = clock.and_then(|c| c.others_since()).unwrap_or_default();
        println!("build {}: {} ({meanwhile})", set.label, t.whole.s());
        let (vs_same, vs_default) = if set.ours {
            (String::new(), String::new())
        } else {
            let vs = |ours: Option<&Times>| {
                ours.map(|o| {
                    let whole = ratio(t.whole.median, o.whole.median);
                    match o.prebuilt {
                        Some(p) => (whole, ratio(t.whole.median, p.median)),
                        None => (whole.clone(), whole),
                    }
                })
            };
            (
                vs(same_specs.as_ref())
                    .map(|(w, p)| format!("{w} / {p}"))
                    .unwrap_or_default(),
                vs(default.as_ref()).map(|(_, p)| p).unwrap_or_default(),
            )
        };
        let _ = writeln!(
            b.md,
            "| {} | {} | {} | {vs_same} | {vs_default} | {meanwhile} |",
            set.label,
            set.generator,
            t.whole.s()
        );
        if let Some(p) = t.prebuilt {
            println!("build {}, runtime prebuilt: {}", set.label, p.s());
            let _ = writeln!(
                b.md,
                "| {}, runtime prebuilt like progenitor-client | {} | {} | | | |",
                set.label,
                set.generator,
                p.s()
            );
        }
        if set.like_for_like {
            same_specs = Some(t);
        } else if set.ours && set.args.is_empty() {
            default = Some(t);
        }
    }
    Ok(())
}

/// The build figures of this run, ours first.
fn sets(b: &Bench, outputs: &Outputs) -> Vec<Set> {
    let f = &b.features;
    let ours = |label: String, src: &PathBuf, args: Vec<String>| Set {
        label,
        generator: "hubspot-codegen",
        src: src.clone(),
        args,
        ours: true,
        like_for_like: false,
    };
    let bundled = &outputs.bundled;
    let mut sets = vec![ours(
        format!("default features (version {})", f.version),
        bundled,
        Vec::new(),
    )];
    sets.push(ours(
        format!("every version (--features {})", f.every_version.join(",")),
        bundled,
        vec!["--features".into(), f.every_version.join(",")],
    ));
    if let Some(contacts) = &f.contacts {
        sets.push(ours(
            format!("Contacts alone (--no-default-features --features {contacts})"),
            bundled,
            vec![
                "--no-default-features".into(),
                "--features".into(),
                contacts.clone(),
            ],
        ));
    }
    let version = &f.version;
    if let Some(src) = &outputs.published {
        sets.push(Set {
            like_for_like: true,
            ..ours(format!("4 published specs ({version})"), src, Vec::new())
        });
    }
    for (generator, src) in [
        ("progenitor", &outputs.progenitor),
        ("openapi-generator rust", &outputs.openapi),
    ] {
        if let Some(src) = src {
            sets.push(Set {
                label: format!("4 published specs ({version}), 4 crates"),
                generator,
                src: src.clone(),
                args: Vec::new(),
                ours: false,
                like_for_like: false,
            });
        }
    }
    sets
}

/// A throwaway workspace holding a copy of a set's crates.
struct Workspace {
    dir: PathBuf,
    /// One per generator: its dependencies are built once.
    target: PathBuf,
    /// Every package of the set, the ones `cargo clean -p` removes.
    packages: Vec<String>,
}

/// Copies the set's crates into a workspace of their own under
/// target/bench/build/.
fn workspace(b: &Bench, set: &Set) -> Result<Workspace> {
    let dir = b
        .dir
        .join("build")
        .join(slug(&format!("{} {}", set.generator, set.label)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
    let crates: Vec<PathBuf> = if set.src.join("Cargo.toml").is_file() {
        vec![set.src.clone()]
    } else {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&set.src)
            .map_err(Error::io(&set.src))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join("Cargo.toml").is_file())
            .collect();
        v.sort();
        v
    };
    let mut members = Vec::new();
    let mut packages = Vec::new();
    for (i, c) in crates.iter().enumerate() {
        let member = format!("m{i}");
        copy_dir(c, &dir.join(&member))?;
        packages.extend(packages_below(&dir.join(&member))?);
        members.push(format!("\"{member}\""));
    }
    super::files::write(
        &dir.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )?;
    if set.ours {
        // Ours at the workspace's versions.
        let _ = std::fs::copy(b.root.join("Cargo.lock"), dir.join("Cargo.lock"));
    }
    Ok(Workspace {
        target: b.dir.join("build-target").join(slug(set.generator)),
        dir,
        packages,
    })
}

/// Builds the set's dependencies once, then `runs` times cleans and
/// rebuilds every package of the set; for ours, in the same runs, every
/// package but the runtime as well.
fn time_set(b: &Bench, set: &Set, runs: usize) -> Result<Times> {
    let ws = workspace(b, set)?;
    let kept = match set.ours {
        true => Some(package_name(&set.src.join(RUNTIME).join("Cargo.toml"))?),
        false => None,
    };
    let what = format!("{} build of {}", set.generator, set.label);
    // Ours: the facade and what its features pull in; a bare `cargo build`
    // would build every crate of the tree, each a workspace member.
    let facade = match set.ours {
        true => Some(package_name(&set.src.join("Cargo.toml"))?),
        false => None,
    };
    let build = || {
        let mut c = cargo(&ws.dir, &ws.target);
        c.args(["build", "-q"]);
        if let Some(p) = &facade {
            c.args(["-p", p]);
        }
        c.args(&set.args);
        c
    };
    // Cleans the packages but `keep`, then times `cargo build`.
    let rebuild = |keep: Option<&String>| -> Result<Duration> {
        let mut clean = cargo(&ws.dir, &ws.target);
        clean.args(["clean", "-q"]);
        for p in ws.packages.iter().filter(|p| Some(*p) != keep) {
            clean.args(["-p", p]);
        }
        check(clean, &format!("cargo clean in {}", ws.dir.display()))?;
        let started = Instant::now();
        check(build(), &what)?;
        Ok(started.elapsed())
    };
    println!("build {}: dependencies first ...", set.label);
    check(build(), &what)?;
    let (mut whole, mut partial) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        whole.push(rebuild(None)?);
        if kept.is_some() {
            partial.push(rebuild(kept.as_ref())?);
        }
    }
    Ok(Times {
        whole: Stats::of(whole),
        prebuilt: kept.map(|_| Stats::of(partial)),
    })
}
