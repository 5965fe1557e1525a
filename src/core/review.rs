//! Review decisions: which changes of a comparison the reviewer accepted, as Word's and
//! WPS's reviewers accept a tracked change. A decision is keyed by what the change is — both
//! versions' text of the section, its numbers and the kind of change — so a later edit to
//! the section makes a new change, which shows again. The decisions of each pair of compared
//! versions are kept in the plan file, so a review goes on after the file is closed.
//!
//! Rejecting a change needs no record: it edits the working copy back (`diff::revert_edit`),
//! after which there is no change left to show.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::diff::{ChangeKind, DocumentDiff, ParagraphChange, SectionChange, Span, text};

/// A version a saved review can name: the working copy or a draft of the file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Side {
    /// The working copy.
    WorkingCopy,
    /// The draft of this name.
    Draft(String),
}

/// One change of a comparison, named by its content.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChangeKey(String);

/// FNV-1a over the pieces of a change, each ended by a separator no text holds.
struct Hasher(u64);

impl Hasher {
    fn new(tag: &str) -> Self {
        let mut h = Self(0xcbf2_9ce4_8422_2325);
        h.add(tag);
        h
    }

    fn add(&mut self, text: &str) {
        for b in text.bytes().chain([0xFF]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn key(self) -> ChangeKey {
        ChangeKey(format!("{:016x}", self.0))
    }
}

/// What a paragraph change says: its kind, old text and new text.
fn add_paragraph(h: &mut Hasher, p: &ParagraphChange<'_>) {
    let (kind, old, new) = match p {
        ParagraphChange::Unchanged(t) => ("=", t.to_string(), t.to_string()),
        ParagraphChange::Added(t) => ("+", String::new(), t.to_string()),
        ParagraphChange::Removed(t) => ("-", t.to_string(), String::new()),
        ParagraphChange::Moved(t) => (">", t.to_string(), t.to_string()),
        ParagraphChange::Modified(spans) => ("~", text::old_text(spans), text::new_text(spans)),
    };
    h.add(kind);
    h.add(&old);
    h.add(&new);
}

/// The section's identity on both sides: ids, numbers and the numbers above them.
fn add_section(h: &mut Hasher, change: &SectionChange<'_>) {
    for side in [&change.old, &change.new] {
        match side {
            Some(r) => {
                h.add(&r.id.0.to_string());
                h.add(&r.context);
                h.add(&r.line);
            }
            None => h.add("none"),
        }
    }
}

impl ChangeKey {
    /// The key of a section's whole change: the section on both sides (ids, numbers,
    /// headings), the kind of change, and every paragraph's old and new text.
    pub fn of_section(change: &SectionChange<'_>) -> Self {
        let mut h = Hasher::new("section");
        add_section(&mut h, change);
        h.add(&format!(
            "{:?}{}{}{}{}",
            change.kind,
            change.is_moved,
            change.is_renamed,
            change.is_modified,
            change.is_run_in_changed
        ));
        for p in &change.paragraphs {
            add_paragraph(&mut h, p);
        }
        h.key()
    }

    /// The key of one paragraph's change in a section: the section's ids, and that
    /// paragraph's kind of change and old and new text.
    pub fn of_paragraph(change: &SectionChange<'_>, paragraph: &ParagraphChange<'_>) -> Self {
        let mut h = Hasher::new("paragraph");
        for side in [&change.old, &change.new] {
            h.add(&side.as_ref().map_or(0, |r| r.id.0).to_string());
        }
        add_paragraph(&mut h, paragraph);
        h.key()
    }
}

/// The decisions of one pair of compared versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The old side.
    pub from: Side,
    /// The new side.
    pub to: Side,
    /// The changes accepted.
    pub accepted: BTreeSet<ChangeKey>,
}

/// The decisions a file keeps, per pair of compared versions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decisions {
    by_pair: BTreeMap<(Side, Side), BTreeSet<ChangeKey>>,
}

impl Decisions {
    /// Decisions read from the file's list.
    pub fn from_reviews(reviews: Vec<Review>) -> Self {
        let mut by_pair: BTreeMap<(Side, Side), BTreeSet<ChangeKey>> = BTreeMap::new();
        for r in reviews {
            by_pair
                .entry((r.from, r.to))
                .or_default()
                .extend(r.accepted);
        }
        Self { by_pair }
    }

    /// The list the file keeps, in a stable order.
    pub fn reviews(&self) -> Vec<Review> {
        self.by_pair
            .iter()
            .filter(|(_, accepted)| !accepted.is_empty())
            .map(|((from, to), accepted)| Review {
                from: from.clone(),
                to: to.clone(),
                accepted: accepted.clone(),
            })
            .collect()
    }

    /// Whether no change was ever accepted.
    pub fn is_empty(&self) -> bool {
        self.by_pair.values().all(BTreeSet::is_empty)
    }

    /// The changes accepted comparing `from` with `to`.
    pub fn accepted(&self, from: &Side, to: &Side) -> Option<&BTreeSet<ChangeKey>> {
        self.by_pair.get(&(from.clone(), to.clone()))
    }

    /// Accepts a change; false if it was accepted already.
    pub fn accept(&mut self, from: &Side, to: &Side, key: ChangeKey) -> bool {
        self.by_pair
            .entry((from.clone(), to.clone()))
            .or_default()
            .insert(key)
    }

    /// Adds every decision of `other` (two copies' reviews joined: a change either copy
    /// accepted stays accepted).
    pub fn join(&mut self, other: &Decisions) {
        for (pair, keys) in &other.by_pair {
            self.by_pair
                .entry(pair.clone())
                .or_default()
                .extend(keys.iter().cloned());
        }
    }

    /// A draft was renamed: its reviews follow it.
    pub fn rename_draft(&mut self, from: &str, to: &str) {
        let rename = |side: &Side| match side {
            Side::Draft(name) if name == from => Side::Draft(to.to_owned()),
            other => other.clone(),
        };
        self.by_pair = std::mem::take(&mut self.by_pair)
            .into_iter()
            .map(|((a, b), keys)| ((rename(&a), rename(&b)), keys))
            .collect();
    }

    /// A draft was deleted: its reviews go with it.
    pub fn delete_draft(&mut self, name: &str) {
        let is_it = |side: &Side| matches!(side, Side::Draft(n) if n == name);
        self.by_pair.retain(|(a, b), _| !is_it(a) && !is_it(b));
    }
}

/// Settles `diff` against the changes `accepted`: an accepted section change reads as
/// unchanged, an accepted paragraph change as its new text; each section's kind and counts,
/// and the totals, are worked out again from what is still open.
pub fn settle(diff: &mut DocumentDiff<'_>, accepted: &BTreeSet<ChangeKey>) {
    if accepted.is_empty() {
        return;
    }
    for s in &mut diff.sections {
        if s.kind == ChangeKind::Unchanged {
            continue;
        }
        if accepted.contains(&ChangeKey::of_section(s)) {
            settle_section(s);
            continue;
        }
        let keys: Vec<ChangeKey> = s
            .paragraphs
            .iter()
            .map(|p| ChangeKey::of_paragraph(s, p))
            .collect();
        let paragraphs = std::mem::take(&mut s.paragraphs);
        s.paragraphs = paragraphs
            .into_iter()
            .zip(keys)
            .filter_map(|(p, key)| {
                if !p.is_change() || !accepted.contains(&key) {
                    return Some(p);
                }
                settled_paragraph(p)
            })
            .collect();
        recount(s);
    }
    diff.inserted = 0;
    diff.deleted = 0;
    for p in diff.title.iter().chain(&diff.preamble) {
        let (i, d) = p.counts();
        diff.inserted += i;
        diff.deleted += d;
    }
    if let Some(spans) = &diff.stage {
        let (i, d) = text::counts(spans);
        diff.inserted += i;
        diff.deleted += d;
    }
    for s in &diff.sections {
        diff.inserted += s.inserted;
        diff.deleted += s.deleted;
    }
}

/// An accepted paragraph change: its new text, unchanged (a removal is simply gone).
fn settled_paragraph(p: ParagraphChange<'_>) -> Option<ParagraphChange<'_>> {
    match p {
        ParagraphChange::Removed(_) => None,
        ParagraphChange::Added(t) | ParagraphChange::Moved(t) | ParagraphChange::Unchanged(t) => {
            Some(ParagraphChange::Unchanged(t))
        }
        ParagraphChange::Modified(spans) => {
            Some(ParagraphChange::Unchanged(text::new_text(&spans).into()))
        }
    }
}

/// An accepted section change: the section as it now is, unchanged.
fn settle_section(s: &mut SectionChange<'_>) {
    let new_heading = text::new_text(&s.heading);
    s.heading = vec![Span::Equal(new_heading.into())];
    s.paragraphs = std::mem::take(&mut s.paragraphs)
        .into_iter()
        .filter_map(settled_paragraph)
        .collect();
    s.is_moved = false;
    s.is_renamed = false;
    s.is_modified = false;
    s.is_run_in_changed = false;
    s.kind = ChangeKind::Unchanged;
    s.inserted = 0;
    s.deleted = 0;
}

/// A section's kind and counts worked out again from its open changes.
fn recount(s: &mut SectionChange<'_>) {
    s.is_modified = s.is_run_in_changed || s.paragraphs.iter().any(ParagraphChange::is_change);
    let (hi, hd) = text::counts(&s.heading);
    let (pi, pd) = s.paragraphs.iter().fold((0, 0), |(i, d), p| {
        let (a, b) = p.counts();
        (i + a, d + b)
    });
    s.inserted = hi + pi;
    s.deleted = hd + pd;
    if matches!(s.kind, ChangeKind::Added | ChangeKind::Removed) {
        return;
    }
    s.kind = if s.is_moved {
        ChangeKind::Moved
    } else if s.is_renamed {
        ChangeKind::Renamed
    } else if s.is_modified {
        ChangeKind::Modified
    } else {
        ChangeKind::Unchanged
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diff::diff;
    use crate::core::document::Document;

    /// The sample, and a second version with two sections edited.
    fn two_versions() -> (Document, Document) {
        let first = crate::core::test_support::sample();
        let mut second = first.clone();
        second.sections[0].paragraphs[0].text.push_str("新增一句。");
        second.sections[1].paragraphs[0].text = "改写后的指导思想。".into();
        (first, second)
    }

    #[test]
    fn accepting_one_of_two_changes_leaves_the_other_and_its_totals() {
        let (first, second) = two_versions();
        let mut d = diff(&first, &second, true);
        let changed: Vec<&SectionChange> = d.changed_sections().collect();
        assert_eq!(changed.len(), 2);
        let (keep_i, keep_d) = (changed[1].inserted, changed[1].deleted);
        let accepted = BTreeSet::from([ChangeKey::of_section(changed[0])]);
        settle(&mut d, &accepted);
        let open: Vec<&SectionChange> = d.changed_sections().collect();
        assert_eq!(open.len(), 1, "one change still open");
        assert_eq!(open[0].new.as_ref().unwrap().heading, "指导思想");
        assert_eq!(
            (d.inserted, d.deleted),
            (keep_i, keep_d),
            "totals of what is open"
        );
        let settled = &d.sections[0];
        assert!(!settled.is_modified && settled.inserted == 0);
    }

    #[test]
    fn an_accepted_paragraph_reads_as_its_new_text() {
        let (first, second) = two_versions();
        let mut d = diff(&first, &second, true);
        let s = d.changed_sections().next().unwrap();
        let p = s.paragraphs.iter().find(|p| p.is_change()).unwrap();
        let key = ChangeKey::of_paragraph(s, p);
        settle(&mut d, &BTreeSet::from([key]));
        let s = &d.sections[0];
        assert_eq!(
            s.kind,
            ChangeKind::Unchanged,
            "its only change was accepted"
        );
        assert!(
            matches!(&s.paragraphs[0], ParagraphChange::Unchanged(t) if t.ends_with("新增一句。"))
        );
    }

    #[test]
    fn a_later_edit_brings_an_accepted_change_back() {
        let (first, mut second) = two_versions();
        let d = diff(&first, &second, true);
        let key = ChangeKey::of_section(d.changed_sections().next().unwrap());
        // The same totals, other words: a new change.
        second.sections[0].paragraphs[0].text = second.sections[0].paragraphs[0]
            .text
            .replace("新增一句。", "另加一句。");
        let mut again = diff(&first, &second, true);
        settle(&mut again, &BTreeSet::from([key]));
        assert_eq!(again.changed_sections().count(), 2);
    }

    #[test]
    fn decisions_follow_draft_renames_and_go_with_deleted_drafts() {
        let mut decisions = Decisions::default();
        let draft = Side::Draft("征求意见稿".into());
        assert!(decisions.accept(&draft, &Side::WorkingCopy, ChangeKey("a".into())));
        assert!(!decisions.accept(&draft, &Side::WorkingCopy, ChangeKey("a".into())));
        decisions.rename_draft("征求意见稿", "送审稿");
        let renamed = Side::Draft("送审稿".into());
        assert_eq!(
            decisions
                .accepted(&renamed, &Side::WorkingCopy)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(Decisions::from_reviews(decisions.reviews()), decisions);
        decisions.delete_draft("送审稿");
        assert!(decisions.is_empty());
    }
}
