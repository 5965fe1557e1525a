//! Printed pages: the document's printed blocks set line by line on A4 pages as GB/T
//! 9704-2012 lays them out (22 lines of 28 characters in a 156 × 225 mm type area), for
//! the export preview and the page count. The DOCX and HTML exports use the same sizes,
//! so a page here is the page Word, WPS, LibreOffice or a browser prints, give or take
//! their own hyphenation of Latin words.
//!
//! All lengths are in points; x and y are measured from the type area's top-left corner.

use super::print::{self, Block, BlockKind, Face};
use crate::core::document::Document;
use crate::core::numbering::Numbers;

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;
/// A4 width.
pub const PAGE_WIDTH: f32 = 210.0 * PT_PER_MM;
/// A4 height.
pub const PAGE_HEIGHT: f32 = 297.0 * PT_PER_MM;
/// Top margin (天头), 37 mm.
pub const MARGIN_TOP: f32 = 37.0 * PT_PER_MM;
/// Left margin (订口), 28 mm.
pub const MARGIN_LEFT: f32 = 28.0 * PT_PER_MM;
/// Type area width, 156 mm.
pub const TYPE_WIDTH: f32 = 156.0 * PT_PER_MM;
/// Type area height, 225 mm.
pub const TYPE_HEIGHT: f32 = 225.0 * PT_PER_MM;
/// Body text, 3号.
pub const BODY_SIZE: f32 = 16.0;
/// The title, 2号.
pub const TITLE_SIZE: f32 = 22.0;
/// 篇 (and 部分) headings, 小二.
pub const PART_SIZE: f32 = 18.0;
/// Page numbers, 4号.
pub const PAGE_NUMBER_SIZE: f32 = 14.0;
/// A body line: 225 mm over 22 lines.
pub const LINE_HEIGHT: f32 = 28.95;
/// A title line (35 pt, exactly, in the DOCX).
pub const TITLE_LINE_HEIGHT: f32 = 35.0;
/// Each character is condensed by a quarter point so that 28 fill a line.
pub const CHAR_SPACING: f32 = -0.25;
/// The two-character first-line indent.
pub const INDENT: f32 = 2.0 * BODY_SIZE;
/// The space Word and LibreOffice put between Chinese characters and Latin letters or
/// digits (到 2030 年), as a fraction of the font size.
const ASIAN_LATIN_SPACE: f32 = 0.2;

/// One character placed on a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The character.
    pub ch: char,
    /// Its left edge.
    pub x: f32,
    /// Its advance (before justification).
    pub width: f32,
    /// Its face.
    pub face: Face,
    /// Bold.
    pub is_bold: bool,
}

/// One printed line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The top of the line box.
    pub y: f32,
    /// The line's height.
    pub height: f32,
    /// The font size.
    pub size: f32,
    /// The characters, left to right.
    pub glyphs: Vec<Glyph>,
}

impl Line {
    /// The line's text.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }
}

/// One printed page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Its lines, top to bottom.
    pub lines: Vec<Line>,
}

/// The page number as printed: "— 3 —".
pub fn page_number(n: usize) -> String {
    format!("— {n} —")
}

/// Characters that may not start a line.
fn is_closing(c: char) -> bool {
    "，。、；：？！）》」』】〕〉”’…—·％,.;:?!)]}%".contains(c)
}

/// Commas and full stops hang past the margin rather than start a line (as Word, WPS and
/// LibreOffice set Chinese by default); other closing marks take the character before
/// them down to the next line instead.
fn may_hang(c: char) -> bool {
    "，。、．,.".contains(c)
}

/// Characters that may not end a line; they move down with the next one.
fn is_opening(c: char) -> bool {
    "（《「『【〔〈“‘([{".contains(c)
}

/// Latin letters and digits, which break only between words.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/' | '%')
}

/// A character's advance at `size`: Chinese and full-width forms take a whole em, Latin
/// letters and digits (Times New Roman in the DOCX) about half.
pub(crate) fn advance(c: char, size: f32) -> f32 {
    let em = match c {
        ' ' => 0.25,
        c if c.is_ascii() => 0.5,
        _ => 1.0,
    };
    em * size + CHAR_SPACING
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3ffff}')
}

/// Where the line that starts at `start` ends, given `room` points.
fn line_end(glyphs: &[Glyph], start: usize, room: f32) -> usize {
    let mut used = 0.0;
    let mut end = start;
    while end < glyphs.len() && used + glyphs[end].width <= room + 0.01 {
        used += glyphs[end].width;
        end += 1;
    }
    if end == start {
        // Wider than the line: it goes on it alone.
        return start + 1;
    }
    if end == glyphs.len() {
        return end;
    }
    let len = glyphs.len();
    let is_inside_word = |i: usize| {
        i > 0
            && i + 1 < len
            && glyphs[i - 1].ch.is_ascii_alphanumeric()
            && glyphs[i + 1].ch.is_ascii_alphanumeric()
    };
    // One comma or full stop hangs, unless it is part of a number (6.5%) or another closing
    // mark follows it (。” must not start a line either).
    let is_followed_by_closing = glyphs.get(end + 1).is_some_and(|g| is_closing(g.ch));
    if may_hang(glyphs[end].ch) && !is_inside_word(end) && !is_followed_by_closing {
        return end + 1;
    }
    let mut cut = end;
    loop {
        let before = cut;
        // Closing marks take the character before them down; opening marks go down with
        // what follows them.
        while cut > start && is_closing(glyphs[cut].ch) {
            cut -= 1;
        }
        while cut > start && is_opening(glyphs[cut - 1].ch) {
            cut -= 1;
        }
        // A word or number goes down whole, if it fits on a line at all.
        if cut > start && is_word(glyphs[cut].ch) && is_word(glyphs[cut - 1].ch) {
            let mut word = cut - 1;
            while word > start && is_word(glyphs[word - 1].ch) {
                word -= 1;
            }
            let mut word_end = cut;
            while word_end < len && is_word(glyphs[word_end].ch) {
                word_end += 1;
            }
            let width: f32 = glyphs[word..word_end].iter().map(|g| g.width).sum();
            if word > start && width <= room {
                cut = word;
            }
        }
        if cut == before {
            break;
        }
    }
    // Nowhere to break by the rules (a line of closing marks): break where the line is full.
    if cut <= start { end } else { cut }
}

/// Sets one block into lines (y is left at 0).
fn set_block(block: &Block) -> Vec<Line> {
    if let Some(pieces) = block.display_lines() {
        // Broken between words, as the title is; each piece fits on its line.
        return pieces
            .into_iter()
            .flat_map(|piece| {
                let runs = block
                    .runs
                    .first()
                    .map(|run| print::Run {
                        text: piece,
                        ..run.clone()
                    })
                    .into_iter()
                    .collect();
                set_block(&Block {
                    runs,
                    ..block.clone()
                })
            })
            .collect();
    }
    let (size, height) = match block.kind {
        BlockKind::Title => (TITLE_SIZE, TITLE_LINE_HEIGHT),
        _ if block.is_display() => (PART_SIZE, LINE_HEIGHT),
        _ => (BODY_SIZE, LINE_HEIGHT),
    };
    let mut glyphs: Vec<Glyph> = block
        .runs
        .iter()
        .flat_map(|run| {
            run.text.chars().map(move |ch| Glyph {
                ch,
                x: 0.0,
                width: advance(ch, size),
                face: run.face,
                is_bold: run.is_bold,
            })
        })
        .collect();
    for i in 1..glyphs.len() {
        let (a, b) = (glyphs[i - 1].ch, glyphs[i].ch);
        let is_boundary = (is_ideograph(a) && b.is_ascii_alphanumeric())
            || (a.is_ascii_alphanumeric() && is_ideograph(b));
        if is_boundary {
            glyphs[i - 1].width += ASIAN_LATIN_SPACE * size;
        }
    }
    let is_centred = block.is_centred();
    let mut lines = Vec::new();
    let mut start = 0;
    loop {
        let indent = if start == 0 && !is_centred {
            INDENT
        } else {
            0.0
        };
        let room = TYPE_WIDTH - indent;
        let end = line_end(&glyphs, start, room);
        let mut line: Vec<Glyph> = glyphs[start..end.min(glyphs.len())].to_vec();
        let used: f32 = line.iter().map(|g| g.width).sum();
        let is_last = end >= glyphs.len();
        let (mut x, gap) = if is_centred {
            ((TYPE_WIDTH - used).max(0.0) / 2.0, 0.0)
        } else if is_last || line.len() < 2 {
            (indent, 0.0)
        } else {
            // Justified: the slack (or the overhang of a hanging mark) shared out.
            (indent, (room - used) / (line.len() - 1) as f32)
        };
        for g in &mut line {
            g.x = x;
            x += g.width + gap;
        }
        lines.push(Line {
            y: 0.0,
            height,
            size,
            glyphs: line,
        });
        if is_last {
            break;
        }
        start = end;
    }
    lines
}

/// Whether a block keeps with the next one on its page (headings and the title block, as
/// the DOCX's `keepNext` asks).
fn keeps_with_next(block: &Block) -> bool {
    matches!(
        block.kind,
        BlockKind::Title | BlockKind::Stage | BlockKind::Heading { .. }
    )
}

/// The space above a block when it does not start a page: a body line above a 篇 heading.
pub fn space_before(block: &Block) -> f32 {
    if matches!(block.kind, BlockKind::Heading { .. }) && block.is_display() {
        LINE_HEIGHT
    } else {
        0.0
    }
}

/// How many of `lines` fit in `room`.
fn fitting(lines: &[Line], room: f32) -> usize {
    let mut used = 0.0;
    lines
        .iter()
        .take_while(|l| {
            used += l.height;
            used <= room + 0.5
        })
        .count()
}

/// Sets the blocks onto pages, with the rules Word and LibreOffice follow: no paragraph
/// leaves its first line alone at the foot of a page or its last alone at the top of the
/// next (widow and orphan control), and a heading stays with the first lines of what
/// follows it. There is always at least one page.
pub fn paginate(blocks: &[Block]) -> Vec<Page> {
    let set: Vec<Vec<Line>> = blocks.iter().map(set_block).collect();
    let mut pages = vec![Page::default()];
    let mut y = 0.0;
    for (i, lines) in set.iter().enumerate() {
        let is_page_empty = pages.last().is_none_or(|p| p.lines.is_empty());
        let space = if is_page_empty {
            0.0
        } else {
            space_before(&blocks[i])
        };
        if keeps_with_next(&blocks[i]) && !is_page_empty {
            // This block, the blocks it keeps with, and the start of the text after them
            // must share the page.
            let mut needed: f32 = space + lines.iter().map(|l| l.height).sum::<f32>();
            let mut next = i + 1;
            while next < set.len() && keeps_with_next(&blocks[next]) {
                needed += set[next].iter().map(|l| l.height).sum::<f32>();
                next += 1;
            }
            if let Some(after) = set.get(next) {
                // Two lines of it; a paragraph of three or fewer does not split at all.
                let lines = if after.len() < 4 { after.len() } else { 2 };
                needed += after.iter().take(lines).map(|l| l.height).sum::<f32>();
            }
            if y + needed > TYPE_HEIGHT + 0.5 && needed <= TYPE_HEIGHT {
                pages.push(Page::default());
                y = 0.0;
            }
        }
        // The space above, unless the block now starts a page.
        if y > 0.0 {
            y += space;
        }
        let mut rest: &[Line] = lines;
        while !rest.is_empty() {
            let mut fit = fitting(rest, TYPE_HEIGHT - y);
            if fit < rest.len() {
                if rest.len() - fit == 1 && fit > 1 {
                    fit -= 1; // no widow: two lines go over
                }
                let is_first_line = rest.len() == lines.len();
                if fit == 1 && is_first_line {
                    fit = 0; // no orphan: the paragraph starts on the next page
                }
                let is_page_empty = pages.last().is_none_or(|p| p.lines.is_empty());
                if fit == 0 && is_page_empty {
                    fit = 1; // taller than a page: it must start somewhere
                }
            }
            for line in &rest[..fit] {
                let mut line = line.clone();
                line.y = y;
                y += line.height;
                if let Some(page) = pages.last_mut() {
                    page.lines.push(line);
                }
            }
            rest = &rest[fit..];
            if !rest.is_empty() {
                pages.push(Page::default());
                y = 0.0;
            }
        }
    }
    pages
}

/// The document's printed pages, numbered by `numbers`.
pub fn pages(doc: &Document, numbers: &Numbers) -> Vec<Page> {
    paginate(&print::blocks(doc, numbers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_part_lines_hold_as_many_characters_as_breaking_them_counts() {
        use crate::core::export::title::{PART_CHARS, TITLE_CHARS};
        for (size, most) in [(TITLE_SIZE, TITLE_CHARS), (PART_SIZE, PART_CHARS)] {
            let width = |n: usize| n as f32 * advance('国', size);
            assert!(width(most) <= TYPE_WIDTH + 0.01 && width(most + 1) > TYPE_WIDTH);
        }
    }
    use crate::core::export::print::Run;

    fn body(text: &str) -> Block {
        Block {
            kind: BlockKind::Body,
            runs: vec![Run {
                text: text.into(),
                face: Face::FangSong,
                is_bold: false,
            }],
            section: None,
            paragraph: None,
        }
    }

    /// The sample's pages, line by line, as LibreOffice sets the exported DOCX (checked
    /// against `pdftotext -layout` of its PDF).
    #[test]
    fn the_sample_breaks_where_libreoffice_breaks_it() {
        let doc = crate::core::test_support::sample();
        let pages = pages(&doc, &Numbers::of(&doc));
        assert_eq!(pages.len(), 9);
        let first: Vec<String> = pages[0].lines.iter().map(Line::text).collect();
        assert_eq!(first[0], "长春市绿园区国民经济和社会发展");
        assert_eq!(first[2], "（征求意见稿）");
        assert_eq!(first[3], "");
        assert_eq!(
            first[4],
            "本纲要主要针对绿园区“十五五”时期经济社会发展的思路"
        );
        assert_eq!(
            first[5],
            "目标、主要任务和重大举措明确政府工作重点，引导规范市场主"
        );
        assert_eq!(
            first.last().unwrap(),
            "个代表”重要思想、科学发展观，全面贯彻习近平新时代中国特"
        );
        assert_eq!(
            first.len(),
            4 + 17,
            "two title lines, stage, blank, 17 lines"
        );
        let second: Vec<String> = pages[1].lines.iter().map(Line::text).collect();
        assert_eq!(second.len(), 22, "22 lines to a page");
        assert_eq!(
            second[0],
            "色社会主义思想，深入贯彻党的二十大和二十届历次全会精神，"
        );
        assert_eq!(
            second[4], "两个大局，完整准确全面贯彻新发展理念，加快构建新发展格局，",
            "the comma hangs rather than start a line"
        );
    }

    #[test]
    fn lines_hold_28_characters_and_justify_to_the_margin() {
        let pages = paginate(&[body(&"发展".repeat(40))]);
        let lines = &pages[0].lines;
        assert_eq!(
            lines[0].glyphs.len(),
            26,
            "first line indented two characters"
        );
        assert_eq!(lines[1].glyphs.len(), 28);
        assert_eq!(lines[2].glyphs.len(), 80 - 26 - 28);
        assert!((lines[0].glyphs[0].x - INDENT).abs() < 0.01);
        let last = lines[1].glyphs.last().unwrap();
        assert!((last.x + last.width - TYPE_WIDTH).abs() < 0.01, "justified");
        assert!((lines[1].y - LINE_HEIGHT).abs() < 0.01);
    }

    #[test]
    fn marks_and_numbers_are_not_split_from_their_text() {
        // 25 characters, then an opening quote that would end the first line.
        let text = format!("{}“规划”纲要", "发".repeat(25));
        let lines = &paginate(&[body(&text)])[0].lines;
        assert_eq!(lines[0].text(), "发".repeat(25), "“ moves down");
        assert_eq!(lines[1].text(), "“规划”纲要");
        // A year across the margin moves down whole.
        let text = format!("{}2035年", "发".repeat(25));
        let lines = &paginate(&[body(&text)])[0].lines;
        assert_eq!(lines[1].text(), "2035年");
    }

    /// The national-plan fixture as LibreOffice sets it: the stage line's closing bracket
    /// cannot start a line, so 准 goes down with it; the 》 does not hang but the comma after
    /// it does.
    #[test]
    fn closing_brackets_take_a_character_down_and_commas_hang() {
        let text = include_str!("../../../tests/fixtures/national-plan.txt");
        let doc = crate::core::import::import_text(text).document;
        let pages = pages(&doc, &Numbers::of(&doc));
        let lines: Vec<String> = pages[0].lines.iter().map(Line::text).collect();
        assert_eq!(
            lines[2],
            "（2026年3月12日第十四届全国人民代表大会第四次会议批"
        );
        assert_eq!(lines[3], "准）");
        assert_eq!(
            lines[6],
            "央关于制定国民经济和社会发展第十五个五年规划的建议》编制，"
        );
        assert_eq!(
            lines[8],
            "第一篇\u{3000}开启全面建设社会主义现代化国家新征程"
        );
        let centred = &pages[0].lines[8];
        let left = centred.glyphs[0].x;
        let right = TYPE_WIDTH - centred.glyphs.last().map_or(0.0, |g| g.x + g.width);
        assert!((left - right).abs() < 0.01, "第一篇 is centred");
        // 篇 headings are set in 小二 with a line's space above: LibreOffice sets the DOCX so
        // too, on 2 pages, the second starting with the paragraph before 第二篇.
        assert_eq!(centred.size, PART_SIZE);
        assert_eq!(pages.len(), 2, "as LibreOffice: 2 pages");
        assert!(pages[1].lines[0].text().starts_with("坚持以人民为中心"));
        let part = pages[1]
            .lines
            .iter()
            .position(|l| l.text().starts_with("第二篇"));
        assert_eq!(part, Some(1));
        assert!(
            (pages[1].lines[1].y - pages[1].lines[0].y - 2.0 * LINE_HEIGHT).abs() < 0.01,
            "a line's space above 第二篇"
        );
    }

    #[test]
    fn numbers_brackets_and_runs_of_marks_break_sensibly() {
        // 6.5% is a number: its full stop does not hang and it goes down whole.
        let text = format!("{}6.5%左右", "发".repeat(25));
        let lines = &paginate(&[body(&text)])[0].lines;
        assert_eq!(lines[0].text(), "发".repeat(25));
        assert_eq!(lines[1].text(), "6.5%左右");
        // An opening bracket goes down with the number after it.
        let text = format!("{}（2035年）", "发".repeat(24));
        let lines = &paginate(&[body(&text)])[0].lines;
        assert_eq!(lines[0].text(), "发".repeat(24));
        assert_eq!(lines[1].text(), "（2035年）");
        // 。” cannot hang as a pair or split: the character before them goes down too.
        let text = format!("{}要。”下文", "发".repeat(25));
        let lines = &paginate(&[body(&text)])[0].lines;
        assert_eq!(lines[0].text(), "发".repeat(25));
        assert_eq!(lines[1].text(), "要。”下文");
        // A run of closing marks with nowhere legal to break fills whole lines.
        let lines = &paginate(&[body(&"）".repeat(70))])[0].lines;
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1].glyphs.len(), 28);
        // A word longer than a line is split where the line is full, not moved alone.
        let text = format!("发{}", "w".repeat(120));
        let lines = &paginate(&[body(&text)])[0].lines;
        assert!(lines[0].glyphs.len() > 40, "{}", lines[0].text());
    }

    #[test]
    fn a_heading_goes_over_with_a_paragraph_too_short_to_split() {
        let heading = Block {
            kind: BlockKind::Heading {
                depth: 0,
                style: crate::core::numbering::NumberStyle::ChineseComma,
            },
            runs: vec![Run {
                text: "一、标题".into(),
                face: Face::Hei,
                is_bold: false,
            }],
            section: None,
            paragraph: None,
        };
        let mut blocks: Vec<Block> = (0..19).map(|_| body("短")).collect();
        blocks.push(heading);
        blocks.push(body(&"发".repeat(26 + 28 + 10)));
        let pages = paginate(&blocks);
        assert_eq!(pages[0].lines.len(), 19, "three lines cannot split 2 + 1");
        assert_eq!(pages[1].lines[0].text(), "一、标题");
        assert_eq!(pages[1].lines.len(), 4);
    }

    #[test]
    fn pages_hold_22_lines_and_a_long_line_never_loops() {
        let blocks: Vec<Block> = (0..50).map(|_| body("短")).collect();
        let pages = paginate(&blocks);
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].lines.len(), 22);
        assert_eq!(pages[2].lines.len(), 50 - 44);
        let wide = paginate(&[body(&"W".repeat(200))]);
        assert!(!wide[0].lines.is_empty());
        assert_eq!(
            paginate(&[]).len(),
            1,
            "an empty document is one blank page"
        );
        assert_eq!(page_number(3), "— 3 —");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            let piece = prop::sample::select(vec![
                "发", "展", "，", "。", "、", "“", "”", "（", "）", "《", "》", "……", "——", "6.5%",
                "2035", "GDP", "a", " ", "：", "；", "！", "%",
            ]);
            prop::collection::vec(piece, 0..120).prop_map(|p| p.concat())
        }

        fn block() -> impl Strategy<Value = Block> {
            (text(), 0..4usize).prop_map(|(text, kind)| Block {
                kind: match kind {
                    0 => BlockKind::Title,
                    1 => BlockKind::Heading {
                        depth: 0,
                        style: crate::core::numbering::NumberStyle::Zhang,
                    },
                    2 => BlockKind::Blank,
                    _ => BlockKind::Body,
                },
                runs: vec![Run {
                    text,
                    face: Face::FangSong,
                    is_bold: false,
                }],
                section: None,
                paragraph: None,
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            /// Every character is printed once, in order; no line runs past the margin by
            /// more than one hanging mark; no page overflows.
            #[test]
            fn pages_keep_every_character_and_fit_the_type_area(
                blocks in prop::collection::vec(block(), 0..40)
            ) {
                let pages = paginate(&blocks);
                prop_assert!(!pages.is_empty());
                let printed: String = pages
                    .iter()
                    .flat_map(|p| p.lines.iter().map(Line::text))
                    .collect();
                let wanted: String = blocks.iter().map(Block::text).collect();
                prop_assert_eq!(printed, wanted);
                for page in &pages {
                    let height: f32 = page.lines.iter().map(|l| l.height).sum();
                    prop_assert!(height <= TYPE_HEIGHT + 0.5 || page.lines.len() == 1);
                    for line in &page.lines {
                        let width: f32 = line.glyphs.iter().map(|g| g.width).sum();
                        let hanging = line.glyphs.last().map_or(0.0, |g| g.width);
                        let is_alone = line.glyphs.len() == 1;
                        prop_assert!(
                            width <= TYPE_WIDTH + hanging + 0.01 || is_alone,
                            "{} is {width} pt",
                            line.text()
                        );
                    }
                }
            }
        }
    }
}
