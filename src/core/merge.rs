//! Three-way merge of two copies of a document that grew apart from a common ancestor: the
//! copies' sections are matched by id, so adds, deletes, moves, renames, promotions and
//! demotions on either side combine and numbering follows; paragraphs are merged three-way,
//! and two edits of one paragraph merge character by character when they do not overlap.
//!
//! What cannot be combined is a [`Conflict`], kept in the merged document with the base's,
//! our and their text, so nothing of either side is lost: the document holds our version at
//! the conflict's place until the conflict is resolved.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::document::{Document, Section, SectionId};

/// Which copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Side {
    /// The copy being merged into (the working copy, git's %A).
    Ours,
    /// The copy being merged in (git's %B).
    Theirs,
}

/// Where a conflict is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConflictPlace {
    /// The title block (one line per entry).
    Title,
    /// The stage line.
    Stage,
    /// Paragraphs of the preamble, from this index in the merged document.
    Preamble(usize),
    /// A section's heading.
    Heading(SectionId),
    /// Paragraphs of a section, from this index in the merged document.
    Paragraphs(SectionId, usize),
    /// A section one side deleted and the other changed: it is kept.
    Deleted(SectionId, Side),
    /// A section both sides moved, to different places: it is where ours put it.
    Moved(SectionId),
}

/// Two changes that could not both be made. The document holds ours at the place; base,
/// ours and theirs are the texts there (lines or paragraphs; empty when there was none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// Where.
    pub place: ConflictPlace,
    /// What the common ancestor held.
    pub base: Vec<String>,
    /// What ours holds (and the merged document, until resolved).
    pub ours: Vec<String>,
    /// What theirs holds.
    pub theirs: Vec<String>,
}

/// A merge's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The merged document; its `conflicts` are the ones below and any the copies had.
    pub document: Document,
    /// The conflicts this merge found.
    pub conflicts: Vec<Conflict>,
}

impl Merged {
    /// Whether every change combined.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// Merges `ours` and `theirs`, which both grew from `base`.
pub fn merge(base: &Document, ours: &Document, theirs: &Document) -> Merged {
    let mut conflicts = Vec::new();
    let b = Flat::of(base);
    let o = Flat::of(ours);
    let t = Flat::of(theirs);

    // Which sections stay: those no side deleted, and those one side deleted that the other
    // changed (a conflict), with the ancestors a kept section needs.
    let mut kept = BTreeSet::new();
    for id in o.ids.iter().chain(&t.ids) {
        let (in_o, in_t, in_b) = (o.has(*id), t.has(*id), b.has(*id));
        let keep = match (in_b, in_o, in_t) {
            (_, true, true) => true,
            // Added on one side.
            (false, _, _) => true,
            (true, true, false) => {
                let is_changed = o.is_changed_from(&b, *id);
                if is_changed {
                    conflicts.push(deleted_conflict(&b, &o, *id, Side::Theirs));
                }
                is_changed
            }
            (true, false, true) => {
                let is_changed = t.is_changed_from(&b, *id);
                if is_changed {
                    conflicts.push(deleted_conflict(&b, &t, *id, Side::Ours));
                }
                is_changed
            }
            (true, false, false) => false,
        };
        if keep {
            kept.insert(*id);
        }
    }
    // A kept section keeps its ancestors (on the side that has it); an ancestor one side
    // deleted comes back, and says so.
    // The parent followed is the one the merge gives (the side that moved the section), so
    // a section one side moved out of a section it then deleted does not bring it back.
    for id in kept.clone() {
        let mut at = merged_parent(&b, &o, &t, id);
        let mut steps = 0;
        while let Some(s) = at {
            if kept.insert(s) {
                let deleted_by = if o.has(s) { Side::Theirs } else { Side::Ours };
                let kept_side = if o.has(s) { &o } else { &t };
                conflicts.push(deleted_conflict(&b, kept_side, s, deleted_by));
            }
            steps += 1;
            if steps > b.ids.len() + o.ids.len() + t.ids.len() {
                break;
            }
            at = merged_parent(&b, &o, &t, s);
        }
    }

    // Where each kept section goes: its parent, from the side that moved it.
    let mut parent_of: BTreeMap<SectionId, Option<SectionId>> = BTreeMap::new();
    for id in &kept {
        let (po, pt, pb) = (o.parent(*id), t.parent(*id), b.parent(*id));
        let parent = match (po, pt) {
            (Some(po), Some(pt)) if po == pt => po,
            (Some(po), Some(pt)) => match pb {
                Some(pb) if pb == po => pt,
                Some(pb) if pb == pt => po,
                _ => {
                    conflicts.push(Conflict {
                        place: ConflictPlace::Moved(*id),
                        base: pb.map(|p| place_name(&b, p)).into_iter().collect(),
                        ours: vec![place_name(&o, po)],
                        theirs: vec![place_name(&t, pt)],
                    });
                    po
                }
            },
            (Some(po), None) => po,
            (None, Some(pt)) => pt,
            (None, None) => None,
        };
        parent_of.insert(*id, parent);
    }
    // A parent that is not kept (deleted, with this child moved under it by the other
    // side) gives way to the nearest kept ancestor, or the top level.
    let ids: Vec<SectionId> = parent_of.keys().copied().collect();
    for id in ids {
        let mut parent = parent_of[&id];
        let mut guard = 0;
        while let Some(p) = parent {
            if kept.contains(&p) || guard > kept.len() {
                break;
            }
            parent = o.parent(p).or_else(|| t.parent(p)).flatten();
            guard += 1;
        }
        // A cycle (two sides moved two sections under each other) is broken at the top.
        if let Some(p) = parent
            && is_ancestor(&parent_of, id, p)
        {
            conflicts.push(Conflict {
                place: ConflictPlace::Moved(id),
                base: Vec::new(),
                ours: vec![place_name(&o, o.parent(id).flatten())],
                theirs: vec![place_name(&t, t.parent(id).flatten())],
            });
            parent = None;
        }
        parent_of.insert(id, parent);
    }

    // The order of children under each parent: three-way over the common ones, then the
    // rest where their side put them.
    let mut children: BTreeMap<Option<SectionId>, Vec<SectionId>> = BTreeMap::new();
    for (id, parent) in &parent_of {
        children.entry(*parent).or_default().push(*id);
    }
    let mut order: BTreeMap<Option<SectionId>, Vec<SectionId>> = BTreeMap::new();
    for (parent, members) in children {
        let members: BTreeSet<SectionId> = members.into_iter().collect();
        order.insert(parent, child_order(&b, &o, &t, parent, &members));
    }

    // The sections' own content.
    let mut built: BTreeMap<SectionId, Section> = BTreeMap::new();
    for id in &kept {
        let (sb, so, st) = (b.get(*id), o.get(*id), t.get(*id));
        let section = match (so, st) {
            (Some(so), Some(st)) => {
                let base = sb.cloned().unwrap_or_else(|| so.clone());
                merge_own(*id, &base, so, st, &mut conflicts)
            }
            (Some(one), None) | (None, Some(one)) => one.clone(),
            (None, None) => continue,
        };
        built.insert(*id, section);
    }
    let sections = assemble(None, &order, &mut built);

    let mut document = Document {
        title: merge_texts(
            &base.title,
            &ours.title,
            &theirs.title,
            |_| ConflictPlace::Title,
            &mut conflicts,
        ),
        stage: merge_stage(base, ours, theirs, &mut conflicts),
        numbering: pick(&base.numbering, &ours.numbering, &theirs.numbering).clone(),
        preamble: merge_paragraphs(
            &base.preamble,
            &ours.preamble,
            &theirs.preamble,
            ConflictPlace::Preamble,
            &mut conflicts,
        ),
        sections,
        next_id: base.next_id.max(ours.next_id).max(theirs.next_id),
        conflicts: Vec::new(),
        comments: super::comment::merge_comments(&base.comments, &ours.comments, &theirs.comments),
    };
    // Conflicts the copies already had stay, and the new ones join them.
    let mut all: Vec<Conflict> = ours.conflicts.clone();
    for c in theirs.conflicts.iter().chain(&conflicts) {
        if !all.contains(c) {
            all.push(c.clone());
        }
    }
    document.conflicts = all;
    Merged {
        document,
        conflicts,
    }
}

/// The parent the merge gives `id`: where both sides put it, else where the side that
/// moved it put it (ours when both moved it elsewhere); None at the top level or when no
/// side has it.
fn merged_parent(b: &Flat, o: &Flat, t: &Flat, id: SectionId) -> Option<SectionId> {
    match (o.parent(id), t.parent(id)) {
        (Some(po), Some(pt)) if b.parent(id) == Some(po) => pt,
        (Some(po), _) => po,
        (None, Some(pt)) => pt,
        (None, None) => None,
    }
}

/// What three-way merging of a value gives when at most one side changed it (or both
/// changed it alike): that side's value. None when both changed it differently.
fn one_side<'a, T: PartialEq>(base: &'a T, ours: &'a T, theirs: &'a T) -> Option<&'a T> {
    if ours == base || ours == theirs {
        Some(theirs)
    } else if theirs == base {
        Some(ours)
    } else {
        None
    }
}

/// The one of three values that changed from `base` (ours when both did).
fn pick<'a, T: PartialEq>(base: &'a T, ours: &'a T, theirs: &'a T) -> &'a T {
    one_side(base, ours, theirs).unwrap_or(ours)
}

/// A document's sections by id, with their parents and own content.
struct Flat<'a> {
    ids: Vec<SectionId>,
    sections: BTreeMap<SectionId, (&'a Section, Option<SectionId>)>,
}

impl<'a> Flat<'a> {
    fn of(doc: &'a Document) -> Self {
        fn walk<'a>(list: &'a [Section], parent: Option<SectionId>, flat: &mut Flat<'a>) {
            for s in list {
                flat.ids.push(s.id);
                flat.sections.insert(s.id, (s, parent));
                walk(&s.children, Some(s.id), flat);
            }
        }
        let mut flat = Flat {
            ids: Vec::new(),
            sections: BTreeMap::new(),
        };
        walk(&doc.sections, None, &mut flat);
        flat
    }

    fn has(&self, id: SectionId) -> bool {
        self.sections.contains_key(&id)
    }

    fn get(&self, id: SectionId) -> Option<&'a Section> {
        self.sections.get(&id).map(|(s, _)| *s)
    }

    /// The parent of `id` (Some(None) at the top level), if `id` is here.
    fn parent(&self, id: SectionId) -> Option<Option<SectionId>> {
        self.sections.get(&id).map(|(_, p)| *p)
    }

    /// The ids of the children of `parent`, in order.
    fn children(&self, parent: Option<SectionId>) -> Vec<SectionId> {
        match parent {
            None => self
                .ids
                .iter()
                .copied()
                .filter(|id| self.parent(*id) == Some(None))
                .collect(),
            Some(p) => self
                .get(p)
                .map(|s| s.children.iter().map(|c| c.id).collect())
                .unwrap_or_default(),
        }
    }

    /// Whether the section `id` differs from `base`'s: its heading, run-in or paragraphs,
    /// its place, or which children it has. (A change further down is the child's own.)
    fn is_changed_from(&self, base: &Flat, id: SectionId) -> bool {
        let (Some(now), Some(then)) = (self.get(id), base.get(id)) else {
            return true;
        };
        let child_ids =
            |s: &Section| -> Vec<SectionId> { s.children.iter().map(|c| c.id).collect() };
        now.heading != then.heading
            || now.run_in != then.run_in
            || now.restart != then.restart
            || now.paragraphs != then.paragraphs
            || child_ids(now) != child_ids(then)
            || self.parent(id) != base.parent(id)
    }
}

/// A section's number-free name for a conflict: its heading, or 顶层 for the top level.
fn place_name(flat: &Flat, parent: Option<SectionId>) -> String {
    match parent {
        None => "（顶层）".to_owned(),
        Some(p) => flat.get(p).map(|s| s.heading.clone()).unwrap_or_default(),
    }
}

fn deleted_conflict(base: &Flat, kept: &Flat, id: SectionId, deleted_by: Side) -> Conflict {
    let text = |flat: &Flat| -> Vec<String> {
        flat.get(id)
            .map(|s| {
                std::iter::once(s.heading.clone())
                    .chain(s.paragraphs.iter().map(|p| p.text.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (ours, theirs) = match deleted_by {
        Side::Theirs => (text(kept), Vec::new()),
        Side::Ours => (Vec::new(), text(kept)),
    };
    Conflict {
        place: ConflictPlace::Deleted(id, deleted_by),
        base: text(base),
        ours,
        theirs,
    }
}

/// Whether `ancestor` is `id` or above it, following `parent_of`.
fn is_ancestor(
    parent_of: &BTreeMap<SectionId, Option<SectionId>>,
    ancestor: SectionId,
    id: SectionId,
) -> bool {
    let mut at = Some(id);
    let mut steps = 0;
    while let Some(s) = at {
        if s == ancestor {
            return true;
        }
        steps += 1;
        if steps > parent_of.len() {
            return true;
        }
        at = parent_of.get(&s).copied().flatten();
    }
    false
}

/// The order of `members` under `parent`: the sequence three-way merged from the copies'
/// orders of the members they share, then each remaining member after the one it follows
/// on its side.
fn child_order(
    b: &Flat,
    o: &Flat,
    t: &Flat,
    parent: Option<SectionId>,
    members: &BTreeSet<SectionId>,
) -> Vec<SectionId> {
    let only = |list: Vec<SectionId>| -> Vec<SectionId> {
        list.into_iter().filter(|id| members.contains(id)).collect()
    };
    let (ob, oo, ot) = (
        only(b.children(parent)),
        only(o.children(parent)),
        only(t.children(parent)),
    );
    let mut order: Vec<SectionId> = Vec::new();
    for chunk in diff3(&ob, &oo, &ot) {
        match chunk {
            Chunk::Stable(ids) => order.extend(ids),
            Chunk::Changed { base, ours, theirs } => {
                // Both sides' insertions and moves; ours first when both changed.
                match one_side(&base, &ours, &theirs) {
                    Some(chosen) => order.extend(chosen.iter().copied()),
                    None => {
                        order.extend(ours.iter().copied());
                        order.extend(theirs.iter().filter(|id| !ours.contains(id)));
                    }
                }
            }
        }
    }
    order.dedup();
    let mut seen: BTreeSet<SectionId> = BTreeSet::new();
    order.retain(|id| seen.insert(*id));
    // Members neither side had under this parent (moved here from a deleted parent).
    for id in members {
        if !seen.contains(id) {
            order.push(*id);
        }
    }
    order
}

/// A section's own content merged: heading, run-in and paragraphs (children are placed
/// separately).
fn merge_own(
    id: SectionId,
    base: &Section,
    ours: &Section,
    theirs: &Section,
    conflicts: &mut Vec<Conflict>,
) -> Section {
    let heading = match merge_text(&base.heading, &ours.heading, &theirs.heading) {
        Some(h) => h,
        None => {
            conflicts.push(Conflict {
                place: ConflictPlace::Heading(id),
                base: vec![base.heading.clone()],
                ours: vec![ours.heading.clone()],
                theirs: vec![theirs.heading.clone()],
            });
            ours.heading.clone()
        }
    };
    Section {
        id,
        heading,
        run_in: *pick(&base.run_in, &ours.run_in, &theirs.run_in),
        restart: *pick(&base.restart, &ours.restart, &theirs.restart),
        paragraphs: merge_paragraphs(
            &base.paragraphs,
            &ours.paragraphs,
            &theirs.paragraphs,
            |at| ConflictPlace::Paragraphs(id, at),
            conflicts,
        ),
        children: Vec::new(),
    }
}

/// Builds the tree under `parent` from the placed sections.
fn assemble(
    parent: Option<SectionId>,
    order: &BTreeMap<Option<SectionId>, Vec<SectionId>>,
    built: &mut BTreeMap<SectionId, Section>,
) -> Vec<Section> {
    let mut out = Vec::new();
    for id in order.get(&parent).cloned().unwrap_or_default() {
        let Some(mut section) = built.remove(&id) else {
            continue;
        };
        section.children = assemble(Some(id), order, built);
        out.push(section);
    }
    out
}

fn merge_stage(
    base: &Document,
    ours: &Document,
    theirs: &Document,
    conflicts: &mut Vec<Conflict>,
) -> Option<String> {
    let text = |d: &Document| d.stage.clone().unwrap_or_default();
    let (b, o, t) = (text(base), text(ours), text(theirs));
    let merged = merge_text(&b, &o, &t).unwrap_or_else(|| {
        conflicts.push(Conflict {
            place: ConflictPlace::Stage,
            base: vec![b.clone()],
            ours: vec![o.clone()],
            theirs: vec![t.clone()],
        });
        o.clone()
    });
    (!merged.is_empty()).then_some(merged)
}

mod file;
mod resolve;
mod text;
pub use file::{Ancestor, FileMerge, MergeError, common_ancestor, merge_files, same_document};
pub use resolve::{Resolution, resolve};
pub use text::merge_text;
use text::{Chunk, diff3, merge_paragraphs, merge_texts};

impl ConflictPlace {
    /// The section the conflict is in, if any.
    pub fn section(&self) -> Option<SectionId> {
        match self {
            ConflictPlace::Heading(id)
            | ConflictPlace::Paragraphs(id, _)
            | ConflictPlace::Deleted(id, _)
            | ConflictPlace::Moved(id) => Some(*id),
            ConflictPlace::Title | ConflictPlace::Stage | ConflictPlace::Preamble(_) => None,
        }
    }
}

#[cfg(test)]
mod tests;
