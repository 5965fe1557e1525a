//! Three-way merge properties, by proptest over random edits of the sample on both sides:
//! a side that changed nothing gives the other; which side is "ours" changes nothing but
//! which text a conflict shows in place; edits in different sections never conflict; every
//! change of either side is in the result or in a conflict; the result is a valid document.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod util;

use std::path::Path;

use plandraft::core::document::{Container, Document, SectionId};
use plandraft::core::edit::{self, Edit, Place};
use plandraft::core::identity;
use plandraft::core::merge::{Conflict, merge};
use plandraft::core::storage;
use proptest::prelude::*;

fn base() -> Document {
    storage::load(Path::new(util::SAMPLE_RON)).unwrap().document
}

/// One random change, by what it does and numbers that pick where (reduced modulo what
/// the document has when it is applied).
#[derive(Clone, Debug)]
enum Change {
    Insert {
        at: usize,
        offset: usize,
        text: String,
    },
    DeleteParagraph {
        at: usize,
    },
    Rename {
        at: usize,
        text: String,
    },
    AddSection {
        after: usize,
        heading: String,
    },
    DeleteSection {
        at: usize,
    },
    MoveSection {
        at: usize,
        after: usize,
    },
}

fn change() -> impl Strategy<Value = Change> {
    let text = "[发展改革创新目标任务甲乙，。]{1,6}";
    prop_oneof![
        (any::<usize>(), any::<usize>(), text).prop_map(|(at, offset, text)| Change::Insert {
            at,
            offset,
            text
        }),
        any::<usize>().prop_map(|at| Change::DeleteParagraph { at }),
        (any::<usize>(), text).prop_map(|(at, text)| Change::Rename { at, text }),
        (any::<usize>(), text).prop_map(|(after, heading)| Change::AddSection { after, heading }),
        any::<usize>().prop_map(|at| Change::DeleteSection { at }),
        (any::<usize>(), any::<usize>()).prop_map(|(at, after)| Change::MoveSection { at, after }),
    ]
}

fn ids(doc: &Document) -> Vec<SectionId> {
    doc.flatten().iter().map(|(s, _)| s.id).collect()
}

/// `doc` with `changes` applied as a copy would make them: ids of new sections from a
/// random place, as a session hands them out.
fn apply(doc: &Document, changes: &[Change]) -> Document {
    let mut d = doc.clone();
    d.next_id = identity::jump_ids(d.next_id);
    for c in changes {
        let all = ids(&d);
        if all.is_empty() {
            break;
        }
        let pick = |n: usize| all[n % all.len()];
        let e = match c {
            Change::Insert { at, offset, text } => {
                let id = pick(*at);
                let s = d.section(id).unwrap();
                let Some(p) = s.paragraphs.first() else {
                    continue;
                };
                let chars: Vec<char> = p.text.chars().collect();
                let cut = offset % (chars.len() + 1);
                let new: String = chars[..cut]
                    .iter()
                    .chain(text.chars().collect::<Vec<_>>().iter())
                    .chain(chars[cut..].iter())
                    .collect();
                Edit::SetParagraph {
                    container: Container::Section(id),
                    index: 0,
                    text: new,
                }
            }
            Change::DeleteParagraph { at } => {
                let id = pick(*at);
                if d.section(id).unwrap().paragraphs.is_empty() {
                    continue;
                }
                Edit::DeleteParagraph {
                    container: Container::Section(id),
                    index: 0,
                }
            }
            Change::Rename { at, text } => {
                let id = pick(*at);
                let heading = format!("{}{text}", d.section(id).unwrap().heading);
                Edit::RenameHeading { id, heading }
            }
            Change::AddSection { after, heading } => Edit::AddSection {
                place: Place::After(pick(*after)),
                heading: heading.clone(),
            },
            Change::DeleteSection { at } => Edit::DeleteSection { id: pick(*at) },
            Change::MoveSection { at, after } => Edit::MoveSection {
                id: pick(*at),
                to: Place::After(pick(*after)),
            },
        };
        // A change the document refuses (a section moved into itself, too deep) is skipped,
        // as the app would refuse it.
        let _ = edit::apply(&mut d, e);
    }
    d
}

/// Every section's own content and place, by id.
fn content(
    doc: &Document,
) -> std::collections::BTreeMap<SectionId, (String, Vec<String>, Option<SectionId>)> {
    doc.flatten()
        .iter()
        .map(|(s, _)| {
            let texts = s.paragraphs.iter().map(|p| p.text.clone()).collect();
            (
                s.id,
                (s.heading.clone(), texts, doc.parent_of(s.id).flatten()),
            )
        })
        .collect()
}

/// A document's words without numbers (which follow from places, and change with them):
/// title, stage, preamble, then each heading and its paragraphs, a line each.
fn plain(doc: &Document) -> String {
    let mut lines: Vec<&str> = doc.title.iter().map(String::as_str).collect();
    lines.extend(doc.stage.as_deref());
    lines.extend(doc.preamble.iter().map(|p| p.text.as_str()));
    doc.walk(|s, _| {
        lines.push(&s.heading);
        lines.extend(s.paragraphs.iter().map(|p| p.text.as_str()));
    });
    lines.join("\n")
}

/// Each piece of `doc` with what `base` had there: the front matter, then each section
/// (heading and paragraphs) with the base's section of the same id, or nothing if new.
fn own_texts(base: &Document, doc: &Document) -> Vec<(String, String)> {
    let front = |d: &Document| {
        let mut lines: Vec<&str> = d.title.iter().map(String::as_str).collect();
        lines.extend(d.stage.as_deref());
        lines.extend(d.preamble.iter().map(|p| p.text.as_str()));
        lines.join("\n")
    };
    let own = |d: &Document, id: SectionId| {
        d.section(id).map_or_else(String::new, |s| {
            let mut lines = vec![s.heading.as_str()];
            lines.extend(s.paragraphs.iter().map(|p| p.text.as_str()));
            lines.join("\n")
        })
    };
    let mut out = vec![(front(base), front(doc))];
    out.extend(ids(doc).into_iter().map(|id| (own(base, id), own(doc, id))));
    out
}

/// All the text of a document and of conflicts.
fn everything(doc: &Document, conflicts: &[Conflict]) -> String {
    let mut out = plain(doc);
    out.push('\n');
    for c in conflicts {
        for t in c.base.iter().chain(&c.ours).chain(&c.theirs) {
            out.push_str(t);
            out.push('\n');
        }
    }
    out
}

/// The pieces of text `changed` inserted where `base` had none (by characters).
fn insertions(base: &str, changed: &str) -> Vec<String> {
    let (b, c): (Vec<char>, Vec<char>) = (base.chars().collect(), changed.chars().collect());
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &b, &c) {
        if let similar::DiffOp::Insert {
            new_index, new_len, ..
        }
        | similar::DiffOp::Replace {
            new_index, new_len, ..
        } = op
        {
            out.push(c[new_index..new_index + new_len].iter().collect());
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_side_that_changed_nothing_gives_the_other(changes in prop::collection::vec(change(), 0..6)) {
        let b = base();
        let x = apply(&b, &changes);
        let m = merge(&b, &x, &b);
        prop_assert!(m.is_clean());
        prop_assert_eq!(&m.document, &x);
        let m = merge(&b, &b, &x);
        prop_assert!(m.is_clean());
        prop_assert_eq!(&m.document, &x);
    }

    #[test]
    fn merges_are_valid_and_lose_no_change(
        ours in prop::collection::vec(change(), 0..6),
        theirs in prop::collection::vec(change(), 0..6),
    ) {
        let b = base();
        let (x, y) = (apply(&b, &ours), apply(&b, &theirs));
        let m = merge(&b, &x, &y);
        m.document.validate().unwrap();
        // It saves and loads.
        let plan = storage::PlanFile::new(m.document.clone());
        let text = storage::to_ron_string(&plan, Path::new("m.ron")).unwrap();
        prop_assert_eq!(storage::from_ron_str(&text, Path::new("m.ron")).unwrap(), plan);
        // Every piece of text either side wrote is in the result or in a conflict, unless
        // the other side deleted the paragraph or section it was written in (a deletion
        // of something the other side changed is itself a conflict, so that too is kept).
        // Compared section by section (by id), so that a moved section is not new text.
        let result = everything(&m.document, &m.conflicts);
        for side in [&x, &y] {
            for piece in own_texts(&b, side)
                .iter()
                .flat_map(|(before, after)| insertions(before, after))
            {
                // A piece may straddle a line end where lines were joined or split.
                for part in piece.split('\n').filter(|p| !p.is_empty()) {
                    prop_assert!(result.contains(part), "lost {:?}", part);
                }
            }
        }
        // The other way round: the same sections, and where both merges are clean, the
        // same content.
        let n = merge(&b, &y, &x);
        let (a, c) = (content(&m.document), content(&n.document));
        prop_assert_eq!(a.keys().collect::<Vec<_>>(), c.keys().collect::<Vec<_>>());
        if m.is_clean() && n.is_clean() {
            prop_assert_eq!(a, c);
        }
        prop_assert_eq!(m.conflicts.len(), n.conflicts.len());
    }

    #[test]
    fn edits_in_different_sections_never_conflict(
        first in any::<usize>(), second in any::<usize>(),
        a in "[甲乙丙]{1,4}", c in "[丁戊己]{1,4}",
    ) {
        let b = base();
        let all = ids(&b);
        // Two different sections.
        let i = first % all.len();
        let j = (i + 1 + second % (all.len() - 1)) % all.len();
        let (i, j) = (all[i], all[j]);
        let edit = |id: SectionId, text: &str| Edit::RenameHeading {
            id,
            heading: format!("{}{text}", b.section(id).unwrap().heading),
        };
        let (x, y) = (
            { let mut d = b.clone(); edit::apply(&mut d, edit(i, &a)).unwrap(); d },
            { let mut d = b.clone(); edit::apply(&mut d, edit(j, &c)).unwrap(); d },
        );
        let m = merge(&b, &x, &y);
        prop_assert!(m.is_clean(), "{:?}", m.conflicts);
        prop_assert!(m.document.section(i).unwrap().heading.ends_with(a.as_str()));
        prop_assert!(m.document.section(j).unwrap().heading.ends_with(c.as_str()));
    }
}
