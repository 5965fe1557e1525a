//! The editor pane: the selected section's number (read-only), heading and body, or the
//! title block, stage line and preamble. Text fields edit buffers; each change becomes a core
//! edit, and a typing burst in one field is one undo step.

use egui::text::{CCursor, CCursorRange};
use egui::{Id, TextEdit};
use std::collections::BTreeMap;

use super::app::PlandraftApp;
use super::command::{Command, Selection};
use super::i18n::Key;
use crate::core::document::{Container, Paragraph, SectionId};
use crate::core::edit::Edit;

/// A pause longer than this starts a new undo step while typing.
const TYPING_PAUSE_S: f64 = 1.5;

/// Which text a field edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The title block, one line per line.
    Title,
    /// The stage line.
    Stage,
    /// A section heading.
    Heading(SectionId),
    /// The paragraphs of the preamble or a section, one per line.
    Body(Container),
}

/// A field's text as the user sees it, and the document revision it matches.
#[derive(Clone, Debug)]
struct Buffer {
    text: String,
    revision: u64,
}

/// Text buffers and focus requests of the editor pane.
#[derive(Default)]
pub struct EditorState {
    buffers: BTreeMap<Field, Buffer>,
    /// The field typed in last, when, and its undo group.
    typing: Option<(Field, f64, u64)>,
    next_group: u64,
    /// Put the cursor in the heading on the next frame.
    pub wants_heading_focus: bool,
    /// Select the whole heading when focusing it (a new section's placeholder).
    pub wants_heading_select_all: bool,
    /// Select this character range in a field on the next frame (find).
    pub select_in: Option<(Field, std::ops::Range<usize>)>,
}

/// The text a field shows for the document as it is.
fn field_text(app: &PlandraftApp, field: Field) -> String {
    let doc = app.session.document();
    match field {
        Field::Title => doc.title.join("\n"),
        Field::Stage => doc.stage.clone().unwrap_or_default(),
        Field::Heading(id) => doc
            .section(id)
            .map(|s| s.heading.clone())
            .unwrap_or_default(),
        Field::Body(c) => doc
            .paragraphs(c)
            .map(|ps| {
                ps.iter()
                    .map(|p| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default(),
    }
}

/// The edit that makes the document hold `text` in `field`.
pub fn field_edit(app: &PlandraftApp, field: Field, text: &str) -> Option<Edit> {
    let doc = app.session.document();
    match field {
        Field::Title => {
            let lines: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            (lines != doc.title).then_some(Edit::SetTitle { lines })
        }
        Field::Stage => {
            let trimmed = text.trim();
            let stage = (!trimmed.is_empty()).then(|| trimmed.to_owned());
            (stage != doc.stage).then_some(Edit::SetStage { stage })
        }
        Field::Heading(id) => {
            let heading = text.replace('\n', "");
            let old = doc.section(id)?;
            (old.heading != heading).then_some(Edit::RenameHeading { id, heading })
        }
        Field::Body(container) => {
            let old = doc.paragraphs(container)?;
            let new: Vec<&str> = text.split('\n').collect();
            let new: Vec<&str> = if new == [""] { Vec::new() } else { new };
            if new.len() == old.len() {
                let changed: Vec<usize> =
                    (0..new.len()).filter(|i| old[*i].text != new[*i]).collect();
                return match changed.as_slice() {
                    [] => None,
                    [index] => Some(Edit::SetParagraph {
                        container,
                        index: *index,
                        text: new[*index].to_owned(),
                    }),
                    _ => Some(Edit::SetParagraphs {
                        container,
                        paragraphs: new.into_iter().map(Paragraph::new).collect(),
                    }),
                };
            }
            Some(Edit::SetParagraphs {
                container,
                paragraphs: new.into_iter().map(Paragraph::new).collect(),
            })
        }
    }
}

/// Character offset in a body field of byte `offset` of paragraph `index`.
pub fn body_char_offset(paragraphs: &[Paragraph], index: usize, offset: usize) -> usize {
    let before: usize = paragraphs[..index.min(paragraphs.len())]
        .iter()
        .map(|p| p.text.chars().count() + 1)
        .sum();
    let within = paragraphs
        .get(index)
        .map_or(0, |p| p.text.get(..offset).map_or(0, |s| s.chars().count()));
    before + within
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

impl PlandraftApp {
    /// Draws the editor pane.
    pub(super) fn editor_ui(&mut self, ui: &mut egui::Ui) {
        let revision = self.session.revision();
        // Buffers of fields no longer shown are dropped; those whose text changed outside
        // (undo, replace, another field) are refreshed.
        let shown: Vec<Field> = match self.selection {
            Selection::Front => vec![Field::Title, Field::Stage, Field::Body(Container::Preamble)],
            Selection::Section(id) => vec![Field::Heading(id), Field::Body(Container::Section(id))],
        };
        self.editor.buffers.retain(|f, _| shown.contains(f));
        for field in &shown {
            let is_current = self
                .editor
                .buffers
                .get(field)
                .is_some_and(|b| b.revision == revision);
            if is_current {
                continue;
            }
            // Keep the user's own text when it already says what the document says (it may
            // hold an empty line just typed); otherwise show the document's text.
            let is_in_step = self
                .editor
                .buffers
                .get(field)
                .is_some_and(|b| field_edit(self, *field, &b.text).is_none());
            if is_in_step {
                if let Some(b) = self.editor.buffers.get_mut(field) {
                    b.revision = revision;
                }
            } else {
                let text = field_text(self, *field);
                self.editor
                    .buffers
                    .insert(*field, Buffer { text, revision });
            }
        }

        egui::ScrollArea::vertical()
            .id_salt("editor")
            .auto_shrink([false, false])
            .show(ui, |ui| match self.selection {
                Selection::Front => self.front_ui(ui),
                Selection::Section(id) => self.section_ui(ui, id),
            });
    }

    fn front_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading(self.t(Key::DocumentInfo));
        ui.add_space(8.0);
        let label = ui.label(self.t(Key::TitleBlock));
        self.field_ui(ui, Field::Title, 2, label.id);
        ui.add_space(6.0);
        let label = ui.label(self.t(Key::Stage));
        self.field_ui(ui, Field::Stage, 1, label.id);
        ui.add_space(6.0);
        let label = ui.label(self.t(Key::Preamble));
        self.field_ui(ui, Field::Body(Container::Preamble), 8, label.id);
    }

    fn section_ui(&mut self, ui: &mut egui::Ui, id: SectionId) {
        let Some(section) = self.session.document().section(id) else {
            ui.label(self.t(Key::NothingSelected));
            return;
        };
        let number = self.session.numbers().label(id);
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
        let label = ui.weak(self.t(Key::Heading));
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(&number).heading().strong())
                .on_hover_text(self.t(Key::Number));
            let width = ui.available_width();
            ui.scope(|ui| {
                ui.style_mut().override_text_style = Some(egui::TextStyle::Heading);
                ui.set_width(width);
                self.field_ui(ui, Field::Heading(id), 1, label.id);
            });
        });
        let mut run_in = is_run_in;
        if ui.checkbox(&mut run_in, self.t(Key::RunIn)).changed() {
            self.push(Command::Edit {
                edit: Edit::SetRunIn { id, run_in },
                group: None,
            });
        }
        if let Some((heading, start)) = run_in_parts {
            // How the heading runs into its first paragraph when printed.
            let preview = format!("{number}{heading}{start}…");
            ui.weak(super::i18n::tr_args(
                self.lang(),
                Key::RunInPreview,
                &[&preview],
            ));
            if !heading.ends_with(['。', '！', '？']) {
                ui.colored_label(ui.visuals().warn_fg_color, self.t(Key::RunInNeedsStop));
            }
        }
        ui.add_space(6.0);
        let label = ui.label(self.t(Key::Body));
        self.field_ui(ui, Field::Body(Container::Section(id)), 16, label.id);
    }

    /// One editable text field bound to a part of the document.
    fn field_ui(&mut self, ui: &mut egui::Ui, field: Field, rows: usize, label: Id) {
        let id = Id::unique(("field", field));
        let Some(mut buffer) = self.editor.buffers.remove(&field) else {
            return;
        };
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
            && std::mem::take(&mut self.editor.wants_heading_focus)
        {
            response.request_focus();
            if std::mem::take(&mut self.editor.wants_heading_select_all) {
                self.set_cursor(ui.ctx(), id, 0..buffer.text.chars().count());
            }
        }
        if let Some((target, range)) = self.editor.select_in.clone()
            && target == field
        {
            self.editor.select_in = None;
            response.request_focus();
            self.set_cursor(ui.ctx(), id, range.clone());
            let galley = &output.galley;
            let cursor_rect = galley.pos_from_cursor(CCursor::new(range.start));
            let rect = cursor_rect.translate(output.galley_pos.to_vec2());
            ui.scroll_to_rect(rect, Some(egui::Align::Center));
        }
        if response.changed()
            && let Some(edit) = field_edit(self, field, &buffer.text)
        {
            let group = self.typing_group(ui.ctx(), field);
            // The buffer keeps its old revision: next frame it is compared with the document,
            // and kept if the edit went through, or replaced if something else won.
            self.push(Command::Edit {
                edit,
                group: Some(group),
            });
        }
        if response.lost_focus() {
            self.editor.typing = None;
        }
        self.editor.buffers.insert(field, buffer);
    }

    fn set_cursor(&self, ctx: &egui::Context, id: Id, chars: std::ops::Range<usize>) {
        let mut state = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
        state.cursor.set_char_range(Some(CCursorRange::two(
            CCursor::new(chars.start),
            CCursor::new(chars.end),
        )));
        state.store(ctx, id);
    }

    /// The undo group for typing in `field` now: the same as the last keystroke's when it
    /// was in the same field and recent.
    fn typing_group(&mut self, ctx: &egui::Context, field: Field) -> u64 {
        let now = ctx.input(|i| i.time);
        match self.editor.typing {
            Some((f, t, group)) if f == field && now - t < TYPING_PAUSE_S => {
                self.editor.typing = Some((field, now, group));
                group
            }
            _ => {
                self.editor.next_group += 1;
                let group = self.editor.next_group;
                self.editor.typing = Some((field, now, group));
                group
            }
        }
    }
}
