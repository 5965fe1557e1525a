//! Comparing two versions of a document: which sections were added, removed, moved,
//! renamed or modified, which paragraphs changed inside them, and which characters.
//!
//! Sections are matched by their stable id when both versions come from one file (drafts);
//! otherwise, and for sections left over, by heading and content similarity, so any two
//! files can be compared.

mod matching;
mod paragraphs;
pub mod report;
mod revert;
pub mod text;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::document::{Document, IdMap, Section, SectionId};
use matching::{PARALLEL_SECTIONS, Side, match_sections, moved_sections, take_reference};
pub use paragraphs::paragraph_changes;
use paragraphs::text_changes;
pub(crate) use revert::place_in;
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
    /// Whether the heading runs into its paragraph on one side only.
    pub is_run_in_changed: bool,
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
            is_run_in_changed: self.is_run_in_changed,
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
            is_run_in_changed: false,
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
            is_run_in_changed: false,
            heading: vec![Span::Insert(Cow::Borrowed(&new.heading))],
            paragraphs,
            inserted,
            deleted: 0,
        };
    };
    let heading = char_diff(&o.heading, &new.heading);
    let paragraphs = paragraph_changes(&o.paragraphs, &new.paragraphs);
    let is_renamed = o.heading != new.heading;
    let is_run_in_changed = o.run_in != new.run_in;
    let is_modified = is_run_in_changed || paragraphs.iter().any(ParagraphChange::is_change);
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
        is_run_in_changed,
        heading,
        paragraphs,
        inserted: hi + pi,
        deleted: hd + pd,
    }
}

#[cfg(test)]
mod tests;
