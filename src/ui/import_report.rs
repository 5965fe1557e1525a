//! The import report beside the editor: what the import read and removed, and every
//! finding with a link to its section and, for a renumbered heading, the choice to keep
//! the written number.

use super::command::{Command, Selection, View};
use super::i18n::{self, Key, tr_args};
use crate::app::Workspace;

/// Draws the report; returns the commands its buttons give.
pub fn show(ui: &mut egui::Ui, ws: &Workspace) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(findings) = &ws.import_findings else {
        return out;
    };
    let lang = ws.lang();
    ui.horizontal(|ui| {
        ui.heading(tr_args(lang, Key::ImportReportTitle, &[&findings.file]));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(ws.t(Key::CloseButtonShort)).clicked() {
                out.push(Command::ShowImportReport(false));
            }
        });
    });
    for line in i18n::import_summary(lang, &findings.report) {
        ui.label(line);
    }
    ui.separator();
    if findings.findings.is_empty() {
        ui.label(ws.t(Key::ImportNothingToCheck));
        return out;
    }
    let doc = ws.session.document();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (index, finding) in findings.findings.iter().enumerate() {
                ui.label(i18n::import_warning(lang, &finding.warning));
                ui.horizontal(|ui| {
                    if let Some(id) = finding.section
                        && doc.section(id).is_some()
                        && ui.small_button(ws.t(Key::ImportGoTo)).clicked()
                    {
                        out.push(Command::Select(Selection::Section(id)));
                        out.push(Command::SetView(View::Edit));
                    }
                    if finding.written.is_some() && finding.section.is_some() {
                        if finding.is_kept(doc) {
                            ui.weak(ws.t(Key::WrittenNumberKept));
                        } else if ui.small_button(ws.t(Key::KeepWrittenNumber)).clicked() {
                            out.push(Command::KeepWrittenNumber(index));
                        }
                    }
                });
                ui.add_space(4.0);
            }
        });
    out
}
