//! UI tests of the real app on the bundled sample, with no display: select sections by their
//! labels, type (also through IME events), restructure, undo, find and replace, and the
//! unsaved-changes guard.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui::{Event, ImeEvent, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use plandraft::app::question::Question;
use plandraft::core::document::{Document, SectionId};
use plandraft::core::numbering::Numbers;
use plandraft::core::session::Session;
use plandraft::core::storage;
use plandraft::ui::PlandraftApp;
use plandraft::ui::command::{Command, Selection, View};
use plandraft::ui::files::ScriptedDialogs;
use plandraft::ui::i18n::Lang;
use plandraft::ui::settings::Preferences;

fn app_on(session: Session) -> (PlandraftApp, ScriptedDialogs) {
    let dialogs = ScriptedDialogs::default();
    let mut app = PlandraftApp::new(session, Preferences::default(), Box::new(dialogs.clone()));
    app.ws.set_untitled("示例".into());
    (app, dialogs)
}

/// The next file dialog answers `path`.
fn answer_next(dialogs: &ScriptedDialogs, path: std::path::PathBuf) {
    dialogs.script.lock().unwrap().answers.push_back(Some(path));
}

/// Records the working copy as a draft named `name`.
fn record_draft(app: &mut PlandraftApp, name: &str) {
    let draft = plandraft::core::draft::Draft::record(name, "张三", "", app.ws.session.document());
    app.ws.session.record_draft(draft);
}

/// Renames the heading of the `index`th top-level section.
fn rename_top(app: &mut PlandraftApp, index: usize, heading: &str) {
    let id = app.ws.session.document().sections[index].id;
    app.ws
        .session
        .apply(plandraft::core::edit::Edit::RenameHeading {
            id,
            heading: heading.into(),
        })
        .unwrap();
}

fn harness(app: PlandraftApp) -> Harness<'static, PlandraftApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        // The real fonts: a glyph missing from them fails the test.
        .with_context_setup(plandraft::ui::install_fonts)
        // A command can lead to another (save, then open the new document): a few frames.
        .with_max_steps(24)
        .build_ui_state(|ui, app: &mut PlandraftApp| app.show(ui), app);
    h.run();
    h
}

fn sample() -> Harness<'static, PlandraftApp> {
    harness(app_on(plandraft::ui::sample_session()).0)
}

fn doc(h: &Harness<'_, PlandraftApp>) -> Document {
    h.state().ws.session.document().clone()
}

/// Every section as number + heading, in order.
fn outline(h: &Harness<'_, PlandraftApp>) -> Vec<String> {
    let d = doc(h);
    let numbers = Numbers::of(&d);
    d.flatten()
        .iter()
        .map(|(s, _)| format!("{}{}", numbers.label(s.id), s.heading))
        .collect()
}

fn id_of(h: &Harness<'_, PlandraftApp>, heading: &str) -> SectionId {
    doc(h)
        .flatten()
        .iter()
        .find(|(s, _)| s.heading == heading)
        .map(|(s, _)| s.id)
        .unwrap()
}

fn body_text(h: &Harness<'_, PlandraftApp>, id: SectionId) -> String {
    doc(h)
        .section(id)
        .unwrap()
        .paragraphs
        .iter()
        .map(|p| p.text.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn press(h: &mut Harness<'_, PlandraftApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

const BODY: &str = "正文（每段一行，回车分段）";
const ALT_SHIFT: Modifiers = Modifiers::ALT.plus(Modifiers::SHIFT);

#[test]
fn selecting_a_section_by_label_opens_it_and_typing_is_undoable() {
    let mut h = sample();
    let original = doc(&h);
    h.get_by_label("一、发展形势").click();
    h.run();
    let id = id_of(&h, "发展形势");
    assert_eq!(h.state().ws.selection, Selection::Section(id));
    h.get_by_label(BODY).click();
    h.run();
    h.get_by_label(BODY).type_text("新增一句。");
    h.run();
    assert!(
        body_text(&h, id).contains("新增一句。"),
        "{}",
        body_text(&h, id)
    );
    assert!(h.state().ws.needs_saving());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(doc(&h), original, "one undo removes the whole typing burst");
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert!(body_text(&h, id).contains("新增一句。"));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(
        body_text(&h, id).contains("新增一句。"),
        "nothing more to redo"
    );
}

#[test]
fn ime_commits_chinese_into_the_editor() {
    let mut h = sample();
    h.get_by_label("二、指导思想").click();
    h.run();
    let id = id_of(&h, "指导思想");
    let before = body_text(&h, id).chars().count();
    h.get_by_label(BODY).click();
    h.run();
    h.event(Event::Ime(ImeEvent::Preedit {
        text: "gaozhiliang".into(),
        active_range_chars: None,
    }));
    h.run();
    h.event(Event::Ime(ImeEvent::Commit("高质量发展".into())));
    h.run();
    let after = body_text(&h, id);
    assert!(after.contains("高质量发展"));
    assert_eq!(after.chars().count(), before + 5);
    assert!(
        !after.contains("gaozhiliang"),
        "preedit text is not committed"
    );
}

#[test]
fn the_find_bar_takes_chinese_from_an_ime_and_keys_typed_in_one_frame() {
    let mut h = sample();
    press(&mut h, Modifiers::COMMAND, Key::F);
    h.event(Event::Ime(ImeEvent::Preedit {
        text: "gaozhiliang".into(),
        active_range_chars: None,
    }));
    h.run();
    h.event(Event::Ime(ImeEvent::Commit("高质量".into())));
    // Two more characters arrive before the next frame is drawn.
    h.event(Event::Text("发".into()));
    h.event(Event::Text("展".into()));
    h.run();
    assert_eq!(h.state().ws.find.query.needle, "高质量发展");
    h.get_by_label_contains("共 10 处");
}

#[test]
fn add_demote_promote_move_and_delete_renumber_at_once() {
    let mut h = sample();
    h.get_by_label("七、保障措施").click();
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    assert_eq!(outline(&h).last().unwrap(), "八、新章节");
    let new = id_of(&h, "新章节");
    assert_eq!(h.state().ws.selection, Selection::Section(new));
    // The heading has the cursor: typing renames the new section.
    h.get_by_label("标题").type_text("组织实施");
    h.run();
    assert_eq!(outline(&h).last().unwrap(), "八、组织实施");
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, ALT_SHIFT, Key::ArrowRight);
    assert_eq!(outline(&h).last().unwrap(), "（一）组织实施");
    press(&mut h, ALT_SHIFT, Key::ArrowLeft);
    assert_eq!(outline(&h).last().unwrap(), "八、组织实施");
    press(&mut h, ALT_SHIFT, Key::ArrowUp);
    let labels = outline(&h);
    assert_eq!(labels[labels.len() - 2], "七、组织实施");
    assert_eq!(labels[labels.len() - 1], "八、保障措施");
    // An empty section goes without asking.
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(h.state().ws.question.is_none());
    assert_eq!(outline(&h).last().unwrap(), "七、保障措施");
    assert_eq!(outline(&h).len(), 17);
}

#[test]
fn deleting_a_section_with_content_asks_and_undo_brings_it_back() {
    let mut h = sample();
    let original = doc(&h);
    h.get_by_label("一、发展形势").click();
    h.run();
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(matches!(
        h.state().ws.question,
        Some(Question::ConfirmDelete(_))
    ));
    h.get_by_label("取消").click();
    h.run();
    assert_eq!(doc(&h), original);
    press(&mut h, Modifiers::NONE, Key::Delete);
    h.get_by_label("删除").click();
    h.run();
    assert_eq!(outline(&h)[0], "一、指导思想");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(doc(&h), original);
}

#[test]
fn outline_keyboard_navigation() {
    let mut h = sample();
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(
        h.state().ws.selection,
        Selection::Section(id_of(&h, "发展形势"))
    );
    for _ in 0..5 {
        press(&mut h, Modifiers::NONE, Key::ArrowDown);
    }
    let six = id_of(&h, "十大重点任务");
    assert_eq!(h.state().ws.selection, Selection::Section(six));
    press(&mut h, Modifiers::NONE, Key::ArrowLeft);
    assert!(h.state().ws.collapsed.contains(&six));
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(
        h.state().ws.selection,
        Selection::Section(id_of(&h, "保障措施"))
    );
    press(&mut h, Modifiers::NONE, Key::ArrowUp);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert!(!h.state().ws.collapsed.contains(&six));
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    let first_task = doc(&h).section(six).unwrap().children[0].id;
    assert_eq!(h.state().ws.selection, Selection::Section(first_task));
    // After a click on a row, the arrows still move the selection.
    h.get_by_label("二、指导思想").click();
    h.run();
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(
        h.state().ws.selection,
        Selection::Section(id_of(&h, "规划原则"))
    );
}

#[test]
fn dragging_a_section_onto_another_makes_it_a_child() {
    let mut h = sample();
    let from = h.get_by_label("七、保障措施").rect().center();
    let target = h.get_by_label("一、发展形势").rect();
    h.drag_at(from);
    h.run();
    for step in 1..=6 {
        let t = step as f32 / 6.0;
        h.hover_at(Pos2::new(
            from.x + (target.center().x - from.x) * t,
            from.y + (target.center().y - from.y) * t,
        ));
        h.run();
    }
    h.drop_at(target.center());
    h.run();
    let labels = outline(&h);
    assert_eq!(labels[0], "一、发展形势");
    assert_eq!(labels[1], "（一）保障措施");
    assert_eq!(
        labels.last().unwrap(),
        "（十）提升综合治理效能，更好统筹发展与安全"
    );
    assert_eq!(labels.len(), 17);
}

#[test]
fn find_and_replace_across_the_document_in_one_undoable_step() {
    let mut h = sample();
    let original = doc(&h);
    let count = |d: &Document| {
        plandraft::core::export::to_text(d)
            .matches("绿园区")
            .count()
    };
    let before = count(&original);
    assert!(before > 5);
    press(&mut h, Modifiers::COMMAND, Key::H);
    h.get_by_label("查找").type_text("绿园区");
    h.run();
    h.get_by_label("替换为").click();
    h.run();
    h.get_by_label("替换为").type_text("本区");
    h.run();
    assert!(h.query_by_label(&format!("共 {before} 处")).is_some());
    press(&mut h, Modifiers::NONE, Key::F3);
    assert!(
        h.query_by_label(&format!("第 1 处，共 {before} 处"))
            .is_some()
    );
    h.get_by_label("全部替换").click();
    h.run();
    assert_eq!(count(&doc(&h)), 0);
    assert_eq!(
        plandraft::core::export::to_text(&doc(&h))
            .matches("本区")
            .count(),
        before
            + plandraft::core::export::to_text(&original)
                .matches("本区")
                .count()
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(doc(&h), original);
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut h = sample();
    h.get_by_label("一、发展形势").click();
    h.run();
    h.get_by_label(BODY).click();
    h.run();
    h.get_by_label(BODY).type_text("改动");
    h.run();
    // The window's close button.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(matches!(
        h.state().ws.question,
        Some(Question::Unsaved { .. })
    ));
    assert!(!h.state().ws.is_closing());
    h.get_by_label("取消").click();
    h.run();
    assert!(h.state().ws.question.is_none());
    assert!(!h.state().ws.is_closing());
    assert!(h.state().ws.needs_saving(), "cancel keeps the text");
    h.state_mut().push(Command::Quit);
    h.run();
    h.get_by_label("不保存").click();
    h.run();
    assert!(h.state().ws.is_closing());
}

#[test]
fn save_from_the_guard_asks_where_then_closes() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("绿园区纲要.ron");
    let (app, dialogs) = app_on(plandraft::ui::sample_session());
    answer_next(&dialogs, target.clone());
    let mut h = harness(app);
    h.get_by_label("三、规划原则").click();
    h.run();
    h.get_by_label("标题").click();
    h.run();
    h.get_by_label("标题").type_text("（修改）");
    h.run();
    h.state_mut().push(Command::Quit);
    h.run();
    h.get_by_label("保存").click();
    h.run();
    h.run();
    assert!(h.state().ws.is_closing(), "closes once saved");
    let saved = storage::load(&target).unwrap().document;
    assert_eq!(saved, doc(&h));
    assert!(saved.sections[2].heading.contains("（修改）"));
    assert_eq!(dialogs.script.lock().unwrap().asked.len(), 1);
    assert!(!h.state().ws.needs_saving());
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_kept_and_save_as_offered_then_closing_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("只读.ron");
    let original = plandraft::ui::sample_session().document().clone();
    storage::save(&storage::PlanFile::new(original), &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let copy = dir.path().join("副本.ron");
    let (app, dialogs) = app_on(Session::open(&path).unwrap());
    answer_next(&dialogs, copy.clone());
    let mut h = harness(app);
    rename_top(h.state_mut(), 0, "发展形势（改）");
    h.run();
    h.state_mut().push(Command::Quit);
    h.run();
    h.get_by_label("保存").click();
    h.run();
    assert!(matches!(h.state().ws.question, Some(Question::ReadOnly(_))));
    assert!(!h.state().ws.is_closing(), "nothing saved yet: still open");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the read-only file is untouched"
    );
    h.get_by_label("另存为…").click();
    h.run();
    h.run();
    let saved = storage::load(&copy).unwrap().document;
    assert_eq!(saved.sections[0].heading, "发展形势（改）");
    assert!(
        h.state().ws.is_closing(),
        "closing goes on once saved elsewhere"
    );
}

#[test]
fn a_recovery_copy_is_offered_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let original = plandraft::ui::sample_session().document().clone();
    storage::save(&storage::PlanFile::new(original.clone()), &path).unwrap();
    let mut changed = original.clone();
    changed.preamble[0].text.push_str("崩溃前输入的文字。");
    storage::save_recovery(
        &storage::PlanFile::new(changed.clone()),
        &storage::recovery_path(&path),
    )
    .unwrap();
    let (mut app, _) = app_on(Session::open(&path).unwrap());
    let effects = app.ws.check_recovery();
    app.queue_effects(effects);
    let mut h = harness(app);
    assert!(matches!(
        h.state().ws.question,
        Some(Question::Recovery { .. })
    ));
    h.get_by_label("恢复").click();
    h.run();
    assert_eq!(doc(&h), changed);
    assert!(
        h.state().ws.needs_saving(),
        "recovered text must still be saved"
    );
}

#[test]
fn an_unreadable_recovery_copy_is_kept_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let original = plandraft::ui::sample_session().document().clone();
    storage::save(&storage::PlanFile::new(original), &path).unwrap();
    // A copy written by a newer plandraft, say: it must not be thrown away.
    let recovery = storage::recovery_path(&path);
    std::fs::write(&recovery, "(format: \"plandraft\", version: 9)").unwrap();
    let (mut app, _) = app_on(Session::open(&path).unwrap());
    let effects = app.ws.check_recovery();
    app.queue_effects(effects);
    assert!(app.ws.question.is_none());
    // The notice shows in the first frame.
    let h = harness(app);
    let toast = &h.state().toasts.last().unwrap().text;
    assert!(toast.contains("恢复副本无法读取"), "{toast}");
    assert!(toast.contains(&recovery.display().to_string()), "{toast}");
    assert!(recovery.exists(), "the copy stays on disk");
}

#[test]
fn opening_a_text_file_imports_it_and_reading_view_switches() {
    let mut h = sample();
    let txt =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/national-plan.txt");
    h.state_mut().push(Command::OpenPath(txt));
    h.run();
    assert_eq!(outline(&h)[0], "第一篇开启全面建设社会主义现代化国家新征程");
    assert!(
        h.query_by_label("第一篇\u{3000}开启全面建设社会主义现代化国家新征程")
            .is_some()
    );
    press(&mut h, Modifiers::COMMAND, Key::R);
    assert_eq!(h.state().ws.view, View::Reading);
    press(&mut h, Modifiers::COMMAND, Key::E);
    assert_eq!(h.state().ws.view, View::Edit);
    assert_eq!(h.state().ws.session.document().preamble.len(), 1);
}

#[test]
fn the_interface_speaks_english_on_request() {
    let (mut app, _) = app_on(plandraft::ui::sample_session());
    app.ws.prefs.lang = Lang::En;
    let mut h = harness(app);
    assert!(h.query_by_label("File").is_some());
    assert!(h.query_by_label("文件").is_none());
    h.state_mut().ws.prefs.lang = Lang::Zh;
    h.run();
    assert!(h.query_by_label("文件").is_some());
}

/// A file dropped on the window, as the windowing layer reports it.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_file_on_the_window_opens_it_and_bad_files_show_an_error() {
    let mut h = sample();
    let before = outline(&h);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("坏文件.ron");
    std::fs::write(&bad, "(format: \"plandraft\", version: 1, document: (").unwrap();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(bad)));
    h.run();
    let toast = &h.state().toasts.last().unwrap().text;
    assert!(
        toast.contains("坏文件.ron") && toast.contains("第 1 行"),
        "{toast}"
    );
    assert_eq!(outline(&h), before, "the open document stays");
    // A file from a newer plandraft: the message says, in Chinese, which field and where.
    let newer = dir.path().join("新版.ron");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/lvyuan-15th-fyp-outline.ron"
    ))
    .unwrap()
    .replacen(
        "run_in: false,",
        "run_in: false,\n            comments: [],",
        1,
    );
    std::fs::write(&newer, text).unwrap();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(newer)));
    h.run();
    let toast = &h.state().toasts.last().unwrap().text;
    assert!(
        toast.contains("章节中有本版本不认识的字段“comments”") && toast.contains("新版.ron"),
        "{toast}"
    );
    assert_eq!(outline(&h), before, "the open document stays");
    let txt = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/proposal.txt");
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(txt)));
    h.run();
    assert!(outline(&h)[0].starts_with("一、全面建成小康社会取得决定性成就"));
    assert!(
        h.state().ws.needs_saving(),
        "an imported text is not saved anywhere yet"
    );
}

#[test]
fn after_saving_from_the_question_the_next_document_is_still_guarded() {
    let dir = tempfile::tempdir().unwrap();
    let (app, dialogs) = app_on(plandraft::ui::sample_session());
    answer_next(&dialogs, dir.path().join("a.ron"));
    let mut h = harness(app);
    h.get_by_label("一、发展形势").click();
    h.run();
    h.get_by_label("标题").click();
    h.run();
    h.get_by_label("标题").type_text("甲");
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::N);
    h.get_by_label("保存").click();
    h.run();
    h.run();
    assert!(
        h.state().ws.session.document().sections.is_empty(),
        "the new document opened"
    );
    // Type in the new document, then ask for another new one: the question comes again.
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    h.get_by_label("标题").type_text("乙");
    h.run();
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::COMMAND, Key::N);
    assert!(matches!(
        h.state().ws.question,
        Some(Question::Unsaved { .. })
    ));
    assert_eq!(doc(&h).sections.len(), 1, "nothing was discarded");
}

#[test]
fn shortcuts_do_nothing_behind_a_question() {
    let mut h = sample();
    h.get_by_label("一、发展形势").click();
    h.run();
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(matches!(
        h.state().ws.question,
        Some(Question::ConfirmDelete(_))
    ));
    let before = doc(&h);
    press(&mut h, Modifiers::COMMAND, Key::N);
    press(&mut h, ALT_SHIFT, Key::ArrowDown);
    assert_eq!(doc(&h), before);
    assert!(matches!(
        h.state().ws.question,
        Some(Question::ConfirmDelete(_))
    ));
}

#[test]
fn replace_one_moves_on_even_when_the_replacement_holds_the_search_text() {
    let mut h = sample();
    press(&mut h, Modifiers::COMMAND, Key::H);
    h.get_by_label("查找").type_text("发展");
    h.run();
    h.get_by_label("替换为").click();
    h.run();
    h.get_by_label("替换为").type_text("高质量发展");
    h.run();
    press(&mut h, Modifiers::NONE, Key::F3);
    for _ in 0..3 {
        h.get_by_label("替换").click();
        h.run();
    }
    let text = plandraft::core::export::to_text(&doc(&h));
    assert!(
        !text.contains("高质量高质量"),
        "the same place was replaced twice"
    );
    assert_eq!(
        text.matches("高质量发展").count(),
        3 + plandraft::core::export::to_text(plandraft::ui::sample_session().document())
            .matches("高质量发展")
            .count()
    );
}

#[test]
fn record_a_draft_edit_and_review_the_changes() {
    let mut h = sample();
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    assert!(matches!(
        h.state().ws.question,
        Some(Question::RecordDraft(_))
    ));
    h.get_by_label("稿次名称（如 征求意见稿、送审稿、第3稿）")
        .type_text("征求意见稿");
    h.run();
    h.get_by_label("记录").click();
    h.run();
    assert_eq!(h.state().ws.session.drafts().len(), 1);
    assert!(
        h.state().ws.needs_saving(),
        "a new draft is an unsaved change"
    );

    // Reword a heading and change a paragraph of the working copy.
    h.get_by_label("四、目标愿景").click();
    h.run();
    h.get_by_label("标题").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("标题").type_text("发展目标");
    h.run();
    press(&mut h, Modifiers::NONE, Key::Escape);

    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    assert_eq!(h.state().ws.view, View::Review);
    assert_eq!(h.state_mut().ws.review_titles(), ["四、发展目标"]);
    assert!(h.query_by_label("共 1 处修改").is_some());
    press(&mut h, Modifiers::NONE, Key::F8);
    assert!(h.query_by_label("第 1 处修改，共 1 处").is_some());
    assert_eq!(
        h.state().ws.selection,
        Selection::Section(id_of(&h, "发展目标"))
    );

    // Rejecting brings the old heading back; undo takes the rejection back; accepting
    // settles the change.
    h.get_by_label("拒绝（恢复原文）").click();
    h.run();
    assert_eq!(outline(&h)[3], "四、目标愿景");
    assert!(h.state_mut().ws.review_titles().is_empty());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(outline(&h)[3], "四、发展目标");
    press(&mut h, Modifiers::NONE, Key::F8);
    h.get_by_label("接受").click();
    h.run();
    assert!(h.state_mut().ws.review_titles().is_empty());
    assert_eq!(
        outline(&h)[3],
        "四、发展目标",
        "accepting keeps the new text"
    );

    // Restoring the draft brings the old heading back, and undo the new one.
    h.state_mut().push(Command::ShowDrafts);
    h.run();
    assert!(h.query_by_label("征求意见稿").is_some());
    h.get_by_label("恢复为当前稿").click();
    h.run();
    assert_eq!(outline(&h)[3], "四、目标愿景");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(outline(&h)[3], "四、发展目标");
}

#[test]
fn compare_the_working_copy_with_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("送审稿.txt");
    let text = std::fs::read_to_string(util_sample_txt()).unwrap();
    std::fs::write(
        &other,
        text.replacen("关键时期", "重要时期", 1)
            .replace("四、目标愿景", "四、发展目标"),
    )
    .unwrap();
    let (app, dialogs) = app_on(plandraft::ui::sample_session());
    answer_next(&dialogs, other);
    let mut h = harness(app);
    h.state_mut()
        .push(Command::ChooseCompareFile { is_old_side: false });
    h.run();
    assert_eq!(h.state().ws.view, View::Review);
    assert_eq!(
        h.state_mut().ws.review_titles(),
        ["一、发展形势", "四、发展目标"]
    );
    // Another file's text cannot be accepted into or rejected from this document.
    press(&mut h, Modifiers::NONE, Key::F8);
    h.get_by_label("拒绝（恢复原文）").click();
    h.run();
    assert_eq!(doc(&h), plandraft::ui::sample_session().document().clone());
}

fn util_sample_txt() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/lvyuan-15th-fyp-outline.txt")
}

#[test]
fn accepted_changes_are_saved_with_the_file_and_stay_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("审阅.ron");
    let (mut app, _) = app_on(plandraft::ui::sample_session());
    record_draft(&mut app, "征求意见稿");
    for (index, heading) in [(0, "发展形势（改）"), (1, "指导思想（改）")] {
        rename_top(&mut app, index, heading);
    }
    app.ws.session.save_as(&path).unwrap();
    let mut h = harness(app);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    assert_eq!(h.state_mut().ws.review_titles().len(), 2);
    press(&mut h, Modifiers::NONE, Key::F8);
    h.get_by_label("接受").click();
    h.run();
    assert_eq!(h.state_mut().ws.review_titles().len(), 1, "one change left");
    assert!(
        h.state().ws.needs_saving(),
        "a decision is a change to the file"
    );
    press(&mut h, Modifiers::COMMAND, Key::S);
    // The next day: the file opens with the decision, and one change is left to review.
    let (app, _) = app_on(Session::open(&path).unwrap());
    let mut h = harness(app);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    assert_eq!(h.state_mut().ws.review_titles().len(), 1);
}

#[test]
fn reject_one_paragraph_and_accept_another() {
    let (mut app, _) = app_on(plandraft::ui::sample_session());
    record_draft(&mut app, "征求意见稿");
    let three = app.ws.session.document().sections[2].id;
    let container = plandraft::core::document::Container::Section(three);
    let paragraphs = app.ws.session.document().sections[2].paragraphs.clone();
    for (index, from, to) in [
        (0, "坚持党的全面领导", "坚持和加强党的全面领导"),
        (1, "坚持人民至上", "始终坚持人民至上"),
    ] {
        app.ws
            .session
            .apply(plandraft::core::edit::Edit::SetParagraph {
                container,
                index,
                text: paragraphs[index].text.replacen(from, to, 1),
            })
            .unwrap();
    }
    let mut h = harness(app);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    assert_eq!(h.state_mut().ws.review_titles(), ["三、规划原则"]);
    // Reject the second paragraph's change only.
    h.get_by_label_contains("始终坚持人民至上").click();
    h.run();
    h.get_by_label("拒绝（恢复原文）").click();
    h.run();
    let now = &doc(&h).sections[2].paragraphs;
    assert_eq!(now[1], paragraphs[1], "the rejected paragraph is back");
    assert!(
        now[0].text.starts_with("坚持和加强党的全面领导"),
        "the other change stays"
    );
    // Accept the first: nothing is left to review.
    h.get_by_label_contains("坚持和加强党的全面领导").click();
    h.run();
    h.get_by_label("接受").click();
    h.run();
    assert!(h.state_mut().ws.review_titles().is_empty());
    assert!(
        doc(&h).sections[2].paragraphs[0]
            .text
            .starts_with("坚持和加强党的全面领导")
    );
}

#[test]
fn export_the_print_page_and_the_comparison_report() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("纲要.html");
    let report = dir.path().join("对照.html");
    let (mut app, dialogs) = app_on(plandraft::ui::sample_session());
    record_draft(&mut app, "征求意见稿");
    rename_top(&mut app, 3, "发展目标");
    {
        let mut script = dialogs.script.lock().unwrap();
        script.answers.push_back(Some(page.clone()));
        script.answers.push_back(Some(report.clone()));
    }
    let mut h = harness(app);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    h.get_by_label_contains("打印网页").click();
    h.run();
    h.get_by_label("导出…").click();
    h.run();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("四、发展目标") && html.contains("size: A4"));
    assert!(
        h.state().ws.question.is_none(),
        "the dialog closes on export"
    );
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    h.state_mut()
        .push(Command::Export(plandraft::ui::files::ExportKind::Report));
    h.run();
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("征求意见稿 → 当前稿"), "{html}");
    assert!(html.contains("<ins>发展</ins>"), "{html}");
}

/// The export dialog: the preview shows the first printed page and pages on; a draft's
/// chosen chapter exports as GB18030 text with CRLF and indents, named after the draft.
#[test]
fn export_dialog_previews_pages_and_exports_a_drafts_chosen_sections() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("七.txt");
    let (mut app, dialogs) = app_on(plandraft::ui::sample_session());
    record_draft(&mut app, "征求意见稿");
    // The working copy moves on; the draft keeps the old heading.
    rename_top(&mut app, 6, "组织实施");
    answer_next(&dialogs, out.clone());
    let mut h = harness(app);
    h.get_by_label("七、组织实施").click();
    h.run();
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    assert!(matches!(h.state().ws.question, Some(Question::Export(_))));
    // DOCX is the default; the preview is the first page, as LibreOffice prints it.
    assert!(h.query_by_label("打印预览：共 9 页").is_some());
    assert!(h.query_by_label("第 1 页，共 9 页").is_some());
    let first = h.get_by_label_contains("本纲要主要针对绿园区“十五五”时期经济社会发展的思路\n");
    assert!(
        first
            .accesskit_node()
            .label()
            .unwrap()
            .starts_with("长春市绿园区国民经济和社会发展\n")
    );
    h.get_by_label("▶").click();
    h.run();
    assert!(h.query_by_label("第 2 页，共 9 页").is_some());
    assert!(h.query_by_label_contains("\n三、规划原则\n").is_some());
    // The draft, only the chosen (selected) chapter, as text.
    h.get_by_label("内容").click();
    h.run();
    h.get_by_label("征求意见稿").click();
    h.run();
    h.get_by_label("选定章节").click();
    h.run();
    assert!(
        h.query_by_label("打印预览：共 2 页").is_some(),
        "七 alone: 2 pages"
    );
    assert!(
        h.query_by_label("第 1 页，共 2 页").is_some(),
        "a new preview starts at page 1"
    );
    assert!(
        h.query_by_label_contains("\n七、保障措施\n").is_some(),
        "the preview page shows the draft's heading"
    );
    h.get_by_label_contains("纯文本").click();
    h.run();
    h.get_by_label("段首空两格").click();
    h.get_by_label("Windows 换行（CRLF）").click();
    h.run();
    h.get_by_label("编码").click();
    h.run();
    h.get_by_label("GB18030").click();
    h.run();
    h.get_by_label("导出…").click();
    h.run();
    let asked = dialogs.script.lock().unwrap().asked.clone();
    let suggested = format!("{asked:?}");
    assert!(suggested.contains("示例（征求意见稿）.txt"), "{suggested}");
    let bytes = std::fs::read(&out).unwrap();
    let (text, _, had_errors) = encoding_rs::GB18030.decode(&bytes);
    assert!(!had_errors);
    assert!(
        text.contains("\r\n七、保障措施\r\n\u{3000}\u{3000}"),
        "{text}"
    );
    assert!(
        !text.contains("七、组织实施") && !text.contains("六、"),
        "{text}"
    );
    // The dialog remembers the choices.
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    let Some(Question::Export(form)) = &h.state().ws.question else {
        panic!("no export dialog");
    };
    assert_eq!(form.choices.format, plandraft::core::export::Format::Text);
    assert_eq!(form.draft.as_deref(), Some("征求意见稿"));
    h.get_by_label("取消").click();
    h.run();
    assert!(h.state().ws.question.is_none());
}

/// Choosing no section leaves nothing to export: the dialog says so and will not export.
#[test]
fn export_dialog_needs_a_section() {
    let mut h = sample();
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    h.get_by_label("选定章节").click();
    h.run();
    assert!(h.query_by_label("请至少选择一个章节。").is_some());
    assert!(h.get_by_label("导出…").accesskit_node().is_disabled());
    h.get_all_by_label("三、规划原则")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::CheckBox)
        .unwrap()
        .click();
    h.run();
    assert!(h.query_by_label("请至少选择一个章节。").is_none());
    assert!(!h.get_by_label("导出…").accesskit_node().is_disabled());
}

/// The review view saved as a PNG: the capture of the next frame, cut to the review pane.
#[test]
fn review_view_saves_as_png() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("对照.png");
    let (mut app, dialogs) = app_on(plandraft::ui::sample_session());
    record_draft(&mut app, "征求意见稿");
    answer_next(&dialogs, out.clone());
    let mut h = harness(app);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    h.state_mut().push(Command::Export(
        plandraft::ui::files::ExportKind::ReviewImage,
    ));
    h.step();
    h.step();
    // No renderer here: answer the screenshot request with a window-sized image, the
    // review pane's pixels red.
    let callback = h
        .output()
        .viewport_output
        .values()
        .flat_map(|v| v.commands.iter())
        .find_map(|c| match c {
            egui::ViewportCommand::Screenshot(callback) => Some(callback.clone()),
            _ => None,
        })
        .expect("a screenshot was asked for");
    let pane = h.get_by_label("比较：从").rect();
    let mut image = egui::ColorImage::filled([1280, 800], egui::Color32::WHITE);
    for y in 0..800 {
        for x in 0..1280 {
            if x as f32 >= pane.min.x - 1.0 {
                image.pixels[y * 1280 + x] = egui::Color32::RED;
            }
        }
    }
    callback.complete(std::sync::Arc::new(image));
    h.run();
    let png = image::open(&out).unwrap().to_rgba8();
    assert!(
        png.width() < 1280 && png.width() > 600,
        "the pane, not the window: {}",
        png.width()
    );
    assert!(png.height() > 600 && png.height() < 800, "{}", png.height());
    assert_eq!(png.get_pixel(png.width() / 2, 10).0, [255, 0, 0, 255]);
    assert!(h.query_by_label_contains("已导出到").is_some());
}

/// A file name typed without an extension gets the format's.
#[test]
fn export_adds_the_missing_extension() {
    let dir = tempfile::tempdir().unwrap();
    let (app, dialogs) = app_on(plandraft::ui::sample_session());
    answer_next(&dialogs, dir.path().join("纲要"));
    let mut h = harness(app);
    h.state_mut().push(Command::Export(
        plandraft::ui::files::ExportKind::Document {
            draft: None,
            options: plandraft::core::export::Options {
                format: plandraft::core::export::Format::Html,
                ..Default::default()
            },
        },
    ));
    h.run();
    let html = std::fs::read_to_string(dir.path().join("纲要.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
}

/// A draft's name in the suggested file name cannot name a folder.
#[test]
fn export_names_files_after_drafts_safely() {
    let (mut app, dialogs) = app_on(plandraft::ui::sample_session());
    record_draft(&mut app, "3/12稿");
    let mut h = harness(app);
    h.state_mut().push(Command::Export(
        plandraft::ui::files::ExportKind::Document {
            draft: Some("3/12稿".into()),
            options: plandraft::core::export::Options::default(),
        },
    ));
    h.run();
    let asked = dialogs.script.lock().unwrap().asked.clone();
    let Some(plandraft::ui::files::DialogKind::Export { suggested, .. }) = asked.last() else {
        panic!("no export dialog: {asked:?}");
    };
    assert_eq!(suggested.file_name().unwrap(), "示例（3_12稿）.txt");
    assert_eq!(suggested.parent(), Some(std::path::Path::new("")));
}

/// Leaving the review view while the file dialog is open saves no image of something else.
#[test]
fn review_image_is_not_taken_of_another_view() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("对照.png");
    let (app, dialogs) = app_on(plandraft::ui::sample_session());
    let mut h = harness(app);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    {
        let mut script = dialogs.script.lock().unwrap();
        script.answers.push_back(Some(out.clone()));
        script.is_holding = true;
    }
    h.state_mut().push(Command::Export(
        plandraft::ui::files::ExportKind::ReviewImage,
    ));
    h.run();
    h.state_mut().push(Command::SetView(View::Edit));
    h.run();
    dialogs.script.lock().unwrap().is_holding = false;
    h.run();
    assert!(!out.exists());
    assert!(h.query_by_label("对照视图已关闭，未保存图片。").is_some());
}

/// A chapter's context menu exports it: the dialog opens with that chapter (the top-level
/// one of a subsection) chosen; format and text options are kept in the preferences.
#[test]
fn context_menu_exports_the_chapter() {
    let mut h = sample();
    h.get_by_label_contains("（三）筑牢发展空间基底")
        .click_secondary();
    h.run();
    h.get_by_label("导出本章…").click();
    h.run();
    let Some(Question::Export(form)) = &h.state().ws.question else {
        panic!("no export dialog");
    };
    assert!(!form.is_whole);
    let six = doc(&h).sections[5].id;
    assert_eq!(form.chosen, vec![six]);
    assert!(
        h.query_by_label_contains("\n六、十大重点任务\n").is_some(),
        "previewed"
    );
    h.get_by_label_contains("纯文本").click();
    h.run();
    h.get_by_label("导出…").click();
    h.run();
    assert_eq!(
        h.state().ws.prefs.export.format,
        plandraft::core::export::Format::Text,
        "kept for the next run"
    );
}

/// Escape cancels a dialog: the export dialog closes, and the unsaved-changes question
/// cancels (nothing discarded, nothing closed).
#[test]
fn escape_cancels_dialogs() {
    let mut h = sample();
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    assert!(matches!(h.state().ws.question, Some(Question::Export(_))));
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().ws.question.is_none());
    h.get_by_label("一、发展形势").click();
    h.run();
    h.get_by_label(BODY).click();
    h.run();
    h.get_by_label(BODY).type_text("新增一句。");
    h.run();
    h.state_mut().push(Command::New);
    h.run();
    assert!(matches!(
        h.state().ws.question,
        Some(Question::Unsaved { .. })
    ));
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().ws.question.is_none());
    assert!(h.state().ws.session.is_dirty(), "the edit is still there");
    assert!(body_text(&h, id_of(&h, "发展形势")).contains("新增一句。"));
}

#[test]
fn a_file_a_colleague_edits_or_saved_meanwhile_is_never_overwritten_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("规划.ron");
    let original = plandraft::ui::sample_session().document().clone();
    storage::save(&storage::PlanFile::new(original), &path).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let colleague = plandraft::core::shared::Holder {
        user: "李四".into(),
        host: "另一台电脑".into(),
        pid: 4242,
        since_s: now,
        refreshed_s: now,
    };
    plandraft::core::shared::claim(&path, &colleague).unwrap();
    let mut h = sample();
    h.state_mut().push(Command::OpenPath(path.clone()));
    h.run();
    h.get_by_label_contains("正由 李四（另一台电脑） 编辑");
    h.get_by_label("仍然打开").click();
    h.run();
    h.get_by_label_contains("李四（另一台电脑） 也在编辑");

    // The colleague saves; then a save here asks, and 覆盖… asks once more.
    storage::update(&path, |plan| plan.document.title.push("（李四改）".into())).unwrap();
    rename_top(h.state_mut(), 0, "我的修改");
    press(&mut h, Modifiers::COMMAND, Key::S);
    h.get_by_label_contains("在您打开之后已被李四（另一台电脑）保存");
    h.get_by_label("覆盖…").click();
    h.run();
    h.get_by_label_contains("对方的版本将保留为备份文件");
    h.get_by_label("覆盖").click();
    h.run();
    assert!(h.state().ws.question.is_none());
    let saved = storage::load(&path).unwrap();
    assert_eq!(saved.document.sections[0].heading, "我的修改");
}

#[test]
fn merging_a_copy_from_the_file_menu_shows_the_conflict_and_its_buttons_settle_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("规划.ron");
    let copy = dir.path().join("规划-单位.ron");
    let original = plandraft::ui::sample_session().document().clone();
    let mut plan = storage::PlanFile::new(original.clone());
    plan.drafts.push(plandraft::core::draft::Draft::record(
        "征求意见稿",
        "张三",
        "",
        &original,
    ));
    storage::save(&plan, &path).unwrap();
    plan.document.sections[0].heading = "发展形势（单位改）".into();
    storage::save(&plan, &copy).unwrap();
    let (app, dialogs) = app_on(Session::open(&path).unwrap());
    answer_next(&dialogs, copy);
    let mut h = harness(app);
    rename_top(h.state_mut(), 0, "发展形势（我改）");
    h.run();
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("合并副本…").click();
    h.run();
    h.run();
    assert_eq!(h.state().ws.session.document().conflicts.len(), 1);
    assert_eq!(h.state().ws.view, View::Review);
    // The bar names the place and both texts; 两者都保留 does not fit a heading.
    assert!(h.query_by_label_contains("冲突 1/1").is_some());
    assert!(h.query_by_label_contains("发展形势（单位改）").is_some());
    h.get_by_label("用对方的").click();
    h.run();
    assert_eq!(doc(&h).sections[0].heading, "发展形势（单位改）");
    assert!(doc(&h).conflicts.is_empty());
    assert!(h.query_by_label_contains("冲突 1/1").is_none());
}

#[test]
fn insert_a_comment_on_the_selected_passage_and_resolve_it() {
    let mut h = sample();
    h.get_by_label("一、发展形势").click();
    h.run();
    let id = id_of(&h, "发展形势");
    h.get_by_label(BODY).click();
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::A);
    press(&mut h, Modifiers::COMMAND | Modifiers::ALT, Key::M);
    assert!(matches!(
        h.state().ws.question,
        Some(Question::AddComment(_))
    ));
    h.get_by_label("批注内容").type_text("建议补充数据来源");
    h.run();
    h.get_by_label("添加批注").click();
    h.run();
    let comments = doc(&h).comments;
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].section, id);
    let quote = comments[0]
        .quote
        .clone()
        .expect("the selected passage is quoted");
    assert_eq!(quote.exact, body_text(&h, id));
    // The comment shows beside the editor; 解决 resolves it, one undoable step.
    h.get_by_label("建议补充数据来源");
    h.get_by_label("解决").click();
    h.run();
    assert!(doc(&h).comments[0].is_resolved);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!doc(&h).comments[0].is_resolved);
}

#[test]
fn feedback_is_collected_and_decided_in_the_feedback_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut master = storage::PlanFile {
        lineage: Some(plandraft::core::identity::new_lineage()),
        ..storage::PlanFile::new(plandraft::ui::sample_session().document().clone())
    };
    master.drafts.push(plandraft::core::draft::Draft::record(
        "征求意见稿",
        "办公室",
        "",
        &master.document,
    ));
    let mut copy = master.clone();
    let first = &mut copy.document.sections[0].paragraphs[0].text;
    *first = first.replacen("。", "，成效显著。", 1);
    let (master_path, copy_path) = (dir.path().join("master.ron"), dir.path().join("住建局.ron"));
    storage::save(&master, &master_path).unwrap();
    storage::save(&copy, &copy_path).unwrap();
    let (app, dialogs) = app_on(Session::open(&master_path).unwrap());
    let mut h = harness(app);
    answer_next(&dialogs, copy_path);
    h.get_by_label("稿次").click();
    h.run();
    h.get_by_label("汇总反馈…").click();
    h.run();
    h.run();
    // The copy names no unit: the app asks, with the file's name filled in.
    h.get_by_label("这些返回稿来自哪个单位？");
    h.get_by_label("住建局.ron").click();
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::A);
    h.get_by_label("住建局.ron").type_text("区住建局");
    h.run();
    h.get_by_label("汇总").click();
    h.run();
    assert_eq!(h.state().ws.view, View::Feedback);
    assert_eq!(h.state().ws.session.feedback().len(), 1);
    h.get_by_label("1. 区住建局");
    h.get_by_label("不采纳").click();
    h.run();
    assert_eq!(
        h.state().ws.session.feedback()[0].decision,
        Some(plandraft::core::feedback::Decision::NotAdopted)
    );
    h.get_by_label("采纳并修改正文").click();
    h.run();
    let text = plandraft::core::export::to_text(h.state().ws.session.document());
    assert!(text.contains("成效显著"));
}
