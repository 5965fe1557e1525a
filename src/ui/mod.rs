//! The desktop app (egui/eframe): the outline tree beside an editor pane. Widgets emit
//! commands; the app runs them through the core's session, which owns the document, its
//! undo history and its file.

pub mod app;
mod blocks;
pub mod command;
mod comments;
mod dialogs;
mod drafts;
mod editor;
pub mod export;
mod feedback;
pub mod files;
mod find;
mod fonts;
mod import_report;
mod marks;
mod menu;
mod outline;
mod print;
mod reading;
pub mod review;

use anyhow::Result;
use std::path::PathBuf;

pub use crate::app::{i18n, settings};
pub use app::PlandraftApp;
pub use fonts::install as install_fonts;

use crate::core::open;
use crate::core::session::Session;
use crate::core::storage;

/// The bundled sample, built into the program.
const SAMPLE_RON: &str = include_str!("../../samples/lvyuan-15th-fyp-outline.ron");
/// The window icon.
const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

/// Where the desktop app keeps its preferences and recovery copies.
pub fn preferences_dir() -> Option<PathBuf> {
    eframe::storage_dir("plandraft")
}

/// A session on the bundled sample: unsaved, named 示例, with nothing to lose on close.
pub fn sample_session() -> Session {
    let document = storage::from_ron_str(SAMPLE_RON, std::path::Path::new("sample.ron"))
        .map(|plan| plan.document)
        .unwrap_or_default();
    Session::sample(document)
}

/// What to open at start: the named file, else the last file, else the bundled sample.
/// Returns the session and, if the named file failed, why.
fn startup_session(file: Option<PathBuf>, prefs: &settings::Preferences) -> Startup {
    let lang = prefs.lang;
    let candidate = file.or_else(|| prefs.last_file().map(PathBuf::from));
    let mut startup = Startup {
        session: sample_session(),
        error: None,
        path: None,
        report: None,
    };
    if let Some(path) = candidate {
        match open::open(&path) {
            Ok(opened) => {
                if let open::Source::Text(report) = &opened.source {
                    startup.report = Some(report.as_ref().clone());
                }
                startup.session = Session::from_opened(opened);
                startup.path = Some(path);
            }
            Err(e) => startup.error = Some(i18n::open_error(lang, &e)),
        }
    }
    startup
}

/// What is open at start.
struct Startup {
    session: Session,
    /// Why the named file failed to open.
    error: Option<String>,
    /// The file opened.
    path: Option<PathBuf>,
    /// What importing it found, for a text or Word file.
    report: Option<crate::core::import::ImportReport>,
}

fn icon() -> Option<egui::IconData> {
    let image = image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png).ok()?;
    let rgba = image.to_rgba8();
    let (width, height) = rgba.dimensions();
    Some(egui::IconData {
        rgba: rgba.into_raw(),
        width,
        height,
    })
}

/// Opens the desktop app on `file`, the last file, or the bundled sample.
pub fn run(file: Option<PathBuf>, for_review: bool) -> Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("plandraft")
        .with_inner_size([1280.0, 820.0])
        .with_min_inner_size([640.0, 400.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "plandraft",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            let prefs: settings::Preferences = cc
                .storage
                .and_then(|s| eframe::get_value(s, settings::STORAGE_KEY))
                .unwrap_or_default();
            let Startup {
                session,
                error,
                path: opened_path,
                report,
            } = startup_session(file, &prefs);
            let is_sample = opened_path.is_none();
            let mut app =
                PlandraftApp::new(session, prefs, Box::new(files::NativeDialogs::default()));
            let ws = &mut app.ws;
            if is_sample {
                ws.set_untitled(i18n::Key::Sample.text(ws.lang()).to_owned());
            }
            if let Some(path) = opened_path {
                ws.prefs.remember(&path);
                if let Some(report) = report {
                    ws.set_import_report(&path, report);
                }
                if for_review {
                    ws.set_reviewing();
                    let text = ws.t(i18n::Key::ReviewingNotice).to_owned();
                    ws.notify(text, false);
                }
            }
            ws.untitled_recovery_in(preferences_dir());
            if let Some(error) = error {
                let text = i18n::tr_args(ws.lang(), i18n::Key::OpenFailed, &[&error]);
                ws.notify(text, true);
            }
            let effects = ws.check_recovery();
            app.queue_effects(effects);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
