//! What the user asks for. Menus, shortcuts, context menus and panes produce [`Command`]s;
//! the workspace runs them through the core, so every way in shares one path.

use std::path::PathBuf;

use super::files::ExportKind;
use crate::core::document::SectionId;
use crate::core::edit::{Edit, Place};
use crate::core::search::Query;
use crate::core::storage::PlanFile;

use super::i18n::Lang;

/// What the editor pane shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The selected section, editable.
    #[default]
    Edit,
    /// The whole document, read-only, scrolling smoothly.
    Reading,
    /// Two versions compared.
    Review,
    /// The opinions collected in a 征求意见 round (反馈).
    Feedback,
}

/// What is selected in the outline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    /// The title block, stage line and preamble.
    #[default]
    Front,
    /// A section.
    Section(SectionId),
}

/// Where a new section goes, relative to the selected one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddWhere {
    /// A sibling before it.
    Before,
    /// A sibling after it.
    After,
    /// Its last child.
    Child,
}

/// Something the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Start a new, empty document.
    New,
    /// Choose a file to open.
    Open,
    /// Choose a text file to import.
    ImportText,
    /// Open this file.
    OpenPath(PathBuf),
    /// Save to the current file (or ask where).
    Save,
    /// Ask where to save.
    SaveAs,
    /// Save to this file.
    SaveTo(PathBuf),
    /// Show the export dialog.
    ShowExport,
    /// Print the working copy: its PDF, handed to the system's printing (打印).
    Print,
    /// Show the export dialog with the selected chapter chosen.
    ShowExportChapter,
    /// Export the working copy, a draft, the comparison or the review view.
    Export(ExportKind),
    /// Close the window.
    Quit,
    /// Undo the last step.
    Undo,
    /// Redo the last undone step.
    Redo,
    /// Show the find bar.
    ShowFind,
    /// Show the find bar with replace.
    ShowReplace,
    /// Hide the find bar.
    CloseFind,
    /// Go to the next match.
    FindNext,
    /// Go to the previous match.
    FindPrevious,
    /// Replace the current match.
    ReplaceOne,
    /// Replace every match.
    ReplaceAll,
    /// Select in the outline.
    Select(Selection),
    /// Add a section next to or under the selected one.
    Add(AddWhere),
    /// Delete the selected section (asks first when it has content).
    Delete,
    /// Delete a section without asking.
    DeleteConfirmed(SectionId),
    /// Put the cursor in the selected section's heading.
    Rename,
    /// Move the selected section up among its siblings.
    MoveUp,
    /// Move the selected section down among its siblings.
    MoveDown,
    /// Promote the selected section.
    Promote,
    /// Demote the selected section.
    Demote,
    /// Move a section (drag and drop).
    Move {
        /// The section dragged.
        id: SectionId,
        /// Where it was dropped.
        to: Place,
    },
    /// Apply a text edit from the editor pane; `group` merges a typing burst into one step.
    Edit {
        /// The edit.
        edit: Edit,
        /// Its typing group.
        group: Option<u64>,
    },
    /// Switch the editor pane.
    SetView(View),
    /// Expand every outline node.
    ExpandAll,
    /// Collapse every outline node.
    CollapseAll,
    /// Expand or collapse one node.
    ToggleExpanded(SectionId),
    /// Select the previous visible outline row.
    SelectPrevious,
    /// Select the next visible outline row.
    SelectNext,
    /// Collapse the selected node, or go to its parent.
    SelectParent,
    /// Expand the selected node, or go to its first child.
    SelectChild,
    /// Show the keyboard shortcuts.
    ShowShortcuts,
    /// Show 关于 (the version and where the preferences live).
    ShowAbout,
    /// Ask for a name and record the working copy as a draft.
    ShowRecordDraft,
    /// Record the working copy as a draft.
    RecordDraft {
        /// Its name.
        name: String,
        /// Who records it.
        author: String,
        /// What changed.
        note: String,
    },
    /// Show the list of drafts.
    ShowDrafts,
    /// Make a draft the working copy (undoable).
    RestoreDraft(String),
    /// Rename a draft.
    RenameDraft {
        /// Its name now.
        from: String,
        /// Its new name.
        to: String,
    },
    /// Delete a draft.
    DeleteDraft(String),
    /// Compare two versions in the review view.
    Compare {
        /// The old side.
        from: Version,
        /// The new side.
        to: Version,
    },
    /// Choose another file to compare with, on the old or the new side.
    ChooseCompareFile {
        /// Whether it becomes the old side.
        is_old_side: bool,
    },
    /// Go to the next change in the review view.
    NextChange,
    /// Keep the change shown in the review view, and take it off the list.
    AcceptChange,
    /// Undo the change shown in the review view in the working copy.
    RejectChange,
    /// Go to the previous change in the review view.
    PreviousChange,
    /// Run a command the user already agreed may discard unsaved changes.
    Confirmed(Box<Command>),
    /// Take up a recovered copy: into the open document when it is that document's copy,
    /// otherwise (an untitled document's copy) as a new untitled document.
    Recover {
        /// The recovered text and drafts.
        document: Box<PlanFile>,
        /// Where the copy was.
        path: PathBuf,
    },
    /// Throw this recovery copy away.
    DiscardRecovery(PathBuf),
    /// Save, then run the command (the unsaved-changes question's Save).
    SaveThen(Box<Command>),
    /// Ask a second time before overwriting what someone else saved.
    AskOverwrite,
    /// Save over what someone else saved (they were named and the user agreed).
    SaveOver,
    /// Compare what someone else saved with the working copy.
    CompareWithDisk,
    /// Choose another copy of the document to merge into the working copy.
    MergeCopy,
    /// Merge what someone else saved to the open file into the working copy.
    MergeDisk,
    /// Settle a merge conflict, by its index among the document's conflicts.
    Resolve {
        /// Which conflict.
        index: usize,
        /// How.
        how: crate::core::merge::Resolution,
    },
    /// Open the file that someone else is editing, read-only or not (the answer to that
    /// question; without it, opening a file someone edits asks first).
    OpenLocked {
        /// Whether saving goes to another file.
        is_read_only: bool,
    },
    /// The answer to the question on screen: it closes, and the command (if any) runs.
    Answer(Option<Box<Command>>),
    /// Point at a section (a context menu opened on it), without scrolling anything.
    Pick(SectionId),
    /// Look for something else in the find bar.
    SetFindQuery(Query),
    /// Replace matches with something else.
    SetReplacement(String),
    /// Go to a match of the find bar's list.
    GoToMatch(usize),
    /// Pick a section's change in the review (and a paragraph's, to accept or reject it
    /// alone), by their places in the comparison.
    PickInReview {
        /// The index among the comparison's sections.
        section: usize,
        /// The index among that section's paragraphs.
        paragraph: Option<usize>,
    },
    /// How the review shows a comparison.
    SetReviewOptions {
        /// Only the sections that changed.
        is_hiding_unchanged: bool,
        /// Old and new text in two columns.
        is_side_by_side: bool,
    },
    /// Show each section's 字数 in the outline, or not.
    SetShowCounts(bool),
    /// Show the comments beside the editor, or not.
    SetShowComments(bool),
    /// Shows or hides the import report of the file opened last.
    ShowImportReport(bool),
    /// Keeps the written number of the import report's finding at this index.
    KeepWrittenNumber(usize),
    /// The dark theme, or the light one.
    SetDark(bool),
    /// The UI language.
    SetLang(Lang),
    /// Ask for a comment on the selected section, on this passage if one is selected
    /// (插入批注, Ctrl+Alt+M).
    ShowAddComment(Option<Box<crate::core::comment::Quote>>),
    /// Ask for a comment on the whole selected section (the outline's menu).
    CommentOnSection,
    /// Add the comment written in the dialog (undoable).
    AddComment(Box<super::consult::CommentForm>),
    /// Answer a comment (undoable).
    ReplyComment {
        /// The comment.
        id: String,
        /// The answer.
        text: String,
    },
    /// Mark a comment resolved, or open again (undoable).
    ResolveComment {
        /// The comment.
        id: String,
        /// Resolved or not.
        is_resolved: bool,
    },
    /// Delete a comment (undoable).
    DeleteComment(String),
    /// Show the next open comment.
    NextComment,
    /// Show the previous open comment.
    PreviousComment,
    /// Show a comment's section, by the comment's id.
    ShowComment(String),
    /// Let the file be commented on only, or edited again.
    SetCommentOnly(bool),
    /// Choose a file to open for review (以审阅方式打开): comments only, the text
    /// read-only, for this session; the file is not changed.
    OpenForReview,
    /// Let the file opened for review be edited after all.
    StopReviewing,
    /// Choose the copies units returned, to collect their opinions (汇总反馈…).
    CollectFeedback,
    /// Collect the opinions in these returned copies.
    CollectFrom(Vec<PathBuf>),
    /// Collect the opinions in these returned copies, with the units the user named.
    CollectNamed(super::consult::UnitsForm),
    /// Record the decision on an opinion.
    Decide {
        /// The opinion.
        key: String,
        /// The decision (None: not decided yet).
        decision: Option<crate::core::feedback::Decision>,
        /// The reason or note.
        reason: String,
    },
    /// Put an opinion's wording in the working copy (undoable) and mark it adopted.
    Adopt(String),
    /// Filter the 反馈 view.
    SetFeedbackFilter {
        /// Only this unit's.
        unit: Option<String>,
        /// Only those with this decision (Some(None): undecided).
        decision: Option<Option<crate::core::feedback::Decision>>,
        /// Only those on this section.
        section: Option<SectionId>,
    },
}

impl Command {
    /// Whether it changes the text (refused while the file is open for commenting only).
    pub fn edits_text(&self) -> bool {
        matches!(
            self,
            Command::Add(_)
                | Command::Delete
                | Command::DeleteConfirmed(_)
                | Command::MoveUp
                | Command::MoveDown
                | Command::Promote
                | Command::Demote
                | Command::Move { .. }
                | Command::Edit { .. }
                | Command::ReplaceOne
                | Command::ReplaceAll
                | Command::RestoreDraft(_)
                | Command::RejectChange
                | Command::MergeCopy
                | Command::MergeDisk
                | Command::Resolve { .. }
                | Command::Adopt(_)
                | Command::KeepWrittenNumber(_)
        )
    }

    /// Whether it puts another document in place of the open one (or closes it), so that
    /// unsaved changes must be saved or given up first.
    pub fn replaces_document(&self) -> bool {
        matches!(
            self,
            Command::New
                | Command::Open
                | Command::OpenForReview
                | Command::ImportText
                | Command::OpenPath(_)
                | Command::Quit
        )
    }
}

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// The document being edited.
    WorkingCopy,
    /// A draft, by name.
    Draft(String),
    /// Another file's working copy (.ron or text).
    File(PathBuf),
    /// The working copy as it was before the last merge (for this run).
    BeforeMerge,
}

/// The index `delta` steps (1 or −1) from `current` among `n` places, round at the ends;
/// from none, the first (forwards) or the last. `n` must not be 0.
pub(super) fn step(current: Option<usize>, n: usize, delta: isize) -> usize {
    match current {
        None if delta >= 0 => 0,
        None => n.saturating_sub(1),
        Some(i) => (i as isize + delta).rem_euclid(n.max(1) as isize) as usize,
    }
}
