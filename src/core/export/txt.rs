//! Clean UTF-8 text for printing, and the numbered outline listing.

use crate::core::document::{Document, Section};
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
        out.push_str(line);
        out.push('\n');
    }
    if let Some(stage) = &doc.stage {
        out.push_str(&format!("（{stage}）\n"));
    }
    if !doc.title.is_empty() || doc.stage.is_some() {
        out.push('\n');
    }
    // Empty paragraphs (a blank line typed in the editor) would print as blank lines.
    for p in doc.preamble.iter().filter(|p| !p.text.is_empty()) {
        out.push_str(indent);
        out.push_str(&p.text);
        out.push('\n');
    }
    doc.walk(|section, _| write_section(&mut out, section, numbers, indent));
    out
}

fn write_section(out: &mut String, section: &Section, numbers: &Numbers, indent: &str) {
    let Some(number) = numbers.get(section.id) else {
        return;
    };
    let (run_in, paragraphs) = section.printed_parts(number.style);
    if let Some(first) = run_in {
        out.push_str(indent);
        out.push_str(&number.heading_line(&section.heading));
        out.push_str(first);
    } else {
        out.push_str(&number.heading_line(&section.heading));
    }
    out.push('\n');
    for p in paragraphs.iter().filter(|p| !p.text.is_empty()) {
        out.push_str(indent);
        out.push_str(&p.text);
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
            out.push_str(&number.heading_line(&section.heading));
            out.push('\n');
        }
    });
    out
}
