//! The session's 征求意见 state: the opinions collected from returned copies and the
//! decisions on them, and whether the file opens for commenting only. Both are saved with
//! the file; changing them makes the session unsaved, as review decisions do.

use super::{Session, next_revision};
use crate::core::feedback::{Decision, Opinion};

impl Session {
    /// The opinions collected so far, in document order.
    pub fn feedback(&self) -> &[Opinion] {
        &self.feedback
    }

    /// Replaces the collected opinions (after collecting more copies).
    pub fn set_feedback(&mut self, opinions: Vec<Opinion>) {
        if opinions != self.feedback {
            self.feedback = opinions;
            self.feedback_changed();
        }
    }

    /// Records the decision and reason on the opinion `key`; false if there is none.
    pub fn decide(&mut self, key: &str, decision: Option<Decision>, reason: &str) -> bool {
        let Some(o) = self.feedback.iter_mut().find(|o| o.key == key) else {
            return false;
        };
        if o.decision != decision || o.reason != reason {
            o.decision = decision;
            o.reason = reason.to_owned();
            self.feedback_changed();
        }
        true
    }

    /// Whether the file opens for commenting only.
    pub fn is_comment_only(&self) -> bool {
        self.is_comment_only
    }

    /// Makes the file open for commenting only, or for editing again.
    pub fn set_comment_only(&mut self, is_comment_only: bool) {
        if self.is_comment_only != is_comment_only {
            self.is_comment_only = is_comment_only;
            self.feedback_changed();
        }
    }

    fn feedback_changed(&mut self) {
        self.are_decisions_changed = true;
        self.drafts_revision = next_revision();
    }
}
