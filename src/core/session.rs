//! An open document: the document, its undo history, where it is saved, whether it has
//! unsaved changes, its recovery copy, and caches derived from it (numbers, counts) that are
//! recomputed only when it changes.

use std::path::{Path, PathBuf};

use super::count::Counts;
use super::document::Document;
use super::edit::{Change, Edit, EditError};
use super::history::History;
use super::numbering::Numbers;
use super::open::{OpenError, Opened, Source};
use super::storage::{self, StorageError};

/// An open document and its state.
#[derive(Debug)]
pub struct Session {
    document: Document,
    history: History,
    /// The `.ron` file saves go to; None for a new or imported document.
    path: Option<PathBuf>,
    /// The text file the document was imported from, if it was.
    imported_from: Option<PathBuf>,
    /// The history version that matches the file on disk (None: never saved).
    saved_version: Option<u64>,
    /// Counts up on every change, so views can tell when to refresh their caches.
    revision: u64,
    numbers: Numbers,
    counts: Counts,
}

impl Session {
    /// A session on `document`, not yet saved anywhere.
    pub fn new(document: Document) -> Self {
        let numbers = Numbers::of(&document);
        let counts = Counts::of_document(&document);
        Self {
            document,
            history: History::default(),
            path: None,
            imported_from: None,
            saved_version: None,
            revision: 0,
            numbers,
            counts,
        }
    }

    /// A session on a built-in document (the sample): it has no file, and nothing to save
    /// until it is edited.
    pub fn sample(document: Document) -> Self {
        let mut session = Self::new(document);
        session.saved_version = Some(session.history.version());
        session
    }

    /// A session on a file just opened: a `.ron` file is saved as it is; an imported text
    /// file is not saved anywhere yet.
    pub fn from_opened(opened: Opened) -> Self {
        let mut session = Self::new(opened.document);
        match opened.source {
            Source::Plandraft => {
                session.path = Some(opened.path);
                session.saved_version = Some(session.history.version());
            }
            Source::Text(_) => session.imported_from = Some(opened.path),
        }
        session
    }

    /// Opens a `.ron` file or imports a text file.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        super::open::open(path).map(Self::from_opened)
    }

    /// The document.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// Section numbers, derived once per change.
    pub fn numbers(&self) -> &Numbers {
        &self.numbers
    }

    /// Counts of the whole document, derived once per change.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Counts up on every change.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The `.ron` file saves go to.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The text file the document was imported from.
    pub fn imported_from(&self) -> Option<&Path> {
        self.imported_from.as_deref()
    }

    /// A name for the window title: the file name, or None for a new document.
    pub fn display_name(&self) -> Option<String> {
        self.path
            .as_deref()
            .or(self.imported_from.as_deref())
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
    }

    /// Where Save As should suggest saving: beside the imported file, as `.ron`.
    pub fn suggested_path(&self) -> Option<PathBuf> {
        self.path
            .clone()
            .or_else(|| self.imported_from.as_ref().map(|p| p.with_extension("ron")))
    }

    /// Whether the document differs from its file (always true before the first save).
    pub fn is_dirty(&self) -> bool {
        self.saved_version != Some(self.history.version())
    }

    /// Whether the document has never been edited nor saved (a blank new document).
    pub fn is_pristine(&self) -> bool {
        self.path.is_none() && self.imported_from.is_none() && !self.history.can_undo()
    }

    /// Applies an edit as its own undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<Change, EditError> {
        self.apply_grouped(edit, None)
    }

    /// Applies an edit, merging it with the previous step of the same group (typing).
    pub fn apply_grouped(&mut self, edit: Edit, group: Option<u64>) -> Result<Change, EditError> {
        let change = self
            .history
            .apply_grouped(&mut self.document, edit, group)?;
        self.changed(&change);
        Ok(change)
    }

    /// Ends the current typing burst.
    pub fn close_group(&mut self) {
        self.history.close_group();
    }

    /// Undoes the last step.
    pub fn undo(&mut self) -> Option<Result<Change, EditError>> {
        let result = self.history.undo(&mut self.document)?;
        if let Ok(change) = &result {
            self.changed(change);
        }
        Some(result)
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self) -> Option<Result<Change, EditError>> {
        let result = self.history.redo(&mut self.document)?;
        if let Ok(change) = &result {
            self.changed(change);
        }
        Some(result)
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    fn changed(&mut self, change: &Change) {
        self.revision += 1;
        if change.is_structural {
            self.numbers = Numbers::of(&self.document);
        }
        // Counting 60,000 characters takes well under a millisecond; a per-section cache
        // would save little and could go stale.
        self.counts = Counts::of_document(&self.document);
    }

    /// Saves to the session's file. Fails if it has none (use [`Session::save_as`]).
    pub fn save(&mut self) -> Result<(), StorageError> {
        let Some(path) = self.path.clone() else {
            return Err(StorageError::Io {
                action: "saving",
                path: PathBuf::new(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no file name yet"),
            });
        };
        self.save_as(&path)
    }

    /// Saves to `path`, which becomes the session's file; the old recovery copy goes.
    pub fn save_as(&mut self, path: &Path) -> Result<(), StorageError> {
        storage::save(&self.document, path)?;
        let old_recovery = self.recovery_path();
        self.path = Some(path.to_owned());
        self.saved_version = Some(self.history.version());
        if let Some(r) = old_recovery {
            let _ = std::fs::remove_file(r);
        }
        if let Some(r) = self.recovery_path() {
            let _ = std::fs::remove_file(r);
        }
        Ok(())
    }

    /// Where the recovery copy of this session lives (beside its file or imported text).
    pub fn recovery_path(&self) -> Option<PathBuf> {
        self.path
            .as_deref()
            .or(self.imported_from.as_deref())
            .map(storage::recovery_path)
    }

    /// Writes the recovery copy to `path` if there are unsaved changes; removes it otherwise.
    pub fn write_recovery(&self, path: &Path) -> Result<(), StorageError> {
        if self.is_dirty() && !self.is_pristine() {
            storage::save_recovery(&self.document, path)
        } else {
            let _ = std::fs::remove_file(path);
            Ok(())
        }
    }

    /// Replaces the document with a recovered copy, as one undoable, unsaved change.
    pub fn restore(&mut self, recovered: Document) {
        self.document = recovered;
        self.history.clear();
        // The recovered text differs from the file: it must be saved to keep it.
        self.saved_version = None;
        self.revision += 1;
        self.numbers = Numbers::of(&self.document);
        self.counts = Counts::of_document(&self.document);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::{Container, Paragraph};

    fn doc() -> Document {
        let mut d = Document::default();
        d.preamble.push(Paragraph::new("前言。"));
        d
    }

    #[test]
    fn dirty_until_saved_and_after_edits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let mut s = Session::new(doc());
        assert!(s.is_dirty());
        s.save_as(&path).unwrap();
        assert!(!s.is_dirty());
        s.apply(Edit::SetParagraph {
            container: Container::Preamble,
            index: 0,
            text: "改。".into(),
        })
        .unwrap();
        assert!(s.is_dirty());
        s.undo().unwrap().unwrap();
        assert!(!s.is_dirty(), "undo back to the saved state is clean");
        let reopened = Session::open(&path).unwrap();
        assert!(!reopened.is_dirty());
        assert_eq!(reopened.document(), s.document());
    }

    #[test]
    fn recovery_copy_is_written_only_when_dirty_and_removed_on_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.ron");
        let mut s = Session::new(doc());
        s.save_as(&path).unwrap();
        let recovery = s.recovery_path().unwrap();
        s.write_recovery(&recovery).unwrap();
        assert!(!recovery.exists());
        s.apply(Edit::SetTitle {
            lines: vec!["新标题".into()],
        })
        .unwrap();
        s.write_recovery(&recovery).unwrap();
        assert!(recovery.exists());
        assert_eq!(storage::load(&recovery).unwrap(), *s.document());
        s.save().unwrap();
        assert!(!recovery.exists());
    }
}
