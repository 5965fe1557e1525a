//! The comments (批注) beside the editor: every comment in document order, the selected
//! section's first, with its passage, replies and buttons to reply, resolve and delete; and
//! the add-comment dialog.

use super::command::Command;
use super::i18n::Key;
use crate::app::Workspace;
use crate::app::command::Selection;
use crate::app::consult::CommentForm;
use crate::core::comment;

/// The comment pane's own state: the reply being typed.
#[derive(Default)]
pub struct CommentsPane {
    /// The comment answered, and the answer so far.
    reply: Option<(String, String)>,
    /// The comment scrolled to last (each is scrolled to once when it becomes current).
    scrolled_to: Option<String>,
    /// The comments in document order with where they are, and the document revision
    /// they were found at: anchoring is redone only when the document changes.
    order: Option<(u64, Vec<(usize, comment::Anchor)>)>,
}

impl CommentsPane {
    /// Draws the comments; returns the commands asked for.
    pub fn show(&mut self, ui: &mut egui::Ui, ws: &Workspace) -> Vec<Command> {
        let mut out = Vec::new();
        let doc = ws.session.document();
        ui.horizontal(|ui| {
            ui.heading(ws.t(Key::CommentsTitle));
            if ui
                .small_button("▲")
                .on_hover_text(ws.t(Key::PreviousComment))
                .clicked()
            {
                out.push(Command::PreviousComment);
            }
            if ui
                .small_button("▼")
                .on_hover_text(ws.t(Key::NextComment))
                .clicked()
            {
                out.push(Command::NextComment);
            }
        });
        if ws.is_comment_only() {
            ui.colored_label(ui.visuals().warn_fg_color, ws.t(Key::CommentOnlyBanner));
        }
        ui.separator();
        let revision = ws.session.revision();
        if self.order.as_ref().is_none_or(|(r, _)| *r != revision) {
            self.order = Some((revision, comment::document_order(doc)));
        }
        let all: Vec<(usize, comment::Anchor)> = self
            .order
            .as_ref()
            .map(|(_, o)| o.clone())
            .unwrap_or_default();
        if all.is_empty() {
            ui.label(ws.t(Key::NoComments));
            return out;
        }
        let selected = match ws.selection {
            Selection::Section(id) => Some(id),
            Selection::Front => None,
        };
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (index, anchor) in &all {
                    let Some(c) = doc.comments.get(*index) else {
                        continue;
                    };
                    let is_here = anchor.section.is_some() && anchor.section == selected;
                    let is_current = ws.consult.comment.as_deref() == Some(c.id.as_str());
                    let frame = egui::Frame::group(ui.style()).fill(if is_here {
                        ui.visuals().selection.bg_fill.linear_multiply(0.25)
                    } else {
                        ui.visuals().extreme_bg_color
                    });
                    let response = frame
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            self.comment_ui(ui, ws, c, anchor, &mut out);
                        })
                        .response;
                    if is_current && is_here && self.scrolled_to.as_ref() != Some(&c.id) {
                        self.scrolled_to = Some(c.id.clone());
                        response.scroll_to_me(Some(egui::Align::Center));
                    }
                    ui.add_space(4.0);
                }
            });
        out
    }

    /// One comment: who, where, the passage, the text, replies and buttons.
    fn comment_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        c: &comment::Comment,
        anchor: &comment::Anchor,
        out: &mut Vec<Command>,
    ) {
        let doc = ws.session.document();
        let place = match anchor.section {
            Some(id) => ws.session.numbers().full_label(doc, id),
            None => ws.t(Key::SectionGone).to_owned(),
        };
        ui.horizontal_wrapped(|ui| {
            if ui.link(place).clicked() {
                out.push(Command::ShowComment(c.id.clone()));
            }
            ui.strong(c.from_line());
            ui.weak(local_time(&c.time));
            if c.is_resolved {
                ui.weak(format!("（{}）", ws.t(Key::Resolved)));
            }
            if anchor.is_orphaned {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("（{}）", ws.t(Key::Orphaned)),
                );
            }
        });
        if let Some(q) = &c.quote {
            ui.label(
                egui::RichText::new(format!("“{}”", q.exact))
                    .italics()
                    .color(ui.visuals().weak_text_color()),
            );
        }
        ui.label(&c.text);
        for r in &c.replies {
            ui.horizontal_wrapped(|ui| {
                ui.label("↳");
                ui.strong(&r.author);
                ui.label(&r.text);
            });
        }
        let mut is_closed = false;
        match &mut self.reply {
            Some((id, text)) if *id == c.id => {
                let field = ui.add(
                    egui::TextEdit::multiline(text)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                );
                ui.horizontal(|ui| {
                    let is_sent = ui.button(ws.t(Key::Reply)).clicked()
                        || (field.has_focus()
                            && ui
                                .input(|i| i.key_pressed(egui::Key::Enter) && i.modifiers.command));
                    if is_sent && !text.trim().is_empty() {
                        out.push(Command::ReplyComment {
                            id: c.id.clone(),
                            text: text.trim().to_owned(),
                        });
                        is_closed = true;
                    } else if ui.button(ws.t(Key::CancelButton)).clicked() {
                        is_closed = true;
                    }
                });
            }
            reply => {
                ui.horizontal(|ui| {
                    if ui.small_button(ws.t(Key::Reply)).clicked() {
                        *reply = Some((c.id.clone(), String::new()));
                    }
                    let (key, is_resolved) = if c.is_resolved {
                        (Key::ReopenComment, false)
                    } else {
                        (Key::ResolveComment, true)
                    };
                    if ui.small_button(ws.t(key)).clicked() {
                        out.push(Command::ResolveComment {
                            id: c.id.clone(),
                            is_resolved,
                        });
                    }
                    if ui.small_button(ws.t(Key::DeleteCommentButton)).clicked() {
                        out.push(Command::DeleteComment(c.id.clone()));
                    }
                });
            }
        }
        if is_closed {
            self.reply = None;
        }
    }
}

/// An RFC 3339 time as the computer's local time, to the minute.
fn local_time(time: &str) -> String {
    humantime::parse_rfc3339_weak(time)
        .map(super::i18n::clock_time)
        .unwrap_or_else(|_| time.to_owned())
}

/// The add-comment dialog; returns the answer once given.
pub fn add_comment_ui(
    ui: &mut egui::Ui,
    ws: &Workspace,
    form: &mut CommentForm,
) -> Option<Option<Command>> {
    let mut answer = None;
    ui.heading(ws.t(Key::CommentTitle));
    let doc = ws.session.document();
    if let Some(id) = form.section {
        let heading = doc
            .section(id)
            .map(|s| s.heading.as_str())
            .unwrap_or_default();
        ui.label(format!("{}{heading}", ws.session.numbers().label(id)));
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(ws.t(Key::CommentPassage));
        match &form.quote {
            Some(q) => ui.label(egui::RichText::new(format!("“{}”", q.exact)).italics()),
            None => ui.weak(ws.t(Key::CommentWholeSection)),
        };
    });
    let label = ui.label(ws.t(Key::CommentText));
    let text = ui
        .add(
            egui::TextEdit::multiline(&mut form.text)
                .desired_rows(4)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if ui.ctx().memory(|m| m.focused().is_none()) {
        text.request_focus();
    }
    ui.horizontal(|ui| {
        let label = ui.label(ws.t(Key::CommentUnit));
        ui.text_edit_singleline(&mut form.unit)
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let is_ready = !form.text.trim().is_empty();
        if ui
            .add_enabled(is_ready, egui::Button::new(ws.t(Key::AddCommentButton)))
            .clicked()
        {
            answer = Some(Some(Command::AddComment(Box::new(form.clone()))));
        }
        if ui.button(ws.t(Key::CancelButton)).clicked() {
            answer = Some(None);
        }
    });
    answer
}
