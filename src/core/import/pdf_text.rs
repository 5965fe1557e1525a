//! Text copied out of a PDF: lines hard-wrapped at the page's width, page numbers, running
//! heads repeated on every page, tables of contents with dot leaders and page numbers, and
//! a page number or heading glued to a neighbouring line. Each rule looks for what a PDF
//! leaves and nothing else: a drafter's own text (Word-pasted, one paragraph a line) passes
//! through unchanged.

use std::borrow::Cow;
use std::collections::HashMap;

use super::debris::{self, BOOKMARK, DebrisStats, Line, is_space, remove_bookmarks};
use super::marker::parse_marker;

/// Whether `line` holds a table-of-contents entry: words, a leader of dots (……, ....,
/// ····) and a page number (第一章　总则……………1), possibly several entries glued together.
pub fn is_leader_entry(line: &str) -> bool {
    // An entry ends in a page number: a line without digits is turned away by one quick
    // pass over its bytes.
    if !line.bytes().any(|b| b.is_ascii_digit()) || !line.contains(is_leader_char) {
        return false;
    }
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut chars = line.chars().peekable();
    let mut has_words = false;
    while let Some(c) = chars.next() {
        if !is_leader_char(c) {
            has_words |= c.is_alphanumeric();
            continue;
        }
        let mut weight = if c == '…' { 2 } else { 1 };
        while let Some(&d) = chars.peek() {
            if !(is_leader_char(d) || d == ' ') {
                break;
            }
            weight += match d {
                '…' => 2,
                ' ' => 0,
                _ => 1,
            };
            chars.next();
        }
        let mut digits = 0;
        while chars.peek().is_some_and(|d| is_digit(*d)) {
            digits += 1;
            chars.next();
        }
        if weight >= 4 && has_words && (1..=4).contains(&digits) {
            return true;
        }
        has_words |= digits > 0;
    }
    false
}

fn is_leader_char(c: char) -> bool {
    matches!(c, '…' | '.' | '·' | '．' | '・' | '⋯' | '‥')
}

/// Whether `line` is a page number standing alone (12, 第12页, 第 12 页 共 80 页, 12/80).
pub fn is_lone_page_number(line: &str) -> bool {
    // (The longest, 第 1234 页 共 5678 页, is 31 bytes: a paragraph is turned away at once.)
    if line.len() > 40 {
        return false;
    }
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = compact.chars().filter(|c| is_digit(*c)).count();
    if digits == 0 || digits > 8 {
        return false;
    }
    let rest: String = compact.chars().filter(|c| !is_digit(*c)).collect();
    // One number: figures apart (1　2) are a row of numbers or a heading, not a page's.
    let numbers = line
        .split(|c: char| !is_digit(c))
        .filter(|run| !run.is_empty())
        .count();
    match rest.as_str() {
        "" => digits <= 4 && numbers == 1,
        "第页" | "页" => numbers == 1,
        "第页共页" => numbers == 2,
        // 12/80, 12 / 80; after an ideographic space, 1　/2 is a printed heading's title.
        "/" => numbers == 2 && compact.ends_with(is_digit) && !line.contains('\u{3000}'),
        _ => false,
    }
}

/// Display width of a line in half-width units (a Chinese character is 2, ASCII 1): PDF
/// lines of one page width have about the same display width, not the same length.
fn width(line: &str) -> usize {
    // Counted on bytes, which is quick: an ASCII byte is 1, the first byte of any other
    // character 2, the bytes that continue it nothing.
    line.bytes()
        .map(|b| match b {
            0..0x80 => 1,
            0x80..0xC0 => 0,
            _ => 2,
        })
        .sum()
}

/// What closes a sentence or a clause at a line's end.
fn ends_sentence(line: &str) -> bool {
    line.ends_with([
        '。', '！', '？', '；', '：', '!', '?', ';', ':', '”', '’', '）', ')', '】', '》',
    ])
}

/// The width of a full line, if the text is hard-wrapped: most long lines stop at one
/// width and do not end a sentence there.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    let widths: Vec<(usize, bool)> = lines
        .iter()
        .filter_map(Line::text)
        .map(|t| (width(t), ends_sentence(t)))
        .collect();
    let long: Vec<usize> = widths
        .iter()
        .filter(|(w, _)| *w >= 30)
        .map(|(w, _)| *w)
        .collect();
    if long.len() < 8 {
        return None;
    }
    // The widest width that many lines reach: the page's measure.
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for w in &long {
        *counts.entry(*w).or_default() += 1;
    }
    let (&measure, _) = counts
        .iter()
        .filter(|(_, n)| **n * 10 >= long.len())
        .max_by_key(|(w, n)| (**n, **w))?;
    let full = |w: usize| w + 4 >= measure && w <= measure + 2;
    let full_open = widths.iter().filter(|(w, ends)| full(*w) && !ends).count();
    // No line is wider than the page: paragraphs that run past the measure were never
    // wrapped at it (text plandraft printed, one paragraph a line, whatever its length).
    let wider = long.iter().filter(|w| **w > measure + 2).count();
    let is_wrapped = full_open * 10 >= long.len() * 4 && full_open >= 6 && wider * 10 <= long.len();
    is_wrapped.then_some(measure)
}

/// Cleans PDF-copied text in place: drops lone page numbers, dot-leader contents lines and
/// running heads, splits page numbers glued before headings, and joins hard-wrapped lines
/// into paragraphs. Returns the lines; counts go into `stats`.
pub fn clean(lines: Vec<Line>, stats: &mut DebrisStats) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    let mut toc_like = 0;
    for line in lines {
        match &line {
            Line::Text(_, t) if is_lone_page_number(t) => stats.page_numbers += 1,
            Line::Text(_, t) if is_leader_entry(t) => {
                toc_like += 1;
                stats.toc_lines += 1;
            }
            _ => out.push(line),
        }
    }
    // The 目录 line above dropped entries goes with them.
    if toc_like > 0 {
        out.retain(|l| {
            let is_toc_title = l.text().is_some_and(|t| {
                t.chars().filter(|c| !c.is_whitespace()).collect::<String>() == "目录"
            });
            if is_toc_title {
                stats.toc_lines += 1;
            }
            !is_toc_title
        });
    }
    let measure = wrap_width(&out);
    let looks_printed = shows_pdf_traces(stats) || measure.is_some();
    if looks_printed {
        out = drop_running_heads(out, stats);
    }
    if let Some(measure) = measure {
        out = join_wrapped(out, measure, stats);
    }
    out
}

/// Whether what was cleaned so far shows the text came out of a PDF: page numbers, a
/// contents list, broken lines joined.
fn shows_pdf_traces(stats: &DebrisStats) -> bool {
    stats.page_numbers >= 2 || stats.toc_lines >= 3 || stats.joined_lines > 0
}

/// Drops lines repeated on page after page: short, unnumbered, the same words (a page
/// number aside) three times or more. The first, when it is in the title block, stays.
fn drop_running_heads(lines: Vec<Line>, stats: &mut DebrisStats) -> Vec<Line> {
    let key = |t: &str| -> Option<String> {
        let k: String = t
            .trim_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let is_candidate = !k.is_empty()
            && k.chars().count() <= 40
            && !ends_sentence(&k)
            && parse_marker(t).is_none();
        is_candidate.then_some(k)
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for t in lines.iter().filter_map(Line::text) {
        if let Some(k) = key(t) {
            *counts.entry(k).or_default() += 1;
        }
    }
    // The title block: the lines before the first blank line or heading.
    let title_end = lines
        .iter()
        .position(|l| l.text().is_none_or(|t| parse_marker(t).is_some()))
        .unwrap_or(lines.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.into_iter().enumerate() {
        if let Some(k) = line.text().and_then(key)
            && counts.get(&k).is_some_and(|n| *n >= 3)
        {
            let n = seen.entry(k).or_default();
            *n += 1;
            if !(*n == 1 && i < title_end) {
                stats.running_heads += 1;
                continue;
            }
        }
        out.push(line);
    }
    out
}

/// Joins a full line that does not end a sentence with the line after it, unless that
/// line is a heading or the text breaks there.
fn join_wrapped(lines: Vec<Line>, measure: usize, stats: &mut DebrisStats) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut is_open = false;
    for line in lines {
        match line {
            Line::Text(n, t) => {
                let is_heading = parse_marker(&t).is_some();
                if is_open
                    && !is_heading
                    && let Some(Line::Text(_, last)) = out.last_mut()
                {
                    // Chinese wraps anywhere; words in Latin script wrap at a space.
                    let needs_space = last.ends_with(|c: char| c.is_ascii_alphanumeric())
                        && t.starts_with(|c: char| c.is_ascii_alphanumeric());
                    if needs_space {
                        last.push(' ');
                    }
                    last.push_str(&t);
                    stats.joined_lines += 1;
                    // A marker broken over the two lines is whole now: it goes too.
                    if last.contains(BOOKMARK) {
                        let (clean, n) = remove_bookmarks(&Cow::Borrowed(last.as_str()));
                        if n > 0 {
                            stats.bookmarks += n;
                            let clean = clean.trim_matches(is_space).to_owned();
                            // What the marker stood beside may be nothing, or a page's
                            // number: they go, as they would on a line of their own.
                            let is_page_number =
                                is_lone_page_number(&clean) || debris::is_page_number(&clean);
                            if clean.is_empty() || is_page_number {
                                stats.page_numbers += usize::from(is_page_number);
                                out.pop();
                                is_open = false;
                                continue;
                            }
                            *last = clean;
                        }
                    }
                    // So is a contents entry broken over the two lines (…………\n12).
                    if is_leader_entry(last) {
                        out.pop();
                        stats.toc_lines += 1;
                        is_open = false;
                        continue;
                    }
                    is_open = width(&t) + 4 >= measure && !ends_sentence(&t);
                    continue;
                }
                is_open = width(&t) + 4 >= measure && !ends_sentence(&t);
                out.push(Line::Text(n, t));
            }
            Line::Blank => {
                is_open = false;
                out.push(Line::Blank);
            }
        }
    }
    out
}

/// Where the numbering stands while lines are read: the styles in the order first seen,
/// and the numbers of the headings open now, top down.
#[derive(Default)]
struct Sequence {
    ranks: Vec<crate::core::numbering::NumberStyle>,
    open: Vec<(usize, u32)>,
}

impl Sequence {
    /// The number a heading of `style` would carry next, if the style has been seen.
    fn next(&self, style: crate::core::numbering::NumberStyle) -> Option<u32> {
        let rank = self.ranks.iter().position(|s| *s == style)?;
        Some(
            self.open
                .iter()
                .find(|(r, _)| *r == rank)
                .map_or(1, |(_, v)| v + 1),
        )
    }

    fn see(&mut self, style: crate::core::numbering::NumberStyle, value: u32) {
        let rank = match self.ranks.iter().position(|s| *s == style) {
            Some(r) => r,
            None => {
                self.ranks.push(style);
                self.ranks.len() - 1
            }
        };
        self.open.retain(|(r, _)| *r < rank);
        self.open.push((rank, value));
    }

    /// Whether `text` starts with the heading the numbering expects next, with words.
    fn expects(&self, text: &str) -> bool {
        let Some(m) = parse_marker(text) else {
            return false;
        };
        let rest = &text[m.text_start..];
        let heading = crate::core::document::sentence_end(rest).map_or(rest, |e| &rest[..e]);
        self.next(m.style) == Some(m.value)
            && heading.chars().any(char::is_alphanumeric)
            && heading.chars().count() <= 50
    }
}

/// The byte offsets just past each 。, ！ and ？ of `text`, in order (found by a quick
/// byte search, long paragraphs being many).
fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    // 。 is E3 80 82; ！ and ？ are EF BC 81 and EF BC 9F: look at each E3 and EF byte.
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xE3, 0xEF, bytes).filter_map(move |i| {
        let mark = bytes.get(i..i + 3)?;
        matches!(
            mark,
            [0xE3, 0x80, 0x82] | [0xEF, 0xBC, 0x81] | [0xEF, 0xBC, 0x9F]
        )
        .then_some(i + 3)
    })
}

/// Splits what a PDF glued together where the numbering proves it: a page number before a
/// heading (15三、…, when 三、 comes next), and a heading after the last sentence of the
/// paragraph before it (…发展。三、…).
pub fn split_glued(lines: Vec<Line>, stats: &mut DebrisStats) -> Vec<Line> {
    // A number glued before a heading is a page's only in text with a PDF's other traces:
    // elsewhere 1（二）… is the words.
    let looks_printed = shows_pdf_traces(stats);
    let mut seq = Sequence::default();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let Line::Text(n, mut text) = line else {
            out.push(line);
            continue;
        };
        // A page number glued before the heading.
        let digits = text
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit())
            .last()
            .map(|(i, c)| i + c.len_utf8());
        if let Some(end) = digits
            && looks_printed
            && end <= 4
            && parse_marker(&text).is_none()
            && seq.expects(&text[end..])
        {
            text.drain(..end);
            stats.page_numbers += 1;
        }
        loop {
            if let Some(m) = parse_marker(&text) {
                seq.see(m.style, m.value);
            }
            let glued =
                sentence_ends(&text).find(|&at| at < text.len() && seq.expects(&text[at..]));
            let Some(at) = glued else {
                break;
            };
            let rest = text.split_off(at);
            out.push(Line::Text(n, text));
            stats.glued_headings += 1;
            text = rest;
        }
        out.push(Line::Text(n, text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leader_entries() {
        assert!(is_leader_entry("第一章　总则……………………1"));
        assert!(is_leader_entry("一、发展基础..........................3"));
        assert!(is_leader_entry("第一章 总则……1第二章 发展……5"));
        assert!(is_leader_entry("（一）发展环境 ········ 12"));
        assert!(!is_leader_entry("加快发展……推动改革。"));
        assert!(!is_leader_entry("……12"));
        assert!(!is_leader_entry("总量达到1.5万亿元"));
    }

    #[test]
    fn lone_page_numbers() {
        for yes in [
            "12",
            " 3 ",
            "第12页",
            "第 3 页 共 80 页",
            "12/80",
            "12 / 80",
            "１２",
        ] {
            assert!(is_lone_page_number(yes), "{yes}");
        }
        for no in [
            "2025年",
            "12345",
            "一",
            "1.",
            "第一章",
            "（12）",
            "1　2",
            "3 4",
        ] {
            assert!(!is_lone_page_number(no), "{no}");
        }
    }
}
