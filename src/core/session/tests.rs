//! Tests of the session: dirty state, cached counts, drafts, recovery copies.

use super::*;
use crate::core::document::{Container, Paragraph};
use crate::core::storage;

fn doc() -> Document {
    let mut d = Document::default();
    d.preamble.push(Paragraph::new("前言。"));
    d
}

#[test]
fn two_copies_add_sections_with_different_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.ron");
    let mut original = Session::new(doc());
    original.save_as(&path).unwrap();
    let lineage = original.lineage().unwrap().to_owned();
    let add = || Edit::AddSection {
        place: crate::core::edit::Place::At {
            parent: None,
            index: 0,
        },
        heading: "新章节".into(),
    };
    let mut ids = Vec::new();
    for _ in 0..2 {
        // Each copy is opened from the same file and adds a section.
        let mut copy = Session::open(&path).unwrap();
        assert_eq!(copy.lineage(), Some(lineage.as_str()), "copies share it");
        copy.apply(add()).unwrap();
        ids.push(copy.document().sections[0].id);
        copy.document().validate().unwrap();
    }
    assert_ne!(ids[0], ids[1]);
    // A text edit alone leaves the ids to hand out where they were.
    let mut copy = Session::open(&path).unwrap();
    let before = copy.document().next_id;
    copy.apply(Edit::SetTitle {
        lines: vec!["新标题".into()],
    })
    .unwrap();
    assert_eq!(copy.document().next_id, before);
}

#[test]
fn dirty_until_saved_and_after_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.ron");
    let mut s = Session::new(doc());
    assert!(s.is_dirty());
    s.save_as(&path).unwrap();
    assert!(!s.is_dirty());
    s.apply(Edit::SetParagraph {
        container: Container::Preamble,
        index: 0,
        text: "改。".into(),
    })
    .unwrap();
    assert!(s.is_dirty());
    s.undo().unwrap().unwrap();
    assert!(!s.is_dirty(), "undo back to the saved state is clean");
    let reopened = Session::open(&path).unwrap();
    assert!(!reopened.is_dirty());
    assert_eq!(reopened.document(), s.document());
}

#[test]
fn cached_counts_follow_every_edit() {
    let mut s = Session::new(crate::core::test_support::sample());
    let six = s.document().sections[5].children[0].id;
    let edits = [
        Edit::SetParagraph {
            container: Container::Section(six),
            index: 0,
            text: "改写为很短的一句。".into(),
        },
        Edit::SetTitle {
            lines: vec!["新标题".into()],
        },
        Edit::DeleteSection { id: six },
    ];
    for edit in edits {
        s.apply(edit).unwrap();
        assert_eq!(s.counts(), Counts::of_document(s.document()));
    }
    s.undo().unwrap().unwrap();
    assert_eq!(s.counts(), Counts::of_document(s.document()));
    let first = &s.document().sections[0];
    assert_eq!(s.subtree_counts(first), Counts::of_section(first, true));
}

#[test]
fn drafts_restore_undoably_and_change_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.ron");
    let mut s = Session::new(doc());
    s.save_as(&path).unwrap();
    s.record_draft(Draft::record("初稿", "张三", "", s.document()));
    assert!(s.is_dirty(), "a new draft must be saved");
    s.save().unwrap();
    let first = s.document().clone();
    s.apply(Edit::SetTitle {
        lines: vec!["改后".into()],
    })
    .unwrap();
    let edited = s.document().clone();
    s.restore_draft("初稿").unwrap().unwrap();
    assert_eq!(s.document().title, first.title);
    s.undo().unwrap().unwrap();
    assert_eq!(*s.document(), edited);
    assert!(s.rename_draft("初稿", "征求意见稿"));
    assert!(!s.rename_draft("没有", "x"));
    assert!(s.delete_draft("征求意见稿"));
    assert!(s.drafts().is_empty());
    assert!(s.restore_draft("征求意见稿").is_none());
}

#[test]
fn a_recovered_untitled_document_must_be_saved() {
    let mut s = Session::sample(doc());
    assert!(!s.is_dirty() || s.is_pristine());
    let mut recovered = doc();
    recovered.title.push("恢复的标题".into());
    s.restore(PlanFile::new(recovered));
    assert!(s.is_dirty() && !s.is_pristine(), "closing must ask");
}

#[test]
fn recovery_copies_are_offered_kept_or_removed_as_they_hold_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.ron");
    let mut s = Session::new(doc());
    s.save_as(&path).unwrap();
    let recovery = s.recovery_path().unwrap();
    // The same text as the document: nothing to lose, so it goes.
    storage::save_recovery(&s.plan_file(), &recovery).unwrap();
    assert!(s.find_recovery(&recovery).is_none());
    assert!(!recovery.exists());
    // Other text, even if older than the file: offered.
    let mut other = s.plan_file();
    other.document.title = vec!["崩溃前的标题".into()];
    storage::save_recovery(&other, &recovery).unwrap();
    let filetime = std::fs::File::options()
        .write(true)
        .open(&recovery)
        .unwrap();
    filetime
        .set_modified(std::time::SystemTime::UNIX_EPOCH)
        .unwrap();
    assert!(matches!(
        s.find_recovery(&recovery),
        Some(RecoveryCopy::Differs(p)) if p.document.title == ["崩溃前的标题"]
    ));
    // Unreadable: kept.
    std::fs::write(&recovery, "not a plan").unwrap();
    assert!(matches!(
        s.find_recovery(&recovery),
        Some(RecoveryCopy::Unreadable(_))
    ));
    assert!(recovery.exists());
}

#[test]
fn recovery_copy_is_written_only_when_dirty_and_removed_on_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.ron");
    let mut s = Session::new(doc());
    s.save_as(&path).unwrap();
    let recovery = s.recovery_path().unwrap();
    s.write_recovery(&recovery).unwrap();
    assert!(!recovery.exists());
    s.apply(Edit::SetTitle {
        lines: vec!["新标题".into()],
    })
    .unwrap();
    s.write_recovery(&recovery).unwrap();
    assert!(recovery.exists());
    assert_eq!(storage::load(&recovery).unwrap().document, *s.document());
    s.save().unwrap();
    assert!(!recovery.exists());
}
