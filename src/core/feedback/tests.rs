use std::path::Path;

use super::*;
use crate::core::comment::{Comment, quote_of};
use crate::core::document::Document;
use crate::core::draft::Draft;
use crate::core::edit::{self, Edit, Place};
use crate::core::merge::merge_files;
use crate::core::numbering::Numbers;
use crate::core::storage::PlanFile;

fn id_of(doc: &Document, number: &str) -> SectionId {
    Numbers::of(doc).find(doc, number).expect(number)
}

fn replace_in(doc: &mut Document, number: &str, from: &str, to: &str) {
    let id = id_of(doc, number);
    let s = doc.section_mut(id).expect("section");
    let p = s
        .paragraphs
        .iter_mut()
        .find(|p| p.text.contains(from))
        .expect(from);
    p.text = p.text.replacen(from, to, 1);
}

fn comment(doc: &Document, number: &str, quote: Option<&str>, text: &str) -> Comment {
    let id = id_of(doc, number);
    let section = doc.section(id).expect("section");
    Comment::new(
        id,
        quote.map(|q| quote_of(section, q).expect(q)),
        "王五",
        "发改局",
        text,
    )
}

const SENTENCE: &str = "坚持“创新引领、产业融合、人才支撑”的指导方针";

/// The master with its 征求意见稿, and the copies three units returned.
fn round() -> (PlanFile, Vec<Returned>) {
    let mut master = PlanFile {
        lineage: Some(crate::core::identity::new_lineage()),
        ..PlanFile::new(crate::core::test_support::sample())
    };
    master
        .drafts
        .push(Draft::record("征求意见稿", "办公室", "", &master.document));
    // One only comments.
    let mut a = master.clone();
    let c1 = comment(
        &a.document,
        "六（三）",
        Some("永久基本农田保护"),
        "建议补充耕地占补平衡要求",
    );
    let c2 = comment(&a.document, "四", None, "目标表述建议与市级规划衔接");
    a.document.comments = vec![c1, c2];
    // One edits 三 and 六（二）.
    let mut b = master.clone();
    replace_in(
        &mut b.document,
        "三",
        "坚持统筹发展和安全。",
        "坚持统筹发展和安全，守牢城市安全底线。",
    );
    replace_in(
        &mut b.document,
        "六（二）",
        SENTENCE,
        "坚持“创新引领、产业融合、人才集聚”的指导方针",
    );
    // One edits the same sentence of 六（二） differently and deletes a paragraph of 七.
    let mut c = master.clone();
    replace_in(
        &mut c.document,
        "六（二）",
        SENTENCE,
        "坚持“创新驱动、产业融合、人才引育”的总体方针",
    );
    let seven = id_of(&c.document, "七");
    let deleted = c.document.section(seven).expect("七").paragraphs.len() - 1;
    edit::apply(
        &mut c.document,
        Edit::DeleteParagraph {
            container: crate::core::document::Container::Section(seven),
            index: deleted,
        },
    )
    .expect("delete");
    let other = PlanFile {
        lineage: Some(crate::core::identity::new_lineage()),
        ..master.clone()
    };
    let copy = |name: &str, plan: &PlanFile| Returned::new(Path::new(name), Ok(plan.clone()));
    let returned = vec![
        copy("发改局.ron", &a),
        copy("住建局.ron", &b),
        copy("财政局.ron", &c),
        copy("发改局-再次.ron", &a),
        copy("别的文件.ron", &other),
        Returned::new(
            Path::new("坏文件.ron"),
            Err("line 3, column 1: unexpected end of file: 坏文件.ron".into()),
        ),
    ];
    (master, returned)
}

#[test]
fn a_round_is_collected_into_exact_grouped_opinions() {
    let (master, returned) = round();
    let got = collect(&master, &returned);
    assert_eq!(got.units, ["发改局", "住建局", "财政局"]);
    let skipped: Vec<&str> = got.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert!(skipped[0].contains("returned twice"));
    assert!(skipped[1].contains("not a copy of this document"));
    assert!(skipped[2].contains("坏文件.ron"));

    let rows: Vec<(&str, &str, OpinionKind)> = got
        .opinions
        .iter()
        .map(|o| (o.place.as_str(), o.unit.as_str(), o.kind))
        .collect();
    assert_eq!(
        rows,
        [
            ("三、", "住建局", OpinionKind::Reworded),
            ("四、", "发改局", OpinionKind::Comment),
            ("六、（二）", "住建局", OpinionKind::Reworded),
            ("六、（二）", "财政局", OpinionKind::Reworded),
            ("六、（三）", "发改局", OpinionKind::Comment),
            ("七、", "财政局", OpinionKind::ParagraphDeleted),
        ]
    );
    // The two proposals on one sentence are one group; the original is that sentence.
    assert_eq!(got.opinions[2].group(), got.opinions[3].group());
    assert!(
        got.opinions[2]
            .original
            .starts_with("深入实施创新驱动发展战略，")
    );
    // A paragraph of several sentences is quoted by the sentence changed.
    let three = &got.opinions[0];
    assert_eq!(three.original, "坚持统筹发展和安全。");
    assert_eq!(
        three.proposal.as_deref(),
        Some("坚持统筹发展和安全，守牢城市安全底线。")
    );
    assert!(
        three
            .context
            .starts_with("坚持统筹发展和安全。强化底线思维")
    );
    // Collecting again gives the same keys, so decisions stay with their opinions.
    let again = collect(&master, &returned);
    let keys = |c: &Collected| c.opinions.iter().map(|o| o.key.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&got), keys(&again));
}

#[test]
fn adopting_changes_the_text_and_a_contradicting_proposal_then_needs_a_hand() {
    let (master, returned) = round();
    let opinions = collect(&master, &returned).opinions;
    let mut doc = master.document.clone();
    // The office's own edit in the same sentence first: the three-way merge keeps both.
    replace_in(
        &mut doc,
        "六（二）",
        "强化全产业链协同",
        "强化全产业链上下游协同",
    );
    for i in [0, 2, 5] {
        let e = apply(&doc, &opinions[i]).expect("adopt");
        edit::apply(&mut doc, e).expect("apply");
    }
    let text = crate::core::export::to_text(&doc);
    assert!(text.contains("坚持统筹发展和安全，守牢城市安全底线。"));
    assert!(text.contains("人才集聚”的指导方针"));
    assert!(text.contains("强化全产业链上下游协同"));
    let seven = id_of(&doc, "七");
    assert_eq!(
        doc.section(seven).expect("七").paragraphs.len() + 1,
        master.document.section(seven).expect("七").paragraphs.len()
    );
    assert_eq!(
        apply(&doc, &opinions[3]),
        Err(ApplyError::TextChanged("六、（二）".into()))
    );
    assert_eq!(apply(&doc, &opinions[1]), Err(ApplyError::NoWording));
}

#[test]
fn the_table_holds_every_opinion_with_its_decision() {
    let (master, returned) = round();
    let mut opinions = collect(&master, &returned).opinions;
    opinions[0].decision = Some(Decision::Adopted);
    opinions[3].decision = Some(Decision::NotAdopted);
    opinions[3].reason = "与上位规划表述不一致".into();
    opinions[4].decision = Some(Decision::PartlyAdopted);
    let t = table(&master.document, &opinions);
    assert_eq!(t.rows.len(), 6);
    assert_eq!(
        t.summary,
        "共收到3个单位6条意见，其中采纳1条，部分采纳1条，不采纳1条，待定3条。"
    );
    assert_eq!(t.rows[3][5].text(), "不采纳");
    assert_eq!(t.rows[3][6].text(), "与上位规划表述不一致");
    assert_eq!(t.rows[5][4].text(), "建议删除");
    assert!(t.rows[2][4].text().contains("人才集聚"));
    assert!(t.title.ends_with("意见采纳情况表"));
}

#[test]
fn decisions_survive_collecting_again_and_a_merge_joins_them() {
    let (master, returned) = round();
    let mut decided = collect(&master, &returned).opinions;
    decided[1].decision = Some(Decision::Adopted);
    let joined = join(
        &master.document,
        &decided,
        collect(&master, &returned).opinions,
    );
    assert_eq!(joined.len(), 6);
    assert_eq!(joined[1].decision, Some(Decision::Adopted));
    // A colleague's copy of the master decided another one.
    let mut theirs = collect(&master, &returned).opinions;
    theirs[4].decision = Some(Decision::NotAdopted);
    let joined = join(&master.document, &decided, theirs);
    assert_eq!(joined[1].decision, Some(Decision::Adopted));
    assert_eq!(joined[4].decision, Some(Decision::NotAdopted));
}

#[test]
fn comments_survive_a_section_move_and_a_merge() {
    let (mut master, returned) = round();
    let a = returned[0].plan.as_ref().expect("copy").clone();
    // The office moves 六（三） to the end of 六 meanwhile.
    let moved = id_of(&master.document, "六（三）");
    let six = id_of(&master.document, "六");
    edit::apply(
        &mut master.document,
        Edit::MoveSection {
            id: moved,
            to: Place::LastChild(six),
        },
    )
    .expect("move");
    let base = PlanFile::new((*master.drafts[0].document).clone());
    let merged = merge_files(&base, &master, &a);
    assert!(merged.conflicts.is_empty());
    let doc = &merged.plan.document;
    assert_eq!(doc.comments.len(), 2);
    let on_moved = doc
        .comments
        .iter()
        .find(|c| c.quote.is_some())
        .expect("quoted comment");
    let anchor = crate::core::comment::anchor(doc, on_moved);
    assert_eq!(anchor.section, Some(moved));
    assert!(!anchor.is_orphaned);
    assert_eq!(Numbers::of(doc).full_label(doc, moved), "六、（十）");
}

#[test]
fn moves_and_a_new_title_are_opinions_that_adopting_carries_out() {
    let (master, _) = round();
    let mut copy = master.clone();
    let doc = &mut copy.document;
    // 六（三） moved to the end of 六; 二 demoted under 一; a paragraph of 七 moved first.
    let (three, six, two) = (id_of(doc, "六（三）"), id_of(doc, "六"), id_of(doc, "二"));
    edit::apply(
        doc,
        Edit::MoveSection {
            id: three,
            to: Place::LastChild(six),
        },
    )
    .expect("move");
    edit::apply(doc, Edit::Demote { id: two }).expect("demote");
    let last = id_of(&master.document, "七");
    let paragraphs = doc.section(last).expect("七").paragraphs.clone();
    assert!(paragraphs.len() > 1, "七 needs two paragraphs");
    let moved = paragraphs.last().expect("last").text.clone();
    let n = paragraphs.len() - 1;
    edit::apply(
        doc,
        Edit::Batch {
            edits: vec![
                Edit::DeleteParagraph {
                    container: crate::core::document::Container::Section(last),
                    index: n,
                },
                Edit::InsertParagraph {
                    container: crate::core::document::Container::Section(last),
                    index: 0,
                    text: moved.clone(),
                },
            ],
        },
    )
    .expect("move paragraph");
    doc.title[1] = "第十五个五年规划纲要".into();
    let got = collect(
        &master,
        &[Returned::new(Path::new("统计局.ron"), Ok(copy.clone()))],
    );
    let kinds: Vec<(OpinionKind, &str, Option<&str>)> = got
        .opinions
        .iter()
        .map(|o| (o.kind, o.place.as_str(), o.proposal.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                OpinionKind::TitleReworded,
                "标题",
                Some("长春市绿园区国民经济和社会发展\n第十五个五年规划纲要")
            ),
            (OpinionKind::SectionMoved, "二、", Some("调整为一、（一）")),
            (
                OpinionKind::SectionMoved,
                "六、（三）",
                Some("调整为五、（十）")
            ),
            (OpinionKind::ParagraphMoved, "七、", Some("移至最前")),
        ],
        "{:#?}",
        got.opinions
    );
    // Adopting every one turns the master's text into the copy's.
    let mut doc = master.document.clone();
    for o in &got.opinions {
        let e = apply(&doc, o).unwrap_or_else(|e| panic!("{:?}: {e}", o.kind));
        edit::apply(&mut doc, e).expect("apply");
    }
    assert_eq!(
        crate::core::export::to_text(&doc),
        crate::core::export::to_text(&copy.document)
    );
    // The table says where each goes.
    let table = table(&master.document, &got.opinions);
    let said: Vec<String> = table.rows.iter().map(|r| r[4].text()).collect();
    assert!(
        said.contains(&"建议调整为一、（一）".to_owned()),
        "{said:?}"
    );
    assert!(said.contains(&"建议移至最前".to_owned()), "{said:?}");
}
