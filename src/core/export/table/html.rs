//! The table as one self-contained HTML page that prints on A4 landscape: title, summary
//! and a bordered table whose header (`<thead>`) browsers repeat on every printed page,
//! inserted text as `<ins>`, deleted text as `<del>`.

use super::{Mark, Piece, Table, cell_at, centred_columns, header_cell, lines, widths};
use crate::core::export::html::escape;

/// The page's stylesheet.
const CSS: &str = r#"
@page {
  size: A4 landscape;
  margin: 25mm;
  @bottom-center { content: "— " counter(page) " —"; font-family: "SimSun", "宋体", "Songti SC", serif; font-size: 14pt; }
}
html { background: #f4f4f4; }
body {
  margin: 0 auto;
  max-width: 247mm;
  padding: 25mm;
  background: #fff;
  color: #000;
  font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 12pt;
  line-height: 1.5;
}
@media print {
  html { background: none; }
  body { max-width: none; padding: 0; }
}
h1 {
  margin: 0 0 6pt;
  font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 22pt;
  font-weight: normal;
  line-height: 35pt;
  text-align: center;
}
.summary { margin: 0 0 12pt; font-size: 16pt; text-align: center; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
th, td { border: 0.5pt solid #000; padding: 0.7mm 1.5mm; overflow-wrap: anywhere; }
th {
  font-family: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-weight: bold;
  text-align: center;
  vertical-align: middle;
}
td { vertical-align: top; text-align: justify; }
td.centred { text-align: center; }
ins { text-decoration: underline; color: #c00000; }
del { text-decoration: line-through; }
"#;

/// Appends a cell's lines: marked pieces in `<ins>` or `<del>`, lines joined by `<br>`.
fn cell_html(out: &mut String, cell_lines: &[Vec<Piece>]) {
    for (i, line) in cell_lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for piece in line {
            let text = escape(&piece.text);
            match piece.mark {
                Mark::Plain => out.push_str(&text),
                Mark::Inserted => out.push_str(&format!("<ins>{text}</ins>")),
                Mark::Deleted => out.push_str(&format!("<del>{text}</del>")),
            }
        }
    }
}

/// The table as an HTML page.
pub(super) fn to_html(table: &Table) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(&table.title)
    ));
    for line in table.title.lines().filter(|line| !line.trim().is_empty()) {
        out.push_str(&format!("<h1>{}</h1>\n", escape(line)));
    }
    for line in table.summary.lines().filter(|line| !line.trim().is_empty()) {
        out.push_str(&format!("<p class=\"summary\">{}</p>\n", escape(line)));
    }
    out.push_str("<table>\n<colgroup>");
    // Hundredths of a per cent, so the columns add up to the full width.
    for width in widths(&table.columns, 10_000) {
        out.push_str(&format!(
            "<col style=\"width: {}.{:02}%\">",
            width / 100,
            width % 100
        ));
    }
    out.push_str("</colgroup>\n<thead>\n<tr>");
    for column in &table.columns {
        out.push_str("<th>");
        cell_html(&mut out, &lines(&header_cell(column)));
        out.push_str("</th>");
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    let centred = centred_columns(table);
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, is_centred) in centred.iter().enumerate() {
            out.push_str(if *is_centred {
                "<td class=\"centred\">"
            } else {
                "<td>"
            });
            cell_html(&mut out, &lines(cell_at(row, i)));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}
