//! Reading a Word `.docx` file as the lines the text import reads, with what Word knows
//! beyond the text: which paragraphs are headings (styles, outline levels), numbers Word
//! writes itself (`numbering.xml`), tables and text boxes (never headings), comments.
//!
//! What is not text is left out and counted: a table of contents (a `TOC` field or `toc N`
//! styles), deleted text of tracked changes (insertions are taken as accepted), hidden
//! text, field codes, footnote references (the notes are reported with their text).

use std::collections::HashMap;
use std::io::Read;

use roxmltree::Node;

/// The largest part unpacked from a package (a national plan's `document.xml` is a few MB;
/// this stops a zip bomb).
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// The deepest nesting of elements followed (tables in tables in text boxes...).
const MAX_DEPTH: usize = 200;

/// Why a `.docx` file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    /// Not a readable zip archive.
    #[error("this is not a readable Word .docx file (the zip archive is damaged: {0})")]
    Zip(String),
    /// A zip archive without a Word document in it.
    #[error("this is a zip archive but not a Word .docx file (it holds no word/document.xml)")]
    NotWord,
    /// A part is not well-formed XML.
    #[error("the Word file is damaged: {part} is not well-formed XML ({message})")]
    Xml {
        /// The part, e.g. `word/document.xml`.
        part: String,
        /// What the parser said, with line and column.
        message: String,
    },
    /// A part unpacks to more than [`MAX_PART_BYTES`].
    #[error("the Word file is too large to be a plan: {part} unpacks to more than 256 MB")]
    TooLarge {
        /// The part.
        part: String,
    },
    /// Elements nested deeper than [`MAX_DEPTH`].
    #[error("the Word file is nested too deeply to be a plan ({part}, more than 200 levels)")]
    TooDeep {
        /// The part.
        part: String,
    },
}

/// How the structure pass may read a line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LineHint {
    /// By the text rules alone.
    #[default]
    Free,
    /// A heading: Word gives its paragraph an outline level.
    Heading,
    /// Never a heading: a table cell, a text box, or an item of a list that Word numbers
    /// in a document whose headings carry outline levels.
    Body,
}

/// A comment (批注) from the Word file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordComment {
    /// The line (from 1) where its passage starts.
    pub line: usize,
    /// The passage it is on, when the passage lies within one line.
    pub quote: Option<String>,
    /// Who wrote it.
    pub author: String,
    /// When, as Word wrote it (RFC 3339).
    pub date: String,
    /// What it says.
    pub text: String,
}

/// A footnote or endnote whose reference was taken out of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordNote {
    /// The line (from 1) it was referenced from.
    pub line: usize,
    /// The note's text.
    pub text: String,
}

/// What reading a `.docx` found besides the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordStats {
    /// Paragraphs read (outside a table of contents).
    pub paragraphs: usize,
    /// Paragraphs given outline levels (by a heading style or directly).
    pub outlined: usize,
    /// Numbers Word writes itself, put into the text.
    pub auto_numbers: usize,
    /// Tracked insertions taken as accepted.
    pub insertions: usize,
    /// Tracked deletions taken as accepted (their text left out).
    pub deletions: usize,
    /// Paragraphs of a table of contents left out.
    pub toc_paragraphs: usize,
    /// Tables read as lines.
    pub tables: usize,
    /// Text boxes read as lines after the paragraph they are anchored in.
    pub text_boxes: usize,
    /// Footnote and endnote references taken out of the text.
    pub notes: usize,
    /// Comments read.
    pub comments: usize,
}

impl std::ops::AddAssign for WordStats {
    fn add_assign(&mut self, rhs: WordStats) {
        self.paragraphs += rhs.paragraphs;
        self.outlined += rhs.outlined;
        self.auto_numbers += rhs.auto_numbers;
        self.insertions += rhs.insertions;
        self.deletions += rhs.deletions;
        self.toc_paragraphs += rhs.toc_paragraphs;
        self.tables += rhs.tables;
        self.text_boxes += rhs.text_boxes;
        self.notes += rhs.notes;
        self.comments += rhs.comments;
    }
}

/// A `.docx` file read as lines.
#[derive(Clone, Debug, Default)]
pub struct WordText {
    /// The lines, each a paragraph (or part of one broken by a line break), joined by `\n`.
    pub text: String,
    /// How each line may be read (index 0 is line 1).
    pub hints: Vec<LineHint>,
    /// The document's comments.
    pub comments: Vec<WordComment>,
    /// Footnotes and endnotes whose references were taken out.
    pub notes: Vec<WordNote>,
    /// What was found.
    pub stats: WordStats,
}

/// Whether bytes are a zip archive (as every `.docx` is).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads a `.docx` file's text.
pub fn read(bytes: &[u8]) -> Result<WordText, DocxError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError::Zip(e.to_string()))?;
    let document = part(&mut zip, "word/document.xml")?.ok_or(DocxError::NotWord)?;
    let styles = part(&mut zip, "word/styles.xml")?;
    let numbering = part(&mut zip, "word/numbering.xml")?;
    let comments = part(&mut zip, "word/comments.xml")?;
    let footnotes = part(&mut zip, "word/footnotes.xml")?;
    let endnotes = part(&mut zip, "word/endnotes.xml")?;

    let styles = match &styles {
        Some(xml) => Styles::read(&parse("word/styles.xml", xml)?),
        None => Styles::default(),
    };
    let numbering = match &numbering {
        Some(xml) => Numbering::read(&parse("word/numbering.xml", xml)?),
        None => Numbering::default(),
    };
    let mut notes = HashMap::new();
    for (name, xml) in [
        ("word/footnotes.xml", &footnotes),
        ("word/endnotes.xml", &endnotes),
    ] {
        if let Some(xml) = xml {
            let doc = parse(name, xml)?;
            for note in doc
                .root_element()
                .children()
                .filter(is("footnote", "endnote"))
            {
                let id = attr(note, "id").unwrap_or_default().to_owned();
                let kind = attr(note, "type").unwrap_or("normal");
                if kind == "normal" {
                    notes.insert((note.tag_name().name() == "endnote", id), plain_text(note));
                }
            }
        }
    }
    let comment_texts: HashMap<String, (String, String, String)> = match &comments {
        Some(xml) => {
            let doc = parse("word/comments.xml", xml)?;
            doc.root_element()
                .children()
                .filter(is("comment", "comment"))
                .map(|c| {
                    (
                        attr(c, "id").unwrap_or_default().to_owned(),
                        (
                            attr(c, "author").unwrap_or_default().to_owned(),
                            attr(c, "date").unwrap_or_default().to_owned(),
                            plain_text(c).trim().to_owned(),
                        ),
                    )
                })
                .collect()
        }
        None => HashMap::new(),
    };

    let doc = parse("word/document.xml", &document)?;
    let body = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name_local("body"))
        .ok_or(DocxError::NotWord)?;
    let uses_outline = has_outlined_paragraph(body, &styles);
    let mut reader = Reader::new(&styles, numbering, &notes, uses_outline);
    reader.block(body, LineHint::Free, 0)?;

    let mut out = reader.out;
    for (id, anchor) in reader.comment_anchors {
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
    Ok(out)
}

/// Unpacks one part, if the package has it.
fn part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, DocxError> {
    let file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::Zip(e.to_string())),
    };
    let mut bytes = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| DocxError::Zip(e.to_string()))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(DocxError::TooLarge {
            part: name.to_owned(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| DocxError::Xml {
        part: name.to_owned(),
        message: format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to()),
    })?;
    Ok(Some(text))
}

fn parse<'a>(name: &str, xml: &'a str) -> Result<roxmltree::Document<'a>, DocxError> {
    roxmltree::Document::parse(xml).map_err(|e| DocxError::Xml {
        part: name.to_owned(),
        message: e.to_string(),
    })
}

trait LocalName {
    fn has_tag_name_local(&self, name: &str) -> bool;
}

impl LocalName for Node<'_, '_> {
    fn has_tag_name_local(&self, name: &str) -> bool {
        self.is_element() && self.tag_name().name() == name
    }
}

fn is<'a>(a: &'a str, b: &'a str) -> impl Fn(&Node) -> bool + 'a {
    move |n: &Node| n.is_element() && (n.tag_name().name() == a || n.tag_name().name() == b)
}

/// An attribute by its local name (`w:val` is `val`).
fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name_local(name))
}

/// `w:val` of a child element.
fn child_val<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| attr(c, "val"))
}

/// Whether an on/off property (`<w:vanish/>`, `<w:vanish w:val="0"/>`) is on.
fn is_on(node: Option<Node>) -> bool {
    node.is_some_and(|n| !matches!(attr(n, "val"), Some("0" | "false" | "off")))
}

/// The text of a comment or note: its paragraphs' runs, paragraphs joined by line ends.
fn plain_text(node: Node) -> String {
    let mut out = String::new();
    for p in node.descendants().filter(|n| n.has_tag_name_local("p")) {
        if !out.is_empty() {
            out.push('\n');
        }
        for t in p.descendants() {
            match t.tag_name().name() {
                "t" if t.is_element() => out.push_str(t.text().unwrap_or_default()),
                "tab" if t.is_element() => out.push('\t'),
                _ => {}
            }
        }
    }
    out
}

/// A paragraph style: what Word's styles say about a paragraph.
#[derive(Clone, Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, Option<u8>)>,
}

#[derive(Clone, Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default: Option<String>,
}

impl Styles {
    fn read(doc: &roxmltree::Document) -> Self {
        let mut styles = Styles::default();
        for s in doc.root_element().children().filter(is("style", "style")) {
            if attr(s, "type") != Some("paragraph") {
                continue;
            }
            let Some(id) = attr(s, "styleId") else {
                continue;
            };
            if is_on(Some(s)) && attr(s, "default").is_some_and(|d| d == "1" || d == "true") {
                styles.default = Some(id.to_owned());
            }
            let ppr = child(s, "pPr");
            styles.by_id.insert(
                id.to_owned(),
                Style {
                    name: child_val(s, "name").unwrap_or(id).to_owned(),
                    based_on: child_val(s, "basedOn").map(str::to_owned),
                    outline: ppr
                        .and_then(|p| child_val(p, "outlineLvl"))
                        .and_then(|v| v.parse().ok()),
                    num: ppr.and_then(|p| child(p, "numPr")).and_then(num_pr),
                },
            );
        }
        styles
    }

    /// The chain of a style and the styles it is based on (at most 20: a loop ends it).
    fn chain<'s>(&'s self, id: Option<&'s str>) -> impl Iterator<Item = &'s Style> + 's {
        let mut next = id.or(self.default.as_deref());
        std::iter::from_fn(move || {
            let style = self.by_id.get(next?)?;
            next = style.based_on.as_deref();
            Some(style)
        })
        .take(20)
    }

    /// The outline level a style gives (0 = top; Word's 9 is body text).
    fn outline(&self, id: Option<&str>) -> Option<u8> {
        for style in self.chain(id) {
            if let Some(level) = style.outline {
                return (level < 9).then_some(level);
            }
            if let Some(level) = heading_level(&style.name) {
                return Some(level);
            }
        }
        None
    }

    fn num(&self, id: Option<&str>) -> Option<(String, Option<u8>)> {
        self.chain(id).find_map(|s| s.num.clone())
    }

    /// Whether a style is one of Word's table-of-contents styles (`toc 1`, 目录 1).
    fn is_toc(&self, id: Option<&str>) -> bool {
        let Some(style) = id.and_then(|id| self.by_id.get(id)) else {
            return false;
        };
        let name = style.name.to_lowercase();
        name.starts_with("toc ") || name.starts_with("目录")
    }
}

/// The level of Word's built-in heading styles by name (`heading 1`, 标题 1).
fn heading_level(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then(|| n - 1)
}

/// A `w:numPr`: the list and the level.
fn num_pr(node: Node) -> Option<(String, Option<u8>)> {
    let id = child_val(node, "numId")?.to_owned();
    let level = child_val(node, "ilvl").and_then(|v| v.parse().ok());
    Some((id, level))
}

/// One level of a Word list.
#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    suffix: String,
}

/// Word's numbering: lists, their levels and where each list has counted to.
#[derive(Clone, Debug, Default)]
struct Numbering {
    /// Abstract list → its levels.
    abstracts: HashMap<String, Vec<Level>>,
    /// List → (abstract list, start overrides by level).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    /// Counters by abstract list: the value of each level, None until used.
    counters: HashMap<String, [Option<u32>; 9]>,
    /// Lists whose start overrides have been applied.
    started: std::collections::HashSet<String>,
}

impl Numbering {
    fn read(doc: &roxmltree::Document) -> Self {
        let mut numbering = Numbering::default();
        for a in doc.root_element().children().filter(is("abstractNum", "")) {
            let Some(id) = attr(a, "abstractNumId") else {
                continue;
            };
            let mut levels = vec![Level::default(); 9];
            for l in a.children().filter(is("lvl", "")) {
                let Some(i) = attr(l, "ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                if let Some(level) = levels.get_mut(i) {
                    *level = read_level(l);
                }
            }
            numbering.abstracts.insert(id.to_owned(), levels);
        }
        for n in doc.root_element().children().filter(is("num", "")) {
            let (Some(id), Some(abstract_id)) = (attr(n, "numId"), child_val(n, "abstractNumId"))
            else {
                continue;
            };
            let mut overrides = HashMap::new();
            for o in n.children().filter(is("lvlOverride", "")) {
                let level = attr(o, "ilvl").and_then(|v| v.parse().ok());
                let start = child_val(o, "startOverride").and_then(|v| v.parse().ok());
                if let (Some(level), Some(start)) = (level, start) {
                    overrides.insert(level, start);
                }
            }
            numbering
                .nums
                .insert(id.to_owned(), (abstract_id.to_owned(), overrides));
        }
        numbering
    }

    /// The next number of list `num` at `level`, written as Word writes it, with what
    /// follows it; None for no number (list 0, a bullet, a missing list).
    fn next(&mut self, num: &str, level: u8) -> Option<String> {
        let (abstract_id, overrides) = self.nums.get(num)?.clone();
        let levels = self.abstracts.get(&abstract_id)?.clone();
        let level = usize::from(level.min(8));
        let counters = self
            .counters
            .entry(abstract_id.clone())
            .or_insert([None; 9]);
        if self.started.insert(num.to_owned()) && !overrides.is_empty() {
            for (l, start) in &overrides {
                if let Some(c) = counters.get_mut(usize::from(*l)) {
                    // The override is the first number: the counter stands just before it.
                    *c = Some(start.saturating_sub(1));
                }
            }
        }
        let this = &levels[level];
        counters[level] = Some(match counters[level] {
            Some(v) => v + 1,
            None => this.start,
        });
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        if this.format == "bullet" || this.format == "none" {
            return None;
        }
        // %1 … %9 stand for the numbers of levels 1 … 9, each in its own format.
        let mut label = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let l = (d as usize).saturating_sub(1).min(8);
                let value = counters[l].unwrap_or(levels[l].start);
                label.push_str(&format_number(value, &levels[l].format));
                continue;
            }
            label.push(c);
        }
        if label.is_empty() {
            return None;
        }
        match this.suffix.as_str() {
            "nothing" => {}
            // A tab or space after 一、 or （一） is only room; after 第一章 it is the
            // full-width space plandraft writes there.
            _ if label.ends_with(['、', '）', ')', '.', '．']) => {}
            _ => label.push('\u{3000}'),
        }
        Some(label)
    }
}

fn read_level(l: Node) -> Level {
    Level {
        start: child_val(l, "start")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1),
        format: child_val(l, "numFmt").unwrap_or("decimal").to_owned(),
        text: child_val(l, "lvlText").unwrap_or_default().to_owned(),
        suffix: child_val(l, "suff").unwrap_or("tab").to_owned(),
    }
}

/// A number in one of Word's number formats.
fn format_number(n: u32, format: &str) -> String {
    use crate::core::numbering::NumberStyle;
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting" => {
            let label = NumberStyle::ChineseComma.label(n);
            label.trim_end_matches('、').to_owned()
        }
        "ideographTraditional" => ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]
            .get((n as usize).wrapping_sub(1))
            .map_or_else(|| n.to_string(), |s| (*s).to_owned()),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            crate::core::numbering::circled(n).map_or_else(|| format!("({n})"), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" | "upperLetter" => {
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            let letter = char::from(base + ((n.max(1) - 1) % 26) as u8);
            letter
                .to_string()
                .repeat(((n.max(1) - 1) / 26 + 1) as usize)
        }
        "lowerRoman" | "upperRoman" => {
            let roman = roman(n);
            if format == "lowerRoman" {
                roman.to_lowercase()
            } else {
                roman
            }
        }
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// Whether any paragraph of the body has an outline level (and is not a table of
/// contents entry).
fn has_outlined_paragraph(body: Node, styles: &Styles) -> bool {
    body.descendants()
        .filter(|n| n.has_tag_name_local("p"))
        .any(|p| {
            let ppr = child(p, "pPr");
            let style = ppr.and_then(|p| child_val(p, "pStyle"));
            !styles.is_toc(style) && outline_of(ppr, style, styles).is_some()
        })
}

fn outline_of(ppr: Option<Node>, style: Option<&str>, styles: &Styles) -> Option<u8> {
    match ppr
        .and_then(|p| child_val(p, "outlineLvl"))
        .and_then(|v| v.parse::<u8>().ok())
    {
        Some(level) => (level < 9).then_some(level),
        None => styles.outline(style),
    }
}

/// A field (`w:fldChar` begin … separate … end) open while reading.
#[derive(Clone, Debug, Default)]
struct Field {
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
struct Anchor {
    line: usize,
    start: Option<usize>,
    quote: Option<String>,
}

/// The paragraph being read.
#[derive(Debug, Default)]
struct Paragraph {
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

struct Reader<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    notes: &'s HashMap<(bool, String), String>,
    uses_outline: bool,
    fields: Vec<Field>,
    comment_anchors: Vec<(String, Anchor)>,
    out: WordText,
}

impl<'s> Reader<'s> {
    fn new(
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
    fn block(&mut self, node: Node, hint: LineHint, depth: usize) -> Result<(), DocxError> {
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
