//! The files a command asks the user for: which dialog, and what an export writes. The
//! desktop shell shows the dialogs; the workspace only says which it needs and takes the
//! answer.

use std::path::PathBuf;

/// Which dialog to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogKind {
    /// Choose a plandraft or text file to open.
    Open,
    /// Choose a file to open for review (comments only).
    OpenForReview,
    /// Choose a text file to import.
    ImportText,
    /// Choose where to export.
    Export {
        /// What to export.
        what: ExportKind,
        /// The file name offered.
        suggested: PathBuf,
    },
    /// Choose a file to compare with, on the old or the new side.
    Compare {
        /// Whether it becomes the old side.
        is_old_side: bool,
    },
    /// Choose another copy of the document to merge in.
    MergeCopy,
    /// Choose the copies units returned, to collect their opinions (several at once).
    Feedback,
    /// Choose where to save, suggesting a folder and file name.
    SaveAs {
        /// The file offered (its folder is where the dialog opens).
        suggested: PathBuf,
    },
}

/// What an export writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// The working copy or a draft, as the export dialog chose.
    Document {
        /// The draft; None for the working copy.
        draft: Option<String>,
        /// Format, sections and text options.
        options: crate::core::export::Options,
    },
    /// The review view's comparison as an HTML report.
    Report,
    /// The review view as a PNG image.
    ReviewImage,
    /// The 意见采纳情况表 of the opinions collected.
    FeedbackTable(crate::core::export::table::TableFormat),
}

impl ExportKind {
    /// The file extension written.
    pub fn extension(&self) -> &'static str {
        match self {
            ExportKind::Document { options, .. } => options.format.extension(),
            ExportKind::Report => "html",
            ExportKind::ReviewImage => "png",
            ExportKind::FeedbackTable(format) => format.extension(),
        }
    }
}

/// A dialog's answer: the kind asked for and the file chosen (None if cancelled).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialogAnswer {
    /// The dialog that answered.
    pub kind: DialogKind,
    /// The chosen file.
    pub path: Option<PathBuf>,
    /// Further files chosen, for a dialog that picks several.
    pub others: Vec<PathBuf>,
}
