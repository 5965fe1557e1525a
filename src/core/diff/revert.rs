//! Rejecting a change: the edit that brings back, in the new version, what the old version
//! of a section had.

use super::SectionChange;
use crate::core::document::{Document, Section, SectionId};
use crate::core::edit::{Edit, Place};

/// The edit that undoes one section's change in `new`, bringing back what `old` had: the
/// heading, run-in and paragraphs of a changed section, its old place for a moved one; an
/// added section goes and a removed one comes back. For two versions of one file (ids
/// shared). None when there is nothing to undo.
pub fn revert_edit(old: &Document, new: &Document, change: &SectionChange) -> Option<Edit> {
    match (&change.old, &change.new) {
        (None, Some(n)) => Some(Edit::DeleteSection { id: n.id }),
        (Some(o), None) => {
            let section = old.section(o.id)?;
            // Children that live on elsewhere in the new version stay where they are.
            fn without_living(s: &Section, new: &Document) -> Section {
                let mut copy = s.clone();
                copy.children = s
                    .children
                    .iter()
                    .filter(|c| new.section(c.id).is_none())
                    .map(|c| without_living(c, new))
                    .collect();
                copy
            }
            let section = without_living(section, new);
            Some(Edit::InsertSection {
                place: place_in(old, new, o.id),
                section,
            })
        }
        (Some(o), Some(n)) => {
            let was = old.section(o.id)?;
            let is = new.section(n.id)?;
            let mut edits = Vec::new();
            if change.is_moved {
                edits.push(Edit::MoveSection {
                    id: n.id,
                    to: place_in(old, new, o.id),
                });
            }
            if was.heading != is.heading {
                edits.push(Edit::RenameHeading {
                    id: n.id,
                    heading: was.heading.clone(),
                });
            }
            if was.run_in != is.run_in {
                edits.push(Edit::SetRunIn {
                    id: n.id,
                    run_in: was.run_in,
                });
            }
            if was.restart != is.restart {
                edits.push(Edit::SetRestart {
                    id: n.id,
                    restart: was.restart,
                });
            }
            if was.paragraphs != is.paragraphs {
                edits.push(Edit::SetParagraphs {
                    container: crate::core::document::Container::Section(n.id),
                    paragraphs: was.paragraphs.clone(),
                });
            }
            (!edits.is_empty()).then_some(Edit::Batch { edits })
        }
        (None, None) => None,
    }
}

/// Where section `id` stands in `old`, told by sections that `new` has too: after the
/// nearest earlier sibling `new` has, else first under its parent, else first at the top.
pub(crate) fn place_in(old: &Document, new: &Document, id: SectionId) -> Place {
    let path = old.path_of(id).unwrap_or_default();
    let parent = old.parent_of(id).flatten();
    let index = path.last().copied().unwrap_or(0);
    let siblings = old.children(parent).cloned().unwrap_or_default();
    // The nearest earlier sibling that still exists in the new version, other than itself.
    let before = siblings[..index.min(siblings.len())]
        .iter()
        .rev()
        .find(|s| s.id != id && new.section(s.id).is_some())
        .map(|s| s.id);
    match (before, parent.filter(|p| new.section(*p).is_some())) {
        (Some(b), _) => Place::After(b),
        (None, Some(p)) => Place::FirstChild(p),
        (None, None) => Place::At {
            parent: None,
            index: 0,
        },
    }
}

/// The edit that undoes one paragraph change (`change.paragraphs[index]`) in the new
/// version: a reworded paragraph gets its old text, an added one goes, a removed one comes
/// back where it stood. None for an unchanged or moved paragraph, or a section not in the
/// new version.
pub fn revert_paragraph_edit(change: &SectionChange, index: usize) -> Option<Edit> {
    use super::ParagraphChange as P;
    let id = change.new.as_ref()?.id;
    let container = crate::core::document::Container::Section(id);
    // The paragraph's index in the new version: every change but a removal is there.
    let at = change.paragraphs[..index.min(change.paragraphs.len())]
        .iter()
        .filter(|p| !matches!(p, P::Removed(_)))
        .count();
    match change.paragraphs.get(index)? {
        P::Modified(spans) => Some(Edit::SetParagraph {
            container,
            index: at,
            text: super::text::old_text(spans),
        }),
        P::Added(_) => Some(Edit::DeleteParagraph {
            container,
            index: at,
        }),
        P::Removed(text) => Some(Edit::InsertParagraph {
            container,
            index: at,
            text: text.to_string(),
        }),
        P::Unchanged(_) | P::Moved(_) => None,
    }
}
