//! Reading a Word `.docx` file as the lines the text import reads, with what Word knows
//! beyond the text: which paragraphs are headings (styles, outline levels), numbers Word
//! writes itself (`numbering.xml`), tables and text boxes (never headings), comments.
//!
//! What is not text is left out and counted: a table of contents (a `TOC` field or `toc N`
//! styles), deleted text of tracked changes (insertions are taken as accepted), hidden
//! text, field codes, footnote references (the notes are reported with their text).

use std::collections::HashMap;
use std::io::Read;

mod reader;
mod styles;
mod xml;

use reader::Reader;
use styles::{Numbering, Styles, has_outlined_paragraph};
use xml::{LocalName, attr, is, parse, plain_text};

/// The largest part unpacked from a package (a national plan's `document.xml` is a few MB;
/// this stops a zip bomb).
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// The deepest nesting of elements followed (tables in tables in text boxes...).
const MAX_DEPTH: usize = 200;

/// Why a `.docx` file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    /// Not a readable zip archive.
    #[error("this is not a readable Word .docx file (the zip archive is damaged: {0})")]
    Zip(String),
    /// A zip archive without a Word document in it.
    #[error("this is a zip archive but not a Word .docx file (it holds no word/document.xml)")]
    NotWord,
    /// A part is not well-formed XML.
    #[error("the Word file is damaged: {part} is not well-formed XML ({message})")]
    Xml {
        /// The part, e.g. `word/document.xml`.
        part: String,
        /// What the parser said, with line and column.
        message: String,
    },
    /// A part unpacks to more than [`MAX_PART_BYTES`].
    #[error("the Word file is too large to be a plan: {part} unpacks to more than 256 MB")]
    TooLarge {
        /// The part.
        part: String,
    },
    /// Elements nested deeper than [`MAX_DEPTH`].
    #[error("the Word file is nested too deeply to be a plan ({part}, more than 200 levels)")]
    TooDeep {
        /// The part.
        part: String,
    },
}

/// How the structure pass may read a line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LineHint {
    /// By the text rules alone.
    #[default]
    Free,
    /// A heading: Word gives its paragraph an outline level.
    Heading,
    /// Never a heading: a table cell, a text box, or an item of a list that Word numbers
    /// in a document whose headings carry outline levels.
    Body,
}

/// A comment (批注) from the Word file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordComment {
    /// The line (from 1) where its passage starts.
    pub line: usize,
    /// The passage it is on, when the passage lies within one line.
    pub quote: Option<String>,
    /// Who wrote it.
    pub author: String,
    /// When, as Word wrote it (RFC 3339).
    pub date: String,
    /// What it says.
    pub text: String,
}

/// A footnote or endnote whose reference was taken out of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordNote {
    /// The line (from 1) it was referenced from.
    pub line: usize,
    /// The note's text.
    pub text: String,
}

/// What reading a `.docx` found besides the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordStats {
    /// Paragraphs read (outside a table of contents).
    pub paragraphs: usize,
    /// Paragraphs given outline levels (by a heading style or directly).
    pub outlined: usize,
    /// Numbers Word writes itself, put into the text.
    pub auto_numbers: usize,
    /// Tracked insertions taken as accepted.
    pub insertions: usize,
    /// Tracked deletions taken as accepted (their text left out).
    pub deletions: usize,
    /// Paragraphs of a table of contents left out.
    pub toc_paragraphs: usize,
    /// Tables read as lines.
    pub tables: usize,
    /// Text boxes read as lines after the paragraph they are anchored in.
    pub text_boxes: usize,
    /// Footnote and endnote references taken out of the text.
    pub notes: usize,
    /// Comments read.
    pub comments: usize,
}

impl std::ops::AddAssign for WordStats {
    fn add_assign(&mut self, rhs: WordStats) {
        self.paragraphs += rhs.paragraphs;
        self.outlined += rhs.outlined;
        self.auto_numbers += rhs.auto_numbers;
        self.insertions += rhs.insertions;
        self.deletions += rhs.deletions;
        self.toc_paragraphs += rhs.toc_paragraphs;
        self.tables += rhs.tables;
        self.text_boxes += rhs.text_boxes;
        self.notes += rhs.notes;
        self.comments += rhs.comments;
    }
}

/// A `.docx` file read as lines.
#[derive(Clone, Debug, Default)]
pub struct WordText {
    /// The lines, each a paragraph (or part of one broken by a line break), joined by `\n`.
    pub text: String,
    /// How each line may be read (index 0 is line 1).
    pub hints: Vec<LineHint>,
    /// The document's comments.
    pub comments: Vec<WordComment>,
    /// Footnotes and endnotes whose references were taken out.
    pub notes: Vec<WordNote>,
    /// What was found.
    pub stats: WordStats,
}

/// Whether bytes are a zip archive (as every `.docx` is).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads a `.docx` file's text.
pub fn read(bytes: &[u8]) -> Result<WordText, DocxError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError::Zip(e.to_string()))?;
    let document = part(&mut zip, "word/document.xml")?.ok_or(DocxError::NotWord)?;
    let styles = part(&mut zip, "word/styles.xml")?;
    let numbering = part(&mut zip, "word/numbering.xml")?;
    let comments = part(&mut zip, "word/comments.xml")?;
    let footnotes = part(&mut zip, "word/footnotes.xml")?;
    let endnotes = part(&mut zip, "word/endnotes.xml")?;

    let styles = match &styles {
        Some(xml) => Styles::read(&parse("word/styles.xml", xml)?),
        None => Styles::default(),
    };
    let numbering = match &numbering {
        Some(xml) => Numbering::read(&parse("word/numbering.xml", xml)?),
        None => Numbering::default(),
    };
    let mut notes = HashMap::new();
    for (name, xml) in [
        ("word/footnotes.xml", &footnotes),
        ("word/endnotes.xml", &endnotes),
    ] {
        if let Some(xml) = xml {
            let doc = parse(name, xml)?;
            for note in doc
                .root_element()
                .children()
                .filter(is("footnote", "endnote"))
            {
                let id = attr(note, "id").unwrap_or_default().to_owned();
                let kind = attr(note, "type").unwrap_or("normal");
                if kind == "normal" {
                    notes.insert((note.tag_name().name() == "endnote", id), plain_text(note));
                }
            }
        }
    }
    let comment_texts: HashMap<String, (String, String, String)> = match &comments {
        Some(xml) => {
            let doc = parse("word/comments.xml", xml)?;
            doc.root_element()
                .children()
                .filter(is("comment", "comment"))
                .map(|c| {
                    (
                        attr(c, "id").unwrap_or_default().to_owned(),
                        (
                            attr(c, "author").unwrap_or_default().to_owned(),
                            attr(c, "date").unwrap_or_default().to_owned(),
                            plain_text(c).trim().to_owned(),
                        ),
                    )
                })
                .collect()
        }
        None => HashMap::new(),
    };

    let doc = parse("word/document.xml", &document)?;
    let body = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name_local("body"))
        .ok_or(DocxError::NotWord)?;
    let uses_outline = has_outlined_paragraph(body, &styles);
    let mut reader = Reader::new(&styles, numbering, &notes, uses_outline);
    reader.block(body, LineHint::Free, 0)?;

    Ok(reader.finish(&comment_texts))
}

/// Unpacks one part, if the package has it.
fn part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, DocxError> {
    let file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::Zip(e.to_string())),
    };
    let mut bytes = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| DocxError::Zip(e.to_string()))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(DocxError::TooLarge {
            part: name.to_owned(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| DocxError::Xml {
        part: name.to_owned(),
        message: format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to()),
    })?;
    Ok(Some(text))
}
