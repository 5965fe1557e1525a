//! Clean UTF-8 text for printing, and the numbered outline listing.

use crate::core::document::{Document, Section};
use crate::core::import::debris::{has_stray_control, is_stray_control};
use crate::core::numbering::Numbers;

/// The whole document as clean text: title block, stage line, a blank line, preamble, then
/// every section as its numbered heading and paragraphs, one paragraph per line. Run-in
/// headings are written at the start of their first paragraph.
///
/// Importing this text gives back the same outline and the same text.
pub fn to_text(doc: &Document) -> String {
    to_text_with(doc, &Numbers::of(doc), false)
}

/// The document as clean text, numbered by `numbers` (those of the whole document when
/// only some sections are exported); with `is_indented`, body paragraphs start with two
/// full-width spaces (as printed documents are set), which importing removes again.
pub fn to_text_with(doc: &Document, numbers: &Numbers, is_indented: bool) -> String {
    let indent = if is_indented { "\u{3000}\u{3000}" } else { "" };
    let mut out = String::new();
    for line in &doc.title {
        push_printable(&mut out, line);
        out.push('\n');
    }
    if let Some(stage) = &doc.stage {
        push_printable(&mut out, &format!("（{stage}）\n"));
    }
    if !doc.title.is_empty() || doc.stage.is_some() {
        out.push('\n');
    }
    // Empty paragraphs (a blank line typed in the editor) would print as blank lines.
    for p in doc.preamble.iter().filter(|p| !p.text.is_empty()) {
        out.push_str(indent);
        push_printable(&mut out, &p.text);
        out.push('\n');
    }
    doc.walk(|section, _| write_section(&mut out, section, numbers, indent));
    out
}

/// Appends `text` without the control characters that have no printed form (a page break
/// or Word line break left inside a paragraph would split it on the next import).
fn push_printable(out: &mut String, text: &str) {
    if has_stray_control(text) {
        out.extend(text.chars().filter(|c| !is_stray_control(*c)));
    } else {
        out.push_str(text);
    }
}

fn write_section(out: &mut String, section: &Section, numbers: &Numbers, indent: &str) {
    let Some(number) = numbers.get(section.id) else {
        return;
    };
    let (run_in, paragraphs) = section.printed_parts(number.style);
    if let Some(first) = run_in {
        out.push_str(indent);
        push_printable(out, &number.heading_line(&section.heading));
        push_printable(out, first);
    } else {
        push_printable(out, &number.heading_line(&section.heading));
        if section.heading.is_empty() {
            // A heading still to be titled: an empty line after it, so that it is read
            // back as a heading and the paragraph after it not as its title.
            out.push('\n');
        }
    }
    out.push('\n');
    for p in paragraphs.iter().filter(|p| !p.text.is_empty()) {
        out.push_str(indent);
        push_printable(out, &p.text);
        out.push('\n');
    }
}

/// The numbered outline: one section per line, two spaces of indent per depth, the number
/// then the heading (六、十大重点任务 / `  `（一）把握…).
pub fn outline(doc: &Document) -> String {
    let numbers = Numbers::of(doc);
    let mut out = String::new();
    doc.walk(|section, depth| {
        if let Some(number) = numbers.get(section.id) {
            out.push_str(&"  ".repeat(depth));
            out.push_str(&number.heading_line(&section.outline_name()));
            out.push('\n');
        }
    });
    out
}

/// Text made safe to show on a terminal: control characters (other than line ends and
/// tabs) are written as `\u{1b}`, so text from a file can never move the cursor, change
/// colours or retitle the window.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let is_unsafe = |c: char| c.is_control() && !matches!(c, '\n' | '\t');
    if !text.contains(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_has_no_live_control_codes() {
        assert_eq!(terminal_safe("一、发展\n"), "一、发展\n");
        let shown = terminal_safe("一、\x1b]0;pwned\x07发展\r\u{9b}31m\n");
        assert_eq!(shown, "一、\\u{1b}]0;pwned\\u{7}发展\\u{d}\\u{9b}31m\n");
        assert!(!shown.contains(|c: char| c.is_control() && c != '\n'));
    }
}
