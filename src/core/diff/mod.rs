//! Comparing two versions of a document: which sections were added, removed, moved,
//! renamed or modified, which paragraphs changed inside them, and which characters.
//!
//! Sections are matched by their stable id when both versions come from one file (drafts);
//! otherwise, and for sections left over, by heading and content similarity, so any two
//! files can be compared.

pub mod report;
mod revert;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};

use super::document::{Document, Paragraph, Section, SectionId};
use super::numbering::Numbers;
pub use revert::{revert_edit, revert_paragraph_edit};
pub use text::{Span, char_diff};

/// How a section changed, most telling first (a moved and reworded section is "moved").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Its parent or its place among its siblings changed.
    Moved,
    /// Its heading was reworded.
    Renamed,
    /// Its paragraphs changed.
    Modified,
    /// Nothing changed (its number may have, through changes elsewhere).
    Unchanged,
}

impl ChangeKind {
    /// The word used in `--stat` lines.
    pub fn word(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Moved => "moved",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Modified => "modified",
            ChangeKind::Unchanged => "unchanged",
        }
    }
}

/// How a paragraph changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParagraphChange {
    /// The same in both.
    Unchanged(String),
    /// New.
    Added(String),
    /// Gone.
    Removed(String),
    /// The same text at another place in the section (shown where it now is).
    Moved(String),
    /// Reworded: the character-level difference.
    Modified(Vec<Span>),
}

impl ParagraphChange {
    /// Characters inserted and deleted.
    pub fn counts(&self) -> (usize, usize) {
        match self {
            ParagraphChange::Added(t) => (t.chars().count(), 0),
            ParagraphChange::Removed(t) => (0, t.chars().count()),
            ParagraphChange::Modified(spans) => text::counts(spans),
            ParagraphChange::Unchanged(_) | ParagraphChange::Moved(_) => (0, 0),
        }
    }

    /// Whether it is a change at all.
    pub fn is_change(&self) -> bool {
        !matches!(self, ParagraphChange::Unchanged(_))
    }
}

/// One version of a section, as the report names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionRef {
    /// Its id in that version.
    pub id: SectionId,
    /// Its number there (一、 （三）).
    pub number: String,
    /// Its heading there.
    pub heading: String,
    /// Number and heading as printed there (第一章　发展环境).
    pub line: String,
    /// The numbers of its ancestors there, outermost first (第二篇 第五章), for context.
    pub context: String,
    /// Its depth (0 = top level).
    pub depth: usize,
}

/// A section compared across two versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionChange {
    /// The section in the old version.
    pub old: Option<SectionRef>,
    /// The section in the new version.
    pub new: Option<SectionRef>,
    /// The most telling kind of change.
    pub kind: ChangeKind,
    /// Moved (parent or place among siblings changed).
    pub is_moved: bool,
    /// Heading reworded.
    pub is_renamed: bool,
    /// Paragraphs or run-in changed.
    pub is_modified: bool,
    /// The heading's character-level difference.
    pub heading: Vec<Span>,
    /// Its paragraphs, compared.
    pub paragraphs: Vec<ParagraphChange>,
    /// Characters inserted in its heading and paragraphs.
    pub inserted: usize,
    /// Characters deleted from its heading and paragraphs.
    pub deleted: usize,
}

/// Two versions of a document compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentDiff {
    /// Title lines, compared.
    pub title: Vec<ParagraphChange>,
    /// The stage line, compared (None when neither version has one).
    pub stage: Option<Vec<Span>>,
    /// Preamble paragraphs, compared.
    pub preamble: Vec<ParagraphChange>,
    /// Every section, in the new version's order, removed ones where they stood.
    pub sections: Vec<SectionChange>,
    /// Characters inserted in the whole document.
    pub inserted: usize,
    /// Characters deleted from the whole document.
    pub deleted: usize,
}

impl DocumentDiff {
    /// The sections that changed.
    pub fn changed_sections(&self) -> impl Iterator<Item = &SectionChange> {
        self.sections
            .iter()
            .filter(|s| s.kind != ChangeKind::Unchanged)
    }

    /// Whether the title block, stage line or preamble changed.
    pub fn is_front_changed(&self) -> bool {
        self.title.iter().any(ParagraphChange::is_change)
            || self.preamble.iter().any(ParagraphChange::is_change)
            || self
                .stage
                .as_ref()
                .is_some_and(|s| s.iter().any(|x| !matches!(x, Span::Equal(_))))
    }
}

/// Compares `old` with `new`. With `is_same_lineage` (two drafts of one file) sections with
/// the same id are the same section; otherwise ids count only where the content agrees.
pub fn diff(old: &Document, new: &Document, is_same_lineage: bool) -> DocumentDiff {
    let pairs = match_sections(old, new, is_same_lineage);
    let old_numbers = Numbers::of(old);
    let new_numbers = Numbers::of(new);
    let (old_index, new_index) = (Index::of(old), Index::of(new));
    let reference = |index: &Index, numbers: &Numbers, s: &Section| SectionRef {
        id: s.id,
        number: numbers.label(s.id),
        heading: s.heading.clone(),
        line: numbers
            .get(s.id)
            .map(|n| n.heading_line(&s.heading))
            .unwrap_or_else(|| s.heading.clone()),
        context: {
            let mut chain = Vec::new();
            let mut parent = index.by_id.get(&s.id).and_then(|l| l.parent);
            while let Some(p) = parent {
                chain.push(numbers.label(p));
                parent = index.by_id.get(&p).and_then(|l| l.parent);
            }
            chain.reverse();
            chain.join(" ")
        },
        depth: index.by_id.get(&s.id).map_or(0, |l| l.depth),
    };
    let moved = moved_sections(&old_index, &new_index, new, &pairs);
    let new_to_old: BTreeMap<SectionId, SectionId> = pairs.iter().copied().collect();
    let matched_old: BTreeSet<SectionId> = pairs.iter().map(|(_, o)| *o).collect();

    // Removed sections go after the nearest earlier old section that survived.
    let mut removed_after: BTreeMap<Option<SectionId>, Vec<&Section>> = BTreeMap::new();
    let mut last_matched: Option<SectionId> = None;
    for (s, _) in old.flatten() {
        if matched_old.contains(&s.id) {
            last_matched = Some(s.id);
        } else {
            removed_after.entry(last_matched).or_default().push(s);
        }
    }
    let removed_change = |s: &Section| {
        let paragraphs: Vec<ParagraphChange> = s
            .paragraphs
            .iter()
            .map(|p| ParagraphChange::Removed(p.text.clone()))
            .collect();
        let deleted =
            s.heading.chars().count() + paragraphs.iter().map(|p| p.counts().1).sum::<usize>();
        SectionChange {
            old: Some(reference(&old_index, &old_numbers, s)),
            new: None,
            kind: ChangeKind::Removed,
            is_moved: false,
            is_renamed: false,
            is_modified: false,
            heading: vec![Span::Delete(s.heading.clone())],
            paragraphs,
            inserted: 0,
            deleted,
        }
    };

    let mut sections = Vec::new();
    for s in removed_after.get(&None).into_iter().flatten() {
        sections.push(removed_change(s));
    }
    for (s, _) in new.flatten() {
        let change = match new_to_old.get(&s.id).and_then(|o| old_index.section(*o)) {
            None => {
                let paragraphs: Vec<ParagraphChange> = s
                    .paragraphs
                    .iter()
                    .map(|p| ParagraphChange::Added(p.text.clone()))
                    .collect();
                let inserted = s.heading.chars().count()
                    + paragraphs.iter().map(|p| p.counts().0).sum::<usize>();
                SectionChange {
                    old: None,
                    new: Some(reference(&new_index, &new_numbers, s)),
                    kind: ChangeKind::Added,
                    is_moved: false,
                    is_renamed: false,
                    is_modified: false,
                    heading: vec![Span::Insert(s.heading.clone())],
                    paragraphs,
                    inserted,
                    deleted: 0,
                }
            }
            Some(o) => {
                let heading = char_diff(&o.heading, &s.heading);
                let paragraphs = paragraph_changes(&o.paragraphs, &s.paragraphs);
                let is_renamed = o.heading != s.heading;
                let is_modified =
                    o.run_in != s.run_in || paragraphs.iter().any(ParagraphChange::is_change);
                let is_moved = moved.contains(&s.id);
                let kind = if is_moved {
                    ChangeKind::Moved
                } else if is_renamed {
                    ChangeKind::Renamed
                } else if is_modified {
                    ChangeKind::Modified
                } else {
                    ChangeKind::Unchanged
                };
                let (hi, hd) = text::counts(&heading);
                let (pi, pd) = paragraphs.iter().fold((0, 0), |(i, d), p| {
                    let (a, b) = p.counts();
                    (i + a, d + b)
                });
                SectionChange {
                    old: Some(reference(&old_index, &old_numbers, o)),
                    new: Some(reference(&new_index, &new_numbers, s)),
                    kind,
                    is_moved,
                    is_renamed,
                    is_modified,
                    heading,
                    paragraphs,
                    inserted: hi + pi,
                    deleted: hd + pd,
                }
            }
        };
        let old_id = change.old.as_ref().map(|r| r.id);
        sections.push(change);
        if let Some(old_id) = old_id {
            for r in removed_after.get(&Some(old_id)).into_iter().flatten() {
                sections.push(removed_change(r));
            }
        }
    }

    let lines = |v: &[String]| {
        v.iter()
            .map(|t| Paragraph::new(t.clone()))
            .collect::<Vec<_>>()
    };
    let title = paragraph_changes(&lines(&old.title), &lines(&new.title));
    let preamble = paragraph_changes(&old.preamble, &new.preamble);
    let stage = match (&old.stage, &new.stage) {
        (None, None) => None,
        (a, b) => Some(char_diff(
            a.as_deref().unwrap_or_default(),
            b.as_deref().unwrap_or_default(),
        )),
    };
    let mut inserted = 0;
    let mut deleted = 0;
    for p in title.iter().chain(&preamble) {
        let (i, d) = p.counts();
        inserted += i;
        deleted += d;
    }
    if let Some(spans) = &stage {
        let (i, d) = text::counts(spans);
        inserted += i;
        deleted += d;
    }
    for s in &sections {
        inserted += s.inserted;
        deleted += s.deleted;
    }
    DocumentDiff {
        title,
        stage,
        preamble,
        sections,
        inserted,
        deleted,
    }
}

/// Where every section of a document is, found in one pass (the document's own lookups
/// walk the tree, which would make comparing large documents quadratic).
struct Index<'a> {
    by_id: BTreeMap<SectionId, Located<'a>>,
}

/// A section and its place.
struct Located<'a> {
    section: &'a Section,
    parent: Option<SectionId>,
    index: usize,
    depth: usize,
}

impl<'a> Index<'a> {
    fn of(doc: &'a Document) -> Self {
        fn walk<'a>(
            list: &'a [Section],
            parent: Option<SectionId>,
            depth: usize,
            out: &mut BTreeMap<SectionId, Located<'a>>,
        ) {
            for (index, s) in list.iter().enumerate() {
                out.insert(
                    s.id,
                    Located {
                        section: s,
                        parent,
                        index,
                        depth,
                    },
                );
                walk(&s.children, Some(s.id), depth + 1, out);
            }
        }
        let mut by_id = BTreeMap::new();
        walk(&doc.sections, None, 0, &mut by_id);
        Self { by_id }
    }

    fn section(&self, id: SectionId) -> Option<&'a Section> {
        self.by_id.get(&id).map(|l| l.section)
    }
}

/// A section's own text, for similarity.
fn body_text(s: &Section) -> String {
    let mut t = s.heading.clone();
    for p in &s.paragraphs {
        t.push_str(&p.text);
    }
    t
}

/// Pairs (new id, old id) of sections that are the same section.
fn match_sections(
    old: &Document,
    new: &Document,
    is_same_lineage: bool,
) -> Vec<(SectionId, SectionId)> {
    let old_sections: BTreeMap<SectionId, &Section> =
        old.flatten().into_iter().map(|(s, _)| (s.id, s)).collect();
    let mut pairs = Vec::new();
    let mut used_old = BTreeSet::new();
    let mut unmatched_new = Vec::new();
    for (s, _) in new.flatten() {
        let same_id = old_sections.get(&s.id).filter(|o| {
            is_same_lineage
                || o.heading == s.heading
                || text::similarity(&body_text(o), &body_text(s)) >= 0.5
        });
        match same_id {
            Some(o) => {
                pairs.push((s.id, o.id));
                used_old.insert(o.id);
            }
            None => unmatched_new.push(s),
        }
    }
    // The rest by similarity, best pairs first.
    let unmatched_old: Vec<&Section> = old_sections
        .values()
        .filter(|s| !used_old.contains(&s.id))
        .copied()
        .collect();
    let mut candidates = Vec::new();
    for n in &unmatched_new {
        let n_body = body_text(n);
        for o in &unmatched_old {
            let heading = text::similarity(&o.heading, &n.heading);
            let body = text::similarity(&body_text(o), &n_body);
            let score = 0.4 * heading + 0.6 * body;
            if score >= 0.45 {
                candidates.push((score, n.id, o.id));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_new = BTreeSet::new();
    for (_, n, o) in candidates {
        if !used_new.contains(&n) && !used_old.contains(&o) {
            used_new.insert(n);
            used_old.insert(o);
            pairs.push((n, o));
        }
    }
    pairs
}

/// New ids of matched sections that changed parent, or place among matched siblings.
fn moved_sections(
    old: &Index,
    new_index: &Index,
    new: &Document,
    pairs: &[(SectionId, SectionId)],
) -> BTreeSet<SectionId> {
    let old_to_new: BTreeMap<SectionId, SectionId> = pairs.iter().map(|(n, o)| (*o, *n)).collect();
    let new_to_old: BTreeMap<SectionId, SectionId> = pairs.iter().copied().collect();
    let mut moved = BTreeSet::new();
    // Parent changed.
    for (n, o) in pairs {
        let new_parent = new_index.by_id.get(n).and_then(|l| l.parent);
        let old_parent = old.by_id.get(o).and_then(|l| l.parent);
        let old_parent_now = old_parent.and_then(|p| old_to_new.get(&p).copied());
        let is_same_parent = match (old_parent, new_parent) {
            (None, None) => true,
            (Some(_), Some(np)) => old_parent_now == Some(np),
            _ => false,
        };
        if !is_same_parent {
            moved.insert(*n);
        }
    }
    // Order among siblings that kept their parent: those off the longest run kept in
    // order moved.
    let mut groups: Vec<Vec<SectionId>> = vec![new.sections.iter().map(|s| s.id).collect()];
    new.walk(|s, _| groups.push(s.children.iter().map(|c| c.id).collect()));
    for group in groups {
        let positions: Vec<(SectionId, usize)> = group
            .iter()
            .filter(|n| !moved.contains(*n))
            .filter_map(|n| {
                let o = new_to_old.get(n)?;
                Some((*n, old.by_id.get(o)?.index))
            })
            .collect();
        let keep = longest_increasing(&positions.iter().map(|(_, p)| *p).collect::<Vec<_>>());
        for (i, (n, _)) in positions.iter().enumerate() {
            if !keep.contains(&i) {
                moved.insert(*n);
            }
        }
    }
    moved
}

/// Indices of a longest strictly increasing subsequence (patience method, n log n).
fn longest_increasing(values: &[usize]) -> BTreeSet<usize> {
    // tails[k]: index of the smallest last value of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous = vec![usize::MAX; values.len()];
    for (i, &v) in values.iter().enumerate() {
        let at = tails.partition_point(|&t| values[t] < v);
        if at > 0 {
            previous[i] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut out = BTreeSet::new();
    let mut i = tails.last().copied().unwrap_or(usize::MAX);
    while i != usize::MAX {
        out.insert(i);
        i = previous[i];
    }
    out
}

/// Paragraph lists compared: equal runs by Patience diff, changed runs paired by
/// similarity, and paragraphs that only changed place marked as moved.
pub fn paragraph_changes(old: &[Paragraph], new: &[Paragraph]) -> Vec<ParagraphChange> {
    // Most sections of a new draft are untouched: no need to align them.
    if old == new {
        return new
            .iter()
            .map(|p| ParagraphChange::Unchanged(p.text.clone()))
            .collect();
    }
    let a: Vec<&str> = old.iter().map(|p| p.text.as_str()).collect();
    let b: Vec<&str> = new.iter().map(|p| p.text.as_str()).collect();
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, &a, &b) {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        if let similar::DiffOp::Equal { .. } = op {
            out.extend(
                b[new_range]
                    .iter()
                    .map(|t| ParagraphChange::Unchanged((*t).to_owned())),
            );
            continue;
        }
        let removed: Vec<&str> = a[old_range].to_vec();
        let added: Vec<&str> = b[new_range].to_vec();
        out.extend(pair_up(&removed, &added));
    }
    mark_moves(out)
}

/// Pairs removed and added paragraphs that are rewrites of one another, in order.
fn pair_up(removed: &[&str], added: &[&str]) -> Vec<ParagraphChange> {
    let mut out = Vec::new();
    let mut r = 0;
    for (i, add) in added.iter().enumerate() {
        // The next removed paragraph similar enough to this one, if any.
        let found = (r..removed.len()).find(|j| text::similarity(removed[*j], add) >= 0.5);
        match found {
            Some(j) => {
                out.extend(
                    removed[r..j]
                        .iter()
                        .map(|t| ParagraphChange::Removed((*t).to_owned())),
                );
                out.push(ParagraphChange::Modified(char_diff(removed[j], add)));
                r = j + 1;
            }
            None => out.push(ParagraphChange::Added((*add).to_owned())),
        }
        let _ = i;
    }
    out.extend(
        removed[r..]
            .iter()
            .map(|t| ParagraphChange::Removed((*t).to_owned())),
    );
    out
}

/// An added paragraph whose exact text was also removed in the same list moved: it shows as
/// moved where it now is, and the removal goes.
fn mark_moves(changes: Vec<ParagraphChange>) -> Vec<ParagraphChange> {
    let removed: BTreeSet<String> = changes
        .iter()
        .filter_map(|c| match c {
            ParagraphChange::Removed(t) if !t.is_empty() => Some(t.clone()),
            _ => None,
        })
        .collect();
    let moved: BTreeSet<String> = changes
        .iter()
        .filter_map(|c| match c {
            ParagraphChange::Added(t) if removed.contains(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    changes
        .into_iter()
        .filter(|c| !matches!(c, ParagraphChange::Removed(t) if moved.contains(t)))
        .map(|c| match c {
            ParagraphChange::Added(t) if moved.contains(&t) => ParagraphChange::Moved(t),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests;
