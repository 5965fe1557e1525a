//! The desktop app. For now a reader: the numbered outline beside the text of the selected
//! section or of the whole document. Editing arrives with issue #3.

mod fonts;

use anyhow::Result;
use std::path::{Path, PathBuf};

use crate::core::document::{Document, Section, SectionId};
use crate::core::export;
use crate::core::import;
use crate::core::numbering::Numbers;
use crate::core::open;

/// The sample that opens when no file is named, as shipped in the source tree.
const SAMPLE_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/lvyuan-15th-fyp-outline.ron"
);
/// The sample's text, built in for when the source tree is not at hand.
const SAMPLE_TEXT: &str = include_str!("../../samples/lvyuan-15th-fyp-outline.txt");

/// Opens the desktop app on `file`, or on the bundled sample.
pub fn run(file: Option<PathBuf>) -> Result<()> {
    let app = ReaderApp::open(file);
    let title = app.window_title();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_inner_size([1200.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "plandraft",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

/// A read-only view of one document.
struct ReaderApp {
    document: Document,
    numbers: Numbers,
    /// The file shown, or None for the built-in sample.
    path: Option<PathBuf>,
    selected: Option<SectionId>,
    /// Text of the whole document, built once.
    full_text: String,
    error: Option<String>,
}

impl ReaderApp {
    fn open(file: Option<PathBuf>) -> Self {
        let sample = Path::new(SAMPLE_PATH);
        let (document, path, error) =
            match file.or_else(|| sample.exists().then(|| sample.to_owned())) {
                Some(path) => match open::open(&path) {
                    Ok(opened) => (opened.document, Some(path), None),
                    Err(e) => (Document::default(), Some(path), Some(e.to_string())),
                },
                None => (import::import_text(SAMPLE_TEXT).document, None, None),
            };
        Self {
            numbers: Numbers::of(&document),
            full_text: export::to_text(&document),
            document,
            path,
            selected: None,
            error,
        }
    }

    fn window_title(&self) -> String {
        let name = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| "示例".to_owned(), |n| n.to_string_lossy().into_owned());
        format!("{name} — plandraft")
    }

    fn outline_ui(&mut self, ui: &mut egui::Ui, sections: &[Section]) {
        for section in sections {
            let label = self
                .numbers
                .get(section.id)
                .map(|n| n.heading_line(&section.heading))
                .unwrap_or_default();
            let is_selected = self.selected == Some(section.id);
            if section.children.is_empty() {
                if ui.selectable_label(is_selected, label).clicked() {
                    self.selected = Some(section.id);
                }
            } else {
                let response = egui::CollapsingHeader::new(label)
                    .id_salt(section.id.0)
                    .default_open(true)
                    .show(ui, |ui| self.outline_ui(ui, &section.children));
                if response.header_response.clicked() {
                    self.selected = Some(section.id);
                }
            }
        }
    }

    fn section_ui(&self, ui: &mut egui::Ui, section: &Section) {
        let number = self.numbers.label(section.id);
        ui.heading(format!("{number}{}", section.heading));
        for p in &section.paragraphs {
            ui.label(&p.text);
            ui.add_space(6.0);
        }
        for child in &section.children {
            self.section_ui(ui, child);
        }
    }
}

impl eframe::App for ReaderApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let sections = self.document.sections.clone();
        egui::Panel::left("outline")
            .default_size(340.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if ui
                        .selectable_label(self.selected.is_none(), "全文")
                        .clicked()
                    {
                        self.selected = None;
                    }
                    self.outline_ui(ui, &sections);
                });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(error) = &self.error {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("无法打开文件：{error}"),
                );
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                match self.selected.and_then(|id| self.document.section(id)) {
                    Some(section) => self.section_ui(ui, section),
                    None => {
                        ui.label(&self.full_text);
                    }
                }
            });
        });
    }
}
