//! Per-call and decoding figures: builds the program in
//! `xtask/bench/bench-call/` in release, with the peers' Contacts crates
//! generated in this run behind its features, runs it and turns what it
//! prints into a table.

use super::files::{package_name, write};
use super::Bench;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use xtask_common::error::{Error, Result};

/// Where the program's crate is, relative to the workspace root.
const PROGRAM: &str = "xtask/bench/bench-call";

/// A peer whose generated Contacts crate the program can use.
#[derive(Clone, Copy, PartialEq)]
enum CallPeer {
    Progenitor,
    Openapi,
}

impl CallPeer {
    /// The program's feature, which is also the peer's folder under
    /// target/bench/gen/ and the suffix of its figures' names.
    fn feature(self) -> &'static str {
        match self {
            CallPeer::Progenitor => "progenitor",
            CallPeer::Openapi => "openapi",
        }
    }

    fn label(self) -> &'static str {
        match self {
            CallPeer::Progenitor => "progenitor",
            CallPeer::Openapi => "openapi-generator",
        }
    }

    /// The program's name for the peer's crate (`use` in its main.rs).
    fn dep(self) -> &'static str {
        match self {
            CallPeer::Progenitor => "pg-contacts",
            CallPeer::Openapi => "og-contacts",
        }
    }
}

pub fn section(b: &mut Bench) -> Result<()> {
    let _ = writeln!(
        b.md,
        "\n## Per call (loopback) and decoding (release build)\n"
    );
    let _ = writeln!(b.md, "Ours: `client.contacts()`, the default version ({}), of the committed `generated/`; the peers' Contacts crates from HubSpot's published {0} Contacts spec, generated in this run.\n", b.features.version);
    let mut peers = Vec::new();
    for (peer, installed) in [
        (CallPeer::Progenitor, b.progenitor),
        (CallPeer::Openapi, b.openapi),
    ] {
        let krate = b.dir.join("gen").join(peer.feature()).join("contacts");
        let absent = if !b.opts.peers {
            Some("--no-peers".to_string())
        } else if !installed {
            Some("not installed".to_string())
        } else if b.like.is_none() {
            Some("no published specs to generate it from".to_string())
        } else if !krate.join("Cargo.toml").is_file() {
            Some(format!("no Contacts crate at {}", krate.display()))
        } else {
            None
        };
        match absent {
            Some(why) => b.skipped.push(format!(
                "per-call and decoding figures of {}: {why}",
                peer.label()
            )),
            None => peers.push((peer, krate)),
        }
    }
    match figures(b, peers) {
        Ok(md) => b.md.push_str(&md),
        Err(e) => b.skipped.push(format!("per-call figures: {e}")),
    }
    Ok(())
}

/// Builds and runs the program with `peers`; its figures as Markdown. When
/// it does not build with the peers, it is built without them and the
/// failure goes to `b.skipped`.
fn figures(b: &mut Bench, mut peers: Vec<(CallPeer, PathBuf)>) -> Result<String> {
    let ws = b.dir.join("call");
    let target = b.dir.join("build-target/call");
    println!("per-call: building the release program ...");
    let program = match build(b, &ws, &target, &peers) {
        Ok(p) => p,
        Err(e) if !peers.is_empty() => {
            b.skipped
                .push(format!("per-call figures of the peers: {e}"));
            peers.clear();
            build(b, &ws, &target, &peers)?
        }
        Err(e) => return Err(e),
    };
    // As the manifest says it (`0.13`, `^0.13`), for the labels.
    let reqwest_peer = match peers.first() {
        Some((_, krate)) => reqwest_version(&krate.join("Cargo.toml"))?
            .trim_start_matches(['^', '=', '~'])
            .to_string(),
        None => String::new(),
    };
    let out = Command::new(&program)
        .arg("3000")
        .current_dir(&ws)
        .output()
        .map_err(|source| Error::Spawn {
            program: program.display().to_string(),
            source,
        })?;
    if !out.status.success() {
        return Err(Error::failed(
            program.display().to_string(),
            &out.stderr,
            20,
        ));
    }
    let printed = Printed(String::from_utf8_lossy(&out.stdout).into_owned());
    let peers: Vec<CallPeer> = peers.into_iter().map(|(p, _)| p).collect();
    let mut md = String::new();
    let _ = writeln!(md, "| figure | median | min | ratio |");
    let _ = writeln!(md, "| --- | --- | --- | --- |");
    calls(&mut md, &printed, &peers, &reqwest_peer);
    decoding(&mut md, &printed, &peers);
    nulls(&mut md, &printed, &peers);
    Ok(md)
}

/// The version requirement of reqwest in a generated crate's manifest.
fn reqwest_version(manifest: &Path) -> Result<String> {
    let text = std::fs::read_to_string(manifest).map_err(Error::io(manifest))?;
    text.lines()
        .filter(|l| l.trim_start().starts_with("reqwest"))
        .find_map(|l| {
            let rest = l.split_once("version")?.1;
            let rest = rest.split_once('"')?.1;
            Some(rest.split_once('"')?.0.to_string())
        })
        .ok_or_else(|| Error::Unexpected(format!("no reqwest version in {}", manifest.display())))
}

/// The program's manifest for the bench: `committed` (the manifest in
/// `dir`, which ends with its `[dependencies]`), its relative paths made
/// absolute, its source in `dir`, and behind the features `progenitor` and
/// `openapi` the peers' Contacts crates and the reqwest they are built on
/// (`reqwest-peer`; progenitor's when both).
fn manifest(committed: &str, dir: &Path, peers: &[(CallPeer, PathBuf)]) -> Result<String> {
    let last_table = committed
        .lines()
        .rev()
        .find(|l| l.starts_with('['))
        .unwrap_or_default();
    if last_table.trim() != "[dependencies]" {
        return Err(Error::Unexpected(format!(
            "{}/Cargo.toml should end with its [dependencies], not {last_table}",
            dir.display()
        )));
    }
    let mut toml = String::new();
    for line in committed.lines() {
        match line.split_once("path = \"") {
            Some((head, rest)) => {
                let (path, tail) = rest.split_once('"').unwrap_or((rest, ""));
                let path = dir.join(path).display().to_string();
                let _ = writeln!(toml, "{head}path = {path:?}{tail}");
            }
            None => {
                let _ = writeln!(toml, "{line}");
            }
        }
    }
    let mut features = String::from("\n[features]\n");
    let mut reqwest_peer = None;
    for peer in [CallPeer::Progenitor, CallPeer::Openapi] {
        let Some((_, krate)) = peers.iter().find(|(p, _)| *p == peer) else {
            continue;
        };
        let crate_manifest = krate.join("Cargo.toml");
        // openapi-generator's crate turns native-tls on by default;
        // loopback is plain HTTP.
        let _ = writeln!(
            toml,
            "{} = {{ package = {:?}, path = {:?}, optional = true, default-features = false }}",
            peer.dep(),
            package_name(&crate_manifest)?,
            krate.display().to_string()
        );
        if reqwest_peer.is_none() {
            reqwest_peer = Some(reqwest_version(&crate_manifest)?);
        }
        let _ = writeln!(
            features,
            "{} = [\"dep:{}\", \"dep:reqwest-peer\"]",
            peer.feature(),
            peer.dep()
        );
    }
    if let Some(v) = reqwest_peer {
        let _ = writeln!(
            toml,
            "reqwest-peer = {{ package = \"reqwest\", version = {v:?}, optional = true, default-features = false, features = [\"json\"] }}"
        );
    }
    toml.push_str(&features);
    let _ = write!(
        toml,
        "\n[[bin]]\nname = \"bench-call\"\npath = {:?}\n",
        dir.join("src/main.rs").display().to_string()
    );
    Ok(toml)
}

/// Writes the program's manifest for `peers` into `ws` and builds it in
/// release with their features; the binary.
fn build(b: &Bench, ws: &Path, target: &Path, peers: &[(CallPeer, PathBuf)]) -> Result<PathBuf> {
    let dir = b.root.join(PROGRAM);
    let committed_path = dir.join("Cargo.toml");
    let committed = std::fs::read_to_string(&committed_path).map_err(Error::io(&committed_path))?;
    write(&ws.join("Cargo.toml"), &manifest(&committed, &dir, peers)?)?;
    // Ours at the workspace's versions; the peers' dependencies resolve on
    // top of them.
    let _ = std::fs::copy(b.root.join("Cargo.lock"), ws.join("Cargo.lock"));
    let features: Vec<&str> = peers.iter().map(|(p, _)| p.feature()).collect();
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(["build", "-q", "--release"])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target);
    if !features.is_empty() {
        cmd.args(["--features", &features.join(",")]);
    }
    let out = cmd.output().map_err(|source| Error::Spawn {
        program: "cargo".into(),
        source,
    })?;
    if !out.status.success() {
        return Err(Error::failed(
            format!("building {PROGRAM} with {features:?}"),
            &out.stderr,
            12,
        ));
    }
    Ok(target.join(format!(
        "release/bench-call{}",
        std::env::consts::EXE_SUFFIX
    )))
}

/// What the program printed: `name median_ns min_ns` lines, `failed name
/// reason` lines and `null_property who verdict` lines.
struct Printed(String);

impl Printed {
    /// A figure's median and minimum, in nanoseconds.
    fn get(&self, name: &str) -> Option<(f64, f64)> {
        self.0.lines().find_map(|l| {
            let mut it = l.split_whitespace();
            (it.next()? == name).then_some(())?;
            Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
        })
    }

    /// The rest of the `kind name …` line.
    fn said(&self, kind: &str, name: &str) -> Option<String> {
        self.0.lines().find_map(|l| {
            let rest = l.strip_prefix(kind)?.strip_prefix(' ')?;
            Some(rest.strip_prefix(name)?.strip_prefix(' ')?.to_string())
        })
    }

    fn why_not(&self, name: &str) -> String {
        self.said("failed", name)
            .unwrap_or_else(|| "no figure".to_string())
    }
}

fn us(ns: f64) -> String {
    format!("{:.1} µs", ns / 1e3)
}

/// The GET of a contact through each client.
fn calls(md: &mut String, printed: &Printed, peers: &[CallPeer], reqwest_peer: &str) {
    let (Some(c), Some(r)) = (
        printed.get("call_generated_client"),
        printed.get("call_raw_reqwest"),
    ) else {
        return;
    };
    let _ = writeln!(
        md,
        "| GET contact, generated client | {} | {} | {:.2}× raw |",
        us(c.0),
        us(c.1),
        c.0 / r.0
    );
    let _ = writeln!(
        md,
        "| GET contact, raw reqwest + serde | {} | {} | 1.00× |",
        us(r.0),
        us(r.1)
    );
    let _ = writeln!(
        md,
        "| per-call overhead of the client (median difference) | {} | | |",
        us(c.0 - r.0)
    );
    // The peers' floor: the same bare call on the reqwest they use.
    let floor = printed.get("call_raw_reqwest_peer");
    if let Some(f) = floor {
        let _ = writeln!(
            md,
            "| GET contact, raw reqwest {reqwest_peer} (the peers') + serde into our type | {} | {} | {:.2}× raw |",
            us(f.0),
            us(f.1),
            f.0 / r.0
        );
    }
    for peer in peers {
        let name = format!("call_{}", peer.feature());
        let Some(p) = printed.get(&name) else {
            let _ = writeln!(
                md,
                "| GET contact, {} client | failed: {} | | |",
                peer.label(),
                printed.why_not(&name)
            );
            continue;
        };
        let _ = writeln!(
            md,
            "| GET contact, {} client | {} | {} | {:.2}× raw, {:.2}× ours |",
            peer.label(),
            us(p.0),
            us(p.1),
            p.0 / r.0,
            p.0 / c.0
        );
        if let Some(f) = floor {
            let _ = writeln!(
                md,
                "| per-call overhead of the {} client (median difference from raw reqwest {reqwest_peer}) | {} | | |",
                peer.label(),
                us(p.0 - f.0)
            );
        }
    }
}

/// The 100-contact page decoded into each type.
fn decoding(md: &mut String, printed: &Printed, peers: &[CallPeer]) {
    let (Some(t), Some(v)) = (
        printed.get("decode_page_100_typed"),
        printed.get("decode_page_100_value"),
    ) else {
        return;
    };
    let bytes = printed.get("page_bytes").map(|b| b.0).unwrap_or(0.0);
    let _ = writeln!(
        md,
        "| decode 100-contact page ({bytes:.0} bytes) into the generated type | {} | {} | {:.2}× Value |",
        us(t.0),
        us(t.1),
        t.0 / v.0
    );
    let _ = writeln!(
        md,
        "| decode the same page into serde_json::Value | {} | {} | 1.00× |",
        us(v.0),
        us(v.1)
    );
    for peer in peers {
        let name = format!("decode_page_100_{}", peer.feature());
        match printed.get(&name) {
            Some(p) => {
                let _ = writeln!(
                    md,
                    "| decode the same page into {}'s type | {} | {} | {:.2}× Value, {:.2}× ours |",
                    peer.label(),
                    us(p.0),
                    us(p.1),
                    p.0 / v.0,
                    p.0 / t.0
                );
            }
            None => {
                let _ = writeln!(
                    md,
                    "| decode the same page into {}'s type | failed: {} | | |",
                    peer.label(),
                    printed.why_not(&name)
                );
            }
        }
    }
}

/// Not timed: whether each type takes a property value of `null`.
fn nulls(md: &mut String, printed: &Printed, peers: &[CallPeer]) {
    let mut who = vec![("ours", "our type".to_string())];
    for peer in peers {
        who.push((peer.feature(), format!("{}'s type", peer.label())));
    }
    for (name, label) in who {
        if let Some(verdict) = printed.said("null_property", name) {
            let _ = writeln!(
                md,
                "| a contact with a `null` property (HubSpot's answer for one asked for that has no value) into {label} | {verdict} | | |"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMITTED: &str = "[package]\nname = \"bench-call\"\n\n[dependencies]\nhubspot-client = { path = \"../../../generated\" }\nserde_json = \"1\"\n";

    #[test]
    fn the_bench_manifest_is_the_committed_one_and_the_peers() {
        let dir = Path::new("/repo/xtask/bench/bench-call");
        let toml = manifest(COMMITTED, dir, &[]).unwrap();
        assert!(toml.contains(
            "hubspot-client = { path = \"/repo/xtask/bench/bench-call/../../../generated\" }"
        ));
        assert!(toml.contains("serde_json = \"1\"\n"));
        assert!(toml.ends_with(
            "[features]\n\n[[bin]]\nname = \"bench-call\"\npath = \"/repo/xtask/bench/bench-call/src/main.rs\"\n"
        ));
    }

    #[test]
    fn the_committed_manifest_ends_with_its_dependencies() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench-call");
        let committed = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let toml = manifest(&committed, &dir, &[]).unwrap();
        assert!(toml.contains("[[bin]]"));
        let bad = "[dependencies]\nserde_json = \"1\"\n[features]\n";
        assert!(manifest(bad, &dir, &[]).is_err());
    }

    #[test]
    fn printed_lines() {
        let p = Printed("call_raw_reqwest 22500 21900\nfailed call_openapi boom now\n".into());
        assert_eq!(p.get("call_raw_reqwest"), Some((22500.0, 21900.0)));
        assert_eq!(p.get("call_openapi"), None);
        assert_eq!(p.why_not("call_openapi"), "boom now");
    }
}
