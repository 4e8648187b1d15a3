//! Integration tests of the generator and of the generated client live in
//! `tests/`. The project README is included below so that its example of the
//! generated client is compiled as a doctest.
#![doc = include_str!("../README.md")]
