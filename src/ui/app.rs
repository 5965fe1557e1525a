//! The shell: the window's frame (menus, panels, status bar, notices), the panes in it, and
//! the one place where commands go to the workspace and its effects are carried out.
//!
//! A frame: shortcuts, dropped files and finished file dialogs become commands; each pane
//! draws from the workspace and returns commands; after drawing, the commands run, and the
//! shell does what their effects ask (a file dialog, a notice, focus, scrolling, closing).

use std::path::PathBuf;

use super::command::{Command, View, take_shortcuts};
use super::editor::EditorPane;
use super::files::FileDialogs;
use super::find::FindPane;
use super::i18n::{Key, tr_args};
use super::outline::OutlinePane;
use super::reading::ReadingPane;
use super::review::{Captured, ReviewPane};
use super::settings::Preferences;
use crate::app::{Effect, Workspace};
use crate::core::count::Counts;
use crate::core::session::Session;

/// Seconds between recovery copies while there are unsaved changes.
pub const RECOVERY_INTERVAL_S: f64 = 60.0;
/// How long a notice stays on screen.
const TOAST_S: f64 = 6.0;

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
    /// The document and everything the commands change.
    pub ws: Workspace,
    dialogs: Box<dyn FileDialogs>,
    outline: OutlinePane,
    editor: EditorPane,
    reading: ReadingPane,
    review: ReviewPane,
    find: FindPane,
    comments: super::comments::CommentsPane,
    feedback: super::feedback::FeedbackPane,
    /// Notices on screen.
    pub toasts: Vec<Toast>,
    /// Notices asked for before the first frame, shown then.
    early_notices: Vec<Effect>,
    pending: Vec<Command>,
    last_recovery_s: f64,
    shown_title: String,
    /// Selected-section counts, cached by (revision, selection).
    section_counts: Option<((u64, super::command::Selection), Counts)>,
}

impl PlandraftApp {
    /// An app on `session`, asking `dialogs` for files.
    pub fn new(session: Session, prefs: Preferences, dialogs: Box<dyn FileDialogs>) -> Self {
        Self {
            ws: Workspace::new(session, prefs),
            dialogs,
            outline: OutlinePane::default(),
            editor: EditorPane::default(),
            reading: ReadingPane::default(),
            review: ReviewPane::default(),
            find: FindPane::default(),
            comments: super::comments::CommentsPane::default(),
            feedback: super::feedback::FeedbackPane::default(),
            toasts: Vec::new(),
            early_notices: Vec::new(),
            pending: Vec::new(),
            last_recovery_s: 0.0,
            shown_title: String::new(),
            section_counts: None,
        }
    }

    /// Queues a command, run after this frame's drawing.
    pub fn push(&mut self, command: Command) {
        self.pending.push(command);
    }

    /// Queues effects asked for outside a frame (at start-up), carried out in the first.
    pub fn queue_effects(&mut self, effects: Vec<Effect>) {
        self.early_notices.extend(effects);
    }

    /// Draws one frame and runs the commands it produced.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.apply_theme(&ctx);
        let early = std::mem::take(&mut self.early_notices);
        self.carry_out(&ctx, early);
        // A question holds the app: no shortcut or dropped file acts behind it.
        if self.ws.question.is_none() {
            self.pending.extend(take_shortcuts(&ctx));
            let dropped = ctx.input(|i| i.raw.dropped_files.clone());
            if let Some(path) = dropped.first().map(|f| f.path().to_owned()) {
                self.push(Command::OpenPath(path));
            }
        }
        self.poll_dialogs(&ctx);
        self.poll_review_image(&ctx);
        self.guard_close(&ctx);
        self.ws.refresh();

        let ws = &self.ws;
        let mut commands = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| commands.extend(super::menu::menu_ui(ui, ws)));
        let counts = section_counts(ws, &mut self.section_counts);
        egui::Panel::bottom("status").show(ui, |ui| {
            commands.extend(super::menu::status_ui(ui, ws, counts))
        });
        if ws.find.is_open {
            let find = &mut self.find;
            egui::Panel::top("find").show(ui, |ui| commands.extend(find.show(ui, ws)));
        }
        let outline = &mut self.outline;
        egui::Panel::left("outline")
            .default_size(360.0)
            .size_range(180.0..=800.0)
            .resizable(true)
            .show(ui, |ui| commands.extend(outline.show(ui, ws)));
        let is_showing_comments = ws.prefs.is_showing_comments
            && matches!(ws.view, View::Edit | View::Reading)
            && (!ws.session.document().comments.is_empty() || ws.is_comment_only());
        if ws.import_findings.as_ref().is_some_and(|f| f.is_open) {
            egui::Panel::right("import report")
                .default_size(340.0)
                .size_range(220.0..=700.0)
                .resizable(true)
                .show(ui, |ui| commands.extend(super::import_report::show(ui, ws)));
        }
        if is_showing_comments {
            let comments = &mut self.comments;
            egui::Panel::right("comments")
                .default_size(300.0)
                .size_range(200.0..=600.0)
                .resizable(true)
                .show(ui, |ui| commands.extend(comments.show(ui, ws)));
        }
        let (editor, reading, review) = (&mut self.editor, &mut self.reading, &mut self.review);
        let feedback = &mut self.feedback;
        egui::CentralPanel::default().show(ui, |ui| {
            commands.extend(match ws.view {
                View::Edit => editor.show(ui, ws),
                View::Reading => reading.show(ui, ws),
                View::Review => review.show(ui, ws),
                View::Feedback => feedback.show(ui, ws),
            });
        });
        self.pending.extend(commands);
        self.question_ui(&ctx);
        self.toasts_ui(&ctx);

        let mut commands = std::mem::take(&mut self.pending);
        // Insert comment (menu or shortcut): on the passage selected in the editor, if any.
        for command in &mut commands {
            if *command == Command::ShowAddComment(None) {
                *command =
                    Command::ShowAddComment(self.editor.selected_quote(&self.ws).map(Box::new));
            }
        }
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

    /// Runs one command and carries out its effects.
    pub fn run(&mut self, ctx: &egui::Context, command: Command) {
        let effects = self.ws.run(command);
        self.carry_out(ctx, effects);
    }

    /// Does what the workspace asked of the shell.
    fn carry_out(&mut self, ctx: &egui::Context, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Notify { text, is_error } => self.notify(ctx, text, is_error),
                Effect::AskFile(kind) => {
                    if !self.dialogs.request(kind.clone(), ctx) {
                        self.ws.file_dialog_refused(&kind);
                    }
                }
                Effect::FocusHeading { select_all } => self.editor.focus_heading(select_all),
                Effect::FocusFind => self.find.focus(),
                Effect::SelectText { field, range } => self.editor.select_text(field, range),
                Effect::ScrollOutline(id) => self.outline.scroll_to(id),
                Effect::ScrollReading(id) => self.reading.scroll_to(id),
                Effect::ScrollToChange(index) => self.review.scroll_to_change(index),
                Effect::CaptureReview(path) => self.review.capture(ctx, &path),
                Effect::Print(path) => {
                    let lang = self.ws.lang();
                    let (text, is_error) = match super::print::print_file(&path) {
                        Ok(super::print::Printed::Sent(how)) => {
                            (tr_args(lang, Key::PrintSent, &[&how]), false)
                        }
                        Ok(super::print::Printed::Opened) => (
                            tr_args(lang, Key::PrintOpened, &[&path.display().to_string()]),
                            false,
                        ),
                        Err(e) => (tr_args(lang, Key::PrintFailed, &[&e.to_string()]), true),
                    };
                    self.notify(ctx, text, is_error);
                }
                Effect::Close => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            }
        }
    }

    /// Shows a notice.
    fn notify(&mut self, ctx: &egui::Context, text: String, is_error: bool) {
        let now = ctx.input(|i| i.time);
        self.toasts.push(Toast {
            text,
            is_error,
            until_s: now + if is_error { TOAST_S * 2.0 } else { TOAST_S },
        });
    }

    /// Hands finished file dialogs to the workspace.
    fn poll_dialogs(&mut self, ctx: &egui::Context) {
        while let Some(answer) = self.dialogs.poll() {
            let effects = self.ws.file_chosen(answer);
            self.carry_out(ctx, effects);
        }
    }

    /// Writes the review image once its capture has arrived.
    fn poll_review_image(&mut self, ctx: &egui::Context) {
        let lang = self.ws.lang();
        match self.review.take_image() {
            None => {}
            Some(Captured::Png { path, bytes }) => {
                self.ws.write_export(&path, &bytes);
                let effects = self.ws.take_effects();
                self.carry_out(ctx, effects);
            }
            Some(Captured::Lost) => {
                self.notify(ctx, Key::CaptureFailed.text(lang).to_owned(), true);
            }
            Some(Captured::Failed(e)) => {
                let text = tr_args(lang, Key::ImageFailed, &[&e.to_string()]);
                self.notify(ctx, text, true);
            }
        }
    }

    /// Turns a window close with unsaved changes into a question.
    fn guard_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.ws.close_requested() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
    }

    fn autosave_recovery(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        if now - self.last_recovery_s < RECOVERY_INTERVAL_S {
            if self.ws.needs_saving() {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(RECOVERY_INTERVAL_S));
            }
            return;
        }
        self.last_recovery_s = now;
        let effects = self.ws.write_recovery();
        self.carry_out(ctx, effects);
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        let theme = if self.ws.prefs.is_dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        if ctx.theme() != theme {
            ctx.set_theme(theme);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.ws.window_title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    /// Draws the question on screen, if any, and queues its answer.
    fn question_ui(&mut self, ctx: &egui::Context) {
        // Taken out while drawn (its form is filled in place), put back below.
        let Some(mut question) = self.ws.question.take() else {
            return;
        };
        let answer = super::dialogs::show(ctx, &self.ws, &mut question);
        self.ws.question = Some(question);
        if let Some(answer) = answer {
            self.push(Command::Answer(answer.map(Box::new)));
        }
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

    /// The recovery copy of the open document, for tests and start-up.
    pub fn recovery_path(&self) -> Option<PathBuf> {
        self.ws.recovery_path()
    }
}

/// The selected section's counts, worked out once per (revision, selection).
fn section_counts(
    ws: &Workspace,
    cache: &mut Option<((u64, super::command::Selection), Counts)>,
) -> Option<Counts> {
    use super::command::Selection;
    let key = (ws.session.revision(), ws.selection);
    match (*cache, ws.selection) {
        (Some((k, c)), _) if k == key => Some(c),
        (_, Selection::Section(id)) => {
            let counts = ws
                .session
                .document()
                .section(id)
                .map(|s| ws.session.subtree_counts(s));
            if let Some(c) = counts {
                *cache = Some((key, c));
            }
            counts
        }
        (_, Selection::Front) => None,
    }
}

impl eframe::App for PlandraftApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, super::settings::STORAGE_KEY, &self.ws.prefs);
    }
}
