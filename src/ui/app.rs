//! The app: its state, the frame (menus, panels, status bar, dialogs) and start-up.
//! Commands are run in `actions.rs`; the panes draw in their own files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::command::{Command, Selection, View, shortcut_text, take_shortcuts};
use super::editor::EditorState;
use super::files::FileDialogs;
use super::find::FindState;
use super::i18n::{Key, Lang, tr_args};
use super::outline::OutlineState;
use super::reading::ReadingState;
use super::settings::Preferences;
use crate::core::count::Counts;
use crate::core::document::SectionId;
use crate::core::session::{RecoveryCopy, Session};

/// Seconds between recovery copies while there are unsaved changes.
pub const RECOVERY_INTERVAL_S: f64 = 60.0;
/// How long a notice stays on screen.
const TOAST_S: f64 = 6.0;

/// A dialog that holds the app until answered.
#[derive(Clone, Debug)]
pub enum Modal {
    /// Unsaved changes: save, discard or cancel before `then`.
    Unsaved {
        /// What to do once the changes are saved or discarded.
        then: Box<Command>,
    },
    /// Confirm deleting a section with content.
    ConfirmDelete(SectionId),
    /// The file may not be written: offer Save As.
    ReadOnly(PathBuf),
    /// A recovery copy was found.
    Recovery {
        /// The recovered document and drafts.
        document: Box<crate::core::storage::PlanFile>,
        /// Where the copy is.
        path: PathBuf,
    },
    /// The list of keyboard shortcuts.
    Shortcuts,
    /// Recording the working copy as a draft.
    RecordDraft(super::drafts::DraftForm),
    /// The list of drafts.
    Drafts(super::drafts::DraftList),
    /// Exporting, with a preview.
    Export(Box<super::export::ExportForm>),
}

/// A short notice in the corner.
#[derive(Clone, Debug)]
pub struct Toast {
    /// The text.
    pub text: String,
    /// Whether it reports a failure.
    pub is_error: bool,
    /// When it goes away (egui time, seconds).
    pub until_s: f64,
}

/// The desktop app.
pub struct PlandraftApp {
    /// The open document.
    pub session: Session,
    /// Preferences.
    pub prefs: Preferences,
    pub(super) dialogs: Box<dyn FileDialogs>,
    /// What the editor pane shows.
    pub view: View,
    /// What is selected in the outline.
    pub selection: Selection,
    /// Collapsed outline nodes.
    pub collapsed: BTreeSet<SectionId>,
    pub(super) outline: OutlineState,
    pub(super) editor: EditorState,
    pub(super) reading: ReadingState,
    pub(super) review: super::review::ReviewState,
    pub(super) find: FindState,
    /// The dialog on screen, if any.
    pub modal: Option<Modal>,
    /// The export dialog's last choices.
    pub last_export: Option<super::export::ExportForm>,
    /// Notices on screen.
    pub toasts: Vec<Toast>,
    pub(super) pending: Vec<Command>,
    /// A name shown for a document with no file (the bundled sample).
    pub(super) untitled_name: Option<String>,
    pub(super) last_recovery_s: f64,
    /// Where the recovery copy of a document with no file goes.
    pub(super) untitled_recovery: Option<PathBuf>,
    pub(super) is_close_allowed: bool,
    pub(super) shown_title: String,
    /// Selected-section counts, cached by (revision, selection).
    pub(super) section_counts: Option<((u64, Selection), Counts)>,
    /// What to do once the pending save succeeds (the unsaved-changes question).
    pub(super) after_save: Option<Command>,
    /// The document version at which the user agreed to discard changes for an Open or
    /// Import dialog now showing; the answer opens without asking again only if nothing was
    /// typed since.
    pub(super) open_confirmed_at: Option<u64>,
}

impl PlandraftApp {
    /// An app on `session`, asking `dialogs` for files.
    pub fn new(session: Session, prefs: Preferences, dialogs: Box<dyn FileDialogs>) -> Self {
        Self {
            session,
            prefs,
            dialogs,
            view: View::Edit,
            selection: Selection::Front,
            collapsed: BTreeSet::new(),
            outline: OutlineState::default(),
            editor: EditorState::default(),
            reading: ReadingState::default(),
            review: super::review::ReviewState::default(),
            find: FindState::default(),
            modal: None,
            last_export: None,
            toasts: Vec::new(),
            pending: Vec::new(),
            untitled_name: None,
            last_recovery_s: 0.0,
            untitled_recovery: None,
            is_close_allowed: false,
            shown_title: String::new(),
            section_counts: None,
            after_save: None,
            open_confirmed_at: None,
        }
    }

    /// Names a document that has no file (the bundled sample).
    pub fn set_untitled(&mut self, name: String) {
        self.untitled_name = Some(name);
    }

    /// Keeps the recovery copy of a document with no file in `dir`.
    pub fn untitled_recovery_in(&mut self, dir: Option<PathBuf>) {
        self.untitled_recovery = dir.map(|d| d.join("untitled.ron.recovery"));
    }

    /// The UI language.
    pub fn lang(&self) -> Lang {
        self.prefs.lang
    }

    /// `key` in the UI language.
    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.prefs.lang)
    }

    /// Queues a command, run after this frame's drawing.
    pub fn push(&mut self, command: Command) {
        self.pending.push(command);
    }

    /// Shows a notice.
    pub fn notify(&mut self, ctx: &egui::Context, text: String, is_error: bool) {
        let now = ctx.input(|i| i.time);
        self.toasts.push(Toast {
            text,
            is_error,
            until_s: now + if is_error { TOAST_S * 2.0 } else { TOAST_S },
        });
    }

    /// The document's name for titles and dialogs.
    pub fn document_name(&self) -> String {
        self.session
            .display_name()
            .or_else(|| self.untitled_name.clone())
            .unwrap_or_else(|| self.t(Key::Untitled).to_owned())
    }

    /// Where this document's recovery copy goes.
    pub fn recovery_path(&self) -> Option<PathBuf> {
        self.session
            .recovery_path()
            .or_else(|| self.untitled_recovery.clone())
    }

    /// Offers a recovery copy for the open document if it holds other text than the
    /// document; also offers an untitled document's copy left by a crash, whatever is open.
    /// A copy that cannot be read is left where it is, and the notice says where.
    pub fn check_recovery(&mut self, ctx: &egui::Context) {
        let candidates = [self.recovery_path(), self.untitled_recovery.clone()];
        for recovery in candidates.into_iter().flatten() {
            match self.session.find_recovery(&recovery) {
                Some(RecoveryCopy::Differs(document)) => {
                    self.modal = Some(Modal::Recovery {
                        document,
                        path: recovery,
                    });
                    return;
                }
                Some(RecoveryCopy::Unreadable(e)) => {
                    let text = tr_args(
                        self.lang(),
                        Key::RecoveryUnreadable,
                        &[
                            &recovery.display().to_string(),
                            &super::i18n::storage_error(self.lang(), &e),
                        ],
                    );
                    self.notify(ctx, text, true);
                }
                None => {}
            }
        }
    }

    /// Draws one frame and runs the commands it produced.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.apply_theme(&ctx);
        // A dialog holds the app: no shortcut or dropped file acts behind it.
        if self.modal.is_none() {
            self.pending.extend(take_shortcuts(&ctx));
            self.handle_dropped_files(&ctx);
        }
        self.poll_dialogs(&ctx);
        self.poll_review_image(&ctx);
        self.guard_close(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.find.is_open {
            egui::Panel::top("find").show(ui, |ui| self.find_ui(ui));
        }
        egui::Panel::left("outline")
            .default_size(360.0)
            .size_range(180.0..=800.0)
            .resizable(true)
            .show(ui, |ui| self.outline_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| match self.view {
            View::Edit => self.editor_ui(ui),
            View::Reading => self.reading_ui(ui),
            View::Review => self.review_ui(ui),
        });
        self.modal_ui(&ctx);
        self.toasts_ui(&ctx);

        let commands = std::mem::take(&mut self.pending);
        if !commands.is_empty() {
            // What the commands changed is drawn in the next frame.
            ctx.request_repaint();
        }
        for command in commands {
            self.run(&ctx, command);
        }
        self.autosave_recovery(&ctx);
        self.update_title(&ctx);
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        let theme = if self.prefs.is_dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        if ctx.theme() != theme {
            ctx.set_theme(theme);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let mark = if self.session.is_dirty() && !self.session.is_pristine() {
            "● "
        } else {
            ""
        };
        let title = format!("{mark}{} — plandraft", self.document_name());
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        if let Some(path) = dropped.first().map(|f| f.path().to_owned()) {
            self.push(Command::OpenPath(path));
        }
    }

    /// Turns a window close with unsaved changes into a question.
    fn guard_close(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.is_close_allowed {
            return;
        }
        if self.needs_saving() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if self.modal.is_none() {
                self.modal = Some(Modal::Unsaved {
                    then: Box::new(Command::Quit),
                });
            }
        } else if !self.is_recovery_pending() {
            self.remove_recovery();
        }
    }

    /// Whether the recovery question is on screen (its copy must stay until answered).
    fn is_recovery_pending(&self) -> bool {
        matches!(self.modal, Some(Modal::Recovery { .. }))
    }

    /// Whether the app has agreed to close (after saving or discarding changes).
    pub fn is_closing(&self) -> bool {
        self.is_close_allowed
    }

    /// Whether closing now would lose typed text.
    pub fn needs_saving(&self) -> bool {
        self.session.is_dirty() && !self.session.is_pristine()
    }

    pub(super) fn remove_recovery(&self) {
        if let Some(path) = self.recovery_path() {
            let _ = std::fs::remove_file(path);
        }
    }

    fn autosave_recovery(&mut self, ctx: &egui::Context) {
        if self.is_recovery_pending() {
            return;
        }
        let now = ctx.input(|i| i.time);
        if now - self.last_recovery_s < RECOVERY_INTERVAL_S {
            if self.needs_saving() {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(RECOVERY_INTERVAL_S));
            }
            return;
        }
        self.last_recovery_s = now;
        if let Some(path) = self.recovery_path()
            && let Err(e) = self.session.write_recovery(&path)
        {
            let text = super::i18n::storage_error(self.lang(), &e);
            self.notify(ctx, text, true);
        }
    }

    fn menu_item(&mut self, ui: &mut egui::Ui, key: Key, command: Command, is_enabled: bool) {
        let mut button = egui::Button::new(self.t(key));
        if let Some(keys) = shortcut_text(ui.ctx(), &command) {
            button = button.shortcut_text(keys);
        }
        if ui.add_enabled(is_enabled, button).clicked() {
            self.push(command);
            ui.close();
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        use super::command::AddWhere;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(self.t(Key::MenuFile), |ui| {
                self.menu_item(ui, Key::New, Command::New, true);
                self.menu_item(ui, Key::Open, Command::Open, true);
                self.menu_item(ui, Key::ImportText, Command::ImportText, true);
                ui.menu_button(self.t(Key::Recent), |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label(self.t(Key::NoRecent));
                    }
                    for path in self.prefs.recent.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            self.push(Command::OpenPath(path));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                self.menu_item(ui, Key::Save, Command::Save, true);
                self.menu_item(ui, Key::SaveAs, Command::SaveAs, true);
                self.menu_item(ui, Key::ExportMenu, Command::ShowExport, true);
                {
                    use super::files::ExportKind;
                    let is_review = self.view == View::Review;
                    let report = Command::Export(ExportKind::Report);
                    self.menu_item(ui, Key::ExportReport, report, is_review);
                    let image = Command::Export(ExportKind::ReviewImage);
                    self.menu_item(ui, Key::SaveReviewImage, image, is_review);
                }
                ui.separator();
                self.menu_item(ui, Key::Quit, Command::Quit, true);
            });
            ui.menu_button(self.t(Key::MenuEdit), |ui| {
                let (can_undo, can_redo) = (self.session.can_undo(), self.session.can_redo());
                self.menu_item(ui, Key::Undo, Command::Undo, can_undo);
                self.menu_item(ui, Key::Redo, Command::Redo, can_redo);
                ui.separator();
                self.menu_item(ui, Key::Find, Command::ShowFind, true);
                self.menu_item(ui, Key::Replace, Command::ShowReplace, true);
            });
            ui.menu_button(self.t(Key::MenuSection), |ui| {
                let has_section = matches!(self.selection, Selection::Section(_));
                self.menu_item(
                    ui,
                    Key::AddBefore,
                    Command::Add(AddWhere::Before),
                    has_section,
                );
                self.menu_item(ui, Key::AddAfter, Command::Add(AddWhere::After), true);
                self.menu_item(
                    ui,
                    Key::AddChild,
                    Command::Add(AddWhere::Child),
                    has_section,
                );
                ui.separator();
                self.menu_item(ui, Key::Rename, Command::Rename, has_section);
                self.menu_item(ui, Key::MoveUp, Command::MoveUp, has_section);
                self.menu_item(ui, Key::MoveDown, Command::MoveDown, has_section);
                self.menu_item(ui, Key::Promote, Command::Promote, has_section);
                self.menu_item(ui, Key::Demote, Command::Demote, has_section);
                ui.separator();
                self.menu_item(ui, Key::Delete, Command::Delete, has_section);
            });
            ui.menu_button(self.t(Key::MenuView), |ui| {
                self.menu_item(ui, Key::EditView, Command::SetView(View::Edit), true);
                self.menu_item(ui, Key::ReadingView, Command::SetView(View::Reading), true);
                self.menu_item(ui, Key::ReviewView, Command::SetView(View::Review), true);
                ui.separator();
                self.menu_item(ui, Key::ExpandAll, Command::ExpandAll, true);
                self.menu_item(ui, Key::CollapseAll, Command::CollapseAll, true);
                let text = self.t(Key::ShowCounts);
                ui.checkbox(&mut self.prefs.is_showing_counts, text);
                ui.separator();
                ui.label(self.t(Key::Theme));
                ui.horizontal(|ui| {
                    let (light, dark) = (self.t(Key::Light), self.t(Key::Dark));
                    ui.radio_value(&mut self.prefs.is_dark, false, light);
                    ui.radio_value(&mut self.prefs.is_dark, true, dark);
                });
                ui.label(self.t(Key::Language));
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.prefs.lang, Lang::Zh, "简体中文");
                    ui.radio_value(&mut self.prefs.lang, Lang::En, "English");
                });
            });
            ui.menu_button(self.t(Key::MenuDrafts), |ui| {
                self.menu_item(ui, Key::RecordDraft, Command::ShowRecordDraft, true);
                self.menu_item(ui, Key::DraftList, Command::ShowDrafts, true);
                let from = self.latest_draft_version();
                let compare = Command::Compare {
                    from,
                    to: super::review::Version::WorkingCopy,
                };
                self.menu_item(ui, Key::Compare, compare, true);
            });
            ui.menu_button(self.t(Key::MenuHelp), |ui| {
                self.menu_item(ui, Key::Shortcuts, Command::ShowShortcuts, true);
            });
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        let revision = self.session.revision();
        let key = (revision, self.selection);
        let section_counts = match (self.section_counts, self.selection) {
            (Some((k, c)), _) if k == key => Some(c),
            (_, Selection::Section(id)) => {
                let counts = self
                    .session
                    .document()
                    .section(id)
                    .map(|s| self.session.subtree_counts(s));
                if let Some(c) = counts {
                    self.section_counts = Some((key, c));
                }
                counts
            }
            (_, Selection::Front) => None,
        };
        let lang = self.lang();
        ui.horizontal(|ui| {
            if let Some(c) = section_counts {
                ui.label(tr_args(lang, Key::SectionWords, &[&c.words.to_string()]));
                ui.separator();
            }
            let total = self.session.counts();
            ui.label(tr_args(
                lang,
                Key::DocumentWords,
                &[&total.words.to_string(), &total.han.to_string()],
            ));
            ui.separator();
            let state = if self.needs_saving() {
                Key::Unsaved
            } else {
                Key::Saved
            };
            ui.label(self.t(state));
            if let Some(path) = self.session.path() {
                ui.separator();
                ui.weak(path.display().to_string());
            }
        });
    }

    fn toasts_ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        self.toasts.retain(|t| t.until_s > now);
        if self.toasts.is_empty() {
            return;
        }
        egui::Area::new(egui::Id::unique("toasts"))
            .anchor(egui::Align2::RIGHT_BOTTOM, [-16.0, -36.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for toast in &self.toasts {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_max_width(520.0);
                        if toast.is_error {
                            ui.colored_label(ui.visuals().error_fg_color, &toast.text);
                        } else {
                            ui.label(&toast.text);
                        }
                    });
                }
            });
        ctx.request_repaint_after(std::time::Duration::from_millis(500));
    }

    /// Remembers `path` in the recent files.
    pub(super) fn remember(&mut self, path: &Path) {
        self.prefs.remember(path);
    }
}

impl eframe::App for PlandraftApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, super::settings::STORAGE_KEY, &self.prefs);
    }
}
