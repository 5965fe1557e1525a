//! The 反馈 view: the opinions collected from returned copies, by section in document order,
//! those on one passage grouped so contradicting proposals stand side by side; filters by
//! unit, section and decision; a decision and reason per opinion, and 采纳 that puts the
//! wording in the text. The table exports from here.

use egui::text::LayoutJob;

use super::command::Command;
use super::i18n::Key;
use crate::app::Workspace;
use crate::app::files::ExportKind;
use crate::core::diff::char_diff;
use crate::core::export::table::TableFormat;
use crate::core::feedback::{Decision, Opinion, OpinionKind};

/// The 反馈 view's own state: the reasons being typed, by opinion.
#[derive(Default)]
pub struct FeedbackPane {
    reasons: std::collections::BTreeMap<String, String>,
}

impl FeedbackPane {
    /// Draws the view; returns the commands asked for.
    pub fn show(&mut self, ui: &mut egui::Ui, ws: &Workspace) -> Vec<Command> {
        let mut out = Vec::new();
        let all = ws.session.feedback();
        ui.horizontal_wrapped(|ui| {
            ui.heading(ws.t(Key::FeedbackView));
            if ui.button(ws.t(Key::CollectFeedback)).clicked() {
                out.push(Command::CollectFeedback);
            }
            ui.menu_button(ws.t(Key::ExportFeedbackTable), |ui| {
                for format in TableFormat::ALL {
                    if ui.button(format.extension().to_uppercase()).clicked() {
                        out.push(Command::Export(ExportKind::FeedbackTable(format)));
                    }
                }
            });
        });
        if all.is_empty() {
            ui.label(ws.t(Key::NoFeedback));
            return out;
        }
        ui.label(crate::core::feedback::summary(all));
        filters_ui(ui, ws, &mut out);
        ui.separator();
        let shown = ws.shown_opinions();
        let doc = ws.session.document();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let mut previous: Option<(Option<_>, Option<usize>, bool)> = None;
                for o in shown {
                    let number = all.iter().position(|x| x.key == o.key).map_or(0, |i| i + 1);
                    if previous != Some(o.group()) {
                        previous = Some(o.group());
                        ui.add_space(8.0);
                        let place = match o.section {
                            Some(id) if doc.section(id).is_some() => {
                                ws.session.numbers().full_label(doc, id)
                            }
                            _ => o.place.clone(),
                        };
                        ui.horizontal_wrapped(|ui| {
                            ui.strong(place);
                            if !o.original.is_empty() && o.kind != OpinionKind::SectionDeleted {
                                ui.label(
                                    egui::RichText::new(&o.original)
                                        .color(ui.visuals().weak_text_color()),
                                );
                            }
                        });
                    }
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        self.opinion_ui(ui, ws, number, o, &mut out);
                    });
                }
            });
        out
    }

    /// One opinion: its number and unit, what it says, its decision and reason.
    fn opinion_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        number: usize,
        o: &Opinion,
        out: &mut Vec<Command>,
    ) {
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("{number}. {}", o.unit));
            if !o.author.is_empty() {
                ui.weak(&o.author);
            }
        });
        let font = egui::TextStyle::Body.resolve(ui.style());
        let text_color = ui.visuals().text_color();
        match (o.kind, &o.proposal) {
            (OpinionKind::Comment, _) | (_, None) => {
                ui.label(format!("{}：{}", ws.t(Key::OpinionComment), o.comment));
            }
            (OpinionKind::SectionMoved | OpinionKind::ParagraphMoved, Some(to)) => {
                ui.label(format!("{}：{to}", ws.t(Key::ProposeMove)));
            }
            (OpinionKind::ParagraphDeleted | OpinionKind::SectionDeleted, _) => {
                let mut job = LayoutJob::default();
                job.wrap.max_width = ui.available_width();
                let spans = char_diff(&o.original, "");
                super::review::layout::spans_job(&mut job, &spans, &font, text_color);
                ui.label(ws.t(Key::ProposeDelete));
                ui.label(job);
            }
            (_, Some(proposal)) => {
                let mut job = LayoutJob::default();
                job.wrap.max_width = ui.available_width();
                let spans = char_diff(&o.original, proposal);
                super::review::layout::spans_job(&mut job, &spans, &font, text_color);
                let key = if o.original.is_empty() {
                    Key::ProposeAdd
                } else {
                    Key::Proposal
                };
                ui.label(ws.t(key));
                ui.label(job);
            }
        }
        ui.horizontal_wrapped(|ui| {
            for d in Decision::ALL {
                let is_on = o.decision == Some(d);
                if ui.selectable_label(is_on, d.label()).clicked() {
                    out.push(Command::Decide {
                        key: o.key.clone(),
                        decision: if is_on { None } else { Some(d) },
                        reason: o.reason.clone(),
                    });
                }
            }
            if o.kind.is_text_change()
                && o.decision != Some(Decision::Adopted)
                && ui.button(ws.t(Key::AdoptButton)).clicked()
            {
                out.push(Command::Adopt(o.key.clone()));
            }
        });
        let reason = self
            .reasons
            .entry(o.key.clone())
            .or_insert_with(|| o.reason.clone());
        let field = ui.add(
            egui::TextEdit::singleline(reason)
                .hint_text(ws.t(Key::Reason))
                .desired_width(f32::INFINITY),
        );
        if field.lost_focus() && *reason != o.reason {
            out.push(Command::Decide {
                key: o.key.clone(),
                decision: o.decision,
                reason: reason.clone(),
            });
        } else if !field.has_focus() && *reason != o.reason {
            // Changed elsewhere (undo, another copy merged in): show what is recorded.
            *reason = o.reason.clone();
        }
    }
}

/// The unit, section and decision filters.
fn filters_ui(ui: &mut egui::Ui, ws: &Workspace, out: &mut Vec<Command>) {
    let c = &ws.consult;
    let (mut unit, mut decision, mut section) = (c.unit.clone(), c.decision, c.section);
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::new("feedback-unit", ws.t(Key::CommentUnit))
            .selected_text(
                unit.clone()
                    .unwrap_or_else(|| ws.t(Key::AllUnits).to_owned()),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut unit, None, ws.t(Key::AllUnits));
                for u in ws.feedback_units() {
                    ui.selectable_value(&mut unit, Some(u.clone()), u);
                }
            });
        let decision_name = |d: Option<Option<Decision>>| match d {
            None => ws.t(Key::AllDecisions).to_owned(),
            Some(None) => ws.t(Key::Undecided).to_owned(),
            Some(Some(d)) => d.label().to_owned(),
        };
        egui::ComboBox::new("feedback-decision", ws.t(Key::FilterDecision))
            .selected_text(decision_name(decision))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut decision, None, decision_name(None));
                ui.selectable_value(&mut decision, Some(None), decision_name(Some(None)));
                for d in Decision::ALL {
                    ui.selectable_value(&mut decision, Some(Some(d)), d.label());
                }
            });
        let doc = ws.session.document();
        let section_name = |id: Option<crate::core::document::SectionId>| match id {
            None => ws.t(Key::AllSections).to_owned(),
            Some(id) => ws.session.numbers().full_label(doc, id),
        };
        let mut sections: Vec<_> = Vec::new();
        for o in ws.session.feedback() {
            if let Some(id) = o.section.filter(|id| doc.section(*id).is_some())
                && !sections.contains(&id)
            {
                sections.push(id);
            }
        }
        egui::ComboBox::new("feedback-section", ws.t(Key::FilterSection))
            .selected_text(section_name(section))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut section, None, section_name(None));
                for id in sections {
                    ui.selectable_value(&mut section, Some(id), section_name(Some(id)));
                }
            });
    });
    if (unit.as_ref(), decision, section) != (c.unit.as_ref(), c.decision, c.section) {
        out.push(Command::SetFeedbackFilter {
            unit,
            decision,
            section,
        });
    }
}

/// The dialog that names the units of returned copies that do not say theirs; returns the
/// answer once given.
pub fn units_ui(
    ui: &mut egui::Ui,
    ws: &Workspace,
    form: &mut crate::app::consult::UnitsForm,
) -> Option<Option<Command>> {
    let mut answer = None;
    ui.heading(ws.t(Key::FeedbackUnitsTitle));
    ui.label(ws.t(Key::FeedbackUnitsBody));
    egui::Grid::new("feedback units")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (i, (path, unit)) in form.units.iter_mut().enumerate() {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let label = ui.label(name).on_hover_text(path.display().to_string());
                let field = ui
                    .add(egui::TextEdit::singleline(unit).desired_width(220.0))
                    .labelled_by(label.id);
                if i == 0 && ui.ctx().memory(|m| m.focused().is_none()) {
                    field.request_focus();
                }
                ui.end_row();
            }
        });
    ui.horizontal(|ui| {
        let is_ready = form.units.iter().all(|(_, u)| !u.trim().is_empty());
        if ui
            .add_enabled(is_ready, egui::Button::new(ws.t(Key::CollectButton)))
            .clicked()
        {
            answer = Some(Some(Command::CollectNamed(form.clone())));
        }
        if ui.button(ws.t(Key::CancelButton)).clicked() {
            answer = Some(None);
        }
    });
    answer
}
