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
//! One module per concern: [`generation`] (generation time and lines),
//! [`build`] (build time), [`first`] (the first build of a one-file
//! program, from an empty target folder), [`call`] (per-call and decoding
//! figures, from the program in `xtask/bench-call/`), [`peers`] (what the
//! other generators are given), and the helpers they share.

mod build;
mod bulk;
mod call;
mod files;
mod first;
mod generation;
mod measure;
mod peers;
mod scale;

use crate::error::{Error, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Whole-process generation time, lines, build time and per-call figures.
///
/// For hubspot-codegen and, side by side in the same run, progenitor and
/// openapi-generator's rust generator when scripts/install-peers.sh has
/// installed them. Writes target/bench/results.md (see BENCHMARKS.md).
/// Needs ../shared/hubspot-specs (published-dated for the side-by-side
/// figures, published-v3 for the corpus; each skipped, saying so, without
/// it).
#[derive(clap::Args, Debug, PartialEq)]
#[command(
    args_override_self = true,
    override_usage = "cargo xtask bench [--runs N] [--no-build] [--no-call] [--no-peers]\n       \
                      cargo xtask bench --bulk [--size N]\n       \
                      cargo xtask bench --scale"
)]
pub struct Args {
    /// Runs per generation figure (builds take min(N, 3))
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = crate::positive)]
    runs: usize,
    /// Skip the build-time figures
    #[arg(long)]
    no_build: bool,
    /// Skip the per-call and decoding figures
    #[arg(long)]
    no_call: bool,
    /// Only hubspot-codegen (peers are used when installed)
    #[arg(long)]
    no_peers: bool,
    /// Only the bulk jobs at the rate-limit ceiling (target/bench/bulk.md),
    /// with HubSpot's Node and Python SDKs side by side when
    /// scripts/install-bulk-peers.sh has installed them
    #[arg(long)]
    bulk: bool,
    /// Contacts per bulk job (default 10000); implies --bulk
    #[arg(long, value_name = "N", value_parser = crate::positive)]
    size: Option<usize>,
    /// Only the scale figures (target/bench/scale.md): four worker
    /// processes with one Redis budget against four in-process budgets,
    /// and the sync past the search ceiling
    #[arg(long, conflicts_with_all = ["bulk", "size"])]
    scale: bool,
}

#[derive(Debug, PartialEq)]
struct Opts {
    runs: usize,
    /// Contacts per bulk job, when only the bulk jobs run.
    bulk: Option<usize>,
    /// Only the scale figures.
    scale: bool,
    build: bool,
    call: bool,
    peers: bool,
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
    /// version that `crate::published` maps to one of ours.
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

pub fn command(args: Args, root: &Path) -> ExitCode {
    let opts = args.opts();
    if let Some(size) = opts.bulk {
        return section_only(root, "bulk.md", || bulk::section(root, size));
    }
    if opts.scale {
        return section_only(root, "scale.md", || scale::section(root));
    }
    let report = Bench::new(opts, root).and_then(Bench::run);
    match report {
        Ok(report) => {
            let path = root.join("target/bench/results.md");
            if let Err(e) = files::write(&path, &report) {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
            println!("\n{report}\n(written to {})", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--bulk` or `--scale`: one section alone, written to target/bench/`file`.
fn section_only(root: &Path, file: &str, section: impl FnOnce() -> Result<String>) -> ExitCode {
    let path = root.join("target/bench").join(file);
    match section().and_then(|md| files::write(&path, &md).map(|()| md)) {
        Ok(md) => {
            println!("\n{md}\n(written to {})", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

impl Args {
    fn opts(self) -> Opts {
        Opts {
            runs: self.runs,
            bulk: self.size.or(self.bulk.then_some(10_000)),
            scale: self.scale,
            build: !self.no_build,
            call: !self.no_call,
            peers: !self.no_peers,
        }
    }
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
            .find(|a| {
                a.api_version.as_ref() == Some(&default.name)
                    && hubspot_codegen::naming::unraw(&a.accessor) == "contacts"
            })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{error, parse};
    use crate::Command;
    use clap::error::ErrorKind;

    fn opts(args: &[&str]) -> Opts {
        match parse(&[&["bench"], args].concat()) {
            Ok(Command::Bench(a)) => a.opts(),
            other => panic!("{args:?}: {other:?}"),
        }
    }

    fn figures(runs: usize, build: bool, call: bool, peers: bool) -> Opts {
        Opts {
            runs,
            bulk: None,
            scale: false,
            build,
            call,
            peers,
        }
    }

    #[test]
    fn options_default_and_parse() {
        assert_eq!(opts(&[]), figures(10, true, true, true));
        assert_eq!(opts(&["--runs", "10"]), figures(10, true, true, true));
        assert_eq!(
            opts(&["--no-build", "--no-call", "--runs", "10"]),
            figures(10, false, false, true)
        );
        assert_eq!(
            opts(&["--no-build", "--no-call", "--no-peers", "--runs", "3"]),
            figures(3, false, false, false)
        );
        assert_eq!(opts(&["--no-peers"]), figures(10, true, true, false));
    }

    #[test]
    fn bulk_has_a_default_size_and_size_implies_bulk() {
        assert_eq!(opts(&["--bulk"]).bulk, Some(10_000));
        assert_eq!(opts(&["--bulk", "--size", "10000"]).bulk, Some(10_000));
        assert_eq!(opts(&["--bulk", "--size", "50"]).bulk, Some(50));
        assert_eq!(opts(&["--size", "50", "--bulk"]).bulk, Some(50));
        assert_eq!(opts(&["--size", "50"]).bulk, Some(50));
    }

    #[test]
    fn scale_runs_alone() {
        assert!(opts(&["--scale"]).scale);
        assert!(!opts(&[]).scale);
        assert_eq!(
            error(&["bench", "--scale", "--bulk"]),
            ErrorKind::ArgumentConflict
        );
    }

    #[test]
    fn counts_are_positive_and_flags_known() {
        assert_eq!(error(&["bench", "--runs", "0"]), ErrorKind::ValueValidation);
        assert_eq!(
            error(&["bench", "--size", "-1"]),
            ErrorKind::UnknownArgument
        );
        assert_eq!(error(&["bench", "--size", "x"]), ErrorKind::ValueValidation);
        assert_eq!(error(&["bench", "--runs"]), ErrorKind::InvalidValue);
        assert_eq!(error(&["bench", "--fast"]), ErrorKind::UnknownArgument);
    }
}
