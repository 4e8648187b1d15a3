//! Prism: installing the pinned release into `target/prism`, and serving
//! the published specs of one run.
//!
//! Most of a Prism's start-up is Node loading Prism's modules (about 2.5 s
//! of CPU each time), not reading the spec, so the specs of one API version
//! are served by one Node process: `target/prism/launch.js` (written from
//! [`LAUNCHER`]) starts one Prism server per spec, each on its own port,
//! exactly as `prism mock -d --json-schema-faker-fillProperties=true --seed
//! S -h 127.0.0.1 -p PORT SPEC` would (the same Prism function with the
//! same options). Three processes start in a fraction of the time seventeen
//! took, the versions are still served side by side, and a process that
//! dies takes only its version's mocks with it.

use super::serve::Served;
use crate::error::Result;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Prism release the table was made with. [`LAUNCHER`] uses a function
/// of its command-line package (`createSingleProcessPrism`): check it when
/// changing this.
pub const PRISM_VERSION: &str = "5.14.2";

/// Serves `SEED PORT SPEC [PORT SPEC]...`: each spec as `prism mock` would.
const LAUNCHER: &str = r#"// Written by `cargo xtask conformance` (xtask/src/conformance/prism.rs).
// Serves each SPEC on 127.0.0.1:PORT from this one process, with the options
// of `prism mock -d --json-schema-faker-fillProperties=true --seed SEED`.
'use strict';
const { createSingleProcessPrism } = require('@stoplight/prism-cli/dist/util/createServer');
const [seed, ...pairs] = process.argv.slice(2);
(async () => {
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    await createSingleProcessPrism({
      document: pairs[i + 1],
      port: Number(pairs[i]),
      host: '127.0.0.1',
      dynamic: true,
      seed,
      jsonSchemaFakerFillProperties: true,
      cors: true,
      errors: false,
      multiprocess: false,
      verboseLevel: 'info',
      ignoreExamples: false,
    });
  }
})().catch(e => {
  console.error((e && e.stack) || String(e));
  process.exit(1);
});
"#;

/// Installs `@stoplight/prism-cli@PRISM_VERSION` into `target/prism` unless
/// that version is already there, and writes the launcher; returns it.
pub fn install(root: &Path) -> Result<PathBuf> {
    let prefix = root.join("target/prism");
    let package = prefix.join("node_modules/@stoplight/prism-cli");
    let launcher = prefix.join("launch.js");
    for tool in ["node", "npm"] {
        let found = Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            return Err(format!(
                "`{tool}` was not found: conformance needs Node.js and npm to install and run \
                 Prism (@stoplight/prism-cli@{PRISM_VERSION}) from the npm registry"
            )
            .into());
        }
    }
    if installed_version(&package).as_deref() != Some(PRISM_VERSION) {
        npm_install(&prefix)?;
        match installed_version(&package) {
            Some(v) if v == PRISM_VERSION => {}
            other => {
                return Err(format!(
                    "npm finished but Prism {PRISM_VERSION} is not in {} (found {other:?})",
                    package.display()
                )
                .into())
            }
        }
    }
    if std::fs::read_to_string(&launcher).ok().as_deref() != Some(LAUNCHER) {
        std::fs::write(&launcher, LAUNCHER)
            .map_err(|e| format!("cannot write {}: {e}", launcher.display()))?;
    }
    Ok(launcher)
}

fn npm_install(prefix: &Path) -> Result<()> {
    std::fs::create_dir_all(prefix)
        .map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    println!("installing @stoplight/prism-cli@{PRISM_VERSION} into target/prism (npm)");
    let output = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(prefix)
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}"))
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "npm could not install @stoplight/prism-cli@{PRISM_VERSION} (is the npm registry \
         reachable?):\n{}",
        String::from_utf8_lossy(&output.stderr)
    )
    .into())
}

fn installed_version(package: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package.join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_string)
}

/// One spec being served.
pub struct Mock {
    pub served: Served,
    pub port: u16,
}

/// The Node process serving the specs of one version.
struct Process {
    version: &'static str,
    child: Child,
    log: PathBuf,
}

/// Everything served in one run; dropping it stops every process.
pub struct Mocks {
    pub mocks: Vec<Mock>,
    processes: Vec<Process>,
}

impl Drop for Mocks {
    fn drop(&mut self) {
        for p in &mut self.processes {
            let _ = p.child.kill();
            let _ = p.child.wait();
        }
    }
}

const STARTUP: Duration = Duration::from_secs(120);

impl Mocks {
    /// Starts one process per version of `served` (in its order), seeded
    /// with `seed`, and waits until every spec's port answers.
    pub fn start(
        launcher: &Path,
        served: &[Served],
        seed: u64,
        run: u32,
        work: &Path,
    ) -> Result<Mocks> {
        match Mocks::start_attempt(launcher, served, seed, run, work, 1) {
            Err(e) if e.to_string().contains("EADDRINUSE") => {
                println!(
                    "note: a port Prism was given was taken before it could listen; starting \
                     again on other ports"
                );
                Mocks::start_attempt(launcher, served, seed, run, work, 2)
            }
            started => started,
        }
    }

    fn start_attempt(
        launcher: &Path,
        served: &[Served],
        seed: u64,
        run: u32,
        work: &Path,
        attempt: u32,
    ) -> Result<Mocks> {
        let mut ports = Ports::new(run, attempt);
        let mut all = Mocks {
            mocks: Vec::new(),
            processes: Vec::new(),
        };
        let mut versions: Vec<&'static str> = Vec::new();
        for s in served {
            if !versions.contains(&s.version) {
                versions.push(s.version);
            }
        }
        for version in versions {
            let mut cmd = Command::new("node");
            cmd.arg(launcher).arg(seed.to_string());
            for s in served.iter().filter(|s| s.version == version) {
                let port = ports.take()?;
                cmd.arg(port.to_string()).arg(&s.path);
                all.mocks.push(Mock {
                    served: s.clone(),
                    port,
                });
            }
            let log = work.join(format!("prism-{version}-run{run}.log"));
            let child = spawn_logged(cmd, &log)?;
            // Pushed at once: from here on, Drop stops it.
            all.processes.push(Process {
                version,
                child,
                log,
            });
        }
        all.wait_until_listening()?;
        Ok(all)
    }

    fn wait_until_listening(&mut self) -> Result<()> {
        let deadline = Instant::now() + STARTUP;
        for m in &self.mocks {
            let Some(p) = self
                .processes
                .iter_mut()
                .find(|p| p.version == m.served.version)
            else {
                continue;
            };
            loop {
                if TcpStream::connect((Ipv4Addr::LOCALHOST, m.port)).is_ok() {
                    break;
                }
                let exited = p.child.try_wait().ok().flatten();
                if exited.is_some() || Instant::now() > deadline {
                    let why = match exited {
                        Some(status) => format!("exited ({status})"),
                        None => format!("did not listen within {} s", STARTUP.as_secs()),
                    };
                    let log = std::fs::read_to_string(&p.log).unwrap_or_default();
                    return Err(format!(
                        "Prism for {} {} on port {} {why}; its output:\n{}",
                        m.served.version,
                        m.served.label,
                        m.port,
                        tail(&log, 40)
                    )
                    .into());
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        Ok(())
    }

    /// How many Node processes serve the specs.
    pub fn processes(&self) -> usize {
        self.processes.len()
    }

    /// A line for each process that has already ended: its version, the
    /// specs it served (which mocks died), how it ended and the end of its
    /// log.
    pub fn exited(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        for p in &mut self.processes {
            let Some(status) = p.child.try_wait().ok().flatten() else {
                continue;
            };
            let labels: Vec<&str> = self
                .mocks
                .iter()
                .filter(|m| m.served.version == p.version)
                .map(|m| m.served.label)
                .collect();
            let log = std::fs::read_to_string(&p.log).unwrap_or_default();
            lines.push(format!(
                "the Prism process serving {} ({}) exited ({status}); the end of {}:\n{}",
                p.version,
                labels.join(", "),
                p.log.display(),
                tail(&log, 20)
            ));
        }
        lines
    }
}

fn spawn_logged(mut cmd: Command, log: &Path) -> Result<Child> {
    let out =
        std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let err = out
        .try_clone()
        .map_err(|e| format!("cannot share {}: {e}", log.display()))?;
    // Relative requires in the launcher resolve from its folder's node_modules.
    cmd.stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("cannot start Prism (node): {e}").into())
}

/// Ports for the Prism servers, found free by binding them. They are taken
/// from 20000–31999, below the ephemeral ranges Linux (32768–60999) and
/// macOS (49152–65535) hand to outgoing connections and to `bind(0)`: in the
/// seconds between being found free here and being bound by Prism, no
/// connection of the run (the probes below, the proxies, the client) can
/// take one. Each attempt of each run of each xtask process starts
/// elsewhere, so two runs on one machine rarely meet.
struct Ports {
    next: u16,
}

const PORTS: std::ops::Range<u16> = 20000..32000;

impl Ports {
    fn new(run: u32, attempt: u32) -> Ports {
        let span = u32::from(PORTS.end - PORTS.start);
        let offset = (std::process::id() % 97 * 113)
            .wrapping_add(run.wrapping_mul(41))
            .wrapping_add(attempt.wrapping_mul(401))
            % span;
        Ports {
            next: PORTS.start + u16::try_from(offset).unwrap_or(0),
        }
    }

    fn take(&mut self) -> Result<u16> {
        for _ in PORTS {
            let port = self.next;
            self.next = if port + 1 >= PORTS.end {
                PORTS.start
            } else {
                port + 1
            };
            if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
                return Ok(port);
            }
        }
        Err(format!("no free port in {}–{}", PORTS.start, PORTS.end - 1).into())
    }
}

pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_are_outside_the_ephemeral_ranges_and_distinct() {
        let mut ports = Ports::new(1, 1);
        let taken: Vec<u16> = (0..20)
            .map(|_| ports.take().expect("a free port"))
            .collect();
        assert!(taken.iter().all(|p| PORTS.contains(p)), "{taken:?}");
        let mut unique = taken.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), taken.len());
        assert_ne!(Ports::new(1, 1).next, Ports::new(2, 1).next);
    }

    #[cfg(unix)]
    #[test]
    fn a_process_that_exited_is_named_with_its_specs_and_log() {
        let dir = tempfile::tempdir().expect("temp dir");
        let served = |version: &'static str, label: &'static str| Served {
            version,
            label,
            published: format!("{label}.json"),
            path: dir.path().join(format!("{label}.json")),
            null_examples: 0,
            back_references: Vec::new(),
        };
        let mut mocks = Mocks {
            mocks: Vec::new(),
            processes: Vec::new(),
        };
        for (version, labels, script) in [
            (
                "v3",
                ["contacts", "calls"],
                "echo 'RangeError: boom'; exit 3",
            ),
            ("2026-09", ["contacts", "deals"], "sleep 30"),
        ] {
            for label in labels {
                mocks.mocks.push(Mock {
                    served: served(version, label),
                    port: 1,
                });
            }
            let log = dir.path().join(format!("prism-{version}.log"));
            let mut cmd = Command::new("sh");
            cmd.args(["-c", script]);
            let child = spawn_logged(cmd, &log).expect("sh");
            mocks.processes.push(Process {
                version,
                child,
                log,
            });
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut exited = mocks.exited();
        while exited.is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            exited = mocks.exited();
        }
        assert_eq!(exited.len(), 1, "only the process that ended: {exited:?}");
        let line = &exited[0];
        assert!(
            line.starts_with(
                "the Prism process serving v3 (contacts, calls) exited (exit status: 3)"
            ),
            "{line}"
        );
        assert!(line.ends_with("prism-v3.log:\nRangeError: boom"), "{line}");
    }

    #[test]
    fn tail_keeps_the_last_lines() {
        assert_eq!(tail("a\nb\nc", 2), "b\nc");
        assert_eq!(tail("a", 5), "a");
    }

    #[test]
    fn the_launcher_passes_the_options_of_prism_mock() {
        for option in [
            "dynamic: true",
            "jsonSchemaFakerFillProperties: true",
            "host: '127.0.0.1'",
            "errors: false",
            "seed,",
        ] {
            assert!(LAUNCHER.contains(option), "{option}");
        }
    }
}
