//! Numbered markers at the start of a line, in every style a plan is written with: 一、
//! （一） 1. 1、 （1） ① 1.1 第一篇 第一章 第一节 第一部分 第一条, with the separator after them.

use crate::core::numbering::{NumberStyle, parse_chinese_numeral, parse_circled};

/// A numbered marker at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    /// Its style.
    pub style: NumberStyle,
    /// The number written.
    pub value: u32,
    /// Byte offset where the text after the marker (and its separator) starts.
    pub text_start: usize,
    /// How many numbers a decimal marker holds (2 for 1.1, 3 for 1.1.1); 0 for others.
    pub parts: u8,
}

/// Reads a numbered marker at the start of `line`, if there is one.
pub fn parse_marker(line: &str) -> Option<Marker> {
    let (style, value, end, parts) = match parse_decimal(line) {
        Some((value, end, parts)) => (NumberStyle::Decimal, value, end, parts),
        None => {
            let (style, value, end) = parse_marker_head(line)?;
            (style, value, end, 0)
        }
    };
    let rest = &line[end..];
    let text_start = end + (rest.len() - rest.trim_start_matches(is_separator).len());
    Some(Marker {
        style,
        value,
        text_start,
        parts,
    })
}

/// A decimal marker (1.1, 2.3.1, 1.1．): two to six numbers joined by dots. 1.5万亿 and
/// 2.5% are amounts, not markers.
fn parse_decimal(line: &str) -> Option<(u32, usize, u8)> {
    let bytes = line.as_bytes();
    let mut at = 0;
    let mut parts: Vec<u32> = Vec::new();
    loop {
        let digits = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 || digits > 3 {
            return None;
        }
        parts.push(line[at..at + digits].parse().ok()?);
        at += digits;
        let rest = &line[at..];
        let dot = ['.', '．', '﹒']
            .into_iter()
            .find(|d| rest.starts_with(*d))
            .map(char::len_utf8);
        match dot {
            Some(len) if rest[len..].starts_with(|c: char| c.is_ascii_digit()) => at += len,
            Some(len) => {
                // 1.1. or 1.1．: a closing dot belongs to the marker.
                if parts.len() >= 2 {
                    at += len;
                }
                break;
            }
            None => break,
        }
    }
    // A top-level decimal number stands alone, a space after it (1　范围), as plandraft
    // writes it. After an ASCII space the title must not start with a figure (1 2 3 is a
    // row of numbers); after the ideographic space plandraft prints it may (1　5G网络).
    // Numbers past 99 are taken only in plandraft's form (100　…), not after a space.
    let title = line[at..].trim_start_matches([' ', '\u{3000}']);
    let is_top = parts.len() == 1
        && (parts[0] < 100 || line[at..].starts_with('\u{3000}'))
        && title.len() < line.len() - at
        && (line[at..].starts_with('\u{3000}') && !title.starts_with(is_separator)
            || title.starts_with(|c: char| !c.is_ascii_digit() && !is_separator(c)));
    if (parts.len() < 2 && !is_top) || parts.len() > 6 || parts.contains(&0) {
        return None;
    }
    let next = line[at..].chars().next();
    let is_amount = next.is_some_and(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                '%' | '％'
                    | '万'
                    | '亿'
                    | '千'
                    | '百'
                    | '倍'
                    | '个'
                    | '元'
                    | '米'
                    | '吨'
                    | '公'
                    | '平'
                    | '‰'
                    | '度'
                    | '岁'
                    | '年'
                    | '月'
                    | '日'
                    | '小'
                    | '天'
                    | '项'
                    | '家'
                    | '条'
                    | '亩'
                    | '人'
                    | '户'
                    | '座'
                    | '所'
            )
            || c.is_ascii_alphabetic()
    });
    if is_amount {
        return None;
    }
    let value = *parts.last()?;
    Some((value, at, u8::try_from(parts.len()).ok()?))
}

pub(super) fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\t' | '\u{a0}')
}

/// Style, value and the byte offset just past the marker.
fn parse_marker_head(line: &str) -> Option<(NumberStyle, u32, usize)> {
    let first = line.chars().next()?;
    if first == '第' {
        let after = &line['第'.len_utf8()..];
        let numeral_len = after
            .char_indices()
            .take_while(|(_, c)| is_numeral_char(*c))
            .last()
            .map(|(i, c)| i + c.len_utf8())?;
        for (unit, style) in [
            ("部分", NumberStyle::Part),
            ("篇", NumberStyle::Pian),
            ("章", NumberStyle::Zhang),
            ("节", NumberStyle::Jie),
            ("条", NumberStyle::Tiao),
        ] {
            if after[numeral_len..].starts_with(unit) {
                let value = parse_number(&after[..numeral_len])?;
                return Some((style, value, '第'.len_utf8() + numeral_len + unit.len()));
            }
        }
        return None;
    }
    if let Some(value) = parse_circled(first) {
        return Some((NumberStyle::Circled, value, first.len_utf8()));
    }
    if first == '（' || first == '(' {
        let inner_start = first.len_utf8();
        let close = line[inner_start..].find(['）', ')'])? + inner_start;
        let inner = &line[inner_start..close];
        let close_len = line[close..].chars().next()?.len_utf8();
        let style = if inner
            .chars()
            .all(|c| c.is_ascii_digit() || is_fullwidth_digit(c))
        {
            NumberStyle::ArabicParen
        } else {
            NumberStyle::ChineseParen
        };
        let value = parse_number(inner)?;
        return Some((style, value, close + close_len));
    }
    if is_digit(first) {
        let digits_len = line
            .char_indices()
            .take_while(|(_, c)| is_digit(*c))
            .last()
            .map(|(i, c)| i + c.len_utf8())?;
        if digits_len > 9 {
            return None;
        }
        let value = parse_number(&line[..digits_len])?;
        let mut rest = line[digits_len..].chars();
        let style = match rest.next()? {
            '.' | '．' | '﹒' => NumberStyle::ArabicDot,
            '、' => NumberStyle::ArabicComma,
            // 1) is (1) without its opening bracket.
            ')' | '）' if digits_len <= 3 => NumberStyle::ArabicParen,
            _ => return None,
        };
        // 1.5万亿 is a number, not a marker.
        if rest.next().is_some_and(is_digit) {
            return None;
        }
        let end = digits_len + line[digits_len..].chars().next()?.len_utf8();
        return Some((style, value, end));
    }
    // 一、 to 九千九百九十九、: at most five numerals before the comma, so only the line's
    // first six characters are looked at (paragraphs are long, and most hold a 、).
    let (comma, _) = line.char_indices().take(6).find(|(_, c)| *c == '、')?;
    let numeral = &line[..comma];
    if !numeral.chars().all(is_numeral_char) {
        return None;
    }
    let value = parse_chinese_numeral(numeral)?;
    Some((NumberStyle::ChineseComma, value, comma + '、'.len_utf8()))
}

pub(super) fn is_numeral_char(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
    ) || is_digit(c)
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

pub(super) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || is_fullwidth_digit(c)
}

/// Reads Chinese numerals or (ASCII or full-width) Arabic digits.
pub(super) fn parse_number(s: &str) -> Option<u32> {
    if s.chars().all(is_digit) {
        if s.is_empty() || s.len() > 27 {
            return None;
        }
        let ascii: String = s
            .chars()
            .map(|c| {
                if is_fullwidth_digit(c) {
                    char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or('0')
                } else {
                    c
                }
            })
            .collect();
        return ascii.parse().ok().filter(|v| *v > 0);
    }
    parse_chinese_numeral(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(s: &str) -> Option<(NumberStyle, u32, &str)> {
        parse_marker(s).map(|m| (m.style, m.value, &s[m.text_start..]))
    }

    #[test]
    fn markers_of_every_style() {
        use NumberStyle::*;
        assert_eq!(marker("一、发展形势"), Some((ChineseComma, 1, "发展形势")));
        assert_eq!(marker("（十）提升"), Some((ChineseParen, 10, "提升")));
        assert_eq!(marker("(二)提升"), Some((ChineseParen, 2, "提升")));
        assert_eq!(marker("12.决胜"), Some((ArabicDot, 12, "决胜")));
        assert_eq!(marker("3． 决胜"), Some((ArabicDot, 3, "决胜")));
        assert_eq!(marker("3、决胜"), Some((ArabicComma, 3, "决胜")));
        assert_eq!(marker("（3）决胜"), Some((ArabicParen, 3, "决胜")));
        assert_eq!(marker("②决胜"), Some((Circled, 2, "决胜")));
        assert_eq!(
            marker("第一篇\u{3000}奋力开创"),
            Some((Pian, 1, "奋力开创"))
        );
        assert_eq!(marker("第六十二章 加强"), Some((Zhang, 62, "加强")));
        assert_eq!(marker("第三节"), Some((Jie, 3, "")));
        assert_eq!(marker("第二部分 目标"), Some((Part, 2, "目标")));
    }

    #[test]
    fn a_top_level_number_past_99_in_plandrafts_form() {
        use NumberStyle::*;
        assert_eq!(marker("100\u{3000}范围"), Some((Decimal, 100, "范围")));
        assert_eq!(marker("100 米"), None);
        assert_eq!(marker("100 范围"), None);
    }

    #[test]
    fn non_markers() {
        for s in [
            "1.5万亿元",
            "2030年",
            "（征求意见稿）",
            "（2020年10月29日通过）",
            "一是加强",
            "第一时间",
            "坚持人民至上。",
            "——坚持",
            "",
        ] {
            assert_eq!(parse_marker(s), None, "{s}");
        }
    }
}
