//! The workspace's files: answers from the file dialogs, opening any file (a plan, text,
//! Word), the import report, and saving with what follows a save.

use std::path::{Path, PathBuf};

use crate::app::command::{Command, Selection};
use crate::app::files::{DialogAnswer, DialogKind};
use crate::app::i18n::{self, Key, tr_args};
use crate::app::question::Question;
use crate::app::review::Review;
use crate::core::document::Document;
use crate::core::edit::Edit;
use crate::core::open::{self, Opened, Source};
use crate::core::session::Session;
use crate::core::shared;
use crate::core::storage::StorageError;
use crate::core::write::WriteError;

use super::{Effect, Workspace};

impl Workspace {
    /// Runs a command on files: new, open, import, save, save as, saving over someone
    /// else's save, comparing with it, quitting. `is_confirmed`: the user already agreed to
    /// lose unsaved changes.
    pub(super) fn run_file_command(&mut self, command: Command, is_confirmed: bool) {
        match command {
            Command::New => {
                self.remove_recovery();
                self.replace_session(Session::new(Document::default()), None);
            }
            Command::Open | Command::OpenForReview | Command::ImportText => {
                let kind = match command {
                    Command::Open => DialogKind::Open,
                    Command::OpenForReview => DialogKind::OpenForReview,
                    _ => DialogKind::ImportText,
                };
                self.open_confirmed_at = is_confirmed.then(|| self.session.version());
                self.effect(Effect::AskFile(kind));
            }
            Command::OpenPath(path) => self.open_path(&path),
            Command::Save => match self.session.path().map(Path::to_owned) {
                Some(path) if !self.is_read_only => self.save_to(&path),
                _ => self.execute(Command::SaveAs, false),
            },
            Command::AskOverwrite => {
                if let Some(path) = self.session.path().map(Path::to_owned) {
                    let saved_at = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
                    self.question = Some(Question::ConfirmOverwrite {
                        holder: shared::holder_of(&path).filter(|h| !h.is_me()),
                        path,
                        saved_at,
                    });
                }
            }
            Command::SaveOver => {
                let result = self.session.save_over();
                self.saved(result);
            }
            Command::CompareWithDisk => {
                self.after_save = None;
                if let Some(path) = self.session.path().map(Path::to_owned) {
                    self.compare_with_file(&path, true);
                }
            }
            // Without the question's file it is the answer to, there is nothing to open.
            Command::OpenLocked { .. } => {}
            Command::SaveAs => {
                let suggested = self
                    .session
                    .suggested_path()
                    .unwrap_or_else(|| format!("{}.ron", self.document_name()).into());
                self.effect(Effect::AskFile(DialogKind::SaveAs { suggested }));
            }
            Command::SaveTo(path) => self.save_to(&path),
            Command::Quit => {
                self.remove_recovery();
                self.release_lock();
                self.is_close_allowed = true;
                self.effect(Effect::Close);
            }
            _ => {}
        }
    }

    /// Takes a file dialog's answer.
    pub fn file_chosen(&mut self, answer: DialogAnswer) -> Vec<Effect> {
        let DialogAnswer { kind, path, others } = answer;
        let confirmed_at = match kind {
            DialogKind::Open | DialogKind::OpenForReview | DialogKind::ImportText => {
                self.open_confirmed_at.take()
            }
            _ => None,
        };
        let Some(path) = path else {
            // A cancelled Save As also cancels what was to follow it.
            if let DialogKind::SaveAs { .. } = kind {
                self.after_save = None;
            }
            return self.take_effects();
        };
        match kind {
            DialogKind::Open | DialogKind::OpenForReview | DialogKind::ImportText => {
                self.consult.review_path =
                    (kind == DialogKind::OpenForReview).then(|| path.clone());
                // The user agreed to discard changes before choosing; if they typed more
                // while the dialog was open, ask again.
                let is_confirmed = confirmed_at == Some(self.session.version());
                self.execute(Command::OpenPath(path), is_confirmed);
            }
            DialogKind::Export { what, .. } => {
                let path = with_extension(path, what.extension());
                self.export_to(what, &path);
            }
            DialogKind::Compare { is_old_side } => self.compare_with_file(&path, is_old_side),
            DialogKind::MergeCopy => self.merge_from(&path),
            DialogKind::Feedback => {
                let mut paths = vec![path];
                paths.extend(others);
                self.execute(Command::CollectFrom(paths), false);
            }
            DialogKind::SaveAs { .. } => self.save_to(&with_extension(path, "ron")),
        }
        self.refresh();
        self.take_effects()
    }

    /// The shell could not show a file dialog (another one is open): what waited for its
    /// answer is dropped.
    pub fn file_dialog_refused(&mut self, kind: &DialogKind) {
        match kind {
            DialogKind::SaveAs { .. } => self.after_save = None,
            DialogKind::Open | DialogKind::OpenForReview | DialogKind::ImportText => {
                self.open_confirmed_at = None
            }
            _ => {}
        }
    }

    pub(super) fn open_path(&mut self, path: &Path) {
        match open::open(path) {
            Ok(opened) => self.opened(opened),
            Err(e) => {
                let detail = i18n::open_error(self.lang(), &e);
                let text = tr_args(self.lang(), Key::OpenFailed, &[&detail]);
                self.notify(text, true);
            }
        }
    }

    /// Shows a freshly opened file, or first asks if someone else has it open.
    pub(super) fn opened(&mut self, opened: Opened) {
        let holder = matches!(opened.source, Source::Plandraft)
            .then(|| shared::holder_of(&opened.path))
            .flatten()
            .filter(|h| !h.is_me());
        match holder {
            Some(holder) => {
                self.question = Some(Question::Locked {
                    path: opened.path.clone(),
                    holder,
                    opened: Some(Box::new(opened)),
                });
            }
            None => self.show_opened(opened),
        }
    }

    /// Shows a freshly opened file.
    pub(super) fn show_opened(&mut self, opened: Opened) {
        self.remove_recovery();
        let path = opened.path.clone();
        let notice = match &opened.source {
            Source::Plandraft => tr_args(self.lang(), Key::Opened, &[&path.display().to_string()]),
            Source::Text(report) => {
                let mut notice = tr_args(
                    self.lang(),
                    Key::ImportedNotice,
                    &[
                        &path.display().to_string(),
                        &report.sections_per_level.iter().sum::<usize>().to_string(),
                    ],
                );
                // Renumbered headings and footnote references are said, not left silent.
                if let Some(first) = report.warnings.first() {
                    notice += &tr_args(
                        self.lang(),
                        Key::ImportWarnings,
                        &[
                            &report.warnings.len().to_string(),
                            &i18n::import_warning(self.lang(), first),
                        ],
                    );
                }
                notice
            }
        };
        self.prefs.remember(&path);
        let report = match &opened.source {
            Source::Text(report) => Some(report.as_ref().clone()),
            Source::Plandraft => None,
        };
        self.replace_session(Session::from_opened(opened), None);
        if let Some(report) = report {
            self.set_import_report(&path, report);
        }
        self.consult.is_reviewing = self.consult.review_path.take().as_ref() == Some(&path);
        let notice = if self.consult.is_reviewing {
            format!("{notice} {}", self.t(Key::ReviewingNotice))
        } else {
            notice
        };
        self.notify(notice, false);
        self.find_recovery();
    }

    /// Shows what importing `path` found (opened when there is anything to check).
    pub fn set_import_report(&mut self, path: &Path, report: crate::core::import::ImportReport) {
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.import_findings = Some(crate::app::import_report::ImportFindings::new(file, report));
    }

    /// Keeps finding `index`'s written number: the section restarts at it.
    pub(super) fn keep_written_number(&mut self, index: usize) {
        let Some(finding) = self
            .import_findings
            .as_ref()
            .and_then(|f| f.findings.get(index))
        else {
            return;
        };
        let (Some(id), Some(value)) = (finding.section, finding.written) else {
            return;
        };
        let result = self.session.apply(Edit::SetRestart {
            id,
            restart: Some(value),
        });
        self.selection = Selection::Section(id);
        self.after_change(result);
    }

    /// Puts another session in place of the current one.
    pub fn replace_session(&mut self, session: Session, untitled_name: Option<String>) {
        self.import_findings = None;
        self.release_lock();
        self.session = session;
        self.other_editor = None;
        self.is_read_only = false;
        self.consult.is_reviewing = false;
        self.is_change_told = false;
        self.claim_lock();
        // A question about the old document must not act on the new one.
        self.question = None;
        self.after_save = None;
        self.untitled_name = untitled_name;
        self.selection = Selection::Front;
        self.collapsed.clear();
        self.find.invalidate();
        self.review = Review::default();
        // The export dialog keeps its format and text options, not the old file's draft or
        // sections.
        if let Some(form) = &mut self.last_export {
            form.draft = None;
            form.chosen.clear();
        }
    }

    pub(super) fn save_to(&mut self, path: &Path) {
        let old_recovery = self.recovery_path();
        let old_path = self.session.path().map(Path::to_owned);
        let result = self.session.save_as(path);
        if result.is_ok() {
            if let Some(r) = old_recovery {
                let _ = std::fs::remove_file(r);
            }
            // Saved under another name: that file is the one this app now edits.
            if old_path.as_deref() != Some(path) {
                self.release_lock();
                self.other_editor = None;
                self.is_read_only = false;
                self.claim_lock();
            }
        }
        self.saved(result);
    }

    /// Follows a save: says so and goes on with what waited for it, or asks what to do.
    pub(super) fn saved(&mut self, result: Result<(), StorageError>) {
        match result {
            Ok(()) => {
                let path = self.session.path().map(Path::to_owned).unwrap_or_default();
                self.untitled_name = None;
                self.is_change_told = false;
                self.prefs.remember(&path);
                let text = tr_args(self.lang(), Key::SavedTo, &[&path.display().to_string()]);
                self.notify(text, false);
                if let Some(next) = self.after_save.take() {
                    self.execute(next, true);
                }
            }
            // A read-only file: offer Save As, and carry on afterwards (closing, say) as a
            // save would have.
            Err(StorageError::Write(WriteError::ReadOnly { path })) => {
                self.question = Some(Question::ReadOnly(path));
            }
            // Someone else saved meanwhile: their work is not overwritten without asking.
            Err(StorageError::ChangedOnDisk { path, holder }) => {
                self.question = Some(Question::ChangedOnDisk { path, holder });
            }
            Err(e) => {
                self.after_save = None;
                let detail = i18n::storage_error(self.lang(), &e);
                let text = tr_args(self.lang(), Key::SaveFailed, &[&detail]);
                self.notify(text, true);
            }
        }
    }
}

/// A file name typed without an extension gets `ext`.
fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension(ext)
    } else {
        path
    }
}
