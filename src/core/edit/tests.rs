use super::*;
use crate::core::document::Paragraph;
use crate::core::history::History;
use crate::core::numbering::Numbers;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// 一 (a, b), 二 (c), 三 — with a paragraph or two in each.
fn sample() -> Document {
    let mut doc = Document::default();
    let mut top = Vec::new();
    for name in ["一", "二", "三"] {
        let mut s = Section::new(doc.allocate_id(), name);
        s.paragraphs.push(Paragraph::new(format!("{name}的正文。")));
        top.push(s);
    }
    for (i, name) in [(0, "甲"), (0, "乙"), (1, "丙")] {
        let mut child = Section::new(doc.allocate_id(), name);
        child
            .paragraphs
            .push(Paragraph::new(format!("{name}段一。")));
        child
            .paragraphs
            .push(Paragraph::new(format!("{name}段二。")));
        top[i].children.push(child);
    }
    doc.sections = top;
    doc.preamble.push(Paragraph::new("前言。"));
    doc
}

fn labels(doc: &Document) -> Vec<String> {
    let numbers = Numbers::of(doc);
    doc.flatten()
        .iter()
        .map(|(s, _)| format!("{}{}", numbers.label(s.id), s.heading))
        .collect()
}

fn id_of(doc: &Document, heading: &str) -> SectionId {
    doc.flatten()
        .iter()
        .find(|(s, _)| s.heading == heading)
        .map(|(s, _)| s.id)
        .unwrap()
}

#[test]
fn add_before_after_and_as_child() {
    let mut doc = sample();
    let b = id_of(&doc, "乙");
    apply(
        &mut doc,
        Edit::AddSection {
            place: Place::Before(b),
            heading: "前".into(),
        },
    )
    .unwrap();
    apply(
        &mut doc,
        Edit::AddSection {
            place: Place::After(b),
            heading: "后".into(),
        },
    )
    .unwrap();
    let applied = apply(
        &mut doc,
        Edit::AddSection {
            place: Place::LastChild(b),
            heading: "子".into(),
        },
    )
    .unwrap();
    assert!(applied.change.is_structural);
    assert_eq!(
        labels(&doc),
        [
            "一、一",
            "（一）甲",
            "（二）前",
            "（三）乙",
            "1.子",
            "（四）后",
            "二、二",
            "（一）丙",
            "三、三"
        ]
    );
    assert_eq!(applied.change.focus, Some(id_of(&doc, "子")));
}

#[test]
fn promote_and_demote_carry_the_subtree() {
    let mut doc = sample();
    let b = id_of(&doc, "乙");
    apply(
        &mut doc,
        Edit::AddSection {
            place: Place::LastChild(b),
            heading: "子".into(),
        },
    )
    .unwrap();
    apply(&mut doc, Edit::Promote { id: b }).unwrap();
    assert_eq!(
        labels(&doc),
        [
            "一、一",
            "（一）甲",
            "二、乙",
            "（一）子",
            "三、二",
            "（一）丙",
            "四、三"
        ]
    );
    apply(&mut doc, Edit::Demote { id: b }).unwrap();
    assert_eq!(
        labels(&doc),
        [
            "一、一",
            "（一）甲",
            "（二）乙",
            "1.子",
            "二、二",
            "（一）丙",
            "三、三"
        ]
    );
    let first = id_of(&doc, "一");
    assert_eq!(
        apply(&mut doc, Edit::Promote { id: first }),
        Err(EditError::AlreadyTopLevel)
    );
    assert_eq!(
        apply(&mut doc, Edit::Demote { id: first }),
        Err(EditError::AlreadyFirst)
    );
}

#[test]
fn move_up_down_and_into_another_parent() {
    let mut doc = sample();
    let c = id_of(&doc, "丙");
    let a = id_of(&doc, "甲");
    apply(&mut doc, Edit::MoveDown { id: a }).unwrap();
    assert_eq!(labels(&doc)[1..3], ["（一）乙", "（二）甲"]);
    let top = id_of(&doc, "一");
    apply(
        &mut doc,
        Edit::MoveSection {
            id: c,
            to: Place::FirstChild(top),
        },
    )
    .unwrap();
    assert_eq!(
        labels(&doc),
        [
            "一、一",
            "（一）丙",
            "（二）乙",
            "（三）甲",
            "二、二",
            "三、三"
        ]
    );
    assert_eq!(
        apply(
            &mut doc,
            Edit::MoveSection {
                id: top,
                to: Place::LastChild(a)
            }
        ),
        Err(EditError::IntoOwnSubtree)
    );
    assert_eq!(
        apply(&mut doc, Edit::MoveUp { id: top }),
        Err(EditError::AlreadyFirst)
    );
}

#[test]
fn split_and_join_paragraphs() {
    let mut doc = sample();
    let c = Container::Section(id_of(&doc, "甲"));
    let at = "甲段".len();
    let applied = apply(
        &mut doc,
        Edit::SplitParagraph {
            container: c,
            index: 0,
            at,
        },
    )
    .unwrap();
    let paras = doc.paragraphs(c).unwrap();
    assert_eq!(paras[0].text, "甲段");
    assert_eq!(paras[1].text, "一。");
    assert_eq!(
        applied.inverse,
        Edit::JoinParagraphs {
            container: c,
            index: 0
        }
    );
    assert_eq!(
        apply(
            &mut doc,
            Edit::SplitParagraph {
                container: c,
                index: 0,
                at: 1
            }
        ),
        Err(EditError::NotCharBoundary(1))
    );
    apply(&mut doc, applied.inverse).unwrap();
    assert_eq!(doc, sample());
}

#[test]
fn failed_batch_changes_nothing() {
    let mut doc = sample();
    let a = id_of(&doc, "甲");
    let result = apply(
        &mut doc,
        Edit::Batch {
            edits: vec![
                Edit::RenameHeading {
                    id: a,
                    heading: "新".into(),
                },
                Edit::DeleteSection { id: SectionId(999) },
            ],
        },
    );
    assert_eq!(result, Err(EditError::UnknownSection(SectionId(999))));
    assert_eq!(doc, sample());
}

#[test]
fn depth_is_capped() {
    let mut doc = Document::default();
    let mut parent = None;
    for _ in 0..MAX_DEPTH {
        let place = match parent {
            None => Place::At {
                parent: None,
                index: 0,
            },
            Some(p) => Place::LastChild(p),
        };
        let applied = apply(
            &mut doc,
            Edit::AddSection {
                place,
                heading: "x".into(),
            },
        )
        .unwrap();
        parent = applied.change.focus;
    }
    assert_eq!(doc.height(), MAX_DEPTH);
    let result = apply(
        &mut doc,
        Edit::AddSection {
            place: Place::LastChild(parent.unwrap()),
            heading: "too deep".into(),
        },
    );
    assert_eq!(result, Err(EditError::TooDeep));
}

#[test]
fn history_undo_redo() {
    let mut doc = sample();
    let mut history = History::default();
    let a = id_of(&doc, "甲");
    history
        .apply(&mut doc, Edit::DeleteSection { id: a })
        .unwrap();
    let after = doc.clone();
    history.undo(&mut doc).unwrap().unwrap();
    assert_eq!(doc, sample());
    history.redo(&mut doc).unwrap().unwrap();
    assert_eq!(doc, after);
    assert!(history.can_undo());
    assert!(!history.can_redo());
}

/// One random operation, with indices resolved against the document at the time.
#[derive(Clone, Debug)]
struct Op {
    kind: u8,
    a: usize,
    b: usize,
    c: usize,
    text: String,
}

fn op() -> impl Strategy<Value = Op> {
    (
        0u8..18,
        any::<usize>(),
        any::<usize>(),
        any::<usize>(),
        "[一二三a-c。 ]{0,6}",
    )
        .prop_map(|(kind, a, b, c, text)| Op {
            kind,
            a,
            b,
            c,
            text,
        })
}

fn to_edit(doc: &Document, op: &Op) -> Edit {
    let flat = doc.flatten();
    let pick = |i: usize| flat.get(i % flat.len().max(1)).map(|(s, _)| s.id);
    let id = pick(op.a).unwrap_or(SectionId(12345));
    let other = pick(op.b).unwrap_or(SectionId(54321));
    let container = if op.c.is_multiple_of(4) {
        Container::Preamble
    } else {
        Container::Section(id)
    };
    let para_len = doc.paragraphs(container).map_or(0, Vec::len);
    let index = op.b % (para_len + 1);
    let place = match op.c % 5 {
        0 => Place::Before(other),
        1 => Place::After(other),
        2 => Place::FirstChild(other),
        3 => Place::LastChild(other),
        _ => Place::At {
            parent: (!op.b.is_multiple_of(3)).then_some(other),
            index: op.a % 4,
        },
    };
    match op.kind {
        0 => Edit::AddSection {
            place,
            heading: op.text.clone(),
        },
        1 => Edit::DeleteSection { id },
        2 => Edit::RenameHeading {
            id,
            heading: op.text.clone(),
        },
        3 => Edit::SetParagraph {
            container,
            index,
            text: op.text.clone(),
        },
        4 => Edit::InsertParagraph {
            container,
            index,
            text: op.text.clone(),
        },
        5 => Edit::DeleteParagraph { container, index },
        6 => {
            let len = doc
                .paragraphs(container)
                .and_then(|p| p.get(index))
                .map_or(0, |p| p.text.len());
            Edit::SplitParagraph {
                container,
                index,
                at: op.a % (len + 1),
            }
        }
        7 => Edit::JoinParagraphs { container, index },
        8 => Edit::MoveSection { id, to: place },
        9 => Edit::MoveUp { id },
        10 => Edit::MoveDown { id },
        11 => Edit::Promote { id },
        12 => Edit::Demote { id },
        13 => Edit::SetRunIn {
            id,
            run_in: op.b.is_multiple_of(2),
        },
        14 => Edit::SetTitle {
            lines: vec![op.text.clone()],
        },
        15 => Edit::SetStage {
            stage: Some(op.text.clone()),
        },
        16 => Edit::SetRestart {
            id,
            restart: op.c.is_multiple_of(3).then_some((op.c % 7) as u32),
        },
        _ => Edit::Batch {
            edits: vec![
                Edit::RenameHeading {
                    id,
                    heading: op.text.clone(),
                },
                Edit::MoveUp { id: other },
            ],
        },
    }
}

/// Every section's content by id: what a pure move must keep.
fn content(doc: &Document) -> BTreeMap<SectionId, (String, Vec<Paragraph>)> {
    doc.flatten()
        .iter()
        .map(|(s, _)| (s.id, (s.heading.clone(), s.paragraphs.clone())))
        .collect()
}

fn is_move(edit: &Edit) -> bool {
    matches!(
        edit,
        Edit::MoveSection { .. }
            | Edit::MoveUp { .. }
            | Edit::MoveDown { .. }
            | Edit::Promote { .. }
            | Edit::Demote { .. }
    )
}

/// Document equality apart from the id counter, which only grows (ids are never reused).
fn same_content(a: &Document, b: &Document) -> bool {
    let mut b = b.clone();
    b.next_id = a.next_id;
    *a == b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_edits_keep_invariants_and_undo_exactly(ops in prop::collection::vec(op(), 1..40)) {
        let mut doc = sample();
        let mut history = History::default();
        let mut snapshots = vec![doc.clone()];
        for op in &ops {
            let edit = to_edit(&doc, op);
            let before = doc.clone();
            let before_content = content(&doc);
            let was_move = is_move(&edit);
            match history.apply(&mut doc, edit.clone()) {
                Ok(_) => {
                    snapshots.push(doc.clone());
                    if was_move {
                        prop_assert_eq!(content(&doc), before_content, "a move lost or changed content: {:?}", edit);
                    }
                }
                Err(_) => prop_assert_eq!(&doc, &before, "a failed edit changed the document: {:?}", edit),
            }
            prop_assert!(doc.validate().is_ok(), "{:?} after {:?}", doc.validate(), edit);
            prop_assert!(doc.next_id >= before.next_id);
        }
        // Undo everything, checking each intermediate state.
        snapshots.pop();
        while let Some(expected) = snapshots.pop() {
            history.undo(&mut doc).unwrap().unwrap();
            prop_assert!(same_content(&doc, &expected));
        }
        prop_assert!(!history.can_undo());
        prop_assert!(same_content(&doc, &sample()));
    }
}
