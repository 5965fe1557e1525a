//! The 意见采纳情况表: one numbered row per opinion (序号, 提出单位, 章节, 原文, 意见或修改建议,
//! 采纳情况, 理由或说明), proposed wording shown against the original character by
//! character, and a summary line of units, opinions and decisions.

use std::collections::BTreeSet;

use super::{Decision, Opinion, OpinionKind};
use crate::core::diff::{Span, char_diff};
use crate::core::document::Document;
use crate::core::export::table::{Cell, Column, Mark, Run, Table};
use crate::core::numbering::Numbers;

/// 共收到N个单位M条意见，其中采纳X条，部分采纳Y条，不采纳Z条 (and the others, when any).
pub fn summary(opinions: &[Opinion]) -> String {
    let units: BTreeSet<&str> = opinions.iter().map(|o| o.unit.as_str()).collect();
    let count = |d: Decision| opinions.iter().filter(|o| o.decision == Some(d)).count();
    let mut line = format!(
        "共收到{}个单位{}条意见，其中采纳{}条，部分采纳{}条，不采纳{}条",
        units.len(),
        opinions.len(),
        count(Decision::Adopted),
        count(Decision::PartlyAdopted),
        count(Decision::NotAdopted),
    );
    let elsewhere = count(Decision::ReflectedElsewhere);
    if elsewhere > 0 {
        line += &format!("，已在他处体现{elsewhere}条");
    }
    let open = opinions.iter().filter(|o| o.decision.is_none()).count();
    if open > 0 {
        line += &format!("，待定{open}条");
    }
    line.push('。');
    line
}

/// The table of `opinions` on `doc` (the master's working copy, for the sections' numbers
/// now), titled after the document.
pub fn table(doc: &Document, opinions: &[Opinion]) -> Table {
    let numbers = Numbers::of(doc);
    let title = format!("{}意见采纳情况表", doc.title.join(""));
    let columns = [
        ("序号", 4),
        ("提出单位", 9),
        ("章节", 8),
        ("原文", 28),
        ("意见或修改建议", 28),
        ("采纳情况", 7),
        ("理由或说明", 16),
    ]
    .into_iter()
    .map(|(header, weight)| Column {
        header: header.to_owned(),
        weight,
    })
    .collect();
    let rows = opinions
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let place = match o.section {
                Some(id) if doc.section(id).is_some() => numbers.full_label(doc, id),
                _ => o.place.clone(),
            };
            let place = match (o.kind, place.is_empty()) {
                (OpinionKind::SectionAdded, true) => "（新增）".to_owned(),
                (OpinionKind::SectionAdded, false) => format!("{place}（新增）"),
                _ => place,
            };
            vec![
                Cell::plain((i + 1).to_string()),
                Cell::plain(o.unit.clone()),
                Cell::plain(place),
                Cell::plain(o.original.clone()),
                proposal_cell(o),
                Cell::plain(o.decision.map(Decision::label).unwrap_or("待定").to_owned()),
                Cell::plain(o.reason.clone()),
            ]
        })
        .collect();
    Table {
        title,
        summary: summary(opinions),
        columns,
        rows,
    }
}

/// The 意见或修改建议 cell: the comment; or the proposed wording, marked against the original.
fn proposal_cell(o: &Opinion) -> Cell {
    let plain = |text: &str| Run {
        text: text.to_owned(),
        mark: Mark::Plain,
    };
    match (o.kind, &o.proposal) {
        (OpinionKind::Comment, _) | (_, None) => Cell::plain(o.comment.clone()),
        (OpinionKind::ParagraphDeleted | OpinionKind::SectionDeleted, _) => {
            Cell::plain("建议删除".to_owned())
        }
        (OpinionKind::SectionMoved | OpinionKind::ParagraphMoved, Some(_)) => {
            Cell::plain(o.summary_line())
        }
        (OpinionKind::ParagraphAdded | OpinionKind::SectionAdded, Some(p)) => Cell {
            runs: vec![
                plain("建议增加："),
                Run {
                    text: p.clone(),
                    mark: Mark::Inserted,
                },
            ],
        },
        (_, Some(p)) => {
            let mut runs = vec![plain("建议修改为：")];
            runs.extend(char_diff(&o.original, p).into_iter().map(|s| Run {
                text: s.text().to_owned(),
                mark: match s {
                    Span::Equal(_) => Mark::Plain,
                    Span::Insert(_) => Mark::Inserted,
                    Span::Delete(_) => Mark::Deleted,
                },
            }));
            Cell { runs }
        }
    }
}
