//! Drafts in the app: the record-draft form, the list of drafts, and what recording,
//! restoring, renaming and deleting a draft do.

use super::command::Command;
use super::i18n::{Key, tr_args};
use super::question::Question;
use super::workspace::Workspace;
use crate::core::draft::{Draft, system_user};

/// The fields of the record-draft dialog.
#[derive(Clone, Debug, Default)]
pub struct DraftForm {
    /// The draft's name.
    pub name: String,
    /// Who records it.
    pub author: String,
    /// What changed.
    pub note: String,
}

/// The drafts dialog: which draft is being renamed, to what.
#[derive(Clone, Debug, Default)]
pub struct DraftList {
    /// (draft name, new name being typed)
    pub renaming: Option<(String, String)>,
    /// Each draft's 字数, oldest first, counted once per change of the drafts (the drafts
    /// revision they were counted at).
    pub words: Option<(u64, Vec<usize>)>,
}

impl Workspace {
    /// A blank record-draft form, with the author remembered from last time.
    pub fn draft_form(&self) -> DraftForm {
        DraftForm {
            name: String::new(),
            author: self.prefs.author.clone().unwrap_or_else(system_user),
            note: String::new(),
        }
    }

    /// Runs a draft command.
    pub(super) fn run_draft_command(&mut self, command: Command) {
        match command {
            Command::ShowRecordDraft => {
                self.question = Some(Question::RecordDraft(self.draft_form()));
            }
            Command::ShowDrafts => {
                self.question = Some(Question::Drafts(DraftList::default()));
            }
            Command::RecordDraft { name, author, note } => {
                let author = if author.is_empty() {
                    system_user()
                } else {
                    author
                };
                self.prefs.author = Some(author.clone());
                let draft = Draft::record(&name, &author, &note, self.session.document());
                self.session.record_draft(draft);
                let text = tr_args(self.lang(), Key::DraftRecorded, &[&name]);
                self.notify(text, false);
            }
            Command::RestoreDraft(name) => {
                if let Some(result) = self.session.restore_draft(&name) {
                    let is_ok = result.is_ok();
                    self.after_change(result);
                    if is_ok {
                        let text = tr_args(self.lang(), Key::DraftRestored, &[&name]);
                        self.notify(text, false);
                    }
                }
            }
            Command::RenameDraft { from, to } => {
                if self.session.rename_draft(&from, &to) {
                    self.question = Some(Question::Drafts(DraftList::default()));
                } else {
                    let text = self.t(Key::NameTaken).to_owned();
                    self.notify(text, true);
                }
            }
            Command::DeleteDraft(name) => {
                self.session.delete_draft(&name);
                self.question = Some(Question::Drafts(DraftList::default()));
            }
            _ => {}
        }
    }

    /// Each draft's 字数, oldest first, counted again only when the drafts changed.
    pub fn draft_words(&self, list: &mut DraftList) -> Vec<usize> {
        let revision = self.session.drafts_revision();
        if list.words.as_ref().is_none_or(|(r, _)| *r != revision) {
            let words = self
                .session
                .drafts()
                .iter()
                .map(|d| crate::core::count::Counts::of_document(&d.document).words)
                .collect();
            list.words = Some((revision, words));
        }
        list.words
            .as_ref()
            .map(|(_, w)| w.clone())
            .unwrap_or_default()
    }
}
