//! What a Word file says about its paragraphs beyond their text: paragraph styles (names,
//! outline levels, the lists they number) and `numbering.xml`, Word's own numbers, counted
//! as Word counts them.

use std::collections::HashMap;

use roxmltree::Node;

use super::xml::{LocalName, attr, child, child_val, is, is_on};

/// A paragraph style: what Word's styles say about a paragraph.
#[derive(Clone, Debug, Default)]
pub(super) struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, Option<u8>)>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Styles {
    by_id: HashMap<String, Style>,
    default: Option<String>,
}

impl Styles {
    pub(super) fn read(doc: &roxmltree::Document) -> Self {
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
    pub(super) fn chain<'s>(&'s self, id: Option<&'s str>) -> impl Iterator<Item = &'s Style> + 's {
        let mut next = id.or(self.default.as_deref());
        std::iter::from_fn(move || {
            let style = self.by_id.get(next?)?;
            next = style.based_on.as_deref();
            Some(style)
        })
        .take(20)
    }

    /// The outline level a style gives (0 = top; Word's 9 is body text).
    pub(super) fn outline(&self, id: Option<&str>) -> Option<u8> {
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

    pub(super) fn num(&self, id: Option<&str>) -> Option<(String, Option<u8>)> {
        self.chain(id).find_map(|s| s.num.clone())
    }

    /// Whether a style is one of Word's table-of-contents styles (`toc 1`, 目录 1).
    pub(super) fn is_toc(&self, id: Option<&str>) -> bool {
        let Some(style) = id.and_then(|id| self.by_id.get(id)) else {
            return false;
        };
        let name = style.name.to_lowercase();
        name.starts_with("toc ") || name.starts_with("目录")
    }
}

/// The level of Word's built-in heading styles by name (`heading 1`, 标题 1).
pub(super) fn heading_level(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then(|| n - 1)
}

/// A `w:numPr`: the list and the level.
pub(super) fn num_pr(node: Node) -> Option<(String, Option<u8>)> {
    let id = child_val(node, "numId")?.to_owned();
    let level = child_val(node, "ilvl").and_then(|v| v.parse().ok());
    Some((id, level))
}

/// One level of a Word list.
#[derive(Clone, Debug, Default)]
pub(super) struct Level {
    start: u32,
    format: String,
    text: String,
    suffix: String,
}

/// Word's numbering: lists, their levels and where each list has counted to.
#[derive(Clone, Debug, Default)]
pub(super) struct Numbering {
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
    pub(super) fn read(doc: &roxmltree::Document) -> Self {
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
    pub(super) fn next(&mut self, num: &str, level: u8) -> Option<String> {
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

pub(super) fn read_level(l: Node) -> Level {
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
pub(super) fn format_number(n: u32, format: &str) -> String {
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

pub(super) fn roman(mut n: u32) -> String {
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
pub(super) fn has_outlined_paragraph(body: Node, styles: &Styles) -> bool {
    body.descendants()
        .filter(|n| n.has_tag_name_local("p"))
        .any(|p| {
            let ppr = child(p, "pPr");
            let style = ppr.and_then(|p| child_val(p, "pStyle"));
            !styles.is_toc(style) && outline_of(ppr, style, styles).is_some()
        })
}

pub(super) fn outline_of(ppr: Option<Node>, style: Option<&str>, styles: &Styles) -> Option<u8> {
    match ppr
        .and_then(|p| child_val(p, "outlineLvl"))
        .and_then(|v| v.parse::<u8>().ok())
    {
        Some(level) => (level < 9).then_some(level),
        None => styles.outline(style),
    }
}
