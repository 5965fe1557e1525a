//! What `import` and `stats` print: the import report and the table of counts.

use crate::core::count::Counts;
use crate::core::document::Document;
use crate::core::export;
use crate::core::import::ImportReport;
use crate::core::numbering::Numbers;
use crate::core::open::Opened;

/// The import report as printed by `plandraft import`.
pub fn report_text(report: &ImportReport, doc: &Document) -> String {
    let counts = Counts::of_document(doc);
    let mut s = String::new();
    let endings = report.line_endings;
    if report.word.is_some() {
        s += &format!("format: {}\n", report.encoding);
    } else {
        s += &format!(
            "encoding: {}{}; line endings: {}\n",
            report.encoding,
            if report.had_bom { " with BOM" } else { "" },
            [
                ("CRLF", endings.crlf),
                ("LF", endings.lf),
                ("CR", endings.cr),
                ("Word line breaks (U+000B)", endings.vertical_tabs),
                ("page breaks (U+000C)", endings.form_feeds),
            ]
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| format!("{name} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ")
        );
    }
    s += &format!("title: {}\n", report.title.join(" / "));
    s += &format!("stage: {}\n", report.stage.as_deref().unwrap_or("(none)"));
    let levels: Vec<String> = report
        .sections_per_level
        .iter()
        .enumerate()
        .map(|(d, n)| format!("level {}: {n}", d + 1))
        .collect();
    s += &format!(
        "sections: {} ({})\n",
        report.sections_per_level.iter().sum::<usize>(),
        levels.join(", ")
    );
    s += &format!("paragraphs: {}\n", report.paragraphs);
    s += &format!(
        "characters: {} 字 (Word's count), {} 汉字, {} without spaces\n",
        counts.words, counts.han, counts.chars_no_spaces
    );
    let d = report.debris;
    s += &format!(
        "debris removed: {} bookmarks, {} lines trimmed, {} blank lines, {} table-of-contents lines, {} control characters{}, {} page numbers\n",
        d.bookmarks,
        d.trimmed_lines,
        d.blank_lines,
        d.toc_lines,
        d.controls,
        d.first_control_line
            .map(|l| format!(" (the first on line {l})"))
            .unwrap_or_default(),
        d.page_numbers
    );
    if d.running_heads + d.joined_lines + d.glued_headings > 0 {
        s += &format!(
            "copied out of a PDF: {} running heads removed, {} broken lines joined into their paragraphs, {} headings split off the paragraph they were glued to\n",
            d.running_heads, d.joined_lines, d.glued_headings
        );
    }
    if let Some(w) = report.word {
        s += &format!(
            "Word: {} headings with outline levels, {} automatic numbers, {} tracked insertions and {} deletions accepted, {} table-of-contents paragraphs left out, {} tables and {} text boxes kept as paragraphs, {} comments kept, {} notes (listed below)\n",
            w.outlined,
            w.auto_numbers,
            w.insertions,
            w.deletions,
            w.toc_paragraphs,
            w.tables,
            w.text_boxes,
            w.comments,
            w.notes
        );
    }
    for w in &report.warnings {
        s += &format!("warning: {w}\n");
    }
    s
}

/// `plandraft stats`: counts per top-level section and in total.
pub(super) fn stats_table(opened: &Opened) -> String {
    let doc = &opened.document;
    let numbers = Numbers::of(doc);
    let mut s = format!(
        "{:>7} {:>7} {:>5} {:>5}  section\n",
        "字数", "汉字", "段落", "小节"
    );
    let row = |c: Counts, subsections: usize, name: &str| {
        format!(
            "{:>9} {:>9} {:>7} {:>7}  {name}\n",
            c.words, c.han, c.paragraphs, subsections
        )
    };
    s += &row(Counts::of_front(doc), 0, "(title, stage and preamble)");
    for section in &doc.sections {
        let mut subsections = 0;
        section.walk(0, &mut |_, d| subsections += usize::from(d > 0));
        let name = numbers
            .get(section.id)
            .map(|n| n.heading_line(&section.heading))
            .unwrap_or_default();
        s += &row(Counts::of_section(section, true), subsections, &name);
    }
    s += &row(Counts::of_document(doc), doc.section_count(), "total");
    let pages = export::page::pages(doc, &numbers).len();
    s += &format!("printed: {pages} pages (A4, GB/T 9704-2012: 22 lines of 28 characters)\n");
    s
}
