//! Recognising a plan's structure in clean lines: title block, stage line, table of contents,
//! preamble, numbered headings on their own line or run into their paragraph, and body text.
//!
//! Depth comes from the order in which marker styles first appear, not from a fixed table,
//! so a document that starts at （一） still nests correctly.

use super::debris::Line;
use super::docx::LineHint;
use crate::core::document::{Document, Paragraph, Section, SectionId, sentence_end};
use crate::core::numbering::{
    LevelRule, NumberStyle, NumberingScheme, Numbers, parse_chinese_numeral, parse_circled,
};

/// A numbered marker at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    /// Its style.
    pub style: NumberStyle,
    /// The number written.
    pub value: u32,
    /// Byte offset where the text after the marker (and its separator) starts.
    pub text_start: usize,
    /// How many numbers a decimal marker holds (2 for 1.1, 3 for 1.1.1); 0 for others.
    pub parts: u8,
}

/// Something in the input that the import noticed but could not take as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportWarning {
    /// A heading's written number differs from its place; plandraft numbers by place.
    NumberMismatch {
        /// Input line.
        line: usize,
        /// The number as written.
        written: String,
        /// Its value (to keep it as written).
        value: u32,
        /// The number plandraft gives it.
        derived: String,
    },
    /// A level's numbers start again at 1 here, as written (a second document or an 附件):
    /// the section restarts the numbering.
    NumberingRestarts {
        /// Input line.
        line: usize,
        /// The number as written.
        written: String,
    },
    /// A marker style appears at a depth where another style was seen first.
    MixedStyles {
        /// Input line.
        line: usize,
        /// The marker as written.
        written: String,
        /// The number plandraft gives it.
        derived: String,
    },
    /// A bracketed number inside the text (监督 [67]。): most likely a footnote reference
    /// the source's notes were cut from. It is kept, to be checked.
    FootnoteMarker {
        /// Input line.
        line: usize,
        /// The marker as written ([67]).
        marker: String,
        /// A few characters before it and the marker, to find it by.
        context: String,
    },
    /// A Word footnote or endnote referenced here: plandraft keeps no notes, so its
    /// reference is out of the text and its text is given here.
    WordNote {
        /// Input line (paragraph) it was referenced from.
        line: usize,
        /// The note's text.
        text: String,
    },
    /// A Word comment on the title or the text before the first heading, where plandraft
    /// keeps no comments.
    WordComment {
        /// Input line (paragraph).
        line: usize,
        /// Who wrote it.
        author: String,
        /// What it says.
        text: String,
    },
}

impl ImportWarning {
    /// The input line it is about.
    pub fn line(&self) -> usize {
        match self {
            ImportWarning::NumberMismatch { line, .. }
            | ImportWarning::NumberingRestarts { line, .. }
            | ImportWarning::MixedStyles { line, .. }
            | ImportWarning::FootnoteMarker { line, .. }
            | ImportWarning::WordNote { line, .. }
            | ImportWarning::WordComment { line, .. } => *line,
        }
    }
}

impl std::fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportWarning::NumberMismatch {
                line,
                written,
                derived,
                ..
            } => write!(
                f,
                "line {line}: heading numbered {written} is number {derived} by its place; it is numbered {derived}"
            ),
            ImportWarning::NumberingRestarts { line, written } => write!(
                f,
                "line {line}: numbering starts again at {written}, as written (a second document or an annex)"
            ),
            ImportWarning::MixedStyles {
                line,
                written,
                derived,
            } => write!(
                f,
                "line {line}: {written} uses a different numbering style from other headings at its level; it is numbered {derived}"
            ),
            ImportWarning::FootnoteMarker {
                line,
                marker,
                context,
            } => write!(
                f,
                "line {line}: “{context}” holds {marker}, which looks like a footnote reference left from the source; it is kept: check it and delete it"
            ),
            ImportWarning::WordNote { line, text } => write!(
                f,
                "line {line}: the Word file has a note here, left out of the text: “{text}”"
            ),
            ImportWarning::WordComment { line, author, text } => write!(
                f,
                "line {line}: a comment by {author} on the title or the text before the first heading, where comments cannot be kept: “{text}”"
            ),
        }
    }
}

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

/// Reads a numbered marker at the start of `line`, if there is one.
pub fn parse_marker(line: &str) -> Option<Marker> {
    let (style, value, end, parts) = match parse_decimal(line) {
        Some((value, end, parts)) => (NumberStyle::Decimal, value, end, parts),
        None => {
            let (style, value, end) = parse_marker_head(line)?;
            (style, value, end, 0)
        }
    };
    let rest = &line[end..];
    let text_start = end + (rest.len() - rest.trim_start_matches(is_separator).len());
    Some(Marker {
        style,
        value,
        text_start,
        parts,
    })
}

/// A decimal marker (1.1, 2.3.1, 1.1．): two to six numbers joined by dots. 1.5万亿 and
/// 2.5% are amounts, not markers.
fn parse_decimal(line: &str) -> Option<(u32, usize, u8)> {
    let bytes = line.as_bytes();
    let mut at = 0;
    let mut parts: Vec<u32> = Vec::new();
    loop {
        let digits = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 || digits > 3 {
            return None;
        }
        parts.push(line[at..at + digits].parse().ok()?);
        at += digits;
        let rest = &line[at..];
        let dot = ['.', '．', '﹒']
            .into_iter()
            .find(|d| rest.starts_with(*d))
            .map(char::len_utf8);
        match dot {
            Some(len) if rest[len..].starts_with(|c: char| c.is_ascii_digit()) => at += len,
            Some(len) => {
                // 1.1. or 1.1．: a closing dot belongs to the marker.
                if parts.len() >= 2 {
                    at += len;
                }
                break;
            }
            None => break,
        }
    }
    // A top-level decimal number stands alone, a space after it (1　范围), as plandraft
    // writes it. After an ASCII space the title must not start with a figure (1 2 3 is a
    // row of numbers); after the ideographic space plandraft prints it may (1　5G网络).
    let title = line[at..].trim_start_matches([' ', '\u{3000}']);
    let is_top = parts.len() == 1
        && parts[0] < 100
        && title.len() < line.len() - at
        && (line[at..].starts_with('\u{3000}') && !title.starts_with(is_separator)
            || title.starts_with(|c: char| !c.is_ascii_digit() && !is_separator(c)));
    if (parts.len() < 2 && !is_top) || parts.len() > 6 || parts.contains(&0) {
        return None;
    }
    let next = line[at..].chars().next();
    let is_amount = next.is_some_and(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                '%' | '％'
                    | '万'
                    | '亿'
                    | '千'
                    | '百'
                    | '倍'
                    | '个'
                    | '元'
                    | '米'
                    | '吨'
                    | '公'
                    | '平'
                    | '‰'
                    | '度'
                    | '岁'
                    | '年'
                    | '月'
                    | '日'
                    | '小'
                    | '天'
                    | '项'
                    | '家'
                    | '条'
                    | '亩'
                    | '人'
                    | '户'
                    | '座'
                    | '所'
            )
            || c.is_ascii_alphabetic()
    });
    if is_amount {
        return None;
    }
    let value = *parts.last()?;
    Some((value, at, u8::try_from(parts.len()).ok()?))
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\t' | '\u{a0}')
}

/// Style, value and the byte offset just past the marker.
fn parse_marker_head(line: &str) -> Option<(NumberStyle, u32, usize)> {
    let first = line.chars().next()?;
    if first == '第' {
        let after = &line['第'.len_utf8()..];
        let numeral_len = after
            .char_indices()
            .take_while(|(_, c)| is_numeral_char(*c))
            .last()
            .map(|(i, c)| i + c.len_utf8())?;
        for (unit, style) in [
            ("部分", NumberStyle::Part),
            ("篇", NumberStyle::Pian),
            ("章", NumberStyle::Zhang),
            ("节", NumberStyle::Jie),
            ("条", NumberStyle::Tiao),
        ] {
            if after[numeral_len..].starts_with(unit) {
                let value = parse_number(&after[..numeral_len])?;
                return Some((style, value, '第'.len_utf8() + numeral_len + unit.len()));
            }
        }
        return None;
    }
    if let Some(value) = parse_circled(first) {
        return Some((NumberStyle::Circled, value, first.len_utf8()));
    }
    if first == '（' || first == '(' {
        let inner_start = first.len_utf8();
        let close = line[inner_start..].find(['）', ')'])? + inner_start;
        let inner = &line[inner_start..close];
        let close_len = line[close..].chars().next()?.len_utf8();
        let style = if inner
            .chars()
            .all(|c| c.is_ascii_digit() || is_fullwidth_digit(c))
        {
            NumberStyle::ArabicParen
        } else {
            NumberStyle::ChineseParen
        };
        let value = parse_number(inner)?;
        return Some((style, value, close + close_len));
    }
    if is_digit(first) {
        let digits_len = line
            .char_indices()
            .take_while(|(_, c)| is_digit(*c))
            .last()
            .map(|(i, c)| i + c.len_utf8())?;
        if digits_len > 9 {
            return None;
        }
        let value = parse_number(&line[..digits_len])?;
        let mut rest = line[digits_len..].chars();
        let style = match rest.next()? {
            '.' | '．' | '﹒' => NumberStyle::ArabicDot,
            '、' => NumberStyle::ArabicComma,
            // 1) is (1) without its opening bracket.
            ')' | '）' if digits_len <= 3 => NumberStyle::ArabicParen,
            _ => return None,
        };
        // 1.5万亿 is a number, not a marker.
        if rest.next().is_some_and(is_digit) {
            return None;
        }
        let end = digits_len + line[digits_len..].chars().next()?.len_utf8();
        return Some((style, value, end));
    }
    // 一、 to 九千九百九十九、: at most five numerals before the comma, so only the line's
    // first six characters are looked at (paragraphs are long, and most hold a 、).
    let (comma, _) = line.char_indices().take(6).find(|(_, c)| *c == '、')?;
    let numeral = &line[..comma];
    if !numeral.chars().all(is_numeral_char) {
        return None;
    }
    let value = parse_chinese_numeral(numeral)?;
    Some((NumberStyle::ChineseComma, value, comma + '、'.len_utf8()))
}

fn is_numeral_char(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
    ) || is_digit(c)
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || is_fullwidth_digit(c)
}

/// Reads Chinese numerals or (ASCII or full-width) Arabic digits.
fn parse_number(s: &str) -> Option<u32> {
    if s.chars().all(is_digit) {
        if s.is_empty() || s.len() > 27 {
            return None;
        }
        let ascii: String = s
            .chars()
            .map(|c| {
                if is_fullwidth_digit(c) {
                    char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or('0')
                } else {
                    c
                }
            })
            .collect();
        return ascii.parse().ok().filter(|v| *v > 0);
    }
    parse_chinese_numeral(s)
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

/// A heading's number as it was written in the input.
struct Written {
    line: usize,
    text: String,
    style: NumberStyle,
    value: u32,
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
    join_run_in_chapters(&mut doc.sections, &doc.numbering, 0);
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
/// there goes into the article's text, as it prints.
fn join_run_in_chapters(list: &mut [Section], scheme: &NumberingScheme, depth: usize) {
    let style = scheme.rule(depth).style;
    for s in list {
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
        join_run_in_chapters(&mut s.children, scheme, depth + 1);
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

/// The scheme the document was written in: each depth takes the style first seen there, and
/// a depth numbers on through the document when its written numbers did not restart.
fn derive_scheme(doc: &Document, written: &[Written]) -> NumberingScheme {
    // Depth and whether it is its parent's first child, for every section in order.
    fn positions(list: &[Section], depth: usize, out: &mut Vec<(usize, bool)>) {
        for (i, s) in list.iter().enumerate() {
            out.push((depth, i == 0));
            positions(&s.children, depth + 1, out);
        }
    }
    let mut sections = Vec::new();
    positions(&doc.sections, 0, &mut sections);
    let mut levels: Vec<LevelRule> = Vec::new();
    for ((depth, _), w) in sections.iter().zip(written) {
        if *depth == levels.len() {
            // Each depth needs a style of its own, or the exported text would be ambiguous.
            // (Decimal levels tell themselves apart by how many numbers they hold, so they
            // may follow one another, and only so.)
            let is_decimal_run = w.style == NumberStyle::Decimal
                && levels
                    .last()
                    .is_some_and(|l| l.style == NumberStyle::Decimal);
            let is_used = !is_decimal_run && levels.iter().any(|l| l.style == w.style);
            let style = if is_used {
                next_unused(&levels)
            } else {
                Some(w.style)
            };
            levels.extend(style.map(LevelRule::restarting));
        }
    }
    if levels.is_empty() {
        return NumberingScheme::default();
    }
    // A level runs on when a later parent's first child carries a number above 1.
    for (depth, level) in levels.iter_mut().enumerate().skip(1) {
        let mut count = 0u32;
        let mut is_continuous = false;
        for ((d, is_first_child), w) in sections.iter().zip(written) {
            if *d != depth {
                continue;
            }
            // A written 1 starts the count again (numbering restarts there as written).
            count = if w.value == 1 && w.style == level.style {
                1
            } else {
                count + 1
            };
            // (A number written in another style says nothing of this level's count.)
            if *is_first_child && count > 1 && w.value == count && w.style == level.style {
                is_continuous = true;
            }
        }
        level.is_continuous = is_continuous;
    }
    // Continue past the deepest level seen with the usual next styles, so that a section
    // demoted below it still gets a sensible number.
    let last = levels.last().map(|l| l.style);
    let from = CANONICAL
        .iter()
        .position(|s| Some(*s) == last)
        .map_or(CANONICAL.len(), |p| p + 1);
    for style in &CANONICAL[from..] {
        if !levels.iter().any(|l| l.style == *style) {
            levels.push(LevelRule::restarting(*style));
        }
    }
    NumberingScheme { levels }
}

const CANONICAL: [NumberStyle; 9] = NumberStyle::NESTING;

/// The first style not yet used by `levels`, preferring those that usually follow the last.
fn next_unused(levels: &[LevelRule]) -> Option<NumberStyle> {
    let last = levels.last().map(|l| l.style);
    let start = CANONICAL
        .iter()
        .position(|s| Some(*s) == last)
        .map_or(0, |p| p + 1);
    CANONICAL[start..]
        .iter()
        .chain(&NumberStyle::ALL)
        .find(|s| !levels.iter().any(|l| l.style == **s))
        .copied()
}

/// A decimal marker as plandraft writes it: 1．2 and 1.2. are 1.2.
fn decimal_text(written: &str) -> String {
    written
        .replace(['．', '﹒'], ".")
        .trim_end_matches('.')
        .to_owned()
}

/// Compares written numbers with the ones plandraft derives. Where a level's written numbers
/// start again at 1 (a second document, an 附件), numbering restarts there as written;
/// any other difference is renumbered and reported.
fn check_numbers(doc: &mut Document, written: &[Written]) -> Vec<ImportWarning> {
    let mut warnings = Vec::new();
    let numbers = Numbers::of(doc);
    let mut restarts = Vec::new();
    for ((section, _), w) in doc.flatten().iter().zip(written) {
        if let Some(number) = numbers.get(section.id)
            && number.style == w.style
            && w.value == 1
            && number.value > 1
        {
            restarts.push(section.id);
            warnings.push(ImportWarning::NumberingRestarts {
                line: w.line,
                written: w.text.clone(),
            });
        }
    }
    for id in restarts {
        if let Some(s) = doc.section_mut(id) {
            s.restart = Some(1);
        }
    }
    let numbers = Numbers::of(doc);
    for ((section, _), w) in doc.flatten().iter().zip(written) {
        let Some(number) = numbers.get(section.id) else {
            continue;
        };
        let derived = number.label();
        if number.style != w.style {
            warnings.push(ImportWarning::MixedStyles {
                line: w.line,
                written: w.text.clone(),
                derived,
            });
        } else if w.value != number.value
            || (w.style == NumberStyle::Decimal && decimal_text(&w.text) != derived)
        {
            warnings.push(ImportWarning::NumberMismatch {
                line: w.line,
                written: w.text.clone(),
                value: w.value,
                derived,
            });
        }
    }
    warnings.sort_by_key(ImportWarning::line);
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(s: &str) -> Option<(NumberStyle, u32, &str)> {
        parse_marker(s).map(|m| (m.style, m.value, &s[m.text_start..]))
    }

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
    fn markers_of_every_style() {
        use NumberStyle::*;
        assert_eq!(marker("一、发展形势"), Some((ChineseComma, 1, "发展形势")));
        assert_eq!(marker("（十）提升"), Some((ChineseParen, 10, "提升")));
        assert_eq!(marker("(二)提升"), Some((ChineseParen, 2, "提升")));
        assert_eq!(marker("12.决胜"), Some((ArabicDot, 12, "决胜")));
        assert_eq!(marker("3． 决胜"), Some((ArabicDot, 3, "决胜")));
        assert_eq!(marker("3、决胜"), Some((ArabicComma, 3, "决胜")));
        assert_eq!(marker("（3）决胜"), Some((ArabicParen, 3, "决胜")));
        assert_eq!(marker("②决胜"), Some((Circled, 2, "决胜")));
        assert_eq!(
            marker("第一篇\u{3000}奋力开创"),
            Some((Pian, 1, "奋力开创"))
        );
        assert_eq!(marker("第六十二章 加强"), Some((Zhang, 62, "加强")));
        assert_eq!(marker("第三节"), Some((Jie, 3, "")));
        assert_eq!(marker("第二部分 目标"), Some((Part, 2, "目标")));
    }

    #[test]
    fn non_markers() {
        for s in [
            "1.5万亿元",
            "2030年",
            "（征求意见稿）",
            "（2020年10月29日通过）",
            "一是加强",
            "第一时间",
            "坚持人民至上。",
            "——坚持",
            "",
        ] {
            assert_eq!(parse_marker(s), None, "{s}");
        }
    }

    #[test]
    fn toc_key_strips_page_numbers() {
        assert_eq!(toc_key("第一章　发展环境……………3"), "第一章发展环境");
        assert_eq!(toc_key("第一章 发展环境\t12"), "第一章发展环境");
    }
}
