//! Paragraph lists compared: equal runs aligned by Patience diff, changed runs paired by
//! similarity and compared character by character, paragraphs that only moved marked so.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::{ParagraphChange, char_diff, text};
use crate::core::document::Paragraph;

/// Paragraph lists compared: equal runs by Patience diff, changed runs paired by
/// similarity, and paragraphs that only changed place marked as moved.
pub fn paragraph_changes<'a>(
    old: &'a [Paragraph],
    new: &'a [Paragraph],
) -> Vec<ParagraphChange<'a>> {
    // Most sections of a new draft are untouched: no need to align them.
    if old == new {
        return new
            .iter()
            .map(|p| ParagraphChange::Unchanged(Cow::Borrowed(&p.text)))
            .collect();
    }
    let a: Vec<&str> = old.iter().map(|p| p.text.as_str()).collect();
    let b: Vec<&str> = new.iter().map(|p| p.text.as_str()).collect();
    text_changes(&a, &b)
}

/// Lists of texts compared as [`paragraph_changes`] compares paragraphs.
pub(super) fn text_changes<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<ParagraphChange<'a>> {
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, a, b) {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        if let similar::DiffOp::Equal { .. } = op {
            out.extend(
                b[new_range]
                    .iter()
                    .map(|t| ParagraphChange::Unchanged(Cow::Borrowed(*t))),
            );
            continue;
        }
        out.extend(pair_up(&a[old_range], &b[new_range]));
    }
    mark_moves(out)
}

/// Pairs removed and added paragraphs that are rewrites of one another, in order.
fn pair_up<'a>(removed: &[&'a str], added: &[&'a str]) -> Vec<ParagraphChange<'a>> {
    let mut out = Vec::new();
    let mut r = 0;
    for add in added {
        // The next removed paragraph similar enough to this one, if any.
        let found = (r..removed.len()).find(|j| text::similarity(removed[*j], add) >= 0.5);
        match found {
            Some(j) => {
                out.extend(
                    removed[r..j]
                        .iter()
                        .map(|t| ParagraphChange::Removed(Cow::Borrowed(*t))),
                );
                out.push(ParagraphChange::Modified(char_diff(removed[j], add)));
                r = j + 1;
            }
            None => out.push(ParagraphChange::Added(Cow::Borrowed(*add))),
        }
    }
    out.extend(
        removed[r..]
            .iter()
            .map(|t| ParagraphChange::Removed(Cow::Borrowed(*t))),
    );
    out
}

/// An added paragraph whose exact text was also removed in the same list moved: it shows as
/// moved where it now is, and the removal goes.
fn mark_moves(changes: Vec<ParagraphChange<'_>>) -> Vec<ParagraphChange<'_>> {
    let removed: BTreeSet<String> = changes
        .iter()
        .filter_map(|c| match c {
            ParagraphChange::Removed(t) if !t.is_empty() => Some(t.to_string()),
            _ => None,
        })
        .collect();
    if removed.is_empty() {
        return changes;
    }
    let moved: BTreeSet<String> = changes
        .iter()
        .filter_map(|c| match c {
            ParagraphChange::Added(t) if removed.contains(&**t) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    changes
        .into_iter()
        .filter(|c| !matches!(c, ParagraphChange::Removed(t) if moved.contains(&**t)))
        .map(|c| match c {
            ParagraphChange::Added(t) if moved.contains(&*t) => ParagraphChange::Moved(t),
            other => other,
        })
        .collect()
}
