//! `cargo xtask properties pull --object NAME [--version V] [--base-url URL]`:
//! a portal's property definitions into `specs/properties/NAME.portal.yaml`.
//!
//! The work is done by the program `tests/examples/properties_pull.rs`,
//! which reads HubSpot's Properties API through the generated client. It
//! runs as a program of its own so that xtask never depends on the crate
//! it generates (a broken `generated/` must not stop `cargo xtask codegen`).

use std::path::Path;
use std::process::{Command, ExitCode};

pub const USAGE: &str =
    "usage: cargo xtask properties pull --object NAME [--version V] [--base-url URL]

  Reads the portal's property definitions of one object (contacts, calls,
  communications, …) from HubSpot's Properties API with the token in
  HUBSPOT_TOKEN, and writes specs/properties/NAME.portal.yaml. Run
  `cargo xtask codegen` afterwards: the portal's own properties are typed
  too. --version is the Properties API version (default 2026-09).";

pub fn command(args: &[String], root: &Path) -> ExitCode {
    let Some((sub, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if sub != "pull" || !rest.iter().any(|a| a == "--object") {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args([
            "run",
            "--quiet",
            "-p",
            "tests",
            "--example",
            "properties_pull",
            "--",
        ])
        .args(rest)
        .args(["--out", "specs/properties"])
        .status();
    match status {
        Ok(s) if s.success() => {
            println!("now run `cargo xtask codegen` to type the pulled properties");
            ExitCode::SUCCESS
        }
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
