//! Opening any document file: a plandraft `.ron` file, or a text file imported on the fly.

use std::path::{Path, PathBuf};

use super::document::Document;
use super::draft::Draft;
use super::import::{self, ImportError, ImportReport};
use super::review::Decisions;
use super::storage::{self, StorageError};

/// Why a file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A plandraft file that could not be loaded.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A text file that could not be imported.
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// What kind of file a document came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A plandraft `.ron` file.
    Plandraft,
    /// A text file, imported; the report says what was found.
    Text(Box<ImportReport>),
}

/// An opened document.
#[derive(Clone, Debug)]
pub struct Opened {
    /// The document.
    pub document: Document,
    /// Its drafts (none for a text file).
    pub drafts: Vec<Draft>,
    /// Its review decisions (none for a text file).
    pub decisions: Decisions,
    /// Where it came from.
    pub source: Source,
    /// The file.
    pub path: PathBuf,
    /// What the file held (for a plandraft file), so a save can tell if it changed since.
    pub disk: Option<super::shared::DiskState>,
    /// The document's lineage, if the file has one.
    pub lineage: Option<String>,
    /// The opinions collected in a 征求意见 round (none for a text file).
    pub feedback: Vec<super::feedback::Opinion>,
    /// Whether the file opens for commenting only.
    pub is_comment_only: bool,
}

impl Opened {
    /// The working copy (`name` None) or the draft called `name`.
    pub fn version(&self, name: Option<&str>) -> Option<&Document> {
        super::draft::version(&self.document, &self.drafts, name)
    }
}

/// Whether bytes hold a plandraft file rather than plain text: the file names it so
/// (`.ron`), or its text opens with `(` and a `format` field.
pub fn is_plandraft_file(path: &Path, bytes: &[u8]) -> bool {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        return true;
    }
    let head = &bytes[..bytes.len().min(256)];
    let head = String::from_utf8_lossy(head);
    let head = head.trim_start_matches('\u{FEFF}').trim_start();
    head.strip_prefix('(')
        .is_some_and(|rest| rest.trim_start().starts_with("format"))
}

/// Opens a `.ron` plandraft file or imports a text file.
pub fn open(path: &Path) -> Result<Opened, OpenError> {
    let limit = storage::MAX_FILE_BYTES.max(import::MAX_IMPORT_BYTES);
    let bytes = super::read_limited(path, limit).map_err(|e| match e {
        super::ReadLimitError::Io(reason) => OpenError::Storage(StorageError::Io {
            action: "reading",
            path: path.to_owned(),
            reason,
        }),
        super::ReadLimitError::TooLarge(size) => OpenError::Storage(StorageError::TooLarge {
            path: path.to_owned(),
            size,
        }),
    })?;
    if is_plandraft_file(path, &bytes) {
        let plan = storage::from_ron_bytes(&bytes, path)?;
        return Ok(Opened {
            document: plan.document,
            drafts: plan.drafts,
            decisions: plan.decisions,
            source: Source::Plandraft,
            path: path.to_owned(),
            disk: Some(super::shared::DiskState::of(&bytes)),
            lineage: plan.lineage,
            feedback: plan.feedback,
            is_comment_only: plan.is_comment_only,
        });
    }
    if bytes.len() as u64 > import::MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
        }
        .into());
    }
    let imported = import::import_bytes(&bytes, path)?;
    Ok(Opened {
        document: imported.document,
        drafts: Vec::new(),
        decisions: Decisions::default(),
        source: Source::Text(Box::new(imported.report)),
        path: path.to_owned(),
        disk: None,
        // An imported text is a new document.
        lineage: Some(super::identity::new_lineage()),
        feedback: Vec::new(),
        is_comment_only: false,
    })
}
