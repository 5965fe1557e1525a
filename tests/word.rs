//! Opening Word `.docx` files: documents the tests write themselves (heading styles with
//! Word's own numbering, manual numbers, a table of contents field, tracked changes,
//! comments, notes, tables and text boxes), plandraft's own DOCX export, and a file made
//! by LibreOffice from text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod util;

use std::io::Write;
use std::path::Path;

use plandraft::core::document::{Document, Section};
use plandraft::core::export;
use plandraft::core::import::{self, ImportWarning, docx::WordStats};
use plandraft::core::numbering::Numbers;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A `.docx` package holding `document.xml` with `body`, and the other parts given.
fn package(body: &str, parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut all = vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}<w:sectPr/></w:body></w:document>"#
            ),
        ),
    ];
    all.extend(parts.iter().map(|(n, x)| (*n, x.clone())));
    for (name, xml) in all {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(xml.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

fn part(root: &str, inner: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:{root} xmlns:w="{W}">{inner}</w:{root}>"#)
}

/// A paragraph of one run.
fn p(style: Option<&str>, text: &str) -> String {
    let style = style
        .map(|s| format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#))
        .unwrap_or_default();
    format!(r#"<w:p>{style}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A paragraph numbered by Word: list `num`, level `level`.
fn numbered(style: &str, num: u32, level: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn styles() -> String {
    part(
        "styles",
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style>"#,
    )
}

fn numbering() -> String {
    part(
        "numbering",
        r#"<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%2节"/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>"#,
    )
}

/// A national-plan-like document: heading styles numbered by Word (第一章, 第一节), a
/// table of contents field, a reference list Word numbers (1、 …) under a 节, a tracked
/// insertion and deletion, a comment on a passage, a footnote, a table, a 专栏 box as a
/// one-cell table, and a text box.
fn styled_plan() -> Vec<u8> {
    let toc = format!(
        r#"{}<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>第一章 发展基础</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>第二章 主要任务</w:t></w:r><w:r><w:tab/><w:t>3</w:t></w:r></w:p><w:p><w:r><w:t>第三章 保障措施</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        p(None, "目　录")
    );
    let body = [
        p(Some("Title"), "某市国民经济和社会发展"),
        p(Some("Title"), "第十五个五年规划纲要"),
        toc,
        numbered("1", 1, 0, "发展基础"),
        numbered("2", 1, 1, "发展成就"),
        r#"<w:p><w:r><w:t xml:space="preserve">全市经济总量</w:t></w:r><w:ins w:id="9" w:author="张三"><w:r><w:t>稳步</w:t></w:r></w:ins><w:del w:id="10" w:author="张三"><w:r><w:delText>快速</w:delText></w:r></w:del><w:r><w:t>迈上新台阶</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t>。</w:t></w:r></w:p>"#.to_owned(),
        numbered("2", 1, 1, "参考文献"),
        numbered("ListParagraph", 2, 0, "《中华人民共和国城乡规划法》"),
        numbered("ListParagraph", 2, 0, "《国家新型城镇化规划》"),
        numbered("1", 1, 0, "主要任务"),
        r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>建设现代化产业体系</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:t>，推动高质量发展。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>图1 产业布局示意</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>图1 产业布局示意</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#.to_owned(),
        format!(
            r#"<w:tbl><w:tr><w:tc>{}{}{}</w:tc></w:tr></w:tbl>"#,
            p(None, "专栏1　重大工程"),
            p(None, "1. 轨道交通三号线"),
            p(None, "2. 城市更新示范区")
        ),
        format!(
            r#"<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>"#,
            p(None, "指标"),
            p(None, "2030年"),
            p(None, "一、地区生产总值"),
            p(None, "2万亿元")
        ),
        numbered("1", 1, 0, "保障措施"),
        numbered("2", 1, 1, "加强组织领导"),
        p(None, "各级党委和政府要把规划实施摆上重要位置。"),
        numbered("4", 4, 0, "一条不编号的要点"),
    ]
    .concat();
    package(
        &body,
        &[
            ("word/styles.xml", styles()),
            ("word/numbering.xml", numbering()),
            (
                "word/comments.xml",
                part(
                    "comments",
                    r#"<w:comment w:id="0" w:author="李四" w:date="2026-03-01T09:00:00Z"><w:p><w:r><w:t>建议写明产业名称。</w:t></w:r></w:p></w:comment>"#,
                ),
            ),
            (
                "word/footnotes.xml",
                part(
                    "footnotes",
                    r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>数据来源：市统计局。</w:t></w:r></w:p></w:footnote>"#,
                ),
            ),
        ],
    )
}

fn open(bytes: &[u8]) -> import::Imported {
    import::import_bytes(bytes, Path::new("test.docx")).expect("the .docx opens")
}

/// The outline as lines: the number plandraft gives and the heading, indented by depth.
fn outline(doc: &Document) -> Vec<String> {
    let numbers = Numbers::of(doc);
    let mut out = Vec::new();
    doc.walk(|s: &Section, depth| {
        let label = numbers.get(s.id).map(|n| n.label()).unwrap_or_default();
        out.push(format!("{}{label} {}", "  ".repeat(depth), s.heading));
    });
    out
}

fn paragraphs(s: &Section) -> Vec<&str> {
    s.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn heading_styles_and_words_own_numbers_give_the_outline() {
    let imported = open(&styled_plan());
    let doc = &imported.document;
    assert_eq!(
        doc.title,
        ["某市国民经济和社会发展", "第十五个五年规划纲要"]
    );
    assert_eq!(
        outline(doc),
        [
            "第一章 发展基础",
            "  第一节 发展成就",
            "  第二节 参考文献",
            "第二章 主要任务",
            "第三章 保障措施",
            "  第一节 加强组织领导",
        ]
    );
    // The table of contents is left out; nothing of it reaches the text.
    assert!(doc.preamble.is_empty(), "{:?}", doc.preamble);
    let chapter1 = &doc.sections[0];
    // A tracked insertion is kept and a deletion left out; the footnote's reference is
    // not glued into the text.
    assert_eq!(
        paragraphs(&chapter1.children[0]),
        ["全市经济总量稳步迈上新台阶。"]
    );
    // A list Word numbers under a 节 is the 节's text, numbered as Word printed it.
    assert_eq!(
        paragraphs(&chapter1.children[1]),
        [
            "1、《中华人民共和国城乡规划法》",
            "2、《国家新型城镇化规划》"
        ]
    );
    // The text box follows its paragraph; the 专栏 box's lines and the table's rows are
    // paragraphs in place, none a heading (一、地区生产总值 included).
    assert_eq!(
        paragraphs(&doc.sections[1]),
        [
            "建设现代化产业体系，推动高质量发展。",
            "图1 产业布局示意",
            "专栏1　重大工程",
            "1. 轨道交通三号线",
            "2. 城市更新示范区",
            "指标\t2030年",
            "一、地区生产总值\t2万亿元",
        ]
    );
    // A bulleted item has no number to add.
    assert_eq!(
        paragraphs(&doc.sections[2].children[0]),
        [
            "各级党委和政府要把规划实施摆上重要位置。",
            "一条不编号的要点"
        ]
    );
    let stats: WordStats = imported.report.word.expect("a Word report");
    assert_eq!(stats.insertions, 1);
    assert_eq!(stats.deletions, 1);
    assert_eq!(stats.toc_paragraphs, 4, "the 目录 line and three entries");
    assert_eq!(stats.tables, 2);
    assert_eq!(stats.text_boxes, 1);
    assert_eq!(stats.notes, 1);
    assert_eq!(stats.comments, 1);
    assert_eq!(stats.auto_numbers, 8);
    // The footnote's text is reported where it was referenced.
    assert!(imported.report.warnings.iter().any(|w| matches!(
        w,
        ImportWarning::WordNote { text, .. } if text == "数据来源：市统计局。"
    )));
    // Written numbers agree with the derived ones: nothing else to report.
    assert_eq!(
        imported.report.warnings.len(),
        1,
        "{:?}",
        imported.report.warnings
    );
}

#[test]
fn a_comment_is_kept_on_its_passage() {
    let doc = open(&styled_plan()).document;
    assert_eq!(doc.comments.len(), 1);
    let c = &doc.comments[0];
    assert_eq!(c.section, doc.sections[1].id);
    assert_eq!(c.author, "李四");
    assert_eq!(c.text, "建议写明产业名称。");
    assert_eq!(c.time, "2026-03-01T09:00:00Z");
    assert_eq!(
        c.quote.as_ref().map(|q| q.exact.as_str()),
        Some("建设现代化产业体系")
    );
}

#[test]
fn manual_numbers_without_styles_follow_the_text_rules() {
    let body = [
        p(None, "关于推进城市更新的实施意见"),
        p(None, ""),
        p(None, "为贯彻落实有关部署，提出如下意见。"),
        p(None, "一、总体要求"),
        p(None, "（一）指导思想。坚持以人民为中心。"),
        p(None, "（二）基本原则"),
        r#"<w:p><w:r><w:t>1.</w:t></w:r><w:r><w:tab/><w:t>加快老旧小区改造。</w:t></w:r></w:p>"#
            .to_owned(),
        p(None, "二、重点任务"),
    ]
    .concat();
    let imported = open(&package(&body, &[]));
    let doc = &imported.document;
    assert_eq!(doc.title, ["关于推进城市更新的实施意见"]);
    assert_eq!(
        outline(doc),
        [
            "一、 总体要求",
            "  （一） 指导思想。",
            "  （二） 基本原则",
            "    1. 加快老旧小区改造。",
            "二、 重点任务",
        ]
    );
    assert_eq!(
        paragraphs(&doc.sections[0].children[0]),
        ["坚持以人民为中心。"]
    );
    assert!(imported.report.warnings.is_empty());
    assert_eq!(imported.report.word.map(|w| w.outlined), Some(0));
}

fn sample() -> Document {
    import::import_file(Path::new("samples/lvyuan-15th-fyp-outline.txt"))
        .expect("the sample imports")
        .document
}

/// The document as printed text: what a drafter reads.
fn printed(doc: &Document) -> String {
    export::to_text(doc)
}

#[test]
fn plandrafts_own_docx_opens_as_the_document_it_was() {
    let doc = sample();
    let bytes = export::docx::to_docx(&doc, &Numbers::of(&doc)).expect("exports");
    let back = open(&bytes);
    assert_eq!(outline(&back.document), outline(&doc));
    assert_eq!(printed(&back.document), printed(&doc));
    assert!(
        back.report.word.is_some_and(|w| w.outlined > 0),
        "plandraft's headings carry outline levels"
    );
}

#[test]
fn a_docx_libreoffice_made_from_the_text_opens_with_the_texts_outline() {
    // Made with `soffice --headless --infilter="Text (encoded):UTF8,LF,,," --convert-to
    // docx samples/lvyuan-15th-fyp-outline.txt` (LibreOffice 7.4): paragraphs without
    // heading styles, so the text rules read the outline.
    let bytes = std::fs::read("tests/fixtures/word/sample-libreoffice.docx").expect("fixture");
    let word = open(&bytes);
    let doc = sample();
    assert_eq!(outline(&word.document), outline(&doc));
    assert_eq!(printed(&word.document), printed(&doc));
    assert_eq!(word.report.word.map(|w| w.outlined), Some(0));
}

#[test]
fn a_docx_saved_again_by_libreoffice_keeps_its_outline() {
    let Some(office) = util::office() else {
        eprintln!("skipped: LibreOffice is not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = sample();
    let bytes = export::docx::to_docx(&doc, &Numbers::of(&doc)).expect("exports");
    std::fs::create_dir(dir.path().join("in")).expect("dir");
    std::fs::write(dir.path().join("in/plan.docx"), bytes).expect("write");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("office").display()
    );
    let converted = std::process::Command::new(office)
        .arg(profile)
        .args([
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(dir.path().join("in/plan.docx"))
        .output()
        .expect("LibreOffice runs");
    assert!(converted.status.success(), "{converted:?}");
    let saved = std::fs::read(dir.path().join("plan.docx")).expect("LibreOffice wrote it");
    let back = open(&saved);
    assert_eq!(outline(&back.document), outline(&doc));
    assert_eq!(printed(&back.document), printed(&doc));
    assert!(back.report.word.is_some_and(|w| w.outlined > 0));
}

#[test]
fn damaged_and_foreign_zip_files_are_refused_with_the_reason() {
    let path = Path::new("x.docx");
    let not_word = {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(b"hello").expect("write");
        zip.finish().expect("zip").into_inner()
    };
    let e = import::import_bytes(&not_word, path).expect_err("not Word");
    assert!(e.to_string().contains("not a Word .docx"), "{e}");
    assert!(e.to_string().contains("x.docx"), "{e}");
    let mut truncated = styled_plan();
    truncated.truncate(truncated.len() / 2);
    let e = import::import_bytes(&truncated, path).expect_err("damaged");
    assert!(e.to_string().contains("damaged"), "{e}");
    let bad_xml = package("<w:p><w:r><w:t>未闭合</w:r></w:p>", &[]);
    let e = import::import_bytes(&bad_xml, path).expect_err("bad XML");
    assert!(e.to_string().contains("word/document.xml"), "{e}");
    let deep = package(
        &format!(
            "{}{}",
            "<w:sdt><w:sdtContent>".repeat(300),
            "</w:sdtContent></w:sdt>".repeat(300)
        ),
        &[],
    );
    let e = import::import_bytes(&deep, path).expect_err("too deep");
    assert!(e.to_string().contains("nested too deeply"), "{e}");
}
