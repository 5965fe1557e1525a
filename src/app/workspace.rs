//! The workspace: everything the desktop app knows besides how it is drawn — the session,
//! what is selected and shown, the find bar, the review, the question on screen — and
//! [`Workspace::run`], which does what a [`Command`] asks and returns the [`Effect`]s only the
//! shell can carry out (a file dialog, a notice, focus, scrolling, closing the window).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::command::{AddWhere, Command, Selection, View};
use super::editor::Field;
use super::export::ExportForm;
use super::files::DialogKind;
use super::find::Find;
use super::i18n::{self, Key, Lang, tr_args};
use super::question::Question;
use super::review::Review;
use super::settings::Preferences;
use crate::core::document::{Container, Document, SectionId};
use crate::core::edit::{Change, Edit, EditError, Place};
use crate::core::session::Session;
use crate::core::shared::{self, Holder};

mod files;
mod recovery;

/// What only the shell can do, asked for by a command.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Show a notice.
    Notify {
        /// What it says.
        text: String,
        /// Whether it reports a failure.
        is_error: bool,
    },
    /// Ask the user for a file; the answer comes back through [`Workspace::file_chosen`].
    AskFile(DialogKind),
    /// Put the cursor in the selected section's heading, the whole heading selected if asked.
    FocusHeading {
        /// Select the whole heading (a new section's placeholder).
        select_all: bool,
    },
    /// Put the cursor in the find bar's search field.
    FocusFind,
    /// Select characters of a field in the editor, and scroll them into view (a match).
    SelectText {
        /// The field.
        field: Field,
        /// The characters, counted in chars.
        range: std::ops::Range<usize>,
    },
    /// Scroll the outline to a section.
    ScrollOutline(SectionId),
    /// Scroll the reading view to a section.
    ScrollReading(SectionId),
    /// Scroll the review to a change, by its index among the changed sections.
    ScrollToChange(usize),
    /// Capture the review pane as a PNG image at this path.
    CaptureReview(PathBuf),
    /// Hand this PDF to the system's printing.
    Print(PathBuf),
    /// Close the window (the user agreed).
    Close,
}

/// The app's state and what its commands do, with no drawing.
pub struct Workspace {
    /// The open document, its drafts and undo history.
    pub session: Session,
    /// Preferences.
    pub prefs: Preferences,
    /// What the editor pane shows.
    pub view: View,
    /// What is selected in the outline.
    pub selection: Selection,
    /// Collapsed outline nodes.
    pub collapsed: BTreeSet<SectionId>,
    /// The find bar.
    pub find: Find,
    /// The review view's comparison.
    pub review: Review,
    /// The 反馈 view's filters and the comment shown last.
    pub consult: super::consult::Consult,
    /// The question on screen, if any.
    pub question: Option<Question>,
    /// Where the app keeps its preferences and recovery copies (shown in 关于).
    pub preferences_dir: Option<PathBuf>,
    /// What importing the open file found (for a text or Word file).
    pub import_findings: Option<super::import_report::ImportFindings>,
    /// The export dialog's last choices.
    pub last_export: Option<ExportForm>,
    /// A name shown for a document with no file (the bundled sample).
    untitled_name: Option<String>,
    /// Where the recovery copy of a document with no file goes.
    untitled_recovery: Option<PathBuf>,
    is_close_allowed: bool,
    /// What to do once the pending save succeeds (the unsaved-changes question).
    after_save: Option<Command>,
    /// The document version at which the user agreed to discard changes for an Open or
    /// Import dialog now showing; the answer opens without asking again only if nothing was
    /// typed since.
    open_confirmed_at: Option<u64>,
    /// The file whose lock file says this app has it open.
    lock_held: Option<PathBuf>,
    /// Someone else who has the open file open too (the user chose to open it anyway or
    /// read-only).
    pub other_editor: Option<Holder>,
    /// Saving goes to another file (the file was opened read-only).
    pub is_read_only: bool,
    /// Whether the user was told that someone else saved the file.
    is_change_told: bool,
    effects: Vec<Effect>,
}

impl Workspace {
    /// A workspace on `session`.
    pub fn new(session: Session, prefs: Preferences) -> Self {
        let mut ws = Self {
            session,
            prefs,
            view: View::Edit,
            selection: Selection::Front,
            collapsed: BTreeSet::new(),
            find: Find::default(),
            review: Review::default(),
            consult: super::consult::Consult::default(),
            question: None,
            import_findings: None,
            preferences_dir: None,
            last_export: None,
            untitled_name: None,
            untitled_recovery: None,
            is_close_allowed: false,
            after_save: None,
            open_confirmed_at: None,
            lock_held: None,
            other_editor: None,
            is_read_only: false,
            is_change_told: false,
            effects: Vec::new(),
        };
        // The file opened at start-up: say so in its lock file, or ask if someone else
        // has it open.
        if let Some(path) = ws.session.path().map(Path::to_owned) {
            match shared::holder_of(&path).filter(|h| !h.is_me()) {
                Some(holder) => {
                    ws.question = Some(Question::Locked {
                        path,
                        holder,
                        opened: None,
                    });
                }
                None => ws.claim_lock(),
            }
        }
        ws
    }

    /// Names a document that has no file (the bundled sample).
    pub fn set_untitled(&mut self, name: String) {
        self.untitled_name = Some(name);
    }

    /// Keeps the recovery copy of a document with no file in `dir`.
    pub fn untitled_recovery_in(&mut self, dir: Option<PathBuf>) {
        self.untitled_recovery = dir.as_ref().map(|d| d.join("untitled.ron.recovery"));
        self.preferences_dir = dir;
    }

    /// The UI language.
    pub fn lang(&self) -> Lang {
        self.prefs.lang
    }

    /// `key` in the UI language.
    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.prefs.lang)
    }

    /// The document's name for titles and dialogs.
    pub fn document_name(&self) -> String {
        self.session
            .display_name()
            .or_else(|| self.untitled_name.clone())
            .unwrap_or_else(|| self.t(Key::Untitled).to_owned())
    }

    /// The window title: the document's name, marked while it has unsaved changes.
    pub fn window_title(&self) -> String {
        let mark = if self.needs_saving() { "● " } else { "" };
        format!("{mark}{} — plandraft", self.document_name())
    }

    /// Whether closing now would lose typed text.
    pub fn needs_saving(&self) -> bool {
        self.session.is_dirty() && !self.session.is_pristine()
    }

    /// Whether the app has agreed to close (after saving or discarding changes).
    pub fn is_closing(&self) -> bool {
        self.is_close_allowed
    }

    /// Asks the shell for an effect.
    pub(super) fn effect(&mut self, effect: Effect) {
        self.effects.push(effect);
    }

    /// Shows a notice.
    pub fn notify(&mut self, text: String, is_error: bool) {
        self.effect(Effect::Notify { text, is_error });
    }

    /// The effects asked for and not yet handed to the shell.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Does what `command` asks; returns what the shell must do.
    pub fn run(&mut self, command: Command) -> Vec<Effect> {
        self.execute(command, false);
        self.refresh();
        self.take_effects()
    }

    /// Brings the find bar's matches and the review's comparison up to date with the
    /// document, so that the panes draw them as they are. Every command ends with it; it
    /// costs nothing when nothing changed.
    pub fn refresh(&mut self) {
        if self.find.is_open {
            self.find.refresh(&self.session);
        }
        if self.view == View::Review {
            self.refresh_review();
        }
    }

    /// Runs a command; `is_confirmed` means the user already agreed to lose unsaved changes.
    fn execute(&mut self, command: Command, is_confirmed: bool) {
        if command.replaces_document() && self.needs_saving() && !is_confirmed {
            self.question = Some(Question::Unsaved {
                then: Box::new(command),
            });
            return;
        }
        if self.is_comment_only() && command.edits_text() {
            let key = if self.consult.is_reviewing {
                Key::ReviewingRefused
            } else {
                Key::CommentOnlyRefused
            };
            let text = self.t(key).to_owned();
            self.notify(text, true);
            return;
        }
        match command {
            Command::Confirmed(inner) => self.execute(*inner, true),
            Command::Answer(inner) => self.answer(inner.map(|c| *c)),
            Command::SaveThen(next) => {
                self.after_save = Some(*next);
                self.execute(Command::Save, false);
            }
            Command::New
            | Command::Open
            | Command::OpenForReview
            | Command::ImportText
            | Command::OpenPath(_)
            | Command::Save
            | Command::AskOverwrite
            | Command::SaveOver
            | Command::CompareWithDisk
            | Command::OpenLocked { .. }
            | Command::SaveAs
            | Command::SaveTo(_)
            | Command::Quit => self.run_file_command(command, is_confirmed),
            Command::Undo | Command::Redo => self.undo_or_redo(command == Command::Undo),
            Command::ShowFind | Command::ShowReplace => {
                self.find.is_open = true;
                self.find.is_replacing = command == Command::ShowReplace;
                self.effect(Effect::FocusFind);
            }
            Command::CloseFind => self.find.is_open = false,
            Command::SetFindQuery(query) => self.find.query = query,
            Command::SetReplacement(text) => self.find.replacement = text,
            Command::FindNext => self.step_match(1),
            Command::FindPrevious => self.step_match(-1),
            Command::GoToMatch(index) => self.go_to_match(index),
            Command::ReplaceOne => self.replace_current(),
            Command::ReplaceAll => self.replace_all(),
            Command::Select(selection) => self.select(selection),
            Command::Pick(id) => {
                if self.session.document().section(id).is_some() {
                    self.selection = Selection::Section(id);
                }
            }
            Command::Add(place) => self.add_section(place),
            Command::Delete => {
                if let Selection::Section(id) = self.selection {
                    let has_content = self
                        .session
                        .document()
                        .section(id)
                        .is_some_and(|s| s.has_content());
                    if has_content {
                        self.question = Some(Question::ConfirmDelete(id));
                    } else {
                        self.execute(Command::DeleteConfirmed(id), false);
                    }
                }
            }
            Command::DeleteConfirmed(id) => self.delete_section(id),
            Command::Rename => {
                if matches!(self.selection, Selection::Section(_)) {
                    self.view = View::Edit;
                    self.effect(Effect::FocusHeading { select_all: false });
                }
            }
            Command::MoveUp => self.edit_selected(|id| Edit::MoveUp { id }),
            Command::MoveDown => self.edit_selected(|id| Edit::MoveDown { id }),
            Command::Promote => self.edit_selected(|id| Edit::Promote { id }),
            Command::Demote => self.edit_selected(|id| Edit::Demote { id }),
            Command::Move { id, to } => {
                let result = self.session.apply(Edit::MoveSection { id, to });
                self.after_change(result);
            }
            Command::Edit { edit, group } => {
                let result = self.session.apply_grouped(edit, group);
                self.after_change(result);
            }
            Command::SetView(View::Review) if self.review.from == self.review.to => {
                // Comparing a version with itself shows nothing: start from the latest draft.
                let from = self.latest_draft_version();
                self.compare(from, super::command::Version::WorkingCopy);
            }
            Command::SetView(view) => {
                if let (View::Reading, Selection::Section(id)) = (view, self.selection) {
                    self.effect(Effect::ScrollReading(id));
                }
                self.view = view;
            }
            Command::ExpandAll => self.collapsed.clear(),
            Command::CollapseAll => {
                let mut all = BTreeSet::new();
                self.session.document().walk(|s, _| {
                    if !s.children.is_empty() {
                        all.insert(s.id);
                    }
                });
                self.collapsed = all;
            }
            Command::ToggleExpanded(id) => {
                if !self.collapsed.remove(&id) {
                    self.collapsed.insert(id);
                }
            }
            Command::SelectPrevious => self.step_selection(false),
            Command::SelectNext => self.step_selection(true),
            Command::SelectParent => self.select_parent(),
            Command::SelectChild => self.select_child(),
            Command::ShowShortcuts => self.question = Some(Question::Shortcuts),
            Command::ShowAbout => self.question = Some(Question::About),
            Command::Recover { document, path } => self.recover(*document, &path),
            Command::DiscardRecovery(path) => {
                let _ = std::fs::remove_file(path);
            }
            Command::ShowRecordDraft
            | Command::ShowDrafts
            | Command::RecordDraft { .. }
            | Command::RestoreDraft(_)
            | Command::RenameDraft { .. }
            | Command::DeleteDraft(_) => self.run_draft_command(command),
            Command::ShowAddComment(_)
            | Command::CommentOnSection
            | Command::AddComment(_)
            | Command::ReplyComment { .. }
            | Command::ResolveComment { .. }
            | Command::DeleteComment(_)
            | Command::NextComment
            | Command::PreviousComment
            | Command::ShowComment(_)
            | Command::SetCommentOnly(_)
            | Command::StopReviewing
            | Command::CollectFeedback
            | Command::CollectFrom(_)
            | Command::CollectNamed(_)
            | Command::Decide { .. }
            | Command::Adopt(_)
            | Command::SetFeedbackFilter { .. } => self.run_consult_command(command),
            Command::Compare { from, to } => self.compare(from, to),
            Command::ChooseCompareFile { is_old_side } => {
                self.effect(Effect::AskFile(DialogKind::Compare { is_old_side }));
            }
            // Conflicts first: while the document has any, F8 walks them.
            Command::NextChange | Command::PreviousChange => {
                let delta = if command == Command::NextChange {
                    1
                } else {
                    -1
                };
                if self.session.document().conflicts.is_empty() {
                    self.step_change(delta);
                } else {
                    self.step_conflict(delta);
                }
            }
            Command::MergeCopy => self.effect(Effect::AskFile(DialogKind::MergeCopy)),
            Command::MergeDisk => {
                self.after_save = None;
                if let Some(path) = self.session.path().map(Path::to_owned) {
                    self.merge_from(&path);
                }
            }
            Command::Resolve { index, how } => self.resolve_conflict(index, how),
            Command::AcceptChange => self.accept_change(),
            Command::RejectChange => self.reject_change(),
            Command::PickInReview { section, paragraph } => self.pick_in_review(section, paragraph),
            Command::SetReviewOptions {
                is_hiding_unchanged,
                is_side_by_side,
            } => self
                .review
                .set_options(is_hiding_unchanged, is_side_by_side),
            Command::ShowExport => {
                self.question = Some(Question::Export(Box::new(self.export_form())));
            }
            Command::Print => self.print(),
            Command::ShowExportChapter => {
                let mut form = self.export_form();
                form.is_whole = form.chosen.is_empty();
                self.question = Some(Question::Export(Box::new(form)));
            }
            Command::Export(what) => {
                let suggested = self.export_name(&what);
                self.effect(Effect::AskFile(DialogKind::Export { what, suggested }));
            }
            Command::SetShowCounts(is_showing) => self.prefs.is_showing_counts = is_showing,
            Command::SetShowComments(is_showing) => self.prefs.is_showing_comments = is_showing,
            Command::ShowImportReport(is_open) => {
                if let Some(findings) = &mut self.import_findings {
                    findings.is_open = is_open;
                }
            }
            Command::KeepWrittenNumber(index) => self.keep_written_number(index),
            Command::SetDark(is_dark) => self.prefs.is_dark = is_dark,
            Command::SetLang(lang) => self.prefs.lang = lang,
        }
    }

    /// Closes the question on screen and runs its answer. The export dialog's choices are
    /// remembered however it closes; a read-only file's Cancel also cancels what was to
    /// follow the save; a recovery copy's text moves from the question into the command.
    fn answer(&mut self, command: Option<Command>) {
        let question = self.question.take();
        match (question, command) {
            (Some(Question::Export(form)), command) => {
                self.remember_export(&form);
                if let Some(c) = command {
                    self.execute(c, false);
                }
            }
            (Some(Question::ReadOnly(_) | Question::ChangedOnDisk { .. }), None)
            | (Some(Question::ConfirmOverwrite { .. }), None) => self.after_save = None,
            (
                Some(Question::Locked {
                    path,
                    holder,
                    opened,
                }),
                Some(Command::OpenLocked { is_read_only }),
            ) => {
                if let Some(opened) = opened {
                    self.show_opened(*opened);
                }
                if self.session.path() == Some(path.as_path()) {
                    self.other_editor = Some(holder);
                    self.is_read_only = is_read_only;
                }
            }
            // Not opening a file someone edits, at start-up: a new document instead.
            (Some(Question::Locked { opened: None, .. }), None) => {
                self.replace_session(Session::new(Document::default()), None);
            }
            (
                Some(Question::Recovery { document, path }),
                Some(Command::Recover { path: chosen, .. }),
            ) if chosen == path => self.recover(*document, &path),
            (_, Some(c)) => self.execute(c, false),
            (_, None) => {}
        }
    }

    fn undo_or_redo(&mut self, is_undo: bool) {
        let result = if is_undo {
            self.session.undo()
        } else {
            self.session.redo()
        };
        let Some(result) = result else {
            return;
        };
        // Show where an undone text change happened, if it was out of view.
        if let Ok(change) = &result
            && !change.is_structural
            && !change.texts.contains(&self.selected_container())
            && let Some(container) = change.texts.first()
        {
            self.select(match container {
                Container::Preamble => Selection::Front,
                Container::Section(id) => Selection::Section(*id),
            });
        }
        self.after_change(result);
    }

    /// Reports an edit's failure, and follows what it changed.
    pub(super) fn after_change(&mut self, result: Result<Change, EditError>) {
        match result {
            Ok(change) => {
                if change.is_structural
                    && let Some(id) = change.focus
                    && self.session.document().section(id).is_some()
                {
                    self.selection = Selection::Section(id);
                    self.reveal(id);
                }
                if let Selection::Section(id) = self.selection
                    && self.session.document().section(id).is_none()
                {
                    self.selection = Selection::Front;
                }
            }
            Err(e) => {
                let detail = i18n::edit_error(self.lang(), &e);
                let text = tr_args(self.lang(), Key::EditFailed, &[&detail]);
                self.notify(text, true);
            }
        }
    }

    fn edit_selected(&mut self, make: impl FnOnce(SectionId) -> Edit) {
        match self.selection {
            Selection::Section(id) => {
                let result = self.session.apply(make(id));
                self.after_change(result);
            }
            Selection::Front => {
                let text = self.t(Key::NothingSelected).to_owned();
                self.notify(text, true);
            }
        }
    }

    fn add_section(&mut self, place: AddWhere) {
        let heading = self.t(Key::NewSectionHeading).to_owned();
        let place = match (self.selection, place) {
            (Selection::Section(id), AddWhere::Before) => Place::Before(id),
            (Selection::Section(id), AddWhere::After) => Place::After(id),
            (Selection::Section(id), AddWhere::Child) => Place::LastChild(id),
            (Selection::Front, _) => Place::At {
                parent: None,
                index: 0,
            },
        };
        let result = self.session.apply(Edit::AddSection { place, heading });
        let is_added = result.is_ok();
        self.after_change(result);
        if is_added {
            self.view = View::Edit;
            self.effect(Effect::FocusHeading { select_all: true });
        }
    }

    fn delete_section(&mut self, id: SectionId) {
        // Select a neighbour so the selection never points at nothing.
        let rows = self.visible_rows();
        let at = rows.iter().position(|r| *r == id);
        let next = at.and_then(|i| {
            rows.get(i + 1)
                .or_else(|| i.checked_sub(1).and_then(|j| rows.get(j)))
        });
        let result = self.session.apply(Edit::DeleteSection { id });
        self.after_change(result);
        self.selection = next
            .filter(|n| self.session.document().section(**n).is_some())
            .map_or(Selection::Front, |n| Selection::Section(*n));
    }

    /// Selects something in the outline and shows it.
    pub fn select(&mut self, selection: Selection) {
        self.selection = selection;
        if let Selection::Section(id) = selection {
            self.reveal(id);
            match self.view {
                View::Review => self.review_show_section(id),
                View::Reading => self.effect(Effect::ScrollReading(id)),
                View::Edit | View::Feedback => {}
            }
        }
        self.session.close_group();
    }

    /// The paragraphs container the selection edits.
    pub fn selected_container(&self) -> Container {
        match self.selection {
            Selection::Front => Container::Preamble,
            Selection::Section(id) => Container::Section(id),
        }
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        self.release_lock();
    }
}
