//! `cargo xtask bench`: whole-process generation time, lines of code, build
//! time of the generated crates, the first build of a one-file program and
//! per-call figures, for hubspot-codegen and, side by side in the same run,
//! progenitor and openapi-generator's `rust` generator when they are
//! installed (`scripts/install-peers.sh`).
//!
//! Everything runs under target/bench/; nothing fetched is kept elsewhere.
//! Times are wall clock with std::time over N runs; the median and the
//! minimum are reported. See BENCHMARKS.md for the method and the results.
//!
//! The `xtask` binary parses the command line and calls [`run`] in its own
//! process: the generation figures time that binary's `codegen`
//! (`std::env::current_exe`).
//!
//! One module per concern: `generation` (generation time and lines),
//! `build` (build time), `first` (the first build of a one-file
//! program, from an empty target folder), `call` (per-call and decoding
//! figures, from the program in `xtask/bench/bench-call/`), `peers` (what
//! the other generators are given), `bulk` and `scale` (the sections
//! that run alone), and the helpers they share.

mod build;
mod bulk;
mod call;
mod files;
mod first;
mod generation;
mod measure;
mod peers;
mod scale;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use xtask_common::error::{Error, Result};

/// What to measure (`cargo xtask bench`'s options).
#[derive(Debug, PartialEq)]
pub struct Opts {
    /// Runs per generation figure (builds take min(N, 3)).
    pub runs: usize,
    /// Contacts per bulk job, when only the bulk jobs run.
    pub bulk: Option<usize>,
    /// Only the scale figures.
    pub scale: bool,
    /// The build-time figures.
    pub build: bool,
    /// The per-call and decoding figures.
    pub call: bool,
    /// The peers, where installed.
    pub peers: bool,
}

/// The cargo features of our crate that the build figures use, from the
/// IR of `specs/`.
struct Features {
    /// The default API version (`2026-09`): the version of the side-by-side
    /// figures.
    version: String,
    /// Every version's feature (`v2026-09`, `v2026-03`, `v3`).
    every_version: Vec<String>,
    /// The default version's Contacts API alone (`v2026-09-contacts`).
    contacts: Option<String>,
    /// How many APIs `specs/` has, all versions together.
    apis: usize,
}

/// One run of the bench: what it has found out about the machine, and the
/// report it writes.
struct Bench {
    opts: Opts,
    /// The workspace root.
    root: PathBuf,
    /// target/bench/.
    dir: PathBuf,
    /// This xtask binary, which `cargo xtask codegen` runs.
    me: String,
    features: Features,
    /// The like-for-like set: HubSpot's published specs of the default
    /// version that `xtask_common::published` maps to one of ours.
    like: Option<peers::LikeForLike>,
    /// The folder of the 102 published v3 specs.
    corpus: Option<PathBuf>,
    progenitor: bool,
    openapi: bool,
    /// What was left out, and why.
    skipped: Vec<String>,
    /// The report, Markdown.
    md: String,
}

/// Runs what `opts` asks for (the bench, or with `bulk` or `scale` that
/// section alone), writes its report to target/bench/ (`results.md`,
/// `bulk.md`, `scale.md`) and prints it.
pub fn run(opts: Opts, root: &Path) -> Result<()> {
    let (file, report) = if let Some(size) = opts.bulk {
        ("bulk.md", bulk::section(root, size)?)
    } else if opts.scale {
        ("scale.md", scale::section(root)?)
    } else {
        ("results.md", Bench::new(opts, root).and_then(Bench::run)?)
    };
    let path = root.join("target/bench").join(file);
    files::write(&path, &report)?;
    println!("\n{report}\n(written to {})", path.display());
    Ok(())
}

impl Features {
    fn of_specs(specs: &Path) -> Result<Features> {
        let ir = hubspot_codegen::bundled_config(specs)
            .and_then(|c| hubspot_codegen::build_ir(&c))
            .map_err(|e| Error::Unexpected(format!("{}: {e}", specs.display())))?;
        let default =
            ir.versions.iter().find(|v| v.default).ok_or_else(|| {
                Error::Unexpected(format!("{}: no default version", specs.display()))
            })?;
        let contacts = ir
            .apis
            .iter()
            .find(|a| a.api_version.as_ref() == Some(&default.name) && a.accessor == "contacts")
            .and_then(|a| a.feature.clone());
        Ok(Features {
            version: default.name.clone(),
            every_version: ir.versions.iter().map(|v| v.feature.clone()).collect(),
            contacts,
            apis: ir.apis.len(),
        })
    }
}

impl Bench {
    /// Says, under a section, how much CPU other processes used while it
    /// ran: on a shared machine, how much its figures were disturbed.
    fn meanwhile(&mut self, since: Option<measure::CpuClock>) {
        if let Some(others) = since.and_then(|c| c.others_since()) {
            println!("meanwhile: {others}");
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            let _ = writeln!(self.md, "\nMeanwhile: {others} ({cores} cores).");
        }
    }

    fn new(opts: Opts, root: &Path) -> Result<Bench> {
        let dir = root.join("target/bench");
        std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
        let me = std::env::current_exe()
            .map_err(Error::io(Path::new("the xtask binary")))?
            .display()
            .to_string();
        let features = Features::of_specs(&root.join("specs"))?;
        let mut skipped = Vec::new();
        let shared = root.join("../shared/hubspot-specs");
        let like = match peers::like_for_like(&shared, &root.join("specs"), &features.version) {
            Ok(set) => {
                for why in &set.absent {
                    skipped.push(format!("like-for-like set, left out: {why}"));
                }
                Some(set)
            }
            Err(why) => {
                skipped.push(format!("side-by-side figures on published specs: {why}"));
                None
            }
        };
        let corpus = Some(shared.join("published-v3")).filter(|d| d.is_dir());
        if corpus.is_none() {
            skipped.push(format!(
                "corpus figure: {} is absent",
                shared.join("published-v3").display()
            ));
        }
        let progenitor = opts.peers && peers::on_path("cargo-progenitor");
        let openapi =
            opts.peers && peers::on_path("openapi-generator-cli") && peers::on_path("java");
        if opts.peers && !progenitor {
            skipped.push(
                "progenitor: cargo-progenitor is not installed (scripts/install-peers.sh)".into(),
            );
        }
        if opts.peers && !openapi {
            skipped.push("openapi-generator: openapi-generator-cli or java is missing (scripts/install-peers.sh)".into());
        }
        Ok(Bench {
            opts,
            root: root.to_path_buf(),
            dir,
            me,
            features,
            like,
            corpus,
            progenitor,
            openapi,
            skipped,
            md: String::new(),
        })
    }

    fn run(mut self) -> Result<String> {
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        let _ = writeln!(
            self.md,
            "Runs: {} per generation figure; load average at start: {}; default API version {}",
            self.opts.runs,
            load.join(" "),
            self.features.version
        );
        let clock = measure::CpuClock::now();
        let outputs = generation::section(&mut self)?;
        self.meanwhile(clock);
        if self.opts.build {
            // Each row says what other processes used while it was timed.
            build::section(&mut self, &outputs)?;
        }
        if self.opts.call {
            let clock = measure::CpuClock::now();
            call::section(&mut self)?;
            self.meanwhile(clock);
        }
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        let _ = writeln!(self.md, "\nLoad average at the end: {}", load.join(" "));
        if !self.skipped.is_empty() {
            let _ = writeln!(self.md, "\nSkipped:");
            for s in &self.skipped {
                let _ = writeln!(self.md, "- {s}");
                eprintln!("skipped: {s}");
            }
        }
        Ok(self.md)
    }
}
