//! Build time of the generated crates alone, dependencies prebuilt: ours
//! with the default features, every version and Contacts alone; ours, and
//! the peers', from the same published specs (the like-for-like set, or the
//! part of it a peer generates and compiles, ours built from that part too).
//! Then the first build of a one-file program ([`super::first`]).

use super::files::{copy_dir, package_name, packages_below, slug, RUNTIME};
use super::generation::{self, Outputs, PeerCrates};
use super::measure::{cargo, check, ratio, CpuClock, Stats};
use super::peers::Spec;
use super::Bench;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use xtask_common::error::{Error, Result};

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
}

/// What a set's builds took: every package rebuilt, and (ours) every
/// package but the runtime.
#[derive(Clone, Copy)]
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
    let f = &b.features;
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
    let mut default = None;
    for set in sets {
        let t = timed(b, &set, None, runs, None, None)?;
        if set.args.is_empty() {
            default = Some(t);
        }
    }
    // Ours on the like-for-like set and on the parts of it the peers build.
    let mut same: Vec<(Vec<&'static str>, Times)> = Vec::new();
    if let (Some(src), Some(set)) = (&outputs.published, b.like.clone()) {
        let label = generation::set_label(b, set.specs.len(), 0);
        let t = timed(b, &ours(label, src, Vec::new()), None, runs, None, None)?;
        same.push((names(&set.specs), t));
    }
    for (generator, crates) in [
        ("progenitor", &outputs.progenitor),
        ("openapi-generator rust", &outputs.openapi),
    ] {
        if let Some(crates) = crates {
            peer(b, generator, crates, runs, default, &mut same)?;
        }
    }
    super::first::section(b, outputs)
}

fn names(specs: &[Spec]) -> Vec<&'static str> {
    specs.iter().map(|s| s.name).collect()
}

/// One of our sets.
fn ours(label: String, src: &Path, args: Vec<String>) -> Set {
    Set {
        label,
        generator: "hubspot-codegen",
        src: src.to_path_buf(),
        args,
        ours: true,
    }
}

/// A peer's crates: those that do not compile left out (saying so), ours
/// built from the same specs when that is not the whole like-for-like set
/// (or not yet), then the peer's timed against it.
fn peer(
    b: &mut Bench,
    generator: &'static str,
    crates: &PeerCrates,
    runs: usize,
    default: Option<Times>,
    same: &mut Vec<(Vec<&'static str>, Times)>,
) -> Result<()> {
    let all = crates.specs.len() + crates.left_out.len();
    let mut set = Set {
        label: "published specs".into(),
        generator,
        src: crates.dir.clone(),
        args: Vec::new(),
        ours: false,
    };
    let mut ws = workspace(b, &set)?;
    let failing = leave_out_what_fails(&mut ws, generator)?;
    let built: Vec<Spec> = crates
        .specs
        .iter()
        .filter(|s| !failing.iter().any(|(member, _)| member == s.name))
        .cloned()
        .collect();
    for (member, why) in &failing {
        let line = format!("{generator}, {member}: its crate does not compile, left out of its build figure: {why}");
        println!("build: {line}");
        b.skipped.push(line);
    }
    if built.is_empty() {
        b.skipped.push(format!(
            "build of {generator}'s crates: none of them compiles"
        ));
        return Ok(());
    }
    let left_out = all - built.len();
    let label = generation::set_label(b, built.len(), left_out);
    let vs = match same.iter().find(|(n, _)| *n == names(&built)) {
        Some((_, t)) => *t,
        None => {
            let out = b
                .dir
                .join("gen")
                .join(format!("ours-built-as-{}", slug(generator)));
            generation::generate_ours(b, &built, &out)?;
            let ours_set = ours(
                format!("{label}, the ones {generator} builds"),
                &out,
                Vec::new(),
            );
            let t = timed(b, &ours_set, None, runs, None, None)?;
            same.push((names(&built), t));
            t
        }
    };
    set.label = format!("{label}, {} crates", built.len());
    timed(b, &set, Some(ws), runs, Some(vs), default)?;
    Ok(())
}

/// Times `set` (in `ws`, else a workspace of its own) and writes its rows;
/// a peer's against ours on the same specs (`same`) and with the default
/// features (`default`).
fn timed(
    b: &mut Bench,
    set: &Set,
    ws: Option<Workspace>,
    runs: usize,
    same: Option<Times>,
    default: Option<Times>,
) -> Result<Times> {
    let ws = match ws {
        Some(ws) => ws,
        None => workspace(b, set)?,
    };
    let clock = CpuClock::now();
    let t = time_set(set, &ws, runs)?;
    let meanwhile = clock.and_then(|c| c.others_since()).unwrap_or_default();
    println!("build {}: {} ({meanwhile})", set.label, t.whole.s());
    let vs = |ours: Option<Times>| {
        ours.map(|o| {
            let whole = ratio(t.whole.median, o.whole.median);
            match o.prebuilt {
                Some(p) => (whole, ratio(t.whole.median, p.median)),
                None => (whole.clone(), whole),
            }
        })
    };
    let (vs_same, vs_default) = match set.ours {
        true => (String::new(), String::new()),
        false => (
            vs(same)
                .map(|(w, p)| format!("{w} / {p}"))
                .unwrap_or_default(),
            vs(default).map(|(_, p)| p).unwrap_or_default(),
        ),
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
    Ok(t)
}

/// A throwaway workspace holding a copy of a set's crates.
struct Workspace {
    dir: PathBuf,
    /// One per generator: its dependencies are built once.
    target: PathBuf,
    /// Each member's folder (the name of the folder it is a copy of) and
    /// its packages, the ones `cargo clean -p` removes.
    members: Vec<(String, Vec<String>)>,
}

impl Workspace {
    /// Every package of the set.
    fn packages(&self) -> impl Iterator<Item = &String> {
        self.members.iter().flat_map(|(_, p)| p)
    }

    fn write_manifest(&self) -> Result<()> {
        let members: Vec<String> = self.members.iter().map(|(m, _)| format!("{m:?}")).collect();
        super::files::write(
            &self.dir.join("Cargo.toml"),
            &format!(
                "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
                members.join(", ")
            ),
        )
    }
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
    for c in &crates {
        let member = c
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        copy_dir(c, &dir.join(&member))?;
        let packages = packages_below(&dir.join(&member))?;
        members.push((member, packages));
    }
    let ws = Workspace {
        target: b.dir.join("build-target").join(slug(set.generator)),
        dir,
        members,
    };
    ws.write_manifest()?;
    if set.ours {
        // Ours at the workspace's versions.
        let _ = std::fs::copy(b.root.join("Cargo.lock"), ws.dir.join("Cargo.lock"));
    }
    Ok(ws)
}

/// Builds every crate of `ws` (`--keep-going`); those that do not compile
/// are taken out of the workspace: each member taken out, and why (its
/// first error, and how many).
fn leave_out_what_fails(ws: &mut Workspace, generator: &str) -> Result<Vec<(String, String)>> {
    let what = format!("building {generator}'s crates in {}", ws.dir.display());
    println!("build {generator}'s crates: dependencies first, and which crates compile ...");
    let mut build = cargo(&ws.dir, &ws.target);
    build.args(["build", "-q", "--keep-going"]);
    let out = build.output().map_err(|source| Error::Spawn {
        program: what.clone(),
        source,
    })?;
    if out.status.success() {
        return Ok(Vec::new());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let failed = failed_packages(&stderr);
    if failed.is_empty() {
        return Err(Error::failed(what, &out.stderr, 15));
    }
    let mut left_out = Vec::new();
    for (package, count) in failed {
        let Some((member, _)) = ws.members.iter().find(|(_, p)| p.contains(&package)) else {
            // A dependency, not a generated crate.
            return Err(Error::failed(what, &out.stderr, 15));
        };
        // Alone, for its own first error (the dependencies are built).
        let mut alone = cargo(&ws.dir, &ws.target);
        alone.args(["build", "-q", "-p", &package]);
        let first = alone
            .output()
            .ok()
            .and_then(|o| {
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .find(|l| l.starts_with("error") && !l.contains("could not compile"))
                    .map(str::to_string)
            })
            .unwrap_or_default();
        left_out.push((
            member.clone(),
            format!("`{package}`: {count}; the first: {first}"),
        ));
    }
    // In the workspace's order, not cargo's (which varies from run to run).
    left_out.sort();
    ws.members
        .retain(|(member, _)| !left_out.iter().any(|(m, _)| m == member));
    for (member, _) in &left_out {
        let _ = std::fs::remove_dir_all(ws.dir.join(member));
    }
    ws.write_manifest()?;
    Ok(left_out)
}

/// The packages cargo could not compile, each with `N previous errors`, as
/// its `error: could not compile `NAME` (lib) due to N previous errors`
/// lines say.
fn failed_packages(stderr: &str) -> Vec<(String, String)> {
    let mut failed: Vec<(String, String)> = Vec::new();
    for line in stderr.lines() {
        let Some(rest) = line.strip_prefix("error: could not compile `") else {
            continue;
        };
        let Some((package, tail)) = rest.split_once('`') else {
            continue;
        };
        let count = tail
            .split_once("due to ")
            .map_or("errors", |(_, n)| n.split(';').next().unwrap_or(n).trim())
            .to_string();
        if !failed.iter().any(|(p, _)| p == package) {
            failed.push((package.to_string(), count));
        }
    }
    failed
}

/// Builds the set's dependencies once, then `runs` times cleans and
/// rebuilds every package of the set; for ours, in the same runs, every
/// package but the runtime as well.
fn time_set(set: &Set, ws: &Workspace, runs: usize) -> Result<Times> {
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
        for p in ws.packages().filter(|p| Some(*p) != keep) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crates_cargo_could_not_compile() {
        let stderr = "warning: unused import\n\
            error[E0308]: mismatched types\n\
            error: could not compile `og-oauth` (lib) due to 3 previous errors\n\
            error: could not compile `og-schemas` (lib) due to 1 previous error; 2 warnings emitted\n\
            error: could not compile `og-oauth` (lib) due to 3 previous errors\n";
        assert_eq!(
            failed_packages(stderr),
            [
                ("og-oauth".to_string(), "3 previous errors".to_string()),
                ("og-schemas".to_string(), "1 previous error".to_string()),
            ]
        );
        assert!(failed_packages("error: linking failed\n").is_empty());
    }
}
