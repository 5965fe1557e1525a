//! A long column of laid-out text blocks (the reading view, the review view): laid out once
//! per content and width, painted only where visible, each block clickable to its section.

use egui::text::LayoutJob;
use egui::{Galley, Sense, pos2, vec2};
use std::sync::Arc;

use crate::core::document::SectionId;

/// One laid-out block and the section it belongs to.
struct Block {
    section: Option<SectionId>,
    galley: Arc<Galley>,
    /// A second column (side-by-side comparison), beside the first.
    right: Option<Arc<Galley>>,
    top: f32,
}

impl Block {
    fn height(&self) -> f32 {
        let right = self.right.as_ref().map_or(0.0, |g| g.size().y);
        self.galley.size().y.max(right)
    }
}

/// Space between the two columns of a side-by-side block.
pub const COLUMN_GAP: f32 = 24.0;

/// What blocks were laid out for: (content generation, width in whole points, dark theme).
pub type BuildKey = (u64, u32, bool);

/// Laid-out blocks.
#[derive(Default)]
pub struct Blocks {
    built_for: Option<BuildKey>,
    blocks: Vec<Block>,
    height: f32,
}

const GAP: f32 = 6.0;
const MARGIN: f32 = 24.0;

impl Blocks {
    /// The width text is laid out at in `ui`: the pane less margins, at most a page wide.
    pub fn text_width(ui: &egui::Ui) -> f32 {
        (ui.available_width() - 2.0 * MARGIN).clamp(200.0, 900.0)
    }

    /// The key for content `generation` laid out at `width` in the current theme.
    pub fn key(ctx: &egui::Context, generation: u64, width: f32) -> BuildKey {
        (generation, width as u32, ctx.theme() == egui::Theme::Dark)
    }

    /// Whether the blocks are laid out for `key`.
    pub fn is_built_for(&self, key: BuildKey) -> bool {
        self.built_for == Some(key)
    }

    /// Lays out `jobs` (each with its section).
    pub fn build(
        &mut self,
        ctx: &egui::Context,
        key: BuildKey,
        jobs: Vec<(Option<SectionId>, LayoutJob)>,
    ) {
        let rows = jobs.into_iter().map(|(s, j)| (s, j, None)).collect();
        self.build_rows(ctx, key, rows);
    }

    /// Lays out rows of one or two columns (each job wrapped at its column's width).
    pub fn build_rows(
        &mut self,
        ctx: &egui::Context,
        key: BuildKey,
        rows: Vec<(Option<SectionId>, LayoutJob, Option<LayoutJob>)>,
    ) {
        let mut top = 0.0;
        let mut blocks = Vec::with_capacity(rows.len());
        ctx.fonts_mut(|fonts| {
            for (section, job, right) in rows {
                let galley = fonts.layout_job(job);
                let right = right.map(|j| fonts.layout_job(j));
                let block = Block {
                    section,
                    galley,
                    right,
                    top,
                };
                top += block.height() + GAP;
                blocks.push(block);
            }
        });
        self.blocks = blocks;
        self.height = top;
        self.built_for = Some(key);
    }

    /// Where the first block of `section` starts.
    pub fn top_of(&self, section: SectionId) -> Option<f32> {
        self.blocks
            .iter()
            .find(|b| b.section == Some(section))
            .map(|b| b.top)
    }

    /// Where block `index` starts.
    pub fn top_of_block(&self, index: usize) -> Option<f32> {
        self.blocks.get(index).map(|b| b.top)
    }

    /// The section block `index` belongs to.
    pub fn section_of(&self, index: usize) -> Option<SectionId> {
        self.blocks.get(index).and_then(|b| b.section)
    }

    /// Draws the visible blocks in a scroll area, marking the selected section's blocks and
    /// highlighting `focused_block`; returns the index of the block clicked, if any.
    pub fn show(
        &self,
        ui: &mut egui::Ui,
        id_salt: &str,
        width: f32,
        scroll_to: Option<f32>,
        (selected, focused_block): (Option<SectionId>, Option<usize>),
    ) -> Option<usize> {
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt(id_salt)
            .auto_shrink([false, false]);
        if let Some(top) = scroll_to {
            scroll = scroll.vertical_scroll_offset(top);
        }
        let mut clicked = None;
        scroll.show_viewport(ui, |ui, viewport| {
            let full_width = ui.available_width();
            let (rect, _) =
                ui.allocate_exact_size(vec2(full_width, self.height + MARGIN), Sense::hover());
            let left = rect.left() + ((full_width - width) / 2.0).max(MARGIN);
            // Blocks are in order of `top`: find the first one that reaches into view.
            let first = self
                .blocks
                .partition_point(|b| b.top + b.height() < viewport.min.y);
            for (i, block) in self.blocks.iter().enumerate().skip(first) {
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
                let block_width = if block.right.is_some() {
                    width
                } else {
                    galley_rect.width().max(1.0)
                };
                let block_rect = egui::Rect::from_min_size(
                    pos2(origin_x + galley_rect.left(), pos.y),
                    vec2(block_width, block.height()),
                );
                if let Some(id) = block.section {
                    let response =
                        ui.interact(block_rect, ui.scope_id().with(("block", i)), Sense::click());
                    // Screen readers (and UI tests) read the block's text.
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Paragraph, true, block.galley.text())
                    });
                    if response.clicked() {
                        clicked = Some(i);
                    }
                    if focused_block == Some(i) {
                        ui.painter().rect_filled(
                            block_rect.expand(3.0),
                            3.0,
                            ui.visuals().selection.bg_fill.linear_multiply(0.25),
                        );
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
                if let Some(right) = &block.right {
                    let x = left + (width + COLUMN_GAP) / 2.0;
                    ui.painter()
                        .galley(pos2(x, pos.y), right.clone(), ui.visuals().text_color());
                }
            }
        });
        clicked
    }
}
