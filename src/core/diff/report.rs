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

/// How the report is written: coloured for a terminal, and with the text's control
/// characters escaped there.
#[derive(Clone, Copy)]
struct Style {
    is_colored: bool,
    is_escaped: bool,
}

impl Style {
    fn text<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.is_escaped {
            crate::core::export::txt::terminal_safe(text)
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    }
}

fn spans_text(spans: &[Span<'_>], style: Style) -> String {
    let mut out = String::new();
    for s in spans {
        let t = style.text(s.text());
        match (s, style.is_colored) {
            (Span::Equal(_), _) => out.push_str(&t),
            (Span::Insert(_), false) => out += &format!("{{+{t}+}}"),
            (Span::Delete(_), false) => out += &format!("[-{t}-]"),
            (Span::Insert(_), true) => out += &format!("{GREEN}{{+{t}+}}{RESET}"),
            (Span::Delete(_), true) => out += &format!("{RED}[-{t}-]{RESET}"),
        }
    }
    out
}

fn paragraphs_text(out: &mut String, paragraphs: &[ParagraphChange<'_>], style: Style) {
    for p in paragraphs {
        let line = match p {
            ParagraphChange::Unchanged(_) => continue,
            ParagraphChange::Added(t) => spans_text(&[Span::Insert(t.clone())], style),
            ParagraphChange::Removed(t) => spans_text(&[Span::Delete(t.clone())], style),
            ParagraphChange::Moved(t) => format!("(moved here) {}", style.text(t)),
            ParagraphChange::Modified(spans) => spans_text(spans, style),
        };
        out.push_str("  ");
        out.push_str(&line);
        out.push('\n');
    }
}

/// The report: every changed section with its changed paragraphs marked inline; with
/// `is_colored`, in colour; with `is_escaped` (for a terminal), with the text's control
/// characters shown escaped.
pub fn report(diff: &DocumentDiff, is_colored: bool, is_escaped: bool) -> String {
    let style = Style {
        is_colored,
        is_escaped,
    };
    let heading = |text: String| {
        let text = style.text(&text);
        if is_colored {
            format!("{BOLD}{text}{RESET}\n")
        } else {
            format!("{text}\n")
        }
    };
    let mut out = String::new();
    if diff.is_front_changed() {
        out += &heading("== modified (title, stage and preamble) ==".to_owned());
        paragraphs_text(&mut out, &diff.title, style);
        if let Some(stage) = &diff.stage
            && stage.iter().any(|s| !matches!(s, Span::Equal(_)))
        {
            out += &format!("  （{}）\n", spans_text(stage, style));
        }
        paragraphs_text(&mut out, &diff.preamble, style);
    }
    for s in diff.changed_sections() {
        out += &heading(format!("== {} {} ==", s.kind.word(), section_title(s)));
        if s.is_renamed {
            out += &format!("  heading: {}\n", spans_text(&s.heading, style));
        }
        if s.kind == ChangeKind::Moved && (s.is_renamed || s.is_modified) {
            out += "  (moved and edited)\n";
        }
        paragraphs_text(&mut out, &s.paragraphs, style);
    }
    out += &format!(
        "{} sections changed, +{} −{} characters\n",
        diff.changed_sections().count(),
        diff.inserted,
        diff.deleted
    );
    out
}

/// A self-contained, printable HTML report of a comparison: a summary table of the changed
/// sections, then each change with deletions struck through and insertions underlined.
pub fn to_html(diff: &DocumentDiff, old_name: &str, new_name: &str) -> String {
    use crate::core::export::html::{escape, page_start};
    const CSS: &str = "
del { color: #c62828; text-decoration: line-through; }
ins { color: #1b8a3a; text-decoration: underline; }
table.summary { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 1.5; margin: 1em 0; }
table.summary th, table.summary td { border: 1px solid #999; padding: 2pt 6pt; text-align: left; }
table.summary td.n { text-align: right; white-space: nowrap; }
h2.change { font-family: \"SimHei\", \"黑体\", sans-serif; margin-top: 1em; }
.kind { color: #555; font-size: 12pt; }
.moved { color: #1f6fc5; }
";
    let spans_html = |spans: &[Span]| -> String {
        spans
            .iter()
            .map(|s| match s {
                Span::Equal(t) => escape(t),
                Span::Insert(t) => format!("<ins>{}</ins>", escape(t)),
                Span::Delete(t) => format!("<del>{}</del>", escape(t)),
            })
            .collect()
    };
    let paragraph_html = |p: &ParagraphChange| -> Option<String> {
        let body = match p {
            ParagraphChange::Unchanged(_) => return None,
            ParagraphChange::Added(t) => format!("<ins>{}</ins>", escape(t)),
            ParagraphChange::Removed(t) => format!("<del>{}</del>", escape(t)),
            ParagraphChange::Moved(t) => {
                format!("<span class=\"moved\">〔移至此处〕</span>{}", escape(t))
            }
            ParagraphChange::Modified(spans) => spans_html(spans),
        };
        Some(format!("<p>{body}</p>\n"))
    };
    let title = format!("{old_name} → {new_name}");
    let mut out = page_start(&format!("比较：{title}"), CSS);
    out += &format!(
        "<h1 class=\"title\">修改对照</h1>\n<p class=\"stage\">{}</p>\n",
        escape(&title)
    );
    out += "<table class=\"summary\">\n<tr><th>修改</th><th>章节</th><th>新增</th><th>删除</th></tr>\n";
    let kind_zh = |k: ChangeKind| match k {
        ChangeKind::Added => "新增",
        ChangeKind::Removed => "删除",
        ChangeKind::Moved => "移动",
        ChangeKind::Renamed => "改标题",
        ChangeKind::Modified => "修改",
        ChangeKind::Unchanged => "未改",
    };
    if diff.is_front_changed() {
        out +=
            "<tr><td>修改</td><td>标题与前言</td><td class=\"n\"></td><td class=\"n\"></td></tr>\n";
    }
    for s in diff.changed_sections() {
        out += &format!(
            "<tr><td>{}</td><td>{}</td><td class=\"n\">+{}</td><td class=\"n\">−{}</td></tr>\n",
            kind_zh(s.kind),
            escape(&section_title(s)),
            s.inserted,
            s.deleted
        );
    }
    out += &format!(
        "<tr><th></th><th>共 {} 处</th><th class=\"n\">+{}</th><th class=\"n\">−{}</th></tr>\n</table>\n",
        diff.changed_sections().count(),
        diff.inserted,
        diff.deleted
    );
    if diff.is_front_changed() {
        out += "<h2 class=\"change\">标题与前言</h2>\n";
        for p in diff.title.iter().chain(&diff.preamble) {
            out += &paragraph_html(p).unwrap_or_default();
        }
        if let Some(stage) = &diff.stage
            && stage.iter().any(|s| !matches!(s, Span::Equal(_)))
        {
            out += &format!("<p>（{}）</p>\n", spans_html(stage));
        }
    }
    for s in diff.changed_sections() {
        out += &format!(
            "<h2 class=\"change\"><span class=\"kind\">【{}】</span>{}</h2>\n",
            kind_zh(s.kind),
            escape(&section_title(s))
        );
        if s.is_renamed {
            out += &format!("<p>标题：{}</p>\n", spans_html(&s.heading));
        }
        for p in &s.paragraphs {
            out += &paragraph_html(p).unwrap_or_default();
        }
    }
    out += "</body>\n</html>\n";
    out
}
