//! Walking a Word file's body: paragraphs, runs, tables and text boxes read as lines with
//! their hints, fields and tracked changes followed, comments anchored to their passages.

use std::collections::HashMap;

use roxmltree::Node;

use super::styles::{Numbering, Styles, num_pr, outline_of};
use super::xml::{LocalName, attr, child, child_val, is_on};
use super::{DocxError, LineHint, MAX_DEPTH, WordComment, WordNote, WordText};

/// A field (`w:fldChar` begin … separate … end) open while reading.
#[derive(Clone, Debug, Default)]
pub(super) struct Field {
    code: String,
    is_result: bool,
}

impl Field {
    fn is_toc(&self) -> bool {
        let code = self.code.trim_start();
        code.starts_with("TOC") || code.starts_with("toc")
    }
}

/// Where a comment's passage started and what it covers.
#[derive(Clone, Debug, Default)]
pub(super) struct Anchor {
    line: usize,
    start: Option<usize>,
    quote: Option<String>,
}

/// The paragraph being read.
#[derive(Debug, Default)]
pub(super) struct Paragraph {
    text: String,
    /// Text boxes anchored in it, read as lines of their own.
    boxes: Vec<String>,
    /// Whether a table of contents was open in it.
    in_toc: bool,
    /// Comments that start or end in it: id → byte offset of the start.
    opened: Vec<(String, usize)>,
    closed: Vec<(String, Option<usize>, usize)>,
    notes: Vec<String>,
}

pub(super) struct Reader<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    notes: &'s HashMap<(bool, String), String>,
    uses_outline: bool,
    fields: Vec<Field>,
    comment_anchors: Vec<(String, Anchor)>,
    out: WordText,
}

impl<'s> Reader<'s> {
    pub(super) fn new(
        styles: &'s Styles,
        numbering: Numbering,
        notes: &'s HashMap<(bool, String), String>,
        uses_outline: bool,
    ) -> Self {
        Reader {
            styles,
            numbering,
            notes,
            uses_outline,
            fields: Vec::new(),
            comment_anchors: Vec::new(),
            out: WordText::default(),
        }
    }

    /// What was read, with each comment (by id: author, date, text) set at its passage.
    pub(super) fn finish(
        self,
        comment_texts: &HashMap<String, (String, String, String)>,
    ) -> WordText {
        let mut out = self.out;
        for (id, anchor) in self.comment_anchors {
            if let Some((author, date, text)) = comment_texts.get(&id) {
                out.comments.push(WordComment {
                    line: anchor.line,
                    quote: anchor.quote.filter(|q| !q.trim().is_empty()),
                    author: author.clone(),
                    date: date.clone(),
                    text: text.clone(),
                });
            }
        }
        out.comments.sort_by_key(|c| c.line);
        out.stats.comments = out.comments.len();
        out
    }

    /// A reader for a table cell or text box, counting on in this reader's lists.
    fn sub(&mut self) -> Reader<'s> {
        Reader::new(
            self.styles,
            std::mem::take(&mut self.numbering),
            self.notes,
            self.uses_outline,
        )
    }

    /// Takes back the lists' counts and the figures of a reader made by [`Reader::sub`].
    fn join(&mut self, sub: &mut Reader<'s>) {
        self.numbering = std::mem::take(&mut sub.numbering);
        self.out.stats += sub.out.stats;
    }

    fn too_deep(depth: usize) -> Result<(), DocxError> {
        if depth > MAX_DEPTH {
            return Err(DocxError::TooDeep {
                part: "word/document.xml".to_owned(),
            });
        }
        Ok(())
    }

    /// Reads block content: paragraphs (read as `hint` says: body text in a table cell or
    /// text box), tables, content controls.
    pub(super) fn block(
        &mut self,
        node: Node,
        hint: LineHint,
        depth: usize,
    ) -> Result<(), DocxError> {
        Self::too_deep(depth)?;
        for n in node.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "p" => self.paragraph(n, hint, depth + 1)?,
                "tbl" => self.table(n, depth + 1)?,
                "sdt" => {
                    let is_toc = n.descendants().any(|d| {
                        d.has_tag_name_local("docPartGallery")
                            && attr(d, "val").is_some_and(|v| v.contains("Contents"))
                    });
                    match child(n, "sdtContent") {
                        Some(content) if is_toc => {
                            self.out.stats.toc_paragraphs += content
                                .descendants()
                                .filter(|d| d.has_tag_name_local("p"))
                                .count();
                        }
                        Some(content) => self.block(content, hint, depth + 1)?,
                        None => {}
                    }
                }
                "customXml" | "ins" | "moveTo" => self.block(n, hint, depth + 1)?,
                "del" | "moveFrom" => self.out.stats.deletions += 1,
                _ => {}
            }
        }
        Ok(())
    }

    /// A table: a row of several cells is one line, its cells apart by tabs; a table of one
    /// column (a 专栏 box) gives each paragraph a line of its own.
    fn table(&mut self, table: Node, depth: usize) -> Result<(), DocxError> {
        Self::too_deep(depth)?;
        self.out.stats.tables += 1;
        let rows: Vec<Node> = table
            .descendants()
            .filter(|n| n.has_tag_name_local("tr"))
            .filter(|tr| tr.ancestors().find(|a| a.has_tag_name_local("tbl")) == Some(table))
            .collect();
        for row in rows {
            let cells: Vec<Node> = row
                .descendants()
                .filter(|n| n.has_tag_name_local("tc"))
                .filter(|tc| tc.ancestors().find(|a| a.has_tag_name_local("tr")) == Some(row))
                .collect();
            if cells.len() <= 1 {
                for cell in cells {
                    self.block(cell, LineHint::Body, depth + 1)?;
                }
                continue;
            }
            let mut texts = Vec::new();
            for cell in cells {
                let mut sub = self.sub();
                let result = sub.block(cell, LineHint::Body, depth + 1);
                self.join(&mut sub);
                result?;
                let text: Vec<&str> = sub.out.text.lines().map(str::trim).collect();
                texts.push(text.join(" ").trim().to_owned());
                let line = self.out.hints.len() + 1;
                self.out.notes.extend(
                    sub.out
                        .notes
                        .into_iter()
                        .map(|n| WordNote { line, text: n.text }),
                );
                for (id, mut anchor) in sub.comment_anchors {
                    anchor.line = line;
                    anchor.quote = None;
                    self.comment_anchors.push((id, anchor));
                }
            }
            let line = texts.join("\t");
            if !line.trim().is_empty() {
                self.push_line(line, LineHint::Body);
            }
        }
        Ok(())
    }

    /// Leaves out the 目录 line just before a table of contents.
    fn drop_toc_heading(&mut self) {
        let last_start = self.out.text.rfind('\n').map_or(0, |i| i + 1);
        let last: String = self.out.text[last_start..]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if last == "目录" && !self.out.hints.is_empty() {
            self.out.text.truncate(last_start.saturating_sub(1));
            self.out.hints.pop();
            self.out.stats.paragraphs = self.out.stats.paragraphs.saturating_sub(1);
            self.out.stats.toc_paragraphs += 1;
        }
    }

    fn push_line(&mut self, text: String, hint: LineHint) {
        if !self.out.text.is_empty() || !self.out.hints.is_empty() {
            self.out.text.push('\n');
        }
        self.out.text.push_str(&text);
        self.out.hints.push(hint);
    }

    /// One paragraph: its number (if Word writes it), its runs, and the text boxes
    /// anchored in it after it.
    fn paragraph(&mut self, p: Node, hint: LineHint, depth: usize) -> Result<(), DocxError> {
        let ppr = child(p, "pPr");
        let style = ppr.and_then(|p| child_val(p, "pStyle"));
        let outline = outline_of(ppr, style, self.styles);
        let num = match ppr.and_then(|p| child(p, "numPr")) {
            Some(n) => num_pr(n),
            None => self.styles.num(style),
        };
        let mut para = Paragraph {
            in_toc: self.fields.iter().any(Field::is_toc),
            ..Paragraph::default()
        };
        self.inline(p, &mut para, depth + 1)?;
        let is_toc = para.in_toc || self.styles.is_toc(style);
        if is_toc {
            self.out.stats.toc_paragraphs += 1;
            self.drop_toc_heading();
            return Ok(());
        }
        // Word numbers a paragraph only when it is shown, and not a deleted one.
        let is_deleted = ppr
            .and_then(|p| child(p, "rPr"))
            .is_some_and(|r| child(r, "del").is_some());
        let mut label = None;
        if let Some((id, level)) = num
            && !is_deleted
        {
            let level = level.or(outline).unwrap_or(0);
            label = self.numbering.next(&id, level);
        }
        self.out.stats.paragraphs += 1;
        let hint = match hint {
            LineHint::Free if outline.is_some() => {
                self.out.stats.outlined += 1;
                LineHint::Heading
            }
            // An item of a list Word numbers, where headings carry outline levels, is a list
            // in the text, not a heading.
            LineHint::Free if label.is_some() && self.uses_outline => LineHint::Body,
            other => other,
        };
        let mut text = para.text;
        if hint == LineHint::Heading && text.contains('\n') {
            // A heading broken over lines by hand (a long 篇 title) is still one heading.
            let before = |o: usize| o - text[..o.min(text.len())].matches('\n').count();
            for (_, start) in &mut para.opened {
                *start = before(*start);
            }
            for (_, start, end) in &mut para.closed {
                *start = start.map(before);
                *end = before(*end);
            }
            text = text.replace('\n', "");
        }
        let mut shift = 0;
        if let Some(label) = label {
            self.out.stats.auto_numbers += 1;
            shift = label.len();
            text.insert_str(0, &label);
        }
        let first_line = self.out.hints.len() + 1;
        // A line break inside a paragraph starts a line of its own.
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let line_of = |offset: usize| {
            first_line + starts.iter().filter(|s| **s <= offset + shift).count() - 1
        };
        for (id, start) in para.opened {
            self.comment_anchors.push((
                id,
                Anchor {
                    line: line_of(start),
                    start: Some(start + shift),
                    quote: None,
                },
            ));
        }
        for (id, start, end) in para.closed {
            let end = end + shift;
            match self
                .comment_anchors
                .iter_mut()
                .rev()
                .find(|(i, _)| *i == id)
            {
                Some((_, anchor)) => {
                    if let Some(start) = anchor.start
                        && anchor.line >= first_line
                        && start <= end
                        && !text[start..end].contains('\n')
                    {
                        anchor.quote = Some(text[start..end].to_owned());
                    }
                }
                None => self.comment_anchors.push((
                    id,
                    Anchor {
                        line: line_of(start.unwrap_or(end).saturating_sub(shift)),
                        start: None,
                        quote: None,
                    },
                )),
            }
        }
        for note in para.notes {
            self.out.notes.push(WordNote {
                line: first_line,
                text: note,
            });
        }
        for line in text.split('\n') {
            self.push_line(line.to_owned(), hint);
        }
        for text_box in para.boxes {
            self.out.stats.text_boxes += 1;
            for line in text_box.split('\n') {
                self.push_line(line.to_owned(), LineHint::Body);
            }
        }
        Ok(())
    }

    /// Whether text read now is shown: not inside a field's code, nor a table of contents.
    fn is_shown(&self) -> bool {
        self.fields.iter().all(|f| f.is_result && !f.is_toc())
    }

    /// Inline content of a paragraph, in order.
    fn inline(&mut self, node: Node, para: &mut Paragraph, depth: usize) -> Result<(), DocxError> {
        Self::too_deep(depth)?;
        for n in node.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "r" => self.run(n, para, depth + 1)?,
                "hyperlink" | "smartTag" | "customXml" | "bdo" | "dir" | "fldSimple" => {
                    let is_toc = n.tag_name().name() == "fldSimple"
                        && attr(n, "instr").is_some_and(|i| i.trim_start().starts_with("TOC"));
                    if is_toc {
                        para.in_toc = true;
                    } else {
                        self.inline(n, para, depth + 1)?;
                    }
                }
                "sdt" => {
                    if let Some(content) = child(n, "sdtContent") {
                        self.inline(content, para, depth + 1)?;
                    }
                }
                "ins" | "moveTo" => {
                    self.out.stats.insertions += 1;
                    self.inline(n, para, depth + 1)?;
                }
                "del" | "moveFrom" => self.out.stats.deletions += 1,
                "commentRangeStart" => {
                    if let Some(id) = attr(n, "id") {
                        para.opened.push((id.to_owned(), para.text.len()));
                    }
                }
                "commentRangeEnd" => {
                    if let Some(id) = attr(n, "id") {
                        let start = para.opened.iter().find(|(i, _)| i == id).map(|(_, s)| *s);
                        para.closed.push((id.to_owned(), start, para.text.len()));
                    }
                }
                "AlternateContent" => {
                    // Word writes a drawing twice: as DrawingML (the choice) and as VML (the
                    // fallback). One is read.
                    if let Some(choice) = child(n, "Choice") {
                        self.inline(choice, para, depth + 1)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn run(&mut self, r: Node, para: &mut Paragraph, depth: usize) -> Result<(), DocxError> {
        Self::too_deep(depth)?;
        let is_hidden = is_on(child(r, "rPr").and_then(|p| child(p, "vanish")));
        for n in r.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "fldChar" => match attr(n, "fldCharType") {
                    Some("begin") => {
                        self.fields.push(Field::default());
                    }
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            f.is_result = true;
                            if f.is_toc() {
                                para.in_toc = true;
                            }
                        }
                    }
                    Some("end") => {
                        if self.fields.last().is_some_and(Field::is_toc) {
                            para.in_toc = true;
                        }
                        self.fields.pop();
                    }
                    _ => {}
                },
                "instrText" => {
                    if let Some(f) = self.fields.last_mut()
                        && !f.is_result
                    {
                        f.code.push_str(n.text().unwrap_or_default());
                        if f.is_toc() {
                            para.in_toc = true;
                        }
                    }
                }
                _ if !self.is_shown() || is_hidden => {}
                "t" => para.text.push_str(n.text().unwrap_or_default()),
                "tab" | "ptab" => para.text.push('\t'),
                "br" | "cr" => para.text.push('\n'),
                "noBreakHyphen" => para.text.push('\u{2011}'),
                "footnoteReference" | "endnoteReference" => {
                    self.out.stats.notes += 1;
                    let is_end = n.tag_name().name() == "endnoteReference";
                    let id = attr(n, "id").unwrap_or_default().to_owned();
                    if let Some(text) = self.notes.get(&(is_end, id)) {
                        para.notes.push(text.trim().to_owned());
                    }
                }
                "commentReference" => {
                    if let Some(id) = attr(n, "id")
                        && !para.opened.iter().any(|(i, _)| i == id)
                        && !self.comment_anchors.iter().any(|(i, _)| i == id)
                    {
                        para.closed.push((id.to_owned(), None, para.text.len()));
                    }
                }
                "drawing" | "pict" | "object" | "AlternateContent" => {
                    self.text_boxes(n, para, depth + 1)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Text boxes in a drawing: their paragraphs become lines after the paragraph.
    fn text_boxes(&mut self, n: Node, para: &mut Paragraph, depth: usize) -> Result<(), DocxError> {
        Self::too_deep(depth)?;
        let node = if n.has_tag_name_local("AlternateContent") {
            match child(n, "Choice") {
                Some(choice) => choice,
                None => return Ok(()),
            }
        } else {
            n
        };
        let boxes: Vec<Node> = node
            .descendants()
            .filter(|d| d.has_tag_name_local("txbxContent"))
            .filter(|d| !d.ancestors().any(|a| a.has_tag_name_local("Fallback")))
            .collect();
        for b in boxes {
            let mut sub = self.sub();
            let result = sub.block(b, LineHint::Body, depth + 1);
            self.join(&mut sub);
            result?;
            let text: Vec<&str> = sub
                .out
                .text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect();
            if !text.is_empty() {
                para.boxes.push(text.join("\n"));
            }
        }
        Ok(())
    }
}
