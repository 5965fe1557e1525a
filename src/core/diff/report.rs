//! Text renderings of a comparison: the report grouped by section with inline marks
//! `[-删除-]{+新增+}` (optionally coloured for a terminal), and the one-line-per-section stat.

use super::{ChangeKind, DocumentDiff, ParagraphChange, SectionChange, Span};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// How a changed section is named: number (old → new where it changed) and heading.
pub fn section_title(s: &SectionChange) -> String {
    match (&s.old, &s.new) {
        (Some(o), Some(n)) if o.number != n.number => format!("{} → {}", o.number, n.line),
        (_, Some(n)) => n.line.clone(),
        (Some(o), None) => o.line.clone(),
        (None, None) => String::new(),
    }
}

/// `--stat`: one line per changed section (kind, number, heading, +inserted −deleted) and a
/// line of totals.
pub fn stat(diff: &DocumentDiff) -> String {
    let mut out = String::new();
    if diff.is_front_changed() {
        let (mut i, mut d) = (0, 0);
        for p in diff.title.iter().chain(&diff.preamble) {
            let (a, b) = p.counts();
            i += a;
            d += b;
        }
        if let Some(spans) = &diff.stage {
            let (a, b) = super::text::counts(spans);
            i += a;
            d += b;
        }
        out += &format!("modified (title, stage and preamble)  +{i} −{d}\n");
    }
    let mut count = 0;
    for s in diff.changed_sections() {
        count += 1;
        out += &format!(
            "{} {}  +{} −{}\n",
            s.kind.word(),
            section_title(s),
            s.inserted,
            s.deleted
        );
    }
    out += &format!(
        "{count} sections changed, +{} −{} characters\n",
        diff.inserted, diff.deleted
    );
    out
}

fn spans_text(spans: &[Span], is_colored: bool) -> String {
    let mut out = String::new();
    for s in spans {
        match (s, is_colored) {
            (Span::Equal(t), _) => out.push_str(t),
            (Span::Insert(t), false) => out += &format!("{{+{t}+}}"),
            (Span::Delete(t), false) => out += &format!("[-{t}-]"),
            (Span::Insert(t), true) => out += &format!("{GREEN}{{+{t}+}}{RESET}"),
            (Span::Delete(t), true) => out += &format!("{RED}[-{t}-]{RESET}"),
        }
    }
    out
}

fn paragraphs_text(out: &mut String, paragraphs: &[ParagraphChange], is_colored: bool) {
    for p in paragraphs {
        let line = match p {
            ParagraphChange::Unchanged(_) => continue,
            ParagraphChange::Added(t) => spans_text(&[Span::Insert(t.clone())], is_colored),
            ParagraphChange::Removed(t) => spans_text(&[Span::Delete(t.clone())], is_colored),
            ParagraphChange::Moved(t) => format!("(moved here) {t}"),
            ParagraphChange::Modified(spans) => spans_text(spans, is_colored),
        };
        out.push_str("  ");
        out.push_str(&line);
        out.push('\n');
    }
}

/// The report: every changed section with its changed paragraphs marked inline.
pub fn report(diff: &DocumentDiff, is_colored: bool) -> String {
    let heading = |text: String| {
        if is_colored {
            format!("{BOLD}{text}{RESET}\n")
        } else {
            format!("{text}\n")
        }
    };
    let mut out = String::new();
    if diff.is_front_changed() {
        out += &heading("== modified (title, stage and preamble) ==".to_owned());
        paragraphs_text(&mut out, &diff.title, is_colored);
        if let Some(stage) = &diff.stage
            && stage.iter().any(|s| !matches!(s, Span::Equal(_)))
        {
            out += &format!("  （{}）\n", spans_text(stage, is_colored));
        }
        paragraphs_text(&mut out, &diff.preamble, is_colored);
    }
    for s in diff.changed_sections() {
        out += &heading(format!("== {} {} ==", s.kind.word(), section_title(s)));
        if s.is_renamed {
            out += &format!("  heading: {}\n", spans_text(&s.heading, is_colored));
        }
        if s.kind == ChangeKind::Moved && (s.is_renamed || s.is_modified) {
            out += "  (moved and edited)\n";
        }
        paragraphs_text(&mut out, &s.paragraphs, is_colored);
    }
    out += &format!(
        "{} sections changed, +{} −{} characters\n",
        diff.changed_sections().count(),
        diff.inserted,
        diff.deleted
    );
    out
}
