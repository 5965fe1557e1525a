//! Properties that hold for every input, whatever its bytes: shared by the proptest suite
//! (`tests/properties.rs`, run by `cargo test`) and the cargo-fuzz targets (`fuzz/`), which
//! include this file. Each function panics when a property is broken.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::io::Read;
use std::path::Path;

use plandraft::core::diff::{self, report};
use plandraft::core::document::Document;
use plandraft::core::export::{self, Encoding, Format, Options};
use plandraft::core::import::{import_bytes, import_text};
use plandraft::core::numbering::Numbers;
use plandraft::core::open;
use plandraft::core::storage::{self, PlanFile};

const TXT: &str = "input.txt";
const RON: &str = "input.ron";

/// The document in `bytes`: a plandraft file when it reads as one, else imported text.
pub fn document(bytes: &[u8]) -> Option<Document> {
    if open::is_plandraft_file(Path::new(TXT), bytes) {
        storage::from_ron_bytes(bytes, Path::new(RON))
            .ok()
            .map(|p| p.document)
    } else {
        import_bytes(bytes, Path::new(TXT)).ok().map(|i| i.document)
    }
}

/// Import: any bytes give a document or a clean error; the document is valid, saves and
/// loads back unchanged, and exporting it as text and importing that again changes
/// nothing (import removes debris only, and reads its own output as it was meant).
pub fn import(bytes: &[u8]) {
    let Ok(imported) = import_bytes(bytes, Path::new(TXT)) else {
        return;
    };
    let doc = imported.document;
    doc.validate().expect("an imported document is valid");
    save_round_trip(&PlanFile::new(doc.clone()));
    let exported = export::to_text(&doc);
    let again = import_text(&exported);
    // Printed text whose paragraphs all stop short of a sentence's end at about one width
    // looks like text copied out of a PDF, hard-wrapped; the import then joins lines and
    // says so in its report. (Real paragraphs end in 。; only made-up text is read so.)
    if again.report.debris.joined_lines > 0 {
        return;
    }
    let again = again.document;
    assert_eq!(
        export::outline(&again),
        export::outline(&doc),
        "the outline survives export and import of:\n{exported}"
    );
    assert_eq!(export::to_text(&again), exported, "the text survives");
}

/// Saving a file and loading it gives it back.
fn save_round_trip(plan: &PlanFile) {
    let path = Path::new(RON);
    let text = storage::to_ron_string(plan, path).expect("a valid document can be written");
    let back = storage::from_ron_str(&text, path).expect("what was written loads");
    assert_eq!(&back, plan, "a saved file loads back the same");
}

/// Loading: any bytes give a file or a clean error; a file that loads saves and loads
/// back unchanged.
pub fn load(bytes: &[u8]) {
    if let Ok(plan) = storage::from_ron_bytes(bytes, Path::new(RON)) {
        save_round_trip(&plan);
    }
}

/// Comparison: any two documents compare without panicking; a document compared with
/// itself shows no change; the totals are the sums of the changes; every report renders,
/// the HTML one well-formed.
pub fn compare(old: &[u8], new: &[u8]) {
    let (Some(a), Some(b)) = (document(old), document(new)) else {
        return;
    };
    for is_same_lineage in [false, true] {
        let same = diff::diff(&a, &a, is_same_lineage);
        assert_eq!(
            same.changed_sections().count(),
            0,
            "a document equals itself"
        );
        assert!(!same.is_front_changed());
        assert_eq!((same.inserted, same.deleted), (0, 0));
        let d = diff::diff(&a, &b, is_same_lineage);
        let inserted: usize = d.sections.iter().map(|s| s.inserted).sum();
        let deleted: usize = d.sections.iter().map(|s| s.deleted).sum();
        assert!(inserted <= d.inserted && deleted <= d.deleted, "totals");
        report::stat(&d);
        report::report(&d, true, true);
        html_is_safe(&report::to_html(&d, "a", "b"));
    }
}

/// Export: every format renders any document; each DOCX part is deflated, well-formed
/// XML; the HTML page has no tag but its own; the text has no control characters but the tabs it was given and line feeds.
pub fn exports(bytes: &[u8]) {
    let Some(doc) = document(bytes) else {
        return;
    };
    for format in Format::ALL {
        let options = Options {
            format,
            ..Options::default()
        };
        let out = export::render(&doc, &options).expect("every document exports");
        match format {
            Format::Docx => docx_is_well_formed(&out),
            Format::Pdf => assert!(out.starts_with(b"%PDF-") && out.ends_with(b"%%EOF")),
            Format::Html => html_is_safe(&String::from_utf8(out).expect("HTML is UTF-8")),
            Format::Text => {
                let text = String::from_utf8(out).expect("text is UTF-8");
                assert!(
                    !text.contains(|c: char| c.is_control() && !matches!(c, '\n' | '\t')),
                    "no control characters but tabs and line feeds in text: {text:?}"
                );
            }
        }
    }
    let gb = Options {
        encoding: Encoding::Gb18030,
        is_crlf: true,
        is_indented: true,
        ..Options::default()
    };
    export::render(&doc, &gb).expect("GB18030 text exports");
    export::page::pages(&doc, &Numbers::of(&doc));
}

/// Every part of a DOCX package is deflated and parses as XML.
pub fn docx_is_well_formed(bytes: &[u8]) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    assert!(archive.len() >= 5, "a package of parts");
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("a part");
        assert_eq!(
            part.compression(),
            zip::CompressionMethod::Deflated,
            "{} is deflated",
            part.name()
        );
        let name = part.name().to_owned();
        let mut text = String::new();
        part.read_to_string(&mut text).expect("a UTF-8 part");
        if let Err(e) = roxmltree::Document::parse(&text) {
            panic!("{name} is not well-formed XML ({e}):\n{text}");
        }
    }
}

/// The tags plandraft's HTML pages use; text can add none.
const OWN_TAGS: [&str; 21] = [
    "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "h5",
    "p", "span", "del", "ins", "table", "tr", "th", "td", "br",
];

/// The page holds no tag that came from the text, and no control characters.
pub fn html_is_safe(html: &str) {
    assert!(
        !html.contains(|c: char| c.is_control() && !matches!(c, '\n' | '\t')),
        "no control characters in HTML"
    );
    for (at, _) in html.match_indices('<') {
        let rest = &html[at + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            OWN_TAGS.contains(&name.as_str()),
            "a tag <{name} came from the text: {}",
            html[at..].chars().take(40).collect::<String>()
        );
    }
}
