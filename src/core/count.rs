//! 字数: counting text the way Microsoft Word's word count does for Chinese documents.
//!
//! Word counts each East Asian character (汉字, kana, hangul, full-width letters and
//! Chinese punctuation such as ，。“”——) as one, and each run of other non-space characters
//! (a Latin word, a number such as 2035 or 3.5%) as one.

use std::ops::{Add, AddAssign};

use super::document::{Document, Section};

/// Word's statistics for a piece of text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// 字数: East Asian characters plus non-Asian words.
    pub words: usize,
    /// 中文字符和朝鲜语单词: East Asian characters, punctuation included.
    pub east_asian: usize,
    /// 汉字 alone (no punctuation).
    pub han: usize,
    /// 非中文单词: runs of Latin letters, digits and their punctuation.
    pub non_asian_words: usize,
    /// 字符数(不计空格).
    pub chars_no_spaces: usize,
    /// 字符数(计空格).
    pub chars_with_spaces: usize,
    /// 段落数: non-empty paragraphs, headings included.
    pub paragraphs: usize,
}

impl Counts {
    /// Counts one paragraph of text.
    pub fn of(text: &str) -> Self {
        let mut c = Counts::default();
        let mut in_word = false;
        for ch in text.chars() {
            c.chars_with_spaces += 1;
            // Most characters of a plan are common ideographs: decided in one comparison.
            if ('\u{4E00}'..='\u{9FFF}').contains(&ch) {
                c.chars_no_spaces += 1;
                c.east_asian += 1;
                c.han += 1;
                in_word = false;
                continue;
            }
            if ch.is_whitespace() {
                in_word = false;
                continue;
            }
            c.chars_no_spaces += 1;
            if is_east_asian(ch) {
                c.east_asian += 1;
                if is_han(ch) {
                    c.han += 1;
                }
                in_word = false;
            } else if !in_word {
                c.non_asian_words += 1;
                in_word = true;
            }
        }
        c.words = c.east_asian + c.non_asian_words;
        c.paragraphs = usize::from(c.chars_no_spaces > 0);
        c
    }

    /// Counts a section's heading and paragraphs, and its children's when `with_children`.
    pub fn of_section(section: &Section, with_children: bool) -> Self {
        let mut total = Counts::of(&section.heading);
        for p in &section.paragraphs {
            total += Counts::of(&p.text);
        }
        if with_children {
            for child in &section.children {
                total += Counts::of_section(child, true);
            }
        }
        total
    }

    /// Counts the title block, stage line (with its brackets, as printed) and preamble.
    pub fn of_front(doc: &Document) -> Self {
        let mut c = Counts::default();
        for line in &doc.title {
            c += Counts::of(line);
        }
        if let Some(stage) = &doc.stage {
            c += Counts::of(&format!("（{stage}）"));
        }
        for p in &doc.preamble {
            c += Counts::of(&p.text);
        }
        c
    }

    /// Counts the whole document: title, stage, preamble and every section. Section numbers
    /// are not counted, as Word does not count automatic numbering.
    pub fn of_document(doc: &Document) -> Self {
        let mut total = Counts::of_front(doc);
        for s in &doc.sections {
            total += Counts::of_section(s, true);
        }
        total
    }
}

impl Add for Counts {
    type Output = Counts;
    fn add(mut self, rhs: Counts) -> Counts {
        self += rhs;
        self
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, rhs: Counts) {
        self.words += rhs.words;
        self.east_asian += rhs.east_asian;
        self.han += rhs.han;
        self.non_asian_words += rhs.non_asian_words;
        self.chars_no_spaces += rhs.chars_no_spaces;
        self.chars_with_spaces += rhs.chars_with_spaces;
        self.paragraphs += rhs.paragraphs;
    }
}

/// Whether `c` is a Han ideograph.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF      // Extension A
        | 0x4E00..=0x9FFF    // Unified ideographs
        | 0xF900..=0xFAFF    // Compatibility ideographs
        | 0x20000..=0x3FFFF  // Extensions B and later
    ) || c == '〇'
}

/// Whether Word counts `c` as one East Asian character.
pub fn is_east_asian(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x1100..=0x11FF      // Hangul Jamo
            | 0x2E80..=0x2FDF    // CJK radicals
            | 0x3000..=0x303F    // CJK symbols and punctuation: 、。「」《》【】〔〕
            | 0x3040..=0x30FF    // Kana
            | 0x3100..=0x31BF    // Bopomofo
            | 0x31F0..=0x31FF
            | 0x3200..=0x33FF    // Enclosed CJK (㉑…), compatibility
            | 0xAC00..=0xD7AF    // Hangul syllables
            | 0xFE30..=0xFE4F    // CJK compatibility forms
            | 0xFF00..=0xFFEF    // Full-width forms: ，（）：；！？
            | 0x2460..=0x24FF    // Circled numbers ①
        )
        // Punctuation that Chinese text sets full width: “”‘’——…·
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '―' | '※' | '√' | '×')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_rules() {
        let c = Counts::of("到2035年，GDP增长3.5%。");
        // 到 年 ， 增 长 。 = 6 East Asian; 2035, GDP, 3.5% = 3 words.
        assert_eq!(c.east_asian, 6);
        assert_eq!(c.han, 4);
        assert_eq!(c.non_asian_words, 3);
        assert_eq!(c.words, 9);
        assert_eq!(c.chars_no_spaces, 17);
    }

    #[test]
    fn quotes_and_dashes_count_one_each() {
        let c = Counts::of("——坚持“五位一体”。");
        assert_eq!(c.words, 11);
        assert_eq!(c.han, 6);
    }

    #[test]
    fn spaces_split_latin_words_and_are_not_counted() {
        let c = Counts::of("hello world\u{3000}你好");
        assert_eq!(c.words, 4);
        assert_eq!(c.chars_no_spaces, 12);
        assert_eq!(c.chars_with_spaces, 14);
        assert_eq!(Counts::of("   ").paragraphs, 0);
    }
}
