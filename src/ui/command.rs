//! Keyboard shortcuts: which keys run which [`Command`], and the text menus show for them.

use egui::{Key, KeyboardShortcut, Modifiers};

pub use crate::app::command::{AddWhere, Command, Selection, Version, View};
use crate::app::i18n::Key as Text;

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
const CTRL_ALT: Modifiers = Modifiers::COMMAND.plus(Modifiers::ALT);

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
        // As in Word and WPS; the shell fills in the passage selected in the editor.
        s(
            key(CTRL_ALT, Key::M),
            C::ShowAddComment(None),
            Text::InsertComment,
            true,
        ),
        s(
            key(CTRL_ALT, Key::ArrowDown),
            C::NextComment,
            Text::NextComment,
            true,
        ),
        s(
            key(CTRL_ALT, Key::ArrowUp),
            C::PreviousComment,
            Text::PreviousComment,
            true,
        ),
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
            key(Modifiers::COMMAND, Key::P),
            C::Print,
            Text::PrintMenu,
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
