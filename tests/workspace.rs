//! The desktop app's flows through its model alone, with no egui and no display: find and
//! replace, review decisions and their totals, the unsaved-changes guard, drafts, recovery
//! and closing. Each runs in milliseconds; the kittest suite (`tests/ui.rs`) checks the
//! drawing of the same flows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod util;

use std::path::{Path, PathBuf};

use plandraft::app::command::{Command, Selection, Version, View};
use plandraft::app::editor::Field;
use plandraft::app::files::{DialogAnswer, DialogKind};
use plandraft::app::question::Question;
use plandraft::app::settings::Preferences;
use plandraft::app::{Effect, Workspace};
use plandraft::core::document::{Container, Document};
use plandraft::core::draft::Draft;
use plandraft::core::edit::Edit;
use plandraft::core::search::Query;
use plandraft::core::session::Session;
use plandraft::core::storage;

fn sample_document() -> Document {
    storage::load(Path::new(util::SAMPLE_RON)).unwrap().document
}

/// A workspace on the bundled sample, as a new document with no file.
fn sample() -> Workspace {
    Workspace::new(Session::new(sample_document()), Preferences::default())
}

/// A workspace on the sample saved as `name` in `dir`.
fn saved_sample(dir: &Path, name: &str) -> (Workspace, PathBuf) {
    let path = dir.join(name);
    storage::save(&storage::PlanFile::new(sample_document()), &path).unwrap();
    let ws = Workspace::new(Session::open(&path).unwrap(), Preferences::default());
    (ws, path)
}

/// Types `text` at the end of the first paragraph of top-level section `index`.
fn type_into(ws: &mut Workspace, index: usize, text: &str) {
    let section = &ws.session.document().sections[index];
    let edit = Edit::SetParagraph {
        container: Container::Section(section.id),
        index: 0,
        text: format!("{}{text}", section.paragraphs[0].text),
    };
    ws.run(Command::Edit { edit, group: None });
}

fn record(ws: &mut Workspace, name: &str) {
    ws.run(Command::RecordDraft {
        name: name.into(),
        author: "张三".into(),
        note: String::new(),
    });
}

fn text_of(ws: &Workspace) -> String {
    plandraft::core::export::to_text(ws.session.document())
}

fn asked_files(effects: &[Effect]) -> Vec<&DialogKind> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::AskFile(kind) => Some(kind),
            _ => None,
        })
        .collect()
}

#[test]
fn find_goes_to_each_match_and_replace_all_is_one_undo_step() {
    let mut ws = sample();
    let before = text_of(&ws);
    let effects = ws.run(Command::ShowFind);
    assert!(effects.contains(&Effect::FocusFind));
    ws.run(Command::SetFindQuery(Query {
        needle: "高质量发展".into(),
        ..Query::default()
    }));
    ws.refresh();
    let count = ws.find.matches().len();
    assert!(count > 3, "the sample speaks of 高质量发展 often: {count}");
    assert_eq!(ws.find_status(), format!("共 {count} 处"));

    let effects = ws.run(Command::FindNext);
    assert_eq!(ws.find.current, Some(0));
    assert_eq!(ws.find_status(), format!("第 1 处，共 {count} 处"));
    // The editor is asked to select the five characters of the match, where they are.
    let Some(Effect::SelectText { field, range }) = effects
        .iter()
        .find(|e| matches!(e, Effect::SelectText { .. }))
    else {
        panic!("no selection asked for: {effects:?}");
    };
    assert_eq!(range.len(), 5);
    let shown = plandraft::app::editor::field_text(ws.session.document(), *field);
    let selected: String = shown.chars().skip(range.start).take(range.len()).collect();
    assert_eq!(selected, "高质量发展");
    assert_eq!(ws.view, View::Edit);
    match (field, ws.selection) {
        (Field::Body(Container::Section(id)) | Field::Heading(id), Selection::Section(s)) => {
            assert_eq!(*id, s, "the match's section is selected")
        }
        (Field::Title | Field::Stage | Field::Body(Container::Preamble), Selection::Front) => {}
        other => panic!("match and selection disagree: {other:?}"),
    }
    // Backwards from the first match is the last.
    ws.run(Command::FindPrevious);
    assert_eq!(ws.find.current, Some(count - 1));

    ws.run(Command::SetReplacement("高水平发展".into()));
    let effects = ws.run(Command::ReplaceAll);
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Notify { text, is_error: false } if text.contains(&count.to_string())
    )));
    ws.refresh();
    assert_eq!(ws.find.matches().len(), 0);
    assert!(!text_of(&ws).contains("高质量发展"));
    ws.run(Command::Undo);
    assert_eq!(text_of(&ws), before, "one undo brings every match back");
}

#[test]
fn replace_one_moves_past_a_replacement_that_holds_the_search_text() {
    let mut ws = sample();
    ws.run(Command::ShowReplace);
    ws.run(Command::SetFindQuery(Query {
        needle: "发展".into(),
        ..Query::default()
    }));
    ws.run(Command::SetReplacement("高质量发展".into()));
    ws.refresh();
    let count = ws.find.matches().len();
    ws.run(Command::FindNext);
    ws.run(Command::ReplaceOne);
    ws.refresh();
    // As many matches (the replacement holds 发展), and the current one is the next old
    // one, not the 发展 just written.
    assert_eq!(ws.find.matches().len(), count);
    assert_eq!(ws.find.current, Some(1));
    ws.run(Command::ReplaceOne);
    assert_eq!(ws.find.current, Some(2));
    assert_eq!(text_of(&ws).matches("高质量高质量").count(), 0);
}

/// The sample recorded as a draft, then two sections changed: each by one appended phrase.
fn two_changes() -> (Workspace, [String; 2]) {
    let mut ws = sample();
    record(&mut ws, "征求意见稿");
    let added = [
        "（一处补充）".to_owned(),
        "（另一处补充，稍长一些）".to_owned(),
    ];
    type_into(&mut ws, 0, &added[0]);
    type_into(&mut ws, 2, &added[1]);
    (ws, added)
}

#[test]
fn accepting_one_of_two_changes_leaves_the_other_in_the_totals() {
    let (mut ws, added) = two_changes();
    ws.run(Command::SetView(View::Review));
    assert_eq!(
        ws.review.from,
        Version::Draft("征求意见稿".into()),
        "the review starts from the latest draft"
    );
    let lengths = added.clone().map(|a| a.chars().count());
    let diff = ws.review.diff().unwrap().clone();
    assert_eq!(diff.inserted, lengths[0] + lengths[1]);
    assert_eq!(ws.review.change_count(), 2);
    let first = ws.session.document().sections[0].id;

    let effects = ws.run(Command::NextChange);
    assert!(effects.contains(&Effect::ScrollToChange(0)));
    assert_eq!(ws.selection, Selection::Section(first));
    assert!(ws.review.can_decide());
    let effects = ws.run(Command::AcceptChange);

    let diff = ws.review.diff().unwrap().clone();
    assert_eq!(ws.review.change_count(), 1, "one change left");
    // The review moves on to the change left.
    let third = ws.session.document().sections[2].id;
    assert_eq!(ws.review.current, Some(0));
    assert_eq!(ws.selection, Selection::Section(third));
    assert!(effects.contains(&Effect::ScrollToChange(0)));
    assert_eq!(
        (diff.inserted, diff.deleted),
        (lengths[1], 0),
        "the totals count only the change still open"
    );
    assert_eq!(
        ws.review.kinds.get(&first),
        Some(&plandraft::core::diff::ChangeKind::Unchanged)
    );
    let report = ws.review_report_html().unwrap();
    assert!(report.contains(&added[1]) && !report.contains(&added[0]));
    assert!(ws.needs_saving(), "a decision is a change to the file");
    // The working copy still holds the accepted text.
    assert!(text_of(&ws).contains(&added[0]));
}

#[test]
fn an_accepted_change_edited_again_is_open_again() {
    let (mut ws, _) = two_changes();
    ws.run(Command::SetView(View::Review));
    ws.run(Command::NextChange);
    ws.run(Command::AcceptChange);
    assert_eq!(ws.review.change_count(), 1);
    // The same section edited once more, with the same number of characters: the
    // decision was about other text, so the change is open again.
    let section = &ws.session.document().sections[0];
    let text = section.paragraphs[0]
        .text
        .replace("（一处补充）", "（一处修改）");
    let edit = Edit::SetParagraph {
        container: Container::Section(section.id),
        index: 0,
        text,
    };
    ws.run(Command::Edit { edit, group: None });
    ws.refresh();
    assert_eq!(ws.review.change_count(), 2);
}

#[test]
fn decisions_are_saved_and_the_review_goes_on_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("审阅.ron");
    let (mut ws, added) = two_changes();
    ws.run(Command::SetView(View::Review));
    ws.run(Command::NextChange);
    ws.run(Command::AcceptChange);
    ws.run(Command::SaveTo(path.clone()));
    assert!(!ws.needs_saving());

    let mut next_day = Workspace::new(Session::open(&path).unwrap(), Preferences::default());
    next_day.run(Command::SetView(View::Review));
    assert_eq!(next_day.review.change_count(), 1);
    let diff = next_day.review.diff().unwrap();
    assert_eq!(diff.inserted, added[1].chars().count());
    assert_eq!(next_day.review_titles().len(), 1);
}

#[test]
fn rejecting_a_change_brings_the_old_text_back_and_undo_keeps_it() {
    let (mut ws, added) = two_changes();
    ws.run(Command::SetView(View::Review));
    ws.run(Command::NextChange);
    ws.run(Command::RejectChange);
    assert!(!text_of(&ws).contains(&added[0]));
    assert!(text_of(&ws).contains(&added[1]));
    assert_eq!(ws.review.change_count(), 1);
    ws.run(Command::Undo);
    assert!(text_of(&ws).contains(&added[0]));
}

#[test]
fn opening_with_unsaved_changes_asks_first_and_asks_again_after_more_typing() {
    let dir = tempfile::tempdir().unwrap();
    let (other, other_path) = saved_sample(dir.path(), "另一份.ron");
    drop(other);
    let mut ws = sample();
    type_into(&mut ws, 0, "（新增）");
    assert!(ws.needs_saving());

    let effects = ws.run(Command::Open);
    assert!(
        asked_files(&effects).is_empty(),
        "no dialog before the question"
    );
    let Some(Question::Unsaved { then }) = &ws.question else {
        panic!("{:?}", ws.question);
    };
    assert_eq!(**then, Command::Open);

    // Discard: the dialog opens.
    let discard = Command::Confirmed(Box::new(Command::Open));
    let effects = ws.run(Command::Answer(Some(Box::new(discard.clone()))));
    assert!(ws.question.is_none());
    assert_eq!(asked_files(&effects), [&DialogKind::Open]);
    // More typing while the dialog is open: the chosen file does not open unasked.
    type_into(&mut ws, 1, "（又一处）");
    let answer = DialogAnswer {
        others: Vec::new(),
        kind: DialogKind::Open,
        path: Some(other_path.clone()),
    };
    ws.file_chosen(answer.clone());
    assert!(matches!(ws.question, Some(Question::Unsaved { .. })));
    assert!(text_of(&ws).contains("（又一处）"));

    // Discard again, choose the file with nothing typed since: it opens.
    ws.run(Command::Answer(Some(Box::new(discard))));
    let effects = ws.file_chosen(answer);
    assert!(ws.question.is_none(), "{:?}", ws.question);
    assert_eq!(ws.session.path(), Some(other_path.as_path()));
    assert!(!ws.needs_saving());
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Notify {
            is_error: false,
            ..
        }
    )));
}

#[test]
fn save_from_the_question_asks_where_then_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = sample();
    type_into(&mut ws, 0, "（新增）");
    ws.run(Command::New);
    let Some(Question::Unsaved { then }) = ws.question.clone() else {
        panic!();
    };
    // Save: the document has no file, so Save As is asked first.
    let effects = ws.run(Command::Answer(Some(Box::new(Command::SaveThen(then)))));
    let [DialogKind::SaveAs { suggested }] = asked_files(&effects)[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(suggested.extension().unwrap(), "ron");
    assert!(!text_of(&ws).is_empty(), "nothing happens before the save");
    // Saved under a name typed without an extension: then the new document comes.
    let path = dir.path().join("规划");
    ws.file_chosen(DialogAnswer {
        others: Vec::new(),
        kind: DialogKind::SaveAs {
            suggested: suggested.clone(),
        },
        path: Some(path.clone()),
    });
    let saved = storage::load(&path.with_extension("ron")).unwrap();
    assert!(plandraft::core::export::to_text(&saved.document).contains("（新增）"));
    assert!(
        ws.session.document().sections.is_empty(),
        "the new document"
    );
    assert_eq!(ws.session.path(), None);
}

#[test]
fn cancelling_save_as_cancels_what_was_to_follow() {
    let mut ws = sample();
    type_into(&mut ws, 0, "（新增）");
    ws.run(Command::Answer(Some(Box::new(Command::SaveThen(
        Box::new(Command::New),
    )))));
    let suggested = PathBuf::from("x.ron");
    ws.file_chosen(DialogAnswer {
        others: Vec::new(),
        kind: DialogKind::SaveAs { suggested },
        path: None,
    });
    assert!(text_of(&ws).contains("（新增）"), "the document stays");
    assert!(ws.needs_saving());
}

#[test]
fn closing_asks_with_unsaved_changes_and_not_without() {
    let mut ws = sample();
    assert!(ws.close_requested(), "nothing typed: close at once");
    type_into(&mut ws, 0, "（新增）");
    assert!(!ws.close_requested());
    assert!(matches!(ws.question, Some(Question::Unsaved { .. })));
    // Cancel: still open, still unsaved.
    ws.run(Command::Answer(None));
    assert!(!ws.is_closing() && ws.needs_saving());
    // Discard: the window may close.
    ws.close_requested();
    let effects = ws.run(Command::Answer(Some(Box::new(Command::Confirmed(
        Box::new(Command::Quit),
    )))));
    assert!(effects.contains(&Effect::Close));
    assert!(ws.is_closing() && ws.close_requested());
}

#[test]
fn a_draft_is_recorded_restored_and_the_restore_undone() {
    let mut ws = sample();
    let original = text_of(&ws);
    let effects = ws.run(Command::ShowRecordDraft);
    assert!(effects.is_empty());
    let Some(Question::RecordDraft(form)) = &ws.question else {
        panic!();
    };
    assert!(form.name.is_empty());
    ws.run(Command::Answer(Some(Box::new(Command::RecordDraft {
        name: "一稿".into(),
        author: "李四".into(),
        note: "初稿".into(),
    }))));
    assert!(ws.question.is_none());
    assert_eq!(
        ws.prefs.author.as_deref(),
        Some("李四"),
        "the author is remembered"
    );
    type_into(&mut ws, 0, "（修改）");
    record(&mut ws, "二稿");
    assert_eq!(ws.session.drafts().len(), 2);

    ws.run(Command::RestoreDraft("一稿".into()));
    assert_eq!(text_of(&ws), original);
    ws.run(Command::Undo);
    assert!(text_of(&ws).contains("（修改）"));

    // Renaming onto a taken name is refused and said.
    let effects = ws.run(Command::RenameDraft {
        from: "一稿".into(),
        to: "二稿".into(),
    });
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Notify { is_error: true, .. }))
    );
    ws.run(Command::DeleteDraft("二稿".into()));
    assert_eq!(
        ws.session
            .drafts()
            .iter()
            .map(|d: &Draft| d.name.as_str())
            .collect::<Vec<_>>(),
        ["一稿"]
    );
}

#[test]
fn a_recovery_copy_is_offered_kept_until_answered_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, path) = saved_sample(dir.path(), "规划.ron");
    type_into(&mut ws, 0, "（未保存的修改）");
    ws.write_recovery();
    let recovery = ws.recovery_path().unwrap();
    assert!(recovery.exists());

    // The app ends without saving; next time the copy is offered.
    let mut next = Workspace::new(Session::open(&path).unwrap(), Preferences::default());
    next.check_recovery();
    assert!(matches!(next.question, Some(Question::Recovery { .. })));
    // Closing with the question on screen keeps the copy.
    assert!(next.close_requested());
    assert!(recovery.exists(), "the copy stays until the user chooses");
    let effects = next.run(Command::Answer(Some(Box::new(Command::Recover {
        document: Box::default(),
        path: recovery.clone(),
    }))));
    assert!(text_of(&next).contains("（未保存的修改）"));
    assert!(next.needs_saving(), "recovered text must still be saved");
    assert!(!effects.is_empty());

    // Saving removes the copy.
    next.run(Command::Save);
    assert!(!recovery.exists());
}

#[test]
fn a_discarded_recovery_copy_goes_only_when_the_user_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, path) = saved_sample(dir.path(), "规划.ron");
    type_into(&mut ws, 0, "（未保存的修改）");
    ws.write_recovery();
    let recovery = ws.recovery_path().unwrap();
    let mut next = Workspace::new(Session::open(&path).unwrap(), Preferences::default());
    next.check_recovery();
    let Some(question) = &next.question else {
        panic!();
    };
    assert!(!question.may_dismiss(), "Escape does not skip it");
    next.run(Command::Answer(Some(Box::new(Command::DiscardRecovery(
        recovery.clone(),
    )))));
    assert!(!recovery.exists());
    assert!(!text_of(&next).contains("（未保存的修改）"));
}

#[test]
fn outline_keys_walk_the_visible_rows_and_collapse() {
    let mut ws = sample();
    let first = ws.session.document().sections[0].id;
    ws.run(Command::SelectNext);
    assert_eq!(ws.selection, Selection::Section(first));
    ws.run(Command::SelectPrevious);
    assert_eq!(ws.selection, Selection::Front);
    ws.run(Command::CollapseAll);
    let rows = ws.visible_rows();
    assert_eq!(rows.len(), ws.session.document().sections.len());
    // Right on a collapsed node expands it; again goes to its first child.
    let parent = ws
        .session
        .document()
        .sections
        .iter()
        .find(|s| !s.children.is_empty())
        .unwrap()
        .clone();
    ws.run(Command::Select(Selection::Section(parent.id)));
    ws.run(Command::SelectChild);
    assert!(!ws.collapsed.contains(&parent.id));
    ws.run(Command::SelectChild);
    assert_eq!(ws.selection, Selection::Section(parent.children[0].id));
    ws.run(Command::SelectParent);
    assert_eq!(ws.selection, Selection::Section(parent.id));
    let labels: Vec<String> = ws.outline_rows().iter().map(|r| r.label.clone()).collect();
    assert!(labels.iter().any(|l| l.starts_with("（一）")), "{labels:?}");
}

#[test]
fn adding_a_section_focuses_its_heading_and_deleting_one_with_content_asks() {
    let mut ws = sample();
    let first = ws.session.document().sections[0].id;
    ws.run(Command::Select(Selection::Section(first)));
    let effects = ws.run(Command::Add(plandraft::app::command::AddWhere::After));
    assert!(effects.contains(&Effect::FocusHeading { select_all: true }));
    let Selection::Section(added) = ws.selection else {
        panic!();
    };
    assert_eq!(ws.session.document().sections[1].id, added);
    // An empty section goes at once; one with text asks first.
    ws.run(Command::Delete);
    assert!(ws.question.is_none());
    assert!(ws.session.document().section(added).is_none());
    ws.run(Command::Select(Selection::Section(first)));
    ws.run(Command::Delete);
    assert_eq!(ws.question.as_ref().map(Question::may_dismiss), Some(true));
    assert!(matches!(ws.question, Some(Question::ConfirmDelete(id)) if id == first));
    ws.run(Command::Answer(None));
    assert!(ws.session.document().section(first).is_some());
}

/// A colleague on another computer who has `path` open, as its lock file says.
fn colleague_opens(path: &Path) -> plandraft::core::shared::Holder {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let holder = plandraft::core::shared::Holder {
        user: "李四".into(),
        host: "另一台电脑".into(),
        pid: 4242,
        since_s: now - 600,
        refreshed_s: now,
    };
    plandraft::core::shared::claim(path, &holder).unwrap();
    holder
}

/// A colleague's plandraft records a draft in `path` (as `plandraft draft` does).
fn colleague_saves(path: &Path) {
    storage::update(path, |plan| {
        let draft = Draft::record("李四的稿", "李四", "", &plan.document);
        plandraft::core::draft::record_into(&mut plan.drafts, draft);
    })
    .unwrap();
}

#[test]
fn a_save_over_a_colleagues_save_asks_twice_and_keeps_theirs_as_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, path) = saved_sample(dir.path(), "规划.ron");
    type_into(&mut ws, 0, "（我的修改）");
    colleague_saves(&path);
    let theirs = std::fs::read(&path).unwrap();

    // Saving, then closing: the save stops at the question, and nothing closes.
    let effects = ws.run(Command::SaveThen(Box::new(Command::Quit)));
    assert!(matches!(ws.question, Some(Question::ChangedOnDisk { .. })));
    assert_eq!(std::fs::read(&path).unwrap(), theirs, "theirs is untouched");
    assert!(!effects.contains(&Effect::Close));

    // Overwrite… asks again, saying when they saved; then mine is saved, and the closing
    // that waited goes on.
    ws.run(Command::Answer(Some(Box::new(Command::AskOverwrite))));
    let Some(Question::ConfirmOverwrite { saved_at, .. }) = &ws.question else {
        panic!("{:?}", ws.question);
    };
    assert!(saved_at.is_some());
    let effects = ws.run(Command::Answer(Some(Box::new(Command::SaveOver))));
    assert!(effects.contains(&Effect::Close), "{effects:?}");
    assert!(text_of(&ws).contains("（我的修改）"));
    let saved = storage::load(&path).unwrap();
    assert!(plandraft::core::export::to_text(&saved.document).contains("（我的修改）"));
    let backup = path.with_file_name("规划.ron.bak");
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        theirs,
        "theirs is the backup"
    );
}

#[test]
fn cancelling_at_their_save_cancels_the_close_and_compare_shows_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, path) = saved_sample(dir.path(), "规划.ron");
    type_into(&mut ws, 0, "（我的修改）");
    colleague_saves(&path);
    ws.run(Command::SaveThen(Box::new(Command::Quit)));
    ws.run(Command::Answer(None));
    assert!(!ws.is_closing() && ws.needs_saving());
    // A second save asks again (the file is still theirs), and Compare shows their version
    // against the working copy.
    ws.run(Command::Save);
    assert!(matches!(ws.question, Some(Question::ChangedOnDisk { .. })));
    ws.run(Command::Answer(Some(Box::new(Command::CompareWithDisk))));
    assert_eq!(ws.view, View::Review);
    assert_eq!(ws.review.from, Version::File(path.clone()));
    assert_eq!(ws.review.to, Version::WorkingCopy);
    assert_eq!(ws.review.change_count(), 1, "my one edit");
}

#[test]
fn the_lock_file_names_this_app_while_the_file_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, path) = saved_sample(dir.path(), "规划.ron");
    let lock = plandraft::core::shared::lock_path(&path);
    let holder = plandraft::core::shared::holder_of(&path).unwrap();
    assert!(holder.is_me());
    // Another document: this one's lock file goes.
    ws.run(Command::New);
    assert!(!lock.exists());
    // Saved under a name: that file is locked now, and freed when the workspace ends.
    let other = dir.path().join("新规划.ron");
    ws.run(Command::SaveTo(other.clone()));
    assert!(plandraft::core::shared::lock_path(&other).exists());
    drop(ws);
    assert!(!plandraft::core::shared::lock_path(&other).exists());
}

#[test]
fn opening_a_file_a_colleague_edits_asks_and_read_only_saves_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (first, path) = saved_sample(dir.path(), "规划.ron");
    drop(first);
    let holder = colleague_opens(&path);
    let mut ws = sample();
    ws.run(Command::OpenPath(path.clone()));
    let Some(Question::Locked { holder: named, .. }) = &ws.question else {
        panic!("{:?}", ws.question);
    };
    assert_eq!(*named, holder);
    assert_eq!(
        ws.session.path(),
        None,
        "nothing is opened before the answer"
    );
    // Cancel: the document on screen stays.
    ws.run(Command::Answer(None));
    assert_eq!(ws.session.path(), None);

    ws.run(Command::OpenPath(path.clone()));
    ws.run(Command::Answer(Some(Box::new(Command::OpenLocked {
        is_read_only: true,
    }))));
    assert_eq!(ws.session.path(), Some(path.as_path()));
    assert!(ws.is_read_only);
    assert_eq!(ws.other_editor.as_ref(), Some(&holder));
    // Their lock stays theirs.
    assert_eq!(plandraft::core::shared::holder_of(&path), Some(holder));
    type_into(&mut ws, 0, "（我的修改）");
    let effects = ws.run(Command::Save);
    assert!(matches!(
        asked_files(&effects)[..],
        [DialogKind::SaveAs { .. }]
    ));
}

#[test]
fn someone_elses_save_is_told_once_at_the_minute() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, path) = saved_sample(dir.path(), "规划.ron");
    assert!(ws.write_recovery().is_empty());
    colleague_saves(&path);
    let told = |effects: &[Effect]| {
        effects
            .iter()
            .filter(|e| matches!(e, Effect::Notify { text, .. } if text.contains("修改并保存")))
            .count()
    };
    assert_eq!(told(&ws.write_recovery()), 1);
    assert_eq!(told(&ws.write_recovery()), 0, "once");
}

/// A colleague edits the text of `path` (top-level section `index`, paragraph 0) and saves.
fn colleague_edits(path: &Path, index: usize, from: &str, to: &str) {
    storage::update(path, |plan| {
        let p = &mut plan.document.sections[index].paragraphs[0];
        assert!(p.text.contains(from), "{from}");
        p.text = p.text.replacen(from, to, 1);
    })
    .unwrap();
}

#[test]
fn their_save_is_merged_into_mine_and_the_next_save_keeps_both() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, path) = saved_sample(dir.path(), "规划.ron");
    type_into(&mut ws, 0, "（我的修改）");
    let second = ws.session.document().sections[1].paragraphs[0].text.clone();
    let word: String = second.chars().take(4).collect();
    colleague_edits(&path, 1, &word, "（对方改的）");
    ws.run(Command::Save);
    assert!(matches!(ws.question, Some(Question::ChangedOnDisk { .. })));
    ws.run(Command::Answer(Some(Box::new(Command::MergeDisk))));
    // Both edits are in the working copy; the review shows what the merge brought.
    let text = text_of(&ws);
    assert!(text.contains("（我的修改）") && text.contains("（对方改的）"));
    assert_eq!(ws.view, View::Review);
    assert_eq!(ws.review.from, Version::BeforeMerge);
    assert_eq!(ws.review.change_count(), 1, "their one edit");
    // Saving now replaces their file unasked: their work is in mine.
    ws.run(Command::Save);
    assert!(ws.question.is_none(), "{:?}", ws.question);
    let saved = plandraft::core::export::to_text(&storage::load(&path).unwrap().document);
    assert!(saved.contains("（我的修改）") && saved.contains("（对方改的）"));
    // The merge is one undo step.
    ws.run(Command::Undo);
    assert!(!text_of(&ws).contains("（对方改的）"));
    assert!(text_of(&ws).contains("（我的修改）"));
}

#[test]
fn a_merged_copys_conflict_is_walked_and_settled_each_way_undoably() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, path) = saved_sample(dir.path(), "规划.ron");
    record(&mut ws, "征求意见稿");
    ws.run(Command::Save);
    // A unit's copy, edited where I edit too.
    let copy = dir.path().join("规划-单位.ron");
    std::fs::copy(&path, &copy).unwrap();
    let first = ws.session.document().sections[0].paragraphs[0].text.clone();
    let word: String = first.chars().take(4).collect();
    colleague_edits(&copy, 0, &word, "对方的词");
    let mine = ws.session.document().sections[0].paragraphs[0]
        .text
        .replacen(&word, "我的词", 1);
    let id = ws.session.document().sections[0].id;
    ws.run(Command::Edit {
        edit: Edit::SetParagraph {
            container: Container::Section(id),
            index: 0,
            text: mine,
        },
        group: None,
    });

    let effects = ws.run(Command::MergeCopy);
    assert_eq!(asked_files(&effects), [&DialogKind::MergeCopy]);
    ws.file_chosen(DialogAnswer {
        others: Vec::new(),
        kind: DialogKind::MergeCopy,
        path: Some(copy.clone()),
    });
    assert_eq!(ws.session.document().conflicts.len(), 1);
    // The conflict is shown, its section selected; F8 stays on it.
    assert_eq!(ws.review.conflict, Some(0));
    assert_eq!(ws.selection, Selection::Section(id));
    ws.run(Command::NextChange);
    assert_eq!(ws.review.conflict, Some(0));
    let (_, c) = ws.shown_conflict().unwrap();
    assert!(
        ws.conflict_place(c).contains("第 1 段"),
        "{}",
        ws.conflict_place(c)
    );
    // Export refuses while it is there.
    let form = plandraft::core::export::Options {
        format: plandraft::core::export::Format::Text,
        sections: plandraft::core::export::Sections::All,
        is_indented: false,
        encoding: plandraft::core::export::Encoding::Utf8,
        is_crlf: false,
        properties: Default::default(),
    };
    let out = dir.path().join("导出.txt");
    ws.file_chosen(DialogAnswer {
        others: Vec::new(),
        kind: DialogKind::Export {
            what: plandraft::app::files::ExportKind::Document {
                draft: None,
                options: form,
            },
            suggested: out.clone(),
        },
        path: Some(out.clone()),
    });
    assert!(!out.exists());

    // Theirs, then undo: mine again with the conflict; both; as edited.
    use plandraft::core::merge::Resolution;
    ws.run(Command::Resolve {
        index: 0,
        how: Resolution::Theirs,
    });
    assert!(ws.session.document().conflicts.is_empty());
    assert!(text_of(&ws).contains("对方的词") && !text_of(&ws).contains("我的词"));
    ws.run(Command::Undo);
    assert_eq!(ws.session.document().conflicts.len(), 1);
    assert!(text_of(&ws).contains("我的词") && !text_of(&ws).contains("对方的词"));
    ws.run(Command::Resolve {
        index: 0,
        how: Resolution::Both,
    });
    assert!(text_of(&ws).contains("我的词") && text_of(&ws).contains("对方的词"));
    ws.run(Command::Undo);
    ws.run(Command::Resolve {
        index: 0,
        how: Resolution::AsEdited,
    });
    assert!(ws.session.document().conflicts.is_empty());
    assert_eq!(ws.view, View::Edit);
    assert_eq!(ws.selection, Selection::Section(id));
    // With no conflict left, F8 walks changes again.
    ws.run(Command::NextChange);
    assert_eq!(ws.review.conflict, None);
}

#[test]
fn a_file_of_another_document_is_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    // Two documents imported apart: each has a lineage of its own.
    let [mine, other] = ["规划.ron", "另一个.ron"].map(|name| {
        let path = dir.path().join(name);
        let plan = storage::PlanFile {
            lineage: Some(plandraft::core::identity::new_lineage()),
            ..storage::PlanFile::new(sample_document())
        };
        storage::save(&plan, &path).unwrap();
        path
    });
    let mut ws = Workspace::new(Session::open(&mine).unwrap(), Preferences::default());
    let before = ws.session.document().clone();
    let effects = ws.run(Command::MergeCopy);
    assert!(!effects.is_empty());
    let effects = ws.file_chosen(DialogAnswer {
        others: Vec::new(),
        kind: DialogKind::MergeCopy,
        path: Some(other),
    });
    assert_eq!(ws.session.document(), &before);
    let told = effects
        .iter()
        .any(|e| matches!(e, Effect::Notify { text, is_error: true } if text.contains("无法合并")));
    assert!(told, "{effects:?}");
}

#[test]
fn copies_with_nothing_in_common_are_compared_instead() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, path) = saved_sample(dir.path(), "规划.ron");
    let copy = dir.path().join("规划-单位.ron");
    std::fs::copy(&path, &copy).unwrap();
    type_into(&mut ws, 0, "（我的修改）");
    // Their copy moved on too, and no draft was recorded: nothing is shared.
    storage::update(&copy, |plan| {
        plan.document.sections[1].heading.push_str("（单位）");
    })
    .unwrap();
    let before = ws.session.document().clone();
    ws.file_chosen(DialogAnswer {
        others: Vec::new(),
        kind: DialogKind::MergeCopy,
        path: Some(copy.clone()),
    });
    assert_eq!(ws.session.document(), &before, "nothing merged");
    assert_eq!(ws.view, View::Review);
    assert_eq!(ws.review.from, Version::File(copy));
    assert_eq!(ws.review.to, Version::WorkingCopy);
}

#[test]
fn printing_hands_the_previews_pages_as_pdf_to_the_system() {
    let mut ws = sample();
    let effects = ws.run(Command::Print);
    let path = effects
        .iter()
        .find_map(|e| match e {
            Effect::Print(path) => Some(path.clone()),
            _ => None,
        })
        .expect("a file to print");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert_eq!(path.extension().and_then(|e| e.to_str()), Some("pdf"));
    // A document with conflicts is not printed as if it were settled.
    let mut doc = ws.session.document().clone();
    doc.conflicts.push(plandraft::core::merge::Conflict {
        place: plandraft::core::merge::ConflictPlace::Stage,
        base: vec!["征求意见稿".into()],
        ours: vec!["送审稿".into()],
        theirs: vec!["讨论稿".into()],
    });
    let mut conflicted = Workspace::new(Session::new(doc), Preferences::default());
    let effects = conflicted.run(Command::Print);
    assert!(!effects.iter().any(|e| matches!(e, Effect::Print(_))));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Notify { is_error: true, .. }))
    );
}

#[test]
fn an_import_report_lists_each_finding_and_a_written_number_can_be_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("通知.txt");
    // 三、 written twice (a typo), and an 附件 whose numbering starts again at 一、.
    std::fs::write(
        &path,
        "某区关于做好年度工作的通知\n\n一、总体要求\n坚持稳中求进。\n二、主要任务\n抓好落实。\n二、保障措施\n加强领导。\n附件\n一、任务分工\n各部门分工负责。\n",
    )
    .unwrap();
    let mut ws = sample();
    ws.run(Command::OpenPath(path.clone()));
    let findings = ws.import_findings.clone().expect("a report");
    assert!(findings.is_open, "findings open the report");
    assert_eq!(findings.file, "通知.txt");
    let lines: Vec<usize> = findings.findings.iter().map(|f| f.warning.line()).collect();
    assert_eq!(lines, [7, 10]);
    let doc = ws.session.document().clone();
    let third = doc.sections[2].id;
    let annex = doc.sections[3].id;
    assert_eq!(findings.findings[0].section, Some(third));
    assert_eq!(findings.findings[0].written, Some(2));
    // The restart is kept by itself, as written; the typo was renumbered 三、.
    assert_eq!(findings.findings[1].section, Some(annex));
    assert_eq!(findings.findings[1].written, None);
    let labels = |ws: &Workspace| -> Vec<String> {
        let doc = ws.session.document();
        doc.sections
            .iter()
            .map(|s| ws.session.numbers().label(s.id))
            .collect()
    };
    assert_eq!(labels(&ws), ["一、", "二、", "三、", "一、"]);

    // Go to: the finding's section is selected in the editor.
    ws.run(Command::Select(Selection::Section(third)));
    assert_eq!(ws.selection, Selection::Section(third));
    // Keep the written number: 二、 twice, as the source has it, and one undo step.
    ws.run(Command::KeepWrittenNumber(0));
    assert_eq!(labels(&ws), ["一、", "二、", "二、", "一、"]);
    assert!(ws.import_findings.as_ref().unwrap().findings[0].is_kept(ws.session.document()));
    ws.run(Command::Undo);
    assert_eq!(labels(&ws), ["一、", "二、", "三、", "一、"]);
    assert!(!ws.import_findings.as_ref().unwrap().findings[0].is_kept(ws.session.document()));
    ws.run(Command::ShowImportReport(false));
    assert!(!ws.import_findings.as_ref().unwrap().is_open);

    // Another file's report replaces it; a plandraft file has none.
    let ron = dir.path().join("规划.ron");
    storage::save(&storage::PlanFile::new(sample_document()), &ron).unwrap();
    ws.run(Command::OpenPath(ron.clone()));
    // The imported text was never saved: discard it.
    let Some(Question::Unsaved { then }) = ws.question.clone() else {
        panic!("{:?}", ws.question);
    };
    ws.run(Command::Answer(Some(Box::new(Command::Confirmed(then)))));
    assert_eq!(ws.session.path(), Some(ron.as_path()));
    assert!(ws.import_findings.is_none());
}
