//! Character-level differences inside a changed paragraph, for Chinese: dissimilar's diff
//! with semantic cleanup, so a rewritten clause shows as one clean replacement. Long texts
//! are first aligned sentence by sentence, so no comparison ever stalls.

use std::borrow::Cow;

use serde::Serialize;

/// A piece of a character-level difference. Its text is borrowed from the compared texts
/// where it can be, so comparing large documents copies little.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Span<'a> {
    /// Text in both.
    Equal(Cow<'a, str>),
    /// Text only in the new version.
    Insert(Cow<'a, str>),
    /// Text only in the old version.
    Delete(Cow<'a, str>),
}

impl Span<'_> {
    /// The span with its text owned, so it outlives the texts compared.
    pub fn into_owned(self) -> Span<'static> {
        match self {
            Span::Equal(t) => Span::Equal(Cow::Owned(t.into_owned())),
            Span::Insert(t) => Span::Insert(Cow::Owned(t.into_owned())),
            Span::Delete(t) => Span::Delete(Cow::Owned(t.into_owned())),
        }
    }

    /// Its text.
    pub fn text(&self) -> &str {
        match self {
            Span::Equal(t) | Span::Insert(t) | Span::Delete(t) => t,
        }
    }
}

/// Above this many characters (old and new together), texts are aligned by sentence first:
/// dissimilar has no deadline and takes seconds on long, very different texts.
const DIRECT_LIMIT_CHARS: usize = 3_000;

/// The character-level difference between two texts.
pub fn char_diff<'a>(old: &'a str, new: &'a str) -> Vec<Span<'a>> {
    if old == new {
        return vec![Span::Equal(Cow::Borrowed(old))];
    }
    if old.chars().count() + new.chars().count() <= DIRECT_LIMIT_CHARS {
        return direct(old, new);
    }
    let old_sentences = sentences(old);
    let new_sentences = sentences(new);
    // Sentences follow one another in their text: a run of them is one slice of it.
    let run = |text: &'a str, sentences: &[&'a str], from: usize, len: usize| -> &'a str {
        let start = sentences[from].as_ptr() as usize - text.as_ptr() as usize;
        let last = sentences[from + len - 1];
        let end = last.as_ptr() as usize - text.as_ptr() as usize + last.len();
        &text[start..end]
    };
    let mut out = Vec::new();
    let ops =
        similar::capture_diff_slices(similar::Algorithm::Patience, &old_sentences, &new_sentences);
    for op in ops {
        match op {
            similar::DiffOp::Equal { old_index, len, .. } => {
                out.push(Span::Equal(Cow::Borrowed(run(
                    old,
                    &old_sentences,
                    old_index,
                    len,
                ))));
            }
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => out.push(Span::Delete(Cow::Borrowed(run(
                old,
                &old_sentences,
                old_index,
                old_len,
            )))),
            similar::DiffOp::Insert {
                new_index, new_len, ..
            } => out.push(Span::Insert(Cow::Borrowed(run(
                new,
                &new_sentences,
                new_index,
                new_len,
            )))),
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let a = run(old, &old_sentences, old_index, old_len);
                let b = run(new, &new_sentences, new_index, new_len);
                if a.chars().count() + b.chars().count() <= DIRECT_LIMIT_CHARS {
                    out.extend(direct(a, b));
                } else {
                    // Too long to compare closely in time: show it replaced whole.
                    out.push(Span::Delete(Cow::Borrowed(a)));
                    out.push(Span::Insert(Cow::Borrowed(b)));
                }
            }
        }
    }
    merge(out)
}

fn direct<'a>(old: &'a str, new: &'a str) -> Vec<Span<'a>> {
    let spans = dissimilar::diff(old, new)
        .into_iter()
        .map(|chunk| match chunk {
            dissimilar::Chunk::Equal(s) => Span::Equal(Cow::Borrowed(s)),
            dissimilar::Chunk::Insert(s) => Span::Insert(Cow::Borrowed(s)),
            dissimilar::Chunk::Delete(s) => Span::Delete(Cow::Borrowed(s)),
        })
        .collect();
    merge(spans)
}

/// Joins neighbouring spans of the same kind.
fn merge(spans: Vec<Span<'_>>) -> Vec<Span<'_>> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match (out.last_mut(), span) {
            (Some(Span::Equal(a)), Span::Equal(b))
            | (Some(Span::Insert(a)), Span::Insert(b))
            | (Some(Span::Delete(a)), Span::Delete(b)) => a.to_mut().push_str(&b),
            (_, span) => {
                if !span.text().is_empty() {
                    out.push(span);
                }
            }
        }
    }
    out
}

/// Splits text after each sentence end (。！？；), keeping the marks.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；') {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Characters inserted and deleted.
pub fn counts(spans: &[Span<'_>]) -> (usize, usize) {
    spans.iter().fold((0, 0), |(ins, del), s| match s {
        Span::Insert(t) => (ins + t.chars().count(), del),
        Span::Delete(t) => (ins, del + t.chars().count()),
        Span::Equal(_) => (ins, del),
    })
}

/// The old text a diff was made from.
pub fn old_text(spans: &[Span<'_>]) -> String {
    spans
        .iter()
        .filter_map(|s| match s {
            Span::Equal(t) | Span::Delete(t) => Some(&**t),
            Span::Insert(_) => None,
        })
        .collect()
}

/// The new text a diff was made to.
pub fn new_text(spans: &[Span<'_>]) -> String {
    spans
        .iter()
        .filter_map(|s| match s {
            Span::Equal(t) | Span::Insert(t) => Some(&**t),
            Span::Delete(_) => None,
        })
        .collect()
}

/// Similarity of two texts from 0 (nothing shared) to 1 (equal), by shared character
/// pairs (Dice coefficient on bigrams): fast on long texts and insensitive to moves.
pub fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let grams = |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        if v.is_empty() {
            v.extend(chars.first().map(|c| (*c, *c)));
        }
        v.sort_unstable();
        v
    };
    let (x, y) = (grams(a), grams(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (x.len() + y.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_word_is_one_clean_replacement() {
        let spans = char_diff("推动经济实现质的有效提升。", "推动经济实现质的显著提升。");
        let changes: Vec<_> = spans
            .iter()
            .filter(|s| !matches!(s, Span::Equal(_)))
            .collect();
        assert_eq!(
            changes,
            [&Span::Delete("有效".into()), &Span::Insert("显著".into())]
        );
        assert_eq!(counts(&spans), (2, 2));
    }

    #[test]
    fn spans_rebuild_both_texts() {
        let (a, b) = (
            "坚持党的全面领导。提高能力。",
            "坚持和加强党的全面领导。提高本领。",
        );
        let spans = char_diff(a, b);
        assert_eq!(old_text(&spans), a);
        assert_eq!(new_text(&spans), b);
    }

    #[test]
    fn long_very_different_texts_do_not_stall() {
        let a: String = (0..4000)
            .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20000).unwrap())
            .collect::<String>()
            + "。";
        let b: String = (0..4000)
            .map(|i| char::from_u32(0x4E00 + (i * 104729) % 20000).unwrap())
            .collect::<String>()
            + "。";
        let start = std::time::Instant::now();
        let spans = char_diff(&a, &b);
        assert_eq!(old_text(&spans), a);
        assert_eq!(new_text(&spans), b);
        // Not a timing assertion: a stall would take many seconds and time the suite out.
        let _ = start.elapsed();
    }

    #[test]
    fn similarity_bounds() {
        assert_eq!(similarity("发展", "发展"), 1.0);
        assert_eq!(similarity("甲乙", "丙丁"), 0.0);
        let s = similarity("加快构建新发展格局", "加快构建发展新格局");
        assert!(s > 0.4 && s < 1.0, "{s}");
    }
}
