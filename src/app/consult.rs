//! The 征求意见 round in the app: comments (批注) added, answered, resolved and deleted as
//! undoable steps; the comment-only mode; collecting returned copies (稿次 → 汇总反馈…); the
//! 反馈 view's filters, decisions and adopting a proposal; exporting the 意见采纳情况表.

use std::path::PathBuf;

use super::command::{Command, Selection, View};
use super::i18n::{Key, tr_args};
use super::question::Question;
use super::workspace::{Effect, Workspace};
use crate::core::comment::{self, Comment, Quote, Reply};
use crate::core::document::SectionId;
use crate::core::draft::system_user;
use crate::core::edit::Edit;
use crate::core::feedback::{self, Decision, Opinion, Returned};
use crate::core::storage;

/// The fields of the add-comment dialog.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommentForm {
    /// The section commented on.
    pub section: Option<SectionId>,
    /// The passage, if one was selected.
    pub quote: Option<Quote>,
    /// The comment.
    pub text: String,
    /// The writer's unit (单位), remembered from last time.
    pub unit: String,
}

/// The units of returned copies that do not name theirs, as the user names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitsForm {
    /// Every copy chosen.
    pub paths: Vec<PathBuf>,
    /// The copies to name, each with its unit (the file's name to start with).
    pub units: Vec<(PathBuf, String)>,
}

/// The 反馈 view's state: its filters and the comment shown last.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Consult {
    /// Only opinions of this unit.
    pub unit: Option<String>,
    /// Only opinions with this decision (Some(None): those still undecided).
    pub decision: Option<Option<Decision>>,
    /// Only opinions on this section.
    pub section: Option<SectionId>,
    /// The comment stepped to last (Ctrl+Alt+↓/↑), by id.
    pub comment: Option<String>,
    /// Whether the file was opened for review (以审阅方式打开): comments only, for this
    /// session, whatever the file says.
    pub is_reviewing: bool,
    /// The file chosen to open for review, until it is open.
    pub review_path: Option<PathBuf>,
}

impl Workspace {
    /// Whether the text may not be edited: the file is for commenting only, or was opened
    /// for review.
    pub fn is_comment_only(&self) -> bool {
        self.session.is_comment_only() || self.consult.is_reviewing
    }

    /// Marks the open file as opened for review (以审阅方式打开), as when chosen so.
    pub fn set_reviewing(&mut self) {
        self.consult.is_reviewing = true;
    }

    /// The add-comment form for the selected section, on `quote` if a passage is selected.
    pub fn comment_form(&self, quote: Option<Quote>) -> CommentForm {
        let section = match self.selection {
            Selection::Section(id) => Some(id),
            Selection::Front => None,
        };
        CommentForm {
            section,
            quote: quote.filter(|_| section.is_some()),
            text: String::new(),
            unit: self.prefs.unit.clone().unwrap_or_default(),
        }
    }

    /// The comment on the byte range `range` of a section's text ([`comment::section_text`]).
    pub fn quote_in(&self, section: SectionId, range: std::ops::Range<usize>) -> Option<Quote> {
        comment::quote_at(self.session.document().section(section)?, range)
    }

    /// The opinions the 反馈 view shows: all, less those the filters leave out.
    pub fn shown_opinions(&self) -> Vec<&Opinion> {
        let c = &self.consult;
        self.session
            .feedback()
            .iter()
            .filter(|o| c.unit.as_ref().is_none_or(|u| *u == o.unit))
            .filter(|o| c.decision.is_none_or(|d| d == o.decision))
            .filter(|o| c.section.is_none_or(|s| o.section == Some(s)))
            .collect()
    }

    /// The units opinions came from, in the order of their first opinion.
    pub fn feedback_units(&self) -> Vec<String> {
        let mut units: Vec<String> = Vec::new();
        for o in self.session.feedback() {
            if !units.contains(&o.unit) {
                units.push(o.unit.clone());
            }
        }
        units
    }

    /// Runs a comment or feedback command.
    pub(super) fn run_consult_command(&mut self, command: Command) {
        match command {
            Command::ShowAddComment(_) | Command::CommentOnSection => {
                let quote = match command {
                    Command::ShowAddComment(quote) => quote.map(|q| *q),
                    _ => None,
                };
                let form = self.comment_form(quote);
                if form.section.is_none() {
                    let text = self.t(Key::CommentNeedsSection).to_owned();
                    self.notify(text, true);
                } else {
                    self.question = Some(Question::AddComment(form));
                }
            }
            Command::AddComment(form) => self.add_comment(*form),
            Command::ReplyComment { id, text } => {
                let author = self.author();
                let unit = self.prefs.unit.clone().unwrap_or_default();
                self.change_comment(&id, |c| {
                    c.replies.push(Reply {
                        author,
                        unit,
                        time: comment::now(),
                        text,
                    });
                });
            }
            Command::ResolveComment { id, is_resolved } => {
                self.change_comment(&id, |c| c.is_resolved = is_resolved);
            }
            Command::DeleteComment(id) => {
                let mut comments = self.session.document().comments.clone();
                comments.retain(|c| c.id != id);
                let result = self.session.apply(Edit::SetComments { comments });
                self.after_change(result);
            }
            Command::NextComment | Command::PreviousComment => {
                self.step_comment(if command == Command::NextComment {
                    1
                } else {
                    -1
                });
            }
            Command::ShowComment(id) => self.show_comment(&id),
            Command::StopReviewing => {
                self.consult.is_reviewing = false;
                let text = self.t(Key::ReviewingStopped).to_owned();
                self.notify(text, false);
            }
            Command::SetCommentOnly(is_comment_only) => {
                self.session.set_comment_only(is_comment_only);
                let key = if is_comment_only {
                    Key::CommentOnlyOn
                } else {
                    Key::CommentOnlyOff
                };
                let text = self.t(key).to_owned();
                self.notify(text, false);
            }
            Command::CollectFeedback => {
                self.effect(Effect::AskFile(super::files::DialogKind::Feedback));
            }
            Command::CollectFrom(paths) => self.collect_from(&paths, &[]),
            Command::CollectNamed(form) => self.collect_from(&form.paths, &form.units),
            Command::Decide {
                key,
                decision,
                reason,
            } => {
                let was = self
                    .session
                    .feedback()
                    .iter()
                    .find(|o| o.key == key)
                    .and_then(|o| o.decision);
                self.session.decide(&key, decision, &reason);
                if decision == Some(Decision::PartlyAdopted) && was != decision {
                    self.open_partly_adopted(&key);
                }
            }
            Command::Adopt(key) => self.adopt(&key),
            Command::SetFeedbackFilter {
                unit,
                decision,
                section,
            } => {
                self.consult.unit = unit;
                self.consult.decision = decision;
                self.consult.section = section;
            }
            _ => {}
        }
    }

    /// The user's name: as set in the preferences, else their system account.
    pub(super) fn author(&self) -> String {
        self.prefs.author.clone().unwrap_or_else(system_user)
    }

    fn add_comment(&mut self, form: CommentForm) {
        let Some(section) = form.section else {
            return;
        };
        if form.text.trim().is_empty() {
            return;
        }
        self.prefs.unit = Some(form.unit.clone()).filter(|u| !u.is_empty());
        let c = Comment::new(section, form.quote, &self.author(), &form.unit, &form.text);
        self.consult.comment = Some(c.id.clone());
        let mut comments = self.session.document().comments.clone();
        comments.push(c);
        let result = self.session.apply(Edit::SetComments { comments });
        self.after_change(result);
    }

    /// Changes one comment as one undoable step.
    fn change_comment(&mut self, id: &str, change: impl FnOnce(&mut Comment)) {
        let mut comments = self.session.document().comments.clone();
        if let Some(c) = comments.iter_mut().find(|c| c.id == id) {
            change(c);
            let result = self.session.apply(Edit::SetComments { comments });
            self.after_change(result);
        }
    }

    /// Shows the next (`delta` 1) or previous (−1) open comment in document order.
    fn step_comment(&mut self, delta: isize) {
        let doc = self.session.document();
        let open: Vec<String> = comment::in_document_order(doc)
            .into_iter()
            .filter(|(c, a)| !c.is_resolved && a.section.is_some())
            .map(|(c, _)| c.id.clone())
            .collect();
        if open.is_empty() {
            let text = self.t(Key::NoOpenComments).to_owned();
            self.notify(text, false);
            return;
        }
        let current = self
            .consult
            .comment
            .as_ref()
            .and_then(|id| open.iter().position(|o| o == id));
        let next = super::command::step(current, open.len(), delta);
        let id = open[next].clone();
        self.show_comment(&id);
    }

    /// Selects the section a comment is on, in the editor.
    fn show_comment(&mut self, id: &str) {
        let doc = self.session.document();
        let Some(c) = doc.comments.iter().find(|c| c.id == id) else {
            return;
        };
        if let Some(section) = comment::anchor(doc, c).section {
            self.consult.comment = Some(id.to_owned());
            if self.view == View::Review {
                self.view = View::Edit;
            }
            self.select(Selection::Section(section));
        }
    }

    /// Collects the returned copies at `paths` into the file's opinions, and shows them;
    /// `units` names the units of some. When a copy's unit is named nowhere, asks for it
    /// first (once: collecting that file again finds the name among the opinions).
    fn collect_from(&mut self, paths: &[PathBuf], units: &[(PathBuf, String)]) {
        let is_asked = !units.is_empty();
        let returned: Vec<Returned> = paths
            .iter()
            .map(|path| Returned {
                unit: units
                    .iter()
                    .find(|(named, _)| named == path)
                    .map(|(_, unit)| unit.clone()),
                ..Returned::new(
                    path,
                    storage::load(path).map_err(|e| super::i18n::storage_error(self.lang(), &e)),
                )
            })
            .collect();
        let master = self.session.plan_file();
        let unnamed = feedback::unnamed_units(&master, &returned);
        if !is_asked && !unnamed.is_empty() {
            self.question = Some(Question::FeedbackUnits(UnitsForm {
                paths: paths.to_vec(),
                units: unnamed,
            }));
            return;
        }
        let collected = feedback::collect(&master, &returned);
        let opinions = feedback::join(
            self.session.document(),
            self.session.feedback(),
            collected.opinions,
        );
        let count = opinions.len() - self.session.feedback().len();
        self.session.set_feedback(opinions);
        let copies = paths.len() - collected.skipped.len();
        let mut text = tr_args(
            self.lang(),
            Key::Collected,
            &[&copies.to_string(), &count.to_string()],
        );
        for s in &collected.skipped {
            text.push('\n');
            text += &tr_args(self.lang(), Key::LeftOut, &[&s.reason]);
        }
        let is_error = !collected.skipped.is_empty();
        self.notify(text, is_error);
        self.view = View::Feedback;
    }

    /// Puts an opinion's wording in the working copy (one undoable step) and marks it 采纳.
    /// Opens the section of an opinion just marked 部分采纳 for editing by hand, saying
    /// what the unit proposed.
    fn open_partly_adopted(&mut self, key: &str) {
        let Some(opinion) = self.session.feedback().iter().find(|o| o.key == key) else {
            return;
        };
        let Some(id) = opinion
            .section
            .filter(|id| self.session.document().section(*id).is_some())
        else {
            return;
        };
        let place = self
            .session
            .numbers()
            .full_label(self.session.document(), id);
        let text = tr_args(
            self.lang(),
            Key::PartlyAdoptedOpen,
            &[&place, &opinion.summary_line()],
        );
        self.view = View::Edit;
        self.select(Selection::Section(id));
        self.notify(text, false);
    }

    fn adopt(&mut self, key: &str) {
        let Some(opinion) = self
            .session
            .feedback()
            .iter()
            .find(|o| o.key == key)
            .cloned()
        else {
            return;
        };
        match feedback::apply(self.session.document(), &opinion) {
            Ok(edit) => {
                let result = self.session.apply(edit);
                let is_ok = result.is_ok();
                self.after_change(result);
                if is_ok {
                    self.session
                        .decide(key, Some(Decision::Adopted), &opinion.reason);
                }
            }
            Err(e) => {
                let reason = super::i18n::apply_error(self.lang(), &e);
                let text = tr_args(self.lang(), Key::CannotAdopt, &[&reason]);
                self.notify(text, true);
                // Partly adopting: the place opens for editing by hand.
                if let Some(id) = opinion
                    .section
                    .filter(|id| self.session.document().section(*id).is_some())
                {
                    self.view = View::Edit;
                    self.select(Selection::Section(id));
                }
            }
        }
    }
}
