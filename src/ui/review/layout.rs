//! Laying out a comparison for the review view: the rows of inline marks or of two columns,
//! and the colours and names of the kinds of change.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Stroke};
use std::collections::BTreeMap;

use super::super::i18n::{Key, Lang, change_kind};
use super::super::marks::{DELETE, INSERT, MOVED, kind_color};
use crate::app::review::Review;
use crate::core::diff::{ChangeKind, DocumentDiff, ParagraphChange, Span};
use crate::core::document::SectionId;

/// One row of the review: the section it belongs to, and one or two columns.
type ReviewRow = (Option<SectionId>, LayoutJob, Option<LayoutJob>);

/// The review's rows, the row each change starts at, and the rows that show a paragraph
/// (row → (section index, paragraph index)).
type ReviewLayout = (Vec<ReviewRow>, Vec<usize>, BTreeMap<usize, (usize, usize)>);

pub(crate) fn spans_job(job: &mut LayoutJob, spans: &[Span], font: &FontId, text: Color32) {
    for span in spans {
        let format = match span {
            Span::Equal(_) => TextFormat::simple(font.clone(), text),
            Span::Insert(_) => TextFormat {
                font_id: font.clone(),
                color: INSERT,
                underline: Stroke::new(1.5, INSERT),
                ..TextFormat::default()
            },
            Span::Delete(_) => TextFormat {
                font_id: font.clone(),
                color: DELETE,
                strikethrough: Stroke::new(1.5, DELETE),
                ..TextFormat::default()
            },
        };
        let (Span::Equal(t) | Span::Insert(t) | Span::Delete(t)) = span;
        job.append(t, 0.0, format);
    }
}

fn paragraph_job(
    p: &ParagraphChange,
    width: f32,
    font: &FontId,
    text: Color32,
    weak: Color32,
    lang: Lang,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    job.append(
        "\u{3000}\u{3000}",
        0.0,
        TextFormat::simple(font.clone(), text),
    );
    match p {
        ParagraphChange::Unchanged(t) => job.append(t, 0.0, TextFormat::simple(font.clone(), weak)),
        ParagraphChange::Added(t) => spans_job(&mut job, &[Span::Insert(t.clone())], font, text),
        ParagraphChange::Removed(t) => spans_job(&mut job, &[Span::Delete(t.clone())], font, text),
        ParagraphChange::Moved(t) => {
            let tag = format!("〔{}〕", Key::MovedHere.text(lang));
            job.append(&tag, 0.0, TextFormat::simple(font.clone(), MOVED));
            job.append(t, 0.0, TextFormat::simple(font.clone(), text));
        }
        ParagraphChange::Modified(spans) => spans_job(&mut job, spans, font, text),
    }
    job
}

/// One paragraph's row: inline marks across the width, or the old text (deletions
/// marked) beside the new (insertions marked).
fn paragraph_row(
    (is_side_by_side, lang): (bool, Lang),
    tag: Option<SectionId>,
    p: &ParagraphChange,
    width: f32,
    font: &FontId,
    (text, weak): (Color32, Color32),
) -> ReviewRow {
    {
        if !is_side_by_side {
            return (tag, paragraph_job(p, width, font, text, weak, lang), None);
        }
        let column = (width - super::super::blocks::COLUMN_GAP) / 2.0;
        let side = |spans: Vec<Span>| {
            let mut job = LayoutJob::default();
            job.wrap.max_width = column;
            spans_job(&mut job, &spans, font, text);
            job
        };
        let (old, new) = match p {
            ParagraphChange::Unchanged(t) => {
                let plain = || {
                    let mut job = LayoutJob::default();
                    job.wrap.max_width = column;
                    job.append(t, 0.0, TextFormat::simple(font.clone(), weak));
                    job
                };
                (plain(), plain())
            }
            ParagraphChange::Added(t) => (side(Vec::new()), side(vec![Span::Insert(t.clone())])),
            ParagraphChange::Removed(t) => (side(vec![Span::Delete(t.clone())]), side(Vec::new())),
            ParagraphChange::Moved(_) => (
                side(Vec::new()),
                paragraph_job(p, column, font, text, weak, lang),
            ),
            ParagraphChange::Modified(spans) => (
                side(
                    spans
                        .iter()
                        .filter(|s| !matches!(s, Span::Insert(_)))
                        .cloned()
                        .collect(),
                ),
                side(
                    spans
                        .iter()
                        .filter(|s| !matches!(s, Span::Delete(_)))
                        .cloned()
                        .collect(),
                ),
            ),
        };
        (tag, old, Some(new))
    }
}

/// The jobs of the comparison, and the block each changed section starts at.
pub(super) fn review_jobs(
    review: &Review,
    lang: Lang,
    diff: &DocumentDiff,
    width: f32,
    ui: &egui::Ui,
) -> ReviewLayout {
    {
        let style = (review.is_side_by_side, lang);
        let visuals = ui.visuals();
        let (text, weak, strong) = (
            visuals.text_color(),
            visuals.weak_text_color(),
            visuals.strong_text_color(),
        );
        let body = FontId::proportional(16.0);
        let heading_font = FontId::proportional(19.0);
        let mut jobs = Vec::new();
        let mut change_blocks = Vec::new();
        let mut paragraph_blocks = BTreeMap::new();
        if diff.is_front_changed() {
            let mut job = LayoutJob::default();
            job.wrap.max_width = width;
            job.append(
                Key::Preface.text(lang),
                0.0,
                TextFormat::simple(heading_font.clone(), strong),
            );
            jobs.push((None, job, None));
            for p in diff
                .title
                .iter()
                .chain(&diff.preamble)
                .filter(|p| p.is_change())
            {
                jobs.push(paragraph_row(style, None, p, width, &body, (text, weak)));
            }
            if let Some(stage) = &diff.stage
                && stage.iter().any(|s| !matches!(s, Span::Equal(_)))
            {
                let mut job = LayoutJob::default();
                job.wrap.max_width = width;
                job.append(
                    "\u{3000}\u{3000}（",
                    0.0,
                    TextFormat::simple(body.clone(), text),
                );
                spans_job(&mut job, stage, &body, text);
                job.append("）", 0.0, TextFormat::simple(body.clone(), text));
                jobs.push((None, job, None));
            }
        }
        for (section_index, s) in diff.sections.iter().enumerate() {
            let is_change = s.kind != ChangeKind::Unchanged;
            if !is_change && review.is_hiding_unchanged {
                continue;
            }
            if is_change {
                change_blocks.push(jobs.len());
            }
            let tag = s.new.as_ref().map(|n| n.id);
            let mut job = LayoutJob::default();
            job.wrap.max_width = width;
            // Where the section sits (第二篇 第五章), as a numbered 第三节 recurs in every 章.
            let context = s
                .new
                .as_ref()
                .or(s.old.as_ref())
                .map(|r| r.context.as_str())
                .unwrap_or_default();
            if !context.is_empty() {
                job.append(
                    &format!("{context} › "),
                    0.0,
                    TextFormat::simple(FontId::proportional(14.0), weak),
                );
            }
            if is_change {
                let label = format!("【{}】", change_kind(lang, s.kind));
                job.append(
                    &label,
                    0.0,
                    TextFormat::simple(heading_font.clone(), kind_color(s.kind)),
                );
            }
            let number = match (&s.old, &s.new) {
                (Some(o), Some(n)) if o.number != n.number => {
                    format!("{} → {}", o.number, n.number)
                }
                (_, Some(n)) => n.number.clone(),
                (Some(o), None) => o.number.clone(),
                (None, None) => String::new(),
            };
            // 第一章　… keeps its full-width space between number and heading.
            let separator = s
                .new
                .as_ref()
                .or(s.old.as_ref())
                .and_then(|r| {
                    r.line
                        .strip_prefix(r.number.as_str())?
                        .strip_suffix(r.heading.as_str())
                })
                .unwrap_or_default();
            job.append(
                &format!("{number}{separator}"),
                0.0,
                TextFormat::simple(heading_font.clone(), strong),
            );
            if s.is_renamed || matches!(s.kind, ChangeKind::Added | ChangeKind::Removed) {
                spans_job(&mut job, &s.heading, &heading_font, strong);
            } else {
                let heading = s
                    .new
                    .as_ref()
                    .map(|n| n.heading.as_str())
                    .unwrap_or_default();
                job.append(
                    heading,
                    0.0,
                    TextFormat::simple(heading_font.clone(), strong),
                );
            }
            if is_change {
                let counts = format!("  +{} −{}", s.inserted, s.deleted);
                job.append(
                    &counts,
                    0.0,
                    TextFormat::simple(FontId::proportional(13.0), weak),
                );
            }
            jobs.push((tag, job, None));
            let mut skipped = false;
            for (paragraph_index, p) in s.paragraphs.iter().enumerate() {
                let is_hidden = !p.is_change() && review.is_hiding_unchanged;
                if is_hidden {
                    skipped = true;
                    continue;
                }
                if std::mem::take(&mut skipped) {
                    let mut job = LayoutJob::default();
                    job.append(
                        "\u{3000}\u{3000}……",
                        0.0,
                        TextFormat::simple(body.clone(), weak),
                    );
                    jobs.push((tag, job, None));
                }
                paragraph_blocks.insert(jobs.len(), (section_index, paragraph_index));
                jobs.push(paragraph_row(style, tag, p, width, &body, (text, weak)));
            }
        }
        (jobs, change_blocks, paragraph_blocks)
    }
}
