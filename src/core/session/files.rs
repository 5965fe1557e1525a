//! The session's file: saving (never over someone else's save unasked), merging in another
//! copy or someone else's save, and the recovery copy of unsaved changes.

use std::path::{Path, PathBuf};

use super::{Session, next_revision};
use crate::core::edit::{Edit, EditError};
use crate::core::merge::{self, FileMerge, MergeError};
use crate::core::numbering::Numbers;
use crate::core::shared::DiskState;
use crate::core::storage::{self, PlanFile, StorageError};

/// A recovery copy found beside a document.
#[derive(Debug)]
pub enum RecoveryCopy {
    /// It holds other text than the document: offer it.
    Differs(Box<PlanFile>),
    /// It cannot be read (damaged, or written by a newer plandraft): it stays on disk.
    Unreadable(StorageError),
}

/// Why another copy could not be merged in; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum MergeFailure {
    /// The copy could not be read.
    #[error(transparent)]
    Load(#[from] StorageError),
    /// The copies cannot be merged (not one document, nothing in common).
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// The merged document could not be put in place.
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// The error of saving a document that has no file yet.
fn no_file_name() -> StorageError {
    StorageError::Io {
        action: "saving",
        path: PathBuf::from("(no file name yet)"),
        reason: std::io::Error::new(std::io::ErrorKind::NotFound, "choose a file name"),
    }
}

impl Session {
    /// Saves to the session's file. Fails if it has none (use [`Session::save_as`]).
    pub fn save(&mut self) -> Result<(), StorageError> {
        let path = self.path.clone().ok_or_else(no_file_name)?;
        self.save_as(&path)
    }

    /// Saves to `path`, which becomes the session's file; the old recovery copy goes. Saving
    /// to the session's own file that someone else changed since it was opened (or last
    /// saved) here does not overwrite their work: [`StorageError::ChangedOnDisk`].
    pub fn save_as(&mut self, path: &Path) -> Result<(), StorageError> {
        let expected = self.disk.filter(|_| self.path.as_deref() == Some(path));
        self.write_file(path, expected.as_ref())
    }

    /// Saves to the session's file even though someone else changed it since (the user
    /// saw who and agreed).
    pub fn save_over(&mut self) -> Result<(), StorageError> {
        let path = self.path.clone().ok_or_else(no_file_name)?;
        self.write_file(&path, None)
    }

    /// Merges the copy at `path` into the working copy, drafts and review decisions: the
    /// document changes as one undoable step (its conflicts kept in it). The base is what
    /// this session last read from or saved to `path` when it is the session's own file
    /// (someone else saved it meanwhile), else the newest state the two files share.
    pub fn merge_from(&mut self, path: &Path) -> Result<FileMerge, MergeFailure> {
        let theirs = storage::load(path)?;
        let ours = self.plan_file();
        let own_name = self
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from(self.display_name().unwrap_or_default()));
        merge::same_document((&own_name, &ours), (path, &theirs))?;
        let is_own_file = self
            .path
            .as_deref()
            .is_some_and(|p| crate::core::write::is_same_file(p, path));
        let base = match (&self.read, is_own_file) {
            (Some(read), true) => (**read).clone(),
            _ => {
                let ancestor = merge::common_ancestor(&ours, &theirs).ok_or_else(|| {
                    MergeError::NoCommonAncestor {
                        ours: own_name.clone(),
                        theirs: path.to_owned(),
                    }
                })?;
                PlanFile::new(ancestor.document)
            }
        };
        let merged = merge::merge_files(&base, &ours, &theirs);
        if merged.plan.document != self.document {
            self.apply(Edit::ReplaceDocument {
                document: Box::new(merged.plan.document.clone()),
            })?;
        }
        if merged.plan.drafts != self.drafts {
            self.drafts = merged.plan.drafts.clone();
            self.are_drafts_changed = true;
            self.drafts_revision = next_revision();
        }
        if merged.plan.decisions != self.decisions {
            self.decisions = merged.plan.decisions.clone();
            self.are_decisions_changed = true;
            self.drafts_revision = next_revision();
        }
        if merged.plan.feedback != self.feedback {
            self.feedback = merged.plan.feedback.clone();
            self.are_decisions_changed = true;
            self.drafts_revision = next_revision();
        }
        if self.lineage.is_none() {
            self.lineage = merged.plan.lineage.clone();
        }
        if is_own_file {
            // Their save is in the working copy now: the next save replaces it unasked.
            self.disk = DiskState::read(path).ok().flatten();
            self.read = Some(std::sync::Arc::new(theirs));
        }
        Ok(merged)
    }

    /// Whether the session's file now holds something other than what was opened or last
    /// saved here (someone else saved it). A file that cannot be read is not counted.
    pub fn is_changed_on_disk(&self) -> bool {
        match (&self.path, &self.disk) {
            (Some(path), Some(disk)) => {
                matches!(DiskState::read(path), Ok(Some(now)) if now != *disk)
            }
            _ => false,
        }
    }

    fn write_file(
        &mut self,
        path: &Path,
        expected: Option<&DiskState>,
    ) -> Result<(), StorageError> {
        let plan = self.plan_file();
        self.disk = Some(storage::save_shared(&plan, path, expected)?);
        self.read = Some(std::sync::Arc::new(plan));
        self.are_drafts_changed = false;
        self.are_decisions_changed = false;
        // Typing after a save starts a new undo step, so undo can come back to this state.
        self.history.close_group();
        self.is_recovered = false;
        let old_recovery = self.recovery_path();
        self.path = Some(path.to_owned());
        self.saved_version = Some(self.history.version());
        if let Some(r) = old_recovery {
            let _ = std::fs::remove_file(r);
        }
        if let Some(r) = self.recovery_path() {
            let _ = std::fs::remove_file(r);
        }
        Ok(())
    }

    /// Where the recovery copy of this session lives (beside its file or imported text).
    pub fn recovery_path(&self) -> Option<PathBuf> {
        self.path
            .as_deref()
            .or(self.imported_from.as_deref())
            .map(storage::recovery_path)
    }

    /// Writes the recovery copy to `path` if there are unsaved changes; removes it otherwise.
    pub fn write_recovery(&self, path: &Path) -> Result<(), StorageError> {
        if self.is_dirty() && !self.is_pristine() {
            storage::save_recovery(&self.plan_file(), path)
        } else {
            let _ = std::fs::remove_file(path);
            Ok(())
        }
    }

    /// The recovery copy at `recovery`, if there is one that holds something the document
    /// does not. A copy is removed only when it holds exactly the document (nothing can be
    /// lost); one that cannot be read stays on disk, for the user to look at.
    pub fn find_recovery(&self, recovery: &Path) -> Option<RecoveryCopy> {
        if !recovery.exists() {
            return None;
        }
        match storage::load(recovery) {
            Ok(plan) if plan == self.plan_file() => {
                let _ = std::fs::remove_file(recovery);
                None
            }
            Ok(plan) => Some(RecoveryCopy::Differs(Box::new(plan))),
            Err(e) => Some(RecoveryCopy::Unreadable(e)),
        }
    }

    /// Replaces the document with a recovered copy. The history starts afresh, and the
    /// document counts as unsaved until it is saved.
    pub fn restore(&mut self, recovered: PlanFile) {
        self.document = recovered.document;
        self.drafts = recovered.drafts;
        self.decisions = recovered.decisions;
        self.feedback = recovered.feedback;
        self.is_comment_only = recovered.is_comment_only;
        if recovered.lineage.is_some() {
            self.lineage = recovered.lineage;
        }
        self.drafts_revision = next_revision();
        self.history.clear();
        self.is_recovered = true;
        // The recovered text differs from the file: it must be saved to keep it.
        self.saved_version = None;
        self.revision = next_revision();
        self.numbers = Numbers::of(&self.document);
        self.recount_all();
    }
}
