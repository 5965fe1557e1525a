//! The find and replace bar: what to look for and put instead, the count, and the list of
//! matches with their sections. The workspace finds and replaces; the bar draws it.

use super::command::Command;
use super::i18n::Key;
use crate::app::Workspace;

const LIST_ROW_HEIGHT: f32 = 20.0;

/// The find bar's own state.
#[derive(Default)]
pub struct FindPane {
    /// Put the cursor in the search field on the next frame.
    wants_focus: bool,
}

impl FindPane {
    /// Puts the cursor in the search field on the next frame.
    pub fn focus(&mut self) {
        self.wants_focus = true;
    }

    /// Draws the find bar; returns what it asks for.
    pub fn show(&mut self, ui: &mut egui::Ui, ws: &Workspace) -> Vec<Command> {
        let mut out = Vec::new();
        let find = &ws.find;
        let count = find.matches().len();
        ui.horizontal(|ui| {
            let label = ui.label(ws.t(Key::FindLabel));
            let mut query = find.query.clone();
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut query.needle)
                        .id(egui::Id::unique("find-needle"))
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.wants_focus) {
                response.request_focus();
            }
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                out.push(Command::FindNext);
                response.request_focus();
            }
            let case_label = ws.t(Key::MatchCase);
            ui.checkbox(&mut query.is_case_sensitive, case_label);
            if query != find.query {
                // Before Enter's FindNext, which looks for the new text.
                out.insert(0, Command::SetFindQuery(query));
            }
            if ui.button(ws.t(Key::Previous)).clicked() {
                out.push(Command::FindPrevious);
            }
            if ui.button(ws.t(Key::Next)).clicked() {
                out.push(Command::FindNext);
            }
            ui.label(ws.find_status());
            if ui.button("✖").on_hover_text(ws.t(Key::Close)).clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Escape))
            {
                out.push(Command::CloseFind);
            }
        });
        if find.is_replacing {
            ui.horizontal(|ui| {
                let label = ui.label(ws.t(Key::ReplaceLabel));
                let mut replacement = find.replacement.clone();
                ui.add(
                    egui::TextEdit::singleline(&mut replacement)
                        .id(egui::Id::unique("find-replacement"))
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
                if replacement != find.replacement {
                    out.push(Command::SetReplacement(replacement));
                }
                let one = egui::Button::new(ws.t(Key::ReplaceOne));
                if ui.add_enabled(find.current.is_some(), one).clicked() {
                    out.push(Command::ReplaceOne);
                }
                let all = egui::Button::new(ws.t(Key::ReplaceAll));
                if ui.add_enabled(count > 0, all).clicked() {
                    out.push(Command::ReplaceAll);
                }
            });
        }
        if count > 0 {
            egui::ScrollArea::vertical()
                .id_salt("matches")
                .max_height(LIST_ROW_HEIGHT * 8.0)
                .auto_shrink([false, true])
                .show_rows(ui, LIST_ROW_HEIGHT, count, |ui, range| {
                    for i in range {
                        let label = ws.match_label(&find.matches()[i]);
                        let is_current = find.current == Some(i);
                        if ui
                            .add(egui::Button::selectable(is_current, label))
                            .clicked()
                        {
                            out.push(Command::GoToMatch(i));
                        }
                    }
                });
        }
        if !out.is_empty() {
            // The count and list above were for the old query or place.
            ui.ctx().request_repaint();
        }
        out
    }
}
