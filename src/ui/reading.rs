//! The reading view: the whole document as it prints, laid out once per change and width,
//! and painted only where it is visible, so it scrolls smoothly at national-plan size.
//! Clicking a section opens it for editing.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, Sense, pos2, vec2};
use std::sync::Arc;

use super::app::PlandraftApp;
use super::command::{Command, Selection, View};
use crate::core::document::SectionId;

/// One laid-out block: a title line, a heading or a paragraph.
struct Block {
    section: Option<SectionId>,
    galley: Arc<Galley>,
    top: f32,
}

/// Laid-out blocks and what they were laid out for.
#[derive(Default)]
pub struct ReadingState {
    /// (revision, width in whole points, dark theme)
    built_for: Option<(u64, u32, bool)>,
    blocks: Vec<Block>,
    height: f32,
    /// Scroll to this section on the next frame.
    pub scroll_to: Option<SectionId>,
}

const GAP: f32 = 6.0;
const MARGIN: f32 = 24.0;

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
        let mut paragraphs = s.paragraphs.iter();
        if s.is_written_run_in() && !number.style.is_chapter_like() {
            let first = paragraphs
                .next()
                .map(|p| p.text.as_str())
                .unwrap_or_default();
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
    fn layout_reading(&mut self, ctx: &egui::Context, width: f32) {
        let is_dark = ctx.theme() == egui::Theme::Dark;
        let key = (self.session.revision(), width as u32, is_dark);
        if self.reading.built_for == Some(key) {
            return;
        }
        let visuals = ctx.global_style().visuals.clone();
        let jobs = jobs(
            self,
            width,
            visuals.text_color(),
            visuals.strong_text_color(),
        );
        let mut top = 0.0;
        let mut blocks = Vec::with_capacity(jobs.len());
        ctx.fonts_mut(|fonts| {
            for (section, job) in jobs {
                let galley = fonts.layout_job(job);
                let height = galley.size().y;
                blocks.push(Block {
                    section,
                    galley,
                    top,
                });
                top += height + GAP;
            }
        });
        self.reading.blocks = blocks;
        self.reading.height = top;
        self.reading.built_for = Some(key);
    }

    /// Draws the reading view.
    pub(super) fn reading_ui(&mut self, ui: &mut egui::Ui) {
        let width = (ui.available_width() - 2.0 * MARGIN).clamp(200.0, 900.0);
        self.layout_reading(ui.ctx(), width);
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("reading")
            .auto_shrink([false, false]);
        if let Some(target) = self.reading.scroll_to.take()
            && let Some(block) = self
                .reading
                .blocks
                .iter()
                .find(|b| b.section == Some(target))
        {
            scroll = scroll.vertical_scroll_offset(block.top);
        }
        let selected = match self.selection {
            Selection::Section(id) => Some(id),
            Selection::Front => None,
        };
        let mut clicked = None;
        scroll.show_viewport(ui, |ui, viewport| {
            let full_width = ui.available_width();
            let (rect, _) = ui.allocate_exact_size(
                vec2(full_width, self.reading.height + MARGIN),
                Sense::hover(),
            );
            let left = rect.left() + ((full_width - width) / 2.0).max(MARGIN);
            let blocks = &self.reading.blocks;
            // Blocks are in order of `top`: find the first one that reaches into view.
            let first = blocks.partition_point(|b| b.top + b.galley.size().y < viewport.min.y);
            for (i, block) in blocks.iter().enumerate().skip(first) {
                if block.top > viewport.max.y {
                    break;
                }
                // A centred job is laid out around x = 0: its rows reach left of the origin.
                let galley_rect = block.galley.rect;
                let origin_x = if block.galley.job.halign == egui::Align::Center {
                    left + width / 2.0
                } else {
                    left
                };
                let pos = pos2(origin_x, rect.top() + block.top);
                let block_rect = egui::Rect::from_min_size(
                    pos2(origin_x + galley_rect.left(), pos.y),
                    vec2(galley_rect.width().max(1.0), block.galley.size().y),
                );
                if let Some(id) = block.section {
                    let response =
                        ui.interact(block_rect, ui.scope_id().with(("block", i)), Sense::click());
                    if response.clicked() {
                        clicked = Some(id);
                    }
                    if selected == Some(id) {
                        let bar = egui::Rect::from_min_size(
                            pos2(left - 10.0, block_rect.top()),
                            vec2(3.0, block_rect.height()),
                        );
                        ui.painter()
                            .rect_filled(bar, 1.0, ui.visuals().selection.bg_fill);
                    } else if response.hovered() {
                        ui.painter().rect_filled(
                            block_rect.expand(2.0),
                            3.0,
                            ui.visuals().faint_bg_color,
                        );
                    }
                }
                ui.painter()
                    .galley(pos, block.galley.clone(), ui.visuals().text_color());
            }
        });
        if let Some(id) = clicked {
            self.push(Command::Select(Selection::Section(id)));
            self.push(Command::SetView(View::Edit));
        }
    }
}
