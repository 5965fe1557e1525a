use super::*;
use crate::core::edit::{self, Edit, Place};

fn base() -> Document {
    crate::core::test_support::sample()
}

/// `doc` with `edit` applied.
fn with(doc: &Document, edits: &[Edit]) -> Document {
    let mut d = doc.clone();
    for e in edits {
        edit::apply(&mut d, e.clone()).unwrap();
    }
    d
}

fn top(doc: &Document, index: usize) -> SectionId {
    doc.sections[index].id
}

/// Replaces `from` by `to` in paragraph 0 of top-level section `index`.
fn reword(doc: &Document, index: usize, from: &str, to: &str) -> Edit {
    let s = &doc.sections[index];
    assert!(s.paragraphs[0].text.contains(from), "{from}");
    Edit::SetParagraph {
        container: crate::core::document::Container::Section(s.id),
        index: 0,
        text: s.paragraphs[0].text.replacen(from, to, 1),
    }
}

fn all_text(doc: &Document) -> String {
    crate::core::export::to_text(doc)
}

#[test]
fn a_side_that_changed_nothing_gives_the_other() {
    let b = base();
    let x = with(
        &b,
        &[
            reword(&b, 0, "当今世界", "当今之世"),
            Edit::DeleteSection { id: top(&b, 3) },
        ],
    );
    let m = merge(&b, &x, &b);
    assert!(m.is_clean());
    assert_eq!(m.document, x);
    let m = merge(&b, &b, &x);
    assert!(m.is_clean());
    assert_eq!(m.document, x);
    assert_eq!(merge(&b, &b, &b).document, b);
}

#[test]
fn edits_in_different_sections_combine() {
    let b = base();
    let ours = with(&b, &[reword(&b, 0, "当今世界", "当今之世")]);
    let theirs = with(&b, &[reword(&b, 1, "必须坚持", "始终坚持")]);
    let m = merge(&b, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let text = all_text(&m.document);
    assert!(text.contains("当今之世") && text.contains("始终坚持"));
    m.document.validate().unwrap();
}

#[test]
fn two_edits_of_one_sentence_merge_by_characters_when_apart() {
    let b = base();
    let ours = with(&b, &[reword(&b, 0, "当今世界", "当今之世")]);
    let theirs = with(&b, &[reword(&b, 0, "历史机遇", "重大历史机遇")]);
    let m = merge(&b, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let p = &m.document.sections[0].paragraphs[0].text;
    assert!(p.contains("当今之世") && p.contains("重大历史机遇"), "{p}");
}

#[test]
fn overlapping_edits_are_a_conflict_that_keeps_both() {
    let b = base();
    let ours = with(&b, &[reword(&b, 0, "当今世界", "当今之世")]);
    let theirs = with(&b, &[reword(&b, 0, "当今世界", "放眼世界")]);
    let m = merge(&b, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    let c = &m.conflicts[0];
    assert_eq!(c.place, ConflictPlace::Paragraphs(top(&b, 0), 0));
    assert!(c.base[0].contains("当今世界"));
    assert!(c.ours[0].contains("当今之世"));
    assert!(c.theirs[0].contains("放眼世界"));
    // The document holds ours, and keeps the conflict.
    assert_eq!(m.document.sections[0].paragraphs[0].text, c.ours[0]);
    assert_eq!(m.document.conflicts, m.conflicts);
    // Merging the same way twice gives the same result.
    assert_eq!(merge(&b, &ours, &theirs), m);
}

#[test]
fn a_section_deleted_on_one_side_and_edited_on_the_other_is_kept() {
    let b = base();
    let id = top(&b, 0);
    let ours = with(&b, &[Edit::DeleteSection { id }]);
    let theirs = with(&b, &[reword(&b, 0, "当今世界", "当今之世")]);
    let m = merge(&b, &ours, &theirs);
    assert!(m.document.section(id).is_some(), "not lost");
    assert!(all_text(&m.document).contains("当今之世"));
    assert!(
        m.conflicts
            .iter()
            .any(|c| c.place == ConflictPlace::Deleted(id, Side::Ours))
    );
    // Deleted on one side and untouched on the other: gone, cleanly.
    let theirs = with(&b, &[reword(&b, 1, "必须坚持", "始终坚持")]);
    let m = merge(&b, &ours, &theirs);
    assert!(m.is_clean());
    assert!(m.document.section(id).is_none());
}

#[test]
fn sections_added_on_both_sides_are_both_there_with_their_own_ids() {
    let b = base();
    let add = |after: usize, heading: &str, doc: &mut Document| {
        doc.next_id = crate::core::identity::jump_ids(doc.next_id);
        let place = Place::After(doc.sections[after].id);
        edit::apply(
            doc,
            Edit::AddSection {
                place,
                heading: heading.into(),
            },
        )
        .unwrap();
    };
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    add(6, "组织实施", &mut ours);
    add(2, "基本要求", &mut theirs);
    let m = merge(&b, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    m.document.validate().unwrap();
    let headings: Vec<&str> = m
        .document
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    assert_eq!(headings.len(), b.sections.len() + 2);
    assert_eq!(headings[3], "基本要求", "{headings:?}");
    assert_eq!(headings.last(), Some(&"组织实施"));
    // Numbers follow.
    let numbers = crate::core::numbering::Numbers::of(&m.document);
    assert_eq!(numbers.label(m.document.sections[3].id), "四、");
}

#[test]
fn a_move_on_one_side_and_an_edit_on_the_other_both_happen() {
    let b = base();
    let six = &b.sections[5];
    let child = six.children[2].id;
    let ours = with(
        &b,
        &[Edit::MoveSection {
            id: child,
            to: Place::After(top(&b, 6)),
        }],
    );
    let mut theirs = b.clone();
    theirs
        .section_mut(child)
        .unwrap()
        .heading
        .push_str("（修改）");
    let m = merge(&b, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let last = m.document.sections.last().unwrap();
    assert_eq!(last.id, child);
    assert!(last.heading.ends_with("（修改）"));
    // Demoted on one side (a child of its elder sibling), renamed on the other.
    let ours = with(&b, &[Edit::Demote { id: top(&b, 1) }]);
    let mut theirs = b.clone();
    theirs.sections[1].heading = "指导思想和原则".into();
    let m = merge(&b, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let moved = m.document.section(top(&b, 1)).unwrap();
    assert_eq!(moved.heading, "指导思想和原则");
    assert_eq!(m.document.parent_of(moved.id), Some(Some(top(&b, 0))));
}

#[test]
fn both_moving_one_section_to_different_places_is_a_conflict_that_keeps_ours() {
    let b = base();
    let id = b.sections[5].children[0].id;
    let ours = with(
        &b,
        &[Edit::MoveSection {
            id,
            to: Place::LastChild(top(&b, 0)),
        }],
    );
    let theirs = with(
        &b,
        &[Edit::MoveSection {
            id,
            to: Place::LastChild(top(&b, 1)),
        }],
    );
    let m = merge(&b, &ours, &theirs);
    assert!(
        m.conflicts
            .iter()
            .any(|c| c.place == ConflictPlace::Moved(id))
    );
    assert_eq!(m.document.parent_of(id), Some(Some(top(&b, 0))));
    m.document.validate().unwrap();
}

#[test]
fn sections_moved_under_each_other_do_not_make_a_loop() {
    let b = base();
    let (a, c) = (top(&b, 0), top(&b, 1));
    let ours = with(
        &b,
        &[Edit::MoveSection {
            id: a,
            to: Place::LastChild(c),
        }],
    );
    let theirs = with(
        &b,
        &[Edit::MoveSection {
            id: c,
            to: Place::LastChild(a),
        }],
    );
    let m = merge(&b, &ours, &theirs);
    m.document.validate().unwrap();
    assert!(m.document.section(a).is_some() && m.document.section(c).is_some());
    assert!(!m.is_clean());
    assert_eq!(
        m.document.section_count(),
        b.section_count(),
        "no section lost"
    );
}

#[test]
fn title_stage_and_preamble_merge_too() {
    let b = base();
    let mut ours = b.clone();
    ours.title[0] = ours.title[0].replace("长春市", "吉林省长春市");
    let mut theirs = b.clone();
    theirs.stage = Some("送审稿".into());
    theirs.preamble[0].text.push_str("（补充一句。）");
    let m = merge(&b, &ours, &theirs);
    assert!(m.is_clean());
    assert!(m.document.title[0].starts_with("吉林省长春市"));
    assert_eq!(m.document.stage.as_deref(), Some("送审稿"));
    assert!(m.document.preamble[0].text.ends_with("（补充一句。）"));
    // Both changing the stage differently is a conflict.
    let mut ours = b.clone();
    ours.stage = Some("讨论稿".into());
    let m = merge(&b, &ours, &theirs);
    assert!(m.conflicts.iter().any(|c| c.place == ConflictPlace::Stage));
    assert_eq!(m.document.stage.as_deref(), Some("讨论稿"));
}

#[test]
fn diff3_cuts_stable_and_changed_stretches() {
    let b: Vec<char> = "abcdef".chars().collect();
    let o: Vec<char> = "aXcdef".chars().collect();
    let t: Vec<char> = "abcdeYf".chars().collect();
    let chunks = diff3(&b, &o, &t);
    assert_eq!(
        chunks,
        [
            Chunk::Stable(vec!['a']),
            Chunk::Changed {
                base: vec!['b'],
                ours: vec!['X'],
                theirs: vec!['b']
            },
            Chunk::Stable(vec!['c', 'd', 'e']),
            Chunk::Changed {
                base: vec![],
                ours: vec![],
                theirs: vec!['Y']
            },
            Chunk::Stable(vec!['f']),
        ]
    );
    assert_eq!(
        merge_text("abcdef", "aXcdef", "abcdeYf").as_deref(),
        Some("aXcdeYf")
    );
    assert_eq!(merge_text("abc", "aXc", "aYc"), None);
    assert_eq!(merge_text("", "甲", ""), Some("甲".into()));
    assert_eq!(merge_text("abc", "", "abc"), Some(String::new()));
}

#[test]
fn a_paragraph_conflict_is_settled_each_way() {
    let b = base();
    let ours = with(&b, &[reword(&b, 0, "当今世界", "当今之世")]);
    let theirs = with(&b, &[reword(&b, 0, "当今世界", "放眼世界")]);
    let m = merge(&b, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    let doc = &m.document;
    let first = |d: &Document| d.sections[0].paragraphs[0].text.clone();
    let mine = resolve(doc, 0, Resolution::Ours).unwrap();
    assert!(mine.conflicts.is_empty() && first(&mine).contains("当今之世"));
    let theirs_now = resolve(doc, 0, Resolution::Theirs).unwrap();
    assert!(theirs_now.conflicts.is_empty() && first(&theirs_now).contains("放眼世界"));
    let both = resolve(doc, 0, Resolution::Both).unwrap();
    assert!(first(&both).contains("当今之世"));
    assert!(both.sections[0].paragraphs[1].text.contains("放眼世界"));
    assert_eq!(
        both.sections[0].paragraphs.len(),
        b.sections[0].paragraphs.len() + 1
    );
    // Once the place was edited, no side is put in blindly.
    let edited = with(doc, &[reword(doc, 0, "当今之世", "今日之世")]);
    assert_eq!(resolve(&edited, 0, Resolution::Theirs), None);
    assert!(
        resolve(&edited, 0, Resolution::AsEdited)
            .unwrap()
            .conflicts
            .is_empty()
    );
    assert_eq!(resolve(doc, 5, Resolution::Ours), None);
}

#[test]
fn a_section_deleted_against_an_edit_is_settled_by_who_deleted_it() {
    let b = base();
    let id = top(&b, 1);
    let ours = with(&b, &[Edit::DeleteSection { id }]);
    let theirs = with(&b, &[reword(&b, 1, "必须坚持", "始终坚持")]);
    let m = merge(&b, &ours, &theirs);
    let [c] = m.conflicts.as_slice() else {
        panic!("{:?}", m.conflicts);
    };
    assert_eq!(c.place, ConflictPlace::Deleted(id, Side::Ours));
    // Kept until decided; ours (the deletion) deletes it, theirs keeps their edit.
    assert!(m.document.section(id).is_some());
    assert!(
        resolve(&m.document, 0, Resolution::Ours)
            .unwrap()
            .section(id)
            .is_none()
    );
    let kept = resolve(&m.document, 0, Resolution::Theirs).unwrap();
    assert!(all_text(&kept).contains("始终坚持"));
}
