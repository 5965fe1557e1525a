use super::matching::longest_increasing;
use super::*;
use crate::core::document::Paragraph;
use crate::core::export::to_text;
use crate::core::import::import_text;

fn sample() -> Document {
    crate::core::test_support::sample()
}

/// The sample's second draft with one known edit of every kind.
fn second_draft(first: &Document) -> Document {
    let mut d = first.clone();
    // 一: a word replaced.
    let p = &mut d.sections[0].paragraphs[0].text;
    *p = p.replacen("关键时期", "重要时期", 1);
    // 二: a phrase deleted.
    let p = &mut d.sections[1].paragraphs[0].text;
    *p = p.replacen("，统筹国内国际两个大局", "", 1);
    // 三: two paragraphs swapped.
    d.sections[2].paragraphs.swap(1, 2);
    // 四: heading reworded.
    d.sections[3].heading = "发展目标".into();
    // 五: a paragraph deleted.
    d.sections[4].paragraphs.pop();
    // 六: two subsections swapped and one added.
    d.sections[5].children.swap(0, 1);
    let id = d.allocate_id();
    let mut added = Section::new(id, "加强规划实施监测评估");
    added
        .paragraphs
        .push(Paragraph::new("建立规划实施年度监测和中期评估制度。"));
    d.sections[5].children.push(added);
    // 七: the chapter renamed.
    d.sections[6].heading = "实施保障".into();
    d.stage = Some("送审稿".into());
    d
}

fn kinds(diff: &DocumentDiff) -> Vec<(ChangeKind, String)> {
    diff.changed_sections()
        .map(|s| (s.kind, report::section_title(s)))
        .collect()
}

fn check_second_draft(diff: &DocumentDiff) {
    let k = kinds(diff);
    let expect = |kind: ChangeKind, title: &str| {
        assert!(
            k.iter().any(|(kk, t)| *kk == kind && t == title),
            "expected {kind:?} {title} in {k:#?}"
        );
    };
    expect(ChangeKind::Modified, "一、发展形势");
    expect(ChangeKind::Modified, "二、指导思想");
    expect(ChangeKind::Modified, "三、规划原则");
    expect(ChangeKind::Renamed, "四、发展目标");
    expect(ChangeKind::Modified, "五、发展路径");
    expect(ChangeKind::Added, "（十一）加强规划实施监测评估");
    expect(ChangeKind::Renamed, "七、实施保障");
    // Of two swapped subsections one is reported moved, with its number old → new.
    let moved: Vec<_> = k
        .iter()
        .filter(|(kind, _)| *kind == ChangeKind::Moved)
        .collect();
    assert_eq!(moved.len(), 1, "{k:#?}");
    assert!(
        moved[0].1.starts_with("（一） → （二）") || moved[0].1.starts_with("（二） → （一）"),
        "{k:#?}"
    );
    assert_eq!(k.len(), 8, "{k:#?}");
    assert!(diff.is_front_changed(), "the stage line changed");

    let section = |title: &str| {
        diff.sections
            .iter()
            .find(|s| report::section_title(s) == title)
            .unwrap()
    };
    let one = section("一、发展形势");
    let changed: Vec<_> = one.paragraphs.iter().filter(|p| p.is_change()).collect();
    assert_eq!(changed.len(), 1);
    let ParagraphChange::Modified(spans) = changed[0] else {
        panic!("{changed:?}")
    };
    assert_eq!(
        spans
            .iter()
            .filter(|s| !matches!(s, Span::Equal(_)))
            .collect::<Vec<_>>(),
        [&Span::Delete("关键".into()), &Span::Insert("重要".into())]
    );
    assert_eq!((one.inserted, one.deleted), (2, 2));
    let two = section("二、指导思想");
    assert_eq!(
        (two.inserted, two.deleted),
        (0, "，统筹国内国际两个大局".chars().count())
    );
    let three = section("三、规划原则");
    assert_eq!(
        three
            .paragraphs
            .iter()
            .filter(|p| matches!(p, ParagraphChange::Moved(_)))
            .count(),
        1
    );
    assert_eq!((three.inserted, three.deleted), (0, 0));
    let five = section("五、发展路径");
    assert!(matches!(
        five.paragraphs.last(),
        Some(ParagraphChange::Removed(_))
    ));
    let four = section("四、发展目标");
    assert!(four.is_renamed && !four.is_modified);
}

#[test]
fn drafts_of_one_file_report_each_edit_as_what_it_is() {
    let first = sample();
    let second = second_draft(&first);
    check_second_draft(&diff(&first, &second, true));
}

#[test]
fn two_separate_text_files_report_the_same() {
    let first = sample();
    let second = second_draft(&first);
    // Imported separately, ids are simply handed out in order: the added section shifts them.
    let a = import_text(&to_text(&first)).document;
    let b = import_text(&to_text(&second)).document;
    check_second_draft(&diff(&a, &b, false));
}

#[test]
fn a_document_against_itself_has_no_changes() {
    let d = sample();
    let result = diff(&d, &d, true);
    assert_eq!(result.changed_sections().count(), 0);
    assert!(!result.is_front_changed());
    assert_eq!((result.inserted, result.deleted), (0, 0));
}

#[test]
fn removed_sections_stand_where_they_were() {
    let first = sample();
    let mut second = first.clone();
    second.sections.remove(1);
    let result = diff(&first, &second, true);
    let titles: Vec<String> = result
        .sections
        .iter()
        .take(3)
        .map(report::section_title)
        .collect();
    assert_eq!(
        titles,
        ["一、发展形势", "二、指导思想", "三、 → 二、规划原则"]
    );
    assert_eq!(result.sections[1].kind, ChangeKind::Removed);
    // Renumbered but otherwise unchanged sections are not changes.
    assert_eq!(result.sections[2].kind, ChangeKind::Unchanged);
}

#[test]
fn stat_lines_start_with_the_kind() {
    let first = sample();
    let second = second_draft(&first);
    let text = report::stat(&diff(&first, &second, true));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("modified (title, stage and preamble)"));
    assert!(lines.contains(&"renamed 四、发展目标  +2 −2"), "{text}");
    assert!(
        lines.last().unwrap().starts_with("8 sections changed"),
        "{text}"
    );
    let full = report::report(&diff(&first, &second, true), false, false);
    assert!(full.contains("[-关键-]{+重要+}时期"), "{full}");
    assert!(
        full.contains("[-征求意见稿-]{+送审稿+}") || full.contains("[-征求意见-]{+送审+}"),
        "{full}"
    );
}

#[test]
fn reverting_every_change_gives_back_the_old_version() {
    let first = sample();
    let mut second = second_draft(&first);
    // A removed section and a moved one as well.
    let removed = second.sections[4].children.is_empty();
    assert!(removed);
    second.sections.remove(4);
    let moved = second.sections[0].clone();
    second.sections.remove(0);
    second.sections.push(moved);
    let mut doc = second.clone();
    for _ in 0..10 {
        let result = diff(&first, &doc, true);
        let Some(change) = result.changed_sections().next().cloned() else {
            break;
        };
        let edit = revert_edit(&first, &doc, &change).unwrap();
        crate::core::edit::apply(&mut doc, edit).unwrap();
    }
    let result = diff(&first, &doc, true);
    assert_eq!(result.changed_sections().count(), 0, "{:?}", kinds(&result));
    let mut expected = first.clone();
    expected.stage = doc.stage.clone();
    expected.next_id = doc.next_id;
    assert_eq!(
        crate::core::export::outline(&doc),
        crate::core::export::outline(&expected)
    );
    assert_eq!(doc.sections, expected.sections);
}

#[test]
fn longest_increasing_run() {
    let keep = longest_increasing(&[0, 3, 1, 2, 4]);
    assert_eq!(keep.into_iter().collect::<Vec<_>>(), [0, 2, 3, 4]);
    assert!(longest_increasing(&[]).is_empty());
    assert_eq!(longest_increasing(&[1, 0]).len(), 1);
}

#[test]
fn reverting_paragraphs_one_by_one() {
    let first = sample();
    let mut second = first.clone();
    let s = &mut second.sections[2];
    s.paragraphs[0].text = s.paragraphs[0].text.replacen("坚持", "始终坚持", 1);
    s.paragraphs.remove(3);
    s.paragraphs.insert(1, Paragraph::new("新增的原则。"));
    let mut doc = second.clone();
    loop {
        let result = diff(&first, &doc, true);
        let Some(change) = result.changed_sections().next().cloned() else {
            break;
        };
        let index = change
            .paragraphs
            .iter()
            .position(ParagraphChange::is_change)
            .unwrap();
        let edit = revert_paragraph_edit(&change, index).unwrap();
        crate::core::edit::apply(&mut doc, edit).unwrap();
    }
    assert_eq!(doc.sections[2].paragraphs, first.sections[2].paragraphs);
}

#[test]
fn html_report_lists_and_marks_changes() {
    let first = sample();
    let mut second = second_draft(&first);
    second.sections[3].heading = "发展<目标> & 愿景".into();
    let html = report::to_html(&diff(&first, &second, true), "征求意见稿", "送审稿");
    assert!(html.contains("<table class=\"summary\">"));
    assert!(
        html.contains("<del>关键</del><ins>重要</ins>"),
        "inline marks"
    );
    assert!(html.contains("&lt;目标&gt; &amp;"), "escaped");
    assert!(!html.contains("<目标>"));
    assert!(html.contains("共 8 处"));
    assert!(html.contains("征求意见稿 → 送审稿"));
}
