//! The numbers a plan was written with: the numbering scheme they show, and the places where
//! they differ from the numbers plandraft derives from the outline (reported, never kept).

use crate::core::document::{Document, Section};
use crate::core::numbering::{LevelRule, NumberStyle, NumberingScheme, Numbers};

/// Something in the input that the import noticed but could not take as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportWarning {
    /// A heading's written number differs from its place; plandraft numbers by place.
    NumberMismatch {
        /// Input line.
        line: usize,
        /// The number as written.
        written: String,
        /// Its value (to keep it as written).
        value: u32,
        /// The number plandraft gives it.
        derived: String,
    },
    /// A level's numbers start again at 1 here, as written (a second document or an 附件):
    /// the section restarts the numbering.
    NumberingRestarts {
        /// Input line.
        line: usize,
        /// The number as written.
        written: String,
    },
    /// A marker style appears at a depth where another style was seen first.
    MixedStyles {
        /// Input line.
        line: usize,
        /// The marker as written.
        written: String,
        /// The number plandraft gives it.
        derived: String,
    },
    /// A bracketed number inside the text (监督 [67]。): most likely a footnote reference
    /// the source's notes were cut from. It is kept, to be checked.
    FootnoteMarker {
        /// Input line.
        line: usize,
        /// The marker as written ([67]).
        marker: String,
        /// A few characters before it and the marker, to find it by.
        context: String,
    },
    /// A Word footnote or endnote referenced here: plandraft keeps no notes, so its
    /// reference is out of the text and its text is given here.
    WordNote {
        /// Input line (paragraph) it was referenced from.
        line: usize,
        /// The note's text.
        text: String,
    },
    /// A Word comment on the title or the text before the first heading, where plandraft
    /// keeps no comments.
    WordComment {
        /// Input line (paragraph).
        line: usize,
        /// Who wrote it.
        author: String,
        /// What it says.
        text: String,
    },
}

impl ImportWarning {
    /// The input line it is about.
    pub fn line(&self) -> usize {
        match self {
            ImportWarning::NumberMismatch { line, .. }
            | ImportWarning::NumberingRestarts { line, .. }
            | ImportWarning::MixedStyles { line, .. }
            | ImportWarning::FootnoteMarker { line, .. }
            | ImportWarning::WordNote { line, .. }
            | ImportWarning::WordComment { line, .. } => *line,
        }
    }
}

impl std::fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportWarning::NumberMismatch {
                line,
                written,
                derived,
                ..
            } => write!(
                f,
                "line {line}: heading numbered {written} is number {derived} by its place; it is numbered {derived}"
            ),
            ImportWarning::NumberingRestarts { line, written } => write!(
                f,
                "line {line}: numbering starts again at {written}, as written (a second document or an annex)"
            ),
            ImportWarning::MixedStyles {
                line,
                written,
                derived,
            } => write!(
                f,
                "line {line}: {written} uses a different numbering style from other headings at its level; it is numbered {derived}"
            ),
            ImportWarning::FootnoteMarker {
                line,
                marker,
                context,
            } => write!(
                f,
                "line {line}: “{context}” holds {marker}, which looks like a footnote reference left from the source; it is kept: check it and delete it"
            ),
            ImportWarning::WordNote { line, text } => write!(
                f,
                "line {line}: the Word file has a note here, left out of the text: “{text}”"
            ),
            ImportWarning::WordComment { line, author, text } => write!(
                f,
                "line {line}: a comment by {author} on the title or the text before the first heading, where comments cannot be kept: “{text}”"
            ),
        }
    }
}

/// A heading's number as it was written in the input.
pub(super) struct Written {
    pub(super) line: usize,
    pub(super) text: String,
    pub(super) style: NumberStyle,
    pub(super) value: u32,
}

/// The scheme the document was written in: each depth takes the style first seen there, and
/// a depth numbers on through the document when its written numbers did not restart.
pub(super) fn derive_scheme(doc: &Document, written: &[Written]) -> NumberingScheme {
    // Depth and whether it is its parent's first child, for every section in order.
    fn positions(list: &[Section], depth: usize, out: &mut Vec<(usize, bool)>) {
        for (i, s) in list.iter().enumerate() {
            out.push((depth, i == 0));
            positions(&s.children, depth + 1, out);
        }
    }
    let mut sections = Vec::new();
    positions(&doc.sections, 0, &mut sections);
    let mut levels: Vec<LevelRule> = Vec::new();
    for ((depth, _), w) in sections.iter().zip(written) {
        if *depth == levels.len() {
            // Each depth needs a style of its own, or the exported text would be ambiguous.
            // (Decimal levels tell themselves apart by how many numbers they hold, so they
            // may follow one another, and only so.)
            let is_decimal_run = w.style == NumberStyle::Decimal
                && levels
                    .last()
                    .is_some_and(|l| l.style == NumberStyle::Decimal);
            let is_used = !is_decimal_run && levels.iter().any(|l| l.style == w.style);
            let style = if is_used {
                next_unused(&levels)
            } else {
                Some(w.style)
            };
            levels.extend(style.map(LevelRule::restarting));
        }
    }
    if levels.is_empty() {
        return NumberingScheme::default();
    }
    // A level runs on when a later parent's first child carries a number above 1.
    for (depth, level) in levels.iter_mut().enumerate().skip(1) {
        let mut count = 0u32;
        let mut is_continuous = false;
        for ((d, is_first_child), w) in sections.iter().zip(written) {
            if *d != depth {
                continue;
            }
            // A written 1 starts the count again (numbering restarts there as written).
            count = if w.value == 1 && w.style == level.style {
                1
            } else {
                count + 1
            };
            // (A number written in another style says nothing of this level's count.)
            if *is_first_child && count > 1 && w.value == count && w.style == level.style {
                is_continuous = true;
            }
        }
        level.is_continuous = is_continuous;
    }
    // Continue past the deepest level seen with the usual next styles, so that a section
    // demoted below it still gets a sensible number.
    let last = levels.last().map(|l| l.style);
    let from = CANONICAL
        .iter()
        .position(|s| Some(*s) == last)
        .map_or(CANONICAL.len(), |p| p + 1);
    for style in &CANONICAL[from..] {
        if !levels.iter().any(|l| l.style == *style) {
            levels.push(LevelRule::restarting(*style));
        }
    }
    NumberingScheme { levels }
}

const CANONICAL: [NumberStyle; 9] = NumberStyle::NESTING;

/// The first style not yet used by `levels`, preferring those that usually follow the last.
fn next_unused(levels: &[LevelRule]) -> Option<NumberStyle> {
    let last = levels.last().map(|l| l.style);
    let start = CANONICAL
        .iter()
        .position(|s| Some(*s) == last)
        .map_or(0, |p| p + 1);
    CANONICAL[start..]
        .iter()
        .chain(&NumberStyle::ALL)
        .find(|s| !levels.iter().any(|l| l.style == **s))
        .copied()
}

/// A decimal marker as plandraft writes it: 1．2 and 1.2. are 1.2.
fn decimal_text(written: &str) -> String {
    written
        .replace(['．', '﹒'], ".")
        .trim_end_matches('.')
        .to_owned()
}

/// Compares written numbers with the ones plandraft derives. Where a level's written numbers
/// start again at 1 (a second document, an 附件), numbering restarts there as written;
/// any other difference is renumbered and reported.
pub(super) fn check_numbers(doc: &mut Document, written: &[Written]) -> Vec<ImportWarning> {
    let mut warnings = Vec::new();
    let numbers = Numbers::of(doc);
    let mut restarts = Vec::new();
    for ((section, _), w) in doc.flatten().iter().zip(written) {
        if let Some(number) = numbers.get(section.id)
            && number.style == w.style
            && w.value == 1
            && number.value > 1
        {
            restarts.push(section.id);
            warnings.push(ImportWarning::NumberingRestarts {
                line: w.line,
                written: w.text.clone(),
            });
        }
    }
    for id in restarts {
        if let Some(s) = doc.section_mut(id) {
            s.restart = Some(1);
        }
    }
    let numbers = Numbers::of(doc);
    for ((section, _), w) in doc.flatten().iter().zip(written) {
        let Some(number) = numbers.get(section.id) else {
            continue;
        };
        let derived = number.label();
        if number.style != w.style {
            warnings.push(ImportWarning::MixedStyles {
                line: w.line,
                written: w.text.clone(),
                derived,
            });
        } else if w.value != number.value
            || (w.style == NumberStyle::Decimal && decimal_text(&w.text) != derived)
        {
            warnings.push(ImportWarning::NumberMismatch {
                line: w.line,
                written: w.text.clone(),
                value: w.value,
                derived,
            });
        }
    }
    warnings.sort_by_key(ImportWarning::line);
    warnings
}
