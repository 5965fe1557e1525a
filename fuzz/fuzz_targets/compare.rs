//! Fuzz target: see `tests/properties/mod.rs`, fn `compare`. The input is two documents
//! separated by a NUL byte (text files never hold one).

#![no_main]

#[path = "../../tests/properties/mod.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let split = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let (old, new) = bytes.split_at(split);
    properties::compare(old, new.get(1..).unwrap_or_default());
});
