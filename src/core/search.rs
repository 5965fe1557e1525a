//! Find and replace across a whole document: title, stage line, preamble, headings and
//! paragraphs. Replacing produces one [`Edit`], so it is undone in one step.

use std::collections::BTreeMap;
use std::ops::Range;

use super::document::{Container, Document, SectionId};
use super::edit::Edit;

/// Where a piece of text lives in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// A line of the title block.
    Title(usize),
    /// The stage line.
    Stage,
    /// A section heading.
    Heading(SectionId),
    /// A paragraph of the preamble or of a section.
    Paragraph(Container, usize),
}

impl Location {
    /// The section this text belongs to, if any.
    pub fn section(&self) -> Option<SectionId> {
        match self {
            Location::Heading(id) | Location::Paragraph(Container::Section(id), _) => Some(*id),
            _ => None,
        }
    }
}

/// What to look for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The text to find.
    pub needle: String,
    /// Whether Latin letters must match in case (Chinese has no case).
    pub is_case_sensitive: bool,
}

/// One occurrence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Which text.
    pub location: Location,
    /// Byte range within that text.
    pub range: Range<usize>,
}

/// Every piece of searchable text in document order.
pub fn texts(doc: &Document) -> Vec<(Location, &str)> {
    let mut out: Vec<(Location, &str)> = Vec::new();
    for (i, line) in doc.title.iter().enumerate() {
        out.push((Location::Title(i), line));
    }
    if let Some(stage) = &doc.stage {
        out.push((Location::Stage, stage));
    }
    for (i, p) in doc.preamble.iter().enumerate() {
        out.push((Location::Paragraph(Container::Preamble, i), &p.text));
    }
    doc.walk(|s, _| {
        out.push((Location::Heading(s.id), &s.heading));
        for (i, p) in s.paragraphs.iter().enumerate() {
            out.push((Location::Paragraph(Container::Section(s.id), i), &p.text));
        }
    });
    out
}

/// The text at `location`, if it exists.
pub fn text_at(doc: &Document, location: Location) -> Option<&str> {
    match location {
        Location::Title(i) => doc.title.get(i).map(String::as_str),
        Location::Stage => doc.stage.as_deref(),
        Location::Heading(id) => doc.section(id).map(|s| s.heading.as_str()),
        Location::Paragraph(c, i) => doc
            .paragraphs(c)
            .and_then(|p| p.get(i))
            .map(|p| p.text.as_str()),
    }
}

/// Byte ranges of non-overlapping occurrences of `query` in `text`.
pub fn find_in(text: &str, query: &Query) -> Vec<Range<usize>> {
    if query.needle.is_empty() {
        return Vec::new();
    }
    // ASCII case folding keeps byte offsets, so ranges stay valid in the original text.
    let (hay, needle) = if query.is_case_sensitive {
        (text.to_owned(), query.needle.clone())
    } else {
        (text.to_ascii_lowercase(), query.needle.to_ascii_lowercase())
    };
    hay.match_indices(&needle)
        .map(|(start, m)| start..start + m.len())
        .collect()
}

/// Every occurrence of `query` in the document, in document order.
pub fn find_all(doc: &Document, query: &Query) -> Vec<Match> {
    texts(doc)
        .into_iter()
        .flat_map(|(location, text)| {
            find_in(text, query)
                .into_iter()
                .map(move |range| Match { location, range })
        })
        .collect()
}

/// The edit that replaces the given matches with `replacement`, or None when no match is
/// still valid. Matches that no longer fit the text (stale) are skipped.
pub fn replace_edit(doc: &Document, matches: &[Match], replacement: &str) -> Option<Edit> {
    let mut by_location: BTreeMap<Location, Vec<Range<usize>>> = BTreeMap::new();
    for m in matches {
        by_location
            .entry(m.location)
            .or_default()
            .push(m.range.clone());
    }
    let mut edits = Vec::new();
    // Title lines change together in one SetTitle, or a second line's edit would undo the
    // first's.
    let mut title = doc.title.clone();
    for (location, mut ranges) in by_location {
        let Some(text) = text_at(doc, location) else {
            continue;
        };
        ranges.sort_by_key(|r| r.start);
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for r in ranges {
            let is_valid = r.start >= last
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end);
            if !is_valid {
                continue;
            }
            out.push_str(&text[last..r.start]);
            out.push_str(replacement);
            last = r.end;
        }
        out.push_str(&text[last..]);
        if out == text {
            continue;
        }
        match location {
            Location::Title(i) => {
                if let Some(line) = title.get_mut(i) {
                    *line = out;
                }
            }
            _ => edits.push(set_text(doc, location, out)),
        }
    }
    if title != doc.title {
        edits.insert(0, Edit::SetTitle { lines: title });
    }
    match edits.len() {
        0 => None,
        1 => edits.pop(),
        _ => Some(Edit::Batch { edits }),
    }
}

/// The edit that sets the text at `location`.
pub fn set_text(doc: &Document, location: Location, text: String) -> Edit {
    match location {
        Location::Title(i) => {
            let mut lines = doc.title.clone();
            if let Some(line) = lines.get_mut(i) {
                *line = text;
            }
            Edit::SetTitle { lines }
        }
        Location::Stage => Edit::SetStage { stage: Some(text) },
        Location::Heading(id) => Edit::RenameHeading { id, heading: text },
        Location::Paragraph(container, index) => Edit::SetParagraph {
            container,
            index,
            text,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::edit::apply;
    use crate::core::import::import_text;

    fn doc() -> Document {
        import_text("某区规划\n（征求意见稿）\n\n发展是第一要务。\n一、发展形势\n推动发展，促进发展。\n（一）高质量发展\n文本。\n").document
    }

    #[test]
    fn finds_everywhere_in_order() {
        let d = doc();
        let q = Query {
            needle: "发展".into(),
            is_case_sensitive: false,
        };
        let found = find_all(&d, &q);
        let locations: Vec<_> = found.iter().map(|m| m.location).collect();
        let first = d.sections[0].id;
        let child = d.sections[0].children[0].id;
        assert_eq!(
            locations,
            [
                Location::Paragraph(Container::Preamble, 0),
                Location::Heading(first),
                Location::Paragraph(Container::Section(first), 0),
                Location::Paragraph(Container::Section(first), 0),
                Location::Heading(child),
            ]
        );
        assert_eq!(found[2].range, "推动".len().."推动发展".len());
    }

    #[test]
    fn replace_all_is_one_undoable_edit() {
        let mut d = doc();
        let before = d.clone();
        let q = Query {
            needle: "发展".into(),
            is_case_sensitive: true,
        };
        let edit = replace_edit(&d, &find_all(&d, &q), "进步").unwrap();
        let applied = apply(&mut d, edit).unwrap();
        assert!(find_all(&d, &q).is_empty());
        assert_eq!(d.sections[0].heading, "进步形势");
        assert_eq!(d.sections[0].paragraphs[0].text, "推动进步，促进进步。");
        apply(&mut d, applied.inverse).unwrap();
        assert_eq!(d, before);
    }

    #[test]
    fn case_folding_is_ascii_only_and_keeps_offsets() {
        let q = Query {
            needle: "gdp".into(),
            is_case_sensitive: false,
        };
        assert_eq!(find_in("全区GDP增长，gdp", &q), vec![6..9, 18..21]);
        let strict = Query {
            is_case_sensitive: true,
            ..q
        };
        assert_eq!(find_in("全区GDP增长，gdp", &strict), vec![18..21]);
    }

    #[test]
    fn replacing_in_several_title_lines_keeps_them_all() {
        let mut d = doc();
        d.title = vec!["发展规划".into(), "促进发展".into()];
        let q = Query {
            needle: "发展".into(),
            is_case_sensitive: true,
        };
        let edit = replace_edit(&d, &find_all(&d, &q), "进步").unwrap();
        apply(&mut d, edit).unwrap();
        assert_eq!(d.title, ["进步规划", "促进进步"]);
    }

    #[test]
    fn stale_matches_are_skipped() {
        let d = doc();
        let m = Match {
            location: Location::Heading(d.sections[0].id),
            range: 1..2,
        };
        assert_eq!(replace_edit(&d, &[m], "x"), None);
    }
}
