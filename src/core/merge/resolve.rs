//! Settling a conflict a merge kept: our text, theirs, or both, as a new document for one
//! undoable edit. The document holds our text at the conflict's place; if that text was
//! edited since the merge, the choice cannot be made safely and the person edits by hand.

use super::{ConflictPlace, Side};
use crate::core::document::{Document, Paragraph};

/// How a conflict is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Our text (what the document holds): the conflict is closed.
    Ours,
    /// Their text in place of ours.
    Theirs,
    /// Ours, then theirs.
    Both,
    /// The text as it is now, edited by hand: the conflict is closed.
    AsEdited,
}

impl Resolution {
    /// Whether this resolution can settle a conflict at `place` (a heading or a move has no
    /// "both"; a move is done by hand).
    pub fn fits(self, place: &ConflictPlace) -> bool {
        !matches!(
            (self, place),
            (
                Resolution::Both,
                ConflictPlace::Heading(_) | ConflictPlace::Moved(_) | ConflictPlace::Stage
            ) | (Resolution::Theirs, ConflictPlace::Moved(_))
        )
    }
}

/// `doc` with conflict `index` settled as `how`, or None when the conflict is not there,
/// the resolution does not fit it, or its place no longer holds our text.
pub fn resolve(doc: &Document, index: usize, how: Resolution) -> Option<Document> {
    let conflict = doc.conflicts.get(index)?.clone();
    if !how.fits(&conflict.place) {
        return None;
    }
    let mut out = doc.clone();
    out.conflicts.remove(index);
    if matches!(how, Resolution::Ours | Resolution::AsEdited) {
        // A deleted section kept because the other side changed it: ours means deleted
        // when ours deleted it.
        if let (Resolution::Ours, ConflictPlace::Deleted(id, Side::Ours)) = (how, &conflict.place) {
            remove_section(&mut out, *id)?;
        }
        return Some(out);
    }
    let (ours, theirs) = (&conflict.ours, &conflict.theirs);
    let joined = || -> Vec<String> {
        let mut all = ours.clone();
        all.extend(theirs.iter().filter(|t| !ours.contains(t)).cloned());
        all
    };
    let chosen = if how == Resolution::Theirs {
        theirs.clone()
    } else {
        joined()
    };
    match &conflict.place {
        ConflictPlace::Title => {
            if out.title != *ours {
                return None;
            }
            out.title = chosen;
        }
        ConflictPlace::Stage => {
            if out.stage.iter().cloned().collect::<Vec<_>>() != *ours {
                return None;
            }
            out.stage = chosen.into_iter().next();
        }
        ConflictPlace::Preamble(at) => {
            replace_run(&mut out.preamble, *at, ours, &chosen)?;
            shift(
                &mut out,
                &conflict.place,
                chosen.len() as isize - ours.len() as isize,
            );
        }
        ConflictPlace::Paragraphs(id, at) => {
            let section = out.section_mut(*id)?;
            replace_run(&mut section.paragraphs, *at, ours, &chosen)?;
            shift(
                &mut out,
                &conflict.place,
                chosen.len() as isize - ours.len() as isize,
            );
        }
        ConflictPlace::Heading(id) => {
            let section = out.section_mut(*id)?;
            if [section.heading.clone()] != ours.as_slice() {
                return None;
            }
            section.heading = theirs.first()?.clone();
        }
        ConflictPlace::Deleted(id, by) => {
            // Theirs deleted it: theirs means deleted. Both keeps it.
            if how == Resolution::Theirs && *by == Side::Theirs {
                remove_section(&mut out, *id)?;
            }
        }
        ConflictPlace::Moved(_) => return None,
    }
    Some(out)
}

/// Replaces the paragraphs `ours` at `at` with `chosen`; None if they are not there.
fn replace_run(
    paragraphs: &mut Vec<Paragraph>,
    at: usize,
    ours: &[String],
    chosen: &[String],
) -> Option<()> {
    let end = at.checked_add(ours.len())?;
    let here = paragraphs.get(at..end)?;
    if here
        .iter()
        .map(|p| p.text.as_str())
        .ne(ours.iter().map(String::as_str))
    {
        return None;
    }
    paragraphs.splice(at..end, chosen.iter().map(Paragraph::new));
    Some(())
}

/// Moves the places of later conflicts in the same paragraph list by `delta` paragraphs.
fn shift(doc: &mut Document, settled: &ConflictPlace, delta: isize) {
    for c in &mut doc.conflicts {
        let at = match (&mut c.place, settled) {
            (ConflictPlace::Preamble(at), ConflictPlace::Preamble(from)) if *at > *from => at,
            (ConflictPlace::Paragraphs(id, at), ConflictPlace::Paragraphs(sid, from))
                if id == sid && *at > *from =>
            {
                at
            }
            _ => continue,
        };
        *at = at.saturating_add_signed(delta);
    }
}

/// Deletes the section `id` (and what is under it), and the conflicts that were in it.
fn remove_section(doc: &mut Document, id: crate::core::document::SectionId) -> Option<()> {
    let mut gone = Vec::new();
    doc.section(id)?.walk(0, &mut |s, _| gone.push(s.id));
    crate::core::edit::apply(doc, crate::core::edit::Edit::DeleteSection { id }).ok()?;
    doc.conflicts
        .retain(|c| c.place.section().is_none_or(|s| !gone.contains(&s)));
    Some(())
}
