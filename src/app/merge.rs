//! Merging another copy into the open document (文件 → 合并副本…, or the file on disk that
//! someone else saved), and settling the conflicts a merge kept: 用我的 / 用对方的 / 两者都保留
//! / 手动编辑, each one undoable step. The merge itself is the core's (`core::merge`).

use std::path::Path;
use std::sync::Arc;

use super::command::{Selection, Version, View};
use super::i18n::{Key, tr_args};
use super::workspace::Workspace;
use crate::core::document::SectionId;
use crate::core::edit::Edit;
use crate::core::merge::{self, Conflict, ConflictPlace, MergeError, Resolution, Side};
use crate::core::session::MergeFailure;

impl Workspace {
    /// Merges the copy at `path` into the working copy; the review then compares the
    /// working copy before the merge with the result, and the first conflict is shown.
    pub(super) fn merge_from(&mut self, path: &Path) {
        let before = Arc::new(self.session.document().clone());
        match self.session.merge_from(path) {
            Ok(merged) => {
                self.review.before_merge = Some(before);
                self.compare(Version::BeforeMerge, Version::WorkingCopy);
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into(),
                );
                let mut text = match merged.conflicts.len() {
                    0 => tr_args(self.lang(), Key::MergedClean, &[&name]),
                    n => tr_args(self.lang(), Key::MergedConflicts, &[&name, &n.to_string()]),
                };
                if !merged.drafts_added.is_empty() {
                    text.push(' ');
                    text += &tr_args(
                        self.lang(),
                        Key::MergedDrafts,
                        &[&merged.drafts_added.join("、")],
                    );
                }
                let has_conflicts = !merged.conflicts.is_empty();
                self.notify(text, has_conflicts);
                self.review.conflict = None;
                if !self.session.document().conflicts.is_empty() {
                    self.step_conflict(1);
                }
            }
            // Copies with nothing in common cannot be merged, but they can be compared.
            Err(MergeFailure::Merge(MergeError::NoCommonAncestor { .. })) => {
                let text = self.t(Key::MergeNoAncestor).to_owned();
                self.notify(text, true);
                self.compare_with_file(path, true);
            }
            Err(e) => {
                let text = tr_args(self.lang(), Key::MergeFailed, &[&e.to_string()]);
                self.notify(text, true);
            }
        }
    }

    /// Shows the next (`delta` 1) or previous (−1) conflict: the review view, its section
    /// selected.
    pub(super) fn step_conflict(&mut self, delta: isize) {
        let n = self.session.document().conflicts.len();
        if n == 0 {
            self.review.conflict = None;
            return;
        }
        let next = super::command::step(self.review.conflict, n, delta);
        self.show_conflict(next);
    }

    /// Shows conflict `index`: the review view, its section selected.
    fn show_conflict(&mut self, index: usize) {
        let Some(section) = self
            .session
            .document()
            .conflicts
            .get(index)
            .map(|c| c.place.section())
        else {
            return;
        };
        self.review.conflict = Some(index);
        self.view = View::Review;
        // A review of the working copy against itself shows nothing: against the newest
        // draft (or what was there before the merge) it shows what the conflict is among.
        if self.review.from == self.review.to {
            self.review.from = match &self.review.before_merge {
                Some(_) => Version::BeforeMerge,
                None => self.latest_draft_version(),
            };
            self.review.to = Version::WorkingCopy;
        }
        self.refresh_review();
        if let Some(id) = section {
            self.selection = Selection::Section(id);
            self.reveal(id);
            self.review_show_section(id);
        }
    }

    /// Settles conflict `index` as `how`, as one undoable step; 手动编辑 (`AsEdited`) also
    /// opens its section in the editor.
    pub(super) fn resolve_conflict(&mut self, index: usize, how: Resolution) {
        let doc = self.session.document();
        let section = doc.conflicts.get(index).and_then(|c| c.place.section());
        let Some(document) = merge::resolve(doc, index, how) else {
            let text = self.t(Key::ConflictChanged).to_owned();
            self.notify(text, true);
            return;
        };
        let result = self.session.apply(Edit::ReplaceDocument {
            document: Box::new(document),
        });
        self.after_change(result);
        let left = self.session.document().conflicts.len();
        if how == Resolution::AsEdited {
            self.review.conflict = None;
            if let Some(id) = section.filter(|id| self.session.document().section(*id).is_some()) {
                self.select(Selection::Section(id));
                self.view = View::Edit;
            }
        } else if left == 0 {
            self.review.conflict = None;
            let text = self.t(Key::ConflictsDone).to_owned();
            self.notify(text, false);
        } else {
            // The next one takes this one's place in the list.
            self.show_conflict(index.min(left - 1));
        }
    }

    /// The conflict shown, with its index.
    pub fn shown_conflict(&self) -> Option<(usize, &Conflict)> {
        let i = self.review.conflict?;
        self.session.document().conflicts.get(i).map(|c| (i, c))
    }

    /// Where a conflict is, in words: the section's number and heading, or the part of the
    /// front matter, and what kind of conflict it is.
    pub fn conflict_place(&self, conflict: &Conflict) -> String {
        let doc = self.session.document();
        let section = |id: SectionId| -> String {
            doc.section(id).map_or_else(String::new, |s| {
                format!("{}{}", self.session.numbers().label(id), s.heading)
            })
        };
        let lang = self.lang();
        match &conflict.place {
            ConflictPlace::Title => self.t(Key::ConflictTitle).to_owned(),
            ConflictPlace::Stage => self.t(Key::ConflictStage).to_owned(),
            ConflictPlace::Preamble(at) => {
                tr_args(lang, Key::ConflictPreamble, &[&(at + 1).to_string()])
            }
            ConflictPlace::Heading(id) => tr_args(lang, Key::ConflictHeading, &[&section(*id)]),
            ConflictPlace::Paragraphs(id, at) => tr_args(
                lang,
                Key::ConflictParagraph,
                &[&section(*id), &(at + 1).to_string()],
            ),
            ConflictPlace::Deleted(id, Side::Ours) => {
                tr_args(lang, Key::ConflictDeletedByUs, &[&section(*id)])
            }
            ConflictPlace::Deleted(id, Side::Theirs) => {
                tr_args(lang, Key::ConflictDeletedByThem, &[&section(*id)])
            }
            ConflictPlace::Moved(id) => tr_args(lang, Key::ConflictMoved, &[&section(*id)]),
        }
    }
}
