//! The tree work behind the edits: finding a section's place, resolving where a section
//! goes, checking depth, and taking sections out and putting them in.

use super::{Applied, Change, Edit, EditError, Place};
use crate::core::document::{Container, Document, MAX_DEPTH, Section, SectionId};

pub(super) fn paragraphs_mut(
    doc: &mut Document,
    container: Container,
) -> Result<&mut Vec<crate::core::document::Paragraph>, EditError> {
    match container {
        Container::Preamble => Ok(&mut doc.preamble),
        Container::Section(id) => doc
            .section_mut(id)
            .map(|s| &mut s.paragraphs)
            .ok_or(EditError::UnknownSection(id)),
    }
}

/// The parent and index of `id`.
pub(super) fn location(
    doc: &Document,
    id: SectionId,
) -> Result<(Option<SectionId>, usize), EditError> {
    let path = doc.path_of(id).ok_or(EditError::UnknownSection(id))?;
    let index = path.last().copied().unwrap_or(0);
    let parent = if path.len() > 1 {
        doc.section_at(&path[..path.len() - 1]).map(|p| p.id)
    } else {
        None
    };
    Ok((parent, index))
}

/// Turns a place into a parent and an index valid in the current tree.
pub(super) fn resolve(
    doc: &Document,
    place: &Place,
) -> Result<(Option<SectionId>, usize), EditError> {
    match *place {
        Place::Before(id) => location(doc, id),
        Place::After(id) => location(doc, id).map(|(p, i)| (p, i + 1)),
        Place::FirstChild(id) => {
            doc.section(id).ok_or(EditError::UnknownSection(id))?;
            Ok((Some(id), 0))
        }
        Place::LastChild(id) => {
            let s = doc.section(id).ok_or(EditError::UnknownSection(id))?;
            Ok((Some(id), s.children.len()))
        }
        Place::At { parent, index } => {
            let len = match parent {
                None => doc.sections.len(),
                Some(p) => doc
                    .section(p)
                    .ok_or(EditError::UnknownSection(p))?
                    .children
                    .len(),
            };
            if index > len {
                return Err(EditError::OutOfRange { index, len });
            }
            Ok((parent, index))
        }
    }
}

/// Fails if a subtree of `height` levels under `parent` would be too deep.
pub(super) fn check_depth(
    doc: &Document,
    parent: Option<SectionId>,
    height: usize,
) -> Result<(), EditError> {
    let parent_levels = match parent {
        None => 0,
        Some(p) => doc.depth_of(p).ok_or(EditError::UnknownSection(p))? + 1,
    };
    if parent_levels + height > MAX_DEPTH {
        return Err(EditError::TooDeep);
    }
    Ok(())
}

pub(super) fn insert_at(
    doc: &mut Document,
    parent: Option<SectionId>,
    index: usize,
    section: Section,
) -> Result<(), EditError> {
    let id = parent.unwrap_or(section.id);
    let list = doc
        .children_mut(parent)
        .ok_or(EditError::UnknownSection(id))?;
    if index > list.len() {
        return Err(EditError::OutOfRange {
            index,
            len: list.len(),
        });
    }
    list.insert(index, section);
    Ok(())
}

pub(super) fn remove_at(
    doc: &mut Document,
    parent: Option<SectionId>,
    index: usize,
) -> Result<Section, EditError> {
    let list = doc
        .children_mut(parent)
        .ok_or(EditError::UnknownSection(parent.unwrap_or(SectionId(0))))?;
    if index >= list.len() {
        return Err(EditError::OutOfRange {
            index,
            len: list.len(),
        });
    }
    Ok(list.remove(index))
}

pub(super) fn move_section(
    doc: &mut Document,
    id: SectionId,
    to: Place,
) -> Result<Applied, EditError> {
    let (old_parent, old_index) = location(doc, id)?;
    let anchor = match to {
        Place::Before(a) | Place::After(a) | Place::FirstChild(a) | Place::LastChild(a) => Some(a),
        Place::At { parent, .. } => parent,
    };
    if let Some(anchor) = anchor {
        let moved = doc.section(id).ok_or(EditError::UnknownSection(id))?;
        let mut inside = false;
        moved.walk(0, &mut |s, _| inside |= s.id == anchor);
        let is_sibling_anchor = matches!(to, Place::Before(a) | Place::After(a) if a == id);
        if inside && !is_sibling_anchor {
            return Err(EditError::IntoOwnSubtree);
        }
        if is_sibling_anchor {
            // Placing a section next to itself leaves it where it is.
            return move_section(
                doc,
                id,
                Place::At {
                    parent: old_parent,
                    index: old_index,
                },
            );
        }
    }
    let section = remove_at(doc, old_parent, old_index)?;
    let height = section.height();
    let target = resolve(doc, &to).and_then(|(parent, index)| {
        check_depth(doc, parent, height)?;
        Ok((parent, index))
    });
    match target {
        Ok((parent, index)) => {
            insert_at(doc, parent, index, section)?;
            Ok(Applied {
                inverse: Edit::MoveSection {
                    id,
                    to: Place::At {
                        parent: old_parent,
                        index: old_index,
                    },
                },
                change: Change::structural(Some(id)),
            })
        }
        Err(e) => {
            // Put it back where it was; that place is valid because nothing else changed.
            insert_at(doc, old_parent, old_index, section)?;
            Err(e)
        }
    }
}
