//! Edit operations on a document, each undoable and each reporting what it changed.
//!
//! The desktop app, the command line and the tests all change documents only through
//! [`apply`], so undo works the same everywhere.

use serde::{Deserialize, Serialize};

use super::document::{Container, Document, MAX_DEPTH, Section, SectionId};
use super::numbering::NumberingScheme;
use tree::{check_depth, insert_at, location, move_section, paragraphs_mut, remove_at, resolve};

/// Where a section goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    /// Just before a sibling.
    Before(SectionId),
    /// Just after a sibling.
    After(SectionId),
    /// As the first child of a section.
    FirstChild(SectionId),
    /// As the last child of a section.
    LastChild(SectionId),
    /// At `index` among the children of `parent` (the top level for None).
    At {
        /// The parent section, or None for the top level.
        parent: Option<SectionId>,
        /// Position among the parent's children.
        index: usize,
    },
}

/// One change to a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Edit {
    /// Adds a new empty section with a fresh id.
    AddSection {
        /// Where it goes.
        place: Place,
        /// Its heading.
        heading: String,
    },
    /// Inserts a whole subtree, keeping its ids (used by undo, redo and paste).
    InsertSection {
        /// Where it goes.
        place: Place,
        /// The subtree.
        section: Section,
    },
    /// Removes a section with its subtree.
    DeleteSection {
        /// The section.
        id: SectionId,
    },
    /// Replaces a section's heading text.
    RenameHeading {
        /// The section.
        id: SectionId,
        /// The new heading, without number.
        heading: String,
    },
    /// Makes a heading run into its first paragraph, or stand on its own line.
    SetRunIn {
        /// The section.
        id: SectionId,
        /// Whether it runs in.
        run_in: bool,
    },
    /// Makes numbering start again at a section (Some(n): it is numbered n), or number
    /// it by place again (None).
    SetRestart {
        /// The section.
        id: SectionId,
        /// Its number, or None.
        restart: Option<u32>,
    },
    /// Replaces a paragraph's text.
    SetParagraph {
        /// Where the paragraph is.
        container: Container,
        /// Its index.
        index: usize,
        /// The new text.
        text: String,
    },
    /// Replaces all paragraphs of a container (typing in a section's body).
    SetParagraphs {
        /// Where the paragraphs are.
        container: Container,
        /// The new paragraphs.
        paragraphs: Vec<super::document::Paragraph>,
    },
    /// Inserts a paragraph.
    InsertParagraph {
        /// Where it goes.
        container: Container,
        /// Its index once inserted.
        index: usize,
        /// Its text.
        text: String,
    },
    /// Removes a paragraph.
    DeleteParagraph {
        /// Where the paragraph is.
        container: Container,
        /// Its index.
        index: usize,
    },
    /// Splits a paragraph in two at a byte offset.
    SplitParagraph {
        /// Where the paragraph is.
        container: Container,
        /// Its index.
        index: usize,
        /// Byte offset of the split, on a character boundary.
        at: usize,
    },
    /// Joins paragraph `index` with the one after it.
    JoinParagraphs {
        /// Where the paragraphs are.
        container: Container,
        /// Index of the first of the two.
        index: usize,
    },
    /// Moves a section with its subtree; `to` is read in the tree without the section.
    MoveSection {
        /// The section.
        id: SectionId,
        /// Where it goes.
        to: Place,
    },
    /// Swaps a section with its previous sibling.
    MoveUp {
        /// The section.
        id: SectionId,
    },
    /// Swaps a section with its next sibling.
    MoveDown {
        /// The section.
        id: SectionId,
    },
    /// Makes a section (with its subtree) the next sibling of its parent.
    Promote {
        /// The section.
        id: SectionId,
    },
    /// Makes a section (with its subtree) the last child of its previous sibling.
    Demote {
        /// The section.
        id: SectionId,
    },
    /// Replaces the title block.
    SetTitle {
        /// The title lines.
        lines: Vec<String>,
    },
    /// Replaces the stage line (without brackets).
    SetStage {
        /// The stage, or None for no stage line.
        stage: Option<String>,
    },
    /// Replaces the numbering scheme.
    SetNumbering {
        /// The new scheme.
        scheme: NumberingScheme,
    },
    /// Replaces the whole document (restoring a draft as the working copy). Ids handed out
    /// stay handed out: the id counter never goes back.
    ReplaceDocument {
        /// The new working copy.
        document: Box<Document>,
    },
    /// Replaces the comments (adding, answering, resolving or deleting one).
    SetComments {
        /// The comments, all of them.
        comments: Vec<super::comment::Comment>,
    },
    /// Several edits applied as one step (all or nothing).
    Batch {
        /// The edits, in order.
        edits: Vec<Edit>,
    },
}

impl Edit {
    /// Whether applying it hands out new section ids.
    pub fn adds_sections(&self) -> bool {
        match self {
            Edit::AddSection { .. } => true,
            Edit::Batch { edits } => edits.iter().any(Edit::adds_sections),
            _ => false,
        }
    }
}

/// What an edit changed, so views can refresh only what they must.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// The tree or the numbering changed: numbers must be derived again.
    pub is_structural: bool,
    /// Containers whose heading or paragraphs changed.
    pub texts: Vec<Container>,
    /// The title block or stage line changed.
    pub is_front_matter: bool,
    /// A section the edit created or moved, which a view may want to select.
    pub focus: Option<SectionId>,
    /// The comments changed.
    pub is_comments: bool,
}

impl Change {
    fn structural(focus: Option<SectionId>) -> Self {
        Self {
            is_structural: true,
            focus,
            ..Self::default()
        }
    }

    fn text(container: Container) -> Self {
        Self {
            texts: vec![container],
            ..Self::default()
        }
    }

    fn merge(&mut self, other: Change) {
        self.is_structural |= other.is_structural;
        self.is_front_matter |= other.is_front_matter;
        self.is_comments |= other.is_comments;
        for c in other.texts {
            if !self.texts.contains(&c) {
                self.texts.push(c);
            }
        }
        if other.focus.is_some() {
            self.focus = other.focus;
        }
    }
}

/// An applied edit: the edit that undoes it and what it changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// Applying this edit restores the document as it was.
    pub inverse: Edit,
    /// What changed.
    pub change: Change,
}

/// Why an edit could not be applied. The document is unchanged when an edit fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No section has this id.
    #[error("no section {0}")]
    UnknownSection(SectionId),
    /// A paragraph or child index is past the end.
    #[error("position {index} is out of range (there are {len})")]
    OutOfRange {
        /// The index asked for.
        index: usize,
        /// How many there are.
        len: usize,
    },
    /// A split offset falls inside a character or past the end.
    #[error("offset {0} is not a character boundary")]
    NotCharBoundary(usize),
    /// A section cannot move into its own subtree.
    #[error("a section cannot be moved into itself")]
    IntoOwnSubtree,
    /// The result would nest deeper than [`MAX_DEPTH`].
    #[error("sections can be nested at most {MAX_DEPTH} levels deep")]
    TooDeep,
    /// The section is already first among its siblings.
    #[error("the section is already the first at its level")]
    AlreadyFirst,
    /// The section is already last among its siblings.
    #[error("the section is already the last at its level")]
    AlreadyLast,
    /// A top-level section cannot be promoted.
    #[error("the section is already at the top level")]
    AlreadyTopLevel,
    /// An inserted subtree reuses an id the document already has.
    #[error("section id {0} already exists")]
    DuplicateId(SectionId),
}

/// Applies `edit` to `doc`. On error the document is left as it was.
pub fn apply(doc: &mut Document, edit: Edit) -> Result<Applied, EditError> {
    match edit {
        Edit::AddSection { place, heading } => {
            let (parent, index) = resolve(doc, &place)?;
            check_depth(doc, parent, 1)?;
            let id = doc.allocate_id();
            insert_at(doc, parent, index, Section::new(id, heading))?;
            Ok(Applied {
                inverse: Edit::DeleteSection { id },
                change: Change::structural(Some(id)),
            })
        }
        Edit::InsertSection { place, section } => {
            let mut clash = None;
            section.walk(0, &mut |s, _| {
                if clash.is_none() && doc.section(s.id).is_some() {
                    clash = Some(s.id);
                }
            });
            if let Some(id) = clash {
                return Err(EditError::DuplicateId(id));
            }
            let (parent, index) = resolve(doc, &place)?;
            check_depth(doc, parent, section.height())?;
            let id = section.id;
            let mut max_id = 0;
            section.walk(0, &mut |s, _| max_id = max_id.max(s.id.0));
            insert_at(doc, parent, index, section)?;
            doc.next_id = doc.next_id.max(max_id + 1);
            Ok(Applied {
                inverse: Edit::DeleteSection { id },
                change: Change::structural(Some(id)),
            })
        }
        Edit::DeleteSection { id } => {
            let (parent, index) = location(doc, id)?;
            let section = remove_at(doc, parent, index)?;
            Ok(Applied {
                inverse: Edit::InsertSection {
                    place: Place::At { parent, index },
                    section,
                },
                change: Change::structural(parent),
            })
        }
        Edit::RenameHeading { id, heading } => {
            let s = doc.section_mut(id).ok_or(EditError::UnknownSection(id))?;
            let old = std::mem::replace(&mut s.heading, heading);
            Ok(Applied {
                inverse: Edit::RenameHeading { id, heading: old },
                change: Change::text(Container::Section(id)),
            })
        }
        Edit::SetRunIn { id, run_in } => {
            let s = doc.section_mut(id).ok_or(EditError::UnknownSection(id))?;
            let old = std::mem::replace(&mut s.run_in, run_in);
            Ok(Applied {
                inverse: Edit::SetRunIn { id, run_in: old },
                change: Change::text(Container::Section(id)),
            })
        }
        Edit::SetRestart { id, restart } => {
            let s = doc.section_mut(id).ok_or(EditError::UnknownSection(id))?;
            let old = std::mem::replace(&mut s.restart, restart.map(|n| n.max(1)));
            Ok(Applied {
                inverse: Edit::SetRestart { id, restart: old },
                change: Change::structural(Some(id)),
            })
        }
        Edit::SetParagraph {
            container,
            index,
            text,
        } => {
            let paras = paragraphs_mut(doc, container)?;
            let len = paras.len();
            let p = paras
                .get_mut(index)
                .ok_or(EditError::OutOfRange { index, len })?;
            let old = std::mem::replace(&mut p.text, text);
            Ok(Applied {
                inverse: Edit::SetParagraph {
                    container,
                    index,
                    text: old,
                },
                change: Change::text(container),
            })
        }
        Edit::SetParagraphs {
            container,
            paragraphs,
        } => {
            let old = std::mem::replace(paragraphs_mut(doc, container)?, paragraphs);
            Ok(Applied {
                inverse: Edit::SetParagraphs {
                    container,
                    paragraphs: old,
                },
                change: Change::text(container),
            })
        }
        Edit::InsertParagraph {
            container,
            index,
            text,
        } => {
            let paras = paragraphs_mut(doc, container)?;
            if index > paras.len() {
                return Err(EditError::OutOfRange {
                    index,
                    len: paras.len(),
                });
            }
            paras.insert(index, super::document::Paragraph::new(text));
            Ok(Applied {
                inverse: Edit::DeleteParagraph { container, index },
                change: Change::text(container),
            })
        }
        Edit::DeleteParagraph { container, index } => {
            let paras = paragraphs_mut(doc, container)?;
            if index >= paras.len() {
                return Err(EditError::OutOfRange {
                    index,
                    len: paras.len(),
                });
            }
            let old = paras.remove(index);
            Ok(Applied {
                inverse: Edit::InsertParagraph {
                    container,
                    index,
                    text: old.text,
                },
                change: Change::text(container),
            })
        }
        Edit::SplitParagraph {
            container,
            index,
            at,
        } => {
            let paras = paragraphs_mut(doc, container)?;
            let len = paras.len();
            let p = paras
                .get_mut(index)
                .ok_or(EditError::OutOfRange { index, len })?;
            if !p.text.is_char_boundary(at) {
                return Err(EditError::NotCharBoundary(at));
            }
            let tail = p.text.split_off(at);
            paras.insert(index + 1, super::document::Paragraph::new(tail));
            Ok(Applied {
                inverse: Edit::JoinParagraphs { container, index },
                change: Change::text(container),
            })
        }
        Edit::JoinParagraphs { container, index } => {
            let paras = paragraphs_mut(doc, container)?;
            if index + 1 >= paras.len() {
                return Err(EditError::OutOfRange {
                    index: index + 1,
                    len: paras.len(),
                });
            }
            let next = paras.remove(index + 1);
            let at = paras[index].text.len();
            paras[index].text.push_str(&next.text);
            Ok(Applied {
                inverse: Edit::SplitParagraph {
                    container,
                    index,
                    at,
                },
                change: Change::text(container),
            })
        }
        Edit::MoveSection { id, to } => move_section(doc, id, to),
        Edit::MoveUp { id } => {
            let (parent, index) = location(doc, id)?;
            if index == 0 {
                return Err(EditError::AlreadyFirst);
            }
            move_section(
                doc,
                id,
                Place::At {
                    parent,
                    index: index - 1,
                },
            )
        }
        Edit::MoveDown { id } => {
            let (parent, index) = location(doc, id)?;
            let len = doc.children(parent).map_or(0, Vec::len);
            if index + 1 >= len {
                return Err(EditError::AlreadyLast);
            }
            move_section(
                doc,
                id,
                Place::At {
                    parent,
                    index: index + 1,
                },
            )
        }
        Edit::Promote { id } => {
            let (parent, _) = location(doc, id)?;
            let parent = parent.ok_or(EditError::AlreadyTopLevel)?;
            move_section(doc, id, Place::After(parent))
        }
        Edit::Demote { id } => {
            let (parent, index) = location(doc, id)?;
            if index == 0 {
                return Err(EditError::AlreadyFirst);
            }
            let siblings = doc.children(parent).ok_or(EditError::UnknownSection(id))?;
            let previous = siblings[index - 1].id;
            move_section(doc, id, Place::LastChild(previous))
        }
        Edit::SetTitle { lines } => {
            let old = std::mem::replace(&mut doc.title, lines);
            Ok(Applied {
                inverse: Edit::SetTitle { lines: old },
                change: Change {
                    is_front_matter: true,
                    ..Change::default()
                },
            })
        }
        Edit::SetStage { stage } => {
            let old = std::mem::replace(&mut doc.stage, stage);
            Ok(Applied {
                inverse: Edit::SetStage { stage: old },
                change: Change {
                    is_front_matter: true,
                    ..Change::default()
                },
            })
        }
        Edit::SetNumbering { scheme } => {
            let old = std::mem::replace(&mut doc.numbering, scheme);
            Ok(Applied {
                inverse: Edit::SetNumbering { scheme: old },
                change: Change::structural(None),
            })
        }
        Edit::ReplaceDocument { document } => {
            let mut document = *document;
            document.next_id = document.next_id.max(doc.next_id);
            let old = std::mem::replace(doc, document);
            Ok(Applied {
                inverse: Edit::ReplaceDocument {
                    document: Box::new(old),
                },
                change: Change {
                    is_front_matter: true,
                    ..Change::structural(None)
                },
            })
        }
        Edit::SetComments { comments } => {
            let old = std::mem::replace(&mut doc.comments, comments);
            Ok(Applied {
                inverse: Edit::SetComments { comments: old },
                change: Change {
                    is_comments: true,
                    ..Change::default()
                },
            })
        }
        Edit::Batch { edits } => {
            let mut inverses = Vec::with_capacity(edits.len());
            let mut change = Change::default();
            for edit in edits {
                match apply(doc, edit) {
                    Ok(applied) => {
                        inverses.push(applied.inverse);
                        change.merge(applied.change);
                    }
                    Err(e) => {
                        // Undo what was done so far, newest first, so the batch is all or nothing.
                        for inverse in inverses.into_iter().rev() {
                            let _ = apply(doc, inverse);
                        }
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Ok(Applied {
                inverse: Edit::Batch { edits: inverses },
                change,
            })
        }
    }
}

mod tree;

#[cfg(test)]
mod tests;
