//! Adopting an opinion's wording: the edit that puts it in the working copy. The working
//! copy may have moved on since the draft was sent out, so a reworded passage is merged
//! three-way by characters (the draft's text, the working copy's, the unit's); where both
//! changed the same words, the office edits by hand instead.

use super::{Opinion, OpinionKind};
use crate::core::diff::text::similarity;
use crate::core::document::{Container, Document, Paragraph, Section, SectionId};
use crate::core::edit::{Edit, Place};
use crate::core::merge::merge_text;

/// Why an opinion's wording cannot be put in the text as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// A comment proposes no wording of its own.
    #[error("a comment proposes no wording; edit the text by hand")]
    NoWording,
    /// The section it is about is no longer in the working copy.
    #[error("section {0} is no longer in the document")]
    SectionGone(String),
    /// The working copy changed the same words since the draft was sent out.
    #[error("the text at {0} has been changed since the draft was sent out; edit it by hand")]
    TextChanged(String),
}

/// The edit that puts `opinion`'s proposed wording into `doc`.
pub fn apply(doc: &Document, opinion: &Opinion) -> Result<Edit, ApplyError> {
    let changed = || ApplyError::TextChanged(opinion.place.clone());
    let proposal = opinion.proposal.as_deref().ok_or(ApplyError::NoWording)?;
    let container = match opinion.section {
        Some(id) => {
            if doc.section(id).is_none() {
                return Err(ApplyError::SectionGone(opinion.place.clone()));
            }
            Container::Section(id)
        }
        None => Container::Preamble,
    };
    let paragraphs = doc.paragraphs(container).map_or(&[][..], Vec::as_slice);
    match opinion.kind {
        OpinionKind::Comment => Err(ApplyError::NoWording),
        OpinionKind::Reworded => {
            let (index, text) = reword(paragraphs, opinion, proposal).ok_or_else(changed)?;
            Ok(Edit::SetParagraph {
                container,
                index,
                text,
            })
        }
        OpinionKind::ParagraphDeleted => {
            let index = paragraphs
                .iter()
                .position(|p| p.text == opinion.original)
                .ok_or_else(changed)?;
            Ok(Edit::DeleteParagraph { container, index })
        }
        OpinionKind::ParagraphAdded => {
            let index = if opinion.after.is_empty() {
                0
            } else {
                paragraphs
                    .iter()
                    .position(|p| p.text == opinion.after)
                    .map(|i| i + 1)
                    .or_else(|| opinion.paragraph.map(|i| (i + 1).min(paragraphs.len())))
                    .ok_or_else(changed)?
            };
            Ok(Edit::InsertParagraph {
                container,
                index,
                text: proposal.to_owned(),
            })
        }
        OpinionKind::HeadingReworded => {
            let id = opinion.section.ok_or_else(changed)?;
            let current = doc
                .section(id)
                .map(|s| s.heading.clone())
                .unwrap_or_default();
            let heading = merge_text(&opinion.original, &current, proposal).ok_or_else(changed)?;
            Ok(Edit::RenameHeading { id, heading })
        }
        OpinionKind::SectionMoved => {
            let id = opinion.section.ok_or_else(changed)?;
            let to = opinion
                .to
                .clone()
                .filter(|to| leads_to(doc, to))
                .ok_or_else(changed)?;
            Ok(Edit::MoveSection { id, to })
        }
        OpinionKind::ParagraphMoved => {
            let from = paragraphs
                .iter()
                .position(|p| p.text == opinion.original)
                .ok_or_else(changed)?;
            // Where it goes among the others, once it is taken out.
            let index = if opinion.after.is_empty() {
                0
            } else {
                paragraphs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != from)
                    .position(|(_, p)| p.text == opinion.after)
                    .map(|i| i + 1)
                    .ok_or_else(changed)?
            };
            Ok(Edit::Batch {
                edits: vec![
                    Edit::DeleteParagraph {
                        container,
                        index: from,
                    },
                    Edit::InsertParagraph {
                        container,
                        index,
                        text: opinion.original.clone(),
                    },
                ],
            })
        }
        OpinionKind::TitleReworded => {
            let merged = merge_text(&opinion.original, &doc.title.join("\n"), proposal)
                .ok_or_else(changed)?;
            Ok(Edit::SetTitle {
                lines: merged.split('\n').map(str::to_owned).collect(),
            })
        }
        OpinionKind::SectionDeleted => {
            let id = opinion.section.ok_or_else(changed)?;
            Ok(Edit::DeleteSection { id })
        }
        OpinionKind::SectionAdded => {
            let mut section = opinion.added.clone().ok_or(ApplyError::NoWording)?;
            if clashes(doc, &section) {
                let mut next = doc.next_id;
                renumber(&mut section, &mut next);
            }
            let after = opinion
                .after
                .parse::<u64>()
                .ok()
                .map(SectionId)
                .filter(|id| doc.section(*id).is_some());
            let place = match (after, opinion.section) {
                (Some(id), _) => Place::After(id),
                (None, Some(parent)) => Place::FirstChild(parent),
                (None, None) => Place::At {
                    parent: None,
                    index: 0,
                },
            };
            Ok(Edit::InsertSection { place, section })
        }
    }
}

/// The paragraph a reworded passage is adopted in, and its new text: the passage replaced
/// where it still stands as it was; else the paragraph of the draft (`context`), the
/// working copy's paragraph most like it, and the draft's paragraph as the unit would have
/// it, merged three-way by characters.
fn reword(paragraphs: &[Paragraph], opinion: &Opinion, proposal: &str) -> Option<(usize, String)> {
    let replaced = |text: &str| -> Option<String> {
        let at = text.find(&opinion.original)?;
        let mut text = text.to_owned();
        text.replace_range(at..at + opinion.original.len(), proposal);
        Some(text)
    };
    if let Some(found) = paragraphs
        .iter()
        .enumerate()
        .find_map(|(i, p)| Some((i, replaced(&p.text)?)))
    {
        return Some(found);
    }
    let base = if opinion.context.is_empty() {
        &opinion.original
    } else {
        &opinion.context
    };
    let theirs = if opinion.context.is_empty() {
        proposal.to_owned()
    } else {
        replaced(base)?
    };
    let (index, ours) = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| (i, &p.text, similarity(base, &p.text)))
        .filter(|(_, _, s)| *s >= 0.5)
        .max_by(|a, b| a.2.total_cmp(&b.2))
        .map(|(i, text, _)| (i, text))?;
    Some((index, merge_text(base, ours, &theirs)?))
}

/// Whether the sections `to` names are in `doc`.
fn leads_to(doc: &Document, to: &Place) -> bool {
    match to {
        Place::Before(id) | Place::After(id) | Place::FirstChild(id) | Place::LastChild(id) => {
            doc.section(*id).is_some()
        }
        Place::At { parent, .. } => parent.is_none_or(|p| doc.section(p).is_some()),
    }
}

/// Whether any id in `section`'s subtree is taken in `doc`.
fn clashes(doc: &Document, section: &Section) -> bool {
    let mut clash = false;
    section.walk(0, &mut |s, _| clash |= doc.section(s.id).is_some());
    clash
}

/// Gives `section` and its subtree fresh ids from `next` on.
fn renumber(section: &mut Section, next: &mut u64) {
    section.id = SectionId(*next);
    *next += 1;
    for child in &mut section.children {
        renumber(child, next);
    }
}
