//! Import, save, load and export (print pages, DOCX, HTML, PDF) of a ~60,000-character and a
//! ~1,000,000-character plan, generated from the bundled sample by repeating its sections.

#![allow(clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use plandraft::core::export::{self, to_text};
use plandraft::core::import::import_text;
use plandraft::core::numbering::Numbers;
use plandraft::core::storage;
use std::hint::black_box;

mod common;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, size) in [("60k", 60_000), ("1M", 1_000_000)] {
        let doc = common::plan_of_size(size, false);
        let text = to_text(&doc);
        let path = dir.path().join(format!("{name}.ron"));
        let plan = storage::PlanFile::new(doc.clone());
        storage::save(&plan, &path).expect("save");
        let mut group = c.benchmark_group(format!("core/{name}"));
        if size > 100_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("import", name), &text, |b, t| {
            b.iter(|| import_text(black_box(t)))
        });
        group.bench_with_input(BenchmarkId::new("save", name), &plan, |b, d| {
            b.iter(|| storage::save(black_box(d), &path).expect("save"))
        });
        group.bench_with_input(BenchmarkId::new("load", name), &path, |b, p| {
            b.iter(|| storage::load(black_box(p)).expect("load"))
        });
        let numbers = Numbers::of(&doc);
        group.bench_with_input(BenchmarkId::new("print pages", name), &doc, |b, d| {
            b.iter(|| export::page::pages(black_box(d), &numbers))
        });
        for (label, format) in [
            ("docx", export::Format::Docx),
            ("html", export::Format::Html),
            ("pdf", export::Format::Pdf),
        ] {
            let options = export::Options {
                format,
                ..export::Options::default()
            };
            group.bench_with_input(BenchmarkId::new(label, name), &doc, |b, d| {
                b.iter(|| export::render(black_box(d), &options).expect("export"))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
