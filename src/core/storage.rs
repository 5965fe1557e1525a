//! The versioned RON file: one file holds the whole document. Saving is atomic and keeps the
//! previous file as `NAME.ron.bak`; loading never panics and names the place of any error.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use super::document::{Document, ModelError};
use super::draft::{self, Draft, PackedDraft, Stores};
use super::feedback::Opinion;
use super::identity;
use super::review::{Decisions, Review};
use super::shared::{DiskState, WriteGuard};
use super::write::{self, WriteOptions};

pub use super::write::backup_path;
use error::syntax_error;
pub use error::{ParseProblem, Place, StorageError};

mod error;

/// The format name every plandraft file starts with.
pub const FORMAT_NAME: &str = "plandraft";
/// The newest format version this build reads and writes. Version 1 held the document
/// alone; version 2 adds drafts and the stores they share; version 3 adds the review
/// decisions; version 4 the lineage and merge conflicts; version 5 comments, the collected
/// opinions of a 征求意见 round, and the comment-only flag. A file is written with the lowest version that holds what it holds, so a file
/// without review decisions still opens in plandraft versions that read version 2.
pub const FORMAT_VERSION: u32 = 5;
/// The version of files that hold a lineage or conflicts, and no comments or opinions.
const LINEAGE_VERSION: u32 = 4;
/// The version of files that hold review decisions and no lineage.
const REVIEWS_VERSION: u32 = 3;
/// The version of files that hold no review decisions.
const DRAFTS_VERSION: u32 = 2;
/// The largest file loaded (256 MiB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// What every version of the file has first.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// Version 3: the working copy, its drafts, the stores the drafts share, and the review
/// decisions. Versions 1 (the document alone) and 2 (no decisions) read as version 3 files
/// without what they lack.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV3<D> {
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    reviews: Vec<Review>,
    /// The document's lineage (version 4): copies of one document share it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lineage: Option<String>,
    /// The opinions collected in a 征求意见 round, with their decisions (version 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    feedback: Vec<Opinion>,
    /// Whether the file opens for commenting only (version 5).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    comment_only: bool,
}

/// Everything one plandraft file holds: the working copy and its drafts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanFile {
    /// The working copy.
    pub document: Document,
    /// Named drafts, oldest first.
    pub drafts: Vec<Draft>,
    /// The review decisions, per pair of compared versions.
    pub decisions: Decisions,
    /// The document's lineage, shared by its copies; None in files written before
    /// plandraft kept one.
    pub lineage: Option<String>,
    /// The opinions collected from returned copies, with the decisions taken on them.
    pub feedback: Vec<Opinion>,
    /// Whether the file opens for commenting only (a copy sent out for opinions): the
    /// text cannot be edited until a drafter turns this off.
    pub is_comment_only: bool,
}

impl PlanFile {
    /// A file holding `document` and no drafts.
    pub fn new(document: Document) -> Self {
        Self {
            document,
            ..Self::default()
        }
    }

    /// Checks the working copy and every draft.
    fn validate(&self, path: &Path) -> Result<(), StorageError> {
        let invalid = |problem| StorageError::Invalid {
            path: path.to_owned(),
            problem,
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
    let reviews = plan.decisions.reviews();
    let file = FileV3 {
        format: FORMAT_NAME.to_owned(),
        version: if !plan.document.comments.is_empty()
            || !plan.feedback.is_empty()
            || plan.is_comment_only
        {
            FORMAT_VERSION
        } else if plan.lineage.is_some() || !plan.document.conflicts.is_empty() {
            LINEAGE_VERSION
        } else if !reviews.is_empty() {
            REVIEWS_VERSION
        } else {
            DRAFTS_VERSION
        },
        document: &plan.document,
        drafts,
        section_store: stores.sections,
        text_store: stores.texts,
        reviews,
        lineage: plan.lineage.clone(),
        feedback: plan.feedback.clone(),
        comment_only: plan.is_comment_only,
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

/// What is wrong at a place in a file, in a reader's words rather than the parser's.
/// Refuses two drafts of one name: `--draft NAME` and the app name drafts, so a name must
/// say which draft is meant.
fn check_draft_names(drafts: &[Draft], text: &str, path: &Path) -> Result<(), StorageError> {
    let mut seen = std::collections::BTreeSet::new();
    let Some(name) = drafts
        .iter()
        .map(|d| d.name.as_str())
        .find(|name| !seen.insert(*name))
    else {
        return Ok(());
    };
    // The line of the second record with that name, as the file writes names.
    let needle = format!("name: \"{name}\",");
    let line = text
        .match_indices(&needle)
        .nth(1)
        .map(|(at, _)| 1 + text[..at].matches('\n').count());
    Err(StorageError::DuplicateDraft {
        path: path.to_owned(),
        name: name.to_owned(),
        line,
    })
}

/// Reads a file's content from the text of a plandraft file; `path` is used in messages.
pub fn from_ron_str(text: &str, path: &Path) -> Result<PlanFile, StorageError> {
    // Files of this version, and of version 1 (a subset of it), are read in one pass; the
    // header is looked at on its own only to say why a file could not be read.
    let file: FileV3<Document> = ron::Options::default()
        .from_str(text)
        .map_err(|e| header_error(text, path).unwrap_or_else(|| syntax_error(text, path, e)))?;
    if let Some(e) = version_error(&file.format, file.version, path) {
        return Err(e);
    }
    let stores = Stores {
        sections: file.section_store,
        texts: file.text_store,
    };
    let drafts =
        draft::unpack(&file.drafts, &stores).map_err(|problem| StorageError::BrokenDraft {
            path: path.to_owned(),
            problem,
        })?;
    check_draft_names(&drafts, text, path)?;
    if let Some(lineage) = file.lineage.as_deref().filter(|l| !identity::is_lineage(l)) {
        return Err(StorageError::Invalid {
            path: path.to_owned(),
            problem: ModelError::BadLineage(lineage.to_owned()),
        });
    }
    let mut plan = PlanFile {
        document: file.document,
        drafts,
        decisions: Decisions::from_reviews(file.reviews),
        lineage: file.lineage,
        feedback: file.feedback,
        is_comment_only: file.comment_only,
    };
    // Ids are never reused: the working copy hands out ids above every draft's too.
    let highest = plan.drafts.iter().map(|d| d.document.next_id).max();
    plan.document.next_id = plan.document.next_id.max(highest.unwrap_or(0));
    plan.validate(path)?;
    Ok(plan)
}

/// Why a file of this format name and version cannot be read, if it cannot.
fn version_error(format: &str, version: u32, path: &Path) -> Option<StorageError> {
    if format != FORMAT_NAME {
        return Some(StorageError::NotPlandraft {
            path: path.to_owned(),
            found: format.to_owned(),
        });
    }
    match version {
        1..=FORMAT_VERSION => None,
        v if v > FORMAT_VERSION => Some(StorageError::NewerVersion {
            path: path.to_owned(),
            version: v,
        }),
        v => Some(StorageError::UnknownVersion {
            path: path.to_owned(),
            version: v,
        }),
    }
}

/// The reason a file that did not parse cannot be read, when its header tells it: another
/// format, or a version this build does not read (whose fields it would not know).
fn header_error(text: &str, path: &Path) -> Option<StorageError> {
    let header: Header = ron::Options::default().from_str(text).ok()?;
    version_error(&header.format, header.version, path)
}

/// Reads a file's content from the bytes of a plandraft file.
pub fn from_ron_bytes(bytes: &[u8], path: &Path) -> Result<PlanFile, StorageError> {
    // The fast check first; the standard one only to say where the bad byte is.
    let text = simdutf8::basic::from_utf8(bytes)
        .or_else(|_| std::str::from_utf8(bytes))
        .map_err(|e| StorageError::NotUtf8 {
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
        super::ReadLimitError::Io(reason) => StorageError::Io {
            action: "reading",
            path: path.to_owned(),
            reason,
        },
        super::ReadLimitError::TooLarge(size) => StorageError::TooLarge {
            path: path.to_owned(),
            size,
        },
    })?;
    from_ron_bytes(&bytes, path)
}

/// Saves `plan` to `path` atomically, replacing the file there: the text is written to a
/// temporary file in the same folder, synced, checked to load back, and renamed over the
/// target; the previous file is kept as `NAME.ron.bak`. On any error the target is left as
/// it was.
pub fn save(plan: &PlanFile, path: &Path) -> Result<(), StorageError> {
    save_with(
        plan,
        path,
        &WriteOptions {
            may_replace: true,
            keep_backup: true,
            inputs: &[],
        },
    )
}

/// Saves `plan` to `path` as [`save`] does, under `options` (whether an existing file may
/// be replaced, which files must not be).
pub fn save_with(plan: &PlanFile, path: &Path, options: &WriteOptions) -> Result<(), StorageError> {
    let text = checked_text(plan, path)?;
    let _guard = WriteGuard::try_acquire(path)?;
    write::write_atomically(path, text.as_bytes(), options)?;
    Ok(())
}

/// The file's text, checked to read back as the same plan: a file the loader would reject
/// is never written.
fn checked_text(plan: &PlanFile, path: &Path) -> Result<String, StorageError> {
    let text = to_ron_string(plan, path)?;
    let reread = from_ron_str(&text, path)?;
    if reread != *plan {
        return Err(StorageError::Serialize {
            path: path.to_owned(),
            message: "the written text does not read back as the same document".to_owned(),
        });
    }
    Ok(text)
}

/// Saves `plan` to `path` as one of several writers of a shared file: the file's write
/// lock is held while it is checked and replaced, and when `expected` says what the file
/// held when it was opened (or last saved), a file that holds something else now is not
/// overwritten ([`StorageError::ChangedOnDisk`]). A file that is gone is written. Returns
/// what the file holds now.
pub fn save_shared(
    plan: &PlanFile,
    path: &Path,
    expected: Option<&DiskState>,
) -> Result<DiskState, StorageError> {
    let mut guard = WriteGuard::try_acquire(path)?;
    if let Some(expected) = expected {
        match DiskState::read(path)? {
            Some(now) if now != *expected => {
                return Err(StorageError::ChangedOnDisk {
                    path: path.to_owned(),
                    holder: guard
                        .as_mut()
                        .and_then(WriteGuard::holder)
                        .filter(|h| !h.is_me()),
                });
            }
            _ => {}
        }
    }
    let text = checked_text(plan, path)?;
    write::write_atomically(path, text.as_bytes(), &SAVE_OPTIONS)?;
    Ok(DiskState::of(text.as_bytes()))
}

/// Loads the plandraft file at `path`, changes it with `change`, and saves it, holding the
/// file's write lock throughout, so that writers at the same moment take turns and none
/// loses another's change. Returns what `change` returned.
pub fn update<T>(path: &Path, change: impl FnOnce(&mut PlanFile) -> T) -> Result<T, StorageError> {
    let _guard = WriteGuard::try_acquire(path)?;
    let mut plan = load(path)?;
    let result = change(&mut plan);
    let text = checked_text(&plan, path)?;
    write::write_atomically(path, text.as_bytes(), &SAVE_OPTIONS)?;
    Ok(result)
}

/// As [`update`], for a change that may fail or find nothing to do: the file is saved only
/// when `change` succeeds and changed the plan. Returns what `change` returned.
pub fn try_update<T, E: From<StorageError>>(
    path: &Path,
    change: impl FnOnce(&mut PlanFile) -> Result<T, E>,
) -> Result<T, E> {
    let _guard = WriteGuard::try_acquire(path).map_err(StorageError::from)?;
    let mut plan = load(path)?;
    let before = plan.clone();
    let result = change(&mut plan)?;
    if plan != before {
        let text = checked_text(&plan, path)?;
        write::write_atomically(path, text.as_bytes(), &SAVE_OPTIONS)
            .map_err(StorageError::from)?;
    }
    Ok(result)
}

/// How a save replaces the document: the old file kept as `NAME.bak`.
const SAVE_OPTIONS: WriteOptions<'static> = WriteOptions {
    may_replace: true,
    keep_backup: true,
    inputs: &[],
};

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
    let options = WriteOptions {
        may_replace: true,
        keep_backup: false,
        inputs: &[],
    };
    write::write_atomically(recovery, text.as_bytes(), &options)?;
    Ok(())
}

#[cfg(test)]
mod tests;
