//! The bundled sample: its .ron file stays in step with the importer, and its outline and
//! clean text are snapshotted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod util;

use plandraft::core::export::{outline, to_text};
use plandraft::core::import::import_text;
use plandraft::core::storage;
use std::path::Path;

#[test]
fn sample_ron_is_what_the_importer_makes() {
    let text = std::fs::read_to_string(util::SAMPLE_TXT).unwrap();
    let imported = storage::PlanFile::new(import_text(&text).document);
    let expected = storage::to_ron_string(&imported, Path::new(util::SAMPLE_RON)).unwrap();
    if std::env::var_os("PLANDRAFT_UPDATE_SAMPLES").is_some() {
        storage::save(&imported, Path::new(util::SAMPLE_RON)).unwrap();
    }
    let actual = std::fs::read_to_string(util::SAMPLE_RON).unwrap();
    assert!(
        actual == expected,
        "samples/*.ron is out of date with the importer; rerun with PLANDRAFT_UPDATE_SAMPLES=1 and review the diff"
    );
    assert_eq!(
        storage::load(Path::new(util::SAMPLE_RON)).unwrap(),
        imported
    );
}

#[test]
fn sample_outline_snapshot() {
    let doc = storage::load(Path::new(util::SAMPLE_RON)).unwrap().document;
    insta::assert_snapshot!(outline(&doc));
}

#[test]
fn sample_export_snapshot() {
    let doc = storage::load(Path::new(util::SAMPLE_RON)).unwrap().document;
    insta::assert_snapshot!(to_text(&doc));
}
