//! DOCX laid out per GB/T 9704-2012 (docx-rs): A4, top margin 37 mm, left 28 mm, type area
//! 156 × 225 mm, 22 lines of 28 characters; title in 2号 方正小标宋简体, body in 3号
//! 仿宋_GB2312 at a fixed 28.95 pt line; 一、 headings in 黑体, （一） in 楷体_GB2312; page
//! numbers "— 1 —" in 4号 宋体, odd pages right and even pages left, one character in; real
//! heading styles (标题 1–4) so Word's navigation pane and table of contents work.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Style, StyleType,
};

use crate::core::document::{Document, Section};
use crate::core::numbering::{NumberStyle, Numbers};

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

/// The face of headings written in `style`.
fn heading_font(style: NumberStyle) -> &'static str {
    match style {
        NumberStyle::Part
        | NumberStyle::Pian
        | NumberStyle::Zhang
        | NumberStyle::Jie
        | NumberStyle::ChineseComma => HEITI,
        NumberStyle::ChineseParen => KAITI,
        _ => FANGSONG,
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
                .fonts(fonts(heading_font(style)))
                .size(BODY_SIZE)
                .line_spacing(exact_lines());
            s = if style.is_chapter_like() {
                s.align(AlignmentType::Center)
            } else {
                s.first_line_chars(200)
            };
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
    p.indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .first_line_chars(200)
}

fn body_paragraph(text: &str, is_lead_bold: bool) -> Paragraph {
    let lead = if is_lead_bold {
        crate::core::document::Paragraph::new(text).lead_sentence_end()
    } else {
        None
    };
    let p = indented(Paragraph::new().style("Normal"));
    match lead {
        Some(end) => p
            .add_run(Run::new().add_text(&text[..end]).bold())
            .add_run(Run::new().add_text(&text[end..])),
        None => p.add_run(Run::new().add_text(text)),
    }
}

fn section_paragraphs(out: &mut Vec<Paragraph>, s: &Section, depth: usize, numbers: &Numbers) {
    let Some(number) = numbers.get(s.id) else {
        return;
    };
    let (run_in, paragraphs) = s.printed_parts(number.style);
    if let Some(first) = run_in {
        // The heading stays in its paragraph, in the heading's face.
        out.push(
            indented(Paragraph::new().style("Normal"))
                .add_run(
                    Run::new()
                        .add_text(number.heading_line(&s.heading))
                        .fonts(fonts(heading_font(number.style))),
                )
                .add_run(Run::new().add_text(first)),
        );
    } else {
        let style = format!("Heading{}", depth.min(3) + 1);
        let heading = Paragraph::new()
            .style(&style)
            .add_run(Run::new().add_text(number.heading_line(&s.heading)));
        out.push(if number.style.is_chapter_like() {
            heading.align(AlignmentType::Center)
        } else {
            indented(heading)
        });
    }
    for p in paragraphs.iter().filter(|p| !p.text.is_empty()) {
        out.push(body_paragraph(&p.text, true));
    }
    for child in &s.children {
        section_paragraphs(out, child, depth + 1, numbers);
    }
}

/// The document as DOCX bytes, numbered by `numbers` (the whole document's when only some
/// sections are exported).
pub fn to_docx(doc: &Document, numbers: &Numbers) -> Result<Vec<u8>, DocxError> {
    let normal = Style::new("Normal", StyleType::Paragraph)
        .name("Normal")
        .q_format(true)
        .fonts(fonts(FANGSONG))
        .size(BODY_SIZE)
        .line_spacing(exact_lines())
        .align(AlignmentType::Both)
        .first_line_chars(200);
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
        .add_style(normal)
        .add_style(title)
        .footer(page_number_footer(true))
        .even_footer(page_number_footer(false));
    for style in heading_styles(doc) {
        docx = docx.add_style(style);
    }
    for line in &doc.title {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(line)),
        );
    }
    if let Some(stage) = &doc.stage {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Normal")
                .align(AlignmentType::Center)
                .indent(None, None, None, Some(0))
                .add_run(Run::new().add_text(format!("（{stage}）"))),
        );
    }
    if !doc.title.is_empty() || doc.stage.is_some() {
        docx = docx.add_paragraph(Paragraph::new().style("Normal"));
    }
    for p in doc.preamble.iter().filter(|p| !p.text.is_empty()) {
        docx = docx.add_paragraph(body_paragraph(&p.text, true));
    }
    let mut paragraphs = Vec::new();
    for s in &doc.sections {
        section_paragraphs(&mut paragraphs, s, 0, numbers);
    }
    for p in paragraphs {
        docx = docx.add_paragraph(p);
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
        assert!(styles.contains("w:line=\"579\""), "28.95 pt fixed lines");
        assert!(styles.contains("w:lineRule=\"exact\""));
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
