//! The GUI-free core: document model, numbering, edits, counts, import, storage and export.
//! The command line, the desktop app and the tests all drive it.

pub mod comment;
pub mod count;
pub mod diff;
pub mod document;
pub mod draft;
pub mod edit;
pub mod export;
pub mod feedback;
pub mod history;
pub mod identity;
pub mod import;
pub mod merge;
pub mod numbering;
pub mod open;
pub mod review;
pub mod search;
pub mod session;
pub mod shared;
pub mod storage;
pub mod write;

use std::io::Read;
use std::path::Path;

/// Why a size-limited read failed.
#[derive(Debug)]
pub(crate) enum ReadLimitError {
    /// The system refused.
    Io(std::io::Error),
    /// The file holds more than the limit (its size in bytes).
    TooLarge(u64),
}

/// Reads a whole file, refusing files larger than `limit` bytes without reading them.
pub(crate) fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadLimitError> {
    let file = std::fs::File::open(path).map_err(ReadLimitError::Io)?;
    let size = file.metadata().map_err(ReadLimitError::Io)?.len();
    if size > limit {
        return Err(ReadLimitError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // Read one byte past the limit so a file that grows meanwhile is still caught.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadLimitError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadLimitError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What unit tests across the core share.
#[cfg(test)]
pub(crate) mod test_support {
    /// The bundled sample, imported.
    pub fn sample() -> super::document::Document {
        super::import::import_text(include_str!("../../samples/lvyuan-15th-fyp-outline.txt"))
            .document
    }
}
