//! Comparing two drafts of a ~60,000- and a ~1,000,000-character plan with about 2% of the
//! paragraphs edited (a word replaced, a clause deleted, a sentence added), and, for the
//! README's comparison with git and GNU diff, writing both versions out as text
//! (`PLANDRAFT_BENCH_TEXT_DIR=dir cargo bench --bench diff`).

#![allow(clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use plandraft::core::diff::diff;
use plandraft::core::export::to_text;
use std::hint::black_box;

mod common;

use common::pair;

fn bench(c: &mut Criterion) {
    let out_dir = std::env::var_os("PLANDRAFT_BENCH_TEXT_DIR");
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for (name, size) in [("60k", 60_000), ("1M", 1_000_000)] {
        let (old, new) = pair(size);
        if let Some(dir) = &out_dir {
            let dir = std::path::Path::new(dir);
            std::fs::write(dir.join(format!("{name}-old.txt")), to_text(&old)).expect("write");
            std::fs::write(dir.join(format!("{name}-new.txt")), to_text(&new)).expect("write");
        }
        group.bench_with_input(
            BenchmarkId::new("drafts", name),
            &(old.clone(), new.clone()),
            |b, (o, n)| b.iter(|| diff(black_box(o), black_box(n), true)),
        );
        group.bench_with_input(
            BenchmarkId::new("separate-files", name),
            &(old, new),
            |b, (o, n)| b.iter(|| diff(black_box(o), black_box(n), false)),
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
