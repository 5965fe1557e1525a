//! Comparing two versions of a document: which sections were added, removed, moved,
//! renamed or modified, which paragraphs changed inside them, and which characters.
//!
//! Sections are matched by their stable id when both versions come from one file (drafts);
//! otherwise, and for sections left over, by heading and content similarity, so any two
//! files can be compared.

pub mod report;
mod revert;
pub mod text;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::document::{Document, IdMap, Paragraph, Section, SectionId};
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

/// How a paragraph changed. Its text is borrowed from the compared documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParagraphChange<'a> {
    /// The same in both.
    Unchanged(Cow<'a, str>),
    /// New.
    Added(Cow<'a, str>),
    /// Gone.
    Removed(Cow<'a, str>),
    /// The same text at another place in the section (shown where it now is).
    Moved(Cow<'a, str>),
    /// Reworded: the character-level difference.
    Modified(Vec<Span<'a>>),
}

impl ParagraphChange<'_> {
    /// The change with its text owned, so it outlives the documents compared.
    pub fn into_owned(self) -> ParagraphChange<'static> {
        let owned = |t: Cow<'_, str>| Cow::Owned(t.into_owned());
        match self {
            ParagraphChange::Unchanged(t) => ParagraphChange::Unchanged(owned(t)),
            ParagraphChange::Added(t) => ParagraphChange::Added(owned(t)),
            ParagraphChange::Removed(t) => ParagraphChange::Removed(owned(t)),
            ParagraphChange::Moved(t) => ParagraphChange::Moved(owned(t)),
            ParagraphChange::Modified(spans) => {
                ParagraphChange::Modified(spans.into_iter().map(Span::into_owned).collect())
            }
        }
    }

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
pub struct SectionChange<'a> {
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
    pub heading: Vec<Span<'a>>,
    /// Its paragraphs, compared.
    pub paragraphs: Vec<ParagraphChange<'a>>,
    /// Characters inserted in its heading and paragraphs.
    pub inserted: usize,
    /// Characters deleted from its heading and paragraphs.
    pub deleted: usize,
}

impl SectionChange<'_> {
    /// The change with its text owned, so it outlives the documents compared.
    pub fn into_owned(self) -> SectionChange<'static> {
        SectionChange {
            old: self.old,
            new: self.new,
            kind: self.kind,
            is_moved: self.is_moved,
            is_renamed: self.is_renamed,
            is_modified: self.is_modified,
            heading: self.heading.into_iter().map(Span::into_owned).collect(),
            paragraphs: self
                .paragraphs
                .into_iter()
                .map(ParagraphChange::into_owned)
                .collect(),
            inserted: self.inserted,
            deleted: self.deleted,
        }
    }
}

/// Two versions of a document compared, borrowing their text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentDiff<'a> {
    /// Title lines, compared.
    pub title: Vec<ParagraphChange<'a>>,
    /// The stage line, compared (None when neither version has one).
    pub stage: Option<Vec<Span<'a>>>,
    /// Preamble paragraphs, compared.
    pub preamble: Vec<ParagraphChange<'a>>,
    /// Every section, in the new version's order, removed ones where they stood.
    pub sections: Vec<SectionChange<'a>>,
    /// Characters inserted in the whole document.
    pub inserted: usize,
    /// Characters deleted from the whole document.
    pub deleted: usize,
}

impl<'a> DocumentDiff<'a> {
    /// The comparison with its text owned, so it outlives the documents compared.
    pub fn into_owned(self) -> DocumentDiff<'static> {
        let paragraphs =
            |v: Vec<ParagraphChange<'a>>| v.into_iter().map(ParagraphChange::into_owned).collect();
        DocumentDiff {
            title: paragraphs(self.title),
            stage: self
                .stage
                .map(|spans| spans.into_iter().map(Span::into_owned).collect()),
            preamble: paragraphs(self.preamble),
            sections: self
                .sections
                .into_iter()
                .map(SectionChange::into_owned)
                .collect(),
            inserted: self.inserted,
            deleted: self.deleted,
        }
    }

    /// The sections that changed.
    pub fn changed_sections(&self) -> impl Iterator<Item = &SectionChange<'a>> {
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
pub fn diff<'a>(old: &'a Document, new: &'a Document, is_same_lineage: bool) -> DocumentDiff<'a> {
    // Large documents: the old version is indexed on a second thread meanwhile.
    let is_large = old.section_count() + new.section_count() > PARALLEL_SECTIONS;
    let (old_side, new_side, pairs) = std::thread::scope(|scope| {
        let old_thread = is_large.then(|| scope.spawn(|| Side::of(old)));
        let new_side = Side::of(new);
        let pairs = match_sections(old, new, is_same_lineage);
        let old_side = old_thread
            .and_then(|t| t.join().ok())
            .unwrap_or_else(|| Side::of(old));
        (old_side, new_side, pairs)
    });
    let Side {
        index: old_index,
        refs: mut old_refs,
    } = old_side;
    let Side {
        index: new_index,
        refs: mut new_refs,
    } = new_side;
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
    let removed_change = |refs: &mut IdMap<Option<SectionRef>>, s: &'a Section| {
        let paragraphs: Vec<ParagraphChange> = s
            .paragraphs
            .iter()
            .map(|p| ParagraphChange::Removed(Cow::Borrowed(&p.text)))
            .collect();
        let deleted =
            s.heading.chars().count() + paragraphs.iter().map(|p| p.counts().1).sum::<usize>();
        SectionChange {
            old: Some(take_reference(refs, s)),
            new: None,
            kind: ChangeKind::Removed,
            is_moved: false,
            is_renamed: false,
            is_modified: false,
            heading: vec![Span::Delete(Cow::Borrowed(&s.heading))],
            paragraphs,
            inserted: 0,
            deleted,
        }
    };

    // Comparing the sections' text is the costly part: on two threads for large documents.
    let new_sections: Vec<&Section> = new.flatten().into_iter().map(|(s, _)| s).collect();
    let compared = map_split(&new_sections, is_large, |s| {
        let old = new_to_old.get(&s.id).and_then(|o| old_index.section(*o));
        compare_section(old, s, moved.contains(&s.id))
    });

    let mut sections = Vec::new();
    for s in removed_after.get(&None).into_iter().flatten() {
        sections.push(removed_change(&mut old_refs, s));
    }
    for (s, mut change) in new_sections.into_iter().zip(compared) {
        change.new = Some(take_reference(&mut new_refs, s));
        let old = new_to_old.get(&s.id).and_then(|o| old_index.section(*o));
        if let Some(o) = old {
            change.old = Some(take_reference(&mut old_refs, o));
        }
        sections.push(change);
        if let Some(o) = old {
            for r in removed_after.get(&Some(o.id)).into_iter().flatten() {
                sections.push(removed_change(&mut old_refs, r));
            }
        }
    }

    let lines = |v: &'a [String]| v.iter().map(String::as_str).collect::<Vec<_>>();
    let title = text_changes(&lines(&old.title), &lines(&new.title));
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

/// `f` of every item, in order; with `is_parallel`, the second half on a second thread.
fn map_split<T: Sync, R: Send>(
    items: &[T],
    is_parallel: bool,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    if !is_parallel || items.len() < 2 {
        return items.iter().map(&f).collect();
    }
    let (first, second) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let second_thread = scope.spawn(|| second.iter().map(&f).collect::<Vec<_>>());
        let mut out: Vec<R> = first.iter().map(&f).collect();
        match second_thread.join() {
            Ok(rest) => out.extend(rest),
            Err(_) => out.extend(second.iter().map(&f)),
        }
        out
    })
}

/// How `new` changed from `old` (None: it is new), without the references to the sections
/// (the caller adds them).
fn compare_section<'a>(
    old: Option<&'a Section>,
    new: &'a Section,
    is_moved: bool,
) -> SectionChange<'a> {
    let Some(o) = old else {
        let paragraphs: Vec<ParagraphChange> = new
            .paragraphs
            .iter()
            .map(|p| ParagraphChange::Added(Cow::Borrowed(&p.text)))
            .collect();
        let inserted =
            new.heading.chars().count() + paragraphs.iter().map(|p| p.counts().0).sum::<usize>();
        return SectionChange {
            old: None,
            new: None,
            kind: ChangeKind::Added,
            is_moved: false,
            is_renamed: false,
            is_modified: false,
            heading: vec![Span::Insert(Cow::Borrowed(&new.heading))],
            paragraphs,
            inserted,
            deleted: 0,
        };
    };
    let heading = char_diff(&o.heading, &new.heading);
    let paragraphs = paragraph_changes(&o.paragraphs, &new.paragraphs);
    let is_renamed = o.heading != new.heading;
    let is_modified = o.run_in != new.run_in || paragraphs.iter().any(ParagraphChange::is_change);
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
        old: None,
        new: None,
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

/// Above this many sections in the two versions together, the old one is indexed on a
/// second thread while the new one is indexed on the first.
const PARALLEL_SECTIONS: usize = 400;

/// What a comparison needs to know of one version, worked out in one go.
struct Side<'a> {
    index: Index<'a>,
    refs: IdMap<Option<SectionRef>>,
}

impl<'a> Side<'a> {
    fn of(doc: &'a Document) -> Self {
        Self {
            index: Index::of(doc),
            refs: references(doc, &Numbers::of(doc)),
        }
    }
}

/// Every section's reference in a document, made in one walk: its number, its heading line
/// and the numbers of its ancestors.
fn references(doc: &Document, numbers: &Numbers) -> IdMap<Option<SectionRef>> {
    let mut refs = Vec::with_capacity(doc.section_count());
    // The labels of the sections open above the one visited, outermost first.
    let mut ancestors: Vec<String> = Vec::new();
    doc.walk(|s, depth| {
        ancestors.truncate(depth);
        let number = numbers.get(s.id);
        let label = number.map(|n| n.label()).unwrap_or_default();
        refs.push((
            s.id,
            Some(SectionRef {
                id: s.id,
                number: label.clone(),
                heading: s.heading.clone(),
                line: number.map_or_else(|| s.heading.clone(), |n| n.heading_line(&s.heading)),
                context: ancestors.join(" "),
                depth,
            }),
        ));
        ancestors.push(label);
    });
    IdMap::new(refs)
}

/// The reference of `s`, moved out of `refs` (each section is named once in a comparison).
fn take_reference(refs: &mut IdMap<Option<SectionRef>>, s: &Section) -> SectionRef {
    refs.get_mut(s.id)
        .and_then(Option::take)
        .unwrap_or_else(|| SectionRef {
            id: s.id,
            number: String::new(),
            heading: s.heading.clone(),
            line: s.heading.clone(),
            context: String::new(),
            depth: 0,
        })
}

/// Where every section of a document is, found in one pass (the document's own lookups
/// walk the tree, which would make comparing large documents quadratic).
struct Index<'a> {
    by_id: IdMap<Located<'a>>,
}

/// A section and its place.
struct Located<'a> {
    section: &'a Section,
    parent: Option<SectionId>,
    index: usize,
}

impl<'a> Index<'a> {
    fn of(doc: &'a Document) -> Self {
        fn walk<'a>(
            list: &'a [Section],
            parent: Option<SectionId>,
            out: &mut Vec<(SectionId, Located<'a>)>,
        ) {
            for (index, s) in list.iter().enumerate() {
                out.push((
                    s.id,
                    Located {
                        section: s,
                        parent,
                        index,
                    },
                ));
                walk(&s.children, Some(s.id), out);
            }
        }
        let mut by_id = Vec::new();
        walk(&doc.sections, None, &mut by_id);
        Self {
            by_id: IdMap::new(by_id),
        }
    }

    fn section(&self, id: SectionId) -> Option<&'a Section> {
        self.by_id.get(id).map(|l| l.section)
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
        let new_parent = new_index.by_id.get(*n).and_then(|l| l.parent);
        let old_parent = old.by_id.get(*o).and_then(|l| l.parent);
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
                Some((*n, old.by_id.get(*o)?.index))
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
fn text_changes<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<ParagraphChange<'a>> {
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

#[cfg(test)]
mod tests;
