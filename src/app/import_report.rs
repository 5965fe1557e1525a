//! The import report shown after a text or Word file is opened: every finding with its
//! line, what was written and what it is now, the section it is in (to jump there), and,
//! for a renumbered heading, the choice to keep the number as written.

use crate::core::document::SectionId;
use crate::core::import::{ImportReport, ImportWarning};

/// One finding of the import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What was found.
    pub warning: ImportWarning,
    /// The section it is in (None: the title or the text before the first heading).
    pub section: Option<SectionId>,
    /// For a renumbered heading: the number as written, which the drafter may keep.
    pub written: Option<u32>,
}

impl Finding {
    /// Whether the drafter kept the written number (the section restarts at it).
    pub fn is_kept(&self, doc: &crate::core::document::Document) -> bool {
        self.section
            .and_then(|id| doc.section(id))
            .is_some_and(|s| s.restart.is_some() && s.restart == self.written)
    }
}

/// The report of the file opened last, while its findings matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportFindings {
    /// The file's name.
    pub file: String,
    /// The import's summary.
    pub report: ImportReport,
    /// Every finding, in the file's order.
    pub findings: Vec<Finding>,
    /// Whether the report is on screen.
    pub is_open: bool,
}

impl ImportFindings {
    /// The findings of `report` on the file called `file`; open when there is anything to
    /// check.
    pub fn new(file: String, report: ImportReport) -> Self {
        let findings: Vec<Finding> = report
            .warnings
            .iter()
            .map(|w| {
                let section = report.section_at(w.line());
                let written = match w {
                    ImportWarning::NumberMismatch { value, .. } => Some(*value),
                    _ => None,
                };
                Finding {
                    warning: w.clone(),
                    // A heading's finding is on its own line: the section it starts.
                    section,
                    written,
                }
            })
            .collect();
        Self {
            file,
            is_open: !findings.is_empty(),
            report,
            findings,
        }
    }
}
