//! Integration tests of the generator and of the generated client live in
//! `tests/`. The project README is included below so that its example of the
//! generated client is compiled as a doctest.
#![doc = include_str!("../README.md")]

/// The migration guide (`MIGRATING.md`, which `cargo xtask api-diff
/// --migrating` writes), included so that its example compiles as a doctest.
#[doc = include_str!("../MIGRATING.md")]
pub mod migrating {}
