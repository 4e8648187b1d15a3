//! Integration tests of the generator and of the generated client live in `tests/`.
