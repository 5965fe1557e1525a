//! The menu bar and the status bar of the shell, drawn from the workspace.

use super::command::{AddWhere, Command, Selection, Version, View, shortcut_text};
use super::files::ExportKind;
use super::i18n::{Key, Lang, tr_args};
use crate::app::Workspace;
use crate::core::count::Counts;

/// One menu entry with its shortcut; a click queues `command` and closes the menu.
fn item(
    ui: &mut egui::Ui,
    ws: &Workspace,
    out: &mut Vec<Command>,
    (key, command): (Key, Command),
    is_enabled: bool,
) {
    let mut button = egui::Button::new(ws.t(key));
    if let Some(keys) = shortcut_text(ui.ctx(), &command) {
        button = button.shortcut_text(keys);
    }
    if ui.add_enabled(is_enabled, button).clicked() {
        out.push(command);
        ui.close();
    }
}

/// The menu bar; returns the commands chosen.
pub fn menu_ui(ui: &mut egui::Ui, ws: &Workspace) -> Vec<Command> {
    let mut out = Vec::new();
    let o = &mut out;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(ws.t(Key::MenuFile), |ui| {
            item(ui, ws, o, (Key::New, Command::New), true);
            item(ui, ws, o, (Key::Open, Command::Open), true);
            item(
                ui,
                ws,
                o,
                (Key::OpenForReview, Command::OpenForReview),
                true,
            );
            if ws.consult.is_reviewing {
                item(
                    ui,
                    ws,
                    o,
                    (Key::StopReviewing, Command::StopReviewing),
                    true,
                );
            }
            item(ui, ws, o, (Key::ImportText, Command::ImportText), true);
            ui.menu_button(ws.t(Key::Recent), |ui| {
                if ws.prefs.recent.is_empty() {
                    ui.label(ws.t(Key::NoRecent));
                }
                for path in &ws.prefs.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        o.push(Command::OpenPath(path.clone()));
                        ui.close();
                    }
                }
            });
            ui.separator();
            item(ui, ws, o, (Key::Save, Command::Save), true);
            item(ui, ws, o, (Key::SaveAs, Command::SaveAs), true);
            item(ui, ws, o, (Key::ExportMenu, Command::ShowExport), true);
            item(ui, ws, o, (Key::PrintMenu, Command::Print), true);
            item(ui, ws, o, (Key::MergeCopy, Command::MergeCopy), true);
            let is_review = ws.view == View::Review;
            let report = Command::Export(ExportKind::Report);
            item(ui, ws, o, (Key::ExportReport, report), is_review);
            let image = Command::Export(ExportKind::ReviewImage);
            item(ui, ws, o, (Key::SaveReviewImage, image), is_review);
            ui.separator();
            item(ui, ws, o, (Key::Quit, Command::Quit), true);
        });
        ui.menu_button(ws.t(Key::MenuEdit), |ui| {
            item(ui, ws, o, (Key::Undo, Command::Undo), ws.session.can_undo());
            item(ui, ws, o, (Key::Redo, Command::Redo), ws.session.can_redo());
            ui.separator();
            item(ui, ws, o, (Key::Find, Command::ShowFind), true);
            item(ui, ws, o, (Key::Replace, Command::ShowReplace), true);
            ui.separator();
            let has_section = matches!(ws.selection, Selection::Section(_));
            item(
                ui,
                ws,
                o,
                (Key::InsertComment, Command::ShowAddComment(None)),
                has_section,
            );
            item(ui, ws, o, (Key::NextComment, Command::NextComment), true);
            item(
                ui,
                ws,
                o,
                (Key::PreviousComment, Command::PreviousComment),
                true,
            );
        });
        ui.menu_button(ws.t(Key::MenuSection), |ui| {
            let has_section = matches!(ws.selection, Selection::Section(_));
            let add = |place| Command::Add(place);
            item(
                ui,
                ws,
                o,
                (Key::AddBefore, add(AddWhere::Before)),
                has_section,
            );
            item(ui, ws, o, (Key::AddAfter, add(AddWhere::After)), true);
            item(
                ui,
                ws,
                o,
                (Key::AddChild, add(AddWhere::Child)),
                has_section,
            );
            ui.separator();
            for (key, command) in [
                (Key::Rename, Command::Rename),
                (Key::MoveUp, Command::MoveUp),
                (Key::MoveDown, Command::MoveDown),
                (Key::Promote, Command::Promote),
                (Key::Demote, Command::Demote),
            ] {
                item(ui, ws, o, (key, command), has_section);
            }
            ui.separator();
            item(ui, ws, o, (Key::Delete, Command::Delete), has_section);
        });
        ui.menu_button(ws.t(Key::MenuView), |ui| {
            for (key, view) in [
                (Key::EditView, View::Edit),
                (Key::ReadingView, View::Reading),
                (Key::ReviewView, View::Review),
                (Key::FeedbackView, View::Feedback),
            ] {
                item(ui, ws, o, (key, Command::SetView(view)), true);
            }
            ui.separator();
            item(ui, ws, o, (Key::ExpandAll, Command::ExpandAll), true);
            item(ui, ws, o, (Key::CollapseAll, Command::CollapseAll), true);
            let mut is_showing = ws.prefs.is_showing_comments;
            if ui
                .checkbox(&mut is_showing, ws.t(Key::ShowComments))
                .changed()
            {
                o.push(Command::SetShowComments(is_showing));
            }
            if let Some(findings) = &ws.import_findings {
                let mut is_showing = findings.is_open;
                if ui
                    .checkbox(&mut is_showing, ws.t(Key::ImportReport))
                    .changed()
                {
                    o.push(Command::ShowImportReport(is_showing));
                }
            }
            let mut is_showing = ws.prefs.is_showing_counts;
            if ui
                .checkbox(&mut is_showing, ws.t(Key::ShowCounts))
                .changed()
            {
                o.push(Command::SetShowCounts(is_showing));
            }
            ui.separator();
            ui.label(ws.t(Key::Theme));
            ui.horizontal(|ui| {
                let mut is_dark = ws.prefs.is_dark;
                ui.radio_value(&mut is_dark, false, ws.t(Key::Light));
                ui.radio_value(&mut is_dark, true, ws.t(Key::Dark));
                if is_dark != ws.prefs.is_dark {
                    o.push(Command::SetDark(is_dark));
                }
            });
            ui.label(ws.t(Key::Language));
            ui.horizontal(|ui| {
                let mut lang = ws.prefs.lang;
                ui.radio_value(&mut lang, Lang::Zh, "简体中文");
                ui.radio_value(&mut lang, Lang::En, "English");
                if lang != ws.prefs.lang {
                    o.push(Command::SetLang(lang));
                }
            });
        });
        ui.menu_button(ws.t(Key::MenuDrafts), |ui| {
            item(
                ui,
                ws,
                o,
                (Key::RecordDraft, Command::ShowRecordDraft),
                true,
            );
            item(ui, ws, o, (Key::DraftList, Command::ShowDrafts), true);
            let compare = Command::Compare {
                from: ws.latest_draft_version(),
                to: Version::WorkingCopy,
            };
            item(ui, ws, o, (Key::Compare, compare), true);
            ui.separator();
            item(
                ui,
                ws,
                o,
                (Key::CollectFeedback, Command::CollectFeedback),
                true,
            );
            let mut is_comment_only = ws.session.is_comment_only();
            if ui
                .checkbox(&mut is_comment_only, ws.t(Key::CommentOnlyMode))
                .changed()
            {
                o.push(Command::SetCommentOnly(is_comment_only));
                ui.close();
            }
        });
        ui.menu_button(ws.t(Key::MenuHelp), |ui| {
            item(ui, ws, o, (Key::Shortcuts, Command::ShowShortcuts), true);
            item(ui, ws, o, (Key::About, Command::ShowAbout), true);
        });
    });
    out
}

/// The status bar: the selected section's and the document's 字数, saved or not, who else
/// is editing, merge conflicts left (a click goes to the next), the file.
pub fn status_ui(
    ui: &mut egui::Ui,
    ws: &Workspace,
    section_counts: Option<Counts>,
) -> Vec<Command> {
    let lang = ws.lang();
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        if let Some(c) = section_counts {
            ui.label(tr_args(lang, Key::SectionWords, &[&c.words.to_string()]));
            ui.separator();
        }
        let total = ws.session.counts();
        ui.label(tr_args(
            lang,
            Key::DocumentWords,
            &[&total.words.to_string(), &total.han.to_string()],
        ));
        ui.separator();
        let state = if ws.needs_saving() {
            Key::Unsaved
        } else {
            Key::Saved
        };
        ui.label(ws.t(state));
        if ws.is_read_only {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, ws.t(Key::ReadOnlyMark));
        }
        if ws.consult.is_reviewing {
            ui.separator();
            ui.colored_label(ui.visuals().warn_fg_color, ws.t(Key::ReviewingMark));
        }
        if let Some(holder) = &ws.other_editor {
            ui.separator();
            let who = super::i18n::holder_name(lang, holder);
            ui.colored_label(
                ui.visuals().warn_fg_color,
                tr_args(lang, Key::AlsoEditing, &[&who]),
            );
        }
        let conflicts = ws.session.document().conflicts.len();
        if conflicts > 0 {
            ui.separator();
            let text = egui::RichText::new(tr_args(
                lang,
                Key::ConflictsCount,
                &[&conflicts.to_string()],
            ))
            .color(ui.visuals().error_fg_color);
            if ui.link(text).clicked() {
                out.push(Command::NextChange);
            }
        }
        if let Some(path) = ws.session.path() {
            ui.separator();
            ui.weak(path.display().to_string());
        }
    });
    out
}
