//! Comments (批注): a remark on a section, or on a quoted passage of it, with replies and a
//! resolved flag. A passage is held as the W3C TextQuoteSelector holds it — the exact text,
//! a little text before and after, and where it was — so it is found again after edits,
//! moves and merges; a comment whose passage is gone stays on its section, orphaned, and is
//! never dropped.

use serde::{Deserialize, Serialize};

use super::document::{Document, Section, SectionId};
use super::identity::random_u64;

/// How many characters of context a quote keeps on each side.
pub const CONTEXT_CHARS: usize = 16;

/// A quoted passage of a section.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The passage itself.
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] characters just before it.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters just after it.
    #[serde(default)]
    pub suffix: String,
    /// Where it started, in characters from the start of the section's text (its heading,
    /// then each paragraph on a line of its own): a hint when the passage occurs twice.
    #[serde(default)]
    pub offset: usize,
}

/// A reply to a comment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// Who wrote it.
    pub author: String,
    /// Their unit (单位), if known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// When, as RFC 3339 UTC.
    pub time: String,
    /// What they wrote.
    pub text: String,
}

/// A comment on a section or a passage of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// Its identity, the same in every copy of the file (16 hex digits).
    pub id: String,
    /// The section it is on.
    pub section: SectionId,
    /// The passage it is on; None for the whole section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
    /// Who wrote it.
    pub author: String,
    /// Their unit (单位): the department, street office or body that sent it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// When, as RFC 3339 UTC.
    pub time: String,
    /// The comment.
    pub text: String,
    /// Replies, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
    /// Whether it has been dealt with.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_resolved: bool,
}

/// Now, as the RFC 3339 UTC time comments and drafts record.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

impl Comment {
    /// A new comment on `section` (on `quote` within it, if given), written now.
    pub fn new(
        section: SectionId,
        quote: Option<Quote>,
        author: &str,
        unit: &str,
        text: &str,
    ) -> Self {
        Self {
            id: format!("{:016x}", random_u64()),
            section,
            quote,
            author: author.to_owned(),
            unit: unit.to_owned(),
            time: now(),
            text: text.to_owned(),
            replies: Vec::new(),
            is_resolved: false,
        }
    }

    /// Who it is from, as a list shows it: 单位（作者）, or whichever is known.
    pub fn from_line(&self) -> String {
        match (self.unit.is_empty(), self.author.is_empty()) {
            (false, false) => format!("{}（{}）", self.unit, self.author),
            (false, true) => self.unit.clone(),
            _ => self.author.clone(),
        }
    }
}

/// The text a quote's offsets count in: the heading, then each paragraph, on lines of their
/// own.
pub fn section_text(section: &Section) -> String {
    let mut text = section.heading.clone();
    for p in &section.paragraphs {
        text.push('\n');
        text.push_str(&p.text);
    }
    text
}

/// Which line of a section's text: its heading or one of its paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Line {
    /// The heading.
    Heading,
    /// The paragraph at this index.
    Paragraph(usize),
}

/// Where a comment is found in a document now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// The section it is shown on; None when its section is gone and its passage is
    /// nowhere to be found.
    pub section: Option<SectionId>,
    /// Where its passage starts: the line, and the byte range on that line (to the line's
    /// end when the passage runs on); None for a comment on the whole section, or one whose
    /// passage is gone.
    pub passage: Option<(Line, std::ops::Range<usize>)>,
    /// Whether it was on a passage that is no longer there.
    pub is_orphaned: bool,
}

/// A quote for the passage at byte range `range` of `section`'s text ([`section_text`]).
/// None when the range is empty or not on character boundaries.
pub fn quote_at(section: &Section, range: std::ops::Range<usize>) -> Option<Quote> {
    let text = section_text(section);
    let exact = text.get(range.clone())?;
    if exact.trim().is_empty() {
        return None;
    }
    let before = &text[..range.start];
    let after = &text[range.end..];
    Some(Quote {
        exact: exact.to_owned(),
        prefix: before
            .chars()
            .skip(before.chars().count().saturating_sub(CONTEXT_CHARS))
            .collect(),
        suffix: after.chars().take(CONTEXT_CHARS).collect(),
        offset: before.chars().count(),
    })
}

/// The quote for the passage `exact` of `section`: its first occurrence.
pub fn quote_of(section: &Section, exact: &str) -> Option<Quote> {
    let text = section_text(section);
    let start = text.find(exact)?;
    quote_at(section, start..start + exact.len())
}

/// Where `quote` is in `text`: the byte range of its best match. The exact text wins where
/// its context agrees most (then nearest the old offset); failing that, the text between
/// the old context before and after it — the passage as reworded since.
pub fn find_quote(text: &str, quote: &Quote) -> Option<std::ops::Range<usize>> {
    if quote.exact.is_empty() {
        return None;
    }
    let mut best: Option<(usize, usize, std::ops::Range<usize>)> = None;
    for (start, _) in text.match_indices(&quote.exact) {
        let end = start + quote.exact.len();
        let score = common_suffix(&text[..start], &quote.prefix)
            + common_prefix(&text[end..], &quote.suffix);
        let distance = text[..start].chars().count().abs_diff(quote.offset);
        let better = match &best {
            None => true,
            Some((s, d, _)) => score > *s || (score == *s && distance < *d),
        };
        if better {
            best = Some((score, distance, start..end));
        }
    }
    if let Some((_, _, range)) = best {
        return Some(range);
    }
    // Reworded: the passage between its old context, when the context is long enough to
    // be telling and what lies between is of a like length.
    let (before, after) = (quote.prefix.chars().count(), quote.suffix.chars().count());
    if before == 0 || after == 0 || before + after < 6 {
        return None;
    }
    let mut found = None;
    for (p, _) in text.match_indices(&quote.prefix) {
        let start = p + quote.prefix.len();
        if let Some(len) = text[start..].find(&quote.suffix) {
            let between = text[start..start + len].chars().count();
            let exact = quote.exact.chars().count();
            if between > 0 && between <= exact * 3 + 8 && !text[start..start + len].contains('\n') {
                found = Some(start..start + len);
                break;
            }
        }
    }
    found
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// The line and byte range on it of the byte range `range` of a section's text.
fn line_range(text: &str, range: std::ops::Range<usize>) -> (Line, std::ops::Range<usize>) {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_index = text[..range.start].matches('\n').count();
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = match line_index {
        0 => Line::Heading,
        n => Line::Paragraph(n - 1),
    };
    (
        line,
        range.start - line_start..range.end.min(line_end) - line_start,
    )
}

/// Where `comment` is in `doc` now: on its section's passage; failing that, on the one
/// other section where its passage is (a section deleted whose text moved elsewhere);
/// failing that, orphaned on its section, or on none when the section is gone too.
pub fn anchor(doc: &Document, comment: &Comment) -> Anchor {
    let own = doc.section(comment.section);
    let Some(quote) = &comment.quote else {
        return Anchor {
            section: own.map(|s| s.id),
            passage: None,
            is_orphaned: false,
        };
    };
    if let Some(section) = own {
        let text = section_text(section);
        if let Some(range) = find_quote(&text, quote) {
            return Anchor {
                section: Some(section.id),
                passage: Some(line_range(&text, range)),
                is_orphaned: false,
            };
        }
    }
    if own.is_none() {
        let mut found = None;
        doc.walk(|s, _| {
            if found.is_none() {
                let text = section_text(s);
                if let Some(start) = text.find(&quote.exact) {
                    found = Some((s.id, line_range(&text, start..start + quote.exact.len())));
                }
            }
        });
        if let Some((id, passage)) = found {
            return Anchor {
                section: Some(id),
                passage: Some(passage),
                is_orphaned: false,
            };
        }
    }
    Anchor {
        section: own.map(|s| s.id),
        passage: None,
        is_orphaned: true,
    }
}

/// Comments that are open (not resolved), per section they show on.
pub fn open_counts(doc: &Document) -> std::collections::BTreeMap<SectionId, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for c in doc.comments.iter().filter(|c| !c.is_resolved) {
        if let Some(id) = anchor(doc, c).section {
            *counts.entry(id).or_insert(0) += 1;
        }
    }
    counts
}

/// The passages open comments are on, by the section they show on: the line and the byte
/// range on that line, for views that highlight them.
pub fn open_passages(
    doc: &Document,
) -> std::collections::HashMap<SectionId, Vec<(Line, std::ops::Range<usize>)>> {
    let mut passages = std::collections::HashMap::<_, Vec<_>>::new();
    for c in doc.comments.iter().filter(|c| !c.is_resolved) {
        if let Anchor {
            section: Some(id),
            passage: Some(passage),
            ..
        } = anchor(doc, c)
        {
            passages.entry(id).or_default().push(passage);
        }
    }
    passages
}

/// The comments in document order (by the section they show on, then by where their
/// passage starts, then by time); those on no section come last.
pub fn in_document_order(doc: &Document) -> Vec<(&Comment, Anchor)> {
    document_order(doc)
        .into_iter()
        .filter_map(|(i, a)| Some((doc.comments.get(i)?, a)))
        .collect()
}

/// [`in_document_order`] as indices into `doc.comments`, for a view that keeps the order
/// until the document changes.
pub fn document_order(doc: &Document) -> Vec<(usize, Anchor)> {
    let mut order = std::collections::HashMap::new();
    doc.walk(|s, _| {
        let n = order.len();
        order.insert(s.id, n);
    });
    let mut all: Vec<(usize, Anchor)> = doc
        .comments
        .iter()
        .enumerate()
        .map(|(i, c)| (i, anchor(doc, c)))
        .collect();
    all.sort_by_key(|(i, a)| {
        (
            a.section
                .and_then(|s| order.get(&s).copied())
                .unwrap_or(usize::MAX),
            a.passage.as_ref().map(|(l, r)| (*l, r.start)),
            doc.comments[*i].time.clone(),
        )
    });
    all
}

/// Comments merged three-way by id: one that only one side changed takes that side's
/// version (deleted when that side deleted it); one both changed keeps ours with their
/// replies added and resolved when either resolved it; new ones from both sides are kept.
pub fn merge_comments(base: &[Comment], ours: &[Comment], theirs: &[Comment]) -> Vec<Comment> {
    let find = |list: &[Comment], id: &str| list.iter().find(|c| c.id == id).cloned();
    let mut out = Vec::new();
    let mut ids: Vec<&str> = ours.iter().map(|c| c.id.as_str()).collect();
    for c in theirs {
        if !ids.contains(&c.id.as_str()) {
            ids.push(&c.id);
        }
    }
    for id in ids {
        let (b, o, t) = (find(base, id), find(ours, id), find(theirs, id));
        let merged = if o == b {
            t
        } else if t == b || o == t {
            o
        } else {
            match (o, t) {
                (Some(mut o), Some(t)) => {
                    for r in t.replies {
                        if !o.replies.contains(&r) {
                            o.replies.push(r);
                        }
                    }
                    o.replies.sort_by(|a, b| a.time.cmp(&b.time));
                    o.is_resolved |= t.is_resolved;
                    Some(o)
                }
                // One side deleted it and the other changed it: the change keeps it.
                (o, t) => o.or(t),
            }
        };
        out.extend(merged);
    }
    out
}

#[cfg(test)]
mod tests;
