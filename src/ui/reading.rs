//! The reading view: the whole document as it prints — the printed blocks every exporter
//! writes — laid out once per change and width, and painted only where it is visible, so it
//! scrolls smoothly at national-plan size. Clicking a section opens it for editing.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};

use super::blocks::Blocks;
use super::command::{Command, Selection, View};
use crate::app::Workspace;
use crate::core::document::SectionId;
use crate::core::export::print::{self, BlockKind, Face};

/// The reading view's own state: the laid-out document and where to scroll.
#[derive(Default)]
pub struct ReadingPane {
    blocks: Blocks,
    /// Scroll to this section on the next frame.
    scroll_to: Option<SectionId>,
}

/// The document as it prints (`export::print::blocks`, the form every exporter writes) as
/// layout jobs, each with the section it belongs to: headings, lead sentences and run-in
/// headings stand out, the title and 第…章 headings are centred, body text is indented.
fn jobs(
    ws: &Workspace,
    width: f32,
    text_color: Color32,
    strong: Color32,
) -> Vec<(Option<SectionId>, LayoutJob)> {
    let body = FontId::proportional(17.0);
    let mut out = Vec::new();
    print::each_block(ws.session.document(), ws.session.numbers(), |block| {
        let font = match block.kind {
            BlockKind::Title => FontId::proportional(26.0),
            BlockKind::Stage => FontId::proportional(18.0),
            BlockKind::Heading { depth, .. } => {
                FontId::proportional((22.0 - depth as f32 * 2.0).max(17.0))
            }
            // The empty line under the title block: the gap between blocks stands for it.
            BlockKind::Blank => return,
            BlockKind::Body => body.clone(),
        };
        let mut job = LayoutJob::default();
        let is_indented = !block.is_centred();
        for (i, run) in block.runs.iter().enumerate() {
            // A heading's face, or a lead sentence's weight, shows as strong text.
            let is_strong = run.is_bold
                || run.face != Face::FangSong
                || matches!(block.kind, BlockKind::Heading { .. });
            let color = if is_strong { strong } else { text_color };
            let text = if i == 0 && is_indented && block.kind == BlockKind::Body {
                format!("\u{3000}\u{3000}{}", run.text)
            } else {
                run.text.clone()
            };
            job.append(&text, 0.0, TextFormat::simple(font.clone(), color));
        }
        job.wrap.max_width = width;
        if block.is_centred() {
            job.halign = egui::Align::Center;
        }
        out.push((block.section, job));
    });
    out
}

impl ReadingPane {
    /// Scrolls to a section on the next frame.
    pub fn scroll_to(&mut self, id: SectionId) {
        self.scroll_to = Some(id);
    }

    /// Draws the reading view; a click on a section asks to edit it.
    pub fn show(&mut self, ui: &mut egui::Ui, ws: &Workspace) -> Vec<Command> {
        let width = Blocks::text_width(ui);
        let key = Blocks::key(ui.ctx(), ws.session.revision(), width);
        if !self.blocks.is_built_for(key) {
            let visuals = ui.visuals().clone();
            let jobs = jobs(ws, width, visuals.text_color(), visuals.strong_text_color());
            self.blocks.build(ui.ctx(), key, jobs);
        }
        let scroll_to = self.scroll_to.take().and_then(|id| self.blocks.top_of(id));
        let selected = match ws.selection {
            Selection::Section(id) => Some(id),
            Selection::Front => None,
        };
        let clicked = self
            .blocks
            .show(ui, "reading", width, scroll_to, (selected, None))
            .and_then(|i| self.blocks.section_of(i));
        match clicked {
            Some(id) => vec![
                Command::Select(Selection::Section(id)),
                Command::SetView(View::Edit),
            ],
            None => Vec::new(),
        }
    }
}
