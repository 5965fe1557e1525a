//! Running commands: files, undo/redo, section operations and navigation, all through the
//! core session.

use std::path::Path;

use super::app::{Modal, PlandraftApp};
use super::command::{AddWhere, Command, Selection};
use super::files::{DialogAnswer, DialogKind, ExportKind};
use super::i18n::{self, Key, tr_args};
use crate::core::document::{Container, Document};
use crate::core::edit::{Change, Edit, EditError, Place};
use crate::core::open::{Opened, Source};
use crate::core::session::Session;
use crate::core::storage::StorageError;
use crate::core::write::WriteError;

impl PlandraftApp {
    /// Runs one command.
    pub fn run(&mut self, ctx: &egui::Context, command: Command) {
        self.execute(ctx, command, false);
    }

    /// Runs a command; `is_confirmed` means the user already agreed to lose unsaved changes.
    fn execute(&mut self, ctx: &egui::Context, command: Command, is_confirmed: bool) {
        let is_replacing = matches!(
            command,
            Command::New
                | Command::Open
                | Command::ImportText
                | Command::OpenPath(_)
                | Command::Quit
        );
        if is_replacing && self.needs_saving() && !is_confirmed {
            self.modal = Some(Modal::Unsaved {
                then: Box::new(command),
            });
            return;
        }
        match command {
            Command::Confirmed(inner) => self.execute(ctx, *inner, true),
            Command::New => {
                self.remove_recovery();
                self.replace_session(Session::new(Document::default()), None);
            }
            Command::Open | Command::ImportText => {
                let kind = if command == Command::Open {
                    DialogKind::Open
                } else {
                    DialogKind::ImportText
                };
                if self.dialogs.request(kind, ctx) {
                    self.open_confirmed_at = is_confirmed.then(|| self.session.version());
                }
            }
            Command::OpenPath(path) => self.open_path(ctx, &path),
            Command::Save => match self.session.path().map(Path::to_owned) {
                Some(path) => self.save_to(ctx, &path),
                None => self.push(Command::SaveAs),
            },
            Command::SaveAs => {
                let suggested = self
                    .session
                    .suggested_path()
                    .unwrap_or_else(|| format!("{}.ron", self.document_name()).into());
                if !self.dialogs.request(DialogKind::SaveAs { suggested }, ctx) {
                    // Another dialog is open; what was to follow the save is dropped with it.
                    self.after_save = None;
                }
            }
            Command::SaveTo(path) => self.save_to(ctx, &path),
            Command::Quit => {
                self.remove_recovery();
                self.is_close_allowed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Command::Undo | Command::Redo => {
                let result = if command == Command::Undo {
                    self.session.undo()
                } else {
                    self.session.redo()
                };
                if let Some(result) = result {
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
                    self.after_change(ctx, result);
                }
            }
            Command::ShowFind | Command::ShowReplace => {
                self.find.is_open = true;
                self.find.is_replacing = command == Command::ShowReplace;
                self.find.wants_focus = true;
            }
            Command::CloseFind => self.find.is_open = false,
            Command::FindNext => self.step_match(1),
            Command::FindPrevious => self.step_match(-1),
            Command::ReplaceOne => self.replace_current(ctx),
            Command::ReplaceAll => self.replace_all(ctx),
            Command::Select(selection) => self.select(selection),
            Command::Add(place) => self.add_section(ctx, place),
            Command::Delete => {
                if let Selection::Section(id) = self.selection {
                    let has_content = self
                        .session
                        .document()
                        .section(id)
                        .is_some_and(|s| s.has_content());
                    if has_content {
                        self.modal = Some(Modal::ConfirmDelete(id));
                    } else {
                        self.push(Command::DeleteConfirmed(id));
                    }
                }
            }
            Command::DeleteConfirmed(id) => {
                // Select a neighbour so the selection never points at nothing.
                let rows = self.visible_rows();
                let at = rows.iter().position(|r| *r == id);
                let next = at.and_then(|i| {
                    rows.get(i + 1)
                        .or_else(|| i.checked_sub(1).and_then(|j| rows.get(j)))
                });
                let result = self.session.apply(Edit::DeleteSection { id });
                self.after_change(ctx, result);
                self.selection = next
                    .filter(|n| self.session.document().section(**n).is_some())
                    .map_or(Selection::Front, |n| Selection::Section(*n));
            }
            Command::Rename => {
                if matches!(self.selection, Selection::Section(_)) {
                    self.view = super::command::View::Edit;
                    self.editor.wants_heading_focus = true;
                }
            }
            Command::MoveUp => self.edit_selected(ctx, |id| Edit::MoveUp { id }),
            Command::MoveDown => self.edit_selected(ctx, |id| Edit::MoveDown { id }),
            Command::Promote => self.edit_selected(ctx, |id| Edit::Promote { id }),
            Command::Demote => self.edit_selected(ctx, |id| Edit::Demote { id }),
            Command::Move { id, to } => {
                let result = self.session.apply(Edit::MoveSection { id, to });
                self.after_change(ctx, result);
            }
            Command::Edit { edit, group } => {
                let result = self.session.apply_grouped(edit, group);
                self.after_change(ctx, result);
            }
            Command::SetView(super::command::View::Review)
                if self.review.from == self.review.to =>
            {
                // Comparing a version with itself shows nothing: start from the latest draft.
                let from = self.latest_draft_version();
                self.compare(from, super::review::Version::WorkingCopy);
            }
            Command::SetView(view) => {
                if let (super::command::View::Reading, Selection::Section(id)) =
                    (view, self.selection)
                {
                    self.reading.scroll_to = Some(id);
                }
                self.view = view;
            }
            Command::ExpandAll => self.collapsed.clear(),
            Command::CollapseAll => {
                let mut all = std::collections::BTreeSet::new();
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
            Command::SelectPrevious | Command::SelectNext => self.step_selection(&command),
            Command::SelectParent => self.select_parent(),
            Command::SelectChild => self.select_child(),
            Command::ShowShortcuts => self.modal = Some(Modal::Shortcuts),
            Command::Recover { document, path } => {
                if self.session.recovery_path().as_deref() == Some(path.as_path()) {
                    self.session.restore(*document);
                    self.selection = Selection::Front;
                    self.editor = Default::default();
                } else {
                    // An untitled document's copy: it opens as that untitled document.
                    let mut session = Session::new(Document::default());
                    session.restore(*document);
                    self.replace_session(session, None);
                }
                let text = self.t(Key::Unsaved).to_owned();
                self.notify(ctx, text, false);
            }
            Command::ShowRecordDraft
            | Command::ShowDrafts
            | Command::RecordDraft { .. }
            | Command::RestoreDraft(_)
            | Command::RenameDraft { .. }
            | Command::DeleteDraft(_) => self.run_draft_command(ctx, command),
            Command::Compare { from, to } => self.compare(from, to),
            Command::ShowExport => {
                self.modal = Some(Modal::Export(Box::new(self.export_form())));
            }
            Command::ShowExportChapter => {
                let mut form = self.export_form();
                form.is_whole = form.chosen.is_empty();
                self.modal = Some(Modal::Export(Box::new(form)));
            }
            Command::Export(what) => {
                let base = self
                    .session
                    .suggested_path()
                    .unwrap_or_else(|| self.document_name().into());
                let stem = base
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let name = match &what {
                    ExportKind::Document {
                        draft: Some(draft), ..
                    } => {
                        // A draft named 3/12稿 must not name a folder.
                        let draft: String = draft
                            .chars()
                            .map(|c| if r#"/\:*?"<>|"#.contains(c) { '_' } else { c })
                            .collect();
                        format!("{stem}（{draft}）")
                    }
                    ExportKind::Document { .. } => stem,
                    ExportKind::Report | ExportKind::ReviewImage => format!("{stem}-对照"),
                };
                let suggested = base.with_file_name(format!("{name}.{}", what.extension()));
                self.dialogs
                    .request(DialogKind::Export { what, suggested }, ctx);
            }
            Command::ChooseCompareFile { is_old_side } => {
                self.dialogs
                    .request(DialogKind::Compare { is_old_side }, ctx);
            }
            Command::NextChange => self.step_change(1),
            Command::AcceptChange => self.accept_change(),
            Command::RejectChange => self.reject_change(ctx),
            Command::PreviousChange => self.step_change(-1),
            Command::DiscardRecovery(path) => {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    /// Handles a finished file dialog.
    pub(super) fn poll_dialogs(&mut self, ctx: &egui::Context) {
        while let Some(DialogAnswer { kind, path }) = self.dialogs.poll() {
            let confirmed_at = self.open_confirmed_at.take();
            let Some(path) = path else {
                // A cancelled Save As also cancels what was to follow it.
                self.after_save = None;
                continue;
            };
            match kind {
                DialogKind::Open | DialogKind::ImportText => {
                    // The user agreed to discard changes before choosing; if they typed more
                    // while the dialog was open, ask again.
                    let open = Command::OpenPath(path);
                    if confirmed_at == Some(self.session.version()) {
                        self.push(Command::Confirmed(Box::new(open)));
                    } else {
                        self.push(open);
                    }
                }
                DialogKind::Export { what, .. } => {
                    let path = with_extension(path, what.extension());
                    self.export_to(ctx, what, &path);
                }
                DialogKind::Compare { is_old_side } => {
                    self.compare_with_file(ctx, &path, is_old_side);
                }
                DialogKind::SaveAs { .. } => {
                    self.save_to(ctx, &with_extension(path, "ron"));
                }
            }
        }
    }

    /// Writes the working copy or a draft, or the comparison report, to `path`; the review
    /// view's image is written once the next frame has been captured.
    fn export_to(&mut self, ctx: &egui::Context, what: ExportKind, path: &Path) {
        let bytes = match what {
            ExportKind::Document { draft, options } => {
                let Some(doc) = self.export_source(draft.as_deref()) else {
                    let text = self.t(Key::ExportNoDraft).to_owned();
                    self.notify(ctx, text, true);
                    return;
                };
                match crate::core::export::render(doc, &options) {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        self.notify(ctx, e.to_string(), true);
                        return;
                    }
                }
            }
            ExportKind::Report => match self.review_report_html() {
                Some(html) => html.into_bytes(),
                None => return,
            },
            ExportKind::ReviewImage => {
                self.capture_review(ctx, path);
                return;
            }
        };
        self.write_export(ctx, path, &bytes);
    }

    /// Writes an exported file atomically and says so.
    pub(super) fn write_export(&mut self, ctx: &egui::Context, path: &Path, bytes: &[u8]) {
        // The save dialog has already asked before replacing a file.
        let options = crate::core::write::WriteOptions {
            may_replace: true,
            keep_backup: true,
            inputs: &[],
        };
        match crate::core::write::write_atomically(path, bytes, &options) {
            Ok(()) => {
                let text = tr_args(self.lang(), Key::Exported, &[&path.display().to_string()]);
                self.notify(ctx, text, false);
            }
            Err(e) => {
                let text = i18n::write_error(self.lang(), &e);
                self.notify(ctx, text, true);
            }
        }
    }

    fn open_path(&mut self, ctx: &egui::Context, path: &Path) {
        match crate::core::open::open(path) {
            Ok(opened) => self.opened(ctx, opened),
            Err(e) => {
                let text = tr_args(
                    self.lang(),
                    Key::OpenFailed,
                    &[&i18n::open_error(self.lang(), &e)],
                );
                self.notify(ctx, text, true);
            }
        }
    }

    /// Shows a freshly opened file.
    pub fn opened(&mut self, ctx: &egui::Context, opened: Opened) {
        self.remove_recovery();
        let path = opened.path.clone();
        let notice = match &opened.source {
            Source::Plandraft => tr_args(self.lang(), Key::Opened, &[&path.display().to_string()]),
            Source::Text(report) => tr_args(
                self.lang(),
                Key::ImportedNotice,
                &[
                    &path.display().to_string(),
                    &report.sections_per_level.iter().sum::<usize>().to_string(),
                ],
            ),
        };
        self.remember(&path);
        self.replace_session(Session::from_opened(opened), None);
        self.notify(ctx, notice, false);
        self.check_recovery(ctx);
    }

    /// Puts another session in place of the current one.
    pub fn replace_session(&mut self, session: Session, untitled_name: Option<String>) {
        self.session = session;
        // A question about the old document must not act on the new one.
        self.modal = None;
        self.after_save = None;
        self.untitled_name = untitled_name;
        self.selection = Selection::Front;
        self.collapsed.clear();
        // Caches are keyed by revision, which starts again with the new session.
        self.editor = Default::default();
        self.outline = Default::default();
        self.reading = Default::default();
        self.review = Default::default();
        self.find.invalidate();
        self.section_counts = None;
        // The export dialog keeps its format and text options, not the old file's draft or
        // sections.
        if let Some(form) = &mut self.last_export {
            form.draft = None;
            form.chosen.clear();
        }
    }

    fn save_to(&mut self, ctx: &egui::Context, path: &Path) {
        let old_recovery = self.recovery_path();
        match self.session.save_as(path) {
            Ok(()) => {
                if let Some(r) = old_recovery {
                    let _ = std::fs::remove_file(r);
                }
                self.untitled_name = None;
                self.remember(path);
                let text = tr_args(self.lang(), Key::SavedTo, &[&path.display().to_string()]);
                self.notify(ctx, text, false);
                if let Some(next) = self.after_save.take() {
                    self.push(Command::Confirmed(Box::new(next)));
                }
            }
            // A read-only file: offer Save As, and carry on afterwards (closing, say) as a
            // save would have.
            Err(StorageError::Write(WriteError::ReadOnly { path })) => {
                self.modal = Some(Modal::ReadOnly(path));
            }
            Err(e) => {
                self.after_save = None;
                let detail = i18n::storage_error(self.lang(), &e);
                let text = tr_args(self.lang(), Key::SaveFailed, &[&detail]);
                self.notify(ctx, text, true);
            }
        }
    }

    /// Reports an edit's failure, and follows what it changed.
    pub(super) fn after_change(&mut self, ctx: &egui::Context, result: Result<Change, EditError>) {
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
                let text = tr_args(
                    self.lang(),
                    Key::EditFailed,
                    &[&i18n::edit_error(self.lang(), &e)],
                );
                self.notify(ctx, text, true);
            }
        }
    }

    fn edit_selected(
        &mut self,
        ctx: &egui::Context,
        make: impl FnOnce(crate::core::document::SectionId) -> Edit,
    ) {
        match self.selection {
            Selection::Section(id) => {
                let result = self.session.apply(make(id));
                self.after_change(ctx, result);
            }
            Selection::Front => {
                let text = self.t(Key::NothingSelected).to_owned();
                self.notify(ctx, text, true);
            }
        }
    }

    fn add_section(&mut self, ctx: &egui::Context, place: AddWhere) {
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
        self.after_change(ctx, result);
        if is_added {
            self.view = super::command::View::Edit;
            self.editor.wants_heading_focus = true;
            self.editor.wants_heading_select_all = true;
        }
    }

    /// Selects something in the outline and shows it.
    pub fn select(&mut self, selection: Selection) {
        self.selection = selection;
        if let Selection::Section(id) = selection {
            self.reveal(id);
            if self.view == super::command::View::Review {
                self.review_show_section(id);
            }
        }
        self.session.close_group();
    }

    /// Expands the ancestors of `id` so it is visible in the outline.
    pub(super) fn reveal(&mut self, id: crate::core::document::SectionId) {
        let doc = self.session.document();
        if let Some(path) = doc.path_of(id) {
            for depth in 1..path.len() {
                if let Some(ancestor) = doc.section_at(&path[..depth]) {
                    self.collapsed.remove(&ancestor.id);
                }
            }
        }
        self.outline.scroll_to = Some(id);
    }

    /// Sections visible in the outline, in order.
    pub fn visible_rows(&self) -> Vec<crate::core::document::SectionId> {
        fn walk(
            list: &[crate::core::document::Section],
            collapsed: &std::collections::BTreeSet<crate::core::document::SectionId>,
            out: &mut Vec<crate::core::document::SectionId>,
        ) {
            for s in list {
                out.push(s.id);
                if !collapsed.contains(&s.id) {
                    walk(&s.children, collapsed, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.session.document().sections, &self.collapsed, &mut out);
        out
    }

    fn step_selection(&mut self, command: &Command) {
        let rows = self.visible_rows();
        let at = match self.selection {
            Selection::Front => None,
            Selection::Section(id) => rows.iter().position(|r| *r == id),
        };
        let next = match (command, at) {
            (Command::SelectNext, None) => rows.first().copied(),
            (Command::SelectNext, Some(i)) => rows.get(i + 1).copied(),
            (_, Some(0)) => {
                self.select(Selection::Front);
                return;
            }
            (_, Some(i)) => rows.get(i - 1).copied(),
            (_, None) => None,
        };
        if let Some(id) = next {
            self.select(Selection::Section(id));
        }
    }

    fn select_parent(&mut self) {
        let Selection::Section(id) = self.selection else {
            return;
        };
        let has_children = self
            .session
            .document()
            .section(id)
            .is_some_and(|s| !s.children.is_empty());
        if has_children && !self.collapsed.contains(&id) {
            self.collapsed.insert(id);
        } else if let Some(Some(parent)) = self.session.document().parent_of(id) {
            self.select(Selection::Section(parent));
        }
    }

    fn select_child(&mut self) {
        let Selection::Section(id) = self.selection else {
            self.step_selection(&Command::SelectNext);
            return;
        };
        let first_child = self
            .session
            .document()
            .section(id)
            .and_then(|s| s.children.first().map(|c| c.id));
        if self.collapsed.remove(&id) {
            return;
        }
        if let Some(child) = first_child {
            self.select(Selection::Section(child));
        }
    }

    /// The paragraphs container the selection edits.
    pub fn selected_container(&self) -> Container {
        match self.selection {
            Selection::Front => Container::Preamble,
            Selection::Section(id) => Container::Section(id),
        }
    }
}

/// A file name typed without an extension gets `ext`.
fn with_extension(path: std::path::PathBuf, ext: &str) -> std::path::PathBuf {
    if path.extension().is_none() {
        path.with_extension(ext)
    } else {
        path
    }
}
