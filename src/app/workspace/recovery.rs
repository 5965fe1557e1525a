//! The workspace's safety nets: the recovery copy of unsaved changes (written every minute,
//! offered back after a crash), the shared file's lock, and the question before closing.

use std::path::{Path, PathBuf};

use crate::app::command::{Command, Selection};
use crate::app::i18n::{self, Key, tr_args};
use crate::app::question::Question;
use crate::core::document::Document;
use crate::core::draft::system_user;
use crate::core::session::{RecoveryCopy, Session};
use crate::core::shared::{self, Holder};

use super::{Effect, Workspace};

impl Workspace {
    /// Where this document's recovery copy goes.
    pub fn recovery_path(&self) -> Option<PathBuf> {
        self.session
            .recovery_path()
            .or_else(|| self.untitled_recovery.clone())
    }

    pub(super) fn remove_recovery(&self) {
        if let Some(path) = self.recovery_path() {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Whether the recovery question is on screen (its copy must stay until answered).
    pub(super) fn is_recovery_pending(&self) -> bool {
        matches!(self.question, Some(Question::Recovery { .. }))
    }

    /// Offers a recovery copy for the open document if it holds other text than the
    /// document; also offers an untitled document's copy left by a crash, whatever is open.
    /// A copy that cannot be read is left where it is, and the notice says where.
    pub fn check_recovery(&mut self) -> Vec<Effect> {
        self.find_recovery();
        self.take_effects()
    }

    pub(super) fn find_recovery(&mut self) {
        let candidates = [self.recovery_path(), self.untitled_recovery.clone()];
        for recovery in candidates.into_iter().flatten() {
            match self.session.find_recovery(&recovery) {
                Some(RecoveryCopy::Differs(document)) => {
                    self.question = Some(Question::Recovery {
                        document,
                        path: recovery,
                    });
                    break;
                }
                Some(RecoveryCopy::Unreadable(e)) => {
                    let text = tr_args(
                        self.lang(),
                        Key::RecoveryUnreadable,
                        &[
                            &recovery.display().to_string(),
                            &i18n::storage_error(self.lang(), &e),
                        ],
                    );
                    self.notify(text, true);
                }
                None => {}
            }
        }
    }

    /// What the shell does every minute: writes the recovery copy of unsaved changes, tells
    /// the lock file this app still has the file open, and says (once) if someone else
    /// saved the file meanwhile.
    pub fn write_recovery(&mut self) -> Vec<Effect> {
        if !self.is_recovery_pending()
            && let Some(path) = self.recovery_path()
            && let Err(e) = self.session.write_recovery(&path)
        {
            let text = i18n::storage_error(self.lang(), &e);
            self.notify(text, true);
        }
        if let Some(path) = &self.lock_held {
            let _ = shared::refresh(path);
        }
        if !self.is_change_told
            && let Some(path) = self.session.path().map(Path::to_owned)
            && self.session.is_changed_on_disk()
        {
            self.is_change_told = true;
            let who = shared::holder_of(&path).filter(|h| !h.is_me()).map_or_else(
                || self.t(Key::SomeoneElse).to_owned(),
                |h| i18n::holder_name(self.lang(), &h),
            );
            let text = tr_args(
                self.lang(),
                Key::ChangedOnDiskNotice,
                &[&self.document_name(), &who],
            );
            self.notify(text, true);
        }
        self.take_effects()
    }

    /// Says in the open file's lock file that this app has it open, unless someone else
    /// has (then the user was asked, and chose to open it anyway or read-only).
    pub(super) fn claim_lock(&mut self) {
        let Some(path) = self.session.path().map(Path::to_owned) else {
            return;
        };
        let me = Holder::me(&self.prefs.author.clone().unwrap_or_else(system_user));
        if let Ok(shared::Claim::Ours) = shared::claim(&path, &me) {
            self.lock_held = Some(path);
        }
    }

    /// Takes this app's name out of the lock file of the file it had open.
    pub(super) fn release_lock(&mut self) {
        if let Some(path) = self.lock_held.take() {
            let _ = shared::release(&path);
        }
    }

    /// The window is asked to close: returns whether it may. With unsaved changes the
    /// unsaved-changes question is asked instead; without, the recovery copy goes (unless
    /// the recovery question is still waiting for its answer).
    pub fn close_requested(&mut self) -> bool {
        if self.is_close_allowed {
            return true;
        }
        if self.needs_saving() {
            if self.question.is_none() {
                self.question = Some(Question::Unsaved {
                    then: Box::new(Command::Quit),
                });
            }
            return false;
        }
        if !self.is_recovery_pending() {
            self.remove_recovery();
        }
        self.release_lock();
        true
    }

    pub(super) fn recover(&mut self, document: crate::core::storage::PlanFile, path: &Path) {
        if self.session.recovery_path().as_deref() == Some(path) {
            self.session.restore(document);
            self.selection = Selection::Front;
        } else {
            // An untitled document's copy: it opens as that untitled document.
            let mut session = Session::new(Document::default());
            session.restore(document);
            self.replace_session(session, None);
        }
        let text = self.t(Key::Unsaved).to_owned();
        self.notify(text, false);
    }
}
