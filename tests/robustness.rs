//! The fuzz targets' properties (`tests/properties/`) run by proptest on plan-like text,
//! mutated plan files and arbitrary bytes, so `cargo test` checks on every run, briefly,
//! what `fuzz/` checks for millions of inputs. Each regression the fuzzers found is a test
//! here too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod properties;

use plandraft::core::numbering::{NumberStyle, chinese_numeral};
use proptest::prelude::*;

const SAMPLE_RON: &str = include_str!("../samples/lvyuan-15th-fyp-outline.ron");
const SAMPLE_TXT: &str = include_str!("../samples/lvyuan-15th-fyp-outline.txt");

/// Words of a heading or paragraph, which may open with punctuation, hold spaces after a
/// question or exclamation mark, and hold control characters pasted from Word.
fn words() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[发展改革创新目标任务甲乙]{1,4}",
        Just("？".to_owned()),
        Just("！".to_owned()),
        Just("。".to_owned()),
        Just("、".to_owned()),
        Just("，".to_owned()),
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("（".to_owned()),
        Just("）".to_owned()),
        Just(" ".to_owned()),
        Just("\u{3000}".to_owned()),
        Just("2035年".to_owned()),
        Just("1.5".to_owned()),
        Just("\u{b}".to_owned()),
        Just("\u{c}".to_owned()),
        Just("\u{1}".to_owned()),
        Just("\u{1b}[31m".to_owned()),
        Just("\u{7f}".to_owned()),
        Just("\u{FFFF}".to_owned()),
        Just("<b>&amp;".to_owned()),
        Just("[bookmark: _Toc12]".to_owned()),
    ];
    prop::collection::vec(piece, 1..8).prop_map(|p| p.concat())
}

/// A line of a plan as pasted out of Word: headings of every style (their text may open
/// with punctuation), run-in items, paragraphs, list lines, stage lines, blank lines.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..12, words()).prop_map(|(n, t)| format!("{}{t}", NumberStyle::ChineseComma.label(n))),
        (1u32..12, words()).prop_map(|(n, t)| format!("{}{t}", NumberStyle::ChineseParen.label(n))),
        (1u32..12, words()).prop_map(|(n, t)| format!("{n}.{t}")),
        (1u32..12, words()).prop_map(|(n, t)| format!("（{n}）{t}")),
        (1u32..6, words()).prop_map(|(n, t)| format!("第{}章\u{3000}{t}", chinese_numeral(n))),
        words().prop_map(|t| format!("（{t}）")),
        words().prop_map(|t| format!("——{t}")),
        words(),
        words(),
        Just(String::new()),
        Just("目录".to_owned()),
    ]
}

fn plan_text() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..30).prop_map(|lines| lines.join("\n"))
}

/// The sample's bytes with a few bytes replaced, inserted or removed.
fn mutated(original: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let len = original.len();
    prop::collection::vec((0..len, any::<u8>(), 0u8..3), 1..6).prop_map(move |edits| {
        let mut bytes = original.as_bytes().to_vec();
        for (at, byte, how) in edits {
            let at = at.min(bytes.len().saturating_sub(1));
            match how {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn import_holds_on_plan_text(text in plan_text()) {
        properties::import(text.as_bytes());
    }

    #[test]
    fn import_holds_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        properties::import(&bytes);
    }

    #[test]
    fn import_holds_on_a_mutated_sample(bytes in mutated(SAMPLE_TXT)) {
        properties::import(&bytes);
    }

    #[test]
    fn load_holds_on_a_mutated_file(bytes in mutated(SAMPLE_RON)) {
        properties::load(&bytes);
    }

    #[test]
    fn compare_holds(old in plan_text(), new in plan_text()) {
        properties::compare(old.as_bytes(), new.as_bytes());
    }

    #[test]
    fn exports_hold_on_plan_text(text in plan_text()) {
        properties::exports(text.as_bytes());
    }

    #[test]
    fn exports_hold_on_any_file_text(text in words()) {
        // Text the importer would clean, put into a file by hand: exporters must cope.
        let file = SAMPLE_RON.replacen("发展形势", &text.replace(['"', '\\'], ""), 1);
        properties::exports(file.as_bytes());
    }
}

#[test]
fn a_space_after_a_question_mark_in_a_heading_stays() {
    let text = "一、发展为何？ 答案\n二、目标！\u{3000}远景\n";
    properties::import(text.as_bytes());
    let doc = plandraft::core::import::import_text(text).document;
    let exported = plandraft::core::export::to_text(&doc);
    assert_eq!(exported, text);
}

#[test]
fn headings_that_open_with_punctuation_keep_their_words() {
    for text in [
        "一、？答案\n",
        "一、。\n",
        "（一）“十五五”时期\n",
        "1.、其他\n",
    ] {
        properties::import(text.as_bytes());
        let doc = plandraft::core::import::import_text(text).document;
        assert_eq!(doc.sections.len(), 1, "{text}");
        assert_eq!(plandraft::core::export::to_text(&doc), text);
    }
}

/// Inputs the fuzzers found (`fuzz/artifacts/import/`), minimised.
#[test]
fn fuzz_finds_stay_fixed() {
    for text in [
        // A bare number, a blank line, then a line: the line is not the number's title.
        "1.\n\n,",
        "\n 1. \n \n,",
        // An untitled chapter, then its first paragraph.
        "第一章\n\n发展",
        "第一章\n发展\n\n第二章\n\n改革",
        // An untitled 第一章 numbered （一） by its place.
        "一、目标\n第一章\u{3000}目任\n二、任务\n第一章\u{3000}\u{b} \u{b}",
        // A decimal number alone on its line is not an untitled heading (printed, "1　"
        // would not come back).
        "2.2",
        "\n  1.2\n  2\n",
        // A decimal heading whose title starts with a figure, printed at the top level.
        "1.2 2",
        // A heading whose title is a slash, printed 1　/, is no page number (12/80 is).
        "2.2/",
        "2.2/2",
    ] {
        properties::import(text.as_bytes());
    }
    // A bookmark marker that a control character splits (in a page of text, so that one
    // control character does not make it a binary file).
    let split_marker = format!(
        "一、形势\n正文[book\u{1}mark: _Toc1]内容。\n{}",
        "全面建设社会主义现代化国家。".repeat(20)
    );
    properties::import(split_marker.as_bytes());
    properties::import(&[
        0xe5, 0xe4, 0xb8, 0x70, 0x72, 0xb8, 0xad, 0x20, 0x4e, 0x61, 0x4e, 0x20, 0x20, 0xff, 0xff,
        0xff, 0x20, 0x0a, 0x20, 0x31, 0x2e, 0x20, 0x0a, 0x20, 0x0a, 0x2c,
    ]);
    // A 第…章 heading ending in a stop and a lone mark, numbered 一、 at its level: printed
    // as 一、, it must not come back as a run-in heading whose "paragraph" is the mark.
    properties::import(
        "第一节　创新\n正文。\n一、加快\n正文。\n第二节　改革\n正文。\n第四章】机制。!\n"
            .as_bytes(),
    );
    // A run-in item where the document numbers 第…章: its text must not come back as a
    // heading of its own (一、…), as it would printed on the next line.
    properties::import(
        "第一篇　总则\n第一章　发展\n正文。\n第二篇　改革\n1.我国发展环境变化。一、机遇期。\n"
            .as_bytes(),
    );
    // Text whose lines have one width but some run past it was not wrapped at that width:
    // plandraft's own printed text, one paragraph a line, must not be joined up.
    properties::import(include_bytes!("fixtures/fuzz-import-wrapped-look.txt"));
    // Bare numbers at the end of decimal-numbered texts (1., 1)), and a bare decimal
    // number under a decimal heading that prints one level higher (1.2… prints as 1　…):
    // a number alone on the last line is a paragraph, as it will be when printed last.
    properties::import(include_bytes!("fixtures/fuzz-import-untitled-decimal.txt"));
    properties::import(include_bytes!(
        "fixtures/fuzz-import-untitled-decimal-2.txt"
    ));
    properties::import(include_bytes!("fixtures/fuzz-import-bare-number-last.txt"));
    properties::import(b"2.2\xff\n1.2");
    // A note's first item numbered 2 where a heading would be numbered 1: printed, it says
    // 1 and is read as the note's item, so it is one from the first.
    properties::import("注：\n2.c".as_bytes());
    // Bookmark markers whose removal joins the text around them into another marker.
    properties::import(include_bytes!("fixtures/fuzz-import-nested-bookmarks.txt"));
    // A contents line with dot leaders that joining a PDF's broken lines makes whole.
    properties::import(include_bytes!(
        "fixtures/fuzz-import-broken-contents-line.txt"
    ));
    // 1（二）… in text with no other trace of a PDF: the 1 is the words, not a page's number
    // (whether （二） is the expected heading changes when the text is printed).
    properties::import(include_bytes!(
        "fixtures/fuzz-import-number-before-heading.txt"
    ));
    // An article (第四条, text only) placed where the document numbers items (（一）): it
    // prints as an item, whose lead sentence reads back as its heading.
    properties::import(include_bytes!("fixtures/fuzz-import-article-as-item.txt"));
    properties::import(
        "第一章　总则\n（一）目的。\n第二条　规范管理。加强监督。\n第三条　施行\n".as_bytes(),
    );
    // A PDF's broken lines joined into a bookmark marker with a page's number after it:
    // the marker goes, and the number with it, as it would on a line of its own.
    properties::import(include_bytes!(
        "fixtures/fuzz-import-number-beside-marker.txt"
    ));
    // A level numbered ① … ㊿ by its place goes on （51）, as printed past fifty: read back,
    // （51） goes on the list instead of opening a level of its own.
    properties::import(include_bytes!(
        "fixtures/fuzz-import-past-fifty-circled.txt"
    ));
    // A hundredth top-level decimal heading, printed 100　…, reads back as one.
    properties::import(include_bytes!("fixtures/fuzz-import-hundred-decimal.txt"));
    // Tabs in a paragraph are the drafter's and stay in the printed text.
    properties::exports(&[0x3a, 0x09, 0x09, 0xad, 0x09, 0xf6]);
    // A 篇 heading too long for its line is broken with <br> in the HTML page.
    properties::exports(include_bytes!("fixtures/fuzz-export-long-part-heading.txt"));
    // Long title and 篇 lines, with words longer than a line: setting them took 26 seconds
    // for these 3.6 KB (every count of lines was tried, up to one a character).
    properties::exports(include_bytes!("fixtures/fuzz-export-slow-title.txt"));
}
