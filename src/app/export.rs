//! Exporting in the app: the export form (the working copy or a draft, the whole document or
//! chosen sections, format and text options) with its preview, and what an export writes.

use std::path::Path;

use super::command::Selection;
use super::files::ExportKind;
use super::i18n::{self, Key, tr_args};
use super::settings::ExportChoices;
use super::workspace::{Effect, Workspace};
use crate::core::document::SectionId;
use crate::core::export::{self, Options, Sections, page};
use crate::core::write::{self, WriteOptions};

/// How many lines of a text export the preview shows.
const TEXT_PREVIEW_LINES: usize = 60;

/// The export dialog's choices.
#[derive(Clone, Debug)]
pub struct ExportForm {
    /// The draft to export; None for the working copy.
    pub draft: Option<String>,
    /// The whole document, or only `chosen`.
    pub is_whole: bool,
    /// The top-level sections chosen.
    pub chosen: Vec<SectionId>,
    /// Format and text options (kept in the preferences).
    pub choices: ExportChoices,
    /// The page shown in the preview (0-based).
    pub page: usize,
    preview: Option<Preview>,
}

/// What the preview was made from; a new one is made when this changes.
#[derive(Clone, Debug, PartialEq)]
struct PreviewKey {
    draft: Option<String>,
    revision: u64,
    drafts_revision: u64,
    sections: Sections,
    is_paged: bool,
    is_indented: bool,
}

/// The preview: the printed pages, or the start of the text.
#[derive(Clone, Debug)]
struct Preview {
    key: PreviewKey,
    content: Result<PreviewContent, String>,
}

/// What the preview shows.
#[derive(Clone, Debug)]
pub enum PreviewContent {
    /// The printed pages, as `core::export::page` sets them.
    Pages(Vec<page::Page>),
    /// The start of the text, and how many characters the whole has.
    Text {
        /// The first lines.
        head: String,
        /// Characters in the whole export.
        chars: usize,
    },
}

impl Default for ExportForm {
    fn default() -> Self {
        Self {
            draft: None,
            is_whole: true,
            chosen: Vec::new(),
            choices: ExportChoices::default(),
            page: 0,
            preview: None,
        }
    }
}

impl ExportForm {
    /// The export options the form describes.
    pub fn options(&self) -> Options {
        Options {
            format: self.choices.format,
            sections: self.sections(),
            is_indented: self.choices.is_indented,
            encoding: self.choices.encoding,
            is_crlf: self.choices.is_crlf,
            properties: export::Properties::default(),
        }
    }

    fn sections(&self) -> Sections {
        if self.is_whole {
            Sections::All
        } else {
            Sections::Chosen(self.chosen.clone())
        }
    }

    /// The preview as last made: the pages or text, or why there is none.
    pub fn preview(&self) -> Option<&Result<PreviewContent, String>> {
        self.preview.as_ref().map(|p| &p.content)
    }

    /// The preview, and the page of it shown (which the dialog turns).
    pub fn preview_and_page(&mut self) -> (Option<&Result<PreviewContent, String>>, &mut usize) {
        (self.preview.as_ref().map(|p| &p.content), &mut self.page)
    }

    /// The form without its preview, to remember for next time.
    pub fn remembered(&self) -> Self {
        Self {
            preview: None,
            ..self.clone()
        }
    }
}

impl Workspace {
    /// A new export form: the last choices, with the selected chapter ready to be chosen.
    pub fn export_form(&self) -> ExportForm {
        let mut form = self.last_export.clone().unwrap_or_else(|| ExportForm {
            choices: self.prefs.export.clone(),
            ..ExportForm::default()
        });
        form.preview = None;
        form.page = 0;
        if form
            .draft
            .as_ref()
            .is_some_and(|d| self.session.draft(d).is_none())
        {
            form.draft = None;
        }
        if let Selection::Section(id) = self.selection {
            let doc = self.session.document();
            let top = doc
                .path_of(id)
                .and_then(|path| path.first().and_then(|&i| doc.sections.get(i)))
                .map(|s| s.id);
            form.chosen = top.into_iter().collect();
        }
        form
    }

    /// Makes the form's preview again if what it shows changed.
    pub fn refresh_preview(&self, form: &mut ExportForm) {
        let key = PreviewKey {
            draft: form.draft.clone(),
            revision: self.session.revision(),
            drafts_revision: self.session.drafts_revision(),
            sections: form.sections(),
            is_paged: form.choices.format.is_paged(),
            is_indented: form.choices.is_indented,
        };
        if form.preview.as_ref().is_some_and(|p| p.key == key) {
            return;
        }
        let content = match self.session.version_document(form.draft.as_deref()) {
            None => Err(self.t(Key::ExportNoDraft).to_owned()),
            Some(doc) => match export::part(doc, &key.sections) {
                Err(export::ExportError::NothingChosen) => {
                    Err(self.t(Key::ExportNothingChosen).to_owned())
                }
                Err(e) => Err(e.to_string()),
                Ok((part, numbers)) if key.is_paged => {
                    Ok(PreviewContent::Pages(page::pages(&part, &numbers)))
                }
                Ok((part, numbers)) => {
                    let text = export::to_text_with(&part, &numbers, key.is_indented);
                    let head = text
                        .lines()
                        .take(TEXT_PREVIEW_LINES)
                        .collect::<Vec<_>>()
                        .join("\n");
                    Ok(PreviewContent::Text {
                        head,
                        chars: text.chars().count(),
                    })
                }
            },
        };
        form.preview = Some(Preview { key, content });
        form.page = 0;
    }

    /// Remembers the form's choices for the next export, in this run and the next.
    pub fn remember_export(&mut self, form: &ExportForm) {
        self.last_export = Some(form.remembered());
        self.prefs.export = form.choices.clone();
    }

    /// The file name an export suggests: the document's, marked with the draft's name or
    /// as a comparison, with the format's extension.
    pub(super) fn export_name(&self, what: &ExportKind) -> std::path::PathBuf {
        let base = self
            .session
            .suggested_path()
            .unwrap_or_else(|| self.document_name().into());
        let stem = base
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = match what {
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
            ExportKind::FeedbackTable(_) => format!("{stem}-意见采纳情况表"),
        };
        base.with_file_name(format!("{name}.{}", what.extension()))
    }

    /// Writes the working copy or a draft, or the comparison report, to `path`; the review
    /// view's image is asked of the shell, which captures the pane.
    pub(super) fn export_to(&mut self, what: ExportKind, path: &Path) {
        let bytes = match what {
            ExportKind::Document { draft, options } => {
                let Some(doc) = self.session.version_document(draft.as_deref()) else {
                    let text = self.t(Key::ExportNoDraft).to_owned();
                    self.notify(text, true);
                    return;
                };
                let options = export::Options {
                    properties: self.export_properties(),
                    ..options
                };
                match export::render(doc, &options) {
                    Ok(bytes) => bytes,
                    Err(e) => return self.export_failed(&e),
                }
            }
            ExportKind::FeedbackTable(format) => {
                let table =
                    crate::core::feedback::table(self.session.document(), self.session.feedback());
                match crate::core::export::table::render_table(&table, format) {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        self.notify(e.to_string(), true);
                        return;
                    }
                }
            }
            ExportKind::Report => match self.review_report_html() {
                Some(html) => html.into_bytes(),
                None => return,
            },
            ExportKind::ReviewImage => {
                // The file dialog does not hold the app: the review may have been left
                // meanwhile.
                if self.view == super::command::View::Review {
                    self.effect(Effect::CaptureReview(path.to_owned()));
                } else {
                    let text = self.t(Key::ReviewClosed).to_owned();
                    self.notify(text, true);
                }
                return;
            }
        };
        self.write_export(path, &bytes);
    }

    /// Says why an export failed.
    fn export_failed(&mut self, e: &export::ExportError) {
        let text = match e {
            export::ExportError::Conflicts(n) => {
                tr_args(self.lang(), Key::ExportConflicts, &[&n.to_string()])
            }
            e => e.to_string(),
        };
        self.notify(text, true);
    }

    /// Who exports and when, for the file's document properties: the name set in the
    /// preferences, else the system account's (none when unknown), and now.
    fn export_properties(&self) -> export::Properties {
        let author = self
            .prefs
            .author
            .clone()
            .or_else(crate::core::draft::known_user)
            .unwrap_or_default();
        export::Properties::now(&author)
    }

    /// Prints the working copy: writes its PDF (the print preview's pages) to a file of its
    /// own in the system's temporary folder and asks the shell to print it.
    pub(super) fn print(&mut self) {
        let options = Options {
            format: export::Format::Pdf,
            properties: self.export_properties(),
            ..Options::default()
        };
        let bytes = match export::render(self.session.document(), &options) {
            Ok(bytes) => bytes,
            Err(e) => return self.export_failed(&e),
        };
        let written = tempfile::Builder::new()
            .prefix("plandraft-打印-")
            .suffix(".pdf")
            .tempfile()
            .and_then(|mut file| {
                std::io::Write::write_all(&mut file, &bytes)?;
                // Kept: the printing system reads it after this returns.
                file.keep().map_err(|e| e.error)
            });
        match written {
            Ok((_, path)) => self.effect(Effect::Print(path)),
            Err(e) => {
                let text = tr_args(self.lang(), Key::PrintFailed, &[&e.to_string()]);
                self.notify(text, true);
            }
        }
    }

    /// Writes an exported file atomically and says so.
    pub fn write_export(&mut self, path: &Path, bytes: &[u8]) {
        // The save dialog has already asked before replacing a file.
        let options = WriteOptions {
            may_replace: true,
            keep_backup: true,
            inputs: &[],
        };
        match write::write_atomically(path, bytes, &options) {
            Ok(()) => {
                let text = tr_args(self.lang(), Key::Exported, &[&path.display().to_string()]);
                self.notify(text, false);
            }
            Err(e) => {
                let text = i18n::write_error(self.lang(), &e);
                self.notify(text, true);
            }
        }
    }
}
