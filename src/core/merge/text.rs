//! Three-way merge of text: paragraph runs and title lines merged line by line (diff3), and
//! two edits of one paragraph merged character by character where they do not overlap.

use super::{Conflict, ConflictPlace, one_side};
use crate::core::document::Paragraph;

/// Paragraph lists merged as their texts are ([`merge_texts`]).
pub(super) fn merge_paragraphs(
    base: &[Paragraph],
    ours: &[Paragraph],
    theirs: &[Paragraph],
    place: impl Fn(usize) -> ConflictPlace,
    conflicts: &mut Vec<Conflict>,
) -> Vec<Paragraph> {
    let texts = |ps: &[Paragraph]| -> Vec<String> { ps.iter().map(|p| p.text.clone()).collect() };
    merge_texts(&texts(base), &texts(ours), &texts(theirs), place, conflicts)
        .into_iter()
        .map(Paragraph::new)
        .collect()
}

/// Lists of texts (paragraphs, title lines) merged three-way. A stretch both sides changed
/// merges text by text, character by character, when it holds the same number of texts on
/// every side and the edits do not overlap; otherwise it is a conflict and ours is kept.
pub(super) fn merge_texts(
    b: &[String],
    o: &[String],
    t: &[String],
    place: impl Fn(usize) -> ConflictPlace,
    conflicts: &mut Vec<Conflict>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for chunk in diff3(b, o, t) {
        match chunk {
            Chunk::Stable(lines) => out.extend(lines),
            Chunk::Changed { base, ours, theirs } => {
                if let Some(chosen) = one_side(&base, &ours, &theirs) {
                    out.extend(chosen.iter().cloned());
                } else if let Some(merged) = merge_paragraph_run(&base, &ours, &theirs) {
                    out.extend(merged);
                } else {
                    conflicts.push(Conflict {
                        place: place(out.len()),
                        base,
                        ours: ours.clone(),
                        theirs,
                    });
                    out.extend(ours);
                }
            }
        }
    }
    out
}

/// Runs of paragraphs both sides edited, merged pairwise by characters when each side has
/// as many as the base.
pub(super) fn merge_paragraph_run(
    base: &[String],
    ours: &[String],
    theirs: &[String],
) -> Option<Vec<String>> {
    if base.len() != ours.len() || base.len() != theirs.len() || base.is_empty() {
        return None;
    }
    base.iter()
        .zip(ours)
        .zip(theirs)
        .map(|((b, o), t)| merge_text(b, o, t))
        .collect()
}

/// One text merged three-way by characters: None when the edits overlap.
pub fn merge_text(base: &str, ours: &str, theirs: &str) -> Option<String> {
    if let Some(chosen) = one_side(&base, &ours, &theirs) {
        return Some((*chosen).to_owned());
    }
    let chars = |s: &str| -> Vec<char> { s.chars().collect() };
    let (b, o, t) = (chars(base), chars(ours), chars(theirs));
    let mut out = String::new();
    for chunk in diff3(&b, &o, &t) {
        match chunk {
            Chunk::Stable(cs) => out.extend(cs),
            Chunk::Changed { base, ours, theirs } => {
                out.extend(one_side(&base, &ours, &theirs)?.iter());
            }
        }
    }
    Some(out)
}

/// A stretch of a three-way comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Chunk<T> {
    /// The same on all three sides.
    Stable(Vec<T>),
    /// Different on at least one side.
    Changed {
        base: Vec<T>,
        ours: Vec<T>,
        theirs: Vec<T>,
    },
}

/// For each element of `base`, where `other` keeps it unchanged (by a longest-common-
/// subsequence alignment).
pub(super) fn matches<T: Eq + std::hash::Hash + Ord>(
    base: &[T],
    other: &[T],
) -> Vec<Option<usize>> {
    let mut out = vec![None; base.len()];
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, base, other) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                out[old_index + k] = Some(new_index + k);
            }
        }
    }
    out
}

/// diff3: `base`, `ours` and `theirs` cut into stretches that are the same on all three
/// sides and stretches that differ somewhere.
pub(super) fn diff3<T: Clone + Eq + std::hash::Hash + Ord>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
) -> Vec<Chunk<T>> {
    let (mo, mt) = (matches(base, ours), matches(base, theirs));
    let (mut ib, mut io, mut it) = (0, 0, 0);
    let mut out: Vec<Chunk<T>> = Vec::new();
    let mut stable: Vec<T> = Vec::new();
    while ib < base.len() {
        if mo[ib] == Some(io) && mt[ib] == Some(it) {
            stable.push(base[ib].clone());
            ib += 1;
            io += 1;
            it += 1;
            continue;
        }
        // The next place all three agree again.
        let sync = (ib..base.len())
            .find(|&k| matches!((mo[k], mt[k]), (Some(a), Some(b)) if a >= io && b >= it));
        let (kb, ko, kt) = match sync {
            Some(k) => (
                k,
                mo[k].unwrap_or(ours.len()),
                mt[k].unwrap_or(theirs.len()),
            ),
            None => (base.len(), ours.len(), theirs.len()),
        };
        if !stable.is_empty() {
            out.push(Chunk::Stable(std::mem::take(&mut stable)));
        }
        out.push(Chunk::Changed {
            base: base[ib..kb].to_vec(),
            ours: ours[io..ko].to_vec(),
            theirs: theirs[it..kt].to_vec(),
        });
        (ib, io, it) = (kb, ko, kt);
    }
    if !stable.is_empty() {
        out.push(Chunk::Stable(stable));
    }
    if io < ours.len() || it < theirs.len() {
        out.push(Chunk::Changed {
            base: Vec::new(),
            ours: ours[io..].to_vec(),
            theirs: theirs[it..].to_vec(),
        });
    }
    out
}
