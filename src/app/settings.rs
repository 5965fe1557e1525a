//! Preferences kept between runs through eframe's storage: language, theme, recent files.
//! Never the document itself, which lives only in its own file.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use super::i18n::Lang;
use crate::core::export::{Encoding, Format};

/// The key under which preferences are stored.
pub const STORAGE_KEY: &str = "plandraft-preferences";
/// How many recent files are remembered.
const MAX_RECENT: usize = 10;

/// What the user chose last time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// UI language.
    pub lang: Lang,
    /// Dark theme instead of light.
    pub is_dark: bool,
    /// Show each section's 字数 in the outline.
    pub is_showing_counts: bool,
    /// Show the comments beside the editor.
    pub is_showing_comments: bool,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// The name recorded as the author of drafts (asked once; the system user at first).
    pub author: Option<String>,
    /// The unit (单位) written on comments, as last typed.
    pub unit: Option<String>,
    /// The export dialog's format and text options, as last used.
    pub export: ExportChoices,
}

/// The export choices worth keeping between runs (not the draft or sections, which belong
/// to one file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportChoices {
    /// The format.
    pub format: Format,
    /// Text: two full-width spaces before paragraphs.
    pub is_indented: bool,
    /// Text: the encoding.
    pub encoding: Encoding,
    /// Text: Windows line ends.
    pub is_crlf: bool,
}

impl Default for ExportChoices {
    fn default() -> Self {
        Self {
            format: Format::Pdf,
            is_indented: false,
            encoding: Encoding::Utf8,
            is_crlf: false,
        }
    }
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            lang: Lang::Zh,
            is_dark: false,
            is_showing_counts: true,
            is_showing_comments: true,
            recent: Vec::new(),
            author: None,
            unit: None,
            export: ExportChoices::default(),
        }
    }
}

impl Preferences {
    /// Puts `path` first in the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// The file to reopen at start: the most recent one that still exists.
    pub fn last_file(&self) -> Option<&Path> {
        self.recent
            .iter()
            .map(PathBuf::as_path)
            .find(|p| p.exists())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_capped() {
        let mut p = Preferences::default();
        for i in 0..12 {
            p.remember(Path::new(&format!("/nonexistent/{i}.ron")));
        }
        p.remember(Path::new("/nonexistent/5.ron"));
        assert_eq!(p.recent.len(), MAX_RECENT);
        assert_eq!(p.recent[0], Path::new("/nonexistent/5.ron"));
        assert_eq!(p.recent.iter().filter(|r| r.ends_with("5.ron")).count(), 1);
        assert_eq!(p.last_file(), None, "missing files are not reopened");
    }
}
