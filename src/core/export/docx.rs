//! DOCX laid out per GB/T 9704-2012: A4, top margin 37 mm, left 28 mm, type area
//! 156 × 225 mm, 22 lines of 28 characters; title in 2号 方正小标宋简体, body in 3号
//! 仿宋_GB2312 at a fixed 28.95 pt line; 一、 headings in 黑体, （一） in 楷体_GB2312; page
//! numbers "— 1 —" in 4号 宋体, odd pages right and even pages left, one character in; real
//! heading styles (标题 1–4) so Word's navigation pane and table of contents work.
//!
//! The package is written part by part straight into a deflated zip archive: the body is
//! streamed block by block, so memory stays a small multiple of the output, and every
//! text passes through one escape that also leaves out the characters XML forbids.

use std::io::{Seek, Write};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::Properties;
use super::page;
use super::print::{self, Block, BlockKind, Face};
use crate::core::document::Document;
use crate::core::import::debris::is_stray_control;
use crate::core::numbering::{NumberStyle, Numbers};

/// Why a DOCX file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the DOCX file ({0})")]
pub struct DocxError(String);

impl From<zip::result::ZipError> for DocxError {
    fn from(e: zip::result::ZipError) -> Self {
        DocxError(e.to_string())
    }
}

impl From<std::io::Error> for DocxError {
    fn from(e: std::io::Error) -> Self {
        DocxError(e.to_string())
    }
}

/// Twentieths of a point per millimetre.
const TWIPS_PER_MM: f64 = 56.692_913;

pub(crate) fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// Points in half-points, as DOCX gives font sizes.
const fn half_points(pt: f32) -> u32 {
    (pt * 2.0 + 0.5) as u32
}

/// Points in twips (twentieths of a point), as DOCX gives lengths.
const fn twips(pt: f32) -> u32 {
    (pt * 20.0 + 0.5) as u32
}

/// 3号 (16 pt) in half-points: the sizes are the print preview's (`export::page`).
const BODY_SIZE: u32 = half_points(page::BODY_SIZE);
/// 2号 (22 pt).
const TITLE_SIZE: u32 = half_points(page::TITLE_SIZE);
/// 小二 (18 pt), for 篇 headings.
const PART_SIZE: u32 = half_points(page::PART_SIZE);
/// 4号 (14 pt).
const PAGE_NUMBER_SIZE: u32 = half_points(page::PAGE_NUMBER_SIZE);
/// 225 mm over 22 lines: 28.95 pt, in twips.
const LINE_TWIPS: u32 = twips(page::LINE_HEIGHT);
/// The title's fixed line height, in twips (35 pt).
const TITLE_LINE_TWIPS: u32 = twips(page::TITLE_LINE_HEIGHT);
/// Two characters of 16 pt: the first-line indent, in twips.
const INDENT_TWIPS: u32 = twips(page::INDENT);
/// Character spacing, in twips: 156 mm holds 27.6 characters of 16 pt, so without it a
/// line takes 27; −0.25 pt each gives the standard's 28 (28 × 15.75 = 441 of 442.2 pt).
///
/// Word's own templates get 28 from a `linesAndChars` document grid instead, but
/// LibreOffice puts every 16 pt character into two 15.75 pt grid cells, which doubles the
/// spacing; condensed characters give 28 a line in Word, WPS and LibreOffice alike.
const CHAR_SPACING: i32 = -5;

pub(crate) const FANGSONG: &str = "仿宋_GB2312";
pub(crate) const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
pub(crate) const XIAOBIAOSONG: &str = "方正小标宋简体";
pub(crate) const SONGTI: &str = "宋体";
pub(crate) const LATIN: &str = "Times New Roman";

pub(crate) const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(crate) const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub(crate) const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

fn face_name(face: Face) -> &'static str {
    match face {
        Face::XiaoBiaoSong => XIAOBIAOSONG,
        Face::Hei => HEITI,
        Face::Kai => KAITI,
        Face::FangSong => FANGSONG,
    }
}

/// Appends `text` escaped for XML character data or an attribute value, leaving out the
/// characters XML 1.0 does not allow (controls, U+FFFE, U+FFFF): whatever a document
/// holds, the part stays well-formed.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Line ends inside a paragraph print as a space, as Word shows them.
            '\n' | '\r' => out.push(' '),
            c if is_stray_control(c) => {}
            c => out.push(c),
        }
    }
}

/// `<w:rFonts …/>` naming `east_asia` for Chinese and Times New Roman for Latin text; the
/// east Asian hint sets the characters both scripts share (“ ” ‘ ’ — …) in the Chinese face,
/// full width, as Chinese documents print them.
pub(crate) fn fonts_xml(east_asia: &str) -> String {
    format!(
        "<w:rFonts w:hint=\"eastAsia\" w:ascii=\"{LATIN}\" w:eastAsia=\"{east_asia}\" w:hAnsi=\"{LATIN}\" w:cs=\"{LATIN}\"/>"
    )
}

/// The font table: each Chinese face with the face Word and WPS take where it is not
/// installed (its `altName`: 仿宋_GB2312 → 仿宋, as Windows names it since Vista), the
/// GB2312 character set (86) so any substitute is a Chinese face.
pub(crate) fn font_table_xml() -> String {
    let mut out = format!("{XML_HEAD}<w:fonts xmlns:w=\"{NS_W}\">");
    for (name, alt, family, pitch) in [
        (FANGSONG, "仿宋", "modern", "fixed"),
        (KAITI, "楷体", "modern", "fixed"),
        (XIAOBIAOSONG, "宋体", "script", "variable"),
        (HEITI, "SimHei", "modern", "fixed"),
        (SONGTI, "SimSun", "auto", "variable"),
    ] {
        out += &format!(
            "<w:font w:name=\"{name}\"><w:altName w:val=\"{alt}\"/><w:charset w:val=\"86\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>"
        );
    }
    out += &format!(
        "<w:font w:name=\"{LATIN}\"><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>"
    );
    out
}

fn exact_lines_xml(twips: u32) -> String {
    format!("<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{twips}\" w:lineRule=\"exact\"/>")
}

/// Two characters of first-line indent, in characters for Word and WPS and in twips for
/// readers that ignore character units.
fn first_line_indent_xml() -> String {
    format!("<w:ind w:firstLine=\"{INDENT_TWIPS}\" w:firstLineChars=\"200\"/>")
}

/// Heading styles 标题 1–4 (Heading1–Heading4), one per depth, in that depth's face.
fn heading_styles_xml(doc: &Document) -> String {
    let mut out = String::new();
    for depth in 0..4 {
        let style = doc.numbering.rule(depth).style;
        let placement = if style.is_chapter_like() {
            "<w:jc w:val=\"center\"/>".to_owned()
        } else {
            first_line_indent_xml()
        };
        // 篇 (and 部分) headings in 小二 with a line's space above; the rest in 3号.
        let (size, spacing) = if matches!(style, NumberStyle::Part | NumberStyle::Pian) {
            (
                PART_SIZE,
                format!(
                    "<w:spacing w:before=\"{LINE_TWIPS}\" w:after=\"0\" w:line=\"{LINE_TWIPS}\" w:lineRule=\"exact\"/>"
                ),
            )
        } else {
            (BODY_SIZE, exact_lines_xml(LINE_TWIPS))
        };
        // A heading typed in Word with this style also stays with its text.
        out += &format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{n}\"><w:name w:val=\"heading {n}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:widowControl/>{spacing}{placement}<w:outlineLvl w:val=\"{depth}\"/></w:pPr>\
<w:rPr>{fonts}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>",
            n = depth + 1,
            fonts = fonts_xml(face_name(print::Face::of_heading(style))),
        );
    }
    out
}

fn styles_xml(doc: &Document) -> String {
    // The body text's settings are the defaults, so every paragraph and every reader
    // starts from 3号 仿宋 on the 28.95 pt line.
    //
    // Line breaking: `kinsoku` keeps closing marks off the head of a line everywhere.
    // `overflowPunct` lets Word hang a closing mark past the margin, as the print preview
    // does; LibreOffice reads the same element the other way round (no hanging), which is
    // what it needs: where it hangs a mark, it drops it from the page. Either way no mark
    // is lost or starts a line.
    format!(
        "{XML_HEAD}<w:styles xmlns:w=\"{NS_W}\">\
<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:spacing w:val=\"{CHAR_SPACING}\"/><w:sz w:val=\"{BODY_SIZE}\"/><w:szCs w:val=\"{BODY_SIZE}\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:kinsoku/><w:overflowPunct/>{spacing}</w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
<w:pPr>{title_spacing}<w:jc w:val=\"center\"/></w:pPr><w:rPr>{title_fonts}<w:sz w:val=\"{TITLE_SIZE}\"/><w:szCs w:val=\"{TITLE_SIZE}\"/></w:rPr></w:style>\
{headings}</w:styles>",
        fonts = fonts_xml(FANGSONG),
        spacing = exact_lines_xml(LINE_TWIPS),
        title_spacing = exact_lines_xml(TITLE_LINE_TWIPS),
        title_fonts = fonts_xml(XIAOBIAOSONG),
        headings = heading_styles_xml(doc),
    )
}

/// The page-number footer: "— 1 —" in 4号 宋体 on one exact 14 pt line (so where it sits
/// does not depend on the face a suite finds), one character (14 pt) in from the outer
/// edge of the type area: right on odd pages, left on even ones.
pub(crate) fn footer_xml(is_odd: bool) -> String {
    let r_pr = format!(
        "<w:rPr>{}<w:sz w:val=\"{PAGE_NUMBER_SIZE}\"/><w:szCs w:val=\"{PAGE_NUMBER_SIZE}\"/></w:rPr>",
        fonts_xml(SONGTI)
    );
    // One character of the number's size: the inset, and the footer's one exact line.
    let one_char = twips(page::PAGE_NUMBER_SIZE);
    let placement = if is_odd {
        format!("<w:ind w:right=\"{one_char}\"/><w:jc w:val=\"right\"/>")
    } else {
        format!("<w:ind w:left=\"{one_char}\"/><w:jc w:val=\"left\"/>")
    };
    format!(
        "{XML_HEAD}<w:ftr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{one_char}\" w:lineRule=\"exact\"/>{placement}</w:pPr>\
<w:r>{r_pr}<w:t xml:space=\"preserve\">— </w:t></w:r>\
<w:r>{r_pr}<w:fldChar w:fldCharType=\"begin\"/></w:r>\
<w:r>{r_pr}<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
<w:r>{r_pr}<w:fldChar w:fldCharType=\"separate\"/></w:r>\
<w:r>{r_pr}<w:t>1</w:t></w:r>\
<w:r>{r_pr}<w:fldChar w:fldCharType=\"end\"/></w:r>\
<w:r>{r_pr}<w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

/// The package's `[Content_Types].xml`.
pub(crate) fn content_types() -> String {
    let font_table = "<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>";
    format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
{font_table}\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>"
    )
}

/// The package's `_rels/.rels`.
pub(crate) const PACKAGE_RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

/// The document's `word/_rels/document.xml.rels`, with the font table when `has_font_table`.
pub(crate) fn document_rels() -> String {
    let font_table = "<Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>";
    format!(
        "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
{font_table}\
<Relationship Id=\"rIdFooterOdd\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>\
<Relationship Id=\"rIdFooterEven\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>\
</Relationships>"
    )
}

pub(crate) fn settings_xml() -> String {
    // Odd and even pages carry their own footers (the page number on the outer side).
    format!(
        "{XML_HEAD}<w:settings xmlns:w=\"{NS_W}\"><w:zoom w:percent=\"100\"/><w:evenAndOddHeaders/><w:defaultTabStop w:val=\"840\"/>\
<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:useFELayout/>\
<w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    )
}

/// The core properties: the title, and the author and times when given (a suite shows
/// "unknown" and 1970 for missing ones, so they are left out rather than made up).
pub(crate) fn core_xml(title: &str, properties: &Properties) -> String {
    let mut out = format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>"
    );
    escape_into(&mut out, title);
    out.push_str("</dc:title><dc:language>zh-CN</dc:language>");
    if !properties.author.is_empty() {
        for tag in ["dc:creator", "cp:lastModifiedBy"] {
            out.push_str(&format!("<{tag}>"));
            escape_into(&mut out, &properties.author);
            out.push_str(&format!("</{tag}>"));
        }
    }
    if !properties.time.is_empty() {
        for tag in ["dcterms:created", "dcterms:modified"] {
            out.push_str(&format!("<{tag} xsi:type=\"dcterms:W3CDTF\">"));
            escape_into(&mut out, &properties.time);
            out.push_str(&format!("</{tag}>"));
        }
    }
    out.push_str("</cp:coreProperties>");
    out
}

pub(crate) fn app_xml() -> String {
    format!(
        "{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>plandraft {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}

/// The page: A4, margins 37/26/35/28 mm, odd and even footers. The footer's one exact
/// 14 pt line ends 25.8 mm above the page's edge, which puts the dashes of "— 1 —" 7 mm
/// under the type area, as GB/T 9704 (7.5) asks (measured on LibreOffice's PDF: 7.0 mm).
fn section_properties_xml() -> String {
    format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/><w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>\
<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/></w:sectPr>",
        mm(37.0),
        mm(26.0),
        mm(35.0),
        mm(28.0),
        mm(15.0),
        mm(25.8),
    )
}

/// Appends one printed block as a `<w:p>`.
fn paragraph_xml(out: &mut String, block: &Block) {
    let (style, placement) = match block.kind {
        BlockKind::Title => ("Title".to_owned(), String::new()),
        BlockKind::Stage => ("Normal".to_owned(), "<w:jc w:val=\"center\"/>".to_owned()),
        BlockKind::Blank | BlockKind::Body => (
            "Normal".to_owned(),
            format!("{}<w:jc w:val=\"both\"/>", first_line_indent_xml()),
        ),
        BlockKind::Heading { depth, .. } => (
            format!("Heading{}", depth.min(3) + 1),
            if block.is_centred() {
                "<w:jc w:val=\"center\"/>".to_owned()
            } else {
                format!("{}<w:jc w:val=\"both\"/>", first_line_indent_xml())
            },
        ),
    };
    // No first or last line of a paragraph alone on a page, and headings (and the title
    // block) on the page of what follows them: `export::page` counts pages the same way.
    let keep_next = if matches!(block.kind, BlockKind::Body | BlockKind::Blank) {
        ""
    } else {
        "<w:keepNext/>"
    };
    out.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{keep_next}<w:widowControl/>{placement}</w:pPr>"
    ));
    if let (Some(pieces), Some(run)) = (block.display_lines(), block.runs.first()) {
        // A 篇 heading too long for its line, broken between words with line breaks.
        out.push_str(&format!(
            "<w:r><w:rPr>{}</w:rPr>",
            fonts_xml(face_name(run.face))
        ));
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                out.push_str("<w:br/>");
            }
            out.push_str("<w:t xml:space=\"preserve\">");
            escape_into(out, piece);
            out.push_str("</w:t>");
        }
        out.push_str("</w:r></w:p>");
        return;
    }
    for run in &block.runs {
        out.push_str("<w:r>");
        // Body text takes the default face; anything else names its own.
        let fonts = match run.face {
            Face::FangSong => String::new(),
            face => fonts_xml(face_name(face)),
        };
        let bold = if run.is_bold { "<w:b/><w:bCs/>" } else { "" };
        if !fonts.is_empty() || !bold.is_empty() {
            out.push_str(&format!("<w:rPr>{fonts}{bold}</w:rPr>"));
        }
        out.push_str("<w:t xml:space=\"preserve\">");
        escape_into(out, &run.text);
        out.push_str("</w:t></w:r>");
    }
    out.push_str("</w:p>");
}

/// Writes the body part, block by block, into the archive.
fn write_document<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    doc: &Document,
    numbers: &Numbers,
) -> Result<(), DocxError> {
    zip.write_all(
        format!("{XML_HEAD}<w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:body>").as_bytes(),
    )?;
    let mut buffer = String::new();
    let mut failure = None;
    print::each_block(doc, numbers, |block| {
        if failure.is_some() {
            return;
        }
        buffer.clear();
        paragraph_xml(&mut buffer, &block);
        if let Err(e) = zip.write_all(buffer.as_bytes()) {
            failure = Some(e);
        }
    });
    if let Some(e) = failure {
        return Err(e.into());
    }
    zip.write_all(section_properties_xml().as_bytes())?;
    zip.write_all(b"</w:body></w:document>")?;
    Ok(())
}

/// Writes the document as a DOCX package to `sink`, numbered by `numbers` (the whole
/// document's when only some sections are exported).
pub fn write_docx<W: Write + Seek>(
    sink: W,
    doc: &Document,
    numbers: &Numbers,
    properties: &Properties,
) -> Result<W, DocxError> {
    let mut zip = ZipWriter::new(sink);
    // A fixed time stamp: the same document always gives the same bytes.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let parts: [(&str, String); 9] = [
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", format!("{XML_HEAD}{PACKAGE_RELS}")),
        (
            "docProps/core.xml",
            core_xml(&doc.title.join(""), properties),
        ),
        ("docProps/app.xml", app_xml()),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/fontTable.xml", font_table_xml()),
        ("word/styles.xml", styles_xml(doc)),
        ("word/settings.xml", settings_xml()),
        ("word/footer1.xml", footer_xml(true)),
    ];
    for (name, text) in &parts {
        zip.start_file(*name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    zip.start_file("word/footer2.xml", options)?;
    zip.write_all(footer_xml(false).as_bytes())?;
    zip.start_file("word/document.xml", options)?;
    write_document(&mut zip, doc, numbers)?;
    Ok(zip.finish()?)
}

/// The document as DOCX bytes, numbered by `numbers` (the whole document's when only some
/// sections are exported).
pub fn to_docx(doc: &Document, numbers: &Numbers) -> Result<Vec<u8>, DocxError> {
    to_docx_with(doc, numbers, &Properties::default())
}

/// [`to_docx`], recording who made it and when.
pub fn to_docx_with(
    doc: &Document,
    numbers: &Numbers,
    properties: &Properties,
) -> Result<Vec<u8>, DocxError> {
    let cursor = write_docx(std::io::Cursor::new(Vec::new()), doc, numbers, properties)?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::document::{Paragraph, Section, SectionId};

    fn sample_docx() -> Vec<u8> {
        let doc = crate::core::test_support::sample();
        to_docx(&doc, &Numbers::of(&doc)).unwrap()
    }

    /// The text of one part of the package.
    fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut file = archive.by_name(name).unwrap();
        let mut out = String::new();
        std::io::Read::read_to_string(&mut file, &mut out).unwrap();
        out
    }

    /// Every part parses as XML, and every part is deflated.
    pub(crate) fn assert_well_formed(bytes: &[u8]) {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            assert_eq!(
                file.compression(),
                zip::CompressionMethod::Deflated,
                "{}",
                file.name()
            );
            let name = file.name().to_owned();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut file, &mut text).unwrap();
            if let Err(e) = roxmltree::Document::parse(&text) {
                panic!("{name} is not well-formed XML: {e}");
            }
        }
    }

    #[test]
    fn page_margins_fonts_and_styles() {
        let bytes = sample_docx();
        assert_well_formed(&bytes);
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
        let footer = part(&bytes, "word/footer1.xml");
        assert!(footer.contains(" PAGE ") && footer.contains("w:val=\"28\""));
    }

    #[test]
    fn headings_use_real_heading_styles() {
        let bytes = sample_docx();
        let document = part(&bytes, "word/document.xml");
        assert!(document.contains("w:pStyle w:val=\"Heading1\""));
        assert!(document.contains("w:pStyle w:val=\"Heading2\""));
        assert!(document.contains("w:pStyle w:val=\"Title\""));
    }

    #[test]
    fn any_text_gives_well_formed_xml() {
        let mut doc = Document {
            title: vec!["标题\u{1}<&>\"'".into()],
            stage: Some("征求\u{b}意见稿\u{FFFF}".into()),
            ..Document::default()
        };
        let mut s = Section::new(SectionId(1), "形势\u{c}<w:p>]]>");
        s.paragraphs.push(Paragraph::new(
            "正文\u{0}\u{8}\u{e}\u{1f}\u{7f}\u{FFFE}。\r\n下一行",
        ));
        doc.sections.push(s);
        doc.next_id = 2;
        let bytes = to_docx(&doc, &Numbers::of(&doc)).unwrap();
        assert_well_formed(&bytes);
        let document = part(&bytes, "word/document.xml");
        assert!(document.contains("形势&lt;w:p&gt;]]&gt;"), "{document}");
        assert!(
            document.contains("正文。</w:t></w:r><w:r><w:t xml:space=\"preserve\">  下一行"),
            "{document}"
        );
    }

    #[test]
    fn the_package_is_deflated_and_deterministic() {
        let doc = crate::core::test_support::sample();
        let text_bytes = crate::core::export::to_text(&doc).len();
        let a = sample_docx();
        assert_eq!(a, sample_docx(), "the same document gives the same bytes");
        assert!(
            a.len() < 2 * text_bytes,
            "{} bytes of DOCX for {text_bytes} bytes of text",
            a.len()
        );
    }

    #[test]
    fn properties_fonts_and_line_breaking_are_stated_for_every_suite() {
        let doc = crate::core::test_support::sample();
        let properties = Properties {
            author: "张三 & 李四".into(),
            time: "2026-12-02T05:30:00Z".into(),
        };
        let bytes = to_docx_with(&doc, &Numbers::of(&doc), &properties).unwrap();
        assert_well_formed(&bytes);
        let core = part(&bytes, "docProps/core.xml");
        assert!(
            core.contains("<dc:creator>张三 &amp; 李四</dc:creator>"),
            "{core}"
        );
        assert!(core.contains(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-12-02T05:30:00Z</dcterms:created>"
        ));
        // Without them, nothing is made up (a suite shows what is missing as unknown).
        let plain = part(&sample_docx(), "docProps/core.xml");
        assert!(
            !plain.contains("creator") && !plain.contains("created"),
            "{plain}"
        );
        let fonts = part(&bytes, "word/fontTable.xml");
        for name in [FANGSONG, KAITI, HEITI, XIAOBIAOSONG] {
            assert!(
                fonts.contains(&format!("<w:font w:name=\"{name}\"><w:altName")),
                "{name}"
            );
        }
        assert!(part(&bytes, "[Content_Types].xml").contains("/word/fontTable.xml"));
        assert!(part(&bytes, "word/_rels/document.xml.rels").contains("fontTable.xml"));
        let styles = part(&bytes, "word/styles.xml");
        assert!(styles.contains("<w:kinsoku/><w:overflowPunct/>"));
        assert!(styles.contains("w:hint=\"eastAsia\""));
        assert!(styles.contains("w:eastAsia=\"zh-CN\""));
    }
}
