//! One self-contained HTML file whose print stylesheet lays the document out as GB/T
//! 9704-2012 prescribes: A4, type area 156 × 225 mm (top margin 37 mm, left 28 mm), 22
//! lines of 28 characters, title in 2号 小标宋, body in 3号 仿宋, 一、 headings in 黑体, （一）
//! in 楷体, page numbers "— 1 —" in 4号 宋体 on the outer side. Any browser prints it to
//! paper or PDF.

use super::print::{self, Block, BlockKind, Face, Run};
use crate::core::document::Document;
use crate::core::import::debris::is_stray_control;
use crate::core::numbering::{NumberStyle, Numbers};

/// Escapes text for HTML: a heading holding `<script>` or `&` shows as that text, and
/// control characters, which have no printed form and which HTML forbids, are left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if is_stray_control(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The print stylesheet (GB/T 9704-2012 layout), shared with the review report.
pub const PRINT_CSS: &str = r#"
@page {
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
}
/* Page numbers: one character in from the type area's outer edge, the dashes 7 mm under it
   (GB/T 9704 7.5; measured in Chromium's PDF). */
@page :right { @bottom-right { content: "— " counter(page) " —"; font-family: "SimSun", "宋体", "Songti SC", serif; font-size: 14pt; line-height: 14pt; vertical-align: top; padding-top: 3.8mm; margin-right: 14pt; } }
@page :left { @bottom-left { content: "— " counter(page) " —"; font-family: "SimSun", "宋体", "Songti SC", serif; font-size: 14pt; line-height: 14pt; vertical-align: top; padding-top: 3.8mm; margin-left: 14pt; } }
html { background: #f4f4f4; }
body {
  margin: 0 auto;
  max-width: 156mm;
  padding: 37mm 26mm 35mm 28mm;
  background: #fff;
  color: #000;
  font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", serif;
  font-size: 16pt;
  line-height: 28.95pt;
  /* 28 characters to a 156 mm line, as in the DOCX: 16 pt characters alone give 27. */
  letter-spacing: -0.25pt;
  text-align: justify;
}
@media print {
  html { background: none; }
  body { max-width: none; padding: 0; }
}
p { margin: 0; text-indent: 2em; }
h1, h2, h3, h4, h5 { margin: 0; font-size: 16pt; font-weight: normal; line-height: 28.95pt; break-after: avoid-page; }
p { orphans: 2; widows: 2; }
.title {
  font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "宋体", serif;
  font-size: 22pt;
  line-height: 35pt;
  text-align: center;
  margin: 0;
}
.stage { text-align: center; text-indent: 0; }
.blank { height: 28.95pt; }
.hei, .level-chinese-comma, .level-chapter { font-family: "SimHei", "黑体", "Heiti SC", sans-serif; }
.kai, .level-chinese-paren { font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", serif; }
.level-chinese-comma, .level-chinese-paren, .level-body { text-indent: 2em; }
.level-chapter, .level-part, .level-section { text-align: center; text-indent: 0; }
.level-part {
  font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "宋体", serif;
  font-size: 18pt;
  margin-top: 28.95pt;
}
.level-section { font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", serif; }
.lead { font-weight: bold; }
"#;

fn heading_class(style: NumberStyle) -> &'static str {
    match style {
        NumberStyle::Part | NumberStyle::Pian => "level-part",
        NumberStyle::Jie => "level-section",
        s if s.is_chapter_like() => "level-chapter",
        NumberStyle::ChineseComma => "level-chinese-comma",
        NumberStyle::ChineseParen => "level-chinese-paren",
        _ => "level-body",
    }
}

fn face_class(face: Face) -> &'static str {
    match face {
        Face::XiaoBiaoSong => "xiaobiaosong",
        Face::Hei => "hei",
        Face::Kai => "kai",
        Face::FangSong => "fangsong",
    }
}

fn runs_html(out: &mut String, runs: &[Run], block_face: Face) {
    for run in runs {
        let text = escape(&run.text);
        match (run.is_bold, run.face == block_face) {
            (false, true) => out.push_str(&text),
            (true, true) => out.push_str(&format!("<span class=\"lead\">{text}</span>")),
            (is_bold, false) => out.push_str(&format!(
                "<span class=\"{}{}\">{text}</span>",
                face_class(run.face),
                if is_bold { " lead" } else { "" }
            )),
        }
    }
}

fn block_html(out: &mut String, block: &Block) {
    let (tag, class, face) = match block.kind {
        BlockKind::Title => ("h1".to_owned(), "title", Face::XiaoBiaoSong),
        BlockKind::Stage => ("p".to_owned(), "stage", Face::FangSong),
        // The empty line under the title block.
        BlockKind::Blank => ("p".to_owned(), "blank", Face::FangSong),
        BlockKind::Heading { depth, style } => (
            format!("h{}", (depth + 1).min(5)),
            heading_class(style),
            Face::of_heading(style),
        ),
        BlockKind::Body => ("p".to_owned(), "", Face::FangSong),
    };
    if class.is_empty() {
        out.push_str(&format!("<{tag}>"));
    } else {
        out.push_str(&format!("<{tag} class=\"{class}\">"));
    }
    match block.display_lines() {
        // A 篇 heading too long for its line, broken between words.
        Some(pieces) => {
            let pieces: Vec<String> = pieces.iter().map(|p| escape(p)).collect();
            out.push_str(&pieces.join("<br>"));
        }
        None => runs_html(out, &block.runs, face),
    }
    out.push_str(&format!("</{tag}>\n"));
}

/// Opens an HTML page with the print stylesheet and `extra_css`.
pub fn page_start(title: &str, extra_css: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{PRINT_CSS}{extra_css}</style>\n</head>\n<body>\n",
        escape(title)
    )
}

/// The document as one self-contained HTML file laid out for printing.
pub fn to_html(doc: &Document) -> String {
    to_html_with(doc, &Numbers::of(doc))
}

/// The document as HTML, numbered by `numbers` (those of the whole document when only
/// some sections are exported).
pub fn to_html_with(doc: &Document, numbers: &Numbers) -> String {
    let title = doc.title.join("");
    let mut out = page_start(
        if title.is_empty() {
            "plandraft"
        } else {
            &title
        },
        "",
    );
    print::each_block(doc, numbers, |block| block_html(&mut out, &block));
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::{Paragraph, Section, SectionId};

    #[test]
    fn text_is_escaped() {
        let mut doc = Document::default();
        let mut s = Section::new(SectionId(1), "<script>alert(1)</script> & 发展");
        s.paragraphs.push(Paragraph::new("a < b & \"c\""));
        doc.sections.push(s);
        doc.next_id = 2;
        let html = to_html(&doc);
        assert!(html.contains("一、&lt;script&gt;alert(1)&lt;/script&gt; &amp; 发展"));
        assert!(html.contains("a &lt; b &amp; &quot;c&quot;"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn print_rules_follow_gbt_9704() {
        let html = to_html(&crate::core::test_support::sample());
        for rule in [
            "size: A4",
            "margin: 37mm 26mm 35mm 28mm",
            "font-size: 16pt",
            "line-height: 28.95pt",
            "letter-spacing: -0.25pt",
            "break-after: avoid-page",
            "counter(page)",
            "@page :left",
            "仿宋",
            "黑体",
            "楷体",
        ] {
            assert!(html.contains(rule), "{rule}");
        }
        assert!(html.contains("<h1 class=\"title\">长春市绿园区国民经济和社会发展</h1>"));
        assert!(html.contains("<h1 class=\"level-chinese-comma\">一、发展形势</h1>"));
        assert!(html.contains("<h2 class=\"level-chinese-paren\">（一）把握高质量发展首要任务"));
        assert!(html.contains("<span class=\"lead\">坚持党的全面领导。</span>"));
        assert!(!html.contains("[bookmark"));
    }
}
