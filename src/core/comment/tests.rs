use super::*;
use crate::core::document::Paragraph;
use crate::core::edit::{Edit, Place, apply};

fn doc() -> Document {
    let mut d = Document::default();
    let mut a = Section::new(SectionId(1), "发展环境");
    a.paragraphs = vec![
        Paragraph::new("坚持创新驱动，推动产业升级。坚持创新驱动，扩大开放。"),
        Paragraph::new("建设生态宜居城市，改善人居环境。"),
    ];
    let mut b = Section::new(SectionId(2), "主要任务");
    b.paragraphs = vec![Paragraph::new("推进乡村振兴，促进共同富裕。")];
    d.sections = vec![a, b];
    d.next_id = 3;
    d
}

fn on(doc: &Document, id: u64, exact: &str) -> Comment {
    let section = doc.section(SectionId(id)).expect("section");
    Comment::new(
        SectionId(id),
        quote_of(section, exact),
        "张三",
        "发改局",
        "建议补充",
    )
}

#[test]
fn a_quote_is_found_on_its_line() {
    let d = doc();
    let c = on(&d, 1, "改善人居环境");
    let a = anchor(&d, &c);
    assert_eq!(a.section, Some(SectionId(1)));
    let (line, range) = a.passage.expect("passage");
    assert_eq!(line, Line::Paragraph(1));
    assert_eq!(&d.sections[0].paragraphs[1].text[range], "改善人居环境");
    assert!(!a.is_orphaned);
}

#[test]
fn the_second_of_two_equal_passages_is_told_by_its_context() {
    let d = doc();
    let section = &d.sections[0];
    let text = section_text(section);
    let second = text.rfind("坚持创新驱动").expect("twice");
    let quote = quote_at(section, second..second + "坚持创新驱动".len()).expect("quote");
    assert_eq!(quote.prefix.chars().last(), Some('。'));
    let c = Comment::new(SectionId(1), Some(quote), "a", "", "x");
    let (_, range) = anchor(&d, &c).passage.expect("found");
    let first_paragraph = &d.sections[0].paragraphs[0].text;
    assert_eq!(
        range.start,
        first_paragraph.rfind("坚持创新驱动").expect("twice")
    );
}

#[test]
fn a_comment_follows_its_section_when_moved_and_promoted() {
    let mut d = doc();
    let c = on(&d, 2, "乡村振兴");
    apply(
        &mut d,
        Edit::MoveSection {
            id: SectionId(2),
            to: Place::LastChild(SectionId(1)),
        },
    )
    .expect("move");
    let a = anchor(&d, &c);
    assert_eq!(a.section, Some(SectionId(2)));
    assert!(a.passage.is_some());
}

#[test]
fn a_reworded_passage_is_found_by_its_context_and_a_gone_one_is_orphaned() {
    let mut d = doc();
    let c = on(&d, 1, "改善人居");
    d.sections[0].paragraphs[1].text = "建设生态宜居城市，全面提升人居环境。".into();
    let a = anchor(&d, &c);
    let (line, range) = a.passage.expect("found by context");
    assert_eq!(line, Line::Paragraph(1));
    assert_eq!(&d.sections[0].paragraphs[1].text[range], "全面提升人居");

    d.sections[0].paragraphs.truncate(1);
    let a = anchor(&d, &c);
    assert_eq!(a.section, Some(SectionId(1)));
    assert!(a.is_orphaned);
    assert_eq!(a.passage, None);
}

#[test]
fn a_comment_whose_section_was_deleted_finds_its_passage_elsewhere_or_none() {
    let mut d = doc();
    let c = on(&d, 2, "促进共同富裕");
    let moved = d.sections[1].paragraphs[0].clone();
    d.sections.pop();
    let a = anchor(&d, &c);
    assert_eq!((a.section, a.is_orphaned), (None, true));
    d.sections[0].paragraphs.push(moved);
    let a = anchor(&d, &c);
    assert_eq!(a.section, Some(SectionId(1)));
    assert_eq!(a.passage.map(|(l, _)| l), Some(Line::Paragraph(2)));
}

#[test]
fn open_counts_leave_out_resolved_comments() {
    let mut d = doc();
    let mut resolved = on(&d, 1, "改善人居环境");
    resolved.is_resolved = true;
    d.comments = vec![on(&d, 1, "产业升级"), on(&d, 2, "乡村振兴"), resolved];
    let counts = open_counts(&d);
    assert_eq!(counts.get(&SectionId(1)), Some(&1));
    assert_eq!(counts.get(&SectionId(2)), Some(&1));
    let order: Vec<&str> = in_document_order(&d)
        .iter()
        .map(|(c, _)| c.quote.as_ref().map_or("", |q| q.exact.as_str()))
        .collect();
    assert_eq!(order, ["产业升级", "改善人居环境", "乡村振兴"]);
}

#[test]
fn comments_merge_by_id() {
    let d = doc();
    let base = vec![on(&d, 1, "产业升级"), on(&d, 2, "乡村振兴")];
    let mut ours = base.clone();
    let mut theirs = base.clone();
    // Ours resolves the first and adds one; theirs answers the first and deletes the second.
    ours[0].is_resolved = true;
    ours.push(on(&d, 1, "扩大开放"));
    theirs[0].replies.push(Reply {
        author: "李四".into(),
        unit: String::new(),
        time: "2026-12-01T00:00:00Z".into(),
        text: "同意".into(),
    });
    theirs.remove(1);
    let merged = merge_comments(&base, &ours, &theirs);
    assert_eq!(merged.len(), 2);
    assert!(merged[0].is_resolved);
    assert_eq!(merged[0].replies.len(), 1);
    assert_eq!(
        merged[1].quote.as_ref().map(|q| q.exact.as_str()),
        Some("扩大开放")
    );
}
