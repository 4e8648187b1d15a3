//! `cargo xtask properties pull --object NAME [--version V] [--base-url URL]`:
//! a portal's property definitions into `specs/properties/NAME.portal.yaml`.
//!
//! The work is done by the program `tests/examples/properties_pull.rs`,
//! which reads HubSpot's Properties API through the generated client. It
//! runs as a program of its own so that xtask never depends on the crate
//! it generates (a broken `generated/` must not stop `cargo xtask codegen`).

use std::path::Path;
use std::process::{Command, ExitCode};

/// A portal's property definitions.
#[derive(clap::Args, Debug, PartialEq)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand, Debug, PartialEq)]
enum Sub {
    Pull(Pull),
}

/// Write a portal's property definitions of one object to
/// specs/properties/NAME.portal.yaml.
///
/// Reads the portal's property definitions of one object (contacts, calls,
/// communications, …) from HubSpot's Properties API with the token in
/// HUBSPOT_TOKEN, and writes specs/properties/NAME.portal.yaml. Run `cargo
/// xtask codegen` afterwards: the portal's own properties are typed too.
#[derive(clap::Args, Debug, PartialEq)]
#[command(args_override_self = true)]
struct Pull {
    /// The object: contacts, calls, communications, …
    #[arg(long, value_name = "NAME")]
    object: String,
    /// The Properties API version (default 2026-09)
    #[arg(long, value_name = "V")]
    version: Option<String>,
    /// The API's base URL (default HubSpot's)
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

impl Pull {
    /// The arguments of the program that pulls (`tests/examples/properties_pull.rs`).
    fn argv(&self) -> Vec<&str> {
        let mut argv = vec!["--object", self.object.as_str()];
        if let Some(v) = &self.version {
            argv.extend(["--version", v]);
        }
        if let Some(url) = &self.base_url {
            argv.extend(["--base-url", url]);
        }
        argv
    }
}

pub fn command(args: Args, root: &Path) -> ExitCode {
    let Sub::Pull(pull) = args.command;
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
        .args(pull.argv())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{error, parse};
    use crate::Command;
    use clap::error::ErrorKind;

    fn argv(args: &[&str]) -> Vec<String> {
        match parse(&[&["properties", "pull"], args].concat()) {
            Ok(Command::Properties(Args {
                command: Sub::Pull(p),
            })) => p.argv().into_iter().map(String::from).collect(),
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn pull_hands_its_options_to_the_program() {
        assert_eq!(argv(&["--object", "contacts"]), ["--object", "contacts"]);
        assert_eq!(
            argv(&[
                "--base-url",
                "http://127.0.0.1:1",
                "--object",
                "calls",
                "--version",
                "v3"
            ]),
            [
                "--object",
                "calls",
                "--version",
                "v3",
                "--base-url",
                "http://127.0.0.1:1"
            ]
        );
    }

    #[test]
    fn pull_needs_an_object() {
        assert_eq!(
            error(&["properties"]),
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        );
        assert_eq!(
            error(&["properties", "pull"]),
            ErrorKind::MissingRequiredArgument
        );
        assert_eq!(
            error(&["properties", "push", "--object", "contacts"]),
            ErrorKind::InvalidSubcommand
        );
        assert_eq!(
            error(&["properties", "pull", "--object", "contacts", "--token", "t"]),
            ErrorKind::UnknownArgument
        );
    }
}
