//! The table as an Excel workbook of one sheet: the title and the summary merged across
//! the first two rows, a filled and bordered header row that stays in view and repeats on
//! every printed page, wrapped and bordered cells, printed on A4 landscape one page wide.
//! Inserted text is underlined and deleted text struck through.

use rust_xlsxwriter::{
    ColNum, Color, Format, FormatAlign, FormatBorder, FormatPattern, FormatUnderline, RowNum,
    Workbook, Worksheet, XlsxError,
};

use super::{Mark, Piece, Table, cell_at, centred_columns, pieces};
use crate::core::export::docx::{FANGSONG, HEITI, XIAOBIAOSONG};
use crate::core::import::debris::is_stray_control;

/// The rows above the data: title, summary, header.
const TITLE_ROW: RowNum = 0;
const SUMMARY_ROW: RowNum = 1;
const HEADER_ROW: RowNum = 2;
/// The sheet's width in Excel's character units, shared by the columns by weight: about
/// what an A4 landscape page holds at the body size.
const SHEET_WIDTH_CHARS: u32 = 150;
/// The narrowest column, in character units.
const MIN_COLUMN_CHARS: f64 = 4.0;
/// The body size, in points (小四).
const TEXT_SIZE: f64 = 12.0;
/// The title's size, in points (小二).
const TITLE_SIZE: f64 = 18.0;
/// The GB2312 character set, so a spreadsheet without the named face uses a Chinese one.
const GB2312_CHARSET: u8 = 134;
/// A4 in Excel's paper sizes.
const PAPER_A4: u8 = 9;
/// 25 mm, in inches.
const MARGIN_INCHES: f64 = 25.0 / 25.4;
/// Sheet names are at most this many characters.
const SHEET_NAME_CHARS: usize = 31;
/// The colour of inserted text, as in the DOCX.
const INSERTED_COLOUR: u32 = 0xC0_00_00;
/// The header row's fill.
const HEADER_FILL: u32 = 0xD9_D9_D9;

/// The sheet name from the title: at most 31 characters, none of `[]:*?/\`, no apostrophe
/// first or last, "Sheet1" when nothing is left.
pub(super) fn sheet_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .take(SHEET_NAME_CHARS)
        .collect();
    let name = cleaned.trim().trim_matches('\'').trim();
    if name.is_empty() {
        "Sheet1".to_owned()
    } else {
        name.to_owned()
    }
}

/// A format in the body face.
fn body_font() -> Format {
    Format::new()
        .set_font_name(FANGSONG)
        .set_font_size(TEXT_SIZE)
        .set_font_charset(GB2312_CHARSET)
}

/// `format` with `mark`'s decoration.
fn marked(format: Format, mark: Mark) -> Format {
    match mark {
        Mark::Plain => format,
        Mark::Inserted => format
            .set_underline(FormatUnderline::Single)
            .set_font_color(Color::RGB(INSERTED_COLOUR)),
        Mark::Deleted => format.set_font_strikethrough(),
    }
}

/// The formats of data cells: by alignment (left, centred) and mark.
struct CellFormats {
    cells: [[Format; 3]; 2],
    fonts: [Format; 3],
}

fn mark_index(mark: Mark) -> usize {
    match mark {
        Mark::Plain => 0,
        Mark::Inserted => 1,
        Mark::Deleted => 2,
    }
}

impl CellFormats {
    fn new() -> CellFormats {
        let marks = [Mark::Plain, Mark::Inserted, Mark::Deleted];
        let cell = |align: FormatAlign| {
            marks.map(|mark| {
                marked(
                    body_font()
                        .set_border(FormatBorder::Thin)
                        .set_text_wrap()
                        .set_align(FormatAlign::Top)
                        .set_align(align),
                    mark,
                )
            })
        };
        CellFormats {
            cells: [cell(FormatAlign::Left), cell(FormatAlign::Center)],
            // Rich text runs carry their whole font, so each names the body face.
            fonts: marks.map(|mark| marked(body_font(), mark)),
        }
    }

    fn cell(&self, is_centred: bool, mark: Mark) -> &Format {
        &self.cells[usize::from(is_centred)][mark_index(mark)]
    }
}

/// Writes one data cell: a plain string in the mark's format when the cell has one kind of
/// text, a rich string otherwise.
fn write_cell(
    sheet: &mut Worksheet,
    (row, col): (RowNum, ColNum),
    cell_pieces: &[Piece],
    is_centred: bool,
    formats: &CellFormats,
) -> Result<(), XlsxError> {
    match cell_pieces {
        [] => {
            sheet.write_blank(row, col, formats.cell(is_centred, Mark::Plain))?;
        }
        [piece] => {
            sheet.write_string_with_format(
                row,
                col,
                &piece.text,
                formats.cell(is_centred, piece.mark),
            )?;
        }
        _ => {
            let segments: Vec<(&Format, &str)> = cell_pieces
                .iter()
                .map(|piece| (&formats.fonts[mark_index(piece.mark)], piece.text.as_str()))
                .collect();
            sheet.write_rich_string_with_format(
                row,
                col,
                &segments,
                formats.cell(is_centred, Mark::Plain),
            )?;
        }
    }
    Ok(())
}

/// Text for a title or header cell, without the characters a sheet cannot show.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|&c| !is_stray_control(c) && c != '\r')
        .collect()
}

/// Writes `text` across every column of `row`, merged when there is more than one.
fn write_across(
    sheet: &mut Worksheet,
    row: RowNum,
    last_col: ColNum,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if last_col == 0 {
        sheet.write_string_with_format(row, 0, text, format)?;
    } else {
        sheet.merge_range(row, 0, row, last_col, text, format)?;
    }
    Ok(())
}

/// The table as XLSX bytes.
pub(super) fn to_xlsx(table: &Table) -> Result<Vec<u8>, XlsxError> {
    let last_col = ColNum::try_from(table.columns.len().saturating_sub(1))
        .map_err(|_| XlsxError::RowColumnLimitError)?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&table.title))?;

    let title_format = Format::new()
        .set_font_name(XIAOBIAOSONG)
        .set_font_charset(GB2312_CHARSET)
        .set_font_size(TITLE_SIZE)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let summary_format = body_font()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let header_format = Format::new()
        .set_font_name(HEITI)
        .set_font_charset(GB2312_CHARSET)
        .set_font_size(TEXT_SIZE)
        .set_bold()
        .set_pattern(FormatPattern::Solid)
        .set_background_color(Color::RGB(HEADER_FILL))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let formats = CellFormats::new();

    let widths: Vec<f64> = super::widths(&table.columns, SHEET_WIDTH_CHARS * 100)
        .into_iter()
        .map(|width| (f64::from(width) / 100.0).max(MIN_COLUMN_CHARS))
        .collect();
    for (col, width) in (0..=last_col).zip(&widths) {
        sheet.set_column_width(col, *width)?;
    }
    let sheet_width = [widths.iter().sum::<f64>()];

    // Merged cells never grow to fit their text, so the title and summary rows get a
    // height for the lines they take.
    let title = clean(&table.title);
    write_across(sheet, TITLE_ROW, last_col, &title, &title_format)?;
    sheet.set_row_height(
        TITLE_ROW,
        row_height([title.as_str()], &sheet_width, TITLE_SIZE),
    )?;
    let summary = clean(&table.summary);
    write_across(sheet, SUMMARY_ROW, last_col, &summary, &summary_format)?;
    sheet.set_row_height(
        SUMMARY_ROW,
        row_height([summary.as_str()], &sheet_width, TEXT_SIZE),
    )?;

    let headers: Vec<String> = table.columns.iter().map(|c| clean(&c.header)).collect();
    for (col, header) in (0..=last_col).zip(&headers) {
        sheet.write_string_with_format(HEADER_ROW, col, header, &header_format)?;
    }
    let heights = headers.iter().map(String::as_str);
    sheet.set_row_height(HEADER_ROW, row_height(heights, &widths, TEXT_SIZE))?;
    let centred = centred_columns(table);
    for (i, row) in table.rows.iter().enumerate() {
        let row_num = RowNum::try_from(i)
            .ok()
            .and_then(|i| i.checked_add(HEADER_ROW + 1))
            .ok_or(XlsxError::RowColumnLimitError)?;
        let mut texts = Vec::with_capacity(centred.len());
        for (col, is_centred) in (0..=last_col).zip(&centred) {
            let cell_pieces = pieces(cell_at(row, usize::from(col)));
            write_cell(sheet, (row_num, col), &cell_pieces, *is_centred, &formats)?;
            texts.push(cell_pieces.into_iter().map(|p| p.text).collect::<String>());
        }
        let height = row_height(texts.iter().map(String::as_str), &widths, TEXT_SIZE);
        sheet.set_row_height(row_num, height)?;
    }

    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet
        .set_paper_size(PAPER_A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(
            MARGIN_INCHES,
            MARGIN_INCHES,
            MARGIN_INCHES,
            MARGIN_INCHES,
            0.3,
            0.4,
        )
        .set_footer("&C&14— &P —");
    book.save_to_buffer()
}

/// Points in one of Excel's column-width units: the width of "0" in the default
/// 11 pt font, 7 pixels at 96 per inch.
const POINTS_PER_UNIT: f64 = 5.25;
/// Of a column's width, what the cell's padding and border take, in units.
const CELL_PADDING_UNITS: f64 = 0.8;
/// A line's height in points, per point of font size (CJK faces run taller than Latin).
const LINE_PER_SIZE: f64 = 1.4;
/// Room above and below a cell's text, in points.
const CELL_PADDING_PT: f64 = 4.0;
/// Excel's tallest row, in points.
const MAX_ROW_PT: f64 = 409.0;

/// The lines `text` takes in a column `width_units` wide at `size_pt` (at least 1): a
/// Chinese character is as wide as the font is tall, a Latin one half that, and a line
/// holds at least one character.
fn line_count(text: &str, size_pt: f64, width_units: f64) -> f64 {
    let line_pt = ((width_units - CELL_PADDING_UNITS) * POINTS_PER_UNIT).max(size_pt);
    text.split('\n')
        .map(|line| {
            let pt: f64 = line
                .chars()
                .map(|c| if c.is_ascii() { size_pt / 2.0 } else { size_pt })
                .sum();
            (pt / line_pt).ceil().max(1.0)
        })
        .sum::<f64>()
        .max(1.0)
}

/// The height in points of a row of `texts` at `size_pt` in columns `widths_units` wide.
///
/// Excel grows a row to fit its wrapped text when the file is opened, but LibreOffice
/// keeps the stored height, so every row gets one that fits.
fn row_height<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    widths_units: &[f64],
    size_pt: f64,
) -> f64 {
    let lines = texts
        .into_iter()
        .zip(widths_units)
        .map(|(text, width)| line_count(text, size_pt, *width))
        .fold(1.0, f64::max);
    (lines * size_pt * LINE_PER_SIZE + CELL_PADDING_PT).min(MAX_ROW_PT)
}
