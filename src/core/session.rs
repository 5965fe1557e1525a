//! An open document: the document, its undo history, where it is saved, whether it has
//! unsaved changes, its recovery copy, and caches derived from it (numbers, counts) that are
//! recomputed only when it changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::count::Counts;
use super::document::{Container, Document, Section, SectionId};
use super::draft::Draft;
use super::edit::{Change, Edit, EditError};
use super::history::History;
use super::identity;
use super::numbering::Numbers;
use super::open::{OpenError, Opened, Source};
use super::review::{ChangeKey, Decisions, Side};
use super::shared::DiskState;
use super::storage::PlanFile;

pub use files::{MergeFailure, RecoveryCopy};

/// An open document and its state.
#[derive(Debug)]
pub struct Session {
    document: Document,
    /// Named drafts of the document, oldest first.
    drafts: Vec<Draft>,
    /// The drafts changed since the last save.
    are_drafts_changed: bool,
    /// Counts up whenever the drafts change.
    drafts_revision: u64,
    /// The review decisions, saved with the file.
    decisions: Decisions,
    /// The decisions, the collected opinions or the comment-only flag changed since the
    /// last save.
    are_decisions_changed: bool,
    /// The opinions collected in a 征求意见 round, with their decisions.
    feedback: Vec<super::feedback::Opinion>,
    /// Whether the file opens for commenting only.
    is_comment_only: bool,
    history: History,
    /// The `.ron` file saves go to; None for a new or imported document.
    path: Option<PathBuf>,
    /// What that file held when it was opened or last saved here: a save that finds
    /// something else there does not overwrite it.
    disk: Option<DiskState>,
    /// What that file held, read back: the base when someone else's save is merged in.
    read: Option<std::sync::Arc<PlanFile>>,
    /// The document's lineage, shared by its copies (None for a file written before
    /// plandraft kept one).
    lineage: Option<String>,
    /// Whether the next section id was moved on at random for this session (so that ids
    /// this copy hands out are not also handed out by another copy).
    has_own_ids: bool,
    /// The text file the document was imported from, if it was.
    imported_from: Option<PathBuf>,
    /// The history version that matches the file on disk (None: never saved).
    saved_version: Option<u64>,
    /// Changes on every change, so views can tell when to refresh their caches.
    revision: u64,
    /// The document came from a recovery copy and has not been saved since.
    is_recovered: bool,
    numbers: Numbers,
    counts: Counts,
    /// Each section's own counts (heading and paragraphs, not children).
    own_counts: BTreeMap<SectionId, Counts>,
    /// Counts of the title block, stage line and preamble.
    front_counts: Counts,
}

/// The next revision number: unique in this run, so that no two states of any sessions
/// share one.
fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Session {
    /// A session on `document`, not yet saved anywhere.
    pub fn new(document: Document) -> Self {
        let numbers = Numbers::of(&document);
        let counts = Counts::default();
        let mut session = Self {
            document,
            drafts: Vec::new(),
            are_drafts_changed: false,
            drafts_revision: next_revision(),
            decisions: Decisions::default(),
            are_decisions_changed: false,
            feedback: Vec::new(),
            is_comment_only: false,
            history: History::default(),
            path: None,
            disk: None,
            read: None,
            lineage: Some(identity::new_lineage()),
            has_own_ids: false,
            imported_from: None,
            saved_version: None,
            revision: next_revision(),
            is_recovered: false,
            numbers,
            counts,
            own_counts: BTreeMap::new(),
            front_counts: Counts::default(),
        };
        session.recount_all();
        session
    }

    fn recount_all(&mut self) {
        let mut own = BTreeMap::new();
        self.document.walk(|s, _| {
            own.insert(s.id, Counts::of_section(s, false));
        });
        self.own_counts = own;
        self.front_counts = Counts::of_front(&self.document);
        self.sum_counts();
    }

    fn sum_counts(&mut self) {
        let mut total = self.front_counts;
        for c in self.own_counts.values() {
            total += *c;
        }
        self.counts = total;
    }

    /// Counts of a section with its subsections, from the cached per-section counts.
    pub fn subtree_counts(&self, section: &Section) -> Counts {
        let mut total = self
            .own_counts
            .get(&section.id)
            .copied()
            .unwrap_or_default();
        for child in &section.children {
            total += self.subtree_counts(child);
        }
        total
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
        session.drafts = opened.drafts;
        session.decisions = opened.decisions;
        session.lineage = opened.lineage;
        session.feedback = opened.feedback;
        session.is_comment_only = opened.is_comment_only;
        match opened.source {
            Source::Plandraft => {
                session.read = Some(std::sync::Arc::new(session.plan_file()));
                session.path = Some(opened.path);
                session.disk = opened.disk;
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

    /// A number that changes on every change of the document and is never given to another
    /// state of this or any other session in this run, so views may key their caches on it
    /// alone, even across opening another file.
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
            || self.are_drafts_changed
            || self.are_decisions_changed
    }

    /// Changes whenever a draft is recorded, renamed or deleted; unique in this run, as
    /// [`Session::revision`] is.
    pub fn drafts_revision(&self) -> u64 {
        self.drafts_revision
    }

    /// The drafts, oldest first.
    pub fn drafts(&self) -> &[Draft] {
        &self.drafts
    }

    /// The working copy (`name` None) or the draft called `name`.
    pub fn version_document(&self, name: Option<&str>) -> Option<&Document> {
        super::draft::version(&self.document, &self.drafts, name)
    }

    /// The draft called `name`.
    pub fn draft(&self, name: &str) -> Option<&Draft> {
        self.drafts.iter().find(|d| d.name == name)
    }

    /// Records the working copy as a draft. A draft of the same name is replaced.
    pub fn record_draft(&mut self, draft: Draft) {
        super::draft::record_into(&mut self.drafts, draft);
        self.are_drafts_changed = true;
        self.drafts_revision = next_revision();
    }

    /// Renames a draft (its review decisions follow it); false if there is none of that
    /// name or the new name is taken.
    pub fn rename_draft(&mut self, name: &str, new_name: &str) -> bool {
        if self.draft(new_name).is_some() {
            return false;
        }
        match self.drafts.iter_mut().find(|d| d.name == name) {
            Some(d) => {
                d.name = new_name.to_owned();
                self.decisions.rename_draft(name, new_name);
                self.are_drafts_changed = true;
                self.drafts_revision = next_revision();
                true
            }
            None => false,
        }
    }

    /// The review decisions.
    pub fn decisions(&self) -> &Decisions {
        &self.decisions
    }

    /// Accepts a change of the comparison of `from` with `to`, to be saved with the file.
    pub fn accept_change(&mut self, from: &Side, to: &Side, key: ChangeKey) {
        if self.decisions.accept(from, to, key) {
            self.are_decisions_changed = true;
            self.drafts_revision = next_revision();
        }
    }

    /// Makes the draft called `name` the working copy, as one undoable step.
    pub fn restore_draft(&mut self, name: &str) -> Option<Result<Change, EditError>> {
        let mut document = (*self.draft(name)?.document).clone();
        // Drafts record the text alone: the comments stay, anchored anew by their quotes.
        document.comments = self.document().comments.clone();
        Some(self.apply(Edit::ReplaceDocument {
            document: Box::new(document),
        }))
    }

    /// Deletes a draft and its review decisions; false if there is none of that name.
    pub fn delete_draft(&mut self, name: &str) -> bool {
        let before = self.drafts.len();
        self.drafts.retain(|d| d.name != name);
        self.decisions.delete_draft(name);
        self.are_drafts_changed |= self.drafts.len() != before;
        self.drafts_revision = next_revision();
        self.drafts.len() != before
    }

    /// The file's content: working copy and drafts.
    pub fn plan_file(&self) -> PlanFile {
        PlanFile {
            document: self.document.clone(),
            drafts: self.drafts.clone(),
            decisions: self.decisions.clone(),
            lineage: self.lineage.clone(),
            feedback: self.feedback.clone(),
            is_comment_only: self.is_comment_only,
        }
    }

    /// Whether the document has never been edited nor saved (a blank new document).
    pub fn is_pristine(&self) -> bool {
        self.path.is_none()
            && self.imported_from.is_none()
            && !self.history.can_undo()
            && !self.is_recovered
            && !self.are_drafts_changed
            && !self.are_decisions_changed
    }

    /// The document's lineage: copies of one document share it.
    pub fn lineage(&self) -> Option<&str> {
        self.lineage.as_deref()
    }

    /// The history version: equal versions mean the same document.
    pub fn version(&self) -> u64 {
        self.history.version()
    }

    /// Applies an edit as its own undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<Change, EditError> {
        self.apply_grouped(edit, None)
    }

    /// Applies an edit, merging it with the previous step of the same group (typing).
    pub fn apply_grouped(&mut self, edit: Edit, group: Option<u64>) -> Result<Change, EditError> {
        if !self.has_own_ids && edit.adds_sections() {
            // Sections this copy adds get ids no other copy hands out.
            self.document.next_id = identity::jump_ids(self.document.next_id);
            self.has_own_ids = true;
        }
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
        self.revision = next_revision();
        if change.is_structural {
            self.numbers = Numbers::of(&self.document);
            self.recount_all();
            return;
        }
        // Typing recounts only the texts that changed.
        for container in &change.texts {
            match container {
                Container::Preamble => self.front_counts = Counts::of_front(&self.document),
                Container::Section(id) => {
                    if let Some(s) = self.document.section(*id) {
                        self.own_counts.insert(*id, Counts::of_section(s, false));
                    }
                }
            }
        }
        if change.is_front_matter {
            self.front_counts = Counts::of_front(&self.document);
        }
        self.sum_counts();
    }
}

mod feedback;
mod files;

#[cfg(test)]
mod tests;
