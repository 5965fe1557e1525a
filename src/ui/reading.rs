//! The reading view: the whole document as it prints, laid out once per change and width,
//! and painted only where it is visible, so it scrolls smoothly at national-plan size.
//! Clicking a section opens it for editing.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};

use super::app::PlandraftApp;
use super::blocks::Blocks;
use super::command::{Command, Selection, View};
use crate::core::document::SectionId;

/// The laid-out document and where to scroll.
#[derive(Default)]
pub struct ReadingState {
    blocks: Blocks,
    /// Scroll to this section on the next frame.
    pub scroll_to: Option<SectionId>,
}

/// The text of the document as blocks of layout jobs, with the section each belongs to.
fn jobs(
    app: &PlandraftApp,
    width: f32,
    text_color: Color32,
    strong: Color32,
) -> Vec<(Option<SectionId>, LayoutJob)> {
    let doc = app.session.document();
    let numbers = app.session.numbers();
    let body = FontId::proportional(17.0);
    let job = |parts: &[(&str, FontId, Color32)], centered: bool| {
        let mut job = LayoutJob::default();
        for (text, font, color) in parts {
            job.append(text, 0.0, TextFormat::simple(font.clone(), *color));
        }
        job.wrap.max_width = width;
        if centered {
            job.halign = egui::Align::Center;
        }
        job
    };
    let mut out = Vec::new();
    for line in &doc.title {
        out.push((
            None,
            job(&[(line, FontId::proportional(26.0), strong)], true),
        ));
    }
    if let Some(stage) = &doc.stage {
        out.push((
            None,
            job(
                &[(
                    &format!("（{stage}）"),
                    FontId::proportional(18.0),
                    text_color,
                )],
                true,
            ),
        ));
    }
    // Body paragraphs print with a two-character indent.
    let paragraph = |text: &str| {
        job(
            &[(&format!("\u{3000}\u{3000}{text}"), body.clone(), text_color)],
            false,
        )
    };
    for p in &doc.preamble {
        out.push((None, paragraph(&p.text)));
    }
    doc.walk(|s, depth| {
        let Some(number) = numbers.get(s.id) else {
            return;
        };
        let size = (22.0 - depth as f32 * 2.0).max(17.0);
        let heading_font = FontId::proportional(size);
        let (run_in, paragraphs) = s.printed_parts(number.style);
        if let Some(first) = run_in {
            let head = format!("\u{3000}\u{3000}{}", number.heading_line(&s.heading));
            out.push((
                Some(s.id),
                job(
                    &[
                        (&head, body.clone(), strong),
                        (first, body.clone(), text_color),
                    ],
                    false,
                ),
            ));
        } else {
            out.push((
                Some(s.id),
                job(
                    &[(&number.heading_line(&s.heading), heading_font, strong)],
                    depth == 0 && number.style.is_chapter_like(),
                ),
            ));
        }
        for p in paragraphs {
            out.push((Some(s.id), paragraph(&p.text)));
        }
    });
    out
}

impl PlandraftApp {
    /// Draws the reading view.
    pub(super) fn reading_ui(&mut self, ui: &mut egui::Ui) {
        let width = Blocks::text_width(ui);
        let key = Blocks::key(ui.ctx(), self.session.revision(), width);
        if !self.reading.blocks.is_built_for(key) {
            let visuals = ui.visuals().clone();
            let jobs = jobs(
                self,
                width,
                visuals.text_color(),
                visuals.strong_text_color(),
            );
            self.reading.blocks.build(ui.ctx(), key, jobs);
        }
        let scroll_to = self
            .reading
            .scroll_to
            .take()
            .and_then(|id| self.reading.blocks.top_of(id));
        let selected = match self.selection {
            Selection::Section(id) => Some(id),
            Selection::Front => None,
        };
        let clicked = self
            .reading
            .blocks
            .show(ui, "reading", width, scroll_to, (selected, None))
            .and_then(|i| self.reading.blocks.section_of(i));
        if let Some(id) = clicked {
            self.push(Command::Select(Selection::Section(id)));
            self.push(Command::SetView(View::Edit));
        }
    }
}
