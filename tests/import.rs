//! Import of real and hand-written plan texts: structure, numbering, encodings, debris and
//! round trip through clean text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod util;

use plandraft::core::document::Document;
use plandraft::core::export::{outline, to_text};
use plandraft::core::import::{ImportWarning, import_bytes, import_text};
use plandraft::core::numbering::{NumberStyle, Numbers};
use std::path::Path;

fn sample_text() -> String {
    std::fs::read_to_string(util::SAMPLE_TXT).unwrap()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// The document with ids cleared, for comparing imports of different bytes.
fn shape(doc: &Document) -> (String, String, Vec<String>, Option<String>) {
    let paragraphs = doc
        .flatten()
        .iter()
        .flat_map(|(s, _)| s.paragraphs.iter().map(|p| p.text.clone()))
        .collect();
    (outline(doc), to_text(doc), paragraphs, doc.stage.clone())
}

#[test]
fn sample_has_seven_sections_and_ten_tasks() {
    let imported = import_text(&sample_text());
    let doc = &imported.document;
    let numbers = Numbers::of(doc);
    let top: Vec<String> = doc.sections.iter().map(|s| numbers.label(s.id)).collect();
    assert_eq!(
        top,
        ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    );
    let six = &doc.sections[5];
    assert_eq!(six.heading, "十大重点任务");
    let tasks: Vec<String> = six.children.iter().map(|s| numbers.label(s.id)).collect();
    assert_eq!(
        tasks,
        [
            "（一）",
            "（二）",
            "（三）",
            "（四）",
            "（五）",
            "（六）",
            "（七）",
            "（八）",
            "（九）",
            "（十）"
        ]
    );
    assert_eq!(
        six.children[0].heading,
        "把握高质量发展首要任务，服务支撑长春现代化都市圈建设"
    );
    assert_eq!(doc.stage.as_deref(), Some("征求意见稿"));
    assert_eq!(
        doc.title,
        ["长春市绿园区国民经济和社会发展", "第十五个五年规划纲要框架"]
    );
    assert_eq!(doc.preamble.len(), 1);
    assert!(doc.preamble[0].text.starts_with("本纲要主要针对"));
    assert_eq!(
        doc.sections[2].paragraphs.len(),
        6,
        "三、规划原则 has six 坚持… paragraphs"
    );
    assert_eq!(
        doc.sections[2].paragraphs[0].lead_sentence_end(),
        Some("坚持党的全面领导。".len())
    );
    let report = &imported.report;
    assert_eq!(report.sections_per_level, [7, 10]);
    assert_eq!(report.debris.bookmarks, 15);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn no_bookmark_survives_in_model_or_export() {
    let doc = import_text(&sample_text()).document;
    let plan = plandraft::core::storage::PlanFile::new(doc.clone());
    let ron = plandraft::core::storage::to_ron_string(&plan, Path::new("x.ron")).unwrap();
    assert!(!ron.contains("[bookmark"));
    assert!(!to_text(&doc).contains("[bookmark"));
    assert!(!to_text(&doc).contains("_Toc"));
}

#[test]
fn every_encoding_imports_identically() {
    let text = sample_text();
    let expected = shape(&import_text(&text).document);
    let (gb, _, had_errors) = encoding_rs::GB18030.encode(&text);
    assert!(!had_errors);
    let mut utf16le = vec![0xFF, 0xFE];
    let mut utf16be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        utf16le.extend_from_slice(&u.to_le_bytes());
        utf16be.extend_from_slice(&u.to_be_bytes());
    }
    let mut crlf_bom = b"\xEF\xBB\xBF".to_vec();
    crlf_bom.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    let cr_only = text.replace('\n', "\r");
    let cases: [(&str, &[u8], &str); 6] = [
        ("utf8", text.as_bytes(), "UTF-8"),
        ("gb18030", &gb, "gb18030"),
        ("utf16le", &utf16le, "UTF-16LE"),
        ("utf16be", &utf16be, "UTF-16BE"),
        ("crlf+bom", &crlf_bom, "UTF-8"),
        ("cr", cr_only.as_bytes(), "UTF-8"),
    ];
    for (name, bytes, encoding) in cases {
        let imported = import_bytes(bytes, Path::new(name)).unwrap();
        assert_eq!(imported.report.encoding, encoding, "{name}");
        assert_eq!(shape(&imported.document), expected, "{name}");
    }
}

#[test]
fn national_plan_levels_toc_and_continuous_chapters() {
    let imported = import_text(&fixture("national-plan.txt"));
    let doc = &imported.document;
    assert_eq!(
        outline(doc),
        "第一篇\u{3000}开启全面建设社会主义现代化国家新征程
  第一章\u{3000}发展环境
    第一节\u{3000}国际环境
    第二节\u{3000}国内环境
  第二章\u{3000}指导方针
第二篇\u{3000}坚持创新驱动发展\u{3000}全面塑造发展新优势
  第三章\u{3000}强化国家战略科技力量
    第一节\u{3000}整合优化科技资源配置
      一、加快构建国家实验室体系
      二、重组国家重点实验室体系
    第二节\u{3000}加强原创性引领性科技攻关
  第四章\u{3000}提升企业技术创新能力
"
    );
    assert_eq!(
        doc.title,
        ["中华人民共和国国民经济和社会发展", "第十五个五年规划纲要"]
    );
    assert_eq!(
        doc.stage.as_deref(),
        Some("2026年3月12日第十四届全国人民代表大会第四次会议批准")
    );
    // The table of contents is dropped, not imported as sections or preamble.
    assert_eq!(imported.report.debris.toc_lines, 7);
    assert_eq!(doc.preamble.len(), 1);
    assert!(
        doc.preamble[0]
            .text
            .starts_with("国民经济和社会发展第十五个五年规划纲要，根据")
    );
    // Intro paragraphs before the first 节 belong to the 章 (and the 篇).
    assert_eq!(doc.sections[0].children[0].paragraphs.len(), 1);
    assert_eq!(doc.sections[1].paragraphs.len(), 1);
    // A 章 with no 节 keeps its paragraphs.
    let chapter_two = &doc.sections[0].children[1];
    assert!(chapter_two.children.is_empty());
    assert_eq!(chapter_two.paragraphs.len(), 2);
    // List lines stay paragraphs.
    let intl = &doc.sections[0].children[0].children[0];
    assert!(intl.paragraphs[1].is_list_item());
    let rules = &doc.numbering.levels;
    assert_eq!(rules[0].style, NumberStyle::Pian);
    assert!(rules[1].is_continuous, "章 run on across 篇");
    assert!(!rules[2].is_continuous, "节 restart in each 章");
    assert_eq!(rules[3].style, NumberStyle::ChineseComma);
    assert!(
        imported.report.warnings.is_empty(),
        "{:?}",
        imported.report.warnings
    );
}

#[test]
fn proposal_with_run_in_items_numbered_through_the_document() {
    let imported = import_text(&fixture("proposal.txt"));
    let doc = &imported.document;
    assert_eq!(
        outline(doc),
        "一、全面建成小康社会取得决定性成就，开启全面建设社会主义现代化国家新征程
  1.决胜全面建成小康社会取得决定性成就。
  2.我国发展环境面临深刻复杂变化。
二、“十四五”时期经济社会发展指导方针和主要目标
  3.“十四五”时期经济社会发展指导思想。
  4.“十四五”时期经济社会发展必须遵循的原则
    （1）坚持党的全面领导。
    （2）坚持以人民为中心。
三、坚持创新驱动发展，全面塑造发展新优势
  5.强化国家战略科技力量。
"
    );
    let first = &doc.sections[0].children[0];
    assert!(first.run_in);
    assert_eq!(first.paragraphs.len(), 2);
    assert!(
        first.paragraphs[0]
            .text
            .starts_with("“十三五”时期是全面建成小康社会决胜阶段。")
    );
    let own_line = &doc.sections[1].children[1];
    assert!(!own_line.run_in, "4. stands on its own line");
    assert!(own_line.children[0].run_in);
    assert_eq!(doc.title.len(), 1);
    assert!(doc.stage.as_deref().unwrap().ends_with("全体会议通过"));
    assert!(doc.numbering.levels[1].is_continuous);
    assert!(!doc.numbering.levels[2].is_continuous);
    // Export writes run-in headings back into their paragraphs.
    let text = to_text(doc);
    assert!(text.contains(
        "\n1.决胜全面建成小康社会取得决定性成就。“十三五”时期是全面建成小康社会决胜阶段。"
    ));
    assert!(
        text.contains("\n4.“十四五”时期经济社会发展必须遵循的原则\n（1）坚持党的全面领导。坚持")
    );
}

#[test]
fn a_document_starting_at_paren_numbers_nests_from_there() {
    let text = "（一）加强组织领导\n各级政府要高度重视。\n1.明确责任\n落实到人。\n2.强化考核\n（二）强化资金保障\n加大投入。\n";
    let imported = import_text(text);
    assert_eq!(
        outline(&imported.document),
        "（一）加强组织领导\n  1.明确责任\n  2.强化考核\n（二）强化资金保障\n"
    );
    assert!(imported.document.title.is_empty());
}

#[test]
fn round_trip_through_clean_text() {
    for text in [
        sample_text(),
        fixture("national-plan.txt"),
        fixture("proposal.txt"),
    ] {
        let first = import_text(&text).document;
        let exported = to_text(&first);
        let second = import_text(&exported).document;
        assert_eq!(second, first, "round trip changed the document");
        assert_eq!(to_text(&second), exported);
    }
}

#[test]
fn wrong_written_numbers_are_reported_and_renumbered() {
    let text = "一、甲\n正文。\n三、乙\n正文。\n";
    let imported = import_text(text);
    assert_eq!(outline(&imported.document), "一、甲\n二、乙\n");
    assert_eq!(
        imported.report.warnings,
        [ImportWarning::NumberMismatch {
            line: 3,
            written: "三、".into(),
            value: 3,
            derived: "二、".into()
        }]
    );
}

#[test]
fn a_paren_line_under_the_title_is_the_stage_not_a_heading() {
    let text = "某区“十五五”规划\n（送审稿）\n（一）总体要求\n正文。\n";
    let doc = import_text(text).document;
    assert_eq!(doc.stage.as_deref(), Some("送审稿"));
    assert_eq!(outline(&doc), "（一）总体要求\n");
}

#[test]
fn empty_and_whitespace_input_gives_an_empty_document() {
    for text in ["", "\n\n", " \u{3000}\r\n\t"] {
        let doc = import_text(text).document;
        assert!(doc.sections.is_empty() && doc.preamble.is_empty() && doc.title.is_empty());
    }
}

#[test]
fn binary_input_is_refused_with_the_file_name() {
    let err = import_bytes(b"PK\x03\x04\x14\x00\x06\x00", Path::new("plan.docx")).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("docx"), "{message}");
    assert!(message.ends_with("plan.docx"), "{message}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A line of the kind Word-pasted plans hold: headings of every style, run-in items,
    /// paragraphs, list lines, blank lines, debris.
    fn line() -> impl Strategy<Value = String> {
        // Text never starts like a number: a paragraph that does (1、…) reads as a heading
        // in plain text, which no importer can tell apart.
        let text = "[甲乙丙丁发展改革创新“a-z][甲乙丙丁发展改革创新“”，、a-z0-9]{0,11}";
        let sentence =
            (text, prop::bool::ANY).prop_map(|(t, end)| if end { format!("{t}。") } else { t });
        prop_oneof![
            (1u32..30, sentence.clone())
                .prop_map(|(n, t)| format!("{}{t}", NumberStyle::ChineseComma.label(n))),
            (1u32..30, sentence.clone())
                .prop_map(|(n, t)| format!("{}{t}", NumberStyle::ChineseParen.label(n))),
            (1u32..30, sentence.clone(), sentence.clone())
                .prop_map(|(n, a, b)| format!("{n}.{a}{b}")),
            (1u32..4, 1u32..5, sentence.clone()).prop_map(|(a, b, t)| format!("{a}.{b} {t}")),
            (1u32..4, 1u32..4, 1u32..5, sentence.clone())
                .prop_map(|(a, b, c, t)| format!("{a}.{b}.{c}{t}")),
            (1u32..9, sentence.clone()).prop_map(|(n, t)| format!("{n}){t}")),
            (1u32..20, sentence.clone()).prop_map(|(n, t)| format!(
                "第{}条\u{3000}{t}",
                plandraft::core::numbering::chinese_numeral(n)
            )),
            (1u32..9, sentence.clone()).prop_map(|(n, t)| format!(
                "第{}章\u{3000}{t}",
                plandraft::core::numbering::chinese_numeral(n)
            )),
            (1u32..9, sentence.clone()).prop_map(|(n, t)| format!(
                "第{}节 {t}",
                plandraft::core::numbering::chinese_numeral(n)
            )),
            sentence.clone().prop_map(|t| format!("（{t}）")),
            sentence.clone().prop_map(|t| format!("——{t}")),
            sentence
                .clone()
                .prop_map(|t| format!("[bookmark: _Toc1]\u{3000}{t} ")),
            sentence.clone(),
            sentence,
            Just(String::new()),
            Just("目录".to_owned()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn import_never_panics_on_any_text(text in "\\PC{0,400}") {
            let doc = import_text(&text).document;
            prop_assert!(doc.validate().is_ok());
        }

        #[test]
        fn export_then_import_is_stable(lines in prop::collection::vec(line(), 0..40)) {
            let first = import_text(&lines.join("\n")).document;
            prop_assert!(first.validate().is_ok());
            let exported = to_text(&first);
            let second = import_text(&exported).document;
            prop_assert_eq!(outline(&second), outline(&first));
            prop_assert_eq!(to_text(&second), exported);
        }
    }
}

/// The corpus in `tests/fixtures/import/`: documents written for these tests in each style
/// drafters' files come in (text copied out of a PDF, decimal outlines, articles, boxes and
/// reference lists, restarting numbers, every marker style). Each `NAME.txt` must import to
/// the outline in `NAME.outline`, checked by reading it; the figures are in the README.
#[test]
fn the_fixture_corpus_imports_with_the_outlines_read_by_hand() {
    let dir = std::path::Path::new("tests/fixtures/import");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let expected = std::fs::read_to_string(path.with_extension("outline")).unwrap();
        let doc = plandraft::core::import::import_file(&path)
            .unwrap()
            .document;
        let found = plandraft::core::export::outline(&doc);
        let want: Vec<&str> = expected.lines().collect();
        let got: Vec<&str> = found.lines().collect();
        let right = want.iter().zip(&got).filter(|(a, b)| a == b).count();
        eprintln!(
            "{}: {right} of {} headings right, {} found",
            path.display(),
            want.len(),
            got.len()
        );
        assert_eq!(got, want, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 6, "{checked} fixtures");
}

#[test]
fn text_copied_out_of_a_pdf_comes_back_as_its_paragraphs() {
    let imported = plandraft::core::import::import_file(Path::new(
        "tests/fixtures/import/pdf-copied-city-plan.txt",
    ))
    .unwrap();
    let doc = &imported.document;
    let d = imported.report.debris;
    // No running head, page number or contents line is left anywhere.
    let text = to_text(doc);
    assert!(!text.contains("规划纲要\n一、"), "{text}");
    assert!(!text.contains('…') && !text.contains("— "), "{text}");
    assert!(doc.preamble.is_empty(), "{:?}", doc.preamble);
    // Each paragraph is whole again: one paragraph per sentence group, ending its sentence.
    let first: Vec<&str> = doc.sections[0]
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        first,
        [
            "“十四五”时期，面对复杂严峻的外部环境，全市上下坚持稳中求进工作总基调，经济总量迈上新台阶，地区生产总值年均增长百分之六左右，创新能力显著增强，城乡面貌持续改善。",
            "同时也要看到，发展不平衡不充分问题仍然突出，产业结构偏重，科技创新支撑能力不强，民生保障存在短板，生态环境保护任务依然艰巨。"
        ]
    );
    let mut open = Vec::new();
    doc.walk(|s, _| {
        for p in &s.paragraphs {
            if !p.text.ends_with('。') {
                open.push(p.text.clone());
            }
        }
    });
    assert!(open.is_empty(), "paragraphs broken off: {open:?}");
    assert_eq!(d.running_heads, 5);
    assert_eq!(
        d.page_numbers, 6,
        "five pages' numbers and one glued to a heading"
    );
    assert_eq!(d.glued_headings, 1);
    assert!(d.joined_lines > 20);
    assert!(d.toc_lines >= 10);
}

#[test]
fn a_plain_text_without_pdf_traces_is_not_joined_or_thinned() {
    // Word-pasted text: one paragraph a line, short headings, a repeated short line.
    let text = "某区工作要点\n\n一、总体要求\n坚持稳中求进。\n（略）\n二、重点任务\n推进改革。\n（略）\n三、保障措施\n加强领导。\n（略）\n";
    let imported = import_text(text);
    let d = imported.report.debris;
    assert_eq!(
        (d.running_heads, d.joined_lines, d.glued_headings),
        (0, 0, 0)
    );
    assert_eq!(imported.document.sections[2].paragraphs.len(), 2);
}
