//! Drafts in the app: recording the working copy under a name, and the list of drafts with
//! restore, rename, delete and compare.

use super::app::PlandraftApp;
use super::command::Command;
use super::i18n::{Key, tr_args};
use crate::core::count::Counts;
use crate::core::draft::system_user;

/// The fields of the record-draft dialog.
#[derive(Clone, Debug, Default)]
pub struct DraftForm {
    /// The draft's name.
    pub name: String,
    /// Who records it.
    pub author: String,
    /// What changed.
    pub note: String,
}

/// The drafts dialog: which draft is being renamed, to what.
#[derive(Clone, Debug, Default)]
pub struct DraftList {
    /// (draft name, new name being typed)
    pub renaming: Option<(String, String)>,
    /// Each draft's 字数, oldest first, counted once per change of the drafts (the drafts
    /// revision they were counted at).
    words: Option<(u64, Vec<usize>)>,
}

/// A dialog's answer: None keeps it open, Some(None) closes it, Some(Some(c)) closes it and
/// runs c.
type Answer = Option<Option<Command>>;

impl PlandraftApp {
    /// A blank record-draft form, with the author remembered from last time.
    pub fn draft_form(&self) -> DraftForm {
        DraftForm {
            name: String::new(),
            author: self.prefs.author.clone().unwrap_or_else(system_user),
            note: String::new(),
        }
    }

    pub(super) fn record_draft_ui(&mut self, ui: &mut egui::Ui, form: &mut DraftForm) -> Answer {
        ui.heading(self.t(Key::RecordDraft).trim_end_matches('…'));
        let label = ui.label(self.t(Key::DraftName));
        let name = ui
            .text_edit_singleline(&mut form.name)
            .labelled_by(label.id);
        if form.name.is_empty() && !name.has_focus() && !ui.ctx().text_edit_focused() {
            name.request_focus();
        }
        if self.session.draft(form.name.trim()).is_some() {
            ui.colored_label(ui.visuals().warn_fg_color, self.t(Key::DraftReplaces));
        }
        let label = ui.label(self.t(Key::Author));
        ui.text_edit_singleline(&mut form.author)
            .labelled_by(label.id);
        let label = ui.label(self.t(Key::Note));
        ui.text_edit_multiline(&mut form.note).labelled_by(label.id);
        let mut answer = None;
        ui.horizontal(|ui| {
            let is_ready = !form.name.trim().is_empty();
            let record = ui.add_enabled(is_ready, egui::Button::new(self.t(Key::RecordButton)));
            if record.clicked()
                || (is_ready && name.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
            {
                answer = Some(Some(Command::RecordDraft {
                    name: form.name.trim().to_owned(),
                    author: form.author.trim().to_owned(),
                    note: form.note.trim().to_owned(),
                }));
            }
            if ui.button(self.t(Key::CancelButton)).clicked() {
                answer = Some(None);
            }
        });
        answer
    }

    pub(super) fn drafts_ui(&mut self, ui: &mut egui::Ui, list: &mut DraftList) -> Answer {
        ui.heading(self.t(Key::DraftList).trim_end_matches('…'));
        ui.set_min_width(560.0);
        let drafts = self.session.drafts().to_vec();
        let revision = self.session.drafts_revision();
        if list.words.as_ref().is_none_or(|(r, _)| *r != revision) {
            let words = drafts
                .iter()
                .map(|d| Counts::of_document(&d.document).words)
                .collect();
            list.words = Some((revision, words));
        }
        let words = list
            .words
            .as_ref()
            .map(|(_, w)| w.clone())
            .unwrap_or_default();
        if drafts.is_empty() {
            ui.label(self.t(Key::NoDrafts));
        }
        let mut answer = None;
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                egui::Grid::new("drafts").striped(true).show(ui, |ui| {
                    ui.strong(
                        self.t(Key::DraftName)
                            .split('（')
                            .next()
                            .unwrap_or_default(),
                    );
                    ui.strong(self.t(Key::DraftTime));
                    ui.strong(self.t(Key::Author));
                    ui.strong("字数");
                    ui.strong(self.t(Key::Note));
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
                            if ui.small_button(self.t(Key::CompareDraft)).clicked() {
                                answer = Some(Some(Command::Compare {
                                    from: super::review::Version::Draft(d.name.clone()),
                                    to: super::review::Version::WorkingCopy,
                                }));
                            }
                            if ui.small_button(self.t(Key::RestoreDraft)).clicked() {
                                answer = Some(Some(Command::RestoreDraft(d.name.clone())));
                            }
                            if ui.small_button(self.t(Key::RenameDraft)).clicked() {
                                list.renaming = Some((d.name.clone(), d.name.clone()));
                            }
                            if ui.small_button(self.t(Key::DeleteDraft)).clicked() {
                                answer = Some(Some(Command::DeleteDraft(d.name.clone())));
                            }
                        });
                        ui.end_row();
                    }
                });
            });
        if ui.button(self.t(Key::Close)).clicked() {
            answer = Some(None);
        }
        answer
    }

    /// Runs a draft command.
    pub(super) fn run_draft_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::ShowRecordDraft => {
                self.modal = Some(super::app::Modal::RecordDraft(self.draft_form()));
            }
            Command::ShowDrafts => {
                self.modal = Some(super::app::Modal::Drafts(DraftList::default()));
            }
            Command::RecordDraft { name, author, note } => {
                let author = if author.is_empty() {
                    system_user()
                } else {
                    author
                };
                self.prefs.author = Some(author.clone());
                let draft = crate::core::draft::Draft::record(
                    &name,
                    &author,
                    &note,
                    self.session.document(),
                );
                self.session.record_draft(draft);
                let text = tr_args(self.lang(), Key::DraftRecorded, &[&name]);
                self.notify(ctx, text, false);
            }
            Command::RestoreDraft(name) => {
                if let Some(result) = self.session.restore_draft(&name) {
                    let is_ok = result.is_ok();
                    self.after_change(ctx, result);
                    if is_ok {
                        self.editor = Default::default();
                        let text = tr_args(self.lang(), Key::DraftRestored, &[&name]);
                        self.notify(ctx, text, false);
                    }
                }
            }
            Command::RenameDraft { from, to } => {
                if self.session.rename_draft(&from, &to) {
                    self.modal = Some(super::app::Modal::Drafts(DraftList::default()));
                } else {
                    let text = self.t(Key::NameTaken).to_owned();
                    self.notify(ctx, text, true);
                }
            }
            Command::DeleteDraft(name) => {
                self.session.delete_draft(&name);
                self.modal = Some(super::app::Modal::Drafts(DraftList::default()));
            }
            _ => {}
        }
    }
}
