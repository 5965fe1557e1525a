//! Export of a plain table with a title and a summary line, such as the 意见采纳情况表 a
//! drafting office files (序号, 提出单位, 章节, 原文, 意见或修改建议, 采纳情况, 理由或说明), to
//! DOCX and HTML for printing on A4 landscape, to CSV for other programs and to XLSX for
//! spreadsheets. Text inserted or deleted by a proposed change prints underlined or struck
//! through wherever the format can show it.

mod docx;
mod html;
#[cfg(test)]
mod tests;
mod xlsx;

use std::str::FromStr;

use crate::core::import::debris::is_stray_control;

/// How a run of a cell's text is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Text as it stands.
    Plain,
    /// Text a change adds (printed underlined).
    Inserted,
    /// Text a change removes (printed struck through).
    Deleted,
}

/// A piece of a cell's text with one mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The text; '\n' starts a new line inside the cell.
    pub text: String,
    /// How the text is marked.
    pub mark: Mark,
}

impl Run {
    /// A run of `text` marked `mark`.
    pub fn new(text: impl Into<String>, mark: Mark) -> Run {
        Run {
            text: text.into(),
            mark,
        }
    }
}

/// One cell: runs of text (may contain '\n' for line breaks inside the cell).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// The runs, in reading order.
    pub runs: Vec<Run>,
}

impl Cell {
    /// A cell holding `text` unmarked.
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            runs: vec![Run::new(text, Mark::Plain)],
        }
    }

    /// The cell's text as it reads after the change: plain and inserted runs, without the
    /// deleted ones.
    pub fn text(&self) -> String {
        self.runs
            .iter()
            .filter(|run| run.mark != Mark::Deleted)
            .map(|run| run.text.as_str())
            .collect()
    }
}

/// A column: its header and relative width (weights; the writer scales them to the page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header text ('\n' breaks the line).
    pub header: String,
    /// The width relative to the other columns' (0 counts as 1).
    pub weight: u32,
}

impl Column {
    /// A column headed `header`, `weight` wide relative to the others.
    pub fn new(header: impl Into<String>, weight: u32) -> Column {
        Column {
            header: header.into(),
            weight,
        }
    }
}

/// A table with a title and a summary line printed under it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// The title (empty for none).
    pub title: String,
    /// The line under the title (empty for none).
    pub summary: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows; a row shorter than the columns is filled with empty cells.
    pub rows: Vec<Vec<Cell>>,
}

/// The formats a table exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableFormat {
    /// A Word document on A4 landscape.
    #[default]
    Docx,
    /// A self-contained HTML page for printing on A4 landscape.
    Html,
    /// UTF-8 CSV with a byte order mark: the header row and the cells' text.
    Csv,
    /// An Excel workbook set up to print on A4 landscape.
    Xlsx,
}

impl TableFormat {
    /// Every format, in menu order.
    pub const ALL: [TableFormat; 4] = [
        TableFormat::Docx,
        TableFormat::Xlsx,
        TableFormat::Html,
        TableFormat::Csv,
    ];

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Docx => "docx",
            TableFormat::Html => "html",
            TableFormat::Csv => "csv",
            TableFormat::Xlsx => "xlsx",
        }
    }
}

/// A table format name that is not docx, html, csv or xlsx.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown table format “{0}” (docx, html, csv or xlsx)")]
pub struct UnknownTableFormat(pub String);

impl FromStr for TableFormat {
    type Err = UnknownTableFormat;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        TableFormat::ALL
            .into_iter()
            .find(|format| format.extension().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| UnknownTableFormat(name.to_owned()))
    }
}

/// Why a table could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// A table needs at least one column.
    #[error("the table has no columns")]
    NoColumns,
    /// A row has more cells than the table has columns (rows are numbered from 1).
    #[error("row {row} has {cells} cells but the table has only {columns} columns")]
    RowTooLong {
        /// The row, from 1.
        row: usize,
        /// Its cells.
        cells: usize,
        /// The table's columns.
        columns: usize,
    },
    /// The DOCX package could not be written.
    #[error(transparent)]
    Docx(#[from] super::docx::DocxError),
    /// The CSV could not be written.
    #[error("cannot write the CSV file ({0})")]
    Csv(#[from] csv::Error),
    /// The workbook could not be written (a cell over 32,767 characters, more than 16,384
    /// columns or 1,048,573 rows).
    #[error("cannot write the XLSX file ({0})")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// The table in `format`, as the bytes of a file.
pub fn render_table(table: &Table, format: TableFormat) -> Result<Vec<u8>, TableError> {
    check(table)?;
    Ok(match format {
        TableFormat::Docx => docx::to_docx(table)?,
        TableFormat::Html => html::to_html(table).into_bytes(),
        TableFormat::Csv => to_csv(table)?,
        TableFormat::Xlsx => xlsx::to_xlsx(table)?,
    })
}

/// Refuses a table no format can hold: one without columns, or with a row wider than it.
fn check(table: &Table) -> Result<(), TableError> {
    let columns = table.columns.len();
    if columns == 0 {
        return Err(TableError::NoColumns);
    }
    match table.rows.iter().position(|row| row.len() > columns) {
        Some(i) => Err(TableError::RowTooLong {
            row: i + 1,
            cells: table.rows[i].len(),
            columns,
        }),
        None => Ok(()),
    }
}

/// The byte order mark: Excel reads a CSV file as UTF-8 only when it starts with one.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The header row and every row's cell text (as it reads after the change), lossless, with
/// Windows line ends.
fn to_csv(table: &Table) -> Result<Vec<u8>, TableError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    writer.write_record(table.columns.iter().map(|column| column.header.as_str()))?;
    for row in &table.rows {
        writer.write_record(
            (0..table.columns.len()).map(|i| row.get(i).map(Cell::text).unwrap_or_default()),
        )?;
    }
    writer
        .into_inner()
        .map_err(|e| TableError::Csv(e.into_error().into()))
}

/// Text of one mark, cleaned for printing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    mark: Mark,
    text: String,
}

/// The cell's runs ready to print: neighbouring runs of one mark joined, Windows and old
/// Mac line ends made '\n', characters with no printed form (controls, U+FFFE, U+FFFF) left
/// out, and empty runs dropped.
fn pieces(cell: &Cell) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for run in &cell.runs {
        let text: String = run
            .text
            .replace("\r\n", "\n")
            .chars()
            .map(|c| if c == '\r' { '\n' } else { c })
            .filter(|&c| !is_stray_control(c))
            .collect();
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.mark == run.mark => last.text.push_str(&text),
            _ => out.push(Piece {
                mark: run.mark,
                text,
            }),
        }
    }
    out
}

/// The cell's pieces line by line (at least one line, maybe empty).
fn lines(cell: &Cell) -> Vec<Vec<Piece>> {
    let mut out = vec![Vec::new()];
    for piece in pieces(cell) {
        for (i, part) in piece.text.split('\n').enumerate() {
            if i > 0 {
                out.push(Vec::new());
            }
            if !part.is_empty()
                && let Some(line) = out.last_mut()
            {
                line.push(Piece {
                    mark: piece.mark,
                    text: part.to_owned(),
                });
            }
        }
    }
    out
}

/// Everything a cell prints, deleted text included, as one string.
fn printed_text(cell: &Cell) -> String {
    pieces(cell).into_iter().map(|piece| piece.text).collect()
}

/// The header cell of `column`.
fn header_cell(column: &Column) -> Cell {
    Cell::plain(column.header.as_str())
}

/// The cell in column `i` of `row`, empty where the row is short.
fn cell_at(row: &[Cell], i: usize) -> &Cell {
    static EMPTY: Cell = Cell { runs: Vec::new() };
    row.get(i).unwrap_or(&EMPTY)
}

/// The columns' widths out of `total`, in proportion to their weights (0 counting as 1),
/// adding up to `total` exactly.
fn widths(columns: &[Column], total: u32) -> Vec<u32> {
    let weights: Vec<u64> = columns.iter().map(|c| u64::from(c.weight.max(1))).collect();
    let sum: u64 = weights.iter().sum();
    let mut out: Vec<u32> = weights
        .iter()
        .map(|w| u32::try_from(u64::from(total) * w / sum.max(1)).unwrap_or(total))
        .collect();
    let used: u32 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += total.saturating_sub(used);
    }
    out
}

/// The longest text, in characters, that a column may hold in every row and still be
/// centred like a label (序号, 采纳 / 部分采纳 / 不采纳).
const SHORT_CELL_CHARS: usize = 6;

/// For each column, whether its cells are short labels that print centred: every cell
/// one line of at most [`SHORT_CELL_CHARS`] characters, and at least one not empty.
fn centred_columns(table: &Table) -> Vec<bool> {
    (0..table.columns.len())
        .map(|i| {
            let texts: Vec<String> = table
                .rows
                .iter()
                .map(|row| printed_text(cell_at(row, i)))
                .collect();
            texts.iter().any(|t| !t.is_empty())
                && texts
                    .iter()
                    .all(|t| !t.contains('\n') && t.chars().count() <= SHORT_CELL_CHARS)
        })
        .collect()
}
