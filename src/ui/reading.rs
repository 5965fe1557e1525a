//! The reading view: the whole document as it prints — the printed blocks every exporter
//! writes — laid out once per change and width, and painted only where it is visible, so it
//! scrolls smoothly at national-plan size. Clicking a section opens it for editing.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};

use super::blocks::Blocks;
use super::command::{Command, Selection, View};
use crate::app::Workspace;
use std::ops::Range;

use crate::core::comment::{self, Line};
use crate::core::document::{Section, SectionId};
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
    let doc = ws.session.document();
    let passages = comment::open_passages(doc);
    let mut out = Vec::new();
    print::each_block(doc, ws.session.numbers(), |block| {
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
        let is_indented = !block.is_centred();
        let indent = if is_indented && block.kind == BlockKind::Body {
            "\u{3000}\u{3000}"
        } else {
            ""
        };
        let marks = block
            .section
            .and_then(|id| Some((doc.section(id)?, passages.get(&id)?)))
            .map(|(section, passages)| marks(&block, section, passages, indent.len()))
            .unwrap_or_default();
        let mut job = LayoutJob::default();
        let mut at = 0;
        for (i, run) in block.runs.iter().enumerate() {
            // A heading's face, or a lead sentence's weight, shows as strong text.
            let is_strong = run.is_bold
                || run.face != Face::FangSong
                || matches!(block.kind, BlockKind::Heading { .. });
            let format =
                TextFormat::simple(font.clone(), if is_strong { strong } else { text_color });
            let text = if i == 0 {
                format!("{indent}{}", run.text)
            } else {
                run.text.clone()
            };
            append_marked(&mut job, &text, at, &marks, format);
            at += text.len();
        }
        job.wrap.max_width = width;
        if block.is_centred() {
            job.halign = egui::Align::Center;
        }
        out.push((block.section, job));
    });
    out
}

/// The byte ranges of `block`'s laid-out text (its runs, after `indent` bytes) that the
/// open comments' `passages` on `section` cover: on its heading, or on the paragraph whose
/// text ends the block.
fn marks(
    block: &print::Block,
    section: &Section,
    passages: &[(Line, Range<usize>)],
    indent: usize,
) -> Vec<Range<usize>> {
    let text_len = indent + block.runs.iter().map(|r| r.text.len()).sum::<usize>();
    let paragraph = block
        .paragraph
        .and_then(|i| section.paragraphs.get(i).map(|p| (i, p.text.len())));
    // The heading line's run (a heading, or a heading run in before its first paragraph),
    // which ends with the heading's words after its number.
    let heading = block.runs.first().filter(|run| {
        run.text.ends_with(section.heading.as_str())
            && (matches!(block.kind, BlockKind::Heading { .. })
                || (section.run_in && block.paragraph == Some(0) && block.runs.len() > 1))
    });
    passages
        .iter()
        .filter_map(|(line, range)| {
            let start = match line {
                Line::Heading => indent + heading?.text.len() - section.heading.len(),
                Line::Paragraph(i) => {
                    let (own, len) = paragraph?;
                    if own != *i {
                        return None;
                    }
                    text_len.checked_sub(len)?
                }
            };
            Some(start + range.start..start + range.end)
        })
        .collect()
}

/// Appends `text`, which starts at byte `at` of the block, the stretches `marks` cover on
/// a highlight.
fn append_marked(
    job: &mut LayoutJob,
    text: &str,
    at: usize,
    marks: &[Range<usize>],
    format: TextFormat,
) {
    for (piece, is_marked) in super::marks::pieces(text, at, marks, &[]) {
        let background = if is_marked {
            super::marks::COMMENT_HIGHLIGHT
        } else {
            Color32::TRANSPARENT
        };
        job.append(
            &text[piece],
            0.0,
            TextFormat {
                background,
                ..format.clone()
            },
        );
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::comment::quote_of;
    use crate::core::numbering::Numbers;

    /// The marked text of every block of `doc`, as the reading view lays it out.
    fn marked(doc: &crate::core::document::Document) -> Vec<String> {
        let passages = comment::open_passages(doc);
        let mut found = Vec::new();
        print::each_block(doc, &Numbers::of(doc), |block| {
            let Some((section, passages)) = block
                .section
                .and_then(|id| Some((doc.section(id)?, passages.get(&id)?)))
            else {
                return;
            };
            let indent = if block.kind == BlockKind::Body { 6 } else { 0 };
            let text = format!("{}{}", &"\u{3000}\u{3000}"[..indent], block.text());
            for m in marks(&block, section, passages, indent) {
                found.push(text[m].to_owned());
            }
        });
        found
    }

    #[test]
    fn the_passages_of_open_comments_are_marked_where_they_print() {
        let mut doc = crate::core::test_support::sample();
        let on = |heading: &str, exact: &str, doc: &mut crate::core::document::Document| {
            let mut id = None;
            doc.walk(|s, _| {
                if s.heading.starts_with(heading) {
                    id = id.or(Some(s.id));
                }
            });
            let section = doc.section(id.expect(heading)).expect(heading);
            let c = comment::Comment::new(section.id, quote_of(section, exact), "甲", "乙", "意见");
            doc.comments.push(c);
        };
        // On a heading, and on a paragraph further down.
        on("发展形势", "发展形势", &mut doc);
        on("筑牢发展空间基底", "永久基本农田保护", &mut doc);
        let marks = marked(&doc);
        assert!(marks.contains(&"发展形势".to_owned()), "{marks:?}");
        assert!(marks.contains(&"永久基本农田保护".to_owned()), "{marks:?}");
        // A resolved comment's passage is not marked.
        doc.comments[1].is_resolved = true;
        assert!(!marked(&doc).contains(&"永久基本农田保护".to_owned()));
    }

    #[test]
    fn a_run_in_heading_and_its_paragraph_are_marked_in_one_block() {
        let mut doc = crate::core::test_support::sample();
        let mut target = None;
        doc.walk(|s, _| {
            if target.is_none() && !s.paragraphs.is_empty() && s.heading.chars().count() > 4 {
                target = Some(s.id);
            }
        });
        let id = target.expect("a section with paragraphs");
        let section = doc.section_mut(id).expect("section");
        section.run_in = true;
        section
            .paragraphs
            .push(crate::core::document::Paragraph::new(
                "第二段的正文，另有内容。",
            ));
        let heading: String = section.heading.chars().skip(1).take(3).collect();
        let body: String = section.paragraphs[0].text.chars().skip(2).take(4).collect();
        let later: String = section.paragraphs[1].text.chars().skip(1).take(3).collect();
        let section = doc.section(id).expect("section");
        let quotes = [
            quote_of(section, &heading),
            quote_of(section, &body),
            quote_of(section, &later),
        ];
        for q in quotes {
            doc.comments
                .push(comment::Comment::new(id, q, "甲", "乙", "意见"));
        }
        let mut marks = marked(&doc);
        marks.sort();
        let mut expected = vec![heading, body, later];
        expected.sort();
        assert_eq!(marks, expected);
    }
}
