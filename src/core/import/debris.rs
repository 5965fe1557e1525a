//! Removing what Word and WPS leave behind when a document is pasted or saved as text:
//! `[bookmark: _Toc…]` markers, indentation and trailing spaces (U+3000, NBSP), blank or
//! whitespace-only lines, and control characters. Word's manual line break (U+000B) and
//! page break (U+000C) end a line as a line break does. Nothing else of the text changes.

/// What the clean-up removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DebrisStats {
    /// `[bookmark: …]` markers removed.
    pub bookmarks: usize,
    /// Lines that lost leading or trailing spaces.
    pub trimmed_lines: usize,
    /// Blank or whitespace-only lines dropped.
    pub blank_lines: usize,
    /// Table-of-contents lines dropped (counted by the structure pass).
    pub toc_lines: usize,
    /// Control characters removed (other than line ends and tabs): they have no printed
    /// form, and no DOCX or XML file may hold them.
    pub controls: usize,
    /// The input line of the first control character removed.
    pub first_control_line: Option<usize>,
    /// Page numbers dropped: a printed page's number copied with its text out of a PDF
    /// (— 12 —, a lone 12, 第12页, or glued before a heading).
    pub page_numbers: usize,
    /// Running heads dropped: a short line a PDF repeats on page after page.
    pub running_heads: usize,
    /// Lines of text copied out of a PDF joined to the line before: the page's width had
    /// broken a paragraph there.
    pub joined_lines: usize,
    /// Headings a PDF glued to the end of the paragraph before, split off.
    pub glued_headings: usize,
}

/// Line endings seen in the input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineEndings {
    /// `\r\n`
    pub crlf: usize,
    /// `\n` alone
    pub lf: usize,
    /// `\r` alone
    pub cr: usize,
    /// Word's manual line breaks (U+000B), read as line ends.
    pub vertical_tabs: usize,
    /// Page breaks (U+000C), read as line ends.
    pub form_feeds: usize,
}

/// One line after clean-up: text, or a blank line (kept to tell the title block apart).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// A line with text, trimmed and free of debris, with its line number in the input.
    Text(usize, String),
    /// One or more blank lines.
    Blank,
}

impl Line {
    /// The line's text, if it is not blank.
    pub fn text(&self) -> Option<&str> {
        match self {
            Line::Text(_, t) => Some(t),
            Line::Blank => None,
        }
    }
}

/// The bracketed numbers inside `line` that look like footnote references left from the
/// source (监督 [67]。, 体系［3］): one to three digits in square brackets, half or full
/// width, after some text. A line that starts with one ([1] 参考文献…) is a list item, not a
/// reference; 〔2024〕 in a document number is another bracket and never matches. Each is
/// returned with its byte range.
pub fn footnote_markers(line: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    // Most lines hold no bracket at all: two quick searches turn them away.
    if memchr::memchr(b'[', line.as_bytes()).is_none() && !line.contains('［') {
        return found;
    }
    let mut iter = line.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        let close = match c {
            '[' => ']',
            '［' => '］',
            _ => continue,
        };
        if line[..start].trim().is_empty() {
            continue;
        }
        let mut digits = 0;
        let mut end = None;
        for (i, d) in line[start + c.len_utf8()..].char_indices() {
            if d.is_ascii_digit() || ('０'..='９').contains(&d) {
                digits += 1;
            } else {
                if d == close && (1..=3).contains(&digits) {
                    end = Some(start + c.len_utf8() + i + d.len_utf8());
                }
                break;
            }
        }
        if let Some(end) = end {
            found.push(start..end);
            while iter.peek().is_some_and(|(i, _)| *i < end) {
                iter.next();
            }
        }
    }
    found
}

/// Whether a line is a printed page's number between dashes, as it comes out of a PDF:
/// — 12 —, - 12 -, －12－ (one to four digits, half or full width).
pub fn is_page_number(line: &str) -> bool {
    let is_dash = |c: char| matches!(c, '—' | '–' | '-' | '－' | '―');
    let inner = line.trim_start_matches(is_dash);
    if inner.len() == line.len() {
        return false;
    }
    let without_end = inner.trim_end_matches(is_dash);
    if without_end.len() == inner.len() {
        return false;
    }
    let digits = without_end.trim_matches(is_space);
    (1..=4).contains(&digits.chars().count())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// Splits text into clean lines, merging runs of blank lines into one [`Line::Blank`].
pub fn clean_lines(text: &str) -> (Vec<Line>, DebrisStats, LineEndings) {
    clean_lines_checked(text, None)
}

/// [`clean_lines`], told by the decoder whether the text holds any C0, DEL or C1 control
/// (its own look at every byte), so that it need not look again.
pub(crate) fn clean_lines_checked(
    text: &str,
    has_controls: Option<bool>,
) -> (Vec<Line>, DebrisStats, LineEndings) {
    let mut stats = DebrisStats::default();
    let mut endings = LineEndings::default();
    // One line per line end, as near as can be told at once.
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    // Most text holds neither: one pass over the whole text spares a look at every line.
    let may_hold_controls = match has_controls {
        // Word's line and page breaks are split on before controls are looked for, so only
        // U+FFFE and U+FFFF are left to find.
        Some(false) => has_noncharacter(text.as_bytes()),
        Some(true) | None => has_stray_control(text),
    };
    let may_hold_bookmarks = memchr::memmem::find(text.as_bytes(), BOOKMARK.as_bytes()).is_some();
    split_lines(text, &mut endings, |line_no, raw| {
        let (raw, controls) = if may_hold_controls {
            remove_controls(raw)
        } else {
            (std::borrow::Cow::Borrowed(raw), 0)
        };
        if controls > 0 {
            stats.controls += controls;
            stats.first_control_line.get_or_insert(line_no);
        }
        // A marker may only be whole once a control character inside it is gone.
        let (without_markers, removed) = if may_hold_bookmarks || controls > 0 {
            remove_bookmarks(&raw)
        } else {
            (raw, 0)
        };
        stats.bookmarks += removed;
        let trimmed = without_markers.trim_matches(is_space);
        if trimmed.is_empty() {
            stats.blank_lines += 1;
            if lines.last() != Some(&Line::Blank) {
                lines.push(Line::Blank);
            }
            return;
        }
        if is_page_number(trimmed) {
            stats.page_numbers += 1;
            return;
        }
        if trimmed.len() != without_markers.len() {
            stats.trimmed_lines += 1;
        }
        lines.push(Line::Text(line_no, trimmed.to_owned()));
    });
    (lines, stats, endings)
}

/// Whether `c` is space that Word leaves around lines: ASCII space and tab, U+3000, NBSP and
/// the other Unicode spaces, and zero-width no-break space.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}'
}

/// Whether `c` is a character no printed text holds and XML forbids: C0 controls other
/// than tab and line ends, DEL, C1 controls, and the non-characters U+FFFE and U+FFFF.
pub fn is_stray_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Whether `text` holds a stray control character ([`is_stray_control`]), found by its
/// UTF-8 bytes in vectorised passes, so that text is checked at memory speed: C0 controls
/// and DEL are single bytes, C1 controls start with 0xC2 (as ° and × do), U+FFFE and
/// U+FFFF are three bytes found by substring search.
pub fn has_stray_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Tab (9), line feed (10) and carriage return (13) are the C0 bytes text may hold.
    // Bitwise, not short-circuit, operators: the test has no branches, so it vectorises.
    let is_lead =
        |b: u8| ((b < 0x20) & (b != 9) & (b != 10) & (b != 13)) | (b == 0x7F) | (b == 0xC2);
    let mut from = 0;
    while let Some(at) = find_byte(bytes, from, is_lead) {
        if bytes[at] != 0xC2 || matches!(bytes.get(at + 1), Some(0x80..=0x9F)) {
            return true;
        }
        from = at + 1;
    }
    has_noncharacter(bytes)
}

/// Whether UTF-8 `bytes` hold U+FFFE or U+FFFF.
fn has_noncharacter(bytes: &[u8]) -> bool {
    // U+FFC0 to U+FFFF start with 0xEF 0xBF; U+FFFE and U+FFFF end with 0xBE or 0xBF.
    memchr::memmem::find_iter(bytes, b"\xEF\xBF")
        .any(|at| matches!(bytes.get(at + 2), Some(0xBE | 0xBF)))
}

/// The first offset at or after `from` whose byte `is_wanted`, looked for 64 bytes at a
/// time in a loop the compiler turns into vector instructions.
pub(crate) fn find_byte(
    bytes: &[u8],
    from: usize,
    is_wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut offset = from;
    for chunk in rest.chunks(64) {
        // No early exit inside the chunk: a plain fold vectorises.
        if chunk.iter().fold(false, |found, &b| found | is_wanted(b)) {
            return chunk.iter().position(|&b| is_wanted(b)).map(|i| offset + i);
        }
        offset += chunk.len();
    }
    None
}

/// The line without stray control characters, and how many there were.
fn remove_controls(line: &str) -> (std::borrow::Cow<'_, str>, usize) {
    if !has_stray_control(line) {
        return (std::borrow::Cow::Borrowed(line), 0);
    }
    let count = line.chars().filter(|c| is_stray_control(*c)).count();
    let kept = line.chars().filter(|c| !is_stray_control(*c)).collect();
    (std::borrow::Cow::Owned(kept), count)
}

/// Splits text into lines, each with its line number in the file (from 1). Word's line
/// and page breaks end a piece of text as a line end does, but an editor shows them inside
/// a line, so they do not count as new lines.
fn split_lines<'a>(text: &'a str, endings: &mut LineEndings, mut each: impl FnMut(usize, &'a str)) {
    let bytes = text.as_bytes();
    let has_word_breaks = memchr::memchr2(0x0B, 0x0C, bytes).is_some();
    let mut push = |line: usize, piece: &'a str| {
        if !has_word_breaks {
            each(line, piece);
            return;
        }
        for part in piece.split(['\u{b}', '\u{c}']) {
            each(line, part);
        }
    };
    let mut start = 0;
    let mut line = 1;
    let mut ends = memchr::memchr2_iter(b'\n', b'\r', bytes).peekable();
    while let Some(end) = ends.next() {
        push(line, &text[start..end]);
        line += 1;
        start = end + 1;
        if bytes[end] == b'\n' {
            endings.lf += 1;
        } else if bytes.get(end + 1) == Some(&b'\n') {
            endings.crlf += 1;
            ends.next();
            start += 1;
        } else {
            endings.cr += 1;
        }
    }
    if start < text.len() {
        push(line, &text[start..]);
    }
    if has_word_breaks {
        endings.vertical_tabs = memchr::memchr_iter(0x0B, bytes).count();
        endings.form_feeds = memchr::memchr_iter(0x0C, bytes).count();
    }
}

/// How a bookmark marker that Word leaves in pasted text starts.
pub(super) const BOOKMARK: &str = "[bookmark:";

/// Removes every `[bookmark: …]` marker from a line, until none is left: taking one out
/// can join the text around it into another (`[book[bookmark: a]mark: b]`), which the next
/// import would take out in turn.
pub(super) fn remove_bookmarks<'a>(
    line: &std::borrow::Cow<'a, str>,
) -> (std::borrow::Cow<'a, str>, usize) {
    let mut text = line.clone();
    let mut removed = 0;
    loop {
        let (out, n) = remove_bookmarks_once(&text);
        if n == 0 {
            return (text, removed);
        }
        removed += n;
        text = std::borrow::Cow::Owned(out);
    }
}

/// One pass of [`remove_bookmarks`]: the line without the markers it holds, and how many.
fn remove_bookmarks_once(line: &str) -> (String, usize) {
    const OPEN: &str = BOOKMARK;
    let mut out = String::new();
    let mut removed = 0;
    let mut rest: &str = line;
    while let Some(pos) = rest.find(OPEN) {
        let Some(close) = rest[pos..].find(']') else {
            break;
        };
        out.push_str(&rest[..pos]);
        rest = &rest[pos + close + 1..];
        removed += 1;
    }
    if removed > 0 {
        out.push_str(rest);
    }
    (out, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_between_dashes_go_and_the_text_around_them_stays() {
        for page in ["— 12 —", "- 3 -", "－１２－", "—7—", "―  101  ―"] {
            assert!(is_page_number(page), "{page}");
        }
        for text in [
            "——坚持统筹发展和安全",
            "12",
            "— 12345 —",
            "- 3",
            "3 -",
            "— 一 —",
            "—— 2025 ——年",
        ] {
            assert!(!is_page_number(text), "{text}");
        }
        let (lines, stats, _) = clean_lines("本段在页末\n— 12 —\n下页继续。\n");
        assert_eq!(stats.page_numbers, 1);
        let texts: Vec<&str> = lines.iter().filter_map(Line::text).collect();
        assert_eq!(texts, ["本段在页末", "下页继续。"]);
    }

    #[test]
    fn footnote_references_are_found_and_lists_and_document_numbers_are_not() {
        fn marked(line: &str) -> Vec<&str> {
            footnote_markers(line)
                .into_iter()
                .map(|r| &line[r])
                .collect()
        }
        assert_eq!(marked("强化社会监督 [67]。"), ["[67]"]);
        assert_eq!(
            marked("体系［３］和机制[12]、[13]"),
            ["［３］", "[12]", "[13]"]
        );
        assert!(marked("[1] 中华人民共和国国民经济和社会发展第十四个五年规划").is_empty());
        assert!(marked("吉政发〔2024〕3号").is_empty());
        assert!(marked("数组 a[i] 与 [1234] 与 [] 与 [3").is_empty());
    }

    #[test]
    fn a_marker_that_taking_one_out_makes_goes_too() {
        let (text, n) = remove_bookmarks(&"正[book[bookmark: _Toc1]mark: _Toc2]文".into());
        assert_eq!((text.as_ref(), n), ("正文", 2));
        let (text, n) = remove_bookmarks(&"正文[bookmark: 未闭".into());
        assert_eq!((text.as_ref(), n), ("正文[bookmark: 未闭", 0));
    }

    #[test]
    fn bookmarks_and_spaces_go() {
        let text = "[bookmark: _Toc1][bookmark: _Toc2]\u{3000}\u{3000}正文。\u{a0} \r\n\r\n \t\r\n七、保障措施\r最后";
        let (lines, stats, endings) = clean_lines(text);
        assert_eq!(
            lines,
            vec![
                Line::Text(1, "正文。".into()),
                Line::Blank,
                Line::Text(4, "七、保障措施".into()),
                Line::Text(5, "最后".into()),
            ]
        );
        assert_eq!(stats.bookmarks, 2);
        assert_eq!(stats.trimmed_lines, 1);
        assert_eq!(stats.blank_lines, 2);
        assert_eq!(
            endings,
            LineEndings {
                crlf: 3,
                cr: 1,
                ..LineEndings::default()
            }
        );
    }

    #[test]
    fn word_breaks_end_lines_and_stray_controls_go() {
        let text = "一、发展形势\x0b第一段。\x0c二、目标\n正\u{1}文\u{7f}。\u{FFFF}\u{9b}\t表";
        let (lines, stats, endings) = clean_lines(text);
        assert_eq!(
            lines,
            vec![
                Line::Text(1, "一、发展形势".into()),
                Line::Text(1, "第一段。".into()),
                Line::Text(1, "二、目标".into()),
                Line::Text(2, "正文。\t表".into()),
            ]
        );
        assert_eq!((endings.vertical_tabs, endings.form_feeds), (1, 1));
        assert_eq!((stats.controls, stats.first_control_line), (4, Some(2)));
    }

    #[test]
    fn the_byte_scan_finds_exactly_the_stray_controls() {
        for c in [
            '\u{0}', '\u{1}', '\u{b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}', '\u{fffe}',
            '\u{ffff}',
        ] {
            assert!(has_stray_control(&format!("发展{c}改革")), "{c:?}");
        }
        for text in [
            "发展，改革：（一）",
            "°C × ÷ ·",
            "\t",
            "\u{a0}\u{fffd}\u{fffc}\u{ff5e}",
            "",
        ] {
            assert!(!has_stray_control(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_chunked_search_finds_what_a_plain_one_finds(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            from in 0usize..200,
        ) {
            let is_wanted = |b: u8| b < 0x20 || b == 0xC2;
            let naive = bytes
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, b)| is_wanted(**b))
                .map(|(i, _)| i);
            proptest::prop_assert_eq!(find_byte(&bytes, from, is_wanted), naive);
        }

        #[test]
        fn the_byte_scan_agrees_with_the_characters(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(
                has_stray_control(&text),
                text.chars().any(is_stray_control)
            );
        }
    }

    #[test]
    fn inner_spaces_and_unclosed_brackets_stay() {
        let (lines, stats, _) = clean_lines("第一篇\u{3000}奋力 开创 [bookmark: unclosed");
        assert_eq!(
            lines,
            vec![Line::Text(
                1,
                "第一篇\u{3000}奋力 开创 [bookmark: unclosed".into()
            )]
        );
        assert_eq!(stats.bookmarks, 0);
    }
}
