//! Export of documents for reading and printing: clean text, the numbered outline, a
//! self-contained HTML print view and DOCX laid out per GB/T 9704-2012, and the printed
//! pages for a preview. [`render`] is what the CLI and the app both call.

pub mod docx;
pub mod fonts;
pub mod html;
pub mod page;
pub mod pdf;
pub mod print;
pub mod table;
pub mod title;
pub mod txt;

pub use html::{to_html, to_html_with};
pub use txt::{outline, to_text, to_text_with};

use std::borrow::Cow;

use super::document::{Document, SectionId};
use super::numbering::Numbers;

/// The formats a document exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// Clean text.
    #[default]
    Text,
    /// A Word document laid out per GB/T 9704-2012.
    Docx,
    /// A self-contained HTML print page.
    Html,
    /// PDF set from the print preview's own pages, fonts embedded.
    Pdf,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 4] = [Format::Pdf, Format::Docx, Format::Html, Format::Text];

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// Whether the format prints on GB/T 9704 pages (so has a page preview).
    pub fn is_paged(self) -> bool {
        !matches!(self, Format::Text)
    }
}

/// Encodings text exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Encoding {
    /// UTF-8.
    #[default]
    Utf8,
    /// GB18030 (reads as GBK in older Windows tools).
    Gb18030,
}

/// Which sections to export.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Sections {
    /// The whole document, title and preamble included.
    #[default]
    All,
    /// Top-level sections named by their numbers (六, 六、, 第三章).
    Named(Vec<String>),
    /// Top-level sections by id (as chosen in the app).
    Chosen(Vec<SectionId>),
}

/// How to export.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// The format.
    pub format: Format,
    /// The sections.
    pub sections: Sections,
    /// Text only: two full-width spaces before each paragraph.
    pub is_indented: bool,
    /// Text only: the encoding.
    pub encoding: Encoding,
    /// Text only: Windows line ends.
    pub is_crlf: bool,
    /// Who exports and when, for the file's document properties (DOCX); empty for none, so
    /// the same document gives the same bytes.
    pub properties: Properties,
}

/// Document properties an exported file records: its author and when it was made.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Properties {
    /// The author (the user's name, or their system account).
    pub author: String,
    /// When, as RFC 3339 in UTC (2026-12-02T05:30:00Z).
    pub time: String,
}

impl Properties {
    /// The properties of a file `author` exports now.
    pub fn now(author: &str) -> Self {
        Self {
            author: author.to_owned(),
            time: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A section asked for is not there.
    #[error(transparent)]
    UnknownSection(#[from] UnknownSection),
    /// No section was chosen.
    #[error("no sections chosen to export")]
    NothingChosen,
    /// The document holds merge conflicts: printing it would print one side's text as if
    /// it were settled.
    #[error(
        "the document has {0} unresolved merge conflict(s); resolve them first (plandraft check lists them)"
    )]
    Conflicts(usize),
    /// The DOCX writer failed.
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
    /// The PDF writer failed.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
}

/// The part of `doc` to export (the document itself when it is whole), with the whole
/// document's numbers.
pub fn part<'a>(
    doc: &'a Document,
    sections: &Sections,
) -> Result<(Cow<'a, Document>, Numbers), ExportError> {
    let ids = match sections {
        Sections::All => return Ok((Cow::Borrowed(doc), Numbers::of(doc))),
        Sections::Named(names) => named_sections(doc, names)?,
        Sections::Chosen(ids) => ids.clone(),
    };
    let (part, numbers) = select_sections(doc, &ids);
    if part.sections.is_empty() {
        return Err(ExportError::NothingChosen);
    }
    Ok((Cow::Owned(part), numbers))
}

/// The exported file's bytes.
pub fn render(doc: &Document, options: &Options) -> Result<Vec<u8>, ExportError> {
    if !doc.conflicts.is_empty() {
        return Err(ExportError::Conflicts(doc.conflicts.len()));
    }
    let (doc, numbers) = part(doc, &options.sections)?;
    Ok(match options.format {
        Format::Html => to_html_with(&doc, &numbers).into_bytes(),
        Format::Docx => docx::to_docx_with(&doc, &numbers, &options.properties)?,
        Format::Pdf => pdf::to_pdf(&doc, &numbers, &options.properties, fonts::Fonts::system())?,
        Format::Text => {
            let mut text = to_text_with(&doc, &numbers, options.is_indented);
            if options.is_crlf {
                text = text.replace('\n', "\r\n");
            }
            match options.encoding {
                Encoding::Utf8 => text.into_bytes(),
                Encoding::Gb18030 => encoding_rs::GB18030.encode(&text).0.into_owned(),
            }
        }
    })
}

/// A section number asked for that the document does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no top-level section “{asked}” (the document has {available})")]
pub struct UnknownSection {
    /// The number asked for.
    pub asked: String,
    /// The top-level numbers there are.
    pub available: String,
}

/// A number as people write it when naming a section: 六, 六、, 第六章 all give 六 / 第六章.
fn bare(number: &str) -> String {
    number
        .trim_matches(|c: char| matches!(c, '、' | '.' | '．' | '（' | '）' | '(' | ')' | ' '))
        .to_owned()
}

/// The ids of the top-level sections named by their numbers (六,七 or 第三章).
pub fn named_sections(doc: &Document, names: &[String]) -> Result<Vec<SectionId>, UnknownSection> {
    let labels = Numbers::of(doc);
    names
        .iter()
        .map(|asked| {
            doc.sections
                .iter()
                .find(|s| bare(&labels.label(s.id)) == bare(asked))
                .map(|s| s.id)
                .ok_or_else(|| UnknownSection {
                    asked: asked.clone(),
                    available: doc
                        .sections
                        .iter()
                        .map(|s| labels.label(s.id))
                        .collect::<Vec<_>>()
                        .join(" "),
                })
        })
        .collect()
}

/// The document with only the top-level sections in `ids` (in document order) and no
/// preamble, with the whole document's numbers, so that 六 stays 六.
pub fn select_sections(doc: &Document, ids: &[SectionId]) -> (Document, Numbers) {
    let part = Document {
        title: doc.title.clone(),
        stage: doc.stage.clone(),
        numbering: doc.numbering.clone(),
        preamble: Vec::new(),
        sections: doc
            .sections
            .iter()
            .filter(|s| ids.contains(&s.id))
            .cloned()
            .collect(),
        next_id: doc.next_id,
        conflicts: Vec::new(),
        comments: Vec::new(),
    };
    (part, Numbers::of(doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_sections_keep_their_numbers() {
        let doc = crate::core::test_support::sample();
        let named = Sections::Named(vec!["七".into(), "六、".into()]);
        let (chosen, numbers) = part(&doc, &named).unwrap();
        assert_eq!(chosen.sections.len(), 2);
        let text = to_text_with(&chosen, &numbers, true);
        assert!(
            text.contains("\n\u{3000}\u{3000}锚定长春现代化都市圈建设"),
            "indented"
        );
        assert!(text.contains("\n六、十大重点任务\n"), "{text}");
        assert!(text.contains("\n七、保障措施\n"));
        assert!(!text.contains("本纲要主要针对"), "no preamble");
        let err = part(&doc, &Sections::Named(vec!["九".into()])).unwrap_err();
        assert!(err.to_string().contains("一、 二、"), "{err}");
    }

    #[test]
    fn render_gives_each_format_and_text_options() {
        let doc = crate::core::test_support::sample();
        let chosen = Sections::Chosen(vec![doc.sections[6].id]);
        let text = render(
            &doc,
            &Options {
                sections: chosen.clone(),
                is_crlf: true,
                is_indented: true,
                encoding: Encoding::Gb18030,
                ..Options::default()
            },
        )
        .unwrap();
        let (decoded, _, had_errors) = encoding_rs::GB18030.decode(&text);
        assert!(!had_errors);
        assert!(decoded.starts_with("长春市绿园区"), "{decoded}");
        assert!(decoded.contains("\r\n七、保障措施\r\n\u{3000}\u{3000}"));
        assert!(!decoded.contains("六、"));
        assert!(String::from_utf8(text).is_err(), "not UTF-8");
        let html = render(
            &doc,
            &Options {
                format: Format::Html,
                ..Options::default()
            },
        )
        .unwrap();
        assert!(html.starts_with(b"<!DOCTYPE html>"));
        let docx = render(
            &doc,
            &Options {
                format: Format::Docx,
                sections: Sections::Named(vec!["二".into()]),
                ..Options::default()
            },
        )
        .unwrap();
        assert!(docx.starts_with(b"PK"));
        docx::tests::assert_well_formed(&docx);
        for nothing in [Sections::Chosen(Vec::new()), Sections::Named(Vec::new())] {
            let options = Options {
                sections: nothing,
                ..Options::default()
            };
            assert!(matches!(
                render(&doc, &options),
                Err(ExportError::NothingChosen)
            ));
        }
    }
}
