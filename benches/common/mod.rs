//! Plans of a chosen size for the benchmarks, made from the bundled sample by repeating its
//! sections, and second drafts of them with about 2% of the paragraphs edited.

#![allow(dead_code, clippy::expect_used)]

use plandraft::core::count::Counts;
use plandraft::core::document::{Document, Section};
use plandraft::core::import::import_text;

/// The bundled sample as text.
pub const SAMPLE: &str = include_str!("../../samples/lvyuan-15th-fyp-outline.txt");

/// A copy of `s` and its subtree with fresh ids from `doc`.
pub fn copy(doc: &mut Document, s: &Section) -> Section {
    let mut c = Section::new(doc.allocate_id(), s.heading.clone());
    c.run_in = s.run_in;
    c.paragraphs = s.paragraphs.clone();
    c.children = s.children.iter().map(|ch| copy(doc, ch)).collect();
    c
}

/// The sample's title, stage and preamble, and its sections repeated until the document
/// holds about `chars` 字. With `is_distinct`, each round's headings and paragraphs are
/// marked with the round, as a real plan's sections differ from each other.
pub fn plan_of_size(chars: usize, is_distinct: bool) -> Document {
    let sample = import_text(SAMPLE).document;
    let mut doc = Document {
        title: sample.title.clone(),
        stage: sample.stage.clone(),
        preamble: sample.preamble.clone(),
        numbering: sample.numbering.clone(),
        ..Document::default()
    };
    let mut round = 0;
    while Counts::of_document(&doc).words < chars {
        for s in &sample.sections {
            let mut c = copy(&mut doc, s);
            if is_distinct {
                c.heading = format!("{}（{round}）", c.heading);
                for p in &mut c.paragraphs {
                    p.text = format!("第{round}轮：{}", p.text);
                }
            }
            doc.sections.push(c);
        }
        round += 1;
    }
    doc
}

/// `doc` with about 2% of its paragraphs edited (`seed` picks which): a word replaced, a
/// clause added, or a sentence added.
pub fn edited(doc: &Document, seed: usize) -> Document {
    let mut new = doc.clone();
    let ids: Vec<_> = new.flatten().iter().map(|(s, _)| s.id).collect();
    let mut count = 0;
    for (i, id) in ids.iter().enumerate() {
        let section = new.section_mut(*id).expect("id");
        for (j, p) in section.paragraphs.iter_mut().enumerate() {
            if !(i * 7 + j * 3 + seed).is_multiple_of(50) {
                continue;
            }
            count += 1;
            p.text = match count % 3 {
                0 => p.text.replacen("发展", "进步", 1),
                1 => p.text.replacen("，", "，并", 1),
                _ => format!("{}新增一句话以作说明。", p.text),
            };
        }
    }
    new
}

/// A plan of about `chars` 字 and a second draft of it.
pub fn pair(chars: usize) -> (Document, Document) {
    let old = plan_of_size(chars, true);
    let new = edited(&old, 0);
    (old, new)
}
