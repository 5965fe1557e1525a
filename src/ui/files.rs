//! File dialogs behind a small trait, so the app never blocks on a dialog and tests never
//! open one. The real dialogs (rfd) run on a thread of their own and answer through a channel.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

pub use crate::app::files::{DialogAnswer, DialogKind, ExportKind};

/// Shows file dialogs without blocking the UI.
pub trait FileDialogs {
    /// Starts a dialog; its answer arrives through [`FileDialogs::poll`]. Returns false,
    /// starting nothing, while another dialog is open.
    fn request(&mut self, kind: DialogKind, ctx: &egui::Context) -> bool;
    /// A finished dialog's answer, if one is ready.
    fn poll(&mut self) -> Option<DialogAnswer>;
    /// Whether a dialog is open now.
    fn is_busy(&self) -> bool;
}

/// Native dialogs through rfd, each on its own thread.
pub struct NativeDialogs {
    sender: Sender<DialogAnswer>,
    receiver: Receiver<DialogAnswer>,
    open_count: usize,
}

impl Default for NativeDialogs {
    fn default() -> Self {
        let (sender, receiver) = channel();
        Self {
            sender,
            receiver,
            open_count: 0,
        }
    }
}

impl FileDialogs for NativeDialogs {
    fn request(&mut self, kind: DialogKind, ctx: &egui::Context) -> bool {
        if self.open_count > 0 {
            return false;
        }
        self.open_count += 1;
        let sender = self.sender.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new();
            if kind == DialogKind::Feedback {
                let mut paths = dialog
                    .add_filter("plandraft", &["ron"])
                    .add_filter("*", &["*"])
                    .pick_files()
                    .unwrap_or_default();
                let path = (!paths.is_empty()).then(|| paths.remove(0));
                let _ = sender.send(DialogAnswer {
                    kind,
                    path,
                    others: paths,
                });
                ctx.request_repaint();
                return;
            }
            let path = match &kind {
                DialogKind::Open | DialogKind::OpenForReview => dialog
                    .add_filter("plandraft / 文本 / Word", &["ron", "txt", "text", "docx"])
                    .add_filter("*", &["*"])
                    .pick_file(),
                DialogKind::ImportText => dialog
                    .add_filter("文本 / Word", &["txt", "text", "docx"])
                    .add_filter("*", &["*"])
                    .pick_file(),
                DialogKind::Export { what, suggested } => {
                    let ext = what.extension();
                    let name = match ext {
                        "txt" => "文本 text",
                        "docx" => "Word",
                        "png" => "PNG",
                        "xlsx" => "Excel",
                        "csv" => "CSV",
                        _ => "HTML",
                    };
                    let mut dialog = dialog.add_filter(name, &[ext]);
                    if let Some(dir) = suggested.parent().filter(|d| d.is_dir()) {
                        dialog = dialog.set_directory(dir);
                    }
                    let file = suggested
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned());
                    dialog.set_file_name(file.unwrap_or_default()).save_file()
                }
                DialogKind::MergeCopy | DialogKind::Feedback => dialog
                    .add_filter("plandraft", &["ron"])
                    .add_filter("*", &["*"])
                    .pick_file(),
                DialogKind::Compare { .. } => dialog
                    .add_filter("plandraft / 文本 / Word", &["ron", "txt", "text", "docx"])
                    .add_filter("*", &["*"])
                    .pick_file(),
                DialogKind::SaveAs { suggested } => {
                    let mut dialog = dialog.add_filter("plandraft", &["ron"]);
                    if let Some(dir) = suggested.parent().filter(|d| d.is_dir()) {
                        dialog = dialog.set_directory(dir);
                    }
                    let name = suggested
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned());
                    dialog.set_file_name(name.unwrap_or_default()).save_file()
                }
            };
            let _ = sender.send(DialogAnswer {
                kind,
                path,
                others: Vec::new(),
            });
            ctx.request_repaint();
        });
        true
    }

    fn poll(&mut self) -> Option<DialogAnswer> {
        let answer = self.receiver.try_recv().ok()?;
        self.open_count = self.open_count.saturating_sub(1);
        Some(answer)
    }

    fn is_busy(&self) -> bool {
        self.open_count > 0
    }
}

/// What scripted dialogs answer, and what they were asked.
#[derive(Default, Debug)]
pub struct Script {
    /// The answers to give, in order; an empty script answers "cancelled".
    pub answers: std::collections::VecDeque<Option<PathBuf>>,
    /// Every dialog asked for.
    pub asked: Vec<DialogKind>,
    /// While set, an answer is held back, as a dialog the user has not closed yet.
    pub is_holding: bool,
}

/// Dialogs that answer from a script: for tests, which must never open a window. Clones
/// share one script, so a test keeps a handle to it.
#[derive(Clone, Default)]
pub struct ScriptedDialogs {
    /// The shared script.
    pub script: std::sync::Arc<std::sync::Mutex<Script>>,
    ready: std::sync::Arc<std::sync::Mutex<Option<DialogAnswer>>>,
}

impl FileDialogs for ScriptedDialogs {
    fn request(&mut self, kind: DialogKind, _ctx: &egui::Context) -> bool {
        let Ok(mut script) = self.script.lock() else {
            return false;
        };
        script.asked.push(kind.clone());
        let path = script.answers.pop_front().flatten();
        if let Ok(mut ready) = self.ready.lock() {
            *ready = Some(DialogAnswer {
                kind,
                path,
                others: Vec::new(),
            });
        }
        true
    }

    fn poll(&mut self) -> Option<DialogAnswer> {
        if self.script.lock().ok()?.is_holding {
            return None;
        }
        self.ready.lock().ok()?.take()
    }

    fn is_busy(&self) -> bool {
        self.ready.lock().is_ok_and(|r| r.is_some())
    }
}
