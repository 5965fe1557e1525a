//! Numbering schemes (一、 （一） 1. （1）; 第一篇 第一章 第一节) and Chinese numerals.
//!
//! Numbers are derived from a section's position; nothing here is stored in heading text.

use super::document::{Document, IdMap, SectionId};
use serde::{Deserialize, Serialize};

/// How one level's numbers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NumberStyle {
    /// 第一部分
    Part,
    /// 第一篇
    Pian,
    /// 第一章
    Zhang,
    /// 第一节
    Jie,
    /// 一、
    ChineseComma,
    /// （一）
    ChineseParen,
    /// 1.
    ArabicDot,
    /// 1、
    ArabicComma,
    /// （1）
    ArabicParen,
    /// ①
    Circled,
    /// 第一条: an article of a regulation, its text run in after the number.
    Tiao,
    /// 1.1, 1.1.1: the number of the section that starts the run (1 of 1.1, the 1 of 第一章
    /// before 1.1), the numbers of decimal levels between, then its own.
    Decimal,
}

impl NumberStyle {
    /// Every style, in the order a document usually nests them.
    pub const ALL: [NumberStyle; 12] = [
        NumberStyle::Part,
        NumberStyle::Pian,
        NumberStyle::Zhang,
        NumberStyle::Jie,
        NumberStyle::ChineseComma,
        NumberStyle::ChineseParen,
        NumberStyle::ArabicDot,
        NumberStyle::ArabicComma,
        NumberStyle::ArabicParen,
        NumberStyle::Circled,
        NumberStyle::Tiao,
        NumberStyle::Decimal,
    ];

    /// The number `n` (from 1) written in this style, e.g. 第三章, （十一）, 12.
    pub fn label(self, n: u32) -> String {
        let mut out = String::with_capacity(16);
        self.push_label(n, &mut out);
        out
    }

    /// Appends the number `n` written in this style to `out` (no allocation of its own:
    /// comparing and printing large documents writes many thousands of numbers).
    pub fn push_label(self, n: u32, out: &mut String) {
        use std::fmt::Write;
        let (before, after) = match self {
            NumberStyle::Part => ("第", "部分"),
            NumberStyle::Pian => ("第", "篇"),
            NumberStyle::Zhang => ("第", "章"),
            NumberStyle::Jie => ("第", "节"),
            NumberStyle::Tiao => ("第", "条"),
            NumberStyle::ChineseComma => ("", "、"),
            NumberStyle::ChineseParen | NumberStyle::ArabicParen => ("（", "）"),
            NumberStyle::ArabicDot => ("", "."),
            NumberStyle::Decimal => ("", ""),
            NumberStyle::ArabicComma => ("", "、"),
            NumberStyle::Circled => match circled(n) {
                Some(c) => {
                    out.push(c);
                    return;
                }
                None => ("（", "）"),
            },
        };
        out.push_str(before);
        match self {
            NumberStyle::ArabicDot
            | NumberStyle::ArabicComma
            | NumberStyle::ArabicParen
            | NumberStyle::Circled
            | NumberStyle::Decimal => {
                let _ = write!(out, "{n}");
            }
            _ => push_chinese_numeral(n, out),
        }
        out.push_str(after);
    }

    /// What stands between the number and the heading text: a full-width space after
    /// 第…篇/章/节/部分 and after 1.1, nothing after the others.
    pub fn separator(self) -> &'static str {
        if self.is_chapter_like() || matches!(self, NumberStyle::Decimal | NumberStyle::Tiao) {
            "\u{3000}"
        } else {
            ""
        }
    }

    /// Whether headings of this style always stand on their own line (never run-in).
    pub fn is_chapter_like(self) -> bool {
        matches!(
            self,
            NumberStyle::Part | NumberStyle::Pian | NumberStyle::Zhang | NumberStyle::Jie
        )
    }

    /// The styles in the order documents usually nest them, without 1、 (an alternative to
    /// 1. at the same level).
    pub const NESTING: [NumberStyle; 9] = [
        NumberStyle::Part,
        NumberStyle::Pian,
        NumberStyle::Zhang,
        NumberStyle::Jie,
        NumberStyle::ChineseComma,
        NumberStyle::ChineseParen,
        NumberStyle::ArabicDot,
        NumberStyle::ArabicParen,
        NumberStyle::Circled,
    ];

    /// A short sample for menus: the first three numbers.
    pub fn sample(self) -> String {
        (1..=3).map(|n| self.label(n)).collect::<Vec<_>>().join(" ")
    }
}

/// The rule for one depth of the outline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelRule {
    /// How numbers at this depth are written.
    pub style: NumberStyle,
    /// Whether numbers run on through the document (第六十二章) instead of restarting under
    /// each parent.
    pub is_continuous: bool,
}

impl LevelRule {
    /// A level that restarts under each parent.
    pub const fn restarting(style: NumberStyle) -> Self {
        Self {
            style,
            is_continuous: false,
        }
    }

    /// A level that numbers on through the whole document.
    pub const fn continuous(style: NumberStyle) -> Self {
        Self {
            style,
            is_continuous: true,
        }
    }
}

/// Maps depth to a numbering rule. Depths past the last rule reuse the last rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberingScheme {
    /// Rules for depth 0, 1, 2, …
    pub levels: Vec<LevelRule>,
}

impl NumberingScheme {
    /// 一、 / （一） / 1. / （1） / ①, as GB/T 9704-2012 prescribes for official documents.
    pub fn gbt9704() -> Self {
        Self {
            levels: vec![
                LevelRule::restarting(NumberStyle::ChineseComma),
                LevelRule::restarting(NumberStyle::ChineseParen),
                LevelRule::restarting(NumberStyle::ArabicDot),
                LevelRule::restarting(NumberStyle::ArabicParen),
                LevelRule::restarting(NumberStyle::Circled),
            ],
        }
    }

    /// 第一篇 / 第一章 / 第一节 / 一、 / （一）, as national five-year plans use them, with
    /// 章 numbered on across 篇 and 节 restarting in each 章.
    pub fn national_plan() -> Self {
        Self {
            levels: vec![
                LevelRule::restarting(NumberStyle::Pian),
                LevelRule::continuous(NumberStyle::Zhang),
                LevelRule::restarting(NumberStyle::Jie),
                LevelRule::restarting(NumberStyle::ChineseComma),
                LevelRule::restarting(NumberStyle::ChineseParen),
            ],
        }
    }

    /// The rule for `depth` (0 = top level).
    pub fn rule(&self, depth: usize) -> LevelRule {
        self.levels
            .get(depth)
            .or(self.levels.last())
            .copied()
            .unwrap_or(LevelRule::restarting(NumberStyle::ChineseComma))
    }
}

impl Default for NumberingScheme {
    fn default() -> Self {
        Self::gbt9704()
    }
}

/// A section's derived number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    /// Depth in the tree (0 = top level).
    pub depth: usize,
    /// The counter value (1 = first).
    pub value: u32,
    /// The style it is written in.
    pub style: NumberStyle,
    /// For a decimal number (1.2.3), the numbers before its own (1, 2); empty otherwise.
    pub lead: Vec<u32>,
}

impl Number {
    /// The written number, e.g. （三）, 1.2.3.
    pub fn label(&self) -> String {
        let mut out = String::with_capacity(16);
        self.push_label(&mut out);
        out
    }

    /// Appends the written number to `out`.
    pub fn push_label(&self, out: &mut String) {
        use std::fmt::Write;
        for n in &self.lead {
            let _ = write!(out, "{n}.");
        }
        self.style.push_label(self.value, out);
    }

    /// The number and heading as printed: 第一篇　奋力…, 一、发展形势.
    pub fn heading_line(&self, heading: &str) -> String {
        // 1.2035年… would read as the number 1.2035 (and 1、5月 as a date); a space keeps
        // the number apart.
        let separator = match self.style {
            NumberStyle::ArabicDot | NumberStyle::ArabicComma
                if heading
                    .starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) =>
            {
                " "
            }
            style => style.separator(),
        };
        let mut line = String::with_capacity(16 + separator.len() + heading.len());
        self.push_label(&mut line);
        line.push_str(separator);
        line.push_str(heading);
        line
    }
}

/// The numbers of every section of a document, computed in one pass.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Numbers {
    by_id: IdMap<Number>,
}

impl Numbers {
    /// Numbers every section of `doc` by position and scheme.
    pub fn of(doc: &Document) -> Self {
        let mut counters: Vec<u32> = Vec::new();
        let mut by_id = Vec::new();
        doc.walk(|section, depth| {
            if counters.len() <= depth {
                counters.resize(depth + 1, 0);
            }
            counters[depth] = match section.restart {
                Some(n) => n.max(1),
                None => counters[depth] + 1,
            };
            // Deeper levels restart under this new parent unless they run on.
            for (d, counter) in counters.iter_mut().enumerate().skip(depth + 1) {
                if !doc.numbering.rule(d).is_continuous {
                    *counter = 0;
                }
            }
            by_id.push((
                section.id,
                Number {
                    depth,
                    value: counters[depth],
                    style: doc.numbering.rule(depth).style,
                    lead: decimal_lead(&doc.numbering, &counters, depth),
                },
            ));
        });
        Self {
            by_id: IdMap::new(by_id),
        }
    }

    /// The number of `id`.
    pub fn get(&self, id: SectionId) -> Option<&Number> {
        self.by_id.get(id)
    }

    /// The written number of `id`, or an empty string for an unknown id.
    pub fn label(&self, id: SectionId) -> String {
        self.get(id).map(Number::label).unwrap_or_default()
    }

    /// The full number of `id` in `doc`: its ancestors' numbers and its own, as a place is
    /// named in a table (六、（三）, 第二篇第五章); empty for an unknown id.
    pub fn full_label(&self, doc: &Document, id: SectionId) -> String {
        let Some(path) = doc.path_of(id) else {
            return String::new();
        };
        let mut out = String::new();
        for depth in 1..=path.len() {
            if let Some(n) = doc.section_at(&path[..depth]).and_then(|s| self.get(s.id)) {
                if n.style == NumberStyle::Decimal && !n.lead.is_empty() {
                    // 1.2 holds the number before it already.
                    out.clear();
                }
                n.push_label(&mut out);
                if n.style.separator() == "、" {
                    out.push('、');
                }
            }
        }
        out
    }

    /// The section a person names by its numbers: the numbers from the top down (六（三）,
    /// 六（三）2, 第二篇第三章), with or without their 、 and dots, ASCII or full-width
    /// brackets; or one section's own number when no other has it (第三章 in a national
    /// plan). None when nothing, or more than one section, answers.
    pub fn find(&self, doc: &Document, path: &str) -> Option<SectionId> {
        let key = |s: &str| -> String {
            s.chars()
                .filter(|c| !matches!(c, '、' | '.' | '．' | '﹒' | ' ' | '\u{3000}'))
                .map(|c| match c {
                    '(' => '（',
                    ')' => '）',
                    c => c,
                })
                .collect()
        };
        let wanted = key(path);
        if wanted.is_empty() {
            return None;
        }
        let mut full: Vec<SectionId> = Vec::new();
        let mut own: Vec<SectionId> = Vec::new();
        let mut stack: Vec<String> = Vec::new();
        doc.walk(|section, depth| {
            stack.truncate(depth);
            let label = key(&self.label(section.id));
            stack.push(label.clone());
            if stack.concat() == wanted {
                full.push(section.id);
            }
            if label == wanted {
                own.push(section.id);
            }
        });
        match (full.as_slice(), own.as_slice()) {
            ([id], _) | ([], [id]) => Some(*id),
            _ => None,
        }
    }
}

/// The numbers before a decimal number's own at `depth`: those of the decimal levels above
/// it and of the level that starts the run (none for a top-level decimal number or
/// another style).
fn decimal_lead(scheme: &NumberingScheme, counters: &[u32], depth: usize) -> Vec<u32> {
    if scheme.rule(depth).style != NumberStyle::Decimal {
        return Vec::new();
    }
    let mut start = depth;
    while start > 0 && scheme.rule(start - 1).style == NumberStyle::Decimal {
        start -= 1;
    }
    counters[start.saturating_sub(1)..depth].to_vec()
}

const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// `n` in Chinese numerals as used in headings: 十, 十一, 二十, 一百零一, 一百一十, 一千零一十.
/// Values from 10,000 on are written in Arabic digits.
pub fn chinese_numeral(n: u32) -> String {
    let mut out = String::with_capacity(12);
    push_chinese_numeral(n, &mut out);
    out
}

/// Appends `n` in Chinese numerals ([`chinese_numeral`]) to `out`.
fn push_chinese_numeral(n: u32, out: &mut String) {
    use std::fmt::Write;
    if n == 0 {
        out.push('〇');
        return;
    }
    if n >= 10_000 {
        let _ = write!(out, "{n}");
        return;
    }
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = ["千", "百", "十", ""];
    let start = out.len();
    let mut pending_zero = false;
    for (i, (&d, unit)) in digits.iter().zip(units).enumerate() {
        let is_empty = out.len() == start;
        if d == 0 {
            pending_zero = !is_empty;
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        // 十一, not 一十一, when the number starts at the tens.
        let is_leading_ten = i == 2 && d == 1 && is_empty;
        if !is_leading_ten {
            out.push_str(DIGITS[d as usize]);
        }
        out.push_str(unit);
    }
}

/// Reads a Chinese numeral written as [`chinese_numeral`] writes it (also 〇/零 and 两 forms).
pub fn parse_chinese_numeral(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 12 {
        return None;
    }
    let mut total: u32 = 0;
    let mut digit: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in s.chars() {
        let value = match c {
            '〇' | '零' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(v) = value {
            if digit.is_some() && v != 0 {
                return None;
            }
            digit = if v == 0 { None } else { Some(v) };
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        let d = match digit.take() {
            Some(d) => d,
            None if unit == 10 && total == 0 => 1,
            None => return None,
        };
        total += d * unit;
    }
    let total = total + digit.unwrap_or(0);
    (total > 0).then_some(total)
}

/// `n` as a circled number ①…㊿, or （n） past fifty.
pub fn circled_numeral(n: u32) -> String {
    circled(n).map_or_else(|| format!("（{n}）"), String::from)
}

/// The circled numeral for `n`, if Unicode has one (① to ㊿).
pub(crate) fn circled(n: u32) -> Option<char> {
    match n {
        1..=20 => char::from_u32(0x2460 + n - 1),
        21..=35 => char::from_u32(0x3251 + n - 21),
        36..=50 => char::from_u32(0x32B1 + n - 36),
        _ => None,
    }
}

/// Reads a circled number ①…㊿.
pub fn parse_circled(c: char) -> Option<u32> {
    let u = c as u32;
    match u {
        0x2460..=0x2473 => Some(u - 0x2460 + 1),
        0x3251..=0x325F => Some(u - 0x3251 + 21),
        0x32B1..=0x32BF => Some(u - 0x32B1 + 36),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::Section;

    #[test]
    fn sections_are_found_by_the_numbers_people_write() {
        let mut doc = Document::default();
        for (i, h) in ["总体要求", "发展目标"].iter().enumerate() {
            let mut s = Section::new(SectionId(i as u64 * 10 + 1), *h);
            for j in 0..3 {
                let mut child = Section::new(SectionId(i as u64 * 10 + 2 + j), "分项");
                child.children = vec![Section::new(SectionId(i as u64 * 10 + 6 + j), "条目")];
                s.children.push(child);
            }
            doc.sections.push(s);
        }
        doc.next_id = 30;
        let n = Numbers::of(&doc);
        assert_eq!(n.find(&doc, "二"), Some(SectionId(11)));
        assert_eq!(n.find(&doc, "二、"), Some(SectionId(11)));
        assert_eq!(n.find(&doc, "二（三）"), Some(SectionId(14)));
        assert_eq!(n.find(&doc, "二(三)"), Some(SectionId(14)));
        assert_eq!(n.find(&doc, "一（二）1."), Some(SectionId(7)));
        // 1. exists under every （…）: its own number alone is not enough.
        assert_eq!(n.find(&doc, "1"), None);
        assert_eq!(n.find(&doc, "三"), None);
        assert_eq!(n.find(&doc, ""), None);
    }

    #[test]
    fn chinese_numerals_known_values() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (62, "六十二"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (111, "一百一十一"),
            (999, "九百九十九"),
            (1000, "一千"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (1100, "一千一百"),
            (2005, "二千零五"),
        ];
        for (n, s) in cases {
            assert_eq!(chinese_numeral(n), s, "{n}");
            assert_eq!(parse_chinese_numeral(s), Some(n), "{s}");
        }
    }

    #[test]
    fn chinese_numerals_round_trip_to_9999() {
        for n in 1..10_000 {
            assert_eq!(parse_chinese_numeral(&chinese_numeral(n)), Some(n), "{n}");
        }
    }

    #[test]
    fn parse_rejects_non_numerals() {
        for s in ["", "征求意见稿", "十十", "一二", "百", "二〇二五年", "三个"] {
            assert_eq!(parse_chinese_numeral(s), None, "{s}");
        }
    }

    #[test]
    fn circled_round_trip() {
        for n in 1..=50 {
            let s = circled_numeral(n);
            let c = s.chars().next().unwrap();
            assert_eq!(parse_circled(c), Some(n));
        }
        assert_eq!(circled_numeral(51), "（51）");
    }

    #[test]
    fn labels() {
        assert_eq!(NumberStyle::Zhang.label(62), "第六十二章");
        assert_eq!(NumberStyle::ChineseParen.label(10), "（十）");
        assert_eq!(NumberStyle::ArabicParen.label(3), "（3）");
        assert_eq!(NumberStyle::ArabicDot.label(12), "12.");
    }

    /// An 18-篇 plan whose 62 章 are numbered on across 篇, with 节 restarting per 章.
    #[test]
    fn national_plan_numbers_chapters_continuously() {
        let mut doc = Document {
            numbering: NumberingScheme::national_plan(),
            ..Document::default()
        };
        let chapters_per_pian = [3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 3];
        assert_eq!(chapters_per_pian.iter().sum::<usize>(), 62);
        let mut last_chapter = None;
        let mut a_jie = None;
        for chapters in chapters_per_pian {
            let mut pian = Section::new(doc.allocate_id(), "篇");
            for _ in 0..chapters {
                let mut zhang = Section::new(doc.allocate_id(), "章");
                for _ in 0..2 {
                    let id = doc.allocate_id();
                    a_jie = Some(id);
                    zhang.children.push(Section::new(id, "节"));
                }
                last_chapter = Some(zhang.id);
                pian.children.push(zhang);
            }
            doc.sections.push(pian);
        }
        let numbers = Numbers::of(&doc);
        assert_eq!(numbers.label(doc.sections[17].id), "第十八篇");
        assert_eq!(numbers.label(last_chapter.unwrap()), "第六十二章");
        assert_eq!(numbers.label(a_jie.unwrap()), "第二节");
        assert_eq!(numbers.label(doc.sections[1].children[0].id), "第四章");
    }
}
