//! The table as a Word document: A4 landscape with 25 mm margins, the title in 2号
//! 方正小标宋简体 and the summary in 3号 仿宋_GB2312 above a bordered table in 小四 仿宋_GB2312
//! whose 黑体 header row repeats on every page, page numbers "— 1 —" as in the project's
//! GB/T 9704-2012 documents. The package is written into a deflated zip archive row by
//! row, in the style of [`crate::core::export::docx`], whose helpers it shares.

use std::io::{Seek, Write};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::{Mark, Piece, Table, cell_at, centred_columns, header_cell, lines, widths};
use crate::core::export::docx::{
    DocxError, FANGSONG, HEITI, NS_R, NS_W, XIAOBIAOSONG, XML_HEAD, app_xml, escape_into,
    fonts_xml, footer_xml, mm, settings_xml,
};

/// A4 landscape, in twips.
const PAGE_WIDTH: i32 = 16838;
const PAGE_HEIGHT: i32 = 11906;
/// Every margin, in millimetres: a table printed across the page needs the room, and
/// GB/T 9704-2012 lets a landscape table page keep its own margins.
const MARGIN_MM: f64 = 25.0;
/// From the page's bottom edge to the foot of the page number's one exact line, in
/// millimetres: its dashes then sit 7 mm under the type area, as GB/T 9704-2012 places them
/// (measured on LibreOffice's PDF).
const FOOTER_MM: f64 = 15.7;
/// 小四 (12 pt), in half-points.
const TEXT_SIZE: u32 = 24;
/// 2号 (22 pt).
const TITLE_SIZE: u32 = 44;
/// 3号 (16 pt).
const SUMMARY_SIZE: u32 = 32;
/// The colour of inserted text, so it shows on screen as well as underlined on paper.
const INSERTED_COLOUR: &str = "C00000";
/// Space inside each cell, in twips: about 1.5 mm each side and 0.7 mm above and below.
const CELL_MARGIN_SIDE: u32 = 85;
const CELL_MARGIN_END: u32 = 40;

/// The width of the type area, in twips.
pub(super) fn text_width() -> u32 {
    u32::try_from(PAGE_WIDTH - 2 * mm(MARGIN_MM)).unwrap_or(0)
}

fn styles_xml() -> String {
    // The table text's settings are the defaults, so every cell starts from 小四 仿宋.
    format!(
        "{XML_HEAD}<w:styles xmlns:w=\"{NS_W}\">\
<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val=\"{TEXT_SIZE}\"/><w:szCs w:val=\"{TEXT_SIZE}\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/>\
<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Summary\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"0\" w:after=\"120\" w:line=\"700\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/></w:pPr>\
<w:rPr>{title_fonts}<w:sz w:val=\"{TITLE_SIZE}\"/><w:szCs w:val=\"{TITLE_SIZE}\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"Summary\"><w:name w:val=\"表格说明\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"0\" w:after=\"240\" w:line=\"400\" w:lineRule=\"atLeast\"/><w:jc w:val=\"center\"/></w:pPr>\
<w:rPr><w:sz w:val=\"{SUMMARY_SIZE}\"/><w:szCs w:val=\"{SUMMARY_SIZE}\"/></w:rPr></w:style>\
</w:styles>",
        fonts = fonts_xml(FANGSONG),
        title_fonts = fonts_xml(XIAOBIAOSONG),
    )
}

fn core_xml(table: &Table) -> String {
    let mut title = String::new();
    escape_into(&mut title, &table.title);
    format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{title}</dc:title></cp:coreProperties>"
    )
}

/// The page: A4 landscape, odd and even footers with the page number.
fn section_properties_xml() -> String {
    let margin = mm(MARGIN_MM);
    format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/><w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>\
<w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\" w:orient=\"landscape\"/>\
<w:pgMar w:top=\"{margin}\" w:right=\"{margin}\" w:bottom=\"{margin}\" w:left=\"{margin}\" w:header=\"{header}\" w:footer=\"{footer}\" w:gutter=\"0\"/></w:sectPr>",
        header = mm(15.0),
        footer = mm(FOOTER_MM),
    )
}

/// Appends the lines of `text` (the title or the summary) as paragraphs in `style`.
fn heading_paragraphs_xml(out: &mut String, style: &str, text: &str) {
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        out.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">"
        ));
        escape_into(out, line);
        out.push_str("</w:t></w:r></w:p>");
    }
}

/// Appends the table's properties and grid: full width, fixed layout, single borders.
fn table_start_xml(out: &mut String, widths: &[u32]) {
    let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"";
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{width}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>\
<w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders>\
<w:tblLayout w:type=\"fixed\"/>\
<w:tblCellMar><w:top w:w=\"{CELL_MARGIN_END}\" w:type=\"dxa\"/><w:left w:w=\"{CELL_MARGIN_SIDE}\" w:type=\"dxa\"/><w:bottom w:w=\"{CELL_MARGIN_END}\" w:type=\"dxa\"/><w:right w:w=\"{CELL_MARGIN_SIDE}\" w:type=\"dxa\"/></w:tblCellMar>\
<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        width = widths.iter().sum::<u32>(),
    ));
    for width in widths {
        out.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
    }
    out.push_str("</w:tblGrid>");
}

/// Appends one piece of text as runs: tabs become Word tabs.
fn runs_xml(out: &mut String, piece: &Piece, is_header: bool) {
    let mut r_pr = String::new();
    if is_header {
        r_pr.push_str(&fonts_xml(HEITI));
        r_pr.push_str("<w:b/><w:bCs/>");
    }
    // The schema's order: rFonts, b, strike, color, u.
    match piece.mark {
        Mark::Plain => {}
        Mark::Deleted => r_pr.push_str("<w:strike/>"),
        Mark::Inserted => r_pr.push_str(&format!(
            "<w:color w:val=\"{INSERTED_COLOUR}\"/><w:u w:val=\"single\"/>"
        )),
    }
    let r_pr = if r_pr.is_empty() {
        r_pr
    } else {
        format!("<w:rPr>{r_pr}</w:rPr>")
    };
    out.push_str(&format!("<w:r>{r_pr}"));
    for (i, part) in piece.text.split('\t').enumerate() {
        if i > 0 {
            out.push_str("<w:tab/>");
        }
        if !part.is_empty() {
            out.push_str("<w:t xml:space=\"preserve\">");
            escape_into(out, part);
            out.push_str("</w:t>");
        }
    }
    out.push_str("</w:r>");
}

/// Appends one cell: a paragraph per line.
fn cell_xml(
    out: &mut String,
    cell_lines: &[Vec<Piece>],
    width: u32,
    is_header: bool,
    is_centred: bool,
) {
    let v_align = if is_header {
        "<w:vAlign w:val=\"center\"/>"
    } else {
        ""
    };
    out.push_str(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{v_align}</w:tcPr>"
    ));
    let jc = if is_header || is_centred {
        "center"
    } else {
        "both"
    };
    for line in cell_lines {
        out.push_str(&format!("<w:p><w:pPr><w:jc w:val=\"{jc}\"/></w:pPr>"));
        for piece in line {
            runs_xml(out, piece, is_header);
        }
        out.push_str("</w:p>");
    }
    out.push_str("</w:tc>");
}

/// Writes the body part, row by row, into the archive.
fn write_document<W: Write + Seek>(zip: &mut ZipWriter<W>, table: &Table) -> Result<(), DocxError> {
    let widths = widths(&table.columns, text_width());
    let centred = centred_columns(table);
    let mut buffer =
        format!("{XML_HEAD}<w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:body>");
    heading_paragraphs_xml(&mut buffer, "Title", &table.title);
    heading_paragraphs_xml(&mut buffer, "Summary", &table.summary);
    table_start_xml(&mut buffer, &widths);
    // The header row repeats at the top of every page the table runs onto, and is never
    // split itself.
    buffer.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (column, width) in table.columns.iter().zip(&widths) {
        cell_xml(
            &mut buffer,
            &lines(&header_cell(column)),
            *width,
            true,
            false,
        );
    }
    buffer.push_str("</w:tr>");
    zip.write_all(buffer.as_bytes())?;
    for row in &table.rows {
        buffer.clear();
        buffer.push_str("<w:tr>");
        for (i, width) in widths.iter().enumerate() {
            let is_centred = centred.get(i).copied().unwrap_or(false);
            cell_xml(
                &mut buffer,
                &lines(cell_at(row, i)),
                *width,
                false,
                is_centred,
            );
        }
        buffer.push_str("</w:tr>");
        zip.write_all(buffer.as_bytes())?;
    }
    // Word needs a paragraph after a table that ends the body.
    zip.write_all(b"</w:tbl><w:p/>")?;
    zip.write_all(section_properties_xml().as_bytes())?;
    zip.write_all(b"</w:body></w:document>")?;
    Ok(())
}

/// The table as DOCX bytes.
pub(super) fn to_docx(table: &Table) -> Result<Vec<u8>, DocxError> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed time stamp: the same table always gives the same bytes.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let parts: [(&str, String); 10] = [
        (
            "[Content_Types].xml",
            crate::core::export::docx::content_types(),
        ),
        (
            "_rels/.rels",
            format!("{XML_HEAD}{}", crate::core::export::docx::PACKAGE_RELS),
        ),
        ("docProps/core.xml", core_xml(table)),
        ("docProps/app.xml", app_xml()),
        (
            "word/_rels/document.xml.rels",
            crate::core::export::docx::document_rels(),
        ),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml()),
        (
            "word/fontTable.xml",
            crate::core::export::docx::font_table_xml(),
        ),
        ("word/footer1.xml", footer_xml(true)),
        ("word/footer2.xml", footer_xml(false)),
    ];
    for (name, text) in &parts {
        zip.start_file(*name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    zip.start_file("word/document.xml", options)?;
    write_document(&mut zip, table)?;
    Ok(zip.finish()?.into_inner())
}
