//! Why a plandraft file could not be loaded or saved, in a reader's words: the file and the
//! place (line and column), and what is wrong there rather than what the parser expected.

use std::path::{Path, PathBuf};

use super::{FORMAT_VERSION, MAX_FILE_BYTES};
use crate::core::document::ModelError;
use crate::core::draft::MissingKey;
use crate::core::shared::{Holder, SharedError};
use crate::core::write::WriteError;

/// Why a file could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The system refused to read the file.
    #[error("{action} failed ({reason}): {}", path.display())]
    Io {
        /// What was being done ("reading", …).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// What the system said.
        reason: std::io::Error,
    },
    /// The file could not be written; the file on disk is as it was.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// Someone else saved the file since it was opened (or last saved here); it was not
    /// overwritten.
    #[error("the file was changed by {} since it was opened here; it was not overwritten: {}", holder.as_ref().map_or_else(|| "someone else".to_owned(), |h| format!("{} ({})", h.user, h.host)), path.display())]
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
        /// Who has it open now, if the lock file says.
        holder: Option<Holder>,
    },
    /// The file's lock could not be taken.
    #[error(transparent)]
    Shared(#[from] SharedError),
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("the file is too large ({size} bytes; at most {MAX_FILE_BYTES}): {}", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
    },
    /// The file is not UTF-8 text.
    #[error("line {line}: the file is not UTF-8 text (is it a plandraft file?): {}", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Line of the first bad byte.
        line: usize,
    },
    /// The file is not valid RON, or does not have the expected fields.
    #[error("line {line}, column {column}: {problem}: {}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong there.
        problem: ParseProblem,
    },
    /// The file is RON, but not a plandraft document.
    #[error("not a plandraft document (format is \"{found}\"): {}", path.display())]
    NotPlandraft {
        /// The file.
        path: PathBuf,
        /// The format name found.
        found: String,
    },
    /// The file was written by a newer plandraft.
    #[error("the file was saved by a newer plandraft (format version {version}; this version reads up to {FORMAT_VERSION}); please update plandraft: {}", path.display())]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// The version found.
        version: u32,
    },
    /// The file's version number is not one plandraft ever wrote.
    #[error("unknown format version {version}: {}", path.display())]
    UnknownVersion {
        /// The file.
        path: PathBuf,
        /// The version found.
        version: u32,
    },
    /// The document breaks a model rule (duplicate ids, too deep).
    #[error("{problem}: {}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The rule broken.
        problem: ModelError,
    },
    /// A draft refers to text the file does not hold.
    #[error("{problem}: {}", path.display())]
    BrokenDraft {
        /// The file.
        path: PathBuf,
        /// What is missing.
        problem: MissingKey,
    },
    /// Two drafts have one name, so a name would not say which is meant.
    #[error("{}two drafts are named “{name}”; rename one in the file: {}", line.map(|l| format!("line {l}: ")).unwrap_or_default(), path.display())]
    DuplicateDraft {
        /// The file.
        path: PathBuf,
        /// The name.
        name: String,
        /// The line of the second draft, when it can be found.
        line: Option<usize>,
    },
    /// The document could not be written as RON.
    #[error("cannot write the document: {message}: {}", path.display())]
    Serialize {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// The error of a file that did not parse, at the parser's place; a file that stops there
/// was cut short.
pub(super) fn syntax_error(text: &str, path: &Path, e: ron::error::SpannedError) -> StorageError {
    // Whatever the parser expected next, a file that stops where it did was cut short.
    let content = text.trim_end();
    let last_line = 1 + content.matches('\n').count();
    // The column of the file's last character (the parser may stop on it or past it).
    let last_column = content
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count();
    let is_at_end = (e.span.start.line, e.span.start.col) >= (last_line, last_column);
    StorageError::Syntax {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        problem: if is_at_end {
            ParseProblem::CutShort
        } else {
            ParseProblem::of(&e.code)
        },
    }
}

/// What is wrong at a place in a file, in a reader's words rather than the parser's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseProblem {
    /// Nested deeper than any document (a hand-made or damaged file).
    TooDeep,
    /// The file stops in the middle.
    CutShort,
    /// A field this version does not know: refused rather than dropped at the next save.
    UnknownField {
        /// The field.
        field: String,
        /// Where: "the file", "a section", …
        place: Place,
        /// The fields plandraft reads there.
        known: Vec<&'static str>,
    },
    /// A field the record needs is not there.
    MissingField {
        /// The field.
        field: &'static str,
        /// Where.
        place: Place,
    },
    /// A field appears twice.
    DuplicateField {
        /// The field.
        field: &'static str,
        /// Where.
        place: Place,
    },
    /// Text after the end of the document.
    TrailingText,
    /// Not the record plandraft expects: another kind of file, or a damaged one.
    Unexpected {
        /// What was expected.
        expected: Place,
        /// What was found.
        found: String,
    },
    /// Anything else, in the parser's words.
    Other(String),
}

/// A record of a plandraft file: the file itself, or a part named by its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The whole file.
    File,
    /// A record of this type (document, section, …), in lower case.
    Record(String),
}

impl Place {
    fn of(name: Option<&str>) -> Self {
        match name {
            None | Some("Header" | "FileV3") => Place::File,
            Some(name) => Place::Record(name.to_lowercase()),
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::File => f.write_str("the file"),
            Place::Record(name) => write!(f, "a {name}"),
        }
    }
}

impl std::fmt::Display for ParseProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseProblem::TooDeep => {
                f.write_str("the file nests deeper than any plandraft document")
            }
            ParseProblem::CutShort => f.write_str("the file ends too early (was it cut short?)"),
            ParseProblem::UnknownField {
                field,
                place,
                known,
            } => write!(
                f,
                "unknown field `{field}` in {place} (a newer plandraft or a hand edit added it; plandraft reads {}, and refuses the file rather than drop the field at the next save)",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ParseProblem::MissingField { field, place } => {
                write!(f, "the field `{field}` is missing from {place}")
            }
            ParseProblem::DuplicateField { field, place } => {
                write!(f, "the field `{field}` appears twice in {place}")
            }
            ParseProblem::TrailingText => {
                f.write_str("unexpected text after the end of the document")
            }
            ParseProblem::Unexpected {
                expected: Place::File,
                found,
            } => write!(
                f,
                "expected a plandraft file, which opens with `(format: \"plandraft\"`, but found `{found}`"
            ),
            ParseProblem::Unexpected { expected, found } => {
                write!(f, "expected {expected} but found `{found}`")
            }
            ParseProblem::Other(text) => f.write_str(text),
        }
    }
}

impl ParseProblem {
    /// The problem a parser error reports.
    fn of(code: &ron::Error) -> Self {
        match code {
            ron::Error::ExceededRecursionLimit => ParseProblem::TooDeep,
            ron::Error::Eof => ParseProblem::CutShort,
            ron::Error::NoSuchStructField {
                expected,
                found,
                outer,
            } => ParseProblem::UnknownField {
                field: found.clone(),
                place: Place::of(outer.as_deref()),
                known: expected.to_vec(),
            },
            ron::Error::MissingStructField { field, outer } => ParseProblem::MissingField {
                field,
                place: Place::of(outer.as_deref()),
            },
            ron::Error::DuplicateStructField { field, outer } => ParseProblem::DuplicateField {
                field,
                place: Place::of(outer.as_deref()),
            },
            ron::Error::TrailingCharacters => ParseProblem::TrailingText,
            ron::Error::ExpectedDifferentStructName { expected, found } => {
                ParseProblem::Unexpected {
                    expected: Place::of(Some(expected)),
                    found: found.clone(),
                }
            }
            other => {
                // ron's own words, with a lower-case start to follow "line 3, column 5: ".
                let text = other.to_string();
                let mut chars = text.chars();
                ParseProblem::Other(match chars.next() {
                    Some(first) => first.to_lowercase().chain(chars).collect(),
                    None => text,
                })
            }
        }
    }
}
