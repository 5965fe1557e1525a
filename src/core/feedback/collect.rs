//! Collecting returned copies: for each, the draft it was sent as (the newest state it
//! shares with the master), and everything the unit did since as opinions — each new
//! comment, and each change to the text by section and paragraph.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Opinion, OpinionKind};
use crate::core::comment::{self, Line};
use crate::core::diff::{self, ChangeKind, ParagraphChange, text::new_text, text::old_text};
use crate::core::document::{Document, Paragraph, Section, SectionId};
use crate::core::identity::content_hash;
use crate::core::merge::{common_ancestor, same_document};
use crate::core::numbering::Numbers;
use crate::core::storage::PlanFile;

/// A copy a unit returned, as read from its file.
#[derive(Debug)]
pub struct Returned {
    /// Where it was read from.
    pub path: PathBuf,
    /// The file, or why it could not be read (the message names the file and place).
    pub plan: Result<PlanFile, String>,
    /// The unit it came from, as the user named it; None to take it from the copy's
    /// comments, else from its file name.
    pub unit: Option<String>,
}

impl Returned {
    /// A copy read from `path` (or why it could not be), its unit not named.
    pub fn new(path: &Path, plan: Result<PlanFile, String>) -> Self {
        Self {
            path: path.to_owned(),
            plan,
            unit: None,
        }
    }

    /// The copy's file name, which opinions keep as their source.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The name its file suggests for its unit (发改局.ron → 发改局).
    pub fn file_stem(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// A returned copy left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The copy.
    pub path: PathBuf,
    /// Why, in a sentence that names the file.
    pub reason: String,
}

/// What collecting found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Collected {
    /// Every opinion, in document order.
    pub opinions: Vec<Opinion>,
    /// The units the opinions came from, in the order their copies were given.
    pub units: Vec<String>,
    /// Copies left out.
    pub skipped: Vec<Skipped>,
}

/// The opinions in the copies `returned` of `master`. Copies that are damaged, from a newer
/// plandraft, of another document, with nothing in common with the master, or returned
/// twice are left out with a reason; the rest are collected.
pub fn collect(master: &PlanFile, returned: &[Returned]) -> Collected {
    let mut out = Collected::default();
    let mut seen: Vec<(String, &Path)> = Vec::new();
    for copy in returned {
        let skip = |reason: String| Skipped {
            path: copy.path.clone(),
            reason,
        };
        let plan = match &copy.plan {
            Ok(plan) => plan,
            Err(message) => {
                out.skipped.push(skip(message.clone()));
                continue;
            }
        };
        if same_document((Path::new("master"), master), (&copy.path, plan)).is_err() {
            out.skipped.push(skip(format!(
                "not a copy of this document: {}",
                copy.path.display()
            )));
            continue;
        }
        let fingerprint = fingerprint(plan);
        if let Some((_, first)) = seen.iter().find(|(f, _)| *f == fingerprint) {
            out.skipped.push(skip(format!(
                "returned twice (the same as {}), counted once: {}",
                first.display(),
                copy.path.display()
            )));
            continue;
        }
        seen.push((fingerprint, &copy.path));
        let Some(base) = common_ancestor(master, plan) else {
            out.skipped.push(skip(format!(
                "shares no recorded draft with the master (was it sent out as a recorded draft such as 征求意见稿?): {}",
                copy.path.display()
            )));
            continue;
        };
        let source = copy.file_name();
        // Named by the user, else by its comments, else as when this file was collected
        // before, else by its file name.
        let unit = copy
            .unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned)
            .or_else(|| named_unit(plan, &master.document))
            .or_else(|| {
                let earlier = master.feedback.iter().find(|o| o.source == source)?;
                Some(earlier.unit.clone())
            })
            .unwrap_or_else(|| copy.file_stem());
        let before = out.opinions.len();
        opinions_of(
            &base.document,
            &master.document,
            plan,
            &unit,
            &source,
            &mut out.opinions,
        );
        if out.opinions.len() > before && !out.units.contains(&unit) {
            out.units.push(unit);
        }
    }
    sort(&master.document, &mut out.opinions);
    out
}

/// What makes two returned copies the same: their text and their comments.
fn fingerprint(plan: &PlanFile) -> String {
    let mut ids: Vec<&str> = plan
        .document
        .comments
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    ids.sort_unstable();
    format!("{}:{}", content_hash(&plan.document), ids.join(","))
}

/// The copies among `returned` whose unit nobody named — not the user, not their comments,
/// not an earlier collecting of the same file (by name) — each with the name its file
/// suggests: the units to ask the user for before collecting.
pub fn unnamed_units(master: &PlanFile, returned: &[Returned]) -> Vec<(PathBuf, String)> {
    returned
        .iter()
        .filter(|copy| copy.unit.is_none())
        .filter_map(|copy| {
            let plan = copy.plan.as_ref().ok()?;
            if named_unit(plan, &master.document).is_some() {
                return None;
            }
            let source = copy.file_name();
            if master.feedback.iter().any(|o| o.source == source) {
                return None;
            }
            Some((copy.path.clone(), copy.file_stem()))
        })
        .collect()
}

/// The unit the units of a copy's new comments name most, else their author; None when it
/// has no new comment that names anyone.
fn named_unit(plan: &PlanFile, master: &Document) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in new_comments(plan, master) {
        let name = if c.unit.is_empty() {
            &c.author
        } else {
            &c.unit
        };
        if !name.trim().is_empty() {
            *counts.entry(name.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(name, _)| name.trim().to_owned())
}

/// The comments a copy has that the master does not.
fn new_comments<'a>(
    plan: &'a PlanFile,
    master: &'a Document,
) -> impl Iterator<Item = &'a comment::Comment> {
    plan.document
        .comments
        .iter()
        .filter(move |c| !master.comments.iter().any(|m| m.id == c.id))
}

/// The opinions one copy holds against `base`, the state it was sent as.
fn opinions_of(
    base: &Document,
    master: &Document,
    plan: &PlanFile,
    unit: &str,
    source: &str,
    out: &mut Vec<Opinion>,
) {
    let copy = &plan.document;
    let base_numbers = Numbers::of(base);
    let copy_numbers = Numbers::of(copy);
    let place = |id: SectionId| -> String {
        if base.section(id).is_some() {
            base_numbers.full_label(base, id)
        } else {
            copy_numbers.full_label(copy, id)
        }
    };
    let mut push = |mut o: Opinion| {
        o.key = key_of(&o);
        out.push(o);
    };
    let blank = |kind, section: Option<SectionId>| Opinion {
        key: String::new(),
        unit: unit.to_owned(),
        author: String::new(),
        source: source.to_owned(),
        kind,
        section,
        place: section.map(place).unwrap_or_else(|| "引言".to_owned()),
        paragraph: None,
        original: String::new(),
        context: String::new(),
        proposal: None,
        comment: String::new(),
        after: String::new(),
        added: None,
        to: None,
        decision: None,
        reason: String::new(),
    };

    for c in new_comments(plan, master) {
        let anchor = comment::anchor(copy, c);
        let Some(section) = anchor.section else {
            continue;
        };
        let mut o = blank(OpinionKind::Comment, Some(section));
        o.author = c.author.clone();
        o.original = match &c.quote {
            Some(q) => q.exact.clone(),
            None => copy
                .section(section)
                .map(|s| s.heading.clone())
                .unwrap_or_default(),
        };
        o.paragraph = base.section(section).and_then(|s| {
            let text = comment::section_text(s);
            let range = comment::find_quote(&text, c.quote.as_ref()?)?;
            match text[..range.start].matches('\n').count() {
                0 => None,
                n => Some(n - 1),
            }
        });
        if o.paragraph.is_none()
            && let Some((Line::Paragraph(i), _)) = &anchor.passage
        {
            o.paragraph = Some(*i);
        }
        o.comment = c.text.clone();
        for r in &c.replies {
            o.comment += &format!("\n{}：{}", r.author, r.text);
        }
        push(o);
    }

    let compared = diff::diff(base, copy, true);
    if base.title != copy.title {
        let mut o = blank(OpinionKind::TitleReworded, None);
        o.place = "标题".to_owned();
        o.original = base.title.join("\n");
        o.proposal = Some(copy.title.join("\n"));
        push(o);
    }
    paragraph_opinions(&compared.preamble, &base.preamble, None, &blank, &mut push);
    for s in &compared.sections {
        match (s.kind, &s.old, &s.new) {
            (ChangeKind::Unchanged, _, _) => {}
            (ChangeKind::Added, None, Some(new)) => {
                let parent = copy.parent_of(new.id).flatten();
                // A section added under another added section comes with it.
                if parent.is_some_and(|p| base.section(p).is_none()) {
                    continue;
                }
                let Some(section) = copy.section(new.id) else {
                    continue;
                };
                let mut o = blank(OpinionKind::SectionAdded, parent);
                o.place = parent.map(place).unwrap_or_default();
                o.proposal = Some(outline_text(&copy_numbers, section));
                o.after = previous_sibling(copy, new.id)
                    .map(|id| id.0.to_string())
                    .unwrap_or_default();
                o.added = Some(section.clone());
                push(o);
            }
            (ChangeKind::Removed, Some(old), None) => {
                if base
                    .parent_of(old.id)
                    .flatten()
                    .is_some_and(|p| copy.section(p).is_none())
                {
                    continue;
                }
                let Some(section) = base.section(old.id) else {
                    continue;
                };
                let mut o = blank(OpinionKind::SectionDeleted, Some(old.id));
                o.original = outline_text(&base_numbers, section);
                o.proposal = Some(String::new());
                push(o);
            }
            (_, Some(old), Some(_)) => {
                if s.is_moved
                    && let Some(section) = base.section(old.id)
                {
                    let mut o = blank(OpinionKind::SectionMoved, Some(old.id));
                    o.original = base_numbers.get(old.id).map_or_else(
                        || section.heading.clone(),
                        |n| n.heading_line(&section.heading),
                    );
                    o.proposal = Some(format!("调整为{}", copy_numbers.full_label(copy, old.id)));
                    o.to = Some(diff::place_in(copy, base, old.id));
                    push(o);
                }
                if s.is_renamed {
                    let mut o = blank(OpinionKind::HeadingReworded, Some(old.id));
                    o.original = diff::text::old_text(&s.heading);
                    o.proposal = Some(diff::text::new_text(&s.heading));
                    push(o);
                }
                let paragraphs = base
                    .section(old.id)
                    .map_or(&[][..], |x| x.paragraphs.as_slice());
                paragraph_opinions(&s.paragraphs, paragraphs, Some(old.id), &blank, &mut push);
            }
            _ => {}
        }
    }
}

/// Opinions from the paragraph changes of one section (or the preamble).
fn paragraph_opinions(
    changes: &[ParagraphChange<'_>],
    base: &[Paragraph],
    section: Option<SectionId>,
    blank: &dyn Fn(OpinionKind, Option<SectionId>) -> Opinion,
    push: &mut dyn FnMut(Opinion),
) {
    let index_of = |text: &str| base.iter().position(|p| p.text == text);
    // The last paragraph of the draft seen: an added paragraph goes after it.
    let mut last_old: Option<String> = None;
    for change in changes {
        match change {
            ParagraphChange::Unchanged(t) => last_old = Some(t.to_string()),
            ParagraphChange::Moved(t) => {
                let mut o = blank(OpinionKind::ParagraphMoved, section);
                o.paragraph = index_of(t);
                o.original = t.to_string();
                o.after = last_old.clone().unwrap_or_default();
                o.proposal = Some(match &last_old {
                    Some(after) => {
                        let head: String = after.chars().take(12).collect();
                        let more = if head.len() < after.len() { "…" } else { "" };
                        format!("移至“{head}{more}”一段之后")
                    }
                    None => "移至最前".to_owned(),
                });
                push(o);
            }
            ParagraphChange::Added(t) => {
                let mut o = blank(OpinionKind::ParagraphAdded, section);
                o.paragraph = last_old.as_deref().and_then(index_of);
                o.after = last_old.clone().unwrap_or_default();
                o.proposal = Some(t.to_string());
                push(o);
            }
            ParagraphChange::Removed(t) => {
                let mut o = blank(OpinionKind::ParagraphDeleted, section);
                o.paragraph = index_of(t);
                o.original = t.to_string();
                o.proposal = Some(String::new());
                push(o);
                last_old = Some(t.to_string());
            }
            ParagraphChange::Modified(spans) => {
                let old = old_text(spans);
                let new = new_text(spans);
                let (original, proposal) = passage(&old, &new);
                let mut o = blank(OpinionKind::Reworded, section);
                o.paragraph = index_of(&old);
                o.original = original.to_owned();
                o.proposal = Some(proposal.to_owned());
                if original != old {
                    o.context = old.clone();
                }
                push(o);
                last_old = Some(old);
            }
        }
    }
}

/// The sentences of `old` that `new` rewords, and what they became: the changed stretch
/// widened to whole sentences (to 。！？；), so the table quotes the passage, not the whole
/// paragraph.
pub(super) fn passage<'a>(old: &'a str, new: &'a str) -> (&'a str, &'a str) {
    let is_end = |c: char| matches!(c, '。' | '！' | '？' | '；');
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    // The start of the sentence the change begins in, the same in both texts.
    let start = old[..prefix]
        .char_indices()
        .rev()
        .find(|(_, c)| is_end(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    // The end of the sentence the change ends in, counted from the end (the same in both).
    let old_end = old.len() - suffix;
    let tail = old[old_end..]
        .char_indices()
        .find(|(_, c)| is_end(*c))
        .map_or(0, |(i, c)| suffix - i - c.len_utf8());
    let (original, proposal) = (&old[start..old.len() - tail], &new[start..new.len() - tail]);
    if original.trim().is_empty() {
        // Text added at the very end: quote the whole paragraph, to say where it goes.
        return (old, new);
    }
    (original, proposal)
}

/// The section before `id` among its siblings.
fn previous_sibling(doc: &Document, id: SectionId) -> Option<SectionId> {
    let parent = doc.parent_of(id)?;
    let siblings = doc.children(parent)?;
    let i = siblings.iter().position(|s| s.id == id)?;
    i.checked_sub(1).map(|j| siblings[j].id)
}

/// A section with its subsections as numbered lines of text.
fn outline_text(numbers: &Numbers, section: &Section) -> String {
    let mut lines = Vec::new();
    section.walk(0, &mut |s, _| {
        lines.push(
            numbers
                .get(s.id)
                .map_or_else(|| s.heading.clone(), |n| n.heading_line(&s.heading)),
        );
        lines.extend(s.paragraphs.iter().map(|p| p.text.clone()));
    });
    lines.join("\n")
}

/// An opinion's key: the hash of who said what about where.
fn key_of(o: &Opinion) -> String {
    let text = format!(
        "{}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{}\u{1}{:?}\u{1}{}\u{1}{}",
        o.unit, o.kind, o.section, o.paragraph, o.original, o.proposal, o.comment, o.after
    );
    Sha256::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Puts opinions in document order: the preamble's first, then by the section's place in
/// `doc` (sections it no longer has last), by paragraph, and one passage's opinions
/// together in the order their units came.
pub fn sort(doc: &Document, opinions: &mut [Opinion]) {
    let mut order = HashMap::new();
    doc.walk(|s, _| {
        let n = order.len();
        order.insert(s.id, n);
    });
    opinions.sort_by_key(|o| {
        let place = match o.section {
            None => 0,
            Some(id) => order.get(&id).map_or(usize::MAX, |n| n + 1),
        };
        let (_, paragraph, is_addition) = o.group();
        (place, paragraph.map_or(0, |p| p + 1), is_addition)
    });
}

/// The opinions `stored` in the master joined with `others` (just collected, or another
/// copy's of the master): what was stored keeps its decision and reason (taking the
/// other's where it has none), new opinions are added, in document order of `doc`.
pub fn join(doc: &Document, stored: &[Opinion], others: Vec<Opinion>) -> Vec<Opinion> {
    let mut all = stored.to_vec();
    for o in others {
        match all.iter_mut().find(|s| s.key == o.key) {
            Some(s) if s.decision.is_none() && o.decision.is_some() => {
                s.decision = o.decision;
                s.reason = o.reason;
            }
            Some(_) => {}
            None => all.push(o),
        }
    }
    sort(doc, &mut all);
    all
}
