//! Undo and redo: stacks of inverse edits, with typing bursts merged into one step and a
//! version number that tells whether the document differs from what was saved.

use super::document::Document;
use super::edit::{Change, Edit, EditError, apply};

/// One undoable step.
#[derive(Clone, Debug)]
struct Entry {
    /// Applying this restores the state before the step.
    inverse: Edit,
    /// Steps with the same group (one typing burst in one field) merge into one.
    group: Option<u64>,
    /// The document version after the step.
    version: u64,
}

/// Undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    /// The last version handed out.
    last_version: u64,
}

impl History {
    /// Applies `edit` as a step of its own; clears the redo stack.
    pub fn apply(&mut self, doc: &mut Document, edit: Edit) -> Result<Change, EditError> {
        self.apply_grouped(doc, edit, None)
    }

    /// Applies `edit`; when `group` is Some and equals the group of the last step, the two
    /// become one undo step (typing a word is undone at once, not letter by letter).
    pub fn apply_grouped(
        &mut self,
        doc: &mut Document,
        edit: Edit,
        group: Option<u64>,
    ) -> Result<Change, EditError> {
        let applied = apply(doc, edit)?;
        self.redo.clear();
        self.last_version += 1;
        let version = self.last_version;
        match self.undo.last_mut() {
            Some(top) if group.is_some() && top.group == group => {
                // Undo the newer part first, then the older: always right, whatever the edits.
                let older = std::mem::replace(&mut top.inverse, Edit::Batch { edits: Vec::new() });
                top.inverse = merge_inverses(applied.inverse, older);
                top.version = version;
            }
            _ => self.undo.push(Entry {
                inverse: applied.inverse,
                group,
                version,
            }),
        }
        Ok(applied.change)
    }

    /// Undoes the last step, if any.
    pub fn undo(&mut self, doc: &mut Document) -> Option<Result<Change, EditError>> {
        let entry = self.undo.pop()?;
        match apply(doc, entry.inverse.clone()) {
            Ok(applied) => {
                self.last_version += 1;
                self.redo.push(Entry {
                    inverse: applied.inverse,
                    group: None,
                    version: entry.version,
                });
                Some(Ok(applied.change))
            }
            Err(e) => {
                self.undo.push(entry);
                Some(Err(e))
            }
        }
    }

    /// Redoes the last undone step, if any.
    pub fn redo(&mut self, doc: &mut Document) -> Option<Result<Change, EditError>> {
        let entry = self.redo.pop()?;
        match apply(doc, entry.inverse.clone()) {
            Ok(applied) => {
                self.undo.push(Entry {
                    inverse: applied.inverse,
                    group: None,
                    version: entry.version,
                });
                Some(Ok(applied.change))
            }
            Err(e) => {
                self.redo.push(entry);
                Some(Err(e))
            }
        }
    }

    /// Ends the current typing burst: the next grouped edit starts a new step.
    pub fn close_group(&mut self) {
        if let Some(top) = self.undo.last_mut() {
            top.group = None;
        }
    }

    /// The version of the document as it stands: equal versions mean equal documents
    /// (for telling whether there are unsaved changes).
    pub fn version(&self) -> u64 {
        self.undo.last().map_or(0, |e| e.version)
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forgets everything (after opening another document).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

/// One inverse that undoes `newer` and then `older`. Two settings of the same text collapse
/// into the older one, which alone restores the state before both.
fn merge_inverses(newer: Edit, older: Edit) -> Edit {
    let is_same_target = match (&newer, &older) {
        (
            Edit::SetParagraph {
                container: a,
                index: i,
                ..
            },
            Edit::SetParagraph {
                container: b,
                index: j,
                ..
            },
        ) => a == b && i == j,
        (
            Edit::SetParagraph { container: a, .. } | Edit::SetParagraphs { container: a, .. },
            Edit::SetParagraphs { container: b, .. },
        ) => a == b,
        (Edit::RenameHeading { id: a, .. }, Edit::RenameHeading { id: b, .. }) => a == b,
        (Edit::SetTitle { .. }, Edit::SetTitle { .. })
        | (Edit::SetStage { .. }, Edit::SetStage { .. }) => true,
        _ => false,
    };
    if is_same_target {
        return older;
    }
    let mut edits = match newer {
        Edit::Batch { edits } => edits,
        other => vec![other],
    };
    match older {
        Edit::Batch { edits: more } => edits.extend(more),
        other => edits.push(other),
    }
    Edit::Batch { edits }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::{Container, Paragraph};

    fn doc() -> Document {
        Document {
            preamble: vec![Paragraph::new("一"), Paragraph::new("二")],
            ..Document::default()
        }
    }

    fn set(text: &str) -> Edit {
        Edit::SetParagraph {
            container: Container::Preamble,
            index: 0,
            text: text.into(),
        }
    }

    #[test]
    fn a_typing_burst_is_one_step() {
        let mut d = doc();
        let mut h = History::default();
        for t in ["一a", "一ab", "一abc"] {
            h.apply_grouped(&mut d, set(t), Some(1)).unwrap();
        }
        h.apply_grouped(
            &mut d,
            Edit::SetParagraphs {
                container: Container::Preamble,
                paragraphs: vec![Paragraph::new("x")],
            },
            Some(1),
        )
        .unwrap();
        h.undo(&mut d).unwrap().unwrap();
        assert_eq!(d, doc());
        assert!(!h.can_undo());
        h.redo(&mut d).unwrap().unwrap();
        assert_eq!(d.preamble, vec![Paragraph::new("x")]);
    }

    #[test]
    fn different_groups_are_separate_steps() {
        let mut d = doc();
        let mut h = History::default();
        h.apply_grouped(&mut d, set("a"), Some(1)).unwrap();
        h.close_group();
        h.apply_grouped(&mut d, set("b"), Some(1)).unwrap();
        h.undo(&mut d).unwrap().unwrap();
        assert_eq!(d.preamble[0].text, "a");
    }

    #[test]
    fn mixed_edits_in_a_group_still_undo_exactly() {
        let mut d = doc();
        let mut h = History::default();
        h.apply_grouped(&mut d, set("改"), Some(7)).unwrap();
        h.apply_grouped(
            &mut d,
            Edit::SplitParagraph {
                container: Container::Preamble,
                index: 1,
                at: 0,
            },
            Some(7),
        )
        .unwrap();
        h.apply_grouped(&mut d, set("再改"), Some(7)).unwrap();
        assert_eq!(d.preamble.len(), 3);
        h.undo(&mut d).unwrap().unwrap();
        assert_eq!(d, doc());
    }

    #[test]
    fn versions_tell_saved_from_changed() {
        let mut d = doc();
        let mut h = History::default();
        let saved = h.version();
        h.apply(&mut d, set("a")).unwrap();
        assert_ne!(h.version(), saved);
        h.undo(&mut d).unwrap().unwrap();
        assert_eq!(h.version(), saved);
        h.redo(&mut d).unwrap().unwrap();
        let after = h.version();
        h.apply_grouped(&mut d, set("b"), None).unwrap();
        h.undo(&mut d).unwrap().unwrap();
        assert_eq!(h.version(), after);
    }
}
