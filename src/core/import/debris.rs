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

/// Splits text into clean lines, merging runs of blank lines into one [`Line::Blank`].
pub fn clean_lines(text: &str) -> (Vec<Line>, DebrisStats, LineEndings) {
    let mut stats = DebrisStats::default();
    let mut endings = LineEndings::default();
    let mut lines = Vec::new();
    for (line_no, raw) in split_lines(text, &mut endings) {
        let (raw, controls) = remove_controls(raw);
        if controls > 0 {
            stats.controls += controls;
            stats.first_control_line.get_or_insert(line_no);
        }
        let (without_markers, removed) = remove_bookmarks(&raw);
        stats.bookmarks += removed;
        let trimmed = without_markers.trim_matches(is_space);
        if trimmed.is_empty() {
            stats.blank_lines += 1;
            if lines.last() != Some(&Line::Blank) {
                lines.push(Line::Blank);
            }
            continue;
        }
        if trimmed.len() != without_markers.len() {
            stats.trimmed_lines += 1;
        }
        lines.push(Line::Text(line_no, trimmed.to_owned()));
    }
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

/// The line without stray control characters, and how many there were.
fn remove_controls(line: &str) -> (std::borrow::Cow<'_, str>, usize) {
    let count = line.chars().filter(|c| is_stray_control(*c)).count();
    if count == 0 {
        return (std::borrow::Cow::Borrowed(line), 0);
    }
    let kept = line.chars().filter(|c| !is_stray_control(*c)).collect();
    (std::borrow::Cow::Owned(kept), count)
}

/// Splits text into lines, each with its line number in the file (from 1). Word's line
/// and page breaks end a piece of text as a line end does, but an editor shows them inside
/// a line, so they do not count as new lines.
fn split_lines<'a>(text: &'a str, endings: &mut LineEndings) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                endings.lf += 1;
                out.push((line, &text[start..i]));
                line += 1;
                start = i + 1;
            }
            b'\x0b' | b'\x0c' => {
                if bytes[i] == b'\x0b' {
                    endings.vertical_tabs += 1;
                } else {
                    endings.form_feeds += 1;
                }
                out.push((line, &text[start..i]));
                start = i + 1;
            }
            b'\r' => {
                out.push((line, &text[start..i]));
                line += 1;
                if bytes.get(i + 1) == Some(&b'\n') {
                    endings.crlf += 1;
                    i += 1;
                } else {
                    endings.cr += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        out.push((line, &text[start..]));
    }
    out
}

/// Removes every `[bookmark: …]` marker from a line.
fn remove_bookmarks(line: &str) -> (String, usize) {
    const OPEN: &str = "[bookmark:";
    let mut out = String::with_capacity(line.len());
    let mut removed = 0;
    let mut rest = line;
    while let Some(pos) = rest.find(OPEN) {
        let Some(close) = rest[pos..].find(']') else {
            break;
        };
        out.push_str(&rest[..pos]);
        rest = &rest[pos + close + 1..];
        removed += 1;
    }
    out.push_str(rest);
    (out, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

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
