//! Fuzz target: see `tests/properties/mod.rs`, fn `import`.

#![no_main]

#[path = "../../tests/properties/mod.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| properties::import(bytes));
