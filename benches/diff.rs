//! Comparing two drafts of a ~60,000- and a ~1,000,000-character plan with about 2% of the
//! paragraphs edited (a word replaced, a clause deleted, a sentence added), and, for the
//! README's comparison with git and GNU diff, writing both versions out as text
//! (`PLANDRAFT_BENCH_TEXT_DIR=dir cargo bench --bench diff`).

#![allow(clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use plandraft::core::count::Counts;
use plandraft::core::diff::diff;
use plandraft::core::document::{Document, Section};
use plandraft::core::export::to_text;
use plandraft::core::import::import_text;
use std::hint::black_box;

const SAMPLE: &str = include_str!("../samples/lvyuan-15th-fyp-outline.txt");

fn copy(doc: &mut Document, s: &Section) -> Section {
    let mut c = Section::new(doc.allocate_id(), s.heading.clone());
    c.paragraphs = s.paragraphs.clone();
    c.children = s.children.iter().map(|ch| copy(doc, ch)).collect();
    c
}

/// A plan of about `chars` 字 and a second draft with about 2% of its paragraphs edited.
fn pair(chars: usize) -> (Document, Document) {
    let sample = import_text(SAMPLE).document;
    let mut old = Document {
        title: sample.title.clone(),
        numbering: sample.numbering.clone(),
        ..Document::default()
    };
    let mut round = 0;
    while Counts::of_document(&old).words < chars {
        for s in &sample.sections {
            let mut c = copy(&mut old, s);
            // Make each round's text its own, as a real plan's sections differ.
            c.heading = format!("{}（{round}）", c.heading);
            for p in &mut c.paragraphs {
                p.text = format!("第{round}轮：{}", p.text);
            }
            old.sections.push(c);
        }
        round += 1;
    }
    let mut new = old.clone();
    let ids: Vec<_> = new.flatten().iter().map(|(s, _)| s.id).collect();
    let mut edited = 0;
    for (i, id) in ids.iter().enumerate() {
        let section = new.section_mut(*id).expect("id");
        for (j, p) in section.paragraphs.iter_mut().enumerate() {
            if (i * 7 + j * 3) % 50 != 0 {
                continue;
            }
            edited += 1;
            p.text = match edited % 3 {
                0 => p.text.replacen("发展", "进步", 1),
                1 => p.text.replacen("，", "，并", 1),
                _ => format!("{}新增一句话以作说明。", p.text),
            };
        }
    }
    (old, new)
}

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
