//! Which section of one version is which section of the other: by id for drafts of one
//! file, by heading and content similarity otherwise; which matched sections moved; and
//! what the comparison says of each version's sections (numbers, heading lines, context).

use std::collections::{BTreeMap, BTreeSet};

use super::{SectionRef, text};
use crate::core::document::{Document, IdMap, Section, SectionId};
use crate::core::numbering::Numbers;

/// Above this many sections in the two versions together, the old one is indexed on a
/// second thread while the new one is indexed on the first.
pub(super) const PARALLEL_SECTIONS: usize = 400;

/// What a comparison needs to know of one version, worked out in one go.
pub(super) struct Side<'a> {
    pub(super) index: Index<'a>,
    pub(super) refs: IdMap<Option<SectionRef>>,
}

impl<'a> Side<'a> {
    pub(super) fn of(doc: &'a Document) -> Self {
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
pub(super) fn take_reference(refs: &mut IdMap<Option<SectionRef>>, s: &Section) -> SectionRef {
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
pub(super) struct Index<'a> {
    pub(super) by_id: IdMap<Located<'a>>,
}

/// A section and its place.
pub(super) struct Located<'a> {
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

    pub(super) fn section(&self, id: SectionId) -> Option<&'a Section> {
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
pub(super) fn match_sections(
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
pub(super) fn moved_sections(
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
pub(super) fn longest_increasing(values: &[usize]) -> BTreeSet<usize> {
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
