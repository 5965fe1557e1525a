//! The review: two versions of the document (the working copy, a draft or another file)
//! compared section by section, the change shown, and accepting or rejecting it. Decisions
//! on this file's versions are kept in the file (`core::review`); on another file's, for
//! this run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::command::{Selection, Version, View};
use super::i18n::{self, Key, tr_args};
use super::workspace::{Effect, Workspace};
use crate::core::diff::{self, ChangeKind, DocumentDiff, ParagraphChange, SectionChange, report};
use crate::core::document::{Document, SectionId};
use crate::core::review::{self, ChangeKey, Side};

/// A number for each comparison and each choice of how to show it, unique in this run, so
/// the pane's layout is made again exactly when it changes.
fn next_generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The review's choices and its comparison.
pub struct Review {
    /// The old side.
    pub from: Version,
    /// The new side.
    pub to: Version,
    /// Show only sections that changed.
    pub is_hiding_unchanged: bool,
    /// Old and new text in two columns instead of inline marks.
    pub is_side_by_side: bool,
    /// The change shown, as an index into the changed sections.
    pub current: Option<usize>,
    /// The paragraph picked for accept or reject: (section index, paragraph index).
    pub focused_paragraph: Option<(usize, usize)>,
    /// Kind of change of each section of the new side, for the outline.
    pub kinds: BTreeMap<SectionId, ChangeKind>,
    diff: Option<Arc<DocumentDiff<'static>>>,
    /// (document revision, drafts revision, from, to) the comparison was made for.
    built_for: Option<(u64, u64, Version, Version)>,
    generation: u64,
    /// Changes accepted in comparisons with another file, which the file cannot keep.
    file_accepted: BTreeMap<(Version, Version), BTreeSet<ChangeKey>>,
    /// Other files opened for comparison.
    files: BTreeMap<PathBuf, Arc<Document>>,
    /// Those of them that are copies of the open document (its lineage): compared by id.
    copies: BTreeSet<PathBuf>,
    /// The working copy as it was before the last merge of another copy.
    pub(super) before_merge: Option<Arc<Document>>,
    /// The merge conflict shown, as an index into the document's conflicts.
    pub conflict: Option<usize>,
}

impl Default for Review {
    fn default() -> Self {
        Self {
            from: Version::WorkingCopy,
            to: Version::WorkingCopy,
            is_hiding_unchanged: true,
            is_side_by_side: false,
            current: None,
            focused_paragraph: None,
            kinds: BTreeMap::new(),
            diff: None,
            built_for: None,
            generation: next_generation(),
            file_accepted: BTreeMap::new(),
            files: BTreeMap::new(),
            copies: BTreeSet::new(),
            before_merge: None,
            conflict: None,
        }
    }
}

impl Review {
    /// The comparison as last made, accepted changes settled.
    pub fn diff(&self) -> Option<&Arc<DocumentDiff<'static>>> {
        self.diff.as_ref()
    }

    /// Changes with every new comparison and every change of how it is shown.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How many sections changed.
    pub fn change_count(&self) -> usize {
        self.diff
            .as_ref()
            .map_or(0, |d| d.changed_sections().count())
    }

    pub(super) fn set_options(&mut self, is_hiding_unchanged: bool, is_side_by_side: bool) {
        self.is_hiding_unchanged = is_hiding_unchanged;
        self.is_side_by_side = is_side_by_side;
        self.generation = next_generation();
    }

    /// Whether the change shown can be accepted or rejected: the new side is the working
    /// copy, and the old side is this file's.
    pub fn can_decide(&self) -> bool {
        self.current.is_some()
            && self.to == Version::WorkingCopy
            && !matches!(self.from, Version::File(_))
    }
}

impl Version {
    /// The side a saved review names, for the working copy and drafts (another file's
    /// comparisons are not kept in this file).
    fn side(&self) -> Option<Side> {
        match self {
            Version::WorkingCopy => Some(Side::WorkingCopy),
            Version::Draft(name) => Some(Side::Draft(name.clone())),
            Version::File(_) | Version::BeforeMerge => None,
        }
    }
}

impl Workspace {
    /// The document a version names: the working copy, a draft, or another file opened for
    /// comparison.
    pub fn version_document(&self, version: &Version) -> Option<&Document> {
        match version {
            Version::WorkingCopy => self.session.version_document(None),
            Version::Draft(name) => self.session.version_document(Some(name)),
            Version::File(path) => self.review.files.get(path).map(|d| &**d),
            Version::BeforeMerge => self.review.before_merge.as_deref(),
        }
    }

    /// How the review names a version.
    pub fn version_name(&self, version: &Version) -> String {
        match version {
            Version::WorkingCopy => self.t(Key::WorkingCopy).to_owned(),
            Version::Draft(name) => name.clone(),
            Version::BeforeMerge => self.t(Key::BeforeMerge).to_owned(),
            Version::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        }
    }

    /// The versions a review can compare: the working copy, then the drafts newest first.
    pub fn versions(&self) -> Vec<Version> {
        let mut names = vec![Version::WorkingCopy];
        if self.review.before_merge.is_some() {
            names.push(Version::BeforeMerge);
        }
        names.extend(
            self.session
                .drafts()
                .iter()
                .rev()
                .map(|d| Version::Draft(d.name.clone())),
        );
        names
    }

    /// Opens another file to compare with, on the old (`is_old_side`) or the new side.
    pub(super) fn compare_with_file(&mut self, path: &Path, is_old_side: bool) {
        match crate::core::open::open(path) {
            Ok(opened) => {
                let is_copy =
                    opened.lineage.is_some() && opened.lineage.as_deref() == self.session.lineage();
                if is_copy {
                    self.review.copies.insert(path.to_owned());
                } else {
                    self.review.copies.remove(path);
                }
                self.review
                    .files
                    .insert(path.to_owned(), Arc::new(opened.document));
                let version = Version::File(path.to_owned());
                let (from, to) = if is_old_side {
                    (version, self.review.to.clone())
                } else {
                    (self.review.from.clone(), version)
                };
                self.compare(from, to);
            }
            Err(e) => {
                let detail = i18n::open_error(self.lang(), &e);
                let text = tr_args(self.lang(), Key::OpenFailed, &[&detail]);
                self.notify(text, true);
            }
        }
    }

    /// The changes accepted comparing `from` with `to`: kept in the file for its own
    /// versions, for this run for another file's.
    fn accepted(&self, from: &Version, to: &Version) -> Option<&BTreeSet<ChangeKey>> {
        match (from.side(), to.side()) {
            (Some(a), Some(b)) => self.session.decisions().accepted(&a, &b),
            _ => self.review.file_accepted.get(&(from.clone(), to.clone())),
        }
    }

    /// Compares again if the document, the drafts or the choice of sides changed.
    pub(super) fn refresh_review(&mut self) {
        let review = &self.review;
        let key = (
            self.session.revision(),
            self.session.drafts_revision(),
            review.from.clone(),
            review.to.clone(),
        );
        if review.built_for.as_ref() == Some(&key) {
            return;
        }
        let (from, to) = (review.from.clone(), review.to.clone());
        let result = match (self.version_document(&from), self.version_document(&to)) {
            (Some(a), Some(b)) => {
                // Versions of this file, and copies of this document, share section ids;
                // another document's do not.
                let is_own = |v: &Version| match v {
                    Version::File(path) => self.review.copies.contains(path),
                    _ => true,
                };
                let is_same_lineage = is_own(&from) && is_own(&to);
                // The view keeps the comparison: its text must outlive the versions.
                let mut d = diff::diff(a, b, is_same_lineage).into_owned();
                // Accepted changes are settled: they no longer count as changes.
                if let Some(accepted) = self.accepted(&from, &to) {
                    review::settle(&mut d, accepted);
                }
                Some(Arc::new(d))
            }
            _ => None,
        };
        let review = &mut self.review;
        review.kinds = result
            .as_ref()
            .map(|d| {
                d.sections
                    .iter()
                    .filter_map(|s| s.new.as_ref().map(|n| (n.id, s.kind)))
                    .collect()
            })
            .unwrap_or_default();
        let count = result.as_ref().map_or(0, |d| d.changed_sections().count());
        review.current = review.current.filter(|c| *c < count);
        review.diff = result;
        review.built_for = Some(key);
        review.generation = next_generation();
    }

    /// Moves to the next (`delta` 1) or previous (−1) change.
    pub(super) fn step_change(&mut self, delta: isize) {
        self.refresh_review();
        let Some(diff) = self.review.diff.clone() else {
            return;
        };
        let n = diff.changed_sections().count();
        if n == 0 {
            return;
        }
        let next = super::command::step(self.review.current, n, delta);
        self.show_change(next);
    }

    /// Makes change `index` (among the changed sections) the one shown: scrolled to, its
    /// section selected.
    fn show_change(&mut self, index: usize) {
        let id = self
            .review
            .diff
            .as_ref()
            .and_then(|d| d.changed_sections().nth(index))
            .map(|c| c.new.as_ref().map(|s| s.id));
        let Some(id) = id else {
            self.review.current = None;
            return;
        };
        self.review.current = Some(index);
        self.review.focused_paragraph = None;
        self.effect(Effect::ScrollToChange(index));
        if let Some(id) = id {
            self.selection = Selection::Section(id);
            self.reveal(id);
            self.session.close_group();
        }
    }

    /// The change shown now.
    fn current_change(&mut self) -> Option<SectionChange<'static>> {
        self.refresh_review();
        let i = self.review.current?;
        self.review
            .diff
            .as_ref()?
            .changed_sections()
            .nth(i)
            .cloned()
    }

    /// A click in the review on the `section`th section of the comparison (and on one of
    /// its paragraphs): its change becomes the one shown, the paragraph the one decided on.
    pub(super) fn pick_in_review(&mut self, section: usize, paragraph: Option<usize>) {
        self.refresh_review();
        let Some(diff) = self.review.diff.clone() else {
            return;
        };
        let Some(change) = diff.sections.get(section) else {
            return;
        };
        self.review.focused_paragraph = paragraph
            .filter(|pi| {
                change
                    .paragraphs
                    .get(*pi)
                    .is_some_and(ParagraphChange::is_change)
            })
            .map(|pi| (section, pi));
        let is_change = change.kind != ChangeKind::Unchanged;
        self.review.current = is_change.then(|| {
            diff.sections[..section]
                .iter()
                .filter(|s| s.kind != ChangeKind::Unchanged)
                .count()
        });
        if let Some(id) = change.new.as_ref().map(|n| n.id) {
            self.selection = Selection::Section(id);
            self.reveal(id);
        }
    }

    /// The focused paragraph change, if one is picked: its section change and index.
    fn focused_paragraph_change(&self) -> Option<(SectionChange<'static>, usize)> {
        let (si, pi) = self.review.focused_paragraph?;
        let change = self.review.diff.as_ref()?.sections.get(si)?.clone();
        change
            .paragraphs
            .get(pi)?
            .is_change()
            .then_some((change, pi))
    }

    /// Accepts the change shown (or the paragraph picked): it stays in the working copy and
    /// leaves the list. The decision is saved with the file, so the review goes on later.
    pub(super) fn accept_change(&mut self) {
        self.refresh_review();
        let key = if let Some((change, pi)) = self.focused_paragraph_change() {
            ChangeKey::of_paragraph(&change, &change.paragraphs[pi])
        } else if let Some(change) = self.current_change() {
            ChangeKey::of_section(&change)
        } else {
            return;
        };
        let (from, to) = (self.review.from.clone(), self.review.to.clone());
        match (from.side(), to.side()) {
            (Some(a), Some(b)) => self.session.accept_change(&a, &b, key),
            _ => {
                self.review
                    .file_accepted
                    .entry((from, to))
                    .or_default()
                    .insert(key);
            }
        }
        self.review.focused_paragraph = None;
        self.review.built_for = None;
        self.refresh_review();
        // On to the next change, as Word's review does: it now has the accepted one's place.
        if let Some(next) = self.review.current {
            self.show_change(next);
        }
    }

    /// Rejects the change shown: the working copy gets the old version back (undoable).
    pub(super) fn reject_change(&mut self) {
        if self.review.to != Version::WorkingCopy {
            return;
        }
        let Some(change) = self.current_change() else {
            return;
        };
        let from = self.review.from.clone();
        let Some(old) = self.version_document(&from) else {
            return;
        };
        let edit = match self.focused_paragraph_change() {
            Some((paragraph_change, pi)) => diff::revert_paragraph_edit(&paragraph_change, pi),
            None => diff::revert_edit(old, self.session.document(), &change),
        };
        self.review.focused_paragraph = None;
        if let Some(edit) = edit {
            let result = self.session.apply(edit);
            self.after_change(result);
        }
    }

    /// Scrolls the review to a section of the new side.
    pub(super) fn review_show_section(&mut self, id: SectionId) {
        let Some(diff) = &self.review.diff else {
            return;
        };
        let index = diff
            .changed_sections()
            .position(|s| s.new.as_ref().is_some_and(|n| n.id == id));
        if let Some(i) = index {
            self.review.current = Some(i);
            self.effect(Effect::ScrollToChange(i));
        }
    }

    /// The comparison on screen as a printable HTML report.
    pub fn review_report_html(&mut self) -> Option<String> {
        self.refresh_review();
        let diff = self.review.diff.clone()?;
        let (from, to) = (self.review.from.clone(), self.review.to.clone());
        Some(report::to_html(
            &diff,
            &self.version_name(&from),
            &self.version_name(&to),
        ))
    }

    /// The newest draft, or the working copy when there is none: what a review starts from.
    pub fn latest_draft_version(&self) -> Version {
        self.session
            .drafts()
            .last()
            .map_or(Version::WorkingCopy, |d| Version::Draft(d.name.clone()))
    }

    /// Opens the review view comparing `from` with `to`.
    pub(super) fn compare(&mut self, from: Version, to: Version) {
        self.review.from = from;
        self.review.to = to;
        self.review.current = None;
        self.review.focused_paragraph = None;
        self.view = View::Review;
        self.refresh_review();
    }

    /// The title line of each change still open, as the report gives it.
    pub fn review_titles(&mut self) -> Vec<String> {
        self.refresh_review();
        self.review
            .diff
            .as_ref()
            .map(|d| d.changed_sections().map(report::section_title).collect())
            .unwrap_or_default()
    }
}
