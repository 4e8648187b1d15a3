//! `cargo xtask bench`: the command line of the benchmarks, which the
//! `hubspot-bench` crate (`xtask/bench/`) runs. See BENCHMARKS.md.

use hubspot_bench::Opts;
use std::path::Path;
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

pub fn command(args: Args, root: &Path) -> ExitCode {
    match hubspot_bench::run(args.opts(), root) {
        Ok(()) => ExitCode::SUCCESS,
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
