//! The versioned RON file: one file holds the whole document. Saving is atomic and keeps the
//! previous file as `NAME.ron.bak`; loading never panics and names the place of any error.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::document::{Document, ModelError};
use super::draft::{self, Draft, MissingKey, PackedDraft, Stores};

/// The format name every plandraft file starts with.
pub const FORMAT_NAME: &str = "plandraft";
/// The format version this build writes, and the newest it reads. Version 1 held the
/// document alone; version 2 adds drafts and the stores they share.
pub const FORMAT_VERSION: u32 = 2;
/// The largest file loaded (256 MiB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a file could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The system refused to read or write.
    #[error("{action} failed: {source}: {}", path.display())]
    Io {
        /// What was being done ("reading", "writing the temporary file", …).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
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
    #[error("line {line}, column {column}: {message}: {}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What the parser expected or found.
        message: String,
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
    #[error("{source}: {}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The rule broken.
        source: ModelError,
    },
    /// A draft refers to text the file does not hold.
    #[error("{source}: {}", path.display())]
    BrokenDraft {
        /// The file.
        path: PathBuf,
        /// What is missing.
        source: MissingKey,
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

/// What every version of the file has first.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// Version 1: the document alone.
#[derive(Deserialize)]
struct FileV1 {
    document: Document,
}

/// Version 2: the working copy, its drafts, and the stores the drafts share.
#[derive(Serialize, Deserialize)]
struct FileV2<D> {
    format: String,
    version: u32,
    /// The working copy, written out in full so it reads (and diffs) as plain text.
    document: D,
    #[serde(default)]
    drafts: Vec<PackedDraft>,
    #[serde(default)]
    section_store: std::collections::BTreeMap<String, draft::SectionBody>,
    #[serde(default)]
    text_store: std::collections::BTreeMap<String, String>,
}

/// Everything one plandraft file holds: the working copy and its drafts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanFile {
    /// The working copy.
    pub document: Document,
    /// Named drafts, oldest first.
    pub drafts: Vec<Draft>,
}

impl PlanFile {
    /// A file holding `document` and no drafts.
    pub fn new(document: Document) -> Self {
        Self {
            document,
            drafts: Vec::new(),
        }
    }

    /// Checks the working copy and every draft.
    fn validate(&self, path: &Path) -> Result<(), StorageError> {
        let invalid = |source| StorageError::Invalid {
            path: path.to_owned(),
            source,
        };
        self.document.validate().map_err(invalid)?;
        for d in &self.drafts {
            d.document.validate().map_err(invalid)?;
        }
        Ok(())
    }
}

/// The pretty-printing every save uses: one field per line, strings written raw so Chinese
/// text, U+3000 and newlines stay readable in diffs.
fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .escape_strings(false)
        .struct_names(false)
        .indentor("    ".to_owned())
        .new_line("\n".to_owned())
}

/// A file's content as the text of a plandraft file.
pub fn to_ron_string(plan: &PlanFile, path: &Path) -> Result<String, StorageError> {
    plan.validate(path)?;
    let mut stores = Stores::default();
    let drafts = draft::pack(&plan.drafts, &mut stores);
    let file = FileV2 {
        format: FORMAT_NAME.to_owned(),
        version: FORMAT_VERSION,
        document: &plan.document,
        drafts,
        section_store: stores.sections,
        text_store: stores.texts,
    };
    let mut text = ron::Options::default()
        .to_string_pretty(&file, pretty())
        .map_err(|e| StorageError::Serialize {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
    text.push('\n');
    Ok(text)
}

fn syntax_error(path: &Path, e: ron::error::SpannedError) -> StorageError {
    StorageError::Syntax {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    }
}

/// Reads a file's content from the text of a plandraft file; `path` is used in messages.
pub fn from_ron_str(text: &str, path: &Path) -> Result<PlanFile, StorageError> {
    let options = ron::Options::default();
    let header: Header = options.from_str(text).map_err(|e| syntax_error(path, e))?;
    if header.format != FORMAT_NAME {
        return Err(StorageError::NotPlandraft {
            path: path.to_owned(),
            found: header.format,
        });
    }
    let mut plan = match header.version {
        v if v > FORMAT_VERSION => {
            return Err(StorageError::NewerVersion {
                path: path.to_owned(),
                version: v,
            });
        }
        // Version 1 had no drafts: it migrates to a file with none.
        1 => {
            let file: FileV1 = options.from_str(text).map_err(|e| syntax_error(path, e))?;
            PlanFile::new(file.document)
        }
        2 => {
            let file: FileV2<Document> =
                options.from_str(text).map_err(|e| syntax_error(path, e))?;
            let stores = Stores {
                sections: file.section_store,
                texts: file.text_store,
            };
            let drafts = draft::unpack(&file.drafts, &stores).map_err(|source| {
                StorageError::BrokenDraft {
                    path: path.to_owned(),
                    source,
                }
            })?;
            PlanFile {
                document: file.document,
                drafts,
            }
        }
        v => {
            return Err(StorageError::UnknownVersion {
                path: path.to_owned(),
                version: v,
            });
        }
    };
    // Ids are never reused: the working copy hands out ids above every draft's too.
    let highest = plan.drafts.iter().map(|d| d.document.next_id).max();
    plan.document.next_id = plan.document.next_id.max(highest.unwrap_or(0));
    plan.validate(path)?;
    Ok(plan)
}

/// Reads a file's content from the bytes of a plandraft file.
pub fn from_ron_bytes(bytes: &[u8], path: &Path) -> Result<PlanFile, StorageError> {
    let text = std::str::from_utf8(bytes).map_err(|e| StorageError::NotUtf8 {
        path: path.to_owned(),
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
    })?;
    from_ron_str(text.strip_prefix('\u{FEFF}').unwrap_or(text), path)
}

/// Loads a plandraft file.
pub fn load(path: &Path) -> Result<PlanFile, StorageError> {
    let bytes = super::read_limited(path, MAX_FILE_BYTES).map_err(|e| match e {
        super::ReadLimitError::Io(source) => StorageError::Io {
            action: "reading",
            path: path.to_owned(),
            source,
        },
        super::ReadLimitError::TooLarge(size) => StorageError::TooLarge {
            path: path.to_owned(),
            size,
        },
    })?;
    from_ron_bytes(&bytes, path)
}

/// The backup kept beside `path`: `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Saves `doc` to `path` atomically: the text is written to a temporary file in the same
/// folder, synced, checked to load back, and renamed over the target; the previous file is
/// kept as `NAME.ron.bak`. On any error the target is left as it was.
pub fn save(plan: &PlanFile, path: &Path) -> Result<(), StorageError> {
    let text = to_ron_string(plan, path)?;
    // Never write a file the loader would reject.
    let reread = from_ron_str(&text, path)?;
    if reread != *plan {
        return Err(StorageError::Serialize {
            path: path.to_owned(),
            message: "the written text does not read back as the same document".to_owned(),
        });
    }
    write_atomically(path, text.as_bytes(), true)
}

/// The recovery copy kept beside `path` while it has unsaved changes: `.NAME.recovery`.
pub fn recovery_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".recovery");
    path.with_file_name(name)
}

/// Writes a recovery copy to `recovery` (atomically, without a backup).
pub fn save_recovery(plan: &PlanFile, recovery: &Path) -> Result<(), StorageError> {
    let text = to_ron_string(plan, recovery)?;
    write_atomically(recovery, text.as_bytes(), false)
}

/// Writes `bytes` to `path` through a synced temporary file and a rename; with
/// `keep_backup`, the previous file is kept as `NAME.bak`.
pub fn write_atomically(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), StorageError> {
    let io = |action: &'static str, path: &Path| {
        let path = path.to_owned();
        move |source| StorageError::Io {
            action,
            path,
            source,
        }
    };
    // Write through a symbolic link to the file it names, not over the link.
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io("creating a temporary file", &dir))?;
    tmp.write_all(bytes)
        .map_err(io("writing the temporary file", tmp.path()))?;
    tmp.as_file()
        .sync_all()
        .map_err(io("syncing the temporary file", tmp.path()))?;
    let existing = std::fs::metadata(&target).ok();
    match &existing {
        Some(meta) => {
            // Keep the file's permissions, which matter in shared folders.
            std::fs::set_permissions(tmp.path(), meta.permissions())
                .map_err(io("setting permissions", tmp.path()))?;
            if keep_backup {
                // Keep the old file until the new one is on disk.
                let bak = backup_path(&target);
                let _ = std::fs::remove_file(&bak);
                if std::fs::hard_link(&target, &bak).is_err() {
                    std::fs::copy(&target, &bak).map_err(io("keeping the backup", &bak))?;
                }
            }
        }
        None => {
            set_default_permissions(tmp.path()).map_err(io("setting permissions", tmp.path()))?
        }
    }
    tmp.persist(&target).map_err(|e| StorageError::Io {
        action: "replacing the file",
        path: target.clone(),
        source: e.error,
    })?;
    sync_dir(&dir);
    Ok(())
}

#[cfg(unix)]
fn set_default_permissions(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_permissions(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Makes the rename durable. Folders cannot be opened for syncing on every system; a
/// failure here leaves a complete file either way, so it is ignored.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests;
