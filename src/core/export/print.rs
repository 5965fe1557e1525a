//! The printed form of a document: the blocks a printed page shows, in order, each with the
//! face and weight of its runs as GB/T 9704-2012 sets them. DOCX, the HTML print page and
//! the page preview are all written from these blocks, so they cannot disagree about what
//! is printed.

use crate::core::document::{Document, Paragraph, Section, SectionId};
use crate::core::numbering::{NumberStyle, Numbers};

/// The typeface of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// 方正小标宋简体: the title.
    XiaoBiaoSong,
    /// 黑体: 第…章 and 一、 headings.
    Hei,
    /// 楷体_GB2312: （一） headings.
    Kai,
    /// 仿宋_GB2312: body text and 1. / （1） headings.
    FangSong,
}

impl Face {
    /// The face headings numbered in `style` are printed in.
    pub fn of_heading(style: NumberStyle) -> Self {
        match style {
            // A national plan's levels each in their own face: 篇 (and 部分) set like the
            // title, 章 in 黑体, 节 in 楷体.
            NumberStyle::Part | NumberStyle::Pian => Face::XiaoBiaoSong,
            NumberStyle::Zhang | NumberStyle::ChineseComma => Face::Hei,
            NumberStyle::Jie | NumberStyle::ChineseParen => Face::Kai,
            _ => Face::FangSong,
        }
    }
}

/// A stretch of text in one face and weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Its face.
    pub face: Face,
    /// Bold (lead sentences).
    pub is_bold: bool,
}

impl Run {
    fn new(text: impl Into<String>, face: Face) -> Self {
        Self {
            text: text.into(),
            face,
            is_bold: false,
        }
    }
}

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A line of the title (2号 小标宋, centred).
    Title,
    /// The stage in brackets under the title (（征求意见稿）), centred.
    Stage,
    /// The empty line between the title block and the text.
    Blank,
    /// A heading on its own line.
    Heading {
        /// Its depth in the outline (0 for 一、 or 第一章).
        depth: usize,
        /// Its number style.
        style: NumberStyle,
    },
    /// A body paragraph, which may start with a run-in heading.
    Body,
}

/// One printed paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Its text, run by run.
    pub runs: Vec<Run>,
    /// The section it prints (None for the title block and preamble), so that a view of
    /// the printed form can lead back to the text.
    pub section: Option<SectionId>,
    /// The paragraph of the section (or of the preamble) whose text ends the block: a body
    /// paragraph's own, or the first paragraph run in after its heading; None for headings
    /// and the title block.
    pub paragraph: Option<usize>,
}

impl Block {
    /// Centred on the line (title, stage, 第…章 headings); every other block is justified
    /// with a two-character first-line indent.
    pub fn is_centred(&self) -> bool {
        match self.kind {
            BlockKind::Title | BlockKind::Stage => true,
            BlockKind::Heading { style, .. } => style.is_chapter_like(),
            BlockKind::Blank | BlockKind::Body => false,
        }
    }

    /// All the block's text.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// Whether it is set large, as the title is: the title, and 篇 (or 部分) headings.
    pub fn is_display(&self) -> bool {
        match self.kind {
            BlockKind::Title => true,
            BlockKind::Heading { style, .. } => {
                matches!(style, NumberStyle::Part | NumberStyle::Pian)
            }
            _ => false,
        }
    }

    /// A display block's printed lines, broken as the title is (between whole words, the
    /// lines even); None when it fits on one line or is not a display block.
    pub fn display_lines(&self) -> Option<Vec<String>> {
        let most = match self.kind {
            BlockKind::Title => super::title::TITLE_CHARS,
            _ if self.is_display() => super::title::PART_CHARS,
            _ => return None,
        };
        let lines = super::title::lines(&self.text(), most);
        (lines.len() > 1).then_some(lines)
    }
}

/// A body paragraph of `section` with its lead sentence (坚持党的全面领导。) in bold.
fn body(p: &Paragraph, section: Option<SectionId>, paragraph: usize) -> Block {
    let runs = match p.lead_sentence_end() {
        Some(end) => vec![
            Run {
                is_bold: true,
                ..Run::new(&p.text[..end], Face::FangSong)
            },
            Run::new(&p.text[end..], Face::FangSong),
        ],
        None => vec![Run::new(&p.text, Face::FangSong)],
    };
    Block {
        kind: BlockKind::Body,
        runs,
        section,
        paragraph: Some(paragraph),
    }
}

fn section_blocks(out: &mut impl FnMut(Block), s: &Section, depth: usize, numbers: &Numbers) {
    let Some(number) = numbers.get(s.id) else {
        return;
    };
    let face = Face::of_heading(number.style);
    let (run_in, paragraphs) = s.printed_parts(number.style);
    match run_in {
        // The heading stays in its paragraph, in the heading's face.
        Some(first) => out(Block {
            kind: BlockKind::Body,
            runs: vec![
                Run::new(number.heading_line(&s.heading), face),
                Run::new(first, Face::FangSong),
            ],
            section: Some(s.id),
            paragraph: Some(0),
        }),
        None => out(Block {
            kind: BlockKind::Heading {
                depth,
                style: number.style,
            },
            runs: vec![Run::new(number.heading_line(&s.heading), face)],
            section: Some(s.id),
            paragraph: None,
        }),
    }
    // The printed paragraphs are the section's, less the one run in after the heading.
    let skipped = s.paragraphs.len() - paragraphs.len();
    for (i, p) in paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.text.is_empty())
    {
        out(body(p, Some(s.id), skipped + i));
    }
    for child in &s.children {
        section_blocks(out, child, depth + 1, numbers);
    }
}

/// Calls `out` with each of the document's printed blocks in order, numbered by `numbers`
/// (the whole document's when only some sections are printed). Empty paragraphs (a blank
/// line typed in the editor) are left out. Writers that stream use this rather than
/// [`blocks`], so a large document is never held twice.
pub fn each_block(doc: &Document, numbers: &Numbers, mut out: impl FnMut(Block)) {
    // A title line too long for one printed line is broken between words, the lines even
    // (GB/T 9704 7.3.1), the same in every exporter.
    for line in &doc.title {
        for piece in super::title::lines(line, super::title::TITLE_CHARS) {
            out(Block {
                kind: BlockKind::Title,
                runs: vec![Run::new(piece, Face::XiaoBiaoSong)],
                section: None,
                paragraph: None,
            });
        }
    }
    if let Some(stage) = &doc.stage {
        out(Block {
            kind: BlockKind::Stage,
            runs: vec![Run::new(format!("（{stage}）"), Face::FangSong)],
            section: None,
            paragraph: None,
        });
    }
    if !doc.title.is_empty() || doc.stage.is_some() {
        out(Block {
            kind: BlockKind::Blank,
            runs: Vec::new(),
            section: None,
            paragraph: None,
        });
    }
    for (i, p) in doc
        .preamble
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.text.is_empty())
    {
        out(body(p, None, i));
    }
    for s in &doc.sections {
        section_blocks(&mut out, s, 0, numbers);
    }
}

/// The document's printed blocks, in order (see [`each_block`]).
pub fn blocks(doc: &Document, numbers: &Numbers) -> Vec<Block> {
    let mut out = Vec::new();
    each_block(doc, numbers, |b| out.push(b));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_line_too_long_for_a_line_prints_as_even_lines_of_whole_words() {
        let doc = Document {
            title: vec!["中华人民共和国国民经济和社会发展第十五个五年规划纲要".into()],
            ..Document::default()
        };
        let titles: Vec<String> = blocks(&doc, &Numbers::of(&doc))
            .iter()
            .filter(|b| b.kind == BlockKind::Title)
            .map(Block::text)
            .collect();
        assert_eq!(
            titles,
            ["中华人民共和国国民经济和社会发展", "第十五个五年规划纲要"]
        );
    }

    #[test]
    fn the_sample_prints_as_title_stage_headings_and_bold_leads() {
        let doc = crate::core::test_support::sample();
        let blocks = blocks(&doc, &Numbers::of(&doc));
        assert_eq!(blocks[0].kind, BlockKind::Title);
        assert_eq!(blocks[0].text(), "长春市绿园区国民经济和社会发展");
        assert_eq!(blocks[2].kind, BlockKind::Stage);
        assert_eq!(blocks[2].text(), "（征求意见稿）");
        assert_eq!(blocks[3].kind, BlockKind::Blank);
        let heading = blocks.iter().find(|b| b.text() == "一、发展形势").unwrap();
        assert_eq!(heading.runs[0].face, Face::Hei);
        assert!(!heading.is_centred());
        let kai = blocks
            .iter()
            .find(|b| b.text().starts_with("（一）把握高质量发展"))
            .unwrap();
        assert_eq!(kai.runs[0].face, Face::Kai);
        let lead = blocks
            .iter()
            .find(|b| b.text().starts_with("坚持党的全面领导。"))
            .unwrap();
        assert_eq!(lead.runs[0].text, "坚持党的全面领导。");
        assert!(lead.runs[0].is_bold && !lead.runs[1].is_bold);
        assert!(blocks.iter().all(|b| !b.text().contains("bookmark")));
        assert!(
            blocks
                .iter()
                .all(|b| b.kind == BlockKind::Blank || !b.runs.is_empty())
        );
    }
}
