//! The drafts dialogs: recording the working copy under a name, and the list of drafts with
//! restore, rename, delete and compare.

use super::command::{Command, Version};
use super::i18n::Key;
use crate::app::Workspace;
use crate::app::drafts::{DraftForm, DraftList};

/// A dialog's answer: None keeps it open, Some(None) closes it, Some(Some(c)) closes it and
/// runs c.
type Answer = Option<Option<Command>>;

/// The record-draft dialog.
pub fn record_draft_ui(ui: &mut egui::Ui, ws: &Workspace, form: &mut DraftForm) -> Answer {
    {
        ui.heading(ws.t(Key::RecordDraft).trim_end_matches('…'));
        let label = ui.label(ws.t(Key::DraftName));
        let name = ui
            .text_edit_singleline(&mut form.name)
            .labelled_by(label.id);
        if form.name.is_empty() && !name.has_focus() && !ui.ctx().text_edit_focused() {
            name.request_focus();
        }
        if ws.session.draft(form.name.trim()).is_some() {
            ui.colored_label(ui.visuals().warn_fg_color, ws.t(Key::DraftReplaces));
        }
        let label = ui.label(ws.t(Key::Author));
        ui.text_edit_singleline(&mut form.author)
            .labelled_by(label.id);
        let label = ui.label(ws.t(Key::Note));
        ui.text_edit_multiline(&mut form.note).labelled_by(label.id);
        let mut answer = None;
        ui.horizontal(|ui| {
            let is_ready = !form.name.trim().is_empty();
            let record = ui.add_enabled(is_ready, egui::Button::new(ws.t(Key::RecordButton)));
            if record.clicked()
                || (is_ready && name.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
            {
                answer = Some(Some(Command::RecordDraft {
                    name: form.name.trim().to_owned(),
                    author: form.author.trim().to_owned(),
                    note: form.note.trim().to_owned(),
                }));
            }
            if ui.button(ws.t(Key::CancelButton)).clicked() {
                answer = Some(None);
            }
        });
        answer
    }
}

/// The list of drafts.
pub fn drafts_ui(ui: &mut egui::Ui, ws: &Workspace, list: &mut DraftList) -> Answer {
    {
        ui.heading(ws.t(Key::DraftList).trim_end_matches('…'));
        ui.set_min_width(560.0);
        let drafts = ws.session.drafts();
        let words = ws.draft_words(list);
        if drafts.is_empty() {
            ui.label(ws.t(Key::NoDrafts));
        }
        let mut answer = None;
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                egui::Grid::new("drafts").striped(true).show(ui, |ui| {
                    ui.strong(ws.t(Key::DraftName).split('（').next().unwrap_or_default());
                    ui.strong(ws.t(Key::DraftTime));
                    ui.strong(ws.t(Key::Author));
                    ui.strong("字数");
                    ui.strong(ws.t(Key::Note));
                    ui.end_row();
                    for (d, words) in drafts.iter().zip(&words).rev() {
                        match &mut list.renaming {
                            Some((from, to)) if *from == d.name => {
                                let edit = ui.text_edit_singleline(to);
                                if edit.lost_focus()
                                    && ui.input(|i| i.key_pressed(egui::Key::Enter))
                                {
                                    let (from, to) = (from.clone(), to.trim().to_owned());
                                    if !to.is_empty() && to != from {
                                        answer = Some(Some(Command::RenameDraft { from, to }));
                                    }
                                }
                            }
                            _ => {
                                ui.label(&d.name);
                            }
                        }
                        ui.label(d.time.replace('T', " ").trim_end_matches('Z'));
                        ui.label(&d.author);
                        ui.label(words.to_string());
                        ui.label(&d.note);
                        ui.end_row();
                        ui.label("");
                        ui.horizontal(|ui| {
                            if ui.small_button(ws.t(Key::CompareDraft)).clicked() {
                                answer = Some(Some(Command::Compare {
                                    from: Version::Draft(d.name.clone()),
                                    to: Version::WorkingCopy,
                                }));
                            }
                            if ui.small_button(ws.t(Key::RestoreDraft)).clicked() {
                                answer = Some(Some(Command::RestoreDraft(d.name.clone())));
                            }
                            if ui.small_button(ws.t(Key::RenameDraft)).clicked() {
                                list.renaming = Some((d.name.clone(), d.name.clone()));
                            }
                            if ui.small_button(ws.t(Key::DeleteDraft)).clicked() {
                                answer = Some(Some(Command::DeleteDraft(d.name.clone())));
                            }
                        });
                        ui.end_row();
                    }
                });
            });
        if ui.button(ws.t(Key::Close)).clicked() {
            answer = Some(None);
        }
        answer
    }
}
