//! Import of plain text pasted or saved out of Word/WPS: decoding, debris removal and
//! structure recognition, with a report of what was found.

pub mod debris;
pub mod decode;
pub mod docx;
pub mod marker;
pub mod pdf_text;
pub mod structure;
pub mod written;

use std::path::{Path, PathBuf};

pub use debris::{DebrisStats, LineEndings};
pub use marker::parse_marker;
pub use written::ImportWarning;

use super::document::{Document, SectionId};

/// The largest text file imported (64 MiB; a national plan is well under 1 MiB).
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Why a text file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("reading failed ({reason}): {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        reason: std::io::Error,
    },
    /// The file is larger than [`MAX_IMPORT_BYTES`].
    #[error("the file is too large to be a plan ({size} bytes; at most {MAX_IMPORT_BYTES}): {}", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
    },
    /// The file is not text, or not in an encoding we can read.
    #[error("{problem}: {}", path.display())]
    Decode {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        problem: decode::DecodeError,
    },
    /// A Word file that could not be read.
    #[error("{problem}: {}", path.display())]
    Word {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        problem: docx::DocxError,
    },
}

/// What an import found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportReport {
    /// The encoding the text was in.
    pub encoding: &'static str,
    /// Whether the file started with a byte order mark.
    pub had_bom: bool,
    /// Line endings seen.
    pub line_endings: LineEndings,
    /// Title lines found.
    pub title: Vec<String>,
    /// Stage or date line found.
    pub stage: Option<String>,
    /// Number of sections at each depth (index 0 = top level).
    pub sections_per_level: Vec<usize>,
    /// Paragraphs in the preamble and all sections.
    pub paragraphs: usize,
    /// What debris was removed.
    pub debris: DebrisStats,
    /// What could not be taken as written.
    pub warnings: Vec<ImportWarning>,
    /// What a Word file held besides its text (None for a text file).
    pub word: Option<docx::WordStats>,
    /// Each heading's input line and section, in order.
    pub heading_lines: Vec<(usize, SectionId)>,
}

impl ImportReport {
    /// The section that input line `line` is in: the last heading at or before it (None
    /// for the title and the text before the first heading).
    pub fn section_at(&self, line: usize) -> Option<SectionId> {
        let i = self.heading_lines.partition_point(|(l, _)| *l <= line);
        i.checked_sub(1).map(|i| self.heading_lines[i].1)
    }
}

/// An imported document and its report.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The document.
    pub document: Document,
    /// What the import found.
    pub report: ImportReport,
}

/// Imports text that is already decoded.
pub fn import_text(text: &str) -> Imported {
    import_checked(text, None, &[])
}

/// [`import_text`], told by the decoder whether the text holds control characters and
/// which lines the source marked as headings or body text; also gives each heading's line
/// and section.
fn import_checked(text: &str, has_controls: Option<bool>, hints: &[docx::LineHint]) -> Imported {
    let (lines, mut debris, line_endings) = debris::clean_lines_checked(text, has_controls);
    // Lines are a Word file's paragraphs when hints come with them; plain text may have
    // been copied out of a PDF.
    let mut lines = if hints.is_empty() {
        let lines = pdf_text::clean(lines, &mut debris);
        pdf_text::split_glued(lines, &mut debris)
    } else {
        lines
    };
    // Footnote references are looked for first: building the structure takes the lines'
    // text.
    let mut markers = Vec::new();
    for line in &lines {
        let debris::Line::Text(number, text) = line else {
            continue;
        };
        let mut from = 0;
        for range in debris::footnote_markers(text) {
            let before: String = {
                let chars: Vec<char> = text[from..range.start].chars().collect();
                chars[chars.len().saturating_sub(8)..].iter().collect()
            };
            from = range.end;
            markers.push(ImportWarning::FootnoteMarker {
                line: *number,
                marker: text[range.clone()].to_owned(),
                context: format!("{}{}", before.trim_start(), &text[range]),
            });
        }
    }
    let mut structure = structure::build(&mut lines, hints);
    debris.toc_lines += structure.toc_lines;
    let heading_lines = std::mem::take(&mut structure.heading_lines);
    structure.warnings.extend(markers);
    structure.warnings.sort_by_key(ImportWarning::line);
    let document = structure.document;
    let mut sections_per_level = Vec::new();
    let mut paragraphs = document.preamble.len();
    document.walk(|s, depth| {
        if sections_per_level.len() <= depth {
            sections_per_level.resize(depth + 1, 0);
        }
        sections_per_level[depth] += 1;
        paragraphs += s.paragraphs.len();
    });
    let report = ImportReport {
        encoding: "UTF-8",
        had_bom: false,
        line_endings,
        title: document.title.clone(),
        stage: document.stage.clone(),
        sections_per_level,
        paragraphs,
        debris,
        warnings: structure.warnings,
        word: None,
        heading_lines,
    };
    Imported { document, report }
}

/// Imports the bytes of a text file or a Word `.docx` file; `path` is used in error
/// messages.
pub fn import_bytes(bytes: &[u8], path: &Path) -> Result<Imported, ImportError> {
    if docx::is_zip(bytes) {
        let word = docx::read(bytes).map_err(|problem| ImportError::Word {
            path: path.to_owned(),
            problem,
        })?;
        return Ok(import_word(word));
    }
    let decoded = decode::decode(bytes).map_err(|problem| ImportError::Decode {
        path: path.to_owned(),
        problem,
    })?;
    let mut imported = import_checked(&decoded.text, Some(decoded.has_controls), &[]);
    imported.report.encoding = decoded.encoding;
    imported.report.had_bom = decoded.had_bom;
    Ok(imported)
}

/// Imports what was read from a Word file: its lines, then its comments on the sections
/// they are in, its notes reported where they were referenced.
fn import_word(word: docx::WordText) -> Imported {
    let mut imported = import_checked(&word.text, Some(false), &word.hints);
    let report = &mut imported.report;
    report.encoding = "Word .docx";
    report.word = Some(word.stats);
    let doc = &mut imported.document;
    for c in word.comments {
        let Some(section) = report.section_at(c.line) else {
            report.warnings.push(ImportWarning::WordComment {
                line: c.line,
                author: c.author,
                text: c.text,
            });
            continue;
        };
        let quote = doc
            .section(section)
            .zip(c.quote.as_deref())
            .and_then(|(s, exact)| crate::core::comment::quote_of(s, exact));
        let mut comment =
            crate::core::comment::Comment::new(section, quote, &c.author, "", &c.text);
        if !c.date.is_empty() {
            comment.time = c.date;
        }
        doc.comments.push(comment);
    }
    for note in word.notes {
        report.warnings.push(ImportWarning::WordNote {
            line: note.line,
            text: note.text,
        });
    }
    report.warnings.sort_by_key(ImportWarning::line);
    imported
}

/// Reads and imports a text file.
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    let bytes = super::read_limited(path, MAX_IMPORT_BYTES).map_err(|e| match e {
        super::ReadLimitError::Io(reason) => ImportError::Io {
            path: path.to_owned(),
            reason,
        },
        super::ReadLimitError::TooLarge(size) => ImportError::TooLarge {
            path: path.to_owned(),
            size,
        },
    })?;
    import_bytes(&bytes, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_references_are_reported_by_line_and_kept() {
        let text =
            "某区发展规划\n\n一、总体要求\n加强社会监督 [67]。完善体系［3］。\n[1] 参考文献\n";
        let imported = import_text(text);
        let found: Vec<(usize, &str, &str)> = imported
            .report
            .warnings
            .iter()
            .filter_map(|w| match w {
                ImportWarning::FootnoteMarker {
                    line,
                    marker,
                    context,
                } => Some((*line, marker.as_str(), context.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            found,
            [
                (4, "[67]", "加强社会监督 [67]"),
                (4, "［3］", "。完善体系［3］")
            ]
        );
        assert!(crate::core::export::to_text(&imported.document).contains("监督 [67]。"));
    }
}
