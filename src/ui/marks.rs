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

/// The background of a passage an open comment is on.
pub const COMMENT_HIGHLIGHT: Color32 = Color32::from_rgba_premultiplied(0x6c, 0x57, 0x0b, 0x70);

/// `text`, which starts at byte `at` of a longer text that `marks` count in, cut where a
/// mark starts or ends and at the byte offsets `also` (within `text`): each piece's range
/// in `text`, and whether a mark covers it.
pub fn pieces(
    text: &str,
    at: usize,
    marks: &[std::ops::Range<usize>],
    also: &[usize],
) -> Vec<(std::ops::Range<usize>, bool)> {
    let mut cuts = vec![0, text.len()];
    cuts.extend(also.iter().copied().filter(|c| *c < text.len()));
    for m in marks {
        for edge in [m.start, m.end] {
            if edge > at && edge < at + text.len() && text.is_char_boundary(edge - at) {
                cuts.push(edge - at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|pair| {
            let (a, b) = (pair[0], pair[1]);
            let is_marked = marks.iter().any(|m| m.start <= at + a && at + b <= m.end);
            (a..b, is_marked)
        })
        .collect()
}
