//! Collecting a 征求意见 round: a ~60,000-字 national-size plan sent to 20 units, each
//! returning a copy with about 2% of its paragraphs edited and two comments; collecting
//! finds each copy's base (the recorded 征求意见稿) and every opinion, in document order.

#![allow(clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use plandraft::core::comment::{Comment, quote_of};
use plandraft::core::draft::Draft;
use plandraft::core::feedback::{Returned, collect};
use plandraft::core::storage::PlanFile;
use std::hint::black_box;

mod common;

fn bench(c: &mut Criterion) {
    let mut master = PlanFile {
        lineage: Some(plandraft::core::identity::new_lineage()),
        ..PlanFile::new(common::plan_of_size(60_000, true))
    };
    master
        .drafts
        .push(Draft::record("征求意见稿", "办公室", "", &master.document));
    let returned: Vec<Returned> = (0..20)
        .map(|unit| {
            let mut copy = master.clone();
            copy.document = common::edited(&master.document, unit);
            for s in copy.document.sections.iter().skip(unit).step_by(40).take(2) {
                let exact: String = s
                    .paragraphs
                    .first()
                    .map_or_else(|| s.heading.clone(), |p| p.text.chars().take(8).collect());
                let quote = quote_of(s, &exact);
                let comment = Comment::new(s.id, quote, "张三", &format!("单位{unit}"), "建议");
                copy.document.comments.push(comment);
            }
            Returned::new(std::path::Path::new(&format!("单位{unit}.ron")), Ok(copy))
        })
        .collect();
    let opinions = collect(&master, &returned).opinions.len();
    eprintln!("20 copies: {opinions} opinions");
    let mut group = c.benchmark_group("feedback");
    group.sample_size(10);
    group.bench_function("collect 20 copies of 60k", |b| {
        b.iter(|| collect(black_box(&master), black_box(&returned)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
