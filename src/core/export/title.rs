//! Breaking a title line too long for one printed line, as GB/T 9704-2012 (7.3.1) asks:
//! "回行时，要做到词意完整，排列对称，长短适宜" — between words (found by jieba's segmenter),
//! the lines as even as they can be, no line starting or ending on a word that binds to
//! its neighbour (和、与、及、的、之、等), an ordinal (第十五个…) kept whole and preferably
//! starting its line, as 中共中央关于制定国民经济和社会发展 / 第十五个五年规划的建议 prints.

use std::sync::OnceLock;

/// Characters of the title (2号, 22 pt, condensed a quarter point) a 156 mm line holds.
pub const TITLE_CHARS: usize = 20;

/// Characters of a 篇 heading (小二, 18 pt) a 156 mm line holds.
pub const PART_CHARS: usize = 24;

/// Words that bind to the words beside them: a line may not start or end with one.
const BINDING: &str = "和与及的之等或并";

/// Characters that count things after a numeral (第十五|个, 十|年): never a break before one.
const MEASURES: &str = "个年次届项条批期";

/// Chinese numerals and digits.
fn is_numeral(c: char) -> bool {
    "〇零一二三四五六七八九十百千万两".contains(c) || c.is_ascii_digit()
}

fn segmenter() -> &'static jieba_rs::Jieba {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// What breaking before char offset `at`, where `word_after` starts, costs beyond the
/// lines' unevenness: None where a break would split an ordinal.
fn break_cost(chars: &[char], at: usize, word_after: &str) -> Option<i64> {
    let (before, after) = (chars[at - 1], chars[at]);
    if is_numeral(before) && (is_numeral(after) || MEASURES.contains(after)) {
        return None;
    }
    if before == '第' {
        return None;
    }
    let mut cost = 0;
    if BINDING.contains(after) || BINDING.contains(before) {
        cost += 8;
    }
    // An ordinal, or 关于, begins a phrase: a good place for a line to start.
    let is_ordinal = after == '第' && chars.get(at + 1).is_some_and(|c| is_numeral(*c));
    if is_ordinal || word_after == "关于" {
        cost -= 6;
    }
    Some(cost)
}

/// `text` as printed lines of at most `max_chars` characters: itself when it fits, else
/// broken between words into as few, as even lines as the rules allow (at a character
/// where no word boundary fits).
pub fn lines(text: &str, max_chars: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let max_chars = max_chars.max(1);
    if chars.len() <= max_chars {
        return vec![text.to_owned()];
    }
    let candidates = candidates(text, &chars);
    // The fewest lines the word boundaries allow, set as evenly as the rules allow.
    if let Some(count) = fewest_lines(chars.len(), max_chars, &candidates)
        && let Some(cuts) = best_cuts(chars.len(), max_chars, count, &candidates)
    {
        let mut out = Vec::new();
        let mut start = 0;
        for cut in cuts.into_iter().chain(std::iter::once(chars.len())) {
            out.push(chars[start..cut].iter().collect());
            start = cut;
        }
        return out;
    }
    // No word boundary fits: break where each line is full.
    chars
        .chunks(max_chars)
        .map(|c| c.iter().collect())
        .collect()
}

/// Where `text` (whose characters are `chars`) may break: the starts of its words after
/// the first, by char offset, each with what breaking there costs.
fn candidates(text: &str, chars: &[char]) -> Vec<(usize, i64)> {
    segmenter()
        .cut(text, false)
        .iter()
        .skip(1)
        .filter_map(|t| Some((t.start, break_cost(chars, t.start, t.word)?)))
        .collect()
}

/// The fewest lines of at most `max_chars` that cuts among `candidates` (by char offset,
/// in order) can make of `len` characters: each line cut as late as it can be. None when
/// some word is longer than a line.
fn fewest_lines(len: usize, max_chars: usize, candidates: &[(usize, i64)]) -> Option<usize> {
    let mut start = 0;
    let mut lines = 1;
    let mut next = 0;
    while len - start > max_chars {
        let mut cut = None;
        while let Some((at, _)) = candidates
            .get(next)
            .filter(|(at, _)| *at <= start + max_chars)
        {
            if *at > start {
                cut = Some(*at);
            }
            next += 1;
        }
        start = cut?;
        lines += 1;
    }
    Some(lines)
}

/// A choice of cuts so far: its cost, and the candidate of the cut before the last.
type Step = (f64, Option<usize>);

/// The `lines - 1` cuts among `candidates` that leave every line at most `max_chars` long
/// at the least cost: the sum of each line's distance from the average length, and the
/// cuts' own costs. None when no choice fits.
fn best_cuts(
    len: usize,
    max_chars: usize,
    lines: usize,
    candidates: &[(usize, i64)],
) -> Option<Vec<usize>> {
    let average = len as f64 / lines as f64;
    let uneven = |from: usize, to: usize| ((to - from) as f64 - average).abs();
    // best[k][i]: the least cost of k cuts, the last at candidates[i], and the cut before.
    let mut best: Vec<Vec<Option<Step>>> = vec![vec![None; candidates.len()]; lines];
    for (i, (at, cost)) in candidates.iter().enumerate() {
        if *at <= max_chars {
            best[1][i] = Some((uneven(0, *at) + *cost as f64, None));
        }
    }
    for k in 2..lines {
        for i in 0..candidates.len() {
            let (at, cost) = candidates[i];
            // Only cuts within a line's reach before this one can precede it.
            let first = candidates[..i].partition_point(|(from, _)| at - from > max_chars);
            best[k][i] = (first..i)
                .filter_map(|j| {
                    let (prev, _) = best[k - 1][j]?;
                    let from = candidates[j].0;
                    (at - from <= max_chars)
                        .then(|| (prev + uneven(from, at) + cost as f64, Some(j)))
                })
                .min_by(|a, b| a.0.total_cmp(&b.0));
        }
    }
    if lines == 1 {
        return (len <= max_chars).then(Vec::new);
    }
    let last = (0..candidates.len())
        .filter_map(|i| {
            let (cost, _) = best[lines - 1][i]?;
            let from = candidates[i].0;
            (len - from <= max_chars).then(|| (cost + uneven(from, len), i))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))?;
    let mut cuts = vec![candidates[last.1].0];
    let mut k = lines - 1;
    let mut i = last.1;
    while let Some((_, Some(j))) = best[k][i] {
        cuts.push(candidates[j].0);
        k -= 1;
        i = j;
    }
    cuts.reverse();
    Some(cuts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_break_between_whole_words_into_even_lines() {
        assert_eq!(
            lines("中华人民共和国国民经济和社会发展第十五个五年规划纲要", 20),
            ["中华人民共和国国民经济和社会发展", "第十五个五年规划纲要"]
        );
        assert_eq!(
            lines(
                "中共中央关于制定国民经济和社会发展第十五个五年规划的建议",
                20
            ),
            [
                "中共中央关于制定国民经济和社会发展",
                "第十五个五年规划的建议"
            ]
        );
        assert_eq!(
            lines("长春市绿园区国民经济和社会发展第十五个五年规划纲要框架", 20),
            ["长春市绿园区国民经济和社会发展", "第十五个五年规划纲要框架"]
        );
        // A line that fits stays whole.
        assert_eq!(
            lines("第十五个五年规划纲要框架", 20),
            ["第十五个五年规划纲要框架"]
        );
        // No line starts or ends on 和 or 的; no ordinal is split.
        for title in [
            "国务院办公厅关于加快推进城市更新行动的实施意见",
            "某某省人民政府关于印发某某省推进新型工业化和数字经济高质量发展三年行动方案的通知",
        ] {
            let got = lines(title, 20);
            assert_eq!(got.concat(), title);
            for line in &got {
                assert!(line.chars().count() <= 20, "{got:?}");
                for b in ["和", "与", "的"] {
                    assert!(!line.starts_with(b) && !line.ends_with(b), "{got:?}");
                }
            }
        }
    }

    #[test]
    fn long_lines_break_into_the_fewest_lines_their_words_allow() {
        // Many lines: each full enough, whole words, as few as the words allow.
        let long = "国民经济和社会发展规划纲要".repeat(40);
        let got = lines(&long, 24);
        assert_eq!(got.concat(), long);
        assert!(got.iter().all(|l| l.chars().count() <= 24), "{got:?}");
        let chars: Vec<char> = long.chars().collect();
        assert_eq!(
            Some(got.len()),
            fewest_lines(520, 24, &candidates(&long, &chars))
        );
        assert!(got.len() >= 520usize.div_ceil(24));
        // A word longer than a line: the line breaks where it is full.
        let word = "V".repeat(50);
        assert_eq!(
            lines(&word, 20),
            ["V".repeat(20), "V".repeat(20), "V".repeat(10)]
        );
        assert_eq!(fewest_lines(50, 20, &[]), None);
        assert_eq!(fewest_lines(50, 20, &[(10, 0), (30, 0), (45, 0)]), Some(3));
        assert_eq!(fewest_lines(50, 20, &[(10, 0), (35, 0)]), None);
    }
}
