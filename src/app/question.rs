//! The questions that hold the app until answered: unsaved changes, deleting a section, a
//! read-only file, a recovery copy, and the dialogs that take the user's input (recording a
//! draft, the list of drafts, exporting, the list of shortcuts).

use std::path::PathBuf;

use super::command::Command;
use super::drafts::{DraftForm, DraftList};
use super::export::ExportForm;
use crate::core::document::SectionId;
use crate::core::storage::PlanFile;

/// A question on screen.
#[derive(Clone, Debug)]
pub enum Question {
    /// Unsaved changes: save, discard or cancel before `then`.
    Unsaved {
        /// What to do once the changes are saved or discarded.
        then: Box<Command>,
    },
    /// Confirm deleting a section with content.
    ConfirmDelete(SectionId),
    /// The file may not be written: offer Save As.
    ReadOnly(PathBuf),
    /// A recovery copy was found.
    Recovery {
        /// The recovered document and drafts.
        document: Box<PlanFile>,
        /// Where the copy is.
        path: PathBuf,
    },
    /// The list of keyboard shortcuts.
    Shortcuts,
    /// Recording the working copy as a draft.
    RecordDraft(DraftForm),
    /// The list of drafts.
    Drafts(DraftList),
    /// Exporting, with a preview.
    Export(Box<ExportForm>),
}

impl Question {
    /// Whether Escape may dismiss it: everything but a recovery copy, which must be
    /// answered (keep or throw away), never skipped.
    pub fn may_dismiss(&self) -> bool {
        !matches!(self, Question::Recovery { .. })
    }
}
