//! The colours that mark changes, in the review and in the outline beside it.

use egui::Color32;

use crate::core::diff::ChangeKind;

/// Inserted text, and added sections.
pub const INSERT: Color32 = Color32::from_rgb(0x1b, 0x8a, 0x3a);
/// Deleted text, and removed sections.
pub const DELETE: Color32 = Color32::from_rgb(0xc6, 0x28, 0x28);
/// Moved paragraphs and sections.
pub const MOVED: Color32 = Color32::from_rgb(0x1f, 0x6f, 0xc5);

/// The colour that marks a kind of change.
pub fn kind_color(kind: ChangeKind) -> Color32 {
    match kind {
        ChangeKind::Added => INSERT,
        ChangeKind::Removed => DELETE,
        ChangeKind::Moved => MOVED,
        ChangeKind::Renamed => Color32::from_rgb(0x8e, 0x44, 0xad),
        ChangeKind::Modified => Color32::from_rgb(0xd3, 0x7a, 0x00),
        ChangeKind::Unchanged => Color32::GRAY,
    }
}
