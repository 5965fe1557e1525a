//! Recognising a plan's structure in clean lines: title block, stage line, table of contents,
//! preamble, numbered headings on their own line or run into their paragraph, and body text.
//!
//! Depth comes from the order in which marker styles first appear, not from a fixed table,
//! so a document that starts at （一） still nests correctly.

use super::debris::Line;
use super::docx::LineHint;
use super::marker::{Marker, is_digit, is_numeral_char, is_separator, parse_marker, parse_number};
use super::written::{ImportWarning, Written, check_numbers, derive_scheme};
use crate::core::document::{Document, Paragraph, Section, SectionId, sentence_end};
use crate::core::numbering::{NumberStyle, NumberingScheme};

/// The result of the structure pass.
#[derive(Clone, Debug)]
pub struct Structure {
    /// The document.
    pub document: Document,
    /// Lines of a table of contents that were dropped.
    pub toc_lines: usize,
    /// What could not be taken as written.
    pub warnings: Vec<ImportWarning>,
    /// Each heading's input line and section, in order.
    pub heading_lines: Vec<(usize, SectionId)>,
}

/// Whether `line` is a stage or date line such as （征求意见稿） or （2020年10月29日…通过）.
fn stage_text(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('（').or_else(|| line.strip_prefix('('))?;
    let inner = inner
        .strip_suffix('）')
        .or_else(|| inner.strip_suffix(')'))?;
    let is_plain = !inner.is_empty()
        && !inner.contains(['（', '）', '(', ')'])
        && inner.chars().count() <= 80
        && parse_number(inner).is_none();
    is_plain.then_some(inner)
}

const SENTENCE_END: [char; 7] = ['。', '；', '！', '？', '，', '：', ';'];

fn is_title_candidate(line: &str) -> bool {
    parse_marker(line).is_none()
        && line.chars().count() <= 60
        && !line.ends_with(SENTENCE_END)
        && !is_toc_heading(line)
        && stage_text(line).is_none()
        && !line.starts_with("——")
}

fn is_toc_heading(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact == "目录"
}

/// A table-of-contents entry without page number or leader dots, and without spaces.
fn toc_key(line: &str) -> String {
    let trimmed = line.trim_end_matches(|c: char| {
        c.is_whitespace() || is_digit(c) || matches!(c, '.' | '…' | '·' | '．' | '-' | '—' | '_')
    });
    let base = if trimmed.is_empty() { line } else { trimmed };
    base.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_toc_entry(line: &str) -> bool {
    parse_marker(line).is_some() || (line.chars().count() <= 40 && !line.ends_with(SENTENCE_END))
}

/// Finds a table of contents starting at `start` (the 目录 line). Returns the index of the
/// first body line after it, if the entries really reappear later.
fn toc_end(lines: &[Line], start: usize) -> Option<usize> {
    let mut keys: Vec<String> = Vec::new();
    let mut k = start + 1;
    while k < lines.len() {
        let Some(text) = lines[k].text() else {
            k += 1;
            continue;
        };
        let key = toc_key(text);
        if keys.first() == Some(&key) || !is_toc_entry(text) || is_toc_heading(text) {
            break;
        }
        keys.push(key);
        k += 1;
    }
    // A real table of contents lists headings that follow: its first entry and most of the
    // others appear again in the body.
    let later: std::collections::BTreeSet<String> = lines[k..]
        .iter()
        .filter_map(Line::text)
        .map(toc_key)
        .collect();
    let is_first_found = keys.first().is_some_and(|key| later.contains(key));
    let found = keys.iter().filter(|key| later.contains(*key)).count();
    (is_first_found && found * 2 >= keys.len()).then_some(k)
}

/// A heading found in the body, before it is placed in the tree.
struct Heading {
    line: usize,
    marker: Marker,
    written: String,
    heading: String,
    run_in_text: Option<String>,
}

/// Whether a line opens a list inside the text: a 专栏 box's title (专栏1　重大工程) or a
/// table's notes (注：, 说明：, 资料来源：). Gives the rest of a notes line (its first
/// item may follow on it).
fn body_list_start(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix("专栏")
        && (rest.is_empty() || rest.starts_with(|c: char| is_numeral_char(c) || c.is_whitespace()))
    {
        return Some("");
    }
    ["注：", "注:", "说明：", "说明:", "资料来源：", "备注："]
        .iter()
        .find_map(|p| text.strip_prefix(p))
}

/// The numbered items of a 专栏 box or of notes: one style, counting up from 1, deeper
/// than the section the list is in. Another number ends the list.
struct BodyList {
    /// The rank of the section the list is in (None: before any heading).
    section_rank: Option<usize>,
    /// The items' style and the last item's number.
    last: Option<(NumberStyle, u32)>,
}

impl BodyList {
    fn new(section_rank: Option<usize>) -> Self {
        Self {
            section_rank,
            last: None,
        }
    }

    /// Whether the numbered line `m` (of a style at `rank`, if seen) is the list's next
    /// item; counts it if so. The first item is numbered 1, or would be as a heading
    /// (`is_first_here`: no heading of its rank is open): printed, it will say 1.
    fn takes(&mut self, m: Marker, rank: Option<usize>, is_first_here: bool) -> bool {
        if m.style.is_chapter_like()
            || rank
                .zip(self.section_rank)
                .is_some_and(|(r, section)| r <= section)
        {
            return false;
        }
        let is_next = match self.last {
            None => m.value == 1 || is_first_here,
            Some((style, value)) => style == m.style && m.value == value + 1,
        };
        if is_next {
            self.last = Some((m.style, m.value));
        }
        is_next
    }
}

/// Whether a heading of `rank` (None: a style not seen yet) would be numbered 1 here: no
/// heading of that rank is open.
fn is_first_at(stack: &[(usize, Section)], rank: Option<usize>) -> bool {
    rank.is_none_or(|r| stack.iter().all(|(open, _)| *open != r))
}

/// Splits a marker line into heading and, for run-in items, the paragraph that follows.
///
/// A run-in heading is a sentence with words in it (1.决胜全面建成小康社会取得决定性成就。);
/// a heading that only opens with a mark (一、？答案) is not split there, nor one that a lone
/// mark follows (一、机制。!): a paragraph has words too. The paragraph keeps every character
/// after the heading's last mark, spaces included, so that the words read as they were
/// written and export and import give the same text.
fn split_heading(text: &str, marker: Marker) -> (String, Option<String>) {
    let rest = &text[marker.text_start..];
    if marker.style.is_chapter_like() {
        return (rest.to_owned(), None);
    }
    if marker.style == NumberStyle::Tiao {
        // 第一条　为了……，制定本办法。: an article has no title; its text runs in.
        return (String::new(), (!rest.is_empty()).then(|| rest.to_owned()));
    }
    split_lead(rest)
}

/// Whether a （51） goes on a list numbered ① to ㊿, as plandraft prints the fifty-first of
/// such items (Unicode has no circled number past fifty): the item before it, still open,
/// is circled and numbered one less.
fn continues_circled(
    marker: Marker,
    written: &[Written],
    style_rank: &[(NumberStyle, u8)],
    stack: &[(usize, Section)],
) -> bool {
    if marker.style != NumberStyle::ArabicParen || marker.value <= 50 {
        return false;
    }
    let Some(rank) = style_rank
        .iter()
        .position(|s| *s == (NumberStyle::Circled, 0))
    else {
        return false;
    };
    stack.iter().any(|(r, _)| *r == rank)
        && written
            .iter()
            .rev()
            .find(|w| w.style == NumberStyle::Circled)
            .is_some_and(|w| w.value + 1 == marker.value)
}

/// The text after an item's number as it reads: its lead sentence as the heading and the
/// rest as the text it runs into, when both have words; else all of it as the heading.
fn split_lead(rest: &str) -> (String, Option<String>) {
    match sentence_end(rest) {
        Some(end)
            if rest[..end].chars().any(char::is_alphanumeric)
                && rest[end..].chars().any(char::is_alphanumeric) =>
        {
            (rest[..end].to_owned(), Some(rest[end..].to_owned()))
        }
        _ => (rest.to_owned(), None),
    }
}

/// Builds a document from clean lines; `hints` (by line number, from 1) say which lines
/// the source marked as headings or as never headings (empty for plain text).
pub fn build(lines: &mut [Line], hints: &[LineHint]) -> Structure {
    let hint_of = |line_no: usize| {
        line_no
            .checked_sub(1)
            .and_then(|i| hints.get(i))
            .copied()
            .unwrap_or_default()
    };
    let mut doc = Document::default();
    let mut i = 0;
    while matches!(lines.get(i), Some(Line::Blank)) {
        i += 1;
    }

    // Title block and stage line.
    let title_start = i;
    let mut title = Vec::new();
    while let Some(Line::Text(_, t)) = lines.get(i) {
        if !is_title_candidate(t) || title.len() >= 6 {
            break;
        }
        title.push(t.clone());
        i += 1;
    }
    let mut j = i;
    if !title.is_empty() && matches!(lines.get(j), Some(Line::Blank)) {
        j += 1;
    }
    let stage = lines.get(j).and_then(Line::text).and_then(stage_text);
    if let Some(stage) = stage {
        doc.stage = Some(stage.to_owned());
        i = j + 1;
    }
    let is_title_closed = match lines.get(i) {
        None | Some(Line::Blank) => true,
        Some(Line::Text(_, t)) => parse_marker(t).is_some() || is_toc_heading(t),
    };
    if stage.is_some() || (is_title_closed && !title.is_empty()) {
        doc.title = title;
    } else {
        i = title_start;
    }

    let mut toc_lines = 0;
    let mut headings_seen = false;
    // Marker kinds in the order first seen: a style, and for decimal markers how many
    // numbers they hold (1.1 and 1.1.1 are two levels).
    let mut style_rank: Vec<(NumberStyle, u8)> = Vec::new();
    // Open sections from the top level down, each with its style's rank.
    let mut stack: Vec<(usize, Section)> = Vec::new();
    let mut written: Vec<Written> = Vec::new();
    let mut heading_lines = Vec::new();
    // A 专栏 box or table notes being read: their numbered items are text.
    let mut body_list: Option<BodyList> = None;
    while i < lines.len() {
        let Line::Text(line_no, text) = &lines[i] else {
            body_list = None;
            i += 1;
            continue;
        };
        if !headings_seen
            && is_toc_heading(text)
            && let Some(end) = toc_end(lines, i)
        {
            toc_lines += lines[i..end].iter().filter(|l| l.text().is_some()).count();
            i = end;
            continue;
        }
        let hint = hint_of(*line_no);
        let mut marker = match hint {
            LineHint::Body => None,
            LineHint::Free | LineHint::Heading => parse_marker(text),
        };
        if let Some(m) = &mut marker
            && continues_circled(*m, &written, &style_rank, &stack)
        {
            m.style = NumberStyle::Circled;
        }
        let open_rank = stack.last().map(|(r, _)| *r);
        if let Some(m) = marker
            && hint != LineHint::Heading
        {
            let rank = style_rank.iter().position(|s| *s == (m.style, m.parts));
            let rest = &text[m.text_start..];
            if rest.starts_with('《') {
                // 1、《中华人民共和国城乡规划法》: a list of documents, not a heading.
                marker = None;
            } else if let Some(list) = &mut body_list {
                if list.takes(m, rank, is_first_at(&stack, rank)) {
                    marker = None;
                } else {
                    body_list = None;
                }
            }
        }
        if marker.is_none()
            && hint != LineHint::Heading
            && let Some(after) = body_list_start(text)
        {
            let mut list = BodyList::new(open_rank);
            // 注：1. …: the first item on the line that opens the notes.
            if let Some(first) = parse_marker(after.trim_start()) {
                let rank = style_rank
                    .iter()
                    .position(|s| *s == (first.style, first.parts));
                list.takes(first, rank, is_first_at(&stack, rank));
            }
            body_list = Some(list);
        }
        let heading = marker.and_then(|marker| {
            let (mut heading, run_in_text) = split_heading(text, marker);
            if heading.is_empty() && marker.style.is_chapter_like() {
                // 第一章 on one line and its title on the next. (A bare 1. or （一） is a
                // paragraph: numbered items carry their words on their own line.)
                if let Some(Line::Text(_, next)) = lines.get(i + 1)
                    && parse_marker(next).is_none()
                    && next.chars().count() <= 60
                    && !next.ends_with(SENTENCE_END)
                {
                    heading = next.clone();
                    i += 1;
                }
            }
            // A number without words is a heading still to be titled when it is a 第…章
            // or stands alone before an empty line (as exported); before a line of text
            // it is text itself.
            // A decimal number alone (2.2) is that only below the top level: printed at
            // the top, an untitled 1 would read as a page's number.
            let is_decimal_child = marker.style != NumberStyle::Decimal
                || style_rank
                    .iter()
                    .position(|k| *k == (marker.style, marker.parts))
                    .map_or(!style_rank.is_empty(), |rank| rank > 0);
            let stands_alone = matches!(lines.get(i + 1), Some(Line::Blank)) && is_decimal_child;
            let is_usable = !heading.is_empty()
                || run_in_text.is_some()
                || marker.style.is_chapter_like()
                || stands_alone
                || hint == LineHint::Heading;
            is_usable.then(|| Heading {
                line: *line_no,
                marker,
                written: text[..marker.text_start]
                    .trim_end_matches(is_separator)
                    .to_owned(),
                heading,
                run_in_text,
            })
        });
        i += 1;
        let Some(h) = heading else {
            // A paragraph: its text moves into the document (the line is not read again).
            let text = match &mut lines[i - 1] {
                Line::Text(_, t) => std::mem::take(t),
                Line::Blank => String::new(),
            };
            let paragraph = Paragraph::new(text);
            match stack.last_mut() {
                Some((_, s)) => s.paragraphs.push(paragraph),
                None => doc.preamble.push(paragraph),
            }
            continue;
        };
        headings_seen = true;
        let kind = (h.marker.style, h.marker.parts);
        let rank = match style_rank.iter().position(|s| *s == kind) {
            Some(r) => r,
            None => {
                style_rank.push(kind);
                style_rank.len() - 1
            }
        };
        while stack.last().is_some_and(|(r, _)| *r >= rank) {
            close_top(&mut stack, &mut doc.sections);
        }
        let mut section = Section::new(doc.allocate_id(), h.heading);
        heading_lines.push((h.line, section.id));
        if let Some(text) = h.run_in_text {
            section.run_in = true;
            section.paragraphs.push(Paragraph::new(text));
        }
        written.push(Written {
            line: h.line,
            text: h.written,
            style: h.marker.style,
            value: h.marker.value,
        });
        stack.push((rank, section));
    }
    while !stack.is_empty() {
        close_top(&mut stack, &mut doc.sections);
    }

    doc.numbering = derive_scheme(&doc, &written);
    fit_run_in_to_levels(&mut doc.sections, &doc.numbering, 0);
    let warnings = check_numbers(&mut doc, &written);
    Structure {
        document: doc,
        toc_lines,
        warnings,
        heading_lines,
    }
}

/// A run-in item (2.我国发展环境面临深刻复杂变化。一、…) that lands where the document numbers
/// 第…章 stands on its own line when printed, as such headings do; its paragraph would then
/// read as a heading of its own (一、…). So at such a level the line stays whole: the text
/// it ran into goes back into the heading, as it was written.
///
/// Where the document numbers articles (第一条), which have no titles, a heading that lands
/// there goes into the article's text, as it prints. An article that lands where the
/// document numbers items (（一）) prints as one, and reads back so: its lead sentence is
/// its heading.
fn fit_run_in_to_levels(list: &mut [Section], scheme: &NumberingScheme, depth: usize) {
    let style = scheme.rule(depth).style;
    for s in list {
        if !style.is_chapter_like()
            && style != NumberStyle::Tiao
            && s.heading.is_empty()
            && s.run_in
            && !s.paragraphs.is_empty()
        {
            let first = s.paragraphs.remove(0);
            let (heading, text) = split_lead(&first.text);
            s.heading = heading;
            match text {
                Some(text) => s.paragraphs.insert(0, Paragraph::new(text)),
                None => s.run_in = false,
            }
        }
        if style.is_chapter_like() && s.run_in && !s.paragraphs.is_empty() {
            let first = s.paragraphs.remove(0);
            s.heading.push_str(&first.text);
            s.run_in = false;
        }
        if style == NumberStyle::Tiao && !s.heading.is_empty() {
            let heading = std::mem::take(&mut s.heading);
            if s.run_in && !s.paragraphs.is_empty() {
                s.paragraphs[0].text.insert_str(0, &heading);
            } else {
                s.paragraphs.insert(0, Paragraph::new(heading));
            }
            s.run_in = true;
        }
        fit_run_in_to_levels(&mut s.children, scheme, depth + 1);
    }
}

fn close_top(stack: &mut Vec<(usize, Section)>, top_level: &mut Vec<Section>) {
    if let Some((_, section)) = stack.pop() {
        match stack.last_mut() {
            Some((_, parent)) => parent.children.push(section),
            None => top_level.push(section),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_in_paragraph_needs_words() {
        let split = |line: &str| split_heading(line, parse_marker(line).unwrap());
        assert_eq!(
            split("1.决胜全面建成小康社会。取得成就。"),
            ("决胜全面建成小康社会。".into(), Some("取得成就。".into()))
        );
        assert_eq!(split("一、机制。!"), ("机制。!".into(), None));
        assert_eq!(split("一、机制。 ……"), ("机制。 ……".into(), None));
        assert_eq!(split("一、？答案"), ("？答案".into(), None));
    }

    #[test]
    fn a_run_in_item_where_chapters_are_numbered_keeps_its_line_whole() {
        let doc = crate::core::import::import_text(
            "第一篇　总则\n第一章　发展\n正文。\n第二篇　改革\n1.我国发展环境变化。一、机遇期。\n",
        )
        .document;
        let item = &doc.sections[1].children[0];
        assert_eq!(item.heading, "我国发展环境变化。一、机遇期。");
        assert!(!item.run_in && item.paragraphs.is_empty());
    }

    #[test]
    fn items_past_fifty_go_on_a_circled_list() {
        let mut text = String::from("一、目标\n");
        for n in 1..=50 {
            text.push(crate::core::numbering::circled(n).unwrap());
            text.push_str("项目。\n");
        }
        text.push_str("（51）项目。\n（52）项目。\n");
        let doc = crate::core::import::import_text(&text).document;
        assert_eq!(doc.sections[0].children.len(), 52);
        assert!(doc.sections[0].children[50].children.is_empty());
        let numbers = crate::core::numbering::Numbers::of(&doc);
        let last = &doc.sections[0].children[51];
        assert_eq!(numbers.label(last.id), "（52）");
        assert_eq!(crate::core::export::to_text(&doc), text);
    }

    #[test]
    fn toc_key_strips_page_numbers() {
        assert_eq!(toc_key("第一章　发展环境……………3"), "第一章发展环境");
        assert_eq!(toc_key("第一章 发展环境\t12"), "第一章发展环境");
    }
}
