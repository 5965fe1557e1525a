//! The dialogs that hold the app until answered: unsaved changes, deleting a section, a
//! read-only file, a recovery copy, recording a draft, the list of drafts and the keyboard
//! shortcuts.

use super::command::Command;
use super::i18n::{Key, clock_time, holder_name, tr_args};
use crate::app::Workspace;
use crate::app::question::Question;

/// Draws the question on screen; returns its answer, if given: the command to run (None
/// for Cancel or Close), which the shell runs as [`Command::Answer`]. Forms are filled in
/// in place.
pub fn show(ctx: &egui::Context, ws: &Workspace, modal: &mut Question) -> Option<Option<Command>> {
    {
        let lang = ws.lang();
        let mut answer: Option<Option<Command>> = None;
        egui::Modal::new(egui::Id::unique("modal")).show(ctx, |ui| {
            if !matches!(modal, Question::Export(_)) {
                ui.set_max_width(480.0);
            }
            match modal {
                Question::Unsaved { then } => {
                    ui.heading(ws.t(Key::UnsavedTitle));
                    ui.label(tr_args(lang, Key::UnsavedBody, &[&ws.document_name()]));
                    ui.horizontal(|ui| {
                        if ui.button(ws.t(Key::SaveButton)).clicked() {
                            answer = Some(Some(Command::SaveThen(then.clone())));
                        }
                        if ui.button(ws.t(Key::DiscardButton)).clicked() {
                            answer = Some(Some(Command::Confirmed(then.clone())));
                        }
                        if ui.button(ws.t(Key::CancelButton)).clicked() {
                            answer = Some(None);
                        }
                    });
                }
                Question::ConfirmDelete(id) => {
                    let name = ws
                        .session
                        .document()
                        .section(*id)
                        .map(|s| ws.session.numbers().label(s.id) + &s.heading)
                        .unwrap_or_default();
                    ui.heading(ws.t(Key::DeleteTitle));
                    ui.label(tr_args(lang, Key::DeleteBody, &[&name]));
                    ui.horizontal(|ui| {
                        if ui.button(ws.t(Key::DeleteButton)).clicked() {
                            answer = Some(Some(Command::DeleteConfirmed(*id)));
                        }
                        if ui.button(ws.t(Key::CancelButton)).clicked() {
                            answer = Some(None);
                        }
                    });
                }
                Question::ReadOnly(path) => {
                    ui.heading(ws.t(Key::ReadOnlyTitle));
                    ui.label(tr_args(
                        lang,
                        Key::ReadOnlyBody,
                        &[&path.display().to_string()],
                    ));
                    ui.horizontal(|ui| {
                        if ui.button(ws.t(Key::SaveAsButton)).clicked() {
                            answer = Some(Some(Command::SaveAs));
                        }
                        if ui.button(ws.t(Key::CancelButton)).clicked() {
                            answer = Some(None);
                        }
                    });
                }
                Question::ChangedOnDisk { path, holder } => {
                    ui.heading(ws.t(Key::ChangedTitle));
                    let who = holder.as_ref().map_or_else(
                        || ws.t(Key::SomeoneElse).to_owned(),
                        |h| holder_name(lang, h),
                    );
                    ui.label(tr_args(lang, Key::ChangedBody, &[&file_name(path), &who]));
                    ui.horizontal_wrapped(|ui| {
                        if ui.button(ws.t(Key::MergeTheirs)).clicked() {
                            answer = Some(Some(Command::MergeDisk));
                        }
                        if ui.button(ws.t(Key::CompareTheirs)).clicked() {
                            answer = Some(Some(Command::CompareWithDisk));
                        }
                        if ui.button(ws.t(Key::SaveAsButton)).clicked() {
                            answer = Some(Some(Command::SaveAs));
                        }
                        if ui.button(ws.t(Key::OverwriteButton)).clicked() {
                            answer = Some(Some(Command::AskOverwrite));
                        }
                        if ui.button(ws.t(Key::CancelButton)).clicked() {
                            answer = Some(None);
                        }
                    });
                }
                Question::ConfirmOverwrite {
                    path,
                    holder,
                    saved_at,
                } => {
                    ui.heading(ws.t(Key::OverwriteTitle));
                    let who = holder.as_ref().map_or_else(
                        || ws.t(Key::SomeoneElse).to_owned(),
                        |h| holder_name(lang, h),
                    );
                    let when = saved_at.map(clock_time).unwrap_or_default();
                    let backup = format!("{}.bak", file_name(path));
                    ui.label(tr_args(
                        lang,
                        Key::OverwriteBody,
                        &[&who, &when, &file_name(path), &backup],
                    ));
                    ui.horizontal(|ui| {
                        if ui.button(ws.t(Key::OverwriteConfirm)).clicked() {
                            answer = Some(Some(Command::SaveOver));
                        }
                        if ui.button(ws.t(Key::CancelButton)).clicked() {
                            answer = Some(None);
                        }
                    });
                }
                Question::Locked { path, holder, .. } => {
                    ui.heading(ws.t(Key::LockedTitle));
                    ui.label(tr_args(
                        lang,
                        Key::LockedBody,
                        &[
                            &file_name(path),
                            &holder_name(lang, holder),
                            &clock_time(holder.since()),
                        ],
                    ));
                    ui.horizontal(|ui| {
                        if ui.button(ws.t(Key::OpenReadOnly)).clicked() {
                            let open = Command::OpenLocked { is_read_only: true };
                            answer = Some(Some(open));
                        }
                        if ui.button(ws.t(Key::OpenAnyway)).clicked() {
                            let open = Command::OpenLocked {
                                is_read_only: false,
                            };
                            answer = Some(Some(open));
                        }
                        if ui.button(ws.t(Key::CancelButton)).clicked() {
                            answer = Some(None);
                        }
                    });
                }
                Question::Recovery { path, .. } => {
                    ui.heading(ws.t(Key::RecoveryTitle));
                    let name = if Some(&*path) == ws.session.recovery_path().as_ref() {
                        ws.document_name()
                    } else {
                        ws.t(Key::Untitled).to_owned()
                    };
                    ui.label(tr_args(lang, Key::RecoveryBody, &[&name]));
                    ui.horizontal(|ui| {
                        if ui.button(ws.t(Key::RecoverButton)).clicked() {
                            answer = Some(Some(Command::Recover {
                                document: Box::default(),
                                path: path.clone(),
                            }));
                        }
                        if ui.button(ws.t(Key::DiscardRecovery)).clicked() {
                            answer = Some(Some(Command::DiscardRecovery(path.clone())));
                        }
                    });
                }
                Question::RecordDraft(form) => {
                    answer = super::drafts::record_draft_ui(ui, ws, form)
                }
                Question::Drafts(list) => answer = super::drafts::drafts_ui(ui, ws, list),
                Question::AddComment(form) => {
                    answer = super::comments::add_comment_ui(ui, ws, form)
                }
                Question::FeedbackUnits(form) => answer = super::feedback::units_ui(ui, ws, form),
                Question::Export(form) => answer = super::export::export_ui(ui, ws, form),
                Question::About => {
                    ui.heading(ws.t(Key::AboutName));
                    ui.label(ws.t(Key::AboutText));
                    ui.label(tr_args(
                        lang,
                        Key::AboutVersion,
                        &[env!("CARGO_PKG_VERSION"), crate::app::about::BUILD_DATE],
                    ));
                    match &ws.preferences_dir {
                        Some(dir) => {
                            ui.label(tr_args(
                                lang,
                                Key::AboutPreferences,
                                &[&dir.display().to_string()],
                            ));
                        }
                        None => {
                            ui.label(ws.t(Key::AboutNoPreferences));
                        }
                    }
                    ui.weak(ws.t(Key::AboutLicence));
                    if ui.button(ws.t(Key::Close)).clicked() {
                        answer = Some(None);
                    }
                }
                Question::Shortcuts => {
                    ui.heading(ws.t(Key::Shortcuts));
                    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                        ui.strong(ws.t(Key::ShortcutHeader));
                        ui.strong(ws.t(Key::KeysHeader));
                        ui.end_row();
                        for s in super::command::shortcuts() {
                            ui.label(s.text.text(lang));
                            ui.label(ctx.format_shortcut(&s.keys));
                            ui.end_row();
                        }
                    });
                    ui.label(ws.t(Key::DropHint));
                    if ui.button(ws.t(Key::Close)).clicked() {
                        answer = Some(None);
                    }
                }
            }
        });
        // Escape cancels, as the Cancel or Close button would; a recovery copy must be
        // answered, so Escape does not dismiss that question.
        let is_cancelled = answer.is_none()
            && modal.may_dismiss()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        if is_cancelled {
            answer = Some(None);
        }
        answer
    }
}

/// A file's name, as questions name it.
fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
