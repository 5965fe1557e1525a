//! The questions that hold the app until answered: unsaved changes, deleting a section, a
//! read-only file, a recovery copy, and the dialogs that take the user's input (recording a
//! draft, the list of drafts, exporting, the list of shortcuts).

use std::path::PathBuf;
use std::time::SystemTime;

use super::command::Command;
use super::drafts::{DraftForm, DraftList};
use super::export::ExportForm;
use crate::core::document::SectionId;
use crate::core::open::Opened;
use crate::core::shared::Holder;
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
    /// Someone else saved the file since it was opened here: compare, save as, overwrite
    /// (asked again) or cancel.
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
        /// Who has it open, if the lock file says.
        holder: Option<Holder>,
    },
    /// Overwriting someone else's save, asked a second time with who and when.
    ConfirmOverwrite {
        /// The file.
        path: PathBuf,
        /// Who has it open, if the lock file says.
        holder: Option<Holder>,
        /// When the file was last saved.
        saved_at: Option<SystemTime>,
    },
    /// The file is open for editing elsewhere: open it read-only, open it anyway, or not.
    Locked {
        /// The file.
        path: PathBuf,
        /// Who has it open.
        holder: Holder,
        /// The file as read, to show if the answer is to open it (None: it is already
        /// the open document, as at start-up).
        opened: Option<Box<Opened>>,
    },
    /// The list of keyboard shortcuts.
    Shortcuts,
    /// 关于: the version, the build date, where the preferences live.
    About,
    /// Recording the working copy as a draft.
    RecordDraft(DraftForm),
    /// The list of drafts.
    Drafts(DraftList),
    /// Exporting, with a preview.
    Export(Box<ExportForm>),
    /// Writing a comment.
    AddComment(super::consult::CommentForm),
    /// Naming the units of returned copies that do not say which unit they came from.
    FeedbackUnits(super::consult::UnitsForm),
}

impl Question {
    /// Whether Escape may dismiss it: everything but a recovery copy, which must be
    /// answered (keep or throw away), never skipped.
    pub fn may_dismiss(&self) -> bool {
        !matches!(self, Question::Recovery { .. })
    }
}
