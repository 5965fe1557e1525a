//! The command line, run as a user runs it: the real binary in a temporary folder.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod properties;
mod util;

use util::{Dir, SAMPLE_RON, SAMPLE_TXT};

#[test]
fn import_writes_a_ron_file_and_prints_the_report() {
    let dir = Dir::new();
    let input = dir.write("plan.txt", std::fs::read(SAMPLE_TXT).unwrap());
    let out = dir.run(&["import", input.to_str().unwrap()]);
    assert_eq!(out.status, 0, "{out:?}");
    assert!(out.stdout.contains("stage: 征求意见稿"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("sections: 17 (level 1: 7, level 2: 10)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("15 bookmarks"), "{}", out.stdout);
    assert!(dir.path("plan.ron").exists());
    // A second import does not silently replace the first.
    let again = dir.run(&["import", "plan.txt"]);
    again.assert_clean_error();
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    let forced = dir.run(&["import", "plan.txt", "--force"]);
    assert_eq!(forced.status, 0, "{forced:?}");
    assert!(dir.path("plan.ron.bak").exists());
    let named = dir.run(&["import", "plan.txt", "-o", "other.ron"]);
    assert_eq!(named.status, 0, "{named:?}");
    assert!(dir.path("other.ron").exists());
}

#[test]
fn outline_of_ron_and_text_agree() {
    let dir = Dir::new();
    let from_ron = dir.run(&["outline", SAMPLE_RON]);
    let from_txt = dir.run(&["outline", SAMPLE_TXT]);
    assert_eq!(from_ron.status, 0, "{from_ron:?}");
    assert_eq!(from_ron.stdout, from_txt.stdout);
    assert!(from_ron.stdout.contains(
        "六、十大重点任务\n  （一）把握高质量发展首要任务，服务支撑长春现代化都市圈建设\n"
    ));
}

#[test]
fn export_to_stdout_and_to_a_file() {
    let dir = Dir::new();
    let out = dir.run(&["export", SAMPLE_RON]);
    assert_eq!(out.status, 0, "{out:?}");
    assert!(out.stdout.starts_with(
        "长春市绿园区国民经济和社会发展\n第十五个五年规划纲要框架\n（征求意见稿）\n\n本纲要"
    ));
    let to_file = dir.run(&["export", SAMPLE_TXT, "-o", "clean.txt"]);
    assert_eq!(to_file.status, 0, "{to_file:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path("clean.txt")).unwrap(),
        out.stdout
    );
}

#[test]
fn stats_lists_top_level_sections_and_total() {
    let dir = Dir::new();
    let out = dir.run(&["stats", SAMPLE_RON]);
    assert_eq!(out.status, 0, "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    // Header, title block, seven sections, total, printed pages.
    assert_eq!(lines.len(), 11, "{}", out.stdout);
    assert!(lines[10].starts_with("printed: 9 pages"), "{}", lines[10]);
    assert!(lines[7].ends_with("六、十大重点任务"), "{}", lines[7]);
    assert!(
        lines[7].split_whitespace().nth(3) == Some("10"),
        "{}",
        lines[7]
    );
    assert!(lines[9].ends_with("total"));
    let total: usize = lines[9].split_whitespace().next().unwrap().parse().unwrap();
    let sum: usize = lines[1..9]
        .iter()
        .map(|l| {
            l.split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(total, sum);
}

#[test]
fn check_accepts_good_files() {
    let dir = Dir::new();
    let out = dir.run(&["check", SAMPLE_RON]);
    assert_eq!(out.status, 0, "{out:?}");
    assert!(out.stdout.starts_with("ok: 17 sections"), "{}", out.stdout);
}

#[test]
fn bad_files_give_clean_errors_naming_the_file_and_place() {
    let dir = Dir::new();
    let good = std::fs::read_to_string(SAMPLE_RON).unwrap();

    let truncated = dir.write("truncated.ron", &good.as_bytes()[..good.len() / 3]);
    let out = dir.run(&["check", truncated.to_str().unwrap()]);
    out.assert_clean_error();
    assert!(out.stderr.contains("truncated.ron"), "{}", out.stderr);
    assert!(out.stderr.contains("line "), "{}", out.stderr);

    dir.write("newer.ron", good.replace("version: 2,", "version: 9,"));
    let out = dir.run(&["outline", "newer.ron"]);
    out.assert_clean_error();
    assert!(out.stderr.contains("newer plandraft"), "{}", out.stderr);

    dir.write("plan.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let out = dir.run(&["import", "plan.txt"]);
    out.assert_clean_error();
    assert!(out.stderr.contains("PNG"), "{}", out.stderr);
    assert!(
        !dir.path("plan.ron").exists(),
        "no output file for binary input"
    );

    let mut deep = String::from("(format: \"plandraft\", version: 1, document: (sections: [");
    deep += &"(children: [".repeat(500);
    dir.write("deep.ron", deep);
    dir.run(&["stats", "deep.ron"]).assert_clean_error();

    let out = dir.run(&["check", "missing.ron"]);
    out.assert_clean_error();
    assert!(out.stderr.contains("missing.ron"), "{}", out.stderr);
}

#[test]
fn usage_errors_exit_with_two() {
    let dir = Dir::new();
    assert_eq!(dir.run(&["outline"]).status, 2);
    assert_eq!(dir.run(&["frobnicate", "x"]).status, 2);
}

#[test]
fn a_failed_export_leaves_no_partial_file() {
    let dir = Dir::new();
    let out = dir.run(&["export", SAMPLE_RON, "-o", "no/such/folder/out.txt"]);
    out.assert_clean_error();
    assert!(
        out.stderr
            .contains("the folder does not exist: no/such/folder"),
        "{}",
        out.stderr
    );
    assert!(util::names(&dir.path(".")).is_empty());
}

#[test]
fn huge_files_are_refused_before_reading() {
    let dir = Dir::new();
    for (name, size) in [("huge.txt", 65u64 << 20), ("huge.ron", 257u64 << 20)] {
        // Sparse files: the size is real, the disk blocks are not.
        let file = std::fs::File::create(dir.path(name)).unwrap();
        file.set_len(size).unwrap();
        let out = dir.run(&["check", name]);
        out.assert_clean_error();
        assert!(out.stderr.contains("too large"), "{}", out.stderr);
        assert!(out.stderr.contains(name), "{}", out.stderr);
    }
}

#[test]
fn export_formats_sections_and_encodings() {
    let dir = Dir::new();
    let out = dir.run(&["export", SAMPLE_RON, "--format", "html", "-o", "plan.html"]);
    assert_eq!(out.status, 0, "{out:?}");
    let html = std::fs::read_to_string(dir.path("plan.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("size: A4") && html.contains("一、发展形势"));

    let out = dir.run(&["export", SAMPLE_RON, "--sections", "六,七", "--indent"]);
    assert_eq!(out.status, 0, "{out:?}");
    assert!(
        out.stdout.contains("\n六、十大重点任务\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("一、发展形势"));
    assert!(
        out.stdout
            .contains("\n\u{3000}\u{3000}锚定长春现代化都市圈建设")
    );

    let out = dir.run(&[
        "export",
        SAMPLE_RON,
        "--encoding",
        "gb18030",
        "--crlf",
        "-o",
        "gbk.txt",
    ]);
    assert_eq!(out.status, 0, "{out:?}");
    let bytes = std::fs::read(dir.path("gbk.txt")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    let (text, _, had_errors) = encoding_rs::GB18030.decode(&bytes);
    assert!(!had_errors);
    assert!(text.starts_with("长春市绿园区国民经济和社会发展\r\n"));
    // What was exported imports back to the same outline.
    let back = dir.run(&["outline", "gbk.txt"]);
    assert_eq!(back.stdout, dir.run(&["outline", SAMPLE_RON]).stdout);

    let bad = dir.run(&["export", SAMPLE_RON, "--sections", "九"]);
    bad.assert_clean_error();
    assert!(bad.stderr.contains("九"), "{}", bad.stderr);
}

#[test]
fn a_comparison_exports_as_an_html_report() {
    let dir = Dir::new();
    let text = std::fs::read_to_string(SAMPLE_TXT).unwrap();
    dir.write("a.txt", &text);
    dir.write("b.txt", text.replacen("关键时期", "重要时期", 1));
    let out = dir.run(&["diff", "a.txt", "b.txt", "--format", "html"]);
    assert_eq!(out.status, 0, "{out:?}");
    assert!(
        out.stdout.contains("<del>关键</del><ins>重要</ins>"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("a.txt → b.txt"));
}

/// Checks a PDF as a clerk would read it: every character of `doc` on the pages in order
/// (none dropped where a line ends; page numbers aside), and no line starting with a
/// closing mark. Returns the printed lines, page numbers left out.
fn assert_prints_whole(pdf: &[u8], doc: &plandraft::core::document::Document) -> Vec<String> {
    let printed = pdf_extract::extract_text_from_mem(pdf).unwrap();
    let lines: Vec<&str> = printed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let is_page_number = |l: &str| {
        l.trim_matches(|c: char| c == '—' || c.is_whitespace())
            .chars()
            .all(|c| c.is_ascii_digit())
    };
    let starts: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with(|c: char| "，。、；：？！）》」』】”’".contains(c)))
        .collect();
    assert!(
        starts.is_empty(),
        "lines start with a closing mark: {starts:?}"
    );
    let squeeze = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .collect()
    };
    let body: Vec<String> = lines
        .iter()
        .filter(|l| !is_page_number(l))
        .map(|l| (*l).to_owned())
        .collect();
    let on_pages = squeeze(&body.concat());
    let text = squeeze(&plandraft::core::export::to_text(doc));
    if on_pages != text {
        let at = on_pages
            .chars()
            .zip(text.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let near = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(10))
                .take(24)
                .collect::<String>()
        };
        panic!(
            "the printed text differs from the document at character {at}: {:?} printed, {:?} written",
            near(&on_pages),
            near(&text)
        );
    }
    body
}

/// Exports `plan` as DOCX, has LibreOffice print it to PDF and checks the pages as a clerk
/// would: as many as the print preview has, every character of the document there in
/// order (none dropped where a line ends), and no line starting with a closing mark.
fn docx_prints_whole_through_libreoffice(dir: &Dir, plan: &str) {
    let out = dir.run(&[
        "export",
        plan,
        "--format",
        "docx",
        "-o",
        "plan.docx",
        "--force",
    ]);
    assert_eq!(out.status, 0, "{out:?}");
    let bytes = std::fs::read(dir.path("plan.docx")).unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip package");
    properties::docx_is_well_formed(&bytes);
    let Some(office) = util::office() else {
        eprintln!("skipped the PDF conversion: LibreOffice is not installed");
        return;
    };
    let _ = std::fs::remove_file(dir.path("plan.pdf"));
    // A profile of its own, so a LibreOffice the user has open does not take the job.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path("office").display()
    );
    let converted = std::process::Command::new(office)
        .arg(profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path("."))
        .arg(dir.path("plan.docx"))
        .output()
        .unwrap();
    assert!(converted.status.success(), "{converted:?}");
    let pdf = std::fs::read(dir.path("plan.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "{} bytes", pdf.len());
    // LibreOffice writes one uncompressed /Type/Page dictionary per page.
    let pages = pdf
        .windows(11)
        .filter(|w| w.starts_with(b"/Type/Page") && w[10] != b's')
        .count();
    let doc = plandraft::core::open::open(&dir.path(plan))
        .unwrap()
        .document;
    let numbers = plandraft::core::numbering::Numbers::of(&doc);
    let expected = plandraft::core::export::page::pages(&doc, &numbers).len();
    assert_eq!(pages, expected, "the preview's page count is LibreOffice's");

    assert_prints_whole(&pdf, &doc);
}

#[test]
fn docx_prints_whole_through_libreoffice_at_district_and_national_size() {
    let dir = Dir::new();
    std::fs::copy(SAMPLE_RON, dir.path("sample.ron")).unwrap();
    docx_prints_whole_through_libreoffice(&dir, "sample.ron");
    // A national-size plan: the sample's text fifteen times over (about 60,000 字).
    let text = std::fs::read_to_string(SAMPLE_TXT).unwrap().repeat(15);
    std::fs::write(dir.path("national.txt"), text).unwrap();
    docx_prints_whole_through_libreoffice(&dir, "national.txt");
}

/// The pages of a PDF, and whether every font in it is embedded.
fn pdf_pages_and_embedding(pdf: &[u8]) -> (usize, bool) {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages = doc.get_pages().len();
    let mut descriptors = 0;
    let mut embedded = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else {
            continue;
        };
        if dict.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(b"FontDescriptor") {
            descriptors += 1;
            if [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| dict.has(k))
            {
                embedded += 1;
            }
        }
    }
    (pages, descriptors > 0 && descriptors == embedded)
}

/// Exports `plan` as PDF and checks it: the pages `stats` counts, every font embedded,
/// every character printed in order. Returns the printed lines.
fn pdf_prints_whole(dir: &Dir, plan: &str) -> Vec<String> {
    let out = dir.run(&[
        "export", plan, "--format", "pdf", "-o", "plan.pdf", "--force",
    ]);
    assert_eq!(out.status, 0, "{out:?}");
    let pdf = std::fs::read(dir.path("plan.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let (pages, is_embedded) = pdf_pages_and_embedding(&pdf);
    let stats = dir.run(&["stats", plan]);
    assert!(
        stats.stdout.contains(&format!("printed: {pages} pages")),
        "{pages} pages in the PDF; stats says {}",
        stats.stdout
    );
    assert!(is_embedded, "every font is embedded");
    let doc = plandraft::core::open::open(&dir.path(plan))
        .unwrap()
        .document;
    assert_prints_whole(&pdf, &doc)
}

#[test]
fn pdf_prints_every_character_on_the_previewed_pages() {
    let dir = Dir::new();
    std::fs::copy(SAMPLE_RON, dir.path("sample.ron")).unwrap();
    let lines = pdf_prints_whole(&dir, "sample.ron");
    // The layout, line by line: each line's first characters.
    let starts: Vec<String> = lines.iter().map(|l| l.chars().take(8).collect()).collect();
    insta::assert_snapshot!("pdf_line_starts", starts.join("\n"));
    let text = std::fs::read_to_string(SAMPLE_TXT).unwrap().repeat(15);
    std::fs::write(dir.path("national.txt"), text).unwrap();
    pdf_prints_whole(&dir, "national.txt");
}

#[test]
fn version_names_the_build_date_and_where_preferences_live() {
    let dir = Dir::new();
    let short = dir.run(&["-V"]);
    assert_eq!(short.status, 0, "{short:?}");
    let version = env!("CARGO_PKG_VERSION");
    // plandraft 0.1.0 (2026-12-02)
    let line = short.stdout.trim();
    let date = line
        .strip_prefix(&format!("plandraft {version} ("))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{line}"));
    let parts: Vec<&str> = date.split('-').collect();
    assert!(
        parts.len() == 3 && parts[0].len() == 4 && parts.iter().all(|p| p.parse::<u32>().is_ok()),
        "{date}"
    );
    let long = dir.run(&["--version"]);
    assert_eq!(long.status, 0, "{long:?}");
    assert!(
        long.stdout.contains(&format!("built {date}")),
        "{}",
        long.stdout
    );
    let preferences = long
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("preferences: "))
        .unwrap_or_else(|| panic!("{}", long.stdout));
    if cfg!(feature = "gui") {
        assert!(preferences.ends_with("plandraft"), "{preferences}");
    } else {
        assert!(preferences.contains("no desktop app"), "{preferences}");
    }
}
