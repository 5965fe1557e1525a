//! Tests of the table export: each format holds every cell's text, marks and page setup.

use std::io::Read;

use super::*;

const HEADERS: [&str; 7] = [
    "序号",
    "提出单位",
    "章节",
    "原文",
    "意见或修改建议",
    "采纳情况",
    "理由或说明",
];

/// An opinion table: a cell with a control character, markup and a line break, a cell
/// with inserted and deleted text, a short row, and 35 rows in all.
fn sample() -> Table {
    let mut rows = vec![vec![
        Cell::plain("1"),
        Cell::plain("市发展改革委"),
        Cell::plain("第三章（二）"),
        Cell::plain("原文\u{1}<&>“引号”\n第二行\r\n第三行\u{FFFF}"),
        Cell {
            runs: vec![
                Run::new("建议将", Mark::Plain),
                Run::new("二〇二五年", Mark::Deleted),
                Run::new("二〇二七年", Mark::Inserted),
                Run::new("作为目标年。", Mark::Plain),
            ],
        },
        Cell::plain("部分采纳"),
        Cell {
            runs: vec![Run::new("已删去重复表述", Mark::Deleted)],
        },
    ]];
    rows.push(vec![Cell::plain("2"), Cell::plain("区财政局")]);
    for i in 3..=35 {
        rows.push(vec![
            Cell::plain(i.to_string()),
            Cell::plain(format!("第{i}提出单位")),
            Cell::plain("第五章"),
            Cell::plain(format!("原文第{i}条：推进城市更新，完善公共服务设施配套。")),
            Cell::plain(format!(
                "意见第{i}条：建议增加老旧小区改造的具体目标和时序安排。"
            )),
            Cell::plain(if i % 3 == 0 { "不采纳" } else { "采纳" }),
            Cell::plain(format!("说明第{i}条")),
        ]);
    }
    Table {
        title: "《规划纲要（征求意见稿）》意见采纳情况表".into(),
        summary: "共收到35家单位意见35条，采纳23条，部分采纳1条，未采纳11条。".into(),
        columns: HEADERS
            .iter()
            .zip([3, 8, 6, 24, 24, 6, 14])
            .map(|(h, w)| Column::new(*h, w))
            .collect(),
        rows,
    }
}

/// Every cell of the sample as printed (deleted text included), row by row, padded.
fn printed_rows(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|row| {
            (0..table.columns.len())
                .map(|i| printed_text(cell_at(row, i)))
                .collect()
        })
        .collect()
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(name).unwrap();
    let mut out = String::new();
    file.read_to_string(&mut out).unwrap();
    out
}

/// The text of an element's `w:t` and `w:tab` descendants, paragraphs joined by '\n'.
fn word_text(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.has_tag_name("p"))
        .map(|p| {
            p.descendants()
                .filter_map(|n| match n.tag_name().name() {
                    "t" => n.text(),
                    "tab" => Some("\t"),
                    _ => None,
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn printed_text_drops_controls_and_keeps_lines() {
    let table = sample();
    let cell = &table.rows[0][3];
    assert_eq!(printed_text(cell), "原文<&>“引号”\n第二行\n第三行");
    assert_eq!(lines(cell).len(), 3);
    assert_eq!(table.rows[0][4].text(), "建议将二〇二七年作为目标年。");
    assert_eq!(table.rows[0][6].text(), "");
    assert_eq!(lines(&Cell::default()), vec![Vec::new()]);
}

#[test]
fn docx_is_a_landscape_word_table_with_a_repeating_header() {
    let table = sample();
    let bytes = render_table(&table, TableFormat::Docx).unwrap();
    crate::core::export::docx::tests::assert_well_formed(&bytes);
    let xml = zip_part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let tables: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("tbl"))
        .collect();
    assert_eq!(tables.len(), 1);
    let rows: Vec<_> = tables[0]
        .children()
        .filter(|n| n.has_tag_name("tr"))
        .collect();
    assert_eq!(rows.len(), 1 + table.rows.len());
    let has_header = |row: &roxmltree::Node| row.descendants().any(|n| n.has_tag_name("tblHeader"));
    assert!(has_header(&rows[0]), "the header row repeats on each page");
    assert!(
        !rows[1..].iter().any(has_header),
        "only the header row repeats"
    );
    let headers: Vec<String> = rows[0]
        .children()
        .filter(|n| n.has_tag_name("tc"))
        .map(word_text)
        .collect();
    assert_eq!(headers, HEADERS);
    for (row, expected) in rows[1..].iter().zip(printed_rows(&table)) {
        let cells: Vec<String> = row
            .children()
            .filter(|n| n.has_tag_name("tc"))
            .map(word_text)
            .collect();
        assert_eq!(cells, expected);
    }
    let page = doc.descendants().find(|n| n.has_tag_name("pgSz")).unwrap();
    let attr = |name| {
        page.attributes()
            .find(|a| a.name() == name)
            .map(|a| a.value())
    };
    assert_eq!(attr("orient"), Some("landscape"));
    assert_eq!(attr("w"), Some("16838"));
    assert_eq!(attr("h"), Some("11906"));
    let grid: u32 = doc
        .descendants()
        .filter(|n| n.has_tag_name("gridCol"))
        .map(|n| {
            n.attributes()
                .next()
                .unwrap()
                .value()
                .parse::<u32>()
                .unwrap()
        })
        .sum();
    assert_eq!(grid, docx::text_width(), "the table fills the type area");
    assert!(xml.contains("<w:strike/></w:rPr><w:t xml:space=\"preserve\">二〇二五年"));
    assert!(xml.contains("<w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">二〇二七年"));
    assert!(xml.contains("&lt;&amp;&gt;"));
    for name in ["word/styles.xml", "word/fontTable.xml"] {
        let part = zip_part(&bytes, name);
        assert!(
            part.contains("方正小标宋简体") && part.contains("仿宋_GB2312"),
            "{name}"
        );
    }
    assert!(zip_part(&bytes, "word/footer1.xml").contains(" PAGE "));
    assert_eq!(
        bytes,
        render_table(&table, TableFormat::Docx).unwrap(),
        "deterministic"
    );
}

#[test]
fn html_has_a_repeating_head_marks_and_escaped_text() {
    let table = sample();
    let html = String::from_utf8(render_table(&table, TableFormat::Html).unwrap()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for needle in [
        "<html lang=\"zh-CN\">",
        "<meta charset=\"utf-8\">",
        "size: A4 landscape",
        "<thead>",
        "<th>意见或修改建议</th>",
        "原文&lt;&amp;&gt;“引号”<br>第二行<br>第三行</td>",
        "建议将<del>二〇二五年</del><ins>二〇二七年</ins>作为目标年。",
        "<td class=\"centred\">部分采纳</td>",
        "<h1>《规划纲要（征求意见稿）》意见采纳情况表</h1>",
        "Noto Serif CJK SC",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(!html.contains('\u{1}') && !html.contains('\u{FFFF}'));
    assert_eq!(html.matches("<tr>").count(), 1 + table.rows.len());
}

#[test]
fn csv_reads_back_as_the_cells_text() {
    let table = sample();
    let bytes = render_table(&table, TableFormat::Csv).unwrap();
    assert!(bytes.starts_with(BOM), "a byte order mark for Excel");
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    let mut reader = csv::Reader::from_reader(&bytes[BOM.len()..]);
    assert_eq!(
        reader.headers().unwrap(),
        &csv::StringRecord::from(HEADERS.to_vec())
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), table.rows.len());
    for (record, row) in records.iter().zip(&table.rows) {
        let expected: Vec<String> = (0..HEADERS.len()).map(|i| cell_at(row, i).text()).collect();
        assert_eq!(record.iter().collect::<Vec<_>>(), expected);
    }
}

#[test]
fn xlsx_holds_every_cell_and_prints_its_header_on_each_page() {
    let table = sample();
    let bytes = render_table(&table, TableFormat::Xlsx).unwrap();
    let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    let sheet_doc = roxmltree::Document::parse(&sheet).unwrap();
    let strings = zip_part(&bytes, "xl/sharedStrings.xml");
    let strings_doc = roxmltree::Document::parse(&strings).unwrap();
    let shared: Vec<String> = strings_doc
        .descendants()
        .filter(|n| n.has_tag_name("si"))
        .map(|si| {
            si.descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|t| t.text())
                .collect()
        })
        .collect();
    let expected = printed_rows(&table)
        .into_iter()
        .flatten()
        .chain(HEADERS.map(String::from))
        .chain([table.title.clone(), table.summary.clone()])
        .filter(|text| !text.is_empty());
    for text in expected {
        assert!(shared.contains(&text), "{text}");
    }
    let cells = sheet_doc
        .descendants()
        .filter(|n| n.has_tag_name("c"))
        .count();
    assert!(cells >= 7 * (1 + table.rows.len()), "{cells} cells");
    for needle in [
        "orientation=\"landscape\"",
        "paperSize=\"9\"",
        "fitToHeight=\"0\"",
        "state=\"frozen\"",
        "<mergeCell ref=\"A1:G1\"/>",
    ] {
        assert!(sheet.contains(needle), "{needle}");
    }
    assert!(
        strings.contains("<strike/>") && strings.contains("<u/>"),
        "marks as rich text"
    );
    let workbook = zip_part(&bytes, "xl/workbook.xml");
    roxmltree::Document::parse(&workbook).unwrap();
    assert!(workbook.contains("_xlnm.Print_Titles"));
    assert!(workbook.contains("name=\"《规划纲要（征求意见稿）》意见采纳情况表\""));
}

#[test]
fn sheet_names_follow_excel_rules() {
    assert_eq!(xlsx::sheet_name("意见采纳情况表"), "意见采纳情况表");
    assert_eq!(xlsx::sheet_name("a[b]:c*d?e/f\\g"), "abcdefg");
    assert_eq!(xlsx::sheet_name("'x'"), "x");
    assert_eq!(xlsx::sheet_name(" ?* "), "Sheet1");
    assert_eq!(xlsx::sheet_name(&"表".repeat(40)).chars().count(), 31);
}

#[test]
fn formats_parse_and_name_their_files() {
    for format in TableFormat::ALL {
        assert_eq!(format.extension().parse::<TableFormat>().unwrap(), format);
    }
    assert_eq!(" XLSX".parse::<TableFormat>().unwrap(), TableFormat::Xlsx);
    assert!(
        "txt"
            .parse::<TableFormat>()
            .unwrap_err()
            .to_string()
            .contains("txt")
    );
}

#[test]
fn widths_follow_the_weights_and_fill_the_total() {
    let columns = [
        Column::new("a", 1),
        Column::new("b", 2),
        Column::new("c", 0),
    ];
    assert_eq!(widths(&columns, 1000), vec![250, 500, 250]);
    assert_eq!(widths(&columns, 10).iter().sum::<u32>(), 10);
}

#[test]
fn unprintable_tables_are_refused_and_tiny_ones_print() {
    assert!(matches!(
        render_table(&Table::default(), TableFormat::Docx),
        Err(TableError::NoColumns)
    ));
    let mut table = Table {
        columns: vec![Column::new("唯一", 1)],
        rows: vec![vec![Cell::plain("甲"), Cell::plain("乙")]],
        ..Table::default()
    };
    let err = render_table(&table, TableFormat::Csv).unwrap_err();
    assert!(
        matches!(
            err,
            TableError::RowTooLong {
                row: 1,
                cells: 2,
                columns: 1
            }
        ),
        "{err}"
    );
    table.rows = vec![Vec::new(), vec![Cell::default()]];
    for format in TableFormat::ALL {
        let bytes = render_table(&table, format).unwrap();
        assert!(!bytes.is_empty(), "{format:?}");
    }
    let bytes = render_table(&table, TableFormat::Docx).unwrap();
    crate::core::export::docx::tests::assert_well_formed(&bytes);
}
