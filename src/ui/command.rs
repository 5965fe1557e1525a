//! What the user asks for. Widgets push [`Command`]s; the app runs them after the frame
//! through the core, so menus, shortcuts, context menus and tests share one path.

use egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

use super::i18n::Key as Text;
use crate::core::document::SectionId;
use crate::core::edit::{Edit, Place};
use crate::core::storage::PlanFile;

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
    /// Show the export dialog with the selected chapter chosen.
    ShowExportChapter,
    /// Export the working copy, a draft, the comparison or the review view.
    Export(super::files::ExportKind),
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
        from: super::review::Version,
        /// The new side.
        to: super::review::Version,
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
}

/// A command with its keyboard shortcut and menu text.
pub struct Shortcut {
    /// The keys.
    pub keys: KeyboardShortcut,
    /// What they do.
    pub command: Command,
    /// How menus and the shortcut list name it.
    pub text: Text,
    /// Whether it also works while typing in a text field.
    pub works_in_text: bool,
}

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const ALT_SHIFT: Modifiers = Modifiers::ALT.plus(Modifiers::SHIFT);

/// Every keyboard shortcut. Longer combinations come first so Ctrl+Shift+Z is not taken
/// for Ctrl+Z.
pub fn shortcuts() -> Vec<Shortcut> {
    use Command as C;
    let s = |keys, command, text, works_in_text| Shortcut {
        keys,
        command,
        text,
        works_in_text,
    };
    vec![
        s(key(CTRL_SHIFT, Key::S), C::SaveAs, Text::SaveAs, true),
        s(key(CTRL_SHIFT, Key::Z), C::Redo, Text::Redo, true),
        s(
            key(CTRL_SHIFT, Key::D),
            C::ShowRecordDraft,
            Text::RecordDraft,
            true,
        ),
        s(
            key(CTRL_SHIFT, Key::E),
            C::ShowExport,
            Text::ExportMenu,
            true,
        ),
        s(
            key(CTRL_SHIFT, Key::R),
            C::SetView(View::Review),
            Text::ReviewView,
            true,
        ),
        s(
            key(CTRL_SHIFT, Key::Enter),
            C::Add(AddWhere::Child),
            Text::AddChild,
            true,
        ),
        s(key(ALT_SHIFT, Key::ArrowUp), C::MoveUp, Text::MoveUp, true),
        s(
            key(ALT_SHIFT, Key::ArrowDown),
            C::MoveDown,
            Text::MoveDown,
            true,
        ),
        s(
            key(ALT_SHIFT, Key::ArrowLeft),
            C::Promote,
            Text::Promote,
            true,
        ),
        s(
            key(ALT_SHIFT, Key::ArrowRight),
            C::Demote,
            Text::Demote,
            true,
        ),
        s(key(Modifiers::COMMAND, Key::N), C::New, Text::New, true),
        s(key(Modifiers::COMMAND, Key::O), C::Open, Text::Open, true),
        s(
            key(Modifiers::COMMAND, Key::I),
            C::ImportText,
            Text::ImportText,
            true,
        ),
        s(key(Modifiers::COMMAND, Key::S), C::Save, Text::Save, true),
        s(key(Modifiers::COMMAND, Key::Z), C::Undo, Text::Undo, true),
        s(key(Modifiers::COMMAND, Key::Y), C::Redo, Text::Redo, true),
        s(
            key(Modifiers::COMMAND, Key::F),
            C::ShowFind,
            Text::Find,
            true,
        ),
        s(
            key(Modifiers::COMMAND, Key::H),
            C::ShowReplace,
            Text::Replace,
            true,
        ),
        s(
            key(Modifiers::COMMAND, Key::R),
            C::SetView(View::Reading),
            Text::ReadingView,
            true,
        ),
        s(
            key(Modifiers::COMMAND, Key::E),
            C::SetView(View::Edit),
            Text::EditView,
            true,
        ),
        s(
            key(Modifiers::COMMAND, Key::Enter),
            C::Add(AddWhere::After),
            Text::AddAfter,
            true,
        ),
        s(
            key(Modifiers::SHIFT, Key::F3),
            C::FindPrevious,
            Text::Previous,
            true,
        ),
        s(key(Modifiers::NONE, Key::F3), C::FindNext, Text::Next, true),
        s(
            key(Modifiers::SHIFT, Key::F8),
            C::PreviousChange,
            Text::PreviousChange,
            true,
        ),
        s(
            key(Modifiers::NONE, Key::F8),
            C::NextChange,
            Text::NextChange,
            true,
        ),
        s(key(Modifiers::NONE, Key::F2), C::Rename, Text::Rename, true),
        s(
            key(Modifiers::NONE, Key::F1),
            C::ShowShortcuts,
            Text::Shortcuts,
            true,
        ),
        s(
            key(Modifiers::NONE, Key::Delete),
            C::Delete,
            Text::Delete,
            false,
        ),
        s(
            key(Modifiers::NONE, Key::ArrowUp),
            C::SelectPrevious,
            Text::OutlineNavigation,
            false,
        ),
        s(
            key(Modifiers::NONE, Key::ArrowDown),
            C::SelectNext,
            Text::OutlineNavigation,
            false,
        ),
        s(
            key(Modifiers::NONE, Key::ArrowLeft),
            C::SelectParent,
            Text::OutlineNavigation,
            false,
        ),
        s(
            key(Modifiers::NONE, Key::ArrowRight),
            C::SelectChild,
            Text::OutlineNavigation,
            false,
        ),
    ]
}

/// The shortcut text for a command, for menus (e.g. "Ctrl+S").
pub fn shortcut_text(ctx: &egui::Context, command: &Command) -> Option<String> {
    shortcuts()
        .into_iter()
        .find(|s| s.command == *command)
        .map(|s| ctx.format_shortcut(&s.keys))
}

/// Takes this frame's shortcut key presses out of the input (so a text field does not also
/// act on Ctrl+Z) and returns their commands. Outline keys count only when no text field
/// has the keyboard focus.
pub fn take_shortcuts(ctx: &egui::Context) -> Vec<Command> {
    let is_typing = ctx.text_edit_focused();
    let mut out = Vec::new();
    for s in shortcuts() {
        if !s.works_in_text && is_typing {
            continue;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&s.keys)) {
            out.push(s.command);
        }
    }
    out
}
