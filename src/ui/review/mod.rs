//! The review view: two versions of the document (a draft or the working copy) compared
//! section by section, deletions struck through in red and insertions underlined in green,
//! with next/previous change and the outline marking each section's kind of change.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

mod image;
mod layout;

pub use layout::{kind_color, kind_text};

use super::app::PlandraftApp;
use super::blocks::Blocks;
use super::command::{Command, Selection};
use super::i18n::{Key, tr_args};
use crate::core::diff::{self, ChangeKind, DocumentDiff, ParagraphChange, report};
use crate::core::document::{Document, SectionId};
use crate::core::review::{self, ChangeKey, Side};

pub use crate::app::command::Version;

/// The review view's choices and its cached comparison.
pub struct ReviewState {
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
    diff: Option<Arc<DocumentDiff<'static>>>,
    /// (document revision, drafts revision, from, to) the comparison was made for.
    built_for: Option<(u64, u64, Version, Version)>,
    /// Counts up with every new comparison or filter, for the layout cache.
    generation: u64,
    blocks: Blocks,
    /// For each changed section in order, the block it starts at.
    change_blocks: Vec<usize>,
    /// For blocks that show a paragraph: (index in the diff's sections, paragraph index).
    paragraph_blocks: BTreeMap<usize, (usize, usize)>,
    /// The paragraph picked for accept or reject: (section index, paragraph index).
    pub focused_paragraph: Option<(usize, usize)>,

    /// Kind of change of each section of the new side, for the outline.
    pub kinds: BTreeMap<SectionId, ChangeKind>,
    scroll_to_block: Option<usize>,
    /// Changes accepted in comparisons with another file, which the file cannot keep.
    file_accepted: BTreeMap<(Version, Version), BTreeSet<ChangeKey>>,
    /// Other files opened for comparison.
    files: BTreeMap<std::path::PathBuf, Arc<Document>>,
    /// The review pane on screen, for saving it as an image.
    area: egui::Rect,
    /// A capture of the pane on its way to a PNG file.
    image: Option<image::PendingImage>,
}

impl Default for ReviewState {
    fn default() -> Self {
        Self {
            from: Version::WorkingCopy,
            to: Version::WorkingCopy,
            is_hiding_unchanged: true,
            is_side_by_side: false,
            current: None,
            diff: None,
            built_for: None,
            generation: 0,
            blocks: Blocks::default(),
            change_blocks: Vec::new(),
            paragraph_blocks: BTreeMap::new(),
            focused_paragraph: None,
            kinds: BTreeMap::new(),
            scroll_to_block: None,
            file_accepted: BTreeMap::new(),
            files: BTreeMap::new(),
            area: egui::Rect::NOTHING,
            image: None,
        }
    }
}

impl Version {
    /// The side a saved review names, for the working copy and drafts (another file's
    /// comparisons are not kept in this file).
    fn side(&self) -> Option<Side> {
        match self {
            Version::WorkingCopy => Some(Side::WorkingCopy),
            Version::Draft(name) => Some(Side::Draft(name.clone())),
            Version::File(_) => None,
        }
    }
}

impl PlandraftApp {
    fn version_document(&self, version: &Version) -> Option<&Document> {
        match version {
            Version::WorkingCopy => self.session.version_document(None),
            Version::Draft(name) => self.session.version_document(Some(name)),
            Version::File(path) => self.review.files.get(path).map(|d| &**d),
        }
    }

    /// Opens another file to compare with, on the old (`is_old_side`) or the new side.
    pub(super) fn compare_with_file(
        &mut self,
        ctx: &egui::Context,
        path: &std::path::Path,
        is_old_side: bool,
    ) {
        match crate::core::open::open(path) {
            Ok(opened) => {
                self.review
                    .files
                    .insert(path.to_owned(), Arc::new(opened.document));
                let version = Version::File(path.to_owned());
                if is_old_side {
                    self.review.from = version;
                } else {
                    self.review.to = version;
                }
                self.review.current = None;
                self.view = super::command::View::Review;
            }
            Err(e) => {
                let detail = super::i18n::open_error(self.lang(), &e);
                let text = tr_args(self.lang(), Key::OpenFailed, &[&detail]);
                self.notify(ctx, text, true);
            }
        }
    }

    fn version_name(&self, version: &Version) -> String {
        match version {
            Version::WorkingCopy => self.t(Key::WorkingCopy).to_owned(),
            Version::Draft(name) => name.clone(),
            Version::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
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
    fn refresh_review(&mut self) {
        let key = (
            self.session.revision(),
            self.session.drafts_revision(),
            self.review.from.clone(),
            self.review.to.clone(),
        );
        if self.review.built_for.as_ref() == Some(&key) {
            return;
        }
        let (from, to) = (self.review.from.clone(), self.review.to.clone());
        let result = match (self.version_document(&from), self.version_document(&to)) {
            (Some(a), Some(b)) => {
                // Versions of this file share section ids; another file's do not.
                let is_same_lineage =
                    !matches!(from, Version::File(_)) && !matches!(to, Version::File(_));
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
        self.review.kinds = result
            .as_ref()
            .map(|d| {
                d.sections
                    .iter()
                    .filter_map(|s| s.new.as_ref().map(|n| (n.id, s.kind)))
                    .collect()
            })
            .unwrap_or_default();
        let count = result.as_ref().map_or(0, |d| d.changed_sections().count());
        self.review.current = self.review.current.filter(|c| *c < count);
        self.review.diff = result;
        self.review.built_for = Some(key);
        self.review.generation += 1;
    }

    /// Draws the review view.
    pub(super) fn review_ui(&mut self, ui: &mut egui::Ui) {
        // The pane with a little of its margin, for the image.
        self.review.area = ui.max_rect().expand(6.0).intersect(ui.clip_rect());
        self.refresh_review();
        let lang = self.lang();
        let mut names = vec![Version::WorkingCopy];
        names.extend(
            self.session
                .drafts()
                .iter()
                .rev()
                .map(|d| Version::Draft(d.name.clone())),
        );
        let count = self
            .review
            .diff
            .as_ref()
            .map_or(0, |d| d.changed_sections().count());
        ui.horizontal_wrapped(|ui| {
            for (side, id) in [(true, "review-from"), (false, "review-to")] {
                let label = ui.label(self.t(if side {
                    Key::CompareFrom
                } else {
                    Key::CompareTo
                }));
                let current = if side {
                    self.review.from.clone()
                } else {
                    self.review.to.clone()
                };
                let mut chosen = current.clone();
                egui::ComboBox::from_id_salt(id)
                    .selected_text(self.version_name(&current))
                    .show_ui(ui, |ui| {
                        for v in &names {
                            ui.selectable_value(&mut chosen, v.clone(), self.version_name(v));
                        }
                        if ui.selectable_label(false, self.t(Key::OtherFile)).clicked() {
                            self.push(Command::ChooseCompareFile { is_old_side: side });
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if chosen != current {
                    if side {
                        self.review.from = chosen;
                    } else {
                        self.review.to = chosen;
                    }
                    self.review.current = None;
                    self.review.focused_paragraph = None;
                }
            }
            let hide = self.t(Key::HideUnchanged);
            if ui
                .checkbox(&mut self.review.is_hiding_unchanged, hide)
                .changed()
            {
                self.review.generation += 1;
            }
            let side = self.t(Key::SideBySide);
            if ui
                .checkbox(&mut self.review.is_side_by_side, side)
                .changed()
            {
                self.review.generation += 1;
            }
            if ui.button(self.t(Key::PreviousChange)).clicked() {
                self.push(Command::PreviousChange);
            }
            if ui.button(self.t(Key::NextChange)).clicked() {
                self.push(Command::NextChange);
            }
            let status = match (count, self.review.current) {
                (0, _) => self.t(Key::NoChanges).to_owned(),
                (n, Some(i)) => {
                    tr_args(lang, Key::ChangeOf, &[&(i + 1).to_string(), &n.to_string()])
                }
                (n, None) => tr_args(lang, Key::ChangeCount, &[&n.to_string()]),
            };
            ui.label(status);
            if let Some(d) = &self.review.diff {
                ui.weak(format!("+{} −{}", d.inserted, d.deleted));
            }
            // Accepting keeps the working copy as it is; rejecting brings back the old text.
            let can_decide = self.review.current.is_some()
                && self.review.to == Version::WorkingCopy
                && !matches!(self.review.from, Version::File(_));
            if ui
                .add_enabled(can_decide, egui::Button::new(self.t(Key::AcceptChange)))
                .clicked()
            {
                self.push(Command::AcceptChange);
            }
            if ui
                .add_enabled(can_decide, egui::Button::new(self.t(Key::RejectChange)))
                .clicked()
            {
                self.push(Command::RejectChange);
            }
        });
        ui.separator();
        let Some(diff) = self.review.diff.clone() else {
            return;
        };
        let width = Blocks::text_width(ui);
        let key = Blocks::key(ui.ctx(), self.review.generation, width);
        if !self.review.blocks.is_built_for(key) {
            let (jobs, change_blocks, paragraph_blocks) = self.review_jobs(&diff, width, ui);
            self.review.paragraph_blocks = paragraph_blocks;
            self.review.blocks.build_rows(ui.ctx(), key, jobs);
            self.review.change_blocks = change_blocks;
        }
        let scroll_to = self
            .review
            .scroll_to_block
            .take()
            .and_then(|b| self.review.blocks.top_of_block(b));
        let selected = match self.selection {
            Selection::Section(id) => Some(id),
            Selection::Front => None,
        };
        let focused_block = self.review.focused_paragraph.and_then(|f| {
            self.review
                .paragraph_blocks
                .iter()
                .find(|(_, p)| **p == f)
                .map(|(b, _)| *b)
        });
        if let Some(clicked) =
            self.review
                .blocks
                .show(ui, "review", width, scroll_to, (selected, focused_block))
        {
            self.review_click(clicked);
        }
    }

    /// Moves to the next (`delta` 1) or previous (−1) change.
    pub(super) fn step_change(&mut self, delta: isize) {
        self.refresh_review();
        let Some(diff) = self.review.diff.clone() else {
            return;
        };
        let changed: Vec<_> = diff.changed_sections().collect();
        let n = changed.len();
        if n == 0 {
            return;
        }
        let next = match self.review.current {
            None if delta >= 0 => 0,
            None => n - 1,
            Some(i) => (i as isize + delta).rem_euclid(n as isize) as usize,
        };
        self.review.current = Some(next);
        self.review.focused_paragraph = None;
        self.review.scroll_to_block = self.review.change_blocks.get(next).copied();
        if let Some(id) = changed[next].new.as_ref().map(|s| s.id) {
            self.select(Selection::Section(id));
        }
    }

    /// The change shown now.
    fn current_change(&mut self) -> Option<diff::SectionChange<'static>> {
        self.refresh_review();
        let i = self.review.current?;
        self.review
            .diff
            .as_ref()?
            .changed_sections()
            .nth(i)
            .cloned()
    }

    /// A click on a block of the review: pick its section's change, and its paragraph.
    fn review_click(&mut self, block: usize) {
        let Some(diff) = self.review.diff.clone() else {
            return;
        };
        let picked = self.review.paragraph_blocks.get(&block).copied();
        self.review.focused_paragraph = picked.filter(|(si, pi)| {
            diff.sections
                .get(*si)
                .and_then(|s| s.paragraphs.get(*pi))
                .is_some_and(ParagraphChange::is_change)
        });
        // The change of the section the block belongs to.
        let section_index = picked.map(|(si, _)| si).or_else(|| {
            let id = self.review.blocks.section_of(block)?;
            diff.sections
                .iter()
                .position(|s| s.new.as_ref().is_some_and(|n| n.id == id))
        });
        if let Some(si) = section_index {
            let change_index = diff
                .sections
                .iter()
                .take(si + 1)
                .filter(|s| s.kind != ChangeKind::Unchanged)
                .count();
            let is_change = diff.sections[si].kind != ChangeKind::Unchanged;
            self.review.current = is_change.then(|| change_index - 1);
            if let Some(id) = diff.sections[si].new.as_ref().map(|n| n.id) {
                self.selection = Selection::Section(id);
                self.reveal(id);
            }
        }
    }

    /// The focused paragraph change, if one is picked: its section change and index.
    fn focused_paragraph_change(&self) -> Option<(diff::SectionChange<'static>, usize)> {
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
    }

    /// Rejects the change shown: the working copy gets the old version back (undoable).
    pub(super) fn reject_change(&mut self, ctx: &egui::Context) {
        if self.review.to != Version::WorkingCopy {
            return;
        }
        let Some(change) = self.current_change() else {
            return;
        };
        let Some(old) = self.version_document(&self.review.from.clone()) else {
            return;
        };
        let edit = match self.focused_paragraph_change() {
            Some((paragraph_change, pi)) => diff::revert_paragraph_edit(&paragraph_change, pi),
            None => diff::revert_edit(old, self.session.document(), &change),
        };
        self.review.focused_paragraph = None;
        if let Some(edit) = edit {
            let result = self.session.apply(edit);
            self.after_change(ctx, result);
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
            self.review.scroll_to_block = self.review.change_blocks.get(i).copied();
        }
    }

    /// The comparison on screen as a printable HTML report.
    pub(super) fn review_report_html(&mut self) -> Option<String> {
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
    pub(super) fn latest_draft_version(&self) -> Version {
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
        self.view = super::command::View::Review;
    }

    /// The title line of a change in the report, for tests and tooltips.
    pub fn review_titles(&mut self) -> Vec<String> {
        self.refresh_review();
        self.review
            .diff
            .as_ref()
            .map(|d| d.changed_sections().map(report::section_title).collect())
            .unwrap_or_default()
    }
}
