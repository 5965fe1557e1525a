//! The editor pane: the selected section's number (read-only), heading and body, or the
//! title block, stage line and preamble. Text fields edit buffers; each change becomes a core
//! edit, and a typing burst in one field is one undo step.

use egui::text::{CCursor, CCursorRange};
use egui::{Id, TextEdit};
use std::collections::BTreeMap;

use super::command::{Command, Selection};
use super::i18n::Key;
use crate::app::Workspace;
use crate::app::editor::{Field, field_edit, field_text};
use crate::core::document::{Container, Paragraph, SectionId};
use crate::core::edit::Edit;

/// A pause longer than this starts a new undo step while typing.
const TYPING_PAUSE_S: f64 = 1.5;

/// A field's text as the user sees it, and the document revision it matches.
#[derive(Clone, Debug)]
struct Buffer {
    text: String,
    revision: u64,
}

/// The editor pane's own state: text buffers, the typing burst, and focus requests.
#[derive(Default)]
pub struct EditorPane {
    buffers: BTreeMap<Field, Buffer>,
    /// The field typed in last, when, and its undo group.
    typing: Option<(Field, f64, u64)>,
    next_group: u64,
    /// Put the cursor in the heading on the next frame (Some), selecting all of it (true).
    heading_focus: Option<bool>,
    /// Select this character range in a field on the next frame (find).
    select_in: Option<(Field, std::ops::Range<usize>)>,
}

/// Lays out body text so paragraphs stand apart: every other paragraph on a faint band,
/// and lead sentences (坚持人民至上。…) in the strong text colour.
fn paragraph_job(ui: &egui::Ui, text: &str, wrap_width: f32) -> egui::text::LayoutJob {
    use egui::text::{LayoutJob, TextFormat};
    let font = egui::TextStyle::Body.resolve(ui.style());
    let visuals = ui.visuals();
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            job.append(
                "\n",
                0.0,
                TextFormat::simple(font.clone(), visuals.text_color()),
            );
        }
        let background = if i % 2 == 1 {
            visuals.selection.bg_fill.linear_multiply(0.12)
        } else {
            egui::Color32::TRANSPARENT
        };
        let format = |color| TextFormat {
            font_id: font.clone(),
            color,
            background,
            ..TextFormat::default()
        };
        let lead = Paragraph::new(line).lead_sentence_end().unwrap_or(0);
        job.append(&line[..lead], 0.0, format(visuals.strong_text_color()));
        job.append(&line[lead..], 0.0, format(visuals.text_color()));
    }
    job
}

impl EditorPane {
    /// Puts the cursor in the heading on the next frame, the whole heading selected if asked.
    pub fn focus_heading(&mut self, select_all: bool) {
        self.heading_focus = Some(select_all);
    }

    /// Selects characters of a field on the next frame, scrolled into view.
    pub fn select_text(&mut self, field: Field, range: std::ops::Range<usize>) {
        self.select_in = Some((field, range));
    }

    /// Draws the editor pane; returns the edits typed.
    pub fn show(&mut self, ui: &mut egui::Ui, ws: &Workspace) -> Vec<Command> {
        let revision = ws.session.revision();
        let doc = ws.session.document();
        // Buffers of fields no longer shown are dropped; those whose text changed outside
        // (undo, replace, another field) are refreshed.
        let shown: Vec<Field> = match ws.selection {
            Selection::Front => vec![Field::Title, Field::Stage, Field::Body(Container::Preamble)],
            Selection::Section(id) => vec![Field::Heading(id), Field::Body(Container::Section(id))],
        };
        self.buffers.retain(|f, _| shown.contains(f));
        for field in &shown {
            let is_current = self
                .buffers
                .get(field)
                .is_some_and(|b| b.revision == revision);
            if is_current {
                continue;
            }
            // Keep the user's own text when it already says what the document says (it may
            // hold an empty line just typed); otherwise show the document's text.
            let is_in_step = self
                .buffers
                .get(field)
                .is_some_and(|b| field_edit(doc, *field, &b.text).is_none());
            if is_in_step {
                if let Some(b) = self.buffers.get_mut(field) {
                    b.revision = revision;
                }
            } else {
                let text = field_text(doc, *field);
                self.buffers.insert(*field, Buffer { text, revision });
            }
        }

        let mut out = Vec::new();
        egui::ScrollArea::vertical()
            .id_salt("editor")
            .auto_shrink([false, false])
            .show(ui, |ui| match ws.selection {
                Selection::Front => self.front_ui(ui, ws, &mut out),
                Selection::Section(id) => self.section_ui(ui, ws, id, &mut out),
            });
        out
    }

    fn front_ui(&mut self, ui: &mut egui::Ui, ws: &Workspace, out: &mut Vec<Command>) {
        ui.heading(ws.t(Key::DocumentInfo));
        ui.add_space(8.0);
        let doc = ws.session.document();
        let label = ui.label(ws.t(Key::TitleBlock));
        out.extend(self.field_ui(ui, doc, Field::Title, 2, label.id));
        ui.add_space(6.0);
        let label = ui.label(ws.t(Key::Stage));
        out.extend(self.field_ui(ui, doc, Field::Stage, 1, label.id));
        ui.add_space(6.0);
        let label = ui.label(ws.t(Key::Preamble));
        let preamble = Field::Body(Container::Preamble);
        out.extend(self.field_ui(ui, doc, preamble, 8, label.id));
    }

    fn section_ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        id: SectionId,
        out: &mut Vec<Command>,
    ) {
        let doc = ws.session.document();
        let Some(section) = doc.section(id) else {
            ui.label(ws.t(Key::NothingSelected));
            return;
        };
        let number = ws.session.numbers().label(id);
        let is_run_in = section.run_in;
        let run_in_parts = is_run_in.then(|| {
            let first = section
                .paragraphs
                .first()
                .map(|p| p.text.as_str())
                .unwrap_or_default();
            (
                section.heading.clone(),
                first.chars().take(24).collect::<String>(),
            )
        });
        let label = ui.weak(ws.t(Key::Heading));
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(&number).heading().strong())
                .on_hover_text(ws.t(Key::Number));
            let width = ui.available_width();
            ui.scope(|ui| {
                ui.style_mut().override_text_style = Some(egui::TextStyle::Heading);
                ui.set_width(width);
                out.extend(self.field_ui(ui, doc, Field::Heading(id), 1, label.id));
            });
        });
        let mut run_in = is_run_in;
        if ui.checkbox(&mut run_in, ws.t(Key::RunIn)).changed() {
            out.push(Command::Edit {
                edit: Edit::SetRunIn { id, run_in },
                group: None,
            });
        }
        if let Some((heading, start)) = run_in_parts {
            // How the heading runs into its first paragraph when printed.
            let preview = format!("{number}{heading}{start}…");
            ui.weak(super::i18n::tr_args(
                ws.lang(),
                Key::RunInPreview,
                &[&preview],
            ));
            if !heading.ends_with(['。', '！', '？']) {
                ui.colored_label(ui.visuals().warn_fg_color, ws.t(Key::RunInNeedsStop));
            }
        }
        ui.add_space(6.0);
        let label = ui.label(ws.t(Key::Body));
        let body = Field::Body(Container::Section(id));
        out.extend(self.field_ui(ui, doc, body, 16, label.id));
    }

    /// One editable text field bound to a part of the document; returns the edit typed.
    fn field_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &crate::core::document::Document,
        field: Field,
        rows: usize,
        label: Id,
    ) -> Option<Command> {
        let id = Id::unique(("field", field));
        let mut buffer = self.buffers.remove(&field)?;
        let is_single_line = matches!(field, Field::Heading(_) | Field::Stage);
        let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
            let job = paragraph_job(ui, text.as_str(), wrap_width);
            ui.ctx().fonts_mut(|f| f.layout_job(job))
        };
        let edit = if is_single_line {
            TextEdit::singleline(&mut buffer.text)
        } else if field == Field::Title {
            TextEdit::multiline(&mut buffer.text).desired_rows(rows)
        } else {
            // The body fills the pane; shorter fields keep their few rows.
            let min_height = if rows > 8 {
                (ui.available_height() - 8.0).max(120.0)
            } else {
                0.0
            };
            TextEdit::multiline(&mut buffer.text)
                .desired_rows(rows)
                .min_size(egui::vec2(0.0, min_height))
                .layouter(&mut layouter)
        };
        let output = edit
            .id(id)
            .desired_width(f32::INFINITY)
            .lock_focus(false)
            .show(ui);
        let response = output.response.response.labelled_by(label);

        if let Field::Heading(_) = field
            && let Some(select_all) = self.heading_focus.take()
        {
            response.request_focus();
            if select_all {
                set_cursor(ui.ctx(), id, 0..buffer.text.chars().count());
            }
        }
        if let Some((target, range)) = self.select_in.clone()
            && target == field
        {
            self.select_in = None;
            response.request_focus();
            set_cursor(ui.ctx(), id, range.clone());
            let galley = &output.galley;
            let cursor_rect = galley.pos_from_cursor(CCursor::new(range.start));
            let rect = cursor_rect.translate(output.galley_pos.to_vec2());
            ui.scroll_to_rect(rect, Some(egui::Align::Center));
        }
        let mut command = None;
        if response.changed()
            && let Some(edit) = field_edit(doc, field, &buffer.text)
        {
            let group = self.typing_group(ui.ctx(), field);
            // The buffer keeps its old revision: next frame it is compared with the document,
            // and kept if the edit went through, or replaced if something else won.
            command = Some(Command::Edit {
                edit,
                group: Some(group),
            });
        }
        if response.lost_focus() {
            self.typing = None;
        }
        self.buffers.insert(field, buffer);
        command
    }

    /// The undo group for typing in `field` now: the same as the last keystroke's when it
    /// was in the same field and recent.
    fn typing_group(&mut self, ctx: &egui::Context, field: Field) -> u64 {
        let now = ctx.input(|i| i.time);
        match self.typing {
            Some((f, t, group)) if f == field && now - t < TYPING_PAUSE_S => {
                self.typing = Some((field, now, group));
                group
            }
            _ => {
                self.next_group += 1;
                let group = self.next_group;
                self.typing = Some((field, now, group));
                group
            }
        }
    }
}

/// Puts the cursor of text field `id` over `chars`.
fn set_cursor(ctx: &egui::Context, id: Id, chars: std::ops::Range<usize>) {
    let mut state = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(chars.start),
        CCursor::new(chars.end),
    )));
    state.store(ctx, id);
}
