//! The outline tree: numbered headings, collapse and expand, selection, drag and drop with a
//! drop indicator, and a context menu. Rows are cached per document revision and drawn only
//! where visible, so the tree costs the same on a national plan as on a short outline.

use egui::{Align2, CornerRadius, Rect, Sense, Stroke, pos2, vec2};
use std::collections::BTreeSet;

use super::command::{AddWhere, Command, Selection, View};
use super::i18n::{Key, tr_args};
use crate::app::Workspace;
use crate::app::outline::OutlineRow;
use crate::core::document::SectionId;
use crate::core::edit::{Edit, Place};

/// The outline's own state: rows laid out for a revision, and where to scroll.
#[derive(Default)]
pub struct OutlinePane {
    /// (document revision, collapsed set) the rows were built for.
    built_for: Option<(u64, BTreeSet<SectionId>)>,
    rows: Vec<OutlineRow>,
    /// A section to scroll into view on the next frame.
    scroll_to: Option<SectionId>,
}

/// Where a drop lands relative to the row under the pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Zone {
    Before,
    Child,
    After,
}

const ROW_HEIGHT: f32 = 24.0;
const INDENT: f32 = 18.0;

impl OutlinePane {
    /// Scrolls to a section on the next frame.
    pub fn scroll_to(&mut self, id: SectionId) {
        self.scroll_to = Some(id);
    }

    fn refresh_rows(&mut self, ws: &Workspace) {
        let key = (ws.session.revision(), ws.collapsed.clone());
        if self.built_for.as_ref() == Some(&key) {
            return;
        }
        self.rows = ws.outline_rows();
        self.built_for = Some(key);
    }

    /// Draws the outline panel; returns what it asks for.
    pub fn show(&mut self, ui: &mut egui::Ui, ws: &Workspace) -> Vec<Command> {
        self.refresh_rows(ws);
        let mut out = Vec::new();
        let front_label = ws.t(Key::Preface);
        let is_front = ws.selection == Selection::Front;
        if ui
            .add_sized(
                [ui.available_width(), ROW_HEIGHT],
                egui::Button::selectable(is_front, front_label),
            )
            .clicked()
        {
            out.push(Command::Select(Selection::Front));
        }
        ui.separator();
        let rows = &self.rows;
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("outline-rows")
            .auto_shrink([false, false]);
        if let Some(target) = self.scroll_to.take()
            && let Some(index) = rows.iter().position(|r| r.id == target)
        {
            let spacing = ui.spacing().item_spacing.y;
            let y = index as f32 * (ROW_HEIGHT + spacing);
            let visible_h = ui.available_height();
            scroll = scroll.vertical_scroll_offset((y - visible_h / 2.0).max(0.0));
        }
        scroll.show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
            for row in &rows[range] {
                row_ui(ui, ws, row, &mut out);
            }
        });
        out
    }
}

/// One row: number and heading, toggle, kind of change in the review, counts; a click
/// selects, a drag moves, a right click opens the section menu.
fn row_ui(ui: &mut egui::Ui, ws: &Workspace, row: &OutlineRow, out: &mut Vec<Command>) {
    {
        let width = ui.available_width();
        // Not focusable: the arrow keys must reach the outline, not move egui's focus.
        let (rect, response) =
            ui.allocate_exact_size(vec2(width, ROW_HEIGHT), Sense::CLICK | Sense::DRAG);
        let id = row.id;
        let is_selected = ws.selection == Selection::Section(id);
        let visuals = ui.visuals().clone();
        let painter = ui.painter_at(rect);
        if is_selected {
            painter.rect_filled(rect, CornerRadius::same(3), visuals.selection.bg_fill);
        } else if response.hovered() {
            painter.rect_filled(
                rect,
                CornerRadius::same(3),
                visuals.widgets.hovered.weak_bg_fill,
            );
        }
        let x = rect.left() + 4.0 + row.depth as f32 * INDENT;
        let toggle = Rect::from_min_size(pos2(x, rect.top()), vec2(16.0, ROW_HEIGHT));
        let text_color = if is_selected {
            visuals.selection.stroke.color
        } else {
            visuals.text_color()
        };
        if row.has_children {
            let is_open = !ws.collapsed.contains(&id);
            let arrow = if is_open { "▼" } else { "▶" };
            painter.text(
                toggle.center(),
                Align2::CENTER_CENTER,
                arrow,
                egui::FontId::proportional(12.0),
                text_color,
            );
        }
        let font = egui::FontId::proportional(14.5);
        let text_rect = painter.text(
            pos2(toggle.right() + 2.0, rect.center().y),
            Align2::LEFT_CENTER,
            &row.label,
            font.clone(),
            text_color,
        );
        // In the review view each changed section carries its kind of change.
        if ws.view == View::Review
            && let Some(kind) = ws.review.kinds.get(&id)
            && *kind != crate::core::diff::ChangeKind::Unchanged
        {
            let tag = super::i18n::change_kind(ws.lang(), *kind);
            painter.text(
                pos2(rect.right() - 4.0, rect.center().y),
                Align2::RIGHT_CENTER,
                tag,
                egui::FontId::proportional(12.0),
                super::marks::kind_color(*kind),
            );
        }
        // Open comments: a badge at the row's end, over a long heading's clipped tail.
        if row.open_comments > 0 && ws.view != View::Review {
            let galley = painter.layout_no_wrap(
                row.open_comments.to_string(),
                egui::FontId::proportional(12.0),
                egui::Color32::from_rgb(0x8a, 0x5a, 0x00),
            );
            let badge = Rect::from_min_size(
                pos2(
                    rect.right() - galley.size().x - 10.0,
                    rect.center().y - galley.size().y / 2.0 - 1.0,
                ),
                galley.size() + vec2(6.0, 2.0),
            );
            painter.rect_filled(
                badge,
                CornerRadius::same(6),
                egui::Color32::from_rgb(0xfd, 0xe6, 0x9a),
            );
            painter.galley(badge.min + vec2(3.0, 1.0), galley, text_color);
        }
        if ws.prefs.is_showing_counts {
            painter.text(
                pos2(text_rect.right() + 8.0, rect.center().y),
                Align2::LEFT_CENTER,
                tr_args(ws.lang(), Key::Words, &[&row.words.to_string()]),
                egui::FontId::proportional(11.5),
                visuals.weak_text_color(),
            );
        }

        if response.clicked() {
            let is_on_toggle = response
                .interact_pointer_pos()
                .is_some_and(|p| toggle.contains(p));
            if is_on_toggle && row.has_children {
                out.push(Command::ToggleExpanded(id));
            } else {
                out.push(Command::Select(Selection::Section(id)));
            }
        }
        if response.double_clicked() {
            out.push(Command::Rename);
        }
        response.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::TreeItem, true, is_selected, &row.label)
        });
        let words = tr_args(ws.lang(), Key::Words, &[&row.words.to_string()]);
        let response = response.on_hover_text(format!("{}\n{words}", row.label));
        if response.drag_started() {
            response.dnd_set_drag_payload(id);
        }
        if response.dragged()
            && let Some(pointer) = ui.ctx().pointer_interact_pos()
        {
            // The dragged heading follows the pointer.
            let layer = egui::LayerId::new(egui::Order::Tooltip, egui::Id::unique("outline-drag"));
            let painter = ui.ctx().layer_painter(layer);
            let text = painter.layout_no_wrap(
                row.label.clone(),
                font.clone(),
                visuals.strong_text_color(),
            );
            let at = pointer + vec2(14.0, -text.size().y / 2.0);
            let frame = Rect::from_min_size(at, text.size()).expand(4.0);
            painter.rect_filled(frame, CornerRadius::same(3), visuals.window_fill);
            painter.rect_stroke(
                frame,
                CornerRadius::same(3),
                visuals.window_stroke,
                egui::StrokeKind::Outside,
            );
            painter.galley(at, text, visuals.strong_text_color());
        }
        let is_open_parent = row.has_children && !ws.collapsed.contains(&id);
        if let Some(dragged) = response.dnd_hover_payload::<SectionId>()
            && !ws.is_in_subtree(*dragged, id)
            && let Some(pointer) = ui.ctx().pointer_interact_pos()
        {
            let zone = zone_at(rect, pointer.y);
            let stroke = Stroke::new(2.5, visuals.hyperlink_color);
            let p = ui.painter();
            match zone {
                Zone::Before => {
                    p.hline(rect.x_range(), rect.top(), stroke);
                }
                // Below an open parent the next row is its first child: dropping there
                // makes the section its first child, and the line is indented to say so.
                Zone::After if is_open_parent => {
                    p.hline((x + INDENT)..=rect.right(), rect.bottom(), stroke);
                }
                Zone::After => {
                    p.hline(rect.x_range(), rect.bottom(), stroke);
                }
                Zone::Child => {
                    p.rect_stroke(
                        rect.shrink(1.0),
                        CornerRadius::same(3),
                        stroke,
                        egui::StrokeKind::Inside,
                    );
                    p.hline((x + INDENT)..=rect.right(), rect.bottom(), stroke);
                }
            }
        }
        if let Some(dragged) = response.dnd_release_payload::<SectionId>()
            && !ws.is_in_subtree(*dragged, id)
            && let Some(pointer) = ui.ctx().pointer_interact_pos()
        {
            let to = match zone_at(rect, pointer.y) {
                Zone::Before => Place::Before(id),
                Zone::After if is_open_parent => Place::FirstChild(id),
                Zone::After => Place::After(id),
                Zone::Child => Place::LastChild(id),
            };
            out.push(Command::Move { id: *dragged, to });
        }
        response.context_menu(|ui| {
            if ws.selection != Selection::Section(id) {
                out.push(Command::Pick(id));
            }
            for (key, command) in [
                (Key::AddBefore, Command::Add(AddWhere::Before)),
                (Key::AddAfter, Command::Add(AddWhere::After)),
                (Key::AddChild, Command::Add(AddWhere::Child)),
                (Key::Rename, Command::Rename),
                (Key::MoveUp, Command::MoveUp),
                (Key::MoveDown, Command::MoveDown),
                (Key::Promote, Command::Promote),
                (Key::Demote, Command::Demote),
                (Key::Delete, Command::Delete),
            ] {
                if ui.button(ws.t(key)).clicked() {
                    out.push(command);
                    ui.close();
                }
            }
            // Numbering that starts again here (an 附件), or numbers by place again.
            let restart = ws.session.document().section(id).and_then(|s| s.restart);
            let (key, restart) = match restart {
                Some(_) => (Key::NumberByPlace, None),
                None => (Key::RestartNumbering, Some(1)),
            };
            if ui.button(ws.t(key)).clicked() {
                out.push(Command::Edit {
                    edit: Edit::SetRestart { id, restart },
                    group: None,
                });
                ui.close();
            }
            ui.separator();
            if ui.button(ws.t(Key::CommentOnSection)).clicked() {
                out.push(Command::CommentOnSection);
                ui.close();
            }
            if ui.button(ws.t(Key::ExportChapter)).clicked() {
                out.push(Command::ShowExportChapter);
                ui.close();
            }
        });
    }
}

/// The drop zone for a pointer at height `y` over `rect`: the top and bottom quarters place
/// a sibling, the middle half a child, so nesting never happens by accident at an edge.
fn zone_at(rect: Rect, y: f32) -> Zone {
    let t = (y - rect.top()) / rect.height().max(1.0);
    if t < 0.25 {
        Zone::Before
    } else if t > 0.75 {
        Zone::After
    } else {
        Zone::Child
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_split_a_row_in_quarters() {
        let rect = Rect::from_min_size(pos2(0.0, 100.0), vec2(200.0, 24.0));
        assert_eq!(zone_at(rect, 101.0), Zone::Before);
        assert_eq!(zone_at(rect, 112.0), Zone::Child);
        assert_eq!(zone_at(rect, 123.0), Zone::After);
    }
}
