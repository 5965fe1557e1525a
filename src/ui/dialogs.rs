//! The dialogs that hold the app until answered: unsaved changes, deleting a section, a
//! read-only file, a recovery copy, recording a draft, the list of drafts and the keyboard
//! shortcuts.

use super::app::{Modal, PlandraftApp};
use super::command::Command;
use super::i18n::{Key, tr_args};

impl PlandraftApp {
    /// Draws the dialog on screen, if any, and queues what its answer asks for.
    pub(super) fn modal_ui(&mut self, ctx: &egui::Context) {
        // Taken out while drawn (no copy of a recovered document per frame), put back below.
        let Some(mut modal) = self.modal.take() else {
            return;
        };
        let lang = self.lang();
        let mut answer: Option<Option<Command>> = None;
        egui::Modal::new(egui::Id::unique("modal")).show(ctx, |ui| {
            if !matches!(modal, Modal::Export(_)) {
                ui.set_max_width(480.0);
            }
            match &mut modal {
                Modal::Unsaved { then } => {
                    ui.heading(self.t(Key::UnsavedTitle));
                    ui.label(tr_args(lang, Key::UnsavedBody, &[&self.document_name()]));
                    ui.horizontal(|ui| {
                        if ui.button(self.t(Key::SaveButton)).clicked() {
                            answer = Some(Some(Command::Save));
                            self.after_save = Some((**then).clone());
                        }
                        if ui.button(self.t(Key::DiscardButton)).clicked() {
                            answer = Some(Some(Command::Confirmed(then.clone())));
                        }
                        if ui.button(self.t(Key::CancelButton)).clicked() {
                            answer = Some(None);
                        }
                    });
                }
                Modal::ConfirmDelete(id) => {
                    let name = self
                        .session
                        .document()
                        .section(*id)
                        .map(|s| self.session.numbers().label(s.id) + &s.heading)
                        .unwrap_or_default();
                    ui.heading(self.t(Key::DeleteTitle));
                    ui.label(tr_args(lang, Key::DeleteBody, &[&name]));
                    ui.horizontal(|ui| {
                        if ui.button(self.t(Key::DeleteButton)).clicked() {
                            answer = Some(Some(Command::DeleteConfirmed(*id)));
                        }
                        if ui.button(self.t(Key::CancelButton)).clicked() {
                            answer = Some(None);
                        }
                    });
                }
                Modal::ReadOnly(path) => {
                    ui.heading(self.t(Key::ReadOnlyTitle));
                    ui.label(tr_args(
                        lang,
                        Key::ReadOnlyBody,
                        &[&path.display().to_string()],
                    ));
                    ui.horizontal(|ui| {
                        if ui.button(self.t(Key::SaveAsButton)).clicked() {
                            answer = Some(Some(Command::SaveAs));
                        }
                        if ui.button(self.t(Key::CancelButton)).clicked() {
                            self.after_save = None;
                            answer = Some(None);
                        }
                    });
                }
                Modal::Recovery { path, .. } => {
                    ui.heading(self.t(Key::RecoveryTitle));
                    let name = if Some(&*path) == self.session.recovery_path().as_ref() {
                        self.document_name()
                    } else {
                        self.t(Key::Untitled).to_owned()
                    };
                    ui.label(tr_args(lang, Key::RecoveryBody, &[&name]));
                    ui.horizontal(|ui| {
                        if ui.button(self.t(Key::RecoverButton)).clicked() {
                            answer = Some(Some(Command::Recover {
                                document: Box::default(),
                                path: path.clone(),
                            }));
                        }
                        if ui.button(self.t(Key::DiscardRecovery)).clicked() {
                            answer = Some(Some(Command::DiscardRecovery(path.clone())));
                        }
                    });
                }
                Modal::RecordDraft(form) => answer = self.record_draft_ui(ui, form),
                Modal::Drafts(list) => answer = self.drafts_ui(ui, list),
                Modal::Export(form) => answer = self.export_ui(ui, form),
                Modal::Shortcuts => {
                    ui.heading(self.t(Key::Shortcuts));
                    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                        ui.strong(self.t(Key::ShortcutHeader));
                        ui.strong(self.t(Key::KeysHeader));
                        ui.end_row();
                        for s in super::command::shortcuts() {
                            ui.label(s.text.text(lang));
                            ui.label(ctx.format_shortcut(&s.keys));
                            ui.end_row();
                        }
                    });
                    ui.label(self.t(Key::DropHint));
                    if ui.button(self.t(Key::Close)).clicked() {
                        answer = Some(None);
                    }
                }
            }
        });
        // Escape cancels, as the Cancel or Close button would; a recovery copy must be
        // answered, so Escape does not dismiss that question.
        let is_cancelled = answer.is_none()
            && !matches!(modal, Modal::Recovery { .. })
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        if is_cancelled {
            answer = Some(None);
        }
        match answer {
            None => self.modal = Some(modal),
            Some(next) => {
                if let Some(mut command) = next {
                    // The recovered text moves out of the dialog into the command.
                    if let (
                        Command::Recover { document, .. },
                        Modal::Recovery {
                            document: found, ..
                        },
                    ) = (&mut command, modal)
                    {
                        *document = found;
                    }
                    self.push(command);
                }
            }
        }
    }
}
