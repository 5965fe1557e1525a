//! DOCX laid out per GB/T 9704-2012 (docx-rs): A4, top margin 37 mm, left 28 mm, type area
//! 156 × 225 mm, 22 lines of 28 characters; title in 2号 方正小标宋简体, body in 3号
//! 仿宋_GB2312 at a fixed 28.95 pt line; 一、 headings in 黑体, （一） in 楷体_GB2312; page
//! numbers "— 1 —" in 4号 宋体, odd pages right and even pages left, one character in; real
//! heading styles (标题 1–4) so Word's navigation pane and table of contents work.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Style, StyleType,
};

use super::print::{self, Block, BlockKind, Face};
use crate::core::document::Document;
use crate::core::numbering::Numbers;

/// Why a DOCX file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the DOCX file: {0}")]
pub struct DocxError(String);

/// Twentieths of a point per millimetre.
const TWIPS_PER_MM: f64 = 56.692_913;

fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// 3号 (16 pt) in half-points.
const BODY_SIZE: usize = 32;
/// 2号 (22 pt).
const TITLE_SIZE: usize = 44;
/// 4号 (14 pt).
const PAGE_NUMBER_SIZE: usize = 28;
/// 225 mm over 22 lines: 28.95 pt, in twips.
const LINE_TWIPS: i32 = 579;
/// Character spacing, in twips: 156 mm holds 27.6 characters of 16 pt, so without it a
/// line takes 27; −0.25 pt each gives the standard's 28 (28 × 15.75 = 441 of 442.2 pt).
///
/// Word's own templates get 28 from a `linesAndChars` document grid instead, but
/// LibreOffice puts every 16 pt character into two 15.75 pt grid cells, which doubles the
/// spacing; condensed characters give 28 a line in Word, WPS and LibreOffice alike.
const CHAR_SPACING: i32 = -5;

const FANGSONG: &str = "仿宋_GB2312";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const XIAOBIAOSONG: &str = "方正小标宋简体";
const SONGTI: &str = "宋体";
const LATIN: &str = "Times New Roman";

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN)
        .hi_ansi(LATIN)
}

fn exact_lines() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE_TWIPS)
        .before(0)
        .after(0)
}

fn face_name(face: Face) -> &'static str {
    match face {
        Face::XiaoBiaoSong => XIAOBIAOSONG,
        Face::Hei => HEITI,
        Face::Kai => KAITI,
        Face::FangSong => FANGSONG,
    }
}

/// Heading styles 标题 1–4 (Heading1–Heading4), one per depth, in that depth's face.
fn heading_styles(doc: &Document) -> Vec<Style> {
    (0..4)
        .map(|depth| {
            let style = doc.numbering.rule(depth).style;
            let mut s = Style::new(format!("Heading{}", depth + 1), StyleType::Paragraph)
                .name(format!("heading {}", depth + 1))
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .outline_lvl(depth)
                .fonts(fonts(face_name(Face::of_heading(style))))
                .size(BODY_SIZE)
                .line_spacing(exact_lines());
            s = if style.is_chapter_like() {
                s.align(AlignmentType::Center)
            } else {
                s.indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
                    .first_line_chars(200)
            };
            // A heading typed in Word with this style also stays with its text.
            s.paragraph_property = s.paragraph_property.keep_next(true).widow_control(true);
            s
        })
        .collect()
}

fn page_number_footer(is_odd: bool) -> Footer {
    let run = |text: &str| {
        Run::new()
            .add_text(text)
            .fonts(fonts(SONGTI))
            .size(PAGE_NUMBER_SIZE)
    };
    // One character (14 pt) in from the outer edge of the type area.
    let one_char = 280;
    let paragraph = Paragraph::new()
        .add_run(run("— "))
        .add_page_num(PageNum::new())
        .add_run(run(" —"));
    let paragraph = if is_odd {
        paragraph
            .align(AlignmentType::Right)
            .indent(None, None, Some(one_char), None)
    } else {
        paragraph
            .align(AlignmentType::Left)
            .indent(Some(one_char), None, None, None)
    };
    Footer::new().add_paragraph(paragraph)
}

/// Two characters of first-line indent, in characters for Word and WPS and in twips
/// (2 × 16 pt) for readers that ignore character units.
fn indented(p: Paragraph) -> Paragraph {
    p.align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .first_line_chars(200)
}

fn run(r: &print::Run) -> Run {
    let run = Run::new().add_text(&r.text);
    // Body text takes the default face; anything else names its own.
    let run = match r.face {
        Face::FangSong => run,
        face => run.fonts(fonts(face_name(face))),
    };
    if r.is_bold { run.bold() } else { run }
}

fn paragraph(block: &Block) -> Paragraph {
    let p = match block.kind {
        BlockKind::Title => Paragraph::new().style("Title"),
        BlockKind::Stage => Paragraph::new()
            .style("Normal")
            .align(AlignmentType::Center),
        BlockKind::Blank | BlockKind::Body => indented(Paragraph::new().style("Normal")),
        BlockKind::Heading { depth, .. } => {
            let heading = Paragraph::new().style(&format!("Heading{}", depth.min(3) + 1));
            if block.is_centred() {
                heading.align(AlignmentType::Center)
            } else {
                indented(heading)
            }
        }
    };
    // No first or last line of a paragraph alone on a page, and headings (and the title
    // block) on the page of what follows them: `export::page` counts pages the same way.
    let p = p
        .widow_control(true)
        .keep_next(!matches!(block.kind, BlockKind::Body | BlockKind::Blank));
    block.runs.iter().fold(p, |p, r| p.add_run(run(r)))
}

/// The document as DOCX bytes, numbered by `numbers` (the whole document's when only some
/// sections are exported).
pub fn to_docx(doc: &Document, numbers: &Numbers) -> Result<Vec<u8>, DocxError> {
    let title = Style::new("Title", StyleType::Paragraph)
        .name("Title")
        .based_on("Normal")
        .q_format(true)
        .fonts(fonts(XIAOBIAOSONG))
        .size(TITLE_SIZE)
        .align(AlignmentType::Center)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(700),
        );
    let mut docx = Docx::new()
        // A4 in twips.
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                .header(mm(15.0))
                // The page number sits about 7 mm under the type area.
                .footer(mm(22.0)),
        )
        // The body text's settings are the defaults: docx-rs always writes an empty
        // Normal style first, and a second Normal would be ignored or rejected.
        .default_size(BODY_SIZE)
        .default_fonts(fonts(FANGSONG))
        .default_spacing(CHAR_SPACING)
        .default_line_spacing(exact_lines())
        .add_style(title)
        .footer(page_number_footer(true))
        .even_footer(page_number_footer(false));
    for style in heading_styles(doc) {
        docx = docx.add_style(style);
    }
    for block in print::blocks(doc, numbers) {
        docx = docx.add_paragraph(paragraph(&block));
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| DocxError(e.to_string()))?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_docx() -> Vec<u8> {
        let doc = crate::core::test_support::sample();
        to_docx(&doc, &Numbers::of(&doc)).unwrap()
    }

    /// The text of one part of the package.
    fn part(bytes: &[u8], name: &str) -> String {
        // A docx is a zip archive; read it back with docx-rs's own reader's zip crate.
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut file = archive.by_name(name).unwrap();
        let mut out = String::new();
        std::io::Read::read_to_string(&mut file, &mut out).unwrap();
        out
    }

    #[test]
    fn page_margins_fonts_and_styles() {
        let bytes = sample_docx();
        let document = part(&bytes, "word/document.xml");
        assert!(
            document.contains("w:w=\"11906\"") && document.contains("w:h=\"16838\""),
            "A4"
        );
        assert!(
            document.contains(&format!("w:top=\"{}\"", mm(37.0))),
            "top 37 mm"
        );
        assert!(
            document.contains(&format!("w:left=\"{}\"", mm(28.0))),
            "left 28 mm"
        );
        assert!(document.contains("一、发展形势"));
        assert!(document.contains("（一）把握高质量发展首要任务"));
        assert!(!document.contains("bookmark: _Toc"));
        let styles = part(&bytes, "word/styles.xml");
        for needle in [
            "仿宋_GB2312",
            "黑体",
            "楷体_GB2312",
            "方正小标宋简体",
            "heading 1",
            "heading 2",
        ] {
            assert!(styles.contains(needle), "{needle}");
        }
        let defaults = &styles[..styles.find("</w:docDefaults>").unwrap()];
        for needle in [
            "<w:sz w:val=\"32\"",
            "w:eastAsia=\"仿宋_GB2312\"",
            "<w:spacing w:val=\"-5\"",
            "w:line=\"579\" w:lineRule=\"exact\"",
        ] {
            assert!(
                defaults.contains(needle),
                "3号 仿宋, 28 a line, 28.95 pt lines: {needle}"
            );
        }
        assert_eq!(
            styles.matches("w:styleId=\"Normal\"").count(),
            1,
            "one Normal style"
        );
        let settings = part(&bytes, "word/settings.xml");
        assert!(
            settings.contains("evenAndOddHeaders"),
            "odd and even page numbers"
        );
        let docx = docx_rs::read_docx(&bytes).unwrap();
        assert!(!docx.document.children.is_empty());
    }

    #[test]
    fn headings_use_real_heading_styles() {
        let bytes = sample_docx();
        let document = part(&bytes, "word/document.xml");
        assert!(document.contains("w:pStyle w:val=\"Heading1\""));
        assert!(document.contains("w:pStyle w:val=\"Heading2\""));
        assert!(document.contains("w:pStyle w:val=\"Title\""));
    }
}
