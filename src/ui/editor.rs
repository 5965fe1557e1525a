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
    /// The characters selected last in a heading or body, for 插入批注.
    selected: Option<(Field, std::ops::Range<usize>)>,
}

/// Lays out body text so paragraphs stand apart: every other paragraph on a faint band,
/// lead sentences (坚持人民至上。…) in the strong text colour, the passages comments are on
/// (`marks`, byte ranges of `text`) on a highlight, and footnote references left from the
/// source ([67]) marked as errors, to be checked.
fn paragraph_job(
    ui: &egui::Ui,
    text: &str,
    wrap_width: f32,
    marks: &[std::ops::Range<usize>],
) -> egui::text::LayoutJob {
    use egui::text::{LayoutJob, TextFormat};
    let font = egui::TextStyle::Body.resolve(ui.style());
    let visuals = ui.visuals();
    let highlight = super::marks::COMMENT_HIGHLIGHT;
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let mut start = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            job.append(
                "\n",
                0.0,
                TextFormat::simple(font.clone(), visuals.text_color()),
            );
            start += 1;
        }
        let band = if i % 2 == 1 {
            visuals.selection.bg_fill.linear_multiply(0.12)
        } else {
            egui::Color32::TRANSPARENT
        };
        let lead = Paragraph::new(line).lead_sentence_end().unwrap_or(0);
        // Footnote references left from the source (监督 [67]。), to check and delete.
        let debris = crate::core::import::debris::footnote_markers(line);
        // Cut the line where the lead sentence, a mark or a reference starts or ends.
        let mut also = vec![lead];
        also.extend(debris.iter().flat_map(|r| [r.start, r.end]));
        for (piece, is_marked) in super::marks::pieces(line, start, marks, &also) {
            let (a, b) = (piece.start, piece.end);
            let is_debris = debris.iter().any(|r| r.start <= a && b <= r.end);
            let color = if is_debris {
                visuals.error_fg_color
            } else if a < lead {
                visuals.strong_text_color()
            } else {
                visuals.text_color()
            };
            let background = if is_debris {
                visuals.error_fg_color.linear_multiply(0.15)
            } else if is_marked {
                highlight
            } else {
                band
            };
            let format = TextFormat {
                font_id: font.clone(),
                color,
                background,
                ..TextFormat::default()
            };
            job.append(&line[a..b], 0.0, format);
        }
        start += line.len();
    }
    job
}

impl EditorPane {
    /// Puts the cursor in the heading on the next frame, the whole heading selected if asked.
    pub fn focus_heading(&mut self, select_all: bool) {
        self.heading_focus = Some(select_all);
    }

    /// The passage selected in the editor, as a comment's quote.
    pub fn selected_quote(&self, ws: &Workspace) -> Option<crate::core::comment::Quote> {
        let (field, chars) = self.selected.clone()?;
        let doc = ws.session.document();
        let (id, text, offset) = match field {
            Field::Heading(id) => (id, doc.section(id)?.heading.clone(), 0),
            Field::Body(Container::Section(id)) => {
                let section = doc.section(id)?;
                (id, field_text(doc, field), section.heading.len() + 1)
            }
            _ => return None,
        };
        let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(i, _)| i);
        let range = offset + byte(chars.start)..offset + byte(chars.end);
        ws.quote_in(id, range)
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
        let is_read_only = ws.is_comment_only();
        out.extend(self.field_ui(ui, doc, Field::Title, (2, is_read_only), label.id, &[]));
        ui.add_space(6.0);
        let label = ui.label(ws.t(Key::Stage));
        out.extend(self.field_ui(ui, doc, Field::Stage, (1, is_read_only), label.id, &[]));
        ui.add_space(6.0);
        let label = ui.label(ws.t(Key::Preamble));
        let preamble = Field::Body(Container::Preamble);
        out.extend(self.field_ui(ui, doc, preamble, (8, is_read_only), label.id, &[]));
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
                out.extend(self.field_ui(
                    ui,
                    doc,
                    Field::Heading(id),
                    (1, ws.is_comment_only()),
                    label.id,
                    &[],
                ));
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
            let line = ws
                .session
                .numbers()
                .get(id)
                .map(|n| n.heading_line(&heading))
                .unwrap_or_default();
            let preview = format!("{line}{start}…");
            ui.weak(super::i18n::tr_args(
                ws.lang(),
                Key::RunInPreview,
                &[&preview],
            ));
            // (An article, 第一条, has no title to end.)
            if !heading.is_empty() && !heading.ends_with(['。', '！', '？']) {
                ui.colored_label(ui.visuals().warn_fg_color, ws.t(Key::RunInNeedsStop));
            }
        }
        ui.add_space(6.0);
        let label = ui.label(ws.t(Key::Body));
        let body = Field::Body(Container::Section(id));
        let marks = comment_marks(ws, id);
        let is_read_only = ws.is_comment_only();
        out.extend(self.field_ui(ui, doc, body, (16, is_read_only), label.id, &marks));
    }

    /// One text field bound to a part of the document (`rows` high; read-only, though its
    /// text can be selected, while the file is for commenting only), with `marks` on the
    /// passages comments are on; returns the edit typed.
    fn field_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &crate::core::document::Document,
        field: Field,
        (rows, is_read_only): (usize, bool),
        label: Id,
        marks: &[std::ops::Range<usize>],
    ) -> Option<Command> {
        let id = Id::unique(("field", field));
        let mut buffer = self.buffers.remove(&field)?;
        let is_single_line = matches!(field, Field::Heading(_) | Field::Stage);
        let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
            let job = paragraph_job(ui, text.as_str(), wrap_width, marks);
            ui.ctx().fonts_mut(|f| f.layout_job(job))
        };
        let shown_text = buffer.text.clone();
        let mut read_only = shown_text.as_str();
        let text: &mut dyn egui::TextBuffer = if is_read_only {
            &mut read_only
        } else {
            &mut buffer.text
        };
        let edit = if is_single_line {
            TextEdit::singleline(text)
        } else if field == Field::Title {
            TextEdit::multiline(text).desired_rows(rows)
        } else {
            // The body fills the pane; shorter fields keep their few rows.
            let min_height = if rows > 8 {
                (ui.available_height() - 8.0).max(120.0)
            } else {
                0.0
            };
            TextEdit::multiline(text)
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
        if let Some(range) = output.cursor_range.filter(|_| response.has_focus()) {
            let chars = range.as_sorted_char_range();
            self.selected =
                (chars.start != chars.end).then_some((field, chars.start.0..chars.end.0));
        }

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

/// The byte ranges of the body text of section `id` that its comments quote.
fn comment_marks(ws: &Workspace, id: SectionId) -> Vec<std::ops::Range<usize>> {
    use crate::core::comment::{Anchor, Line, anchor};
    let doc = ws.session.document();
    let Some(section) = doc.section(id) else {
        return Vec::new();
    };
    let mut starts = Vec::with_capacity(section.paragraphs.len());
    let mut at = 0;
    for p in &section.paragraphs {
        starts.push(at);
        at += p.text.len() + 1;
    }
    doc.comments
        .iter()
        .filter(|c| !c.is_resolved && c.section == id)
        .filter_map(|c| match anchor(doc, c) {
            Anchor {
                section: Some(on),
                passage: Some((Line::Paragraph(i), range)),
                ..
            } if on == id => {
                let start = *starts.get(i)?;
                Some(start + range.start..start + range.end)
            }
            _ => None,
        })
        .collect()
}
