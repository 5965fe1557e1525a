//! The review view: two versions of the document (a draft or the working copy) compared
//! section by section, deletions struck through in red and insertions underlined in green,
//! with next/previous change and accept/reject. The workspace compares and decides; the
//! pane lays the comparison out and draws it.

use crate::core::merge::Resolution;
use std::collections::BTreeMap;
use std::path::Path;

mod image;
pub(crate) mod layout;

pub use image::Captured;

use super::blocks::Blocks;
use super::command::{Command, Selection};
use super::i18n::{Key, tr_args};
use crate::app::Workspace;

/// The review pane's own state: the laid-out comparison and the capture for an image.
pub struct ReviewPane {
    blocks: Blocks,
    /// For each changed section in order, the block it starts at.
    change_blocks: Vec<usize>,
    /// For blocks that show a paragraph: (index in the diff's sections, paragraph index).
    paragraph_blocks: BTreeMap<usize, (usize, usize)>,
    /// Scroll to this change (index among the changed sections) on the next frame.
    scroll_to_change: Option<usize>,
    /// The review pane on screen, for saving it as an image.
    area: egui::Rect,
    /// A capture of the pane on its way to a PNG file.
    image: Option<image::PendingImage>,
}

impl Default for ReviewPane {
    fn default() -> Self {
        Self {
            blocks: Blocks::default(),
            change_blocks: Vec::new(),
            paragraph_blocks: BTreeMap::new(),
            scroll_to_change: None,
            area: egui::Rect::NOTHING,
            image: None,
        }
    }
}

impl ReviewPane {
    /// Scrolls to a change on the next frame.
    pub fn scroll_to_change(&mut self, index: usize) {
        self.scroll_to_change = Some(index);
    }

    /// Asks for a capture of the next frame, cut to the review pane, for `path`.
    pub fn capture(&mut self, ctx: &egui::Context, path: &Path) {
        self.image = Some(image::PendingImage::ask(ctx, path, self.area));
    }

    /// The capture asked for, once it has arrived: the file and its PNG bytes, or why it
    /// failed.
    pub fn take_image(&mut self) -> Option<Captured> {
        let captured = self.image.as_ref()?.poll()?;
        self.image = None;
        Some(captured)
    }

    /// Draws the review view; returns what it asks for.
    pub fn show(&mut self, ui: &mut egui::Ui, ws: &Workspace) -> Vec<Command> {
        // The pane with a little of its margin, for the image.
        self.area = ui.max_rect().expand(6.0).intersect(ui.clip_rect());
        let mut out = Vec::new();
        toolbar(ui, ws, &mut out);
        conflict_bar(ui, ws, &mut out);
        ui.separator();
        let review = &ws.review;
        let Some(diff) = review.diff() else {
            return out;
        };
        let width = Blocks::text_width(ui);
        let key = Blocks::key(ui.ctx(), review.generation(), width);
        if !self.blocks.is_built_for(key) {
            let (jobs, change_blocks, paragraph_blocks) =
                layout::review_jobs(review, ws.lang(), diff, width, ui);
            self.paragraph_blocks = paragraph_blocks;
            self.blocks.build_rows(ui.ctx(), key, jobs);
            self.change_blocks = change_blocks;
        }
        let scroll_to = self
            .scroll_to_change
            .take()
            .and_then(|i| self.change_blocks.get(i).copied())
            .and_then(|b| self.blocks.top_of_block(b));
        let selected = match ws.selection {
            Selection::Section(id) => Some(id),
            Selection::Front => None,
        };
        let focused_block = review.focused_paragraph.and_then(|f| {
            self.paragraph_blocks
                .iter()
                .find(|(_, p)| **p == f)
                .map(|(b, _)| *b)
        });
        if let Some(block) =
            self.blocks
                .show(ui, "review", width, scroll_to, (selected, focused_block))
        {
            // The section the block belongs to, by its place in the comparison.
            let picked = self.paragraph_blocks.get(&block).copied();
            let section = picked.map(|(si, _)| si).or_else(|| {
                let id = self.blocks.section_of(block)?;
                diff.sections
                    .iter()
                    .position(|s| s.new.as_ref().is_some_and(|n| n.id == id))
            });
            if let Some(section) = section {
                out.push(Command::PickInReview {
                    section,
                    paragraph: picked.map(|(_, pi)| pi),
                });
            }
        }
        out
    }
}

/// The merge conflict shown (or, when none is, how many there are): where, the base's, my
/// and their text, and how to settle it.
fn conflict_bar(ui: &mut egui::Ui, ws: &Workspace, out: &mut Vec<Command>) {
    let conflicts = &ws.session.document().conflicts;
    if conflicts.is_empty() {
        return;
    }
    let lang = ws.lang();
    ui.separator();
    let Some((index, conflict)) = ws.shown_conflict() else {
        ui.horizontal(|ui| {
            ui.colored_label(
                ui.visuals().error_fg_color,
                tr_args(lang, Key::ConflictsCount, &[&conflicts.len().to_string()]),
            );
            if ui.button(ws.t(Key::NextConflict)).clicked() {
                out.push(Command::NextChange);
            }
        });
        return;
    };
    let header = tr_args(
        lang,
        Key::ConflictHeader,
        &[
            &(index + 1).to_string(),
            &conflicts.len().to_string(),
            &ws.conflict_place(conflict),
        ],
    );
    ui.colored_label(
        ui.visuals().error_fg_color,
        egui::RichText::new(header).strong(),
    );
    let text = |lines: &[String]| -> String {
        if lines.is_empty() {
            ws.t(Key::ConflictNothing).to_owned()
        } else {
            lines.join("\n")
        }
    };
    egui::Grid::new("conflict-sides")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (key, lines) in [
                (Key::ConflictBase, &conflict.base),
                (Key::ConflictOurs, &conflict.ours),
                (Key::ConflictTheirs, &conflict.theirs),
            ] {
                ui.strong(ws.t(key));
                ui.add(egui::Label::new(text(lines)).wrap());
                ui.end_row();
            }
        });
    ui.horizontal_wrapped(|ui| {
        for (key, how) in [
            (Key::UseOurs, Resolution::Ours),
            (Key::UseTheirs, Resolution::Theirs),
            (Key::KeepBoth, Resolution::Both),
            (Key::EditByHand, Resolution::AsEdited),
        ] {
            let button = egui::Button::new(ws.t(key));
            if ui.add_enabled(how.fits(&conflict.place), button).clicked() {
                out.push(Command::Resolve { index, how });
            }
        }
        if ui.button(ws.t(Key::NextConflict)).clicked() {
            out.push(Command::NextChange);
        }
    });
}

/// The versions compared, how they show, next/previous, the count, accept and reject.
fn toolbar(ui: &mut egui::Ui, ws: &Workspace, out: &mut Vec<Command>) {
    let review = &ws.review;
    let lang = ws.lang();
    let names = ws.versions();
    let count = review.change_count();
    ui.horizontal_wrapped(|ui| {
        for (is_old_side, id) in [(true, "review-from"), (false, "review-to")] {
            let label = ui.label(ws.t(if is_old_side {
                Key::CompareFrom
            } else {
                Key::CompareTo
            }));
            let current = if is_old_side {
                &review.from
            } else {
                &review.to
            };
            let mut chosen = current.clone();
            egui::ComboBox::from_id_salt(id)
                .selected_text(ws.version_name(current))
                .show_ui(ui, |ui| {
                    for v in &names {
                        ui.selectable_value(&mut chosen, v.clone(), ws.version_name(v));
                    }
                    if ui.selectable_label(false, ws.t(Key::OtherFile)).clicked() {
                        out.push(Command::ChooseCompareFile { is_old_side });
                    }
                })
                .response
                .labelled_by(label.id);
            if chosen != *current {
                let (from, to) = if is_old_side {
                    (chosen, review.to.clone())
                } else {
                    (review.from.clone(), chosen)
                };
                out.push(Command::Compare { from, to });
            }
        }
        let mut is_hiding_unchanged = review.is_hiding_unchanged;
        ui.checkbox(&mut is_hiding_unchanged, ws.t(Key::HideUnchanged));
        let mut is_side_by_side = review.is_side_by_side;
        ui.checkbox(&mut is_side_by_side, ws.t(Key::SideBySide));
        if (is_hiding_unchanged, is_side_by_side)
            != (review.is_hiding_unchanged, review.is_side_by_side)
        {
            out.push(Command::SetReviewOptions {
                is_hiding_unchanged,
                is_side_by_side,
            });
        }
        if ui.button(ws.t(Key::PreviousChange)).clicked() {
            out.push(Command::PreviousChange);
        }
        if ui.button(ws.t(Key::NextChange)).clicked() {
            out.push(Command::NextChange);
        }
        let status = match (count, review.current) {
            (0, _) => ws.t(Key::NoChanges).to_owned(),
            (n, Some(i)) => tr_args(lang, Key::ChangeOf, &[&(i + 1).to_string(), &n.to_string()]),
            (n, None) => tr_args(lang, Key::ChangeCount, &[&n.to_string()]),
        };
        ui.label(status);
        if let Some(d) = review.diff() {
            ui.weak(format!("+{} −{}", d.inserted, d.deleted));
        }
        // Accepting keeps the working copy as it is; rejecting brings back the old text.
        let can_decide = review.can_decide();
        let accept = egui::Button::new(ws.t(Key::AcceptChange));
        if ui.add_enabled(can_decide, accept).clicked() {
            out.push(Command::AcceptChange);
        }
        let reject = egui::Button::new(ws.t(Key::RejectChange));
        if ui.add_enabled(can_decide, reject).clicked() {
            out.push(Command::RejectChange);
        }
    });
}
